import os, sys, time, json
if os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'; os.execv(sys.executable, [sys.executable] + sys.argv)
import numpy as np, scipy.sparse as sp
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, RepeatedStratifiedKFold
from sklearn.cluster import KMeans

rows = T.load('citation_intent', 'train'); dev = T.load('citation_intent', 'dev')
texts = [r['text'] for r in rows]; y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
dtexts = [r['text'] for r in dev]; yd = np.array([r['label'] for r in dev])
t0 = time.time()
vecs = T.word_vectors(100)
print('vectors', len(vecs), time.time() - t0, flush=True)
words = sorted(vecs)
M = np.stack([vecs[w] for w in words]); M = M / np.linalg.norm(M, axis=1, keepdims=True)
clusters = {}
for K in (256, 1000):
    km = KMeans(K, n_init=1, random_state=7).fit(M)
    clusters[K] = dict(zip(words, km.labels_))
print('kmeans', time.time() - t0, flush=True)

def cluster_text(t, K):
    cm = clusters[K]
    return ' '.join('k%d' % cm[w] if w in cm else 'kunk' for w in T.words_of(t, True))

def block(tr, te, kind):
    if kind == 'base':
        v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1); return v.fit_transform(tr), v.transform(te)
    if kind.startswith('w'):
        n = int(kind[2]) if len(kind) > 2 else 3
        cm = 'm' in kind
        f = T.Featuriser(tr, 2, n, (), cite_markers=cm)
        return f.matrix(tr), f.matrix(te)
    if kind.startswith('k'):
        K, n = int(kind[1:].split('n')[0]), int(kind.split('n')[1])
        v = TfidfVectorizer(ngram_range=(1, n), sublinear_tf=True, min_df=2, token_pattern=r'\S+', lowercase=False)
        return v.fit_transform([cluster_text(t, K) for t in tr]), v.transform([cluster_text(t, K) for t in te])
    if kind.startswith('c'):
        f = T.Featuriser(tr, 2, 0, (2, 3, 4, 5)); return f.matrix(tr), f.matrix(te)
    raise ValueError(kind)

def probs(tr, ytr, te, spec):
    # spec: list of (blocks tuple, C, cw)
    P = 0
    for blocks, C, cw in spec:
        parts = [block(tr, te, b) for b in blocks]
        A = sp.hstack([p[0] for p in parts]).tocsr(); B = sp.hstack([p[1] for p in parts]).tocsr()
        clf = LogisticRegression(C=C, max_iter=5000, class_weight=cw).fit(A, ytr)
        P = P + clf.predict_proba(B)
    return P / len(spec)

def tune_bias(P, yv, iters=3):
    b = np.zeros(len(labels)); grid = np.linspace(-1.5, 1.5, 31)
    lp = np.log(P + 1e-9)
    for _ in range(iters):
        for c in range(len(labels)):
            best = None
            for g in grid:
                bb = b.copy(); bb[c] = g
                s = T.macro_f1(yv, [labels[i] for i in (lp + bb).argmax(1)], labels)
                if best is None or s > best[0] + 1e-9: best = (s, g)
            b[c] = best[1]
    return b

SPECS = {
  'baseline': [(('base',), 100, 'balanced')],
  'shipped': [(('w13',), 30, 'balanced')],
  'w13m': [(('w13m',), 30, 'balanced')],
  'pair': [(('w12',), 30, None), (('w13',), 10, 'balanced')],
  'w13+k256n2': [(('w13', 'k256n2'), 30, 'balanced')],
  'w13+k1000n2': [(('w13', 'k1000n2'), 30, 'balanced')],
  'w13+k256n3': [(('w13', 'k256n3'), 30, 'balanced')],
  'ens w13|k1000n2': [(('w13',), 30, 'balanced'), (('k1000n2',), 10, 'balanced')],
  'w13+c': [(('w13', 'c'), 30, 'balanced')],
}
only = sys.argv[1].split(',') if len(sys.argv) > 1 else list(SPECS)
rskf = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=7)
folds = list(rskf.split(texts, y))
for name in only:
    spec = SPECS[name]
    cv = []
    for tr, te in folds:
        P = probs([texts[i] for i in tr], y[tr], [texts[i] for i in te], spec)
        cv.append(T.macro_f1(list(y[te]), [labels[i] for i in P.argmax(1)], labels))
    Pd = probs(texts, y, dtexts, spec)
    d = T.macro_f1(list(yd), [labels[i] for i in Pd.argmax(1)], labels)
    print('%-22s CV %.2f (sd %.2f)  dev %.2f  [%.0fs]' % (name, np.mean(cv), np.std(cv), d, time.time() - t0), flush=True)
