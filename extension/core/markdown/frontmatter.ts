// The YAML front matter of a pandoc / R Markdown / Quarto document: bibliography files, the
// inline bibliography (`references:`, CSL items in YAML), and the fields that are prose (title,
// subtitle, abstract), each with the source span of its value.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Span } from '../types.ts';

export interface FrontMatterField {
  /** The value as YAML reads it (block scalars unindented, quotes removed). */
  value: string;
  /** The span of the value node in the document. */
  span: Span;
}

export interface MarkdownFrontMatter {
  /** The whole block, from the opening `---` to the end of the closing `---`/`...` line. */
  span: Span;
  /** `bibliography:` as written: a string or a list of strings. */
  bibliography: string[];
  /** Where each of `bibliography` is written. */
  bibliographySpans: Span[];
  title?: FrontMatterField;
  subtitle?: FrontMatterField;
  abstract?: FrontMatterField;
  csl?: string;
  /** `references:` as written (pandoc's inline bibliography), when asked for; core/bib/inline-references.ts reads its items as entries. */
  references?: FrontMatterReferences;
  /** `link-citations`, `nocite` and other keys, as plain JS values. */
  data: Record<string, unknown>;
  problems: { line: number; column: number; message: string }[];
}

/** One item of `references:`: its value as plain JS, where it is written and, when it has one, where its `id` is. */
export interface FrontMatterReference {
  value: unknown;
  span: Span;
  /** The id's text, without quotes. */
  idSpan?: Span;
}

export interface FrontMatterReferences {
  /** The value of the field (the key when the value is empty). */
  span: Span;
  /** False when the value is neither a YAML list nor empty (then `items` is empty). */
  list: boolean;
  items: FrontMatterReference[];
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(---|\.\.\.)[ \t]*(\r?\n|$)/m;

/** Where the front matter sits: the YAML body span and the whole block span; undefined when there is none. */
export function findFrontMatter(text: string): { block: Span; body: Span } | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const open = OPEN.exec(text.slice(bom, bom + 8));
  if (!open) return undefined;
  const bodyStart = bom + open[0].length;
  CLOSE.lastIndex = 0;
  const rest = text.slice(bodyStart);
  const close = CLOSE.exec(rest);
  if (!close) return undefined;
  const bodyEnd = bodyStart + close.index;
  return { block: { start: 0, end: bodyEnd + close[0].length }, body: { start: bodyStart, end: bodyEnd } };
}

function stringField(node: unknown, offset: number): FrontMatterField | undefined {
  if (isScalar(node) && node.range && node.value !== null && node.value !== undefined) {
    return { value: String(node.value), span: { start: offset + node.range[0], end: offset + node.range[1] } };
  }
  return undefined;
}

function spanOf(node: { range?: [number, number, number] | null } | null | undefined, offset: number): Span | undefined {
  return node?.range ? { start: offset + node.range[0], end: offset + node.range[1] } : undefined;
}

function plain(node: unknown): unknown {
  try {
    return isScalar(node) || isMap(node) || isSeq(node) ? node.toJSON() : node;
  } catch {
    return undefined;
  }
}

function readReferences(keyNode: unknown, value: unknown, offset: number): FrontMatterReferences {
  const span = spanOf(isScalar(value) || isMap(value) || isSeq(value) ? value : undefined, offset) ?? spanOf(isScalar(keyNode) ? keyNode : undefined, offset) ?? { start: offset, end: offset };
  if (!isSeq(value)) return { span, list: value === null || value === undefined || (isScalar(value) && value.value === null), items: [] };
  const items: FrontMatterReference[] = [];
  for (const item of value.items) {
    const itemSpan = spanOf(isScalar(item) || isMap(item) || isSeq(item) ? item : undefined, offset) ?? span;
    const reference: FrontMatterReference = { value: plain(item), span: itemSpan };
    if (isMap(item)) {
      const id = item.items.find((pair) => isScalar(pair.key) && pair.key.value === 'id')?.value;
      if (isScalar(id) && id.range && id.value !== null && id.value !== undefined) {
        const quoted = id.type === 'QUOTE_SINGLE' || id.type === 'QUOTE_DOUBLE' ? 1 : 0;
        const start = offset + id.range[0] + quoted;
        reference.idSpan = { start, end: Math.max(start, offset + id.range[1] - quoted) };
      }
    }
    items.push(reference);
  }
  return { span, list: true, items };
}

/** Reads the front matter of a Markdown document. Never throws; YAML errors come back as problems. */
/** `references` asks for `references:` read item by item (only the inline bibliography needs it, not every keystroke's read). */
export function readMarkdownFrontMatter(text: string, options: { references?: boolean } = {}): MarkdownFrontMatter | undefined {
  const where = findFrontMatter(text);
  if (!where) return undefined;
  const yamlText = text.slice(where.body.start, where.body.end);
  const result: MarkdownFrontMatter = { span: where.block, bibliography: [], bibliographySpans: [], data: {}, problems: [] };
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    result.problems.push({ line: 1, column: 0, message: `YAML front matter: ${String(error)}` });
    return result;
  }
  const firstLine = text.slice(0, where.body.start).split('\n').length - 1;
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    result.problems.push({ line: firstLine + pos.line - 1, column: pos.col - 1, message: `YAML front matter: ${e.message.split('\n')[0]}` });
  }
  const root = doc.contents;
  if (!isMap(root)) return result;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    const value = pair.value;
    try {
      result.data[key] = isScalar(value) || isMap(value) || isSeq(value) ? value.toJSON() : value;
    } catch {
      // A value YAML cannot turn into JSON is left out of data.
    }
    if (key === 'bibliography') {
      for (const item of isSeq(value) ? value.items : [value]) {
        const field = isScalar(item) && typeof item.value === 'string' ? stringField(item, where.body.start) : undefined;
        if (!field) continue;
        result.bibliography.push(field.value);
        result.bibliographySpans.push(field.span);
      }
    } else if (key === 'title' || key === 'subtitle' || key === 'abstract') {
      const field = stringField(value, where.body.start);
      if (field) result[key] = field;
    } else if (key === 'csl' && isScalar(value) && typeof value.value === 'string') {
      result.csl = value.value;
    } else if (key === 'references' && options.references) {
      result.references = readReferences(pair.key, value, where.body.start);
    }
  }
  return result;
}
