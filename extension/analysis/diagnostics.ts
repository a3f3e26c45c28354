// Problems found in a project, located by LSP-style ranges: undefined citation keys, keys that
// match only when ignoring case, bibliography parse errors (a front matter's `references:` items
// with the manuscript), missing bibliography files.
import { basename } from 'node:path';
import type { MissingFile } from './ports.ts';
import type { SourceProblem } from '../core/types.ts';
import type { LineIndex, LineRange } from './line-index.ts';
import { unresolvedKeys } from './queries.ts';
import type { BibFileState, FileAnalysis, ProjectSnapshot } from './workspace.ts';

export type DiagnosticCode = 'unresolved-key' | 'key-case-mismatch' | 'bibliography' | 'bibliography-missing' | 'include-missing' | 'manuscript';

export interface RelatedLocation {
  file: string;
  range: LineRange;
  message: string;
}

export interface AnalysisDiagnostic {
  file: string;
  range: LineRange;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: DiagnosticCode;
  message: string;
  /** The cited key, for key diagnostics. */
  key?: string;
  /** Closest defined keys, best first, for quick fixes. */
  suggestions?: string[];
  related: RelatedLocation[];
}

const SUGGESTIONS = 3;

/** Diagnostics of one manuscript of the project. */
export function manuscriptDiagnostics(project: ProjectSnapshot, file: FileAnalysis): AnalysisDiagnostic[] {
  const out: AnalysisDiagnostic[] = [];
  const keys = [...project.bibliography.entries.values()].map((entry) => entry.key);
  const frontMatter = project.frontMatterReferences;
  const bibNames = project.bibFiles.filter((bib) => bib.exists).map((bib) => basename(bib.file));
  const inline = frontMatter && (frontMatter.file === file.file ? "this file's front matter references" : `the front matter references of ${basename(frontMatter.file)}`);
  // Bibliographies the project names that were not read: the key warnings name them rather than "no bibliography".
  const unavailable = [
    ...project.info.missingBibliographies.map((missing) => ({ name: missing.path, unreadable: false })),
    ...project.bibFiles.filter((bib) => !bib.exists).map((bib) => ({ name: basename(bib.file), unreadable: bib.unreadable === true })),
  ];
  out.push(...missingFileDiagnostics(project, file));
  for (const problem of file.problems) out.push(fromProblem(problem, 'manuscript', file.lines));
  if (frontMatter?.file === file.file) for (const problem of frontMatter.problems) out.push(fromProblem(problem, 'bibliography', file.lines));
  for (const unresolved of unresolvedKeys(project, file)) {
    const range = file.lines.rangeOf(unresolved.key.span);
    if (unresolved.caseMismatch) {
      const entry = unresolved.caseMismatch;
      const bib = project.bibFile(entry.file);
      out.push({
        file: file.file,
        range,
        severity: 'information',
        code: 'key-case-mismatch',
        key: unresolved.key.key,
        suggestions: [entry.key],
        message: `'${unresolved.key.key}' matches '${entry.key}' only when ignoring case: BibTeX accepts it, biber and pandoc do not.`,
        related: bib ? [{ file: entry.file, range: bib.lines.rangeOf(entry.keySpan), message: `'${entry.key}' is defined here` }] : [],
      });
      continue;
    }
    const suggestions = keys.length > 0 ? project.closestKeys(unresolved.key.key, keys, SUGGESTIONS) : [];
    const sources = [...(bibNames.length > 0 ? [bibNames.join(', ')] : []), ...(inline ? [inline] : [])];
    const where = sources.length > 0 ? ` in ${sources.join(' or ')}` : unavailable.length > 0 ? unavailableBibliographies(unavailable) : ' because the project declares no bibliography';
    const related: RelatedLocation[] = [];
    for (const suggestion of suggestions) {
      const found = project.lookup(suggestion);
      const bib = found && project.bibFile(found.entry.file);
      if (found && bib) related.push({ file: found.entry.file, range: bib.lines.rangeOf(found.entry.keySpan), message: `Did you mean '${found.entry.key}'?` });
    }
    if (related.length === 0) {
      for (const bib of project.bibFiles.filter((b) => b.exists)) related.push({ file: bib.file, range: bib.lines.rangeOf({ start: 0, end: 0 }), message: 'searched here' });
    }
    out.push({
      file: file.file,
      range,
      severity: 'warning',
      code: 'unresolved-key',
      key: unresolved.key.key,
      suggestions,
      message: `Citation key '${unresolved.key.key}' is not defined${where}.`,
      related,
    });
  }
  return out;
}

