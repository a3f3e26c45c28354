// A name and its alias: "GILZ (TSC22D3)" writes one gene twice, its common name and its symbol, so
// the mentions of either are votes for both (consistency.ts). Only where the document shows it: two
// distinctive names (`distinctiveName`: "GILZ", "TSC22D3"; not "BERT (Devlin)"), each a whole word, the
// parenthesis holding the second alone (not "X (Y et al.)", a citation, "(n = 3)", "(Figure 2)"), and
// the tagger typing both alike at that place, as a gene, a chemical or a cell: the kinds whose names
// have synonyms by convention ("p27 (Kip1)", "RelA (p65)", "CHIR99021 (CT99021)", "H4IIEC3 (H4)").
// Elsewhere a parenthesis names something else: "SciBERT (JNLPBA)" a model and the data it learnt
// from, "HeLa (ATCC)" a cell line and its collection, "PKCalpha (Go6976)" a kinase and its inhibitor,
// "CDK4 (R24C)" a gene and its mutation. Nor is a name's form ("Tie2 (sTie2)": soluble Tie2, the
// words before it define) or an abbreviation's definition an alias: its mentions follow the definition.
import { normalizeMention } from './dismissals.ts';
import { distinctiveName, wholeWord } from './missed-mentions.ts';
import type { ProseEntity } from './types.ts';

/** The types whose names have aliases. */
const ALIASED_TYPES = new Set(['GeneProtein', 'Chemical', 'Cell']);

/** Two names of one thing, normalised: `name` written first, `alias` in the parenthesis after it. */
export interface AliasPair {
  name: string;
  alias: string;
}

/** The mentions of `list` (in `text`) followed by their alias in parentheses, with the alias's mention. */
export function aliasMentions(list: readonly ProseEntity[], text: string): [ProseEntity, ProseEntity][] {
  const at = new Map<number, ProseEntity>();
  for (const e of list) if (e.longForm === undefined) at.set(e.start, e);
  const out: [ProseEntity, ProseEntity][] = [];
  for (const name of at.values()) {
    const open = /^[ \u00a0]?\(/.exec(text.slice(name.end, name.end + 2));
    const alias = open ? at.get(name.end + open[0].length) : undefined;
    if (!alias || alias.type !== name.type || !ALIASED_TYPES.has(name.type) || text[alias.end] !== ')' || !wholeWord(text, name.start, name.end)) continue;
    const [first, second] = [text.slice(name.start, name.end), text.slice(alias.start, alias.end)];
    const [a, b] = [normalizeMention(first), normalizeMention(second)];
    if (distinctiveName(first) && distinctiveName(second) && !b.includes(a)) out.push([name, alias]);
  }
  return out;
}

/** Each pair of names the mentions (`lists[i]` in `texts[i]`) write as "X (Y)", once (either way round). */
export function aliasPairs(lists: readonly (readonly ProseEntity[] | undefined)[], texts: readonly string[]): AliasPair[] {
  const seen = new Map<string, AliasPair>();
  lists.forEach((list, i) => {
    for (const [name, alias] of aliasMentions(list ?? [], texts[i])) {
      const pair = { name: normalizeMention(texts[i].slice(name.start, name.end)), alias: normalizeMention(texts[i].slice(alias.start, alias.end)) };
      // "TSC22D3 (GILZ)" too is the same pair
      const key = [pair.name, pair.alias].sort().join('\t');
      if (!seen.has(key)) seen.set(key, pair);
    }
  });
  return [...seen.values()];
}
