#!/usr/bin/python3
"""How much of the dev gain from pretrained vectors is only there because the dev text itself was in the
vectors' corpus? Re-scores a trained tagger on a dev file with every word whose vector exists only thanks
to that dev file (fewer than 2 occurrences in the rest of the corpus) mapped to <unk>, as an unseen test
split's new words would be.

    /usr/bin/python3 models/tagger/experiments/testlike.py --state models/tagger/best.pt \
        --vectors <vectors.txt> --wdim 100 --hidden 128 --cfilters 50
"""
import argparse
import collections
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
import train as T  # noqa: E402
import vectors as V  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--state', required=True)
    ap.add_argument('--vectors', required=True)
    ap.add_argument('--wdim', type=int, default=100)
    ap.add_argument('--hidden', type=int, default=128)
    ap.add_argument('--cfilters', type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(1)
    train, dev = {}, {}
    for fam, (folder, tr, dv, fmt) in T.FAMILIES.items():
        train[fam] = T.read_sentences(os.path.join(T.DATA, folder, tr), fmt)
        dev[fam] = T.read_sentences(os.path.join(T.DATA, folder, dv), fmt)
    rng = T.random.Random(T.SEED)  # as train.py: the same linnaeus sample, hence the same vocabularies
    train['linnaeus'] = [s for s in train['linnaeus'] if s[1] or rng.random() < T.LINNAEUS_EMPTY_KEEP]
    heads = {}
    for fam in T.FAMILIES:
        types = sorted({t for _, spans in train[fam] for _, _, t in spans})
        heads[fam] = ['O'] + [p + '-' + t for t in types for p in ('B', 'I')]
    vecs = T.read_vectors(args.vectors)
    words, chars = T.build_vocab(train, vecs)
    widx = {w: i for i, w in enumerate(words)}
    cidx = {c: i for i, c in enumerate(chars)}
    state = torch.load(args.state)
    layers = sum(1 for k in state if k.startswith('lstm.weight_hh_l') and not k.endswith('_reverse'))
    model = T.Tagger(len(words), len(chars), heads, wdim=args.wdim, cfilters=args.cfilters, hidden=args.hidden, layers=layers)
    model.load_state_dict(state)
    model.eval()
    all_counts = collections.Counter(w for s in V.corpus() for w in s)
    train_keys = {T.word_key(t) for sents in train.values() for toks, _ in sents for t in toks}
    fams = list(T.FAMILIES)
    out = {}
    for fam in ('bc5cdr', 'bionlp13cg'):
        folder, _, dv, _ = T.FAMILIES[fam]
        own = collections.Counter(w for s in V.ner_sentences(os.path.join(T.DATA, folder, dv)) for w in [T.word_key(t) for t in s])
        held = {w for w in own if w in widx and w not in train_keys and all_counts[w] - own[w] < 2}
        widx_held = {w: i for w, i in widx.items() if w not in held}
        full = T.evaluate(model, fam, fams.index(fam), dev[fam], widx, cidx, heads[fam])['micro']['f1']
        test_like = T.evaluate(model, fam, fams.index(fam), dev[fam], widx_held, cidx, heads[fam])['micro']['f1']
        toks = sum(own.values())
        out[fam] = {'devMicroF1': round(100 * full, 2), 'devMicroF1_ownWordsUnknown': round(100 * test_like, 2),
                    'wordsOnlyFromDev': len(held), 'devTokensAffected': sum(own[w] for w in held), 'devTokens': toks}
        print(fam, json.dumps(out[fam]), flush=True)


if __name__ == '__main__':
    main()
