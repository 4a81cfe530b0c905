"""PETRARCH2 dictionary parser and matcher (amity.reader.petrarch), on hand-written snippets."""
from __future__ import annotations

import pytest

from amity.reader import petrarch as P

VERBS = """
# a small verb dictionary written for this test
&PACT
+TREATY
+ACCORD
+PEACE_PLAN

--- BLAST   [---]  ---
BLAST {BLASTS BLASTED}
DENOUNCE
- * (AT +)                                 [111]    # blast at
- * &PACT                                  [125]    # blast a treaty
- + * (WITH CANNON)                        [195]
- * PLAN                                   [---]

--- SHAKE_HANDS   [040]  ---
+SHAKE_HANDS
WAVE [0212]
- * (WITH +) {PEACE TALKS}                 [046:046]
"""

ACTORS = """
ZEMBLA_  [ZEM]
+ZEMBLAN
KOLCHIA [KOL]
OLD_KING_CHARLES
  [ZEMGOV 500101-991231]
  [ZEMELI]
"""

AGENTS = """
!OFFICIAL! = MINISTER, MINISTRY
REBEL {REBELS} [~REB]
FOREIGN_!OFFICIAL! [~GOV]
"""


@pytest.fixture(scope="module")
def vd():
    return P.parse_verbs(VERBS, "test.verbs")


def test_synsets_blocks_and_patterns(vd):
    assert vd.synsets["&PACT"] == ("TREATY", "ACCORD", "PEACE PLAN")
    assert [b[0] for b in vd.blocks] == ["BLAST", "SHAKE_HANDS"]
    assert vd.blocks[0][1] is None and vd.blocks[1][1] == "040"
    pats = vd.blocks[0][2]
    assert len(pats) == 4
    assert pats[0].pre == () and pats[0].post == (("pp", "AT", (("tgt",),)),) and pats[0].code == "111"
    assert pats[1].post == (("syn", "&PACT"),) and pats[1].code == "125"
    assert pats[2].pre == (("tgt",),) and pats[2].post == (("pp", "WITH", (("word", "CANNON"),)),)
    assert pats[3].code is None  # "[---]": a pattern that blocks, codes nothing
    paired = vd.blocks[1][2][0]
    assert (paired.code, paired.rcode) == ("046", "046")
    assert paired.post[1] == ("phrase", (("word", "PEACE"), ("word", "TALKS")))


def test_verb_lines_forms_multiword_and_own_codes(vd):
    assert vd.verbs["blast"] == [((), None, 0)]
    assert vd.verbs["blasted"] == [((), None, 0)]  # an irregular form listed in braces
    assert vd.verbs["denounce"] == [((), None, 0)]
    assert vd.verbs["shake"] == [(("HANDS",), None, 1)]  # "+SHAKE_HANDS": the verb and its word
    assert vd.verbs["wave"] == [((), "0212", 1)]


def test_malformed_lines_name_file_and_line():
    with pytest.raises(P.DictionaryError, match=r"bad.verbs, line 3: unclosed"):
        P.parse_verbs("--- X [010] ---\nX\n- * (AT + [111]\n", "bad.verbs")
    with pytest.raises(P.DictionaryError, match=r"line 3: pattern without '\*'"):
        P.parse_verbs("--- X [010] ---\nX\n- FOO [111]\n", "bad.verbs")
    lenient = P.parse_verbs("--- X [010] ---\nX\n- FOO [111]\n- * BAR [112]\n", "bad.verbs", strict=False)
    assert len(lenient.blocks[0][2]) == 1 and "line 3" in lenient.skipped[0]


def test_actor_and_agent_dictionaries():
    ad = P.parse_actors(ACTORS, "test.actors")
    zem = ad.index["ZEMBLA"][0]
    assert zem[0] == ("ZEMBLA",) and zem[1] == (True,) and zem[2] == (("ZEM", "0000", "9999"),)
    assert ad.index["ZEMB"][0][0] == ("ZEMBLAN",)  # a stem: "Zemblans" will match
    king = ad.index["OLD"][0]
    assert king[2] == (("ZEMGOV", "1950-01-01", "1999-12-31"), ("ZEMELI", "0000", "9999"))
    assert P._codes_at(king[2], "1960-05-01") == "ZEMGOV"
    assert P._codes_at(king[2], "2005-01-01") == "ZEMELI"
    ag = P.parse_agents(AGENTS, "test.agents")
    assert {w for v in ag.index.values() for w, _, _ in v} == {
        ("REBEL",), ("REBELS",), ("FOREIGN", "MINISTER"), ("FOREIGN", "MINISTRY")}
    assert P.sector_of("LBNGOV") == "GOV" and P.sector_of("IGOUNO") == "IGO" and P.sector_of("SYR") is None


@pytest.fixture(scope="module")
def nlp():
    from amity.reader.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def dicts(vd):
    return P.Dictionaries(vd, P.parse_actors(ACTORS), P.parse_agents(AGENTS))


def _code(nlp, dicts, text):
    doc = nlp(text)
    return [(e["source"], e["target"], e["code"]) for e in P.code_doc(doc, dicts, "2020-01-01")]


