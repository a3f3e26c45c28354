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
  /** The text of a file no pass tagged, whose abbreviation definitions alone voted. */
  definitionsOf?: string;
}

export class ProjectVotes {
  private readonly byFile = new Map<string, FileVotes>();

  /**
   * Keeps a file's votes; returns the project's other files that mention a name whose votes changed
   * (they must be composed again).
   */
  record(path: string, project: VotingProject, votes: TypeVotes, definitionsOf?: string): Set<string> {
    const byName = new Map([...votes].map(([name, types]) => [name, JSON.stringify([...types].map(([type, v]) => [type, v.count, Math.round(v.score * 1000), Math.round(v.defined * 1000), v.longForm]))]));
    const before = this.byFile.get(path);
    this.byFile.set(path, { root: project.root, tagger: project.tagger, votes, byName, definitionsOf });
    const same = before?.root === project.root && before.tagger === project.tagger;
    const changed = [...new Set([...byName.keys(), ...(before?.byName.keys() ?? [])])].filter((name) => !same || before.byName.get(name) !== byName.get(name));
    if (changed.length === 0) return new Set();
    return new Set(this.peerEntries(path, project).filter(([, v]) => changed.some((name) => v.votes.has(name))).map(([other]) => other));
  }

  /**
   * The votes of the project's other files, from the same tagger. A file that left the project
   * (deleted, renamed, no longer included) stops voting.
   */
  peers(path: string, project: VotingProject): TypeVotes[] {
    return this.peerEntries(path, project).map(([, v]) => v.votes);
  }

  /** Whether a file's votes stand: a pass's, or its definitions' in this very text. */
  current(file: { file: string; text: string }, project: VotingProject): boolean {
    const known = this.byFile.get(file.file);
    return known?.root === project.root && known.tagger === project.tagger && (known.definitionsOf === undefined || known.definitionsOf === file.text);
  }

  private peerEntries(path: string, project: VotingProject): [string, FileVotes][] {
    return [...this.byFile].filter(([other, v]) => other !== path && project.files.has(other) && v.root === project.root && v.tagger === project.tagger);
  }
}
