// The editor features' messages (issue 5): entities pushed per document version, citation intents,
// the "Citation intents" view, model status, and the client telling the server what is on screen.
import { notification, request } from './messages.ts';
import type { WireRange } from './ranges.ts';

export interface WireEntity {
  /** From the entity's first to its last source character: the source text there is exactly `text`. */
  range: WireRange;
  /** The runs of the entity's own characters (markup between them left out): what the editor colours. */
  pieces: WireRange[];
  text: string;
  /** The entity as prose reads it (`Schrödinger` for `Schr\"odinger`). */
  prose: string;
  /** A taxonomy type id (a Hub model's unknown label is passed through as it is). */
  type: string;
  score: number;
  model: string;
  /** For an abbreviation: its long form. */
  longForm?: string;
}

export interface EntitiesParams {
  uri: string;
  /** The document version the ranges belong to. */
  version: number;
  /** Paragraphs whose entities were computed anew for this message (the rest came from the cache). */
  paragraphs: WireRange[];
  /** Every entity of the document known at this version (replaces what the client had). */
  entities: WireEntity[];
  /** False while paragraphs of this version are still being analysed. */
  done: boolean;
}

export const EntitiesNotification = notification<EntitiesParams>('sciwrite/entities');

export interface WireIntent {
  label: string;
  scores: Record<string, number>;
  model: string;
}

export interface WireCitationIntent {
  range: WireRange;
  keys: string[];
  sentence: string;
  scicite?: WireIntent;
  aclarc?: WireIntent;
}

export interface IntentsParams {
  uri: string;
  version: number;
  citations: WireCitationIntent[];
}

export const IntentsNotification = notification<IntentsParams>('sciwrite/intents');

export interface CitationIntentsParams {
  /** A manuscript of the project to list. */
  uri: string;
}

export interface ReferenceIntents {
  key: string;
  title?: string;
  count: number;
  /** Label → number of citations. */
  scicite: Record<string, number>;
  aclarc: Record<string, number>;
  /** "cited 4×: 3 background, 1 method". */
  summary: string;
  citations: (WireCitationIntent & { uri: string })[];
}

export interface CitationIntentsResult {
  references: ReferenceIntents[];
}

export const CitationIntentsRequest = request<CitationIntentsParams, CitationIntentsResult>('sciwrite/citationIntents');

export type ModelRole = 'entities' | 'scicite' | 'aclarc';

export interface ModelRoleStatus {
  role: ModelRole;
  /** What the settings ask for: `builtin`, a Hub id or a folder. */
  requested: string;
  /** What runs now; absent while loading or when nothing could be loaded. */
  active?: string;
  state: 'loading' | 'ready' | 'fallback' | 'unavailable';
  /** Why the requested model is not the active one. */
  reason?: string;
  /** What the user should know about the active model (its labels that SciWrite does not show). */
  note?: string;
  /** A Hub download in progress for `requested`; `note` says why no bytes move (waiting for another SciWrite process, a retry). */
  download?: { bytes: number; total?: number; note?: string };
}

export interface ModelStatusParams {
  roles: ModelRoleStatus[];
  /** True while a document is being analysed. */
  analysing: boolean;
}

export const ModelStatusNotification = notification<ModelStatusParams>('sciwrite/modelStatus');

export const CancelModelDownloadNotification = notification<{ role: ModelRole }>('sciwrite/cancelModelDownload');

export interface VisibleRangesParams {
  uri: string;
  ranges: WireRange[];
}

/** The client tells the server what part of a document is on screen: those paragraphs go first. */
export const VisibleRangesNotification = notification<VisibleRangesParams>('sciwrite/visibleRanges');

export interface EntityTypeInfo {
  id: string;
  label: string;
  colorRole: string;
}

/** The taxonomy's types, for the legend and the per-type toggles. */
export const EntityTypesRequest = request<Record<string, never>, EntityTypeInfo[]>('sciwrite/entityTypes');

/** The command a dismissal code action runs (the server records it in .vscode/sciwrite.json). */
export const DismissEntityCommand = 'sciwrite.dismissEntity';

export interface DismissEntityArguments {
  uri: string;
  kind: 'never' | 'notType';
  text: string;
  type?: string;
}

/** `sciwrite.entities.*`, `sciwrite.models.*` and `sciwrite.abbreviations.*` as the server reads them. */
export interface EditorSettings {
  entities: {
    enabled: boolean;
    /** Entities scoring below are not shown. */
    minScore: number;
    /** Taxonomy types not highlighted (the per-type toggles). */
    hiddenTypes: string[];
  };
  abbreviations: { diagnostics: boolean };
  models: {
    entities: string;
    scicite: string;
    aclarc: string;
    /** Paper embeddings for related work (`builtin`: SPECTER2 once downloaded, else BM25 alone). */
    embeddings: string;
    /** Quantisation of Hub models built for the editor. */
    quantization: 'int8' | 'none';
  };
}

export const defaultEditorSettings: EditorSettings = {
  entities: { enabled: true, minScore: 0.5, hiddenTypes: [] },
  abbreviations: { diagnostics: true },
  models: { entities: 'builtin', scicite: 'builtin', aclarc: 'builtin', embeddings: 'builtin', quantization: 'int8' },
};

function at(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function modelSpec(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'builtin';
}

/** Reads the editor part of the `sciwrite` section (possibly partial or malformed). */
export function normalizeEditorSettings(section: unknown): EditorSettings {
  const entities = at(section, 'entities');
  const models = at(section, 'models');
  const d = defaultEditorSettings;
  const minScore = at(entities, 'minScore');
  const hidden = at(entities, 'hiddenTypes');
  const diagnostics = at(at(section, 'abbreviations'), 'diagnostics');
  const enabled = at(entities, 'enabled');
  return {
    entities: {
      enabled: typeof enabled === 'boolean' ? enabled : d.entities.enabled,
      minScore: typeof minScore === 'number' && minScore >= 0 && minScore <= 1 ? minScore : d.entities.minScore,
      hiddenTypes: Array.isArray(hidden) ? hidden.filter((t): t is string => typeof t === 'string') : [],
    },
    abbreviations: { diagnostics: typeof diagnostics === 'boolean' ? diagnostics : d.abbreviations.diagnostics },
    models: {
      entities: modelSpec(at(models, 'entities')),
      scicite: modelSpec(at(models, 'scicite')),
      aclarc: modelSpec(at(models, 'aclarc')),
      embeddings: modelSpec(at(models, 'embeddings')),
      quantization: at(models, 'quantization') === 'none' ? 'none' : 'int8',
    },
  };
}

export interface DownloadedModelInfo {
  repo: string;
  commit: string;
  kind: string;
  bytes: number;
  source: string;
  license?: string;
  /** A download that never finished (stopped, cancelled or cut): its files so far, deletable. */
  incomplete?: true;
}

/** "Manage models": the downloaded Hub models, unfinished downloads included. */
export const DownloadedModelsRequest = request<Record<string, never>, DownloadedModelInfo[]>('sciwrite/downloadedModels');

/** Deletes a downloaded model (every snapshot of the repo). */
export const DeleteModelRequest = request<{ repo: string }, void>('sciwrite/deleteModel');

/**
 * Hub models the user agreed to download. A client that sends this (VS Code asks once per model)
 * gets Hub models only from the cache until it lists them; clients that never send it get downloads at once.
 */
export const AllowedDownloadsNotification = notification<{ repos: string[] }>('sciwrite/allowedDownloads');
