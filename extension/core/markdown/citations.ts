// Pandoc citations in Markdown / R Markdown / Quarto source: `[@key]`, `[see @a, p. 3; -@b]`,
// narrative `@key` and `@key [p. 3]`, `@{weird key}`. Quarto and pandoc-crossref references
// (`@fig-x`, `@tbl:y`) are not citations, nor are e-mail addresses; callers pass the spans of code,
// math, HTML and link destinations to leave alone.
import type { CitationKey, CitationOccurrence, Span } from '../types.ts';

/** Prefixes of Quarto / pandoc-crossref cross-reference ids, capitalised at a sentence's start (`@Fig-a`). */
const CROSSREF = /^(fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|apx|vid|tip|nte|wrn|imp|cau)[-:]/i;

/** Reads a pandoc citation key at `i` (just after the @); returns its span or undefined. */
export function readPandocKey(text: string, i: number): Span | undefined {
  if (text[i] === '{') {
    const close = text.indexOf('}', i + 1);
    if (close < 0 || close - i > 300 || text.slice(i + 1, close).includes('\n')) return undefined;
    return close > i + 1 ? { start: i + 1, end: close } : undefined;
  }
  if (!/[\p{L}\p{N}_]/u.test(text[i] ?? '')) return undefined;
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (/[\p{L}\p{N}_]/u.test(ch)) j++;
    else if (/[:.#$%&\-+?<>~/]/.test(ch) && /[\p{L}\p{N}_]/u.test(text[j + 1] ?? '')) j += 2;
    else break;
  }
  return { start: i, end: j };
}

/** The spans sorted and merged where they overlap or touch, so that isExcluded can binary-search them. */
function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

function isExcluded(sorted: readonly Span[], at: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].end <= at) lo = mid + 1;
    else if (sorted[mid].start > at) hi = mid - 1;
    else return true;
  }
  return false;
}

function keyAt(text: string, at: number): { key: CitationKey; end: number } | undefined {
  const span = readPandocKey(text, at + 1);
  if (!span) return undefined;
  const key = text.slice(span.start, span.end);
  if (CROSSREF.test(key)) return undefined;
  return { key: { key, span }, end: text[at + 1] === '{' ? span.end + 1 : span.end };
}

/** Tries to read a bracketed citation group at `open` ('['); returns it when every item holds a key. */
function bracketGroup(text: string, file: string, open: number, excluded: readonly Span[]): CitationOccurrence | undefined {
  if (text[open - 1] === '!' || text[open - 1] === ']' || text[open - 1] === '^') return undefined;
  let depth = 0;
  let close = -1;
  for (let j = open + 1; j < text.length && j - open < 2000; j++) {
    const ch = text[j];
    if (ch === '\\') {
      j++;
      continue;
    }
    if (ch === '\n' && /^\n[ \t]*\n/.test(text.slice(j, j + 40))) break;
    if (ch === '[') depth++;
    else if (ch === ']') {
      if (depth === 0) {
        close = j;
        break;
      }
      depth--;
    }
  }
  if (close < 0) return undefined;
  if (text[close + 1] === '(' || text[close + 1] === '[' || text[close + 1] === '{') return undefined;
  const keys: CitationKey[] = [];
  let allSuppressed = true;
  let prefix: string | undefined;
  let suffix: string | undefined;
  let itemStart = open + 1;
  const items: Span[] = [];
  for (let j = open + 1; j <= close; j++) {
    if (j === close || text[j] === ';') {
      items.push({ start: itemStart, end: j });
      itemStart = j + 1;
    }
  }
  for (let n = 0; n < items.length; n++) {
    const item = items[n];
    let found: { key: CitationKey; end: number; at: number } | undefined;
    for (let j = item.start; j < item.end; j++) {
      if (text[j] !== '@' || isExcluded(excluded, j)) continue;
      if (j > item.start && /[\p{L}\p{N}_]/u.test(text[j - 1])) continue;
      const k = keyAt(text, j);
      if (k) {
        found = { ...k, at: j };
        break;
      }
    }
    if (!found) return undefined;
    const suppressed = text[found.at - 1] === '-' && found.at - 1 >= item.start;
    if (!suppressed) allSuppressed = false;
    keys.push(found.key);
    const pre = text.slice(item.start, suppressed ? found.at - 1 : found.at).replace(/\s+/g, ' ').trim();
    const post = text.slice(found.end, item.end).replace(/\s+/g, ' ').replace(/^,\s*/, '').trim();
    // one item's notes are the citation's; several items each keep their own ("[see @a, sec. 2; also @b]")
    const notes = items.length === 1 ? undefined : found.key;
    if (pre) {
      if (notes) notes.prefix = pre;
      else prefix = pre;
    }
    if (post) {
      if (notes) notes.suffix = post;
      else suffix = post;
    }
  }
  if (keys.length === 0) return undefined;
  const occ: CitationOccurrence = { file, span: { start: open, end: close + 1 }, command: 'pandoc', form: allSuppressed ? 'year-only' : 'parenthetical', keys };
  if (prefix) occ.prefix = prefix;
  if (suffix) occ.suffix = suffix;
  return occ;
}

/**
 * Every pandoc citation in a Markdown source, in order. `excluded` lists spans (in any order,
 * overlapping or not) where no citation can be: code, math, HTML, front matter, link destinations,
 * link reference definitions (`[label]: url`, which the parser tells from a paragraph's `[@a]: so`).
 */
export function findPandocCitations(text: string, file: string, excluded: readonly Span[] = []): CitationOccurrence[] {
  const sorted = mergeSpans(excluded);
  const out: CitationOccurrence[] = [];
  let covered = -1;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < covered || isExcluded(sorted, at)) continue;
    // A bracketed group around this @: look back for its '[' on the same paragraph.
    let open = -1;
    for (let j = at - 1; j >= 0 && at - j < 1000; j--) {
      const ch = text[j];
      if (ch === ']' || (ch === '\n' && /^\n[ \t]*\n/.test(text.slice(j, j + 40)))) break;
      if (ch === '[' && text[j - 1] !== '\\') {
        open = j;
        break;
      }
    }
    if (open >= 0 && open > covered && !isExcluded(sorted, open)) {
      const group = bracketGroup(text, file, open, sorted);
      if (group && group.span.end > at) {
        out.push(group);
        covered = group.span.end;
        continue;
      }
    }
    if (at > 0 && /[\p{L}\p{N}_\\`]/u.test(text[at - 1])) continue;
    const k = keyAt(text, at);
    if (!k) continue;
    // Pandoc drops a trailing period etc. from an in-text key: `@key.` cites "key".
    const occ: CitationOccurrence = { file, span: { start: at, end: k.end }, command: 'pandoc', form: 'narrative', keys: [k.key] };
    const m = /^[ \t]?\[([^\]@\n]*)\]/.exec(text.slice(k.end, k.end + 300));
    if (m && !/^[ \t]?\[[^\]]*\]\(/.test(text.slice(k.end, k.end + 300))) {
      occ.suffix = m[1].trim();
      occ.span.end = k.end + m[0].length;
    }
    out.push(occ);
    covered = occ.span.end;
  }
  return out;
}
