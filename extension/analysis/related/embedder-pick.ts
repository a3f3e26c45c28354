// The paper embedder a `sciwrite.models.embeddings` choice gives, for the server and the CLI alike:
// `builtin` is the installed SPECTER2 (else none: BM25 alone), a folder its encoder, a Hub id the
// model store's download (the cache alone while the user has not agreed). A model that cannot be had
// leaves BM25 alone, with the reason.
import type { RankerKind } from '../../core/related/types.ts';
import type { ResolveOptions } from '../../inference/store/types.ts';
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
  /** Loads an embedder by key (the server keeps them across rankings); default: loads it. */
  load?: (key: string, make: () => Promise<PaperEmbedder>) => Promise<PaperEmbedder>;
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
  const load = options.load ?? ((_key, make) => make());
  const { cacheDir } = options;
  if (choice.kind === 'folder') {
    try {
      return { embedder: await load(`folder:${choice.folder}`, () => folderEmbedder(choice.folder, cacheDir)), messages: [] };
    } catch (error) {
      return { messages: [`sciwrite.models.embeddings: ${message(error)}; ${BM25}.`] };
    }
  }
  const repo = choice.repo;
  const store: ResolveOptions = { extraFiles: ['README.md'], ...options.store };
  if (options.awaitingConsent?.(repo)) {
    try {
      return { embedder: await load(`hub:${repo}`, () => hubEmbedder(repo, { ...store, offline: true }, cacheDir)), messages: [] };
    } catch {
      return { messages: [`Waiting for your agreement to download ${repo} (sciwrite.models.embeddings): ${BM25} meanwhile.`] };
    }
  }
  try {
    return { embedder: await load(`hub:${repo}`, () => hubEmbedder(repo, store, cacheDir)), messages: [] };
  } catch (error) {
    return { messages: [`${repo} could not be downloaded (${message(error)}): ${BM25}.`] };
  }
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
