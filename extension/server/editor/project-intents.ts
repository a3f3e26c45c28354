// The citation intents of each project, computed once and reused by every hover, the intents view
// and the intents published with a pass. Per file, keyed by the file's segmentation (a new one when
// its text or the project's render key changes) and the models: a chapter that changed is read and
// classified again alone, its unchanged sentences coming from the IntentAnalyzer's cache. Per project,
// the reference summaries ("cited 4×: 3 background, 1 method") are the files' own, merged in the
// project's order. A hover never waits for the classification of a big project: it asks with
// `summary(…, 'if small')` and says the counts are still being computed while they are. A project's
// summaries are kept while one of its files is open (`keepOpen`).
import { citationSentencesYielding, IntentAnalyzer, referenceSummaries, type CitationIntentRecord, type IntentModels, type IntentSegment, type ReferenceSummary } from '../../analysis/editor/index.ts';
import { yieldToLoop } from '../../analysis/editor/scheduler.ts';
import type { CitationOccurrence } from '../../core/types.ts';

/** What the intents read of a manuscript (a FileAnalysis is one). */
export interface IntentFile {
  file: string;
  segments: readonly IntentSegment[];
  text?: string;
  /** Every citation occurrence of the file, also in tables and figure bodies (what "Cited N×" counts). */
  citations: readonly Pick<CitationOccurrence, 'keys'>[];
}

export interface FileIntents {
  records: CitationIntentRecord[];
  /** How the file cites each reference, by lower-cased key. */
  summaries: ReadonlyMap<string, ReferenceSummary>;
}

export interface ProjectIntentSummary {
  /** How the project cites each reference, by lower-cased key; undefined while still being computed. */
  summaries?: ReadonlyMap<string, ReferenceSummary>;
  /** Every occurrence of each key (lower-cased) in the project's files, as `referencesOf` counts them. */
  occurrences: ReadonlyMap<string, number>;
}

interface Computation {
  /** The callers waiting, each with its own `isCurrent`: the computation stops when none is current. */
  waiters: Set<{ isCurrent: () => boolean }>;
  promise: Promise<FileIntents | undefined>;
}

interface FileEntry {
  done?: FileIntents;
  running?: Computation;
}

interface ProjectJob {
  /** The project's files (paths), root first. */
  paths: readonly string[];
  segments: readonly (readonly IntentSegment[])[];
  models: string;
  superseded: boolean;
  done?: ReadonlyMap<string, ReferenceSummary>;
  promise: Promise<ReadonlyMap<string, ReferenceSummary> | undefined>;
}

/** How many citations of not yet computed files a hover computes before answering (a chapter or two); more are computed in the background. */
export const INLINE_INTENT_CITATIONS = 2000;

/** The reference summaries of several files as one, in the files' order (what `referenceSummaries` gives over all their records). */
export function mergeSummaries(parts: readonly ReadonlyMap<string, ReferenceSummary>[]): Map<string, ReferenceSummary> {
  const out = new Map<string, ReferenceSummary>();
  for (const part of parts) {
    for (const [key, s] of part) {
      const into = out.get(key);
      if (!into) {
        out.set(key, { ...s, scicite: { ...s.scicite }, aclarc: { ...s.aclarc } });
        continue;
      }
      into.count += s.count;
      into.read += s.read;
      for (const task of ['scicite', 'aclarc'] as const) {
        for (const [label, n] of Object.entries(s[task])) into[task][label] = (into[task][label] ?? 0) + n;
      }
    }
  }
  return out;
}

/** A copy of a citation record without its labels. */
function unlabelled({ scicite: _scicite, aclarc: _aclarc, ...record }: CitationIntentRecord): CitationIntentRecord {
  return record;
}

export class ProjectIntents {
  /** How many times a file's citation sentences were built and labelled (for tests and benchmarks). */
  filesRead = 0;
  private readonly files = new WeakMap<readonly IntentSegment[], Map<string, FileEntry>>();
  /**
   * Each segmentation's citation sentences, unlabelled, until a computation of the file's intents
   * takes them (`taken`: a second one, for other models, labels copies).
   */
  private readonly sentences = new WeakMap<readonly IntentSegment[], { built: Promise<CitationIntentRecord[] | undefined>; taken: boolean }>();
  private readonly occurrenceCounts = new WeakMap<IntentFile['citations'], Map<string, number>>();
  private readonly projects = new Map<string, ProjectJob>();
  private readonly modelIds = new WeakMap<object, number>();
  private nextModelId = 1;

