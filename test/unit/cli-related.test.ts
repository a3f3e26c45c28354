// `sciwrite related` run as the `sciwrite` command (extension/cli/main.ts in its own process, HOME a
// temporary folder) ranks with the model the editor would: the SPECTER2 the VS Code extension
// downloaded (a pointer in its global storage folder), the workspace's `sciwrite.models.embeddings`
// (a folder encoder, read from .vscode/settings.json relative to the workspace), `--embeddings`
// overriding it, and a Hub id downloaded because it is named (from a Hub stand-in on 127.0.0.1),
// never with --offline. Rankings equal the in-process findRelated with the same model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkspace } from '../../extension/analysis/index.ts';
import { folderEmbedder } from '../../extension/analysis/related/embedding-choice.ts';
import { findRelated } from '../../extension/analysis/related/find-related.ts';
import { editorStorageDirs } from '../../extension/analysis/related/related-folders.ts';
import { writeSpecter2Pointer } from '../../extension/analysis/related/specter2-pointer.ts';
import { findSpecter2, specter2Embedder, type PaperEmbedder } from '../../extension/analysis/related/specter2.ts';
import { startHubServer } from '../helpers/hub-server.ts';
import { writePapersManuscript } from '../helpers/papers-manuscript.ts';
import { SPECTER2_FIXTURE } from '../helpers/specter2-repos.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const ENCODER = join(repo, 'test/fixtures/hf/tiny-bert-embed');
const specterPapers = (JSON.parse(readFileSync(join(SPECTER2_FIXTURE, 'expected.json'), 'utf8')) as { papers: { title: string; abstract: string | null }[] }).papers;
const encoderPapers = (JSON.parse(readFileSync(join(ENCODER, 'expected.json'), 'utf8')) as { papers: { title: string; abstract: string | null }[] }).papers;
/** The paragraph of writePapersManuscript's main.tex (zero-based line). */
const LINE = '3';

