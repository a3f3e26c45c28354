// The models of the editor roles: entities, SciCite intent, ACL-ARC intent. Each role is `builtin`
// (the compact models shipped in models/) or a Hugging Face id / local folder run through the
// inference engine. A Hub model that fails to load falls back to the built-in one, with the reason.
import { canonicalIntentLabel, intentLabelMismatch, loadBuiltinIntentClassifier, type IntentTask } from '../../inference/builtin/intent.ts';
import { loadBuiltinTagger } from '../../inference/builtin/tagger.ts';
import { openModel } from '../../inference/runtime/open.ts';
import { labelSchemeOf, type TokenClassificationEntity } from '../../inference/pipelines/token-aggregation.ts';
import type { ProxySetting } from '../../net/proxy.ts';
import type { ResolveOptions } from '../../inference/store/types.ts';
import { ModelStoreError } from '../../inference/store/errors.ts';
import type { Quantization } from '../../inference/onnx/encoder.ts';
import { mapEntityLabel } from '../../core/entities/labels.ts';
import { bareLabel } from '../../core/taxonomy/map.ts';
import type { ProseEntity } from '../../core/entities/types.ts';
import { looksEnglish } from '../../core/prose/language.ts';
import { isNameList } from '../../core/prose/name-list.ts';
import { plausibleSpan } from '../../core/entities/plausible.ts';
import { loadTaxonomy } from '../../core/taxonomy/load.ts';
import type { Taxonomy } from '../../core/taxonomy/types.ts';

export type { IntentTask } from '../../inference/builtin/intent.ts';

export interface EntityTagger {
  /** "builtin:tagger", a Hub id or a folder. */
  id: string;
  /** The model's labels that are no taxonomy type: their entities are not shown. */
  unshownLabels?: string[];
  tag(texts: readonly string[]): Promise<ProseEntity[][]>;
  release(): Promise<void>;
}

export interface IntentResult {
  label: string;
  /** Probability of every label. */
  scores: Record<string, number>;
}

export interface IntentClassifier {
  id: string;
  task: IntentTask;
  classify(texts: readonly string[]): Promise<IntentResult[]>;
  release(): Promise<void>;
}

export type Role = 'entities' | IntentTask;

/** The model asked for each role: `builtin`, a Hub id or a folder. */
export interface ModelChoice {
  entities: string;
  scicite: string;
  aclarc: string;
}

export const defaultModelChoice: ModelChoice = { entities: 'builtin', scicite: 'builtin', aclarc: 'builtin' };

/** What a role runs now. */
export interface RoleState<T> {
  role: Role;
  requested: string;
  model?: T;
  /** Why the requested model is not the one running (or why none runs). */
  reason?: string;
  /** The requested Hub model is still downloading: `model` is the built-in one meanwhile. */
  loading?: boolean;
  /** A load the role moved on from before it ended (another model chosen, or the same one loaded again): neither kept nor reported. */
  superseded?: boolean;
}

