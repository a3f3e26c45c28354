// Files a pandoc-family document reads into itself where it names them: Quarto's
// `{{< include _methods.qmd >}}` shortcode and knitr's child documents (a chunk header
// ```` ```{r, child = "methods.Rmd"} ```` or `child = c("a.Rmd", "b.Rmd")`). Paths are relative to the
// including file. Written by hand: no Markdown parser knows these two conventions.
import type { Span } from '../types.ts';

export interface MarkdownInclude {
  command: 'include' | 'child';
  /** As written. */
  path: string;
  /** The shortcode, or the chunk header that names the child. */
  span: Span;
}

// `{{{< include x >}}}` is Quarto's escape: it prints the shortcode, it includes nothing
const QUARTO_INCLUDE = /(?<!\{)\{\{<\s*include\s+(?:"([^"\n]+)"|'([^'\n]+)'|([^\s>]+))\s*>\}\}(?!\})/g;
const CHUNK_HEADER = /^[ \t]*(?:`{3,}|~{3,})[ \t]*\{r\b[^}\n]*\}/gim;
const CHILD_OPTION = /\bchild\s*=\s*(c\s*\([^)]*\)|"[^"\n]*"|'[^'\n]*')/;

/** The includes of a Markdown text, in source order. */
export function markdownIncludes(text: string): MarkdownInclude[] {
  const found: MarkdownInclude[] = [];
  for (const m of text.matchAll(QUARTO_INCLUDE)) {
    found.push({ command: 'include', path: m[1] ?? m[2] ?? m[3], span: { start: m.index, end: m.index + m[0].length } });
  }
  for (const m of text.matchAll(CHUNK_HEADER)) {
    const option = CHILD_OPTION.exec(m[0]);
    if (!option) continue;
    for (const q of option[1].matchAll(/"([^"\n]+)"|'([^'\n]+)'/g)) {
      found.push({ command: 'child', path: q[1] ?? q[2], span: { start: m.index, end: m.index + m[0].length } });
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}
