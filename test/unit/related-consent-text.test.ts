// The three places that tell the user what Semantic Scholar receives — the consent prompt, the
// setting's description and `sciwrite related --help` — make the same promises, and those are the
// promises find-related.ts keeps (test/integration/related-sent-scope.test.ts checks the requests):
// ids of papers cited in the scope only, none when it cites none; nothing for a scope not written in
// English; "not relevant" marks stay on this machine. And the manuscript's own title is recognised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONSENT_TEXT } from '../../extension/analysis/related/settings.ts';
import { run } from '../../extension/cli/commands/related.ts';
import { BufferIo } from '../../extension/cli/io.ts';
import { sameTitle } from '../../extension/core/related/identity.ts';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { markdownDescription?: string }> } };
};

async function cliHelp(): Promise<string> {
  const io = new BufferIo();
  assert.equal(await run(['--help'], io), 0);
  return io.out;
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

test('consent prompt, setting description and CLI help promise the same, and what is sent', async () => {
  const texts = {
    consent: flat(CONSENT_TEXT),
    setting: flat(manifest.contributes.configuration.properties['sciwrite.related.semanticScholar.enabled'].markdownDescription ?? ''),
    cli: flat(await cliHelp()),
  };
  for (const [where, text] of Object.entries(texts)) {
    assert.match(text, /key terms/, where);
    assert.match(text, /DOIs ?\/ ?arXiv ids of the papers (you )?cited? in (it|the scope|that part) \(none when it cites none\)/, `${where}: only the scope's citations, none when it cites none`);
    assert.match(text, /not written in English is not sent at all/, `${where}: nothing for a scope not in English`);
    assert.doesNotMatch(text, /papers you already cite\b(?! in (it|that part))/, where);
  }
  for (const where of ['consent', 'setting'] as const) {
    assert.match(texts[where], /mark as not relevant are hidden on this machine and never sent/, `${where}: not-relevant marks are not sent`);
  }
  assert.match(texts.consent, /never whole sentences or paragraphs/);
});

test('sameTitle: the manuscript\'s own title matches however it is cased, braced or accented', () => {
  assert.equal(sameTitle('Self-supervised protein folding with graph transformers', 'Self-Supervised Protein Folding with Graph Transformers'), true);
  assert.equal(sameTitle('{Schr\\"odinger} bridges for {protein} folding', 'Schrödinger bridges for protein folding'), true);
  assert.equal(sameTitle('Self-supervised protein folding with graph transformers.', 'Self-supervised protein folding: with graph transformers'), true);
  assert.equal(sameTitle('Self-supervised protein folding', 'Self-supervised protein folding with graph transformers'), false);
  assert.equal(sameTitle(undefined, 'Anything'), false);
  assert.equal(sameTitle('', ''), false);
});
