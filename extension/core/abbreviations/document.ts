// Abbreviations across a document: where each is defined, where it is used afterwards, and the
// abbreviation-like words that are never defined (reported as information diagnostics).
import type { ProseSegment, Span } from '../types.ts';
import { taggableMask } from '../entities/source-range.ts';
import { backMatterParagraphs } from '../prose/back-matter.ts';
import { isNameList } from '../prose/name-list.ts';
import type { SegmentRole } from '../prose/types.ts';
import { formulaHere, formulaOfType } from './chemical-formulas.ts';
import { abbreviationKey, wordsWrittenAsConditions } from './condition-context.ts';
import { citedWorkNamed } from './cited-titles.ts';
import { abbreviationByType, conditionByShape, entityTypeOf, namesProteinClass, typedAsCondition } from './entity-evidence.ts';
import { namedAsSoftware, nameByShape, namedByWhatFollows } from './name-evidence.ts';
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

/**
 * Looks like an abbreviation: two or more capitals making up most of the letters. Not one that starts
 * with a digit (a figure panel "2C", a dimension "3D", a quantity "8GB", a model number "8030A"), nor
 * one with a single capital ("V4" region, "L2" norm, "M87"), nor an identifier with a run of four
 * digits (accession "SRR5286959", grant "GM070449"). The entity pass's type may still make one of the
 * first two an abbreviation ("E2", "5FU": `abbreviationByType`).
 */
export function looksLikeAbbreviation(word: string): boolean {
  if (word.length < 2 || word.length > 10) return false;
  if (/^\p{N}/u.test(word) || /\p{N}{4}/u.test(word)) return false;
  const upper = (word.match(/\p{Lu}/gu) ?? []).length;
  const letters = (word.match(/\p{L}/gu) ?? []).length;
  if (upper < 2) return false;
  if (upper * 2 < letters) return false;
  return !ROMAN.test(word);
}

/**
 * Whether a word is a well-known abbreviation: listed, the plural of one ("mRNAs") or one behind a
 * lower-case prefix ("rRNA", "dsDNA").
 */
function wellKnown(word: string): boolean {
  const singular = word.replace(/s$/, '');
  return WELL_KNOWN.has(word) || WELL_KNOWN.has(singular) || (/^\p{Ll}{1,2}(?=\p{Lu})/u.test(word) && WELL_KNOWN.has(singular.replace(/^\p{Ll}{1,2}/u, '')));
}

/** The acronym and glossary commands whose keys name abbreviations the package defines (`\gls{camkii}`, `\acp{HRTF}`). */
const ACRONYM_USE = /\\(ac|Ac|acp|Acp|acs|acsp|acl|acf|acfp|iac|Iac|gls|Gls|GLS|glspl|Glspl|GLSpl|acrshort|Acrshort|acrshortpl|acrlong|acrfull|glsxtrshort|glsxtrlong|glsxtrfull|glstext|glsfirst)\*?(?:\[[^\]]*\])?\{([^{}]*)\}/g;

interface GlossaryUse {
  /** Source offset of the first use: there the package prints the long form. */
  at: number;
  /** As written, case kept (keys are case-sensitive where their entries are known). */
  keys: Set<string>;
  /** Printed in capitals somewhere (`\GLS{sat}` prints "SAT"). */
  capitals: boolean;
}

/**
 * The acronym and glossary entries a source uses, by lower-cased key: the short form written plainly
 * after the first use is defined.
 */
function acronymKeys(source: string): Map<string, GlossaryUse> {
  const out = new Map<string, GlossaryUse>();
  if (!source.includes('\\')) return out;
  for (const m of source.matchAll(ACRONYM_USE)) {
    for (const raw of m[2].split(',')) {
      const key = raw.trim();
      if (!key) continue;
      const use = out.get(key.toLowerCase()) ?? { at: m.index, keys: new Set<string>(), capitals: false };
      use.keys.add(key);
      if (m[1].startsWith('GLS')) use.capitals = true;
      out.set(key.toLowerCase(), use);
    }
  }
  return out;
}

/** A declared short form's printed text, when it is plain (no markup, which would need reading as LaTeX). */
const plainShort = (short: string) => (/^[\p{L}\p{N}-]+$/u.test(short) ? short : undefined);

