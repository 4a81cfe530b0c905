"""Reader mechanisms of issue 14, third round: acronyms parsed as names, ..."""
from __future__ import annotations

import pytest
from _reader_coded import coded


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


def _tr(out):
    return [(t["name"], t["date"], tuple(t["parties"])) for t in out["treaties"]]


def test_a_treaty_takes_the_year_of_the_clause_that_pledges_by_it():
    from amity.reader import extract

    out = extract("In 1998, under the Treaty of Riverbanks, Peru and Ecuador agreed to end their "
                  "border war.")
    assert _tr(out) == [("Treaty of Riverbanks", "1998", ("ECU", "PER"))]
    # the instrument's clause must be a commitment: a year attached elsewhere is not the treaty's
    out = extract("Under the Treaty of Riverbanks, Peru criticized Ecuador in 2005.")
    assert _tr(out)[0][1] is None


def test_an_opening_phrase_without_a_comma_keeps_both_subjects():
    """"On Monday Brazil and Argentina signed ..." was parsed with Brazil as a second object of
    "On": the pact and its event had Argentina alone (or Argentina acting on Brazil)."""
    from amity.reader import extract
    from amity.reader.nlp import parse

    doc, = parse(["On Monday Brazil and Argentina signed a defense pact."])
    assert [(t.text, t.dep_, t.head.text) for t in doc if t.text in ("Brazil", "Argentina")] == [
        ("Brazil", "nsubj", "signed"), ("Argentina", "conj", "Brazil")]
    for text in ("On Monday Brazil and Argentina signed a defense pact.",
                 "On Monday, Brazil and Argentina signed a defense pact."):
        out = extract(text, date="2013-03-06")
        assert _tr(out) == [("defense pact", "2013-03-04", ("ARG", "BRA"))]
        assert _ev(out) == [(None, None, ("ARG", "BRA"), "057", "2013-03-04")]
    # a one-state subject after the same phrase is left as it was parsed
    out = extract("On Monday Brazil criticized Argentina.", date="2013-03-06")
    assert _ev(out) == [("BRA", "ARG", (), "111", "2013-03-04")]


def test_the_two_states_reach_back_into_the_previous_paragraph():
    from amity.reader import extract

    text = ("Kenya and Tanzania quarrelled over Lake Victoria for a decade.\n\n"
            "In 2009 the two states signed a fisheries agreement.")
    out = extract(text)
    assert _tr(out) == [("fisheries agreement", "2009", ("KEN", "TZA"))]
    # two paragraphs back is too far
    text = ("Kenya and Tanzania quarrelled over Lake Victoria.\n\nThe lake is large.\n\n"
            "In 2009 the two states signed a fisheries agreement.")
    assert _tr(extract(text))[0][2] == ()


def test_the_treaty_renewed_is_the_treaty_read_before_and_its_parties_renew_it():
    from amity.reader import extract

    out = extract("In 2003 Chile and Argentina signed the Treaty of the Andes. "
                  "The treaty was renewed in 2013.")
    assert _tr(out) == [("Treaty of the Andes", "2003", ("ARG", "CHL"))]
    assert _ev(out) == [(None, None, ("ARG", "CHL"), "057", "2003"),
                        (None, None, ("ARG", "CHL"), "057", "2013")]
    assert out["events"][1]["treaty"] == "Treaty of the Andes"
    # a treaty named in its own passive sentence is the fact itself, not an event besides it
    out = extract("The Sino-Nepalese Treaty of the Peaks was signed in 1961.")
    assert _tr(out) == [("Sino-Nepalese Treaty of the Peaks", "1961", ("CHN", "NPL"))]
    assert _ev(out) == []


def test_the_country_stands_for_the_one_state_acting_before_it():
    from amity.reader import extract

    out = extract("Peru recalled its envoy from Bolivia on 2 June 2023. "
                  "The country also accused Bolivia of smuggling.")
    assert ("PER", "BOL", (), "112", "2023-06-02") in _ev(out)
    # "the country" with a name of its own is that name, not a back reference
    out = extract("Peru recalled its envoy from Bolivia on 2 June 2023. "
                  "The country of Chile accused Bolivia of smuggling.")
    assert not any(e[0] == "PER" and e[3] == "112" for e in _ev(out))


def test_an_act_warned_against_or_prevented_did_not_happen():
    from amity.reader import extract

    out = extract("Russia warned Sweden against joining NATO in 2022.")
    assert [(e[0], e[1], e[3]) for e in _ev(out)] == [("RUS", "SWE", "130")]


def test_the_act_rejected_may_be_the_last_one_of_the_previous_paragraph():
    from amity.reader import extract

    out = extract("Chile protested to Peru on 4 April 2023.\n\nLima rejected the protest.")
    assert [(e[0], e[1], e[3]) for e in _ev(out)] == [("CHL", "PER", "114"), ("PER", "CHL", "120")]


def test_phrasal_verbs_are_read_as_the_verb_they_mean(mirror, monkeypatch):
    from amity.reader import dictcode, petrarch
    from amity.reader.nlp import parse

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    vd = petrarch.phoenix().verbs
    doc, = parse(["The rebels handed over their rifles to the observers."])
    assert petrarch.match_verb(doc[2], vd).code == "0873"  # as SURRENDER * WEAPON
    doc, = parse(["The rebels handed their rifles to the observers."])
    assert petrarch.match_verb(doc[2], vd) is None  # without its particle, "hand" is no entry


