// A task, method, metric or material is a noun phrase: a span of those types holding a finite verb
// ran over a clause ("neighbouring subunit proceeds clockwise", "Iterative Hessian factorization
// denotes algorithms"). SciERC's annotations hold no such verb (a unit test reads them).
import { COMPUTER_SCIENCE_TYPES } from './domain-types.ts';

/** Third-person and auxiliary verb forms that are not also nouns in scientific prose ("results", "yields", "uses" are). */
export const FINITE_VERBS: ReadonlySet<string> = new Set([
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'must', 'might',
  'proceeds', 'converges', 'denotes', 'requires', 'provides', 'represents', 'performs', 'achieves', 'outperforms', 'improves',
  'generates', 'computes', 'predicts', 'learns', 'obtains', 'contains', 'includes', 'consists', 'depends', 'becomes', 'seems',
  'appears', 'occurs', 'exists', 'describes', 'proposes', 'introduces', 'considers', 'assumes', 'defines', 'allows', 'gives',
  'enables', 'ensures', 'reveals', 'suggests', 'indicates', 'demonstrates', 'relies', 'fails', 'differs', 'behaves',
]);


/**
 * Whether a span of a computer-science type runs over a finite verb, written in lower case (its first
 * word aside: "Is" of a title; "the CAN bus", "IS-IS routing" are names).
 */
export function runsOverClause(text: string, type: string): boolean {
  if (!COMPUTER_SCIENCE_TYPES.has(type)) return false;
  const words = text.match(/\p{L}+/gu) ?? [];
  return words.slice(1).some((w) => FINITE_VERBS.has(w));
}
