// Manuscript parse benchmark: the Wierstorf thesis chapters joined into one long LaTeX document
// (real markup, several thousand lines) and the donor-responses Quarto paper.
//   - full segmentation (prose, sentences, citations, offset map), steady state;
//   - keystroke → re-segmentation with DocumentSegmenter (only the edited paragraph is converted again),
//     p50/p95 over edits spread through the document;
//   - side by side, latex-utensils parsing the same LaTeX in one piece (the library baseline: an AST
//     only, no prose, no map), and the ratio.
// Run: `node --import tsx bench/manuscript.ts`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { latexParser } from 'latex-utensils';
import { DocumentSegmenter, segmentDocument, type ManuscriptLanguage } from '../extension/core/prose/segmenter.ts';

const corpus = fileURLToPath(new URL('../test/fixtures/corpus/', import.meta.url));

function texFilesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return texFilesUnder(path);
    return name.endsWith('.tex') ? [path] : [];
  });
}

function thesis(): string {
  const root = join(corpus, 'sfs-thesis-wierstorf');
  const chapters = readdirSync(root).filter((name) => /^\d\d_/.test(name)).sort();
  const body = chapters.flatMap((chapter) => texFilesUnder(join(root, chapter))).map((file) => readFileSync(file, 'utf8')).join('\n\n');
  return `\\documentclass{book}\n\\begin{document}\n${body}\n\\end{document}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function time(runs: number, f: () => void): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Edits one word in each of `count` paragraphs spread through the text, timing each update. */
function keystrokes(file: string, language: ManuscriptLanguage, text: string, count: number): { times: number[]; reconverted: number } {
  const segmenter = new DocumentSegmenter(file, language);
  segmenter.update(text);
  const paragraphStarts = [...text.matchAll(/\n\n(?=[A-Z])/g)].map((m) => (m.index ?? 0) + 2);
  const times: number[] = [];
  let reconverted = 0;
  let current = text;
  for (let i = 0; i < count; i++) {
    const at = paragraphStarts[Math.floor((i * paragraphStarts.length) / count)];
    current = `${current.slice(0, at)}X${current.slice(at)}`;
    const start = performance.now();
    const update = segmenter.update(current);
    times.push(performance.now() - start);
    reconverted += update.changed.length;
  }
  return { times, reconverted };
}

interface Row {
  document: string;
  lines: number;
  kilobytes: number;
  fullMs: number;
  baselineMs?: number;
  editP50: number;
  editP95: number;
  paragraphsPerEdit: number;
}

export function benchManuscripts(): Row[] {
  const rows: Row[] = [];
  const inputs: { name: string; file: string; language: ManuscriptLanguage; text: string; baseline?: () => void }[] = [
    { name: 'Wierstorf thesis (LaTeX, chapters joined)', file: 'thesis.tex', language: 'latex', text: thesis() },
    { name: 'donor-responses (Quarto)', file: 'index.qmd', language: 'quarto', text: readFileSync(join(corpus, 'donor-responses/index.qmd'), 'utf8') },
  ];
  inputs[0].baseline = () => { latexParser.parse(inputs[0].text); };
  for (const input of inputs) {
    const fullMs = time(3, () => { segmentDocument({ file: input.file, text: input.text, languageId: input.language }); });
    const baselineMs = input.baseline ? time(3, input.baseline) : undefined;
    const edits = keystrokes(input.file, input.language, input.text, 40);
    rows.push({
      document: input.name,
      lines: input.text.split('\n').length,
      kilobytes: Math.round(input.text.length / 1024),
      fullMs,
      baselineMs,
      editP50: median(edits.times),
      editP95: percentile(edits.times, 0.95),
      paragraphsPerEdit: edits.reconverted / edits.times.length,
    });
  }
  return rows;
}

function print(rows: Row[]): void {
  const f = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(1));
  console.log('| document | lines | KB | full segmentation ms | latex-utensils parse ms (baseline) | ratio | edit → re-segmented p50 ms | p95 ms | paragraphs re-converted per edit |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.baselineMs ? `${(r.fullMs / r.baselineMs).toFixed(2)}×` : '—';
    console.log(`| ${r.document} | ${r.lines} | ${r.kilobytes} | ${f(r.fullMs)} | ${f(r.baselineMs)} | ${ratio} | ${f(r.editP50)} | ${f(r.editP95)} | ${r.paragraphsPerEdit.toFixed(1)} |`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) print(benchManuscripts());
