// Citation occurrences in LaTeX: the built-in \cite family (natbib, biblatex), user macros that
// wrap them (found by scanLatexStructure) and extra command names from a setting.
import type { CitationForm, CitationKey, CitationOccurrence } from '../types.ts';
import { builtinCitationCommand, type CitationCommandSpec } from '../citations/commands.ts';
import type { CitationMacro } from './structure.ts';
import {
  forEachCommand, isCommentStart, readEnvironmentName, readGroup, readMandatory, readOptional, skipArgumentGap, skipComment, stripComments, type Group,
} from './scan.ts';

export interface LatexCitationOptions {
  /** User macros whose uses are citations (from scanLatexStructure over the project). */
  citationMacros?: readonly (Pick<CitationMacro, 'name' | 'form'> & Partial<CitationMacro>)[];
  /** More command names to treat as \cite-like (`\cite[pre][post]{keys}`), without the backslash. */
  extraCitationCommands?: readonly string[];
}

export interface CitationContext {
  macros: Map<string, Pick<CitationMacro, 'name' | 'form'> & Partial<CitationMacro>>;
  extra: Set<string>;
}

export function citationContext(options: LatexCitationOptions = {}): CitationContext {
  return {
    macros: new Map((options.citationMacros ?? []).map((m) => [m.name, m])),
    extra: new Set((options.extraCitationCommands ?? []).map((c) => c.replace(/^\\/, ''))),
  };
}

/** True when a command name (without backslash or star) is a citation command in this context. */
export function isCitationCommand(name: string, ctx: CitationContext): boolean {
  return builtinCitationCommand(name) !== undefined || ctx.macros.has(name) || ctx.extra.has(name);
}

