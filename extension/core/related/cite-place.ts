// Where "Cite here" puts a citation at the cursor. In prose it goes where the cursor is, with a tie
// (LaTeX `~`) or a space (Markdown) after a word and a space before one, and before the full stop of the
// sentence the cursor just ended ("well~\citep{k}. Next"). Where a citation would not be prose (a
// comment, math, code or verbatim text, the argument of \ref, \label, \url or \includegraphics, an
// environment's arguments, a link, a pandoc attribute block, the space between paragraphs, the preamble or
// front matter) it is refused with the reason: the citation never lands somewhere else unasked. Outside
// the prose segments only a table cell's text takes one.
// Prose and its source map come from the manuscript model (the prose segments); LaTeX markup the
// converter drops is read with the LaTeX scanner, Markdown through the same mdast parse as the prose.
import type { Nodes } from 'mdast';
import { DEFAULT_COMMANDS, DEFAULT_ENVIRONMENTS } from '../latex/commands.ts';
import { findEnvironmentEnd, readArguments as readSignedArguments } from '../latex/prose.ts';
import { markdownAttributeSpans, outlineMarkdown, parseMarkdown } from '../markdown/prose.ts';
import {
  forEachCommand, isCommentStart, readCommandName, readEnvironmentName, readGroup, skipArgumentGap, skipComment, skipVerb, skipVerbatimBody,
  VERBATIM_ENVIRONMENTS,
} from '../latex/scan.ts';
import type { Group } from '../latex/scan.ts';
import type { ProseSegment } from '../types.ts';
import type { ScopeLanguage } from './scope.ts';

/** Insert `before + citation + after` at `offset`; or `refused`, the reason, for the user. */
export type CitePlacement = { offset: number; before: string; after: string } | { refused: string };

const WHERE = 'Citations go in prose (a sentence, a caption, a footnote): move the cursor there and cite again.';

function refused(what: string): CitePlacement {
  return { refused: `No citation inserted: the cursor is ${what}. ${WHERE}` };
}

/** The environments the LaTeX reader treats as math (equation, align, gather, tikzcd…). */
const isMathEnvironment = (name: string): boolean => DEFAULT_ENVIRONMENTS.get(name)?.action.kind === 'math';

const isBlank = (s: string) => /^\s*$/.test(s);
const WORD = /[\p{L}\p{N}]/u;

export function placeCitation(text: string, language: ScopeLanguage, segments: readonly ProseSegment[], offset: number): CitePlacement {
  const context = language === 'latex' ? latexContext(text, segments, offset) : markdownContext(text, offset);
  if (context) return context;
  return inProse(text, language, segments, offset);
}

/** The innermost segment holding `offset` (a footnote before the paragraph around it). */
function segmentAt(segments: readonly ProseSegment[], offset: number): ProseSegment | undefined {
  let best: ProseSegment | undefined;
  for (const segment of segments) {
    if (segment.span.start > offset || offset > segment.span.end) continue;
    if (!best || segment.span.end - segment.span.start < best.span.end - best.span.start) best = segment;
  }
  return best;
}

// ---- LaTeX ----

function latexContext(text: string, segments: readonly ProseSegment[], offset: number): CitePlacement | undefined {
  const segment = segmentAt(segments, offset);
  if (!segment) return latexOutside(text, offset);
  const { sourceStart, sourceEnd } = segment.prose;
  if (inLineComment(text, offset, sourceEnd)) return refused('in a comment');
  let before = segment.span.start;
  let after = segment.span.end;
  for (let i = 0; i < sourceStart.length; i++) {
    const start = sourceStart[i];
    const end = sourceEnd[i];
    if (start === offset || end === offset) return undefined;
    if (start < offset && offset < end) {
      if (isBlank(text.slice(start, end))) return undefined;
      return refused(describeLatex(text.slice(start, end)));
    }
    if (end <= offset && end > before) before = end;
    if (start >= offset && start < after) after = start;
  }
  return latexGap(text, before, after, offset);
}

/**
 * A `%` before the cursor on its line starts a comment unless prose comes from after it (`\url{a%20b}`
 * is a placeholder whose source ends after the `%`).
 */
