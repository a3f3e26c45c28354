// The throttle of download progress sent to the client, on a clock the test moves (its timers too):
// chunks within one tick are one report, byte counts go out once per 1% and per 250 ms (whichever is
// rarer), one held back by the interval goes out when it ends, and the start, a note (appearing,
// changing, going) and every byte in go out at once. Then a real download from the Hub stand-in on
// 127.0.0.1, every chunk through the throttle on a clock that does not move.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressThrottle, REPORT_INTERVAL_MS, type ThrottledProgress } from '../../extension/server/progress-throttle.ts';
import { resolveModel } from '../../extension/inference/store/resolve-model.ts';
import { startHubServer } from '../helpers/hub-server.ts';
import { TempDirs } from '../helpers/model-store-support.ts';

const dirs = new TempDirs();
after(() => dirs.removeAll());

interface Clocked {
  throttle: ProgressThrottle;
  /** What was sent, in order. */
  sent: ThrottledProgress[];
  /** Moves the clock, running the timers that fall due. */
  advance: (ms: number) => void;
  /** Timers waiting. */
  timers: () => number;
}

function clocked(options: { shown?: boolean } = {}): Clocked {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const sent: ThrottledProgress[] = [];
  const throttle = new ProgressThrottle((p) => sent.push(p), {
    now: () => now,
    schedule: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => { timers = timers.filter((t) => t !== timer); };
    },
    ...options,
  });
  const advance = (ms: number): void => {
    now += ms;
    for (const due of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((t) => t !== due);
      due.run();
    }
  };
  return { throttle, sent, advance, timers: () => timers.length };
}

test('chunks within one tick are one report; the last byte goes out at once, and once', () => {
  const { throttle, sent } = clocked();
  for (let i = 0; i < 1000; i++) throttle.report({ bytes: i * 1000, total: 1_000_000 });
  assert.deepEqual(sent.map((p) => p.bytes), [0], 'the first chunk only');
  throttle.report({ bytes: 1_000_000, total: 1_000_000 });
  throttle.report({ bytes: 1_000_000, total: 1_000_000 });
  assert.deepEqual(sent.map((p) => p.bytes), [0, 1_000_000]);
});

test('bytes go out once 250 ms have passed and 1% more arrived, whichever comes later', () => {
  const { throttle, sent, advance } = clocked();
  const total = 100_000;
  throttle.report({ bytes: 0, total });
  advance(REPORT_INTERVAL_MS);
  throttle.report({ bytes: 999, total });
  assert.equal(sent.length, 1, '250 ms, but less than 1%');
  throttle.report({ bytes: 1000, total });
  assert.equal(sent.length, 2, '250 ms and 1%');
  throttle.report({ bytes: 50_000, total });
  advance(REPORT_INTERVAL_MS - 1);
  throttle.report({ bytes: 60_000, total });
  assert.equal(sent.length, 2, 'more than 1%, but within 250 ms');
  advance(1);
  throttle.report({ bytes: 60_500, total });
  assert.deepEqual(sent.map((p) => p.bytes), [0, 1000, 60_000], 'held back until the interval ended, then the latest');
});

test('a count held back by the interval goes out when it ends, though no chunk comes after (a stall)', () => {
  const { throttle, sent, advance, timers } = clocked();
  throttle.report({ bytes: 0, total: 100_000 });
  throttle.report({ bytes: 40_000, total: 100_000 });
  assert.equal(sent.length, 1);
  advance(REPORT_INTERVAL_MS);
  assert.deepEqual(sent.map((p) => p.bytes), [0, 40_000]);
  throttle.report({ bytes: 40_500, total: 100_000 });
  assert.equal(timers(), 0, 'less than 1% more: nothing to send later');
  throttle.report({ bytes: 60_000, total: 100_000 });
  throttle.stop();
  advance(REPORT_INTERVAL_MS);
  assert.equal(sent.length, 2, 'a stopped download sends nothing more');
});

test('without a total, 250 ms alone; a note appearing, changing or going is said at once', () => {
  const { throttle, sent, advance } = clocked();
  throttle.report({ bytes: 10 });
  throttle.report({ bytes: 20 });
  assert.equal(sent.length, 1);
  advance(REPORT_INTERVAL_MS);
  assert.equal(sent.length, 2, 'the count held back');
  advance(REPORT_INTERVAL_MS);
  throttle.report({ bytes: 20 });
  assert.equal(sent.length, 2, 'nothing moved');
  throttle.report({ bytes: 20, note: 'waiting for another process' });
  throttle.report({ bytes: 20, note: 'waiting for another process' });
  throttle.report({ bytes: 20, note: 'the server answered 503; trying again in 1 s' });
  throttle.report({ bytes: 21 });
  assert.deepEqual(sent.slice(2).map((p) => p.note), ['waiting for another process', 'the server answered 503; trying again in 1 s', undefined]);
});

test('a client that shows the download already gets its first report at 1%', () => {
  const { throttle, sent } = clocked({ shown: true });
  throttle.report({ bytes: 0, total: 1000 });
  assert.equal(sent.length, 0);
  throttle.report({ bytes: 10, total: 1000 });
  assert.equal(sent.length, 1);
});

test('a real download in many chunks, within one tick: the first report and the last', async () => {
  const hub = await startHubServer();
  try {
    const { throttle, sent, timers } = clocked();
    let chunks = 0;
    await resolveModel({ repo: 'sciwrite-test/tiny-bert-ner' }, {
      endpoint: hub.endpoint, cacheDir: await dirs.make(), env: {},
      onProgress: (p) => {
        chunks++;
        throttle.report(p);
      },
    });
    assert.ok(chunks > 10, `${chunks} progress callbacks`);
    assert.deepEqual(sent.map((p) => p.bytes === p.total), [false, true], `sent at ${sent.map((p) => p.bytes).join(', ')} of ${chunks} callbacks`);
    assert.equal(timers(), 0, 'nothing left to send');
  } finally {
    await hub.close();
  }
});
