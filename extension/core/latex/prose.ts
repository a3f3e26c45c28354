// LaTeX → prose, character by character with the map back to the source (the LTeX approach: a
// tolerant scanner driven by command and environment tables, not a full TeX parse). One call converts
// one paragraph; malformed markup (unclosed braces, math or environments) never throws and never loses
// text: the offending delimiter is treated as text-neutral and a problem is reported.
// Written by hand because no LaTeX library does this well: latex-utensils and unified-latex give an
// AST, not a per-character map for typeset characters (\"o, --, ~), they reject or reshape half-typed
// markup (a paragraph with an unclosed brace loses text), and unified-latex parses at ~9 s/MB
// (shared notes). latex-utensils stays the oracle: test/fixture/manuscript-utensils.test.ts.
import { yearAfterItsAuthor, namesInParentheses } from '../render/after-author.ts';
import type { CitationOccurrence, CitationRenderer, ProseText, Span } from '../types.ts';
import { ProseBuilder } from '../prose/builder.ts';
import { PLACEHOLDER } from '../prose/placeholders.ts';
import { mathAsText } from '../prose/math-as-text.ts';
import type { ConvertedParagraph, ConvertedSegment, SegmentRole } from '../prose/types.ts';
import { ACCENTS, CONTROL_SYMBOLS, ROLE_ENVIRONMENTS, type CommandAction, type CommandSpec, type EnvironmentSpec } from './commands.ts';
import { ACRONYM_COMMANDS, ACRONYM_SILENT, acronymText, trackAcronymUses, type AcronymForms, type AcronymUse } from './acronyms.ts';
import { withReadNotes } from '../citations/notes.ts';
import { findLatexCitations, isCitationCommand, parseLatexCitationAt, type CitationContext } from './citations.ts';
import {
  readCommandName, readEnvironmentName, readGroup, readOptional, skipArgumentGap, skipComment, skipIffalse, skipVerb, verbatimArgument,
  VERBATIM_ENVIRONMENTS, type Group,
} from './scan.ts';

export interface LatexConvertContext {
  file: string;
  commands: ReadonlyMap<string, CommandSpec>;
  environments: ReadonlyMap<string, EnvironmentSpec>;
  citations: CitationContext;
  render: CitationRenderer;
  /** The project's acronyms by key, their forms already prose (see acronyms.ts). */
  acronyms?: ReadonlyMap<string, AcronymForms>;
}

const MAX_DEPTH = 64;
/** User macros expand inside each other this deep, and into this many characters per paragraph in all. */
const MAX_EXPANSION_DEPTH = 8;
const MAX_EXPANSION_CHARS = 50_000;

/** How deep a converter reads inside user macros, and what the paragraph has left to expand. */
interface Expansion {
  depth: number;
  budget: { chars: number };
}

const LENGTH_REGISTERS = new Set(['itemsep', 'parskip', 'parindent', 'baselineskip', 'topsep', 'partopsep', 'parsep', 'leftmargin',
  'rightmargin', 'labelsep', 'labelwidth', 'itemindent', 'listparindent', 'textwidth', 'textheight', 'columnsep', 'abovecaptionskip',
  'belowcaptionskip', 'tabcolsep', 'arrayrulewidth', 'fboxsep', 'fboxrule', 'floatsep', 'textfloatsep', 'intextsep', 'abovedisplayskip',
  'belowdisplayskip', 'skip', 'dimen', 'hoffset', 'voffset', 'oddsidemargin', 'evensidemargin', 'topmargin', 'headheight', 'headsep',
  'footskip', 'marginparwidth', 'marginparsep', 'leftskip', 'rightskip', 'emergencystretch', 'lineskip', 'jot']);

interface Stream {
  /** Source offset where the last placeholder ended, so a word glued to it ("$\\sim$15") gets a space. */
  placeholderEnd?: number;
  role: SegmentRole;
  out: ProseBuilder;
  citations: { occurrence: CitationOccurrence; proseSpan: Span }[];
  start: number;
}

class LatexConverter {
  private segments: ConvertedSegment[] = [];
  private problems: ConvertedParagraph['problems'] = [];
  private depth = 0;
  /** Closers known to be absent from an offset on (key: closer and range end), so unclosed input stays linear. */
  private absentFrom = new Map<string, number>();
  /** Acronym keys the file has used before and in this paragraph: the first `\ac`/`\gls` of each reads as a first use. */
  private readonly usedAcronyms: Set<string>;

  /** Remembers that `search` found nothing from `from` up to `end`; answers whether a search from `from` is futile. */
  private futile(key: string, from: number): boolean {
    const known = this.absentFrom.get(key);
    return known !== undefined && known <= from;
  }

  private noteAbsent(key: string, from: number): void {
    const known = this.absentFrom.get(key);
    if (known === undefined || from < known) this.absentFrom.set(key, from);
  }

  constructor(private readonly text: string, private readonly ctx: LatexConvertContext, usedBefore: Iterable<string> = [],
    private readonly expansion: Expansion = { depth: 0, budget: { chars: MAX_EXPANSION_CHARS } }) {
    this.usedAcronyms = new Set(usedBefore);
  }

