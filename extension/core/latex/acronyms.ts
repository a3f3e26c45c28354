// Acronyms declared with the acronym, acro or glossaries packages (`\acrodef{SFS}{Sound Field
// Synthesis}`, `\newacronym{camkii}{CaMKII}{...}`) and how their uses (`\ac{SFS}`, `\gls{camkii}`) read
// in prose. As the packages print them, the first `\ac`/`\gls` of an acronym in a file reads
// "Sound Field Synthesis (SFS)" and later ones the short form (`\acresetall`, `\acreset`, `\acused`
// and glossaries' equivalents as LaTeX reads them): the tagger sees what the acronym means where it is
// defined, and the abbreviation pass types every later use by it. Each file counts on its own: a
// thesis's chapters each spell out their first use (TeX would only in the first chapter).
import { forEachCommand, readMandatory, readOptional, stripComments } from './scan.ts';

export interface AcronymDefinition {
  /** What uses name: `\ac{key}`, `\gls{key}`. */
  key: string;
  /** LaTeX source of the short and long forms (the long form is absent for a plain glossary entry). */
  short: string;
  long?: string;
}

/** Which form a use prints: `auto` is the first-use rule of `\ac` and `\gls`. */
export type AcronymForm = 'auto' | 'short' | 'long' | 'full';

export interface AcronymUse {
  form: AcronymForm;
  plural: boolean;
  /** `\Ac`, `\Gls`: the first letter upper-case; `\GLS`: all of it. */
  capital: 'first' | 'all' | false;
}

function use(form: AcronymForm, plural = false, capital: AcronymUse['capital'] = false): AcronymUse {
  return { form, plural, capital };
}

/** Every use command of the three packages (glossaries-extra's `\glsxtr...` too). */
export const ACRONYM_COMMANDS: ReadonlyMap<string, AcronymUse> = new Map([
  // acronym and acro
  ['ac', use('auto')], ['Ac', use('auto', false, 'first')], ['acp', use('auto', true)], ['Acp', use('auto', true, 'first')],
  ['acs', use('short')], ['acsp', use('short', true)], ['acsu', use('short')], ['iac', use('short')], ['Iac', use('short', false, 'first')],
  ['acl', use('long')], ['Acl', use('long', false, 'first')], ['aclp', use('long', true)], ['Aclp', use('long', true, 'first')], ['aclu', use('long')],
  ['acf', use('full')], ['Acf', use('full', false, 'first')], ['acfp', use('full', true)], ['Acfp', use('full', true, 'first')], ['acfi', use('full')],
  // glossaries
  ['gls', use('auto')], ['Gls', use('auto', false, 'first')], ['GLS', use('auto', false, 'all')],
  ['glspl', use('auto', true)], ['Glspl', use('auto', true, 'first')], ['GLSpl', use('auto', true, 'all')],
  ['acrshort', use('short')], ['Acrshort', use('short', false, 'first')], ['acrshortpl', use('short', true)],
  ['acrlong', use('long')], ['Acrlong', use('long', false, 'first')], ['acrlongpl', use('long', true)],
  ['acrfull', use('full')], ['Acrfull', use('full', false, 'first')], ['acrfullpl', use('full', true)],
  ['glsxtrshort', use('short')], ['glsxtrlong', use('long')], ['glsxtrfull', use('full')],
  ['glstext', use('short')], ['glsname', use('short')], ['glsfirst', use('full')],
]);

/** Commands of these packages that print nothing (`\acused{X}`, `\glsreset{x}`, `\acresetall`). */
export const ACRONYM_SILENT = new Set(['acused', 'acresetall', 'acreset', 'acuseall', 'glsreset', 'glsresetall', 'glsunset', 'glsunsetall']);

/** `short = SFS, long = {Sound Field Synthesis}` (acro's `\DeclareAcronym`, glossaries' entry keys). */
function keyValues(inner: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i <= inner.length; i++) {
    const ch = inner[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if ((ch === ',' && depth === 0) || i === inner.length) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^\{([\s\S]*)\}$/, '$1').trim());
  }
  return out;
}

