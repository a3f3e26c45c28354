// The root file of the project a file belongs to, found as LaTeX Workshop finds it:
//   1. a `% !TEX root = main.tex` magic comment (relative to the file's folder);
//   2. the main file a subfile names (`\documentclass[../main.tex]{subfiles}`);
//   3. the file itself when it holds \begin{document};
//   4. a workspace file with \begin{document} whose include graph reaches the file
//      (candidates nearest the file first);
//   5. otherwise the file itself.
// A Markdown file's root: itself when it has front matter, else the bookdown book or the document that
// includes it (Quarto include, knitr child), else itself.
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { scanLatexStructure } from '../latex/structure.ts';
import { findFrontMatter } from '../markdown/frontmatter.ts';
import { markdownIncludes } from '../markdown/includes.ts';
import { bookdownRoot, collectProject, isMarkdownFile } from './collect.ts';
import type { ProjectFileSystem } from './file-system.ts';

export type RootReason = 'magic-comment' | 'subfiles-class' | 'document-environment' | 'includes-file' | 'fallback' | 'markdown';

export interface RootFile {
  root: string;
  reason: RootReason;
}

function distance(from: string, to: string): number {
  const rel = relative(dirname(from), dirname(to));
  return rel === '' ? 0 : rel.split(sep).length;
}

/** The file a path written in `file` names (relative to its folder, `.tex` optional), if it exists. */
async function existingTexFile(file: string, written: string, fs: ProjectFileSystem): Promise<string | undefined> {
  const path = normalize(isAbsolute(written) ? written : join(dirname(file), written));
  for (const candidate of /\.tex$/i.test(path) ? [path] : [path, `${path}.tex`]) {
    if (await fs.exists(candidate)) return candidate;
  }
  return undefined;
}

export async function findRootFileDetail(file: string, fs: ProjectFileSystem): Promise<RootFile> {
  const self = normalize(file);
  if (isMarkdownFile(self)) return markdownRoot(self, fs);
  const text = await fs.readFile(self);
  if (text !== undefined) {
    const structure = scanLatexStructure(text);
    if (structure.magicRoot) {
      const root = await existingTexFile(self, structure.magicRoot.trim(), fs);
      if (root) return { root, reason: 'magic-comment' };
    }
    if (structure.subfilesMain) {
      const root = await existingTexFile(self, structure.subfilesMain, fs);
      if (root) return { root, reason: 'subfiles-class' };
    }
    if (structure.hasDocumentEnvironment) return { root: self, reason: 'document-environment' };
  }
  const candidates: { path: string; d: number }[] = [];
  for (const path of await fs.listFiles()) {
    const p = normalize(path);
    if (p === self || !/\.tex$/i.test(p)) continue;
    candidates.push({ path: p, d: distance(self, p) });
  }
  candidates.sort((a, b) => a.d - b.d || a.path.localeCompare(b.path));
  for (const { path } of candidates) {
    const t = await fs.readFile(path);
    if (t === undefined || !scanLatexStructure(t).hasDocumentEnvironment) continue;
    const project = await collectProject(path, fs);
    if (project.files.includes(self)) return { root: path, reason: 'includes-file' };
  }
  return { root: self, reason: 'fallback' };
}

/**
 * A Markdown file with front matter is its own root; a chapter of a bookdown book belongs to the
 * book's index.Rmd; a file another Markdown file includes (Quarto include, knitr child) belongs to
 * that file's project (nearest includer first); any other file is its own root.
 */
async function markdownRoot(self: string, fs: ProjectFileSystem, seen = new Set<string>([self])): Promise<RootFile> {
  const text = await fs.readFile(self);
  if (text !== undefined && findFrontMatter(text)) return { root: self, reason: 'markdown' };
  const book = await bookdownRoot(self, fs);
  if (book && book !== self) return { root: book, reason: 'includes-file' };
  const candidates = (await fs.listFiles()).map((path) => normalize(path)).filter((p) => !seen.has(p) && isMarkdownFile(p));
  candidates.sort((a, b) => distance(self, a) - distance(self, b) || a.localeCompare(b));
  for (const path of candidates) {
    const t = await fs.readFile(path);
    if (t === undefined || markdownIncludes(t).length === 0) continue;
    if (!(await collectProject(path, fs)).files.includes(self)) continue;
    // the includer may itself be included (a chain of includes): its root is ours
    seen.add(path);
    const above = await markdownRoot(path, fs, seen);
    return { root: above.root, reason: 'includes-file' };
  }
  return { root: self, reason: 'markdown' };
}

/** The root file of `file`'s project (absolute path). */
export async function findRootFile(file: string, fs: ProjectFileSystem): Promise<string> {
  return (await findRootFileDetail(file, fs)).root;
}
