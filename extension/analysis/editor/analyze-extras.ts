// What the editor features add to `sciwrite analyze --json`: `entities: [{file, range, text, type,
// score, model}]` (the range holds exactly `text` in the source) and an `intent` on every citation
// in prose, from the same code the server runs, with the models the workspace settings choose
// (.vscode/settings.json `sciwrite.models.*`) unless `--model-entities/--model-scicite/--model-aclarc` say otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { dismissalMatcher, readDismissals } from '../../core/entities/dismissals.ts';
import { normalizeEditorSettings } from '../../protocol/editor.ts';
import type { AnalyzeResult } from '../analyze-file.ts';
import type { LineRange } from '../line-index.ts';
import { defaultAnalysisOptions, type AnalysisOptions } from '../ports.ts';
import type { FileAnalysis, Workspace } from '../workspace.ts';
import { entitiesOfProject } from './document-entities.ts';
import { IntentAnalyzer, type CitationIntentRecord } from './intents.ts';
import { ModelRegistry, modelNote, type ModelChoice, type ModelLoadOptions } from './models.ts';
import { parseJsonc, readWorkspaceSection, workspaceFolderOf } from './workspace-files.ts';

export interface AnalyzedEntity {
  file: string;
  range: LineRange;
  text: string;
  /** The entity as prose reads it. */
  prose: string;
  type: string;
  score: number;
  model: string;
  longForm?: string;
  /** Why SciWrite, not the model, chose the type. */
  typedBecause?: string;
}

export interface AnalyzedIntent {
  scicite?: { label: string; scores: Record<string, number>; model: string };
  aclarc?: { label: string; scores: Record<string, number>; model: string };
}

export interface EditorAnalyzeResult extends AnalyzeResult {
  entities: AnalyzedEntity[];
  citations: (AnalyzeResult['citations'][number] & { intent?: AnalyzedIntent })[];
  /** The model of each role and, when it is not the one asked for, why. */
  models: { role: string; requested: string; active?: string; reason?: string; note?: string }[];
}

export interface EditorExtrasOptions {
  /** Per-role overrides (the --model-* flags); the rest come from the workspace settings, else `builtin`. */
  models?: Partial<ModelChoice>;
  analysis?: Partial<AnalysisOptions>;
  /** Folder whose .vscode/ holds settings.json and sciwrite.json (default: the nearest above the root file). */
  workspaceFolder?: string;
  load?: ModelLoadOptions;
  registry?: ModelRegistry;
}

/** parseArgs options for the model flags of `sciwrite analyze`. */
export const EDITOR_ANALYZE_ARGS = {
  'model-entities': { type: 'string' },
  'model-scicite': { type: 'string' },
  'model-aclarc': { type: 'string' },
} as const;

export const EDITOR_ANALYZE_HELP = `  --model-entities <m>   entity model: builtin, a Hugging Face id or a folder (default: the workspace setting, else builtin)
  --model-scicite <m>    SciCite citation-intent model (same choices)
  --model-aclarc <m>     ACL-ARC citation-intent model (same choices)
`;

/** The --model-* values of a parseArgs result as overrides. */
export function modelOverrides(values: Record<string, unknown>): Partial<ModelChoice> {
  const out: Partial<ModelChoice> = {};
  const pick = (flag: string) => (typeof values[flag] === 'string' && (values[flag] as string).trim() !== '' ? (values[flag] as string).trim() : undefined);
  const e = pick('model-entities');
  const s = pick('model-scicite');
  const a = pick('model-aclarc');
  if (e) out.entities = e;
  if (s) out.scicite = s;
  if (a) out.aclarc = a;
  return out;
}

/**
 * A model setting that names a folder relative to the workspace folder (`"models/ner"`), as an absolute
 * path, as `sciwrite related` reads `sciwrite.models.embeddings`; Hub ids and other values unchanged.
 */
export function workspaceModelSpec(spec: string, folder: string | undefined): string {
  if (!folder || spec === 'builtin' || spec.startsWith('builtin:') || isAbsolute(spec)) return spec;
  const path = resolve(folder, spec);
  return existsSync(path) ? path : spec;
}

/** Why a workspace folder's .vscode/settings.json cannot be read (its sciwrite settings are then ignored), else undefined. */
export function workspaceSettingsProblem(folder: string | undefined): string | undefined {
  if (!folder) return undefined;
  const path = join(folder, '.vscode', 'settings.json');
  if (!existsSync(path)) return undefined;
  try {
    parseJsonc(readFileSync(path, 'utf8'));
    return undefined;
  } catch (error) {
    return `${path} cannot be read (${error instanceof Error ? error.message : String(error)}): its sciwrite settings are ignored`;
  }
}

