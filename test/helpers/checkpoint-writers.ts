// Writers for PyTorch checkpoint layouts, so tests can build files torch itself would write
// (strided views, shared storages, legacy views, hostile pickles) without Python.
import { crc32 } from 'node:zlib';

/**
 * Emits pickle opcodes: protocol 2 as torch.save writes by default, or protocol 4 (FRAME,
 * SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE) as `torch.save(..., pickle_protocol=4)` does.
 */
export class PickleBuilder {
  private readonly parts: number[] = [];
  private memo = 0;

  constructor(private readonly protocol: 2 | 4 = 2) {}

  private byte(...b: number[]): this { this.parts.push(...b); return this; }
  private u32(n: number): this { return this.byte(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff); }
  private text(s: string): this { return this.byte(...Buffer.from(s, 'latin1')); }

  proto(): this { return this.byte(0x80, this.protocol); }
  mark(): this { return this.byte(0x28); }
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    if (this.protocol === 4 && b.length < 256) return this.byte(0x8c, b.length, ...b).byte(0x94);
    this.byte(0x58).u32(b.length);
    return this.byte(...b);
  }
  int(n: number): this {
    if (n >= 0 && n < 256) return this.byte(0x4b, n);
    if (n >= 0 && n < 65536) return this.byte(0x4d, n & 0xff, n >> 8);
    return this.byte(0x4a).u32(n);
  }
  /** LONG1 of a bigint (two's complement, little-endian). */
  long(v: bigint): this {
    const bytes: number[] = [];
    let x = v;
    while (x !== 0n && x !== -1n) { bytes.push(Number(x & 0xffn)); x >>= 8n; }
    if (bytes.length === 0 || (v > 0n && bytes[bytes.length - 1] & 0x80)) bytes.push(0);
    return this.byte(0x8a, bytes.length, ...bytes);
  }
  none(): this { return this.byte(0x4e); }
  bool(b: boolean): this { return this.byte(b ? 0x88 : 0x89); }
  tuple(): this { return this.byte(0x74); }
  emptyTuple(): this { return this.byte(0x29); }
  emptyDict(): this { return this.byte(0x7d); }
  emptyList(): this { return this.byte(0x5d); }
  appends(): this { return this.byte(0x65); }
  setitems(): this { return this.byte(0x75); }
  global(module: string, name: string): this {
    if (this.protocol === 4) return this.stackGlobal(module, name).byte(0x94);
    return this.byte(0x63).text(`${module}\n${name}\n`);
  }
  stackGlobal(module: string, name: string): this { return this.str(module).str(name).byte(0x93); }
  reduce(): this { return this.byte(0x52); }
  build(): this { return this.byte(0x62); }
  binpersid(): this { return this.byte(0x51); }
  put(): number { const id = this.memo++; this.byte(0x71, id); return id; }
  get(id: number): this { return this.byte(0x68, id); }
  stop(): this { return this.byte(0x2e); }
  ints(values: readonly number[]): this { this.mark(); for (const v of values) this.int(v); return this.tuple(); }
  bytes(): Uint8Array {
    if (this.protocol !== 4 || this.parts[0] !== 0x80) return Uint8Array.from(this.parts);
    // One FRAME (opcode + u64 length) right after PROTO around everything else.
    const body = this.parts.slice(2);
    const frame = [0x95, ...Array.from({ length: 8 }, (_, i) => (i < 4 ? (body.length >>> (8 * i)) & 0xff : 0))];
    return Uint8Array.from([...this.parts.slice(0, 2), ...frame, ...body]);
  }
}

export interface TensorSpec {
  name: string;
  storageKey: string;
  /** torch storage class name, e.g. FloatStorage. */
  storageType?: string;
  storageNumel: number;
  offset: number;
  shape: number[];
  stride: number[];
  /** Legacy only: (view_key, offset, size) of a storage slice. */
  view?: [string, number, number];
}

