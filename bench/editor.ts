// `node --import tsx bench/editor.ts`: how the editor feels on a 10,000-word LaTeX manuscript.
// Through the same code the server runs (workspace → incremental segmentation → entity scheduler →
// composition on the source), in process, without JSON-RPC:
//   - time to the first screen's highlights after open (target < 300 ms) and to the whole document (< 3 s);
//   - keystroke → refreshed highlights of the edited paragraph, p50/p95 over 60 edits (target p95 < 150 ms),
//     shown without and with the server's 30 ms coalescing delay;
// for the built-in tagger and for a SciBERT-sized int8 model with random weights (what Hub-model users feel).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createWorkspace } from '../extension/analysis/index.ts';
import { composeEntities, EntityScheduler, loadEntityTagger, type EntityTagger } from '../extension/analysis/editor/index.ts';
import { readNer } from '../extension/core/eval/readers.ts';
import { writeSafetensors } from '../extension/inference/checkpoint/safetensors-write.ts';
import { configJson, randomBertStateDict, scibertShape } from './inference-random.ts';

const shared = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
const SERVER_DELAY_MS = 30;

function sentences(): string[] {
  const files = ['ner/BC5CDR/devel.tsv', 'ner/sciie/dev.conll'].map((f) => join(shared, f)).filter((f) => existsSync(f));
  const detok = (t: string[]) => t.join(' ').replace(/ ([.,;:)\]])/g, '$1').replace(/([([]) /g, '$1');
  if (files.length > 0) return files.flatMap((f) => readNer(readFileSync(f, 'utf8')).map((s) => detok(s.tokens)));
  return ['Mouse thymus was used as a source of glucocorticoid receptor from normal lymphocytes.', 'Naloxone reverses the antihypertensive effect of clonidine in rats.'];
}

/** A LaTeX manuscript of about `words` words: paragraphs of five sentences, some emphasis, a citation every other paragraph. */
function manuscript(words: number): string {
  const all = sentences();
  const paragraphs: string[] = [];
  let count = 0;
  let i = 0;
  while (count < words) {
    const para: string[] = [];
    for (let k = 0; k < 5; k++, i++) {
      const s = all[i % all.length];
      count += s.split(/\s+/).length;
      para.push(s);
    }
    let text = para.join(' ');
    text = text.replace(/\b([a-z]{6,})\b/, '\\emph{$1}');
    if (paragraphs.length % 2 === 0) text = text.replace(/\.$/, ` \\citep{ref${paragraphs.length % 40}}.`);
    paragraphs.push(text.replace(/(.{70,90}?) /g, '$1\n'));
  }
  return `\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\n\n${paragraphs.join('\n\n')}\n\n\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n`;
}

function bib(): string {
  return Array.from({ length: 40 }, (_, i) => `@article{ref${i}, author = {Author${i}, A. and Other, B.}, title = {Paper ${i}}, journal = {J}, year = {${2000 + i}}}\n`).join('');
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function scenario(name: string, tagger: EntityTagger, dir: string, text: string): Promise<void> {
  const path = join(dir, 'paper.tex');
  const options = { extraBibliographies: [], extraCitationCommands: [], skipCommands: [], skipEnvironments: [], workspaceFolder: dir };
  const workspace = createWorkspace();
  const scheduler = new EntityScheduler();
  const firstScreenEnd = text.split('\n').slice(0, 50).join('\n').length;

  const t0 = performance.now();
  workspace.setDocument(path, text, 'latex');
  let analysis = (await (await workspace.project(path, options)).file(path))!;
  let first = -1;
  let entities = 0;
  await scheduler.run(path, analysis.segments, tagger, {
    visible: [{ start: 0, end: firstScreenEnd }],
    isCurrent: () => true,
    report: (p) => {
      const e = composeEntities(analysis.segments, analysis.text, p.tagged);
      if (first < 0) first = performance.now() - t0;
      entities = e.length;
    },
  });
  const whole = performance.now() - t0;

  const times: number[] = [];
  let current = text;
  const body = analysis.segments.filter((s) => s.prose.text.length > 200);
  for (let k = 0; k < 60; k++) {
    const seg = body[(k * 7) % body.length];
    // type one character inside a word of that paragraph
    const at = current.indexOf(' ', seg.span.start + Math.floor((seg.span.end - seg.span.start) / 2));
    current = `${current.slice(0, at)}s${current.slice(at)}`;
    const t = performance.now();
    workspace.setDocument(path, current, 'latex');
    analysis = (await (await workspace.project(path, options)).file(path))!;
    const edited = analysis.segments.filter((s) => s.span.start <= at && at < s.span.end);
    await scheduler.run(path, analysis.segments, tagger, {
      visible: edited.map((s) => s.span),
      isCurrent: () => true,
      report: (p) => void composeEntities(analysis.segments, analysis.text, p.tagged),
    });
    times.push(performance.now() - t);
  }
  const words = text.split(/\s+/).length;
  console.log(`| ${name} | ${words} | ${entities} | ${first.toFixed(0)} | ${whole.toFixed(0)} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${(percentile(times, 95) + SERVER_DELAY_MS).toFixed(1)} |`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sciwrite-bench-editor-'));
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  try {
    const text = manuscript(10_000);
    writeFileSync(join(dir, 'paper.tex'), text);
    writeFileSync(join(dir, 'refs.bib'), bib());
    console.log('# Editor: entity highlights on a 10,000-word LaTeX manuscript (in process, same code path as the server)\n');
    console.log('targets: first screen < 300 ms, whole document < 3000 ms, keystroke → highlights p95 < 150 ms\n');
    console.log('| model | words | entities | first screen ms | whole document ms | keystroke p50 ms | keystroke p95 ms | p95 + 30 ms server delay |');
    console.log('|---|---|---|---|---|---|---|---|');
    const models: [string, () => Promise<EntityTagger>][] = [];
    if (existsSync(fileURLToPath(new URL('../models/tagger/tagger.onnx', import.meta.url)))) models.push(['built-in tagger', () => loadEntityTagger('builtin')]);
    else console.log('| built-in tagger | – | models/tagger/tagger.onnx not shipped yet | | | | | |');
    models.push(['SciBERT-sized int8 (random weights)', async () => {
      const folder = join(dir, 'scibert-random');
      mkdirSync(folder);
      const labels = ['O', 'B-Chemical', 'I-Chemical', 'B-Disease', 'I-Disease', 'B-protein', 'I-protein'];
      const cfg = { ...scibertShape(labels.length), labels };
      writeFileSync(join(folder, 'config.json'), configJson(cfg));
      writeFileSync(join(folder, 'model.safetensors'), writeSafetensors(randomBertStateDict(cfg).values()));
      // a 31,090-token cased WordPiece vocabulary with SciBERT's coverage of this text: special tokens,
      // characters and continuation characters, then the manuscript's words by frequency
      const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
      const chars = [...new Set(text)].filter((c) => !/\s/.test(c));
      vocab.push(...chars, ...chars.map((c) => `##${c}`));
      const freq = new Map<string, number>();
      for (const w of text.match(/[\p{L}\p{N}]+/gu) ?? []) freq.set(w, (freq.get(w) ?? 0) + 1);
      const have = new Set(vocab);
      for (const [w] of [...freq].sort((a, b) => b[1] - a[1])) if (!have.has(w) && vocab.length < cfg.vocabSize) vocab.push(w);
      while (vocab.length < cfg.vocabSize) vocab.push(`[unused${vocab.length}]`);
      writeFileSync(join(folder, 'vocab.txt'), `${vocab.join('\n')}\n`);
      writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: false }));
      return loadEntityTagger(folder, { quantization: 'int8' });
    }]);
    for (const [name, load] of models) {
      const t = performance.now();
      const tagger = await load();
      const loadMs = performance.now() - t;
      await scenario(name, tagger, dir, text);
      console.log(`|   (load ${(loadMs / 1000).toFixed(1)} s, not counted above) | | | | | | | |`);
      await tagger.release();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
