// Types of third-party-notices.mjs for the tests that import it.
export interface Notice {
  name: string;
  version: string;
  licence: string;
  homepage?: string;
  shippedIn: Set<string>;
  texts: { file: string; text: string }[];
  note?: string;
}
export const metaDir: string;
export const noticesFile: string;
export function packageFolderOf(input: string): string | undefined;
export function bundledPackageFolders(metafiles: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }[]): Map<string, Set<string>>;
export function collectNotices(folders: Map<string, Set<string>>): Notice[];
export function renderNotices(notices: Notice[]): string;
export function writeNotices(): string;