  run(): ConvertedParagraph {
    let main = this.stream('paragraph', 0);
    main = this.walk(0, this.text.length, main, true);
    this.flush(main, this.text.length);
    this.segments.sort((a, b) => a.span.start - b.span.start);
    // One object per occurrence: the prose's citations are the paragraph's own.
    const citations = findLatexCitations(this.text, this.ctx.file, this.ctx.citations);
    const byStart = new Map(citations.map((c) => [c.span.start, c]));
    for (const seg of this.segments) {
      for (const c of seg.citations) {
        const same = byStart.get(c.occurrence.span.start);
        if (same && same.span.end === c.occurrence.span.end) c.occurrence = same;
        else citations.push(c.occurrence);
      }
    }
    citations.sort((a, b) => a.span.start - b.span.start);
    return { segments: this.segments, citations, problems: this.problems };
  }

  private stream(role: SegmentRole, start: number): Stream {
    return { role, out: new ProseBuilder(), citations: [], start };
  }

  private flush(s: Stream, end: number): void {
    s.out.trimEnd();
    const prose = s.out.build();
    // A segment needs a word of its own or a citation: a display equation alone ("x") is not prose.
    if (s.citations.length === 0 && !hasCopiedWord(prose, this.text)) return;
    const span = s.out.sourceSpan()!;
    this.segments.push({
      role: s.role,
      span: s.role === 'paragraph' ? { start: Math.min(s.start, span.start), end: Math.max(span.end, Math.min(end, this.text.length)) } : span,
      prose,
      citations: s.citations,
    });
  }

  private problem(offset: number, message: string, severity: 'error' | 'warning' | 'information' = 'warning'): void {
    this.problems.push({ offset, message, severity });
  }

