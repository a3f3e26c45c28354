// Names joined in one coordination are of one kind: "SciBERT [2] and BioBERT [10]" lists two methods,
// "FOXP3, GILZ and BCL-2" three proteins, "CD4/CD8" two. The tagger, which types a name by its
// context, often types the first and leaves the next bare, or guesses it below the highlights' least
// confidence. Such a distinctive name (`distinctiveName`) joined to one the tagger typed with some
// confidence, itself one distinctive name (a phrase's or a common noun's type does not pass:
// "T-cell/FOXP3"), takes that type, saying why, when every confident entity of the coordination has
// that type and the document's votes settle the name on no other. The joiners: "and", "or",
// "and/or", "&", a list's commas that one of these closes ("A, B and C", "A, B, and C"; "After SciBERT,
// BioBERT …" is none, nor the comma closing a sentence's opening phrase, "In HEK293T, FOXP3 and GILZ …"),
// a slash between names (not a path's, an address's or a dotted identifier's: "bin/minimap2",
// "github.com/lh3/minimap2"); a citation may follow each name. No joiner holds a sentence's end, ", and"
// between two names joins clauses ("… with Bowtie2, and GRCh37 served …"), and "between A and B"
// relates two names, often of two kinds; math reads as "x", no name; a name in a citation, a figure's
// label ("Figures S1 and S2") or one the caller refuses gets nothing. Added after the votes are
// counted, such a mention types no other mention of its name: one guess does not spread.
import type { ClearType } from './consistency.ts';
import { normalizeMention } from './dismissals.ts';
import { figureLabel } from './figure-labels.ts';
import { distinctiveName, wholeWord, type MissedMentionOptions } from './missed-mentions.ts';
import { plausibleSpan } from './plausible.ts';
import type { ProseEntity } from './types.ts';
import type { Span } from '../types.ts';

/** The least confidence of a name whose type its neighbours take (the highlights' default): below it a tagger's guess is as good as none. */
const MIN_SCORE = 0.5;

/** A list's comma; "and", "or", "and/or", "&"; the same after a comma (a list's last: "A, B, and C"); a slash. */
type Joiner = 'comma' | 'conjunction' | 'serial conjunction' | 'slash';

const JOINER_BEFORE = /(?:,?\s+(?:and\/or|and|or|&)\s+|,\s+|\/)$/u;
const JOINER_AFTER = /^(?:,?\s+(?:and\/or|and|or|&)\s+|,\s+|\/)/u;
const TOKEN_BEFORE = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
const TOKEN_AFTER = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/u;
/** "BioBERT-based", "anti-CD3", "CD4-positive": a modifier made of a name and a common word. */
const MODIFIER = /(?:^\p{Ll}{3,}-|-\p{Ll}{3,}$)/u;

function joinerOf(text: string): Joiner {
  if (text === '/') return 'slash';
  if (/^,\s+$/u.test(text)) return 'comma';
  return text.startsWith(',') ? 'serial conjunction' : 'conjunction';
}

/** Words that open a sentence's opening phrase, which a comma closes: "In HEK293T, …", "After treating cells with X, …". */
const OPENING_PHRASE = /^(?:In|On|At|For|After|Before|With|Without|Using|Unlike|Like|From|By|During|Across|Among|Within|Upon|Under|Through|Via|Compared|Following|Despite|Although|Though|While|Whereas|When|Once|If|Since|Because|As|Unless|Until)\s[^,;:]*$/u;

/** Whether the text from `start`'s sentence's start to it is an opening phrase, holding no comma yet. */
function inOpeningPhrase(text: string, start: number): boolean {
  const from = Math.max(0, start - 300);
  const before = text.slice(from, start);
  let sentence = from === 0 ? 0 : -1;
  for (const end of before.matchAll(/[.!?]\s+(?=\p{Lu})/gu)) sentence = end.index + end[0].length;
  return sentence >= 0 && OPENING_PHRASE.test(before.slice(sentence));
}

/** Whether a coordination of names starting at `start` follows "between" ("the correlation between IL6 and HbA1c"): two names related, not listed. */
const afterBetween = (text: string, start: number) => /\bbetween\s+(?:the\s+)?$/iu.test(text.slice(Math.max(0, start - 20), start));

