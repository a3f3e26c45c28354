// The text "Cite here" inserts: the manuscript's own most used parenthetical cite command in LaTeX
// (\citep, \parencite, \autocite, \cite, a user macro...), `[@key]` in pandoc Markdown.
import type { CitationOccurrence } from '../types.ts';
import type { ScopeLanguage } from './scope.ts';

export function citeText(key: string, language: ScopeLanguage, citations: readonly CitationOccurrence[] = []): string {
  if (language !== 'latex') return `[@${key}]`;
  const counts = new Map<string, number>();
  for (const occurrence of citations) {
    if (occurrence.command === 'pandoc' || (occurrence.form !== 'parenthetical' && occurrence.form !== 'numeric')) continue;
    counts.set(occurrence.command, (counts.get(occurrence.command) ?? 0) + 1);
  }
  let command = 'cite';
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
