// Each tagged file's own type votes, kept per file with its project's root and the tagger: one type
// per name across a project's files (core/entities/consistency.ts settles them).
import type { TypeVotes } from '../../core/entities/consistency.ts';

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
  /** The project's other files whose votes mention one of them (they must be composed again). */
  peers: Set<string>;
}

export class ProjectVotes {
  private readonly byFile = new Map<string, FileVotes>();

  /** Keeps a file's votes, taken from its text. */
  record(path: string, project: VotingProject, votes: TypeVotes, text: string): RecordedVotes {
    const byName = new Map([...votes].map(([name, types]) => [name, JSON.stringify([...types].map(([type, v]) => [type, v.count, Math.round(v.score * 1000), Math.round(v.defined * 1000), v.longForm]))]));
    const before = this.byFile.get(path);
    this.byFile.set(path, { root: project.root, tagger: project.tagger, votes, byName, text });
    const same = before?.root === project.root && before.tagger === project.tagger;
    const changed = [...new Set([...byName.keys(), ...(before?.byName.keys() ?? [])])].filter((name) => !same || before.byName.get(name) !== byName.get(name));
    const peers = changed.length === 0 ? new Set<string>() : new Set(this.peerEntries(path, project).filter(([, v]) => changed.some((name) => v.votes.has(name))).map(([other]) => other));
    return { changed, peers };
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

  private peerEntries(path: string, project: VotingProject): [string, FileVotes][] {
    return [...this.byFile].filter(([other, v]) => other !== path && project.files.has(other) && v.root === project.root && v.tagger === project.tagger);
  }
}
