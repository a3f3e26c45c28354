// The manuscript model's entry point: a document (LaTeX, Markdown, R Markdown, Quarto) → prose
// segments with sentences and rendered citations, plus every citation occurrence and the problems
// found. DocumentSegmenter caches each paragraph's conversion by its text so that an edit re-segments
// only the paragraphs it touched.
import type { CitationOccurrence, CitationRenderer, ProseSegment, SourceProblem, Span } from '../types.ts';
import { createFallbackRenderer } from '../citations/fallback.ts';
import { citationContext, isCitationCommand } from '../latex/citations.ts';
import { DEFAULT_COMMANDS, DEFAULT_ENVIRONMENTS, type CommandSpec, type EnvironmentSpec } from '../latex/commands.ts';
import { latexBodyRange, splitLatexParagraphs } from '../latex/paragraphs.ts';
import { environmentBalance, type EnvironmentProblem } from '../latex/environment-balance.ts';
import { convertLatexParagraph, type LatexConvertContext } from '../latex/prose.ts';
import { trackAcronymUses, type AcronymDefinition, type AcronymForms } from '../latex/acronyms.ts';
import { findLatexCitations } from '../latex/citations.ts';
import { forEachCommand, readMandatory, readOptional } from '../latex/scan.ts';
import { inferReferenceMacros } from '../latex/reference-macros.ts';
import { scanLatexStructure, type CitationMacro, type UserCommand } from '../latex/structure.ts';
import { splitMarkdownChunks } from '../markdown/chunks.ts';
import { convertMarkdownChunk } from '../markdown/prose.ts';
import { sentenceIndexAt, splitSentences } from './sentences.ts';
import type { ConvertedParagraph, SegmentRole } from './types.ts';

export type ManuscriptLanguage = 'latex' | 'markdown' | 'rmd' | 'quarto';

export interface SegmentInput {
  file: string;
  text: string;
  languageId: ManuscriptLanguage;
}

export interface SegmentOptions {
  /** Renders citations as the paper prints them; default: numeric "[n]" in order of first citation. */
  renderCitation?: CitationRenderer;
  /** User macros whose uses are citations (from scanLatexStructure over the whole project). */
  citationMacros?: readonly (Pick<CitationMacro, 'name' | 'form'> & Partial<CitationMacro>)[];
  /** User macros with a derived prose reading (from scanLatexStructure over the project). */
  userCommands?: readonly UserCommand[];
  /** Acronyms the project declares (acronym, acro, glossaries), from every file; the document's own are added. */
  acronyms?: readonly AcronymDefinition[];
  /** Extra \cite-like command names (setting), without backslash. */
  extraCitationCommands?: readonly string[];
  /**
   * Commands to skip or replace, LTeX-style: keys are a command with its signature (`\\foo[]{}{}`),
   * values `ignore` (drop it and its arguments), `dummy` (a placeholder word) or `keep` (keep the
   * last argument's text). A plain list of names means `ignore` with signature `*[{`.
   */
  skipCommands?: Record<string, 'ignore' | 'dummy' | 'keep'> | readonly string[];
  /** Environments to drop entirely (names), or LTeX-style `{ name: 'ignore' | 'default' }`. */
  skipEnvironments?: Record<string, 'ignore' | 'default'> | readonly string[];
}

export interface SegmentedSegment extends ProseSegment {
  /** What the segment is in the document: body paragraph, title, footnote, caption or abstract. */
  role: SegmentRole;
}

export interface SegmentedDocument {
  segments: SegmentedSegment[];
  citations: CitationOccurrence[];
  problems: SourceProblem[];
}

export interface SegmenterUpdate extends SegmentedDocument {
  /** Source spans (in the new text) of the paragraphs that were converted anew; the rest came from the cache. */
  changed: Span[];
  /** Number of paragraphs reused from the cache. */
  reused: number;
}

/** Parses an LTeX-style command signature key (`\\foo*[]{}{}`) into a name and our signature string. */
export function parseCommandSignature(key: string): { name: string; signature: string } | undefined {
  const m = /^\\?([A-Za-z@]+|.)(.*)$/.exec(key.trim());
  if (!m) return undefined;
  const sig = (m[2].match(/\*|\[\]|\{\}|\(\)/g) ?? []).map((p) => p[0]).join('');
  return { name: m[1], signature: sig };
}

