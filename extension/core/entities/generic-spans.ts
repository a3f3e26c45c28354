// Spans that name no particular thing: one noun that only says what kind of thing is meant ("a simple
// heuristic", "The library was expanded", a heading's "Architecture") — SciERC calls these Generic, a
// type SciWrite drops — and one word that can only modify a noun ("de novo and reference-based.",
// "tetradecameric (n=7×2) holoenzymes"). Relational adjectives are left alone: the biomedical corpora
// annotate "mitochondrial", "diabetic" and "hypertensive" alone as entities.

/**
 * Nouns that name a kind of method, tool or problem and nothing in particular. SciERC annotates each,
 * alone, as Generic far more often than as an entity (a unit test counts), and no biomedical corpus
 * annotates one alone. Not "heuristics", which SciERC once calls a method.
 */
export const GENERIC_NOUNS: ReadonlySet<string> = new Set([
  'method', 'methods', 'approach', 'approaches', 'technique', 'techniques', 'algorithm', 'algorithms', 'model', 'models',
  'system', 'systems', 'framework', 'frameworks', 'procedure', 'procedures', 'scheme', 'schemes', 'strategy', 'strategies',
  'mechanism', 'mechanisms', 'methodology', 'paradigm', 'architecture', 'solution', 'solutions', 'tool', 'tools', 'toolkit',
  'library', 'implementation', 'heuristic',
]);

/**
 * The second part of a compound adjective ("reference-based", "time-dependent"): with nothing after it, the
 * noun it describes lies outside the span. No gold entity of the NER corpora ends so ("-like",
 * "-specific", "-related" and "-deficient" do: "SH3-like", "G6PD-deficient").
 */
const COMPOUND_ADJECTIVE = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*-(?:based|dependent|driven|oriented|aware|guided|wise|wide)$/iu;

/** How many units a complex has ("dimeric", "tetradecameric"): it describes the complex, never names it. */
const MULTIMER_ADJECTIVE = /^\p{L}{2,}meric$/iu;

/**
 * The name a compound adjective is made of, when it is one ("BERT-based" → "BERT", "CRISPR-based" →
 * "CRISPR"): its first part holds a capital or a digit. "reference-based" has none: nothing to keep.
 */
export function nameInCompoundAdjective(span: string): string | undefined {
  if (!COMPOUND_ADJECTIVE.test(span)) return undefined;
  const name = span.slice(0, span.lastIndexOf('-'));
  return /[\p{Lu}\p{N}]/u.test(name) ? name : undefined;
}

/** Whether the span is one such noun or adjective. */
export function namesNothingParticular(span: string): boolean {
  if (COMPOUND_ADJECTIVE.test(span) || MULTIMER_ADJECTIVE.test(span)) return true;
  // lower case, or capitalised as a heading's or a sentence's first word is ("Architecture")
  return /^\p{L}[\p{Ll}]+$/u.test(span) && GENERIC_NOUNS.has(span.toLowerCase());
}