let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sciwrite-cli-related-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The `sciwrite` command in its own process, with `home` as HOME and none of the caller's SciWrite, XDG or Hub variables. */
function sciwrite(args: string[], home: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(XDG_|SCIWRITE_|HF_|HUGGING_FACE_|VSCODE_|SEMANTIC_SCHOLAR_)/.test(name)) env[name] = value;
  }
  Object.assign(env, { HOME: home, ...extraEnv });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'extension/cli/main.ts'), 'related', ...args], { cwd: repo, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What "Download SPECTER2" leaves in VS Code's global storage: snapshots elsewhere, a pointer in `<related>/specter2`. */
async function vscodeDownload(home: string): Promise<string> {
  const snapshots = join(home, '.cache', 'sciwrite', 'hub', 'snapshots');
  await cp(join(SPECTER2_FIXTURE, 'base'), join(snapshots, 'base'), { recursive: true });
  await cp(join(SPECTER2_FIXTURE, 'adapter'), join(snapshots, 'proximity'), { recursive: true });
  const folder = join(editorStorageDirs(process.platform, {}, home)[0].dir, 'specter2');
  await writeSpecter2Pointer(folder, {
    version: 1,
    base: { repo: 'allenai/specter2_base', revision: 'main', folder: join(snapshots, 'base') },
    proximity: { repo: 'allenai/specter2', revision: 'main', folder: join(snapshots, 'proximity') },
  });
  return folder;
}

interface Listed {
  key?: string;
  score: number;
}

/** The same ranking in this process, with `embedder`. */
async function inProcess(texPath: string, embedder: PaperEmbedder): Promise<Listed[]> {
  try {
    const result = await findRelated({ workspace: createWorkspace(), embedder }, { file: texPath, line: Number(LINE), scope: 'paragraph', offline: true, limit: 20 });
    return result.papers.map((p) => ({ key: p.key, score: p.score }));
  } finally {
    await embedder.release();
  }
}

function assertSameRanking(printed: string, expected: Listed[]): void {
  const list = JSON.parse(printed) as Listed[];
  assert.deepEqual(list.map((p) => p.key), expected.map((p) => p.key), 'same papers in the same order');
  list.forEach((p, i) => assert.ok(Math.abs(p.score - expected[i].score) < 1e-6, `${p.key}: ${p.score} vs ${expected[i].score}`));
}

test('without any download BM25 ranks; with the VS Code extension\'s SPECTER2 download in a temporary HOME, SPECTER2 does', { timeout: 180_000, skip: process.platform === 'win32' && 'VS Code keeps its storage under %APPDATA%, not HOME' }, async () => {
  const home = await mkdtemp(join(work, 'home-'));
  const { texPath } = await writePapersManuscript(work, specterPapers);
  const bare = await sciwrite([texPath, '--line', LINE], home);
  assert.equal(bare.status, 0, bare.stderr);
  assert.match(bare.stdout, /^Related work \(paragraph, ranked by shared terms \(BM25\)\):/);
  assert.match(bare.stderr, /No SPECTER2 model is downloaded/);

  const folder = await vscodeDownload(home);
  const found = await sciwrite([texPath, '--line', LINE], home);
  assert.equal(found.status, 0, found.stderr);
  assert.match(found.stdout, /^Related work \(paragraph, ranked by SPECTER2 similarity and shared terms \(BM25\)\):/);
  assert.ok(found.stderr.includes(`Using the SPECTER2 of VS Code: ${folder}`), found.stderr);
  assert.match(found.stdout, /SPECTER2 similarity -?\d\.\d\d/);

  const json = await sciwrite([texPath, '--line', LINE, '--json'], home);
  assert.equal(json.status, 0, json.stderr);
  const location = findSpecter2(folder);
  assert.ok(location, 'the pointer names live snapshots');
  assertSameRanking(json.stdout, await inProcess(texPath, specter2Embedder(location)));
});

test('the workspace\'s sciwrite.models.embeddings (a folder, relative to the workspace) ranks; --embeddings builtin overrides it', { timeout: 180_000, skip: process.platform === 'win32' && 'VS Code keeps its storage under %APPDATA%, not HOME' }, async () => {
  const home = await mkdtemp(join(work, 'home-'));
  await vscodeDownload(home);
  const { dir, texPath } = await writePapersManuscript(work, encoderPapers);
  await cp(ENCODER, join(dir, 'models', 'encoder'), { recursive: true });
  await mkdir(join(dir, '.vscode'));
  await writeFile(join(dir, '.vscode', 'settings.json'), '{\n  // the paper embeddings of this paper\n  "sciwrite.models.embeddings": "models/encoder",\n}\n');
  const encoder = join(dir, 'models', 'encoder');

  const run = await sciwrite([texPath, '--line', LINE], home);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.stdout.startsWith(`Related work (paragraph, ranked by ${encoder} similarity and shared terms (BM25)):`), run.stdout);
  assert.doesNotMatch(run.stderr, /Using the SPECTER2/);
  const json = await sciwrite([texPath, '--line', LINE, '--json'], home);
  assert.equal(json.status, 0, json.stderr);
  assertSameRanking(json.stdout, await inProcess(texPath, await folderEmbedder(encoder)));

  const builtin = await sciwrite([texPath, '--line', LINE, '--embeddings', 'builtin'], home);
  assert.equal(builtin.status, 0, builtin.stderr);
  assert.match(builtin.stdout, /^Related work \(paragraph, ranked by SPECTER2 similarity and shared terms \(BM25\)\):/);

  const typo = await sciwrite([texPath, '--embeddings', 'no such model'], home);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /--embeddings: no such model is neither a folder nor a Hugging Face model id/);
});

test('a Hub id in the settings: downloaded because it is named (as analyze\'s models), never with --offline', { timeout: 180_000 }, async () => {
  const hubId = 'sciwrite-test/paper-encoder';
  const hub = await startHubServer({ fixtures: false, repos: [{ id: hubId, folder: ENCODER }] });
  try {
    const home = await mkdtemp(join(work, 'home-'));
    const { dir, texPath } = await writePapersManuscript(work, encoderPapers);
    await mkdir(join(dir, '.vscode'));
    await writeFile(join(dir, '.vscode', 'settings.json'), JSON.stringify({ sciwrite: { models: { embeddings: hubId } } }));

    const offline = await sciwrite([texPath, '--line', LINE, '--offline'], home, { HF_ENDPOINT: hub.endpoint });
    assert.equal(offline.status, 0, offline.stderr);
    assert.match(offline.stdout, /^Related work \(paragraph, ranked by shared terms \(BM25\)\):/);
    assert.ok(offline.stderr.includes(`${hubId} could not be downloaded (`), offline.stderr);
    assert.equal(hub.requests.length, 0, 'nothing asked of the Hub offline');

    const online = await sciwrite([texPath, '--line', LINE], home, { HF_ENDPOINT: hub.endpoint });
    assert.equal(online.status, 0, online.stderr);
    assert.ok(online.stdout.startsWith(`Related work (paragraph, ranked by ${hubId} similarity and shared terms (BM25)):`), `${online.stdout}\n${online.stderr}`);
    assert.match(online.stderr, /downloading model\.safetensors|downloading pytorch_model\.bin/);
    assert.ok(hub.requests.length > 0, 'the Hub stand-in was asked');
  } finally {
    await hub.close();
  }
});
