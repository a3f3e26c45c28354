#!/usr/bin/python3
"""Recipe for SciWrite's compact entity tagger (sciwrite-tagger).

Shared encoder (word embeddings + character CNN + one BiLSTM layer) with one linear-chain CRF
head per dataset family (the datasets are partially annotated and their label sets differ),
plus a sentence-level domain head (biomedical vs computer science).

Run (from the repository root, with Debian's python): the shipped model (see README.md) is one run
initialised with word vectors pretrained on the datasets' own text (vectors.py):
    /usr/bin/python3 models/tagger/vectors.py --out V.txt --dim 100
    /usr/bin/python3 models/tagger/train.py --out R --vectors V.txt --wdim 100 --hidden 128 --cfilters 50 \
        --emb-lr-scale 0.3 --repeat bc5cdr=1.5 --epochs 40 --minutes 65 --threads 1
    /usr/bin/python3 models/tagger/train.py --out models/tagger --export-only --vectors V.txt --wdim 100 --hidden 128 --cfilters 50
(--export-only needs the same vectors file and sizes: the vocabulary is every train word seen twice plus
every word with a vector.)

Outputs in --out: tagger.onnx, tagger.json (vocabularies, tag sets, CRF transitions, head →
taxonomy configuration), train.log, dev.json (dev figures per head, per epoch), best.pt.

Featurisation spec (extension/inference/builtin/tagger-features.ts implements it identically):
  token  = a maximal run of Unicode letters/digits/marks, or one other non-space character
  word   = token lower-cased, ASCII digits replaced by '0'; id from `words` (1 = unknown, 0 = pad)
  chars  = the token's code points, first MAX_CHARS; id from `chars` (1 = unknown, 0 = pad)
"""
import argparse
import json
import math
import os
import random
import re
import time

import numpy as np
import torch
import torch.nn as nn

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'datasets', 'ner')
MAX_CHARS = 16
SEED = 13

# dataset family -> (folder, train file, dev file, format)
FAMILIES = {
    'bc5cdr': ('BC5CDR', 'train.tsv', 'devel.tsv', 'iob2'),
    'bionlp13cg': ('BioNLP13CG', 'train.tsv', 'devel.tsv', 'iob2'),
    'bc2gm': ('BC2GM', 'train.tsv', 'devel.tsv', 'iob2'),
    'linnaeus': ('linnaeus', 'train.tsv', 'devel.tsv', 'iob2'),
    'ncbi': ('NCBI-disease', 'train.tsv', 'devel.tsv', 'iob2'),
    'sciie': ('sciie', 'train.conll', 'dev.conll', 'io'),
}
DOMAIN = {'bc5cdr': 0, 'bionlp13cg': 0, 'bc2gm': 0, 'linnaeus': 0, 'ncbi': 0, 'sciie': 1}
# how many times each family's sentences appear per epoch (the targets are BC5CDR and BioNLP13CG)
REPEAT = {'bc5cdr': 1.0, 'bionlp13cg': 2.0, 'bc2gm': 0.15, 'linnaeus': 0.3, 'ncbi': 0.15, 'sciie': 1.0}
BATCH = 64
# dev sentences scored per family each epoch (all of them for the target datasets)
DEV_LIMIT = {'bc2gm': 600, 'linnaeus': 600, 'ncbi': 600, 'sciie': 400}
# share of linnaeus sentences without any entity that are kept (most of linnaeus is empty)
LINNAEUS_EMPTY_KEEP = 0.15

PTB = {'-LRB-': '(', '-RRB-': ')', '-LSB-': '[', '-RSB-': ']', '-LCB-': '{', '-RCB-': '}', '``': '"', "''": '"'}
TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)


