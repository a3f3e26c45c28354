// Embeddings on disk, keyed by model and text content, so re-opening a 5,000-entry library costs no
// inference. One append-only binary file per model: records of [32-byte SHA-256 of the text][uint32
// length][float32 × length]. A torn last record (a crash mid-append) is ignored on load.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();
  private loaded?: Promise<void>;
  private pending: Buffer[] = [];

  constructor(
    readonly dir: string,
    /** Identifies model + adapter + text recipe: vectors of another model never mix in. */
    readonly modelId: string,
  ) {}

  get file(): string {
    return join(this.dir, `${textHash(this.modelId).slice(0, 32)}.vectors`);
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      let bytes: Buffer;
      try {
        bytes = await readFile(this.file);
      } catch {
        return;
      }
      let at = 0;
      while (at + 36 <= bytes.length) {
        const hash = bytes.subarray(at, at + 32).toString('hex');
        const length = bytes.readUInt32LE(at + 32);
        const end = at + 36 + length * 4;
        if (end > bytes.length) break;
        const vector = new Float32Array(length);
        for (let i = 0; i < length; i++) vector[i] = bytes.readFloatLE(at + 36 + i * 4);
        this.vectors.set(hash, vector);
        at = end;
      }
    })();
    return this.loaded;
  }

  async get(text: string): Promise<Float32Array | undefined> {
    await this.load();
    return this.vectors.get(textHash(text));
  }

  async set(text: string, vector: Float32Array): Promise<void> {
    await this.load();
    const hash = textHash(text);
    if (this.vectors.has(hash)) return;
    this.vectors.set(hash, vector);
    const record = Buffer.alloc(36 + vector.length * 4);
    Buffer.from(hash, 'hex').copy(record, 0);
    record.writeUInt32LE(vector.length, 32);
    for (let i = 0; i < vector.length; i++) record.writeFloatLE(vector[i], 36 + i * 4);
    this.pending.push(record);
  }

  /** Writes the vectors added since the last flush. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.file, data);
  }
}
