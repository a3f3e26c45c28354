// PyTorch `torch.save` files: the zip archive (torch ≥ 1.6) and the legacy stream of pickles
// (torch < 1.6). Both describe tensors as strided views of storages named by persistent ids.
import type { NamedTensor, StateDict } from './types.ts';
import { CheckpointError } from './errors.ts';
import { DTYPE_BYTES, decodeElements } from './dtype.ts';
import { unpickle, type UnpickleOptions } from './pickle.ts';
import { findTorchGlobal, isStorageType, isTensorRef, type StorageRef, type TensorRef } from './torch-globals.ts';
import { ZipArchive, isZip } from './zip.ts';

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

/** Reads a `pytorch_model.bin` (or any torch.save'd state dict) in either format. */
export function readPytorch(bytes: Uint8Array, file?: string): StateDict {
  try {
    return isZip(bytes) ? readPytorchZip(bytes, file) : readPytorchLegacy(bytes, file);
  } catch (e) {
    if (e instanceof CheckpointError && file && !e.message.startsWith(file)) throw new CheckpointError(e.message, file);
    throw e;
  }
}

function persistentIdParts(pid: unknown): unknown[] {
  if (!Array.isArray(pid) || pid[0] !== 'storage') {
    throw new CheckpointError(`unsupported persistent id ${JSON.stringify(Array.isArray(pid) ? pid[0] : typeof pid)}; only storages are allowed`);
  }
  return pid;
}

export function readPytorchZip(bytes: Uint8Array, file?: string): StateDict {
  const zip = new ZipArchive(bytes, file);
  const pklName = [...zip.entries.keys()].find((n) => n.endsWith('/data.pkl') && n.split('/').length === 2);
  if (!pklName) throw new CheckpointError('zip archive has no <name>/data.pkl: not a torch.save file', file);
  const prefix = pklName.slice(0, -'data.pkl'.length);
  const byteorder = zip.entries.has(`${prefix}byteorder`) ? new TextDecoder().decode(zip.read(`${prefix}byteorder`)) : 'little';
  if (byteorder.trim() !== 'little') throw new CheckpointError(`big-endian checkpoints are not supported`, file);
  const storages = new Map<string, StorageRef>();
  const { value } = unpickle(zip.read(pklName), 0, {
    findClass: findTorchGlobal,
    persistentLoad(pid) {
      // ('storage', storage_type, key, location, numel)
      const [, type, key] = persistentIdParts(pid);
      if (!isStorageType(type)) throw new CheckpointError('persistent id names no storage type');
      const k = String(key);
      let storage = storages.get(k);
      if (!storage) {
        storage = { kind: 'storage', key: k, dtype: type.dtype, bytes: zip.read(`${prefix}data/${k}`) };
        storages.set(k, storage);
      }
      return storage;
    },
  }, file);
  return toStateDict(value, file);
}