def tokenize(text):
    """Python side of the tokeniser spec (letters/digits runs, else one character)."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if is_word_char(c):
            j = i + 1
            while j < n and is_word_char(text[j]):
                j += 1
            out.append((i, j))
            i = j
        else:
            out.append((i, i + 1))
            i += 1
    return out


def is_word_char(c):
    import unicodedata
    cat = unicodedata.category(c)
    return cat[0] in ('L', 'N', 'M')


def word_key(tok):
    return re.sub(r'[0-9]', '0', tok.lower())


def read_sentences(path, fmt):
    """Returns [(tokens, entities)] with entities as (start, end, type) token spans."""
    sents = []
    toks, tags = [], []

    def flush():
        if toks:
            sents.append(retokenize(toks, tags_to_spans(tags, fmt)))
        toks.clear()
        tags.clear()

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                flush()
                continue
            if fmt == 'iob2':
                parts = line.split('\t')
                tok, tag = parts[0], parts[-1]
            else:
                parts = line.split(' ')
                tok, tag = parts[0], parts[-1]
            if tok == '-DOCSTART-':
                continue
            toks.append(PTB.get(tok, tok))
            tags.append(tag)
    flush()
    return [s for s in sents if s[0]]


def tags_to_spans(tags, fmt):
    spans = []
    start, typ = None, None
    for i, tag in enumerate(tags + ['O']):
        if tag == 'O':
            b, t = 'O', None
        else:
            b, t = tag.split('-', 1)
        begins = b == 'B' or (b == 'I' and t != typ)
        if start is not None and (b == 'O' or begins):
            spans.append((start, i, typ))
            start, typ = None, None
        if b != 'O' and start is None:
            start, typ = i, t
    return spans


def retokenize(toks, spans):
    """Splits tokens the data keeps whole (SciERC's 'state-of-the-art') with the runtime tokeniser."""
    new_toks, index = [], []
    for t in toks:
        index.append(len(new_toks))
        pieces = [t[a:b] for a, b in tokenize(t)] or [t]
        new_toks.extend(pieces)
    index.append(len(new_toks))
    return new_toks, [(index[s], index[e], typ) for s, e, typ in spans]


def bio_tags(n, spans):
    tags = ['O'] * n
    for s, e, t in spans:
        tags[s] = 'B-' + t
        for k in range(s + 1, e):
            tags[k] = 'I-' + t
    return tags


SURNAMES = ['Smith', 'Wang', 'Müller', 'García', 'Zhang', 'Kim', 'Nguyen', 'Rossi', 'Johnson', 'Li',
            'Brown', 'Tanaka', 'Kowalski', 'Silva', 'Dubois', 'Chen', 'Ivanov', 'Patel', 'Cohen', 'Hansen']


def random_citation(rng):
    kind = rng.random()
    y = str(rng.randint(1975, 2025))
    a = rng.choice(SURNAMES)
    if kind < 0.35:
        inner = rng.choice([a + ' et al., ' + y, a + ', ' + y, a + ' and ' + rng.choice(SURNAMES) + ', ' + y])
        if rng.random() < 0.3:
            inner += '; ' + rng.choice(SURNAMES) + ' et al., ' + str(rng.randint(1975, 2025))
        return '(' + inner + ')'
    if kind < 0.7:
        n = rng.randint(1, 60)
        return rng.choice(['[%d]' % n, '[%d, %d]' % (n, n + rng.randint(1, 9)), '[%d-%d]' % (n, n + rng.randint(1, 5))])
    if kind < 0.85:
        return a + ' et al. (' + y + ')'
    return '(' + a + ' et al. ' + y + ')'


def augment(toks, spans, rng):
    """Inserts a rendered citation (as the manuscript model prints them) at an entity boundary."""
    cit = random_citation(rng)
    ctoks = [cit[a:b] for a, b in tokenize(cit)]
    inside = set()
    for s, e, _ in spans:
        inside.update(range(s + 1, e))
    cands = [i for i in range(1, len(toks) + 1) if i not in inside]
    if toks and toks[-1] in '.;:' and len(toks) - 1 not in inside:
        cands += [len(toks) - 1] * 3  # before the final full stop, as papers place them
    pos = rng.choice(cands)
    new_toks = toks[:pos] + ctoks + toks[pos:]
    k = len(ctoks)
    new_spans = [(s + k if s >= pos else s, e + k if e > pos or (e == pos and s >= pos) else e, t) for s, e, t in spans]
    return new_toks, new_spans


class CRF(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(k, k))  # trans[i, j]: score of tag i followed by tag j
        self.start = nn.Parameter(torch.zeros(k))
        self.end = nn.Parameter(torch.zeros(k))

    def nll(self, em, tags, mask):
        # em [B, T, K]; tags [B, T]; mask [B, T] bool, prefix masks
        B, T, K = em.shape
        maskf = mask.float()
        emit = em.gather(2, tags.unsqueeze(2)).squeeze(2)  # [B, T]
        trans = self.trans[tags[:, :-1], tags[:, 1:]]  # [B, T-1]
        score = self.start[tags[:, 0]] + emit[:, 0] + ((emit[:, 1:] + trans) * maskf[:, 1:]).sum(1)
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        score = score + self.end[last]
        alpha = self.start.unsqueeze(0) + em[:, 0]
        for t in range(1, T):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans.unsqueeze(0), dim=1) + em[:, t]
            alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
        logz = torch.logsumexp(alpha + self.end.unsqueeze(0), dim=1)
        return (logz - score).sum()

    def decode(self, em, mask):
        B, T, K = em.shape
        score = self.start.unsqueeze(0) + em[:, 0]
        back = []
        for t in range(1, T):
            cand = score.unsqueeze(2) + self.trans.unsqueeze(0)
            best, idx = cand.max(dim=1)
            nxt = best + em[:, t]
            score = torch.where(mask[:, t:t + 1], nxt, score)
            back.append(idx)
        score = score + self.end.unsqueeze(0)
        lengths = mask.sum(1).tolist()
        out = []
        for b in range(B):
            L = lengths[b]
            tag = int(score[b].argmax())
            path = [tag]
            for t in range(L - 1, 0, -1):
                tag = int(back[t - 1][b, tag])
                path.append(tag)
            out.append(path[::-1])
        return out


