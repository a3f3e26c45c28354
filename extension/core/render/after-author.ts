// A parenthetical author-year citation written right after its own author's name ("Verheijen\autocite{v97}",
// a footnote style's mark on the name) reads as the datasets write that sentence, "Verheijen (1997)",
// not "Verheijen(Verheijen, 1997)". Used where a citation is read in its sentence: the LaTeX prose and
// the sentence that carries a note's mark.

/** The author label a rendering begins with: "(Dietz et al., 2011, (3.49))" → "Dietz et al.". */
const LABEL = /^\((\p{Lu}[^(),;]*?), /u;

/**
 * The rendering without its author when `before` (the prose before it) ends with that author's name
 * or first surname ("… Dietz et al.", "Dietz' et al.", "Ahrens" of "Ahrens and Spors", "Merchel et al." of "Merchel and
 * Groth"); else undefined.
 */
export function yearAfterItsAuthor(rendered: string, before: string): string | undefined {
  const label = LABEL.exec(rendered);
  if (!label || !rendered.endsWith(')')) return undefined;
  const surname = /^\p{L}[\p{L}'’-]*/u.exec(label[1])?.[0];
  if (!surname) return undefined;
  const name = before.replace(/['’]s?(?=\s|$)/gu, '').trimEnd();
  const named = [label[1], surname, `${surname} et al.`].some((form) => name.endsWith(form) && !/[\p{L}\p{N}]/u.test(name.charAt(name.length - form.length - 1)));
  return named ? `(${rendered.slice(label[0].length)}` : undefined;
}

/** Whether a rendering is an author-year citation in parentheses, not a number ("(12)", "(3, 5–7)"). */
export function namesInParentheses(rendered: string): boolean {
  return /^\((?![\d,;\s–-]+\))/u.test(rendered);
}
