// What the CLI reads of a VS Code workspace so that it matches the editor: the `sciwrite.models.*`
// settings in .vscode/settings.json, and the dismissal list .vscode/sciwrite.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder above `file` (itself included) holding a .vscode folder, or undefined. */
export function workspaceFolderOf(file: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, '.vscode'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** JSON with comments and trailing commas, as VS Code writes settings.json. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

/** The `sciwrite` settings of a workspace folder's .vscode/settings.json as a nested section ({} when none). */
export function readWorkspaceSection(folder: string | undefined): Record<string, unknown> {
  if (!folder) return {};
  const path = join(folder, '.vscode', 'settings.json');
  if (!existsSync(path)) return {};
  let doc: unknown;
  try {
    doc = parseJsonc(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
  const section: Record<string, unknown> = {};
  if (typeof doc !== 'object' || doc === null) return section;
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!name.startsWith('sciwrite.')) continue;
    const parts = name.slice('sciwrite.'.length).split('.');
    let node = section;
    for (const p of parts.slice(0, -1)) {
      if (typeof node[p] !== 'object' || node[p] === null) node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  const nested = (doc as Record<string, unknown>).sciwrite;
  if (typeof nested === 'object' && nested !== null) Object.assign(section, nested);
  return section;
}
