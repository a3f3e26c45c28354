// The LaTeX citation commands SciWrite knows, described as data: name → how the paper prints it.
// Capitalised forms (\Citet, \Textcite) and starred forms (\citep*) share their base entry.
import type { CitationForm } from '../types.ts';

export interface CitationCommandSpec {
  form: CitationForm;
  /** biblatex multicite: `\cites(pre)(post)[pre][post]{a}[pre][post]{b}`. */
  multi?: boolean;
}

const p = (form: CitationForm, multi = false): CitationCommandSpec => (multi ? { form, multi } : { form });

export const LATEX_CITATION_COMMANDS: ReadonlyMap<string, CitationCommandSpec> = new Map([
  // LaTeX / natbib
  ['cite', p('parenthetical')],
  ['citep', p('parenthetical')],
  ['citealp', p('parenthetical')],
  ['citet', p('narrative')],
  ['citealt', p('narrative')],
  ['citenum', p('numeric')],
  ['citen', p('numeric')],
  ['citeauthor', p('author-only')],
  ['citefullauthor', p('author-only')],
  ['citeyear', p('year-only')],
  ['citeyearpar', p('year-only')],
  ['citetext', p('parenthetical')],
  ['nocite', p('invisible')],
  // biblatex
  ['parencite', p('parenthetical')],
  ['autocite', p('parenthetical')],
  ['smartcite', p('parenthetical')],
  ['supercite', p('numeric')],
  ['footcite', p('parenthetical')],
  ['footcitetext', p('parenthetical')],
  ['textcite', p('narrative')],
  ['fullcite', p('full')],
  ['footfullcite', p('full')],
  ['citetitle', p('author-only')],
  ['citedate', p('year-only')],
  ['citeurl', p('full')],
  ['cites', p('parenthetical', true)],
  ['parencites', p('parenthetical', true)],
  ['autocites', p('parenthetical', true)],
  ['footcites', p('parenthetical', true)],
  ['smartcites', p('parenthetical', true)],
  ['supercites', p('numeric', true)],
  ['textcites', p('narrative', true)],
]);

/** Looks up a command as written (`Textcite`, `citep*` without the star) in the built-in table. */
export function builtinCitationCommand(name: string): CitationCommandSpec | undefined {
  const direct = LATEX_CITATION_COMMANDS.get(name);
  if (direct) return direct;
  if (/^[A-Z]/.test(name)) return LATEX_CITATION_COMMANDS.get(name[0].toLowerCase() + name.slice(1));
  return undefined;
}
