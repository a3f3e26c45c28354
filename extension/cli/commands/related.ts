// `sciwrite related <file> [--line N] [--scope paragraph|section|document] [--offline] [--json]`:
// the ranking the related-work panel would show, from the same code (analysis/related), with the
// paper-embedding model the editor would use (the workspace's `sciwrite.models.embeddings`, and for
// `builtin` the SPECTER2 that the editor or `sciwrite-lsp` downloaded).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceSettingsProblem } from '../../analysis/editor/analyze-extras.ts';
import { workspaceFolderOf } from '../../analysis/editor/workspace-files.ts';
import { createWorkspace, notManuscriptReason } from '../../analysis/index.ts';
import { notesWithPick, pickEmbedder, rankingDescription, workspaceEmbeddingChoice, type EmbedderPick } from '../../analysis/related/embedder-pick.ts';
import { embeddingChoice, type EmbeddingChoice } from '../../analysis/related/embedding-choice.ts';
import { findRelated, type RelatedResult } from '../../analysis/related/find-related.ts';
import { findInstalledSpecter2, relatedCacheDir } from '../../analysis/related/related-folders.ts';
import { s2ClientOptions, settingsFromEnv } from '../../analysis/related/settings.ts';
import { findSpecter2, specter2Embedder, type Specter2Location } from '../../analysis/related/specter2.ts';
import type { RelatedScope } from '../../core/related/scope.ts';
import { S2Client } from '../../net/semantic-scholar/client.ts';
import { manuscriptPath } from '../inputs.ts';
import type { CommandIo } from '../io.ts';
import { projectFolderOf, ROOT_SEARCH_HELP } from '../project-folder.ts';
import { UsageError, guarded } from '../usage.ts';

const HELP = `usage: sciwrite related <file> [options]

Suggests papers to cite in the paragraph at a line (or its section, or the whole manuscript), from the
project's bibliographies and, when enabled, Semantic Scholar. Best first, as the editor's panel lists them:
papers the manuscript does not cite, then those it cites elsewhere ({cited elsewhere}); papers cited in the
scope itself are left out unless --show-cited-here.
${ROOT_SEARCH_HELP}

options:
  --line N            zero-based line of the cursor, as in LSP (default 0)
  --scope S           paragraph (default), section or document (title + abstract)
  --offline           local libraries only, and no model download
  --json              print a JSON list of {key, title, authors, year, score, source, reasons}
  --limit N           at most N papers (default 20)
  --hide-cited        leave out every paper the manuscript already cites
  --show-cited-here   also list the papers cited in the scope itself, last (the panel's "Show papers cited here")
  --bib <file>        an extra library (repeatable), like sciwrite.bibliography.extraFiles
  --embeddings <m>    paper embeddings: builtin (SPECTER2 when found, else BM25 alone), a folder (a SPECTER2
                      layout or a BERT/RoBERTa encoder) or a Hugging Face id (default: the workspace's
                      sciwrite.models.embeddings in .vscode/settings.json, else builtin)
  --specter2 <dir>    the SPECTER2 of builtin: a folder with base/ + proximity/ [+ adhoc_query/], or a download's specter2.json
  -h, --help          show this help

builtin finds SPECTER2 in this order: --specter2, $SCIWRITE_SPECTER2, the download of sciwrite-lsp
($XDG_CACHE_HOME/sciwrite/related/specter2, default ~/.cache/...), then the download of the VS Code extension
(its global storage folder in VS Code, VS Code Insiders, VSCodium, Code - OSS, then code-server). A download
counts only while its files are still there. A Hugging Face id is downloaded once, like --model-* of
sciwrite analyze (HF_ENDPOINT, HF_TOKEN and HF_HUB_OFFLINE are honoured).

Semantic Scholar is used only after consent: set SCIWRITE_S2_CONSENT=1. It then receives a short query of
key terms and the DOIs / arXiv ids of the papers cited in the scope (none when it cites none), nothing else;
a scope not written in English is not sent at all. SEMANTIC_SCHOLAR_API_KEY, HTTPS_PROXY / HTTP_PROXY /
NO_PROXY and SCIWRITE_S2_URL are honoured.
`;

const SCOPES = new Set<RelatedScope>(['paragraph', 'section', 'document']);

export function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'related', HELP, () => related(argv, io));
}