/**
 * Whether `word` is what a glossary use prints. Where the project declares the entry, only its short
 * form is (capitalised at a sentence start, or in capitals after `\GLS`): `\gls{sat}` printing "sat" says
 * nothing of a later "SAT"; an entry declared nowhere the project can read is matched by its key.
 */
function printedBy(word: string, use: GlossaryUse, declared: ReadonlyMap<string, string>): boolean {
  return [...use.keys].some((key) => {
    const s = declared.get(key);
    return s === undefined || s === word || s.charAt(0).toUpperCase() + s.slice(1) === word || (use.capitals && s.toUpperCase() === word);
  });
}

/**
 * Where a word sits says it is no abbreviation: part of a number or version ("R9.4", "6.8GB"), of an
 * identifier joined by an underscore ("GCA_001297185"), a command-line option ("-Q7"), or the name a
 * citation right after it points to (a tool, library or data set: "BLAST~[3]", "QUADPACK[12]").
 */
function notAbbreviationHere(text: string, start: number, end: number, citationStarts: ReadonlySet<number>): boolean {
  if (/\p{N}\.$/u.test(text.slice(Math.max(0, start - 2), start)) || /^\.\p{N}/u.test(text.slice(end, end + 2))) return true;
  if (text[start - 1] === '_' || text[end] === '_') return true;
  if (text[start - 1] === '-' && (start < 2 || /[\s(`'"‘“]/u.test(text[start - 2]))) return true;
  let after = end;
  while (after < text.length && /[\s\u00a0]/u.test(text[after]) && after - end < 2) after++;
  // not the last word of a longer name ("the Schloss Lab MiSeq SOP [4]"): the citation names the whole
  // of it, and its abbreviation may be a common noun that wants its long form
  return citationStarts.has(after) && !/\p{Lu}[\p{L}\p{N}-]*\s+$/u.test(text.slice(Math.max(0, start - 40), start));
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
  /** Only uses are looked for, no undefined abbreviations (`undefined` comes back empty): votes need no more. */
  usesOnly?: boolean;
  /** The software names the file and its project show (`softwareNames`): names, not undefined abbreviations. */
  names?: ReadonlyMap<string, string>;
  /** The type the entity pass gives each word it tags on its own (`entityTypesByWord`). */
  entityTypes?: ReadonlyMap<string, string>;
  /** The acronym and glossary entries the project declares (`\newacronym{key}{short}{long}`), as LaTeX source. */
  glossary?: readonly { key: string; short: string }[];
  /** A cited key's title: a title that names the word cited right after it makes it a name (`cited-titles.ts`). */
  citedTitle?: (key: string) => string | undefined;
}

type AbbreviationSegment = Pick<ProseSegment, 'prose' | 'citations'> & { role?: SegmentRole };

export function analyzeAbbreviations(segments: readonly AbbreviationSegment[], source: string, options: AnalyzeAbbreviationsOptions = {}): DocumentAbbreviations {
  const definitions = new Map<string, DefinedAbbreviation>();
  const perSegment = options.definitionsBySegment ?? segments.map(segmentDefinitions);
  for (const list of perSegment) for (const d of list) if (!definitions.has(d.short)) definitions.set(d.short, d);
  const uses: AbbreviationUse[] = [];
  const undefinedFound = new Map<string, UndefinedAbbreviation>();
  // what one mention shows to be a name ("STAR (v2.5.3a; [12])") is one at its other mentions too
  const named = new Set<string>();
  // Acknowledgements, funding and contributions (initials, funders, grant numbers) and lists of names
  // and affiliations ("Seattle, WA 98105, USA") are not the prose whose abbreviations a reader needs spelled out
  // (found once a word needs it: uses alone never do).
  let unread: Set<number> | undefined;
  let glossary: Map<string, GlossaryUse> | undefined;
  const declared = new Map((options.glossary ?? []).flatMap((g) => {
    const short = plainShort(g.short);
    return short === undefined ? [] : [[g.key, short] as const];
  }));
  const noCitations: ReadonlySet<number> = new Set();
  // read from every segment (a condition's cue may be in one that is not searched), once one is needed
  let conditions: Set<string> | undefined;
  let conditionsByShape: Set<string> | undefined;
  const definedOrKnown = (part: string) =>
    !looksLikeAbbreviation(part) || wellKnown(part) || definitions.has(part) || definitions.has(part.replace(/s$/, '')) || definitions.has(`${part}s`) || formulaOfType(part, entityTypeOf(part, options.entityTypes));
  segments.forEach((segment, i) => {
    if (options.usesIn && !options.usesIn.has(i)) return;
    // only a defined word is a use: with uses alone, a file that defines nothing has none to look for
    if (options.usesOnly && definitions.size === 0) return;
    const text = segment.prose.text;
    let mask: Uint8Array | undefined;
    const definedHere = perSegment[i];
    let reportsUndefined: boolean | undefined;
    const citationStarts = new Set(segment.citations.map((c) => c.proseSpan.start));
    for (const m of text.matchAll(WORD)) {
      const start = m.index;
      const end = start + m[0].length;
      if (options.usesOnly && !definitions.has(m[0]) && !definitions.has(`${m[0]}s`) && !(m[0].endsWith('s') && definitions.has(m[0].slice(0, -1)))) continue;
      mask ??= taggableMask(segment, source);
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
      if (options.usesOnly) continue;
      const type = entityTypeOf(m[0], options.entityTypes);
      if (!(looksLikeAbbreviation(m[0]) || abbreviationByType(m[0], type)) || wellKnown(m[0]) || wellKnown(word)) continue;
      // "CO2", "NH4+", "Ca(OH)2": a chemist defines no formula; a gene named like one ("SF2") keeps its type
      if (formulaHere(text, start, end, type)) continue;
      // "SNPs" and a later "SNP" are one undefined abbreviation
      const key = abbreviationKey(m[0]);
      // a disease or an organism names no tool: its citation is for what is said of it ("patients with COPD
      // [1]"). The type alone is no proof: the entity pass types cited databases diseases too ("annotated
      // with OMIM [1]"), so the document must also write the word as a condition at one of its mentions.
      // Two to four capitals the pass leaves untyped or calls a chemical ("IBD", "RA") need only that writing,
      // with a cue before the word or a noun after it that only a condition takes: a cited cohort is written
      // before "subjects" too ("PPMI [2] subjects"; "RA [3] patients" is a condition).
      const condition = typedAsCondition(type)
        ? (conditions ??= wordsWrittenAsConditions(segments)).has(key)
        : conditionByShape(m[0], type) && (conditionsByShape ??= wordsWrittenAsConditions(segments, true)).has(key);
      const citations = condition ? noCitations : citationStarts;
      // a cited work whose title names the word ("Gapped BLAST and PSI-BLAST: … search programs") is its name
      if (namedByWhatFollows(text, end, citations) || (!looksLikeAbbreviation(m[0]) && namesProteinClass(text, end))) named.add(key);
      else if (options.citedTitle && citationStarts.size > 0 && citedWorkNamed(m[0], segment, end, options.citedTitle)) named.add(key);
      unread ??= backMatterParagraphs(segments);
      reportsUndefined ??= !unread.has(i) && !isNameList(text);
      if (!reportsUndefined) continue;
      // Inside a definition's long form ("NF-κB (nuclear factor ...)") it is being defined, not used.
      if (definedHere.some((x) => start >= x.longSpan.start && end <= x.longSpan.end)) continue;
      // a compound whose abbreviation is known or defined: "RNA-seq", "anti-NGO" after "(NGOs)"
      if (m[0].includes('-') && m[0].split('-').every(definedOrKnown)) continue;
      if (notAbbreviationHere(text, start, end, citations)) continue;
      glossary ??= acronymKeys(source);
      const singular = m[0].replace(/s$/, '');
      const glossaryUse = glossary.get(m[0].toLowerCase()) ?? glossary.get(singular.toLowerCase());
      if (glossaryUse !== undefined && glossaryUse.at < segment.prose.sourceStart[start] && (printedBy(m[0], glossaryUse, declared) || printedBy(singular, glossaryUse, declared))) continue;
      if (nameByShape(m[0]) || (options.names && namedAsSoftware(m[0], options.names))) continue;
      if (!undefinedFound.has(key)) undefinedFound.set(key, { text: m[0], segment: i, span: { start, end } });
    }
  });
  return { definitions, definitionsBySegment: perSegment, uses, undefined: [...undefinedFound].filter(([key]) => !named.has(key)).map(([, u]) => u) };
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
