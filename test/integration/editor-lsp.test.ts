// The editor features through the LSP protocol, no VS Code: open a manuscript, receive its entities,
// edit one paragraph, receive an update that re-analysed that paragraph only; hover an entity;
// dismiss a highlight with its quick fix; citation intents in the citation hover and the view; one
// type per name across the chapters of a thesis; the editor settings of an editor that only pushes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf, textAt } from '../helpers/lsp-client.ts';
import type { EntitiesParams, IntentsParams, ModelStatusParams } from '../../extension/protocol/editor.ts';

const fixtures = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));

const TEX = String.raw`\documentclass{article}
\begin{document}
Mouse thymus was used as a source of \emph{glucocorticoid receptor} from normal CS lymphocytes \cite{smith2020}.

The second paragraph talks about Schr\"odinger and insulin~receptor in HeLa cells.

A third paragraph on the tumour suppressor p53 and the heat shock protein.
\end{document}
`;

const BIB = '@article{smith2020, author = {Smith, Jane and Doe, John}, title = {Receptors}, journal = {J. Biol.}, year = {2020}}\n';

interface Waiter<T> {
  accept: (p: T) => boolean;
  resolve: (p: T) => void;
}

function collector<T>(client: LspTestClient, method: string): { all: T[]; next: (accept: (p: T) => boolean) => Promise<T> } {
  const all: T[] = [];
  const waiters: Waiter<T>[] = [];
  client.connection.onNotification(method, (p: T) => {
    all.push(p);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].accept(p)) waiters.splice(i, 1)[0].resolve(p);
  });
  return { all, next: (accept) => new Promise((resolve) => waiters.push({ accept, resolve })) };
}

test('entities over LSP: open, edit one paragraph, hover, dismiss', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-lsp-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.tex');
  await writeFile(path, TEX.replace('\\end{document}', '\\bibliography{refs}\n\\end{document}'));
  await writeFile(join(root, 'refs.bib'), BIB);
  const text = await readFile(path, 'utf8');
  const ner = join(fixtures, 'tiny-bert-ner');
  const client = await LspTestClient.start({
    rootDir: root,
    settings: { models: { entities: ner, scicite: join(fixtures, 'tiny-bert-cite'), aclarc: 'builtin' } },
  });
  try {
    const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
    const intents = collector<IntentsParams>(client, 'sciwrite/intents');
    // the built-in model tags meanwhile when the folder model loads for over a second (a busy machine): the edit is compared with the folder model's pass
    const first = entities.next((p) => p.done && p.version === 1 && p.entities.some((e) => e.model === ner));
    const firstIntents = intents.next((p) => p.version === 1);
    const uri = await client.open(path, text);
    const opened = await first;
    assert.ok(opened.entities.length > 0, 'entities published');
    for (const e of opened.entities) {
      assert.equal(textAt(text, e.range), e.text, 'range holds exactly the text');
      for (const p of e.pieces) assert.ok(!/\\cite|\$|%/.test(textAt(text, p)), `piece ${textAt(text, p)}`);
    }
    // all three paragraphs were analysed on open
    assert.equal(new Set(entities.all.filter((p) => p.version === 1).flatMap((p) => p.paragraphs.map((r) => r.start.line))).size, 3);

    const cited = await firstIntents;
    assert.equal(cited.citations.length, 1);
    assert.ok(cited.citations[0].scicite && ['background', 'method', 'result'].includes(cited.citations[0].scicite.label), 'a SciCite label on the citation');
    assert.match(cited.citations[0].sentence, /\(Smith and Doe, 2020\)|\[1\]/);

    // "CS" is never defined: an information diagnostic
    const diagnostics = await client.waitForCurrentDiagnostics(uri, (list) => list.some((d) => d.code === 'undefined-abbreviation'));
    const cs = diagnostics.find((d) => d.code === 'undefined-abbreviation');
    assert.equal(cs?.severity, 3);
    assert.equal(textAt(text, cs!.range), 'CS');

    // edit the second paragraph only
    const at = positionOf(text, 'talks about');
    const edited = entities.next((p) => p.done && p.version === 2);
    await client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 'talks'.length } }, text: 'writes' }]);
    const update = await edited;
    const lines = entities.all.filter((p) => p.version === 2).flatMap((p) => p.paragraphs.map((r) => r.start.line));
    assert.deepEqual(lines, [at.line], 'only the edited paragraph was analysed again');
    const newText = text.replace('talks about', 'writes about');
    for (const e of update.entities) assert.equal(textAt(newText, e.range), e.text);
    assert.deepEqual(
      update.entities.filter((e) => e.range.start.line !== at.line).map((e) => [e.text, e.type]),
      opened.entities.filter((e) => e.range.start.line !== at.line).map((e) => [e.text, e.type]),
      'other paragraphs keep their entities',
    );

    // hover on an entity
    const target = update.entities[0];
    const hover = await client.hover(uri, target.pieces[0].start);
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents, 'an entity hover with Markdown contents');
    assert.match(hover.contents.value, /confidence \d+%/);
    assert.match(hover.contents.value, new RegExp(target.model.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));

    // citation hover: the entry plus this citation's intent
    const citeHover = await client.hover(uri, positionOf(newText, 'smith2020', 1));
    assert.ok(citeHover && typeof citeHover.contents === 'object' && 'value' in citeHover.contents, 'a citation hover with Markdown contents');
    assert.match(citeHover.contents.value, /Receptors/);
    assert.match(citeHover.contents.value, /SciCite: \*\*(background|method|result)\*\*/);
    assert.match(citeHover.contents.value, /cited 1×: 1 (background|method|result)/);

    // dismiss it: "Never highlight"
    const actions = await client.codeActions(uri, target.range, []);
    const never = actions.find((a) => a.title.startsWith('Never highlight'));
    assert.ok(never && 'command' in never && never.command && typeof never.command === 'object', 'a never-show action with a command');
    const after = entities.next((p) => p.done && !p.entities.some((e) => e.prose.toLowerCase() === target.prose.toLowerCase()));
    await client.executeCommand(never.command.command, never.command.arguments);
    await after;
    const saved = JSON.parse(await readFile(join(root, '.vscode', 'sciwrite.json'), 'utf8'));
    assert.deepEqual(saved.entities.never, [target.prose]);
  } finally {
    await client.stop();
  }
});