function inLineComment(text: string, offset: number, sourceEnd: Int32Array): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (let i = text.indexOf('%', lineStart); i >= 0 && i < offset; i = text.indexOf('%', i + 1)) {
    if (!isCommentStart(text, i)) continue;
    return !sourceEnd.some((end) => i < end && end <= offset);
  }
  return false;
}

/** What a placeholder's source is, for the refusal: math, code, or a command's argument. */
function describeLatex(source: string): string {
  if (/^(\$|\\\(|\\\[)/.test(source)) return 'inside math';
  const command = /^\\([A-Za-z@]+\*?|.)/.exec(source)?.[1];
  if (command === 'begin') {
    const env = /^\\begin\s*\{([^}]*)\}/.exec(source)?.[1] ?? '';
    return isMathEnvironment(env) ? `inside math (${env})` : `inside the ${env} environment`;
  }
  if (command === 'verb' || command === 'lstinline' || command === 'mintinline') return `inside inline code (\\${command})`;
  return command ? `inside \\${command}{…}, which takes no citation` : 'inside markup that is not prose';
}

/**
 * The cursor between two prose characters, in markup the converter dropped: a comment, a command's
 * name or non-prose argument (\label), a verbatim body are refused; spaces, braces and whole commands
 * around the cursor are prose. A group reaching past the gap holds prose (\textbf{\label{x}word}): read inside it.
 */
function latexGap(text: string, from: number, to: number, offset: number): CitePlacement | undefined {
  let i = from;
  while (i < offset) {
    const ch = text[i];
    if (ch === '%' && isCommentStart(text, i)) {
      const end = skipComment(text, i);
      if (offset <= end) return refused('in a comment');
      i = end;
      continue;
    }
    if (ch !== '\\') {
      i++;
      continue;
    }
    const { name, end } = readCommandName(text, i);
    if (name === 'begin') {
      const env = readEnvironmentName(text, end);
      if (env && VERBATIM_ENVIRONMENTS.has(env.name)) {
        const bodyEnd = skipVerbatimBody(text, env.end, env.name);
        if (offset < bodyEnd) return refused(`inside a ${env.name} environment`);
        i = bodyEnd;
        continue;
      }
      // A table, a float or a dropped environment inside the paragraph: only a table cell's text takes a citation.
      const kind = env && (TABLE_ENVIRONMENTS.has(env.name) ? 'table' : DEFAULT_ENVIRONMENTS.get(env.name)?.action.kind);
      if (env && (kind === 'table' || kind === 'skip' || kind === 'float')) {
        const close = findEnvironmentEnd(text, env.end, env.name, text.length)?.end ?? text.length;
        if (offset < close) {
          if (offset < env.end) return refused('inside \\begin{…}, which takes no citation');
          const body = environmentArguments(text, env.name, env.end);
          if (offset < body) return refused(`inside the arguments of \\begin{${env.name}}`);
          return kind === 'table' ? tableCell(text, body, offset) : refused(`in the ${env.name} environment, outside its text`);
        }
        i = close;
        continue;
      }
    }
    let argumentsEnd = end;
    for (const group of argumentGroups(text, end)) {
      if (group.start < offset && offset < group.end && group.end > to) {
        // An argument holding the prose after the gap is itself prose: read on inside it.
        argumentsEnd = group.innerStart;
        break;
      }
      argumentsEnd = group.end;
    }
    if (i < offset && offset < argumentsEnd && argumentsEnd > end) return refused(`inside \\${name}{…}, which takes no citation`);
    if (i < offset && offset < end) return refused(`inside the command name \\${name}`);
    i = argumentsEnd;
  }
  return undefined;
}

/**
 * Outside every prose segment: comments, verbatim and math blocks, the preamble, a command's or an
 * environment's arguments and the space between blocks are refused; the only place left is the bare
 * text of a table cell (no prose segment, but a citation there is read).
 */
function latexOutside(text: string, offset: number): CitePlacement | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (let i = text.indexOf('%', lineStart); i >= 0 && i < offset; i = text.indexOf('%', i + 1)) {
    if (isCommentStart(text, i)) return refused('in a comment');
  }
  // Each open environment keeps the command around it that holds the cursor (\resizebox{…}{…}{\begin{tabular}…).
  const stack: { name: string; body: number; outer?: string }[] = [];
  let documentAt: number | undefined;
  let documentEnd: number | undefined;
  let displayMath = false;
  /** The outermost command, inside the innermost open environment, whose name or non-text arguments hold the cursor. */
  let inside: string | undefined;
  /** The cursor in `\begin{…}` or `\end{…}` itself. */
  let inMarker: string | undefined;
  // The walk skips verbatim bodies: look for the one the cursor may be in.
  for (const name of VERBATIM_ENVIRONMENTS) {
    const begin = text.lastIndexOf(`\\begin{${name}}`, offset);
    if (begin >= 0 && isCommentStart(text, begin) && offset < skipVerbatimBody(text, begin + `\\begin{${name}}`.length, name)) return refused(`inside a ${name} environment`);
  }
  forEachCommand(text, (name, start, nameEnd) => {
    if (start >= offset) return text.length;
    if (name === '[') displayMath = true;
    if (name === ']') displayMath = false;
    if (name !== 'begin' && name !== 'end') {
      if (inside) return undefined;
      if (offset < nameEnd) inside = `inside the command name \\${name}`;
      else {
        const { end, kept } = commandArguments(text, name, nameEnd);
        // In the text of \textbf{…} or \multicolumn's third argument, the cursor is where the command is.
        if (offset < end && !(kept && kept.innerStart <= offset && offset <= kept.innerEnd)) inside = `inside \\${name}{…}, which takes no citation`;
      }
      return undefined;
    }
    const env = readEnvironmentName(text, nameEnd);
    if (!env) return undefined;
    if (offset < env.end) inMarker = `inside \\${name}{…}, which takes no citation`;
    if (name === 'begin') {
      const body = environmentArguments(text, env.name, env.end);
      if (env.name === 'document') documentAt = env.end;
      stack.push({ name: env.name, body, outer: inside });
      inside = env.end < offset && offset < body ? `inside the arguments of \\begin{${env.name}}` : undefined;
    } else {
      if (env.name === 'document') documentEnd = start;
      const at = stack.findLastIndex((open) => open.name === env.name);
      if (at >= 0) {
        inside = stack[at].outer;
        stack.length = at;
      }
    }
    return env.end;
  });
  if (documentEnd !== undefined) return refused('after \\end{document}');
  if (documentAt === undefined && /\\begin\s*\{document\}/.test(text.slice(offset))) return refused('in the preamble');
  const math = [...stack].reverse().find((open) => isMathEnvironment(open.name));
  if (math) return refused(`inside math (${math.name})`);
  if (displayMath) return refused('inside math');
  const innermost = stack.at(-1);
  // In a table's body, the cell reader decides about the commands around the cursor (\makecell{…} holds text).
  const inTable = innermost !== undefined && TABLE_ENVIRONMENTS.has(innermost.name) && offset >= innermost.body;
  const markup = inMarker ?? (inTable ? undefined : inside);
  if (markup) return refused(markup);
  if (inTable) return tableCell(text, innermost.body, offset);
  if (innermost && innermost.name !== 'document') return refused(`in the ${innermost.name} environment, outside its text`);
  return refused('outside any paragraph');
}

