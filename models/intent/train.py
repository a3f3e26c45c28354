#!/usr/bin/python3
"""Recipe for SciWrite's compact citation-intent classifiers (SciCite and ACL-ARC).

Model: TF-IDF-weighted word 1-3-gram and within-word character 2-5-gram features (vocabularies fixed
from the train split; the two blocks L2-normalised separately), and linear softmax classifiers
(multinomial logistic regression) over them; the output is the mean of the members' probabilities
(CONFIGS below, chosen on dev with explore.py: SciCite = word model + char model; ACL-ARC = one
class-balanced model over word n-grams and cue-phrase features, cues.py, chosen on repeated
cross-validation of train, experiments/aclarc-cv-cues.py). For SciCite, that linear ensemble is averaged (weight 1 - cnn.weight) with
a word CNN ensemble (a few seeds; max-pooled convolutions over word vectors pretrained with word2vec
on the train splits of ../shared/datasets, i.e. the datasets' own text). A TF-IDF + LR baseline, tuned
on dev the same way, is reported beside it.

Run (from the repository root, with Debian's python3-torch, python3-sklearn and, for the word
vectors, python3-gensim; one thread; SciCite ~10 min, ACL-ARC ~1 min):
    /usr/bin/python3 models/intent/train.py --task scicite
    /usr/bin/python3 models/intent/train.py --task aclarc

Outputs in models/intent/<task>/: model.onnx, features.json (featuriser vocabularies, idf, labels),
golden.json (featuriser parity cases for the TypeScript test), dev-predictions.json, dev.json, train.log.

Featurisation spec (extension/inference/builtin/intent-features.ts implements it identically):
  cites(text)= with citeMarkers, every match of CITE_RE replaced by ' zcitz ' (one word standing for
               any rendered citation: "(Smith et al., 2020)", "[12]", "(16)", "( Smith , 2005 )")
  norm(text) = cites(text) lower-cased, every ASCII digit replaced by '0'
  words      = maximal runs of Unicode letters, digits and '_' in norm(text); with words = 'sklearn'
               (scikit-learn's TfidfVectorizer tokens), the runs of at least two code points in
               cites(text) lower-cased, digits kept
  features   = 'w ' + word, 'w ' + w1 + ' ' + w2, 'w ' + w1 + ' ' + w2 + ' ' + w3 (n-grams of adjacent words);
               with window > 0, 'l ' + word / 'r ' + word for the words up to `window` before / after each
               'zcitz'; and 'c ' + g for each character n-gram g (n in charNs, by code point) of ' ' + word + ' '
               with cues, 'q ' + name for each cue feature of cues.py that fires (lexicons in features.json)
  value      = (1 + ln(count)) * idf[feature], for features in the vocabulary (cue features: 1); then the
               'c' features, the 'q' features and all the others are L2-normalised as separate blocks, and
               the 'q' block is multiplied by cues.weight
  CNN input  = words(cites(text) with citeMarkers forced on), cut to cnn.maxLen, each mapped to its index in
               cnn.vocab (1 = unknown), right-padded with 0 to at least cnn.minLen; the graph masks padding,
               so a text's output does not depend on what it is batched with
"""
import argparse
import json
import math
import os
import random
import re
import sys
import time

if __name__ == '__main__' and os.environ.get('PYTHONHASHSEED') != '0':
    # gensim seeds each word vector from hash(word): fix Python's string hashing so word2vec repeats
    os.environ['PYTHONHASHSEED'] = '0'
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from cues import CITE_RE, cue_features, spec as cue_spec

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, '..', '..', '..', 'shared', 'datasets')
DATA = os.path.join(DATASETS, 'citation-intent')
TASKS = {'scicite': 'sci-cite', 'aclarc': 'citation_intent'}
SEED = 7
WORD_RE = re.compile(r'\w+', re.UNICODE)
# scikit-learn's default token pattern (TfidfVectorizer): runs of two or more word characters
SKLEARN_WORD_RE = re.compile(r'(?u)\b\w\w+\b')
DIGIT_RE = re.compile(r'[0-9]')
# SciCite labels as ACL-ARC's nearest classes, for borrowing SciCite examples when training ACL-ARC
SCICITE_TO_ACLARC = {'background': 'Background', 'method': 'Uses', 'result': 'CompareOrContrast'}