test('a Hub model is downloaded only once the client says the user agreed; meanwhile the status says why', { timeout: 120_000 }, async () => {
  const { startHubServer, FIXTURES_HF } = await import('../helpers/hub-server.ts');
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-consent-'));
  const hub = await startHubServer({ repos: [{ id: 'lab/jnlpba-ner', folder: join(FIXTURES_HF, 'tiny-bert-ner') }], fixtures: false });
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  process.env.HF_ENDPOINT = hub.endpoint;
  const path = join(root, 'paper.md');
  await writeFile(path, 'Mouse thymus was used as a source of glucocorticoid receptor.\n');
  const client = await LspTestClient.start({ rootDir: root, settings: { models: { entities: 'lab/jnlpba-ner' } } });
  try {
    const status = collector<{ roles: { role: string; active?: string; state: string; reason?: string }[] }>(client, 'sciwrite/modelStatus');
    const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
    await client.connection.sendNotification('sciwrite/allowedDownloads', { repos: [] });
    const waiting = status.next((s) => s.roles.some((r) => r.role === 'entities' && /waiting for your agreement to download lab\/jnlpba-ner/.test(r.reason ?? '')));
    const uri = await client.open(path);
    await waiting;
    assert.equal(hub.requests.filter((r) => r.path.includes('jnlpba')).length, 0, 'nothing requested from the Hub before consent');
    const fromHub = entities.next((p) => p.done && p.entities.length > 0 && p.entities.every((e) => e.model === 'lab/jnlpba-ner'));
    await client.connection.sendNotification('sciwrite/allowedDownloads', { repos: ['lab/jnlpba-ner'] });
    await fromHub;
    assert.ok(hub.requests.some((r) => r.path.includes('jnlpba')), 'the jnlpba model is requested from the Hub');
    void uri;
  } finally {
    await client.stop();
    await hub.close();
    delete process.env.HF_ENDPOINT;
  }
});

test('entities of a hidden type get no hover and no quick fix; the others still do', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-hidden-'));
  const path = join(root, 'paper.md');
  const text = 'Cisplatin induced acute kidney injury and nephrotoxicity in rats.\n';
  await writeFile(path, text);
  const client = await LspTestClient.start({ rootDir: root, settings: { entities: { hiddenTypes: ['Chemical'] } } });
  try {
    const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
    const done = entities.next((p) => p.done);
    const uri = await client.open(path, text);
    const published = await done;
    const chemical = published.entities.find((e) => e.type === 'Chemical');
    const disease = published.entities.find((e) => e.type === 'Disease');
    assert.ok(chemical && disease, `a chemical and a disease are tagged: ${JSON.stringify(published.entities.map((e) => [e.text, e.type]))}`);
    assert.equal(await client.hover(uri, chemical.pieces[0].start), null, 'no hover on the hidden chemical');
    assert.deepEqual(await client.codeActions(uri, chemical.range, []), [], 'no quick fix on it');
    assert.ok(await client.hover(uri, disease.pieces[0].start), 'the disease still has its hover');
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});

