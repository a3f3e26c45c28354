// A citation's notes as the paper prints them: each manuscript language reads its own markup in a
// note ("see Section~\ref{sec:a}", "*see*"), then the renderer prints the text.
import type { CitationOccurrence } from '../types.ts';

/** The occurrence with every note (its own and its keys') passed through `read`. */
export function withReadNotes(occurrence: CitationOccurrence, read: (note: string) => string): CitationOccurrence {
  const note = (value: string | undefined) => (value === undefined ? undefined : read(value));
  const out: CitationOccurrence = {
    ...occurrence,
    keys: occurrence.keys.map((k) => (k.prefix === undefined && k.suffix === undefined ? k : { ...k, prefix: note(k.prefix), suffix: note(k.suffix) })),
  };
  if (occurrence.prefix !== undefined) out.prefix = read(occurrence.prefix);
  if (occurrence.suffix !== undefined) out.suffix = read(occurrence.suffix);
  return out;
}
