// `sciwrite analyze <file> [--json]`: segments, citations with their entries, bibliographies and
// diagnostics of a manuscript's whole project (README.md, "JSON output", documents the shape).
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile, createWorkspace } from '../../analysis/index.ts';
import {
  addEditorAnalysis, EDITOR_ANALYZE_ARGS, EDITOR_ANALYZE_HELP, formatEditorExtras, modelOverrides, workspaceSettingsProblem, type EditorAnalyzeResult,
} from '../../analysis/editor/analyze-extras.ts';
import { workspaceFolderOf } from '../../analysis/editor/workspace-files.ts';
import { manuscriptPath } from '../inputs.ts';
import type { CommandIo } from '../io.ts';
import { missingModelFolder } from '../model-spec.ts';
import { projectFolderOf, ROOT_SEARCH_HELP } from '../project-folder.ts';
import { UsageError, guarded } from '../usage.ts';

const HELP = `usage: sciwrite analyze <file> [options]

Analyses a LaTeX, Markdown, R Markdown or Quarto manuscript. Given the root file (or any file of
the project) it covers the whole project: included files and every bibliography.
${ROOT_SEARCH_HELP}

options:
  --json                 print the analysis as JSON (shape documented in README.md)
  --document             only this file, not the rest of its project
  --bib <file>           an extra bibliography (repeatable), like sciwrite.bibliography.extraFiles
  --cite-command <name>  an extra citation command (repeatable), like sciwrite.citations.extraCommands
  --skip-command <name>  a LaTeX command whose arguments are not prose (repeatable)
  --skip-env <name>      a LaTeX environment that is not prose (repeatable)
${EDITOR_ANALYZE_HELP}  -h, --help             show this help
`;

export function run(argv: string[], io: CommandIo): Promise<number> {
  return guarded(io, 'analyze', HELP, () => analyze(argv, io));
}

async function analyze(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      document: { type: 'boolean', default: false },
      bib: { type: 'string', multiple: true, default: [] },
      'cite-command': { type: 'string', multiple: true, default: [] },
      'skip-command': { type: 'string', multiple: true, default: [] },
      'skip-env': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
      ...EDITOR_ANALYZE_ARGS,
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('expected one file');
  const file = manuscriptPath(positionals[0]);
  const workspace = createWorkspace();
  // One options object for both passes, so entities are placed on the very segments the citations came from.
  const analysis = {
    extraBibliographies: values.bib.map((bib) => resolve(bib)),
    extraCitationCommands: values['cite-command'],
    skipCommands: values['skip-command'],
    skipEnvironments: values['skip-env'],
    // where the root of a file with neither `% !TEX root` nor \begin{document} is searched
    workspaceFolder: await projectFolderOf(file),
  };
  let result: EditorAnalyzeResult;
  try {
    const citationsAndProse = await analyzeFile(workspace, file, { scope: values.document ? 'document' : 'project', analysis });
    result = await addEditorAnalysis(workspace, citationsAndProse, { models: modelOverrides(values), analysis });
  } finally {
    await workspace.dispose();
  }
  const settingsProblem = workspaceSettingsProblem(workspaceFolderOf(result.root));
  if (settingsProblem) io.stderr.write(`sciwrite analyze: warning: ${settingsProblem}\n`);
  // an empty file (or one of markup only) is analysed, but nothing in it can be tagged or classified
  if (result.segments.length === 0) {
    const whose = result.files.length > 1 ? `${positionals[0]} and the rest of its project have` : `${positionals[0]} has`;
    io.stderr.write(`sciwrite analyze: notice: ${whose} no prose: no paragraphs to tag, no citing sentences to classify\n`);
  }
  // a model asked for but not used (a flag's or the workspace's) is said on stderr too, as other failures are
  for (const model of result.models) {
    if (!model.reason) continue;
    const missing = missingModelFolder(model.requested);
    const why = missing ? `${missing}; ${model.active ? `using ${model.active} instead` : 'no model runs'}` : model.reason;
    io.stderr.write(`sciwrite analyze: warning: ${model.role} model: ${why}\n`);
  }
  io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatText(result) + formatEditorExtras(result, (f) => relative(process.cwd(), f) || f));
  return 0;
}

