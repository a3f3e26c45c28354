// Undefined abbreviations of a manuscript, placed on the source (for information diagnostics). A
// project is one document: an abbreviation defined in an earlier file (chapter 1's "interaural time
// difference (ITD)") is defined for chapter 6; one defined only in a later file is reported as used
// before its definition.
import { basename } from 'node:path';
import { analyzeAbbreviations, findDefinitions } from '../../core/abbreviations/index.ts';
import type { LineRange } from '../line-index.ts';
import type { FileAnalysis } from '../workspace.ts';

export interface AbbreviationFinding {
  text: string;
  range: LineRange;
  message: string;
}

/** What the project's other files define: short forms of the files before this one, and of those after (with the first file that does). */
export interface DefinitionsElsewhere {
  earlier: ReadonlySet<string>;
  later: ReadonlyMap<string, string>;
}

const definedCache = new WeakMap<FileAnalysis['segments'], ReadonlySet<string>>();

/** The short forms a file defines, read once per analysis. */
export function definedShortForms(file: Pick<FileAnalysis, 'segments'>): ReadonlySet<string> {
  let found = definedCache.get(file.segments);
  if (!found) {
    found = new Set(file.segments.flatMap((s) => findDefinitions(s.prose.text).map((d) => d.short)));
    definedCache.set(file.segments, found);
  }
  return found;
}

/** What the files of a project (in document order, root first) other than `path` define. */
export function definitionsElsewhere(files: readonly Pick<FileAnalysis, 'file' | 'segments'>[], path: string): DefinitionsElsewhere {
  const at = files.findIndex((f) => f.file === path);
  const earlier = new Set<string>();
  const later = new Map<string, string>();
  files.forEach((f, i) => {
    if (i === at) return;
    for (const short of definedShortForms(f)) {
      if (at < 0 || i < at) earlier.add(short);
      else if (!later.has(short)) later.set(short, f.file);
    }
  });
  return { earlier, later };
}

/** A repository's own Markdown documents: developer prose, not a manuscript, unless they cite or carry front matter. */
const DEVELOPER_DOCUMENT = /^(readme|changelog|changes|history|news|contributing|code_of_conduct|security|support|authors|license|licence)(\.[\w-]+)?\.(md|markdown)$/i;

/**
 * Whether a file is a README, CHANGELOG or the like with no citation and no YAML front matter: its
 * abbreviations ("API", "CLI", "PR") are not a paper's, and reporting them is noise.
 */
export function readsAsDeveloperDocument(file: Pick<FileAnalysis, 'file' | 'text' | 'citations'>): boolean {
  return DEVELOPER_DOCUMENT.test(basename(file.file)) && file.citations.length === 0 && !/^\uFEFF?---\s*\r?\n/.test(file.text);
}

/** What else tells an abbreviation from a name. */
export interface AbbreviationEvidence {
  /** The type the entity pass gives each word of the file it tags on its own (`entityTypesByWord`). */
  entityTypes?: ReadonlyMap<string, string>;
  /** The acronym and glossary declarations of the project (`ProjectInfo.acronyms`). */
  acronyms?: readonly unknown[];
  /** A cited key's title: a tool's paper names the word cited right after it ("BLAST [1]"). */
  citedTitle?: (key: string) => string | undefined;
}

const isDeclaration = (value: unknown): value is { key: string; short: string } =>
  typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && typeof (value as { short?: unknown }).short === 'string';

/**
 * The abbreviations a file never defines (nor, with `elsewhere`, the project's earlier files); `names`
 * are the software names the file and its project show (`softwareNames`), which are no abbreviations.
 */
export function undefinedAbbreviations(file: Pick<FileAnalysis, 'segments' | 'text' | 'lines'>, elsewhere?: DefinitionsElsewhere, names?: ReadonlyMap<string, string>, evidence: AbbreviationEvidence = {}): AbbreviationFinding[] {
  const found = analyzeAbbreviations(file.segments, file.text, { names, entityTypes: evidence.entityTypes, glossary: evidence.acronyms?.filter(isDeclaration), citedTitle: evidence.citedTitle });
  // "HRTFs" is a use of "HRTF", and "HRTF" one of "HRTFs" when only the plural was spelled out
  const defined = (forms: ReadonlySet<string> | ReadonlyMap<string, string>, text: string) => [text, text.replace(/s$/, ''), `${text}s`].find((t) => forms.has(t));
  return found.undefined.flatMap((u) => {
    if (elsewhere && defined(elsewhere.earlier, u.text) !== undefined) return [];
    const prose = file.segments[u.segment].prose;
    const span = { start: prose.sourceStart[u.span.start], end: prose.sourceEnd[u.span.end - 1] };
    const laterForm = elsewhere ? defined(elsewhere.later, u.text) : undefined;
    const laterFile = laterForm === undefined ? undefined : elsewhere?.later.get(laterForm);
    const message = laterFile !== undefined
      ? `Abbreviation '${u.text}' is used before its definition in ${basename(laterFile)}: write its long form at its first use, followed by '(${laterForm})'.`
      : `Abbreviation '${u.text}' is not defined in this document: write its long form once, followed by '(${u.text})'.`;
    return [{ text: u.text, range: file.lines.rangeOf(span), message }];
  });
}
