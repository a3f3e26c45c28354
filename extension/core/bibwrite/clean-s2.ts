// Semantic Scholar's `citationStyles.bibtex` → metadata we can trust. The string is sometimes invalid
// (unbalanced braces, unescaped `&`, a key with spaces, no key at all): it is parsed by the project's
// own BibTeX reader, and when it does not give exactly one entry with a title its fields are ignored
// and the entry is rebuilt from the JSON metadata alone.
import { parseBibTeX } from '../bib/parse-bibtex.ts';
import type { PaperMetadata } from './metadata.ts';
import { rawEntries } from './raw-entries.ts';

export interface CleanedBibtex {
  /** Metadata with the BibTeX's venue, volume, pages... filled in where the JSON had none. */
  metadata: PaperMetadata;
  /** Whether the BibTeX was usable; when false, `problem` says why and only the JSON was used. */
  usedBibtex: boolean;
  problem?: string;
}

const TYPES: Record<string, string> = { conference: 'inproceedings', inproceedings: 'inproceedings', article: 'article', book: 'book', inbook: 'incollection', incollection: 'incollection', phdthesis: 'phdthesis', mastersthesis: 'mastersthesis', techreport: 'techreport', misc: 'misc' };

/** Repairs what S2's BibTeX gets wrong most often, before parsing: a key with spaces or none, `&` unescaped. */
function repair(bibtex: string): string {
  return bibtex
    .trim()
    .replace(/^@(\w+)\s*\{\s*,/, '@$1{s2key,')
    .replace(/^@(\w+)\s*\{([^,\n]*),/, (_, type: string, key: string) => `@${type}{${key.replace(/[^\w:.-]+/g, '') || 's2key'},`)
    .replace(/(^|[^\\])&/g, '$1\\&');
}

export function cleanS2Bibtex(bibtex: string | undefined, metadata: PaperMetadata): CleanedBibtex {
  if (!bibtex || !bibtex.trim()) return { metadata, usedBibtex: false, problem: 'no BibTeX given' };
  const text = repair(bibtex);
  const raw = rawEntries(text);
  const entries = raw.entries.filter((entry) => !['comment', 'string', 'preamble'].includes(entry.type));
  const errors = raw.errors;
  if (entries.length !== 1 || errors.length > 0) {
    return { metadata, usedBibtex: false, problem: errors[0] ?? `expected one entry, found ${entries.length}` };
  }
  const parsed = parseBibTeX('s2.bib', text).entries[0];
  if (!parsed?.fields.title) return { metadata, usedBibtex: false, problem: 'the entry has no title' };
  const f = parsed.fields;
  const out: PaperMetadata = { ...metadata };
  out.type ??= TYPES[parsed.type] ?? undefined;
  if (!out.journal && !out.booktitle) {
    if (f.journal) out.journal = f.journal;
    else if (f.booktitle) out.booktitle = f.booktitle;
  }
  out.volume ??= f.volume;
  out.number ??= f.number;
  out.pages ??= f.pages;
  out.publisher ??= f.publisher;
  out.doi ??= f.doi;
  if (!out.year && parsed.year && /^\d{4}$/.test(parsed.year)) out.year = Number(parsed.year);
  if (out.authors.length === 0 && parsed.authors.length > 0) out.authors = parsed.authors.map((a) => ({ family: [a.particle, a.family].filter(Boolean).join(' ') || a.literal || '', ...(a.given ? { given: a.given } : {}) }));
  for (const key of Object.keys(out) as (keyof PaperMetadata)[]) if (out[key] === undefined) delete out[key];
  return { metadata: out, usedBibtex: true };
}
