// The raw entries of a .bib text and their syntax errors, from the bibliography module's scanner.
import { readBibSyntax, type BibSyntax, type RawEntry } from '../bib/syntax.ts';

export interface RawEntries {
  entries: RawEntry[];
  errors: string[];
}

export function rawEntries(text: string): RawEntries {
  return rawEntriesOf(readBibSyntax(text));
}

/** The same, from a syntax pass already made. */
export function rawEntriesOf(syntax: BibSyntax): RawEntries {
  const entries: RawEntry[] = [];
  const errors = syntax.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  for (const slot of syntax.entries as unknown[]) {
    // Without a memo every slot is parsed: `{ raw, problems }` (older versions listed RawEntry directly).
    const s = slot as { raw?: RawEntry; problems?: { severity: string; message: string }[] } & Partial<RawEntry>;
    if (s.raw) {
      entries.push(s.raw);
      for (const p of s.problems ?? []) if (p.severity === 'error') errors.push(p.message);
    } else if (typeof s.type === 'string' && Array.isArray(s.fields)) entries.push(s as RawEntry);
  }
  return { entries, errors };
}
