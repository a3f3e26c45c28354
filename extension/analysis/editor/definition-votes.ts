// The type votes of a project file nobody has opened. The paragraphs that define an abbreviation are
// tagged (a handful per chapter; never back matter, which no pass tags either), since a definition's
// type outranks every other vote for its abbreviation across the project; so are those that mention a
// name an open file writes (whole words, in any case, as consistency.ts compares names), so that those
// names count the votes the whole project's analysis (`sciwrite analyze`) counts. The definitions and
// the mentions are found a slice of the file at a time, and the paragraphs tagged one at a time, the
// event loop turning between them: a 20 MB chapter never holds the server for seconds. What is found
// and tagged is kept with the file's text and the tagger, so a keystroke in the open file tags nothing
// here unless it writes a name not searched before, and composes the votes again only once a paragraph
// was tagged.
import { abbreviationMentions, analyzeAbbreviations, segmentDefinitions, type DefinedAbbreviation, type DocumentAbbreviations } from '../../core/abbreviations/index.ts';
import type { TypeVotes } from '../../core/entities/consistency.ts';
import { normalizeMention } from '../../core/entities/dismissals.ts';
import { distinctiveNamesWritten } from '../../core/entities/names-elsewhere.ts';
import type { ProseEntity } from '../../core/entities/types.ts';
import { backMatterParagraphs } from '../../core/prose/back-matter.ts';
import type { FileAnalysis } from '../index.ts';
import { fileTypeVotes, type ComposeOptions } from './compose.ts';
import type { EntityTagger } from './models.ts';
import { yieldToLoop } from './scheduler.ts';

/** Prose characters searched for definitions or names between two turns of the event loop (a few milliseconds' work). */
export const DEFINITION_SLICE_CHARS = 200_000;

/** How many inputs' votes a file keeps composed (one per open file of its project that reads it differently, a few at most). */
const COMPOSED_KEPT = 4;

type VotingFile = Pick<FileAnalysis, 'segments' | 'text'>;

/** What an unopened file's votes are composed under; the same `key`, the same inputs. */
export type VoteInputs = Pick<ComposeOptions, 'citedNames' | 'softwareNames'> & { key?: string };

