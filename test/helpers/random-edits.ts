// Seeded, realistic edits of a manuscript or a .bib file, as an editor sends them: each edit is one or
// more LSP content changes (typing is one change per character), computed against a mirror of the text.
import type { Position, Range } from 'vscode-languageserver-protocol';

/** A small seeded PRNG (mulberry32): the same seed gives the same edits on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Change {
  range: Range;
  text: string;
}

/** What one step of an editing session sends: `changes` in one didChange each (a keystroke each, when typing). */
export interface Edit {
  kind: string;
  didChanges: Change[][];
}

/** The LSP position of a UTF-16 offset, lines ending in \n, \r\n or \r (as the server's TextDocument reads them). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

export function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

function offsetOf(text: string, position: Position): number {
  let line = 0;
  let i = 0;
  while (line < position.line && i < text.length) {
    const c = text.charCodeAt(i);
    i++;
    if (c === 10 || (c === 13 && text.charCodeAt(i) !== 10)) line++;
  }
  return i + position.character;
}

/** The text after one content change. */
export function applyChange(text: string, change: Change): string {
  return text.slice(0, offsetOf(text, change.range.start)) + change.text + text.slice(offsetOf(text, change.range.end));
}

/** Edits a mirrored text: each method returns the didChanges it made, the mirror already updated. */
export class TextEditor {
  constructor(public text: string, readonly random: () => number) {}

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /** Spans (of group 1 when the pattern has one) of every match after `from`. */
  matches(pattern: RegExp, from = 0): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    for (const m of this.text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
      if (m.index < from) continue;
      const inner = m[1] === undefined ? undefined : m[0].indexOf(m[1]);
      const start = inner === undefined ? m.index : m.index + inner;
      out.push({ start, end: start + (m[1] ?? m[0]).length });
    }
    return out;
  }

  replace(start: number, end: number, text: string): Change {
    const change = { range: rangeOf(this.text, start, end), text };
    this.text = this.text.slice(0, start) + text + this.text.slice(end);
    return change;
  }

  /** Types `typed` at `at` one character a didChange, then, with `erase`, deletes it again one backspace at a time. */
  type(at: number, typed: string, erase: boolean): Change[][] {
    const out: Change[][] = [];
    for (let i = 0; i < typed.length; i++) out.push([this.replace(at + i, at + i, typed[i])]);
    if (erase) for (let i = typed.length; i > 0; i--) out.push([this.replace(at + i - 1, at + i, '')]);
    return out;
  }

  /** Deletes `count` characters before `at`, one backspace each. */
  backspace(at: number, count: number): Change[][] {
    const out: Change[][] = [];
    for (let i = 0; i < count && at - i > 0; i++) out.push([this.replace(at - i - 1, at - i, '')]);
    return out;
  }

  /** Offsets where each line starts, from `from` on. */
  lineStarts(from = 0): number[] {
    const out: number[] = [];
    for (let i = from; i < this.text.length; i++) if (i === 0 || this.text[i - 1] === '\n') out.push(i);
    return out;
  }

  /** Offsets of the blank lines between paragraphs (the start of the empty line), from `from` on. */
  paragraphBreaks(from = 0): number[] {
    return this.matches(/\n(\r?\n)(?=\S)/g, from).map((m) => m.start);
  }

  /** The paragraphs (text between blank lines) from `from` on. */
  paragraphs(from = 0): { start: number; end: number }[] {
    return this.matches(/(?<=\n\r?\n)([^\r\n](?:[^\n]|\n(?!\r?\n))*)/g, from);
  }
}

const WORDS = ['alignment', 'reads', 'the', 'genome', 'x', 'foo', 'donor', 'aid', 'NGO', 'p53'];
const SENTENCES = [
  ' We repeated this with BWA-MEM and minimap2 on human reads.',
  ' Aid from the World Bank (WB) fell after the law passed.',
  ' The p53 protein binds DNA in HeLa cells.',
];

export interface ManuscriptEditOptions {
  language: 'latex' | 'markdown';
  /** Where the body's editable part starts (most edits stay after it: the preamble or front matter has edits of its own). */
  bodyStart: number;
  /** Keys the .bib defines, for typing a citation. */
  keys: readonly string[];
}

