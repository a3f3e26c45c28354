import { loadBuiltinTagger } from '../extension/inference/builtin/tagger.ts';
import { tokenize, encodeTokens } from '../extension/inference/builtin/tagger-features.ts';
import { readFileSync } from 'node:fs';
const t = await loadBuiltinTagger();
console.log(t.types);
console.log(await t.tag('The TGF-beta type II receptor in chronic myeloid leukemia (Smith et al., 2020).'));
const gold = JSON.parse(readFileSync(process.env.SCIWRITE_MODELS_DIR + '/tagger/golden.json', 'utf8'));
for (const g of gold) { const toks = tokenize(g.text); console.log(JSON.stringify(toks.map(x=>[x.start,x.end]))===JSON.stringify(g.tokens)); }
