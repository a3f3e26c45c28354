// A paragraph that is a list of names — a consortium's members with their affiliations, written as
// plain text rather than with \author — is not prose: read by the tagger, its names and addresses turn
// into entities ("Andreas Hilboll" a Chemical, "CA 94720" another).

/** Lower-case words names and addresses are written with ("University of California", "van der Walt"). */
const PARTICLES = new Set('of and for the de del della van von der den du la le y da dos di zu in at on &'.split(' '));

/** Fewer comma- or semicolon-separated items than this is a sentence, not a list. */
const MIN_ITEMS = 8;

/**
 * True when the text is at least eight comma- or semicolon-separated items and 85% of its words are in
 * items made only of capitalised words, numbers, name particles and placeholder "x" (a superscript
 * affiliation number reads as math). A sentence that lists packages ("We used NumPy, SciPy, ...") keeps
 * too many lower-case words around its list to count.
 */
export function isNameList(text: string): boolean {
  const items = text.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  if (items.length < MIN_ITEMS) return false;
  let named = 0;
  let total = 0;
  for (const item of items) {
    const words = item.split(/\s+/).filter(Boolean);
    total += words.length;
    if (words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || w === 'x' || PARTICLES.has(w.toLowerCase()))) named += words.length;
  }
  return named >= 0.85 * total;
}