/** Tabular-like environments and their arguments: the cells of their bodies are text. */
const TABLE_ENVIRONMENTS: ReadonlyMap<string, string> = new Map([
  ['tabular', '[{'], ['tabular*', '{[{'], ['tabularx', '{[{'], ['tabulary', '{[{'], ['longtable', '[{'], ['supertabular', '{'], ['array', '[{'],
]);

/** The end of `\begin{name}`'s arguments: a table's by its signature, any other's every group that follows. */
function environmentArguments(text: string, name: string, from: number): number {
  const signature = TABLE_ENVIRONMENTS.get(name);
  return signature === undefined ? readArguments(text, from).end : readArguments(text, from, signature).end;
}

/**
 * The arguments after a command name: by the command's signature where it is known, otherwise every
 * `{…}`/`[…]` group that follows; `kept`, the argument whose text is prose (\textbf's, \multicolumn's third).
 */
function commandArguments(text: string, name: string, nameEnd: number): { end: number; kept?: Group } {
  const spec = DEFAULT_COMMANDS.get(name);
  if (!spec) return readArguments(text, nameEnd);
  const keep = spec.action.kind === 'keep' ? spec.action.argument : 0;
  return readArguments(text, nameEnd, spec.signature, keep);
}

function readArguments(text: string, from: number, signature?: string, keep = 0): { end: number; kept?: Group } {
  if (signature === undefined) {
    let end = from;
    for (const group of argumentGroups(text, from)) end = group.end;
    return { end };
  }
  const args = readSignedArguments(text, from, text.length, signature);
  return { end: args.end, kept: keep > 0 ? args.groups.filter((g) => g.kind === '{')[keep - 1]?.group : undefined };
}

