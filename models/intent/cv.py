#!/usr/bin/python3
"""5-fold cross-validation on the train split: the shipped configuration (train.CONFIGS) against the
TF-IDF + LR baseline with the C and class weighting train.py picked on dev. The dev splits are small
(SciCite 916, ACL-ARC 114 examples), so a dev margin under about a point says little; this check
scores every train example once (7,320 / 1,688) with the hyperparameters fixed beforehand.
The CNN's word vectors are pretrained once on all train text (unlabelled, as in train.py), so a held-out
fold's words took part in that pretraining, though never its labels.
Run: OMP_NUM_THREADS=1 /usr/bin/python3 models/intent/cv.py --task scicite   # ~15 min on one core
Output: cv-<task>.log."""
import argparse
import os
import sys
import time

if __name__ == '__main__' and os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['PYTHONHASHSEED'] = '0'  # word2vec repeatable, as in train.py
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as T  # noqa: E402

# the baseline's dev-chosen settings (train.log / <task>/dev.json)
BASELINE = {'scicite': {'C': 10, 'classWeight': None}, 'aclarc': {'C': 100, 'classWeight': 'balanced'}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--task', choices=list(T.TASKS), required=True)
    args = ap.parse_args()
    log = open(os.path.join(T.HERE, 'cv-%s.log' % args.task), 'w', encoding='utf-8')

    def say(m):
        print(m, flush=True)
        log.write(m + '\n')
        log.flush()

    rows = T.load(T.TASKS[args.task], 'train')
    texts = [r['text'] for r in rows]
    y = np.array([r['label'] for r in rows])
    labels = sorted(set(y))
    cfg = T.CONFIGS[args.task]
    base = BASELINE[args.task]
    scores = {'baseline': [], 'linear part': [], 'shipped': []}
    t0 = time.time()
    for fold, (tr, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=T.SEED).split(texts, y)):
        xtr = [texts[i] for i in tr]
        xte = [texts[i] for i in te]
        yte = list(y[te])
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        clf = LogisticRegression(C=base['C'], max_iter=3000, class_weight=base['classWeight'])
        p = clf.fit(vec.fit_transform(xtr), y[tr]).predict(vec.transform(xte))
        scores['baseline'].append(T.macro_f1(yte, list(p), labels))
        feat = T.Featuriser(xtr, cfg['minDfWord'], cfg['maxWordN'], tuple(cfg['charNs']), min_df_char=cfg['minDfChar'],
                            words=cfg.get('words', 'recipe'), cue_weight=cfg.get('cueWeight'))
        A = feat.matrix(xtr)
        B = feat.matrix(xte)
        probs = 0
        for mem in cfg['members']:
            cols = np.flatnonzero(T.block_columns(feat.keys, mem['block']))
            clf = LogisticRegression(C=mem['C'], max_iter=5000, class_weight=mem['classWeight'])
            probs = probs + clf.fit(A[:, cols], y[tr]).predict_proba(B[:, cols])
        probs = probs / len(cfg['members'])
        scores['linear part'].append(T.macro_f1(yte, [labels[i] for i in probs.argmax(1)], labels))
        if 'cnn' in cfg:
            tok, cnns = T.train_cnns(cfg['cnn'], xtr, list(y[tr]), labels, lambda m: None)
            with T.torch.no_grad():
                q = sum(T.torch.softmax(m(tok.batch(xte)), 1).numpy() for m in cnns) / len(cnns)
            probs = (1 - cfg['cnn']['weight']) * probs + cfg['cnn']['weight'] * q
        scores['shipped'].append(T.macro_f1(yte, [labels[i] for i in probs.argmax(1)], labels))
        say('fold %d: %s (%.0f s)' % (fold, ', '.join('%s %.2f' % (k, v[-1]) for k, v in scores.items()), time.time() - t0))
    for k, v in scores.items():
        say('%s: mean macro-F1 %.2f (folds %s)' % (k, np.mean(v), ' '.join('%.2f' % s for s in v)))
    d = np.array(scores['shipped']) - np.array(scores['baseline'])
    say('shipped - baseline: mean %+.2f, per fold %s' % (d.mean(), ' '.join('%+.2f' % x for x in d)))


if __name__ == '__main__':
    main()
