// The cue-phrase features of a citing sentence, identical to models/intent/cues.py (its docstring is the
// spec): agents (we / they), phrases of using, comparing, contrasting, extending, motivating and future
// work, where they stand relative to the citation, and the citation's own shape. The lexicons come from
// the model's features.json; the rules are here. Every pattern is ASCII, so both engines read it alike.

export interface CueSpec {
  /** How many tokens from a citation a cue still counts as near it. */
  near: number;
  /** class → phrases (words separated by spaces; a word ending in '*' is a prefix) */
  lexicon: Record<string, string[]>;
  stopCaps: string[];
  particles: string[];
  /** The block's weight after L2 normalisation. */
  weight: number;
}

interface Entry {
  words: string[];
  classes: string[];
}

/** A cue spec with its lexicon compiled for matching. */
export interface CueMatcher {
  spec: CueSpec;
  byFirst: Map<string, Entry[]>;
  prefixFirst: Entry[];
  stopCaps: Set<string>;
  particles: Set<string>;
}

const CITE = /\[\s*[0-9]+(?:\s*[-,;]\s*[0-9]+)*\s*\]|\([^()]*?[0-9]{4}[a-z]?[^()]*\)|\(\s*[0-9]+(?:\s*[-,;]\s*[0-9]+)*\s*\)/g;
const YEARS_ONLY = /^\(\s*[0-9]{4}[a-z]?(?:\s*[,;]\s*[0-9]{4}[a-z]?)*\s*\)$/;
const TOKEN = /\x00[0-9]+\x00|[A-Za-z0-9_]+(?:[-'][A-Za-z0-9_]+)*\.?|[.,;:!?%&]/g;
const CLAUSE_PUNCT = new Set([',', ';', ':', '.', '!', '?']);
const CLAUSE_WORDS = new Set(['but', 'whereas', 'while', 'although']);
const TEXTUAL = 'TCITE';
const PARENTHETICAL = 'PCITE';

/** Python's tuple order on the entries' words: element by element, then the shorter first. */
function compareWords(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

export function compileCues(spec: CueSpec): CueMatcher {
  const classesOf = new Map<string, Set<string>>();
  for (const [cls, phrases] of Object.entries(spec.lexicon)) {
    for (const phrase of phrases) {
      const words = phrase.split(/\s+/).join(' ');
      classesOf.set(words, (classesOf.get(words) ?? new Set<string>()).add(cls));
    }
  }
  const entries: Entry[] = [...classesOf].map(([phrase, classes]) => ({ words: phrase.split(' '), classes: [...classes].sort() }));
  entries.sort((a, b) => b.words.length - a.words.length || compareWords(a.words, b.words));
  const byFirst = new Map<string, Entry[]>();
  const prefixFirst: Entry[] = [];
  for (const e of entries) {
    if (e.words[0].endsWith('*')) prefixFirst.push(e);
    else if (byFirst.has(e.words[0])) byFirst.get(e.words[0])?.push(e);
    else byFirst.set(e.words[0], [e]);
  }
  return { spec, byFirst, prefixFirst, stopCaps: new Set(spec.stopCaps), particles: new Set(spec.particles) };
}

const matches = (pattern: string, token: string): boolean => (pattern.endsWith('*') ? token.startsWith(pattern.slice(0, -1)) : token === pattern);
const stripDots = (w: string): string => w.replace(/\.+$/, '');

interface Analysis {
  words: string[];
  /** Per token: the classes of the match it belongs to and whether it is the match's first token. */
  tags: ({ classes: string[]; first: boolean } | undefined)[];
  clause: number[];
  cites: number[];
  references: number;
  egInCite: boolean;
}

function analyse(text: string, m: CueMatcher): Analysis {
  const kinds: string[] = [];
  let references = 0;
  let egInCite = false;
  let k = 0;
  const marked = text.replace(CITE, (span) => {
    const textual = YEARS_ONLY.test(span);
    kinds.push(textual ? TEXTUAL : PARENTHETICAL);
    references += 1 + (span.match(/;/g)?.length ?? 0) + (textual ? span.match(/,/g)?.length ?? 0 : 0);
    const lower = span.toLowerCase();
    if (lower.includes('e.g.') || lower.includes('see ') || lower.includes('cf.')) egInCite = true;
    return ` \x00${k++}\x00 `;
  });
  const tokens: (string | { kind: string })[] = [];
  for (const t of marked.match(TOKEN) ?? []) {
    if (!t.startsWith('\x00')) {
      tokens.push(t);
      continue;
    }
    const kind = kinds[Number(t.slice(1, -1))];
    if (kind === TEXTUAL) {
      // the author name before "( year )" is part of the citation
      for (let n = 0; tokens.length > 0 && n < 6; n++) {
        const p = tokens[tokens.length - 1];
        if (typeof p !== 'string') break;
        const pl = stripDots(p.toLowerCase());
        const name = p[0] >= 'A' && p[0] <= 'Z' && !m.stopCaps.has(pl);
        if (!(name || pl === 'et' || pl === 'al' || pl === 'and' || p === '&' || p === ',' || m.particles.has(pl))) break;
        tokens.pop();
      }
    }
    tokens.push({ kind });
  }
  const words = tokens
    .map((t) => (typeof t !== 'string' ? t.kind : CLAUSE_PUNCT.has(t) ? t : stripDots(t.toLowerCase())))
    .filter((w) => w !== '');
  const cites = words.flatMap((w, i) => (w === TEXTUAL || w === PARENTHETICAL ? [i] : []));
  const tags: Analysis['tags'] = words.map(() => undefined);
  for (let i = 0; i < words.length;) {
    const candidates = [...(m.byFirst.get(words[i]) ?? []), ...m.prefixFirst.filter((e) => words[i].startsWith(e.words[0].slice(0, -1)))]
      .sort((a, b) => b.words.length - a.words.length);
    const hit = candidates.find((e) => i + e.words.length <= words.length && e.words.every((p, j) => matches(p, words[i + j])));
    if (!hit) {
      i++;
      continue;
    }
    hit.words.forEach((_, j) => (tags[i + j] = { classes: hit.classes, first: j === 0 }));
    i += hit.words.length;
  }
  const clause: number[] = [];
  let c = 0;
  for (const w of words) {
    if (CLAUSE_PUNCT.has(w) || CLAUSE_WORDS.has(w)) {
      c++;
      clause.push(-1);
    } else clause.push(c);
  }
  return { words, tags, clause, cites, references, egInCite };
}

/** The names of the cue features that fire on a sentence (all binary). */
export function cueFeatures(text: string, m: CueMatcher): Set<string> {
  const { words, tags, clause, cites, references, egInCite } = analyse(text, m);
  const f = new Set<string>();
  const n = words.length;
  const clausesWith = (cls: string) => new Set(tags.flatMap((t, i) => (t?.classes.includes(cls) ? [clause[i]] : [])));
  const citeClauses = new Set(cites.map((i) => clause[i]));
  const selfClauses = clausesWith('SELF');
  const otherClauses = clausesWith('OTHER');
  for (const i of cites) if (words[i] === TEXTUAL) otherClauses.add(clause[i]);
  const firstCite = cites[0];
  tags.forEach((t, i) => {
    if (!t?.first) return;
    for (const C of t.classes) {
      f.add(`has:${C}`);
      if (cites.length > 0 && Math.min(...cites.map((j) => Math.abs(i - j))) <= m.spec.near) f.add(`near:${C}`);
      if (citeClauses.has(clause[i]) && clause[i] >= 0) f.add(`clause:${C}`);
      if (firstCite !== undefined) f.add(`${i < firstCite ? 'pre' : 'post'}:${C}`);
      if (C !== 'SELF' && selfClauses.has(clause[i])) f.add(`self+${C}`);
      if (C !== 'OTHER' && otherClauses.has(clause[i])) f.add(`other+${C}`);
    }
  });
  f.add(`n=${references < 3 ? references : '3+'}`);
  if (firstCite !== undefined) {
    f.add(`g=${cites.length < 3 ? cites.length : '3+'}`);
    if (cites.some((i) => words[i] === TEXTUAL)) f.add('textual');
    if (cites.some((i) => words[i] === PARENTHETICAL)) f.add('parenthetical');
    const k0 = n > 0 && /^[0-9]+$/.test(words[0]) ? 1 : 0;
    if (n > k0 && words[k0] === TEXTUAL) f.add('subject');
    const r = firstCite / Math.max(1, n - 1);
    f.add(`pos:${r < 0.2 ? 'start' : r >= 0.8 ? 'end' : 'mid'}`);
    if (words.slice(cites[cites.length - 1] + 1).every((w) => CLAUSE_PUNCT.has(w))) f.add('cite_last');
    if (egInCite) f.add('eg_in_cite');
  }
  if (n > 0 && tags[0]?.classes.includes('SELF')) f.add('startsWithSelf');
  f.add(`len:${n < 15 ? 's' : n < 30 ? 'm' : 'l'}`);
  if (tags.some((t) => t?.classes.includes('SELFPREV'))) f.add('self_cite');
  return f;
}

export function parseCueSpec(doc: unknown): CueSpec | undefined {
  if (doc === undefined) return undefined;
  const o = doc as Partial<Record<keyof CueSpec, unknown>>;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const lexicon = o.lexicon;
  const ok = typeof o.near === 'number' && typeof o.weight === 'number' && strings(o.stopCaps) && strings(o.particles)
    && typeof lexicon === 'object' && lexicon !== null && Object.values(lexicon).every(strings);
  if (!ok) throw new Error('intent features: malformed cues section');
  return { near: o.near as number, weight: o.weight as number, lexicon: lexicon as Record<string, string[]>, stopCaps: o.stopCaps as string[], particles: o.particles as string[] };
}
