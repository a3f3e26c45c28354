// Low-level, tolerant LaTeX reading helpers shared by the structure scan, citation extraction and
// prose conversion. Every helper is linear in what it consumes and never throws: unterminated
// groups come back as undefined so callers treat the command as having no argument.

export interface Group {
  /** Offset of the opening delimiter. */
  start: number;
  /** Offset just after the closing delimiter. */
  end: number;
  innerStart: number;
  innerEnd: number;
}

/** Reads the control sequence starting at the backslash at `i`. */
export function readCommandName(text: string, i: number): { name: string; end: number } {
  let j = i + 1;
  if (j >= text.length) return { name: '', end: j };
  if (!/[A-Za-z]/.test(text[j])) return { name: text[j], end: j + 1 };
  while (j < text.length && /[A-Za-z]/.test(text[j])) j++;
  return { name: text.slice(i + 1, j), end: j };
}

/** Offset after the comment starting at `%` at `i` (the newline is kept). */
export function skipComment(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/**
 * Skips spaces, tabs, comments and at most one line break (TeX's argument-gap rule); stops at a
 * blank line, which ends a paragraph and so cannot separate a command from its argument.
 */
export function skipArgumentGap(text: string, i: number): number {
  let newlines = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') i++;
    else if (ch === '\n') {
      if (newlines === 1) return i;
      newlines++;
      i++;
    } else if (ch === '%') {
      i = skipComment(text, i);
      // A comment eats its own line break.
      if (text[i] === '\n') i++;
    } else break;
  }
  return i;
}

/** True when the '%' at i starts a comment (it is not escaped). */
export function isCommentStart(text: string, i: number): boolean {
  let backslashes = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * Reads a balanced `{...}` (or `[...]`, `(...)`) group at `i`. Braces nest; comments and escaped
 * delimiters are skipped. For brackets, a `]` inside braces does not close. Returns undefined when the
 * text at `i` is not the opener or the group is not closed (before a blank line for brackets/parens).
 */
export function readGroup(text: string, i: number, open = '{', close = '}'): Group | undefined {
  if (text[i] !== open) return undefined;
  if (open === '{') {
    const j = braceMatches(text)[i];
    return j < 0 ? undefined : { start: i, end: j + 1, innerStart: i + 1, innerEnd: j };
  }
  let depth = 0;
  // An optional argument longer than this is a stray bracket, not an argument.
  const limit = Math.min(text.length, i + MAX_BRACKET_ARGUMENT);
  for (let j = i + 1; j < limit; j++) {
    const ch = text[j];
    if (ch === '\\') {
      j++;
      continue;
    }
    if (ch === '%') {
      j = skipComment(text, j) - 1;
      continue;
    }
    if (ch === '\n' && /^\n[ \t\r]*\n/.test(text.slice(j, j + 64))) return undefined;
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return undefined;
      depth--;
    } else if (ch === close && depth === 0) {
      return { start: i, end: j + 1, innerStart: i + 1, innerEnd: j };
    }
  }
  return undefined;
}

const MAX_BRACKET_ARGUMENT = 4000;

/**
 * For every `{` of a text, the offset of its matching `}` (or -1), computed once per text in one pass
 * (escapes and comments honoured) so that reading arguments never rescans: unbalanced input such as
 * twenty thousand unclosed `\\emph{` stays linear.
 */
const matchCache = new Map<string, Int32Array>();

function braceMatches(text: string): Int32Array {
  const hit = matchCache.get(text);
  if (hit) {
    // the most recent use last, so a paragraph outlives the user macros expanded inside it
    matchCache.delete(text);
    matchCache.set(text, hit);
    return hit;
  }
  const match = new Int32Array(text.length).fill(-1);
  const stack: number[] = [];
  let verbatim: Group | undefined;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (verbatim && j === verbatim.start) {
      if (c === 123) match[j] = verbatim.end - 1;
      j = verbatim.end - 1;
      verbatim = undefined;
    } else if (c === 92) {
      // backslash: the next character is escaped, or a command whose argument is read verbatim follows
      const command = readCommandName(text, j);
      if (VERBATIM_ARGUMENT_COMMANDS.has(command.name)) verbatim = verbatimArgument(text, command.name, command.end);
      j++;
    } else if (c === 37) j = skipComment(text, j) - 1; // %
    else if (c === 123) stack.push(j); // {
    else if (c === 125 && stack.length > 0) match[stack.pop()!] = j; // }
  }
  if (matchCache.size >= 8) matchCache.delete(matchCache.keys().next().value!);
  matchCache.set(text, match);
  return match;
}