def test_patterns_on_the_parse(nlp, dicts):
    # a preposition frame holding the target
    assert _code(nlp, dicts, "Zembla blasted at Kolchia on Monday.") == [("ZEM", "KOL", "111")]
    # a synonym-set object, as a stem of the set's word ("accords")
    assert _code(nlp, dicts, "Zembla denounced the accords with Kolchia.") == [("ZEM", "KOL", "125")]
    # a blocking pattern: no event
    assert _code(nlp, dicts, "Zembla blasted the plan of Kolchia.") == []
    # a paired code gives the event both ways
    assert sorted(_code(nlp, dicts, "Zembla shook hands with Kolchia in peace talks.")) == [
        ("KOL", "ZEM", "046"), ("ZEM", "KOL", "046")]


def test_agents_fold_into_their_country(nlp, dicts):
    doc = nlp("Kolchia rebels denounced the treaty with Zembla.")
    codes = [a.code for a in P.find_actors(doc, dicts)]
    assert codes == ["KOLREB", "ZEM"]
    assert _code(nlp, dicts, "The Zemblan foreign ministry denounced the treaty with Kolchia.") == [
        ("ZEMGOV", "KOL", "125")]


def test_compiled_cache_is_keyed_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("AMITY_CACHE", str(tmp_path / "c"))
    v, a, g = tmp_path / "v.txt", tmp_path / "a.txt", tmp_path / "g.txt"
    v.write_text(VERBS)
    a.write_text(ACTORS)
    g.write_text(AGENTS)
    d1 = P.load(v, [a], g)
    assert len(list((tmp_path / "c" / "amity" / "petrarch").glob("*.pickle"))) == 3
    v.write_text(VERBS.replace("[111]", "[112]"))
    d2 = P.load(v, [a], g)
    assert d1.verbs.blocks[0][2][0].code == "111" and d2.verbs.blocks[0][2][0].code == "112"
    with pytest.raises(FileNotFoundError, match="dictionary file not found"):
        P.load(tmp_path / "missing.txt", [a], g)


def test_phoenix_dictionaries_from_the_mirror(mirror, monkeypatch):
    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    P.phoenix.cache_clear()
    d = P.phoenix()
    # CAMEO 2.0: SIGN has its treaty pattern, coded both ways
    sign = d.verbs.blocks[d.verbs.verbs["sign"][0][2]]
    assert any(p.code == "057" and p.rcode == "057" and p.post == (("syn", "&TREATY"),) for p in sign[2])
    assert ("UNITED", "NATIONS") in {w for w, _, _ in d.actors.index.get("UNITED", ())}


@pytest.mark.slow
def test_outside_yardsticks_run(mirror, monkeypatch):
    from amity.reader import outside as O

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    recs = O.unit_records(mirror / "petrarch-unittests" / "PETR.UnitTest.records.xml")
    assert len(recs) == 284
    assert recs[0]["gold"] == [("ARN", "GON", "064")] and recs[0]["date"] == "1995-01-01"
    ex = O.cameo_examples(mirror)
    assert all(r["text"] and r["code"] for r in ex)


def test_extract_adds_actor_words_sectors_and_event_span(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    P.phoenix.cache_clear()
    text = "On 14 March 2023 the Lebanese government condemned Syrian rebels for shelling villages."
    ev = extract(text)["events"]
    assert len(ev) == 1
    e = ev[0]
    assert (e["source"], e["target"], e["cameo"]) == ("LBN", "SYR", "111")
    assert (e["source_text"], e["source_sector"]) == ("Lebanese", "GOV")
    assert (e["target_text"], e["target_sector"]) == ("Syrian", "REB")
    assert e["event_text"] == "condemned" and text[slice(*e["event_span"])] == "condemned"
    assert e["span"] == [0, len(text)]  # the sentence span is kept


def test_dictionary_fallback_codes_a_verb_the_lexicon_lacks(mirror, monkeypatch):
    from amity.reader import dictcode, extract
    from amity.reader import lexicon as L

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    assert "detain" not in L.LEXICON
    ev = extract("Turkish police detained three Greek diplomats in Ankara on Monday.",
                 date="2023-05-02")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["source_sector"]) for e in ev] == [
        ("TUR", "GRC", "173", "COP")]


def test_actor_dates_in_both_formats():
    ad = P.parse_actors("SMEAGOL\n  [HOB < 950601]\n  [HOBGOV 19950601 - 19990815]\n", "t.actors")
    codes = ad.index["SMEA"][0][2]
    assert codes == (("HOB", "0000", "1995-06-01"), ("HOBGOV", "1995-06-01", "1999-08-15"))
    assert P._codes_at(codes, "1995-11-01") == "HOBGOV"
    assert P._codes_at(codes, "1990-01-01") == "HOB"


