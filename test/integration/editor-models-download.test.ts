// A Hub model for an editor role downloading in the language server, over a real Hub stand-in on
// 127.0.0.1 whose answers are held back: the editor keeps working with the built-in model meanwhile
// (entities, citation hovers) and switches to the Hub model once it arrives; the status names the model
// downloading and says why no bytes move; choosing another model mid-download is no failure, while a
// cancel the user asked for is said once (by the client itself when it shows downloads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShowMessageParams } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, uriOf, type StartOptions } from '../helpers/lsp-client.ts';
import { startHubServer, FIXTURES_HF, type HubServer } from '../helpers/hub-server.ts';
import type { EntitiesParams, ModelRoleStatus, ModelStatusParams } from '../../extension/protocol/editor.ts';

const BIB = '@article{smith2020, author = {Smith, Jane}, title = {Receptors}, journal = {J. Biol.}, year = {2020}}\n';
const paper = (sentence: string) => `\\documentclass{article}\n\\begin{document}\n${sentence} \\cite{smith2020}.\n\\bibliography{refs}\n\\end{document}\n`;
const FIRST = paper('Mouse thymus was used as a source of glucocorticoid receptor from normal CS lymphocytes, following');
const SECOND = paper('We measured IL-2 expression in HeLa cells and T lymphocytes with the glucocorticoid receptor, as in');

interface Recorded<T> {
  all: T[];
  /** The first notification from now on that `accept`s. */
  next: (accept: (p: T) => boolean) => Promise<T>;
  /** The first notification, received already or to come, that `accept`s. */
  seen: (accept: (p: T) => boolean) => Promise<T>;
}

function record<T>(client: LspTestClient, method: string): Recorded<T> {
  const all: T[] = [];
  const waiters: { accept: (p: T) => boolean; resolve: (p: T) => void }[] = [];
  client.connection.onNotification(method, (p: T) => {
    all.push(p);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].accept(p)) waiters.splice(i, 1)[0].resolve(p);
  });
  const next = (accept: (p: T) => boolean) => new Promise<T>((resolve) => waiters.push({ accept, resolve }));
  return { all, next, seen: (accept) => { const found = all.find(accept); return found ? Promise.resolve(found) : next(accept); } };
}

const entitiesRole = (s: ModelStatusParams): ModelRoleStatus => s.roles.find((r) => r.role === 'entities')!;
const taggedBy = (uri: string, model: string) => (p: EntitiesParams) => p.uri === uri && p.done && p.entities.length > 0 && p.entities.every((e) => e.model === model);

/** A LaTeX project, a Hub stand-in serving `repos` (each a fixture folder), and a language server downloading from it. */
async function setUp(repos: Record<string, string>, settings: { entities: string }, options: Partial<StartOptions> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-download-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const hub = await startHubServer({ repos: Object.entries(repos).map(([id, fixture]) => ({ id, folder: join(FIXTURES_HF, fixture) })), fixtures: false });
  process.env.HF_ENDPOINT = hub.endpoint;
  await writeFile(join(root, 'refs.bib'), BIB);
  await writeFile(join(root, 'first.tex'), FIRST);
  await writeFile(join(root, 'second.tex'), SECOND);
  const client = await LspTestClient.start({ rootDir: root, settings: { models: { scicite: 'builtin', aclarc: 'builtin', ...settings } }, ...options });
  const status = record<ModelStatusParams>(client, 'sciwrite/modelStatus');
  const entities = record<EntitiesParams>(client, 'sciwrite/entities');
  // the server's warnings are requests (window/showMessageRequest), whatever their buttons
  const messages: ShowMessageParams[] = [];
  client.connection.onRequest('window/showMessageRequest', (p: ShowMessageParams) => {
    messages.push(p);
    return null;
  });
  const close = async () => {
    await client.stop();
    await hub.close();
    delete process.env.HF_ENDPOINT;
    await rm(root, { recursive: true, force: true });
  };
  return { root, hub, client, status, entities, messages, close, first: join(root, 'first.tex'), second: join(root, 'second.tex') };
}

/** Holds the Hub's answers to matching requests (the CDN's: the weights) until the returned release is called; `arrived` settles at the first one. */
function hold(hub: HubServer, match: { server: 'hub' | 'cdn'; path?: string }): { arrived: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  hub.addFault({ server: match.server, ...(match.path ? { path: match.path } : {}), holdUntil: released, times: 100 });
  const arrived = new Promise<void>((resolve) => hub.onRequest((r) => {
    if (r.server === match.server && (!match.path || decodeURIComponent(r.path).includes(match.path))) resolve();
  }));
  return { arrived, release };
}

