// Custom requests: the uncited-entries report and the whole analysis of a document's project.
import type {
  AnalyzeDocumentParams, DocumentAnalysis, UncitedEntriesParams, UncitedEntriesResult, UncitedProjectReport,
} from '../../protocol/index.ts';
import { analyzeFile, authorLabel, uncitedEntries, type ProjectSnapshot } from '../../analysis/index.ts';
import type { Session } from '../session.ts';
import { analysisOptionsFrom } from '../settings.ts';

export async function uncitedReport(session: Session, params: UncitedEntriesParams): Promise<UncitedEntriesResult> {
  const uris = params.uri ? [params.uri] : session.openManuscripts().map((open) => open.uri);
  const projects: ProjectSnapshot[] = [];
  for (const uri of uris) {
    const context = await session.context(uri);
    if (!context) continue;
    const candidates = context.file ? [context.project] : await session.workspace.projectsUsing(context.path, context.project.options);
    for (const project of candidates) if (!projects.some((known) => known.root === project.root)) projects.push(project);
  }
  const reports: UncitedProjectReport[] = [];
  for (const project of projects) {
    const entries = await uncitedEntries(project);
    reports.push({
      rootUri: session.uris.toUri(project.root),
      bibliographyUris: project.bibFiles.map((bib) => session.uris.toUri(bib.file)),
      entries: entries.map((entry) => {
        const bib = project.bibFile(entry.file);
        const range = bib ? bib.lines.rangeOf(entry.keySpan) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        return {
          key: entry.key,
          title: entry.title,
          authors: authorLabel(entry) || undefined,
          year: entry.year,
          location: { uri: session.uris.toUri(entry.file), range },
        };
      }),
    });
  }
  return { projects: reports };
}

export async function analyzeDocument(session: Session, params: AnalyzeDocumentParams): Promise<DocumentAnalysis> {
  const path = session.uris.toPath(params.uri);
  if (!path) throw new Error(`not a file: ${params.uri}`);
  if (session.isBibliography(params.uri, path)) throw new Error(`${path} is a bibliography: analyze a manuscript that reads it`);
  const settings = await session.settings.get(params.uri);
  const result = await analyzeFile(session.workspace, path, { scope: params.scope, analysis: analysisOptionsFrom(settings, session.workspaceFolderOf(path)) });
  return result;
}
