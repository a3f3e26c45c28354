// Reads an entry's title from a sample .bib as a reader sees it (outer and protective braces
// dropped), so the tests compare the hover with the file, not with a copied string.
import { readFileSync } from 'node:fs';

function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

export function bibTitle(bibPath: string, key: string): string {
  const bib = readFileSync(bibPath, 'utf8');
  const start = bib.search(new RegExp(`@\\w+\\s*\\{\\s*${key}\\s*,`));
  if (start < 0) throw new Error(`${key} is not in ${bibPath}`);
  const entry = balanced(bib, bib.indexOf('{', start));
  const field = /(?:^|,)\s*title\s*=\s*\{/i.exec(entry);
  if (!field) throw new Error(`${key} has no braced title`);
  return balanced(entry, field.index + field[0].length - 1).replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}
