// The encodings manuscripts and .bib files come in: UTF-8 (with or without a byte-order mark), UTF-16LE
// with its mark, and the Latin-1 of older LaTeX (`\usepackage[latin1]{inputenc}`). Without a mark, valid
// UTF-8 is UTF-8; so is a UTF-8 file with a stray byte or two (one pasted Latin-1 "é" does not make a
// UTF-8 file Latin-1, and appending Latin-1 to it would garble the new text); else Latin-1.
export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'latin1';

/** The text (without a byte-order mark) and the encoding it was read in. */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf16le-bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    const lossy = bytes.toString('utf8');
    let invalid = 0;
    let valid = 0;
    for (const char of lossy) {
      if (char === '\uFFFD') invalid++;
      else if (char.charCodeAt(0) > 0x7f) valid++;
    }
    return valid > 0 && valid >= invalid ? { text: lossy, encoding: 'utf8' } : { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}
