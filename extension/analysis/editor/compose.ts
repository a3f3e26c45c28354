// From the tagger's per-paragraph results to the document's entities on the source: cited authors'
// names and methods that run over a verb go, a method begun inside a clause starts after it, an ion
// keeps its charge, software names are methods, methods named by a protein's head word are proteins,
// proteins named like a class of compounds ("glucocorticoid") are chemicals, spans start where the
// abbreviation definitions they hold say, abbreviations take their long form's type, a name takes the
// type most of its mentions have (in this file and the project's other files), a distinctive name is
// typed where the tagger missed it too (one only other files type as well) and as a typed name it is
// listed with, dismissed highlights go, everything lands on exact source ranges.
import { abbreviationMentions, analyzeAbbreviations, type DocumentAbbreviations } from '../../core/abbreviations/index.ts';
import { alignToDefinitions } from '../../core/entities/definition-boundaries.ts';
import { isCitedAuthorName, type CitedNames } from '../../core/entities/cited-authors.ts';
import { definedElsewhere, harmonizeTypes, typeVotes, type TypeVotes } from '../../core/entities/consistency.ts';
import { addMissedMentions, type MissedMentionOptions } from '../../core/entities/missed-mentions.ts';
import { noteTypedForms, typedOnlyElsewhere } from '../../core/entities/names-elsewhere.ts';
import { addCoordinatedMentions } from '../../core/entities/coordinated-names.ts';
import { softwareReason, SOFTWARE_TYPE } from '../../core/entities/software-names.ts';
import { proteinHeadReason, PROTEIN_TYPE } from '../../core/entities/protein-heads.ts';
import { compoundClassReason, COMPOUND_CLASS_TYPE } from '../../core/entities/compound-classes.ts';
import { clauseLead, runsOverClause, sentenceRest } from '../../core/entities/clause-spans.ts';
import { withIonCharge } from '../../core/entities/ion-charges.ts';
import { beginsSentence } from '../../core/entities/span-trims.ts';
import { namesOrganisation, plausibleSpan } from '../../core/entities/plausible.ts';
import { placeEntities } from '../../core/entities/source-range.ts';
import type { ProseEntity, SourceEntity } from '../../core/entities/types.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import { looksEnglish } from '../../core/prose/language.ts';
import { isNameList } from '../../core/prose/name-list.ts';
import type { SegmentRole } from '../../core/prose/types.ts';
import type { ProseSegment, Span } from '../../core/types.ts';

export interface DocumentEntity extends SourceEntity {
  /** Index of the segment the entity is in. */
  segment: number;
}

export type DismissedTest = (text: string, type: string) => boolean;

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export interface ComposeOptions {
  dismissed?: DismissedTest;
  abbreviations?: DocumentAbbreviations;
  /** The names of the authors the file cites (`citedAuthorNames`): a person so named is not an entity. */
  citedNames?: CitedNames;
  /** The software names the file, its project and its cited titles give, with why (`softwareNames`): their biomedical highlights are methods. */
  softwareNames?: ReadonlyMap<string, string>;
  /** The type votes of the project's other files. */
  elsewhere?: readonly TypeVotes[];
  /** Receives this file's own votes (before harmonisation, with their distinctive names' forms: `noteTypedForms`), for the project's other files. */
  onVotes?: (votes: TypeVotes) => void;
}

/** The last word of a long form, its head in English ("compressed" of "homopolymer-compressed"). */
function headWord(text: string, long: Span): Span {
  const last = /[\p{L}\p{N}]+[^\p{L}\p{N}]*$/u.exec(text.slice(long.start, long.end));
  return last ? { start: long.start + last.index, end: long.end } : long;
}

type Segments = readonly (Pick<ProseSegment, 'prose' | 'citations'> & { role?: SegmentRole })[];
type Tagged = readonly (readonly ProseEntity[] | undefined)[];

type FileNames = Pick<ComposeOptions, 'abbreviations' | 'citedNames' | 'softwareNames'>;

/**
 * A tagged entity of the prose `prose` less a clause it begins with, or none (a cited author's name, a
 * method running over a verb); software names typed as methods, protein heads as proteins, compound
 * classes as chemicals.
 */