class Tagger(nn.Module):
    def __init__(self, n_words, n_chars, heads, wdim=64, cdim=20, cfilters=40, hidden=64, layers=1, layer_dropout=0.5):
        super().__init__()
        self.wemb = nn.Embedding(n_words, wdim, padding_idx=0)
        self.cemb = nn.Embedding(n_chars, cdim, padding_idx=0)
        self.cconv = nn.Conv1d(cdim, cfilters, kernel_size=3, padding=1)
        self.drop = nn.Dropout(0.5)
        self.lstm = nn.LSTM(wdim + cfilters, hidden, num_layers=layers, batch_first=True, bidirectional=True,
                            dropout=layer_dropout if layers > 1 else 0.0)
        self.head_names = list(heads)
        self.heads = nn.ModuleList([nn.Linear(2 * hidden, len(heads[h])) for h in self.head_names])
        self.crfs = nn.ModuleList([CRF(len(heads[h])) for h in self.head_names])
        self.domain = nn.Linear(2 * hidden, 2)

    def features(self, words, chars, wvec=None):
        B, T = words.shape
        c = self.cemb(chars.view(B * T, -1)).transpose(1, 2)  # [BT, cdim, L]
        c = torch.relu(self.cconv(c))
        cmask = (chars.view(B * T, -1) > 0).unsqueeze(1)
        c = c.masked_fill(~cmask, 0.0).max(dim=2).values.view(B, T, -1)
        return torch.cat([self.wemb(words) if wvec is None else wvec, c], dim=2)

    def encode(self, words, chars, lengths=None, wvec=None):
        x = self.drop(self.features(words, chars, wvec))
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        else:
            h, _ = self.lstm(x)
        return self.drop(h)


class Exported(nn.Module):
    """The ONNX graph: one sentence in, every head's emissions and the domain logits out.

    The word-embedding table is stored as float16 (halves the file; looked up, then cast to float32).
    """

    def __init__(self, m):
        super().__init__()
        self.m = m
        self.register_buffer('wemb16', m.wemb.weight.detach().half())

    def forward(self, words, chars):
        h = self.m.encode(words, chars, wvec=nn.functional.embedding(words, self.wemb16).float())
        outs = [head(h) for head in self.m.heads]
        return tuple(outs) + (self.m.domain(h.mean(dim=1)),)


def read_vectors(path):
    """word2vec text format (vectors.py): {word key: vector}, in the file's order (most frequent first)."""
    vecs = {}
    with open(path, encoding='utf-8') as f:
        next(f)
        for line in f:
            parts = line.rstrip('\n').split(' ')
            vecs[parts[0]] = np.asarray([float(x) for x in parts[1:]], dtype=np.float32)
    return vecs