def load(folder, split):
    with open(os.path.join(DATA, folder, split + '.jsonl'), encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def words_of(text, cite_markers=False, mode='recipe'):
    if cite_markers:
        text = CITE_RE.sub(' zcitz ', text)
    if mode == 'sklearn':
        return SKLEARN_WORD_RE.findall(text.lower())
    return WORD_RE.findall(DIGIT_RE.sub('0', text.lower()))


def features_of(text, max_word_n=3, char_ns=(2, 3, 4, 5), cite_markers=False, window=0, words='recipe', cues=False):
    ws = words_of(text, cite_markers, words)
    out = {}
    if cues:
        for name in cue_features(text):
            out['q ' + name] = 1
    for n in range(1, max_word_n + 1):
        for i in range(len(ws) - n + 1):
            k = 'w ' + ' '.join(ws[i:i + n])
            out[k] = out.get(k, 0) + 1
    for i, w in enumerate(ws):
        if window > 0 and w == 'zcitz':
            for side, lo, hi in (('l ', max(0, i - window), i), ('r ', i + 1, min(len(ws), i + 1 + window))):
                for j in range(lo, hi):
                    k = side + ws[j]
                    out[k] = out.get(k, 0) + 1
    for w in ws:
        p = ' ' + w + ' '
        for n in char_ns:
            for i in range(len(p) - n + 1):
                k = 'c ' + p[i:i + n]
                out[k] = out.get(k, 0) + 1
    return out


class Featuriser:
    def __init__(self, texts, min_df, max_word_n, char_ns, cite_markers=False, window=0, min_df_char=None, words='recipe', cue_weight=None):
        self.max_word_n = max_word_n
        self.char_ns = char_ns
        self.cite_markers = cite_markers
        self.window = window
        self.words = words
        self.cue_weight = cue_weight
        df = {}
        for t in texts:
            for k in self.counts(t):
                df[k] = df.get(k, 0) + 1
        min_c = min_df if min_df_char is None else min_df_char
        # cue features are kept when they fire on train at all
        keys = sorted([k for k, n in df.items() if n >= (min_c if k[0] == 'c' else 1 if k[0] == 'q' else min_df)])
        self.index = {k: i for i, k in enumerate(keys)}
        n = len(texts)
        # cue features are binary, not idf-weighted: their idf is 1
        self.idf = np.array([1.0 if k[0] == 'q' else math.log((1 + n) / (1 + df[k])) + 1 for k in keys], dtype=np.float32)
        self.keys = keys

    def counts(self, text):
        return features_of(text, self.max_word_n, self.char_ns, self.cite_markers, self.window, self.words, self.cue_weight is not None)

    def sparse(self, text):
        feats = self.counts(text)
        ids, vals, block = [], [], []
        for k, c in feats.items():
            i = self.index.get(k)
            if i is None:
                continue
            ids.append(i)
            vals.append((1 + math.log(c)) * float(self.idf[i]))
            block.append(k[0] if k[0] in ('c', 'q') else 'w')
        vals = np.array(vals, dtype=np.float64)
        for b in ('w', 'c', 'q'):
            sel = np.array([x == b for x in block], dtype=bool)
            if sel.any():
                norm = math.sqrt(float((vals[sel] ** 2).sum()))
                if norm > 0:
                    vals[sel] /= norm
                if b == 'q':
                    vals[sel] *= self.cue_weight
        order = np.argsort(ids) if ids else np.array([], dtype=np.int64)
        return [ids[i] for i in order], [float(np.float32(vals[i])) for i in order]

    def matrix(self, texts):
        rows, cols, data = [], [], []
        for r, t in enumerate(texts):
            ids, vals = self.sparse(t)
            rows += [r] * len(ids)
            cols += ids
            data += vals
        return sp.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self.keys)), dtype=np.float64)


