// Which .bib a new entry goes to: the `sciwrite.bibliography.writeTarget` setting, else the
// manuscript's first bibliography that holds entries and is not an export another tool regenerates;
// when only exports hold entries the user is asked (add it in Zotero/Mendeley, or pick a file); a
// project whose bibliographies are all empty or missing gets its first one.
import { basename, resolve } from 'node:path';
import { detectAutoExport } from '../../core/bibwrite/style.ts';
import type { ZoteroConnector } from '../../net/zotero/connector.ts';
import type { ProjectSnapshot } from '../workspace.ts';

export type WriteTarget =
  | { kind: 'file'; file: string; why: string }
  /** Only exports hold entries: offer the paper to the tool that owns them (e.g. Zotero), or ask which file to use. */
  | { kind: 'ask'; files: string[]; reason: string; alternatives: string[]; /** One of the exports is Zotero's (Better BibTeX). */ zotero?: boolean }
  | { kind: 'none'; reason: string };

export function chooseWriteTarget(project: ProjectSnapshot, setting?: string): WriteTarget {
  if (setting && setting.trim()) {
    const file = resolve(project.options.workspaceFolder ?? '', setting);
    return { kind: 'file', file, why: 'sciwrite.bibliography.writeTarget' };
  }
  const own = project.info.bibliographies;
  if (own.length === 0) return { kind: 'none', reason: 'the manuscript names no bibliography file' };
  const states = own.map((file) => project.bibFile(file) ?? { file, exists: false, text: '', entries: [] });
  const exports = new Map<string, string>();
  for (const state of states) {
    const reason = state.exists ? detectAutoExport(state.text) : undefined;
    if (reason) exports.set(state.file, reason);
  }
  const withEntries = states.find((state) => state.exists && state.entries.length > 0 && !exports.has(state.file));
  if (withEntries) return { kind: 'file', file: withEntries.file, why: 'the first bibliography with entries that no tool regenerates' };
  const writable = states.filter((state) => !exports.has(state.file));
  if (exports.size === 0 && writable.length > 0) {
    const first = writable[0];
    return { kind: 'file', file: first.file, why: first.exists ? 'the first bibliography the manuscript names (it has no entries yet)' : 'the bibliography the manuscript names (it will be created)' };
  }
  const [first] = exports;
  const zotero = [...exports.values()].some((why) => /Zotero/.test(why));
  return { kind: 'ask', files: [...exports.keys()], reason: `${basename(first[0])} is not written to: ${first[1]}`, alternatives: writable.map((state) => state.file), ...(zotero ? { zotero } : {}) };
}

export type WriteChoice = { kind: 'file'; file: string } | { kind: 'zotero' };

export interface WriteOption {
  choice: WriteChoice;
  label: string;
  detail?: string;
}

/**
 * What to offer when only exports hold entries: the user's Zotero library when the export is Zotero's and
 * Zotero answers its connector ping, and the manuscript's other bibliographies. `reason` says why the
 * user is asked, and that Zotero is not running when it is not.
 */
export async function writeOptions(target: Extract<WriteTarget, { kind: 'ask' }>, zotero?: ZoteroConnector): Promise<{ reason: string; options: WriteOption[] }> {
  const options: WriteOption[] = [];
  let reason = target.reason;
  if (target.zotero && zotero) {
    const ping = await zotero.ping();
    const exportName = target.files.length === 1 ? basename(target.files[0]) : 'the export';
    if (ping.running) options.push({ choice: { kind: 'zotero' }, label: 'Add it to my Zotero library', detail: `Better BibTeX then writes it to ${exportName} on its next export` });
    else reason = `${reason}. ${ping.message}`;
  }
  for (const file of target.alternatives) options.push({ choice: { kind: 'file', file }, label: `Add it to ${basename(file)}`, detail: file });
  return { reason, options };
}
