// Just enough of the ZIP format for torch.save archives: the central directory (with ZIP64),
// stored or deflated entries. APPNOTE.TXT sections 4.3.7–4.3.16.
import { inflateRawSync } from 'node:zlib';
import { CheckpointError } from './errors.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly file?: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.guard(() => this.readDirectory());
  }

  /** Out-of-range reads of a corrupt directory become CheckpointErrors. */
  private guard<T>(body: () => T): T {
    try {
      return body();
    } catch (e) {
      if (e instanceof CheckpointError) throw e;
      return this.fail(`corrupt (${(e as Error).message})`);
    }
  }

  private fail(message: string): never {
    throw new CheckpointError(`zip archive: ${message}`, this.file);
  }

  private readDirectory(): void {
    const { bytes, view } = this;
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) this.fail('no end-of-central-directory record; the file is truncated or not a zip archive');
    let count = view.getUint16(eocd + 10, true);
    let dirOffset = view.getUint32(eocd + 16, true);
    const locator = eocd - 20;
    if (locator >= 0 && view.getUint32(locator, true) === 0x07064b50) {
      const zip64 = Number(view.getBigUint64(locator + 8, true));
      if (zip64 + 56 > bytes.length || view.getUint32(zip64, true) !== 0x06064b50) this.fail('bad ZIP64 end-of-central-directory record');
      count = Number(view.getBigUint64(zip64 + 32, true));
      dirOffset = Number(view.getBigUint64(zip64 + 48, true));
    }
    let p = dirOffset;
    const decoder = new TextDecoder('utf-8');
    for (let n = 0; n < count; n++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) this.fail('corrupt central directory');
      const method = view.getUint16(p + 10, true);
      let compressedSize = view.getUint32(p + 20, true);
      let size = view.getUint32(p + 24, true);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      let localHeaderOffset = view.getUint32(p + 42, true);
      const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
      // ZIP64 extended information: only the fields saturated in the fixed header are present, in this order.
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = view.getUint16(e, true);
        const len = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) { size = Number(view.getBigUint64(q, true)); q += 8; }
          if (compressedSize === 0xffffffff) { compressedSize = Number(view.getBigUint64(q, true)); q += 8; }
          if (localHeaderOffset === 0xffffffff) { localHeaderOffset = Number(view.getBigUint64(q, true)); }
        }
        e += 4 + len;
      }
      this.entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
      p = extraEnd + commentLength;
    }
  }

  read(name: string): Uint8Array {
    return this.guard(() => this.readEntry(name));
  }

  private readEntry(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) this.fail(`missing entry ${name}`);
    const { view, bytes } = this;
    const h = entry.localHeaderOffset;
    if (h + 30 > bytes.length || view.getUint32(h, true) !== 0x04034b50) this.fail(`bad local header for ${name}`);
    const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) this.fail(`entry ${name} runs past the end of the file (truncated?)`);
    const raw = bytes.subarray(start, end);
    if (entry.method === 0) return raw;
    if (entry.method === 8) return new Uint8Array(inflateRawSync(raw));
    return this.fail(`entry ${name} uses unsupported compression method ${entry.method}`);
  }
}
