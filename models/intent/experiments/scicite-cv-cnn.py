#!/usr/bin/python3
"""SciCite: can the CNN members be made stronger at zero runtime cost? Same 5 folds as cv.py
(StratifiedKFold(5, shuffle=True, random_state=7) on SciCite train); the linear part's probabilities
computed once per fold exactly as cv.py does, then mixed 0.67 / 0.33 with each CNN variant's mean of
3 seeds (1, 2, 3). Variants (everything else as train.CONFIGS['scicite']['cnn']):
  A    the shipped CNN (train.train_cnns; must reproduce cv.py's shipped folds 81.17 81.68 82.55 80.63 83.15)
  B    word vectors from gensim FastText (same text, dim, window, min_count, sg, epochs, seed, one worker)
       instead of word2vec; the vocabulary is unchanged, and every vocabulary word gets a FastText vector
       (train words outside the pretraining vocabulary are composed from subwords instead of random)
  C1   word dropout in training only: each non-pad token -> <unk> (id 1) with p = 0.1
  C2   the same with p = 0.2
  D    B + C (the better C)
  E6   6 epochs instead of 4, with C1;  EF200  200 filters per width (no word dropout)
None but EF200 changes the runtime: the graph, its inputs and the vocabulary table's size stay as shipped
(EF200 doubles the convolutions' work and weights, 0.14 M parameters more per CNN).
Run (from the repository root; one thread; ~1.5-2 min per variant and fold):
    OMP_NUM_THREADS=1 /usr/bin/python3 models/intent/experiments/scicite-cv-cnn.py --variants A,B,C1
    OMP_NUM_THREADS=1 /usr/bin/python3 models/intent/experiments/scicite-cv-cnn.py --dev B   # all train -> dev, with A beside it
Each run appends to scicite-cv-cnn.log; fold probabilities are cached in /tmp (--cache) so later runs
can add variants; every run ends with the table of all variants scored so far.
"""
import argparse
import json
import os
import sys
import time

if __name__ == '__main__' and os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'  # word2vec / FastText repeatable, as in train.py
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
import train as T  # noqa: E402

SHIPPED_FOLDS = [81.17, 81.68, 82.55, 80.63, 83.15]
VARIANTS = {
    'A': {},
    'B': {'vectors': 'fasttext'},
    'C1': {'wordDropout': 0.1},
    'C2': {'wordDropout': 0.2},
    'D1': {'vectors': 'fasttext', 'wordDropout': 0.1},
    'D2': {'vectors': 'fasttext', 'wordDropout': 0.2},
    'E6': {'wordDropout': 0.1, 'epochs': 6},
    'EF200': {'filters': 200},
}

_FT = {}


def fasttext_vectors(dim, cache):
    """FastText with word2vec's settings (train.word_vectors); returns (vocabulary vectors, model.wv)."""
    if dim not in _FT:
        from gensim.models import FastText
        t0 = time.time()
        m = FastText(T.pretraining_sentences(), vector_size=dim, window=5, min_count=3, sg=1, workers=1, epochs=10, seed=T.SEED)
        _FT[dim] = ({w: m.wv[w] for w in m.wv.index_to_key}, m.wv)
        print('fasttext trained (%.0f s)' % (time.time() - t0), flush=True)
    return _FT[dim]