function buildTables(options: SegmentOptions): { commands: Map<string, CommandSpec>; environments: Map<string, EnvironmentSpec> } {
  const commands = new Map(DEFAULT_COMMANDS);
  const skip = options.skipCommands;
  if (Array.isArray(skip)) {
    for (const n of skip) commands.set(n.replace(/^\\/, ''), { signature: '*[{', action: { kind: 'skip' } });
  } else if (skip) {
    for (const [key, action] of Object.entries(skip)) {
      const parsed = parseCommandSignature(key);
      if (!parsed) continue;
      const mandatory = (parsed.signature.match(/\{/g) ?? []).length;
      commands.set(parsed.name, {
        signature: parsed.signature,
        action: action === 'dummy' ? { kind: 'placeholder', placeholder: 'ref' }
          : action === 'keep' && mandatory > 0 ? { kind: 'keep', argument: mandatory } : { kind: 'skip' },
      });
    }
  }
  for (const u of options.userCommands ?? []) {
    // the document's own definition wins (a redefined `\url`, its own `\qty`), but sections, captions,
    // notes and items keep their structure
    const builtin = DEFAULT_COMMANDS.get(u.name)?.action.kind;
    if (builtin === 'segment' || builtin === 'break') continue;
    const signature = (u.optionalFirst ? '[' : '') + '{'.repeat(Math.max(0, u.parameters - (u.optionalFirst ? 1 : 0)));
    commands.set(u.name, { signature, action: u.action });
  }
  const environments = new Map(DEFAULT_ENVIRONMENTS);
  const envs = options.skipEnvironments;
  if (Array.isArray(envs)) for (const n of envs) environments.set(n, { signature: '', action: { kind: 'skip' } });
  else if (envs) {
    for (const [n, a] of Object.entries(envs)) environments.set(n, { signature: '', action: a === 'ignore' ? { kind: 'skip' } : { kind: 'prose' } });
  }
  return { commands, environments };
}

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  return [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
}

function shifted(offsets: Int32Array, base: number): Int32Array {
  const out = new Int32Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = offsets[i] + base;
  return out;
}

function shiftParagraph(p: ConvertedParagraph, base: number, file: string): ConvertedParagraph {
  if (base === 0) return p;
  const occ = (o: CitationOccurrence): CitationOccurrence => ({
    ...o, file, span: { start: o.span.start + base, end: o.span.end + base },
    keys: o.keys.map((k) => ({ key: k.key, span: { start: k.span.start + base, end: k.span.end + base } })),
  });
  const moved = new Map<CitationOccurrence, CitationOccurrence>();
  const citations = p.citations.map((o) => {
    const m = occ(o);
    moved.set(o, m);
    return m;
  });
  return {
    citations,
    problems: p.problems.map((q) => ({ ...q, offset: q.offset + base })),
    segments: p.segments.map((s) => ({
      role: s.role,
      span: { start: s.span.start + base, end: s.span.end + base },
      prose: { text: s.prose.text, sourceStart: shifted(s.prose.sourceStart, base), sourceEnd: shifted(s.prose.sourceEnd, base) },
      citations: s.citations.map((c) => ({ occurrence: moved.get(c.occurrence) ?? occ(c.occurrence), proseSpan: c.proseSpan })),
      sentences: s.sentences,
    })),
  };
}

class LineIndex {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.starts.push(k + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo] };
  }
}

/**
 * Preamble commands that print prose: those the command table makes a title or an abstract
 * (`\\title`, `\\subtitle`, MDPI's `\\Title`, `\\abstract` and `\\simplesumm`).
 */
function preambleProseCommands(commands: ReadonlyMap<string, CommandSpec>): Set<string> {
  return new Set([...commands].filter(([, spec]) => spec.action.kind === 'segment' && (spec.action.role === 'title' || spec.action.role === 'abstract')).map(([name]) => name));
}

