// BibTeX name lists → PersonName, following BibTeX's own rules: "First von Last",
// "von Last, First", "von Last, Jr, First"; a name wholly in braces is literal ({The SciPy Community});
// `and others` marks a truncated list. Case tests look at the raw LaTeX, as BibTeX does.
// biblatex's extended form (`family=Smith, given=John, prefix=van`) is read too.
import type { PersonName } from '../types.ts';
import { expandConditionals, latexToUnicode } from './latex-to-unicode.ts';

/** A parsed name list; `others` is set when the list ends in `and others` (printed "et al."). */
export interface NameList {
  names: PersonName[];
  others: boolean;
}

/** Splits `a and b and c` at depth-0 " and " (any case), as BibTeX does. */
export function splitNameList(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === 'a' || c === 'A') && i > 0 && /\s/.test(raw[i - 1])
      && /^and\s/i.test(raw.slice(i, i + 4))) {
      out.push(raw.slice(last, i - 1));
      i += 3;
      last = i;
    }
  }
  out.push(raw.slice(last));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function splitDepth0(raw: string, sep: (c: string) => boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      // `\~n`, `\,`: an escaped character is never a separator.
      escaped = false;
      cur += c;
      continue;
    }
    if (c === '\\') escaped = true;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (depth === 0 && !escaped && sep(c)) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function words(part: string): string[] {
  return splitDepth0(part, (c) => c === ' ' || c === '~' || c === '\t' || c === '\n' || c === '\r')
    .filter((w) => w.length > 0);
}

/** 'lower' | 'upper' | 'none' for a BibTeX token, judged by its first depth-0 letter or special character. */
function tokenCase(token: string): 'lower' | 'upper' | 'none' {
  let depth = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '{') {
      if (depth === 0 && token[i + 1] === '\\') {
        // A special character such as {\"o} or {\ss}: its case decides.
        let d = 0;
        let j = i;
        for (; j < token.length; j++) {
          if (token[j] === '{') d++;
          else if (token[j] === '}' && --d === 0) break;
        }
        const decoded = latexToUnicode(token.slice(i, j + 1));
        const letter = /\p{L}/u.exec(decoded);
        if (letter) return letter[0] === letter[0].toLowerCase() && letter[0] !== letter[0].toUpperCase() ? 'lower' : 'upper';
        i = j;
        continue;
      }
      depth++;
      continue;
    }
    if (c === '}') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (c === '\\') {
      const m = /^\\([^A-Za-z]|[A-Za-z]+)\s*\{?\s*(\\?[A-Za-z])/.exec(token.slice(i));
      if (m) {
        const decoded = latexToUnicode(token.slice(i));
        const letter = /\p{L}/u.exec(decoded);
        if (letter) return letter[0] === letter[0].toLowerCase() && letter[0] !== letter[0].toUpperCase() ? 'lower' : 'upper';
      }
      continue;
    }
    if (/\p{Ll}/u.test(c)) return 'lower';
    if (/\p{Lu}|\p{Lt}/u.test(c)) return 'upper';
  }
  return 'none';
}

function joinDecoded(tokens: string[]): string | undefined {
  if (tokens.length === 0) return undefined;
  const s = latexToUnicode(tokens.join(' '));
  return s.length > 0 ? s : undefined;
}

function make(first: string[], von: string[], last: string[], jr: string[]): PersonName {
  const name: PersonName = { family: joinDecoded(last) ?? joinDecoded(von) ?? joinDecoded(first) ?? '' };
  const given = joinDecoded(first);
  if (given !== undefined && (last.length > 0 || von.length > 0)) name.given = given;
  const particle = last.length > 0 ? joinDecoded(von) : undefined;
  if (particle !== undefined) name.particle = particle;
  const suffix = joinDecoded(jr);
  if (suffix !== undefined) name.suffix = suffix;
  return name;
}

const EXTENDED_KEYS = /^\s*(family|given|prefix|suffix|useprefix|given-i|family-i|prefix-i|suffix-i)\s*=/i;

function parseExtended(parts: string[]): PersonName | undefined {
  if (!parts.every((p) => EXTENDED_KEYS.test(p) || p.trim() === '')) return undefined;
  const map = new Map<string, string>();
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    map.set(p.slice(0, eq).trim().toLowerCase(), latexToUnicode(value));
  }
  const family = map.get('family');
  if (family === undefined) return undefined;
  const name: PersonName = { family };
  const given = map.get('given');
  if (given) name.given = given;
  const prefix = map.get('prefix');
  if (prefix) name.particle = prefix;
  const suffix = map.get('suffix');
  if (suffix) name.suffix = suffix;
  return name;
}

/** Parses one BibTeX name (raw LaTeX, one item of an `and` list). */
export function parseName(raw: string): PersonName {
  const trimmed = raw.trim().replace(/,\s*$/, '');
  if (trimmed.startsWith('{') && isSingleGroup(trimmed)) {
    const literal = latexToUnicode(trimmed);
    return { family: literal, literal };
  }
  const parts = splitDepth0(trimmed, (c) => c === ',').map((p) => p.trim());
  if (parts.length > 1) {
    const extended = parseExtended(parts);
    if (extended) return extended;
  }
  if (parts.length === 1) {
    const w = words(parts[0]);
    if (w.length <= 1) return make([], [], w, []);
    // First von Last: von starts at the first lower-case word (never the last word) and runs to the last lower-case one.
    let f = -1;
    let l = -1;
    for (let i = 0; i < w.length - 1; i++) {
      if (tokenCase(w[i]) === 'lower') {
        if (f < 0) f = i;
        l = i;
      }
    }
    if (f < 0) return make(w.slice(0, -1), [], w.slice(-1), []);
    return make(w.slice(0, f), w.slice(f, l + 1), w.slice(l + 1), []);
  }
  const head = words(parts[0]);
  const jr = parts.length >= 3 ? words(parts[1]) : [];
  const first = words(parts.length >= 3 ? parts.slice(2).join(', ') : parts[1]);
  // von Last: von is everything up to the last lower-case word that is not the final word.
  let l = -1;
  for (let i = 0; i < head.length - 1; i++) if (tokenCase(head[i]) === 'lower') l = i;
  return make(first, head.slice(0, l + 1), head.slice(l + 1), jr);
}

function isSingleGroup(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      depth--;
      if (depth === 0 && i < s.length - 1) return false;
    }
  }
  return depth === 0;
}

/** Parses a BibTeX name list (`author`, `editor`) from raw LaTeX. */
export function parseNameList(raw: string): NameList {
  const names: PersonName[] = [];
  let others = false;
  for (const item of splitNameList(expandConditionals(raw))) {
    if (item.toLowerCase() === 'others') {
      others = true;
      continue;
    }
    const name = parseName(item);
    if (name.family.length > 0 || name.given) names.push(name);
  }
  return { names, others };
}
