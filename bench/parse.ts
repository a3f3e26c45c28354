// Bibliography parse benchmark: builds a large .bib from the corpus papers' real entries (keys made
// unique), then times
//   - the whole parse on the main thread (what a worker would otherwise spare the server),
//   - the same parse on the BibTeX worker thread, with the main thread's longest event-loop stall
//     while it runs (the figure that says whether the language server freezes),
//   - a re-parse after one entry changed (the worker reuses the unchanged entries),
//   - a cache hit (hash of the unchanged text),
//   - @retorquere/bibtex-parser on a 1 MB slice, for comparison.
// Run: `node --import tsx bench/parse.ts [--mb 50] [--skip-main] [--skip-retorquere]`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BibCache, contentKey } from '../extension/core/bib/cache.ts';
import { BibWorker } from '../extension/core/bib/off-thread.ts';
import { parseBibTeX } from '../extension/core/bib/parse-bibtex.ts';

export interface BenchRow {
  name: string;
  megabytes: number;
  entries: number;
  ms: number;
  /** Longest main-thread stall while it ran (off-thread rows). */
  longestStallMs?: number;
  note?: string;
}

const corpus = fileURLToPath(new URL('../test/fixtures/corpus/', import.meta.url));
const SOURCES = [
  'sfs-thesis-wierstorf/long.bib',
  'camkii-subunit-exchange/bibliography.bib',
  'donor-responses/references.bib',
  'minimap2/minimap2.bib',
  'optifit/references.bib',
  'scipy-1.0/references.bib',
  'sfs-thesis-wierstorf/wierstorf2014-perceptual_assessment_of_sound_field_synthesis.bib',
];

/** About `megabytes` of real-world BibTeX: the corpus files repeated with keys suffixed per round. */
export function makeLargeBib(megabytes: number): string {
  const texts = SOURCES.map((s) => readFileSync(join(corpus, s), 'utf8'));
  const parts: string[] = [texts[0]];
  let size = texts[0].length;
  const target = megabytes * 1024 * 1024;
  for (let round = 0; size < target; round++) {
    for (const text of texts.slice(1)) {
      const renamed = text.replace(/^(\s*@(?!string)[A-Za-z]+\s*\{\s*)([^,\s]+)/gim, (_m, head: string, key: string) => `${head}${key}-r${round}`);
      parts.push(renamed);
      size += renamed.length;
      if (size >= target) break;
    }
  }
  return parts.join('\n');
}

/** Measures the longest gap between timer ticks while `work` runs: the main thread's worst stall. */
async function withStallMeter<T>(work: () => Promise<T>): Promise<{ result: T; longestStallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    longest = Math.max(longest, performance.now() - last);
    return { result, longestStallMs: longest };
  } finally {
    clearInterval(timer);
  }
}