function ruled(tagged: ProseEntity, prose: string, options: FileNames): ProseEntity | undefined {
  let e = withIonCharge(tagged, prose);
  const startsSentence = beginsSentence(prose, e.start);
  const lead = clauseLead(prose.slice(e.start, e.end), e.type, startsSentence, startsSentence ? sentenceRest(prose, e.end) : undefined);
  if (lead > 0) {
    const rest = plausibleSpan(prose, e.start + lead, e.end);
    if (!rest) return undefined;
    e = { ...e, ...rest };
  }
  const text = prose.slice(e.start, e.end);
  if ((options.citedNames && isCitedAuthorName(text, options.citedNames)) || runsOverClause(text, e.type)) return undefined;
  const because = options.softwareNames ? softwareReason(text, e.type, options.softwareNames) : undefined;
  if (because !== undefined) return { ...e, type: SOFTWARE_TYPE, typedBecause: because };
  const protein = proteinHeadReason(text, e.type);
  if (protein !== undefined) return { ...e, type: PROTEIN_TYPE, typedBecause: protein };
  const compounds = compoundClassReason(text, e.type, prose.slice(e.end, e.end + 120));
  return compounds === undefined ? e : { ...e, type: COMPOUND_CLASS_TYPE, typedBecause: compounds };
}

interface TypedEntities {
  perSegment: ProseEntity[][];
  /** The short forms this file's definitions typed. */
  typed: ReadonlySet<string>;
  /** The short forms of organisations' names ("BRAC"). */
  organisations: ReadonlySet<string>;
  abbreviations: DocumentAbbreviations;
}

/**
 * Per segment, the tagger's entities less cited authors' names, software names typed as methods,
 * each use of a defined abbreviation typed as its long form (before one type per name is settled).
 */
function typedEntities(segments: Segments, source: string, tagged: Tagged, options: FileNames): TypedEntities {
  // definitions and their uses only: the undefined abbreviations are the diagnostics' business, not the highlights'
  const abbreviations = options.abbreviations ?? analyzeAbbreviations(segments, source, { usesOnly: true });
  const perSegment: ProseEntity[][] = segments.map((s, i) => (tagged[i] ?? []).flatMap((t) => ruled(t, s.prose.text, options) ?? []));
  abbreviations.definitionsBySegment.forEach((definitions, i) => {
    if (definitions.length > 0) perSegment[i] = alignToDefinitions(perSegment[i], segments[i].prose.text, definitions);
  });
  // The type of each defined abbreviation: the entity covering most of its long form. A chemical
  // that stops short of the head word only modifies it: "acetylcholine receptor (AChR)" is a
  // protein, "homopolymer-compressed (HPC)" no chemical (Latin heads come first: "globus pallidus
  // internus (GPi)" keeps its anatomy).
  const typed = new Map<string, ProseEntity>();
  // "Bangladesh Rural Advancement Committee (BRAC)": an organisation's abbreviation is no entity either
  const organisations = new Set<string>();
  for (const d of abbreviations.definitions.values()) {
    if (namesOrganisation(segments[d.segment].prose.text.slice(d.longSpan.start, d.longSpan.end))) organisations.add(d.short);
    if (!tagged[d.segment]) continue;
    const head = headWord(segments[d.segment].prose.text, d.longSpan);
    let best: ProseEntity | undefined;
    for (const e of perSegment[d.segment]) {
      const o = overlap(e, d.longSpan);
      const modifier = e.type === 'Chemical' && overlap(e, head) === 0;
      if (o * 2 >= d.longSpan.end - d.longSpan.start && !modifier && (!best || o > overlap(best, d.longSpan))) best = e;
    }
    if (best) typed.set(d.short, best);
  }
  for (const use of abbreviations.uses) {
    if (!tagged[use.segment]) continue;
    const source = typed.get(use.short);
    if (organisations.has(use.short)) clearSpan(perSegment[use.segment], use.span);
    else if (source) replaceWith(perSegment[use.segment], { start: use.span.start, end: use.span.end, type: source.type, score: source.score, model: source.model, longForm: use.definition.long });
  }
  return { perSegment, typed: new Set(typed.keys()), organisations, abbreviations };
}

/** Drops what the tagger said about these characters (the entities mostly inside them). */
function clearSpan(list: ProseEntity[], span: Span): void {
  for (let k = list.length - 1; k >= 0; k--) if (overlap(list[k], span) > 0 && overlap(list[k], span) >= (list[k].end - list[k].start) / 2) list.splice(k, 1);
}

/** The abbreviation's type wins over whatever the tagger said about these characters. */
function replaceWith(list: ProseEntity[], use: ProseEntity): void {
  clearSpan(list, use);
  list.push(use);
}

