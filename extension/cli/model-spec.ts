// What a --model value that names no model means: a path to a folder that does not exist is not
// "not a Hugging Face repo id" but a missing folder.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** True when `spec` can only be a path: absolute, ./ ../ ~/, a backslash, or more than one slash (a repo id has one). */
function looksLikePath(spec: string): boolean {
  return isAbsolute(spec) || /^(\.{1,2}|~)([/\\]|$)/.test(spec) || spec.includes('\\') || spec.split('/').length > 2;
}

/** The message for a model `spec` that names a folder that is not there, else undefined. */
export function missingModelFolder(spec: string): string | undefined {
  if (!looksLikePath(spec) || existsSync(spec)) return undefined;
  return `no such model folder: ${spec} (nor is it a Hugging Face repo id, "org/name")`;
}
