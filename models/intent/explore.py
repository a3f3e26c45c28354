#!/usr/bin/python3
"""Dev-set exploration behind the intent recipe's model family (output: explore-<task>.log).
Blocks: word 1-2-grams (min_df 1), word 1-3-grams (min_df 2), within-word char 2-5-grams; linear
softmax models on single blocks and probability averages of them; for ACL-ARC, SciCite examples
mapped onto ACL-ARC labels as extra training data.
Run: /usr/bin/python3 models/intent/explore.py --task aclarc"""
import argparse, os, sys, itertools
import numpy as np, scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as T

ap = argparse.ArgumentParser(); ap.add_argument('--task', required=True); ap.add_argument('--Cs', default='10,30,100'); ap.add_argument('--extra', action='store_true'); args = ap.parse_args()
log = open(os.path.join(T.HERE, 'explore-%s.log' % args.task), 'w')
def say(m):
    print(m, flush=True); log.write(m + '\n'); log.flush()
train = T.load(T.TASKS[args.task], 'train'); dev = T.load(T.TASKS[args.task], 'dev')
labels = sorted({r['label'] for r in train}); ytr = [r['label'] for r in train]; ydv = [r['label'] for r in dev]
extra = []
if args.task == 'aclarc' and args.extra:
    extra = [{'text': r['text'], 'label': T.SCICITE_TO_ACLARC[r['label']]} for r in T.load('sci-cite', 'train')]
texts = [r['text'] for r in train]
blocks = {
    'w12': T.Featuriser(texts, 1, 2, ()),
    'w13': T.Featuriser(texts, 2, 3, ()),
    'c25': T.Featuriser(texts, 2, 0, (2, 3, 4, 5)),
}
Cs = [float(c) for c in args.Cs.split(',')]
probs = {}
for name, feat in blocks.items():
    Xtr = feat.matrix(texts); Xdv = feat.matrix([r['text'] for r in dev])
    Xex = feat.matrix([r['text'] for r in extra]) if extra else None
    for ew in ((0.0, 0.3) if extra else (0.0,)):
        for C in Cs:
            for cw in ((None, 'balanced') if args.task == 'aclarc' else (None,)):
                X, y, sw = Xtr, list(ytr), np.ones(len(ytr))
                if ew > 0:
                    X = sp.vstack([Xtr, Xex]); y = y + [r['label'] for r in extra]; sw = np.concatenate([sw, np.full(len(extra), ew)])
                clf = LogisticRegression(C=C, max_iter=5000, class_weight=cw); clf.fit(X, y, sample_weight=sw)
                p = clf.predict_proba(Xdv)
                key = (name, ew, C, cw)
                probs[key] = p
                say('%s ew=%g C=%g cw=%s: %.2f' % (name, ew, C, cw, T.macro_f1(ydv, [labels[i] for i in p.argmax(1)], labels)))
best = []
for a, b in itertools.combinations(probs, 2):
    if a[0] == b[0]:
        continue
    p = (probs[a] + probs[b]) / 2
    best.append((T.macro_f1(ydv, [labels[i] for i in p.argmax(1)], labels), a, b))
best.sort(key=lambda r: -r[0])
for f, a, b in best[:15]:
    say('pair %.2f  %s + %s' % (f, a, b))