/**
 * The declaration at a command (`name` read up to `nameEnd`), if it is one: `\\acrodef{SFS}[short]{long}`
 * and `\\acro` (acronym), `\\newacronym[options]{key}{short}{long}` (glossaries), `\\DeclareAcronym{key}{short
 * = ..., long = ...}` (acro), `\\newglossaryentry{key}{name = ...}` (a glossary entry: uses print its name).
 * scanLatexStructure calls it for every command of a file.
 */
export function readAcronymDefinition(text: string, name: string, nameEnd: number): { definition: AcronymDefinition; end: number } | undefined {
  const inner = (g: { innerStart: number; innerEnd: number }) => stripComments(text.slice(g.innerStart, g.innerEnd)).trim();
  if (name === 'acrodef' || name === 'acro' || name === 'newacro') {
    const key = readMandatory(text, nameEnd);
    const short = key && readOptional(text, key.end);
    const long = key && readMandatory(text, short ? short.end : key.end);
    if (!key || !long) return undefined;
    return { definition: { key: inner(key), short: short ? inner(short) : inner(key), long: inner(long) }, end: long.end };
  }
  if (name === 'newacronym' || name === 'newabbreviation') {
    const options = readOptional(text, nameEnd);
    const key = readMandatory(text, options ? options.end : nameEnd);
    const short = key && readMandatory(text, key.end);
    const long = short && readMandatory(text, short.end);
    if (!key || !short || !long) return undefined;
    return { definition: { key: inner(key), short: inner(short), long: inner(long) }, end: long.end };
  }
  if (name === 'DeclareAcronym' || name === 'newglossaryentry') {
    const key = readMandatory(text, nameEnd);
    const body = key && readMandatory(text, key.end);
    if (!key || !body) return undefined;
    const kv = keyValues(inner(body));
    const short = name === 'DeclareAcronym' ? kv.get('short') : kv.get('name');
    const long = name === 'DeclareAcronym' ? kv.get('long') : kv.get('first');
    if (!short) return undefined;
    return { definition: { key: inner(key), short, ...(long ? { long } : {}) }, end: body.end };
  }
  return undefined;
}

const MAY_USE = /\\(ac|Ac|iac|Iac|acr|Acr|gls|Gls|GLS|glsxtr|glstext|glsname|glsfirst|glsreset|glsunset|glsresetall|glsunsetall)/;

/**
 * Updates `used` (the acronym keys a file has printed so far, `*` for all) with one paragraph's uses and
 * resets, in order; a starred use (`\ac*`) does not count, as in the acronym package.
 */
export function trackAcronymUses(paragraph: string, used: Set<string>): void {
  if (!MAY_USE.test(paragraph)) return;
  forEachCommand(paragraph, (name, _start, nameEnd) => {
    if (name === 'acresetall' || name === 'glsresetall') return void used.clear();
    if (name === 'acuseall' || name === 'glsunsetall') return void used.add('*');
    const resets = name === 'acreset' || name === 'glsreset';
    const marks = name === 'acused' || name === 'glsunset';
    if (!resets && !marks && !ACRONYM_COMMANDS.has(name)) return;
    if (paragraph[nameEnd] === '*') return;
    const options = readOptional(paragraph, nameEnd);
    const g = readMandatory(paragraph, options ? options.end : nameEnd);
    if (!g) return;
    for (const key of stripComments(paragraph.slice(g.innerStart, g.innerEnd)).split(',').map((k) => k.trim()).filter(Boolean)) {
      if (resets) used.delete(key);
      else used.add(key);
    }
    return g.end;
  });
}

/** How one use reads, given the short and long forms as prose; `first` says whether the file used the key before. */
export function acronymText(forms: { short: string; long?: string }, how: AcronymUse, first: boolean): string {
  const short = how.plural ? `${forms.short}s` : forms.short;
  const long = forms.long === undefined ? undefined : how.plural ? `${forms.long}s` : forms.long;
  let text: string;
  if (how.form === 'short' || long === undefined) text = short;
  else if (how.form === 'long') text = long;
  else if (how.form === 'full' || first) text = `${long} (${short})`;
  else text = short;
  if (how.capital === 'all') return text.toUpperCase();
  if (how.capital === 'first') return text.charAt(0).toUpperCase() + text.slice(1);
  return text;
}

/** The prose of an acronym's forms, converted once per project (their LaTeX may hold markup: `Ca\textsuperscript{2+}`). */
export interface AcronymForms {
  short: string;
  long?: string;
}