export function readPytorchLegacy(bytes: Uint8Array, file?: string): StateDict {
  let pos = 0;
  const next = (options: UnpickleOptions = { findClass: findTorchGlobal }): unknown => {
    const { value, end } = unpickle(bytes, pos, options, file);
    pos = end;
    return value;
  };
  let magic: unknown;
  try {
    magic = next();
  } catch (e) {
    throw new CheckpointError(`not a PyTorch checkpoint (neither a zip archive nor the legacy format): ${(e as Error).message}`, file);
  }
  if (magic !== LEGACY_MAGIC) throw new CheckpointError('not a PyTorch checkpoint: legacy magic number missing', file);
  const protocol = next();
  if (protocol !== LEGACY_PROTOCOL) throw new CheckpointError(`unsupported legacy protocol version ${String(protocol)}`, file);
  const sysInfo = next();
  if (sysInfo instanceof Map && sysInfo.get('little_endian') === false) {
    throw new CheckpointError('big-endian checkpoints are not supported', file);
  }

  // Each root storage's bytes follow the pickles; views (pre-1.6 storage slices) share them.
  const roots = new Map<string, { dtype: StorageRef['dtype']; views: { storage: StorageRef; viewOf?: [number, number] }[] }>();
  const storages = new Map<string, StorageRef>();
  const result = next({
    findClass: findTorchGlobal,
    persistentLoad(pid) {
      // ('storage', storage_type, root_key, location, numel, view_metadata)
      const [, type, rootKey, , numel, viewMetadata] = persistentIdParts(pid);
      if (!isStorageType(type)) throw new CheckpointError('persistent id names no storage type');
      if (typeof numel !== 'number') throw new CheckpointError('persistent id has no element count');
      const key = String(rootKey);
      let root = roots.get(key);
      if (!root) {
        root = { dtype: type.dtype, views: [] };
        roots.set(key, root);
        const storage: StorageRef = { kind: 'storage', key, dtype: type.dtype };
        storages.set(key, storage);
        root.views.push({ storage });
      }
      if (viewMetadata === null || viewMetadata === undefined) return storages.get(key);
      // (view_key, offset, view_size), in elements of the root storage
      if (!Array.isArray(viewMetadata) || viewMetadata.length !== 3 || typeof viewMetadata[1] !== 'number' || typeof viewMetadata[2] !== 'number') {
        throw new CheckpointError('malformed storage view in a persistent id');
      }
      const [viewKey, offset, viewSize] = viewMetadata as [unknown, number, number];
      const vk = `${key}/${String(viewKey)}`;
      let view = storages.get(vk);
      if (!view) {
        view = { kind: 'storage', key: vk, dtype: type.dtype };
        storages.set(vk, view);
        root.views.push({ storage: view, viewOf: [offset, viewSize] });
      }
      return view;
    },
  });

  const keys = next();
  if (!Array.isArray(keys)) throw new CheckpointError('legacy checkpoint: storage key list missing', file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const rawKey of keys) {
    const key = String(rawKey);
    const root = roots.get(key);
    if (!root) throw new CheckpointError(`legacy checkpoint: storage ${key} is listed but never used`, file);
    if (pos + 8 > bytes.length) throw new CheckpointError(`legacy checkpoint: storage ${key} is missing (truncated file)`, file);
    const numel = Number(view.getBigInt64(pos, true));
    pos += 8;
    const width = DTYPE_BYTES[root.dtype];
    if (pos + numel * width > bytes.length) {
      throw new CheckpointError(`legacy checkpoint: storage ${key} needs ${numel * width} bytes, only ${bytes.length - pos} left (truncated file)`, file);
    }
    const data = bytes.subarray(pos, pos + numel * width);
    pos += numel * width;
    for (const { storage, viewOf } of root.views) {
      storage.bytes = viewOf ? data.subarray(viewOf[0] * width, (viewOf[0] + viewOf[1]) * width) : data;
    }
  }
  return toStateDict(result, file);
}

function toStateDict(value: unknown, file?: string): StateDict {
  if (!(value instanceof Map)) throw new CheckpointError('the checkpoint does not hold a dict of tensors', file);
  const dict: StateDict = new Map();
  for (const [name, entry] of value) {
    if (typeof name !== 'string') continue;
    if (!isTensorRef(entry)) continue; // e.g. non-tensor extras some trainers add
    dict.set(name, materialize(name, entry, file));
  }
  if (dict.size === 0) throw new CheckpointError('the checkpoint holds no tensors', file);
  return dict;
}

function materialize(name: string, t: TensorRef, file?: string): NamedTensor {
  const bytes = t.storage.bytes;
  if (!bytes) throw new CheckpointError(`tensor "${name}": the bytes of storage ${t.storage.key} are missing`, file);
  try {
    const data = decodeElements(bytes, t.storageOffset * DTYPE_BYTES[t.dtype], t.dtype, t.shape, t.stride);
    return { name, dtype: t.dtype, shape: t.shape, data };
  } catch (e) {
    throw new CheckpointError(`tensor "${name}": ${(e as Error).message}`, file);
  }
}
