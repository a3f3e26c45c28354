// `sciwrite related <file> [--line N] [--scope paragraph|section|document] [--offline] [--json]`:
// the ranking the related-work panel would show, from the same code (analysis/related).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createWorkspace } from '../../analysis/index.ts';
import { findRelated, type RelatedResult } from '../../analysis/related/find-related.ts';
import { s2ClientOptions, settingsFromEnv } from '../../analysis/related/settings.ts';
import { findSpecter2, specter2Embedder, type Specter2Embedder } from '../../analysis/related/specter2.ts';
import type { RelatedScope } from '../../core/related/scope.ts';
import { S2Client } from '../../net/semantic-scholar/client.ts';
import type { CommandIo } from '../io.ts';
import { UsageError, guarded } from '../usage.ts';

const HELP = `usage: sciwrite related <file> [options]

Suggests papers to cite in the paragraph at a line (or its section, or the whole manuscript), from the
project's bibliographies and, when enabled, Semantic Scholar. Best first.

options:
  --line N            zero-based line of the cursor, as in LSP (default 0)
  --scope S           paragraph (default), section or document (title + abstract)
  --offline           local libraries only
  --json              print a JSON list of {key, title, authors, year, score, source, reasons}
  --limit N           at most N papers (default 20)
  --hide-cited        leave out papers the manuscript already cites
  --bib <file>        an extra library (repeatable), like sciwrite.bibliography.extraFiles
  --specter2 <dir>    a SPECTER2 folder (base/ + proximity/ [+ adhoc_query/]); default $SCIWRITE_SPECTER2
  -h, --help          show this help

Semantic Scholar is used only after consent: set SCIWRITE_S2_CONSENT=1. It then receives a short query of
key terms and the DOIs/arXiv ids of the papers cited in the scope, nothing else. SEMANTIC_SCHOLAR_API_KEY,
HTTPS_PROXY / HTTP_PROXY / NO_PROXY and SCIWRITE_S2_URL are honoured.
`;

const SCOPES = new Set<RelatedScope>(['paragraph', 'section', 'document']);

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sciwrite', 'related');
}

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
      bib: { type: 'string', multiple: true, default: [] },
      specter2: { type: 'string' },
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
  const line = values.line === undefined ? 0 : Number(values.line);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(line) || line < 0 || !Number.isInteger(limit) || limit < 1) {
    throw new UsageError('--line must be a non-negative integer and --limit a positive one');
  }
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new Error(`no such file: ${positionals[0]}`);
  const settings = settingsFromEnv();
  const s2 = settings.semanticScholarConsent && !values.offline ? new S2Client({ ...s2ClientOptions(settings), cacheDir: join(cacheRoot(), 's2') }) : undefined;
  const specterFolder = values.specter2 ?? settings.specter2Folder;
  let embedder: Specter2Embedder | undefined;
  if (specterFolder) {
    const location = findSpecter2(specterFolder);
    if (!location) throw new Error(`${specterFolder} holds no SPECTER2 model (expected base/ and proximity/ folders)`);
    embedder = specter2Embedder(location, join(cacheRoot(), 'embeddings'));
  }
  let result: RelatedResult;
  try {
    result = await findRelated(
      { workspace: createWorkspace(), analysis: { extraBibliographies: values.bib.map((bib) => resolve(bib)) }, s2, embedder },
      { file, line, scope, offline: values.offline, limit, hideCited: values['hide-cited'] },
    );
  } finally {
    await embedder?.release();
  }
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

export function formatText(result: RelatedResult): string {
  const out: string[] = [`Related work (${result.scope}, ranked by ${result.status.ranker}):`];
  if (result.papers.length === 0) out.push('  nothing found');
  result.papers.forEach((paper, i) => {
    const authors = paper.authors.length > 3 ? `${paper.authors.slice(0, 3).join(', ')} et al.` : paper.authors.join(', ');
    const badges = [paper.cited ? 'cited' : '', paper.inBibliography && !paper.cited ? 'in .bib' : ''].filter(Boolean).join(', ');
    out.push(`${String(i + 1).padStart(3)}. ${paper.score.toFixed(3)}  ${paper.title}${paper.year ? ` (${paper.year})` : ''}${paper.key ? `  [${paper.key}]` : ''}${badges ? `  {${badges}}` : ''}`);
    if (authors) out.push(`       ${authors}`);
    for (const reason of paper.reasons) out.push(`       ${reason}`);
  });
  return `${out.join('\n')}\n`;
}
