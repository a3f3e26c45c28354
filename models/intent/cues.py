"""Cue-phrase features of a citing sentence for the ACL-ARC classifier (train.py's 'q' block), in the
spirit of Teufel et al. (2006) and Jurgens et al. (2018): lexicons of agents (we / they), of using,
comparing, contrasting, extending, motivating and future-work phrases, where they stand relative to the
citation, and the citation's own shape. Explored on repeated cross-validation of the ACL-ARC train split
(experiments/aclarc-cv-cues.py, .log); extension/inference/builtin/intent-cues.ts implements it
identically, reading the lexicons from features.json.

Spec (one sentence):
  1. Citations: every match of CITE_RE is a citation span. A span whose parentheses hold only years
     ("( 1997 )", "( 1972 , 1985 )") is *textual*: the author name before it is absorbed (walking back
     over at most 6 tokens that are capitalised words whose lower-case form is not in STOP_CAPS, "et",
     "al", "and", "&", "," or PARTICLES); every other span is *parenthetical*. References in a span:
     1 + its ';' count (textual: also + its ',' count).
  2. Tokens: TOK_RE over the text with each span replaced by a marker (original case; ASCII only); each
     span becomes one token TCITE / PCITE; other tokens are lower-cased and a trailing '.' stripped,
     except the clause punctuation , ; : . ! ?
  3. Cue matching: left to right; at each token the longest lexicon entry that matches wins (an entry
     word ending in '*' matches any token with that prefix; among equally long entries, those whose first
     word is exact come first, each group in the order of the entries' word tuples); a match gives every
     class that lists that phrase, counts at its first token, and the scan continues after it.
  4. Clauses: maximal runs of tokens that are neither clause punctuation nor but / whereas / while /
     although (those belong to no clause).
  5. Features, per class C of a match: has:C; near:C (its first token within NEAR tokens of a citation);
     clause:C (in a clause holding a citation); pre:C / post:C (before / after the first citation);
     self+C (C != SELF, in a clause holding a SELF match); other+C (C != OTHER, in a clause holding an
     OTHER match or a textual citation). Per sentence: n=0/1/2/3+ references; with citations: g=1/2/3+
     spans, textual, parenthetical, subject (a textual citation first, after an optional leading number),
     pos:start/mid/end (first citation index / max(1, tokens - 1): < 0.2, >= 0.8), cite_last (only
     punctuation after the last citation), eg_in_cite (a span holding "e.g.", "see " or "cf."); and
     startsWithSelf, len:s/m/l (< 15, < 30 tokens), self_cite (a SELFPREV match).
"""
import re

# ASCII-only on purpose: the same pattern means the same thing in Python and JavaScript
CITE_RE = re.compile(r'\[\s*[0-9]+(?:\s*[-,;]\s*[0-9]+)*\s*\]|\([^()]*?[0-9]{4}[a-z]?[^()]*\)|\(\s*[0-9]+(?:\s*[-,;]\s*[0-9]+)*\s*\)')
NEAR = 4

