// The words that stand in prose for things that are not prose. Chosen to read naturally in a
// sentence ("as shown in Fig. 1, where x is the rate") while giving taggers nothing to tag:
// lower-case, no capital letters, no domain words. Every placeholder maps to the whole source span.
export const PLACEHOLDER = {
  /** Inline or display math: `$k_1$`, `\[ ... \]`, `equation` environments. */
  math: 'x',
  /** `\ref`, `\autoref`, `\cref`, a Quarto/pandoc-crossref `@fig-x`. */
  ref: '1',
  /** `\eqref`. */
  eqref: '(1)',
  /** `\url{...}`, a bare Markdown autolink. */
  url: 'example.org',
  /** Inline code: `\verb|x|`, `` `x` ``, inline R `` `r expr` ``. */
  code: 'code',
} as const;

export type PlaceholderKind = keyof typeof PLACEHOLDER;