async function related(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      line: { type: 'string' },
      scope: { type: 'string', default: 'paragraph' },
      offline: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      'hide-cited': { type: 'boolean', default: false },
      'show-cited-here': { type: 'boolean', default: false },
      bib: { type: 'string', multiple: true, default: [] },
      specter2: { type: 'string' },
      embeddings: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one file');
  const scope = values.scope as RelatedScope;
  if (!SCOPES.has(scope)) throw new UsageError('--scope must be paragraph, section or document');
  if (values['hide-cited'] && values['show-cited-here']) throw new UsageError('--hide-cited leaves out every cited paper: give it or --show-cited-here, not both');
  const line = values.line === undefined ? 0 : Number(values.line);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(line) || line < 0 || !Number.isInteger(limit) || limit < 1) {
    throw new UsageError('--line must be a non-negative integer and --limit a positive one');
  }
  const file = manuscriptPath(positionals[0]);
  const unsupported = notManuscriptReason(file);
  if (unsupported) throw new Error(unsupported);
  const lines = (await readFile(file, 'utf8')).split(/\r\n|\r|\n/).length;
  if (line >= lines) throw new UsageError(`--line ${line} is past the end of ${positionals[0]}, whose lines are numbered 0 to ${lines - 1}`);
  const libraries = values.bib.map((bib) => resolve(bib));
  for (const [i, bib] of libraries.entries()) if (!existsSync(bib)) io.stderr.write(`sciwrite related: Bibliography file not found: ${values.bib[i]}\n`);
  const settings = settingsFromEnv();
  const cacheDir = relatedCacheDir();
  const s2 = settings.semanticScholarConsent && !values.offline ? new S2Client({ ...s2ClientOptions(settings), cacheDir: join(cacheDir, 's2') }) : undefined;
  const settingsProblem = workspaceSettingsProblem(workspaceFolderOf(file));
  if (settingsProblem) io.stderr.write(`sciwrite related: warning: ${settingsProblem}\n`);
  const choice = embeddingsChoice(file, values.embeddings, values.specter2);
  const specter2 = choice.kind === 'builtin' ? locateSpecter2(values.specter2 ?? settings.specter2Folder) : undefined;
  let lastFile = '';
  const pick = await pickEmbedder(choice, {
    cacheDir: join(cacheDir, 'embeddings'),
    builtin: () => (specter2 ? specter2Embedder(specter2.location, join(cacheDir, 'embeddings')) : undefined),
    store: {
      ...(values.offline ? { offline: true } : {}),
      onProgress: (p) => {
        if (p.file !== lastFile) io.stderr.write(`sciwrite related: downloading ${p.file}\n`);
        lastFile = p.file;
      },
    },
  });
  let result: RelatedResult;
  try {
    result = await findRelated(
      {
        workspace: createWorkspace(),
        analysis: { extraBibliographies: libraries, workspaceFolder: await projectFolderOf(file) },
        s2,
        ...(pick.embedder ? { embedder: pick.embedder } : {}),
      },
      { file, line, scope, offline: values.offline, limit, hideCited: values['hide-cited'], citedHere: values['show-cited-here'] ? 'last' : 'hidden' },
    );
  } finally {
    await pick.embedder?.release();
  }
  const hidden = result.citedHereHidden ?? 0;
  if (hidden > 0) result.status.messages.push(`${hidden} paper${hidden === 1 ? '' : 's'} cited in this ${scope} not listed (--show-cited-here lists them).`);
  result.status.messages = notes(result, pick, specter2);
  for (const message of result.status.messages) io.stderr.write(`sciwrite related: ${message}\n`);
  if (values.json) {
    const list = result.papers.map((paper) => ({
      ...(paper.key !== undefined ? { key: paper.key } : {}),
      title: paper.title,
      authors: paper.authors,
      ...(paper.year !== undefined ? { year: paper.year } : {}),
      score: paper.score,
      source: paper.source,
      reasons: paper.reasons,
    }));
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(formatText(result));
  return 0;
}

/**
 * The embedding model asked for: --embeddings, else builtin when --specter2 names its folder, else the
 * workspace's setting (as `sciwrite analyze` reads the other model roles).
 */
function embeddingsChoice(file: string, flag: string | undefined, specter2Flag: string | undefined): EmbeddingChoice {
  if (flag === undefined || flag.trim() === '') return specter2Flag !== undefined ? { kind: 'builtin' } : workspaceEmbeddingChoice(file).choice;
  const choice = embeddingChoice(flag);
  if (choice.kind === 'invalid') throw new UsageError(`--embeddings: ${choice.reason}`);
  if (choice.kind !== 'builtin' && specter2Flag !== undefined) throw new UsageError('--specter2 is the SPECTER2 of --embeddings builtin: give one or the other');
  return choice;
}

interface FoundSpecter2 {
  location: Specter2Location;
  /** Where it came from, when the lookup found it (not --specter2 or $SCIWRITE_SPECTER2). */
  found?: string;
}

/** SPECTER2 for builtin: the folder given (which must hold one), else the first download found. */
function locateSpecter2(given: string | undefined): FoundSpecter2 | undefined {
  if (given) {
    const location = findSpecter2(given);
    if (!location) throw new Error(`${given} holds no SPECTER2 model (expected base/ and proximity/ folders, or a download's specter2.json)`);
    return { location };
  }
  const installed = findInstalledSpecter2();
  return installed ? { location: installed.location, found: `SPECTER2 of ${installed.product}: ${installed.folder}` } : undefined;
}

/** The ranking's notes, the chosen model's own reason replacing the generic "no SPECTER2" one (as the panel shows them). */
function notes(result: RelatedResult, pick: EmbedderPick, specter2: FoundSpecter2 | undefined): string[] {
  const messages = notesWithPick(pick, result.status.messages);
  if (specter2?.found && result.status.embedder === 'SPECTER2') messages.unshift(`Using the ${specter2.found}`);
  return messages;
}

export function formatText(result: RelatedResult): string {
  const out: string[] = [`Related work (${result.scope}, ranked by ${rankingDescription(result.status.ranker, result.status.embedder)}):`];
  if (result.papers.length === 0) out.push('  nothing found');
  const here = new Set(result.citedKeys.map((key) => key.toLowerCase()));
  result.papers.forEach((paper, i) => {
    const citedHere = paper.key !== undefined && here.has(paper.key.toLowerCase());
    const authors = paper.authors.length > 3 ? `${paper.authors.slice(0, 3).join(', ')} et al.` : paper.authors.join(', ');
    const badges = [citedHere ? 'cited here' : paper.cited ? 'cited elsewhere' : '', paper.inBibliography && !paper.cited && !citedHere ? 'in .bib' : ''].filter(Boolean).join(', ');
    out.push(`${String(i + 1).padStart(3)}. ${paper.score.toFixed(3)}  ${paper.title}${paper.year ? ` (${paper.year})` : ''}${paper.key ? `  [${paper.key}]` : ''}${badges ? `  {${badges}}` : ''}`);
    if (authors) out.push(`       ${authors}`);
    for (const reason of paper.reasons) out.push(`       ${reason}`);
  });
  return `${out.join('\n')}\n`;
}