export interface ModelLoadOptions {
  /** Folder holding taxonomy.json, tagger/ and intent/ (default: found next to the extension). */
  modelsDir?: string;
  taxonomy?: Taxonomy;
  store?: ResolveOptions;
  /** Quantisation of Hub models built for the editor (default int8: what keeps typing fluid on a laptop). */
  quantization?: Quantization;
  /** Progress of Hub downloads; `note` says why no bytes move (waiting for another process's download, a retry). */
  onProgress?: (role: Role, spec: string, bytes: number, total: number | undefined, note?: string) => void;
  /** False for a Hub id the user has not agreed to download yet: only the cache is used. Default: always allowed. */
  allowDownload?: (spec: string) => boolean;
  /** How long a document waits for a Hub model that is not downloading yet before running the built-in one meanwhile (default HUB_PATIENCE_MS). */
  hubPatienceMs?: number;
  /** The proxy setting in force now (VS Code's http.proxy, which can change while the server runs); read at each load. */
  proxy?: () => ProxySetting | undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The models read English prose only: a paragraph in another language (a thesis's German abstract) or a
 * list of names and affiliations gets no entities; spans no reader would call an entity are dropped.
 */
async function tagProse(texts: readonly string[], tag: (prose: string[]) => Promise<ProseEntity[][]>): Promise<ProseEntity[][]> {
  const english = texts.flatMap((t, i) => (looksEnglish(t) && !isNameList(t) ? [i] : []));
  const tagged = english.length > 0 ? await tag(english.map((i) => texts[i])) : [];
  const out: ProseEntity[][] = texts.map(() => []);
  english.forEach((i, k) => {
    out[i] = tagged[k].flatMap((e) => {
      const span = plausibleSpan(texts[i], e.start, e.end);
      return span ? [{ ...e, ...span }] : [];
    });
  });
  return out;
}

export async function loadEntityTagger(spec: string, options: ModelLoadOptions = {}): Promise<EntityTagger> {
  const taxonomy = options.taxonomy ?? loadTaxonomy(options.modelsDir ? `${options.modelsDir}/taxonomy.json` : undefined);
  if (spec === 'builtin') {
    const tagger = await loadBuiltinTagger(options.modelsDir, taxonomy);
    return {
      id: tagger.name,
      tag: (texts) => tagProse(texts, async (english) => {
        const out: ProseEntity[][] = [];
        for (const text of english) out.push((await tagger.tag(text)).map((e) => ({ start: e.start, end: e.end, type: e.type, score: e.score, model: tagger.name })));
        return out;
      }),
      release: async () => undefined,
    };
  }
  const model = await openModel(spec, {
    quantization: options.quantization ?? 'int8',
    task: 'token-classification',
    store: { ...options.store, onProgress: (p) => options.onProgress?.('entities', spec, p.bytes, p.total, p.note) },
  });
  if (model.task !== 'token-classification') {
    await model.release();
    throw new Error(`${spec} is a ${model.task} model, not a token-classification (NER) model`);
  }
  const labels = [...new Set(model.labels.id2label.map(bareLabel))];
  const unshownLabels = labels.filter((label) => mapEntityLabel(taxonomy, label, spec)?.known === false);
  if (!labels.some((label) => mapEntityLabel(taxonomy, label, spec)?.known)) {
    await model.release();
    throw new Error(`none of its labels (${labels.filter((l) => l !== 'O').join(', ')}) is a SciWrite entity type`);
  }
  const labelScheme = labelSchemeOf(model.labels.id2label);
  return {
    id: spec,
    ...(unshownLabels.length > 0 ? { unshownLabels } : {}),
    tag: (texts) => tagProse(texts, async (english) => {
      const groups = await model.ner(english, { aggregation: 'simple', labelScheme });
      return groups.map((list) => taxonomyEntities(list, taxonomy, spec).map((e) => ({ ...e, model: spec })));
    }),
    release: () => model.release(),
  };
}

/**
 * A Hub model's entities typed by the taxonomy (its own label table first): those whose label is no
 * taxonomy type are left out, their labels added to `unknown`.
 */
export function taxonomyEntities(list: readonly TokenClassificationEntity[], taxonomy: Taxonomy, spec: string, unknown?: Set<string>): { start: number; end: number; type: string; score: number }[] {
  return list.flatMap((g) => {
    const label = 'entity_group' in g ? g.entity_group : g.entity;
    const mapped = mapEntityLabel(taxonomy, label, spec);
    if (mapped && !mapped.known) unknown?.add(label);
    return mapped?.known ? [{ start: g.start, end: g.end, type: mapped.type, score: g.score }] : [];
  });
}

/** What the user should know about a loaded model: the labels whose entities are not shown. */
export function modelNote(model: EntityTagger | IntentClassifier): string | undefined {
  if (!('unshownLabels' in model) || !model.unshownLabels?.length) return undefined;
  const labels = model.unshownLabels.join(', ');
  return `${model.id} also labels ${labels}, which ${model.unshownLabels.length === 1 ? 'is no SciWrite entity type' : 'are no SciWrite entity types'}: those entities are not shown`;
}

/** A label as the task writes it when a Hub model spells it differently ("BACKGROUND", "uses"). */
function canonicalLabel(task: IntentTask, label: string): string {
  return canonicalIntentLabel(task, label) ?? label;
}

export async function loadIntentClassifier(task: IntentTask, spec: string, options: ModelLoadOptions = {}): Promise<IntentClassifier> {
  if (spec === 'builtin') {
    const c = await loadBuiltinIntentClassifier(task, options.modelsDir);
    return { id: c.name, task, classify: (texts) => c.classify(texts), release: async () => undefined };
  }
  const model = await openModel(spec, {
    quantization: options.quantization ?? 'int8',
    task: 'sequence-classification',
    store: { ...options.store, onProgress: (p) => options.onProgress?.(task, spec, p.bytes, p.total, p.note) },
  });
  if (model.task !== 'sequence-classification') {
    await model.release();
    throw new Error(`${spec} is a ${model.task} model, not a text-classification model`);
  }
  // a model labelled LABEL_0… or with another task's labels would show intents nobody can read
  const mismatch = intentLabelMismatch(task, model.labels.id2label);
  if (mismatch) {
    await model.release();
    throw new Error(mismatch);
  }
  return {
    id: spec,
    task,
    async classify(texts) {
      if (texts.length === 0) return [];
      const rows = await model.classify([...texts]);
      return rows.map((row) => {
        const scores: Record<string, number> = {};
        for (const s of row) scores[canonicalLabel(task, s.label)] = s.score;
        return { label: canonicalLabel(task, row[0].label), scores };
      });
    },
    release: () => model.release(),
  };
}

/** A second: a cached model answers well within it; a Hub slow to answer its revision does not hold the editor longer. */
const HUB_PATIENCE_MS = 1000;

type AnyModel = EntityTagger | IntentClassifier;
type Loader<T> = (spec: string, signal: AbortSignal, progress: ModelLoadOptions['onProgress']) => Promise<T>;
type Progress = NonNullable<ModelLoadOptions['onProgress']>;

/**
 * The models of every role, loaded once per choice. `use(choice)` switches roles whose choice
 * changed (without a reload of the others); a failing Hub model falls back to the built-in one.
 * `all(choice, { background: true })` does not wait for a Hub download: the role runs the built-in
 * model meanwhile (`loading`), and `pending(role)` settles when the download does.
 */
export class ModelRegistry {
  private readonly states = new Map<Role, Promise<RoleState<AnyModel>>>();
  private readonly requested = new Map<Role, string>();
  private readonly aborts = new Map<Role, AbortController>();
  /** Settles once the role's current load fetches files from the Hub (or waits to): a download, not a cache read. */
  private readonly fetching = new Map<Role, Promise<void>>();
  /** The built-in model of each role, shared by every state that runs it. */
  private readonly builtins = new Map<Role, Promise<AnyModel>>();
  /** Hub models whose last load failed on the network (a proxy change may fix it), per role. */
  private readonly networkFailures = new Map<Role, string>();

  constructor(private readonly options: ModelLoadOptions = {}) {}

  private builtin<T extends AnyModel>(role: Role, loader: Loader<T>): Promise<T> {
    let model = this.builtins.get(role);
    if (!model) {
      model = loader('builtin', new AbortController().signal, undefined);
      this.builtins.set(role, model);
      model.catch(() => this.builtins.delete(role));
    }
    return model as Promise<T>;
  }

  private load<T extends AnyModel>(role: Role, spec: string, loader: Loader<T>): Promise<RoleState<T>> {
    if (this.requested.get(role) === spec) return this.states.get(role) as Promise<RoleState<T>>;
    const previous = this.states.get(role);
    this.requested.set(role, spec);
    this.aborts.get(role)?.abort();
    const abort = new AbortController();
    this.aborts.set(role, abort);
    // a cancel the user asked for keeps the controller; another choice (or a reload) replaces it
    const current = (): boolean => this.aborts.get(role) === abort;
    let fetched = (): void => undefined;
    this.fetching.set(role, new Promise<void>((resolve) => (fetched = resolve)));
    const progress: Progress = (r, s, bytes, total, note) => {
      if (!current()) return;
      fetched();
      this.options.onProgress?.(r, s, bytes, total, note);
    };
    const state = (async (): Promise<RoleState<T>> => {
      if (previous) void previous.then((p) => p.model?.release()).catch(() => undefined);
      if (spec === 'builtin') {
        try {
          return { role, requested: spec, model: await this.builtin(role, loader) };
        } catch (error) {
          return { role, requested: spec, reason: `the built-in model could not be loaded: ${message(error)}` };
        }
      }
      try {
        const model = await loader(spec, abort.signal, progress);
        if (!current()) {
          void model.release();
          return { role, requested: spec, superseded: true };
        }
        this.networkFailures.delete(role);
        return { role, requested: spec, model };
      } catch (error) {
        if (!current()) return { role, requested: spec, superseded: true };
        if (!abort.signal.aborted && failedOnNetwork(error)) this.networkFailures.set(role, spec);
        const why = abort.signal.aborted ? 'download cancelled' : message(error);
        try {
          return { role, requested: spec, model: await this.builtin(role, loader), reason: `${spec} could not be used (${why}); using the built-in model instead` };
        } catch (inner) {
          return { role, requested: spec, reason: `${spec} could not be used (${message(error)}), nor the built-in model (${message(inner)})` };
        }
      }
    })();
    this.states.set(role, state);
    return state;
  }

  /**
   * The role's state, or the built-in model (`loading`) while its Hub model downloads. A folder or a
   * cached model is waited for, but no longer than HUB_PATIENCE_MS: a cached Hub id still asks the Hub
   * for its revision first, and the Hub may be slow to answer.
   */
  private async meanwhile<T extends AnyModel>(role: Role, spec: string, loader: Loader<T>): Promise<RoleState<T>> {
    const full = this.load(role, spec, loader);
    const fetching = this.fetching.get(role) ?? new Promise<void>(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.options.hubPatienceMs ?? HUB_PATIENCE_MS)));
    const first = await Promise.race([full, fetching.then(() => undefined), patience]).finally(() => clearTimeout(timer));
    if (first && !first.superseded) return first;
    try {
      return { role, requested: spec, model: await this.builtin(role, loader), loading: true };
    } catch (error) {
      return { role, requested: spec, loading: true, reason: `the built-in model could not be loaded: ${message(error)}` };
    }
  }