def test_intentions_are_coded_in_root_03(nlp):
    assert [P.intent_of(c) for c in ("042", "057", "061", "071", "0874", "110")] == [
        "036", "032", "0311", "0331", "0356", "110"]
    # yielding intended is 035x, political reform 034x, mediation 039 (the manual's families)
    assert [P.intent_of(c) for c in ("080", "0841", "085", "0832", "083", "045")] == [
        "035", "0353", "0354", "0342", "034", "039"]
    # a hostile act intended is a threat ("plans to impose restrictions", "is prepared to attack")
    assert [P.intent_of(c) for c in ("190", "1721", "163")] == ["1384", "1321", "1312"]
    doc = nlp("Zembla agreed to send food to Kolchia.")
    send = next(t for t in doc if t.lemma_ == "send")
    agree = next(t for t in doc if t.lemma_ == "agree")
    assert P.intended(send) and P.governed_intent(agree)
    assert not P.intended(agree)
    # a that-clause with "should" or a future under an intent verb is intended too
    doc = nlp("Zembla and Kolchia agreed that their countries should send food to Ithilen.")
    send = next(t for t in doc if t.lemma_ == "send")
    assert P.intended(send) and P.governed_intent(next(t for t in doc if t.lemma_ == "agree"))
    doc = nlp("Zembla agreed that Kolchia sent food to Ithilen.")
    assert not P.intended(next(t for t in doc if t.lemma_ == "send"))


REQ_VERBS = """
# verbs written for the request/demand/refusal test
--- RELEASE   [084]  ---
RELEASE
FREE

--- SEND   [070]  ---
SEND
- * FOOD                                   [073]

--- URGE   [020]  ---
URGE

--- SAY   [010]  ---
SAY

--- REFUSE   [120]  ---
REFUSE
"""


def test_requests_demands_and_refusals_carry_the_governed_act(nlp):
    # the CAMEO manual's families: appeal / demand / refusal of the same act
    assert [P.request_of(k, "084") for k in ("02", "10", "12")] == ["0253", "1053", "1243"]
    assert [P.request_of(k, "073") for k in ("02", "10", "12")] == ["0233", "1033", "1223"]
    assert [P.request_of(k, "042") for k in ("02", "10", "12")] == ["026", "106", "125"]
    assert [P.request_of(k, None) for k in ("02", "10", "12")] == ["020", "100", "120"]
    assert P.request_of("10", "0871") == "1056"
    d = P.Dictionaries(P.parse_verbs(REQ_VERBS, "req.verbs"), P.parse_actors(ACTORS),
                       P.parse_agents(AGENTS))
    # one event, at the governing verb, with the governed act's category
    assert _code(nlp, d, "Zembla urged Kolchia to free the detained sailors.") == [("ZEM", "KOL", "0253")]
    assert _code(nlp, d, "Zembla said that Kolchia must free the detained sailors.") == [
        ("ZEM", "KOL", "1053")]
    refused = _code(nlp, d, "Zembla refused to send food to Kolchia.")
    assert [c for _, _, c in refused] == ["1223"] and refused[0][0] == "ZEM"
    # a plain act is unchanged, and saying without "must" does not make a demand
    assert _code(nlp, d, "Zembla sent food to Kolchia.") == [("ZEM", "KOL", "073")]
    assert _code(nlp, d, "Zembla said that Kolchia freed the detained sailors.") == [
        ("ZEM", "KOL", "010")]


def test_a_light_verb_with_a_protest_noun_is_a_protest(nlp):
    doc = nlp("Zemblan farmers staged mass demonstrations and later began a hunger strike; "
              "the dockers went on strike.")
    codes = {t.lower_: P.protest_code(t) for t in doc if t.pos_ in ("VERB", "AUX")}
    assert codes["staged"] == "141" and codes["began"] == "142" and codes["went"] == "143"
    # a light verb with another object, and a protest noun under another verb, are not protests
    doc = nlp("Zembla held talks with Kolchia and condemned the strike.")
    assert [P.protest_code(t) for t in doc if t.pos_ == "VERB"] == [None, None]
    d = P.Dictionaries(P.parse_verbs(REQ_VERBS + "\n--- STAGE   [010]  ---\nSTAGE\n", "req.verbs"),
                       P.parse_actors(ACTORS), P.parse_agents(AGENTS))
    assert _code(nlp, d, "Zembla staged a demonstration against Kolchia.") == [("ZEM", "KOL", "141")]


def test_outside_sets_have_a_fixed_dev_test_split(mirror):
    import hashlib

    from amity.reader import outside as O

    # the own gold set's rule: the sha1 of the text, odd first byte -> test
    for text in ("Zembla sent food to Kolchia.", "Kolchia condemned Zembla."):
        odd = hashlib.sha1(text.encode("utf-8")).digest()[0] % 2
        assert O.half(text) == ("test" if odd else "dev")
    ex = O.cameo_examples(mirror)
    n_test = sum(O.half(r["text"]) == "test" for r in ex)
    assert "’" in " ".join(r["text"] for r in ex)  # cp1252 with UTF-8 read as Mac Roman, undone
    assert not any("NEED EXAMPLE" in r["text"] for r in ex)
    assert (len(ex), n_test) == (276, 137)


