import os, sys, time, re
import numpy as np, scipy.sparse as sp
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
import snowballstemmer
from nltk.stem.porter import PorterStemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
rows = T.load('citation_intent', 'train'); dev = T.load('citation_intent', 'dev')
texts = [r['text'] for r in rows]; y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
dtexts = [r['text'] for r in dev]; yd = np.array([r['label'] for r in dev])
folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=7).split(texts, y))
snow = snowballstemmer.stemmer('english'); por = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)
TOK = re.compile(r'(?u)\b\w\w+\b')
cache = {}
def stem_text(t, which):
    f = snow.stemWord if which == 's' else por.stem
    out = []
    for w in TOK.findall(t.lower()):
        k = (which, w)
        if k not in cache: cache[k] = f(w)
        out.append(cache[k])
    return ' '.join(out)
def mk(kind):
    if kind == 'base': return lambda tr, te: (lambda v: (v.fit_transform(tr), v.transform(te)))(TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True, min_df=1))
    if kind in ('s', 'p'):
        def f(tr, te):
            v = TfidfVectorizer(ngram_range=(1,2), sublinear_tf=True, min_df=1)
            return v.fit_transform([stem_text(t, kind) for t in tr]), v.transform([stem_text(t, kind) for t in te])
        return f
    if kind in ('base+s', 'base+p'):
        a, b = mk('base'), mk(kind[-1])
        def f(tr, te):
            A1, B1 = a(tr, te); A2, B2 = b(tr, te)
            return sp.hstack([A1, A2]).tocsr(), sp.hstack([B1, B2]).tocsr()
        return f
def run(kind, C):
    f = mk(kind); cv = []
    for tr, te in folds:
        A, B = f([texts[i] for i in tr], [texts[i] for i in te])
        cv.append(T.macro_f1(list(y[te]), list(LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit(A, y[tr]).predict(B)), labels))
    A, B = f(texts, dtexts)
    d = T.macro_f1(list(yd), list(LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit(A, y).predict(B)), labels)
    return np.array(cv), d
t0 = time.time()
base, bd = run('base', 100)
print('base C100 CV %.2f dev %.2f' % (base.mean(), bd), flush=True)
for kind in ('s', 'p', 'base+s'):
    for C in (10, 30, 100):
        cv, d = run(kind, C)
        print('%s C%d: CV %.2f (vs base %+.2f sd %.2f) dev %.2f [%.0fs]' % (kind, C, cv.mean(), (cv - base).mean(), (cv - base).std(), d, time.time() - t0), flush=True)