/** One random, realistic edit of a manuscript. */
export function manuscriptEdit(editor: TextEditor, options: ManuscriptEditOptions): Edit {
  const latex = options.language === 'latex';
  const from = options.bodyStart;
  const kinds: (() => Edit | undefined)[] = [
    () => {
      const word = editor.pick(editor.matches(/[A-Za-z]{4,}/g, from));
      if (!word) return undefined;
      const at = editor.int(word.start + 1, word.end - 1);
      return { kind: 'type in a word', didChanges: editor.type(at, editor.pick(['s', 'ed', 'x', 'ing'])!, editor.random() < 0.5) };
    },
    () => {
      const word = editor.pick(editor.matches(/[A-Za-z]{5,}/g, from));
      if (!word) return undefined;
      return { kind: 'delete in a word', didChanges: editor.backspace(editor.int(word.start + 2, word.end), editor.int(1, 2)) };
    },
    () => {
      const key = editor.pick(editor.matches(latex ? /\\cite[a-zA-Z]*\{([^}]+)\}/g : /\[-?@([\w:.-]*\w)/g, from));
      if (!key) return undefined;
      const end = latex ? editor.text.indexOf(',', key.start) < 0 || editor.text.indexOf(',', key.start) > key.end ? key.end : editor.text.indexOf(',', key.start) : key.end;
      if (editor.random() < 0.5) return { kind: 'type in a citation key', didChanges: editor.type(end, editor.pick(['a', 'x', '2'])!, editor.random() < 0.5) };
      return { kind: 'backspace in a citation key', didChanges: editor.backspace(end, 1) };
    },
    () => {
      const at = editor.pick(editor.paragraphBreaks(from));
      const key = editor.pick(options.keys);
      if (at === undefined || !key) return undefined;
      const citation = latex ? ` A new claim~\\citep{${key}}.` : ` A new claim [@${key}].`;
      const end = editor.text.lastIndexOf('.', at);
      if (end < from) return undefined;
      return { kind: 'type a citation', didChanges: editor.type(end + 1, citation, false) };
    },
    () => {
      const math = editor.pick(editor.matches(/\$([^$\n]+)\$/g, from));
      if (!math) return undefined;
      return { kind: 'type in math', didChanges: editor.type(editor.int(math.start, math.end), editor.pick(['+1', '\\alpha', 'k'])!, editor.random() < 0.4) };
    },
    () => {
      const line = editor.pick(editor.lineStarts(from));
      if (line === undefined) return undefined;
      const comment = latex ? '% TODO check this\n' : '<!-- TODO check this -->\n';
      const changes = editor.type(line, comment.slice(0, 6), false);
      changes.push([editor.replace(line + 6, line + 6, comment.slice(6))]);
      return { kind: 'type a comment', didChanges: changes };
    },
    () => {
      const at = editor.pick(editor.paragraphBreaks(from));
      if (at === undefined) return undefined;
      const heading = latex ? '\n\\section{Further results}\n' : '\n## Further results\n';
      return { kind: 'insert a heading', didChanges: [[editor.replace(at, at, heading)]] };
    },
    () => {
      const heading = editor.pick(editor.matches(latex ? /\n(\\(?:sub)*section\*?\{[^}\n]*\}[^\n]*\n)/g : /\n(#{1,3} [^\n]*\n)/g, from));
      if (!heading) return undefined;
      return { kind: 'remove a heading', didChanges: [[editor.replace(heading.start, heading.end, '')]] };
    },
    () => {
      const paragraph = editor.pick(editor.paragraphs(from));
      const at = editor.pick(editor.paragraphBreaks(from));
      if (!paragraph || at === undefined) return undefined;
      return { kind: 'paste a paragraph', didChanges: [[editor.replace(at, at, `\n${editor.text.slice(paragraph.start, paragraph.end)}\n`)]] };
    },
    () => {
      const lines = editor.lineStarts(from);
      if (lines.length < 8) return undefined;
      const first = editor.int(0, lines.length - 7);
      return { kind: 'delete lines', didChanges: [[editor.replace(lines[first], lines[first + editor.int(1, 5)], '')]] };
    },
    () => {
      const paragraph = editor.pick(editor.paragraphs(from).filter((p) => editor.text.slice(p.start, p.end).includes('\n') && !editor.text.slice(p.start, p.end).includes('\r')));
      if (!paragraph) return undefined;
      const crlf = editor.text.slice(paragraph.start, paragraph.end).replace(/\n/g, '\r\n');
      return { kind: 'paste the paragraph with CRLF', didChanges: [[editor.replace(paragraph.start, paragraph.end, crlf)]] };
    },
    () => {
      const at = editor.pick(editor.paragraphBreaks(from));
      if (at === undefined) return undefined;
      const end = editor.text.lastIndexOf('.', at);
      if (end < from) return undefined;
      return { kind: 'type a sentence', didChanges: [[editor.replace(end + 1, end + 1, editor.pick(SENTENCES)!)]] };
    },
    () => {
      // two changes in one didChange, as a multi-cursor edit sends them (the later one first)
      const words = editor.matches(/\b[a-z]{6,}\b/g, from);
      if (words.length < 2) return undefined;
      const a = editor.pick(words)!;
      const b = editor.pick(words.filter((w) => w.start > a.end + 2));
      if (!b) return undefined;
      const word = editor.pick(WORDS)!;
      const later = editor.replace(b.start, b.end, word);
      const earlier = editor.replace(a.start, a.end, word);
      return { kind: 'replace two words at once', didChanges: [[later, earlier]] };
    },
    () => (latex ? latexPreambleEdit(editor) : frontMatterEdit(editor, options.keys)),
  ];
  for (;;) {
    const edit = editor.pick(kinds)!();
    if (edit && edit.didChanges.length > 0) return edit;
  }
}

/** A macro defined or used, the bibliography style or natbib's options changed: what a project's structure is read from. */
function latexPreambleEdit(editor: TextEditor): Edit | undefined {
  const begin = editor.text.indexOf('\\begin{document}');
  if (begin < 0) return undefined;
  const defined = editor.text.indexOf('\\newcommand{\\tool}');
  const kinds: (() => Edit | undefined)[] = [
    () => (defined < 0
      ? { kind: 'preamble: define \\tool', didChanges: [[editor.replace(begin, begin, '\\newcommand{\\tool}{minimap2}\n')]] }
      : { kind: 'preamble: remove \\tool', didChanges: [[editor.replace(defined, editor.text.indexOf('\n', defined) + 1, '')]] }),
    () => {
      const at = editor.pick(editor.paragraphBreaks(begin));
      if (at === undefined) return undefined;
      const end = editor.text.lastIndexOf('.', at);
      if (end < begin) return undefined;
      return { kind: 'use \\tool', didChanges: editor.type(end + 1, ' We ran \\tool{} on them.', false) };
    },
    () => {
      const style = editor.matches(/\\bibliographystyle\{([^}]*)\}/g)[0];
      if (!style) return undefined;
      return { kind: 'preamble: bibliography style', didChanges: [[editor.replace(style.start, style.end, editor.pick(['apalike', 'unsrtnat', 'plainnat', 'abbrv'])!)]] };
    },
    () => {
      const natbib = editor.matches(/(\\usepackage(?:\[[^\]]*\])?)\{natbib\}/g)[0];
      if (!natbib) return undefined;
      const options = editor.text.slice(natbib.start, natbib.end) === '\\usepackage' ? '\\usepackage[numbers]' : '\\usepackage';
      const at = natbib.end;
      return { kind: 'preamble: natbib options', didChanges: [[editor.replace(natbib.start, at, options)]] };
    },
  ];
  return editor.pick(kinds)!();
}

