// The per-workspace list of dismissed highlights, `.vscode/sciwrite.json`, LTeX-style: a team can
// commit it. "Not a <type>" dismisses one text as one type; "Never highlight '<text>'" dismisses a
// text whatever its type. Texts match case-insensitively with white space collapsed. Other keys of
// the file are kept as they are; the file is written atomically (temporary file, then rename).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface Dismissals {
  /** Texts never highlighted, whatever their type. */
  never: string[];
  /** A text dismissed as one type only. */
  notType: { text: string; type: string }[];
}

export const DISMISSALS_FILE = join('.vscode', 'sciwrite.json');

export function emptyDismissals(): Dismissals {
  return { never: [], notType: [] };
}

export function normalizeMention(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Reads the `entities` section of a parsed sciwrite.json; anything malformed is ignored. */
export function parseDismissals(doc: unknown): Dismissals {
  const out = emptyDismissals();
  const section = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).entities : undefined;
  if (typeof section !== 'object' || section === null) return out;
  const s = section as Record<string, unknown>;
  if (Array.isArray(s.never)) out.never = s.never.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (Array.isArray(s.notType)) {
    for (const item of s.notType) {
      if (typeof item !== 'object' || item === null) continue;
      const { text, type } = item as Record<string, unknown>;
      if (typeof text === 'string' && typeof type === 'string' && text.trim() !== '') out.notType.push({ text, type });
    }
  }
  return out;
}

/** A fast matcher over a dismissal list. */
export function dismissalMatcher(d: Dismissals): (text: string, type: string) => boolean {
  const never = new Set(d.never.map(normalizeMention));
  const notType = new Set(d.notType.map((n) => `${n.type}\u0000${normalizeMention(n.text)}`));
  return (text, type) => {
    const n = normalizeMention(text);
    return never.has(n) || notType.has(`${type}\u0000${n}`);
  };
}

export type Dismissal = { kind: 'never'; text: string } | { kind: 'notType'; text: string; type: string };

/** The list with one more dismissal (unchanged when it is already there). */
export function addDismissal(d: Dismissals, add: Dismissal): Dismissals {
  const n = normalizeMention(add.text);
  if (add.kind === 'never') {
    if (d.never.some((t) => normalizeMention(t) === n)) return d;
    return { ...d, never: [...d.never, add.text.replace(/\s+/g, ' ').trim()] };
  }
  if (d.notType.some((t) => t.type === add.type && normalizeMention(t.text) === n)) return d;
  return { ...d, notType: [...d.notType, { text: add.text.replace(/\s+/g, ' ').trim(), type: add.type }] };
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  } catch {
    throw new Error(`${path} is not valid JSON: fix or remove it before dismissing more highlights`);
  }
}

/** The dismissals of a workspace folder (none when the file is missing or unreadable). */
export async function readDismissals(folder: string): Promise<Dismissals> {
  try {
    return parseDismissals(await readJson(join(folder, DISMISSALS_FILE)));
  } catch {
    return emptyDismissals();
  }
}

let sequence = 0;

/** Adds a dismissal to the folder's file, keeping its other keys, and returns the new list. */
export async function recordDismissal(folder: string, add: Dismissal): Promise<Dismissals> {
  const path = join(folder, DISMISSALS_FILE);
  const doc = await readJson(path);
  const next = addDismissal(parseDismissals(doc), add);
  const entities = typeof doc.entities === 'object' && doc.entities !== null ? (doc.entities as Record<string, unknown>) : {};
  doc.entities = { ...entities, never: next.never, notType: next.notType };
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${++sequence}.tmp`;
  await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
  return next;
}
