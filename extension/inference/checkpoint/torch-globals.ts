// The only Python globals a PyTorch checkpoint may name. Anything else (os.system,
// builtins.eval, a model class…) is refused before it could matter: nothing is ever executed.
import type { StoredDType } from './types.ts';
import { CheckpointError } from './errors.ts';
import { isPyCallable, type PyCallable } from './pickle.ts';

/** A storage as named by a persistent id; its bytes are attached once known. */
export interface StorageRef {
  readonly kind: 'storage';
  readonly key: string;
  readonly dtype: StoredDType;
  /** Filled by the format reader (zip entry, or legacy raw bytes). */
  bytes?: Uint8Array;
}

/** A tensor as rebuilt by torch._utils: a strided view of a storage. */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  /** In elements of `dtype`. */
  readonly storageOffset: number;
  readonly shape: number[];
  readonly stride: number[];
  readonly dtype: StoredDType;
}

/** A torch storage class such as torch.FloatStorage, used only as a tag in persistent ids. */
export interface StorageType {
  readonly kind: 'storage-type';
  readonly dtype: StoredDType;
  readonly qualifiedName: string;
}

/** torch.Tensor or torch.nn.Parameter named as a type, never instantiated. */
export interface TensorType {
  readonly kind: 'tensor-type';
  readonly qualifiedName: string;
}

export interface TorchDType {
  readonly kind: 'dtype';
  readonly dtype: StoredDType;
}

export function isTensorRef(value: unknown): value is TensorRef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'tensor';
}
export function isStorageRef(value: unknown): value is StorageRef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'storage';
}
export function isStorageType(value: unknown): value is StorageType {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'storage-type';
}

const STORAGE_TYPES: Record<string, StoredDType> = {
  FloatStorage: 'F32', HalfStorage: 'F16', BFloat16Storage: 'BF16', DoubleStorage: 'F64',
  LongStorage: 'I64', IntStorage: 'I32', ShortStorage: 'I16', CharStorage: 'I8',
  ByteStorage: 'U8', BoolStorage: 'BOOL', UntypedStorage: 'U8',
};

const DTYPES: Record<string, StoredDType> = {
  float32: 'F32', float: 'F32', float16: 'F16', half: 'F16', bfloat16: 'BF16',
  float64: 'F64', double: 'F64', int64: 'I64', long: 'I64', int32: 'I32', int: 'I32',
  int16: 'I16', short: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
};

function fn(qualifiedName: string, call: (args: readonly unknown[]) => unknown): PyCallable {
  return { kind: 'callable', qualifiedName, call };
}

function intList(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    throw new CheckpointError(`${what} is not a tuple of integers`);
  }
  return [...(value as number[])];
}

function rebuildTensor(name: string, args: readonly unknown[], dtypeOverride?: unknown): TensorRef {
  const [storage, offset, size, stride] = args;
  if (!isStorageRef(storage)) throw new CheckpointError(`${name}: first argument is not a storage`);
  if (typeof offset !== 'number') throw new CheckpointError(`${name}: storage offset is not an integer`);
  const shape = intList(size, `${name}: size`);
  const strides = stride === undefined || stride === null ? contiguousStrides(shape) : intList(stride, `${name}: stride`);
  if (strides.length !== shape.length) throw new CheckpointError(`${name}: size and stride differ in rank`);
  let dtype = storage.dtype;
  if (dtypeOverride !== undefined) {
    const d = dtypeOverride as Partial<TorchDType>;
    if (d.kind !== 'dtype' || !d.dtype) throw new CheckpointError(`${name}: dtype argument is not a torch dtype`);
    dtype = d.dtype;
  }
  return { kind: 'tensor', storage, storageOffset: offset, shape, stride: strides, dtype };
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

const ordinaryDict = fn('collections.OrderedDict', (args) => {
  const map = new Map<unknown, unknown>();
  const [items] = args;
  if (Array.isArray(items)) {
    for (const pair of items) {
      if (Array.isArray(pair) && pair.length === 2) map.set(pair[0], pair[1]);
    }
  }
  return map;
});

/** Resolve a global from a checkpoint pickle, or refuse it. */
export function findTorchGlobal(module: string, name: string): unknown {
  const qualified = `${module}.${name}`;
  switch (qualified) {
    case 'collections.OrderedDict':
      return ordinaryDict;
    case 'builtins.dict': case '__builtin__.dict':
      return fn(qualified, () => new Map());
    case 'torch._utils._rebuild_tensor':
    case 'torch._utils._rebuild_tensor_v2':
      return fn(qualified, (args) => rebuildTensor(qualified, args));
    case 'torch._utils._rebuild_tensor_v3':
      // (storage, offset, size, stride, requires_grad, backward_hooks, dtype, metadata?)
      return fn(qualified, (args) => rebuildTensor(qualified, args, args[6]));
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
      return fn(qualified, (args) => {
        if (!isTensorRef(args[0])) throw new CheckpointError(`${qualified}: data is not a tensor`);
        return args[0];
      });
    case 'torch._tensor._rebuild_from_type_v2':
      // (func, new_type, args, state): how tensors with Python attributes or of a subclass
      // (Parameter) are pickled; the type and attributes do not matter for the values.
      return fn(qualified, (args) => {
        const [func, , funcArgs] = args;
        if (!isPyCallable(func) || !Array.isArray(funcArgs)) throw new CheckpointError(`${qualified}: malformed arguments`);
        const tensor = func.call(funcArgs);
        if (!isTensorRef(tensor)) throw new CheckpointError(`${qualified}: ${func.qualifiedName} did not rebuild a tensor`);
        return tensor;
      });
    case 'torch.Tensor':
    case 'torch.nn.parameter.Parameter': {
      const typeTag: TensorType = { kind: 'tensor-type', qualifiedName: qualified };
      return typeTag;
    }
    case 'torch.Size':
      return fn(qualified, (args) => intList(args[0] ?? [], 'torch.Size'));
  }
  if (module === 'torch' && name in STORAGE_TYPES) {
    const storageType: StorageType = { kind: 'storage-type', dtype: STORAGE_TYPES[name], qualifiedName: qualified };
    return storageType;
  }
  if (module === 'torch' && name in DTYPES) {
    const dtype: TorchDType = { kind: 'dtype', dtype: DTYPES[name] };
    return dtype;
  }
  throw new CheckpointError(
    `refusing to load the Python global "${qualified}": a checkpoint may contain only tensors and plain containers, never code`,
  );
}
