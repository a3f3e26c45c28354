// Is the cursor where a citation key goes? Inside `\cite...{...}` braces in LaTeX, after `@` in pandoc
// Markdown. Works on unfinished text (`\citep{smi` with no closing brace yet).
import type { Span } from '../core/types.ts';

export interface CompletionContext {
  /** The span of the key being typed (extends past the cursor over the rest of the key). */
  span: Span;
  /** What is typed of the key before the cursor. */
  prefix: string;
  /** The citation command for LaTeX, `pandoc` for Markdown. */
  command: string;
  /** Keys already in the same citation, before and after this one. */
  siblings: string[];
}

const LATEX_KEY_CHAR = /[^\s,{}%\\]/;
const PANDOC_KEY_CHAR = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;
const MAX_LOOKBACK = 2000;

export function latexCompletionContext(text: string, offset: number, isCitationCommand: (name: string) => boolean): CompletionContext | undefined {
  // Find the '{' that opens the group the cursor is in, without crossing a '}'.
  let open = -1;
  for (let i = offset - 1; i >= Math.max(0, offset - MAX_LOOKBACK); i--) {
    const ch = text[i];
    if (ch === '}' || ch === '\\' || ch === '%') return undefined;
    if (ch === '{') {
      open = i;
      break;
    }
  }
  if (open < 0) return undefined;
  const lineStart = text.lastIndexOf('\n', open) + 1;
  if (/(^|[^\\])(\\\\)*%/.test(text.slice(lineStart, open))) return undefined;
  const command = commandBefore(text, open);
  if (!command || !isCitationCommand(command)) return undefined;

  let start = offset;
  while (start > open + 1 && LATEX_KEY_CHAR.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && LATEX_KEY_CHAR.test(text[end])) end++;
  let close = text.indexOf('}', offset);
  if (close < 0) close = end;
  const siblings = (text.slice(open + 1, start) + ',' + text.slice(end, close))
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '' && !/[\s{}\\%]/.test(key));
  return { span: { start, end }, prefix: text.slice(start, offset), command, siblings };
}

/** The command name whose argument list the brace at `open` belongs to, skipping `[...]`, `(...)`, `*` and earlier `{...}` groups. */
function commandBefore(text: string, open: number): string | undefined {
  let i = open - 1;
  let afterGroup = false;
  for (let guard = 0; guard < 20; guard++) {
    while (i >= 0 && /\s/.test(text[i])) i--;
    const ch = text[i];
    if (ch === ']' || ch === ')' || ch === '}') {
      const opener = ch === ']' ? '[' : ch === ')' ? '(' : '{';
      let depth = 0;
      for (; i >= 0; i--) {
        if (text[i] === ch) depth++;
        else if (text[i] === opener && --depth === 0) break;
      }
      if (i < 0) return undefined;
      if (ch === '}') afterGroup = true;
      i--;
      continue;
    }
    if (ch === '*') {
      i--;
      continue;
    }
    let start = i;
    while (start >= 0 && /[A-Za-z@]/.test(text[start])) start--;
    if (start >= i || text[start] !== '\\') return undefined;
    const name = text.slice(start + 1, i + 1);
    // Only biblatex's multicite commands (\cites, \parencites, ...) take several key groups.
    return afterGroup && !name.endsWith('cites') ? undefined : name;
  }
  return undefined;
}

export function pandocCompletionContext(text: string, offset: number): CompletionContext | undefined {
  let start = offset;
  while (start > 0 && offset - start < 200 && PANDOC_KEY_CHAR.test(text[start - 1]) && text[start - 1] !== '@') start--;
  if (text[start - 1] !== '@') return undefined;
  const before = text[start - 2];
  // `@` after a letter or digit is an e-mail address or a decorator, not a citation.
  if (before !== undefined && /[\p{L}\p{N}_.]/u.test(before)) return undefined;
  let end = offset;
  while (end < text.length && PANDOC_KEY_CHAR.test(text[end])) end++;
  // A key never ends in punctuation: "see @smith2020." cites smith2020.
  while (end > offset && /[.:#$%&\-+?<>~/]/.test(text[end - 1])) end--;
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const bracket = text.lastIndexOf('[', start);
  const siblings: string[] = [];
  if (bracket >= lineStart && text.indexOf(']', bracket) >= offset) {
    const closeAt = text.indexOf(']', offset);
    const group = text.slice(bracket + 1, closeAt < 0 ? offset : closeAt);
    for (const match of group.matchAll(/@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)/gu)) {
      const at = bracket + 1 + (match.index ?? 0);
      if (at + 1 !== start) siblings.push(match[1].replace(/[.:#$%&\-+?<>~/]+$/, ''));
    }
  }
  return { span: { start, end }, prefix: text.slice(start, offset), command: 'pandoc', siblings };
}
