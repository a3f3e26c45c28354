#!/usr/bin/python3
"""Recipe: specialist heads for NCBI-disease, linnaeus and BC2GM on the shipped (frozen) tagger.

The shipped model (train.py) trained these three heads on small samples only. Here the whole shared
encoder and every other head stay frozen; only the `ncbi`, `linnaeus` and `bc2gm` emission heads and
their CRF parameters are trained, each on its dataset's full train split (25% of sentences with a
rendered citation inserted, as in train.py), starting from the shipped weights. The encoder is frozen,
so its BiLSTM outputs are computed once per sentence (eval mode, no dropout) for the sentence and for
one citation-augmented copy. The epoch of each head is selected on its full dev split.

Run from the repository root (single thread, seeded; about 5 minutes), starting from the state train.py
shipped (run 4; best.pt now holds the specialist heads, so take the earlier one from git):
    git show 53a9077:models/tagger/best.pt > run4.pt
    /usr/bin/python3 models/tagger/specialist_heads.py --state run4.pt     # trains, writes best.pt, re-exports
Writes models/tagger/best.pt (the new head weights), tagger.onnx, tagger.json and golden.json (through
train.py's `export`), specialist.log (appended) and specialist-dev.json (dev figures per head and epoch).
The vocabulary and tag sets are the shipped tagger.json's (what train.py's build_vocab gave); so the
README's `train.py --export-only` re-export reproduces the same files from the updated best.pt.
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as T  # noqa: E402  (the recipe's model classes, readers, augmentation, evaluation, export)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SPECIALISTS = ['ncbi', 'linnaeus', 'bc2gm']
AUGMENT_SHARE = 0.25


def parse_keep(spec):
    """'linnaeus=1.0' -> {'linnaeus': 1.0}: share of entity-free train sentences kept per head (default all)."""
    out = {}
    for kv in filter(None, spec.split(',')):
        k, v = kv.split('=')
        out[k] = float(v)
    return out


def encode_all(model, sents, widx, cidx):
    """Frozen encoder outputs (eval mode) per sentence, float16 [T, 2 * hidden]."""
    out = [None] * len(sents)
    order = sorted(range(len(sents)), key=lambda i: len(sents[i][0]))
    with torch.no_grad():
        for k in range(0, len(order), 128):
            idx = order[k:k + 128]
            batch = [sents[i] for i in idx]
            W, C = T.encode_batch(batch, widx, cidx, 0, None)
            lengths = torch.tensor([len(t) for t, _ in batch])
            h = model.encode(W, C, lengths)
            for j, i in enumerate(idx):
                out[i] = h[j, :lengths[j]].half().clone()
    return out


def pad(feats):
    Tm = max(f.shape[0] for f in feats)
    H = torch.zeros(len(feats), Tm, feats[0].shape[1])
    for b, f in enumerate(feats):
        H[b, :f.shape[0]] = f.float()
    lengths = torch.tensor([f.shape[0] for f in feats])
    return H, torch.arange(Tm).unsqueeze(0) < lengths.unsqueeze(1)


def dev_f1(model, hi, feats, sents, labels):
    """Micro-F1 of one head on precomputed dev features (the same decoding and scoring as train.evaluate)."""
    tp = fp = fn = 0
    order = sorted(range(len(sents)), key=lambda i: len(sents[i][0]))
    with torch.no_grad():
        for k in range(0, len(order), 256):
            idx = order[k:k + 256]
            H, mask = pad([feats[i] for i in idx])
            paths = model.crfs[hi].decode(model.heads[hi](H), mask)
            for i, path in zip(idx, paths):
                pred, gold = T.spans_of(path, labels), set(sents[i][1])
                tp += len(pred & gold)
                fp += len(pred - gold)
                fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def train_head(model, fam, hi, labels, train, dev, widx, cidx, args, rng, say):
    lab = {l: i for i, l in enumerate(labels)}
    keep = parse_keep(args.keep_empty).get(fam, 1.0)
    sents = [s for s in train if s[1] or rng.random() < keep]
    augmented = [T.augment(t, s, rng) for t, s in sents]
    t0 = time.time()
    feats = encode_all(model, sents, widx, cidx)
    feats_aug = encode_all(model, augmented, widx, cidx)
    dev_feats = encode_all(model, dev, widx, cidx)
    tags = [torch.tensor([lab[x] for x in T.bio_tags(len(t), s)]) for t, s in sents]
    tags_aug = [torch.tensor([lab[x] for x in T.bio_tags(len(t), s)]) for t, s in augmented]
    say('%s: %d train sentences (%d entity-free kept, share %.2f), %d dev; encoded in %.0f s' % (
        fam, len(sents), sum(1 for s in sents if not s[1]), keep, len(dev), time.time() - t0))
    head, crf = model.heads[hi], model.crfs[hi]
    params = list(head.parameters()) + list(crf.parameters())
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.Adam(params, lr=args.lr)
    drop = torch.nn.Dropout(args.dropout)
    start_f1 = dev_f1(model, hi, dev_feats, dev, labels)
    best = {'epoch': 0, 'f1': start_f1, 'state': {k: v.clone() for k, v in list(head.state_dict().items()) + [('crf.' + k, v) for k, v in crf.state_dict().items()]}}
    history = [{'epoch': 0, 'devMicroF1': round(100 * start_f1, 2)}]
    say('%s epoch 0 (shipped head) dev micro-F1 %.2f' % (fam, 100 * start_f1))
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        pool = [(i, rng.random() < AUGMENT_SHARE) for i in range(len(sents))]
        rng.shuffle(pool)
        batches = []
        for k in range(0, len(pool), T.BATCH * 20):
            chunk = sorted(pool[k:k + T.BATCH * 20], key=lambda x: (feats_aug if x[1] else feats)[x[0]].shape[0])
            batches += [chunk[i:i + T.BATCH] for i in range(0, len(chunk), T.BATCH)]
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            H, mask = pad([(feats_aug if a else feats)[i] for i, a in batch])
            Y = torch.zeros(mask.shape, dtype=torch.long)
            for b, (i, a) in enumerate(batch):
                y = (tags_aug if a else tags)[i]
                Y[b, :len(y)] = y
            loss = crf.nll(head(drop(H)), Y, mask) / len(batch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss)
        for g in opt.param_groups:
            g['lr'] *= args.decay
        f1 = dev_f1(model, hi, dev_feats, dev, labels)
        history.append({'epoch': epoch, 'devMicroF1': round(100 * f1, 2), 'loss': round(total / len(batches), 4)})
        say('%s epoch %d loss %.4f dev micro-F1 %.2f (%.0f s)' % (fam, epoch, total / len(batches), 100 * f1, time.time() - t0))
        if f1 > best['f1']:
            best = {'epoch': epoch, 'f1': f1, 'state': {k: v.clone() for k, v in list(head.state_dict().items()) + [('crf.' + k, v) for k, v in crf.state_dict().items()]}}
    with torch.no_grad():
        head.weight.copy_(best['state']['weight'])
        head.bias.copy_(best['state']['bias'])
        for k in ('trans', 'start', 'end'):
            getattr(crf, k).copy_(best['state']['crf.' + k])
    for p in params:
        p.requires_grad_(False)
    return {'bestEpoch': best['epoch'], 'shippedDevMicroF1': round(100 * start_f1, 2), 'devMicroF1': round(100 * best['f1'], 2),
            'trainSentences': len(sents), 'entityFreeKept': keep, 'history': history}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--state', required=True, help="train.py's state dict (the heads start from its weights)")
    ap.add_argument('--out', default=HERE, help='where best.pt, tagger.onnx, tagger.json, golden.json and the logs go')
    ap.add_argument('--heads', default=','.join(SPECIALISTS))
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--decay', type=float, default=0.9, help='learning-rate factor per epoch')
    ap.add_argument('--dropout', type=float, default=0.5, help='dropout on the frozen encoder output, head side (as train.py)')
    ap.add_argument('--keep-empty', default='', help='share of entity-free train sentences kept per head, e.g. linnaeus=0.5 (default: all)')
    ap.add_argument('--no-export', action='store_true', help='only train and report (writes nothing but the logs)')
    args = ap.parse_args()
    torch.set_num_threads(1)
    random.seed(T.SEED)
    np.random.seed(T.SEED)
    torch.manual_seed(T.SEED)
    rng = random.Random(T.SEED)
    log = open(os.path.join(args.out, 'specialist.log'), 'a', encoding='utf-8')

    def say(msg):
        line = time.strftime('%H:%M:%S ') + msg
        print(line, flush=True)
        log.write(line + '\n')
        log.flush()

    meta = json.load(open(os.path.join(HERE, 'tagger.json'), encoding='utf-8'))
    words, chars = meta['words'], meta['chars']
    heads = {h: v['labels'] for h, v in meta['heads'].items()}
    assert list(heads) == list(T.FAMILIES), 'tagger.json heads are not in train.py order'
    widx = {w: i for i, w in enumerate(words)}
    cidx = {c: i for i, c in enumerate(chars)}
    state = torch.load(args.state)
    model = T.Tagger(len(words), len(chars), heads, wdim=state['wemb.weight'].shape[1],
                     cfilters=state['cconv.weight'].shape[0], hidden=state['lstm.weight_hh_l0'].shape[1],
                     layers=sum(1 for k in state if k.startswith('lstm.weight_hh_l') and not k.endswith('_reverse')))
    model.load_state_dict(state)
    model.eval()  # the frozen encoder runs without dropout
    for p in model.parameters():
        p.requires_grad_(False)
    shown = {k: os.path.relpath(v, ROOT) if isinstance(v, str) and v.startswith(ROOT + os.sep) else v for k, v in vars(args).items()}
    say('args %s' % json.dumps(shown))
    fams = args.heads.split(',')
    report = {}
    start = time.time()
    for fam in fams:
        folder, tr, dv, fmt = T.FAMILIES[fam]
        train = T.read_sentences(os.path.join(T.DATA, folder, tr), fmt)
        dev = T.read_sentences(os.path.join(T.DATA, folder, dv), fmt)
        types = sorted({t for _, spans in train for _, _, t in spans})
        assert heads[fam] == ['O'] + [p + '-' + t for t in types for p in ('B', 'I')], fam
        hi = model.head_names.index(fam)
        report[fam] = train_head(model, fam, hi, heads[fam], train, dev, widx, cidx, args, rng, say)
        # the figure of the selected head through train.py's own evaluation (full model, full dev)
        check = T.evaluate(model, fam, hi, dev, widx, cidx, heads[fam])
        model.eval()
        report[fam]['evaluate'] = check
        say('%s: best epoch %d, dev micro-F1 %.2f (shipped head %.2f); train.evaluate: %.2f' % (
            fam, report[fam]['bestEpoch'], report[fam]['devMicroF1'], report[fam]['shippedDevMicroF1'], 100 * check['micro']['f1']))
    say('trained in %.1f minutes' % ((time.time() - start) / 60))
    if args.no_export:
        return
    new_state = model.state_dict()
    for k, v in state.items():
        changed = not torch.equal(v, new_state[k])
        allowed = any(k.startswith('heads.%d.' % model.head_names.index(f)) or k.startswith('crfs.%d.' % model.head_names.index(f)) for f in fams)
        assert allowed or not changed, 'frozen parameter changed: ' + k
    torch.save(new_state, os.path.join(args.out, 'best.pt'))
    T.export(model, words, chars, heads, args.out)
    with open(os.path.join(args.out, 'specialist-dev.json'), 'w', encoding='utf-8') as f:
        json.dump({'args': shown, 'heads': report}, f, indent=1)
    say('saved best.pt and exported tagger.onnx, tagger.json, golden.json')


if __name__ == '__main__':
    main()