  constructor(readonly analyzer: IntentAnalyzer = new IntentAnalyzer(), private readonly inlineLimit = INLINE_INTENT_CITATIONS) {}

  private modelsKey(models: IntentModels): string {
    const id = (m: object | undefined) => {
      if (!m) return 0;
      let n = this.modelIds.get(m);
      if (n === undefined) this.modelIds.set(m, (n = this.nextModelId++));
      return n;
    };
    return `${id(models.scicite)}/${id(models.aclarc)}`;
  }

  private entry(file: IntentFile, models: string): FileEntry {
    let byModels = this.files.get(file.segments);
    if (!byModels) this.files.set(file.segments, (byModels = new Map()));
    let entry = byModels.get(models);
    if (!entry) byModels.set(models, (entry = {}));
    return entry;
  }

  /** Whether a file's intents are computed for these models. */
  has(file: IntentFile, models: IntentModels): boolean {
    return this.files.get(file.segments)?.get(this.modelsKey(models))?.done !== undefined;
  }

  /**
   * The intents of one file's citations, computed once per segmentation and models; callers asking
   * while it runs share the computation, which stops when none of them is current any more.
   */
  async file(file: IntentFile, models: IntentModels, isCurrent: () => boolean = () => true): Promise<FileIntents | undefined> {
    const entry = this.entry(file, this.modelsKey(models));
    for (;;) {
      if (entry.done) return entry.done;
      if (!isCurrent()) return undefined;
      let run = entry.running;
      if (!run) {
        const waiters = new Set<{ isCurrent: () => boolean }>();
        const started: Computation = { waiters, promise: Promise.resolve(undefined) };
        started.promise = this.read(file, models, () => [...waiters].some((w) => w.isCurrent())).then((done) => {
          if (done) entry.done = done;
          return done;
        }).finally(() => {
          if (entry.running === started) entry.running = undefined;
        });
        entry.running = run = started;
      }
      const waiter = { isCurrent };
      run.waiters.add(waiter);
      try {
        const done = await run.promise;
        if (done) return done;
      } finally {
        run.waiters.delete(waiter);
      }
    }
  }

  /** A file's citation sentences, built once per segmentation (a slice at a time). */
  private sentenceRecords(file: IntentFile): { built: Promise<CitationIntentRecord[] | undefined>; taken: boolean } {
    let slot = this.sentences.get(file.segments);
    if (!slot) {
      this.filesRead++;
      const built = citationSentencesYielding(file.file, file.segments, file.text, () => true);
      slot = { built, taken: false };
      this.sentences.set(file.segments, slot);
      built.catch(() => this.sentences.delete(file.segments));
    }
    return slot;
  }

  private async read(file: IntentFile, models: IntentModels, isCurrent: () => boolean): Promise<FileIntents | undefined> {
    const slot = this.sentenceRecords(file);
    const built = await slot.built;
    if (!built || !isCurrent()) return undefined;
    // the first computation labels the records themselves, another (other models) copies
    const own = !slot.taken;
    slot.taken = true;
    const records = await this.analyzer.label(own ? built : built.map(unlabelled), models, isCurrent);
    if (!records) return undefined;
    // summarised a slice at a time, as the records were built
    const parts: Map<string, ReferenceSummary>[] = [];
    for (let k = 0; k < records.length; k += 5000) {
      if (k > 0) await yieldToLoop();
      if (!isCurrent()) return undefined;
      parts.push(referenceSummaries(records.slice(k, k + 5000)));
    }
    return { records, summaries: parts.length === 1 ? parts[0] : mergeSummaries(parts) };
  }

