// One .bib file → BibEntry[]: @string macros (the file's own, plus those of files read before it),
// `#` concatenation, month macros, LaTeX decoded to Unicode, names split, duplicate keys reported.
// Crossref/xdata inheritance needs the whole bibliography: see bibliography.ts.
import type { BibEntry, SourceProblem } from '../types.ts';
import { deriveDisplayFields, NAME_FIELDS, VERBATIM_FIELDS } from './entry.ts';
import { latexToUnicode, unescapeVerbatim } from './latex-to-unicode.ts';
import { positionAt } from './line-index.ts';
import { parseNameList } from './names.ts';
import { readBibSyntax, type BibSyntax, type RawPart } from './syntax.ts';

export interface BibParseOptions {
  /** @string macros defined by files read earlier: lower-cased name → raw LaTeX value. */
  strings?: Readonly<Record<string, string>>;
}

export interface BibParseResult {
  entries: BibEntry[];
  problems: SourceProblem[];
  /** This file's own @string macros: lower-cased name → raw LaTeX value. */
  strings: Record<string, string>;
  /** Macros used but defined nowhere this parse could see (another file may define them). */
  undefinedMacros: string[];
}

/** BibTeX's predefined month macros. */
export const MONTH_MACROS: Readonly<Record<string, string>> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

/** Journal macros every standard .bst (plain, unsrt, alpha, abbrv, natbib's) defines. */
export const STYLE_MACROS: Readonly<Record<string, string>> = {
  acmcs: 'ACM Computing Surveys', acta: 'Acta Informatica', cacm: 'Communications of the ACM',
  ibmjrd: 'IBM Journal of Research and Development', ibmsj: 'IBM Systems Journal',
  ieeese: 'IEEE Transactions on Software Engineering', ieeetc: 'IEEE Transactions on Computers',
  ieeetcad: 'IEEE Transactions on Computer-Aided Design of Integrated Circuits', ipl: 'Information Processing Letters',
  jacm: 'Journal of the ACM', jcss: 'Journal of Computer and System Sciences', scp: 'Science of Computer Programming',
  sicomp: 'SIAM Journal on Computing', tocs: 'ACM Transactions on Computer Systems', tods: 'ACM Transactions on Database Systems',
  tog: 'ACM Transactions on Graphics', toms: 'ACM Transactions on Mathematical Software', toois: 'ACM Transactions on Office Information Systems',
  toplas: 'ACM Transactions on Programming Languages and Systems', tcs: 'Theoretical Computer Science',
};

/** Parses one BibTeX/BibLaTeX file. Never throws: damage becomes problems, other entries still load. */
export function parseBibTeX(file: string, text: string, options: BibParseOptions = {}): BibParseResult {
  return resolveBibSyntax(file, readBibSyntax(text), options);
}

/** Turns a file's syntax into entries (see parseBibTeX). */
export function resolveBibSyntax(file: string, syntax: BibSyntax, options: BibParseOptions = {}): BibParseResult {
  const problems: SourceProblem[] = syntax.problems.map((p) => ({
    file, line: p.line, column: p.column, message: p.message, severity: p.severity,
  }));
  const at = (offset: number, message: string, severity: SourceProblem['severity']) => {
    const { line, column } = positionAt(syntax.lines, offset);
    problems.push({ file, line, column, message, severity });
  };
  const external = options.strings ?? {};
  const own: Record<string, string> = {};
  const undefinedMacros = new Set<string>();

  const lookup = (name: string): string | undefined => own[name] ?? external[name] ?? MONTH_MACROS[name] ?? STYLE_MACROS[name];
  const resolve = (parts: RawPart[], offset: number, where: string): string => {
    if (parts.length === 1 && parts[0].kind === 'text') return parts[0].value;
    let out = '';
    for (const part of parts) {
      if (part.kind === 'text') {
        out += part.value;
        continue;
      }
      const value = lookup(part.name);
      if (value === undefined) {
        if (!undefinedMacros.has(part.name)) at(offset, `${where}: @string macro '${part.name}' is not defined`, 'warning');
        undefinedMacros.add(part.name);
      } else out += value;
    }
    return out;
  };

  for (const s of syntax.strings) own[s.name] = resolve(s.parts, s.start, `@string{${s.name}}`);

  const entries: BibEntry[] = [];
  const firstByKey = new Map<string, BibEntry>();
  for (const raw of syntax.entries) {
    const fields: Record<string, string> = {};
    const entry: BibEntry = {
      key: raw.key,
      type: raw.type,
      fields,
      authors: [],
      file,
      span: { start: raw.start, end: raw.end },
      keySpan: { start: raw.keyStart, end: raw.keyEnd },
    };
    for (const f of raw.fields) {
      const latex = resolve(f.parts, f.start, raw.key);
      if (VERBATIM_FIELDS.has(f.name)) fields[f.name] = unescapeVerbatim(latex);
      else fields[f.name] = latexToUnicode(latex);
      if (NAME_FIELDS.has(f.name)) {
        const list = parseNameList(latex);
        if (f.name === 'author') {
          entry.authors = list.names;
          if (list.others) entry.authorsTruncated = true;
        } else entry.editors = list.names;
      }
    }
    deriveDisplayFields(entry);
    const lower = raw.key.toLowerCase();
    const first = firstByKey.get(lower);
    if (first) {
      const line = positionAt(syntax.lines, first.keySpan.start).line + 1;
      const same = first.key === raw.key ? '' : ` (as '${first.key}': BibTeX keys ignore case)`;
      at(raw.keyStart, `Duplicate key '${raw.key}': already defined on line ${line}${same}; the first entry is used`, 'warning');
    } else firstByKey.set(lower, entry);
    entries.push(entry);
  }
  return { entries, problems, strings: own, undefinedMacros: [...undefinedMacros] };
}
