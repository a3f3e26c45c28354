// Captions written in a code chunk's options, which Quarto and knitr print under the figure or table
// the chunk makes: Quarto's `#| fig-cap: …` / `#| tbl-cap: …` lines and R Markdown's literal
// `fig.cap = "…"` in the chunk header. A caption computed by code (`fig.cap = figs('a')`) or spread
// over several lines (a YAML block scalar) is not read.
import { isScalar, parseDocument } from 'yaml';
import type { FrontMatterField } from './frontmatter.ts';

const QUARTO_CAPTION = /^[ \t]*#\|[ \t]*(fig-cap|tbl-cap)[ \t]*:[ \t]*(.*?)[ \t\r]*$/gm;
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
  for (const m of source.matchAll(QUARTO_CAPTION)) {
    const [line, name, raw] = m;
    if (raw === '' || /^[|>]/.test(raw)) continue;
    const key = `${name}: `;
    const node = parseDocument(key + raw).get(name, true);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const valueStart = m.index + line.trimEnd().length - raw.length;
    captions.push({
      value: node.value,
      span: { start: offset + valueStart + node.range[0] - key.length, end: offset + valueStart + node.range[1] - key.length },
    });
  }
  return captions.sort((a, b) => a.span.start - b.span.start);
}