def train_cnns(cfg, texts, y, labels, opts, cache):
    """train.train_cnns with the variant's options; with opts = {} it is train.train_cnns line for line."""
    cfg = dict(cfg, **{k: v for k, v in opts.items() if k in ('epochs', 'filters')})
    if opts.get('vectors') == 'fasttext':
        vectors, wv = fasttext_vectors(cfg['dim'], cache)
    else:
        vectors, wv = T.word_vectors(cfg['dim']), None
    counts = {}
    for t in texts:
        for w in T.words_of(t, True):
            counts[w] = counts.get(w, 0) + 1
    vocab = ['<pad>', '<unk>'] + sorted(set(vectors) | {w for w, c in counts.items() if c >= cfg['minCount']})
    tok = T.CnnTokens(vocab, cfg['maxLen'], cfg['minLen'])
    yt = torch.tensor([labels.index(l) for l in y])
    p_drop = opts.get('wordDropout', 0)
    members = []
    composed = 0
    for seed in cfg['seeds']:
        torch.manual_seed(seed)
        rng = np.random.RandomState(seed)
        drng = np.random.RandomState(1000 + seed)  # word dropout's own stream: the batch order stays as shipped
        m = T.WordCNN(len(vocab), cfg['dim'], cfg['filters'], cfg['kernels'], len(labels), cfg['dropout'])
        with torch.no_grad():
            for i, w in enumerate(vocab):
                if w in vectors:
                    m.emb.weight[i] = torch.tensor(vectors[w])
                elif wv is not None and i >= 2:
                    m.emb.weight[i] = torch.tensor(wv[w])  # FastText: composed from the word's character n-grams
                    composed += seed == cfg['seeds'][0]
            m.emb.weight[0].zero_()
        opt = torch.optim.Adam(m.parameters(), lr=cfg['lr'])
        for _ in range(cfg['epochs']):
            m.train()
            perm = rng.permutation(len(texts))
            for b in range(0, len(perm), cfg['batch']):
                idx = perm[b:b + cfg['batch']]
                x = tok.batch([texts[i] for i in idx])
                if p_drop > 0:
                    hit = torch.from_numpy(drng.random_sample(tuple(x.shape)) < p_drop) & (x != 0)
                    x = x.masked_fill(hit, 1)
                loss = F.cross_entropy(m(x), yt[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
        m.eval()
        with torch.no_grad():
            m.emb.weight.data = m.emb.weight.data.half().float()
        members.append(m)
    return tok, members, composed


def linear_probs(cfg, xtr, ytr, xte):
    """cv.py's linear part, line for line."""
    feat = T.Featuriser(xtr, cfg['minDfWord'], cfg['maxWordN'], tuple(cfg['charNs']), min_df_char=cfg['minDfChar'],
                        words=cfg.get('words', 'recipe'), cue_weight=cfg.get('cueWeight'))
    A = feat.matrix(xtr)
    B = feat.matrix(xte)
    probs = 0
    for mem in cfg['members']:
        cols = np.flatnonzero(T.block_columns(feat.keys, mem['block']))
        clf = LogisticRegression(C=mem['C'], max_iter=5000, class_weight=mem['classWeight'])
        probs = probs + clf.fit(A[:, cols], ytr).predict_proba(B[:, cols])
    return probs / len(cfg['members'])


def summary(say, labels, folds_y, cache):
    cfg = T.CONFIGS['scicite']
    res = {}
    for v in VARIANTS:
        s = []
        for f in range(5):
            pq = os.path.join(cache, 'cnn-%s-%d.npy' % (v, f))
            pl = os.path.join(cache, 'linear-%d.npy' % f)
            if not (os.path.exists(pq) and os.path.exists(pl)):
                break
            p = (1 - cfg['cnn']['weight']) * np.load(pl) + cfg['cnn']['weight'] * np.load(pq)
            s.append(T.macro_f1(folds_y[f], [labels[i] for i in p.argmax(1)], labels))
        if s:
            res[v] = s
    if 'A' not in res:
        return
    say('\n| variant | options | folds | mean | mean - A | folds > A |')
    say('|---|---|---|---|---|---|')
    for v, s in res.items():
        n = min(len(s), len(res['A']))
        d = np.array(s[:n]) - np.array(res['A'][:n])
        say('| %s | %s | %s | %.2f | %+.2f | %d/%d |' % (v, json.dumps(VARIANTS[v]), ' '.join('%.2f' % x for x in s), np.mean(s),
                                                    d.mean(), int((d > 0).sum()), n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--variants', default='A,B,C1')
    ap.add_argument('--folds', default='0,1,2,3,4')
    ap.add_argument('--dev', default=None, help='train on all of train, score dev with A and this variant')
    ap.add_argument('--cache', default='/tmp/scicite-cv-cnn-cache')
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.cache, exist_ok=True)
    log = open(os.path.join(HERE, 'scicite-cv-cnn.log'), 'a', encoding='utf-8')

    def say(m):
        print(m, flush=True)
        log.write(m + '\n')
        log.flush()

    say('\n== %s %s' % (time.strftime('%Y-%m-%d %H:%M'), ' '.join(sys.argv[1:])))
    cfg = T.CONFIGS['scicite']
    rows = T.load('sci-cite', 'train')
    texts = [r['text'] for r in rows]
    y = np.array([r['label'] for r in rows])
    labels = sorted(set(y))
    t0 = time.time()
    if args.dev:
        dev_mode(args.dev, cfg, rows, labels, say)
        say('total %.0f s' % (time.time() - t0))
        return
    splits = list(StratifiedKFold(5, shuffle=True, random_state=T.SEED).split(texts, y))
    folds_y = [list(y[te]) for _, te in splits]
    variants = args.variants.split(',')
    for fold in [int(f) for f in args.folds.split(',')]:
        tr, te = splits[fold]
        xtr = [texts[i] for i in tr]
        xte = [texts[i] for i in te]
        pl = os.path.join(args.cache, 'linear-%d.npy' % fold)
        if not os.path.exists(pl):
            np.save(pl, linear_probs(cfg, xtr, y[tr], xte))
        lin = np.load(pl)
        line = ['linear %.2f' % T.macro_f1(folds_y[fold], [labels[i] for i in lin.argmax(1)], labels)]
        for v in variants:
            pq = os.path.join(args.cache, 'cnn-%s-%d.npy' % (v, fold))
            if not os.path.exists(pq):
                t1 = time.time()
                tok, cnns, composed = train_cnns(cfg['cnn'], xtr, list(y[tr]), labels, VARIANTS[v], args.cache)
                with torch.no_grad():
                    q = sum(torch.softmax(m(tok.batch(xte)), 1).numpy() for m in cnns) / len(cnns)
                np.save(pq, q)
                say('  fold %d %s trained (%.0f s%s)' % (fold, v, time.time() - t1, ', %d vocabulary words composed by FastText' % composed if composed else ''))
            p = (1 - cfg['cnn']['weight']) * lin + cfg['cnn']['weight'] * np.load(pq)
            s = T.macro_f1(folds_y[fold], [labels[i] for i in p.argmax(1)], labels)
            pa = os.path.join(args.cache, 'cnn-A-%d.npy' % fold)
            diff = ''
            if v != 'A' and os.path.exists(pa):
                sa = T.macro_f1(folds_y[fold], [labels[i] for i in ((1 - cfg['cnn']['weight']) * lin + cfg['cnn']['weight'] * np.load(pa)).argmax(1)], labels)
                diff = ' (%+.2f vs A)' % (s - sa)
            elif v == 'A':
                diff = ' (cv.py shipped %.2f)' % SHIPPED_FOLDS[fold]
            line.append('%s %.2f%s' % (v, s, diff))
        say('fold %d: %s [%.0f s]' % (fold, ', '.join(line), time.time() - t0))
    summary(say, labels, folds_y, args.cache)
    say('run time %.0f s' % (time.time() - t0))


def dev_mode(variant, cfg, rows, labels, say):
    """train.py's main, SciCite part: the linear ensemble and the CNNs on all of train, scored on dev
    through the exported graph's PyTorch module (IntentModel: float32 sparse part, float16 vectors)."""
    dev = T.load('sci-cite', 'dev')
    xtr = [r['text'] for r in rows]
    ytr = [r['label'] for r in rows]
    ydv = [r['label'] for r in dev]
    xdv = [r['text'] for r in dev]
    feat = T.Featuriser(xtr, cfg['minDfWord'], cfg['maxWordN'], tuple(cfg['charNs']), min_df_char=cfg['minDfChar'],
                        words=cfg.get('words', 'recipe'), cue_weight=cfg.get('cueWeight'))
    Xtr = feat.matrix(xtr)
    weights, biases = [], []
    for mem in cfg['members']:
        cols = T.block_columns(feat.keys, mem['block'])
        clf = LogisticRegression(C=mem['C'], max_iter=5000, class_weight=mem['classWeight'])
        clf.fit(Xtr[:, np.flatnonzero(cols)], ytr)
        w = np.zeros((len(feat.keys), len(labels)), dtype=np.float32)
        w[cols] = clf.coef_.T
        weights.append(w)
        biases.append(clf.intercept_.astype(np.float32))
    linear = T.SparseEnsemble(weights, biases)
    linear.eval()
    sparse = [feat.sparse(t) for t in xdv]
    K = max(1, max(len(s[0]) for s in sparse))
    I = torch.zeros(len(xdv), K, dtype=torch.long)
    V = torch.zeros(len(xdv), K)
    for n, (a, b) in enumerate(sparse):
        I[n, :len(a)] = torch.tensor(a, dtype=torch.long)
        V[n, :len(b)] = torch.tensor(b)
    with torch.no_grad():
        p_lin = linear(I, V).numpy()
    say('dev: linear part alone %.2f' % T.macro_f1(ydv, [labels[int(i)] for i in p_lin.argmax(1)], labels))
    for v in (['A'] if variant == 'A' else ['A', variant]):
        t1 = time.time()
        tok, cnns, composed = train_cnns(cfg['cnn'], xtr, ytr, labels, VARIANTS[v], None)
        model = T.IntentModel(linear, cnns, cfg['cnn']['weight'])
        model.eval()
        with torch.no_grad():
            probs = model(I, V, tok.batch(xdv)).numpy()
        say('dev: %s %s macro-F1 %.2f (vocabulary %d, %d composed by FastText; %.0f s)%s' % (
            v, json.dumps(VARIANTS[v]), T.macro_f1(ydv, [labels[int(i)] for i in probs.argmax(1)], labels), len(tok.vocab), composed,
            time.time() - t1, ' [shipped model dev 83.68]' if v == 'A' else ''))


if __name__ == '__main__':
    main()
