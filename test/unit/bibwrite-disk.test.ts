// Appending to a .bib on disk (the server's path when the .bib is not open, and the CLI's): adds to
// one file never lose each other's entry, a symbolic link is written through, and what cannot be
// written says why with the file's own name, leaving the file as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBibTeX } from '../../extension/core/bib/parse-bibtex.ts';
import type { PaperMetadata } from '../../extension/core/bibwrite/metadata.ts';
import { addPaperToBibFile, BibWriteError } from '../../extension/analysis/related/bib-file.ts';

const OLD = '@article{a1,\n  title = {X},\n  year = {2001}\n}\n';

function paper(title: string, family: string): PaperMetadata {
  return { title, authors: [{ family, given: 'J.' }], year: 2020, journal: 'Journal' };
}

function keys(path: string, encoding: BufferEncoding = 'utf8'): string[] {
  return parseBibTeX(path, readFileSync(path, encoding)).entries.map((e) => e.key);
}

test('two adds to one file at once: both entries land, the first file\'s bytes first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  const path = join(dir, 'refs.bib');
  writeFileSync(path, OLD);
  const results = await Promise.all([
    addPaperToBibFile(path, paper('Deep things', 'Smith')),
    addPaperToBibFile(path, paper('Graph things', 'Jones')),
    addPaperToBibFile(path, paper('Third things', 'Lee')),
  ]);
  assert.ok(results.every((r) => r.written), 'every add reports it wrote');
  assert.deepEqual(keys(path).sort(), ['a1', 'jones2020graph', 'lee2020third', 'smith2020deep']);
  assert.ok(readFileSync(path, 'utf8').startsWith(OLD), 'the old bytes first');
});

test('through a symbolic link the file it points to gets the entry; the link stays a link', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  mkdirSync(join(dir, 'shared'));
  const real = join(dir, 'shared', 'library.bib');
  writeFileSync(real, OLD);
  const link = join(dir, 'refs.bib');
  symlinkSync(real, link);
  const result = await addPaperToBibFile(link, paper('Deep things', 'Smith'));
  assert.ok(result.written, 'written');
  assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
  assert.deepEqual(keys(real), ['a1', 'smith2020deep']);
  assert.deepEqual(readdirSync(join(dir, 'shared')), ['library.bib'], 'no temporary file left');
});

test('a link to a file not there yet: the file is created where it points, the link stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  mkdirSync(join(dir, 'shared'));
  const link = join(dir, 'refs.bib');
  symlinkSync(join('shared', 'library.bib'), link);
  assert.ok((await addPaperToBibFile(link, paper('Deep things', 'Smith'))).written, 'written');
  assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
  assert.deepEqual(keys(join(dir, 'shared', 'library.bib')), ['smith2020deep']);
});

test('a read-only file, a missing folder: a clear error, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  const path = join(dir, 'ro.bib');
  writeFileSync(path, OLD);
  chmodSync(path, 0o444);
  await assert.rejects(addPaperToBibFile(path, paper('Deep things', 'Smith')), (error: Error) => error instanceof BibWriteError && /ro\.bib is read-only/.test(error.message));
  assert.equal(readFileSync(path, 'utf8'), OLD);
  const missing = join(dir, 'no-such-folder', 'refs.bib');
  await assert.rejects(addPaperToBibFile(missing, paper('Deep things', 'Smith')), (error: Error) => error instanceof BibWriteError && /folder .*no-such-folder does not exist/.test(error.message));
});

test('a file with two hard links: the entry is appended in place, so both names see it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  const path = join(dir, 'refs.bib');
  writeFileSync(path, OLD);
  const { linkSync } = await import('node:fs');
  linkSync(path, join(dir, 'other-name.bib'));
  assert.ok((await addPaperToBibFile(path, paper('Deep things', 'Smith'))).written, 'written');
  assert.deepEqual(keys(join(dir, 'other-name.bib')), ['a1', 'smith2020deep']);
});

test('a Latin-1 file and a name it cannot hold: refused with the character named; an ASCII UTF-8 file keeps the name as written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  const latin = join(dir, 'latin.bib');
  const old = Buffer.from('@book{muller2001,\n  author = {M\xfcller, J\xf6rg},\n  title = {Theorie},\n  year = {2001}\n}\n', 'latin1');
  writeFileSync(latin, old);
  await assert.rejects(addPaperToBibFile(latin, paper('Protein folding', '王')), (error: Error) => error instanceof BibWriteError && /Latin-1.*“王”/.test(error.message));
  assert.deepEqual(readFileSync(latin), old);
  const ascii = join(dir, 'ascii.bib');
  writeFileSync(ascii, OLD);
  assert.ok((await addPaperToBibFile(ascii, { ...paper('The α-helix at 10⁻³ M', 'Иванов'), authors: [{ family: 'Иванов', given: 'Иван' }] })).written, 'written');
  const added = parseBibTeX(ascii, readFileSync(ascii, 'utf8')).entries.find((e) => e.key !== 'a1');
  assert.equal(added?.key, 'ivanov2020helix');
  assert.equal(added?.authors[0].family, 'Иванов');
  assert.match(readFileSync(ascii, 'utf8'), /title = \{The \{\$\\alpha\$\}-helix at 10\{\$\^\{-3\}\$\} M\}/);
});

test('encodings: a UTF-8 file with one stray Latin-1 byte stays UTF-8 for what is appended; Latin-1 and UTF-16 files are read as such', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bibdisk-'));
  const stray = join(dir, 'stray.bib');
  const old = Buffer.concat([Buffer.from('% caf'), Buffer.from([0xe9]), Buffer.from('\n@book{j1,\n  author = {Müller, Jürgen},\n  title = {Über},\n  year = {2001}\n}\n')]);
  writeFileSync(stray, old);
  const result = await addPaperToBibFile(stray, { ...paper('Naïve things', 'Jürgens') });
  assert.equal(result.encoding, 'utf8');
  const tail = readFileSync(stray).subarray(old.length).toString('utf8');
  assert.match(tail, /Jürgens/);
  assert.match(tail, /Naïve/);

  const latin = join(dir, 'latin.bib');
  writeFileSync(latin, Buffer.from('@book{m1,\n  author = {M\xfcller, J\xf6rg},\n  title = {\xdcber alles},\n  year = {2001}\n}\n', 'latin1'));
  const utf16 = join(dir, 'utf16.bib');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('@book{u1,\n  author = {Øster, Åse},\n  title = {T},\n  year = {2001}\n}\n', 'utf16le')]));
  const { nodeFileSystem } = await import('../../extension/analysis/file-system.ts');
  const latinEntry = parseBibTeX(latin, (await nodeFileSystem.readFile(latin)) ?? '').entries[0];
  assert.equal(latinEntry.title, 'Über alles');
  assert.equal(latinEntry.authors[0].family, 'Müller');
  const utf16Entry = parseBibTeX(utf16, (await nodeFileSystem.readFile(utf16)) ?? '').entries[0];
  assert.equal(utf16Entry?.authors[0].family, 'Øster');
});
