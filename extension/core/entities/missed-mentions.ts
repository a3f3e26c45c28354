// A distinctive name the tagger typed in one place is the same name where it missed it: "SciBERT"
// typed a method in the abstract is one in "such as SciBERT [8]" too, which the tagger, reading
// paragraph by paragraph, left bare. Only names no dictionary holds count — a capital after the
// first letter ("SciBERT", "FOXP3", "NF-κB") or letters with a digit ("IL-2", "BCL-2") — never an
// ordinary word ("cell", "Transformer", "Table"), whose other uses may mean something else, nor two or
// three capitals alone ("DNA", "PSD", "MRI"): so few letters spell a different thing in each field
// (postsynaptic density, power spectral density), and the tagger types them by their context. Only
// single tokens (hyphens joining one name): in a longer name the distinctive word is a modifier
// whose head decides the type ("JNLPBA shared task data" is a material, "JNLPBA" alone may be the
// task), so a phrase's type does not pass to its word. The name must have a clear type (consistency.ts: the
// share a type must hold, a lone type too; an even split adds nothing); the added mention is written
// exactly as a typed one (case included), a whole word (no part of a path: "bin/minimap2"; one of slash
// alternatives of names alike is: "CD4/CD8", not "minimap2/FOXP3"), no label of
// a figure, table or supplementary file ("Table S1" is no protein S1; "In Figure 2, FOXP3 …" is a mention),
// on characters no entity covers, and passes the tagger's own span rules (`plausible.ts`) and whatever the caller checks besides. It says why,
// with the agreeing mentions' mean confidence, as a mention re-typed by the vote has. A name only the
// project's other files type is added as their votes settle it (`names-elsewhere.ts`).
import { normalizeMention } from './dismissals.ts';
import { figureLabel } from './figure-labels.ts';
import type { ClearType } from './consistency.ts';
import { plausibleSpan } from './plausible.ts';
import type { ProseEntity } from './types.ts';

const ONE_TOKEN = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
const ROMAN = /^[IVXLCDM]+$/;
/** "DNA", "PSD", "GR": an acronym too short to name one thing. */
const SHORT_ACRONYM = /^\p{Lu}{2,3}$/u;
/** "1st", "2nd", "3rd", "20th", "1980s": a number's suffix. */
const NUMBER_SUFFIX = /^\p{N}+(?:st|nd|rd|th|s)$/u;

/** Whether a name is shaped as no ordinary word is: "SciBERT", "FOXP3", "NF-κB", "IL-2", "GMAP"; not "cell", "Transformer", "II", "DNA". */
export function distinctiveName(name: string): boolean {
  if (name.length < 2 || !ONE_TOKEN.test(name) || ROMAN.test(name) || NUMBER_SUFFIX.test(name) || SHORT_ACRONYM.test(name)) return false;
  const letters = /\p{L}/u.test(name);
  return (letters && /\p{N}/u.test(name)) || /^.+\p{Lu}/u.test(name);
}

/**
 * Where a whole word starts and ends: no letter, digit or joining hyphen on either side, nor a dot
 * joining it to an identifier ("scipy.spatial.cKDTree.query" names a function, not the class), nor a
 * slash or backslash of a path ("bin/minimap2", "./minimap2", "data/FOXP3"; "CD4/CD8" goes too).
 */
export function wholeWord(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  if (/[\p{L}\p{N}_/\\-]$|[\p{L}\p{N}_]\.$/u.test(before)) return false;
  if (end < text.length && /[\p{L}\p{N}_/\\]/u.test(text[end])) return false;
  return !/^[-.][\p{L}\p{N}]/u.test(text.slice(end, end + 2));
}

const TOKEN_BEFORE = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
const TOKEN_AFTER = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/u;

/**
 * The words a slash joins to the one at `start`–`end`, it included ("CD4/CD8", "CaMKII/PP1/PP2A"), or
 * none: no slash joins it, or the slashes are a path's or an address's ("bin/minimap2", "./minimap2",
 * "github.com/lh3/minimap2", "minimap2/"). Whether the words are names alike is the caller's to say.
 */
