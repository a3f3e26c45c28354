// Hover on a citation key: the bibliography entry. With LaTeX Workshop installed (and the setting on),
// LaTeX Workshop already shows the entry, so SciWrite adds only what it knows beyond it.
import { basename } from 'node:path';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { citationAt, referencesOf, type CitationHit } from '../../analysis/index.ts';
import type { DocumentContext, Session } from '../session.ts';

export async function provideHover(session: Session, params: HoverParams): Promise<Hover | null> {
  const context = await session.context(params.textDocument.uri, true);
  if (!context?.file || !context.settings.citations.hover.enabled) return null;
  const hit = citationAt(context.file, session.offsetAt(context, params.position));
  if (!hit) return null;
  const extrasOnly = context.file.language === 'latex' && session.latexWorkshopInstalled && context.settings.citations.hover.deferToLatexWorkshop;
  const value = await hoverMarkdown(session, context, hit, extrasOnly);
  if (!value) return null;
  const span = hit.key?.span ?? hit.occurrence.span;
  return { contents: { kind: MarkupKind.Markdown, value }, range: context.file.lines.rangeOf(span) };
}

async function hoverMarkdown(session: Session, context: DocumentContext, hit: CitationHit, extrasOnly: boolean): Promise<string> {
  const keys = hit.key ? [hit.key] : hit.occurrence.keys;
  const parts: string[] = [];
  for (const key of keys) {
    if (key.key === '*') continue;
    const found = context.project.lookup(key.key);
    const lines: string[] = [];
    if (!found) {
      lines.push(`**${escape(key.key)}**: not defined in any bibliography of this project.`);
    } else {
      if (!extrasOnly) lines.push(context.project.formatEntryMarkdown(found.entry));
      if (!found.exactCase) lines.push(`*Key written \`${key.key}\`, defined as \`${found.entry.key}\`: BibTeX matches it, biber and pandoc do not.*`);
      const references = await referencesOf(context.project, key.key);
      const bib = context.project.bibFile(found.entry.file);
      const line = bib ? bib.lines.positionAt(found.entry.keySpan.start).line + 1 : undefined;
      const where = line ? `[${basename(found.entry.file)}:${line}](${session.uris.toUri(found.entry.file)}#L${line})` : basename(found.entry.file);
      lines.push(`Cited ${references.length}× in this project · defined in ${where}`);
    }
    parts.push(lines.join('\n\n'));
  }
  return parts.join('\n\n---\n\n');
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