NOMINAL_VERBS = """
# verbs written for the nominal-event test
--- ISSUE   [010]  ---
ISSUE
ANNOUNCE
- * ATTACK                                 [111]
- * ULTIMATUM                              [139]

--- INVADE   [192]  ---
INVADE

--- WITHDRAW   [---]  ---
WITHDRAW
- * TROOPS                                 [0874]

--- HALT   [---]  ---
HALT

--- BOOST   [060]  ---
BOOST
- * MILITARY                               [154]
- * COOPERATION                            [050]
"""


def test_equal_weight_patterns_prefer_the_words_nearest_the_verb_in_the_parse(nlp):
    d = P.Dictionaries(P.parse_verbs(NOMINAL_VERBS, "nom.verbs"), P.parse_actors(ACTORS),
                       P.parse_agents(AGENTS))
    # both ULTIMATUM and ATTACK match below "issued"; the object right after the verb decides
    doc = nlp("Zembla issued an ultimatum to Kolchia to halt attacks.")
    issued = next(t for t in doc if t.lower_ == "issued")
    assert P.match_verb(issued, d.verbs).code == "139"
    doc = nlp("Zembla issued an attack on Kolchia and an ultimatum.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "issued"), d.verbs).code == "111"
    # the object's head, not its modifier, though the modifier comes first
    doc = nlp("Zembla boosted military cooperation with Kolchia.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "boosted"), d.verbs).code == "050"


def test_event_nouns_are_read_as_their_verbs(nlp):
    vd = P.parse_verbs(NOMINAL_VERBS, "nom.verbs")
    assert P.noun_verbs("invasion", vd) == ["invade"]
    assert P.noun_verbs("withdrawal", vd) == ["withdraw"]
    assert P.noun_verbs("issue", vd) == ["issue"]
    assert P.noun_verbs("nation", vd) == [] and P.noun_verbs("treaty", vd) == []
    doc = nlp("Zembla announced the withdrawal of its troops from Kolchia.")
    ann = next(t for t in doc if t.lower_ == "announced")
    # the verb's own pattern says nothing about the object: the noun's act, with its own words
    assert P.carried_code(ann, vd, P.match_verb(ann, vd)).code == "0874"
    doc = nlp("Zembla announced the withdrawal of its ambassador.")
    ann = next(t for t in doc if t.lower_ == "announced")
    assert P.carried_code(ann, vd, P.match_verb(ann, vd)) is None  # WITHDRAW's default is [---]
    d = P.Dictionaries(vd, P.parse_actors(ACTORS), P.parse_agents(AGENTS))
    assert _code(nlp, d, "Zembla announced the withdrawal of its troops from Kolchia.") == [
        ("ZEM", "KOL", "0874")]


COND_VERBS = """
# verbs written for the conditional-threat and frame tests
--- WITHDRAW   [---]  ---
WITHDRAW
- * TROOPS                                 [0874]

--- SANCTION   [163]  ---
SANCTION

--- ANNOUNCE   [010]  ---
ANNOUNCE

--- AGREE   [050]  ---
AGREE

--- UNDERTAKE   [---]  ---
CARRY_OUT

--- IMPOSE   [170]  ---
IMPOSE

--- BLOCKADE   [191]  ---
BLOCKADE

--- CAPTURE   [---]  ---
TAKE {TOOK TAKEN TAKES}
- * VILLAGE                                [192]

--- WELCOME   [050]  ---
WELCOME
- * (TO)                                   [043]

--- HEAD   [---]  ---
HEAD
ORDER
- * TO                                     [030]
"""


def test_conditional_acts_are_threats(nlp):
    assert [P.threat_of(c) for c in ("163", "191", "190", "164", "0874", "1312")] == [
        "1312", "1381", "1384", "134", "130", "1312"]
    d = P.Dictionaries(P.parse_verbs(COND_VERBS, "cond.verbs"), P.parse_actors(ACTORS),
                       P.parse_agents(AGENTS))
    # "unless": any act; the announcement of it is not a second event
    assert _code(nlp, d, "Zembla announced that it will withdraw its troops from Kolchia unless "
                         "Kolchia ends the blockade.") == [("ZEM", "KOL", "130")]
    # "if" with a future or modal: hostile acts only
    assert _code(nlp, d, "Zembla will sanction Kolchia if Kolchia closes the border.") == [
        ("ZEM", "KOL", "1312")]
    assert _code(nlp, d, "Zembla sanctioned Kolchia after Kolchia closed the border.") == [
        ("ZEM", "KOL", "163")]
    # a yielding act under "if" is no threat: stated for the future, it is the intention to
    # de-escalate (0356); done, it is the act
    assert _code(nlp, d, "Zembla will withdraw its troops from Kolchia if Kolchia asks.") == [
        ("ZEM", "KOL", "0356")]
    assert _code(nlp, d, "Zembla withdrew its troops from Kolchia after Kolchia asked.") == [
        ("ZEM", "KOL", "0874")]


def test_an_infinitive_to_is_no_preposition_frame(nlp):
    vd = P.parse_verbs(COND_VERBS, "cond.verbs")
    doc = nlp("Zembla welcomed Kolchia's efforts to improve its record.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "welcomed"), vd).code == "050"
    doc = nlp("Zembla welcomed the delegation to Kolchia.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "welcomed"), vd).code == "043"
    # nor is a bare TO word
    doc = nlp("Zembla ordered civilians to leave Kolchia.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "ordered"), vd) is None
    doc = nlp("Zembla headed to Kolchia.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "headed"), vd).code == "030"


def test_an_intention_carried_by_its_complements_noun(nlp):
    # "agreed to undertake joint military exercises": the complement's verb has no code of
    # its own, its object noun does (062), and the agreement is the intention of it (0312)
    doc = nlp("Zembla and Kolchia agreed to undertake joint exercises this month.")
    und = next(t for t in doc if t.lower_ == "undertake")
    vd = P.parse_verbs(COND_VERBS, "cond.verbs")
    assert P.match_verb(und, vd) is None
    assert P.carried_code(und, vd, None).code == "062" and P.intended(und)
    assert P.intent_of("062") == "0312"


def test_a_verb_done_again_and_carriers_of_an_act_noun(nlp):
    vd = P.parse_verbs(COND_VERBS, "cond.verbs")
    # "retook" is not listed: "re" + a listed verb is the act done again
    doc = nlp("Zemblan forces retook the village.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "retook"), vd).code == "192"
    doc = nlp("Zembla reimposed the blockade of Kolchia.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "reimposed"), vd).code == "170"
    # impose has no pattern for a blockade: the object noun's act decides
    imp = next(t for t in doc if t.lower_ == "reimposed")
    assert P.carried_code(imp, vd, P.match_verb(imp, vd)).code == "191"
    doc = nlp("Zemblan forces engaged in a blockade of the port.")
    eng = next(t for t in doc if t.lower_ == "engaged")
    assert P.carried_code(eng, vd, P.match_verb(eng, vd)).code == "191"


def test_carry_carries_an_act_only_as_carry_out(nlp):
    vd = P.parse_verbs(COND_VERBS, "cond.verbs")
    doc = nlp("Zemblan forces carried out a blockade of the port.")
    carried = next(t for t in doc if t.lower_ == "carried")
    assert P.carried_code(carried, vd, P.match_verb(carried, vd)).code == "191"
    doc = nlp("A ship carrying a blockade of supplies sank.")
    carrying = next(t for t in doc if t.lower_ == "carrying")
    assert P.carried_code(carrying, vd, P.match_verb(carrying, vd)) is None


FUTURE_VERBS = """
# verbs written for the stated-future, refusal and attribution tests
--- SEND   [070]  ---
SEND
- * FOOD                                   [073]

--- SAY   [010]  ---
SAY
- * FOOD                                   [0233]

--- REFUSE   [---]  ---
REJECT
DENY
- * REPORT                                 [016]

--- SANCTION   [163]  ---
SANCTION

--- ACCORD   [060]  ---
ACCORD
"""


def _future_dicts(futures: bool = True):
    d = P.Dictionaries(P.parse_verbs(FUTURE_VERBS, "future.verbs"), P.parse_actors(ACTORS),
                       P.parse_agents(AGENTS))
    d.futures_as_intent = futures
    return d


def test_a_stated_future_is_an_intention_or_a_threat(nlp):
    d = _future_dicts()
    # "X will Y, Z said": the intention (033x), not the act; the saying verb is no second event
    assert _code(nlp, d, "Zembla will send food to Kolchia, a Zemblan official said.") == [
        ("ZEM", "KOL", "0333")]
    # a that-clause under a verb of saying, even where the saying verb has a pattern of its own
    assert _code(nlp, d, "Zembla said that it will send food to Kolchia.") == [("ZEM", "KOL", "0333")]
    # a hostile act stated for the future is a threat
    assert _code(nlp, d, "Zembla said it would sanction Kolchia.") == [("ZEM", "KOL", "1312")]
    # done acts, negated futures and futures nobody states stay as they are
    assert _code(nlp, d, "Zembla sent food to Kolchia, a Zemblan official said.") == [
        ("ZEM", "KOL", "073")]
    assert _code(nlp, d, "Zembla said it will not sanction Kolchia.") != [("ZEM", "KOL", "1312")]
    # "will" is a statement of future action with no speaker named; "would" is not (conditional)
    assert _code(nlp, d, "Zembla will send food to Kolchia.") == [("ZEM", "KOL", "0333")]
    assert _code(nlp, d, "Zembla would send food to Kolchia.") == [("ZEM", "KOL", "073")]
    # PETRARCH2's engine (the unit-test suite's convention) codes the act
    assert _code(nlp, _future_dicts(False), "Zembla will send food to Kolchia, a Zemblan "
                                            "official said.") == [("ZEM", "KOL", "073")]


def test_a_rejection_of_a_named_thing_is_root_12(nlp):
    d = _future_dicts()
    # the REFUSE block codes nothing of its own: with an object and no pattern, CAMEO's 120
    assert _code(nlp, d, "Zembla rejected the peace plan of Kolchia.") == [("ZEM", "KOL", "120")]
    # a pattern still decides ("denied the report" is 016), and a bare verb is no event
    assert _code(nlp, d, "Zembla denied the report of Kolchia.") == [("ZEM", "KOL", "016")]
    doc = nlp("Zembla rejected it.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "rejected"), d.verbs) is None


def test_according_to_names_a_source_not_an_act(nlp):
    d = _future_dicts()
    doc = nlp("Zembla sent food to Kolchia, according to Kolchia.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "according"), d.verbs) is None
    assert _code(nlp, d, "Zembla sent food to Kolchia, according to Kolchia.") == [
        ("ZEM", "KOL", "073")]


FRAME_VERBS = """
# verbs written for the own-clause frame and extend tests
--- ATTACK   [190]  ---
ATTACK
- * (WITH KNIVES)                          [180]

--- EXTEND   [---]  ---
EXTEND

--- IMPOSE   [170]  ---
IMPOSE
"""


def test_a_preposition_frame_is_read_in_the_verbs_own_clause(nlp):
    vd = P.parse_verbs(FRAME_VERBS, "frame.verbs")
    doc = nlp("Zemblan soldiers attacked the village with knives.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "attacked"), vd).code == "180"
    # the "with" belongs to "armed", a clause of its own below the object
    doc = nlp("Zemblan soldiers attacked the people armed with knives.")
    assert P.match_verb(next(t for t in doc if t.lower_ == "attacked"), vd).code == "190"


def test_extend_carries_its_objects_act(nlp):
    vd = P.parse_verbs(FRAME_VERBS, "frame.verbs")
    doc = nlp("The government extended the curfew in the capital.")
    ext = next(t for t in doc if t.lower_ == "extended")
    assert P.match_verb(ext, vd) is None
    assert P.carried_code(ext, vd, None).code == "1723"


ROOT_VERBS = """
# verbs written for the appeal/demand root test
--- URGE   [020]  ---
URGE
DEMAND
- * SUPPORT                                [022]
- * ELECTIONS                              [1041]
"""


def test_appeals_and_demands_keep_their_verbs_root(nlp):
    vd = P.parse_verbs(ROOT_VERBS, "root.verbs")
    code = lambda text, w: P.verb_match(next(t for t in nlp(text) if t.lower_ == w), vd).code  # noqa: E731
    # the pattern's family, the English verb's root: demand 10x, urge 02x
    assert code("Zembla demanded support from Kolchia.", "demanded") == "102"
    assert code("Zembla urged Kolchia to give support.", "urged") != "1041"
    assert code("Zembla urged new elections in Kolchia.", "urged") == "0241"
    assert code("Zembla demanded new elections in Kolchia.", "demanded") == "1041"


def test_a_blockade_imposed_is_191(nlp):
    vd = P.parse_verbs(FRAME_VERBS, "frame.verbs")
    doc = nlp("Zembla reimposed blockades on the coast.")
    imp = next(t for t in doc if t.lower_ == "reimposed")
    assert P.carried_code(imp, vd, P.match_verb(imp, vd)).code == "191"


STOP_VERBS = """
# a codeless CANCEL block, as in CAMEO 2.0
---  CANCEL   [---]  ---
HALT
SUSPEND
- * MEETING                                [040]

---  ANNOUNCE   [010]  ---
ANNOUNCE

---  LIFT   [---]  ---
LIFT
RISE

---  AGREE   [050]  ---
AGREE
"""


def test_stopping_an_act_is_coded_by_what_stops(nlp):
    vd = P.parse_verbs(STOP_VERBS, "stop.verbs")

    def stop(text):
        doc = nlp(text)
        verb = next(t for t in doc if t.lemma_ in ("halt", "suspend"))
        return P.stopped_code(verb, vd, P.match_verb(verb, vd))
    # a hostile act stopped is yielding, a cooperative one stopped reduces relations
    assert stop("Zembla halted its offensive.") == "087"
    assert stop("Zembla lifted nothing but suspended the curfew.") == "0813"
    assert stop("Zembla suspended the sanctions.") == "085"
    assert stop("Zembla suspended the talks.") == "164"
    # a thing that is no act: a relation reduced only where "with" names the other side
    assert stop("Zembla suspended air links with Kolchia.") == "160"
    assert stop("Zembla suspended parts of the constitution.") is None
    # the block's own pattern still decides
    assert stop("Zembla suspended the meeting.") is None
    # the noun of stopping: "announced a suspension of air links with Kolchia"
    doc = nlp("Zembla announced a suspension of air links with Kolchia.")
    noun = next(t for t in doc if t.lower_ == "suspension")
    assert P._code_of(P.noun_code(noun, vd)) == "160"
    assert P.stops("halt", vd) and not P.stops("announce", vd)
    # "lift" ends what it lifts (its block also lists "rise", which stops nothing)
    assert P.stops("lift", vd) and not P.stops("rise", vd)
    # agreeing to lift sanctions is the intention to ease them, coded at the complement
    doc = nlp("Zembla agreed to lift the sanctions.")
    agree, lift = (next(t for t in doc if t.lemma_ == w) for w in ("agree", "lift"))
    assert P.verb_match(agree, vd) is None
    assert P._code_of(P.verb_match(lift, vd)) == "0354"


ACCEDE_VERBS = """
---  ACCEPT   [---]  ---
ACCEPT
- * PLAN                                   [030]

---  MEET_PEOPLE   [040]  ---
MEET

---  RELEASE   [084]  ---
RELEASE
- * PRISONERS                              [0841]
"""


def test_acceding_to_a_demand_is_yielding(nlp):
    vd = P.parse_verbs(ACCEDE_VERBS, "accede.verbs")

    def code(text, lemma):
        doc = nlp(text)
        return P._code_of(P.verb_match(next(t for t in doc if t.lemma_ == lemma), vd))
    # the demanded act's yielding code; a demand that names no yielding act is 080
    assert code("Zembla met the demands to release the prisoners.", "meet") == "0841"
    assert code("Zembla accepted demands that it initiate political reforms.", "accept") == "083"
    assert code("Zembla accepted the demands of Kolchia.", "accept") == "080"
    # negated: the refusal to yield (124x)
    assert code("Zembla did not meet the demands to release the prisoners.", "meet") == "1243"
    # the verb's own pattern or code for other objects stays
    assert code("Zembla accepted the plan.", "accept") == "030"
    assert code("Zembla met Kolchia.", "meet") == "040"


SAYNOUN_VERBS = """
---  ISSUE   [010]  ---
ISSUE
- * &WEAPON                                [072]

---  COOPERATE   [060]  ---
COOPERATE

&WEAPON
+WEAPONS
"""


def test_a_must_clause_of_a_noun_of_saying_is_a_demand(nlp):
    vd = P.parse_verbs(SAYNOUN_VERBS, "saynoun.verbs")
    doc = nlp("Zembla issued a stern reminder to Kolchia that it must cooperate with the "
              "inspectors searching for weapons.")
    issue, coop = (next(t for t in doc if t.lemma_ == w) for w in ("issue", "cooperate"))
    # the demand of the clause's act (cooperation 060 demanded: 101), not ISSUE * &WEAPON
    assert P._code_of(P.verb_match(issue, vd)) == "101"
    assert P.verb_match(coop, vd) is None  # coded at the governing verb
    # without "must" the noun's clause is no demand
    doc = nlp("Zembla issued a reminder to Kolchia that it cooperated.")
    assert P._code_of(P.verb_match(next(t for t in doc if t.lemma_ == "issue"), vd)) != "101"


RECODE_VERBS = """
# verbs written for the manual-recode test (codes as CAMEO 2.0 ships them)
--- SUE   [173]  ---
SUE
- * (FOR)                                  [173]

--- EVACUATE   [---]  ---
EVACUATE [070]

--- APPREHEND   [171]  ---
TAKE {TAKES TAKING TOOK TAKEN}
"""


def test_manual_recodes_idioms_and_participle_modifiers(nlp):
    vd = P.parse_verbs(RECODE_VERBS, "recode.verbs")
    doc = nlp("A Zemblan firm sued Kolchia for damages and evacuated its staff.")
    sue = next(t for t in doc if t.lemma_ == "sue")
    evac = next(t for t in doc if t.lemma_ == "evacuate")
    # as the dictionary ships: an arrest (173) and aid (070)
    assert (P.match_verb(sue, vd).code, P.match_verb(evac, vd).code) == ("173", "070")
    # the CAMEO manual's codes over it: a lawsuit (115), the pattern's code too; evacuating is no act
    vd.recode = P.MANUAL_RECODE
    assert P.match_verb(sue, vd).code == "115" and P.match_verb(sue, vd).pattern is not None
    assert P.match_verb(evac, vd) is None
    # a light-verb idiom names no act; a participle before its noun modifies it
    doc = nlp("Zembla has taken steps to calm the taking party, and took the town.")
    taken, taking, took = (t for t in doc if t.lemma_ == "take")
    assert P.match_verb(taken, vd) is None and P.match_verb(taking, vd) is None
    assert P.match_verb(took, vd).code == "171"


def test_the_reader_codes_intentions_appeals_and_subjects_through_adjectives(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()

    def ev(text):
        return [(e["source"], e["target"], e["cameo"]) for e in extract(text, date="2023-05-02")["events"]]

    # a stated future act of a lexicon verb is an intention (CAMEO root 03), a hostile one a threat
    # food aid is humanitarian aid (sixth pass: aid coded by what is given): 0333, not 033
    assert ev("Japan will provide food aid to Nepal.") == [("JPN", "NPL", "0333")]
    assert ev("Japan provided food aid to Nepal.") == [("JPN", "NPL", "073")]
    # "is prepared to": the subject is found through the adjective; intending sanctions threatens
    assert ev("Chile is prepared to impose sanctions on Peru.") == [("CHL", "PER", "1312")]
    # a verb of asking the lexicon lacks is an appeal (root 02), not dropped as a statement
    assert [c[:2] for s, t, c in ev("Peru requested an urgent meeting with Chile.")] == ["02"]


def test_a_plain_saying_verb_yields_to_the_act_it_reports(nlp):
    d = _future_dicts()
    # SAY * FOOD reads a word of the that-clause; the clause's own act is the event
    doc = nlp("Zembla said that Kolchia sent food to Ithilen.")
    say = next(t for t in doc if t.lemma_ == "say")
    assert P.match_verb(say, d.verbs).code == "0233"
    assert P.verb_match(say, d.verbs) is None
    assert P.verb_match(next(t for t in doc if t.lemma_ == "send"), d.verbs).code == "073"
    # with no coded act in the clause the saying verb keeps its pattern
    doc = nlp("Zembla said that the food was late.")
    assert P.verb_match(next(t for t in doc if t.lemma_ == "say"), d.verbs).code == "0233"


def test_the_reader_takes_the_coders_reading_of_a_lexicon_verbs_object(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()

    def ev(text):
        return [(e["source"], e["target"], e["parties"], e["cameo"])
                for e in extract(text, date="2023-08-01")["events"]]

    # a hunger strike is a protest (142), one event, not also an air strike (195)
    assert ev("Bolivian miners began a hunger strike.") == [("BOL", None, [], "142")]
    assert ev("Russia began a strike on Ukraine.") == [("RUS", "UKR", [], "195")]
    # meeting demands is yielding (08), refusing to is 12x; meeting a state is still a meeting
    assert ev("Chile met the demands of Peru.") == [("CHL", "PER", [], "080")]
    assert [c[:2] for *_, c in ev("Chile said it would not meet the demands of Peru.")] == ["12"]
    assert ev("Chile met Peru in Lima.") == [(None, None, ["CHL", "PER"], "040")]


def test_the_reader_keeps_specific_statements_and_drops_announcing_verbs_patterns(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()

    def ev(text):
        return [(e["source"], e["target"], e["cameo"], e["event_text"])
                for e in extract(text, date="2023-08-01")["events"]]

    # a root-01 code from a pattern is a specific statement (denial 016, responsibility 015)
    assert ev("Chile denied charges by Peru that it had armed rebels.") == [("CHL", "PER", "016", "denied")]
    assert ev("Chile claimed responsibility for the attacks on Peru.") == [("CHL", "PER", "015", "claimed")]
    # "announced that it would ban all aid": the act announced is the event, not ANNOUNCE * AID
    assert [t for *_, t in ev("Chile announced that it would ban all aid to Peru.")] == ["ban"]


def test_joint_exercises_are_military_cooperation_and_one_sides_a_show_of_force(nlp):
    def ex(text):
        doc = nlp(text)
        return P.exercise_code(next(t for t in doc if t.dep_ == "ROOT"))

    assert ex("Zembla and Kolchia held naval drills.") == "062"        # conjoined doers
    assert ex("Zembla held joint exercises near Kolchia.") == "062"    # "joint"
    assert ex("Zembla held exercises with Kolchia.") == "062"          # "with"
    assert ex("Zemblan warships launched war games near Kolchia.") == "150"
    assert ex("Zembla sent food to Kolchia.") is None


def test_the_reader_codes_exercises_by_who_holds_them():
    from amity.reader import extract

    def ev(text):
        return [(e["source"], e["target"], e["parties"], e["cameo"])
                for e in extract(text, date="2023-08-01")["events"]]

    assert ev("China and Russia held joint naval exercises in 2023.") == [(None, None, ["CHN", "RUS"], "062")]
    assert ev("Russia held military drills near Ukraine.") == [("RUS", "UKR", [], "150")]


def test_names_the_phoenix_dictionary_codes_as_an_organization_are_that_organization(mirror, monkeypatch):
    from amity.reader import actors as A
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()
    # most specific first: the IAEA is coded under the UN; a UN agency is not the UN itself
    assert [A._igo_id(c) for c in ("IGOUNO", "IGOUNOIAE", "IGOUNOKID", "IGOWAFBUSWAS", "IGOLAM")] == [
        "UN", "IAEA", None, "ECOWAS", None]
    ev = extract("Kofi Annan condemned Israel.", date="2000-08-01")["events"]
    assert [(e["source"], e["target"], e["source_sector"]) for e in ev] == [("UN", "ISR", "IGO")]


def test_denied_and_alleged_acts_are_not_events_and_a_refusal_is_not_negated(mirror, monkeypatch):
    from amity.reader import dictcode, extract

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    dictcode.dictionaries.cache_clear()

    def ev(text):
        return [(e["source"], e["target"], e["cameo"], e["negated"], e["event_text"])
                for e in extract(text, date="2023-08-01")["events"]]

    # the shelling is only charged and denied: the denial is the one event
    assert ev("Ukraine denied charges by Russia that it had shelled Belgorod.") == [
        ("UKR", "RUS", "016", False, "denied")]
    assert [t for *_, t in ev("Ukraine rejected claims that it shelled Belgorod.")] == ["rejected"]
    assert ev("Russia shelled Kharkiv, Ukraine said.") == [("RUS", "UKR", "194", False, "shelled")]
    # "would not meet the demands of the junta": a refusal (12x), not a negated act, and "the
    # demands of" someone are not the last act read
    got = ev("Ukraine denied the charges. The United States said it would not meet the demands of the junta.")
    assert got[-1][:2] == ("USA", None) and got[-1][2][:2] == "12" and got[-1][3] is False
