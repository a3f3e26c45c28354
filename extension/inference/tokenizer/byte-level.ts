// GPT-2 byte-level alphabet: each byte is shown as one printable character (space → "Ġ").

function buildByteToChar(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table: string[] = new Array(256);
  for (const b of printable) table[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCharCode(256 + n++);
  }
  return table;
}

export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

const encoder = new TextEncoder();
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The byte-level characters of a piece of byte-level text back to its bytes; undefined if a char is not in the alphabet. */
export function byteLevelToBytes(piece: string): number[] | undefined {
  const bytes: number[] = [];
  for (const ch of piece) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) return undefined;
    bytes.push(b);
  }
  return bytes;
}

/**
 * The ByteLevel decoder of the Rust tokenizers crate: a token made only of alphabet characters
 * contributes its bytes, any other token its own UTF-8; the whole is decoded lossily (U+FFFD).
 */
export function byteLevelDecode(tokens: string[]): string {
  const all: number[] = [];
  for (const token of tokens) {
    const bytes = byteLevelToBytes(token);
    if (bytes) all.push(...bytes);
    else all.push(...utf8Bytes(token));
  }
  return lossyDecoder.decode(new Uint8Array(all));
}

/**
 * For each UTF-8 byte of `text`, the UTF-16 index of the character it belongs to and that character's width.
 */
export function byteToCharIndex(text: string): { charStart: Int32Array; charEnd: Int32Array } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const nBytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < nBytes; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    i += width;
  }
  return { charStart: Int32Array.from(starts), charEnd: Int32Array.from(ends) };
}

// The GPT-2 split pattern as the crate compiles it (Oniguruma): its \s is Unicode White_Space, which unlike
// JavaScript's \s excludes U+FEFF and includes U+0085.
const WS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GPT2_SPLIT = new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${WS}\\p{L}\\p{N}]+|[${WS}]+(?![^${WS}])|[${WS}]+`, 'gu');

/** The ByteLevel pre-tokenizer: optional prefix space, the GPT-2 split, each piece shown in the byte alphabet. */
export function byteLevelPreTokenize(text: string, addPrefixSpace: boolean, useRegex: boolean): string[] {
  const input = addPrefixSpace && !text.startsWith(' ') ? ` ${text}` : text;
  const pieces = useRegex ? (input.match(GPT2_SPLIT) ?? []) : [input];
  return pieces.map((piece) => Array.from(encoder.encode(piece), (b) => BYTE_TO_CHAR[b]).join(''));
}