interface Conjunct extends Span {
  /** The entity it is; none for a bare name. */
  entity?: ProseEntity;
}

const confident = <T extends { score: number }>(e: T | undefined): e is T => e !== undefined && e.score >= MIN_SCORE;
const nameLike = (name: string) => distinctiveName(name) && !MODIFIER.test(name);

export interface CoordinationOptions extends MissedMentionOptions {
  /** Where the citations of segment `i` sit in its prose (`SegmentCitation.proseSpan`). Default: none. */
  citations?: (segment: number) => readonly Span[];
}

/** The conjunct ending at `end`: an entity, or a bare distinctive name no entity touches. */
function conjunctEndingAt(text: string, end: number, list: readonly ProseEntity[]): Conjunct | undefined {
  const entity = list.find((e) => e.end === end);
  if (entity) return { start: entity.start, end, entity };
  const word = TOKEN_BEFORE.exec(text.slice(Math.max(0, end - 60), end));
  return word ? bare(text, end - word[0].length, end, list) : undefined;
}

function conjunctStartingAt(text: string, start: number, list: readonly ProseEntity[]): Conjunct | undefined {
  const entity = list.find((e) => e.start === start);
  if (entity) return { start, end: entity.end, entity };
  const word = TOKEN_AFTER.exec(text.slice(start, start + 60));
  return word ? bare(text, start, start + word[0].length, list) : undefined;
}

function bare(text: string, start: number, end: number, list: readonly ProseEntity[]): Conjunct | undefined {
  const name = text.slice(start, end);
  if (!nameLike(name) || list.some((e) => e.start < end && start < e.end)) return undefined;
  return { start, end };
}

/** The names joined around `from`, in order, and what joins each to the next (citations after a name skipped). */
function chainAround(text: string, from: Conjunct, list: readonly ProseEntity[], citations: readonly Span[]): { conjuncts: Conjunct[]; joiners: Joiner[] } {
  const conjuncts = [from];
  const joiners: Joiner[] = [];
  const inCitation = (at: number) => citations.some((c) => c.start <= at && at < c.end);
  const trimEnd = (at: number) => {
    while (at > 0 && /\s/u.test(text[at - 1])) at--;
    return at;
  };
  const trimStart = (at: number) => {
    while (at < text.length && /\s/u.test(text[at])) at++;
    return at;
  };
  const pastCitations = (at: number) => {
    for (let c = citations.find((s) => s.start === trimStart(at)); c; c = citations.find((s) => s.start === trimStart(at))) at = c.end;
    return at;
  };
  for (;;) {
    const joiner = JOINER_BEFORE.exec(text.slice(Math.max(0, conjuncts[0].start - 20), conjuncts[0].start));
    if (!joiner) break;
    let end = conjuncts[0].start - joiner[0].length;
    for (let c = citations.find((s) => s.end === trimEnd(end)); c; c = citations.find((s) => s.end === trimEnd(end))) end = trimEnd(c.start);
    const previous = inCitation(end - 1) ? undefined : conjunctEndingAt(text, end, list);
    if (!previous) break;
    conjuncts.unshift(previous);
    joiners.unshift(joinerOf(joiner[0]));
  }
  for (;;) {
    const at = pastCitations(conjuncts[conjuncts.length - 1].end);
    const joiner = JOINER_AFTER.exec(text.slice(at, at + 20));
    const next = joiner && !inCitation(at + joiner[0].length) ? conjunctStartingAt(text, at + joiner[0].length, list) : undefined;
    if (!joiner || !next) break;
    conjuncts.push(next);
    joiners.push(joinerOf(joiner[0]));
  }
  // "In HEK293T, FOXP3 and GILZ were …": the first comma closes the opening phrase, unless a comma closes the list
  // after its conjunction's name, or a plural noun after it, too ("For SciBERT, BioBERT and GPT2, we …", "In HeLa,
  // HEK293T and U2OS cells, …"); slashes join within an item ("In HEK293T/HeLa, …")
  const comma = joiners.findIndex((j) => j !== 'slash');
  if (joiners[comma] === 'comma' && inOpeningPhrase(text, conjuncts[0].start)) {
    let last = joiners.findIndex((j, k) => k > comma && j !== 'slash' && j !== 'comma') + 1;
    while (last > 0 && joiners[last] === 'slash') last++;
    if (last === 0 || !/^\s*(?:\p{Ll}{2,}s\s*)?,/u.test(text.slice(pastCitations(conjuncts[last].end)))) {
      if (conjuncts.indexOf(from) <= comma) {
        conjuncts.length = comma + 1;
        joiners.length = comma;
      } else {
        conjuncts.splice(0, comma + 1);
        joiners.splice(0, comma + 1);
      }
    }
  }
  return { conjuncts, joiners };
}

