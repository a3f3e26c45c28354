// Citation keys in the style a file already uses. Each existing key is matched against templates
// built from its own entry (family name, year, title words; case; separator; order), and the template
// most keys follow generates the new key: smith2020attention, Smith2020, smith_2020, vaswaniAttentionAllYou2017...
import type { BibEntry } from '../types.ts';

export interface KeyTemplate {
  author: 'lower' | 'capital' | 'upper';
  /** Separator between author, year and title parts. */
  separator: '' | '_' | '-' | ':';
  yearDigits: 4 | 2;
  titleWords: 0 | 1 | 2 | 3;
  titleCase: 'lower' | 'capital';
  /** Title words before the year (authorTitleYear), or after it. */
  titleBeforeYear: boolean;
}

/** The example style, used when the file has no keys to learn from: smith2020attention. */
export const DEFAULT_KEY_TEMPLATE: KeyTemplate = { author: 'lower', separator: '', yearDigits: 4, titleWords: 1, titleCase: 'lower', titleBeforeYear: false };

const TITLE_STOP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'and', 'to', 'with', 'at', 'by', 'from', 'is', 'are', 'how', 'why', 'what', 'via', 'towards', 'toward', 'into', 'its', 'as']);

export interface KeyParts {
  family?: string;
  year?: string;
  title?: string;
}

// Letters with no decomposition into an ASCII letter and accents, and Cyrillic (the scientific
// transliteration's ASCII form): "Ørsted" → "Orsted", "Łukasiewicz" → "Lukasiewicz", "Иванов" → "Ivanov".
const TRANSLITERATION: Record<string, string> = {
  ß: 'ss', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ı: 'i',
};
const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ';
const CYRILLIC_LATIN = ['a', 'b', 'v', 'g', 'd', 'e', 'e', 'zh', 'z', 'i', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', '', 'y', '', 'e', 'iu', 'ia', 'i', 'i', 'ie', 'g'];
for (const [i, letter] of [...CYRILLIC].entries()) {
  const latin = CYRILLIC_LATIN[i];
  TRANSLITERATION[letter] = latin;
  TRANSLITERATION[letter.toUpperCase()] = latin.charAt(0).toUpperCase() + latin.slice(1);
}

/** ASCII letters and digits only: "Müller-Lüdenscheidt" → "MullerLudenscheidt", "Ørsted" → "Orsted". */
export function asciiWord(text: string): string {
  return [...text.normalize('NFKD').replace(/\p{M}+/gu, '')].map((c) => TRANSLITERATION[c] ?? c).join('').replace(/[^A-Za-z0-9]+/g, '');
}

export function titleWords(title: string | undefined): string[] {
  if (!title) return [];
  return title
    .replace(/[{}\\$]/g, '')
    .split(/[\s\-–—:;,./()[\]!?'"]+/)
    .map(asciiWord)
    .filter((word) => word.length > 0 && !TITLE_STOP_WORDS.has(word.toLowerCase()));
}

function cased(word: string, mode: 'lower' | 'capital' | 'upper'): string {
  if (mode === 'upper') return word.toUpperCase();
  if (mode === 'capital') return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  return word.toLowerCase();
}

/** The key a template gives for these parts (no collision suffix); undefined without a family name. */
export function applyKeyTemplate(template: KeyTemplate, parts: KeyParts): string | undefined {
  const family = parts.family ? asciiWord(parts.family) : '';
  if (!family) return undefined;
  const pieces: string[] = [cased(family, template.author)];
  const year = parts.year && /\d{4}/.test(parts.year) ? /\d{4}/.exec(parts.year)?.[0] ?? '' : '';
  const yearPart = template.yearDigits === 2 ? year.slice(2) : year;
  const words = titleWords(parts.title).slice(0, template.titleWords).map((w) => cased(w, template.titleCase));
  const titlePart = words.join('');
  if (template.titleBeforeYear) {
    if (titlePart) pieces.push(titlePart);
    if (yearPart) pieces.push(yearPart);
  } else {
    if (yearPart) pieces.push(yearPart);
    if (titlePart) pieces.push(titlePart);
  }
  return pieces.join(template.separator);
}

function* allTemplates(): Generator<KeyTemplate> {
  for (const author of ['lower', 'capital', 'upper'] as const)
    for (const separator of ['', '_', '-', ':'] as const)
      for (const yearDigits of [4, 2] as const)
        for (const titleWords of [0, 1, 2, 3] as const)
          for (const titleCase of ['lower', 'capital'] as const)
            for (const titleBeforeYear of [false, true] as const) {
              if (titleWords === 0 && (titleCase === 'capital' || titleBeforeYear)) continue;
              yield { author, separator, yearDigits, titleWords, titleCase, titleBeforeYear };
            }
}

export function keyPartsOf(entry: Pick<BibEntry, 'authors' | 'editors' | 'year' | 'title'>): KeyParts {
  const first = entry.authors[0] ?? entry.editors?.[0];
  return { family: first ? (first.literal ?? first.family) : undefined, year: entry.year, title: entry.title };
}

/** The template most of the entries' keys follow (ties: the simpler one), with how many it explains. */
export function detectKeyTemplate(entries: readonly Pick<BibEntry, 'key' | 'authors' | 'editors' | 'year' | 'title'>[]): { template: KeyTemplate; matches: number; sampled: number } {
  const sample = entries.filter((entry) => entry.authors.length > 0 || (entry.editors?.length ?? 0) > 0).slice(0, 300);
  let best = DEFAULT_KEY_TEMPLATE;
  let bestCount = 0;
  for (const template of allTemplates()) {
    let count = 0;
    for (const entry of sample) {
      const key = applyKeyTemplate(template, keyPartsOf(entry));
      // A collision suffix (smith2020a) still follows the template.
      if (key && (entry.key === key || (entry.key.startsWith(key) && /^[a-z]$/.test(entry.key.slice(key.length))))) count++;
    }
    if (count > bestCount) {
      best = template;
      bestCount = count;
    }
  }
  return { template: best, matches: bestCount, sampled: sample.length };
}

/** A key in the template's style that no existing key equals (compared case-insensitively, as BibTeX does). */
export function uniqueKey(base: string, existing: ReadonlySet<string>): string {
  const taken = (key: string) => existing.has(key.toLowerCase());
  if (!taken(base)) return base;
  for (let i = 0; i < 26 * 27; i++) {
    const suffix = i < 26 ? String.fromCharCode(97 + i) : `${String.fromCharCode(97 + Math.floor(i / 26) - 1)}${String.fromCharCode(97 + (i % 26))}`;
    if (!taken(base + suffix)) return base + suffix;
  }
  let n = 2;
  while (taken(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}