LEX = {
  'SELF': ['we', 'our', 'us', 'ours', 'ourselves', 'i', 'my', 'this paper', 'this work', 'this article',
           'this study', 'the present paper', 'the present work', 'the present study', 'here', 'in this paper',
           'in this work', 'in this article', 'our approach', 'our method', 'our system', 'our model'],
  'OTHER': ['they', 'their', 'them', 'theirs', 'he', 'she', 'his', 'her', 'the authors', 'these authors',
            'the author', 'others', 'other researchers', 'researchers', 'previous work', 'prior work',
            'previous studies', 'earlier work', 'previous approaches', 'previous research'],
  'SELFPREV': ['our previous', 'our earlier', 'our prior', 'we previously', 'i previously', 'previously reported',
               'our previous work', 'elsewhere', 'previously'],
  'USE': ['use', 'uses', 'used', 'using', 'usage', 'adopt*', 'employ*', 'apply', 'applies', 'applied', 'applying',
          'follow', 'follows', 'followed', 'following', 'utiliz*', 'utilis*', 'based on', 'implement*', 'borrow*',
          'taken from', 'obtained from', 'provided by', 'described in', 'trained on', 'trained with',
          'toolkit', 'tool', 'tools', 'software', 'package', 'corpus', 'data set', 'dataset', 'available',
          'according to', 'as in', 'as described', 'was used', 'is used', 'were used', 'are used', 'run', 'ran', 'computed', 'calculated', 'measured', 'annotated', 'tagged', 'parsed'],
  'SIMILAR': ['similar', 'similarly', 'similar to', 'consistent with', 'in line with', 'agree*', 'same as',
              'the same', 'like', 'as in', 'analogous', 'comparable', 'resembl*', 'also', 'likewise',
              'in accordance with', 'confirm*', 'corroborat*'],
  'CONTRAST': ['unlike', 'in contrast', 'contrast*', 'whereas', 'while', 'however', 'but', 'although', 'though',
               'differ*', 'different', 'as opposed to', 'instead', 'rather than', 'on the other hand',
               'outperform*', 'better than', 'worse than', 'higher than', 'lower than', 'superior', 'inferior',
               'improvement over', 'improves over', 'beats', 'fails', 'fail', 'not', 'only', 'despite',
               'unlike ours', 'do not', 'does not', 'cannot'],
  'COMPARE': ['compar*', 'versus', 'vs', 'relative to', 'against', 'than', 'results', 'result', 'accuracy',
              'precision', 'recall', 'f-score', 'f1', 'f-measure', 'score', 'scores', 'performance', 'perform*',
              'table', 'error', 'reported', 'report*', 'baseline', 'state-of-the-art', 'state of the art',
              'achiev*', 'obtain*', 'bleu', '%'],
  'EXTEND': ['extend*', 'extension*', 'extensi*', 'build on', 'builds on', 'built on', 'building on',
             'build upon', 'builds upon', 'built upon', 'modif*', 'adapt*', 'improve on', 'improve upon',
             'improves upon', 'improves on', 'generaliz*', 'generalis*', 'variant of', 'version of',
             'augment*', 'enhanc*', 'expand*', 'refin*', 'revis*', 'based quite closely', 'closely follow*',
             'inspired by', 'reimplement*', 'enrich*', 'further develop*'],
  'MOTIVATION': ['motivat*', 'inspir*', 'the idea', 'following the idea', 'important', 'importance', 'problem',
                 'problems', 'need', 'needs', 'needed', 'shown that', 'has shown', 'have shown', 'showed that',
                 'demonstrated', 'demonstrate*', 'evidence', 'suggest*', 'argue*', 'argued', 'crucial',
                 'essential', 'necessary', 'lack*', 'limitation*', 'challeng*', 'difficult*', 'promising',
                 'successful*', 'effective*', 'beneficial', 'benefit*', 'useful', 'helpful', 'known',
                 'it is known', 'observation', 'observed', 'indicat*', 'point out', 'points out', 'pointed out',
                 'claim*', 'noted', 'note that', 'found that', 'find that', 'attractive', 'advantage*'],
  'FUTURE': ['future work', 'in the future', 'future research', 'future', 'would be interesting',
             'it would be', 'plan to', 'intend to', 'hope to',
             'further research', 'further work', 'remains', 'remain', 'would like to',
             'left for', 'next step', 'will', 'could be', 'can be extended', 'investigate',
             'explore', 'might', 'ideally', 'perhaps', 'could', 'would', 'should'],
  'HEDGE': ['may', 'might', 'could', 'would', 'possibly', 'possible', 'perhaps', 'likely', 'seem*', 'appear*',
            'potentially', 'probably', 'presumably', 'can'],
  'BACKGROUND': ['for example', 'e.g', 'such as', 'see', 'for instance', 'cf', 'for a review', 'review', 'survey',
                 'overview', 'recent', 'recently', 'studies', 'approaches', 'has been', 'have been', 'many',
                 'several', 'various', 'a number of', 'widely', 'popular', 'common*', 'typically', 'traditional*',
                 'well-known', 'well known', 'among others', 'including', 'include', 'includes', 'early',
                 'proposed', 'introduced', 'developed', 'studied', 'investigated', 'addressed', 'work on',
                 'research on', 'literature', 'standard', 'most', 'some', 'other', 'related work'],
}
STOP_CAPS = {'the', 'in', 'as', 'see', 'following', 'unlike', 'like', 'our', 'we', 'this', 'these', 'recently',
             'also', 'however', 'for', 'both', 'then', 'thus', 'but', 'and', 'while', 'similarly', 'cf', 'by',
             'from', 'with', 'to', 'after', 'before', 'according', 'a', 'an', 'on', 'of', 'at', 'that', 'it',
             'since', 'although', 'e', 'g', 'i', 'using', 'unlike', 'following', 'recent', 'other',
             'previous', 'table', 'section', 'figure', 'if', 'when', 'here', 'most', 'many', 'some', 'such'}
