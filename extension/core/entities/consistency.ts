// One sense per document: a name a paper uses several times means the same thing each time, but a
// tagger reading paragraph by paragraph may call "CaMKII" a protein in nine places and a chemical in
// three (the CaMKII eLife paper did). When most of a name's mentions (by summed confidence) agree on a
// type, the others take it, with the agreeing mentions' mean confidence. An even split is left alone.
// A thesis is one document over several files: the other files' votes count too (their own mentions,
// before they were harmonised, so that files do not echo each other's decisions).
//
// A defined abbreviation outranks the count: when mentions typed by a definition ("interaural time
// difference (ITD)" makes ITD a metric) exist, only the definitions vote, each file's once (a chapter
// that uses WFS 63 times after one doubtful definition does not outvote five chapters), so chapter 6
// of a thesis reads ITD as chapter 1 defined it, with its long form, where the tagger saw a gene in
// the letters. The long form names the same thing: "Sound Field Synthesis" in a heading of chapter 2
// takes the type chapter 1's "sound field synthesis (SFS)" settled for SFS, whatever the tagger said
// there (and whatever the case), though it abbreviates nothing.
//
// A name and its alias written "GILZ (TSC22D3)" (`aliases.ts`) are one thing: each one's votes count
// for the other too, once, so the protein beside its symbol outvotes the chemical the tagger saw in
// GILZ's next sentence.
import { aliasPairs, type AliasPair } from './aliases.ts';
import { normalizeMention } from './dismissals.ts';
import type { ProseEntity } from './types.ts';

/** The share of a name's summed confidence its type must hold before the other mentions take it. */
export const CONSISTENT_SHARE = 0.6;

/** One type's votes for a name. */
export interface TypeVote {
  /** Summed confidence. */
  score: number;
  count: number;
  /** The confidence of the abbreviation definitions that gave this type, one per file, summed. */
  defined: number;
  /** That definition's long form. */
  longForm?: string;
  /** The model that typed it. */
  model?: string;
}

/** The type a name's votes settle on, with the agreeing mentions' mean confidence. */
export interface SettledType {
  type: string;
  score: number;
  longForm?: string;
  model?: string;
}

/** Per normalised name, per type: its votes. */
export type TypeVotes = Map<string, Map<string, TypeVote>>;

function mentionName(entity: ProseEntity, text: string): string | undefined {
  const name = normalizeMention(text.slice(entity.start, entity.end));
  return name.length < 2 ? undefined : name;
}

function addVote(votes: TypeVotes, name: string, type: string, add: TypeVote): void {
  let types = votes.get(name);
  if (!types) votes.set(name, (types = new Map()));
  const vote = types.get(type) ?? { score: 0, count: 0, defined: 0 };
  vote.score += add.score;
  vote.count += add.count;
  vote.defined += add.defined;
  vote.longForm ??= add.longForm;
  vote.model ??= add.model;
  types.set(type, vote);
}

/** The votes of the mentions `lists[i]` (in `texts[i]`). */
export function typeVotes(lists: readonly (readonly ProseEntity[] | undefined)[], texts: readonly string[]): TypeVotes {
  const votes: TypeVotes = new Map();
  lists.forEach((list, i) => {
    for (const entity of list ?? []) {
      const name = mentionName(entity, texts[i]);
      if (name === undefined) continue;
      addVote(votes, name, entity.type, { score: entity.score, count: 1, defined: 0, longForm: entity.longForm, model: entity.model });
      // a definition votes once, however often its abbreviation is used
      const vote = votes.get(name)?.get(entity.type);
      if (vote && entity.longForm !== undefined) vote.defined = Math.max(vote.defined, entity.score);
    }
  });
  return votes;
}

/**
 * What a name's votes settle on: the definitions' votes alone when there are any, else all of them;
 * a type needs CONSISTENT_SHARE of them (and a lone undefined type settles nothing unless `lone`: there
 * is nothing to harmonise).
 */
function settle(types: ReadonlyMap<string, TypeVote>, lone = false): SettledType | undefined {
  const defined = [...types.values()].some((vote) => vote.defined > 0);
  const weight = (vote: TypeVote) => (defined ? vote.defined : vote.score);
  if (!defined && types.size < 2 && !lone) return undefined;
  let total = 0;
  for (const vote of types.values()) total += weight(vote);
  const [type, vote] = [...types].sort((a, b) => weight(b[1]) - weight(a[1]))[0];
  if (total <= 0 || weight(vote) / total < CONSISTENT_SHARE) return undefined;
  return { type, score: vote.score / vote.count, longForm: vote.longForm, model: vote.model };
}

