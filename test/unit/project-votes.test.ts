// The type votes of a project's files are kept only while the project has a file open, and a file
// that left its project is forgotten (a 20 MB chapter's text is not held until the server stops).
// ProjectVotes alone, then through the editor features' close, with a fake session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { typeVotes, type TypeVote, type TypeVotes } from '../../extension/core/entities/consistency.ts';
import { noteTypedForms } from '../../extension/core/entities/names-elsewhere.ts';
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

function defines(short: string, type: string, longForm: string): TypeVotes {
  const vote: TypeVote = { score: 0.9, count: 1, defined: 0.9, longForm, model: 'builtin:tagger' };
  return new Map([[short, new Map([[type, vote]])]]);
}

test('a chapter that writes only an abbreviation\'s long form is composed again when the abbreviation\'s votes change', () => {
  const store = new ProjectVotes();
  const a3 = join(A, 'method.tex');
  const a4 = join(A, 'appendix.tex');
  const a = project(A, a1, a2, a3, a4);
  store.record(a2, a, votes('sound field synthesis', 'Task'), 'Sound Field Synthesis');
  store.record(a3, a, votes('interaural time differences', 'Metric'), 'interaural time differences');
  store.record(a4, a, votes('wfs', 'Method'), 'WFS');
  const defined = store.record(a1, a, defines('sfs', 'Method', 'Sound Field Synthesis'), 'sound field synthesis (SFS)');
  assert.deepEqual([...defined.peers], [a2], 'SFS defined: the chapter writing its long form takes its type');
  const retyped = store.record(a1, a, defines('sfs', 'Task', 'Sound Field Synthesis'), 'sound field synthesis (SFS), a task');
  assert.deepEqual([...retyped.peers], [a2], 'SFS\'s definition changed type');
  const removed = store.record(a1, a, votes('itd', 'Metric'), 'ITD');
  assert.deepEqual([...removed.peers], [a2], 'no definition of SFS any more: its long form keeps the tagger\'s type');
  const plural = store.record(a1, a, defines('itd', 'Metric', 'interaural time difference'), 'interaural time difference (ITD)');
  assert.deepEqual([...plural.peers], [a3], 'the long form\'s plural');
});

test('a chapter that writes only an abbreviation\'s plural is composed again when the abbreviation\'s votes change', () => {
  const store = new ProjectVotes();
  const a3 = join(A, 'method.tex');
  const a = project(A, a1, a2, a3);
  // more names than the changed ones: the check goes through the changed names, not the chapter's
  const many = (...names: string[]): TypeVotes => new Map(names.flatMap((name) => [...votes(name, 'Method')]));
  store.record(a2, a, many('itds', 'gr', 'ild', 'erb'), 'ITDs, GR, ILD, ERB');
  store.record(a3, a, many('interaural time differences', 'gr', 'ild', 'erb'), 'interaural time differences, GR, ILD, ERB');
  const { peers } = store.record(a1, a, defines('itd', 'Metric', 'interaural time difference'), 'interaural time difference (ITD)');
  assert.deepEqual([...peers].sort(), [a2, a3].sort(), 'ITDs, and the long form\'s plural');
});

test('a long form another chapter ties to a changed abbreviation counts too', () => {
  const store = new ProjectVotes();
  const a3 = join(A, 'method.tex');
  const a = project(A, a1, a2, a3);
  store.record(a3, a, defines('sfs', 'Method', 'sound field synthesis'), 'sound field synthesis (SFS)');
  store.record(a2, a, votes('sound field synthesis', 'Task'), 'sound field synthesis');
  const { peers } = store.record(a1, a, votes('sfs', 'Method'), 'SFS');
  assert.deepEqual([...peers].sort(), [a2, a3].sort(), 'SFS\'s mentions vote on its score: the chapter of its long form too');
});

test('a chapter that writes a distinctive name bare is composed again when the chapter typing it changes its votes', () => {
  const store = new ProjectVotes();
  const a3 = join(A, 'method.tex');
  const a = project(A, a1, a2, a3);
  store.record(a2, a, votes('gr', 'GeneProtein'), 'Reads were mapped by minimap2 too.');
  store.record(a3, a, votes('gr', 'GeneProtein'), 'A run of Minimap2x and bin/minimap3.');
  const text = ['We align with minimap2 here.'];
  const list = [[{ start: 14, end: 22, type: 'Method', score: 0.7, model: 'builtin:tagger' }]];
  const typed = store.record(a1, a, noteTypedForms(typeVotes(list, text), list, text), text[0]);
  assert.deepEqual([...typed.peers], [a2], 'minimap2, as the chapter typed it');
  const gone = store.record(a1, a, votes('wfs', 'Method'), 'We align with WFS here.');
  assert.deepEqual([...gone.peers], [a2], 'no longer typed: the chapter that took its type is composed again too');
  // typed in another case here, the name's votes still count together where a peer writes it
  const otherCase = ['We align with MiniMap2 here.'];
  const typedAgain = store.record(a1, a, noteTypedForms(typeVotes(list, otherCase), list, otherCase), otherCase[0]);
  assert.deepEqual([...typedAgain.peers], [a2], 'MiniMap2 here, minimap2 in the chapter');
});
