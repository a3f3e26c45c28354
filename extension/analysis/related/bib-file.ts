// Reading and appending to a .bib file on disk, for the CLI path (an open editor gets a workspace edit
// instead). The file's encoding is kept (UTF-8 with or without BOM, UTF-16LE with BOM, else Latin-1),
// the existing bytes are copied unchanged, and the new file replaces the old one by rename, so a
// crash leaves either the old file or the new one, never half of one (a file with several hard links
// is appended to in place, and cut back if the write fails). Adds to one file run one at a time (each
// plans on what the previous one wrote), and a symbolic link is written through, not replaced.
import { randomBytes } from 'node:crypto';
import { lstat, open, readFile, readlink, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { toLatexAscii } from '../../core/bibwrite/escape.ts';
import { planBibInsertion, type BibInsertPlan, type PlanOptions } from '../../core/bibwrite/plan.ts';
import type { PaperMetadata } from '../../core/bibwrite/metadata.ts';
import { decodeText, type TextEncoding } from '../../core/text-encoding.ts';

export type BibEncoding = TextEncoding;

export interface DecodedBib {
  bytes: Buffer;
  /** The text as the bibliography module reads it (a byte-order mark kept as U+FEFF). */
  text: string;
  encoding: BibEncoding;
}

export function decodeBib(bytes: Buffer): DecodedBib {
  const { text, encoding } = decodeText(bytes);
  return { bytes, text: encoding === 'utf8-bom' || encoding === 'utf16le-bom' ? `\uFEFF${text}` : text, encoding };
}

/** Bytes of appended text in the file's encoding; characters Latin-1 cannot hold go in as LaTeX. */
export function encodeAppendix(text: string, encoding: BibEncoding, path = 'the .bib file'): Buffer {
  if (encoding === 'utf16le-bom') return Buffer.from(text, 'utf16le');
  if (encoding === 'latin1') {
    const safe = /^[\x00-\xff]*$/.test(text) ? text : toLatexAscii(text);
    const lost = /[^\x00-\xff]/u.exec(safe);
    if (lost) throw new BibWriteError(`${path} is Latin-1 encoded and cannot hold “${lost[0]}” of the new entry, which has no LaTeX form; nothing was written. Save the file as UTF-8 and add the paper again.`);
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

/** A write the file system refused, said in the user's terms. */
export class BibWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BibWriteError';
  }
}

/**
 * The file a path names, through symbolic links (a missing file: its folder's real path; a link to a
 * missing file: the file it names, to be created); the folder must exist.
 */
async function realTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const link = await lstat(path).then((info) => info.isSymbolicLink(), () => false);
  const target = link ? resolve(dirname(path), await readlink(path)) : path;
  try {
    return join(await realpath(dirname(target)), basename(target));
  } catch {
    throw new BibWriteError(`${path} cannot be created: the folder ${dirname(target)} does not exist`);
  }
}

/**
 * Writes `bytes` to `path` by a temporary file in the same folder and a rename, keeping the file's
 * mode; through a symbolic link, the file it points to is the one replaced. A read-only file is left
 * alone (even for root, who may write anyway).
 */
export async function writeFileAtomic(path: string, bytes: Buffer): Promise<void> {
  const target = await realTarget(path);
  const mode = await fileMode(target);
  refuseReadOnly(path, mode);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, mode !== undefined ? { mode } : {});
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw writeError(path, error, `the folder ${dirname(target)} does not allow new files`);
  }
}

/** Read-only for everyone: left alone, though root could write it. */
function refuseReadOnly(path: string, mode: number | undefined): void {
  if (mode !== undefined && (mode & 0o222) === 0) throw new BibWriteError(`${path} is read-only; nothing was written. Make it writable, or set sciwrite.bibliography.writeTarget to another file.`);
}

async function fileMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Adds to one file in progress, by real path: the next waits for the previous, so neither loses the other's entry. */
const pendingAdds = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(path: string, work: () => Promise<T>): Promise<T> {
  const key = await realTarget(path);
  const previous = pendingAdds.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  pendingAdds.set(key, next);
  try {
    return await next;
  } finally {
    if (pendingAdds.get(key) === next) pendingAdds.delete(key);
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
 * write old bytes + the appendix atomically. Nothing is written for a duplicate or a refusal. A file
 * with several hard links gets the appendix appended in place instead (a rename would leave the other
 * names with the old file).
 */
export async function addPaperToBibFile(path: string, paper: PaperMetadata, options: Omit<PlanOptions, 'file'> = {}): Promise<AddToBibResult> {
  return oneAtATime(path, async () => {
    const before = await readBib(path);
    const decoded = before ?? { bytes: Buffer.alloc(0), text: '', encoding: 'utf8' as const };
    const plan = planBibInsertion(decoded.text, paper, { ...options, file: path });
    if (plan.kind !== 'append') return { plan, written: false };
    // Latin-1 files can only take Latin-1: the plan is made ASCII-safe by the encoder.
    const appendix = encodeAppendix(plan.text, decoded.encoding, path);
    const current = await readBib(path);
    if ((current?.bytes ?? Buffer.alloc(0)).compare(decoded.bytes) !== 0) throw new BibChangedError(path);
    if (before && (await stat(path)).nlink > 1) await appendInPlace(path, appendix);
    else await writeFileAtomic(path, Buffer.concat([decoded.bytes, appendix]));
    return { plan, written: true, encoding: decoded.encoding };
  });
}

/** Appends and syncs; a write that fails midway is cut back to the old length, so no half entry stays. */
async function appendInPlace(path: string, appendix: Buffer): Promise<void> {
  refuseReadOnly(path, await fileMode(path));
  const handle = await open(path, 'r+').catch((error: unknown) => {
    throw writeError(path, error);
  });
  const size = (await handle.stat()).size;
  try {
    await handle.write(appendix, 0, appendix.length, size);
    await handle.sync();
  } catch (error) {
    await handle.truncate(size).catch(() => undefined);
    throw writeError(path, error);
  } finally {
    await handle.close();
  }
}

/** A file-system refusal as the user reads it (`refused`: why permission was denied, where known); other errors as they are. */
function writeError(path: string, error: unknown, refused?: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new BibWriteError(`${path} cannot grow: the disk is full; nothing was written`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new BibWriteError(`${path} cannot be written${refused ? `: ${refused}` : ''} (${code}); nothing was written`);
  return error instanceof Error ? error : new Error(String(error));
}
