// One sense per document: a name a paper uses several times means the same thing each time, but a
// tagger reading paragraph by paragraph may call "CaMKII" a protein in nine places and a chemical in
// three (the CaMKII eLife paper did). When most of a name's mentions (by summed confidence) agree on a
// type, the others take it, with the agreeing mentions' mean confidence. An even split is left alone.
import { normalizeMention } from './dismissals.ts';
import type { ProseEntity } from './types.ts';

/** The share of a name's summed confidence its type must hold before the other mentions take it. */
export const CONSISTENT_SHARE = 0.6;

/** Re-types, in place, the mentions (`lists[i]` in `texts[i]`) that disagree with a clear majority of the same name. */
export function harmonizeTypes(lists: readonly ProseEntity[][], texts: readonly string[]): void {
  const byName = new Map<string, { entity: ProseEntity; list: ProseEntity[]; at: number }[]>();
  lists.forEach((list, i) => {
    list.forEach((entity, at) => {
      const name = normalizeMention(texts[i].slice(entity.start, entity.end));
      if (name.length < 2) return;
      const mentions = byName.get(name);
      if (mentions) mentions.push({ entity, list, at });
      else byName.set(name, [{ entity, list, at }]);
    });
  });
  for (const mentions of byName.values()) {
    const votes = new Map<string, { score: number; count: number }>();
    let total = 0;
    for (const { entity } of mentions) {
      const vote = votes.get(entity.type) ?? { score: 0, count: 0 };
      vote.score += entity.score;
      vote.count++;
      votes.set(entity.type, vote);
      total += entity.score;
    }
    if (votes.size < 2 || total <= 0) continue;
    const [type, vote] = [...votes].sort((a, b) => b[1].score - a[1].score)[0];
    if (vote.score / total < CONSISTENT_SHARE) continue;
    const score = vote.score / vote.count;
    for (const { entity, list, at } of mentions) {
      if (entity.type !== type) list[at] = { ...entity, type, score };
    }
  }
}