/** The front matter's bibliography style, or an entry of its own (`references:`), written or removed. */
function frontMatterEdit(editor: TextEditor, keys: readonly string[]): Edit | undefined {
  const csl = editor.matches(/\ncsl: ([^\n]*)/g)[0];
  const inline = editor.matches(/\n(references:\n(?: [^\n]*\n)*)/g)[0];
  const kinds: (() => Edit | undefined)[] = [
    () => (csl ? { kind: 'front matter: csl', didChanges: [[editor.replace(csl.start, csl.end, editor.pick(['csl/chicago-author-date.csl', 'csl/ieee.csl', 'nature.csl'])!)]] } : undefined),
    () => {
      if (inline) return { kind: 'front matter: remove references', didChanges: [[editor.replace(inline.start, inline.end, '')]] };
      if (!csl) return undefined;
      const key = editor.pick(keys) ?? 'inline2020';
      const entry = `references:\n  - id: ${key}\n    type: article-journal\n    title: An entry of the front matter\n    author:\n      - family: Moreau\n        given: Anne\n    issued:\n      date-parts: [[2020]]\n`;
      const at = editor.text.indexOf('\n', csl.end) + 1;
      return { kind: 'front matter: add references', didChanges: [[editor.replace(at, at, entry)]] };
    },
  ];
  return editor.pick(kinds)!();
}

/** One random edit of a .bib file: a title word, a key renamed, an entry added for a cited key, an entry removed. */
export function bibEdit(editor: TextEditor, citedKeys: readonly string[]): Edit {
  const kinds: (() => Edit | undefined)[] = [
    () => {
      const title = editor.pick(editor.matches(/title\s*=\s*\{+([^}]+)\}/gi));
      if (!title) return undefined;
      return { kind: 'bib: type in a title', didChanges: editor.type(title.end, ' revisited', false) };
    },
    () => {
      const key = editor.pick(editor.matches(/@\w+\s*\{\s*([^,\s]+)\s*,/g));
      if (!key) return undefined;
      return { kind: 'bib: type in a key', didChanges: editor.type(key.end, 'x', editor.random() < 0.5) };
    },
    () => {
      const key = editor.pick(citedKeys);
      if (!key) return undefined;
      const entry = `\n@article{${key}x,\n  author = {Smith, Jane and Doe, John},\n  title = {An added entry},\n  journal = {J. Biol.},\n  year = {2021}\n}\n`;
      return { kind: 'bib: add an entry', didChanges: [[editor.replace(editor.text.length, editor.text.length, entry)]] };
    },
    () => {
      const entry = editor.pick(editor.matches(/\n(@\w+\s*\{[^@]*\}\s*)(?=\n@|$)/g));
      if (!entry) return undefined;
      return { kind: 'bib: remove an entry', didChanges: [[editor.replace(entry.start, entry.end, '')]] };
    },
    () => {
      const author = editor.pick(editor.matches(/author\s*=\s*\{([^,}]+)/gi));
      if (!author) return undefined;
      return { kind: 'bib: rename the first author', didChanges: [[editor.replace(author.start, author.end, 'Moreau')]] };
    },
  ];
  for (;;) {
    const edit = editor.pick(kinds)!();
    if (edit && edit.didChanges.length > 0) return edit;
  }
}
