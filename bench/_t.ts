import { loadBuiltinTagger } from '../extension/inference/builtin/tagger.ts';
const t = await loadBuiltinTagger();
for (const s of ['Cisplatin induced acute kidney injury in mice (Smith et al., 2020).', 'We train a CRF for named entity recognition [12] and evaluate F1 on CoNLL-2003 (Lample et al., 2016).', 'Expression of TGF-beta in MCF-7 breast cancer cells was reduced by tamoxifen [3, 4].', 'Following Wang and Müller (2019), we apply the BiLSTM-CRF model to the task of machine translation.'])
  console.log(s, '\n  ', (await t.tag(s)).map((e) => `${e.text}/${e.type}/${e.score.toFixed(2)}`).join(' | '));
