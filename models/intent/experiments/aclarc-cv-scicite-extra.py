import os, sys, time
import numpy as np, scipy.sparse as sp
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
rows = T.load('citation_intent', 'train'); dev = T.load('citation_intent', 'dev')
texts = [r['text'] for r in rows]; y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
dtexts = [r['text'] for r in dev]; yd = np.array([r['label'] for r in dev])
sc = T.load('sci-cite', 'train'); stexts = [r['text'] for r in sc]; sy = np.array([T.SCICITE_TO_ACLARC[r['label']] for r in sc])
folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=7).split(texts, y))
t0 = time.time()
def run(wx, C, fit_vocab_on_extra):
    def fp(trx, tr_y, tex):
        allx = trx + stexts
        v = TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True, min_df=1)
        v.fit(allx if fit_vocab_on_extra else trx)
        A = v.transform(allx); B = v.transform(tex)
        # balanced weights computed on the ACL-ARC part only
        cls, cnt = np.unique(tr_y, return_counts=True); cw = {c: len(tr_y) / (len(cls) * n) for c, n in zip(cls, cnt)}
        sw = np.concatenate([[cw[c] for c in tr_y], [wx * cw[c] for c in sy]])
        return LogisticRegression(C=C, max_iter=5000).fit(A, np.concatenate([tr_y, sy]), sample_weight=sw).predict(B)
    cv = [T.macro_f1(list(y[te]), list(fp([texts[i] for i in tr], y[tr], [texts[i] for i in te])), labels) for tr, te in folds]
    d = T.macro_f1(list(yd), list(fp(texts, y, dtexts)), labels)
    return np.mean(cv), d
for wx in (0.0, 0.03, 0.1, 0.3):
    for C in (30, 100):
        for fv in (False, True):
            if wx == 0 and fv: continue
            cv, d = run(wx, C, fv)
            print('extra w%.2f C%d vocab+extra %s: CV %.2f dev %.2f [%.0fs]' % (wx, C, fv, cv, d, time.time() - t0), flush=True)