/**
 * The abbreviations the project's other files define, by lower-cased short form, with the type their
 * definitions settle on (chapter 1's "interaural time difference (ITD)" for chapter 6).
 */
export function definedElsewhere(elsewhere: readonly TypeVotes[]): Map<string, SettledType> {
  const votes: TypeVotes = new Map();
  for (const other of elsewhere) {
    for (const [name, types] of other) {
      if (![...types.values()].some((vote) => vote.defined > 0)) continue;
      for (const [type, vote] of types) addVote(votes, name, type, vote);
    }
  }
  const out = new Map<string, SettledType>();
  for (const [name, types] of votes) {
    const settled = settle(types);
    if (settled?.longForm !== undefined) out.set(name, settled);
  }
  return out;
}

/** The long forms, normalised, that the definitions among a name's votes give it. */
function* longFormsOf(name: string, types: ReadonlyMap<string, TypeVote>): Generator<string> {
  for (const vote of types.values()) {
    if (vote.defined <= 0 || vote.longForm === undefined) continue;
    const long = normalizeMention(vote.longForm);
    if (long !== name) yield long;
  }
}

/**
 * The defined abbreviations' long forms, normalised, with the short form each names; a long form that
 * two abbreviations give names neither.
 */
function longForms(all: readonly TypeVotes[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const votes of all) {
    for (const [short, types] of votes) {
      for (const long of longFormsOf(short, types)) out.set(long, out.has(long) && out.get(long) !== short ? undefined : short);
    }
  }
  return out;
}

/**
 * Whether harmonising a file whose own votes are `votes` reads other files' votes for one of `names`
 * (`all`: every file's votes, whose definitions tie long forms to abbreviations): a name it writes, or
 * the name's plural ("ITDs"), or the long form of an abbreviation among them, or the long form's plural
 * ("sound field synthesis" for SFS). A long form two abbreviations give counts for both: the change may
 * be what made it ambiguous, or no longer.
 */
export function readsVotesOf(names: Iterable<string>, all: readonly TypeVotes[]): (votes: TypeVotes) => boolean {
  const read = new Set<string>();
  for (const name of names) {
    read.add(name);
    for (const votes of all) {
      const types = votes.get(name);
      if (types) for (const long of longFormsOf(name, types)) read.add(long);
    }
  }
  return (votes) => {
    if (read.size < votes.size) return [...read].some((name) => votes.has(name) || votes.has(`${name}s`));
    for (const name of votes.keys()) if (read.has(name) || (name.endsWith('s') && read.has(name.slice(0, -1)))) return true;
    return false;
  };
}

/** The abbreviation whose long form `name` is ("interaural time differences" too). */
function abbreviationOf(name: string, forms: ReadonlyMap<string, string | undefined>): string | undefined {
  if (forms.has(name)) return forms.get(name);
  return name.endsWith('s') ? forms.get(name.slice(0, -1)) : undefined;
}

/** Per name and type, why SciWrite chose that type for one of the file's mentions ("named as software: …"). */
function reasonsOf(lists: readonly ProseEntity[][], texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  lists.forEach((list, i) => {
    for (const entity of list) {
      const name = mentionName(entity, texts[i]);
      const key = `${name}\t${entity.type}`;
      if (entity.typedBecause !== undefined && name !== undefined && !out.has(key)) out.set(key, entity.typedBecause);
    }
  });
  return out;
}

/**
 * A mention with another type and score. Its reason for its old type goes (a protein must not say it is
 * "not a protein"): it takes the reason of the winning mentions (`because`), if theirs was SciWrite's.
 */
function retyped(entity: ProseEntity, settled: SettledType, because: string | undefined): ProseEntity {
  const out: ProseEntity = { ...entity, type: settled.type, score: settled.score };
  if (because === undefined) delete out.typedBecause;
  else out.typedBecause = because;
  return out;
}

/**
 * Adds, in place, each name's votes to its alias's and the alias's to the name's: the votes each had
 * before (an alias's alias does not vote, a pair written twice counts once). An abbreviation's
 * definition is left to vote alone.
 */
function shareAliasVotes(votes: TypeVotes, pairs: readonly AliasPair[]): void {
  const own = new Map<string, [string, TypeVote][]>();
  for (const pair of pairs) {
    for (const name of [pair.name, pair.alias]) own.set(name, [...(votes.get(name) ?? [])].map(([type, vote]) => [type, { ...vote }]));
  }
  const defined = (name: string) => own.get(name)?.some(([, vote]) => vote.defined > 0 || vote.longForm !== undefined) ?? false;
  for (const { name, alias } of pairs) {
    if (defined(name) || defined(alias)) continue;
    for (const [from, to] of [[name, alias], [alias, name]]) {
      for (const [type, vote] of own.get(from) ?? []) addVote(votes, to, type, { score: vote.score, count: vote.count, defined: 0, model: vote.model });
    }
  }
}

