// The paper embedder a `sciwrite.models.embeddings` choice gives, for the server and the CLI alike:
// `builtin` is the installed SPECTER2 (else none: BM25 alone), a folder its encoder, a Hub id the
// model store's download (the cache alone while the user has not agreed). A model that cannot be had
// leaves BM25 alone, with the reason. The server's `load` may decline to wait for a Hub download
// (EmbedderNotReady): the ranking goes on with BM25 and says why.
import type { RankerKind } from '../../core/related/types.ts';
import type { DownloadProgress, ResolveOptions } from '../../inference/store/types.ts';
import { formatBytes } from '../../core/format/bytes.ts';
import { normalizeEditorSettings } from '../../protocol/editor.ts';
import { readWorkspaceSection, workspaceFolderOf } from '../editor/workspace-files.ts';
import { embeddingChoice, folderEmbedder, hubEmbedder, type EmbeddingChoice } from './embedding-choice.ts';
import type { PaperEmbedder } from './specter2.ts';

/** The embedder a choice picks, or none (BM25 alone) with the reason. */
export interface EmbedderPick {
  embedder?: PaperEmbedder;
  messages: string[];
  /** The choice names a model (folder or Hub id) rather than `builtin`. */
  ownModel?: boolean;
  /** The Hub model chosen, deleted in Manage Models since it was last asked for: nothing downloads it until the user asks again. */
  deleted?: string;
}

export interface EmbedderPickOptions {
  /** Where paper vectors are cached, per model. */
  cacheDir: string;
  /** `builtin`: the installed SPECTER2, if any. */
  builtin: () => PaperEmbedder | undefined;
  /** How a Hub model is resolved (proxy, offline, progress). */
  store: ResolveOptions;
  /** True while the user has not agreed to download `repo`: only the cache is used. Default: never. */
  awaitingConsent?: (repo: string) => boolean;
  /** Loads an embedder (the server keeps them across rankings, and downloads in the background); default: `make()`, waiting for it. */
  load?: (request: EmbedderLoad) => Promise<PaperEmbedder>;
}

/** What `load` is asked for: a local folder, or a Hub model (`offline`: from the cache alone). */
export type EmbedderLoad =
  | { kind: 'folder'; key: string; make: () => Promise<PaperEmbedder> }
  | { kind: 'hub'; key: string; repo: string; offline: boolean; make: (download?: Pick<ResolveOptions, 'signal' | 'onProgress' | 'offline'>) => Promise<PaperEmbedder> };

/**
 * Thrown by a `load` that does not wait for a Hub model: it is downloading (progress so far), its download
 * was cancelled, or the user deleted it (Manage Models) and has not asked for it again.
 */
export class EmbedderNotReady extends Error {
  constructor(
    readonly repo: string,
    readonly state: 'downloading' | 'cancelled' | 'deleted',
    readonly progress?: Pick<DownloadProgress, 'bytes' | 'total'>,
  ) {
    super(`${repo} is ${state === 'downloading' ? 'downloading' : state === 'deleted' ? 'deleted from the model cache' : 'not downloaded (cancelled)'}`);
    this.name = 'EmbedderNotReady';
  }
}

/** The `sciwrite.models.embeddings` of the workspace holding `file` (its .vscode/settings.json, as `sciwrite analyze` reads the other roles), relative folders read from that workspace. */
export function workspaceEmbeddingChoice(file: string): { spec: string; choice: EmbeddingChoice; workspaceFolder?: string } {
  const workspaceFolder = workspaceFolderOf(file);
  const spec = normalizeEditorSettings(readWorkspaceSection(workspaceFolder)).models.embeddings;
  return { spec, choice: embeddingChoice(spec, workspaceFolder), ...(workspaceFolder ? { workspaceFolder } : {}) };
}

const BM25 = 'ranked by shared terms (BM25) only';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function pickEmbedder(choice: EmbeddingChoice, options: EmbedderPickOptions): Promise<EmbedderPick> {
  if (choice.kind === 'builtin') {
    const embedder = options.builtin();
    return embedder ? { embedder, messages: [] } : { messages: [] };
  }
  return { ...(await chosenEmbedder(choice, options)), ownModel: true };
}

async function chosenEmbedder(choice: Exclude<EmbeddingChoice, { kind: 'builtin' }>, options: EmbedderPickOptions): Promise<EmbedderPick> {
  if (choice.kind === 'invalid') return { messages: [`sciwrite.models.embeddings: ${choice.reason}; ${BM25}.`] };
  const load = options.load ?? ((request: EmbedderLoad) => request.make());
  const { cacheDir } = options;
  if (choice.kind === 'folder') {
    try {
      return { embedder: await load({ kind: 'folder', key: `folder:${choice.folder}`, make: () => folderEmbedder(choice.folder, cacheDir) }), messages: [] };
    } catch (error) {
      return { messages: [`sciwrite.models.embeddings: ${message(error)}; ${BM25}.`] };
    }
  }
  const repo = choice.repo;
  const store: ResolveOptions = { extraFiles: ['README.md'], ...options.store };
  const key = `hub:${repo}`;
  if (options.awaitingConsent?.(repo)) {
    try {
      return { embedder: await load({ kind: 'hub', key, repo, offline: true, make: () => hubEmbedder(repo, { ...store, offline: true }, cacheDir) }), messages: [] };
    } catch {
      return { messages: [`Waiting for your agreement to download ${repo} (sciwrite.models.embeddings): ${BM25} meanwhile.`] };
    }
  }
  try {
    return { embedder: await load({ kind: 'hub', key, repo, offline: false, make: (download) => hubEmbedder(repo, { ...store, ...download }, cacheDir) }), messages: [] };
  } catch (error) {
    if (error instanceof EmbedderNotReady) return { messages: [notReadyMessage(error)], ...(error.state === 'deleted' ? { deleted: repo } : {}) };
    return { messages: [`${repo} could not be downloaded (${message(error)}): ${BM25}.`] };
  }
}

/** What the panel says of a model `load` declined (EmbedderNotReady). */
export function notReadyMessage(error: EmbedderNotReady): string {
  if (error.state === 'deleted') return `${error.repo} was deleted from the model cache: related work is ${BM25}.`;
  if (error.state === 'cancelled') {
    return `The download of ${error.repo} was cancelled: related work is ${BM25}. To download it, choose another model in sciwrite.models.embeddings and then this one again (or restart SciWrite).`;
  }
  const progress = error.progress;
  const sofar = progress && progress.bytes > 0 ? `: ${formatBytes(progress.bytes)}${progress.total ? ` of ${formatBytes(progress.total)}` : ''} so far` : '';
  return `Downloading ${error.repo} for the related-work ranking${sofar} (it is ranked by shared terms (BM25) meanwhile).`;
}

/** How the ranking was made, as the panel and the CLI say it ("SPECTER2 similarity and shared terms (BM25)"). */
export function rankingDescription(ranker: RankerKind, embedder: string | undefined): string {
  if (ranker === 'bm25') return 'shared terms (BM25)';
  const model = embedder ?? 'SPECTER2';
  return ranker === 'specter2' ? `${model} similarity` : `${model} similarity and shared terms (BM25)`;
}

/** The ranking's notes with the chosen model's own reason in place of the generic "no SPECTER2" one. */
export function notesWithPick(pick: EmbedderPick, messages: readonly string[]): string[] {
  if (pick.messages.length === 0) return [...messages];
  return [...pick.messages, ...messages.filter((m) => !m.startsWith('No SPECTER2 model is downloaded'))];
}
