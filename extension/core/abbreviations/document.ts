// Abbreviations across a document: where each is defined, where it is used afterwards, and the
// abbreviation-like words that are never defined (reported as information diagnostics).
import type { ProseSegment, Span } from '../types.ts';
import { taggableMask } from '../entities/source-range.ts';
import { findDefinitions, type AbbreviationDefinition } from './schwartz-hearst.ts';

export interface DefinedAbbreviation extends AbbreviationDefinition {
  /** Index of the segment holding the definition. */
  segment: number;
}

export interface AbbreviationUse {
  short: string;
  segment: number;
  /** Prose offsets in that segment. */
  span: Span;
  definition: DefinedAbbreviation;
}

export interface UndefinedAbbreviation {
  text: string;
  segment: number;
  span: Span;
}

export interface DocumentAbbreviations {
  /** First definition of each short form, by short form. */
  definitions: Map<string, DefinedAbbreviation>;
  /** Every definition of each segment, repeated ones too (an abstract's and an introduction's "(SMRT)"). */
  definitionsBySegment: DefinedAbbreviation[][];
  /** Every later mention of a defined short form (the definition's own short form included). */
  uses: AbbreviationUse[];
  /** First mention of each abbreviation-like word that no definition covers. */
  undefined: UndefinedAbbreviation[];
}

/** Abbreviations so common in scientific writing that nobody defines them. */
const WELL_KNOWN = new Set([
  'DNA', 'RNA', 'mRNA', 'cDNA', 'ATP', 'PCR', 'HIV', 'AIDS', 'USA', 'UK', 'EU', 'US', 'ID', 'IDs', 'OK', 'AI', 'PhD', 'MSc',
  'URL', 'URLs', 'PDF', 'HTML', 'API', 'APIs', 'CPU', 'CPUs', 'GPU', 'GPUs', 'RAM', 'IEEE', 'ACM', 'ACL', 'NASA', 'WHO', 'NIH', 'NSF',
  'JSON', 'XML', 'CSV', 'SQL', 'TV', 'AM', 'PM', 'BC', 'AD', 'TeX', 'LaTeX', 'BibTeX', 'ISBN', 'DOI', 'DOIs', 'UTC', 'GMT',
]);

const ROMAN = /^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/;

/** Looks like an abbreviation: two or more capitals (or a capital and a digit) making up most of the letters. */
export function looksLikeAbbreviation(word: string): boolean {
  if (word.length < 2 || word.length > 10) return false;
  const upper = (word.match(/\p{Lu}/gu) ?? []).length;
  const letters = (word.match(/\p{L}/gu) ?? []).length;
  if (upper < 2 && !(upper >= 1 && /\p{N}/u.test(word) && letters <= 3)) return false;
  if (upper * 2 < letters) return false;
  return !ROMAN.test(word);
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** The definitions segment `i` writes. */
export function segmentDefinitions(segment: Pick<ProseSegment, 'prose'>, i: number): DefinedAbbreviation[] {
  return findDefinitions(segment.prose.text).map((d) => ({ ...d, segment: i }));
}

export interface AnalyzeAbbreviationsOptions {
  /** Each segment's definitions (`segmentDefinitions`), when the caller found them already. */
  definitionsBySegment?: DefinedAbbreviation[][];
  /**
   * Only these segments are searched for uses and undefined abbreviations (the whole file's
   * definitions still count): a huge file's few tagged paragraphs need no scan of every word.
   */
  usesIn?: ReadonlySet<number>;
}

export function analyzeAbbreviations(segments: readonly Pick<ProseSegment, 'prose' | 'citations'>[], source: string, options: AnalyzeAbbreviationsOptions = {}): DocumentAbbreviations {
  const definitions = new Map<string, DefinedAbbreviation>();
  const perSegment = options.definitionsBySegment ?? segments.map(segmentDefinitions);
  for (const list of perSegment) for (const d of list) if (!definitions.has(d.short)) definitions.set(d.short, d);
  const uses: AbbreviationUse[] = [];
  const undefinedFound = new Map<string, UndefinedAbbreviation>();
  segments.forEach((segment, i) => {
    if (options.usesIn && !options.usesIn.has(i)) return;
    const text = segment.prose.text;
    const mask = taggableMask(segment, source);
    const definedHere = perSegment[i];
    for (const m of text.matchAll(WORD)) {
      const start = m.index;
      const end = start + m[0].length;
      let ok = true;
      for (let k = start; k < end; k++) if (!mask[k]) ok = false;
      if (!ok) continue;
      let word = m[0];
      let span = { start, end };
      // plural "GRs" is a use of "GR"
      if (!definitions.has(word) && word.endsWith('s') && definitions.has(word.slice(0, -1))) {
        word = word.slice(0, -1);
        span = { start, end: end - 1 };
      }
      // and "HRTF" one of "HRTFs" when only the plural was spelled out ("head-related transfer functions (HRTFs)")
      const d = definitions.get(word) ?? definitions.get(`${word}s`);
      if (d) {
        const before = d.segment < i || (d.segment === i && d.shortSpan.start <= start);
        if (before) uses.push({ short: d.short, segment: i, span, definition: d });
        continue;
      }
      if (!looksLikeAbbreviation(m[0]) || WELL_KNOWN.has(m[0]) || WELL_KNOWN.has(word)) continue;
      // Inside a definition's long form ("NF-κB (nuclear factor ...)") it is being defined, not used.
      if (definedHere.some((x) => start >= x.longSpan.start && end <= x.longSpan.end)) continue;
      if (!undefinedFound.has(m[0])) undefinedFound.set(m[0], { text: m[0], segment: i, span: { start, end } });
    }
  });
  return { definitions, definitionsBySegment: perSegment, uses, undefined: [...undefinedFound.values()] };
}

export interface AbbreviationMention {
  /** The short form as written, without a plural "s" ("ITD" of "ITDs"). */
  short: string;
  segment: number;
  /** Prose offsets of the short form in that segment. */
  span: Span;
}

/**
 * Every mention, where prose may be tagged, of abbreviations defined elsewhere (`shorts`, lower-cased:
 * another file of the project defined them); a plural "ITDs" is a mention of "ITD".
 */
export function abbreviationMentions(segments: readonly Pick<ProseSegment, 'prose' | 'citations'>[], source: string, shorts: ReadonlySet<string>): AbbreviationMention[] {
  const out: AbbreviationMention[] = [];
  if (shorts.size === 0) return out;
  segments.forEach((segment, i) => {
    const text = segment.prose.text;
    let mask: Uint8Array | undefined;
    for (const m of text.matchAll(WORD)) {
      if (!looksLikeAbbreviation(m[0])) continue;
      const word = shorts.has(m[0].toLowerCase()) ? m[0] : m[0].endsWith('s') && shorts.has(m[0].slice(0, -1).toLowerCase()) ? m[0].slice(0, -1) : undefined;
      if (word === undefined) continue;
      // "(ITDs)" after its long form is a definition this file writes out itself
      if (text[m.index - 1] === '(' && text[m.index + m[0].length] === ')') continue;
      mask ??= taggableMask(segment, source);
      const span = { start: m.index, end: m.index + word.length };
      let taggable = true;
      for (let k = span.start; k < span.end; k++) if (!mask[k]) taggable = false;
      if (taggable) out.push({ short: word, segment: i, span });
    }
  });
  return out;
}
