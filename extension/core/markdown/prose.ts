// Markdown (pandoc, R Markdown, Quarto) → prose through mdast-util-from-markdown: emphasis keeps its
// text, code and R/Python chunks are skipped (but for the captions in their options), an image alone
// in its paragraph is a figure whose text is a caption, inline code and math become placeholders,
// HTML comments, Quarto div fences, attribute blocks and raw LaTeX commands vanish (a raw LaTeX math
// environment is math: one placeholder), citations are rendered.
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { math } from 'micromark-extension-math';
import type { CitationOccurrence, CitationRenderer, ProseText, Span } from '../types.ts';
import { appendAligned, ProseBuilder } from '../prose/builder.ts';
import { mathAsText } from '../prose/math-as-text.ts';
import { PLACEHOLDER } from '../prose/placeholders.ts';
import { SpanIndex } from '../prose/span-index.ts';
import type { ConvertedParagraph, ConvertedSegment, SegmentRole } from '../prose/types.ts';
import { DEFAULT_COMMANDS, DEFAULT_ENVIRONMENTS } from '../latex/commands.ts';
import { readMandatory, readOptional } from '../latex/scan.ts';
import { withReadNotes } from '../citations/notes.ts';
import { chunkCaptions } from './chunk-captions.ts';
import { findPandocCitations } from './citations.ts';
import { readMarkdownFrontMatter } from './frontmatter.ts';

export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, {
    extensions: [frontmatter(['yaml']), math(), gfmFootnote(), gfmTable()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), mathFromMarkdown(), gfmFootnoteFromMarkdown(), gfmTableFromMarkdown()],
  });
}

/** A unit of conversion: a paragraph, heading, table-free block, or a front matter field. */
export interface MarkdownBlock {
  role: SegmentRole;
  span: Span;
  node?: Nodes;
  /** For front matter fields: the decoded value. */
  value?: string;
  /** Only this part of the node is read (a pandoc inline footnote `^[...]` inside a paragraph). */
  range?: Span;
}

export interface MarkdownOutline {
  blocks: MarkdownBlock[];
  /** Spans where neither prose nor citations are read. */
  excluded: Span[];
  citations: CitationOccurrence[];
  /** Quarto / pandoc-crossref references (`@fig-x`), read as the words they print ("Figure 1"). */
  crossrefs: { span: Span; text: string }[];
  /** Raw LaTeX math environments (`\begin{equation}…\end{equation}`), each read as one math placeholder; also in `excluded`. */
  displayMath: Span[];
}

const CROSSREF_WORDS: Record<string, string> = { fig: 'Figure 1', tbl: 'Table 1', sec: 'Section 1', eq: 'Equation 1', lst: 'Listing 1', thm: 'Theorem 1', lem: 'Lemma 1' };
const CROSSREF_RE = /(^|[^\p{L}\p{N}_@])(@(fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|apx)[-:][\p{L}\p{N}_]+(?:[-:.][\p{L}\p{N}_]+)*)/giu;

function spanOf(node: Nodes): Span | undefined {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s === undefined || e === undefined ? undefined : { start: s, end: e };
}

