// Which program reads the manuscript's bibliography, from the manuscript itself: biblatex (biber) when it
// loads the biblatex package or names a resource with \addbibresource; BibTeX when it sets a
// \bibliographystyle, loads natbib, or names files with \bibliography alone. Field names of new entries
// follow it (`journaltitle`/`date` for biblatex, `journal`/`year` for BibTeX, which does not know
// biblatex's names). Markdown (pandoc/citeproc reads both) says nothing: the .bib's own habit decides.

export type BibEngine = 'biblatex' | 'bibtex';

/** The source without comments (an escaped `\%` stays). */
function withoutComments(text: string): string {
  return text.replace(/(^|[^\\])%[^\n]*/g, '$1');
}

/** `\usepackage[...]{a,b}` / `\RequirePackage` package names, options spanning lines included. */
function packages(text: string): string[] {
  const out: string[] = [];
  const pattern = /\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) out.push(...m[1].split(',').map((name) => name.trim()));
  return out;
}

/** The engine the LaTeX sources (root and included files) declare, or undefined when they declare none. */
export function detectBibEngine(sources: readonly string[]): BibEngine | undefined {
  let bibtex = false;
  for (const source of sources) {
    const text = withoutComments(source);
    const names = packages(text);
    if (names.includes('biblatex') || /\\addbibresource\s*[[{]/.test(text) || /\\printbibliography\b/.test(text)) return 'biblatex';
    if (names.includes('natbib') || /\\bibliographystyle\s*\{/.test(text) || /\\bibliography\s*\{/.test(text)) bibtex = true;
  }
  return bibtex ? 'bibtex' : undefined;
}
