// Macros that refer to a label but whose definition the project does not hold (a class or a .sty
// outside the folder defines them): eLife's `\FIG{validation}` for `\label{fig:validation}`,
// `\FIGSUPP[spread]{diffusion}`, `\EQ{losegainx}`. Read as unknown commands, their keys became prose
// ("spreadB-D", "losegainx") and drew entity highlights. A command is taken for a reference when one
// of its uses has a label of the file as its argument (whole, or after a `prefix:`; an optional
// argument may come first) and none of its uses has an argument with a space in it (prose does).
// Written by hand: no LaTeX library infers undefined macros.
import { ACRONYM_COMMANDS, ACRONYM_SILENT } from './acronyms.ts';
import { readMandatory, readOptional, forEachCommand } from './scan.ts';
import type { UserCommand } from './structure.ts';

/** Adds the key of `\label{fig:a:b}` with every `prefix:` suffix (fig:a:b, a:b, b). */
function addLabel(labels: Set<string>, key: string): void {
  for (let k = key; ; k = k.slice(k.indexOf(':') + 1)) {
    labels.add(k);
    if (!k.includes(':')) break;
  }
}

/** The file's undefined reference macros, as user commands whose uses read as a reference placeholder. */
export function inferReferenceMacros(text: string, isKnown: (name: string) => boolean): UserCommand[] {
  const labels = new Set<string>();
  const uses: { name: string; argument: string }[] = [];
  forEachCommand(text, (name, _start, nameEnd) => {
    const isLabel = name === 'label';
    if (!isLabel && (isKnown(name) || ACRONYM_COMMANDS.has(name) || ACRONYM_SILENT.has(name))) return;
    // eLife's `\\FIGSUPP[figure]{supplement}` names its figure in an optional argument first
    const optional = !isLabel && text[nameEnd] === '[' ? readOptional(text, nameEnd) : undefined;
    const from = optional?.end ?? nameEnd;
    const g = text[from] === '{' || isLabel ? readMandatory(text, from) : undefined;
    if (!g) return;
    const argument = text.slice(g.innerStart, g.innerEnd).trim();
    if (!isLabel) uses.push({ name, argument });
    else if (argument !== '' && !/\s/.test(argument)) addLabel(labels, argument);
  });
  if (labels.size === 0) return [];
  const takesLabel = new Set<string>();
  const takesProse = new Set<string>();
  for (const { name, argument } of uses) {
    if (/\s/.test(argument)) takesProse.add(name);
    else if (labels.has(argument)) takesLabel.add(name);
  }
  return [...takesLabel].filter((name) => !takesProse.has(name)).map((name) => ({
    name, parameters: 2, optionalFirst: true, action: { kind: 'placeholder', placeholder: 'ref' },
  }));
}
