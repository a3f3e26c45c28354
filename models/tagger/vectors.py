#!/usr/bin/python3
"""Word vectors for the tagger, pretrained on the datasets' own text (issue 4 allows it).

Text: every sentence of every split in ../shared/datasets (NER train + dev files, JNLPBA's dev file, the
SciCite and ACL-ARC citation-intent sentences), tokenised and keyed exactly as the tagger does
(train.py's tokenize + word_key). Skip-gram with negative sampling (gensim 4, Debian python3-gensim),
one worker thread and a fixed seed, so the vectors are reproducible.

    /usr/bin/python3 models/tagger/vectors.py --out models/tagger/vectors.txt --dim 64

Writes word2vec text format (the first line: count and dimension), words with count >= --min-count.
"""
import argparse
import glob
import json
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import PTB, tokenize, word_key  # noqa: E402

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'datasets')


def ner_sentences(path):
    sents, toks = [], []
    sep = ' ' if path.endswith('.conll') else '\t'
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                if toks:
                    sents.append(toks)
                toks = []
                continue
            tok = line.split(sep)[0]
            if tok == '-DOCSTART-':
                continue
            tok = PTB.get(tok, tok)
            toks.extend(tok[a:b] for a, b in tokenize(tok))
    if toks:
        sents.append(toks)
    return sents


def corpus():
    sents = []
    for path in sorted(glob.glob(os.path.join(SHARED, 'ner', '*', '*'))):
        if path.endswith(('.tsv', '.conll')):
            sents += ner_sentences(path)
    for path in sorted(glob.glob(os.path.join(SHARED, 'citation-intent', '*', '*.jsonl'))):
        with open(path, encoding='utf-8') as f:
            for line in f:
                text = json.loads(line)['text']
                sents.append([text[a:b] for a, b in tokenize(text)])
    return [[word_key(t) for t in s] for s in sents if s]


def stable_hash(s):
    # gensim seeds each word's initial vector with hashfxn(word + seed); Python's hash() is salted per process
    return zlib.crc32(s.encode('utf-8'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--dim', type=int, default=64)
    ap.add_argument('--min-count', type=int, default=2)
    ap.add_argument('--epochs', type=int, default=10)
    args = ap.parse_args()
    from gensim.models import Word2Vec
    sents = corpus()
    print('%d sentences, %d tokens' % (len(sents), sum(len(s) for s in sents)), flush=True)
    model = Word2Vec(sentences=sents, vector_size=args.dim, window=5, min_count=args.min_count, sg=1,
                     negative=10, sample=1e-4, workers=1, seed=13, epochs=args.epochs,
                     hashfxn=stable_hash)
    model.wv.save_word2vec_format(args.out)
    print('%d words' % len(model.wv), flush=True)


if __name__ == '__main__':
    main()
