// Reading and appending to a .bib file on disk, for the CLI path (an open editor gets a workspace edit
// instead). The file's encoding is kept (UTF-8 with or without BOM, UTF-16LE with BOM, else Latin-1),
// the existing bytes are copied unchanged, and the new file replaces the old one by rename, so a
// crash leaves either the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toLatexAscii } from '../../core/bibwrite/escape.ts';
import { planBibInsertion, type BibInsertPlan, type PlanOptions } from '../../core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';

export type BibEncoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'latin1';

export interface DecodedBib {
  bytes: Buffer;
  /** The text as the bibliography module reads it (a UTF-8 BOM kept as U+FEFF). */
  text: string;
  encoding: BibEncoding;
}

export function decodeBib(bytes: Buffer): DecodedBib {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { bytes, text: `\uFEFF${bytes.subarray(3).toString('utf8')}`, encoding: 'utf8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { bytes, text: `\uFEFF${bytes.subarray(2).toString('utf16le')}`, encoding: 'utf16le-bom' };
  try {
    return { bytes, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { bytes, text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

/** Bytes of appended text in the file's encoding; characters Latin-1 cannot hold go in as LaTeX. */
export function encodeAppendix(text: string, encoding: BibEncoding): Buffer {
  if (encoding === 'utf16le-bom') return Buffer.from(text, 'utf16le');
  if (encoding === 'latin1') {
    const safe = /^[\x00-\xff]*$/.test(text) ? text : toLatexAscii(text);
    return Buffer.from(safe, 'latin1');
  }
  return Buffer.from(text, 'utf8');
}

export async function readBib(path: string): Promise<DecodedBib | undefined> {
  try {
    return decodeBib(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `bytes` to `path` by a temporary file in the same folder and a rename, keeping the file's mode. */
export async function writeFileAtomic(path: string, bytes: Buffer): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(path)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    await writeFile(temp, bytes, mode !== undefined ? { mode } : {});
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export class BibChangedError extends Error {
  constructor(path: string) {
    super(`${path} changed while the entry was being prepared; nothing was written`);
    this.name = 'BibChangedError';
  }
}

export interface AddToBibResult {
  plan: BibInsertPlan;
  written: boolean;
  encoding?: BibEncoding;
}

/**
 * Adds a paper to a .bib file on disk (creating it when missing): plan on the decoded text, then
 * write old bytes + the appendix atomically. Nothing is written for a duplicate or a refusal.
 */
export async function addPaperToBibFile(path: string, paper: PaperMetadata, options: Omit<PlanOptions, 'file'> = {}): Promise<AddToBibResult> {
  const before = await readBib(path);
  const decoded = before ?? { bytes: Buffer.alloc(0), text: '', encoding: 'utf8' as const };
  const plan = planBibInsertion(decoded.text, paper, { ...options, file: path });
  if (plan.kind !== 'append') return { plan, written: false };
  // Latin-1 files can only take Latin-1: the plan is made ASCII-safe by the encoder.
  const appendix = encodeAppendix(plan.text, decoded.encoding);
  const current = await readBib(path);
  if ((current?.bytes ?? Buffer.alloc(0)).compare(decoded.bytes) !== 0) throw new BibChangedError(path);
  await writeFileAtomic(path, Buffer.concat([decoded.bytes, appendix]));
  return { plan, written: true, encoding: decoded.encoding };
}
