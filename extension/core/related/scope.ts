// Which paragraphs a query covers: the one at the cursor, the section around it, or the manuscript's
// title and abstract; and the query text they give, with every citation cut out (a citation's rendered
// author names are not content and would only find the paper already cited).
import type { ProseSegment, Span } from '../types.ts';

export type RelatedScope = 'paragraph' | 'section' | 'document' | 'selection';

export type ScopeLanguage = 'latex' | 'markdown' | 'rmd' | 'quarto';

const LATEX_HEADING = /\\(?:part|chapter|section|subsection|subsubsection)\*?\s*(?:\[[^\]]*\])?\s*\{/g;
const MARKDOWN_HEADING = /^(#{1,6})[ \t]+\S.*$|^\S.*\r?\n(?:=+|-+)[ \t]*$/gm;

/** Source offsets where sections start (headings), sorted. */
export function sectionStarts(text: string, language: ScopeLanguage): number[] {
  const pattern = language === 'latex' ? LATEX_HEADING : MARKDOWN_HEADING;
  const starts: number[] = [];
  for (const match of text.matchAll(pattern)) {
    if (language === 'latex') {
      const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
      if (/(^|[^\\])%/.test(text.slice(lineStart, match.index))) continue;
    }
    starts.push(match.index);
  }
  return starts;
}

/** The span of the LaTeX abstract environment or the YAML `abstract:` field, when there is one. */
export function abstractSpan(text: string, language: ScopeLanguage): Span | undefined {
  if (language === 'latex') {
    const begin = /\\begin\{abstract\}/.exec(text);
    if (!begin) return undefined;
    const end = text.indexOf('\\end{abstract}', begin.index);
    return { start: begin.index, end: end < 0 ? text.length : end };
  }
  const yaml = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.replace(/^\uFEFF/, ''));
  if (!yaml) return undefined;
  const at = /^abstract:/m.exec(yaml[1]);
  if (!at) return undefined;
  const offset = (text.startsWith('\uFEFF') ? 1 : 0) + yaml[0].indexOf(yaml[1]);
  const next = /^[A-Za-z_][\w-]*:/m.exec(yaml[1].slice(at.index + 9));
  return { start: offset + at.index, end: offset + at.index + 9 + (next ? next.index : yaml[1].length - at.index - 9) };
}

/** The manuscript's title as written (LaTeX `\title{...}` or YAML `title:`), markup left in. */
export function documentTitle(text: string, language: ScopeLanguage): string | undefined {
  if (language === 'latex') {
    const m = /\\title\s*(?:\[[^\]]*\])?\s*\{/.exec(text);
    if (!m) return undefined;
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    return text.slice(start, i - 1).replace(/\\[a-zA-Z]+\*?/g, ' ').replace(/[{}~]/g, ' ').replace(/\s+/g, ' ').trim() || undefined;
  }
  const m = /^title:[ \t]*["']?(.+?)["']?[ \t]*$/m.exec(text);
  return m ? m[1] : undefined;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/**
 * The segments a scope covers. `offset` is the cursor (source offset) for paragraph/section scope;
 * `selection` is the selected span for selection scope: each paragraph it touches, clipped to it.
 */
export function segmentsInScope(segments: readonly ProseSegment[], text: string, language: ScopeLanguage, scope: RelatedScope, offset: number, selection?: Span): ProseSegment[] {
  if (segments.length === 0) return [];
  if (scope === 'selection' && selection) return segments.flatMap((segment) => (overlaps(segment.span, selection) ? clipSegment(segment, selection) : []));
  if (scope === 'document') {
    const abstract = abstractSpan(text, language);
    const inAbstract = abstract ? segments.filter((segment) => overlaps(segment.span, abstract)) : [];
    // No abstract: the opening paragraphs stand in for it.
    return inAbstract.length > 0 ? inAbstract : segments.slice(0, 3);
  }
  // The paragraph at the cursor, or the nearest one before it (the cursor may sit on a blank line or a
  // heading): the one ending last, so not a footnote written inside that paragraph.
  let index = segments.findIndex((segment) => offset >= segment.span.start && offset <= segment.span.end);
  if (index < 0) {
    index = 0;
    for (let i = 0; i < segments.length; i++) if (segments[i].span.start <= offset && segments[i].span.end > segments[index].span.end) index = i;
  }
  if (scope === 'paragraph' || scope === 'selection') return [segments[index]];
  const starts = sectionStarts(text, language);
  const at = segments[index].span.start;
  let from = 0;
  let to = text.length;
  for (const start of starts) {
    if (start <= at) from = start;
    else {
      to = start;
      break;
    }
  }
  return segments.filter((segment) => segment.span.start >= from && segment.span.start < to);
}

/**
 * The part of a segment inside `selection`: the prose characters whose source overlaps it (a rendered
 * citation stands for its whole command), and of the citations only the keys written inside it. What a
 * selection sends is the selection's own text and citations, never the rest of its paragraph.
 */
export function clipSegment(segment: ProseSegment, selection: Span): ProseSegment[] {
  const { text, sourceStart, sourceEnd } = segment.prose;
  let from = -1;
  let to = -1;
  for (let i = 0; i < text.length; i++) {
    if (sourceStart[i] < selection.end && selection.start < Math.max(sourceEnd[i], sourceStart[i] + 1)) {
      if (from < 0) from = i;
      to = i + 1;
    }
  }
  if (from < 0) return [];
  if (from === 0 && to === text.length && segment.citations.every((c) => c.occurrence.keys.every((key) => overlaps(key.span, selection)))) return [segment];
  const clip = (span: Span): Span | undefined => {
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    return start < end ? { start: start - from, end: end - from } : undefined;
  };
  const sentences: Span[] = [];
  const sentenceIndex = new Map<number, number>();
  segment.sentences.forEach((sentence, i) => {
    const clipped = clip(sentence);
    if (!clipped) return;
    sentenceIndex.set(i, sentences.length);
    sentences.push(clipped);
  });
  const citations: ProseSegment['citations'] = [];
  for (const citation of segment.citations) {
    const proseSpan = clip(citation.proseSpan);
    if (!proseSpan) continue;
    const keys = citation.occurrence.keys.filter((key) => overlaps(key.span, selection));
    citations.push({ ...citation, occurrence: { ...citation.occurrence, keys }, proseSpan, sentence: sentenceIndex.get(citation.sentence) ?? 0 });
  }
  return [{
    ...segment,
    span: { start: Math.max(segment.span.start, selection.start), end: Math.min(segment.span.end, selection.end) },
    prose: { text: text.slice(from, to), sourceStart: sourceStart.slice(from, to), sourceEnd: sourceEnd.slice(from, to) },
    sentences,
    citations,
  }];
}

export interface ScopeQuery {
  /** The prose of the scope with citations removed, paragraphs separated by blank lines. */
  text: string;
  /** Keys cited inside the scope, in order of first appearance. */
  citedKeys: string[];
}

/** Prose of a segment with the rendered citations cut out (and the space around them tidied). */
export function proseWithoutCitations(segment: ProseSegment): string {
  const spans = segment.citations.map((citation) => citation.proseSpan).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += segment.prose.text.slice(at, span.start);
    at = span.end;
  }
  out += segment.prose.text.slice(at);
  return out.replace(/[([]\s*[;,]?\s*[)\]]/g, '').replace(/[ \t]+([.,;:])/g, '$1').replace(/[ \t]{2,}/g, ' ').trim();
}

export function scopeQuery(segments: readonly ProseSegment[], title?: string): ScopeQuery {
  // A title the segments already hold (a YAML `title:` or `\title` read as prose) is not counted twice.
  const words = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const held = title !== undefined && segments.some((segment) => words(segment.prose.text) === words(title));
  const parts: string[] = title && !held ? [title] : [];
  const citedKeys: string[] = [];
  const seen = new Set<string>();
  for (const segment of segments) {
    parts.push(proseWithoutCitations(segment));
    for (const citation of segment.citations) {
      for (const key of citation.occurrence.keys) {
        const lower = key.key.toLowerCase();
        if (!seen.has(lower)) {
          seen.add(lower);
          citedKeys.push(key.key);
        }
      }
    }
  }
  return { text: parts.filter((part) => part.length > 0).join('\n\n'), citedKeys };
}
