// loadEncoder(folder): config + weights (+ adapter) → ONNX graph (built once, cached on disk)
// → onnxruntime session, with the folder's tokenizer.
import { resolve } from 'node:path';
import { loadTokenizer } from '../tokenizer/load.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { defaultFused, type ModelInfo } from '../onnx/encoder.ts';
import { defaultWeightType } from './cpu.ts';
import { buildFromFolder, folderFingerprint, readConfig, type BuildFromFolderOptions } from './build.ts';
import { ModelCache, type CacheKey } from './cache.ts';
import { EncoderSession, type SessionOptions } from './session.ts';

export interface ModelSource {
  /** Hub id (or folder path for local models). */
  repo: string;
  /** Hub commit the files were pinned to. */
  commit: string;
}

export interface LoadEncoderOptions extends BuildFromFolderOptions {
  /** Where the model came from, for the cache key; default: a fingerprint of the folder. */
  source?: ModelSource;
  adapterSource?: ModelSource;
  /** Built-model cache; false builds in memory every time. Default: ModelCache at its default folder. */
  cache?: ModelCache | false;
  /** Told when the built model cannot be cached (it then runs from memory); default: console.warn, once per message. */
  onWarning?: (message: string) => void;
  session?: SessionOptions;
}

export interface LoadedEncoder {
  info: ModelInfo;
  session: EncoderSession;
  tokenizer: Tokenizer;
  /** The cached ONNX file the session runs, when the cache was used. */
  modelPath?: string;
  /** Whether this load built the graph (false: served from the cache). */
  built: boolean;
  release(): Promise<void>;
}

const warned = new Set<string>();

function warn(options: LoadEncoderOptions, message: string): void {
  if (options.onWarning) options.onWarning(message);
  else if (!warned.has(message)) {
    warned.add(message);
    console.warn(message);
  }
}

export async function loadEncoder(folder: string, options: LoadEncoderOptions = {}): Promise<LoadedEncoder> {
  const dir = resolve(folder);
  const config = await readConfig(dir);
  const tokenizer = await loadTokenizer(dir);
  const buildOptions = {
    head: options.head,
    quantization: options.quantization ?? 'none',
    fused: options.fused ?? defaultFused(options.quantization ?? 'none'),
    adapterFolder: options.adapterFolder ? resolve(options.adapterFolder) : undefined,
    weightsFile: options.weightsFile,
    weightType: options.weightType ?? defaultWeightType(),
  };
  let model: string | Uint8Array;
  let info: ModelInfo;
  let modelPath: string | undefined;
  let built = false;
  const cache = options.cache === false ? undefined : (options.cache ?? new ModelCache());
  if (cache) {
    const source = options.source ?? { repo: dir, commit: await folderFingerprint(dir, options.weightsFile) };
    const adapter = buildOptions.adapterFolder
      ? (options.adapterSource ?? { repo: buildOptions.adapterFolder, commit: await folderFingerprint(buildOptions.adapterFolder) })
      : undefined;
    const key: CacheKey = {
      repo: source.repo,
      commit: source.commit,
      options: {
        head: buildOptions.head ?? null, quantization: buildOptions.quantization, fused: buildOptions.fused,
        weightsFile: buildOptions.weightsFile ?? null,
        weightType: buildOptions.quantization === 'int8' ? buildOptions.weightType : null,
        adapter: adapter ? `${adapter.repo}@${adapter.commit}` : null,
      },
    };
    const entry = await cache.get(key);
    if (entry) {
      model = entry.path;
      info = entry.info;
      modelPath = entry.path;
    } else {
      const m = await buildFromFolder(dir, buildOptions);
      built = true;
      try {
        modelPath = (await cache.put(key, m.bytes, m.info)).path;
        model = modelPath;
      } catch (e) {
        // A full or read-only disk costs the next run a rebuild, not this run.
        warn(options, `The built model could not be cached in ${cache.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it runs from memory, and is built again next time (SCIWRITE_MODEL_CACHE chooses another folder).`);
        model = m.bytes;
      }
      info = m.info;
    }
  } else {
    const m = await buildFromFolder(dir, buildOptions);
    model = m.bytes;
    info = m.info;
    built = true;
  }
  const padId = tokenizer.padTokenId ?? config.padTokenId;
  const session = await EncoderSession.create(model, info, padId, options.session);
  return { info, session, tokenizer, modelPath, built, release: () => session.release() };
}