  private withSignal(signal: AbortSignal, onProgress: ModelLoadOptions['onProgress']): ModelLoadOptions {
    // the model card comes along: "Manage models" shows its licence
    const proxy = this.options.proxy?.();
    return { ...this.options, onProgress, store: { extraFiles: ['README.md'], ...(proxy ? { proxy } : {}), ...this.options.store, signal } };
  }

  private storeFor(spec: string, signal: AbortSignal, onProgress: ModelLoadOptions['onProgress']): ModelLoadOptions {
    const o = this.withSignal(signal, onProgress);
    if (spec !== 'builtin' && this.options.allowDownload && !this.options.allowDownload(spec)) o.store = { ...o.store, offline: true };
    return o;
  }

  /** Loads `spec` again on its next use (e.g. once the user agreed to download it). */
  reload(spec: string): void {
    for (const [role, requested] of this.requested) if (requested === spec) this.requested.delete(role);
  }

  /**
   * After the proxy setting changed: Hub models that failed on the network load again on their next
   * use. True when there were any.
   */
  retryNetworkFailures(): boolean {
    let any = false;
    for (const [role, spec] of this.networkFailures) {
      if (this.requested.get(role) === spec) {
        this.requested.delete(role);
        any = true;
      }
    }
    this.networkFailures.clear();
    return any;
  }