  /**
   * The intent record of the citation that starts at `start` in a file. A file with few citations is
   * computed whole; a big one's single citation is labelled alone while the whole file is computed in
   * the background (a slow model then answers the hover with one sentence, not thousands).
   */
  async citation(file: IntentFile, start: number, models: IntentModels): Promise<CitationIntentRecord | undefined> {
    const find = (records: readonly CitationIntentRecord[]) => records.find((r) => r.span.start === start);
    const entry = this.entry(file, this.modelsKey(models));
    if (entry.done || file.citations.length <= this.inlineLimit) return find((await this.file(file, models))?.records ?? []);
    void this.file(file, models).catch(() => undefined);
    const record = find((await this.sentenceRecords(file).built) ?? []);
    if (!record) return undefined;
    return (await this.analyzer.label([unlabelled(record)], models))?.[0];
  }

  /** Each key's occurrences in a file (lower-cased), counted once per segmentation. */
  private occurrences(file: IntentFile): Map<string, number> {
    let counts = this.occurrenceCounts.get(file.citations);
    if (!counts) {
      counts = new Map();
      for (const occurrence of file.citations) {
        for (const cited of occurrence.keys) {
          const lower = cited.key.toLowerCase();
          counts.set(lower, (counts.get(lower) ?? 0) + 1);
        }
      }
      this.occurrenceCounts.set(file.citations, counts);
    }
    return counts;
  }

  /**
   * How the project's files (root first) cite each reference. `wait`: 'always' waits for every file;
   * 'if small' waits only when the files not computed yet hold few citations, and otherwise answers
   * at once without summaries while they are computed in the background.
   */
  async summary(root: string, files: readonly IntentFile[], models: IntentModels, wait: 'always' | 'if small'): Promise<ProjectIntentSummary> {
    const occurrences = new Map<string, number>();
    for (const f of files) for (const [key, n] of this.occurrences(f)) occurrences.set(key, (occurrences.get(key) ?? 0) + n);
    const job = this.job(root, files, models);
    if (job.done) return { summaries: job.done, occurrences };
    if (wait === 'if small') {
      const pending = files.reduce((n, f) => n + (this.has(f, models) ? 0 : f.citations.length), 0);
      if (pending > this.inlineLimit) return { occurrences };
    }
    const done = await job.promise;
    if (done) return { summaries: done, occurrences };
    // superseded by a newer state of the project while it ran: these files' summaries for this caller alone
    const parts: ReadonlyMap<string, ReferenceSummary>[] = [];
    for (const f of files) parts.push((await this.file(f, models))!.summaries);
    return { summaries: mergeSummaries(parts), occurrences };
  }

  /**
   * Forgets the summaries of the projects none of whose files is open (`open`: the open manuscripts'
   * paths), and stops their computations; the files' own intents go with their segmentations.
   */
  keepOpen(open: ReadonlySet<string>): void {
    for (const [root, job] of this.projects) {
      if (job.paths.some((path) => open.has(path))) continue;
      job.superseded = true;
      this.projects.delete(root);
    }
  }

  /** The roots of the projects whose summaries are kept. */
  roots(): string[] {
    return [...this.projects.keys()];
  }

  /** The computation of a project's summaries for these files and models, started once. */
  private job(root: string, files: readonly IntentFile[], models: IntentModels): ProjectJob {
    const key = this.modelsKey(models);
    const segments = files.map((f) => f.segments);
    const known = this.projects.get(root);
    if (known && known.models === key && known.segments.length === segments.length && known.segments.every((s, i) => s === segments[i])) return known;
    if (known) known.superseded = true;
    const job: ProjectJob = { paths: files.map((f) => f.file), segments, models: key, superseded: false, promise: Promise.resolve(undefined) };
    const isCurrent = () => !job.superseded;
    job.promise = (async () => {
      const parts: ReadonlyMap<string, ReferenceSummary>[] = [];
      for (const f of files) {
        const done = await this.file(f, models, isCurrent);
        if (!done) return undefined;
        parts.push(done.summaries);
      }
      job.done = mergeSummaries(parts);
      return job.done;
    })();
    // a failure (a model that throws) is the caller's; the next question starts afresh
    job.promise.catch(() => {
      if (this.projects.get(root) === job) this.projects.delete(root);
    });
    this.projects.set(root, job);
    return job;
  }
}
