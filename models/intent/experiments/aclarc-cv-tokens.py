import os, sys, time, re, itertools
import numpy as np, scipy.sparse as sp
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
rows = T.load('citation_intent', 'train'); dev = T.load('citation_intent', 'dev')
texts = [r['text'] for r in rows]; y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
dtexts = [r['text'] for r in dev]; yd = np.array([r['label'] for r in dev])
folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=7).split(texts, y))
t0 = time.time()
def pre(digits):
    return (lambda s: s.lower()) if digits else (lambda s: re.sub('[0-9]', '0', s.lower()))
def vec(ng, mindf, tp, digits, analyzer='word'):
    if analyzer != 'word':
        return TfidfVectorizer(analyzer=analyzer, ngram_range=ng, sublinear_tf=True, min_df=mindf, preprocessor=pre(digits))
    return TfidfVectorizer(ngram_range=ng, sublinear_tf=True, min_df=mindf, token_pattern=tp, preprocessor=pre(digits))
def run(mk, C, cw='balanced'):
    cv = []
    base_cv = []
    for tr, te in folds:
        v = mk(); A = v.fit_transform([texts[i] for i in tr]); B = v.transform([texts[i] for i in te])
        p = LogisticRegression(C=C, max_iter=5000, class_weight=cw).fit(A, y[tr]).predict(B)
        cv.append(T.macro_f1(list(y[te]), list(p), labels))
    v = mk(); p = LogisticRegression(C=C, max_iter=5000, class_weight=cw).fit(v.fit_transform(texts), y).predict(v.transform(dtexts))
    return np.array(cv), T.macro_f1(list(yd), list(p), labels)
base, _ = run(lambda: vec((1,2), 1, r'(?u)\b\w\w+\b', True), 100)
for ng, mindf, tp, digits, C in itertools.product([(1,2),(1,3)], [1,2], [r'(?u)\b\w\w+\b', r'(?u)\b\w+\b'], [True, False], [10, 30, 100]):
    cv, d = run(lambda: vec(ng, mindf, tp, digits), C)
    print('ng%s df%d tp%s digits%s C%d: CV %.2f (vs base %+.2f, sd %.2f) dev %.2f [%.0fs]' % (ng[1], mindf, '2' if 'w\\w' in tp else '1', digits, C, cv.mean(), (cv-base).mean(), (cv-base).std(), d, time.time()-t0), flush=True)
