"""5-fold out-of-fold probabilities of the shipped SciCite configuration on train (for decision offsets)."""
import os, sys, time
if os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'; os.execv(sys.executable, [sys.executable] + sys.argv)
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import train as T
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
T.torch.set_num_threads(1)
rows = T.load('sci-cite', 'train'); texts = [r['text'] for r in rows]; y = np.array([r['label'] for r in rows]); labels = sorted(set(y))
cfg = T.CONFIGS['scicite']
oof = np.zeros((len(texts), len(labels))); lin = np.zeros_like(oof); fold_of = np.zeros(len(texts), dtype=int)
t0 = time.time()
for fold, (tr, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=T.SEED).split(texts, y)):
    xtr = [texts[i] for i in tr]; xte = [texts[i] for i in te]
    feat = T.Featuriser(xtr, cfg['minDfWord'], cfg['maxWordN'], tuple(cfg['charNs']), min_df_char=cfg['minDfChar'])
    A = feat.matrix(xtr); B = feat.matrix(xte); probs = 0
    for mem in cfg['members']:
        cols = np.flatnonzero(T.block_columns(feat.keys, mem['block']))
        probs = probs + LogisticRegression(C=mem['C'], max_iter=5000, class_weight=mem['classWeight']).fit(A[:, cols], y[tr]).predict_proba(B[:, cols])
    probs = probs / len(cfg['members']); lin[te] = probs
    tok, cnns = T.train_cnns(cfg['cnn'], xtr, list(y[tr]), labels, lambda m: None)
    with T.torch.no_grad():
        q = sum(T.torch.softmax(m(tok.batch(xte)), 1).numpy() for m in cnns) / len(cnns)
    oof[te] = (1 - cfg['cnn']['weight']) * probs + cfg['cnn']['weight'] * q; fold_of[te] = fold
    print('fold', fold, T.macro_f1(list(y[te]), [labels[i] for i in oof[te].argmax(1)], labels), '%.0fs' % (time.time() - t0), flush=True)
np.savez(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'scicite-oof.npz'), oof=oof, lin=lin, y=y, fold=fold_of, labels=np.array(labels))
print('all', T.macro_f1(list(y), [labels[i] for i in oof.argmax(1)], labels))
