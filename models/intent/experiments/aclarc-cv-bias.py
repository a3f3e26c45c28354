import os, sys, time, re
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold
rows = T.load('citation_intent', 'train'); dev = T.load('citation_intent', 'dev')
texts = np.array([r['text'] for r in rows], dtype=object); y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
dtexts = [r['text'] for r in dev]; yd = np.array([r['label'] for r in dev])
folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=7).split(texts, y))
t0 = time.time()
def fitpred(tr_x, tr_y, te_x, kind, C):
    if kind == 'b':
        v = TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True, min_df=1)
        A, B = v.fit_transform(tr_x), v.transform(te_x)
    else:
        f = T.Featuriser(list(tr_x), 2, 3, ()); A, B = f.matrix(list(tr_x)), f.matrix(list(te_x))
    return LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit(A, tr_y).predict_proba(B)
def f1(yy, lp): return T.macro_f1(list(yy), [labels[i] for i in lp.argmax(1)], labels)
def tune(lp, yy, grid=np.linspace(-1, 1, 21), iters=2, l2=0.0):
    b = np.zeros(len(labels))
    for _ in range(iters):
        for c in range(len(labels)):
            best = None
            for g in grid:
                bb = b.copy(); bb[c] = g
                s = f1(yy, lp + bb) - l2 * abs(g)
                if best is None or s > best[0] + 1e-9: best = (s, g)
            b[c] = best[1]
    return b
for kind, C in (('b', 30), ('b', 100), ('w', 30)):
    plain, tuned = [], []
    for tr, te in folds:
        oof = np.zeros((len(tr), len(labels)))
        for itr, ite in StratifiedKFold(5, shuffle=True, random_state=1).split(texts[tr], y[tr]):
            oof[ite] = fitpred(texts[tr][itr], y[tr][itr], texts[tr][ite], kind, C)
        b = tune(np.log(oof + 1e-9), y[tr])
        P = np.log(fitpred(texts[tr], y[tr], texts[te], kind, C) + 1e-9)
        plain.append(f1(y[te], P)); tuned.append(f1(y[te], P + b))
    plain, tuned = np.array(plain), np.array(tuned)
    print('%s C%d: plain %.2f tuned %.2f (diff %+.2f sd %.2f) last b %s [%.0fs]' % (kind, C, plain.mean(), tuned.mean(), (tuned-plain).mean(), (tuned-plain).std(), np.round(b, 2), time.time()-t0), flush=True)