def macro_f1(gold, pred, labels):
    return 100 * f1_score(gold, pred, labels=labels, average='macro', zero_division=0)


# Chosen on dev with explore.py (explore-<task>.log): the mean of the probabilities of linear softmax
# models ("members"), each over one feature block ('w' word n-grams and cue features, 'c' char n-grams, 'wc' all).
CONFIGS = {
    'scicite': {'maxWordN': 3, 'minDfWord': 2, 'charNs': [2, 3, 4, 5], 'minDfChar': 2,
                'members': [{'block': 'w', 'C': 10, 'classWeight': None}, {'block': 'c', 'C': 10, 'classWeight': None}],
                # chosen on dev (epochs, weight); 5-fold CV on train confirms the gain (cv.py, cv-scicite.log)
                'cnn': {'weight': 0.33, 'seeds': [1, 2, 3], 'epochs': 4, 'dim': 100, 'filters': 100, 'kernels': [2, 3, 4, 5],
                        'dropout': 0.5, 'lr': 1e-3, 'batch': 32, 'maxLen': 80, 'minLen': 5, 'minCount': 2}},
    # experiments/aclarc-cv-cues.log: the baseline's own word block (scikit-learn's tokens, 1-2-grams, every
    # train n-gram) plus the cue block (cues.py) at half weight: repeated CV 63.43 vs 61.26 for the baseline
    # (fresh folds 61.87 vs 58.12), dev 72.11 vs 71.99
    'aclarc': {'maxWordN': 2, 'minDfWord': 1, 'charNs': [], 'minDfChar': 2, 'words': 'sklearn', 'cueWeight': 0.5,
               'members': [{'block': 'w', 'C': 100, 'classWeight': 'balanced'}]},
}


class SparseEnsemble(nn.Module):
    """mean_m softmax(sum_k vals[n, k] * W_m[ids[n, k]] + b_m): the ONNX graph of the classifier."""

    def __init__(self, weights, biases):
        super().__init__()
        self.m = len(weights)
        self.c = weights[0].shape[1]
        stacked = np.concatenate(weights, axis=1)  # [V, M*C]
        self.w = nn.Embedding(stacked.shape[0], stacked.shape[1])
        self.w.weight.data = torch.tensor(stacked, dtype=torch.float32)
        self.b = nn.Parameter(torch.tensor(np.concatenate(biases), dtype=torch.float32))

    def forward(self, ids, vals):
        logits = (self.w(ids) * vals.unsqueeze(2)).sum(dim=1) + self.b
        probs = torch.softmax(logits.view(-1, self.m, self.c), dim=2)
        return probs.mean(dim=1)


def block_columns(keys, block):
    is_c = np.array([k[0] == 'c' for k in keys])
    return {'w': ~is_c, 'c': is_c, 'wc': np.ones(len(keys), dtype=bool)}[block]


def pretraining_sentences():
    """Word lists of the train splits of every dataset in ../shared/datasets (intent contexts and NER
    sentences): the text the word vectors are pretrained on. Dev splits are left out."""
    sents = [words_of(r['text'], True) for folder in TASKS.values() for r in load(folder, 'train')]
    ner = os.path.join(DATASETS, 'ner')
    for d in sorted(os.listdir(ner)):
        for fn in ('train.tsv', 'train.conll'):
            p = os.path.join(ner, d, fn)
            if not os.path.exists(p):
                continue
            toks = []
            with open(p, encoding='utf-8') as f:
                for line in list(f) + ['']:
                    line = line.rstrip('\n')
                    if not line.strip():
                        if toks:
                            sents.append(words_of(' '.join(toks), True))
                        toks = []
                        continue
                    t = line.split('\t' if '\t' in line else ' ')[0]
                    if t != '-DOCSTART-':
                        toks.append(t)
    return sents


_VECTORS = {}