/** The `{…}` and `[…]` groups following a command name at `from`, each after TeX's argument gap, in order. */
function* argumentGroups(text: string, from: number): Generator<Group> {
  for (let end = from; ;) {
    const k = skipArgumentGap(text, end);
    const group = text[k] === '{' ? readGroup(text, k) : text[k] === '[' ? readGroup(text, k, '[', ']') : undefined;
    if (!group) return;
    yield group;
    end = group.end;
  }
}

/** Commands that shape a table rather than fill a cell: a cursor after them alone is in no cell's text. */
const TABLE_STRUCTURE = new Set(['\\', 'hline', 'cline', 'hhline', 'toprule', 'midrule', 'bottomrule', 'cmidrule', 'specialrule', 'addlinespace',
  'morecmidrules', 'noalign', 'rowcolor', 'tabularnewline', 'newline', 'centering', 'raggedright', 'raggedleft', 'small', 'footnotesize', 'scriptsize']);

/** The `{…}` argument of a command after `from` that holds `offset`, if any. */
function braceArgumentAt(text: string, from: number, offset: number): Group | undefined {
  for (const group of argumentGroups(text, from)) {
    if (group.start > offset) return undefined;
    if (offset < group.end) return text[group.start] === '{' ? group : undefined;
  }
  return undefined;
}

/**
 * The cursor in a table's body (from `body`, after its arguments): it takes a citation in a cell's text,
 * next to a word of it on the same line, not in a command's name or non-text argument, not in math.
 */
function tableCell(text: string, body: number, offset: number): CitePlacement | undefined {
  const NOT_CELL = 'in a table, but not in the text of a cell';
  let i = body;
  /** The end of the markup (commands, their arguments, `&`, braces, `$`) last read before the cursor. */
  let markupEnd = body;
  /** Whether the cell holding the cursor has text, math or a command printing something before it. */
  let cellFilled = false;
  let math = false;
  while (i < offset) {
    const ch = text[i];
    if (ch === '%' && isCommentStart(text, i)) {
      i = markupEnd = skipComment(text, i);
      continue;
    }
    if (ch === '$') {
      if (text[i + 1] === '$') i++;
      math = !math;
      cellFilled = true;
      i = markupEnd = i + 1;
      continue;
    }
    if (ch === '&' || ch === '{' || ch === '}') {
      if (ch === '&') cellFilled = false;
      i = markupEnd = i + 1;
      continue;
    }
    if (ch !== '\\') {
      if (!/\s/.test(ch)) cellFilled = true;
      i++;
      continue;
    }
    const { name, end } = readCommandName(text, i);
    if (name === '(' || name === ')') math = name === '(';
    if (i < offset && offset < end) return refused(`inside the command name \\${name}`);
    if (name === 'verb') {
      const verbEnd = skipVerb(text, end);
      if (offset < verbEnd) return refused('inside inline code (\\verb)');
      cellFilled = true;
      i = markupEnd = verbEnd;
      continue;
    }
    const known = name === 'begin' || name === 'end' || DEFAULT_COMMANDS.has(name);
    const { end: argumentsEnd, kept } = name === 'begin' || name === 'end' ? readArguments(text, end) : commandArguments(text, name, end);
    if (offset < argumentsEnd) {
      // In the text of \textbf{…}, \multicolumn's third argument, or of a command SciWrite does not know
      // (\makecell{…}, \thead{…}: in a cell, most likely text): read on inside it.
      const inside = kept && kept.innerStart <= offset && offset <= kept.innerEnd ? kept : known ? undefined : braceArgumentAt(text, end, offset);
      if (inside) {
        i = markupEnd = inside.innerStart;
        continue;
      }
      return refused(`inside \\${name}{…}, which takes no citation`);
    }
    if (name === '\\') cellFilled = false;
    else if (!TABLE_STRUCTURE.has(name) && name !== 'begin' && name !== 'end') cellFilled = true;
    i = markupEnd = argumentsEnd;
  }
  if (math) return refused('inside math');
  let left = offset;
  while (left > markupEnd && (text[left - 1] === ' ' || text[left - 1] === '\t')) left--;
  let right = offset;
  while (text[right] === ' ' || text[right] === '\t') right++;
  const wordBefore = left > markupEnd && !/\s/.test(text[left - 1]);
  const wordAfter = right < text.length && !/[\s\\&{}%$]/.test(text[right]);
  // Right after the cell's own markup ("\textbf{Ours}‸", "10\%‸", "$x$‸", "\citep{x}‸") is in its text too.
  const afterCellMarkup = cellFilled && left === markupEnd;
  return wordBefore || wordAfter || afterCellMarkup ? undefined : refused(NOT_CELL);
}

