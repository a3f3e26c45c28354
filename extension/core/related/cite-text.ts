// The text "Cite here" inserts: the manuscript's own most used parenthetical cite command in LaTeX
// (\citep, \parencite, \autocite, \cite, a user macro...), else the one the loaded package makes
// parenthetical (natbib author-year: \citep, biblatex: \autocite, plain BibTeX or numeric natbib: \cite);
// `[@key]` in pandoc Markdown.
import type { CitationOccurrence } from '../types.ts';
import type { ScopeLanguage } from './scope.ts';

/** What a LaTeX project says about its citations: the package that defines them and how `\cite` prints. */
export interface CiteStyle {
  package?: 'natbib' | 'biblatex';
  /** natbib in author-year mode: its bare `\cite` prints "Smith (2020)" (the project's `textualCite`). */
  textualCite?: boolean;
  /** An author-year style: biblatex's bare `\cite` prints "Smith 2020", without brackets. */
  authorYear?: boolean;
}

export function citeText(key: string, language: ScopeLanguage, citations: readonly CitationOccurrence[] = [], style: CiteStyle = {}): string {
  if (language !== 'latex') return `[@${key}]`;
  // A bare \cite is no parenthetical citation under natbib author-year, nor under a biblatex author-year style.
  const bareCiteTextual = style.textualCite === true || (style.package === 'biblatex' && style.authorYear === true);
  const counts = new Map<string, number>();
  for (const occurrence of citations) {
    if (occurrence.command === 'pandoc' || (occurrence.form !== 'parenthetical' && occurrence.form !== 'numeric')) continue;
    if (bareCiteTextual && occurrence.command === 'cite') continue;
    counts.set(occurrence.command, (counts.get(occurrence.command) ?? 0) + 1);
  }
  let command = style.package === 'biblatex' ? 'autocite' : style.package === 'natbib' && style.textualCite ? 'citep' : 'cite';
  let best = 0;
  for (const [name, count] of counts) {
    if (count > best) {
      command = name;
      best = count;
    }
  }
  return `\\${command}{${key}}`;
}

/** The text "Cite here" inserts and where, when the cursor stands inside a citation. */
export interface CiteIntoCitation {
  offset: number;
  /** Empty when the citation already holds the key. */
  text: string;
}

/**
 * With the cursor inside a citation, the key joins it instead of nesting a second citation in it:
 * `\citep{a,b}` → `\citep{a,b,new}` (the list's own separator), `[@a, p. 3]` → `[@a, p. 3; @new]`; a
 * narrative `@a [p. 3]` is followed by `[@new]`. Undefined: the cursor is not inside a citation.
 */
export function citeIntoCitation(key: string, source: string, citations: readonly CitationOccurrence[], offset: number): CiteIntoCitation | undefined {
  const around = citations.find((c) => c.span.start < offset && offset < c.span.end && c.keys.length > 0);
  if (!around) return undefined;
  if (around.keys.some((k) => k.key === key)) return { offset, text: '' };
  const last = around.keys[around.keys.length - 1];
  if (around.command !== 'pandoc') {
    const between = around.keys.length > 1 ? source.slice(around.keys[0].span.end, around.keys[1].span.start) : ',';
    return { offset: last.span.end, text: `${/^,\s+$/.test(between) ? ', ' : ','}${key}` };
  }
  const bracketed = source[around.span.start] === '[' && source[around.span.end - 1] === ']';
  return bracketed ? { offset: around.span.end - 1, text: `; @${key}` } : { offset: around.span.end, text: ` [@${key}]` };
}