def test_hyphenated_dictionary_names_match_split_tokens_and_an_undated_text_takes_the_office(
        mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    text = "Boutros Boutros-Ghali expressed condolences to Peru."
    assert [(e["source"], e["target"], e["cameo"]) for e in extract(text)["events"]] == [
        ("UN", "PER", "018")]
    assert [(e["source"], e["target"], e["cameo"]) for e in extract(text, date="1994-06-01")["events"]] == [
        ("UN", "PER", "018")]
    # out of office (his dated role ends in 1996) he is no longer the UN
    assert extract(text, date="2005-06-01")["events"] == []


def test_a_lexicon_verb_with_no_rule_for_its_object_carries_the_act_the_object_names(
        mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    out = extract("Spain announced a suspension of trade with Morocco on 2 May 2023.")
    assert [(e["source"], e["target"], e["cameo"]) for e in out["events"]] == [("ESP", "MAR", "160")]


def test_a_carrier_verb_takes_its_own_pattern_for_the_object_over_the_lexicon_default(
        mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    out = extract("Malian authorities imposed a curfew in Gao on 9 May 2023.")
    assert [(e["source"], e["cameo"]) for e in out["events"]] == [("MLI", "1723")]
    # the lexicon's default stands where the dictionary reads no object
    out = extract("Canada imposed sanctions on Iran on 9 May 2023.")
    assert [(e["source"], e["target"], e["cameo"]) for e in out["events"]] == [("CAN", "IRN", "163")]


_coded = coded


def test_a_meeting_is_coded_by_its_purpose_of_complaint(mirror, monkeypatch):
    from amity.reader import dictcode, petrarch

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    vd = petrarch.phoenix().verbs
    assert _coded(vd, "Chile summoned the Peruvian envoy to complain about the raids.") == [
        ("110", "complain")]
    # a purpose that is no complaint leaves the meeting as it is
    assert _coded(vd, "Chile summoned the Peruvian envoy to discuss the raids.")[0] == ("040", "summoned")


def test_an_attribution_is_no_object_of_the_verb(mirror, monkeypatch):
    from amity.reader import dictcode, petrarch
    from amity.reader.nlp import parse

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    vd = petrarch.phoenix().verbs
    doc, = parse(["The junta ruled the country, according to a report."])
    post = petrarch._clause_tokens(doc[2], after=True)
    assert "report" not in {t.text for t in post} and "country" in {t.text for t in post}


def test_a_pattern_that_marks_the_subject_as_target_takes_the_source_after_the_verb(mirror):
    from amity.reader import outside, petrarch
    from amity.reader.nlp import parse

    d = outside.unit_dictionaries(mirror / "petrarch-unittests")

    def code(text):
        doc, = parse([text])
        return sorted((e["source"], e["target"], e["code"]) for e in petrarch.code_doc(doc, d, "2020-01-01"))

    # "- + * MONEY $ [071]" (RECEIVE) and "- + * FROM $ [066]" (FREE) in the suite's verb dictionary
    assert code("Gondor received money from Arnor on Tuesday.") == [("ARN", "GON", "071")]
    assert code("Gondor's envoys were freed from Arnor on Tuesday.") == [("ARN", "GON", "066")]


def test_conjoined_doers_of_a_cooperative_act_with_no_one_else_named_act_on_each_other(mirror):
    from amity.reader import outside, petrarch
    from amity.reader.nlp import parse

    d = outside.unit_dictionaries(mirror / "petrarch-unittests")
    doc, = parse(["Arnor and Gondor have renewed diplomatic ties after a long break."])
    got = sorted((e["source"], e["target"], e["code"]) for e in petrarch.code_doc(doc, d, "2020-01-01"))
    assert got == [("ARN", "GON", "064"), ("GON", "ARN", "064")]
    doc, = parse(["Arnor and Gondor agree that the dispute should go to arbitration."])
    got = sorted((e["source"], e["target"], e["code"]) for e in petrarch.code_doc(doc, d, "2020-01-01"))
    assert got == [("ARN", "GON", "030"), ("GON", "ARN", "030")]
    # a hostile act is not read as mutual
    doc, = parse(["Arnor and Gondor have condemned the massacre."])
    assert petrarch.code_doc(doc, d, "2020-01-01") == []


def test_an_act_as_subject_is_no_doer_and_keeps_its_own_event(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    out = extract("Iraq's invasion of Kuwait in 1990 pushed Saudi Arabia toward the United States.")
    assert _ev(out) == [("IRQ", "KWT", (), "190", "1990")]
    # a body named with an of-phrase is a doer ("the government of Peru")
    out = extract("The government of Peru condemned Chile on 3 March 2023.")
    assert _ev(out) == [("PER", "CHL", (), "111", "2023-03-03")]


def test_it_after_a_conjoined_clause_is_that_clause_s_subject_actor_or_not():
    from amity.reader import extract

    text = ("Chile protested to Peru on 4 April 2023. "
            "The junta expelled the Chilean envoy, and it ordered Chilean troops to leave.")
    assert [(e[0], e[1], e[3]) for e in _ev(extract(text))] == [("CHL", "PER", "114")]
    text = "Peru protested on 4 April 2023, and it expelled the Chilean envoy."
    assert ("PER", "CHL") in [(e[0], e[1]) for e in _ev(extract(text))]
