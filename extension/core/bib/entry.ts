// The display fields of a bibliography entry (title, year, venue, DOI, URL, arXiv id), derived
// from its decoded fields. Run again after crossref/xdata inheritance has filled fields in.
import type { BibEntry } from '../types.ts';

/** Fields read verbatim (no LaTeX decoding beyond escaped specials). */
export const VERBATIM_FIELDS = new Set(['url', 'doi', 'eprint', 'file', 'pdf', 'uri', 'verba', 'verbb', 'verbc', 'urlraw']);
/** Fields holding name lists. */
export const NAME_FIELDS = new Set(['author', 'editor']);

const VENUE_FIELDS = ['journaltitle', 'journal', 'booktitle', 'maintitle', 'eventtitle', 'series', 'school', 'institution', 'howpublished', 'organization', 'publisher'];

/** `https://doi.org/10.1/x`, `doi:10.1/x`, `10.1/x` → `10.1/x`. */
export function normalizeDoi(doi: string): string | undefined {
  const m = /(10\.\d{3,9}\/\S+)/.exec(doi.trim());
  return m ? m[1].replace(/[.,;]+$/, '') : undefined;
}

/** The arXiv identifier of an entry: eprint with an arXiv archive, an arxiv.org URL, or "arXiv:1234.5678" in a venue. */
export function arxivId(fields: Record<string, string>): string | undefined {
  const archive = (fields.archiveprefix ?? fields.eprinttype ?? '').toLowerCase();
  if (fields.eprint && (archive === 'arxiv' || /^\d{4}\.\d{4,5}(v\d+)?$/.test(fields.eprint))) return fields.eprint.replace(/^arxiv:/i, '');
  for (const v of [fields.url, fields.journal, fields.note, fields.howpublished, fields.doi]) {
    if (!v) continue;
    const m = /arxiv\.org\/(?:abs|pdf)\/([\w./-]+?)(?:\.pdf)?(?:$|[?#\s])/i.exec(v)
      ?? /arXiv[:\s]+(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i.exec(v)
      ?? /10\.48550\/arXiv\.(\d{4}\.\d{4,5})/i.exec(v);
    if (m) return m[1];
  }
  return undefined;
}

/** Year from `year`, else from biblatex `date` (`2020-05-01`, `2019/2020`), else from `issued`. */
export function entryYear(fields: Record<string, string>): string | undefined {
  const year = fields.year?.trim();
  if (year) return year;
  const date = fields.date ?? fields.issued ?? fields.eventdate ?? fields.origdate;
  if (date) {
    const m = /(-?\d{4})/.exec(date);
    if (m) return m[1];
  }
  return undefined;
}

/** Sets title, year, venue, doi, url and arxiv from `entry.fields`. */
export function deriveDisplayFields(entry: BibEntry): BibEntry {
  const f = entry.fields;
  const title = f.title ?? f.booktitle;
  if (title) entry.title = title;
  else delete entry.title;
  const year = entryYear(f);
  if (year) entry.year = year;
  else delete entry.year;
  let venue: string | undefined;
  for (const name of VENUE_FIELDS) {
    const v = f[name];
    if (v && !(name === 'booktitle' && v === title)) {
      venue = v;
      break;
    }
  }
  if (venue) entry.venue = venue;
  else delete entry.venue;
  const doi = f.doi ? normalizeDoi(f.doi) : undefined;
  if (doi) entry.doi = doi;
  else delete entry.doi;
  const url = f.url?.split(/\s+/)[0];
  if (url) entry.url = url;
  else delete entry.url;
  const arxiv = arxivId(f);
  if (arxiv) entry.arxiv = arxiv;
  else delete entry.arxiv;
  return entry;
}