def build_vocab(train, vectors=None):
    wc, cc = {}, {}
    for fam, sents in train.items():
        for toks, _ in sents:
            for t in toks:
                k = word_key(t)
                wc[k] = wc.get(k, 0) + 1
                for ch in t[:MAX_CHARS]:
                    cc[ch] = cc.get(ch, 0) + 1
    words = ['<pad>', '<unk>'] + sorted([w for w, n in wc.items() if n >= 2], key=lambda w: (-wc[w], w))[:30000]
    if vectors:
        # every word with a pretrained vector, including dev/test words never seen in train
        seen = set(words)
        words += [w for w in vectors if w not in seen]
    chars = ['<pad>', '<unk>'] + sorted([c for c, n in cc.items() if n >= 3], key=lambda c: (-cc[c], c))
    return words, chars


def encode_batch(batch, widx, cidx, word_dropout, rng):
    T = max(len(t) for t, _ in batch)
    W = np.zeros((len(batch), T), dtype=np.int64)
    C = np.zeros((len(batch), T, MAX_CHARS), dtype=np.int64)
    for b, (toks, _) in enumerate(batch):
        for i, t in enumerate(toks):
            wid = widx.get(word_key(t), 1)
            if word_dropout and rng.random() < word_dropout:
                wid = 1
            W[b, i] = wid
            for j, ch in enumerate(t[:MAX_CHARS]):
                C[b, i, j] = cidx.get(ch, 1)
    return torch.from_numpy(W), torch.from_numpy(C)


def spans_of(tags, labels):
    return set(tags_to_spans([labels[t] for t in tags], 'iob2'))


