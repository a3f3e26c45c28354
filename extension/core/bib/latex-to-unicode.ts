// LaTeX inside BibTeX field values → the Unicode text it typesets, for display and matching:
// accents (`{\"o}`, `\"{o}`, `\'e`), special letters (`{\ss}`, `\o`), math (`$\alpha$`, `CO$_2$`),
// dashes, quotes and ties, formatting commands that keep their text (`\emph{x}`), braces dropped.
// A single left-to-right pass; unknown commands are dropped and their arguments kept.
import { combining, latex2unicode } from 'unicode2latex';
import { SUBSCRIPTS, SUPERSCRIPT_LETTERS, SUPERSCRIPTS } from './script-forms.ts';

type TableValue = string | { text?: string; math?: string };
const TABLE = latex2unicode as Record<string, TableValue>;
const ACCENTS = combining.tounicode as Record<string, string>;

/** Where the unicode2latex table gives a styled math symbol (𝜇) or nothing, readers expect plain text. */
const OVERRIDES: Record<string, string> = {
  '\\mu': 'μ', '\\textmu': 'µ', '\\i': 'ı', '\\j': 'ȷ', '\\-': '', '\\\\': ' ', '\\ ': ' ', '\\/': '',
  '\\LaTeX': 'LaTeX', '\\TeX': 'TeX', '\\BibTeX': 'BibTeX', '\\LaTeXe': 'LaTeX2e', '\\deg': 'deg',
  '\\textperiodcentered': '·', '\\cdot': '·', '\\b': '\u0331', '\\t': '\u0361', '\\slash': '/',
  '\\textunderscore': '_', '\\textasciicircum': '^', '\\space': ' ', '\\quad': ' ', '\\qquad': ' ', '\\newline': ' ', '\\linebreak': ' ', '\\par': ' ',
  '\\ldots': '…', '\\dots': '…', '\\textellipsis': '…', '\\&': '&', '\\%': '%', '\\$': '$', '\\#': '#', '\\_': '_',
  '\\{': '{', '\\}': '}',
};

/** Commands whose first argument is not text (`\href{url}{text}` keeps only `text`, `\textcolor{red}{text}` too). */
const DROP_FIRST_ARGUMENT = new Set(['href', 'color', 'textcolor', 'colorbox']);
/** Commands whose arguments are dropped with them. */
const DROP_ALL = new Set(['label', 'index', 'cite', 'ref', 'eqref', 'hspace', 'vspace', 'kern', 'protect', 'relax', 'noopsort', 'SortNoop', 'sortnoop', 'hyphenation', 'nocite']);
const SUPERSCRIPT_COMMANDS = new Set(['textsuperscript', 'textsu']);
const SUBSCRIPT_COMMANDS = new Set(['textsubscript']);
const UPPER = new Set(['uppercase', 'MakeUppercase', 'MakeTextUppercase']);
const LOWER = new Set(['lowercase', 'MakeLowercase', 'MakeTextLowercase']);

const LATEX_SUPERSCRIPTS: Readonly<Record<string, string>> = { ...SUPERSCRIPTS, ...SUPERSCRIPT_LETTERS };

function lookup(name: string, math: boolean): string | undefined {
  const override = OVERRIDES[name];
  if (override !== undefined) return override;
  const v = TABLE[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return math ? v.math ?? v.text : v.text ?? v.math;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 64;
}

/** Reads a balanced `{...}` group starting at `i` (which holds `{`); returns the inside and the index after `}`. */
function readGroup(tex: string, i: number): { inner: string; end: number } {
  let depth = 0;
  for (let j = i; j < tex.length; j++) {
    const c = tex.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return { inner: tex.slice(i + 1, j), end: j + 1 };
    }
  }
  return { inner: tex.slice(i + 1), end: tex.length };
}

/** Reads one macro argument at `i`: a group, a control sequence, or one character; skips spaces first. */
function readArgument(tex: string, i: number): { raw: string; end: number } {
  while (i < tex.length && (tex[i] === ' ' || tex[i] === '\t' || tex[i] === '\n' || tex[i] === '\r')) i++;
  if (i >= tex.length) return { raw: '', end: i };
  if (tex[i] === '{') {
    const g = readGroup(tex, i);
    return { raw: g.inner, end: g.end };
  }
  if (tex[i] === '\\') {
    let j = i + 1;
    if (j < tex.length && isLetter(tex.charCodeAt(j))) {
      while (j < tex.length && isLetter(tex.charCodeAt(j))) j++;
    } else j++;
    return { raw: tex.slice(i, j), end: j };
  }
  const cp = tex.codePointAt(i) ?? 0;
  const len = cp > 0xffff ? 2 : 1;
  return { raw: tex.slice(i, i + len), end: i + len };
}

