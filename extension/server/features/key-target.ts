// The citation key under the cursor, in a manuscript (a cited key) or a .bib file (an entry's key).
import type { Range } from 'vscode-languageserver/node';
import { citationAt, entryAt } from '../../analysis/index.ts';
import type { DocumentContext, Session } from '../session.ts';

export interface KeyTarget {
  key: string;
  range: Range;
}

export function keyAt(session: Session, context: DocumentContext, position: { line: number; character: number }): KeyTarget | undefined {
  const offset = session.offsetAt(context, position);
  if (context.file) {
    const hit = citationAt(context.file, offset);
    if (!hit?.key || hit.key.key === '*') return undefined;
    return { key: hit.key.key, range: context.file.lines.rangeOf(hit.key.span) };
  }
  const bib = context.project.bibFile(context.path);
  const entry = bib && entryAt(bib, offset);
  return bib && entry ? { key: entry.key, range: bib.lines.rangeOf(entry.keySpan) } : undefined;
}