  /**
   * Converts text[i, end) into the stream. `breakable` streams (top-level paragraph text) may be ended
   * by section titles and list items; the stream that is current at the end is returned.
   */
  private walk(i: number, end: number, s: Stream, breakable: boolean): Stream {
    const t = this.text;
    this.depth++;
    while (i < end) {
      const ch = t[i];
      if (ch === '%') {
        let j = skipComment(t, i);
        // The comment eats its line break and the next line's indentation.
        if (j < end && t[j] === '\n') {
          j++;
          while (j < end && (t[j] === ' ' || t[j] === '\t')) j++;
        }
        i = Math.min(j, end);
      } else if (ch === '\\') {
        const r = this.command(i, end, s, breakable);
        i = r.next;
        s = r.stream;
      } else if (ch === '$') {
        i = this.dollarMath(i, end, s);
      } else if (ch === '{' || ch === '}') {
        i++;
      } else if (ch === '~') {
        s.out.space(i, i + 1);
        i++;
      } else if (ch === '-') {
        let j = i;
        while (j < end && t[j] === '-' && j - i < 3) j++;
        if (j - i === 1) s.out.copy(t, i, j);
        else s.out.replace(j - i === 2 ? '–' : '—', i, j);
        i = j;
      } else if (ch === '`') {
        if (t[i + 1] === '`' && i + 1 < end) {
          s.out.replace('“', i, i + 2);
          i += 2;
        } else {
          s.out.replace('‘', i, i + 1);
          i++;
        }
      } else if (ch === '\'' && t[i + 1] === '\'' && i + 1 < end) {
        s.out.replace('”', i, i + 2);
        i += 2;
      } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        let j = i + 1;
        while (j < end && (t[j] === ' ' || t[j] === '\t' || t[j] === '\n' || t[j] === '\r')) j++;
        s.out.space(i, j);
        i = j;
      } else if (ch === '&') {
        s.out.space(i, i + 1);
        i++;
      } else {
        let j = i + 1;
        while (j < end && !/[%\\${}~\-`' \t\n\r&]/.test(t[j])) j++;
        if (s.placeholderEnd === i && /[\p{L}\p{N}]/u.test(ch) && /[\p{L}\p{N}]/u.test(s.out.lastChar() ?? '')) s.out.replace(' ', i - 1, i);
        s.out.copy(t, i, j);
        i = j;
      }
    }
    this.depth--;
    return s;
  }

  private command(i: number, end: number, s: Stream, breakable: boolean): { next: number; stream: Stream } {
    const t = this.text;
    const { name, end: nameEnd } = readCommandName(t, i);
    const ret = (next: number, stream: Stream = s) => ({ next: Math.min(Math.max(next, i + 1), end), stream });
    if (name === '') return ret(i + 1);
    if (!/^[A-Za-z]/.test(name)) {
      if (ACCENTS.has(name)) return ret(this.accent(i, nameEnd, end, name, s));
      if (name === '(' || name === '[') return ret(this.delimitedMath(i, end, name === '(' ? '\\)' : '\\]', s));
      const sym = CONTROL_SYMBOLS.get(name);
      if (name === '\\') {
        // `\\*[2pt]`: a line break with optional star and vertical space.
        let j = nameEnd;
        if (t[j] === '*') j++;
        const k = skipArgumentGap(t, j);
        const len = t[k] === '[' ? readGroup(t, k, '[', ']') : undefined;
        if (len && len.end <= end && /^[\s\d.,+-]*[a-z]{0,4}\s*$|\\/.test(t.slice(len.innerStart, len.innerEnd))) j = len.end;
        s.out.space(i, j);
        return ret(j);
      }
      if (sym === ' ') s.out.space(i, nameEnd);
      else if (sym !== undefined) {
        if (sym.length > 0) s.out.replace(sym, i, nameEnd);
      } else s.out.replace(name, i, nameEnd);
      return ret(nameEnd);
    }
    if (name === 'verb' || name === 'Verb' || name === 'lstinline' || name === 'mintinline') {
      // any delimiter (`\lstinline!x!`); an unclosed `\verb` runs to the line's end
      const code = verbatimArgument(t, name, nameEnd);
      const j = Math.min(code ? code.end : name === 'verb' ? skipVerb(t, nameEnd) : nameEnd, end);
      if (j > nameEnd) {
        this.placeholder(s, PLACEHOLDER.code, i, j);
        return ret(j);
      }
    }
    if (name === 'input') {
      // plain TeX's `\input chapters/intro`: the file name, up to white space, as the structure scan reads it
      const k = skipArgumentGap(t, nameEnd);
      const file = k > nameEnd && t[k] !== '{' ? /^[^\s{}\\%]+/.exec(t.slice(k, Math.min(end, k + 300))) : null;
      if (file) return ret(k + file[0].length);
    }
    if (LENGTH_REGISTERS.has(name)) {
      // `\\itemsep0em`, `\\parskip=1ex plus 1pt`: a length assignment, not text.
      const m = /^\s*=?\s*-?(\d+(\.\d*)?|\.\d+)\s*(em|ex|pt|in|cm|mm|bp|pc|sp|dd|cc|mu|\\[A-Za-z]+)(\s*(plus|minus)\s*-?[\d.]+\s*(em|ex|pt|fil+|in|cm|mm))*/.exec(t.slice(nameEnd, Math.min(end, nameEnd + 80)));
      return ret(nameEnd + (m ? m[0].length : 0));
    }
    if (name === 'iffalse' && !this.futile(`\\fi@${end}`, nameEnd)) {
      const after = skipIffalse(t, nameEnd, end);
      if (after !== undefined) return ret(after);
      this.noteAbsent(`\\fi@${end}`, nameEnd);
    }
    if (name === 'def' || name === 'gdef' || name === 'edef' || name === 'xdef' || name === 'let') return ret(this.skipDefinition(name, nameEnd, end));
    if (name === 'begin') return this.environment(i, nameEnd, end, s, breakable);
    if (name === 'end') {
      const env = readEnvironmentName(t, nameEnd);
      if (env && env.end <= end) {
        if (breakable) return { next: env.end, stream: this.breakStream(s, env.end, ROLE_ENVIRONMENTS.has(env.name) ? 'paragraph' : undefined) };
        s.out.space(i, env.end);
        return ret(env.end);
      }
      return ret(nameEnd);
    }
    if (isCitationCommand(name, this.ctx.citations)) {
      const occ = parseLatexCitationAt(t, this.ctx.file, name, i, nameEnd, this.ctx.citations);
      if (occ && occ.span.end <= end) {
        this.citation(occ, s);
        return ret(occ.span.end);
      }
      const open = occ ? undefined : this.unclosedKeys(nameEnd, end);
      if (open !== undefined) {
        this.problem(open, `Unclosed argument of \\${name}`);
        return ret(open + 1);
      }
    }
    if (ACCENTS.has(name) && !this.ctx.commands.has(name)) return ret(this.accent(i, nameEnd, end, name, s));
    const spec = this.ctx.commands.get(name);
    if (!spec) {
      const acronym = ACRONYM_COMMANDS.get(name);
      if (acronym) return ret(this.acronym(name, i, nameEnd, end, s, acronym));
      if (ACRONYM_SILENT.has(name)) {
        const args = /all$/.test(name) ? undefined : readArguments(this.text, nameEnd, end, '*{');
        trackAcronymUses(t.slice(i, args?.end ?? nameEnd), this.usedAcronyms);
        return ret(args?.end ?? nameEnd);
      }
      // Unknown command: drop the name (and a star), its arguments read as text.
      return ret(t[nameEnd] === '*' ? nameEnd + 1 : nameEnd);
    }
    const args = readArguments(this.text, nameEnd, end, spec.signature);
    const mandatory = args.groups.filter((g) => g.kind === '{');
    const action = spec.action;
    switch (action.kind) {
      case 'skip': {
        // TeX eats the spaces after a control word without arguments ("\\DIFaddend ." prints ".").
        let j = args.end;
        if (spec.signature === '') while (j < end && (t[j] === ' ' || t[j] === '\t')) j++;
        return ret(j);
      }
      case 'text': {
        if (action.text === ' ') s.out.space(i, args.end);
        else s.out.replace(action.text, i, args.end);
        let j = args.end;
        // TeX eats the space after a control word; keep it when the symbol is a word of its own
        // ("\LaTeX is"), not for a letter ("Stra\ss e") or a slash ("and\slash or").
        if (action.text === ' ' || /^[\p{L}/]$/u.test(action.text)) while (j < end && (t[j] === ' ' || t[j] === '\t')) j++;
        if (t[j] === '{' && t[j + 1] === '}') j += 2;
        return ret(j);
      }
      case 'placeholder':
        this.placeholder(s, PLACEHOLDER[action.placeholder], i, args.end);
        return ret(args.end);
      case 'keep': {
        const g = mandatory[action.argument - 1];
        if (!g) return ret(this.missingArgument(name, args));
        this.nested(g.group.innerStart, g.group.innerEnd, s);
        return ret(args.end);
      }
      case 'indexed': {
        const base = mandatory[action.base - 1];
        const index = mandatory[action.index - 1];
        if (!base || !index) return ret(this.missingArgument(name, args));
        if (/^[\s\d+\-−]*$/.test(t.slice(index.group.innerStart, index.group.innerEnd))) {
          this.nested(base.group.innerStart, base.group.innerEnd, s);
          this.nested(index.group.innerStart, index.group.innerEnd, s);
        } else this.placeholder(s, PLACEHOLDER.math, i, args.end);
        return ret(args.end);
      }
      case 'expand':
        if (this.expand(action, spec.signature, i, args, s)) return ret(args.end);
        // a use that cannot be expanded reads as an unknown command
        return ret(t[nameEnd] === '*' ? nameEnd + 1 : nameEnd);
      case 'formula': {
        const g = mandatory[0];
        if (!g) return ret(this.missingArgument(name, args));
        // `^` and `_` only place the next group (Ca^{2+}, SO4^2-); the characters read on
        for (let k = g.group.innerStart, from = k; k <= g.group.innerEnd; k++) {
          if (k < g.group.innerEnd && t[k] !== '^' && t[k] !== '_') continue;
          if (k > from) this.nested(from, k, s);
          from = k + 1;
        }
        return ret(args.end);
      }
      case 'segment': {
        const groups = segmentArguments(action, args.groups);
        if (groups.length === 0) return ret(this.missingArgument(name, args));
        let current = s;
        if (action.role === 'title' && breakable) current = this.breakStream(s, i);
        for (const g of groups) this.ownSegment(action.role, g.group.innerStart, g.group.innerEnd);
        if (action.role === 'title' && breakable) current = this.stream('paragraph', args.end);
        return { next: Math.max(args.end, i + 1), stream: current };
      }
      case 'break': {
        const next = breakable ? this.breakStream(s, args.end) : s;
        if (!breakable) s.out.space(i, args.end);
        const label = action.termLabel ? args.groups.find((g) => g.kind === '[')?.group : undefined;
        if (label && isTermLabel(t.slice(label.innerStart, label.innerEnd))) {
          this.nested(label.innerStart, label.innerEnd, next);
          // the term is set apart from its description, as the printed list sets it in bold
          if (/[\p{L}\p{N}]/u.test(next.out.lastChar() ?? '')) next.out.replace(':', label.innerEnd, label.end);
          next.out.space(label.innerEnd, label.end);
        }
        return { next: Math.max(args.end, i + 1), stream: next };
      }
    }
  }

  /**
   * `\\ac{SFS}`, `\\gls[options]{key}`: the form the package prints (a key nobody declared reads as
   * itself), every character standing for the whole command so a highlight covers all of it.
   */
  private acronym(name: string, i: number, nameEnd: number, end: number, s: Stream, how: AcronymUse): number {
    const args = readArguments(this.text, nameEnd, end, '*[{');
    const g = args.groups.find((a) => a.kind === '{');
    if (!g) return this.missingArgument(name, args);
    const key = this.text.slice(g.group.innerStart, g.group.innerEnd).trim();
    const first = !this.usedAcronyms.has(key) && !this.usedAcronyms.has('*');
    // acronym's starred forms (`\\ac*`) do not count as a use
    if (this.text[nameEnd] !== '*') this.usedAcronyms.add(key);
    s.out.replace(acronymText(this.ctx.acronyms?.get(key) ?? { short: key }, how, first), i, args.end);
    return args.end;
  }

  /**
   * A user macro's use: its body with the arguments put in, read by a converter of its own and mapped
   * back (see remap). False, with nothing written, when the use lacks an argument, expands too deep or
   * too long, or cites outside its arguments.
   */
  private expand(action: Extract<CommandAction, { kind: 'expand' }>, signature: string, i: number,
    args: { groups: { kind: string; group: Group }[]; end: number; unclosed?: number }, s: Stream): boolean {
    if (args.unclosed !== undefined || this.expansion.depth >= MAX_EXPANSION_DEPTH) return false;
    const parameters: (Group | string)[] = [];
    let k = 0;
    for (const kind of signature) {
      const g = args.groups[k];
      if (kind === '[' && g?.kind !== '[') parameters.push(action.defaultArgument ?? '');
      else if (kind === '[' || kind === '{') {
        if (g?.kind !== kind) return false;
        parameters.push(g.group);
        k++;
      }
    }
    // the expansion, and for each of its characters the source offset it was copied from (-1: the body's own)
    let text = '';
    const origin: number[] = [];
    const body = action.body;
    for (let j = 0; j < body.length; j++) {
      // `\#1` is a printed # and a 1, `##` one # (TeX's own reading), `#1` the first argument
      const escaped = body[j] === '\\' && j + 1 < body.length;
      const p = escaped ? body.slice(j, ++j + 1)
        : body[j] === '#' && body[j + 1] === '#' ? body[++j]
          : body[j] === '#' && /[1-9]/.test(body[j + 1] ?? '') ? parameters[Number(body[++j]) - 1] : body[j];
      if (p === undefined) continue;
      if (typeof p === 'string') {
        text += p;
        for (let q = 0; q < p.length; q++) origin.push(-1);
      } else {
        text += this.text.slice(p.innerStart, p.innerEnd);
        for (let q = p.innerStart; q < p.innerEnd; q++) origin.push(q);
      }
    }
    const budget = this.expansion.budget;
    if (text.length > budget.chars) return false;
    budget.chars -= text.length;
    const sub = new LatexConverter(text, this.ctx, this.usedAcronyms, { depth: this.expansion.depth + 1, budget });
    const inner = sub.stream(s.role, 0);
    sub.walk(0, text.length, inner, false);
    const map = (a: number, b: number): Span | undefined => {
      for (let q = a; q < b; q++) if (origin[q] < 0 || origin[q] !== origin[a] + q - a) return undefined;
      return b > a ? { start: origin[a], end: origin[a] + b - a } : undefined;
    };
    const citations = [inner, ...sub.segments].flatMap((x) => x.citations);
    const moved = new Map<CitationOccurrence, CitationOccurrence>();
    const sources = new Set<number>();
    for (const { occurrence: o } of citations) {
      const span = map(o.span.start, o.span.end);
      const keys = o.keys.map((key) => ({ ...key, span: map(key.span.start, key.span.end) }));
      // a citation the body prints twice (`#1 and #1`) would be two citations of one place in the source
      if (!span || keys.some((key) => !key.span) || sources.has(span.start)) return false;
      sources.add(span.start);
      moved.set(o, { ...o, span, keys: keys.map((key) => ({ ...key, span: key.span! })) });
    }
    const use = { start: i, end: args.end };
    const at = remap(inner.out.build(), map, use, s.out);
    for (const c of inner.citations) {
      s.citations.push({ occurrence: moved.get(c.occurrence)!, proseSpan: { start: at[c.proseSpan.start], end: at[c.proseSpan.end] } });
    }
    if (inner.placeholderEnd === text.length) s.placeholderEnd = args.end;
    for (const segment of sub.segments) {
      const out = new ProseBuilder();
      const to = remap(segment.prose, map, use, out);
      this.segments.push({
        role: segment.role,
        span: out.sourceSpan() ?? use,
        prose: out.build(),
        citations: segment.citations.map((c) => ({ occurrence: moved.get(c.occurrence)!, proseSpan: { start: to[c.proseSpan.start], end: to[c.proseSpan.end] } })),
      });
    }
    for (const key of sub.usedAcronyms) this.usedAcronyms.add(key);
    return true;
  }

  /** Offset after `\\def\\name#1#2{body}` or `\\let\\a=\\b`; the definition is not prose. */
  private skipDefinition(name: string, nameEnd: number, end: number): number {
    const t = this.text;
    let j = skipArgumentGap(t, nameEnd);
    if (t[j] !== '\\') return nameEnd;
    j = readCommandName(t, j).end;
    if (name === 'let') {
      while (j < end && (t[j] === ' ' || t[j] === '=')) j++;
      return t[j] === '\\' ? readCommandName(t, j).end : Math.min(j + 1, end);
    }
    while (j < end && t[j] !== '{' && t[j] !== '\n') j++;
    const body = readGroup(t, j);
    return body && body.end <= end ? body.end : j;
  }

  private nested(start: number, end: number, s: Stream): void {
    if (this.depth > MAX_DEPTH) {
      // Pathologically deep nesting: keep the letters, drop the markup.
      for (let k = start; k < end; k++) if (/[\p{L}\p{N}]/u.test(this.text[k])) s.out.copy(this.text, k, k + 1);
      return;
    }
    this.walk(start, end, s, false);
  }

  private breakStream(s: Stream, at: number, role: SegmentRole = s.role): Stream {
    this.flush(s, at);
    return this.stream(role, at);
  }

  /** The text of [start, end) as a segment of its own (a caption, a footnote, a title). */
  private ownSegment(role: SegmentRole, start: number, end: number): void {
    const inner = this.stream(role, start);
    this.nested(start, end, inner);
    this.flush(inner, end);
  }

  /** Reports an argument left unclosed; where reading goes on. */
  private missingArgument(name: string, args: { end: number; unclosed?: number }): number {
    if (args.unclosed === undefined) return args.end;
    this.problem(args.unclosed, `Unclosed argument of \\${name}`);
    return args.unclosed + 1;
  }

  /** The `{` of a citation's keys (after its star and notes) that is never closed, so that its keys are lost. */
  private unclosedKeys(nameEnd: number, end: number): number | undefined {
    const t = this.text;
    let i = t[nameEnd] === '*' ? nameEnd + 1 : nameEnd;
    for (let n = 0; n < 2; n++) {
      const o = readOptional(t, i);
      if (!o || o.end > end) break;
      i = o.end;
    }
    const k = skipArgumentGap(t, i);
    if (k >= end || t[k] !== '{') return undefined;
    const g = readGroup(t, k);
    return g && g.end <= end ? undefined : k;
  }

  /**
   * A citation's pre- or post-note as the paper prints it: "see Section~\\ref{sec:x}" reads "see
   * Section 1", "cf.\\ \\textcite{doe}" "cf. Doe (2019)". Notes without markup stay as written.
   */
  private noteProse(note: string): string {
    if (!/[\\$]/.test(note)) return note;
    // every acronym counts as used: a note never spells one out
    const converted = convertLatexParagraph(note, this.ctx, ['*']);
    return converted.segments.map((segment) => segment.prose.text).join(' ').trim();
  }

  private placeholder(s: Stream, word: string, start: number, end: number): void {
    const last = s.out.lastChar();
    if (last !== undefined && /[\p{L}\p{N}]/u.test(last)) s.out.space(start, start + 1);
    s.out.replace(word, start, end);
    s.placeholderEnd = end;
  }

  /**
   * Display math: its placeholder, with a full stop when a capitalised word follows it, as a sentence
   * that ends in an equation does ("…cost (Gotoh, 1990): x. Without losing generality…"); the
   * sentence splitter would otherwise run the two sentences together.
   */
  private displayMath(s: Stream, start: number, end: number): void {
    this.placeholder(s, PLACEHOLDER.math, start, end);
    const next = /^(?:\s|%[^\n]*\n)*(\S)/.exec(this.text.slice(end, end + 200));
    if (next && /\p{Lu}/u.test(next[1])) s.out.replace('.', end - 1, end);
  }

  private citation(occ: CitationOccurrence, s: Stream): void {
    const rendered = this.ctx.render(withReadNotes(occ, (note) => this.noteProse(note)));
    const year = occ.form === 'parenthetical' && occ.keys.length === 1 ? yearAfterItsAuthor(rendered, s.out.tail(80)) : undefined;
    // A name in parentheses glued to the text was a footnote mark ("model\footcite{x}"): the models read it
    // after a space. After a full stop that ends a sentence it stays glued, and so with that sentence;
    // but a year after its author's "et al." at a sentence's end reads "Spors et al. (2013).": the stop was both.
    let stop = false;
    if ((year !== undefined || namesInParentheses(rendered)) && !s.out.endsInSpace()) {
      const last = s.out.lastChar() ?? '';
      const next = /^\s*(\S)/.exec(this.text.slice(occ.span.end, occ.span.end + 40))?.[1];
      const midSentence = last === '.' && next !== undefined && !/\p{Lu}/u.test(next);
      stop = last === '.' && year !== undefined && !midSentence;
      if (/[\p{L}\p{N}'’,;:]/u.test(last) || midSentence || stop) s.out.space(occ.span.start, occ.span.start + 1);
    }
    const shown = year ?? rendered;
    const from = s.out.length;
    if (shown.length > 0) s.out.replace(shown, occ.span.start, occ.span.end);
    s.citations.push({ occurrence: occ, proseSpan: { start: from, end: s.out.length } });
    if (stop) s.out.replace('.', occ.span.end - 1, occ.span.end);
  }

  private accent(i: number, nameEnd: number, end: number, name: string, s: Stream): number {
    const t = this.text;
    let j = nameEnd;
    if (/[A-Za-z]/.test(name)) while (j < end && t[j] === ' ') j++;
    let base: string | undefined;
    let after = j;
    if (t[j] === '{') {
      const g = readGroup(t, j);
      if (g && g.end <= end) {
        const inner = t.slice(g.innerStart, g.innerEnd).trim();
        if (inner === '\\i' || inner === '\\j') base = inner[1] === 'i' ? 'i' : 'j';
        else if (inner.length === 1) base = inner;
        else if (inner === '') base = '';
        after = g.end;
      }
    } else if (t[j] === '\\' && (t[j + 1] === 'i' || t[j + 1] === 'j') && !/[A-Za-z]/.test(t[j + 2] ?? '')) {
      base = t[j + 1];
      after = j + 2;
    } else if (j < end && /[\p{L}]/u.test(t[j])) {
      base = t[j];
      after = j + 1;
    }
    if (base === undefined) {
      // `\'` with nothing to accent: drop the accent, keep what follows.
      return nameEnd;
    }
    const mark = ACCENTS.get(name)!;
    const composed = base === '' ? mark.normalize('NFC') : (base + mark).normalize('NFC');
    s.out.replace(composed, i, after);
    return after;
  }

  private dollarMath(i: number, end: number, s: Stream): number {
    const t = this.text;
    const display = t[i + 1] === '$';
    const open = display ? 2 : 1;
    let j = i + open;
    while (j < end) {
      if (t[j] === '\\') {
        j += 2;
        continue;
      }
      if (t[j] === '$') {
        if (!display) break;
        if (t[j + 1] === '$') break;
      }
      j++;
    }
    if (j >= end) {
      this.problem(i, display ? 'Unterminated display math ($$)' : 'Unterminated inline math ($)');
      return i + open;
    }
    const close = j + (display ? 2 : 1);
    const word = display ? undefined : mathAsText(t.slice(i + open, j), t[i - 1], t.slice(close, close + 3));
    if (word !== undefined) s.out.replace(word, i, close);
    else if (display) this.displayMath(s, i, close);
    else this.placeholder(s, PLACEHOLDER.math, i, close);
    return close;
  }

  private delimitedMath(i: number, end: number, closer: string, s: Stream): number {
    const key = `${closer}@${end}`;
    const k = this.futile(key, i) ? -1 : this.text.indexOf(closer, i + 2);
    if (k < 0 || k + 2 > end) {
      this.noteAbsent(key, i);
      this.problem(i, `Unterminated math (${this.text.slice(i, i + 2)})`);
      return i + 2;
    }
    const word = closer === '\\)' ? mathAsText(this.text.slice(i + 2, k), this.text[i - 1], this.text.slice(k + 2, k + 5)) : undefined;
    if (word !== undefined) s.out.replace(word, i, k + 2);
    else if (closer === '\\]') this.displayMath(s, i, k + 2);
    else this.placeholder(s, PLACEHOLDER.math, i, k + 2);
    return k + 2;
  }

  private environment(i: number, nameEnd: number, end: number, s: Stream, breakable: boolean): { next: number; stream: Stream } {
    const t = this.text;
    const env = readEnvironmentName(t, nameEnd);
    if (!env || env.end > end) return { next: nameEnd, stream: s };
    const spec = this.ctx.environments.get(env.name);
    const verbatim = VERBATIM_ENVIRONMENTS.has(env.name);
    const kind = verbatim ? 'skip' : spec?.action.kind ?? 'prose';
    if (kind === 'prose') {
      const args = readArguments(this.text, env.end, end, spec?.signature ?? '');
      if (breakable) return { next: args.end, stream: this.breakStream(s, args.end, ROLE_ENVIRONMENTS.get(env.name)) };
      s.out.space(i, args.end);
      return { next: args.end, stream: s };
    }
    const key = `\\end{${env.name}}@${end}`;
    const close = this.futile(key, env.end) ? undefined : findEnvironmentEnd(t, env.end, env.name, end, verbatim);
    if (!close) this.noteAbsent(key, env.end);
    if (close === undefined) {
      this.problem(i, `\\begin{${env.name}} is never closed`);
      return { next: env.end, stream: s };
    }
    if (kind === 'math') {
      this.displayMath(s, i, close.end);
      return { next: close.end, stream: s };
    }
    if (kind === 'float') this.captions(env.end, close.start);
    if (breakable && kind === 'float') {
      // A float interrupts the flow of text only visually; the paragraph continues around it.
      s.out.space(i, close.end);
    }
    return { next: close.end, stream: s };
  }

  /** Caption and note texts inside a float body, each as its own segment. */
  private captions(start: number, end: number): void {
    const t = this.text;
    let i = start;
    while (i < end) {
      const ch = t[i];
      if (ch === '%') {
        i = skipComment(t, i);
        continue;
      }
      if (ch !== '\\') {
        i++;
        continue;
      }
      const { name, end: nameEnd } = readCommandName(t, i);
      if (name === 'begin') {
        i = this.tableNotes(nameEnd, end) ?? nameEnd;
        continue;
      }
      const verbatim = verbatimArgument(t, name, nameEnd);
      if (verbatim) {
        i = verbatim.end;
        continue;
      }
      const spec = this.ctx.commands.get(name);
      // captions, and a table's notes (`\footnotetext`, `\tablefootnote`): prose that may cite
      if (spec?.action.kind === 'segment' && spec.action.role !== 'title') {
        const args = readArguments(this.text, nameEnd, end, spec.signature);
        const groups = segmentArguments(spec.action, args.groups);
        for (const g of groups) this.ownSegment(spec.action.role, g.group.innerStart, g.group.innerEnd);
        if (groups.length > 0) {
          i = args.end;
          continue;
        }
      }
      i = Math.max(nameEnd, i + 1);
    }
  }

  /**
   * threeparttable's `tablenotes` inside a float (its `\item[a]` labels dropped), read as one
   * footnote segment; returns where it ends, or undefined when `\begin` at `nameEnd` opens another
   * environment.
   */
  private tableNotes(nameEnd: number, end: number): number | undefined {
    const env = readEnvironmentName(this.text, nameEnd);
    if (env?.name !== 'tablenotes') return undefined;
    const close = findEnvironmentEnd(this.text, env.end, env.name, end);
    if (!close) return undefined;
    this.ownSegment('footnote', env.end, close.start);
    return close.end;
  }
}

/**
 * Appends a user macro's expansion read as prose (`prose`, offsets in the expansion) to `out`: a
 * character read from an argument maps to the argument's source (`map`), where that keeps the map in
 * source order; the others to the rest of the macro's use, from where the last argument character read
 * ends. Returns, for each character of `prose` and its end, its index in `out`.
 */
function remap(prose: ProseText, map: (start: number, end: number) => Span | undefined, use: Span, out: ProseBuilder): number[] {
  const at: number[] = [];
  let floor = use.start;
  let rest = use.start;
  for (let k = 0; k < prose.text.length; k++) {
    at.push(out.length);
    const own = map(prose.sourceStart[k], prose.sourceEnd[k]);
    const span = own && own.start >= floor ? own : { start: rest, end: use.end };
    if (span === own) rest = Math.max(rest, own.end);
    floor = span.start;
    if (/\s/.test(prose.text[k])) out.space(span.start, span.end);
    else out.replace(prose.text[k], span.start, span.end);
  }
  at.push(out.length);
  return at;
}

/** Whether a list item's label is a term ("BRCA1", "Sensitivity") rather than an enumerator or a symbol ("(a)", "iv.", "--"). */
function isTermLabel(label: string): boolean {
  if (/\$|\\\(/.test(label)) return false;
  const bare = label.replace(/\\[A-Za-z]+\*?|[{}]/g, ' ').replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
  return /\p{L}/u.test(bare) && !/^([ivxlcdm]+|\p{L}|\d+)$/iu.test(bare);
}

/**
 * The arguments a segment command makes segments of: its `arguments` (mandatory, 1-based), its last
 * optional one (`optional`: subfig's `\\subfloat[caption]{graphic}`), else its last mandatory one.
 */
function segmentArguments<G extends { kind: string }>(action: Extract<CommandAction, { kind: 'segment' }>, groups: readonly G[]): G[] {
  if (action.optional) return groups.filter((g) => g.kind === '[').slice(-1);
  const mandatory = groups.filter((g) => g.kind === '{');
  if (!action.arguments) return mandatory.length > 0 ? [mandatory[mandatory.length - 1]] : [];
  return action.arguments.flatMap((n) => (mandatory[n - 1] ? [mandatory[n - 1]] : []));
}

function hasCopiedWord(prose: ProseText, source: string): boolean {
  for (let i = 0; i < prose.text.length; i++) {
    const ch = prose.text[i];
    if (prose.sourceEnd[i] - prose.sourceStart[i] === 1 && source[prose.sourceStart[i]] === ch && /[\p{L}\p{N}]/u.test(ch)) return true;
  }
  return false;
}

/**
 * The arguments of `signature` (`*` a star after the name, `[`/`(` optional, `{` mandatory) read
 * from `from`, none reaching past `end`; stops at a missing mandatory one (`unclosed`: where one opens
 * that is never closed).
 */
export function readArguments(text: string, from: number, end: number, signature: string): { groups: { kind: string; group: Group }[]; end: number; unclosed?: number } {
  const groups: { kind: string; group: Group }[] = [];
  let i = from;
  for (const kind of signature) {
    if (kind === '*') {
      // TeX's \@ifstar skips spaces before the star: `\section *{T}` is starred
      const star = skipArgumentGap(text, i);
      if (text[star] === '*' && star < end) i = star + 1;
      continue;
    }
    const k = skipArgumentGap(text, i);
    if (k >= end) break;
    if (kind === '[' || kind === '(') {
      const g = readGroup(text, k, kind, kind === '[' ? ']' : ')');
      if (g && g.end <= end) {
        groups.push({ kind, group: g });
        i = g.end;
      }
    } else {
      if (text[k] !== '{') break;
      const g = readGroup(text, k);
      if (!g || g.end > end) return { groups, end: i, unclosed: k };
      groups.push({ kind, group: g });
      i = g.end;
    }
  }
  return { groups, end: i };
}

/** The `\end{name}` matching a `\begin{name}` whose body starts at `from`, counting nested ones; undefined if absent before `limit`. */
export function findEnvironmentEnd(text: string, from: number, name: string, limit: number, verbatim = false): Span | undefined {
  const endTag = `\\end{${name}}`;
  if (verbatim) {
    const k = text.indexOf(endTag, from);
    return k < 0 || k + endTag.length > limit ? undefined : { start: k, end: k + endTag.length };
  }
  const beginTag = `\\begin{${name}}`;
  let depth = 0;
  let i = from;
  // the next '%' is searched again only once passed: a search per command made a long comment-free table quadratic
  let pct = -1;
  while (i < limit) {
    const k = text.indexOf('\\', i);
    if (pct < i) {
      const found = text.indexOf('%', i);
      pct = found < 0 ? Infinity : found;
    }
    if (k < 0 || k >= limit) return undefined;
    if (pct >= 0 && pct < k && (pct === 0 || text[pct - 1] !== '\\')) {
      i = skipComment(text, pct);
      continue;
    }
    if (text.startsWith(endTag, k)) {
      if (depth === 0) return k + endTag.length <= limit ? { start: k, end: k + endTag.length } : undefined;
      depth--;
      i = k + endTag.length;
    } else if (text.startsWith(beginTag, k)) {
      depth++;
      i = k + beginTag.length;
    } else {
      const { name: command, end: nameEnd } = readCommandName(text, k);
      i = verbatimArgument(text, command, nameEnd)?.end ?? k + 2;
    }
  }
  return undefined;
}

/** Converts one paragraph (its own text, offsets relative to it). */
/** `usedBefore`: the acronym keys the file printed before this paragraph (`*`: all of them). */
export function convertLatexParagraph(paragraph: string, ctx: LatexConvertContext, usedBefore: Iterable<string> = []): ConvertedParagraph {
  return new LatexConverter(paragraph, ctx, usedBefore).run();
}
