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