/** Reads a mandatory argument: a brace group, or a single token (`\cite x` is legal TeX). */
export function readMandatory(text: string, i: number): Group | undefined {
  const k = skipArgumentGap(text, i);
  if (text[k] === '{') return readGroup(text, k);
  return undefined;
}

export function readOptional(text: string, i: number): Group | undefined {
  const k = skipArgumentGap(text, i);
  if (text[k] === '[') return readGroup(text, k, '[', ']');
  return undefined;
}

/** Reads the text of `\begin{name}` / `\end{name}` at the backslash at `i`. */
export function readEnvironmentName(text: string, afterCommand: number): { name: string; end: number } | undefined {
  const g = readMandatory(text, afterCommand);
  if (!g) return undefined;
  const name = text.slice(g.innerStart, g.innerEnd).trim();
  if (!/^[A-Za-z@*]+$/.test(name)) return undefined;
  return { name, end: g.end };
}

/** Environments whose content is not LaTeX (never scanned for commands). */
export const VERBATIM_ENVIRONMENTS = new Set([
  'verbatim', 'verbatim*', 'Verbatim', 'Verbatim*', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted',
  'comment', 'filecontents', 'filecontents*', 'alltt', 'spverbatim', 'pycode', 'sageblock', 'luacode', 'luacode*',
]);

/** Offset just after `\end{name}` matching a verbatim environment whose body starts at `from`, or text.length. */
export function skipVerbatimBody(text: string, from: number, name: string): number {
  // (indexOf from each \\begin{verbatim}: an unclosed one runs to the end of the text, so at most one rescan.)
  const endTag = `\\end{${name}}`;
  const k = text.indexOf(endTag, from);
  return k < 0 ? text.length : k + endTag.length;
}

/**
 * Commands whose argument TeX reads verbatim, so that `%`, `#` and `\\` in it are text (and braces too,
 * between other delimiters): hyperref's addresses (`\url{a%20b}`, `\href`'s first argument) and inline
 * code (`\verb|{|`, `\lstinline!%!`, `\mintinline{tex}{...}`).
 */
const VERBATIM_ARGUMENT_COMMANDS = new Set(['url', 'nolinkurl', 'path', 'href', 'verb', 'Verb', 'lstinline', 'mintinline']);
/** The commands among those that also take any character as delimiters (`\verb|x|`), not only braces. */
const DELIMITED_COMMANDS = new Set(['verb', 'Verb', 'lstinline', 'mintinline']);
/** A verbatim argument longer than this, or one holding a blank line, is taken as unclosed. */
const MAX_VERBATIM_ARGUMENT = 4000;

/**
 * The verbatim argument of the command whose name ends at `nameEnd` (see VERBATIM_ARGUMENT_COMMANDS),
 * after the options and `\mintinline`'s language before it; undefined when there is none or it is not closed.
 */
export function verbatimArgument(text: string, name: string, nameEnd: number): Group | undefined {
  if (!VERBATIM_ARGUMENT_COMMANDS.has(name)) return undefined;
  let i = nameEnd;
  if (name === 'verb') {
    if (text[i] === '*') i++;
  } else i = skipArgumentGap(text, i);
  if (text[i] === '[' && (DELIMITED_COMMANDS.has(name) || name === 'href')) {
    const options = readGroup(text, i, '[', ']');
    if (!options) return undefined;
    i = skipArgumentGap(text, options.end);
  }
  if (name === 'mintinline') {
    const language = verbatimBraces(text, i);
    if (!language) return undefined;
    i = skipArgumentGap(text, language.end);
  }
  if (text[i] === '{' && name !== 'verb') return verbatimBraces(text, i);
  if (!DELIMITED_COMMANDS.has(name)) return undefined;
  const delim = text[i];
  if (delim === undefined || /[A-Za-z\s]/.test(delim)) return undefined;
  const close = text.indexOf(delim, i + 1);
  const nl = text.indexOf('\n', i + 1);
  if (close < 0 || (nl >= 0 && nl < close)) return undefined;
  return { start: i, end: close + 1, innerStart: i + 1, innerEnd: close };
}