// ---- Markdown ----

const MARKDOWN_REFUSALS: Partial<Record<Nodes['type'], string>> = {
  yaml: 'in the front matter',
  code: 'inside a code block',
  inlineCode: 'inside inline code',
  math: 'inside math',
  inlineMath: 'inside math',
  link: 'inside a link',
  linkReference: 'inside a link',
  definition: 'inside a link definition',
};

function markdownContext(text: string, offset: number): CitePlacement | undefined {
  const root = parseMarkdown(text);
  let node: Nodes | undefined = root;
  while (node) {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? text.length;
    if (node.type !== 'root' && start < offset && offset < end) {
      if (node.type === 'html') return refused(text.startsWith('<!--', start) ? 'in an HTML comment' : 'inside raw HTML');
      const reason = MARKDOWN_REFUSALS[node.type];
      if (reason) return refused(reason);
      // An image's description is a caption, its address is not.
      if (node.type === 'image' && offset > text.lastIndexOf('](', end)) return refused('inside an image\'s address');
    }
    const children: Nodes[] = 'children' in node ? (node.children as Nodes[]) : [];
    node = children.find((child) => (child.position?.start.offset ?? 0) < offset && offset < (child.position?.end.offset ?? 0));
  }
  // Raw LaTeX math environments (`\begin{equation}…`) are math, as the prose reads them; pandoc attributes (`{#sec:a}`) are no text.
  if (outlineMarkdown(text, '', root).displayMath.some((math) => math.start < offset && offset < math.end)) return refused('inside math');
  if (markdownAttributeSpans(text).some((span) => span.start < offset && offset < span.end)) return refused('inside an attribute block ({…})');
  return undefined;
}

// ---- Both: the cursor in prose ----

function inProse(text: string, language: ScopeLanguage, segments: readonly ProseSegment[], offset: number): CitePlacement {
  let at = offset;
  // Inside a word: after it.
  while (at < text.length && at > 0 && WORD.test(text[at - 1]) && WORD.test(text[at])) at++;
  at = beforeFullStop(text, segments, at) ?? at;
  const previous = text[at - 1] ?? '\n';
  const next = text[at] ?? '\n';
  const glued = !/\s/.test(previous) && !'([{~'.includes(previous);
  return {
    offset: at,
    before: glued ? (language === 'latex' ? '~' : ' ') : '',
    after: WORD.test(next) ? ' ' : '',
  };
}

/**
 * With the cursor right after a sentence's final full stop, or at the start of the next sentence with
 * only spaces between, the offset of that full stop; the segment's sentences tell a full stop that ends
 * a sentence from one that ends an abbreviation ("e.g.").
 */
function beforeFullStop(text: string, segments: readonly ProseSegment[], offset: number): number | undefined {
  const segment = segmentAt(segments, offset);
  if (!segment) return undefined;
  const { text: prose, sourceStart, sourceEnd } = segment.prose;
  let last = -1;
  for (let i = 0; i < prose.length; i++) if (sourceEnd[i] <= offset && !/\s/.test(prose[i])) last = i;
  if (last < 0 || prose[last] !== '.' || sourceEnd[last] - sourceStart[last] !== 1 || text[sourceStart[last]] !== '.') return undefined;
  if (!isBlank(text.slice(sourceEnd[last], offset))) return undefined;
  const ends = segment.sentences.some((sentence) => sentence.start <= last && sentence.end > last && isBlank(prose.slice(last + 1, sentence.end)));
  return ends ? sourceStart[last] : undefined;
}
