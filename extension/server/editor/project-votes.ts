// Each tagged file's own type votes, kept per file with its project's root and the tagger: one type
// per name across a project's files (core/entities/consistency.ts settles them). A file's votes (and
// the text they come from) are kept while its project has a file open (`keepOpen`) and it is still
// one of the project's files.
import { readsVotesOf, type TypeVotes } from '../../core/entities/consistency.ts';
import { notedForms } from '../../core/entities/names-elsewhere.ts';

/** Whose votes count together: the files a project holds now, tagged by the same model. */
export interface VotingProject {
  root: string;
  tagger: string;
  files: ReadonlySet<string>;
}

interface FileVotes {
  root: string;
  tagger: string;
  votes: TypeVotes;
  /** Each name's votes as one string, to tell which names changed. */
  byName: Map<string, string>;
  /** The file's text the votes come from (a pass's, or only its abbreviation definitions'). */
  text: string;
}

/** What recording a file's votes changed. */
export interface RecordedVotes {
  /** The names whose votes changed. */
  changed: string[];
  /**
   * The project's other files whose harmonising reads one of them: they mention it, its plural or, for
   * an abbreviation, its long form, or write a distinctive name's typed form (they must be composed again).
   */
  peers: Set<string>;
}

export class ProjectVotes {
  private readonly byFile = new Map<string, FileVotes>();
  /** Each project's files as its latest recording saw them. */
  private readonly projects = new Map<string, ReadonlySet<string>>();

  /** Keeps a file's votes, taken from its text; the project's files that left it are forgotten. */
  record(path: string, project: VotingProject, votes: TypeVotes, text: string): RecordedVotes {
    this.projects.set(project.root, project.files);
    for (const [other, v] of this.byFile) if (v.root === project.root && !project.files.has(other)) this.byFile.delete(other);
    const byName = new Map([...votes].map(([name, types]) => [name, JSON.stringify([...types].map(([type, v]) => [type, v.count, Math.round(v.score * 1000), Math.round(v.defined * 1000), v.longForm]))]));
    const before = this.byFile.get(path);
    this.byFile.set(path, { root: project.root, tagger: project.tagger, votes, byName, text });
    const same = before?.root === project.root && before.tagger === project.tagger;
    const changed = [...new Set([...byName.keys(), ...(before?.byName.keys() ?? [])])].filter((name) => !same || before.byName.get(name) !== byName.get(name));
    if (changed.length === 0) return { changed, peers: new Set() };
    const others = this.peerEntries(path, project);
    // the file's definitions before the change too: a peer's long form of an abbreviation no longer defined
    const reads = readsVotesOf(changed, [votes, ...(before ? [before.votes] : []), ...others.map(([, v]) => v.votes)]);
    // a distinctive name a peer writes bare takes this file's type (names-elsewhere.ts), or took it: whatever
    // the case it is typed in here, all of a name's votes count together
    const written = changed
      .filter((name) => notedForms(votes.get(name)).length > 0 || notedForms(before?.votes.get(name)).length > 0)
      .map((name) => new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu'));
    return { changed, peers: new Set(others.filter(([, v]) => reads(v.votes) || written.some((name) => name.test(v.text))).map(([other]) => other)) };
  }

  /**
   * The votes of the project's other files, from the same tagger. A file that left the project
   * (deleted, renamed, no longer included) stops voting.
   */
  peers(path: string, project: VotingProject): TypeVotes[] {
    return this.peerEntries(path, project).map(([, v]) => v.votes);
  }

  /** Whether a file's votes stand: recorded for this project and tagger from the file's text as it is now. */
  current(file: { file: string; text: string }, project: VotingProject): boolean {
    const known = this.byFile.get(file.file);
    return known?.root === project.root && known.tagger === project.tagger && known.text === file.text;
  }

  /**
   * Forgets the votes of the projects none of whose files is open (`open`: the open manuscripts'
   * paths); a closed file of a project still open keeps voting.
   */
  keepOpen(open: ReadonlySet<string>): void {
    for (const [root, files] of this.projects) if (![...files].some((path) => open.has(path))) this.projects.delete(root);
    for (const [path, v] of this.byFile) if (!this.projects.has(v.root)) this.byFile.delete(path);
  }

  /** The files whose votes are kept. */
  files(): string[] {
    return [...this.byFile.keys()];
  }

  private peerEntries(path: string, project: VotingProject): [string, FileVotes][] {
    return [...this.byFile].filter(([other, v]) => other !== path && project.files.has(other) && v.root === project.root && v.tagger === project.tagger);
  }
}