/**
 * A `{...}` group at `i` read verbatim: braces nest, nothing else is special. The scan stops at
 * MAX_VERBATIM_ARGUMENT characters or at a blank line, so many unclosed `\url{` cost that much each, not the whole file.
 */
function verbatimBraces(text: string, i: number): Group | undefined {
  if (text[i] !== '{') return undefined;
  let depth = 0;
  const limit = Math.min(text.length, i + MAX_VERBATIM_ARGUMENT + 1);
  for (let j = i; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return { start: i, end: j + 1, innerStart: i + 1, innerEnd: j };
    else if (c === 10 && /^\n[ \t\r]*\n/.test(text.slice(j, j + 80))) return undefined;
  }
  return undefined;
}

/** Offset after `\verb|...|` (or `\verb*`) whose name ends at `afterName`; stops at a line end. */
export function skipVerb(text: string, afterName: number): number {
  let j = afterName;
  if (text[j] === '*') j++;
  const delim = text[j];
  if (delim === undefined || delim === '\n' || /[A-Za-z ]/.test(delim)) return j;
  const close = text.indexOf(delim, j + 1);
  const nl = text.indexOf('\n', j + 1);
  if (close < 0 || (nl >= 0 && nl < close)) return nl < 0 ? text.length : nl;
  return close + 1;
}

/**
 * Offset just after the `\\fi` that closes an `\\iffalse` whose name ends at `afterName` (nested `\\if...`
 * counted), or undefined when it is never closed (then nothing is skipped: no text is lost to a typo).
 */
export function skipIffalse(text: string, afterName: number, limit = text.length): number | undefined {
  let depth = 0;
  let i = afterName;
  while (i < limit) {
    const k = text.indexOf('\\', i);
    if (k < 0 || k >= limit) return undefined;
    const { name, end } = readCommandName(text, k);
    if (name === 'fi') {
      if (depth === 0) return end;
      depth--;
    } else if (name.startsWith('if') && name.length > 2) depth++;
    i = Math.max(end, k + 1);
  }
  return undefined;
}

/**
 * Walks the commands of a LaTeX text, skipping comments, verbatim arguments (`\verb`, `\url`) and verbatim
 * environments. The visitor gets each command's name and the offsets of its backslash and name end; it may
 * return an offset to resume from.
 */
export function forEachCommand(
  text: string,
  visit: (name: string, start: number, nameEnd: number) => number | void,
): void {
  let i = 0;
  let iffalseClosable = true;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '%') {
      i = skipComment(text, i);
      continue;
    }
    if (ch !== '\\') {
      i++;
      continue;
    }
    const { name, end } = readCommandName(text, i);
    if (name === 'iffalse' && iffalseClosable) {
      const after = skipIffalse(text, end);
      if (after !== undefined) {
        i = after;
        continue;
      }
      iffalseClosable = false; // Later ones are not closed either (or barely): never rescan.
    }
    if (name === 'verb') {
      i = skipVerb(text, end);
      continue;
    }
    // `\href`'s link text after its address is still read
    const verbatim = verbatimArgument(text, name, end);
    if (verbatim) {
      i = verbatim.end;
      continue;
    }
    if (name === 'begin') {
      const env = readEnvironmentName(text, end);
      if (env && VERBATIM_ENVIRONMENTS.has(env.name)) {
        i = skipVerbatimBody(text, env.end, env.name);
        continue;
      }
    }
    const resume = visit(name, i, end);
    i = typeof resume === 'number' && resume > i ? resume : end;
  }
}

/** Strips comments from a fragment of LaTeX (for option lists and path lists written across lines). */
export function stripComments(fragment: string): string {
  let out = '';
  let i = 0;
  while (i < fragment.length) {
    const ch = fragment[i];
    if (ch === '\\') {
      out += fragment.slice(i, i + 2);
      i += 2;
    } else if (ch === '%') {
      i = skipComment(fragment, i);
      if (fragment[i] === '\n') i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
