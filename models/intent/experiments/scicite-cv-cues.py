"""SciCite: does the ACL-ARC cue block (../cues.py) help the linear part of the SciCite model?
Same 5 folds as cv.py (StratifiedKFold(5, shuffle, random_state=7)); the linear part as shipped (word
1-3-grams + cue block at weight w, C = 10; char 2-5-grams, C = 10; mean of the two), w = 0 is the shipped
linear part. Also dev (916). Run: OMP_NUM_THREADS=1 /usr/bin/python3 models/intent/experiments/scicite-cv-cues.py
"""
import os, sys, time
if os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'; os.execv(sys.executable, [sys.executable] + sys.argv)
import numpy as np, scipy.sparse as sp
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

rows = T.load('sci-cite', 'train'); dev = T.load('sci-cite', 'dev')
texts = [r['text'] for r in rows]; y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
dtexts = [r['text'] for r in dev]; yd = list(r['label'] for r in dev)
WEIGHTS = (0, 0.3, 0.5, 1.0)
t0 = time.time()


def member_probs(tr_texts, ytr, te_texts):
    f = T.Featuriser(tr_texts, 2, 3, (2, 3, 4, 5), min_df_char=2, cue_weight=1.0)
    A, B = f.matrix(tr_texts), f.matrix(te_texts)
    is_c = np.array([k[0] == 'c' for k in f.keys]); is_q = np.array([k[0] == 'q' for k in f.keys])
    char = LogisticRegression(C=10, max_iter=5000).fit(A[:, np.flatnonzero(is_c)], ytr).predict_proba(B[:, np.flatnonzero(is_c)])
    out = {}
    for w in WEIGHTS:
        scale = sp.diags(np.where(is_q, w, 1.0))
        cols = np.flatnonzero(~is_c & (is_q if w > 0 else True) | (~is_c & ~is_q))
        Aw, Bw = (A @ scale)[:, cols], (B @ scale)[:, cols]
        word = LogisticRegression(C=10, max_iter=5000).fit(Aw, ytr).predict_proba(Bw)
        out[w] = (word + char) / 2
    return out


cv = {w: [] for w in WEIGHTS}
for fold, (tr, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=T.SEED).split(texts, y)):
    P = member_probs([texts[i] for i in tr], y[tr], [texts[i] for i in te])
    for w in WEIGHTS:
        cv[w].append(T.macro_f1(list(y[te]), [labels[i] for i in P[w].argmax(1)], labels))
    print('fold %d: %s [%.0fs]' % (fold, ' '.join('w=%g %.2f' % (w, cv[w][-1]) for w in WEIGHTS), time.time() - t0), flush=True)
P = member_probs(texts, y, dtexts)
for w in WEIGHTS:
    d = T.macro_f1(yd, [labels[i] for i in P[w].argmax(1)], labels)
    diff = np.array(cv[w]) - np.array(cv[0])
    print('linear part, cue weight %g: CV %.2f (vs w=0: %+.2f; per fold %s), dev %.2f' % (w, np.mean(cv[w]), diff.mean(), ' '.join('%+.2f' % x for x in diff), d), flush=True)