test('while a Hub entity model downloads, documents get the built-in model\'s entities and citation hovers answer; then the Hub model\'s entities come', { timeout: 120_000 }, async () => {
  const { hub, client, status, entities, messages, close, first, second } = await setUp({ 'lab/ner': 'tiny-bert-ner' }, { entities: 'lab/ner' });
  try {
    const weights = hold(hub, { server: 'cdn' });
    const firstUri = await client.open(first, FIRST);
    await weights.arrived;
    // the download is in flight: a document opened now is analysed with the built-in tagger at once
    const secondUri = uriOf(second);
    const builtin = entities.next(taggedBy(secondUri, 'builtin:tagger'));
    await client.open(second, SECOND);
    await builtin;
    const hover = await client.hover(secondUri, positionOf(SECOND, '\\cite{smith2020}', 6));
    assert.match(JSON.stringify(hover?.contents ?? ''), /SciCite/, 'the citation hover answers with its intent');
    const meanwhile = entitiesRole(status.all.at(-1)!);
    assert.equal(meanwhile.state, 'loading');
    assert.equal(meanwhile.requested, 'lab/ner');
    assert.equal(meanwhile.active, 'builtin:tagger');
    assert.match(meanwhile.reason ?? '', /^downloading lab\/ner.*; using the built-in model meanwhile$/);

    const fromHub = [entities.next(taggedBy(firstUri, 'lab/ner')), entities.next(taggedBy(secondUri, 'lab/ner'))];
    weights.release();
    await Promise.all(fromHub);
    const last = entitiesRole(status.all.at(-1)!);
    assert.deepEqual([last.state, last.active, last.download], ['ready', 'lab/ner', undefined]);
    const downloads = status.all.flatMap((s) => s.roles.filter((r) => r.download));
    assert.ok(downloads.length > 0, 'the download\'s progress is in the status');
    assert.deepEqual([...new Set(downloads.map((r) => `${r.role} ${r.requested}`))], ['entities lab/ner'], 'each progress names the model downloading');
    assert.deepEqual(messages, [], 'nothing to warn about');
  } finally {
    await close();
  }
});

test('another model chosen mid-download is no failure: no warning, no fallback status, and none of the first model\'s bytes shown as the second\'s', { timeout: 120_000 }, async () => {
  const { hub, client, status, entities, messages, close, first } = await setUp({ 'lab/ner': 'tiny-bert-ner', 'lab/ner2': 'tiny-roberta-ner' }, { entities: 'lab/ner' });
  try {
    const weights = hold(hub, { server: 'cdn' });
    const second = hold(hub, { server: 'hub', path: '/lab/ner2/' });
    const uri = await client.open(first, FIRST);
    await weights.arrived;
    await status.seen((s) => (entitiesRole(s).download?.bytes ?? 0) > 0);
    const switched = status.all.length;
    await client.setSettings({ models: { entities: 'lab/ner2', scicite: 'builtin', aclarc: 'builtin' } });
    await second.arrived;
    // the status says lab/ner2 is loading before any of its bytes arrived
    await status.seen((s) => entitiesRole(s).requested === 'lab/ner2' && entitiesRole(s).state === 'loading');
    const beforeItsBytes = status.all.slice(switched).map(entitiesRole);
    second.release();
    weights.release();
    await entities.next(taggedBy(uri, 'lab/ner2'));
    assert.deepEqual(beforeItsBytes.filter((r) => r.download), [], 'no bytes shown for lab/ner2 before its download began');
    const after = status.all.slice(switched).map(entitiesRole);
    assert.deepEqual(after.filter((r) => r.requested === 'lab/ner'), [], 'no status of lab/ner after the switch');
    assert.deepEqual(after.filter((r) => r.state === 'fallback'), []);
    assert.deepEqual(messages, [], 'no warning');
    assert.deepEqual([after.at(-1)?.state, after.at(-1)?.active], ['ready', 'lab/ner2']);
  } finally {
    await close();
  }
});

test('a download the user cancels: the built-in model runs, and the fallback is told once (by the server, or by VS Code itself)', { timeout: 120_000 }, async () => {
  for (const showsModelDownloads of [false, true]) {
    const { hub, client, status, messages, close, first } = await setUp({ 'lab/ner': 'tiny-bert-ner' }, { entities: 'lab/ner' }, { initializationOptions: { showsModelDownloads } });
    try {
      const weights = hold(hub, { server: 'cdn' });
      await client.open(first, FIRST);
      await weights.arrived;
      const fellBack = status.next((s) => entitiesRole(s).state === 'fallback');
      await client.connection.sendNotification('sciwrite/cancelModelDownload', { role: 'entities' });
      const fallback = entitiesRole(await fellBack);
      assert.equal(fallback.active, 'builtin:tagger');
      assert.match(fallback.reason ?? '', /lab\/ner could not be used \(download cancelled\)/);
      // what the server sent before its answer to a request sent now has arrived: its warning included
      await client.connection.sendRequest('sciwrite/downloadedModels', {});
      const warnings = messages.filter((m) => m.message.includes('lab/ner could not be used'));
      assert.equal(warnings.length, showsModelDownloads ? 0 : 1, `warnings with showsModelDownloads ${showsModelDownloads}: ${JSON.stringify(messages)}`);
      weights.release();
    } finally {
      await close();
    }
  }
});