test('an editor that pushes its settings instead of answering workspace/configuration gets its models and entity settings', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-pushed-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.md');
  const text = 'Mouse thymus was used as a source of glucocorticoid receptor from normal lymphocytes.\n';
  await writeFile(path, text);
  const models = { entities: join(fixtures, 'tiny-bert-ner'), scicite: 'builtin', aclarc: 'builtin' };
  const client = await LspTestClient.start({ rootDir: root, pullSettings: false, settings: { models } });
  try {
    const status = collector<ModelStatusParams>(client, 'sciwrite/modelStatus');
    const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
    const asked = () => [...new Set(status.all.flatMap((s) => s.roles.filter((r) => r.role === 'entities').map((r) => r.requested)))];
    // A model that takes over a second to load (a busy machine) has the built-in one run meanwhile, as the status says:
    // the pass that shows the pushed settings is the pushed model's, or any pass once another model was asked for.
    const done = entities.next((p) => p.done && (p.entities.some((e) => e.model === models.entities) || asked().some((m) => m !== models.entities)));
    const uri = await client.open(path, text);
    const published = await done;
    assert.deepEqual(asked(), [models.entities], 'only the pushed sciwrite.models.entities was asked for');
    assert.deepEqual([...new Set(published.entities.map((e) => e.model))], [models.entities], 'tagged by the pushed sciwrite.models.entities');
    const target = published.entities[0];
    assert.ok(await client.hover(uri, target.pieces[0].start), 'a hover on the entity');

    const again = entities.next((p) => p.done);
    await client.setSettings({ models, entities: { hiddenTypes: [target.type] } });
    await again;
    assert.equal(await client.hover(uri, target.pieces[0].start), null, 'the pushed sciwrite.entities.hiddenTypes hides it');

    const off = entities.next((p) => p.done && p.entities.length === 0);
    await client.setSettings({ models, entities: { enabled: false } });
    await off;
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});

test('a restarted server told the agreed models at initialisation downloads nothing else, before any notification', { timeout: 120_000 }, async () => {
  const { startHubServer, FIXTURES_HF } = await import('../helpers/hub-server.ts');
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-consent-init-'));
  const hub = await startHubServer({ repos: [{ id: 'lab/jnlpba-ner', folder: join(FIXTURES_HF, 'tiny-bert-ner') }], fixtures: false });
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  process.env.HF_ENDPOINT = hub.endpoint;
  const path = join(root, 'paper.md');
  await writeFile(path, 'Mouse thymus was used as a source of glucocorticoid receptor.\n');
  const client = await LspTestClient.start({ rootDir: root, settings: { models: { entities: 'lab/jnlpba-ner' } }, initializationOptions: { allowedDownloads: ['someone/else'] } });
  try {
    const status = collector<{ roles: { role: string; reason?: string }[] }>(client, 'sciwrite/modelStatus');
    const waiting = status.next((s) => s.roles.some((r) => r.role === 'entities' && /waiting for your agreement to download lab\/jnlpba-ner/.test(r.reason ?? '')));
    await client.open(path);
    await waiting;
    assert.equal(hub.requests.filter((r) => r.path.includes('jnlpba')).length, 0, 'nothing requested from the Hub');
  } finally {
    await client.stop();
    await hub.close();
    delete process.env.HF_ENDPOINT;
  }
});

const THESIS = fileURLToPath(new URL('../fixtures/corpus/sfs-thesis-wierstorf/', import.meta.url));

/**
 * Pharmacology sentences naming NFC-HOA, appended to chapter 6 of a copy of the thesis: read alone, the
 * built-in tagger then splits NFC-HOA in that chapter between Chemical (6) and Method (5), no clear
 * majority; the other chapters call it a method (chapter 3: 17 mentions). Measured with the built-in tagger.
 */
const CHEMICAL_CONTEXT = [
  'HeLa cells were incubated with NFC-HOA dissolved in DMSO for 24 hours.', 'Treatment with NFC-HOA induced apoptosis in HepG2 cells.',
  'Mice received NFC-HOA intraperitoneally at 10 mg/kg.',
].join(' ');

