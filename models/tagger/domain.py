#!/usr/bin/python3
"""Recipe for the tagger's domain gate: is a sentence biomedical or computer science? (The BiLSTM's own
domain head did not learn to separate them.) Same featuriser and ONNX graph as the intent classifiers
(models/intent/train.py): word 1-2-grams, one class-balanced logistic regression.
Data: the NER train splits (biomedical: BC5CDR, BioNLP13CG, BC2GM, linnaeus, NCBI-disease; computer
science: SciERC) plus ACL-ARC's citing sentences (computer science). Dev: the same sets' dev splits.
Run: /usr/bin/python3 models/tagger/domain.py   (writes models/tagger/domain/)"""
import json
import os
import random
import sys

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train as TT  # noqa: E402  (the tagger recipe: data readers)
import importlib.util  # noqa: E402

spec = importlib.util.spec_from_file_location('intent_train', os.path.join(HERE, '..', 'intent', 'train.py'))
IT = importlib.util.module_from_spec(spec)
spec.loader.exec_module(IT)


def sentences(split):
    rng = random.Random(3)
    bio, cs = [], []
    for fam, (folder, tr, dv, fmt) in TT.FAMILIES.items():
        sents = TT.read_sentences(os.path.join(TT.DATA, folder, tr if split == 'train' else dv), fmt)
        texts = [' '.join(t) for t, _ in sents]
        if fam == 'sciie':
            cs += texts
        else:
            bio += rng.sample(texts, min(len(texts), 1500 if split == 'train' else 300))
    cs += [r['text'] for r in IT.load('citation_intent', 'train' if split == 'train' else 'dev')]
    return [(t, 'biomedical') for t in bio] + [(t, 'computer-science') for t in cs]


def main():
    torch.manual_seed(1)
    out = os.path.join(HERE, 'domain')
    os.makedirs(out, exist_ok=True)
    train, dev = sentences('train'), sentences('dev')
    feat = IT.Featuriser([t for t, _ in train], 2, 2, ())
    X, y = feat.matrix([t for t, _ in train]), [l for _, l in train]
    Xd, yd = feat.matrix([t for t, _ in dev]), [l for _, l in dev]
    labels = ['biomedical', 'computer-science']
    best = None
    for C in (1, 10):
        clf = LogisticRegression(C=C, max_iter=3000, class_weight='balanced').fit(X, y)
        f = IT.macro_f1(yd, clf.predict(Xd), labels)
        print('C=%g dev macro-F1 %.2f' % (C, f), flush=True)
        if best is None or f > best[0]:
            best = (f, C, clf)
    f, C, clf = best
    # binary LR: one weight column; as two-class softmax logits [0, w·x + b]
    w = np.zeros((len(feat.keys), 2), dtype=np.float32)
    w[:, 1] = clf.coef_[0]
    b = np.array([0.0, clf.intercept_[0]], dtype=np.float32)
    model = IT.SparseEnsemble([w], [b])
    model.eval()
    torch.onnx.export(model, (torch.zeros(2, 5, dtype=torch.long), torch.zeros(2, 5)), os.path.join(out, 'model.onnx'),
                      opset_version=13, input_names=['ids', 'vals'], output_names=['probabilities'],
                      dynamic_axes={'ids': {0: 'N', 1: 'K'}, 'vals': {0: 'N', 1: 'K'}, 'probabilities': {0: 'N'}})
    with open(os.path.join(out, 'features.json'), 'w', encoding='utf-8') as fh:
        json.dump({'format': 'sciwrite-intent/1', 'task': 'domain', 'labels': labels, 'maxWordN': 2, 'charNs': [],
                   'citeMarkers': False, 'window': 0, 'keys': feat.keys, 'idf': [float(v) for v in feat.idf]}, fh, ensure_ascii=False)
    golden = []
    for t in [t for t, _ in dev[:3]] + [t for t, _ in dev[-3:]]:
        ids, vals = feat.sparse(t)
        I = torch.tensor([ids or [0]], dtype=torch.long)
        V = torch.tensor([vals or [0.0]])
        with torch.no_grad():
            golden.append({'text': t, 'ids': ids, 'vals': vals, 'probabilities': model(I, V)[0].tolist()})
    with open(os.path.join(out, 'golden.json'), 'w', encoding='utf-8') as fh:
        json.dump(golden, fh, ensure_ascii=False)
    with open(os.path.join(out, 'dev.json'), 'w') as fh:
        json.dump({'C': C, 'devMacroF1': f, 'train': len(train), 'dev': len(dev)}, fh, indent=1)
    print('chosen C=%g dev macro-F1 %.2f, %d features' % (C, f, len(feat.keys)))


if __name__ == '__main__':
    main()