/** A state dict pickle as torch.save writes it; `location` distinguishes the zip/legacy pid shapes. */
export function stateDictPickle(tensors: readonly TensorSpec[], legacy: boolean, protocol: 2 | 4 = 2): Uint8Array {
  const p = new PickleBuilder(protocol).proto().global('collections', 'OrderedDict').emptyTuple().reduce().mark();
  for (const t of tensors) {
    p.str(t.name).global('torch._utils', '_rebuild_tensor_v2').mark();
    p.mark().str('storage').global('torch', t.storageType ?? 'FloatStorage').str(t.storageKey).str('cpu').int(t.storageNumel);
    if (legacy) {
      if (t.view) p.mark().str(t.view[0]).int(t.view[1]).int(t.view[2]).tuple();
      else p.none();
    }
    p.tuple().binpersid();
    p.int(t.offset).ints(t.shape).ints(t.stride).bool(false).global('collections', 'OrderedDict').emptyTuple().reduce();
    p.tuple().reduce();
  }
  // torch's state_dict() is an OrderedDict carrying a `_metadata` attribute: pickled as BUILD after the items.
  p.setitems().emptyDict().mark().str('_metadata').global('collections', 'OrderedDict').emptyTuple().reduce()
    .mark().str('').emptyDict().mark().str('version').int(1).setitems().setitems()
    .setitems().build();
  return p.stop().bytes();
}

/** A stored (uncompressed) zip archive, enough for torch.load's reader and ours. */
export function writeZip(files: readonly [string, Uint8Array][]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, Buffer.from(data));
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, dir, end]));
}

export function float32Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** torch ≥ 1.6 layout: archive/data.pkl plus archive/data/<key>. */
export function writeTorchZip(tensors: readonly TensorSpec[], storages: ReadonlyMap<string, Uint8Array>, pickle?: Uint8Array): Uint8Array {
  const files: [string, Uint8Array][] = [
    ['archive/data.pkl', pickle ?? stateDictPickle(tensors, false)],
    ['archive/byteorder', Buffer.from('little')],
  ];
  for (const [key, data] of storages) files.push([`archive/data/${key}`, data]);
  files.push(['archive/version', Buffer.from('3\n')]);
  return writeZip(files);
}

/** torch < 1.6 layout: magic, protocol, sys_info, state dict, storage keys, then each storage as int64 numel + bytes. */
export function writeTorchLegacy(tensors: readonly TensorSpec[], storages: ReadonlyMap<string, { numel: number; bytes: Uint8Array }>, pickle?: Uint8Array): Uint8Array {
  const magic = new PickleBuilder().proto().long(0x1950a86a20f9469cfc6cn).stop().bytes();
  const protocol = new PickleBuilder().proto().int(1001).stop().bytes();
  const sysInfo = new PickleBuilder().proto().emptyDict().mark()
    .str('protocol_version').int(1001).str('little_endian').bool(true)
    .setitems().stop().bytes();
  const keys = new PickleBuilder().proto().emptyList().mark();
  for (const key of storages.keys()) keys.str(key);
  const keyList = keys.appends().stop().bytes();
  const parts: Uint8Array[] = [magic, protocol, sysInfo, pickle ?? stateDictPickle(tensors, true), keyList];
  for (const { numel, bytes } of storages.values()) {
    const size = Buffer.alloc(8);
    size.writeBigInt64LE(BigInt(numel));
    parts.push(size, bytes);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** A contiguous fp32 state dict as torch.save (zip) would write it: one storage per tensor. */
export function stateDictToTorchZip(tensors: Iterable<{ name: string; shape: number[]; data: Float32Array }>): Uint8Array {
  const specs: TensorSpec[] = [];
  const storages = new Map<string, Uint8Array>();
  for (const t of tensors) {
    const key = String(specs.length);
    const stride = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, b) => a * b, 1));
    specs.push({ name: t.name, storageKey: key, storageNumel: t.data.length, offset: 0, shape: t.shape, stride });
    storages.set(key, new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength)));
  }
  return writeTorchZip(specs, storages);
}