/** Why no bibliography defines a key when every one the project names is missing or cannot be read. */
function unavailableBibliographies(unavailable: { name: string; unreadable: boolean }[]): string {
  if (unavailable.length === 1) {
    const [only] = unavailable;
    return `: the project's bibliography ${only.name} ${only.unreadable ? 'cannot be read' : 'was not found'}`;
  }
  return `: the project's bibliographies ${unavailable.map((bib) => `${bib.name} (${bib.unreadable ? 'cannot be read' : 'not found'})`).join(', ')} are unavailable`;
}

/** The parse problems of one bibliography file. */
export function bibliographyProblems(bib: BibFileState): AnalysisDiagnostic[] {
  return bib.problems.map((problem) => fromProblem(problem, 'bibliography', bib.lines));
}

/**
 * Diagnostics of the project's bibliography files, by file (every bibliography file gets an entry, possibly
 * empty). A missing file the manuscripts name is reported where they name it (missingFileDiagnostics); one
 * that only the options name (`--bib`, sciwrite.bibliography.extraFiles) is reported at the file itself.
 */
export function bibliographyDiagnostics(project: ProjectSnapshot): Map<string, AnalysisDiagnostic[]> {
  const out = new Map<string, AnalysisDiagnostic[]>();
  for (const bib of project.bibFiles) {
    out.set(bib.file, bib.exists ? [] : [{
      file: bib.file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'warning',
      code: 'bibliography-missing',
      message: `Bibliography file ${bib.unreadable ? 'cannot be read' : 'not found'}: ${basename(bib.file)}`,
      related: [],
    }]);
  }
  for (const problem of project.bibliography.problems) {
    if (!project.bibFile(problem.file)?.exists) continue;
    const list = out.get(problem.file) ?? [];
    list.push(fromProblem(problem, 'bibliography', project.bibFile(problem.file)?.lines));
    out.set(problem.file, list);
  }
  return out;
}

/** Bibliographies and included files that a manuscript names but that do not exist (or cannot be read), in that manuscript. */
export function missingFileDiagnostics(project: ProjectSnapshot, file: FileAnalysis): AnalysisDiagnostic[] {
  const out: AnalysisDiagnostic[] = [];
  const report = (missing: MissingFile, what: 'bibliography' | 'include') => {
    if (missing.file !== file.file) return;
    const span = missing.span ?? { start: 0, end: 0 };
    out.push({
      file: file.file,
      range: file.lines.rangeOf(span),
      severity: 'warning',
      code: what === 'bibliography' ? 'bibliography-missing' : 'include-missing',
      message: `${what === 'bibliography' ? 'Bibliography' : 'Included file'} ${missing.unreadable ? 'cannot be read' : 'not found'}: ${missing.path}`,
      related: [],
    });
  };
  for (const missing of project.info.missingBibliographies) report(missing, 'bibliography');
  for (const missing of project.info.missingIncludes) report(missing, 'include');
  return out;
}

/** A problem at a point, shown from that point to the end of its line so an editor can underline it. */
function fromProblem(problem: SourceProblem, code: DiagnosticCode, lines?: LineIndex): AnalysisDiagnostic {
  const start = { line: problem.line, character: problem.column };
  let end = start;
  if (lines) {
    const lineEnd = lines.positionAt(lines.offsetAt({ line: problem.line, character: Number.MAX_SAFE_INTEGER }));
    if (lineEnd.line === problem.line && lineEnd.character > problem.column) end = lineEnd;
  }
  return { file: problem.file, range: { start, end }, severity: problem.severity, code, message: problem.message, related: [] };
}
