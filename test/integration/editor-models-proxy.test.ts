// VS Code's http.proxy reaches the language server's Hub downloads: the client sends it in
// sciwrite/clientInfo (as it does when the user changes the setting), and the next model download
// goes through that proxy, with no server restart. A real forward proxy and Hub stand-in on
// 127.0.0.1 (plain HTTP: the proxy's absolute-URI path); the stand-in is named stand-in.test, since
// loopback hosts never go through a proxy and only the test proxy resolves that name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient } from '../helpers/lsp-client.ts';
import { startHubServer, FIXTURES_HF } from '../helpers/hub-server.ts';
import { startForwardProxy, STAND_IN_HOST } from '../helpers/forward-proxy.ts';
import type { EntitiesParams, ModelStatusParams } from '../../extension/protocol/editor.ts';

const HUB_MODEL = 'lab/jnlpba-ner';

/** A paper whose entity model is a Hub stand-in reachable only through the test proxy, and a promise of its first entities from that model. */
async function editorWithHubModel(tmpPrefix: string, proxyOptions: Parameters<typeof startForwardProxy>[0] = {}) {
  const root = await mkdtemp(join(tmpdir(), tmpPrefix));
  const hub = await startHubServer({ repos: [{ id: HUB_MODEL, folder: join(FIXTURES_HF, 'tiny-bert-ner') }], fixtures: false, hostname: STAND_IN_HOST });
  const proxy = await startForwardProxy(proxyOptions);
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  process.env.HF_ENDPOINT = hub.endpoint;
  const path = join(root, 'paper.md');
  await writeFile(path, 'Mouse thymus was used as a source of glucocorticoid receptor.\n');
  const client = await LspTestClient.start({ rootDir: root, settings: { models: { entities: HUB_MODEL } }, initializationOptions: { latexWorkshopInstalled: false } });
  const fromHub = new Promise<EntitiesParams>((resolve) => {
    client.connection.onNotification('sciwrite/entities', (p: EntitiesParams) => {
      if (p.done && p.entities.length > 0 && p.entities.every((e) => e.model === HUB_MODEL)) resolve(p);
    });
  });
  const close = async () => {
    await client.stop();
    await proxy.close();
    await hub.close();
    delete process.env.HF_ENDPOINT;
  };
  return { hub, proxy, path, client, fromHub, close };
}

test('a changed http.proxy setting is used by the next Hub download, without a restart', { timeout: 120_000 }, async () => {
  const { hub, proxy, path, client, fromHub, close } = await editorWithHubModel('sciwrite-editor-proxy-', { credentials: { user: 'ann', password: 'pw' } });
  try {
    // No download before consent; meanwhile the user sets http.proxy.
    await client.connection.sendNotification('sciwrite/allowedDownloads', { repos: [] });
    await client.open(path);
    const url = new URL(proxy.url);
    url.username = 'ann';
    url.password = 'pw';
    await client.connection.sendNotification('sciwrite/clientInfo', { latexWorkshopInstalled: false, proxy: { url: url.href } });
    await client.connection.sendNotification('sciwrite/allowedDownloads', { repos: [HUB_MODEL] });
    await fromHub;
    const hubSeen = hub.requests.filter((r) => r.server === 'cdn' || r.path.includes('jnlpba'));
    assert.ok(hubSeen.length > 0, 'the model came from the Hub');
    const forwarded = proxy.requests.filter((r) => r.status !== 407);
    assert.equal(forwarded.length, hub.requests.length, 'every request to the Hub and its CDN went through the proxy');
    for (const r of proxy.requests) assert.equal(r.proxyAuthorization, `Basic ${Buffer.from('ann:pw').toString('base64')}`, 'the proxy credentials were sent');
  } finally {
    await close();
  }
});

test('a Hub model that failed for want of a proxy loads as soon as the user sets http.proxy', { timeout: 120_000 }, async () => {
  const { proxy, path, client, fromHub, close } = await editorWithHubModel('sciwrite-editor-proxy-retry-');
  try {
    let resolveFallback: (reason: string) => void = () => undefined;
    const fellBack = new Promise<string>((resolve) => { resolveFallback = resolve; });
    client.connection.onNotification('sciwrite/modelStatus', (p: ModelStatusParams) => {
      const entities = p.roles.find((r) => r.role === 'entities');
      if (entities?.state === 'fallback' && entities.reason) resolveFallback(entities.reason);
    });
    // Agreed to, but without a proxy the stand-in's name does not resolve: the built-in model runs.
    await client.connection.sendNotification('sciwrite/allowedDownloads', { repos: [HUB_MODEL] });
    await client.open(path);
    const reason = await fellBack;
    assert.ok(reason.includes(`${HUB_MODEL} could not be used`), reason);
    assert.equal(proxy.requests.length, 0, 'no proxy was set yet');
    // The user sets http.proxy: nothing else happens, and the Hub model is loaded through it.
    await client.connection.sendNotification('sciwrite/clientInfo', { latexWorkshopInstalled: false, proxy: { url: proxy.url } });
    await fromHub;
    assert.ok(proxy.requests.length > 0, 'the retry went through the proxy');
  } finally {
    await close();
  }
});