/** Each segment's abbreviation definitions, found a slice of the file at a time. */
export async function definitionsInSlices(segments: VotingFile['segments']): Promise<DefinedAbbreviation[][]> {
  const bySegment: DefinedAbbreviation[][] = [];
  let read = 0;
  for (const [i, segment] of segments.entries()) {
    if (read >= DEFINITION_SLICE_CHARS) {
      read = 0;
      await yieldToLoop();
    }
    bySegment.push(segmentDefinitions(segment, i));
    read += segment.prose.text.length;
  }
  return bySegment;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** Whether the normalised prose `prose` (its words `words`) writes the normalised name `name` as whole words. */
function writes(prose: string, words: ReadonlySet<string>, name: string): boolean {
  if (!name.split(NOT_WORD).every((word) => word === '' || words.has(word))) return false;
  const openStart = WORD_CHAR.test(name[0]);
  const openEnd = WORD_CHAR.test(name[name.length - 1]);
  for (let at = prose.indexOf(name); at >= 0; at = prose.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((!openStart || at === 0 || !WORD_CHAR.test(prose[at - 1])) && (!openEnd || end === prose.length || !WORD_CHAR.test(prose[end]))) return true;
  }
  return false;
}

/** What is found and tagged of one unopened file's text for one tagger, and the votes it gives. */
export class UnopenedFileVotes {
  private definitions?: DefinedAbbreviation[][];
  /** The definitions, and the abbreviation uses in the paragraphs `usesRead`. */
  private abbreviations?: DocumentAbbreviations;
  private readonly usesRead = new Set<number>();
  /**
   * Per inputs' key, the votes of every name of the tagged paragraphs (`read` of them) and those
   * returned: two open files reading the bibliography differently each keep theirs.
   */
  private readonly composed = new Map<string, { read: number; inputs: VoteInputs; all: TypeVotes; kept: string[]; votes?: TypeVotes }>();
  private readonly untagged: ReadonlySet<number>;
  /** The names whose mentions are among the paragraphs tagged or `pending`. */
  private readonly searched = new Set<string>();
  private readonly pending = new Set<number>();
  private readonly tagged: (readonly ProseEntity[] | undefined)[];

  constructor(readonly file: VotingFile, readonly tagger: string) {
    this.tagged = file.segments.map(() => undefined);
    const backMatter = backMatterParagraphs(file.segments);
    this.untagged = new Set(file.segments.flatMap((s, i) => (backMatter.has(i) || s.prose.text.trim() === '' ? [i] : [])));
  }

  /** Whether this is what is known of `file`'s text as it is now, for `tagger`. */
  holds(file: Pick<VotingFile, 'text'>, tagger: string): boolean {
    return this.file.text === file.text && this.tagger === tagger;
  }

  /**
   * Tags the defining paragraphs and those mentioning one of `names` (normalised, as consistency.ts keys
   * them) that are not tagged yet, through `tag`; resolves false when `isCurrent` turned false first (what
   * was found and tagged is kept for the next call), true once every such paragraph is tagged.
   */
  async extend(names: Iterable<string>, tag: (text: string) => Promise<readonly ProseEntity[]>, isCurrent: () => boolean): Promise<boolean> {
    const segments = this.file.segments;
    if (!this.definitions) {
      const definitions = await definitionsInSlices(segments);
      this.definitions = definitions;
      for (const [i, list] of definitions.entries()) if (list.length > 0 && this.wanted(i)) this.pending.add(i);
    }
    const fresh = [...new Set(names)].filter((name) => !this.searched.has(name) && name !== '');
    if (fresh.length > 0) {
      let read = 0;
      for (const [i, segment] of segments.entries()) {
        if (read >= DEFINITION_SLICE_CHARS) {
          read = 0;
          await yieldToLoop();
          if (!isCurrent()) return false;
        }
        read += segment.prose.text.length;
        if (!this.wanted(i) || this.pending.has(i)) continue;
        const prose = normalizeMention(segment.prose.text);
        const words = new Set(prose.split(NOT_WORD));
        if (fresh.some((name) => writes(prose, words, name))) this.pending.add(i);
      }
      for (const name of fresh) this.searched.add(name);
    }
    for (const i of [...this.pending].sort((a, b) => a - b)) {
      await yieldToLoop();
      if (!isCurrent()) return false;
      const entities = await tag(segments[i].prose.text);
      if (!isCurrent()) return false;
      this.tagged[i] = entities;
      this.pending.delete(i);
    }
    return true;
  }

  /**
   * The votes of the tagged paragraphs, composed as `analyze` composes the whole file under the same
   * inputs: the defined abbreviations' and the searched names' (a paragraph that defines one and
   * mentions another votes once). They are composed again only when a paragraph was tagged or the
   * inputs changed (`inputs.key`, else the inputs' own objects): a name searched and found nowhere
   * returns the same votes, the same object, without composing; the abbreviation uses of each tagged
   * paragraph are looked for once.
   */
  votes(inputs: VoteInputs = {}): TypeVotes {
    const segments = this.file.segments;
    if (!this.definitions) return new Map();
    const fresh = new Set(segments.flatMap((_, i) => (this.tagged[i] && !this.usesRead.has(i) ? [i] : [])));
    if (fresh.size > 0) {
      // uses are looked for in the tagged paragraphs alone: the only ones whose entities vote
      const found = analyzeAbbreviations(segments, this.file.text, { definitionsBySegment: this.definitions, usesIn: fresh, usesOnly: true });
      this.abbreviations = { definitions: found.definitions, definitionsBySegment: found.definitionsBySegment, uses: [...(this.abbreviations?.uses ?? []), ...found.uses], undefined: [] };
      for (const i of fresh) this.usesRead.add(i);
    }
    if (this.usesRead.size === 0 || !this.abbreviations) return new Map();
    const slot = inputs.key ?? '';
    let composed = this.composed.get(slot);
    const same = composed?.read === this.usesRead.size && (inputs.key !== undefined || (composed.inputs.citedNames === inputs.citedNames && composed.inputs.softwareNames === inputs.softwareNames));
    if (!composed || !same) {
      const all = fileTypeVotes(segments, this.file.text, this.tagged, { citedNames: inputs.citedNames, softwareNames: inputs.softwareNames, abbreviations: this.abbreviations });
      for (const [other, c] of this.composed) if (c.read !== this.usesRead.size || this.composed.size >= COMPOSED_KEPT) this.composed.delete(other);
      this.composed.set(slot, (composed = { read: this.usesRead.size, inputs, all, kept: [] }));
    }
    const kept = [...composed.all].filter(([name, types]) => this.searched.has(name) || [...types.values()].some((v) => v.defined > 0));
    if (composed.votes && kept.length === composed.kept.length && kept.every(([name], k) => name === composed.kept[k])) return composed.votes;
    composed.kept = kept.map(([name]) => name);
    composed.votes = new Map(kept);
    return composed.votes;
  }

  private wanted(i: number): boolean {
    return this.tagged[i] === undefined && !this.untagged.has(i);
  }
}

/**
 * The names whose votes in the project's other files (`elsewhere`) composing `file` reads
 * (consistency.ts): those of its own votes (`own`), their singulars ("ITD" for "ITDs"), the
 * abbreviations whose long forms it writes and those the other files define that it writes, and the
 * distinctive names it writes, which the other files' votes may type where its tagger did not
 * (names-elsewhere.ts).
 */
export function namesRead(file: Pick<FileAnalysis, 'segments' | 'text'>, own: TypeVotes, elsewhere: readonly TypeVotes[]): Set<string> {
  const out = distinctiveNamesWritten(file.segments.map((s) => s.prose.text));
  for (const name of own.keys()) {
    out.add(name);
    if (name.endsWith('s')) out.add(name.slice(0, -1));
  }
  const defined = new Set<string>();
  for (const votes of elsewhere) {
    for (const [short, types] of votes) {
      for (const vote of types.values()) {
        if (vote.defined <= 0 || vote.longForm === undefined) continue;
        defined.add(short);
        const long = normalizeMention(vote.longForm);
        if (own.has(long) || own.has(`${long}s`)) out.add(short);
      }
    }
  }
  for (const mention of abbreviationMentions(file.segments, file.text, defined)) out.add(mention.short.toLowerCase());
  return out;
}

/** The votes of an unopened file's abbreviation definitions alone. */
export async function definitionVotes(file: VotingFile, tagger: Pick<EntityTagger, 'tag'>): Promise<TypeVotes> {
  const votes = new UnopenedFileVotes(file, '');
  await votes.extend([], async (text) => (await tagger.tag([text]))[0], () => true);
  return votes.votes();
}