function slashAlternatives(text: string, start: number, end: number): { start: number; end: number }[] | undefined {
  const parts = [{ start, end }];
  for (let at = start; text[at - 1] === '/'; at = parts[0].start) {
    const word = TOKEN_BEFORE.exec(text.slice(Math.max(0, at - 61), at - 1));
    if (!word) return undefined;
    parts.unshift({ start: at - 1 - word[0].length, end: at - 1 });
  }
  for (let at = end; text[at] === '/'; at = parts[parts.length - 1].end) {
    const word = TOKEN_AFTER.exec(text.slice(at + 1, at + 61));
    if (!word) return undefined;
    parts.push({ start: at + 1, end: at + 1 + word[0].length });
  }
  return parts.length > 1 && wholeWord(text, parts[0].start, parts[parts.length - 1].end) ? parts : undefined;
}

/**
 * Whether the name at `start`–`end`, of type `type`, stands in slash alternatives of names alike
 * ("CD4/CD8"): each other word a distinctive name or an entity of `list`, none typed otherwise (`typeOf`).
 */
function alikeAlternatives(text: string, start: number, end: number, type: string, list: readonly ProseEntity[], typeOf: (name: string) => string | undefined): boolean {
  const parts = slashAlternatives(text, start, end);
  return parts !== undefined && parts.every((p) => {
    if (p.start === start) return true;
    const entity = list.find((e) => e.start === p.start && e.end === p.end);
    const name = text.slice(p.start, p.end);
    return (entity !== undefined || distinctiveName(name)) && (entity?.type ?? typeOf(name) ?? type) === type && !list.some((e) => e !== entity && e.start < p.end && p.start < e.end);
  });
}

function overlaps(list: readonly ProseEntity[], start: number, end: number): boolean {
  return list.some((e) => e.start < end && start < e.end);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface MissedMentionOptions {
  /** Whether the tagger read segment `i` (tagged, English prose, no name list or back matter). Default: all. */
  reads?: (segment: number) => boolean;
  /** The caller's own rules for a mention it would add (cited authors, software, definitions…): false drops it. */
  keep?: (segment: number, mention: ProseEntity) => boolean;
  /** The forms of names only the project's other files type, with the type their votes settle (`names-elsewhere.ts`). */
  typedElsewhere?: ReadonlyMap<string, ClearType>;
}

/**
 * Adds, in place, the mentions the tagger missed of the distinctive names it typed in `lists` (in
 * `texts[i]`), typed as `clear` settles the name (`clearTypes`, read before harmonising).
 */
export function addMissedMentions(lists: ProseEntity[][], texts: readonly string[], clear: ReadonlyMap<string, ClearType>, options: MissedMentionOptions = {}): void {
  // each form as the tagger typed it, with its name's type
  const forms = new Map<string, ClearType>();
  lists.forEach((list, i) => {
    for (const e of list) {
      const form = texts[i].slice(e.start, e.end);
      // the shape first: few mentions have it, and normalising each name costs more
      if (e.longForm !== undefined || !distinctiveName(form)) continue;
      const settled = clear.get(normalizeMention(form));
      if (settled?.model !== undefined && e.type === settled.type) forms.set(form, settled);
    }
  });
  for (const [form, settled] of options.typedElsewhere ?? []) {
    if (!forms.has(form) && texts.some((text) => text.includes(form))) forms.set(form, settled);
  }
  if (forms.size === 0) return;
  const any = new RegExp([...forms.keys()].sort((a, b) => b.length - a.length).map(escaped).join('|'), 'gu');
  texts.forEach((text, i) => {
    let read: boolean | undefined;
    for (const m of text.matchAll(any)) {
      const start = m.index;
      const end = start + m[0].length;
      const settled = forms.get(m[0]);
      if (!settled?.model || figureLabel(text, start, m[0]) !== undefined || overlaps(lists[i], start, end)) continue;
      if (!wholeWord(text, start, end) && !alikeAlternatives(text, start, end, settled.type, lists[i], (name) => forms.get(name)?.type)) continue;
      if (!(read ??= options.reads?.(i) ?? true)) break;
      const plausible = plausibleSpan(text, start, end);
      if (plausible?.start !== start || plausible.end !== end) continue;
      const because = options.typedElsewhere?.get(m[0]) === settled
        ? 'its mentions in the project\'s other files have this type'
        : `its other mentions ${settled.elsewhere ? 'in this document and the project\'s other files' : 'in this document'} have this type`;
      const mention: ProseEntity = { start, end, type: settled.type, score: settled.score, model: settled.model, typedBecause: because };
      if (options.keep && !options.keep(i, mention)) continue;
      lists[i].push(mention);
    }
  });
}