/** A server on a copy of the thesis (a fresh model cache), with its chapters 3 and 6 and the types of NFC-HOA in a notification. */
async function openThesis() {
  const thesis = await mkdtemp(join(tmpdir(), 'sciwrite-thesis-'));
  await cp(THESIS, thesis, { recursive: true });
  const cache = await mkdtemp(join(tmpdir(), 'sciwrite-editor-project-'));
  process.env.XDG_CACHE_HOME = join(cache, '.cache');
  const modeling = join(thesis, '06_modeling', '06_modeling.tex');
  await writeFile(modeling, `${await readFile(modeling, 'utf8')}\n\n${CHEMICAL_CONTEXT}\n`);
  const errors = join(thesis, '03_sound_field_errors_and_their_perceptual_relevance', '03_sound_field_errors_and_their_perceptual_relevance.tex');
  const client = await LspTestClient.start({ rootDir: thesis });
  const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
  const typesOf = (p: EntitiesParams) => new Set(p.entities.filter((e) => e.prose === 'NFC-HOA').map((e) => e.type));
  const stop = async () => {
    await client.stop();
    await rm(thesis, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  };
  return { client, entities, modeling, errors, typesOf, stop };
}

test('one type per name across a thesis: a chapter follows the project\'s other tagged chapters', { timeout: 180_000 }, async () => {
  const { client, entities, modeling, errors, typesOf, stop } = await openThesis();
  try {
    const alone = entities.next((p) => p.done && p.uri.endsWith('06_modeling.tex'));
    const modelingUri = await client.open(modeling);
    assert.deepEqual([...typesOf(await alone)].sort(), ['Chemical', 'Method'], 'the chapter alone has no clear majority');
    const followed = entities.next((p) => p.done && p.uri === modelingUri && typesOf(p).size === 1);
    const errorsDone = entities.next((p) => p.done && p.uri.endsWith('03_sound_field_errors_and_their_perceptual_relevance.tex'));
    await client.open(errors);
    assert.deepEqual([...typesOf(await errorsDone)], ['Method'], 'chapter 3 reads NFC-HOA as a method');
    assert.deepEqual([...typesOf(await followed)], ['Method'], 'chapter 6 was published again with the project\'s type');
  } finally {
    await stop();
  }
});

test('chapters deleted from the project stop voting, an opened one and those whose definitions voted', { timeout: 180_000 }, async () => {
  const { client, entities, modeling, errors, typesOf, stop } = await openThesis();
  try {
    const errorsDone = entities.next((p) => p.done && p.uri.endsWith('03_sound_field_errors_and_their_perceptual_relevance.tex'));
    const errorsUri = await client.open(errors);
    await errorsDone;
    const followed = entities.next((p) => p.done && p.uri.endsWith('06_modeling.tex') && typesOf(p).size === 1);
    const modelingUri = await client.open(modeling);
    assert.deepEqual([...typesOf(await followed)], ['Method'], 'with chapter 3 and the chapters defining NFC-HOA in the project');
    await client.close(errorsUri);
    // every other chapter naming NFC-HOA: 3 was tagged whole, 1, 2, 5 and 7 define it (their first \\ac)
    const thesis = join(modeling, '..', '..');
    const naming = ['01_introduction', '02_theory_of_sound_field_synthesis', '03_sound_field_errors_and_their_perceptual_relevance', '05_psychoacoustics', '07_conclusion'];
    const deleted = naming.map((chapter) => join(thesis, chapter, `${chapter}.tex`));
    for (const path of deleted) await rm(path);
    await client.filesChanged(deleted.map((path) => ({ uri: pathToFileURL(path).href, type: FileChangeType.Deleted })));
    const version = await client.change(modelingUri, [{ text: `${await readFile(modeling, 'utf8')}\n` }]);
    const alone = await entities.next((p) => p.done && p.uri === modelingUri && p.version === version);
    assert.deepEqual([...typesOf(alone)].sort(), ['Chemical', 'Method'], 'no other chapter votes: the chapter\'s own even split');
  } finally {
    await stop();
  }
});

test('software names are methods in the editor: the minimap2 paper\'s GMAP, named by the title it cites, and minimap2 itself', { timeout: 120_000 }, async () => {
  const paper = await mkdtemp(join(tmpdir(), 'sciwrite-minimap2-'));
  await cp(fileURLToPath(new URL('../fixtures/corpus/minimap2/', import.meta.url)), paper, { recursive: true });
  process.env.XDG_CACHE_HOME = join(paper, '.cache');
  const client = await LspTestClient.start({ rootDir: paper });
  try {
    const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
    const done = entities.next((p) => p.done);
    const uri = await client.open(join(paper, 'minimap2.tex'));
    const published = (await done).entities;
    const typesOf = (name: string) => [...new Set(published.filter((e) => e.prose.toLowerCase() === name).map((e) => e.type))];
    // the built-in tagger alone calls GMAP a chemical and a gene, minimap2 a chemical
    assert.deepEqual(typesOf('gmap'), ['Method']);
    assert.deepEqual(typesOf('minimap2'), ['Method']);
    assert.deepEqual(published.filter((e) => /broadinstitute/.test(e.prose)), [], 'no highlight inside an e-mail address');
    // the hover says why: SciWrite, not the model, chose the type
    const gmap = published.find((e) => e.prose === 'GMAP')!;
    const hover = await client.hover(uri, gmap.pieces[0].start);
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents, 'an entity hover with Markdown contents');
    assert.match(hover.contents.value, /Method by SciWrite, not by the model: /);
  } finally {
    await client.stop();
    await rm(paper, { recursive: true, force: true });
  }
});

