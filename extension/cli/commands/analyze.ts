// `sciwrite analyze <file> [--json]`: segments, citations with their entries, bibliographies and
// diagnostics of a manuscript's whole project (README.md, "JSON output", documents the shape).
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFile, createWorkspace } from '../../analysis/index.ts';
import {
  addEditorAnalysis, EDITOR_ANALYZE_ARGS, EDITOR_ANALYZE_HELP, formatEditorExtras, modelOverrides, workspaceSettingsProblem, type EditorAnalyzeResult,
} from '../../analysis/editor/analyze-extras.ts';
import { workspaceFolderOf } from '../../analysis/editor/workspace-files.ts';
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
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new Error(`no such file: ${positionals[0]}`);
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
    if (citation.unresolved.length > 0) out.push(`      unresolved: ${citation.unresolved.join(', ')}`);
    if (citation.sentence) out.push(`      “${citation.sentence.length > 160 ? `${citation.sentence.slice(0, 157)}...` : citation.sentence}”`);
  }
  out.push('', `Diagnostics (${result.diagnostics.length}):`);
  for (const diagnostic of result.diagnostics) out.push(`  ${at(diagnostic.file, diagnostic.range)}  ${diagnostic.severity}: ${diagnostic.message}`);
  return `${out.join('\n')}\n`;
}