def word_vectors(dim):
    if dim not in _VECTORS:
        from gensim.models import Word2Vec  # Debian python3-gensim; only the CNN needs it
        m = Word2Vec(pretraining_sentences(), vector_size=dim, window=5, min_count=3, sg=1, workers=1, epochs=10, seed=SEED)
        _VECTORS[dim] = {w: m.wv[w] for w in m.wv.index_to_key}
    return _VECTORS[dim]


class WordCNN(nn.Module):
    """Max-pooled ReLU convolutions over word vectors; window positions that reach into padding are
    zeroed before the max (ReLU outputs are >= 0), so padding never changes a text's result."""

    def __init__(self, n_vocab, dim, filters, kernels, n_labels, dropout):
        super().__init__()
        self.emb = nn.Embedding(n_vocab, dim, padding_idx=0)
        self.kernels = kernels
        self.convs = nn.ModuleList([nn.Conv1d(dim, filters, k) for k in kernels])
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(filters * len(kernels), n_labels)

    def pooled(self, e, valid):
        hs = []
        for k, conv in zip(self.kernels, self.convs):
            hs.append((torch.relu(conv(e)) * valid[:, k - 1:].unsqueeze(1)).max(dim=2).values)
        return torch.cat(hs, 1)

    def forward(self, tokens):
        valid = (tokens != 0).float()
        e = self.drop(self.emb(tokens)).transpose(1, 2)
        return self.out(self.drop(self.pooled(e, valid)))


class CnnTokens:
    def __init__(self, vocab, max_len, min_len):
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        self.max_len = max_len
        self.min_len = min_len

    def ids(self, text):
        return [self.index.get(w, 1) for w in words_of(text, True)][:self.max_len]

    def batch(self, texts):
        seqs = [self.ids(t) for t in texts]
        out = torch.zeros(len(seqs), max([self.min_len] + [len(s) for s in seqs]), dtype=torch.long)
        for i, s in enumerate(seqs):
            out[i, :len(s)] = torch.tensor(s, dtype=torch.long)
        return out


