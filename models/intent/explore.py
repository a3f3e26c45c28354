#!/usr/bin/python3
"""Dev-set exploration behind the chosen intent configuration (its output is in explore-<task>.log).
Run: /usr/bin/python3 models/intent/explore.py --task scicite"""
import argparse, json, os, sys, time
import numpy as np, scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as T

ap = argparse.ArgumentParser(); ap.add_argument('--task', required=True); args = ap.parse_args()
log = open(os.path.join(T.HERE, 'explore-%s.log' % args.task), 'w')
def say(m):
    print(m, flush=True); log.write(m + '\n'); log.flush()
train = T.load(T.TASKS[args.task], 'train'); dev = T.load(T.TASKS[args.task], 'dev')
labels = sorted({r['label'] for r in train}); ytr = [r['label'] for r in train]; ydv = [r['label'] for r in dev]
other = 'aclarc' if args.task == 'scicite' else 'scicite'
ACL_TO_SCI = {'Background': 'background', 'Motivation': 'background', 'Future': 'background', 'Uses': 'method', 'Extends': 'method', 'CompareOrContrast': 'result'}
extra = T.load(T.TASKS[other], 'train')
if args.task == 'scicite':
    extra = [{'text': r['text'], 'label': ACL_TO_SCI[r['label']]} for r in extra]
else:
    extra = [{'text': r['text'], 'label': T.SCICITE_TO_ACLARC[r['label']]} for r in extra]
feat = T.Featuriser([r['text'] for r in train], 2, 3, (2, 3, 4, 5))
Xtr = feat.matrix([r['text'] for r in train]); Xdv = feat.matrix([r['text'] for r in dev]); Xex = feat.matrix([r['text'] for r in extra])
wcols = np.array([k[0] == 'w' for k in feat.keys]); ccols = ~wcols
def fit(X, y, C, sw=None, cw=None):
    clf = LogisticRegression(C=C, max_iter=5000, class_weight=cw); clf.fit(X, y, sample_weight=sw); return clf
def f1(pred): return T.macro_f1(ydv, pred, labels)
res = {}
for C in (10, 30):
    for ew in (0.3, 1.0):
        X = sp.vstack([Xtr, Xex]); y = ytr + [r['label'] for r in extra]; sw = np.concatenate([np.ones(len(ytr)), np.full(len(extra), ew)])
        clf = fit(X, y, C, sw); say('both blocks + other task ew=%g C=%g: %.2f' % (ew, C, f1(clf.predict(Xdv))))
for C in (10, 30):
    cw_ = fit(Xtr[:, wcols], ytr, C); cc_ = fit(Xtr[:, ccols], ytr, C)
    pw = cw_.predict_proba(Xdv[:, wcols]); pc = cc_.predict_proba(Xdv[:, ccols])
    say('word-only C=%g: %.2f; char-only: %.2f' % (C, f1([labels[i] for i in pw.argmax(1)]), f1([labels[i] for i in pc.argmax(1)])))
    for a in (0.3, 0.5, 0.7):
        p = a * pw + (1 - a) * pc
        say('  prob-average word %.1f: %.2f' % (a, f1([labels[i] for i in p.argmax(1)])))
# NB-weighted (log-count ratio) one-vs-rest, folded into one linear map
Xb = Xtr.copy(); Xb.data[:] = 1
for C in (3, 10, 30):
    scores = []
    for c in labels:
        y = np.array([1 if l == c else 0 for l in ytr])
        p = np.asarray(Xb[y == 1].sum(0)).ravel() + 1; q = np.asarray(Xb[y == 0].sum(0)).ravel() + 1
        r = np.log((p / p.sum()) / (q / q.sum()))
        clf = LogisticRegression(C=C, max_iter=5000); clf.fit(Xtr.multiply(r).tocsr(), y)
        scores.append(clf.decision_function(Xdv.multiply(r).tocsr()))
    say('NB-LR C=%g: %.2f' % (C, f1([labels[i] for i in np.array(scores).argmax(0)])))
