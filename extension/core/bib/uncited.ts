// Bibliography entries the manuscript never cites. `\nocite{*}` cites everything; crossref and
// xdata parents of cited entries count as used; @xdata entries are never printed, so never reported.
import type { BibEntry, Bibliography } from '../types.ts';

export function uncitedEntries(bib: Bibliography, citedKeys: Iterable<string>): BibEntry[] {
  const cited = new Set<string>();
  for (const k of citedKeys) {
    if (k === '*') return [];
    cited.add(k.toLowerCase());
  }
  const used = new Set(cited);
  for (const lower of cited) {
    const entry = bib.entries.get(lower);
    if (!entry) continue;
    const parent = entry.fields.crossref?.trim().toLowerCase();
    if (parent) used.add(parent);
    for (const x of entry.fields.xdata?.split(',') ?? []) used.add(x.trim().toLowerCase());
  }
  const out: BibEntry[] = [];
  for (const [lower, entry] of bib.entries) {
    if (!used.has(lower) && entry.type !== 'xdata' && entry.type !== 'set') out.push(entry);
  }
  const fileOrder = new Map(bib.files.map((f, i) => [f, i]));
  return out.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.span.start - b.span.start);
}