/**
 * Every mention of an abbreviation the project's other files define, typed as their definitions
 * settled it (chapter 1's "interaural time difference (ITD)" for chapter 6's ITDs, which the tagger
 * may have missed or read as a gene), unless this file's own definition typed it.
 */
function addProjectAbbreviations(perSegment: ProseEntity[][], segments: Segments, source: string, tagged: Tagged, typedHere: ReadonlySet<string>, elsewhere: readonly TypeVotes[]): void {
  const defined = definedElsewhere(elsewhere);
  for (const short of typedHere) defined.delete(short.toLowerCase());
  for (const mention of abbreviationMentions(segments, source, new Set(defined.keys()))) {
    const settled = defined.get(mention.short.toLowerCase());
    if (!tagged[mention.segment] || !settled?.model) continue;
    replaceWith(perSegment[mention.segment], { ...mention.span, type: settled.type, score: settled.score, model: settled.model, longForm: settled.longForm });
  }
}

/** Whether the tagger read segment `i`: tagged, English, neither a name list nor back matter (`models.ts`, `scheduler.ts`). */
function readByTagger(segments: Segments, tagged: Tagged): (i: number) => boolean {
  let backMatter: Set<number> | undefined;
  return (i) => {
    if (!tagged[i]) return false;
    backMatter ??= backMatterParagraphs(segments);
    const text = segments[i].prose.text;
    return !backMatter.has(i) && looksEnglish(text) && !isNameList(text);
  };
}

/** A file's own type votes (what `onVotes` receives), without placing its entities on the source. */
export function fileTypeVotes(segments: Segments, source: string, tagged: Tagged, options: FileNames = {}): TypeVotes {
  const { perSegment } = typedEntities(segments, source, tagged, options);
  const texts = segments.map((s) => s.prose.text);
  return noteTypedForms(typeVotes(perSegment, texts), perSegment, texts);
}

/**
 * Entities of a whole document. `tagged[i]` is the tagger's output for segment i (undefined: not
 * tagged yet, the segment is left out).
 */
export function composeEntities(segments: Segments, source: string, tagged: Tagged, options: ComposeOptions = {}): DocumentEntity[] {
  const { perSegment, typed, organisations, abbreviations } = typedEntities(segments, source, tagged, options);
  const texts = segments.map((s) => s.prose.text);
  const own = noteTypedForms(typeVotes(perSegment, texts), perSegment, texts);
  options.onVotes?.(own);
  // after this file's own votes: they must not echo the other files'
  if (options.elsewhere) addProjectAbbreviations(perSegment, segments, source, tagged, typed, options.elsewhere);
  const clear = harmonizeTypes(perSegment, texts, options.elsewhere);
  const missed: MissedMentionOptions = {
    reads: readByTagger(segments, tagged),
    keep: (i, mention) => {
      const text = texts[i].slice(mention.start, mention.end);
      const kept = ruled(mention, texts[i], options);
      // a name being spelled out is no mention of it ("IL-2 receptor alpha (IL2RA)"); an abbreviation the
      // file defines is typed by its long form, or is no entity ("Matrix Special Interest Group (Matrix-SIG)")
      const inLongForm = abbreviations.definitionsBySegment[i].some((d) => mention.start < d.longSpan.end && d.longSpan.start < mention.end);
      const defined = [text, text.replace(/s$/, ''), `${text}s`].some((short) => abbreviations.definitions.has(short) || organisations.has(short));
      return kept?.start === mention.start && kept.end === mention.end && kept.type === mention.type && !inLongForm && !defined;
    },
  };
  // and a name only the project's other files type, where this file writes it bare
  addMissedMentions(perSegment, texts, clear, { ...missed, typedElsewhere: options.elsewhere && typedOnlyElsewhere(own, options.elsewhere) });
  // after the names typed where the tagger missed them: "such as SciBERT [2] and BioBERT [10]"
  addCoordinatedMentions(perSegment, texts, clear, { ...missed, citations: (i) => segments[i].citations.map((c) => c.proseSpan) });
  const out: DocumentEntity[] = [];
  perSegment.forEach((list, i) => {
    if (!tagged[i]) return;
    list.sort((a, b) => a.start - b.start);
    for (const e of placeEntities(segments[i], source, list)) {
      if (options.dismissed?.(e.prose, e.type) || (e.longForm !== undefined && options.dismissed?.(e.longForm, e.type))) continue;
      out.push({ ...e, segment: i });
    }
  });
  return out;
}
