// Readers for the evaluation data in shared/datasets: IOB2 token-per-line TSV, SciERC's
// space-separated IO format, and citation-intent JSON lines.

/** A labelled entity over a sentence's tokens: tokens [start, end), with the dataset's own label. */
export interface TokenEntity {
  start: number;
  end: number;
  label: string;
}

export interface NerSentence {
  tokens: string[];
  entities: TokenEntity[];
}

export type NerFormat = 'iob2' | 'io';

// SciERC (Penn Treebank tokenisation) escapes brackets; evaluation text shows them as printed.
const PTB_ESCAPES: Record<string, string> = {
  '-LRB-': '(', '-RRB-': ')', '-LSB-': '[', '-RSB-': ']', '-LCB-': '{', '-RCB-': '}', '``': '"', "''": '"',
};

/**
 * Entities from a tag sequence. IOB2: an entity starts at B-X, or at I-X after a different type or O
 * (conlleval's lenient reading of stray I- tags). IO: a run of I-X of one type is one entity.
 */
export function tagsToEntities(tags: readonly string[]): TokenEntity[] {
  const out: TokenEntity[] = [];
  let start = -1;
  let type = '';
  for (let i = 0; i <= tags.length; i++) {
    const tag = i < tags.length ? tags[i] : 'O';
    const dash = tag.indexOf('-');
    const prefix = tag === 'O' || dash < 0 ? 'O' : tag.slice(0, dash);
    const t = prefix === 'O' ? '' : tag.slice(dash + 1);
    const begins = prefix === 'B' || prefix === 'S' || (prefix !== 'O' && t !== type);
    if (start >= 0 && (prefix === 'O' || begins)) {
      out.push({ start, end: i, label: type });
      start = -1;
      type = '';
    }
    if (prefix !== 'O' && start < 0) {
      start = i;
      type = t;
    }
  }
  return out;
}

/** Tells the two token-per-line formats apart from the first non-empty lines. */
export function detectNerFormat(text: string): NerFormat {
  for (const line of text.split(/\r?\n/).slice(0, 200)) {
    if (line.trim() === '' || line.startsWith('-DOCSTART-')) continue;
    return line.includes('\t') ? 'iob2' : 'io';
  }
  return 'iob2';
}

/** A tag as the readers take it: O, or a prefix (IOB2, IOBES, BILOU) and a type. */
const TAG = /^(O|[BIESLU]-\S+)$/;

/**
 * Reads a token-per-line file: `token TAB tag` (IOB2) or `token POS chunk tag` (SciERC IO); blank lines
 * end sentences. A line whose last field is no tag (a JSON line, prose) is an error naming its line.
 */
export function readNer(text: string, format: NerFormat = detectNerFormat(text)): NerSentence[] {
  const sentences: NerSentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const flush = (): void => {
    if (tokens.length > 0) sentences.push({ tokens, entities: tagsToEntities(tags) });
    tokens = [];
    tags = [];
  };
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '') {
      flush();
      continue;
    }
    const parts = format === 'iob2' ? raw.split('\t') : raw.trim().split(/ +/);
    const token = parts[0];
    if (token === '-DOCSTART-') continue;
    const tag = parts[parts.length - 1].trim();
    const shown = JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
    if (/^\s*\{/.test(raw) && raw.trimEnd().endsWith('}')) {
      throw new Error(`line ${i + 1} is a JSON object, not a token and its tag: JSON lines are citation-intent data (sciwrite eval intent)`);
    }
    if (parts.length < 2) throw new Error(`line ${i + 1}: expected a token and its tag, ${format === 'iob2' ? 'separated by a tab' : 'separated by spaces'}: ${shown}`);
    if (!TAG.test(tag)) throw new Error(`line ${i + 1}: "${tag.length > 40 ? `${tag.slice(0, 37)}...` : tag}" is not a tag (O, B-type or I-type): ${shown}`);
    tokens.push(format === 'io' ? (PTB_ESCAPES[token] ?? token) : token);
    tags.push(tag);
  }
  flush();
  return sentences;
}

export interface IntentExample {
  text: string;
  label: string;
}

/** An example with the one-based line it was read from. */
export interface IntentRow extends IntentExample {
  line: number;
}

/** Reads JSON lines `{"text", "label", ...}`. */
export function readIntentJsonl(text: string): IntentExample[] {
  return readIntentRows(text).map(({ text: t, label }) => ({ text: t, label }));
}

/** Reads JSON lines `{"text", "label", ...}`, each with its line; errors name the line. */
export function readIntentRows(text: string): IntentRow[] {
  const out: IntentRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      const shown = JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
      throw new Error(`line ${i + 1} is not JSON${line.includes('\t') ? ' (a token and its tag? that is NER data: sciwrite eval ner)' : ''}: ${shown}`);
    }
    if (typeof row !== 'object' || row === null) throw new Error(`line ${i + 1}: not an object`);
    const { text: t, label } = row as { text?: unknown; label?: unknown };
    if (typeof t !== 'string' || typeof label !== 'string') throw new Error(`line ${i + 1}: needs string "text" and "label"`);
    out.push({ text: t, label, line: i + 1 });
  });
  return out;
}
