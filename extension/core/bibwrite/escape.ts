// Unicode text → a BibTeX field value: specials escaped, braces balanced, acronyms in titles protected,
// and (for files that are pure ASCII) accented letters written as LaTeX accent commands.
import { GREEK_LETTERS } from '../prose/greek.ts';
import { SUBSCRIPTS, SUPERSCRIPT_LETTERS, SUPERSCRIPTS } from '../bib/script-forms.ts';

const ACCENTS: Record<string, string> = {
  '\u0300': '`', '\u0301': "'", '\u0302': '^', '\u0303': '~', '\u0308': '"', '\u0304': '=', '\u0307': '.',
  '\u030A': 'r', '\u030C': 'v', '\u0306': 'u', '\u0327': 'c', '\u0328': 'k', '\u030B': 'H', '\u0323': 'd',
};

const LETTERS: Record<string, string> = {
  'ß': '{\\ss}', 'æ': '{\\ae}', 'Æ': '{\\AE}', 'ø': '{\\o}', 'Ø': '{\\O}', 'å': '{\\aa}', 'Å': '{\\AA}', 'œ': '{\\oe}', 'Œ': '{\\OE}',
  'ł': '{\\l}', 'Ł': '{\\L}', 'ı': '{\\i}', 'đ': '{\\dj}', 'Đ': '{\\DJ}', 'ð': '{\\dh}', 'Ð': '{\\DH}', 'þ': '{\\th}', 'Þ': '{\\TH}',
  '–': '--', '—': '---', '‘': '`', '’': "'", '“': '``', '”': "''", '…': '\\ldots{}', '\u00a0': '~', '°': '{\\textdegree}',
};

/** Symbols that LaTeX writes in math mode. */
const MATH_SYMBOLS: Record<string, string> = {
  '×': '\\times', '±': '\\pm', '≤': '\\leq', '≥': '\\geq', '≠': '\\neq', '≈': '\\approx', '∼': '\\sim', '→': '\\rightarrow',
  '←': '\\leftarrow', '↔': '\\leftrightarrow', '∞': '\\infty', '∑': '\\sum', '√': '\\surd', '·': '\\cdot', '∈': '\\in', '′': '\\prime', 'µ': '\\mu',
};

// LaTeX has no command for the capitals that look Latin (\Alpha) nor for omicron: they are those letters.
const GREEK_AS_LATIN: Record<string, string> = { Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', ο: 'o' };
const GREEK_COMMANDS = new Map([...GREEK_LETTERS].map(([name, letter]) => [letter, `\\${name}`]));

/** A raised or lowered character → its mark and the ASCII character it raises: "⁻" → ['^', '-']. */
const SCRIPTS: Record<string, [string, string]> = {};
for (const [table, mark] of [[SUPERSCRIPTS, '^'], [SUPERSCRIPT_LETTERS, '^'], [SUBSCRIPTS, '_']] as const) {
  for (const [plain, raised] of Object.entries(table)) if (/^[!-~]$/.test(plain) && raised !== plain) SCRIPTS[raised] = [mark, plain];
}

/** One character in LaTeX math, or undefined: "α" → "\alpha", "×" → "\times". */
function mathCommand(char: string): string | undefined {
  return GREEK_COMMANDS.get(char) ?? MATH_SYMBOLS[char];
}

/**
 * Non-ASCII characters as LaTeX: "é" → "{\'e}", "ß" → "{\ss}", "α" → "{$\alpha$}", "10⁻³" →
 * "10{$^{-3}$}". What has no LaTeX form (Cyrillic, CJK, other scripts) is kept as it is: a name or
 * title is never shortened, and UTF-8 holds it (a Latin-1 file cannot: its writer refuses).
 */
export function toLatexAscii(text: string): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (/^[\x00-\x7f]$/.test(char)) {
      out += char;
      continue;
    }
    if (LETTERS[char]) {
      out += LETTERS[char];
      continue;
    }
    if (GREEK_AS_LATIN[char]) {
      out += GREEK_AS_LATIN[char];
      continue;
    }
    const script = SCRIPTS[char];
    if (script) {
      let run = script[1];
      while (i + 1 < chars.length && SCRIPTS[chars[i + 1]]?.[0] === script[0]) run += SCRIPTS[chars[++i]][1];
      out += `{$${script[0]}{${run}}$}`;
      continue;
    }
    const math = mathCommand(char);
    if (math) {
      out += `{$${math}$}`;
      continue;
    }
    const decomposed = char.normalize('NFD');
    const base = decomposed[0];
    const marks = decomposed.slice(1);
    if (/^[\x00-\x7f]$/.test(base) && marks.length > 0 && [...marks].every((m) => ACCENTS[m])) {
      let letter = base === 'i' ? '\\i' : base === 'j' ? '\\j' : base;
      for (const mark of marks) {
        const accent = ACCENTS[mark];
        letter = /[a-zA-Z]/.test(accent) ? `\\${accent}{${letter}}` : `\\${accent}${letter.length > 1 ? `{${letter}}` : letter}`;
      }
      out += `{${letter}}`;
      continue;
    }
    out += char;
  }
  return out;
}

/** Removes braces that do not pair up, so a value can never swallow the rest of the file. */
export function balanceBraces(value: string): string {
  const drop = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\') {
      i++;
      continue;
    }
    if (value[i] === '{') open.push(i);
    else if (value[i] === '}') {
      if (open.length > 0) open.pop();
      else drop.add(i);
    }
  }
  for (const i of open) drop.add(i);
  if (drop.size === 0) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) if (!drop.has(i)) out += value[i];
  return out;
}

export interface EscapeOptions {
  ascii: boolean;
  /** Brace-protect words with capitals after their first letter (BERT, SciBERT, mRNA). */
  protectCapitals?: boolean;
}

/** Plain Unicode text (no LaTeX in it) → a safe BibTeX value body. */
export function escapeText(text: string, options: EscapeOptions): string {
  // BibTeX counts braces even after a backslash, so a literal brace cannot be escaped: it is dropped.
  let value = text.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim()
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([&%$#_])/g, '\\$1')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/~/g, '\\textasciitilde{}')
    // TeX ligatures: "--" would print a dash, "``" and "''" quotes.
    .replace(/-(?=-)/g, '-{}')
    .replace(/([`'])(?=[`'])/g, '$1{}');
  if (options.protectCapitals) value = value.replace(/(?<![\\\w])[\p{L}\d]+/gu, (word) => (/\p{Lu}/u.test(word.slice(1)) ? `{${word}}` : word));
  if (options.ascii) value = toLatexAscii(value);
  return value;
}

/** A URL or DOI: kept verbatim except what would break the file (unbalanced braces, `%` starting a comment). */
export function escapeVerbatim(text: string): string {
  return balanceBraces(text.trim().replace(/\s+/g, '')).replace(/(^|[^\\])%/g, '$1\\%');
}
