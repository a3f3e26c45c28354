// docs/marketplace/README.md, the readme the .vsix ships (scripts/package.mjs): every command and
// setting it names is one package.json contributes, every one contributed is named, command titles
// are the palette's, its privacy quote is the consent prompt's own text, and it has no link the
// Marketplace would break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONSENT_TEXT } from '../../extension/analysis/related/settings.ts';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('docs/marketplace/README.md', root), 'utf8');

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  configuration: { properties: Record<string, unknown> };
  colors: { id: string }[];
  views: Record<string, { id: string }[]>;
  viewsContainers: Record<string, { id: string }[]>;
}
const { contributes } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { contributes: Contributes };
const commands = new Map(contributes.commands.map((c) => [c.command, `${c.category ? `${c.category}: ` : ''}${c.title}`]));
const settings = new Set(Object.keys(contributes.configuration.properties));
const otherIds = new Set([
  ...contributes.colors.map((c) => c.id),
  ...Object.values(contributes.views).flat().map((v) => v.id),
  ...Object.values(contributes.viewsContainers).flat().map((v) => v.id),
]);

/** Every `sciwrite.…` id written in code font. */
const namedIds = [...readme.matchAll(/`(sciwrite\.[\w.]+)`/g)].map((m) => m[1]);

test('every sciwrite id the readme names is contributed by package.json', () => {
  assert.ok(namedIds.length > 30, `the readme names ${namedIds.length} ids`);
  const unknown = namedIds.filter((id) => !commands.has(id) && !settings.has(id) && !otherIds.has(id));
  assert.deepEqual(unknown, [], 'ids in the readme that package.json does not contribute');
});

test('every command and every setting is in the readme', () => {
  const named = new Set(namedIds);
  assert.deepEqual([...commands.keys()].filter((id) => !named.has(id)), [], 'commands missing from the readme');
  assert.deepEqual([...settings].filter((id) => !named.has(id)), [], 'settings missing from the readme');
});

test('command titles are those of the command palette', () => {
  const titles = new Set(commands.values());
  // "*SciWrite: Title* (`id`)" rows of the commands table, and any other "*SciWrite: Title*" in the text.
  for (const [, title, id] of readme.matchAll(/\*(SciWrite: [^*]+)\* \(`(sciwrite\.\w+)`\)/g)) {
    assert.equal(title, commands.get(id), `the title given for ${id}`);
  }
  const mentioned = [...readme.matchAll(/\*(SciWrite: [^*]+)\*/g)].map((m) => m[1]);
  assert.ok(mentioned.length >= commands.size, `${mentioned.length} command titles mentioned`);
  assert.deepEqual(mentioned.filter((t) => !titles.has(t)), [], 'titles no command has');
});

test('the privacy section quotes the consent prompt word for word', () => {
  const quote = readme.split('\n').filter((line) => /^\s*> /.test(line)).map((line) => line.replace(/^\s*> /, '')).join(' ');
  assert.equal(quote, CONSENT_TEXT);
});

test('links and images are absolute https addresses or anchors (no repository to resolve a relative one)', () => {
  const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]);
  assert.deepEqual(targets.filter((t) => !/^https:\/\//.test(t) && !t.startsWith('#')), [], 'relative links');
  assert.doesNotMatch(readme, /<img\b/i, 'no HTML images');
});
