// What the server knows while it runs: the open documents, the analysis workspace, the client.
import { dirname, sep } from 'node:path';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SciWriteSettings } from '../protocol/index.ts';
import { isBibliographyFile, manuscriptLanguage, type FileAnalysis, type ManuscriptLanguage, type ProjectSnapshot, type Workspace } from '../analysis/index.ts';
import { UriMap } from './paths.ts';
import { analysisOptionsFrom, type SettingsReader } from './settings.ts';

export interface DocumentContext {
  uri: string;
  path: string;
  settings: SciWriteSettings;
  project: ProjectSnapshot;
  /** Undefined for a bibliography file. */
  file?: FileAnalysis;
}

const LANGUAGES: Record<string, ManuscriptLanguage> = {
  latex: 'latex', tex: 'latex', 'latex-expl3': 'latex', markdown: 'markdown', rmd: 'rmd', rmarkdown: 'rmd', quarto: 'quarto', pandoc: 'markdown',
};

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly uris = new UriMap();
  latexWorkshopInstalled = false;
  /** The client shows related-work model downloads itself (ClientInfo.showsModelDownloads). */
  showsModelDownloads = false;
  /** VS Code's http.proxy, as the client last sent it (Hub downloads); undefined: HTTPS_PROXY etc. */
  proxy?: { url: string; strictSSL?: boolean };
  workspaceFolders: string[] = [];

  constructor(
    readonly connection: Connection,
    readonly workspace: Workspace,
    readonly settings: SettingsReader,
  ) {}

  /** The manuscript language of an open document (by language id, then by extension). */
  languageOf(uri: string, path: string): ManuscriptLanguage | undefined {
    const document = this.documents.get(uri);
    return (document && LANGUAGES[document.languageId]) ?? manuscriptLanguage(path);
  }

  /** Whether the path lies in one of the editor's workspace folders (where the client watches files). */
  inWorkspaceFolder(path: string): boolean {
    return this.workspaceFolders.some((folder) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep));
  }

  workspaceFolderOf(path: string): string | undefined {
    const folders = this.workspaceFolders.filter((folder) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep));
    return folders.sort((a, b) => b.length - a.length)[0] ?? (this.workspaceFolders.length === 0 ? dirname(path) : undefined);
  }

  /**
   * Everything a feature needs about a document; undefined for files SciWrite does not handle.
   * `allowStale`: hover and completion may use the previous bibliography while a changed one loads.
   */
  async context(uri: string, allowStale = false): Promise<DocumentContext | undefined> {
    const path = this.uris.toPath(uri);
    if (!path) return undefined;
    const settings = await this.settings.get(uri);
    const options = analysisOptionsFrom(settings, this.workspaceFolderOf(path), path, this.workspaceFolders);
    if (isBibliographyFile(path) && !this.languageOf(uri, path)) {
      const projects = await this.workspace.projectsUsing(path, options);
      const project = projects[0];
      return project ? { uri, path, settings, project } : undefined;
    }
    if (!this.languageOf(uri, path)) return undefined;
    const project = await this.workspace.project(path, options, allowStale);
    const file = await project.file(path);
    return file ? { uri, path, settings, project, file } : undefined;
  }

  /** True for a BibTeX file (by language id, then by extension). CSL-JSON files count only when a project reads them. */
  isBibliography(uri: string, path: string): boolean {
    const document = this.documents.get(uri);
    if (document && (document.languageId === 'bibtex' || document.languageId === 'bib')) return true;
    return !this.languageOf(uri, path) && /\.(bib|bibtex|biblatex)$/i.test(path);
  }

  /** Open documents that are bibliography files. */
  openBibliographies(): string[] {
    return this.documents.all().map((document) => document.uri).filter((uri) => {
      const path = this.uris.toPath(uri);
      return path !== undefined && this.isBibliography(uri, path);
    });
  }

  /** Open documents that are manuscripts. */
  openManuscripts(): { uri: string; path: string }[] {
    const out: { uri: string; path: string }[] = [];
    for (const document of this.documents.all()) {
      const path = this.uris.toPath(document.uri);
      if (path && this.languageOf(document.uri, path)) out.push({ uri: document.uri, path });
    }
    return out;
  }

  offsetAt(context: DocumentContext, position: { line: number; character: number }): number {
    const document = this.documents.get(context.uri);
    if (document) return document.offsetAt(position);
    const bib = context.project.bibFile(context.path);
    return (context.file?.lines ?? bib?.lines)?.offsetAt(position) ?? 0;
  }
}
