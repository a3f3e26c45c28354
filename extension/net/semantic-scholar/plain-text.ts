// Text fields of Semantic Scholar and Crossref records → plain Unicode text. Both pass on the publishers'
// markup: HTML entities (`Protein folding &amp; …`, `&#x3B1;`) and tags (`<i>in vivo</i>`,
// `CO<sub>2</sub>`, Crossref's JATS `<jats:italic>`, MathML). The panel shows plain text, and the .bib
// writer takes plain Unicode and escapes it itself (`&` → `\&`), so markup is removed here: entities are
// decoded, tags dropped, sub- and superscripts that Unicode has (digits, signs, brackets) written as those
// characters, which the .bib writer turns back into `$_{…}$` / `$^{…}$` for ASCII files.

import { decodeHTMLStrict } from 'entities/decode';
import { SUBSCRIPTS, SUPERSCRIPTS } from '../../core/bib/script-forms.ts';

/** `&amp;` → `&`, `&#945;` / `&#x3B1;` → `α`, every HTML5 name, each with its semicolon ("R&D", "&copy" without one stay); unknown names kept as written. */
export function decodeEntities(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

/** "2" in `<sub>` → "₂"; text with a character Unicode has no script form of stays as it is ("max"). */
function script(text: string, table: Readonly<Record<string, string>>): string {
  const chars = [...text.trim()];
  return chars.length > 0 && chars.every((c) => table[c]) ? chars.map((c) => table[c]).join('') : text;
}

// An element tag, namespaced or not (`<i>`, `</jats:italic>`, `<mml:math display="inline">`, `<br/>`).
// A bare `<` followed by a space or a digit ("p < 0.05", "<5 nm") is text, not a tag.
const TAG = /<(\/?)([A-Za-z][\w.-]*(?::[A-Za-z][\w.-]*)?)(?:\s[^<>]*)?\/?>/g;
// Tags that separate words: dropping them must not glue the words on either side together.
const BREAKS = new Set(['br', 'p', 'div', 'li', 'tr', 'td', 'title', 'sec', 'abstract']);

/**
 * Markup in a record's text field → plain Unicode text: tags dropped (`<sub>`/`<sup>` as Unicode sub- and
 * superscripts where those exist), entities decoded. `singleLine` also collapses white space (titles,
 * names, venues). Text without `<` or `&` is returned as it is.
 */
export function plainText(raw: string, options: { singleLine?: boolean } = {}): string {
  if (!raw.includes('<') && !raw.includes('&')) return raw;
  let out = '';
  let inScript: { table: Readonly<Record<string, string>>; text: string } | undefined;
  let last = 0;
  const emit = (text: string) => {
    if (inScript) inScript.text += text;
    else out += text;
  };
  for (const match of raw.matchAll(TAG)) {
    emit(decodeEntities(raw.slice(last, match.index)));
    last = match.index + match[0].length;
    const closing = match[1] === '/';
    const name = match[2].toLowerCase().replace(/^[\w.-]+:/, '');
    if (name === 'sub' || name === 'sup' || name === 'inf') {
      if (!closing && !inScript) inScript = { table: name === 'sup' ? SUPERSCRIPTS : SUBSCRIPTS, text: '' };
      else if (closing && inScript) {
        out += script(inScript.text, inScript.table);
        inScript = undefined;
      }
    } else if (BREAKS.has(name)) emit(' ');
  }
  emit(decodeEntities(raw.slice(last)));
  if (inScript) out += inScript.text;
  return options.singleLine ? out.replace(/\s+/g, ' ').trim() : out.trim();
}
