// A panel state as the extension would post it: real papers (metadata and abstracts as published),
// one of each kind the panel distinguishes — cited here, in the .bib only, from Semantic Scholar,
// an S2 recommendation, and one with no abstract and nowhere to open.
import type { PanelState, PaperView } from '../../webview/src/protocol.ts';

export const papers: PaperView[] = [
  {
    id: 's2:specter',
    title: 'SPECTER: Document-level Representation Learning using Citation-informed Transformers',
    authors: ['Arman Cohan', 'Sergey Feldman', 'Iz Beltagy', 'Doug Downey', 'Daniel S. Weld'],
    year: 2020,
    venue: 'ACL',
    citationCount: 1024,
    tldr: 'SPECTER generates document-level embeddings of scientific papers by pretraining a Transformer on the citation graph.',
    abstract:
      'Representation learning is a critical ingredient for natural language processing systems. Recent Transformer language models like BERT learn powerful textual representations, but these models are targeted towards token- and sentence-level training objectives and do not leverage information on inter-document relatedness, which limits their document-level representation power. For applications on scientific documents, such as classification and recommendation, the embeddings power strong performance on end tasks. We propose SPECTER, a new method to generate document-level embedding of scientific documents based on pretraining a Transformer language model on a powerful signal of document-level relatedness: the citation graph.',
    score: 0.91,
    source: 'semantic-scholar',
    reasons: [
      { kind: 'similarity', value: 0.83 },
      { kind: 'sharedTerms', terms: ['citation', 'embedding', 'transformer'] },
    ],
    inBib: false,
    citedHere: false,
    openTargets: ['page', 'doi', 'pdf'],
  },
  {
    id: 'bib:beltagy2019scibert',
    key: 'beltagy2019scibert',
    title: 'SciBERT: A Pretrained Language Model for Scientific Text',
    authors: ['Iz Beltagy', 'Kyle Lo', 'Arman Cohan'],
    year: 2019,
    venue: 'EMNLP',
    citationCount: 3120,
    abstract:
      'Obtaining large-scale annotated data for NLP tasks in the scientific domain is challenging and expensive. We release SciBERT, a pretrained language model based on BERT (Devlin et al., 2018) to address the lack of high-quality, large-scale labeled scientific data. SciBERT leverages unsupervised pretraining on a large multi-domain corpus of scientific publications to improve performance on downstream scientific NLP tasks.',
    score: 0.78,
    source: 'library',
    reasons: [
      { kind: 'similarity', value: 0.71 },
      { kind: 'sharedTerms', terms: ['scientific', 'pretrained'] },
    ],
    inBib: true,
    citedHere: true,
    citedInScope: true,
    openTargets: ['doi'],
  },
  {
    id: 'bib:lee2020biobert',
    key: 'lee2020biobert',
    title: 'BioBERT: a pre-trained biomedical language representation model for biomedical text mining',
    authors: ['Jinhyuk Lee', 'Wonjin Yoon', 'Sungdong Kim', 'Donghyeon Kim', 'Sunkyu Kim', 'Chan Ho So', 'Jaewoo Kang'],
    year: 2020,
    venue: 'Bioinformatics',
    citationCount: 4480,
    abstract:
      'Biomedical text mining is becoming increasingly important as the number of biomedical documents rapidly grows. With the progress in natural language processing (NLP), extracting valuable information from biomedical literature has gained popularity among researchers, and deep learning has boosted the development of effective biomedical text mining models.',
    score: 0.64,
    source: 'library',
    reasons: [{ kind: 'lexical', value: 7.42 }, { kind: 'sharedTerms', terms: ['biomedical', 'text mining'] }],
    inBib: true,
    citedHere: false,
    openTargets: ['page', 'doi'],
  },
  {
    id: 's2:scispacy',
    title: 'ScispaCy: Fast and Robust Models for Biomedical Natural Language Processing',
    authors: ['Mark Neumann', 'Daniel King', 'Iz Beltagy', 'Waleed Ammar'],
    year: 2019,
    venue: 'BioNLP Workshop',
    citationCount: 890,
    tldr: 'scispaCy is a Python library of models for practical biomedical and scientific text processing built on spaCy.',
    abstract:
      'Despite recent advances in natural language processing, many statistical models for processing text perform extremely poorly under domain shift. Processing biomedical and clinical text is a critically important application area of natural language processing, for which there are few robust, practical, publicly available models. This paper describes scispaCy, a new Python library and models for practical biomedical/scientific text processing, which heavily leverages the spaCy library.',
    score: 0.52,
    source: 'recommendations',
    reasons: [{ kind: 'similarity', value: 0.62 }, { kind: 'note', text: 'recommended from the papers you cite' }],
    inBib: false,
    citedHere: false,
    openTargets: ['page', 'pdf'],
  },
  {
    id: 's2:scaffolds',
    title: 'Structural Scaffolds for Citation Intent Classification in Scientific Publications',
    authors: ['Arman Cohan', 'Waleed Ammar', 'Madeleine van Zuylen', 'Field Cady'],
    year: 2019,
    score: 0.41,
    source: 'semantic-scholar',
    reasons: [{ kind: 'similarity', value: 0.55 }],
    inBib: false,
    citedHere: false,
    openTargets: [],
  },
];

export const panelState: PanelState = {
  scope: 'paragraph',
  scopeLabel: 'paragraph at line 42 of paper.tex',
  status: {
    ranker: 'bm25',
    specter2: { state: 'missing', downloadSize: '440 MB' },
    semanticScholar: 'off',
    messages: [],
  },
  papers,
  hiddenCount: 0,
};

/** The panel with both rankers on and Semantic Scholar on. */
export const onlineState: PanelState = {
  ...panelState,
  status: { ranker: 'bm25+specter2', specter2: { state: 'ready' }, semanticScholar: 'on', messages: [] },
};