def evaluate(model, fam, hi, sents, widx, cidx, labels):
    model.eval()
    tp = fp = fn = 0
    per = {}
    with torch.no_grad():
        order = sorted(range(len(sents)), key=lambda i: len(sents[i][0]))
        for k in range(0, len(order), 128):
            batch = [sents[i] for i in order[k:k + 128]]
            W, C = encode_batch(batch, widx, cidx, 0, None)
            lengths = torch.tensor([len(t) for t, _ in batch])
            mask = torch.arange(W.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)
            h = model.encode(W, C, lengths)
            paths = model.crfs[hi].decode(model.heads[hi](h), mask)
            for (toks, gold), path in zip(batch, paths):
                pred = spans_of(path, labels)
                gold = set(gold)
                for s in pred | gold:
                    p = per.setdefault(s[2], [0, 0, 0])
                    if s in pred and s in gold:
                        p[0] += 1
                    elif s in pred:
                        p[1] += 1
                    else:
                        p[2] += 1
                tp += len(pred & gold)
                fp += len(pred - gold)
                fn += len(gold - pred)
    model.train()

    def f1(a, b, c):
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        return {'precision': p, 'recall': r, 'f1': 2 * p * r / (p + r) if p + r else 0.0}
    return {'micro': f1(tp, fp, fn), 'perType': {t: f1(*v) for t, v in sorted(per.items())}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument('--minutes', type=float, default=45)
    ap.add_argument('--epochs', type=int, default=30)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--export-only', action='store_true')
    ap.add_argument('--resume', help='start from this state dict (a second stage that continues a run)')
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--hidden', type=int, default=64)
    ap.add_argument('--layers', type=int, default=1, help='BiLSTM layers')
    ap.add_argument('--layer-dropout', type=float, default=0.5, help='dropout between BiLSTM layers (with --layers 2 or more)')
    ap.add_argument('--wdim', type=int, default=64)
    ap.add_argument('--cfilters', type=int, default=40)
    ap.add_argument('--vectors', help='pretrained word vectors (vectors.py); --wdim must match their size')
    ap.add_argument('--emb-lr-scale', type=float, default=1.0, help='learning-rate factor of the word embeddings')
    ap.add_argument('--repeat', default='', help='per-family epoch shares overriding REPEAT, e.g. bc5cdr=1.5,bionlp13cg=2')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    log = open(os.path.join(args.out, 'train.log'), 'a', encoding='utf-8')

    def say(msg):
        line = time.strftime('%H:%M:%S ') + msg
        print(line, flush=True)
        log.write(line + '\n')
        log.flush()

    train, dev = {}, {}
    for fam, (folder, tr, dv, fmt) in FAMILIES.items():
        train[fam] = read_sentences(os.path.join(DATA, folder, tr), fmt)
        dev[fam] = read_sentences(os.path.join(DATA, folder, dv), fmt)
    train['linnaeus'] = [s for s in train['linnaeus'] if s[1] or rng.random() < LINNAEUS_EMPTY_KEEP]
    heads = {}
    for fam in FAMILIES:
        types = sorted({t for _, spans in train[fam] for _, _, t in spans})
        heads[fam] = ['O'] + [p + '-' + t for t in types for p in ('B', 'I')]
    for kv in filter(None, args.repeat.split(',')):
        k, v = kv.split('=')
        REPEAT[k] = float(v)
    vectors = read_vectors(args.vectors) if args.vectors and not args.export_only else None
    if args.vectors and args.export_only:
        vectors = {w: None for w in read_vectors(args.vectors)}
    words, chars = build_vocab(train, vectors)
    widx = {w: i for i, w in enumerate(words)}
    cidx = {c: i for i, c in enumerate(chars)}
    say('args %s' % json.dumps(vars(args)))
    say('vocab %d words, %d chars; train %s' % (len(words), len(chars), {f: len(s) for f, s in train.items()}))
    model = Tagger(len(words), len(chars), heads, wdim=args.wdim, cfilters=args.cfilters, hidden=args.hidden,
                   layers=args.layers, layer_dropout=args.layer_dropout)
    ckpt = os.path.join(args.out, 'best.pt')
    if vectors and not args.export_only:
        known = np.stack([v for v in vectors.values()])
        scale = 0.5 / known.std()  # word2vec's scale to a std of 0.5 per component
        with torch.no_grad():
            for i, w in enumerate(words):
                if w in vectors:
                    model.wemb.weight[i] = torch.from_numpy(vectors[w] * scale)
        say('word vectors: %d of %d words from %s (scaled x%.3f)' % (sum(w in vectors for w in words), len(words), args.vectors, scale))

    if not args.export_only:
        if args.resume:
            model.load_state_dict(torch.load(args.resume))
            say('resumed from %s' % args.resume)
        emb = [model.wemb.weight]
        rest = [p for p in model.parameters() if p is not model.wemb.weight]
        opt = torch.optim.Adam([{'params': rest, 'scale': 1.0},
                                {'params': emb, 'scale': args.emb_lr_scale}], lr=args.lr)
        for g in opt.param_groups:
            g['lr'] = args.lr * g['scale']
        fam_list = list(FAMILIES)
        best, history, start = -1.0, [], time.time()
        for epoch in range(1, args.epochs + 1):
            batches = []
            for fam in fam_list:
                sents = list(train[fam])
                reps = REPEAT[fam]
                pool = sents * int(reps) + rng.sample(sents, int(len(sents) * (reps - int(reps))))
                pool = [augment(t, s, rng) if rng.random() < 0.25 else (t, s) for t, s in pool]
                rng.shuffle(pool)
                # group similar lengths to cut padding, then shuffle the batches
                for k in range(0, len(pool), BATCH * 20):
                    chunk = sorted(pool[k:k + BATCH * 20], key=lambda s: len(s[0]))
                    batches += [(fam, chunk[i:i + BATCH]) for i in range(0, len(chunk), BATCH)]
            rng.shuffle(batches)
            total = 0.0
            for bi, (fam, batch) in enumerate(batches):
                hi = fam_list.index(fam)
                W, C = encode_batch(batch, widx, cidx, 0.05, rng)
                lengths = torch.tensor([len(t) for t, _ in batch])
                mask = torch.arange(W.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)
                tags = torch.zeros(W.shape, dtype=torch.long)
                lab = {l: i for i, l in enumerate(heads[fam])}
                for b, (toks, spans) in enumerate(batch):
                    for i, t in enumerate(bio_tags(len(toks), spans)):
                        tags[b, i] = lab[t]
                h = model.encode(W, C, lengths)
                loss = model.crfs[hi].nll(model.heads[hi](h), tags, mask) / len(batch)
                pooled = (h * mask.unsqueeze(2)).sum(1) / lengths.unsqueeze(1)
                dom = torch.full((len(batch),), DOMAIN[fam], dtype=torch.long)
                loss = loss + 0.2 * nn.functional.cross_entropy(model.domain(pooled), dom)
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                total += float(loss)
                if bi % 200 == 0:
                    say('epoch %d batch %d/%d loss %.3f' % (epoch, bi, len(batches), total / (bi + 1)))
            for g in opt.param_groups:
                g['lr'] *= 0.9
            figures = {fam: evaluate(model, fam, i, dev[fam][:DEV_LIMIT.get(fam, len(dev[fam]))], widx, cidx, heads[fam]) for i, fam in enumerate(fam_list)}
            summary = {fam: round(100 * f['micro']['f1'], 2) for fam, f in figures.items()}
            # model selection on dev: the two target datasets count double
            score = sum(summary.values()) + summary['bc5cdr'] + summary['bionlp13cg']
            history.append({'epoch': epoch, 'minutes': round((time.time() - start) / 60, 1), 'devMicroF1': summary, 'dev': figures})
            say('epoch %d dev micro-F1 %s score %.2f' % (epoch, json.dumps(summary), score))
            if score > best:
                best = score
                torch.save(model.state_dict(), ckpt)
                say('  saved best')
            with open(os.path.join(args.out, 'dev.json'), 'w', encoding='utf-8') as f:
                json.dump({'history': history, 'bestScore': best}, f, indent=1)
            elapsed = (time.time() - start) / 60
            if elapsed / epoch * (epoch + 1) > args.minutes:
                say('stopping: time budget of %.0f minutes' % args.minutes)
                break

    model.load_state_dict(torch.load(ckpt))
    model.eval()
    export(model, words, chars, heads, args.out)
    say('exported')


def export(model, words, chars, heads, out):
    ex = Exported(model)
    ex.eval()
    W = torch.ones(1, 7, dtype=torch.long)
    C = torch.ones(1, 7, MAX_CHARS, dtype=torch.long)
    names = ['emissions_' + h for h in model.head_names] + ['domain']
    torch.onnx.export(ex, (W, C), os.path.join(out, 'tagger.onnx'), opset_version=13,
                      input_names=['words', 'chars'], output_names=names,
                      dynamic_axes={'words': {1: 'T'}, 'chars': {1: 'T'}, **{n: {1: 'T'} for n in names[:-1]}})
    crf = {}
    for i, h in enumerate(model.head_names):
        c = model.crfs[i]
        crf[h] = {'labels': heads[h], 'transitions': c.trans.detach().tolist(),
                  'start': c.start.detach().tolist(), 'end': c.end.detach().tolist()}
    meta = {
        'format': 'sciwrite-tagger/1',
        'maxChars': MAX_CHARS,
        'words': words,
        'chars': chars,
        'heads': crf,
        'domains': ['biomedical', 'computer-science'],
    }
    with open(os.path.join(out, 'tagger.json'), 'w', encoding='utf-8') as f:
        json.dump(meta, f, ensure_ascii=False)
    # golden featurisation + emission file for the TypeScript parity test
    gold = []
    for text in ['The TGF-beta type II receptor in chronic myeloid leukemia (Smith et al., 2020).',
                 'We train a BiLSTM-CRF tagger for named entity recognition [12] and report F1.',
                 'Naïve Müller-cells expressed p53 at 3.5 µM cisplatin\u2014in vivo.']:
        spans = tokenize(text)
        toks = [text[a:b] for a, b in spans]
        Wt, Ct = encode_batch([(toks, [])], {w: i for i, w in enumerate(words)}, {c: i for i, c in enumerate(chars)}, 0, None)
        with torch.no_grad():
            outs = ex(Wt, Ct)
        gold.append({'text': text, 'tokens': [[a, b] for a, b in spans], 'words': Wt[0].tolist(), 'chars': Ct[0].tolist(),
                     'emissions': {h: [[round(v, 5) for v in row] for row in outs[i][0].tolist()] for i, h in enumerate(model.head_names)}})
    with open(os.path.join(out, 'golden.json'), 'w', encoding='utf-8') as f:
        json.dump(gold, f, ensure_ascii=False)


if __name__ == '__main__':
    main()