const sameSpan = (a: LineRange, b: LineRange) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export async function addEditorAnalysis(workspace: Workspace, result: AnalyzeResult, options: EditorExtrasOptions = {}): Promise<EditorAnalyzeResult> {
  const folder = options.workspaceFolder ?? workspaceFolderOf(resolve(result.root));
  const settings = normalizeEditorSettings(readWorkspaceSection(folder));
  const choice: ModelChoice = {
    entities: workspaceModelSpec(settings.models.entities, folder),
    scicite: workspaceModelSpec(settings.models.scicite, folder),
    aclarc: workspaceModelSpec(settings.models.aclarc, folder),
    ...options.models,
  };
  const registry = options.registry ?? new ModelRegistry({ quantization: settings.models.quantization, ...options.load });
  const states = await registry.all(choice);
  const dismissed = folder ? dismissalMatcher(await readDismissals(folder)) : undefined;
  const analysisOptions: AnalysisOptions = { ...defaultAnalysisOptions, ...options.analysis };
  const project = await workspace.project(resolve(result.files[0] ?? result.root), analysisOptions);
  const analyses: FileAnalysis[] = [];
  for (const file of result.files) {
    const a = await project.file(file);
    if (a) analyses.push(a);
  }
  const entities: AnalyzedEntity[] = [];
  const tagger = states.entities.model;
  if (tagger) {
    const perFile = await entitiesOfProject(analyses, tagger, { dismissed, minScore: settings.entities.minScore, lookupEntry: (key) => project.lookup(key)?.entry });
    for (const [i, a] of analyses.entries()) {
      for (const e of perFile[i]) {
        const out: AnalyzedEntity = { file: a.file, range: a.lines.rangeOf(e.span), text: e.text, prose: e.prose, type: e.type, score: e.score, model: e.model };
        if (e.longForm !== undefined) out.longForm = e.longForm;
        if (e.typedBecause !== undefined) out.typedBecause = e.typedBecause;
        entities.push(out);
      }
    }
  }
  const records = (await new IntentAnalyzer().classify(analyses, { scicite: states.scicite.model, aclarc: states.aclarc.model })) ?? [];
  const byFile = new Map<string, { range: LineRange; record: CitationIntentRecord }[]>();
  for (const r of records) {
    const a = analyses.find((x) => x.file === r.file);
    if (!a) continue;
    const list = byFile.get(r.file) ?? [];
    list.push({ range: a.lines.rangeOf(r.span), record: r });
    byFile.set(r.file, list);
  }
  const citations = result.citations.map((c) => {
    const hit = byFile.get(c.file)?.find((x) => sameSpan(x.range, c.range));
    if (!hit) return c;
    // The sentence the models read: a note's citation is read in the sentence that carries the note's mark.
    const read = hit.record.sentence ? { ...c, sentence: hit.record.sentence } : c;
    if (!hit.record.scicite && !hit.record.aclarc) return read;
    const intent: AnalyzedIntent = {};
    if (hit.record.scicite) intent.scicite = hit.record.scicite;
    if (hit.record.aclarc) intent.aclarc = hit.record.aclarc;
    return { ...read, intent };
  });
  const models = [states.entities, states.scicite, states.aclarc].map((s) => {
    const m: EditorAnalyzeResult['models'][number] = { role: s.role, requested: s.requested };
    if (s.model) m.active = s.model.id;
    const note = s.model ? modelNote(s.model) : undefined;
    if (note) m.note = note;
    if (s.reason) m.reason = s.reason;
    return m;
  });
  if (!options.registry) await registry.dispose();
  return { ...result, citations, entities, models };
}

/** The human-readable part `sciwrite analyze` (without --json) prints for entities, intents and models. */
export function formatEditorExtras(result: EditorAnalyzeResult, name: (file: string) => string = (f) => f): string {
  const out: string[] = ['', 'Models:'];
  for (const m of result.models) out.push(`  ${m.role}: ${m.active ?? 'none'}${m.reason ? `  (${m.reason})` : ''}${m.note ? `  (${m.note})` : ''}`);
  const byType = new Map<string, number>();
  for (const e of result.entities) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  out.push('', `Entities (${result.entities.length}${byType.size ? `: ${[...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${n} ${t}`).join(', ')}` : ''}):`);
  for (const e of result.entities) out.push(`  ${name(e.file)}:${e.range.start.line + 1}:${e.range.start.character + 1}  ${e.type}  ${e.prose}${e.longForm ? ` (${e.longForm})` : ''}  ${e.score.toFixed(2)}`);
  const cited = result.citations.filter((c) => c.intent);
  if (cited.length > 0) {
    out.push('', 'Citation intents:');
    for (const c of cited) {
      const parts = [c.intent?.scicite && `SciCite ${c.intent.scicite.label} ${(c.intent.scicite.scores[c.intent.scicite.label] ?? 0).toFixed(2)}`, c.intent?.aclarc && `ACL-ARC ${c.intent.aclarc.label} ${(c.intent.aclarc.scores[c.intent.aclarc.label] ?? 0).toFixed(2)}`].filter(Boolean);
      out.push(`  ${name(c.file)}:${c.range.start.line + 1}:${c.range.start.character + 1}  ${c.keys.join(', ')}: ${parts.join(' · ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}