test('a download waiting to retry says why in the status: its progress and the reason the built-in model runs', { timeout: 120_000 }, async () => {
  const { hub, client, status, entities, close, first } = await setUp({ 'lab/ner': 'tiny-bert-ner' }, { entities: 'lab/ner' });
  try {
    // the weights' first answer is a 500; the retry is held, so the download waits with its note
    hub.addFault({ server: 'cdn', method: 'GET', respond: { status: 500, headers: { 'retry-after': '0' } } });
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let weightRequests = 0;
    const retried = new Promise<void>((resolve) => hub.onRequest((r) => {
      if (r.server !== 'cdn' || r.method !== 'GET' || ++weightRequests !== 2) return;
      hub.addFault({ server: 'cdn', method: 'GET', holdUntil: released });
      resolve();
    }));
    const uri = await client.open(first, FIRST);
    await retried;
    const waiting = entitiesRole(await status.seen((s) => entitiesRole(s).state === 'loading' && !!entitiesRole(s).reason && !!entitiesRole(s).download?.note));
    assert.match(waiting.download!.note!, /the server answered 500; trying again in 0 s/);
    assert.equal(waiting.requested, 'lab/ner');
    assert.match(waiting.reason ?? '', /^downloading lab\/ner \(model\.safetensors: the server answered 500; trying again in 0 s.*\); using the built-in model meanwhile$/);
    const fromHub = entities.next(taggedBy(uri, 'lab/ner'));
    release();
    await fromHub;
  } finally {
    await close();
  }
});

test('an editor other than VS Code sees the download as work-done progress, whose Cancel stops it: the built-in model runs, with one warning', { timeout: 120_000 }, async () => {
  const { hub, client, status, messages, close, first } = await setUp({ 'lab/ner': 'tiny-bert-ner' }, { entities: 'lab/ner' }, { workDoneProgress: true });
  try {
    const weights = hold(hub, { server: 'cdn' });
    await client.open(first, FIRST);
    await weights.arrived;
    const begin = await client.waitForProgress((e) => e.value.kind === 'begin' && e.value.title === 'SciWrite: downloading lab/ner');
    assert.equal(begin.value.kind === 'begin' && begin.value.cancellable, true, 'the progress offers Cancel');
    const fellBack = status.next((s) => entitiesRole(s).state === 'fallback');
    await client.cancelProgress(begin.token);
    assert.match(entitiesRole(await fellBack).reason ?? '', /lab\/ner could not be used \(download cancelled\)/);
    await client.waitForProgress((e) => e.token === begin.token && e.value.kind === 'end');
    await client.connection.sendRequest('sciwrite/downloadedModels', {});
    assert.equal(messages.filter((m) => m.message.includes('download cancelled')).length, 1);
    weights.release();
  } finally {
    await close();
  }
});

test('a Hub slow to answer even its metadata holds no document back: the built-in model runs after a second, the Hub model when it comes', { timeout: 120_000 }, async () => {
  const { hub, client, entities, close, first } = await setUp({ 'lab/ner': 'tiny-bert-ner' }, { entities: 'lab/ner' });
  try {
    const metadata = hold(hub, { server: 'hub' });
    const firstUri = uriOf(first);
    const builtin = entities.next(taggedBy(firstUri, 'builtin:tagger'));
    await client.open(first, FIRST);
    await metadata.arrived;
    await builtin;
    const fromHub = entities.next(taggedBy(firstUri, 'lab/ner'));
    metadata.release();
    await fromHub;
  } finally {
    await close();
  }
});

test('deleting a model that is downloading stops the download first: no failure, nothing of it left in the cache', { timeout: 120_000 }, async () => {
  const { hub, client, messages, close, first } = await setUp({ 'lab/ner': 'tiny-bert-ner' }, { entities: 'lab/ner' });
  try {
    const weights = hold(hub, { server: 'cdn' });
    await client.open(first, FIRST);
    await weights.arrived;
    await client.connection.sendRequest('sciwrite/deleteModel', { repo: 'lab/ner' });
    weights.release();
    assert.deepEqual(await client.connection.sendRequest('sciwrite/downloadedModels', {}), [], 'the cache holds nothing of it');
    assert.deepEqual(messages.filter((m) => /ENOENT|EBUSY/.test(m.message)), [], 'the download did not fail on its deleted files');
  } finally {
    await close();
  }
});
