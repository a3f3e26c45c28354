// A thesis is one document over several files: a distinctive name (`missed-mentions.ts`) that chapter
// 2 types a method ("minimap2") is one in chapter 5 too, where the tagger left its only mention bare,
// so chapter 5 never votes for it (consistency.ts reads other files' votes only for the names a file
// writes as entities). The other files' votes settle such a name as they settle any (the share
// CONSISTENT_SHARE of the summed confidence, a lone type too; a name a definition typed is left to
// the definitions); a name this file types itself keeps its own votes' count. The added mention is
// written exactly as a typed one, and consistency.ts keys names lower-cased: so a file's votes note,
// beside them, the forms its typed distinctive mentions are written in, per type (`noteTypedForms`),
// kept on the vote objects that travel with the votes (the server keeps an unopened file's, filtered).
import { CONSISTENT_SHARE, type ClearType, type TypeVote, type TypeVotes } from './consistency.ts';
import { normalizeMention } from './dismissals.ts';
import { distinctiveName } from './missed-mentions.ts';
import type { ProseEntity } from './types.ts';

const TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** The distinctive names `texts` write, typed or not, normalised as consistency.ts keys them: those whose votes elsewhere may type them here. */
export function distinctiveNamesWritten(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) for (const [word] of text.matchAll(TOKEN)) if (distinctiveName(word)) out.add(normalizeMention(word));
  return out;
}

const typedForms = new WeakMap<TypeVote, Set<string>>();

/** Notes on `votes` (the mentions `lists[i]` in `texts[i]`, `typeVotes`) the forms of their distinctive names, per type; returns `votes`. */
export function noteTypedForms(votes: TypeVotes, lists: readonly (readonly ProseEntity[] | undefined)[], texts: readonly string[]): TypeVotes {
  lists.forEach((list, i) => {
    for (const e of list ?? []) {
      const form = texts[i].slice(e.start, e.end);
      if (e.longForm !== undefined || !distinctiveName(form)) continue;
      const vote = votes.get(normalizeMention(form))?.get(e.type);
      if (!vote) continue;
      let forms = typedForms.get(vote);
      if (!forms) typedForms.set(vote, (forms = new Set()));
      forms.add(form);
    }
  });
  return votes;
}

/** The forms noted for a name's votes (`types`), of every type. */
export function notedForms(types: ReadonlyMap<string, TypeVote> | undefined): string[] {
  return [...(types?.values() ?? [])].flatMap((vote) => [...(typedForms.get(vote) ?? [])]);
}

/**
 * The distinctive names the project's other files type (`elsewhere`, votes noted by `noteTypedForms`)
 * and this file's own votes (`own`) do not hold, whose votes there settle on one type: per form a
 * mention of that type writes, the type, with the agreeing mentions' mean confidence.
 */
export function typedOnlyElsewhere(own: TypeVotes, elsewhere: readonly TypeVotes[]): Map<string, ClearType> {
  // the names a distinctive form of which some file typed; then all their votes, those of other forms too
  const noted = new Set<string>();
  for (const votes of elsewhere) {
    for (const [name, types] of votes) if (!own.has(name) && [...types.values()].some((vote) => typedForms.has(vote))) noted.add(name);
  }
  const byName = new Map<string, Map<string, { score: number; count: number; model?: string; forms: Set<string> }>>();
  const defined = new Set<string>();
  for (const votes of elsewhere) {
    for (const [name, types] of votes) {
      if (!noted.has(name)) continue;
      if ([...types.values()].some((vote) => vote.defined > 0 || vote.longForm !== undefined)) defined.add(name);
      let sums = byName.get(name);
      if (!sums) byName.set(name, (sums = new Map()));
      for (const [type, vote] of types) {
        const sum = sums.get(type) ?? { score: 0, count: 0, forms: new Set<string>() };
        sum.score += vote.score;
        sum.count += vote.count;
        sum.model ??= vote.model;
        for (const form of typedForms.get(vote) ?? []) sum.forms.add(form);
        sums.set(type, sum);
      }
    }
  }
  const out = new Map<string, ClearType>();
  for (const [name, sums] of byName) {
    if (defined.has(name)) continue;
    let total = 0;
    for (const sum of sums.values()) total += sum.score;
    const [type, winner] = [...sums].sort((a, b) => b[1].score - a[1].score)[0];
    if (total <= 0 || winner.score / total < CONSISTENT_SHARE || winner.model === undefined) continue;
    for (const form of winner.forms) out.set(form, { type, score: winner.score / winner.count, model: winner.model, elsewhere: true });
  }
  return out;
}