def train_cnns(cfg, texts, y, labels, say):
    """The CNN members: one per seed, each from the same pretrained vectors."""
    vectors = word_vectors(cfg['dim'])
    counts = {}
    for t in texts:
        for w in words_of(t, True):
            counts[w] = counts.get(w, 0) + 1
    vocab = ['<pad>', '<unk>'] + sorted(set(vectors) | {w for w, c in counts.items() if c >= cfg['minCount']})
    tok = CnnTokens(vocab, cfg['maxLen'], cfg['minLen'])
    yt = torch.tensor([labels.index(l) for l in y])
    members = []
    for seed in cfg['seeds']:
        torch.manual_seed(seed)
        rng = np.random.RandomState(seed)
        m = WordCNN(len(vocab), cfg['dim'], cfg['filters'], cfg['kernels'], len(labels), cfg['dropout'])
        with torch.no_grad():
            for i, w in enumerate(vocab):
                if w in vectors:
                    m.emb.weight[i] = torch.tensor(vectors[w])
            m.emb.weight[0].zero_()
        opt = torch.optim.Adam(m.parameters(), lr=cfg['lr'])
        t0 = time.time()
        for _ in range(cfg['epochs']):
            m.train()
            perm = rng.permutation(len(texts))
            for b in range(0, len(perm), cfg['batch']):
                idx = perm[b:b + cfg['batch']]
                loss = F.cross_entropy(m(tok.batch([texts[i] for i in idx])), yt[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
        m.eval()
        # the shipped graph stores the vectors as float16: train.py scores the rounded weights, as ONNX will
        with torch.no_grad():
            m.emb.weight.data = m.emb.weight.data.half().float()
        say('cnn seed %d trained (%.0f s)' % (seed, time.time() - t0))
        members.append(m)
    return tok, members


class IntentModel(nn.Module):
    """(1 - w) * linear ensemble + w * mean of the CNN members, over ids/vals (sparse) and tokens."""

    def __init__(self, linear, cnns, weight):
        super().__init__()
        self.linear = linear
        self.cnns = nn.ModuleList(cnns)
        self.weight = weight
        # all members' vectors in one float16 table: [V, members * dim]
        self.emb = nn.Parameter(torch.cat([m.emb.weight.data for m in cnns], 1).half(), requires_grad=False)
        self.dim = cnns[0].emb.weight.shape[1]

    def forward(self, ids, vals, tokens):
        p = self.linear(ids, vals)
        valid = (tokens != 0).float()
        e = F.embedding(tokens, self.emb).float().transpose(1, 2)
        q = 0
        for j, m in enumerate(self.cnns):
            q = q + torch.softmax(m.out(m.pooled(e[:, j * self.dim:(j + 1) * self.dim], valid)), dim=1)
        return (1 - self.weight) * p + self.weight * q / len(self.cnns)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--task', choices=list(TASKS), required=True)
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    out = os.path.join(HERE, args.task)
    os.makedirs(out, exist_ok=True)
    logf = open(os.path.join(out, 'train.log'), 'w', encoding='utf-8')

    def say(msg):
        print(msg, flush=True)
        logf.write(msg + '\n')
        logf.flush()

    train = load(TASKS[args.task], 'train')
    dev = load(TASKS[args.task], 'dev')
    labels = sorted({r['label'] for r in train})
    ytr = [r['label'] for r in train]
    ydv = [r['label'] for r in dev]
    say('task %s: train %d, dev %d, labels %s' % (args.task, len(train), len(dev), labels))

    # Baseline: TF-IDF (word uni+bigrams) + logistic regression, C and class weighting tuned on dev.
    base = {}
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    Xb = vec.fit_transform([r['text'] for r in train])
    Xbd = vec.transform([r['text'] for r in dev])
    for C in (1, 3, 10, 30, 100):
        for cw in (None, 'balanced'):
            clf = LogisticRegression(C=C, max_iter=3000, class_weight=cw)
            clf.fit(Xb, ytr)
            base[(C, cw)] = macro_f1(ydv, clf.predict(Xbd), labels)
            say('baseline tfidf+lr C=%g class_weight=%s dev macro-F1 %.2f' % (C, cw, base[(C, cw)]))
    best_base = max(base.items(), key=lambda kv: kv[1])
    say('baseline best: %s dev macro-F1 %.2f' % (best_base[0], best_base[1]))

    cfg = CONFIGS[args.task]
    feat = Featuriser([r['text'] for r in train], cfg['minDfWord'], cfg['maxWordN'], tuple(cfg['charNs']), min_df_char=cfg['minDfChar'],
                      words=cfg.get('words', 'recipe'), cue_weight=cfg.get('cueWeight'))
    Xtr = feat.matrix([r['text'] for r in train])
    weights, biases = [], []
    for mem in cfg['members']:
        cols = block_columns(feat.keys, mem['block'])
        clf = LogisticRegression(C=mem['C'], max_iter=5000, class_weight=mem['classWeight'])
        clf.fit(Xtr[:, np.flatnonzero(cols)], ytr)
        assert list(clf.classes_) == labels
        w = np.zeros((len(feat.keys), len(labels)), dtype=np.float32)
        w[cols] = clf.coef_.T
        weights.append(w)
        biases.append(clf.intercept_.astype(np.float32))
    linear = SparseEnsemble(weights, biases)
    linear.eval()
    tok = None
    model = linear
    if 'cnn' in cfg:
        tok, cnns = train_cnns(cfg['cnn'], [r['text'] for r in train], ytr, labels, say)
        model = IntentModel(linear, cnns, cfg['cnn']['weight'])
        model.eval()
    ids = torch.zeros(2, 5, dtype=torch.long)
    vals = torch.zeros(2, 5)
    inputs, names, axes = (ids, vals), ['ids', 'vals'], {'ids': {0: 'N', 1: 'K'}, 'vals': {0: 'N', 1: 'K'}, 'probabilities': {0: 'N'}}
    if tok is not None:
        inputs, names, axes = inputs + (torch.ones(2, 6, dtype=torch.long),), names + ['tokens'], dict(axes, tokens={0: 'N', 1: 'T'})
    torch.onnx.export(model, inputs, os.path.join(out, 'model.onnx'), opset_version=13,
                      input_names=names, output_names=['probabilities'], dynamic_axes=axes)
    spec = {'format': 'sciwrite-intent/1', 'task': args.task, 'labels': labels, 'maxWordN': cfg['maxWordN'],
            'charNs': cfg['charNs'], 'citeMarkers': False, 'window': 0, 'keys': feat.keys,
            'idf': [float(v) for v in feat.idf]}
    if feat.words != 'recipe':
        spec['words'] = feat.words
    if feat.cue_weight is not None:
        spec['cues'] = dict(cue_spec(), weight=feat.cue_weight)
    if tok is not None:
        spec['cnn'] = {'vocab': tok.vocab, 'maxLen': tok.max_len, 'minLen': tok.min_len}
    with open(os.path.join(out, 'features.json'), 'w', encoding='utf-8') as f:
        json.dump(spec, f, ensure_ascii=False)

    # dev predictions of the exported graph itself, for the TypeScript reproduction test
    def run_graph(texts, net=model):
        sparse = [feat.sparse(t) for t in texts]
        K = max(1, max(len(s[0]) for s in sparse))
        I = torch.zeros(len(texts), K, dtype=torch.long)
        V = torch.zeros(len(texts), K)
        for n, (a, b) in enumerate(sparse):
            I[n, :len(a)] = torch.tensor(a, dtype=torch.long)
            V[n, :len(b)] = torch.tensor(b)
        with torch.no_grad():
            if net is linear:
                return net(I, V).numpy()
            return net(I, V, tok.batch(texts)).numpy()
    if tok is not None:
        p_lin = run_graph([r['text'] for r in dev], linear)
        say('linear part alone: dev macro-F1 %.2f' % macro_f1(ydv, [labels[int(i)] for i in p_lin.argmax(1)], labels))
    probs = run_graph([r['text'] for r in dev])
    pred = [labels[int(i)] for i in probs.argmax(1)]
    f_graph = macro_f1(ydv, pred, labels)
    per = f1_score(ydv, pred, labels=labels, average=None, zero_division=0)
    say('model %s: %d features, dev macro-F1 %.2f (baseline %.2f); per class %s' % (
        json.dumps(cfg), len(feat.keys), f_graph, best_base[1], {l: round(100 * float(v), 2) for l, v in zip(labels, per)}))
    with open(os.path.join(out, 'dev.json'), 'w', encoding='utf-8') as f:
        json.dump({'task': args.task, 'dev': {'macroF1': f_graph, 'perClass': {l: 100 * float(v) for l, v in zip(labels, per)}},
                   'baseline': {'model': 'TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True) + LogisticRegression',
                                'C': best_base[0][0], 'classWeight': best_base[0][1], 'devMacroF1': best_base[1],
                                'grid': [{'C': k[0], 'classWeight': k[1], 'devMacroF1': v} for k, v in base.items()]},
                   'config': cfg, 'features': len(feat.keys)}, f, indent=1)
    with open(os.path.join(out, 'dev-predictions.json'), 'w', encoding='utf-8') as f:
        json.dump({'labels': labels, 'predictions': pred, 'macroF1': f_graph}, f)
    golden = []
    # more cases where the cue block has rules to follow
    samples = [r['text'] for r in dev[:40 if feat.cue_weight is not None else 8]] + ['As shown by Smith et al. (2020), naïve Müller cells respond [12].', '']
    for t in samples:
        ids_, vals_ = feat.sparse(t)
        g = {'text': t, 'ids': ids_, 'vals': vals_, 'probabilities': [float(v) for v in run_graph([t])[0]]}
        if tok is not None:
            g['tokens'] = tok.ids(t)
        golden.append(g)
    with open(os.path.join(out, 'golden.json'), 'w', encoding='utf-8') as f:
        json.dump(golden, f, ensure_ascii=False)


if __name__ == '__main__':
    main()
