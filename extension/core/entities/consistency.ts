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
// the letters.
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
  types.set(type, vote);
}

/** The votes of the mentions `lists[i]` (in `texts[i]`). */
export function typeVotes(lists: readonly (readonly ProseEntity[] | undefined)[], texts: readonly string[]): TypeVotes {
  const votes: TypeVotes = new Map();
  lists.forEach((list, i) => {
    for (const entity of list ?? []) {
      const name = mentionName(entity, texts[i]);
      if (name === undefined) continue;
      addVote(votes, name, entity.type, { score: entity.score, count: 1, defined: 0, longForm: entity.longForm });
      // a definition votes once, however often its abbreviation is used
      const vote = votes.get(name)?.get(entity.type);
      if (vote && entity.longForm !== undefined) vote.defined = Math.max(vote.defined, entity.score);
    }
  });
  return votes;
}

/**
 * Re-types, in place, the mentions (`lists[i]` in `texts[i]`) that disagree with a clear majority of
 * the same name, counting the votes of `elsewhere` (the project's other files) besides their own.
 */
export function harmonizeTypes(lists: readonly ProseEntity[][], texts: readonly string[], elsewhere: readonly TypeVotes[] = []): void {
  const votes = typeVotes(lists, texts);
  for (const other of elsewhere) {
    for (const [name, types] of other) {
      if (!votes.has(name) && !votes.has(`${name}s`)) continue;
      for (const [type, vote] of types) addVote(votes, name, type, vote);
    }
  }
  const winners = new Map<string, { type: string; score: number; longForm?: string }>();
  for (const [name, types] of votes) {
    // the definitions' votes alone when there are any: a share of them, as of all votes otherwise
    const defined = [...types].some(([, vote]) => vote.defined > 0);
    const weight = (vote: TypeVote) => (defined ? vote.defined : vote.score);
    if (!defined && types.size < 2) continue;
    let total = 0;
    for (const vote of types.values()) total += weight(vote);
    const [type, vote] = [...types].sort((a, b) => weight(b[1]) - weight(a[1]))[0];
    if (total > 0 && weight(vote) / total >= CONSISTENT_SHARE) winners.set(name, { type, score: vote.score / vote.count, longForm: vote.longForm });
  }
  lists.forEach((list, i) => {
    list.forEach((entity, at) => {
      const name = mentionName(entity, texts[i]);
      if (name === undefined) return;
      // "ITDs" of a thesis that defined "interaural time difference (ITD)"
      const plural = name.endsWith('s') ? winners.get(name.slice(0, -1)) : undefined;
      const winner = winners.get(name) ?? (plural?.longForm !== undefined ? plural : undefined);
      if (!winner) return;
      if (entity.type !== winner.type) list[at] = { ...entity, type: winner.type, score: winner.score };
      if (entity.longForm === undefined && winner.longForm !== undefined) list[at] = { ...list[at], longForm: winner.longForm };
    });
  });
}
