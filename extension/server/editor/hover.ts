// Hover content of the editor features: an entity (type, confidence, model, other mentions, database
// links, an abbreviation's long form, why SciWrite changed the model's type), and the intent part of a
// citation's hover.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { entityLinks, otherMentions } from '../../core/entities/mentions.ts';
import { referenceSummaries, summaryLine, type DocumentEntity, type LabelledIntent } from '../../analysis/editor/index.ts';
import { citationAt as findCitation } from '../../analysis/index.ts';
import type { FileAnalysis } from '../../analysis/index.ts';
import type { Session } from '../session.ts';
import { editorFeaturesOf, type EditorFeatures } from './features.ts';

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function entityMarkdown(editor: EditorFeatures, file: Pick<FileAnalysis, 'lines'>, entity: DocumentEntity, all: readonly DocumentEntity[]): string {
  const type = editor.taxonomy.byId.get(entity.type);
  const lines: string[] = [];
  lines.push(`**${md(type?.label ?? entity.type)}** · confidence ${percent(entity.score)} · found by \`${entity.model}\``);
  if (entity.longForm) lines.push(`*${md(entity.prose)}* abbreviates *${md(entity.longForm)}*`);
  if (entity.typedBecause) lines.push(`${md(type?.label ?? entity.type)} by SciWrite, not by the model: ${md(entity.typedBecause)}`);
  const others = otherMentions(all, entity);
  if (others.length > 0) {
    const where = others.slice(0, 8).map((o) => `line ${file.lines.positionAt(o.span.start).line + 1}`).join(', ');
    lines.push(`${others.length} other mention${others.length === 1 ? '' : 's'} in this document: ${where}${others.length > 8 ? ', …' : ''}`);
  } else lines.push('No other mention in this document.');
  const links = entityLinks(editor.taxonomy, entity);
  if (links.length > 0) lines.push(`Search: ${links.map((l) => `[${md(l.name)}](${l.url})`).join(' · ')}`);
  return lines.join('\n\n');
}

function intentLine(name: string, intent: LabelledIntent | undefined): string | undefined {
  if (!intent) return undefined;
  const scores = Object.entries(intent.scores).sort((a, b) => b[1] - a[1]).map(([label, p]) => `${md(label)} ${p.toFixed(2)}`).join(' · ');
  return `${name}: **${md(intent.label)}** (${scores})`;
}

/** The hover of the entity under the cursor, or null. */
export async function entityHover(session: Session, params: HoverParams): Promise<Hover | null> {
  const editor = editorFeaturesOf(session);
  const state = editor?.current(params.textDocument.uri);
  const document = session.documents.get(params.textDocument.uri);
  if (!editor || !state || !document || state.version !== document.version) return null;
  const offset = document.offsetAt(params.position);
  const entity = editor.shownEntities(state).find((e) => e.pieces.some((p) => p.start <= offset && offset < p.end));
  if (!entity) return null;
  const context = await session.context(params.textDocument.uri);
  if (!context?.file) return null;
  return { contents: { kind: MarkupKind.Markdown, value: entityMarkdown(editor, context.file, entity, state.entities) }, range: context.file.lines.rangeOf(entity.span) };
}

/** The intent part of a citation hover: this citation's SciCite and ACL-ARC labels, and how each reference is cited across the project. */
export async function citationIntentMarkdown(session: Session, uri: string, offset: number): Promise<string | undefined> {
  const editor = editorFeaturesOf(session);
  if (!editor) return undefined;
  const context = await session.context(uri);
  if (!context?.file) return undefined;
  const hit = findCitation(context.file, offset);
  if (!hit) return undefined;
  const perFile = await editor.projectIntents(context);
  const records = perFile.flatMap((f) => f.records);
  const here = records.find((r) => r.file === context.path && r.span.start === hit.occurrence.span.start);
  const lines: string[] = [];
  if (here) {
    const parts = [intentLine('SciCite', here.scicite), intentLine('ACL-ARC', here.aclarc)].filter((x): x is string => x !== undefined);
    if (parts.length > 0) lines.push(`**Intent of this citation** — ${parts.join(' · ')}`);
  }
  const summaries = referenceSummaries(records);
  const keys = hit.key ? [hit.key.key] : hit.occurrence.keys.map((k) => k.key);
  for (const key of keys) {
    const s = summaries.get(key.toLowerCase());
    if (s) lines.push(`\`${md(s.key)}\`: ${summaryLine(s)}`);
  }
  return lines.length > 0 ? lines.join('\n\n') : undefined;
}

/**
 * The server's hover with the editor features: an entity's hover where the cursor is on an entity,
 * else the citation hover (`base`) with the intent part added.
 */
export async function editorHover(session: Session, params: HoverParams, base: (session: Session, params: HoverParams) => Promise<Hover | null>): Promise<Hover | null> {
  const entity = await entityHover(session, params);
  if (entity) return entity;
  const hover = await base(session, params);
  const document = session.documents.get(params.textDocument.uri);
  if (!document) return hover;
  const intent = await citationIntentMarkdown(session, params.textDocument.uri, document.offsetAt(params.position)).catch(() => undefined);
  if (!intent) return hover;
  if (!hover) return null;
  const contents = hover.contents;
  const value = typeof contents === 'object' && contents !== null && 'kind' in contents ? contents.value : '';
  return { ...hover, contents: { kind: MarkupKind.Markdown, value: value ? `${value}\n\n---\n\n${intent}` : intent } };
}
