// Splits a LaTeX document into paragraphs, the unit of conversion and caching: blank lines end a
// paragraph unless they sit inside braces, math, or an environment that must stay whole (floats,
// tables, verbatim, display math). An unclosed brace or environment stops holding paragraphs together
// after MAX_HELD blank lines, so one typo never merges the rest of the file into one paragraph.
import type { Span } from '../types.ts';
import { DEFAULT_ENVIRONMENTS, ROLE_ENVIRONMENTS, type EnvironmentSpec } from './commands.ts';
import { readCommandName, readEnvironmentName, skipComment, skipIffalse, verbatimArgument, VERBATIM_ENVIRONMENTS } from './scan.ts';

const MAX_HELD = 12;

/** The part of the file that is typeset text: after `\begin{document}` up to `\end{document}`, or all of it. */
export function latexBodyRange(text: string): Span {
  const begin = findUncommented(text, '\\begin{document}', 0);
  if (begin < 0) return { start: 0, end: text.length };
  const start = begin + '\\begin{document}'.length;
  const endDoc = findUncommented(text, '\\end{document}', start);
  return { start, end: endDoc < 0 ? text.length : endDoc };
}

function findUncommented(text: string, needle: string, from: number): number {
  let k = text.indexOf(needle, from);
  while (k >= 0) {
    const lineStart = text.lastIndexOf('\n', k - 1) + 1;
    const line = text.slice(lineStart, k);
    if (!/(^|[^\\])(\\\\)*%/.test(line)) return k;
    k = text.indexOf(needle, k + needle.length);
  }
  return -1;
}

export function splitLatexParagraphs(text: string, range: Span, environments: ReadonlyMap<string, EnvironmentSpec> = DEFAULT_ENVIRONMENTS): Span[] {
  const paragraphs: Span[] = [];
  let start = range.start;
  let depth = 0;
  const envs: string[] = [];
  let inMath: string | undefined;
  let held = 0;
  let iffalseClosable = true;
  let i = range.start;
  const end = range.end;
  const push = (e: number) => {
    // Trim white space so that a paragraph's text (its cache key) does not depend on blank lines around it.
    let s = start;
    while (s < e && /\s/.test(text[s])) s++;
    let f = e;
    while (f > s && /\s/.test(text[f - 1])) f--;
    if (f > s) paragraphs.push({ start: s, end: f });
  };
  while (i < end) {
    const ch = text[i];
    if (ch === '%') {
      i = skipComment(text, i);
      continue;
    }
    if (ch === '\\') {
      const { name, end: nameEnd } = readCommandName(text, i);
      if (name === 'iffalse' && iffalseClosable) {
        const after = skipIffalse(text, nameEnd, end);
        if (after !== undefined) {
          i = after;
          continue;
        }
        iffalseClosable = false;
      }
      if (name === 'begin' || name === 'end') {
        const env = readEnvironmentName(text, nameEnd);
        if (env) {
          if (name === 'begin' && VERBATIM_ENVIRONMENTS.has(env.name)) {
            const endTag = `\\end{${env.name}}`;
            const k = text.indexOf(endTag, env.end);
            i = k < 0 || k >= end ? end : k + endTag.length;
            continue;
          }
          const kind = ROLE_ENVIRONMENTS.has(env.name) ? 'hold' : environments.get(env.name)?.action.kind;
          if (kind && kind !== 'prose') {
            if (name === 'begin') envs.push(env.name);
            else if (envs.length > 0 && envs[envs.length - 1] === env.name) envs.pop();
          }
          i = env.end;
          continue;
        }
      }
      const verbatim = verbatimArgument(text, name, nameEnd);
      if (verbatim) {
        i = verbatim.end;
        continue;
      }
      if (name === '[' && !inMath) inMath = '\\]';
      else if (name === ']' && inMath === '\\]') inMath = undefined;
      i = nameEnd;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '\n') {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (j < end && text[j] === '\n') {
        while (j < end && /\s/.test(text[j])) j++;
        if (depth === 0 && envs.length === 0 && !inMath) {
          push(i);
          start = j;
          held = 0;
        } else if (++held > MAX_HELD) {
          push(i);
          start = j;
          held = 0;
          depth = 0;
          envs.length = 0;
          inMath = undefined;
        }
        i = j;
        continue;
      }
    }
    i++;
  }
  push(end);
  return paragraphs;
}
