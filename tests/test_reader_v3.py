"""Reader mechanisms of issue 14, third round: acronyms parsed as names, ..."""
from __future__ import annotations

import pytest


def _ev(out):
    return [(e["source"], e["target"], tuple(e["parties"]), e["cameo"], e["date"]) for e in out["events"]]


def test_acronyms_are_parsed_as_names_and_keep_their_spelling():
    from amity.reader.nlp import parse

    doc, plain = parse(["ECOWAS imposed sanctions on Niger on 30 July 2023.", "Niger protested."])
    assert [t.text for t in doc][:3] == ["ECOWAS", "imposed", "sanctions"]
    assert doc.text == "ECOWAS imposed sanctions on Niger on 30 July 2023."
    assert (doc[0].dep_, doc[0].pos_, doc[0].lemma_) == ("nsubj", "PROPN", "ECOWAS")
    assert doc[1].dep_ == "ROOT"
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["30 July 2023"]
    # a function word in capitals stays as it is ("WHO" is not read as "Who")
    from amity.reader.nlp import _for_parser
    assert _for_parser("WHO warned of a new wave.") is None
    assert plain.text == "Niger protested."


def test_an_igo_acronym_is_the_source_of_its_act(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    out = extract("ECOWAS imposed sanctions on Niger on 30 July 2023.")
    assert _ev(out) == [("ECOWAS", "NER", (), "163", "2023-07-30")]
    assert out["events"][0]["source_text"] == "ECOWAS"
