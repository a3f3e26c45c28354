// Completion of citation keys inside `\cite{...}` braces and after `@`, labelled with author, year and
// title, and filterable by each of them.
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver/node';
import { authorLabel, completionCandidates, latexCompletionContext, pandocCompletionContext } from '../../analysis/index.ts';
import type { BibEntry } from '../../core/types.ts';
import type { Session } from '../session.ts';

/** Above this many entries only those matching what is typed are sent, and the list is marked incomplete. */
const MAX_ITEMS = 1000;

export async function provideCompletion(session: Session, params: CompletionParams): Promise<CompletionList | null> {
  const context = await session.context(params.textDocument.uri, true);
  if (!context?.file || !context.settings.citations.completion.enabled) return null;
  const offset = session.offsetAt(context, params.position);
  const where = context.file.language === 'latex'
    ? latexCompletionContext(context.file.text, offset, (name) => context.project.isCitationCommand(name))
    : pandocCompletionContext(context.file.text, offset);
  if (!where) return null;
  const range = context.file.lines.rangeOf(where.span);
  const siblings = new Set(where.siblings.map((key) => key.toLowerCase()));
  let entries = completionCandidates(context.project).filter((entry) => !siblings.has(entry.key.toLowerCase()));
  let isIncomplete = false;
  if (entries.length > MAX_ITEMS) {
    const words = where.prefix.toLowerCase().split(/[\s_:-]+/).filter(Boolean);
    entries = entries.filter((entry) => words.every((word) => filterText(entry).toLowerCase().includes(word))).slice(0, MAX_ITEMS);
    isIncomplete = true;
  }
  const items = entries.map((entry): CompletionItem => {
    const authors = authorLabel(entry);
    return {
      label: entry.key,
      labelDetails: { detail: entry.year ? ` ${entry.year}` : undefined, description: authors || undefined },
      kind: CompletionItemKind.Reference,
      detail: [authors, entry.year ? `(${entry.year})` : '', entry.title ?? ''].filter(Boolean).join(' '),
      documentation: { kind: MarkupKind.Markdown, value: context.project.formatEntryMarkdown(entry) },
      filterText: filterText(entry),
      sortText: entry.key.toLowerCase(),
      textEdit: { range, newText: entry.key },
    };
  });
  return { isIncomplete, items };
}

/** The key first (so typing a key prefix ranks best), then authors, year and title. */
function filterText(entry: BibEntry): string {
  const names = entry.authors.map((author) => author.literal ?? author.family).join(' ');
  return [entry.key, names, entry.year ?? '', entry.title ?? ''].filter(Boolean).join(' ');
}
