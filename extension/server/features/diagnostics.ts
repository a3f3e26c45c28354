// Publishes diagnostics for open manuscripts (undefined keys, case mismatches, missing bibliographies)
// and for the bibliographies they read (parse errors), a short delay after the last edit.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { bibliographyDiagnostics, bibliographyProblems, manuscriptDiagnostics, type AnalysisDiagnostic } from '../../analysis/index.ts';
import type { Session } from '../session.ts';
import { editorFeaturesOf } from '../editor/index.ts';

export const DIAGNOSTIC_SOURCE = 'sciwrite';

/** What a key diagnostic carries for its quick fix. */
export interface KeyDiagnosticData {
  key: string;
  suggestions: string[];
}

const SEVERITY: Record<AnalysisDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Bibliography URIs with diagnostics, by the manuscript URI whose run published them. */
  private readonly bibsByManuscript = new Map<string, Set<string>>();
  private readonly runs = new Map<string, number>();

  constructor(private readonly session: Session) {}

  /** Re-checks a manuscript after the configured delay; a newer call for the same document supersedes it. */
  schedule(uri: string, delay?: number): void {
    clearTimeout(this.timers.get(uri));
    const run = (this.runs.get(uri) ?? 0) + 1;
    this.runs.set(uri, run);
    const start = (ms: number) => {
      this.timers.set(uri, setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri, run).catch((error: unknown) => this.session.connection.console.error(`diagnostics for ${uri}: ${String(error)}`));
      }, ms));
    };
    if (delay !== undefined) start(delay);
    else this.session.settings.get(uri).then((settings) => this.runs.get(uri) === run && start(settings.diagnostics.delay), () => start(0));
  }

  /** Manuscripts whose next check also re-checks the other open files of their project. */
  private readonly peersPending = new Set<string>();

  /**
   * Re-checks a manuscript that changed (after its delay), then the open files of its project: their
   * keys, bibliography and abbreviations may depend on it (a root's \bibliography, a chapter's definition).
   */
  scheduleManuscripts(changed: string): void {
    this.peersPending.add(changed);
    this.schedule(changed);
  }

  /** Re-checks every open manuscript, and open bibliographies that no project reads. */
  scheduleAll(): void {
    for (const { uri } of this.session.openManuscripts()) this.schedule(uri);
    for (const uri of this.session.openBibliographies()) this.schedule(uri);
  }

  /**
   * A manuscript was closed: its diagnostics go away, and so do its bibliographies' unless another
   * open manuscript publishes them; an open .bib it published for is checked on its own again.
   */
  clear(uri: string): void {
    this.peersPending.delete(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.runs.delete(uri);
    void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
    const bibUris = this.bibsByManuscript.get(uri) ?? new Set<string>();
    this.bibsByManuscript.delete(uri);
    for (const bibUri of bibUris) if (!this.publishedByManuscript(bibUri)) void this.session.connection.sendDiagnostics({ uri: bibUri, diagnostics: [] });
    for (const bibUri of this.session.openBibliographies()) this.schedule(bibUri);
  }

  private publishedByManuscript(bibUri: string): boolean {
    return [...this.bibsByManuscript.values()].some((uris) => uris.has(bibUri));
  }

  /** A bibliography was closed: stop checking it on its own, and clear what only that check published. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.runs.delete(uri);
    if (!this.publishedByManuscript(uri)) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async publish(uri: string, run: number): Promise<void> {
    const document = this.session.documents.get(uri);
    const version = document?.version;
    const connection = this.session.connection;
    const path = this.session.uris.toPath(uri);
    if (path && this.session.isBibliography(uri, path)) {
      await this.publishStandaloneBibliography(uri, path, run);
      return;
    }
    const context = await this.session.context(uri);
    if (this.runs.get(uri) !== run || !context?.file) return;
    if (this.peersPending.delete(uri)) {
      const files = new Set(context.project.info.files);
      for (const peer of this.session.openManuscripts()) if (peer.uri !== uri && files.has(peer.path)) this.schedule(peer.uri);
    }
    if (!context.settings.diagnostics.enabled) {
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      for (const bibUri of this.bibsByManuscript.get(uri) ?? []) await connection.sendDiagnostics({ uri: bibUri, diagnostics: [] });
      this.bibsByManuscript.delete(uri);
      return;
    }
    const found = manuscriptDiagnostics(context.project, context.file);
    // The document changed while this ran: a newer run will publish.
    if (this.session.documents.get(uri)?.version !== version) return;
    const abbreviations = (await editorFeaturesOf(this.session)?.abbreviationDiagnostics(context)) ?? [];
    if (this.runs.get(uri) !== run || this.session.documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics: [...found.filter((d) => d.file === context.path).map((d) => this.toLsp(d)), ...abbreviations] });
    const bibUris = new Set<string>();
    for (const [file, list] of bibliographyDiagnostics(context.project)) {
      const bibUri = this.session.uris.toUri(file);
      bibUris.add(bibUri);
      await connection.sendDiagnostics({ uri: bibUri, diagnostics: list.map((d) => this.toLsp(d)) });
    }
    for (const previous of this.bibsByManuscript.get(uri) ?? []) {
      if (!bibUris.has(previous)) await connection.sendDiagnostics({ uri: previous, diagnostics: [] });
    }
    this.bibsByManuscript.set(uri, bibUris);
  }

  /** An open .bib file whose problems no open manuscript publishes: they show all the same. */
  private async publishStandaloneBibliography(uri: string, path: string, run: number): Promise<void> {
    const settings = await this.session.settings.get(uri);
    if (this.publishedByManuscript(uri)) return;
    const [bib] = await this.session.workspace.bibliographyFiles([path]);
    if (this.runs.get(uri) !== run || !bib || this.publishedByManuscript(uri)) return;
    const diagnostics = settings.diagnostics.enabled ? bibliographyProblems(bib).map((d) => this.toLsp(d)) : [];
    await this.session.connection.sendDiagnostics({ uri, diagnostics });
  }

  private toLsp(diagnostic: AnalysisDiagnostic): Diagnostic {
    const out: Diagnostic = {
      range: diagnostic.range,
      severity: SEVERITY[diagnostic.severity],
      source: DIAGNOSTIC_SOURCE,
      code: diagnostic.code,
      message: diagnostic.message,
    };
    if (diagnostic.related.length > 0) {
      out.relatedInformation = diagnostic.related.map((related) => ({
        location: { uri: this.session.uris.toUri(related.file), range: related.range },
        message: related.message,
      }));
    }
    if (diagnostic.key !== undefined) {
      const data: KeyDiagnosticData = { key: diagnostic.key, suggestions: diagnostic.suggestions ?? [] };
      out.data = data;
    }
    return out;
  }
}