function at(file: string, range: { start: { line: number; character: number } }): string {
  return `${relative(process.cwd(), file) || file}:${range.start.line + 1}:${range.start.character + 1}`;
}

const ENTRY_LINE = 100;

type Citation = EditorAnalyzeResult['citations'][number];

/** Each key of a citation with the entry it resolved to (undefined for an unresolved one). */
function keyEntries(citation: Citation): [string, Citation['entries'][number] | undefined][] {
  // `entries` holds the resolved keys' entries in their order (a key may name its entry in another case, or an alias)
  const resolved = citation.keys.filter((key) => !citation.unresolved.includes(key));
  const aligned = resolved.length === citation.entries.length;
  return citation.keys.map((key) => [
    key,
    citation.unresolved.includes(key) ? undefined
      : aligned ? citation.entries[resolved.indexOf(key)]
        : citation.entries.find((entry) => entry.key.toLowerCase() === key.toLowerCase()),
  ]);
}

/** One cited key: "key: First Author et al. (year) Title", at most ENTRY_LINE characters; or that no bibliography defines it. */
function entryLine(key: string, entry: Citation['entries'][number] | undefined): string {
  if (!entry) return `${key}: unresolved, in no bibliography`;
  const [first, second] = entry.authors;
  const authors = entry.authors.length > 2 ? `${first} et al.` : second ? `${first} and ${second}` : (first ?? '');
  const line = [`${key}:`, authors, entry.year && `(${entry.year})`, entry.title ?? '(no title)'].filter(Boolean).join(' ').replace(/\s+/g, ' ');
  if (line.length <= ENTRY_LINE) return line;
  // cut between words when one ends in the last 20 characters
  const cut = line.slice(0, ENTRY_LINE);
  const space = cut.lastIndexOf(' ');
  return `${(space > ENTRY_LINE - 20 ? cut.slice(0, space) : cut.slice(0, ENTRY_LINE - 1)).replace(/[\s,.;:]+$/, '')}…`;
}

/** The human-readable report: one-based lines and columns, as editors show them. */
export function formatText(result: EditorAnalyzeResult): string {
  const out: string[] = [];
  const name = (file: string) => relative(process.cwd(), file) || file;
  out.push(`Project ${name(result.root)}: ${result.files.length} file${result.files.length === 1 ? '' : 's'}`);
  for (const file of result.files) out.push(`  ${name(file)}`);
  out.push('', `Bibliographies (${result.bibliographies.length}):`);
  for (const bib of result.bibliographies) out.push(`  ${name(bib.file)}: ${bib.entries} entries${bib.problems ? `, ${bib.problems} problems` : ''}`);
  const sentences = result.segments.reduce((sum, segment) => sum + segment.sentences.length, 0);
  out.push('', `Prose: ${result.segments.length} paragraphs, ${sentences} sentences`);
  out.push('', `Citations (${result.citations.length}):`);
  for (const citation of result.citations) {
    const written = citation.command === 'pandoc' ? `[@${citation.keys.join('; @')}]` : `\\${citation.command}{${citation.keys.join(',')}}`;
    out.push(`  ${at(citation.file, citation.range)}  ${written}${citation.rendered ? `  → ${citation.rendered}` : ''}`);
    for (const [key, entry] of keyEntries(citation)) out.push(`      ${entryLine(key, entry)}`);
    if (citation.sentence) out.push(`      “${citation.sentence.length > 160 ? `${citation.sentence.slice(0, 157)}...` : citation.sentence}”`);
  }
  out.push('', `Diagnostics (${result.diagnostics.length}):`);
  for (const diagnostic of result.diagnostics) out.push(`  ${at(diagnostic.file, diagnostic.range)}  ${diagnostic.severity}: ${diagnostic.message}`);
  return `${out.join('\n')}\n`;
}