PARTICLES = {'de', 'van', 'von', 'der', 'la', 'le', 'di', 'du', 'den', 'dos', 'da'}




def _entries():
    """(entry words, sorted classes), longest first, then by the words."""
    ent = {}
    for c, items in LEX.items():
        for p in items:
            ent.setdefault(tuple(p.split()), set()).add(c)
    return sorted(((k, sorted(v)) for k, v in ent.items()), key=lambda kv: (-len(kv[0]), kv[0]))


ENTRIES = _entries()
BY_FIRST = {}      # exact first word -> entries
PREFIX_FIRST = []  # entries whose first word is a prefix pattern
for _e in ENTRIES:
    (PREFIX_FIRST if _e[0][0].endswith('*') else BY_FIRST.setdefault(_e[0][0], [])).append(_e)

YEARS_ONLY = re.compile(r'^\(\s*[0-9]{4}[a-z]?(?:\s*[,;]\s*[0-9]{4}[a-z]?)*\s*\)$')
TOK_RE = re.compile(r"\x00[0-9]+\x00|[A-Za-z0-9_]+(?:[-'][A-Za-z0-9_]+)*\.?|[.,;:!?%&]")
CLAUSE_PUNCT = {',', ';', ':', '.', '!', '?'}
CLAUSE_WORDS = {'but', 'whereas', 'while', 'although'}


def _matches(pattern, token):
    return token.startswith(pattern[:-1]) if pattern.endswith('*') else token == pattern


def analyse(text):
    """-> (tokens with TCITE/PCITE, per token None or (classes, first token of the match), clause ids, citation indices, spans)"""
    spans = [m.span() for m in CITE_RE.finditer(text)]
    pieces, last, kinds, nrefs, egs = [], 0, [], [], []
    for k, (a, b) in enumerate(spans):
        pieces.append(text[last:a])
        pieces.append(' \x00%d\x00 ' % k)
        last = b
        s = text[a:b]
        textual = bool(YEARS_ONLY.match(s))
        kinds.append('TCITE' if textual else 'PCITE')
        nrefs.append(1 + s.count(';') + (s.count(',') if textual else 0))
        sl = s.lower()
        egs.append('e.g.' in sl or 'see ' in sl or 'cf.' in sl)
    pieces.append(text[last:])
    toks = []
    for t in TOK_RE.findall(''.join(pieces)):
        if t.startswith('\x00'):
            k = int(t.strip('\x00'))
            if kinds[k] == 'TCITE':  # absorb the author name before "( year )"
                n = 0
                while toks and n < 6:
                    p = toks[-1]
                    if isinstance(p, tuple):
                        break
                    pl = p.lower().rstrip('.')
                    name = 'A' <= p[:1] <= 'Z' and pl not in STOP_CAPS
                    if not (name or pl in ('et', 'al', 'and') or p in ('&', ',') or pl in PARTICLES):
                        break
                    toks.pop()
                    n += 1
            toks.append((kinds[k], k))
        else:
            toks.append(t)
    words = [t[0] if isinstance(t, tuple) else t if t in CLAUSE_PUNCT else t.lower().rstrip('.') for t in toks]
    words = [w for w in words if w != '']
    cite_idx = [i for i, w in enumerate(words) if w in ('TCITE', 'PCITE')]
    tags = [None] * len(words)
    i = 0
    while i < len(words):
        hit = None
        candidates = sorted(BY_FIRST.get(words[i], []) + [e for e in PREFIX_FIRST if words[i].startswith(e[0][0][:-1])],
                            key=lambda kv: -len(kv[0]))
        for pattern, classes in candidates:
            L = len(pattern)
            if i + L <= len(words) and all(_matches(pattern[j], words[i + j]) for j in range(L)):
                hit = (L, classes)
                break
        if hit:
            for j in range(hit[0]):
                tags[i + j] = (hit[1], j == 0)
            i += hit[0]
        else:
            i += 1
    clause, c = [], 0
    for w in words:
        if w in CLAUSE_PUNCT or w in CLAUSE_WORDS:
            c += 1
            clause.append(-1)
        else:
            clause.append(c)
    return words, tags, clause, cite_idx, dict(nrefs=nrefs, egs=egs)