export async function benchParse(options: { megabytes?: number; main?: boolean; retorquere?: boolean } = {}): Promise<BenchRow[]> {
  const megabytes = options.megabytes ?? 50;
  const text = makeLargeBib(megabytes);
  const mb = text.length / (1024 * 1024);
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-bench-'));
  const file = join(dir, 'large.bib');
  writeFileSync(file, text);
  const worker = new BibWorker();
  try {
    // Warm the worker (thread start, module load) on a small file first.
    await worker.parse(join(corpus, SOURCES[5]), undefined);

    const fromDisk = await withStallMeter(() => worker.parse(file, undefined));
    rows.push({
      name: 'worker, file read by the worker', megabytes: mb, entries: fromDisk.result.entries.length,
      ms: fromDisk.result.timing.parseMs, longestStallMs: fromDisk.longestStallMs, note: 'parse time inside the worker',
    });
    // The same file after one entry changed: the worker's memo reuses every other entry.
    const editAt = text.indexOf('title', text.length >> 1);
    const edited = `${text.slice(0, editAt)}note = {edited},\n  ${text.slice(editAt)}`;
    const te = performance.now();
    const incremental = await withStallMeter(() => worker.parse(file, edited));
    rows.push({
      name: 'worker, re-parse after editing one entry', megabytes: mb, entries: incremental.result.entries.length,
      ms: performance.now() - te, longestStallMs: incremental.longestStallMs,
      note: `wall time; ${incremental.result.timing.reused} entries reused, parse ${incremental.result.timing.parseMs.toFixed(0)} ms`,
    });

    const t0 = performance.now();
    const withText = await withStallMeter(() => worker.parse(`${file}.copy`, text));
    rows.push({
      name: 'worker, text sent from main thread', megabytes: mb, entries: withText.result.entries.length,
      ms: performance.now() - t0, longestStallMs: withText.longestStallMs, note: 'wall time incl. transfer and batched replies',
    });

    // The same meter over an idle main thread for as long: on a shared machine the OS alone causes stalls.
    const idle = await withStallMeter(() => new Promise<void>((resolve) => setTimeout(resolve, Math.min(fromDisk.result.timing.parseMs, 20_000))));
    rows.push({ name: 'idle main thread (noise floor of the stall meter)', megabytes: 0, entries: 0, ms: 0, longestStallMs: idle.longestStallMs });

    const cache = new BibCache();
    cache.set(file, contentKey(text), withText.result);
    const t1 = performance.now();
    const hit = cache.get(file, contentKey(text));
    rows.push({ name: 'cache hit (sha1 of the text)', megabytes: mb, entries: hit?.entries.length ?? 0, ms: performance.now() - t1 });

    if (options.main !== false) {
      const t2 = performance.now();
      const onMain = parseBibTeX(file, text);
      rows.push({ name: 'main thread, whole parse', megabytes: mb, entries: onMain.entries.length, ms: performance.now() - t2, note: 'blocks for all of it' });
    }

    if (options.retorquere !== false) {
      const slice = text.slice(0, text.indexOf('\n@', 1024 * 1024));
      const { parse } = await import('@retorquere/bibtex-parser');
      const t3 = performance.now();
      let entries = 0;
      try {
        entries = parse(slice, { sentenceCase: false }).entries.length;
      } catch {
        entries = -1;
      }
      const ms = performance.now() - t3;
      rows.push({ name: '@retorquere/bibtex-parser (comparison)', megabytes: slice.length / (1024 * 1024), entries, ms });
      const t4 = performance.now();
      const ours = parseBibTeX('slice.bib', slice);
      rows.push({ name: 'ours on the same slice', megabytes: slice.length / (1024 * 1024), entries: ours.entries.length, ms: performance.now() - t4 });
    }
  } finally {
    await worker.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function formatRows(rows: BenchRow[]): string {
  const header = '| case | MB | entries | ms | s/MB | longest main-thread stall (ms) | note |\n|---|---:|---:|---:|---:|---:|---|';
  const lines = rows.map((r) => `| ${r.name} | ${r.megabytes.toFixed(1)} | ${r.entries} | ${r.ms.toFixed(0)} | ${r.megabytes > 0 ? (r.ms / 1000 / r.megabytes).toFixed(3) : ''} | ${r.longestStallMs === undefined ? '' : r.longestStallMs.toFixed(0)} | ${r.note ?? ''} |`);
  return [header, ...lines].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const mbArg = args.indexOf('--mb');
  const megabytes = mbArg >= 0 ? Number(args[mbArg + 1]) : 50;
  const rows = await benchParse({ megabytes, main: !args.includes('--skip-main'), retorquere: !args.includes('--skip-retorquere') });
  console.log(`BibTeX parse benchmark (${megabytes} MB generated from the corpus .bib files)`);
  console.log(formatRows(rows));
  const row = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
  const theirs = row('@retorquere');
  const ours = row('ours on the same slice');
  if (theirs && ours && ours.ms > 0) console.log(`\nratio, @retorquere/bibtex-parser / ours on the same slice: ${(theirs.ms / ours.ms).toFixed(1)}×`);
  const main = row('main thread, whole parse');
  const worker = row('worker, file read');
  if (main && worker?.longestStallMs) {
    console.log(`ratio, main-thread blocking of a whole parse / longest stall with the worker: ${(main.ms / worker.longestStallMs).toFixed(0)}× (${main.ms.toFixed(0)} ms vs ${worker.longestStallMs.toFixed(0)} ms)`);
  }
  const again = row('worker, re-parse');
  if (again && worker) console.log(`ratio, cold worker parse / re-parse after one edit (wall): ${(worker.ms / again.ms).toFixed(1)}×`);
}