/** The spans of the preamble's prose commands (`\\title[short]{...}`), the first of each name, in order. */
function findPreambleProse(preamble: string, commands: ReadonlyMap<string, CommandSpec>): Span[] {
  const prose = preambleProseCommands(commands);
  const found = new Map<string, Span>();
  forEachCommand(preamble, (name, start, nameEnd) => {
    if (!prose.has(name) || found.has(name)) return;
    let i = nameEnd;
    const opt = readOptional(preamble, i);
    if (opt) i = opt.end;
    const g = readMandatory(preamble, i);
    if (g) found.set(name, { start, end: g.end });
    return g?.end;
  });
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** Each acronym's forms as prose (a later declaration of a key wins), converted with the document's tables. */
function acronymForms(definitions: readonly AcronymDefinition[], ctx: LatexConvertContext): Map<string, AcronymForms> {
  const plain = (latex: string) => convertLatexParagraph(latex, ctx).segments[0]?.prose.text.trim() || latex;
  const out = new Map<string, AcronymForms>();
  for (const d of definitions) out.set(d.key, { short: plain(d.short), ...(d.long !== undefined ? { long: plain(d.long) } : {}) });
  return out;
}

/** Incremental segmentation of one document: call update() with each new text. */
export class DocumentSegmenter {
  private cache = new Map<string, ConvertedParagraph>();
  private render!: CitationRenderer;
  private latex!: LatexConvertContext;
  private options: SegmentOptions = {};
  /** Macros the document itself defines, merged into the options; a change drops the cache. */
  private ownMacros = '';
  /** Undefined macros read as references (see reference-macros.ts), sorted. */
  private referenceNames: string[] = [];

  constructor(readonly file: string, readonly languageId: ManuscriptLanguage, options: SegmentOptions = {}) {
    this.setOptions(options);
  }

  /** Replaces the options; cached paragraphs are dropped (renderings and tables may differ). */
  setOptions(options: SegmentOptions): void {
    this.options = options;
    this.ownMacros = '';
    this.referenceNames = [];
    this.cache.clear();
    this.render = options.renderCitation ?? createFallbackRenderer();
    this.configure(options);
  }

  private configure(options: SegmentOptions): void {
    const tables = buildTables(options);
    this.latex = {
      file: this.file,
      commands: tables.commands,
      environments: tables.environments,
      citations: citationContext({ citationMacros: options.citationMacros, extraCitationCommands: options.extraCitationCommands }),
      render: (o) => this.render(o),
    };
    if (options.acronyms && options.acronyms.length > 0) this.latex.acronyms = acronymForms(options.acronyms, this.latex);
  }

  /**
   * Merges what the document itself declares (citation macros, user commands, acronyms) and the undefined
   * macros it uses as references into the conversion tables; a change drops the cached paragraphs it affects.
   */
  private adoptOwnMacros(text: string): void {
    const own = scanLatexStructure(text, (this.options.citationMacros ?? []).filter((m): m is CitationMacro => m.keyArgument !== undefined));
    const have = new Set((this.options.citationMacros ?? []).map((m) => m.name));
    const declared: SegmentOptions = {
      ...this.options,
      citationMacros: [...(this.options.citationMacros ?? []), ...own.citationMacros.filter((m) => !have.has(m.name))],
      userCommands: [...own.userCommands, ...(this.options.userCommands ?? [])],
      acronyms: [...(this.options.acronyms ?? []), ...own.acronyms],
    };
    const known = buildTables(declared).commands;
    const citations = citationContext({ citationMacros: declared.citationMacros, extraCitationCommands: declared.extraCitationCommands });
    const references = inferReferenceMacros(text, (name) => known.has(name) || isCitationCommand(name, citations));
    const sig = JSON.stringify([own.citationMacros, own.userCommands, own.acronyms]);
    const referenceNames = references.map((r) => r.name).sort();
    const changedReferences = symmetricDifference(this.referenceNames, referenceNames);
    if (sig !== this.ownMacros || changedReferences.length > 0) {
      if (sig !== this.ownMacros) this.cache.clear();
      // Only the paragraphs that use a macro whose reading changed are converted again (`\FIG{a}` typed anew).
      else for (const key of this.cache.keys()) if (changedReferences.some((name) => key.includes(`\\${name}`))) this.cache.delete(key);
      this.ownMacros = sig;
      this.referenceNames = referenceNames;
      // A definition the project holds wins over an inferred reference (later entries override).
      this.configure({ ...declared, userCommands: [...references, ...(declared.userCommands ?? [])] });
    }
  }

  update(text: string): SegmenterUpdate {
    const next = new Map<string, ConvertedParagraph>();
    const changed: Span[] = [];
    let reused = 0;
    const parts: { base: number; converted: ConvertedParagraph }[] = [];
    const extraCitations: CitationOccurrence[] = [];
    const documentProblems: EnvironmentProblem[] = [];
    const take = (key: string, base: number, span: Span, convert: () => ConvertedParagraph) => {
      let c = next.get(key) ?? this.cache.get(key);
      if (c) reused++;
      else {
        c = convert();
        changed.push(span);
      }
      next.set(key, c);
      parts.push({ base, converted: c });
    };
    if (this.languageId === 'latex') {
      this.adoptOwnMacros(text);
      const body = latexBodyRange(text);
      // Acronyms the file printed so far (their first use spells them out); the keys a paragraph meets
      // printed before are part of its cache key.
      const used = new Set<string>();
      const convert = (key: string, base: number, span: Span, part: string) => {
        const before = this.latex.acronyms ? [...used].filter((k) => k === '*' || part.includes(`{${k}}`)).sort() : [];
        take(`${before.length > 0 ? `${before.join(',')}\u0000` : ''}${key}`, base, span, () => convertLatexParagraph(part, this.latex, before));
        if (this.latex.acronyms) trackAcronymUses(part, used);
      };
      if (body.start > 0) {
        const preamble = text.slice(0, body.start);
        // The preamble is not prose, except the title (\\title{...}) and a journal class's abstract, segments of their own.
        const prose = findPreambleProse(preamble, this.latex.commands);
        for (const span of prose) {
          const part = text.slice(span.start, span.end);
          convert(`L${part}`, span.start, span, part);
        }
        const citations = findLatexCitations(preamble, this.file, this.latex.citations);
        extraCitations.push(...citations.filter((c) => !prose.some((span) => span.start <= c.span.start && c.span.start < span.end)));
      }
      for (const p of splitLatexParagraphs(text, body, this.latex.environments)) {
        const para = text.slice(p.start, p.end);
        convert(`L${para}`, p.start, p, para);
      }
      if (body.end < text.length) {
        const after = findLatexCitations(text.slice(body.end), this.file, this.latex.citations);
        extraCitations.push(...shiftParagraph({ segments: [], citations: after, problems: [] }, body.end, this.file).citations);
      }
      documentProblems.push(...environmentBalance(text, body, this.latex.environments));
    } else {
      for (const chunk of splitMarkdownChunks(text)) {
        const part = text.slice(chunk.start, chunk.end);
        take(`M${part}`, chunk.start, chunk, () => convertMarkdownChunk(part, this.file, (o) => this.render(o)));
      }
    }
    this.cache = next;
    return { ...this.assemble(text, parts, extraCitations, documentProblems), changed, reused };
  }

  private assemble(text: string, parts: { base: number; converted: ConvertedParagraph }[], extra: CitationOccurrence[], documentProblems: EnvironmentProblem[]): SegmentedDocument {
    const lines = new LineIndex(text);
    const segments: SegmentedSegment[] = [];
    const citations: CitationOccurrence[] = [...extra];
    const problems: SourceProblem[] = documentProblems.map((q) => ({ file: this.file, ...lines.at(q.offset), message: q.message, severity: 'warning' }));
    for (const { base, converted } of parts) {
      for (const s of converted.segments) s.sentences ??= splitSentences(s.prose.text, { attach: s.citations.map((c) => c.proseSpan) });
      const p = shiftParagraph(converted, base, this.file);
      citations.push(...p.citations);
      for (const q of p.problems) problems.push({ file: this.file, ...lines.at(q.offset), message: q.message, severity: q.severity });
      for (const s of p.segments) {
        const sentences = s.sentences ?? splitSentences(s.prose.text, { attach: s.citations.map((c) => c.proseSpan) });
        segments.push({
          file: this.file,
          role: s.role,
          span: s.span,
          prose: s.prose,
          sentences,
          citations: s.citations.map((c) => ({ occurrence: c.occurrence, proseSpan: c.proseSpan, sentence: sentenceIndexAt(sentences, c.proseSpan.start) })),
        });
      }
    }
    citations.sort((a, b) => a.span.start - b.span.start);
    segments.sort((a, b) => a.span.start - b.span.start);
    return { segments, citations, problems };
  }

  get currentOptions(): SegmentOptions {
    return this.options;
  }
}

/** One-shot segmentation of a document. */
export function segmentDocument(input: SegmentInput, options: SegmentOptions = {}): SegmentedDocument {
  const { segments, citations, problems } = new DocumentSegmenter(input.file, input.languageId, options).update(input.text);
  return { segments, citations, problems };
}
