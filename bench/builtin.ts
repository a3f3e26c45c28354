// `node --import tsx bench/builtin.ts`: speed of the built-in models on this machine.
// Tagging a 10,000-word manuscript (target < 2 s) and classifying 300 citation contexts (target < 1 s),
// each with both intent models. Text comes from the dev splits in ../shared/datasets (BC5CDR and SciERC
// abstracts, SciCite contexts) when present, else from the built-in models' golden files repeated.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { findModelsDir } from '../extension/core/taxonomy/models-dir.ts';
import { readIntentJsonl, readNer } from '../extension/core/eval/readers.ts';
import { loadBuiltinTagger } from '../extension/inference/builtin/tagger.ts';
import { loadBuiltinIntentClassifier } from '../extension/inference/builtin/intent.ts';

const shared = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));

function detokenise(tokens: string[]): string {
  return tokens.join(' ').replace(/ ([.,;:)\]])/g, '$1').replace(/([([]) /g, '$1');
}

function manuscript(words: number): string {
  const paragraphs: string[] = [];
  let count = 0;
  const sources = ['ner/BC5CDR/devel.tsv', 'ner/sciie/dev.conll'].map((f) => join(shared, f)).filter((f) => existsSync(f));
  const sentences = sources.length > 0
    ? sources.flatMap((f) => readNer(readFileSync(f, 'utf8')).map((s) => detokenise(s.tokens)))
    : (JSON.parse(readFileSync(join(findModelsDir(), 'tagger', 'golden.json'), 'utf8')) as { text: string }[]).map((g) => g.text);
  for (let i = 0; count < words; i++) {
    const s = sentences[i % sentences.length];
    paragraphs.push(s);
    count += s.split(/\s+/).length;
  }
  return paragraphs.join(' ');
}

function contexts(n: number): string[] {
  const f = join(shared, 'citation-intent/sci-cite/dev.jsonl');
  const texts = existsSync(f)
    ? readIntentJsonl(readFileSync(f, 'utf8')).map((r) => r.text)
    : (JSON.parse(readFileSync(join(findModelsDir(), 'intent', 'scicite', 'golden.json'), 'utf8')) as { text: string }[]).map((g) => g.text);
  return Array.from({ length: n }, (_, i) => texts[i % texts.length]);
}

async function timeIt(label: string, runs: number, f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label}: median ${(median / 1000).toFixed(3)} s (min ${(times[0] / 1000).toFixed(3)} s, ${runs} runs)`);
  return median;
}

export async function benchBuiltin(): Promise<void> {
  const text = manuscript(10_000);
  const t0 = performance.now();
  const tagger = await loadBuiltinTagger();
  console.log(`builtin tagger loaded in ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  let found = 0;
  await timeIt(`tag a ${text.split(/\s+/).length}-word manuscript (target < 2 s)`, 3, async () => {
    found = (await tagger.tag(text)).length;
  });
  console.log(`  ${found} entities`);
  const ctx = contexts(300);
  for (const task of ['scicite', 'aclarc'] as const) {
    const clf = await loadBuiltinIntentClassifier(task);
    await timeIt(`classify 300 citation contexts, ${task} (target < 1 s)`, 5, () => clf.classify(ctx));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchBuiltin();