/** Attribute blocks: `{#id .class}`, `{=latex}`, after a span `[text]{...}`, and pandoc's unnumbered `{-}` (`{- .class}`) ending a line. */
const ATTRIBUTES = /\{[#.][^{}\n]*\}|\{=[a-z]+\}|(?<=[)\]])\{[^{}\n]*\}|\{-(?:[ \t][^{}\n]*)?\}(?=[ \t]*(?:\r?\n|$))/g;
const DIV_FENCE = /^[ \t]*:::.*$/gm;
/** pandoc's definition-list marker (`: definition`) and table-caption prefixes (`: caption`, `Table: caption`). */
const LINE_MARKER = /^[ \t]{0,3}(?:Table)?:[ \t]+(?=\S)/gm;
const RAW_TEX = /\\[A-Za-z]+\*?/g;
/**
 * A Windows path, "C:\bin\minimap2", "C:\Program Files\R": its names are no raw LaTeX commands. pandoc
 * reads "\bin" as one (dropped from HTML, an undefined control sequence in a PDF), but the writer means the path.
 * A folder's name holds spaces only before capitals or digits ("Program Files"), so "C:\data were aligned\footnote{…}"
 * is the path "C:\data"; and it ends before a command with an argument ("A:\textbf{x}" is no path).
 */
const WINDOWS_PATH = /(?<![\p{L}\p{N}])[A-Za-z]:\\(?:[^\s\\<>:"|?*{}]+(?: [\p{Lu}\p{N}(][^\s\\<>:"|?*{}]*)*\\)*[^\s\\<>:"|?*{}]*/gu;
const COMMAND_WITH_ARGUMENT = /\\[A-Za-z]+\*?(?=\s*[{[])/;

/** The Windows paths of a Markdown text (WINDOWS_PATH), each up to a LaTeX command with an argument inside it. */
function windowsPaths(text: string): Span[] {
  const paths: Span[] = [];
  for (const m of text.matchAll(WINDOWS_PATH)) {
    const command = COMMAND_WITH_ARGUMENT.exec(text.slice(m.index, m.index + m[0].length + 1));
    const end = m.index + (command && command.index < m[0].length ? command.index : m[0].length);
    if (end - m.index > 3) paths.push({ start: m.index, end });
  }
  return paths;
}

const SHORTCODE = /\{\{[<%][\s\S]*?[>%]\}\}/g;
const SUB_SUPERSCRIPT = /(?<![~\\])~[^\s~]{1,20}~(?!~)|(?<![\^\\])\^[^\s^[\]]{1,20}\^(?!\^)/g;
/** A reference link or image, full (`[text][ref]`) or collapsed (`[text][]`); not a numeric citation such as `[1][2]`. */
const REFERENCE_LINK = /(?<![\]\\])(!?)\[(?![\d\s,–-]+\])([^[\]\n]+)\]\[[^[\]\n]*\]/g;
/** A footnote reference whose definition sits in another chunk: `[^note]`. */
const NOTE_REF = /\[\^[^\]\s]+\](?!:)/g;

/** pandoc attribute blocks (`{#sec:a}`, `{width=50%}` after an image or a link, `{.class}`, `{-}`), which are no text. */
export function markdownAttributeSpans(text: string): Span[] {
  return [...text.matchAll(new RegExp(ATTRIBUTES.source, 'g'))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The index of the `]` closing the bracket opened just before `from` (backslash escapes skipped), or -1 before `end`. */
function closingBracket(text: string, from: number, end: number): number {
  let depth = 0;
  for (let j = from; j < end; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '[') depth++;
    else if (text[j] === ']' && depth-- === 0) return j;
  }
  return -1;
}

/** Pandoc inline footnotes `^[...]` inside a span (balanced brackets). */
function inlineNotes(text: string, span: Span): Span[] {
  const notes: Span[] = [];
  for (let k = text.indexOf('^[', span.start); k >= 0 && k < span.end; k = text.indexOf('^[', k + 2)) {
    const close = closingBracket(text, k + 2, Math.min(span.end, k + 4000));
    if (close < 0) continue;
    notes.push({ start: k, end: close + 1 });
    k = close;
  }
  return notes;
}

/**
 * The image of a paragraph that holds nothing else (but white space, an attribute block and the
 * fences of a Quarto figure div, which are in its paragraph when no blank line parts them), with
 * the source span of its text (`![text](file.png){#fig-a}`); undefined for other paragraphs.
 */
function figureCaption(paragraph: Extract<Nodes, { type: 'paragraph' }>, text: string): { image: Span; label: Span } | undefined {
  const images = paragraph.children.filter((c) => c.type === 'image');
  const others = paragraph.children.filter((c) => c.type !== 'image');
  if (images.length !== 1 || others.some((c) => c.type !== 'text' || c.value.replace(ATTRIBUTES, '').replace(DIV_FENCE, '').trim() !== '')) return undefined;
  const image = spanOf(images[0]);
  if (!image || !text.startsWith('![', image.start)) return undefined;
  const close = closingBracket(text, image.start + 2, image.end);
  return close > image.start + 2 ? { image, label: { start: image.start + 2, end: close } } : undefined;
}

/** A citation note as printed: inline Markdown read ("*see*" → "see", "`x`" → "code", "$k$" → "x"). */
export function markdownNoteText(note: string): string {
  if (!/[*_`$\\[<&]/.test(note)) return note;
  const text = (node: Nodes): string => {
    switch (node.type) {
      case 'text': return node.value;
      case 'inlineCode': return PLACEHOLDER.code;
      case 'inlineMath': {
        const at = spanOf(node);
        return (at && mathAsText(node.value, note[at.start - 1], note.slice(at.end, at.end + 3))) ?? PLACEHOLDER.math;
      }
      case 'html': return '';
      default: return 'children' in node ? (node.children as Nodes[]).map(text).join('') : '';
    }
  };
  return text(parseMarkdown(note)).replace(/\s+/g, ' ').trim();
}

/** The inline Markdown of text[span] as a parsed paragraph, its positions in the whole text. */
function parseInline(text: string, span: Span): Nodes {
  const root = parseMarkdown(text.slice(span.start, span.end));
  const shift = (node: Nodes): void => {
    if (node.position) {
      node.position.start.offset = (node.position.start.offset ?? 0) + span.start;
      node.position.end.offset = (node.position.end.offset ?? 0) + span.start;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) shift(c);
  };
  shift(root);
  return root;
}

/** Finds the blocks of prose, the excluded spans and the citations of a whole Markdown document. */
export function outlineMarkdown(text: string, file: string, root: Root = parseMarkdown(text)): MarkdownOutline {
  const blocks: MarkdownBlock[] = [];
  const excluded: Span[] = [];
  // Inline footnotes: not part of their paragraph's prose, but their citations are citations.
  const notes: Span[] = [];
  const visit = (node: Nodes, role: SegmentRole = 'paragraph'): void => {
    const span = spanOf(node);
    switch (node.type) {
      case 'yaml': {
        // Front matter is not prose, except the title, subtitle and abstract (where pandoc reads citations too).
        const fm = readMarkdownFrontMatter(text);
        const fields = (['title', 'subtitle', 'abstract'] as const).flatMap((key) => {
          const f = fm?.[key];
          return f ? [{ role: key === 'abstract' ? 'abstract' as const : 'title' as const, f }] : [];
        }).sort((a, b) => a.f.span.start - b.f.span.start);
        let from = span ? span.start : 0;
        for (const { role, f } of fields) {
          blocks.push({ role, span: f.span, value: f.value });
          if (f.span.start > from) excluded.push({ start: from, end: f.span.start });
          from = Math.max(from, f.span.end);
        }
        if (span && span.end > from) excluded.push({ start: from, end: span.end });
        return;
      }
      case 'code': {
        if (!span) return;
        let from = span.start;
        for (const caption of chunkCaptions(text.slice(span.start, span.end), span.start)) {
          blocks.push({ role: 'caption', span: caption.span, value: caption.value });
          excluded.push({ start: from, end: caption.span.start });
          from = caption.span.end;
        }
        excluded.push({ start: from, end: span.end });
        return;
      }
      case 'inlineCode': case 'html': case 'math': case 'inlineMath': case 'definition': case 'footnoteReference':
        if (span) excluded.push(span);
        return;
      case 'footnoteDefinition':
        // The `[^1]:` label is not prose; the note's paragraphs are footnote segments.
        if (span) excluded.push({ start: span.start, end: span.start + node.identifier.length + 4 });
        for (const c of node.children) visit(c, 'footnote');
        return;
      case 'link': case 'image': {
        // The destination is not text: exclude from the end of the link text to the end of the node.
        const kids = 'children' in node ? node.children : [];
        const last = kids.length > 0 ? spanOf(kids[kids.length - 1]) : undefined;
        if (span) excluded.push({ start: last ? last.end : span.start, end: span.end });
        if (node.type === 'link') for (const c of node.children) visit(c);
        return;
      }
      case 'paragraph': case 'heading': {
        const caption = node.type === 'paragraph' ? figureCaption(node, text) : undefined;
        if (caption) {
          // pandoc's implicit figure: an image alone in its paragraph prints its text as a caption
          blocks.push({ role: 'caption', span: caption.label, node: parseInline(text, caption.label) });
          excluded.push({ start: caption.image.start, end: caption.label.start }, { start: caption.label.end, end: caption.image.end });
          return;
        }
        if (span) {
          blocks.push({ role: node.type === 'heading' ? 'title' : role, span, node });
          for (const note of inlineNotes(text, span)) {
            notes.push(note);
            blocks.push({ role: 'footnote', span: { start: note.start + 2, end: note.end - 1 }, node, range: { start: note.start + 2, end: note.end - 1 } });
          }
        }
        for (const c of node.children) visit(c);
        return;
      }
      default:
        if ('children' in node) for (const c of node.children as Nodes[]) visit(c, role);
    }
  };
  visit(root);
  // Raw LaTeX in pandoc Markdown (not in code, math or comments): commands LaTeX conversion would skip lose their arguments too.
  const structural = new SpanIndex(excluded.map((span) => ({ span })));
  const paths = new SpanIndex(windowsPaths(text).map((span) => ({ span })));
  const displayMath: Span[] = [];
  RAW_TEX.lastIndex = 0;
  for (let m = RAW_TEX.exec(text); m; m = RAW_TEX.exec(text)) {
    if (structural.covering(m.index) || paths.covering(m.index)) continue;
    const name = m[0].slice(1).replace(/\*$/, '');
    const math = name === 'begin' ? mathEnvironment(text, m.index + m[0].length) : undefined;
    if (math) {
      // A math environment (the LaTeX side's list) is math as a whole, as `$$…$$` is: its body is no prose.
      displayMath.push({ start: m.index, end: math });
      excluded.push({ start: m.index, end: math });
      RAW_TEX.lastIndex = math;
      continue;
    }
    const spec = DEFAULT_COMMANDS.get(name);
    if (spec?.action.kind === 'keep' && spec.signature === '{') {
      // `\emph{word}`: the word is prose, the command and its braces are not.
      const g = readMandatory(text, m.index + m[0].length);
      if (g && g.end - g.start < 400) {
        excluded.push({ start: m.index, end: g.innerStart }, { start: g.innerEnd, end: g.end });
        continue;
      }
    }
    if (!(spec?.action.kind === 'skip' || name === 'begin' || name === 'end')) continue;
    let end = m.index + m[0].length;
    for (const kind of spec?.signature ?? '{') {
      if (kind === '*') continue;
      const g = kind === '{' ? readMandatory(text, end) : readOptional(text, end);
      if (g && g.end - end < 400) end = g.end;
      else if (kind === '{') break;
    }
    excluded.push({ start: m.index, end });
  }
  // pandoc's subscripts and superscripts (H~2~O, Ca^2+^): the markers are not text
  for (const m of text.matchAll(SUB_SUPERSCRIPT)) excluded.push({ start: m.index, end: m.index + 1 }, { start: m.index + m[0].length - 1, end: m.index + m[0].length });
  // Chunks are parsed apart, so a reference link whose definition sits in another chunk is text here: keep only its words.
  for (const m of text.matchAll(REFERENCE_LINK)) {
    if (structural.covering(m.index)) continue;
    const close = m.index + m[1].length + 1 + m[2].length;
    if (m[1]) excluded.push({ start: m.index, end: m.index + m[0].length });
    else excluded.push({ start: m.index, end: m.index + 1 }, { start: close, end: m.index + m[0].length });
  }
  const inMath = new SpanIndex(displayMath.map((span) => ({ span })));
  for (const re of [ATTRIBUTES, DIV_FENCE, LINE_MARKER, RAW_TEX, SHORTCODE, NOTE_REF]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (inMath.covering(m.index) || (re === RAW_TEX && paths.covering(m.index))) continue;
      excluded.push({ start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  excluded.sort((a, b) => a.start - b.start);
  const citations = findPandocCitations(text, file, excluded);
  const crossrefs: MarkdownOutline['crossrefs'] = [];
  for (const m of text.matchAll(/\\@ref\([^()\n]*\)/g)) {
    if (!excluded.some((e) => e.start <= m.index && m.index < e.end)) crossrefs.push({ span: { start: m.index, end: m.index + m[0].length }, text: PLACEHOLDER.ref });
  }
  for (const m of text.matchAll(CROSSREF_RE)) {
    const start = m.index + m[1].length;
    if (excluded.some((e) => e.start <= start && start < e.end)) continue;
    crossrefs.push({ span: { start, end: start + m[2].length }, text: CROSSREF_WORDS[m[3].toLowerCase()] ?? PLACEHOLDER.ref });
  }
  crossrefs.sort((a, b) => a.span.start - b.span.start);
  excluded.push(...notes);
  excluded.sort((a, b) => a.start - b.start);
  return { blocks, excluded, citations, crossrefs, displayMath };
}

/** The end of the `\end{name}` closing a math environment whose `{name}` starts at `from` (just after `\begin`); undefined for other environments or an unclosed one. */
function mathEnvironment(text: string, from: number): number | undefined {
  const g = readMandatory(text, from);
  if (!g || g.end - from > 40) return undefined;
  const name = text.slice(g.innerStart, g.innerEnd).trim();
  if (DEFAULT_ENVIRONMENTS.get(name)?.action.kind !== 'math') return undefined;
  const endTag = `\\end{${name}}`;
  const close = text.indexOf(endTag, g.end);
  // pandoc reads an environment as raw LaTeX only when it is closed; a stray one is text
  return close < 0 || close - g.end > 20000 ? undefined : close + endTag.length;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: ' ', ndash: '–', mdash: '—', hellip: '…' };

class MarkdownEmitter {
  readonly out = new ProseBuilder();
  readonly citations: { occurrence: CitationOccurrence; proseSpan: Span }[] = [];
  private emitted = new Set<CitationOccurrence>();
  private readonly citeIndex: SpanIndex<CitationOccurrence>;
  private readonly excludedIndex: SpanIndex<{ span: Span }>;
  private readonly refAt: Map<number, { span: Span; text: string }>;
  private readonly mathAt: Map<number, Span>;
  private readonly noteIndex: SpanIndex<{ span: Span }>;

  constructor(private readonly text: string, excluded: readonly Span[], cites: readonly CitationOccurrence[], private readonly render: CitationRenderer,
    crossrefs: readonly { span: Span; text: string }[] = [], private readonly range?: Span, displayMath: readonly Span[] = []) {
    this.citeIndex = new SpanIndex(cites);
    this.excludedIndex = new SpanIndex(excluded.map((span) => ({ span })));
    this.refAt = new Map(crossrefs.map((r) => [r.span.start, r]));
    this.mathAt = new Map(displayMath.map((m) => [m.start, m]));
    this.noteIndex = new SpanIndex(excluded.filter((e) => text.startsWith('^[', e.start)).map((span) => ({ span })));
  }

  private inRange(span: Span): boolean {
    return !this.range || (span.start >= this.range.start && span.end <= this.range.end);
  }

  private citationAt(at: number): CitationOccurrence | undefined {
    return this.citeIndex.covering(at);
  }

  /** Source offset where the last placeholder ended, so a word glued to it gets a space. */
  private placeholderEnd = -1;

  private placeholder(word: string, start: number, end: number): void {
    const last = this.out.lastChar();
    if (last !== undefined && /[\p{L}\p{N}]/u.test(last)) this.out.space(start, start + 1);
    this.out.replace(word, start, end);
    this.placeholderEnd = end;
  }

  /**
   * A raw LaTeX math environment: the math placeholder, with a full stop when a capitalised word
   * follows, as the LaTeX side reads display math, so that the sentence splitter ends the sentence.
   */
  private displayMath(math: Span): void {
    this.placeholder(PLACEHOLDER.math, math.start, math.end);
    const next = /^\s*(\S)/.exec(this.text.slice(math.end, math.end + 200));
    if (next && /\p{Lu}/u.test(next[1])) this.out.replace('.', math.end - 1, math.end);
  }

  /** Emits source[start, end) of a text node, honouring escapes, entities, exclusions and citations. */
  sourceText(from: number, to: number): void {
    const t = this.text;
    const start = this.range ? Math.max(from, this.range.start) : from;
    const end = this.range ? Math.min(to, this.range.end) : to;
    let k = start;
    while (k < end) {
      const occ = this.citationAt(k);
      if (occ) {
        if (!this.emitted.has(occ)) {
          this.emitted.add(occ);
          const rendered = this.render(withReadNotes(occ, markdownNoteText));
          if (rendered.length > 0) {
            const last = this.out.lastChar();
            if (last !== undefined && /[\p{L}\p{N}]/u.test(last) && /^[\p{L}\p{N}(\[]/u.test(rendered)) this.out.space(occ.span.start, occ.span.start + 1);
            this.out.replace(rendered, occ.span.start, occ.span.end);
          }
          this.citations.push({ occurrence: occ, proseSpan: { start: this.out.length - rendered.length, end: this.out.length } });
        }
        k = Math.max(k + 1, Math.min(occ.span.end, end));
        continue;
      }
      const ref = this.refAt.get(k);
      if (ref) {
        this.placeholder(ref.text, ref.span.start, ref.span.end);
        k = Math.max(k + 1, Math.min(ref.span.end, end));
        continue;
      }
      const math = this.mathAt.get(k);
      if (math) {
        this.displayMath(math);
        k = Math.max(k + 1, Math.min(math.end, end));
        continue;
      }
      const ex = this.excludedIndex.covering(k);
      if (ex) {
        k = Math.min(ex.span.end, end);
        continue;
      }
      const ch = t[k];
      if (/\s/.test(ch)) {
        let j = k + 1;
        while (j < end && /\s/.test(t[j])) j++;
        this.out.space(k, j);
        k = j;
      } else if (ch === '\\' && k + 1 < end && /[!-/:-@[-`{-~]/.test(t[k + 1])) {
        this.out.replace(t[k + 1], k, k + 2);
        k += 2;
      } else if (ch === '&') {
        const m = /^&(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/.exec(t.slice(k, Math.min(end, k + 12)));
        const name = m?.[1];
        let decoded: string | undefined;
        if (name?.startsWith('#x')) decoded = String.fromCodePoint(Math.min(0x10ffff, parseInt(name.slice(2), 16)));
        else if (name?.startsWith('#')) decoded = String.fromCodePoint(Math.min(0x10ffff, Number(name.slice(1))));
        else if (name) decoded = ENTITIES[name];
        if (m && decoded) {
          this.out.replace(decoded, k, k + m[0].length);
          k += m[0].length;
        } else {
          this.out.copy(t, k, k + 1);
          k++;
        }
      } else {
        if (k === this.placeholderEnd && /[\p{L}\p{N}]/u.test(ch) && /[\p{L}\p{N}]/u.test(this.out.lastChar() ?? '')) this.out.replace(' ', k - 1, k);
        this.out.copy(t, k, k + 1);
        k++;
      }
    }
  }

  /** True for code or math inside an inline footnote, when converting the paragraph around the note. */
  private isExcludedNote(span: Span): boolean {
    if (this.range) return false;
    const note = this.noteIndex.covering(span.start);
    return note !== undefined && span.end <= note.span.end;
  }

  node(node: Nodes): void {
    const span = spanOf(node);
    switch (node.type) {
      case 'text':
        if (span) this.sourceText(span.start, span.end);
        return;
      case 'inlineCode':
        if (span && this.inRange(span) && !this.isExcludedNote(span) && !this.citationAt(span.start)) this.placeholder(PLACEHOLDER.code, span.start, span.end);
        return;
      case 'inlineMath':
        // inside a citation's note it is part of the rendered citation
        if (span && this.inRange(span) && !this.isExcludedNote(span) && !this.citationAt(span.start)) {
          const word = mathAsText(node.value, this.text[span.start - 1], this.text.slice(span.end, span.end + 3));
          if (word !== undefined) this.out.replace(word, span.start, span.end);
          else this.placeholder(PLACEHOLDER.math, span.start, span.end);
        }
        return;
      case 'break':
        // a backslash hard break: the space stands for the line end, not for the backslash (an entity's pieces leave markup out)
        if (span && this.inRange(span)) this.out.space(this.text[span.start] === '\\' ? Math.min(span.start + 1, span.end - 1) : span.start, span.end);
        return;
      case 'html': case 'image': case 'imageReference': case 'footnoteReference':
        return;
      default:
        if ('children' in node) for (const c of node.children as Nodes[]) this.node(c);
    }
  }
}

/** Converts one block of a parsed document (absolute offsets). */
export function convertMarkdownBlock(text: string, block: MarkdownBlock, outline: MarkdownOutline, render: CitationRenderer): ConvertedParagraph {
  const inBlock = outline.citations.filter((c) => c.span.start >= block.span.start && c.span.start < block.span.end);
  const refs = outline.crossrefs.filter((r) => r.span.start >= block.span.start && r.span.start < block.span.end);
  const excluded = block.range ? outline.excluded.filter((e) => !(e.start === block.range!.start - 2 && e.end === block.range!.end + 1)) : outline.excluded;
  const notes = outline.excluded.filter((e) => text.startsWith('^[', e.start));
  const cites = block.range
    ? inBlock.filter((c) => c.span.start >= block.range!.start && c.span.end <= block.range!.end)
    : inBlock.filter((c) => !notes.some((n) => n.start <= c.span.start && c.span.end <= n.end));
  const maths = outline.displayMath.filter((m) => m.start >= block.span.start && m.start < block.span.end);
  const emitter = new MarkdownEmitter(text, excluded, cites, render, refs, block.range, maths);
  if (block.node) emitter.node(block.node);
  else if (block.value !== undefined) {
    // A front matter field: YAML has decoded it; align its characters with the source. Its Markdown
    // (e.g. *emphasis* in a title) is read as text.
    const tmp = new ProseBuilder();
    appendAligned(tmp, block.value, text, block.span.start, block.span.end);
    const built = tmp.build();
    const out = emitter.out;
    const done = new Set<CitationOccurrence>();
    for (let k = 0; k < built.text.length; k++) {
      const ch = built.text[k];
      const occ = inBlock.find((c) => c.span.start <= built.sourceStart[k] && built.sourceStart[k] < c.span.end);
      if (occ) {
        if (!done.has(occ)) {
          done.add(occ);
          const rendered = render(withReadNotes(occ, markdownNoteText));
          const from = out.length;
          if (rendered.length > 0) out.replace(rendered, occ.span.start, occ.span.end);
          emitter.citations.push({ occurrence: occ, proseSpan: { start: from, end: out.length } });
        }
        continue;
      }
      if (/\s/.test(ch)) out.space(built.sourceStart[k], built.sourceEnd[k]);
      else if (built.sourceEnd[k] - built.sourceStart[k] === 1 && text[built.sourceStart[k]] === ch) out.copy(text, built.sourceStart[k], built.sourceEnd[k]);
      else out.replace(ch, built.sourceStart[k], built.sourceEnd[k]);
    }
  }
  emitter.out.trimEnd();
  const prose = emitter.out.build();
  const segments: ConvertedSegment[] = [];
  if (hasWord(prose, maths) && !looksLikeTable(prose.text)) {
    segments.push({ role: block.role, span: block.span, prose, citations: emitter.citations });
  }
  return { segments, citations: inBlock, problems: [] };
}

/** A letter or digit that is not a math environment's placeholder: an equation alone is not prose. */
function hasWord(prose: ProseText, maths: readonly Span[]): boolean {
  const starts = new Set(maths.map((m) => m.start));
  for (let i = 0; i < prose.text.length; i++) if (/[\p{L}\p{N}]/u.test(prose.text[i]) && !starts.has(prose.sourceStart[i])) return true;
  return false;
}

function looksLikeTable(prose: string): boolean {
  return /^\s*\|/.test(prose) && /\|\s*:?-{3,}/.test(prose);
}

/** Converts a self-contained chunk of Markdown (see splitMarkdownChunks); offsets relative to the chunk. */
export function convertMarkdownChunk(chunk: string, file: string, render: CitationRenderer): ConvertedParagraph {
  const outline = outlineMarkdown(chunk, file, parseMarkdown(chunk));
  const result: ConvertedParagraph = { segments: [], citations: outline.citations, problems: [] };
  for (const block of outline.blocks) result.segments.push(...convertMarkdownBlock(chunk, block, outline, render).segments);
  const fm = outline.blocks.some((b) => b.value !== undefined) ? readMarkdownFrontMatter(chunk) : undefined;
  for (const p of fm?.problems ?? []) {
    let offset = 0;
    for (let l = 0; l < p.line && offset >= 0; l++) offset = chunk.indexOf('\n', offset) + 1;
    result.problems.push({ offset: Math.max(0, offset) + p.column, message: p.message, severity: 'warning' });
  }
  return result;
}
