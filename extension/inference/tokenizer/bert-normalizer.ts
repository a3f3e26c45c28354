// BertNormalizer as the tokenizers crate (and so transformers) applies it, code point by code point.
// @huggingface/tokenizers 0.2 differs in ways that change ids: it spaces CJK ideographs only in the Basic
// Multilingual Plane (the crate also spaces Extension B-F, e.g. U+20000), lower-cases whole strings (a final
// Σ becomes ς; the crate maps each character alone, Σ → σ), and strips accents after lower-casing.

export interface BertNormalizerConfig {
  clean_text?: boolean;
  handle_chinese_chars?: boolean;
  strip_accents?: boolean | null;
  lowercase?: boolean;
}

// Control, format and private-use characters (the crate keeps unassigned code points).
const OTHER = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;
const WHITESPACE = /\s/u;
const NONSPACING_MARK = /\p{Mn}/gu;

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export function makeBertNormalizer(config: BertNormalizerConfig): (text: string) => string {
  const cleanText = config.clean_text !== false;
  const chinese = config.handle_chinese_chars !== false;
  const lowercase = config.lowercase !== false;
  const stripAccents = config.strip_accents ?? lowercase;
  return (text) => {
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      let c = ch;
      if (cleanText) {
        if (ch === '\t' || ch === '\n' || ch === '\r') c = ' ';
        else if (cp === 0 || cp === 0xfffd || OTHER.test(ch)) continue;
        else if (WHITESPACE.test(ch) && ch !== '\ufeff') c = ' ';
      }
      if (chinese && isChineseChar(cp)) c = ` ${c} `;
      if (stripAccents) c = c.normalize('NFD').replace(NONSPACING_MARK, '');
      if (lowercase) c = c.toLowerCase();
      out += c;
    }
    return out;
  };
}
