// One sense per document: a name a paper uses several times means the same thing each time, but a
// tagger reading paragraph by paragraph may call "CaMKII" a protein in nine places and a chemical in
// three (the CaMKII eLife paper did). When most of a name's mentions (by summed confidence) agree on a
// type, the others take it, with the agreeing mentions' mean confidence. An even split is left alone.
// A thesis is one document over several files: the other files' votes count too (their own mentions,
// before they were harmonised, so that files do not echo each other's decisions).
import { normalizeMention } from './dismissals.ts';
import type { ProseEntity } from './types.ts';

/** The share of a name's summed confidence its type must hold before the other mentions take it. */
export const CONSISTENT_SHARE = 0.6;

/** Per normalised name, per type: the summed confidence and the number of mentions. */
export type TypeVotes = Map<string, Map<string, { score: number; count: number }>>;

function mentionName(entity: ProseEntity, text: string): string | undefined {
  const name = normalizeMention(text.slice(entity.start, entity.end));
  return name.length < 2 ? undefined : name;
}

function addVote(votes: TypeVotes, name: string, type: string, score: number, count = 1): void {
  let types = votes.get(name);
  if (!types) votes.set(name, (types = new Map()));
  const vote = types.get(type) ?? { score: 0, count: 0 };
  vote.score += score;
  vote.count += count;
  types.set(type, vote);
}

/** The votes of the mentions `lists[i]` (in `texts[i]`). */
export function typeVotes(lists: readonly (readonly ProseEntity[] | undefined)[], texts: readonly string[]): TypeVotes {
  const votes: TypeVotes = new Map();
  lists.forEach((list, i) => {
    for (const entity of list ?? []) {
      const name = mentionName(entity, texts[i]);
      if (name !== undefined) addVote(votes, name, entity.type, entity.score);
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
      if (!votes.has(name)) continue;
      for (const [type, vote] of types) addVote(votes, name, type, vote.score, vote.count);
    }
  }
  const winners = new Map<string, { type: string; score: number }>();
  for (const [name, types] of votes) {
    if (types.size < 2) continue;
    let total = 0;
    for (const vote of types.values()) total += vote.score;
    const [type, vote] = [...types].sort((a, b) => b[1].score - a[1].score)[0];
    if (total > 0 && vote.score / total >= CONSISTENT_SHARE) winners.set(name, { type, score: vote.score / vote.count });
  }
  lists.forEach((list, i) => {
    list.forEach((entity, at) => {
      const name = mentionName(entity, texts[i]);
      const winner = name === undefined ? undefined : winners.get(name);
      if (winner && entity.type !== winner.type) list[at] = { ...entity, type: winner.type, score: winner.score };
    });
  });
}