/** A two-chapter thesis (a fresh model cache) whose intro defines the glucocorticoid receptor (GR); model.tex holds `modelText`. */
async function grThesis(name: string, modelText: string) {
  const root = await mkdtemp(join(tmpdir(), `sciwrite-${name}-`));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  await writeFile(join(root, 'thesis.tex'), '\\documentclass{book}\n\\begin{document}\n\\include{intro}\n\\include{model}\n\\end{document}\n');
  const intro = join(root, 'intro.tex');
  await writeFile(intro, '\\chapter{Intro}\nDexamethasone acts through the glucocorticoid receptor (GR), a nuclear receptor expressed in T lymphocytes.\n');
  const model = join(root, 'model.tex');
  await writeFile(model, `\\chapter{Model}\n${modelText}\n`);
  const client = await LspTestClient.start({ rootDir: root });
  const entities = collector<EntitiesParams>(client, 'sciwrite/entities');
  const stop = async () => {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  };
  return { intro, model, client, entities, stop };
}

test('an abbreviation defined in a chapter never opened carries its type and long form in the chapter open; the chapter\'s deletion takes them away', { timeout: 120_000 }, async () => {
  const { intro, model, client, entities, stop } = await grThesis('definitions', 'In the model, GR binds the promoter only after ligand binding, and nuclear GR levels set the response.');
  try {
    const longForms = (p: EntitiesParams) => p.entities.filter((e) => e.prose === 'GR').map((e) => e.longForm);
    const first = entities.next((p) => p.done && p.uri.endsWith('model.tex'));
    const followed = entities.next((p) => p.done && p.uri.endsWith('model.tex') && longForms(p).length > 0 && longForms(p).every((l) => l !== undefined));
    const uri = await client.open(model);
    // measured with the built-in tagger: the chapter alone calls both GRs a gene, with no long form
    assert.deepEqual(longForms(await first), [undefined, undefined], 'the chapter read alone');
    const published = await followed;
    assert.deepEqual(longForms(published), ['glucocorticoid receptor', 'glucocorticoid receptor'], 'the intro, never opened, defines GR');
    assert.deepEqual([...new Set(published.entities.filter((e) => e.prose === 'GR').map((e) => e.type))], ['GeneProtein']);
    assert.ok(!entities.all.some((p) => p.uri.endsWith('intro.tex')), 'the intro was not published: it was never opened');

    await rm(intro);
    await client.filesChanged([{ uri: uri.replace(/model\.tex$/, 'intro.tex'), type: FileChangeType.Deleted }]);
    const version = await client.change(uri, [{ text: `${await readFile(model, 'utf8')}\n` }]);
    const alone = await entities.next((p) => p.done && p.uri === uri && p.version === version);
    assert.deepEqual(longForms(alone), [undefined, undefined], 'the deleted intro no longer votes');
  } finally {
    await stop();
  }
});