/**
 * The votes of the mentions (`lists[i]` in `texts[i]`), with those of `elsewhere` (the project's other
 * files) for the names they write, their plurals and the abbreviations whose long forms they write,
 * and those of each name's alias (`aliases.ts`).
 */
function projectVotes(lists: readonly ProseEntity[][], texts: readonly string[], elsewhere: readonly TypeVotes[]): { votes: TypeVotes; forms: Map<string, string | undefined> } {
  const votes = typeVotes(lists, texts);
  const forms = longForms([votes, ...elsewhere]);
  // the abbreviations whose long forms this file writes, though it may never write them
  const shorts = new Set<string>();
  for (const name of votes.keys()) {
    const short = abbreviationOf(name, forms);
    if (short !== undefined) shorts.add(short);
  }
  for (const other of elsewhere) {
    for (const [name, types] of other) {
      if (!votes.has(name) && !votes.has(`${name}s`) && !shorts.has(name)) continue;
      for (const [type, vote] of types) addVote(votes, name, type, vote);
    }
  }
  shareAliasVotes(votes, aliasPairs(lists, texts));
  return { votes, forms };
}

/** A name's settled type, and whether the project's other files gave the name that type. */
export interface ClearType extends SettledType {
  elsewhere: boolean;
}

/**
 * The type each name the mentions (`lists[i]` in `texts[i]`) write settles on, with the votes
 * `harmonizeTypes` counts (theirs and `elsewhere`'s), a lone type too; a name an abbreviation's
 * definition typed is left to the definitions. What the mentions the tagger missed take
 * (`missed-mentions.ts`); read before harmonising, which would echo the winners' votes.
 */
export function clearTypes(lists: readonly ProseEntity[][], texts: readonly string[], elsewhere: readonly TypeVotes[] = []): Map<string, ClearType> {
  return clearOf(projectVotes(lists, texts, elsewhere).votes, elsewhere);
}

function clearOf(votes: TypeVotes, elsewhere: readonly TypeVotes[]): Map<string, ClearType> {
  const out = new Map<string, ClearType>();
  for (const [name, types] of votes) {
    if ([...types.values()].some((vote) => vote.defined > 0 || vote.longForm !== undefined)) continue;
    const settled = settle(types, true);
    if (settled) out.set(name, { ...settled, elsewhere: elsewhere.some((other) => other.get(name)?.has(settled.type)) });
  }
  return out;
}

/**
 * Re-types, in place, the mentions (`lists[i]` in `texts[i]`) that disagree with a clear majority of
 * the same name, counting the votes of `elsewhere` (the project's other files) besides their own; a
 * defined abbreviation's long form takes the abbreviation's type. Returns, from the same votes
 * (counted once), the types `clearTypes` gives before harmonising.
 */
export function harmonizeTypes(lists: readonly ProseEntity[][], texts: readonly string[], elsewhere: readonly TypeVotes[] = []): Map<string, ClearType> {
  const { votes, forms } = projectVotes(lists, texts, elsewhere);
  const clear = clearOf(votes, elsewhere);
  const reasons = reasonsOf(lists, texts);
  const winners = new Map<string, SettledType>();
  for (const [name, types] of votes) {
    const winner = settle(types);
    if (winner) winners.set(name, winner);
  }
  lists.forEach((list, i) => {
    list.forEach((entity, at) => {
      const name = mentionName(entity, texts[i]);
      if (name === undefined) return;
      const short = abbreviationOf(name, forms);
      const abbreviated = short === undefined ? undefined : winners.get(short);
      if (abbreviated?.longForm !== undefined) {
        if (entity.type !== abbreviated.type) list[at] = retyped(entity, abbreviated, reasons.get(`${short}\t${abbreviated.type}`));
        return;
      }
      // "ITDs" of a thesis that defined "interaural time difference (ITD)"
      const plural = name.endsWith('s') ? winners.get(name.slice(0, -1)) : undefined;
      const voted = winners.has(name) ? name : name.slice(0, -1);
      const winner = winners.get(name) ?? (plural?.longForm !== undefined ? plural : undefined);
      if (!winner) return;
      if (entity.type !== winner.type) list[at] = retyped(entity, winner, reasons.get(`${voted}\t${winner.type}`));
      if (winner.longForm === undefined) return;
      // a defined abbreviation: as sure as the project's definitions are, with a long form
      list[at] = { ...list[at], score: Math.max(list[at].score, winner.score), longForm: entity.longForm ?? winner.longForm };
    });
  });
  return clear;
}