function applyAccent(base: string, mark: string): string {
  if (base.length === 0) return mark.trim() === mark ? '' : mark;
  let first = base.codePointAt(0) ?? 0;
  if (first === 0x131) first = 0x69; // dotless i takes the accent as i
  if (first === 0x237) first = 0x6a;
  const firstLen = (base.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
  return (String.fromCodePoint(first) + mark + base.slice(firstLen)).normalize('NFC');
}

/** Superscript/subscript characters when Unicode has them all; else `^x` / `^(xy)` in math, plain text outside. */
function script(text: string, table: Readonly<Record<string, string>>, marker: string, math = true): string {
  let out = '';
  for (const ch of text) {
    const m = table[ch];
    if (m === undefined) {
      if (!math) return text;
      return [...text].length === 1 ? marker + text : `${marker}(${text})`;
    }
    out += m;
  }
  return out;
}

interface DecodeState {
  math: boolean;
}

function decode(tex: string, state: DecodeState): string {
  let out = '';
  let i = 0;
  const n = tex.length;
  while (i < n) {
    const c = tex.charCodeAt(i);
    switch (c) {
      case 123: // {
      case 125: // }
        i++;
        continue;
      case 36: { // $
        if (tex.charCodeAt(i + 1) === 36) i++;
        state.math = !state.math;
        i++;
        continue;
      }
      case 126: // ~
        out += ' ';
        i++;
        continue;
      case 45: // -
        if (!state.math && tex.charCodeAt(i + 1) === 45) {
          if (tex.charCodeAt(i + 2) === 45) {
            out += '—';
            i += 3;
          } else {
            out += '–';
            i += 2;
          }
        } else {
          out += state.math ? '−' : '-';
          i++;
        }
        continue;
      case 96: // `
        if (tex.charCodeAt(i + 1) === 96) {
          out += '“';
          i += 2;
        } else {
          out += '‘';
          i++;
        }
        continue;
      case 39: // '
        if (tex.charCodeAt(i + 1) === 39) {
          out += '”';
          i += 2;
        } else {
          out += state.math ? '′' : '\'';
          i++;
        }
        continue;
      case 32: case 9: case 10: case 13: // white space collapses
        if (out.length > 0 && out[out.length - 1] !== ' ') out += ' ';
        i++;
        continue;
      case 94: // ^
      case 95: { // _
        if (!state.math) break;
        const arg = readArgument(tex, i + 1);
        const inner = decode(arg.raw, { math: true });
        out += c === 94 ? script(inner, LATEX_SUPERSCRIPTS, '^') : script(inner, SUBSCRIPTS, '_');
        i = arg.end;
        continue;
      }
      case 92: { // \
        const r = decodeCommand(tex, i, state);
        out += r.text;
        i = r.end;
        continue;
      }
      default:
        break;
    }
    out += tex[i];
    i++;
  }
  return out;
}

function decodeCommand(tex: string, i: number, state: DecodeState): { text: string; end: number } {
  let j = i + 1;
  let name: string;
  if (j < tex.length && isLetter(tex.charCodeAt(j))) {
    while (j < tex.length && isLetter(tex.charCodeAt(j))) j++;
    name = tex.slice(i + 1, j);
  } else {
    name = tex.slice(i + 1, j + 1);
    j = Math.min(j + 1, tex.length);
  }
  const letterCommand = /^[A-Za-z@]/.test(name);
  if (name === '(' || name === '[') return { text: '', end: setMath(state, true, j) };
  if (name === ')' || name === ']') return { text: '', end: setMath(state, false, j) };

  const accent = ACCENTS[name] ?? (name === 'b' || name === 't' ? OVERRIDES[`\\${name}`] : undefined);
  if (accent !== undefined && (name.length === 1 || name === 'H' || /^[a-zA-Z]+$/.test(name))) {
    // In math mode, \v, \c etc. are rare; \bar{x}, \hat{x}, \tilde{x} are accents there too.
    const isTextOnly = name.length === 1 && /[A-Za-z]/.test(name);
    if (!(isTextOnly && state.math)) {
      const arg = readArgument(tex, j);
      const base = decode(arg.raw, { math: state.math });
      return { text: applyAccent(base, accent), end: arg.end };
    }
  }
  if (name === 'ifmmode') {
    // `\ifmmode \acute{n}\else \'{n}\fi`: field values are text, so the \else branch is typeset.
    const elseAt = tex.indexOf('\\else', j);
    const fiAt = tex.indexOf('\\fi', j);
    if (fiAt >= 0) {
      const branch = elseAt >= 0 && elseAt < fiAt ? tex.slice(elseAt + 5, fiAt) : '';
      return { text: decode(branch, { math: state.math }).trim(), end: skipControlWordGap(tex, fiAt + 3) };
    }
  }
  if (DROP_ALL.has(name)) {
    let k = j;
    while (tex[k] === '{' || tex[k] === '[') {
      if (tex[k] === '{') k = readGroup(tex, k).end;
      else {
        const close = tex.indexOf(']', k);
        k = close < 0 ? tex.length : close + 1;
      }
    }
    return { text: '', end: k };
  }
  if (DROP_FIRST_ARGUMENT.has(name)) {
    const first = readArgument(tex, j);
    return { text: '', end: first.end };
  }
  if (SUPERSCRIPT_COMMANDS.has(name) || SUBSCRIPT_COMMANDS.has(name)) {
    const arg = readArgument(tex, j);
    const inner = decode(arg.raw, { math: state.math });
    const sup = SUPERSCRIPT_COMMANDS.has(name);
    return { text: script(inner, sup ? LATEX_SUPERSCRIPTS : SUBSCRIPTS, sup ? '^' : '_', false), end: arg.end };
  }
  if (UPPER.has(name) || LOWER.has(name)) {
    const arg = readArgument(tex, j);
    const inner = decode(arg.raw, { math: state.math });
    return { text: UPPER.has(name) ? inner.toUpperCase() : inner.toLowerCase(), end: arg.end };
  }
  if (name === 'enquote' || name === 'mkbibquote') {
    const arg = readArgument(tex, j);
    return { text: `“${decode(arg.raw, { math: state.math })}”`, end: arg.end };
  }
  if (name === 'url' || name === 'path' || name === 'nolinkurl') {
    const arg = readArgument(tex, j);
    return { text: arg.raw, end: arg.end };
  }
  const symbol = lookup(`\\${name}`, state.math);
  if (symbol !== undefined) {
    let end = j;
    if (letterCommand) end = skipControlWordGap(tex, end);
    return { text: symbol, end };
  }
  // Unknown or formatting command (\emph, \textit, \mathrm, ...): drop the name, keep what follows.
  return { text: '', end: letterCommand ? skipSpaces(tex, j) : j };
}

function setMath(state: DecodeState, on: boolean, end: number): number {
  state.math = on;
  return end;
}

function skipSpaces(tex: string, i: number): number {
  while (i < tex.length && (tex[i] === ' ' || tex[i] === '\t' || tex[i] === '\n' || tex[i] === '\r')) i++;
  return i;
}

/** After a control word TeX eats the spaces; `\ss{}` uses an empty group for the same purpose. */
function skipControlWordGap(tex: string, i: number): number {
  if (tex[i] === '{' && tex[i + 1] === '}') return i + 2;
  return skipSpaces(tex, i);
}

/** `\ifmmode A\else B\fi` → `B` (field values are text), so name splitting sees one word. */
export function expandConditionals(tex: string): string {
  if (!tex.includes('\\ifmmode')) return tex;
  return tex.replace(/\\ifmmode\s*([^]*?)\\else\s*([^]*?)\\fi(\{\}|\s*)/g, (_m, _math: string, text: string) => `{${text.trim()}}`);
}

/** Turns a LaTeX field value into display Unicode: braces dropped, accents and symbols resolved, spaces collapsed. */
export function latexToUnicode(tex: string): string {
  if (!/[\\{}$~\-`'\s^_]/.test(tex)) return tex;
  return decode(tex, { math: false }).trim().normalize('NFC');
}

/**
 * A verbatim field (url, doi, eprint, file): only escaped specials and outer braces are undone;
 * `%`, `~`, `_` stay as written.
 */
export function unescapeVerbatim(tex: string): string {
  return tex.replace(/\\([_%#&$~{}])/g, '$1').replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}
