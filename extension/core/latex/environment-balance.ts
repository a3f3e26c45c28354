// Prose environments left open or closed twice over a whole document (`\begin{itemize}` with no
// `\end{itemize}` before `\end{document}`): LaTeX stops there, and the paragraphs after it are read as
// inside the list. Environments that must stay whole (floats, math, verbatim) are checked where they
// are read (prose.ts); this pass covers the ones a document's paragraphs run through.
import type { Span } from '../types.ts';
import type { EnvironmentSpec } from './commands.ts';
import { forEachCommand, readEnvironmentName } from './scan.ts';

export interface EnvironmentProblem {
  offset: number;
  message: string;
}

export function environmentBalance(text: string, body: Span, environments: ReadonlyMap<string, EnvironmentSpec>): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const open: { name: string; at: number }[] = [];
  const isProse = (name: string) => name !== 'document' && (environments.get(name)?.action.kind ?? 'prose') === 'prose';
  const part = text.slice(body.start, body.end);
  forEachCommand(part, (command, start, nameEnd) => {
    if (command !== 'begin' && command !== 'end') return;
    const env = readEnvironmentName(part, nameEnd);
    if (!env || !isProse(env.name)) return;
    if (command === 'begin') {
      open.push({ name: env.name, at: body.start + start });
      return env.end;
    }
    const k = open.map((o) => o.name).lastIndexOf(env.name);
    if (k < 0) problems.push({ offset: body.start + start, message: `\\end{${env.name}} has no \\begin{${env.name}} before it` });
    else {
      for (const unclosed of open.splice(k).slice(1)) problems.push({ offset: unclosed.at, message: `\\begin{${unclosed.name}} is never closed (\\end{${env.name}} comes first)` });
    }
    return env.end;
  });
  for (const unclosed of open) problems.push({ offset: unclosed.at, message: `\\begin{${unclosed.name}} is never closed` });
  return problems.sort((a, b) => a.offset - b.offset);
}
