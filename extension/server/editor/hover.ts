// Hover content of the editor features: an entity (type, confidence, model, other mentions, database
// links, an abbreviation's long form, why SciWrite changed the model's type), and the intent part of a
// citation's hover.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { entityLinks, otherMentions } from '../../core/entities/mentions.ts';
import {
  INTENT_TASK_NAMES, summaryLine, type CitationIntentRecord, type DocumentEntity, type IntentTask, type LabelledIntent, type UnreadReason,
} from '../../analysis/editor/index.ts';
import { citationAt as findCitation } from '../../analysis/index.ts';
import type { Span } from '../../core/types.ts';
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
    lines.push(`${others.length} other mention${others.length === 1 ? '' : 's'} in this document: ${mentionLines(file, others)}`);
  } else lines.push('No other mention in this document.');
  const links = entityLinks(editor.taxonomy, entity);
  if (links.length > 0) lines.push(`Search: ${links.map((l) => `[${md(l.name)}](${l.url})`).join(' · ')}`);
  return lines.join('\n\n');
}

/** "lines 22 (2×), 32, 75": each line once, in order, the first eight. */
export function mentionLines(file: Pick<FileAnalysis, 'lines'>, mentions: readonly Pick<DocumentEntity, 'span'>[]): string {
  const counts = new Map<number, number>();
  for (const m of mentions) {
    const line = file.lines.positionAt(m.span.start).line + 1;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  const shown = [...counts].slice(0, 8).map(([line, n]) => (n > 1 ? `${line} (${n}×)` : String(line)));
  return `line${counts.size === 1 ? '' : 's'} ${shown.join(', ')}${counts.size > 8 ? ', …' : ''}`;
}

/** What each label says about the cited work, by task and lower-cased label (the datasets' definitions, shortened). */
const LABEL_MEANINGS: Record<IntentTask, Record<string, string>> = {
  scicite: { background: 'context or prior work', method: 'uses the cited method, tool or data', result: 'compares results with it' },
  aclarc: {
    background: 'context or prior work', uses: 'uses the cited method, tool or data', compareorcontrast: 'compares or contrasts with it',
    motivation: 'it motivates this work', extends: 'builds on it and extends it', future: 'future work along its lines',
  },
};

/** ACL-ARC's classes with 4–5 dev examples, unreliable per the model card (models/intent/README.md). */
const RARE_ACLARC = new Set(['extends', 'future', 'motivation']);

/** Top two labels closer than this read as a near tie: the model cannot tell them apart. */
const NEAR_TIE = 0.15;

function meaning(task: IntentTask, label: string): string {
  const text = LABEL_MEANINGS[task][label.toLowerCase()] ?? '';
  const rare = task === 'aclarc' && RARE_ACLARC.has(label.toLowerCase()) ? 'a rare class, unreliable' : '';
  return text && rare ? `${text} (${rare})` : text || rare;
}

/** "SciCite: **background** (66% sure) — context or prior work", or a near tie: "**method** or **result** (0.51 / 0.43: too close to call)". */
function intentLine(task: IntentTask, intent: LabelledIntent | undefined): string | undefined {
  if (!intent) return undefined;
  const top = intent.scores[intent.label] ?? 0;
  const second = Object.entries(intent.scores).filter(([label]) => label !== intent.label).sort((a, b) => b[1] - a[1])[0];
  const tie = second !== undefined && top - second[1] < NEAR_TIE;
  const labels = tie ? `**${md(intent.label)}** or **${md(second[0])}** (${top.toFixed(2)} / ${second[1].toFixed(2)}: too close to call)` : `**${md(intent.label)}** (${percent(top)} sure)`;
  const meanings = (tie ? [intent.label, second[0]] : [intent.label]).map((l) => meaning(task, l)).filter((m) => m);
  return `${INTENT_TASK_NAMES[task]}: ${labels}${meanings.length > 0 ? ` — ${md(meanings.join('; '))}` : ''}`;
}

/** The sentence cut to about `max` characters around the citation, at word boundaries. */
function shortened(sentence: string, cited: Span | undefined, max = 160): string {
  if (sentence.length <= max) return sentence;
  const centre = cited ? (cited.start + cited.end) >> 1 : 0;
  let start = Math.max(0, Math.min(centre - (max >> 1), sentence.length - max));
  let end = Math.min(sentence.length, start + max);
  if (start > 0) start = sentence.indexOf(' ', start) + 1 || start;
  if (end < sentence.length) end = sentence.lastIndexOf(' ', end) > start ? sentence.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? '…' : ''}`;
}

const UNREAD: Record<UnreadReason, string> = {
  heading: 'in a heading; the models read the sentences of the text',
  'back matter': 'in the acknowledgements, a reference list or other back matter (funding, contributions)',
  'bare note': 'alone in a note whose mark is in no sentence (a table or figure); the models read sentences',
};

/** What the hover says about one citation: its labels, what they mean, how sure, the sentence read; or why it has none. */
export function citationIntentLines(record: CitationIntentRecord): string[] {
  if (record.unread) return [`**No intent**: ${UNREAD[record.unread]}.`];
  if (!record.english) return ['**No intent**: the paragraph is not in English, and the models read English only.'];
  const labels = [intentLine('scicite', record.scicite), intentLine('aclarc', record.aclarc)].filter((x): x is string => x !== undefined);
  if (labels.length === 0) return [];
  const others = record.others ?? 0;
  const read = [`Read: *“${md(shortened(record.sentence, record.cited))}”*`];
  const why = 'the models read the sentence, not which reference.';
  if (others > 0) read.push(`The same for the ${others} other citation${others === 1 ? '' : 's'} in this sentence: ${why}`);
  else if (record.keys.length > 1) read.push(`One label for its ${record.keys.length} references: ${why}`);
  return [`**Citation intent**  \n${labels.join('  \n')}`, read.join('  \n')];
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

/**
 * The intent part of a citation hover: this citation's SciCite and ACL-ARC labels (or why it has none)
 * and the sentence they come from, and how each reference is cited across the project, counted as the
 * entry's "Cited N× in this project" counts. The project's intents are computed once (project-intents.ts):
 * while a big project's are still being computed, the hover says so instead of waiting for them.
 */
export async function citationIntentMarkdown(session: Session, uri: string, offset: number): Promise<string | undefined> {
  const editor = editorFeaturesOf(session);
  if (!editor) return undefined;
  const context = await session.context(uri);
  if (!context?.file) return undefined;
  const hit = findCitation(context.file, offset);
  if (!hit) return undefined;
  const models = await editor.intentModels(uri);
  const here = await editor.intentRecords.citation(context.file, hit.occurrence.span.start, models);
  const lines = here ? citationIntentLines(here) : [];
  const files = await context.project.files();
  const { summaries, occurrences } = await editor.intentRecords.summary(context.project.root, files, models, 'if small');
  const keys = hit.key ? [hit.key.key] : hit.occurrence.keys.map((k) => k.key);
  const counts: string[] = [];
  for (const key of keys) {
    // the same count as the entry's "Cited N× in this project": every occurrence, also in tables and figure bodies
    const total = occurrences.get(key.toLowerCase()) ?? 0;
    if (!summaries) {
      if (total > 0 && key !== '*') counts.push(`\`${md(key)}\` cited ${total}×; how the project cites it is still being computed`);
      continue;
    }
    const s = summaries.get(key.toLowerCase());
    if (s) counts.push(`\`${md(s.key)}\` ${summaryLine(s, ['scicite', 'aclarc'], Math.max(s.count, total))}`);
  }
  if (counts.length > 0) lines.push(counts.join('  \n'));
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
