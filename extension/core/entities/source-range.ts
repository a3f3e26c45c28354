// Places a prose entity on the source through the segment's per-character map. An entity may cross
// formatting (\emph{...}, Markdown emphasis), typeset characters (\"o, --, ~) and line breaks; it is
// refused when any of its characters stands for math, a reference, code, a URL or a citation, or
// when markup between its characters holds a comment or math.
import { PLACEHOLDER } from '../prose/placeholders.ts';
import type { ProseSegment, Span } from '../types.ts';
import type { ProseEntity, SourceEntity } from './types.ts';

const PLACEHOLDER_WORDS = new Set<string>(Object.values(PLACEHOLDER));

/** For each prose character: true when an entity may cover it. */
export function taggableMask(segment: Pick<ProseSegment, 'prose' | 'citations'>, source: string): Uint8Array {
  const { text, sourceStart, sourceEnd } = segment.prose;
  const mask = new Uint8Array(text.length).fill(1);
  for (const c of segment.citations) mask.fill(0, c.proseSpan.start, c.proseSpan.end);
  // A run of characters standing for one source span that reads as a placeholder word is not prose.
  for (let i = 0; i < text.length;) {
    let j = i + 1;
    while (j < text.length && sourceStart[j] === sourceStart[i] && sourceEnd[j] === sourceEnd[i]) j++;
    const copied = j - i === 1 && sourceEnd[i] - sourceStart[i] === 1 && source[sourceStart[i]] === text[i];
    if (!copied && PLACEHOLDER_WORDS.has(text.slice(i, j))) mask.fill(0, i, j);
    i = j;
  }
  return mask;
}

/** Markup between two characters of one entity may be formatting and white space, never a comment or math. */
function gapIsFormatting(gap: string): boolean {
  if (gap.length > 64) return false;
  return !/[%$]|<!--|\\\(|\\\[/.test(gap);
}

/** Places one entity; undefined when it cannot land exactly on prose source text. */
export function placeEntity(segment: Pick<ProseSegment, 'prose' | 'citations'>, source: string, entity: ProseEntity, mask = taggableMask(segment, source)): SourceEntity | undefined {
  const { text, sourceStart, sourceEnd } = segment.prose;
  let a = Math.max(0, entity.start);
  let b = Math.min(text.length, entity.end);
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  if (a >= b) return undefined;
  // A span that cuts a word printed by one piece of markup ("D" of a macro's "2.5D") takes all that
  // the markup prints, as its source range covers the markup.
  const oneSource = (i: number) => sourceStart[i - 1] === sourceStart[i] && sourceEnd[i - 1] === sourceEnd[i];
  const cutsWord = (i: number) => oneSource(i) && /[\p{L}\p{N}]/u.test(text[i - 1]) && /[\p{L}\p{N}]/u.test(text[i]);
  if (a > 0 && cutsWord(a)) while (a > 0 && oneSource(a)) a--;
  if (b < text.length && cutsWord(b)) while (b < text.length && oneSource(b)) b++;
  for (let i = a; i < b; i++) if (!mask[i]) return undefined;
  const pieces: Span[] = [];
  for (let i = a; i < b; i++) {
    const s = sourceStart[i];
    const e = sourceEnd[i];
    const last = pieces[pieces.length - 1];
    if (last && s < last.end) {
      // several prose characters from one source span (a typeset character read as two): one piece
      last.end = Math.max(last.end, e);
      continue;
    }
    if (last && s > last.end) {
      if (!gapIsFormatting(source.slice(last.end, s))) return undefined;
    }
    if (last && s === last.end) last.end = e;
    else pieces.push({ start: s, end: e });
  }
  const span = { start: pieces[0].start, end: pieces[pieces.length - 1].end };
  const out: SourceEntity = {
    span,
    pieces,
    text: source.slice(span.start, span.end),
    prose: text.slice(a, b),
    type: entity.type,
    score: entity.score,
    model: entity.model,
  };
  if (entity.longForm !== undefined) out.longForm = entity.longForm;
  if (entity.typedBecause !== undefined) out.typedBecause = entity.typedBecause;
  return out;
}

/** Places every entity of a segment, dropping the ones that would not land on prose. */
export function placeEntities(segment: Pick<ProseSegment, 'prose' | 'citations'>, source: string, entities: readonly ProseEntity[]): SourceEntity[] {
  const mask = taggableMask(segment, source);
  const out: SourceEntity[] = [];
  for (const e of entities) {
    const placed = placeEntity(segment, source, e, mask);
    if (placed) out.push(placed);
  }
  return out;
}
