// The papers the panel showed: Semantic Scholar papers are kept on disk with the Semantic Scholar
// cache's age limit, so a restarted server still finds them; library papers (which live in a .bib) are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S2_CACHE_MAX_AGE_MS } from '../../extension/net/semantic-scholar/client.ts';
import type { WireRankedPaper } from '../../extension/protocol/index.ts';
import { RankedPapers } from '../../extension/server/related/memory.ts';

const REMOTE: WireRankedPaper = {
  id: 's2:e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5', s2Id: 'e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5', title: 'Long-read alignment with minimizers', authors: ['Heng Li'], year: 2018,
  doi: '10.1093/bioinformatics/bty191', score: 0.9, source: 'semantic-scholar', sources: ['semantic-scholar'], reasons: [], sharedTerms: ['minimizer'], inBibliography: false, cited: false,
};
const LOCAL: WireRankedPaper = { ...REMOTE, id: 'bib:li2018', key: 'li2018', s2Id: undefined, source: 'library', sources: ['library'], inBibliography: true };

test('S2 papers survive a restart within the S2 cache age limit; library papers and stale or broken records do not', async () => {
  const storage = mkdtempSync(join(tmpdir(), 'related-memory-'));
  let now = 1_700_000_000_000;
  const clock = () => now;
  const first = new RankedPapers({ now: clock });
  await first.remember('file:///paper.tex', [REMOTE, LOCAL], storage);
  assert.equal(first.find('file:///paper.tex', LOCAL.id), LOCAL, 'in memory');
  assert.equal(readdirSync(join(storage, 'papers')).length, 1, 'only the S2 paper is written');

  now += S2_CACHE_MAX_AGE_MS - 1000;
  const restarted = new RankedPapers({ now: clock });
  assert.equal(restarted.find('file:///paper.tex', REMOTE.id), undefined, 'memory starts empty');
  assert.deepEqual(await restarted.recall('file:///other.tex', REMOTE.id, storage), REMOTE, 'found on disk, for any manuscript');
  assert.equal(await restarted.recall('file:///paper.tex', LOCAL.id, storage), undefined);
  assert.equal(await restarted.recall('file:///paper.tex', REMOTE.id), undefined, 'no storage folder: memory only');

  now += 2000;
  assert.equal(await new RankedPapers({ now: clock }).recall('file:///paper.tex', REMOTE.id, storage), undefined, 'older than the age limit');

  const [file] = readdirSync(join(storage, 'papers'));
  writeFileSync(join(storage, 'papers', file), '{"key": "paper s2:e5e5", "time": 1, "bo');
  now = 1_700_000_000_000;
  assert.equal(await new RankedPapers({ now: clock }).recall('file:///paper.tex', REMOTE.id, storage), undefined, 'a broken record is ignored');
});
