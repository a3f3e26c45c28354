// Captions written in a code chunk's options, which Quarto and knitr print under the figure or table
// the chunk makes: Quarto's `#| fig-cap:` / `#| tbl-cap:` options (YAML: a line, a block scalar over
// several `#|` lines, or a list of captions for a chunk's several figures) and R Markdown's literal
// `fig.cap = "…"` in the chunk header. A caption computed by code (`fig.cap = figs('a')`) is not read.
import { isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { FrontMatterField } from './frontmatter.ts';

const OPTION_LINE = /^([ \t]*#\| ?)(.*)$/;
const KNITR_CAPTION = /\b(fig\.cap|tab\.cap)\s*=\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** The captions of one fenced chunk (`source` is the whole fenced block, `offset` where it starts). */
export function chunkCaptions(source: string, offset: number): FrontMatterField[] {
  const firstLine = source.slice(0, source.indexOf('\n') < 0 ? source.length : source.indexOf('\n'));
  if (!/^\s*(`{3,}|~{3,})\s*\{/.test(firstLine)) return [];
  const captions: FrontMatterField[] = [];
  for (const m of firstLine.matchAll(KNITR_CAPTION)) {
    const quoted = m[2];
    const start = m.index + m[0].length - quoted.length + 1;
    captions.push({ value: quoted.slice(1, -1).replace(/\\(.)/g, '$1'), span: { start: offset + start, end: offset + start + quoted.length - 2 } });
  }
  captions.push(...optionCaptions(source, offset));
  return captions.sort((a, b) => a.span.start - b.span.start);
}

/** Quarto's `#|` options of a chunk as YAML, with where each character of it stands in the chunk. */
function chunkOptions(source: string): { yaml: string; at: number[] } {
  let yaml = '';
  const at: number[] = [];
  let lineStart = 0;
  for (const line of source.split('\n')) {
    const m = OPTION_LINE.exec(line.replace(/\r$/, ''));
    if (m) {
      for (let k = 0; k < m[2].length; k++) at.push(lineStart + m[1].length + k);
      at.push(lineStart + line.length);
      yaml += `${m[2]}\n`;
    }
    lineStart += line.length + 1;
  }
  return { yaml, at };
}

/** The `fig-cap` / `tbl-cap` strings of a chunk's options: one, or one per figure of a list. */
function optionCaptions(source: string, offset: number): FrontMatterField[] {
  const { yaml, at } = chunkOptions(source);
  if (!/\b(fig|tbl)-cap\s*:/.test(yaml)) return [];
  const document = parseDocument(yaml);
  if (document.errors.length > 0) return [];
  const out: FrontMatterField[] = [];
  const add = (node: Node | null | undefined) => {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '' || !node.range) return;
    // the scalar's own characters (a block scalar's indicator line left out), mapped back to the chunk
    let [start, end] = [node.range[0], node.range[1]];
    if (/^[|>]/.test(yaml.slice(start, end))) start = yaml.indexOf('\n', start) + 1;
    while (end > start && /\s/.test(yaml[end - 1])) end--;
    if (end <= start) return;
    out.push({ value: node.value, span: { start: offset + at[start], end: offset + at[end - 1] + 1 } });
  };
  for (const name of ['fig-cap', 'tbl-cap']) {
    const node = document.get(name, true) as Node | undefined;
    if (isSeq(node)) for (const item of node.items) add(item as Node);
    else add(node);
  }
  return out;
}