function cleanArgument(text: string, g: Group): string {
  return stripComments(text.slice(g.innerStart, g.innerEnd)).replace(/~/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The keys of a `{a, b,c}` group, each with its own span; comments are skipped (keys written one per
 * line with trailing `% notes`, commas in them included); macro parameters (#1) and `*` are not keys.
 */
function readKeys(text: string, g: Group): CitationKey[] {
  const keys: CitationKey[] = [];
  // the current key's first character and the end of its last one
  let s = -1;
  let e = -1;
  const push = () => {
    const key = s < 0 ? '' : text.slice(s, e);
    if (key.length > 0 && key !== '*' && !/[#\\{}%\s]/.test(key)) keys.push({ key, span: { start: s, end: e } });
    s = e = -1;
  };
  for (let k = g.innerStart; k < g.innerEnd; k++) {
    const ch = text[k];
    if (ch === ',') push();
    else if (ch === '%' && isCommentStart(text, k)) k = skipComment(text, k);
    else if (!/\s/.test(ch)) {
      if (s < 0) s = k;
      e = k + 1;
    }
  }
  push();
  return keys;
}

function occurrence(file: string, command: string, form: CitationForm, start: number, end: number, keys: CitationKey[],
  prefix?: string, suffix?: string): CitationOccurrence {
  const occ: CitationOccurrence = { file, span: { start, end }, command, form, keys };
  if (prefix) occ.prefix = prefix;
  if (suffix) occ.suffix = suffix;
  return occ;
}

function parseBuiltin(text: string, file: string, name: string, spec: CitationCommandSpec, start: number, nameEnd: number): CitationOccurrence | undefined {
  let i = nameEnd;
  let command = name;
  if (text[i] === '*') {
    command += '*';
    i++;
  }
  if (spec.multi) {
    const keys: CitationKey[] = [];
    const pre: string[] = [];
    for (let n = 0; n < 2; n++) {
      const k = skipArgumentGap(text, i);
      const paren = readGroup(text, k, '(', ')');
      if (!paren) break;
      pre.push(cleanArgument(text, paren));
      i = paren.end;
    }
    for (let guard = 0; guard < 200; guard++) {
      let j = i;
      const opts: Group[] = [];
      for (let n = 0; n < 2; n++) {
        const o = readOptional(text, j);
        if (!o) break;
        opts.push(o);
        j = o.end;
      }
      const g = readMandatory(text, j);
      if (!g) break;
      const group = readKeys(text, g);
      // each key group's own [prenote][postnote] (one alone is the postnote)
      const [prefix, suffix] = opts.length === 2 ? [cleanArgument(text, opts[0]), cleanArgument(text, opts[1])] : [undefined, opts[0] && cleanArgument(text, opts[0])];
      if (group.length > 0 && prefix) group[0].prefix = prefix;
      if (group.length > 0 && suffix) group[group.length - 1].suffix = suffix;
      keys.push(...group);
      i = g.end;
    }
    if (i === nameEnd || keys.length === 0) return undefined;
    // (multiprenote)(multipostnote); one alone is the multipostnote
    return occurrence(file, command, spec.form, start, i, keys, pre.length === 2 ? pre[0] : undefined, pre.length === 2 ? pre[1] : pre[0]);
  }
  const opts: Group[] = [];
  for (let n = 0; n < 2; n++) {
    const o = readOptional(text, i);
    if (!o) break;
    opts.push(o);
    i = o.end;
  }
  const g = readMandatory(text, i);
  if (!g) return undefined;
  const keys = readKeys(text, g);
  if (keys.length === 0) return undefined;
  const prefix = opts.length === 2 ? cleanArgument(text, opts[0]) : undefined;
  const suffix = opts.length === 2 ? cleanArgument(text, opts[1]) : opts.length === 1 ? cleanArgument(text, opts[0]) : undefined;
  return occurrence(file, command, spec.form, start, g.end, keys, prefix, suffix);
}

function parseMacro(text: string, file: string, macro: Pick<CitationMacro, 'name' | 'form'> & Partial<CitationMacro>, start: number, nameEnd: number): CitationOccurrence | undefined {
  const parameters = Math.max(1, macro.parameters ?? 1);
  const keyArgument = macro.keyArgument ?? (macro.optionalFirst ? 2 : 1);
  let i = nameEnd;
  let keysGroup: Group | undefined;
  let optional: string | undefined;
  for (let p = 1; p <= parameters; p++) {
    if (p === 1 && macro.optionalFirst) {
      const o = readOptional(text, i);
      if (o) {
        optional = cleanArgument(text, o);
        i = o.end;
      }
      continue;
    }
    const g = readMandatory(text, i);
    if (!g) break;
    if (p === keyArgument) keysGroup = g;
    i = g.end;
  }
  if (!keysGroup) return undefined;
  const keys = readKeys(text, keysGroup);
  if (keys.length === 0) return undefined;
  return occurrence(file, macro.name, macro.form, start, i, keys, undefined, optional);
}

/**
 * Parses the citation command whose backslash is at `start` and whose name ends at `nameEnd`.
 * Returns undefined when it is not a citation or has no keys (e.g. a definition body's `\citen{#1}`).
 */
export function parseLatexCitationAt(text: string, file: string, name: string, start: number, nameEnd: number, ctx: CitationContext): CitationOccurrence | undefined {
  const macro = ctx.macros.get(name);
  if (macro) return parseMacro(text, file, macro, start, nameEnd);
  const spec = builtinCitationCommand(name) ?? (ctx.extra.has(name) ? { form: 'parenthetical' as const } : undefined);
  if (!spec) return undefined;
  return parseBuiltin(text, file, name, spec, start, nameEnd);
}

/**
 * Visits, in source order, every citation in a LaTeX text (preamble included, comments, verbatim and
 * what follows `\end{document}` excluded); `command`, when given, sees every command name first (e.g.
 * `\nocite{*}`, which yields no occurrence).
 */
export function visitLatexCitations(
  text: string,
  file: string,
  ctx: CitationContext,
  citation: (occurrence: CitationOccurrence) => void,
  command?: (name: string, start: number, nameEnd: number) => void,
): void {
  forEachCommand(text, (name, start, nameEnd) => {
    // LaTeX reads nothing after the end of the document
    if (name === 'end' && readEnvironmentName(text, nameEnd)?.name === 'document') return text.length;
    command?.(name, start, nameEnd);
    if (!isCitationCommand(name, ctx)) return;
    const occ = parseLatexCitationAt(text, file, name, start, nameEnd, ctx);
    if (!occ) return;
    citation(occ);
    return occ.span.end;
  });
}

/** Every citation in a LaTeX text (preamble included, comments and verbatim excluded), in source order. */
export function findLatexCitations(text: string, file: string, options: LatexCitationOptions | CitationContext = {}): CitationOccurrence[] {
  const ctx = 'macros' in options && options.macros instanceof Map ? options as CitationContext : citationContext(options as LatexCitationOptions);
  const out: CitationOccurrence[] = [];
  visitLatexCitations(text, file, ctx, (occ) => out.push(occ));
  return out;
}
