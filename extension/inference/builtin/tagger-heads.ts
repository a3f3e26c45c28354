// Which of the tagger's heads answer a request, and what their labels mean in the taxonomy.
import { mapLabel, projectType } from '../../core/taxonomy/map.ts';
import type { Taxonomy } from '../../core/taxonomy/types.ts';
import type { CrfParams } from './crf.ts';

export interface HeadPlan {
  /** Every taxonomy type the run-time heads produce (specialist heads add none). */
  types: string[];
  /** The taxonomy type of one head's label; null when it is not shown (e.g. SciERC's Generic). */
  typeOf(head: string, label: string): string | null;
  /** The domain (biomedical / computer-science) of a head's types. */
  domainOf(head: string): string | undefined;
  /** The heads that answer a request, highest priority first. */
  headsFor(types: ReadonlySet<string> | undefined): string[];
}

/**
 * `runtime` heads answer every request. A `specialist` head (one trained on a single corpus, like
 * scispaCy's per-corpus models) answers alone, and only when the asked types are exactly its own,
 * optionally with their subtypes (what `sciwrite eval ner` asks for a corpus with that label set):
 * its spans never appear in any other request.
 */
export function planHeads(taxonomy: Taxonomy, crfs: ReadonlyMap<string, CrfParams>, runtime: readonly string[], specialists: readonly string[]): HeadPlan {
  const labelType = new Map<string, string | null>();
  const headTypes = new Map<string, Set<string>>();
  for (const head of [...runtime, ...specialists]) {
    const crf = crfs.get(head);
    if (!crf) throw new Error(`tagger: runtime.json names unknown head ${head}`);
    const own = new Set<string>();
    for (const label of crf.labels) {
      if (label === 'O') continue;
      const bare = label.slice(2);
      const type = mapLabel(taxonomy, bare);
      labelType.set(`${head}\u0000${bare}`, type);
      if (type !== null) own.add(type);
    }
    headTypes.set(head, own);
  }
  const domain = new Map<string, string>();
  for (const [head, own] of headTypes) {
    const first = [...own][0];
    if (first !== undefined) domain.set(head, taxonomy.byId.get(first)!.domain);
  }

  function specialistFor(asked: ReadonlySet<string>): string | undefined {
    return specialists.find((head) => {
      const own = headTypes.get(head)!;
      if (own.size === 0) return false;
      for (const t of own) if (!asked.has(t)) return false;
      for (const t of asked) if (projectType(taxonomy, t, own) === null) return false;
      return true;
    });
  }

  /**
   * Overlaps go to the head listed first. With no types asked for, that is runtime.json's order; when
   * the caller asks for a set of types, the heads trained on label sets closest to it come first
   * (the largest share of the head's own types asked for, then the most asked types covered), so a
   * BioNLP13CG-style request gets BioNLP13CG's chemicals and a BC5CDR-style one BC5CDR's.
   */
  function runtimeOrder(asked: ReadonlySet<string>): string[] {
    const rank = (h: string): [number, number] => {
      const own = headTypes.get(h)!;
      let hit = 0;
      for (const t of own) if (asked.has(t)) hit++;
      return [hit / Math.max(1, asked.size), own.size === 0 ? 0 : hit / own.size];
    };
    return [...runtime].sort((a, b) => {
      const [ca, pa] = rank(a);
      const [cb, pb] = rank(b);
      return pb - pa || cb - ca || runtime.indexOf(a) - runtime.indexOf(b);
    });
  }

  const types = new Set<string>();
  for (const head of runtime) for (const t of headTypes.get(head)!) types.add(t);
  return {
    types: [...types].sort(),
    typeOf: (head, label) => labelType.get(`${head}\u0000${label}`) ?? null,
    domainOf: (head) => domain.get(head),
    headsFor(asked) {
      if (!asked) return [...runtime];
      const specialist = specialistFor(asked);
      return specialist !== undefined ? [specialist] : runtimeOrder(asked);
    },
  };
}
