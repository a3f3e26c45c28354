import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latexToUnicode, unescapeVerbatim } from '../../extension/core/bib/latex-to-unicode.ts';

test('accents in every spelling BibTeX files use', () => {
  const cases: [string, string][] = [
    ['M{\\"u}ller', 'Müller'],
    ['M\\"{u}ller', 'Müller'],
    ['M\\"uller', 'Müller'],
    ["{\\'E}cole", 'École'],
    ["\\'{E}cole", 'École'],
    ['Garc{\\\'\\i}a', 'García'],
    ['\\v{S}ediv\\\'{y}', 'Šedivý'],
    ['\\c{c}a va', 'ça va'],
    ['Erd\\H{o}s', 'Erdős'],
    ['\\k{a}', 'ą'],
    ['\\r{a}ngstr\\"om', 'ångström'],
    ['\\~{n}', 'ñ'],
    ['\\^{o}', 'ô'],
    ['\\`{e}', 'è'],
    ['\\={a}', 'ā'],
    ['\\.{z}', 'ż'],
    ['\\u{g}', 'ğ'],
  ];
  for (const [tex, text] of cases) assert.equal(latexToUnicode(tex), text, tex);
});

test('special letters, with and without braces or a following space', () => {
  assert.equal(latexToUnicode('Stra{\\ss}e'), 'Straße');
  assert.equal(latexToUnicode('Stra\\ss e'), 'Straße');
  assert.equal(latexToUnicode('Stra\\ss{}e'), 'Straße');
  assert.equal(latexToUnicode('{\\O}stergaard and {\\o}l'), 'Østergaard and øl');
  assert.equal(latexToUnicode('{\\L}\\\'od\\\'z'), 'Łódź');
  assert.equal(latexToUnicode('{\\aa}{\\AE}{\\oe}'), 'åÆœ');
});

test('math, dashes, quotes, ties and formatting commands', () => {
  assert.equal(latexToUnicode('$\\alpha$-helix'), 'α-helix');
  assert.equal(latexToUnicode('CO$_2$ and $^{13}$C'), 'CO₂ and ¹³C');
  assert.equal(latexToUnicode('{$O(n^2)$} time'), 'O(n²) time');
  assert.equal(latexToUnicode('$\\mu$m and $p<0.05$'), 'μm and p<0.05');
  assert.equal(latexToUnicode('pages 10--20 --- and more'), 'pages 10–20 — and more');
  assert.equal(latexToUnicode("``quoted'' text"), '“quoted” text');
  assert.equal(latexToUnicode('\\emph{E.~coli} in \\textit{vivo}'), 'E. coli in vivo');
  assert.equal(latexToUnicode('{{Deep}} {Learning} \\textbf{Now}'), 'Deep Learning Now');
  assert.equal(latexToUnicode('A \\& B, 100\\%, \\$5'), 'A & B, 100%, $5');
  assert.equal(latexToUnicode('H\\textsubscript{2}O, 5\\textsuperscript{th}'), 'H₂O, 5th');
  assert.equal(latexToUnicode('The {\\TeX}book'), 'The TeXbook');
  assert.equal(latexToUnicode('  spread\n   over\tlines  '), 'spread over lines');
  assert.equal(latexToUnicode('\\href{https://x.org}{the site}'), 'the site');
  assert.equal(latexToUnicode('is \\href{https://x.org}\n{\\color{link}{freely available}}, and \\textcolor{red}{new}'), 'is freely available, and new', 'a colour name is not text (the thesis\'s citation prenotes)');
  assert.equal(latexToUnicode('Toolbox}\\newline\\noindent version 1.0'), 'Toolbox version 1.0', 'a line break is a space');
});

test('a negative exponent or index: the minus sign math typesets has its script form too', () => {
  assert.equal(latexToUnicode('10$^{-3}$ M and $a_{-1}$'), '10⁻³ M and a₋₁');
  assert.equal(latexToUnicode('$x^{n-1}$'), 'xⁿ⁻¹');
  assert.equal(latexToUnicode('$10^{-3x}$'), '10^(−3x)', 'a letter without a superscript form: the marker, as before');
});

test('text without markup is returned unchanged', () => {
  assert.equal(latexToUnicode('Plain'), 'Plain');
  assert.equal(latexToUnicode('Ünïcödé already'), 'Ünïcödé already');
});

test('unbalanced input does not throw', () => {
  for (const s of ['{', '}', '\\', '$', '\\"', '{\\"', '\\textbf{', '$^{', '\\c', '\\\'{']) {
    assert.equal(typeof latexToUnicode(s), 'string');
  }
});

test('verbatim fields keep URLs as written apart from escaped specials', () => {
  assert.equal(unescapeVerbatim('https://x.org/a\\_b?c=1\\%2'), 'https://x.org/a_b?c=1%2');
  assert.equal(unescapeVerbatim('{10.1000/abc~def}'), '10.1000/abc~def');
});