def cue_features(text):
    """The names of the cue features that fire on a sentence (all binary)."""
    words, tags, clause, cite_idx, info = analyse(text)
    f = set()
    n = len(words)
    cite_clauses = {clause[i] for i in cite_idx}
    self_clauses = {clause[i] for i, t in enumerate(tags) if t and 'SELF' in t[0]}
    other_clauses = {clause[i] for i, t in enumerate(tags) if t and 'OTHER' in t[0]}
    other_clauses |= {clause[i] for i in cite_idx if words[i] == 'TCITE'}
    first_cite = cite_idx[0] if cite_idx else None
    for i, t in enumerate(tags):
        if not t or not t[1]:
            continue
        for C in t[0]:
            f.add('has:' + C)
            if cite_idx and min(abs(i - j) for j in cite_idx) <= NEAR:
                f.add('near:' + C)
            if clause[i] in cite_clauses and clause[i] >= 0:
                f.add('clause:' + C)
            if first_cite is not None:
                f.add(('pre:' if i < first_cite else 'post:') + C)
            if C != 'SELF' and clause[i] in self_clauses:
                f.add('self+' + C)
            if C != 'OTHER' and clause[i] in other_clauses:
                f.add('other+' + C)
    nr = sum(info['nrefs'])
    f.add('n=%s' % (str(nr) if nr < 3 else '3+'))
    if cite_idx:
        g = len(cite_idx)
        f.add('g=%s' % (str(g) if g < 3 else '3+'))
        if any(words[i] == 'TCITE' for i in cite_idx):
            f.add('textual')
        if any(words[i] == 'PCITE' for i in cite_idx):
            f.add('parenthetical')
        k0 = 1 if words and words[0].isdigit() else 0
        if len(words) > k0 and words[k0] == 'TCITE':
            f.add('subject')
        r = first_cite / max(1, n - 1)
        f.add('pos:' + ('start' if r < 0.2 else 'end' if r >= 0.8 else 'mid'))
        if all(w in CLAUSE_PUNCT for w in words[cite_idx[-1] + 1:]):
            f.add('cite_last')
        if any(info['egs']):
            f.add('eg_in_cite')
    if words and tags[0] and 'SELF' in tags[0][0]:
        f.add('startsWithSelf')
    f.add('len:' + ('s' if n < 15 else 'm' if n < 30 else 'l'))
    if any(t and 'SELFPREV' in t[0] for t in tags):
        f.add('self_cite')
    return f


def spec():
    """What the TypeScript featuriser needs besides its code: the lexicons and word lists."""
    return {'near': NEAR, 'lexicon': LEX, 'stopCaps': sorted(STOP_CAPS), 'particles': sorted(PARTICLES)}