test('a chapter whose own reading missed an abbreviation still gets it from a chapter never opened', { timeout: 120_000 }, async () => {
  // measured with the built-in tagger: read alone, this sentence has "GR occupancy" (a method), no "GR"
  const { model, client, entities, stop } = await grThesis('definitions-missed', 'Our algorithm computes the GR occupancy for each time step of the simulation.');
  try {
    const gr = (p: EntitiesParams) => p.entities.filter((e) => e.prose === 'GR');
    const first = entities.next((p) => p.done && p.uri.endsWith('model.tex'));
    const followed = entities.next((p) => p.done && p.uri.endsWith('model.tex') && gr(p).length > 0);
    await client.open(model);
    assert.deepEqual(gr(await first), [], 'the chapter alone has no GR');
    assert.deepEqual(gr(await followed).map((e) => [e.type, e.longForm]), [['GeneProtein', 'glucocorticoid receptor']]);
  } finally {
    await stop();
  }
});

test('abbreviations over a project: a chapter may use what an earlier chapter defined; a later definition is reported as late', { timeout: 60_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-abbreviations-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  await writeFile(join(root, 'thesis.tex'), '\\documentclass{book}\n\\begin{document}\n\\include{intro}\n\\include{model}\n\\include{outlook}\n\\end{document}\n');
  await writeFile(join(root, 'intro.tex'), '\\chapter{Intro}\nThe interaural time difference (ITD) is a cue.\n');
  await writeFile(join(root, 'model.tex'), '\\chapter{Model}\nThe ITD of the model and the ILD on the ERB scale.\n');
  await writeFile(join(root, 'outlook.tex'), '\\chapter{Outlook}\nThe equivalent rectangular bandwidth (ERB) is a scale.\n');
  const client = await LspTestClient.start({ rootDir: root });
  try {
    const uri = await client.open(join(root, 'model.tex'));
    const diagnostics = await client.waitForCurrentDiagnostics(uri, (list) => list.some((d) => d.code === 'undefined-abbreviation'));
    const messages = diagnostics.filter((d) => d.code === 'undefined-abbreviation').map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    assert.deepEqual(messages.map((m) => m.match(/'([^']+)'/)?.[1]), ['ILD', 'ERB'], 'ITD is defined in the intro');
    assert.match(messages[1], /used before its definition in outlook\.tex/);
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});

test('software the project shows (a cited title, another chapter\'s "the program GMAP") is a name, not an undefined abbreviation', { timeout: 60_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-abbreviation-names-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  await writeFile(join(root, 'thesis.tex'), '\\documentclass{book}\n\\begin{document}\n\\include{intro}\n\\include{methods}\n\\bibliography{refs}\n\\end{document}\n');
  await writeFile(join(root, 'intro.tex'), '\\chapter{Intro}\nWe compare with the program GMAP.\n');
  await writeFile(join(root, 'methods.tex'), '\\chapter{Methods}\nReads were mapped with STAR and GMAP; the ILD was computed as before \\cite{dobin}.\n');
  await writeFile(join(root, 'refs.bib'), '@article{dobin, author = {Dobin, Alexander}, title = {STAR: ultrafast universal RNA-seq aligner}, journal = {Bioinformatics}, year = {2013}}\n');
  const client = await LspTestClient.start({ rootDir: root });
  try {
    const uri = await client.open(join(root, 'methods.tex'));
    const diagnostics = await client.waitForCurrentDiagnostics(uri, (list) => list.some((d) => d.code === 'undefined-abbreviation'));
    const messages = diagnostics.filter((d) => d.code === 'undefined-abbreviation').map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    assert.deepEqual(messages.map((m) => m.match(/'([^']+)'/)?.[1]), ['ILD']);
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});

test('turning abbreviation diagnostics off clears them at once, without waiting for an edit', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'sciwrite-editor-abbr-off-'));
  process.env.XDG_CACHE_HOME = join(root, '.cache');
  const path = join(root, 'paper.tex');
  await writeFile(path, TEX);
  const client = await LspTestClient.start({ rootDir: root, settings: { abbreviations: { diagnostics: true } } });
  try {
    const uri = await client.open(path, TEX);
    await client.waitForCurrentDiagnostics(uri, (list) => list.some((d) => d.code === 'undefined-abbreviation'));
    await client.setSettings({ abbreviations: { diagnostics: false } });
    const after = await client.waitForCurrentDiagnostics(uri, (list) => !list.some((d) => d.code === 'undefined-abbreviation'));
    assert.deepEqual(after.filter((d) => d.code === 'undefined-abbreviation'), []);
  } finally {
    await client.stop();
    await rm(root, { recursive: true, force: true });
  }
});