/**
 * The first and last conjunct of the coordination holding conjunct `at` of a chain (`joiners[k]` joins
 * conjuncts k and k + 1), or none: commas no conjunction closes. A list goes on to its conjunction's
 * name ("A, B and C, D and E" is two).
 */
function coordinationOf(joiners: readonly Joiner[], at: number): [number, number] | undefined {
  const groups: [number, number][] = [];
  let first = 0;
  let closed = false;
  joiners.forEach((joiner, k) => {
    if (joiner === 'slash') return;
    if (closed) {
      groups.push([first, k]);
      first = k + 1;
      closed = false;
    } else if (joiner !== 'comma') closed = true;
  });
  groups.push([first, joiners.length]);
  const group = groups.find(([a, b]) => a <= at && at <= b);
  if (!group || group[0] === group[1]) return undefined;
  const words = joiners.slice(group[0], group[1]).filter((j) => j !== 'slash');
  const closing = words[words.length - 1];
  // ", and" closes a list of three or more; between two names it joins two clauses ("… with Bowtie2, and GRCh37 served …")
  const closes = closing === 'conjunction' || (closing === 'serial conjunction' && words.length > 1);
  return words.length === 0 || (closes && words.slice(0, -1).every((j) => j === 'comma')) ? group : undefined;
}

/**
 * Adds, in place, the bare distinctive names coordinated with a name the tagger typed in `lists[i]`
 * (in `texts[i]`), unless `clear` (`clearTypes`) settles them otherwise.
 */
export function addCoordinatedMentions(lists: ProseEntity[][], texts: readonly string[], clear: ReadonlyMap<string, ClearType>, options: CoordinationOptions = {}): void {
  lists.forEach((list, i) => {
    const text = texts[i];
    const sources = list.filter((e) => confident(e) && nameLike(text.slice(e.start, e.end)));
    if (sources.length === 0 || !(options.reads?.(i) ?? true)) return;
    const citations = options.citations?.(i) ?? [];
    const added: ProseEntity[] = [];
    // the tagger's guesses below MIN_SCORE that such a mention replaces
    const replaced = new Set<ProseEntity>();
    for (const source of sources) {
      const { conjuncts, joiners } = chainAround(text, { start: source.start, end: source.end, entity: source }, list, citations);
      const range = coordinationOf(joiners, conjuncts.findIndex((c) => c.entity === source));
      const group = range && conjuncts.slice(range[0], range[1] + 1);
      if (!group || afterBetween(text, group[0].start) || !wholeWord(text, group[0].start, group[group.length - 1].end) || group.some((c) => confident(c.entity) && c.entity.type !== source.type)) continue;
      const sourceName = text.slice(source.start, source.end);
      for (const { start, end, entity } of group) {
        const name = text.slice(start, end);
        const settled = clear.get(normalizeMention(name));
        if ((entity && (confident(entity) || !nameLike(name))) || added.some((a) => a.start === start) || (confident(settled) && settled.type !== source.type) || figureLabel(text, start, name) !== undefined) continue;
        const plausible = plausibleSpan(text, start, end);
        if (plausible?.start !== start || plausible.end !== end) continue;
        const mention: ProseEntity = { start, end, type: source.type, score: source.score, model: source.model, typedBecause: `it is listed with ${sourceName}, which has this type` };
        if (options.keep && !options.keep(i, mention)) continue;
        added.push(mention);
        if (entity) replaced.add(entity);
      }
    }
    for (let k = list.length - 1; k >= 0 && replaced.size > 0; k--) if (replaced.has(list[k])) list.splice(k, 1);
    list.push(...added);
  });
}
