// Greek letters by their LaTeX names (`\kappa`, `\Gamma`; amsmath's `\varepsilon`, upgreek's `\upbeta`,
// textgreek's `\textkappa`), as the paper prints them.
const LOWER = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega'];
// final sigma (ς) has no name of its own
const LOWER_CHARS = 'αβγδεζηθικλμνξοπρστυφχψω';
const UPPER_CHARS = 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ';

export const GREEK_LETTERS: ReadonlyMap<string, string> = new Map(
  LOWER.flatMap((name, i) => [[name, LOWER_CHARS[i]], [name[0].toUpperCase() + name.slice(1), UPPER_CHARS[i]]] as [string, string][]),
);

/** The letter a LaTeX name stands for, with amsmath's `var` and upgreek's `up`/`Up` forms; undefined for other names. */
export function greekLetter(name: string): string | undefined {
  if (name === 'varsigma') return 'ς';
  const direct = GREEK_LETTERS.get(name);
  if (direct) return direct;
  const upper = /^Up([a-z]+)$/.exec(name);
  if (upper) return GREEK_LETTERS.get(upper[1][0].toUpperCase() + upper[1].slice(1));
  const prefixed = /^(?:var|up)([a-z]+)$/.exec(name);
  return prefixed ? GREEK_LETTERS.get(prefixed[1]) : undefined;
}
