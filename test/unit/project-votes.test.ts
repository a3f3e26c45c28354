// The type votes of a project's files are kept only while the project has a file open, and a file
// that left its project is forgotten (a 20 MB chapter's text is not held until the server stops).
// ProjectVotes alone, then through the editor features' close, with a fake session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { TypeVote, TypeVotes } from '../../extension/core/entities/consistency.ts';
import type { ModelRegistry } from '../../extension/analysis/editor/index.ts';
import { EditorFeatures } from '../../extension/server/editor/features.ts';
import { ProjectVotes, type VotingProject } from '../../extension/server/editor/project-votes.ts';
import type { Session } from '../../extension/server/session.ts';

const A = join('/', 'thesis-a');
const B = join('/', 'thesis-b');
const a1 = join(A, 'intro.tex');
const a2 = join(A, 'model.tex');
const b1 = join(B, 'paper.tex');

function votes(name: string, type: string): TypeVotes {
  const vote: TypeVote = { score: 0.9, count: 1, defined: 0, model: 'builtin:tagger' };
  return new Map([[name, new Map([[type, vote]])]]);
}

const project = (root: string, ...files: string[]): VotingProject => ({ root, tagger: 'builtin:tagger', files: new Set(files) });

test('a project\'s votes are kept while one of its files is open, and forgotten once none is', () => {
  const store = new ProjectVotes();
  const a = project(A, a1, a2);
  const b = project(B, b1);
  store.record(a1, a, votes('gr', 'GeneProtein'), 'GR text');
  store.record(a2, a, votes('gr', 'GeneProtein'), 'GR model');
  store.record(b1, b, votes('itd', 'Method'), 'x'.repeat(1_000_000));
  assert.deepEqual(store.files().sort(), [a1, a2, b1]);

  store.keepOpen(new Set([a2]));
  assert.deepEqual(store.files().sort(), [a1, a2], 'project B has no file open: its votes and text are dropped');
  assert.ok(store.current({ file: a1, text: 'GR text' }, a), 'a closed chapter of an open project still votes');
  assert.equal(store.peers(a2, a).length, 1);
  assert.equal(store.current({ file: b1, text: 'x'.repeat(1_000_000) }, b), false, 'B is tagged again when opened again');

  store.keepOpen(new Set());
  assert.deepEqual(store.files(), []);
});

test('a file that left its project is forgotten when the project records again', () => {
  const store = new ProjectVotes();
  store.record(a1, project(A, a1, a2), votes('gr', 'GeneProtein'), 'GR text');
  store.record(a2, project(A, a1, a2), votes('gr', 'GeneProtein'), 'GR model');
  store.record(a1, project(A, a1), votes('gr', 'GeneProtein'), 'GR text, edited');
  assert.deepEqual(store.files(), [a1], 'model.tex was deleted or no longer included');
  assert.equal(store.current({ file: a2, text: 'GR model' }, project(A, a1, a2)), false, 'included again, it is read again');
});

test('closing the last open file of a project forgets its votes in the editor features', () => {
  const open: { uri: string; path: string }[] = [];
  const noop = () => ({ dispose: () => undefined });
  const session = {
    connection: { sendNotification: async () => undefined, console: { error: noop } },
    uris: { toPath: (uri: string) => fileURLToPath(uri), toUri: (path: string) => pathToFileURL(path).href },
    documents: { get: () => undefined, all: () => [] },
    openManuscripts: () => [...open],
  } as unknown as Session;
  const editor = new EditorFeatures(session, { registry: {} as ModelRegistry });
  const a = project(A, a1, a2);
  editor.projectVotes.record(a1, a, votes('gr', 'GeneProtein'), 'GR text');
  editor.projectVotes.record(a2, a, votes('gr', 'GeneProtein'), 'GR model');
  open.push({ uri: pathToFileURL(a1).href, path: a1 }, { uri: pathToFileURL(a2).href, path: a2 });

  editor.close(pathToFileURL(b1).href);
  assert.deepEqual(editor.projectVotes.files().sort(), [a1, a2], 'another project\'s file closed: kept');
  open.splice(0, 1);
  editor.close(pathToFileURL(a1).href);
  assert.deepEqual(editor.projectVotes.files().sort(), [a1, a2], 'its chapter still open: kept');
  open.splice(0, 1);
  editor.close(pathToFileURL(a2).href);
  assert.deepEqual(editor.projectVotes.files(), [], 'no file of the project open: forgotten');
});