  private readonly entityLoader: Loader<EntityTagger> = (s, signal, progress) => loadEntityTagger(s, this.storeFor(s, signal, progress));

  private intentLoader(task: IntentTask): Loader<IntentClassifier> {
    return (s, signal, progress) => loadIntentClassifier(task, s, this.storeFor(s, signal, progress));
  }

  entities(spec: string): Promise<RoleState<EntityTagger>> {
    return this.load('entities', spec, this.entityLoader);
  }

  intent(task: IntentTask, spec: string): Promise<RoleState<IntentClassifier>> {
    return this.load(task, spec, this.intentLoader(task));
  }

  /** Stops a Hub download in progress for a role: the role falls back to the built-in model. */
  cancel(role: Role): void {
    this.aborts.get(role)?.abort();
  }

  /** The role's current load, settled or not (what a `loading` state waits for). */
  pending(role: Role): Promise<RoleState<AnyModel>> | undefined {
    return this.states.get(role);
  }

  /**
   * The states of every role for a choice (loading what is not loaded yet). With `background`, a Hub
   * download is not waited for: the role runs the built-in model meanwhile (`loading`).
   */
  async all(choice: ModelChoice, { background = false }: { background?: boolean } = {}): Promise<{ entities: RoleState<EntityTagger>; scicite: RoleState<IntentClassifier>; aclarc: RoleState<IntentClassifier> }> {
    if (background) {
      const [entities, scicite, aclarc] = await Promise.all([
        this.meanwhile('entities', choice.entities, this.entityLoader),
        this.meanwhile('scicite', choice.scicite, this.intentLoader('scicite')),
        this.meanwhile('aclarc', choice.aclarc, this.intentLoader('aclarc')),
      ]);
      return { entities, scicite, aclarc };
    }
    const [entities, scicite, aclarc] = await Promise.all([this.entities(choice.entities), this.intent('scicite', choice.scicite), this.intent('aclarc', choice.aclarc)]);
    return { entities, scicite, aclarc };
  }

  async dispose(): Promise<void> {
    for (const s of this.states.values()) await s.then((x) => x.model?.release()).catch(() => undefined);
    this.states.clear();
    this.requested.clear();
  }
}

/** A failure a different proxy could fix: the Hub or the proxy unreachable, refused, or misconfigured. */
function failedOnNetwork(error: unknown): boolean {
  return error instanceof ModelStoreError && (error.code === 'network' || (error.code === 'invalid-spec' && /proxy/i.test(error.message)));
}
