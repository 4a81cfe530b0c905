"""Reader v2 mechanisms (issue 14): nominal events, the object an act word points back to,
verb idioms that name no act, agentless passives, domestic events, reported speech."""
from __future__ import annotations

import json

import pytest


@pytest.fixture()
def lex(monkeypatch):
    """The reader on its own lexicon (no PETRARCH2 dictionaries), model loaded once."""
    from amity.reader import dictcode, extract
    from amity.reader.nlp import load_nlp

    monkeypatch.setenv("AMITY_READER_DICTIONARIES", "0")
    dictcode.dictionaries.cache_clear()
    load_nlp()
    yield extract
    dictcode.dictionaries.cache_clear()


def _ev(out):
    return [(e["source"], e["target"], tuple(e["parties"]), e["cameo"], e["date"]) for e in out["events"]]


def test_nominal_events_take_their_sides_from_the_noun_phrase(lex):
    # possessor / adjective as the doer, "of" as the receiver, the sentence's date
    assert _ev(lex("Russia's invasion of Ukraine in 2022 drew wide condemnation.")) == [
        ("RUS", "UKR", (), "190", "2022")]
    assert _ev(lex("The Russian invasion of Ukraine began on 24 February 2022.")) == [
        ("RUS", "UKR", (), "190", "2022-02-24")]
    # joint nouns: "between", "by", compounds
    assert _ev(lex("Talks between India and Pakistan took place on 3 May 2023.")) == [
        (None, None, ("IND", "PAK"), "040", "2023-05-03")]
    assert _ev(lex("The signing of the treaty by China and Russia took place in 2001.")) == [
        (None, None, ("CHN", "RUS"), "057", "2001")]
    # "the visit of X to Y": "of" is the visitor when a destination is named
    assert _ev(lex("The visit of Xi to Moscow in March 2023 was his first since the war.")) == [
        ("CHN", "RUS", (), "042", "2023-03")]
    # an act noun heading a passive: its modifier is the doer, one event (at the verb)
    out = lex("US sanctions on Iran were tightened in 2019.")
    assert [(e["source"], e["target"], e["cameo"], e["event_text"]) for e in out["events"]] == [
        ("USA", "IRN", "163", "tightened")]
    out = lex("US sanctions on Iran hurt its economy in 2019.")
    assert [(e["source"], e["target"], e["cameo"], e["event_text"]) for e in out["events"]] == [
        ("USA", "IRN", "163", "sanctions")]


def test_nominal_events_need_both_sides_and_a_done_act(lex):
    # only one side named, or an act asked for / possible: no event
    assert lex("The invasion of Ukraine began on 24 February 2022.")["events"] == []
    assert lex("Western governments called for sanctions on Russia.")["events"] == []
    assert lex("A possible summit between China and India is months away.")["events"] == []
    # the verb already codes its object noun: one event, not two
    ev = _ev(lex("The United States imposed sanctions on Russia in March 2022."))
    assert ev == [("USA", "RUS", (), "163", "2022-03")]


def test_an_act_word_points_back_to_the_last_act_of_its_kind(lex):
    text = ("Russia invaded Ukraine in February 2022. The United States imposed sanctions on Russia "
            "in March 2022. China did not condemn the invasion.")
    last = lex(text)["events"][-1]
    # the invasion's doer, not the doer of the last act read (the United States)
    assert (last["source"], last["target"], last["cameo"], last["negated"]) == ("CHN", "RUS", "111", True)
    text = text.replace("did not condemn the invasion", "criticized the sanctions")
    last = lex(text)["events"][-1]
    assert (last["source"], last["target"]) == ("CHN", "USA")


def test_verb_idioms_name_no_act(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    out = extract("The talks took place in Geneva on 3 May 2023 and Iran took part.")
    assert [e["cameo"] for e in out["events"]] == []


def test_agentless_passives_name_the_receiver_only(lex):
    out = lex("Ukraine was invaded on 24 February 2022. Sanctions were imposed on Iran in 2012.")
    assert [(e["source"], e["target"], e["cameo"], e["agentless"]) for e in out["events"]] == [
        (None, "UKR", "190", True), (None, "IRN", "163", True)]
    # with an agent it is an ordinary event
    e = lex("Ukraine was invaded by Russia on 24 February 2022.")["events"][0]
    assert (e["source"], e["target"], e["agentless"]) == ("RUS", "UKR", False)
    # a subject that only contains actors, or a cooperative act, gives no receiver
    assert lex("The 2001 treaty between China and Russia was not directed against third "
               "countries.")["events"] == []
    assert lex("The Shanghai Cooperation Organisation was founded in 2001.")["events"] == []


def test_suspended_or_expelled_from_names_the_doer(lex):
    assert _ev(lex("Russia was suspended from the G8 in 2014.")) == [("G7", "RUS", (), "160", "2014")]
    ev = lex("Three Greek diplomats were expelled from Turkey on 4 May 2023.")["events"]
    assert [(e["source"], e["target"], e["cameo"][:2]) for e in ev] == [("TUR", "GRC", "16")]


def test_agentless_events_are_not_stored_as_relations():
    from amity.reader.merge import rows_from

    ev = {"source": None, "target": "IRN", "parties": [], "date": "2012", "cameo": "163",
          "plover": "SANCTION", "goldstein": -8.0, "negated": False, "hedged": False,
          "agentless": True, "span": [0, 10], "text": "x"}
    rows, skipped = rows_from({"events": [ev], "treaties": []}, "abc")
    assert rows == [] and skipped["agentless"] == 1


def test_domestic_events_keep_both_sides_with_their_sectors(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    e = extract("The Lebanese government condemned Lebanese rebels on 3 May 2023.")["events"]
    assert [(x["source"], x["target"], x["source_sector"], x["target_sector"],
             x["source_text"], x["target_text"]) for x in e] == [
        ("LBN", "LBN", "GOV", "REB", "Lebanese", "Lebanese")]
    e = extract("Israeli police arrested Israeli protesters in Tel Aviv on 1 March 2023.")["events"]
    assert [(x["source"], x["target"], x["source_sector"], x["target_sector"]) for x in e] == [
        ("ISR", "ISR", "COP", "OPP")]
    # one mention, or two with no sector for the receiver, is no domestic event
    e = extract("Russia condemned Russia's critics on 2 May 2023.")["events"]
    assert [x["target"] for x in e] == [None]


def test_reported_speech_is_the_reported_act_attributed_to_its_speaker(lex):
    def rep(text):
        return [(e["source"], e["target"], e["cameo"][:2], e["reported"], e["reported_by"],
                 e["reported_by_text"]) for e in lex(text)["events"]]

    # the act inside the speech is the event; the speaker is who it is attributed to
    assert rep("Russia shelled Ukrainian towns on 4 May 2023, Ukrainian officials said.") == [
        ("RUS", "UKR", "19", True, "UKR", "Ukrainian officials")]
    assert rep("According to the Kremlin, Ukraine attacked Belgorod on 4 May 2023.")[0][3:] == (
        True, "RUS", "the Kremlin")
    # a speaker the reader cannot name as an actor keeps its words
    assert rep("The State Department said that Russia had shelled Ukrainian towns on 4 May 2023.") == [
        ("RUS", "UKR", "19", True, None, "The State Department")]
    assert rep("Russia shelled Ukrainian towns on 4 May 2023.") == [
        ("RUS", "UKR", "19", False, None, None)]


# -- bad input: a 50 MB file, HTML with no article ----------------------------------------

class _Counting:
    """A binary stream of ``size`` bytes of news text that counts what was read from it."""

    def __init__(self, size: int):
        self.left, self.read_bytes = size, 0

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        self.read_bytes += n
        return (b"Russia met China on Monday. " * (n // 28 + 1))[:n]


def test_a_50_mb_input_is_refused_while_streaming_with_the_limit_named(tmp_path, capsys):
    from amity.cli import main
    from amity.errors import InputError
    from amity.reader import inputs

    # standard input: refused after reading just past the limit, not the whole 50 MB
    s = _Counting(50 * 1024 * 1024)
    with pytest.raises(InputError) as ei:
        inputs.read_document("-", stdin=s)
    assert f"limit of {inputs.MAX_BYTES:,} bytes" in str(ei.value)
    assert s.read_bytes <= inputs.MAX_BYTES + (1 << 16)
    # a 50 MB file through the CLI: a clear message naming file and limit, non-zero exit
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        chunk = b"Russia met China on Monday. " * 37450  # ~1 MB
        for _ in range(50):
            fh.write(chunk)
    assert big.stat().st_size > 50_000_000
    with pytest.raises(SystemExit) as ei:
        main(["extract", str(big), "--json"])
    assert ei.value.code != 0
    err = capsys.readouterr().err
    assert str(big) in err and "limit of 5,000,000 bytes" in err and "Traceback" not in err


def test_html_with_no_article(tmp_path, capsys, lex):
    from amity.cli import main

    # only furniture and scripts: refused by name
    bare = tmp_path / "login.html"
    bare.write_text("<html><head><title>Log in</title><script>var a=1;</script></head>"
                    "<body><form><input name=q><button>Go</button></form></body></html>")
    with pytest.raises(SystemExit) as ei:
        main(["extract", str(bare), "--json"])
    assert ei.value.code != 0
    err = capsys.readouterr().err
    assert "login.html" in err and "no article text" in err and "Traceback" not in err
    # a menu page: read, and nothing is coded from it
    menu = tmp_path / "menu.html"
    menu.write_text("<html><body><nav>Home | World | Sport</nav><div>Home | World | Sport</div>"
                    "<footer>Copyright 2023</footer></body></html>")
    with pytest.raises(SystemExit) as ei:
        main(["extract", str(menu), "--json"])
    assert ei.value.code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["events"] == [] and out["treaties"] == []


def test_coordinated_objects_of_different_acts_are_one_event_each(lex):
    ev = lex("North Korea sent troops and ammunition to Russia in 2024.")["events"]
    assert sorted((e["source"], e["target"], e["cameo"], e["plover"]) for e in ev) == [
        ("PRK", "RUS", "072", "AID"), ("PRK", "RUS", "154", "MOBILIZE")]
    # objects of one kind stay one event
    ev = lex("Iran sent drones and missiles to Russia in 2023.")["events"]
    assert [(e["source"], e["target"], e["cameo"]) for e in ev] == [("IRN", "RUS", "072")]


def test_a_conditional_act_is_read_as_a_threat(lex):
    ev = lex("The United States will impose sanctions on Iran unless Iran stops enriching "
             "uranium, officials said on 3 May 2023.")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["plover"]) for e in ev] == [
        ("USA", "IRN", "1312", "THREATEN")]
    ev = lex("The United States imposed sanctions on Iran on 3 May 2023.")["events"]
    assert [e["cameo"] for e in ev] == ["163"]


def test_a_carrier_verb_takes_its_object_nouns_act(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    ev = extract("Peru issued an ultimatum to Ecuador on 4 May 2023.")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["event_text"]) for e in ev] == [
        ("PER", "ECU", "139", "issued")]


def test_said_that_x_must_is_a_demand_by_the_speaker(lex):
    ev = lex("Russia said on 15 October 2023 that Ukraine must withdraw its troops from Kursk.")["events"]
    assert [(e["source"], e["target"], e["cameo"][:2], e["plover"]) for e in ev] == [
        ("RUS", "UKR", "10", "REQUEST")]  # PLOVER files CAMEO demands under REQUEST
    # without "must" the reported act is the event
    ev = lex("Russia said on 15 October 2023 that Ukraine withdrew its troops from Kursk.")["events"]
    assert [(e["source"], e["cameo"][:2], e["reported_by"]) for e in ev] == [("UKR", "08", "RUS")]


def test_a_verb_is_no_sector_agent(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    # "mediated" once matched the agent MEDIA (a stem) and gave Qatar the sector MED
    ev = extract("Qatar mediated talks between Israel and Iran in November 2023.")["events"]
    assert ev and all(e["source_sector"] is None for e in ev)


def test_named_non_state_actors_are_their_country_with_a_sector(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    ev = extract("The Taliban detained two British citizens in Kabul in February 2023.")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["source_sector"], e["source_text"]) for e in ev] == [
        ("AFG", "GBR", "173", "REB", "Taliban")]
    ev = extract("Israel declared war on Hamas on 8 October 2023.")["events"]
    assert [(e["source"], e["target"], e["target_sector"]) for e in ev] == [("ISR", "PSE", "REB")]
    # a bare agent with no name is still no actor
    assert extract("Rebels detained two British citizens in February 2023.")["events"] == []


def test_missiles_fired_at_a_state_are_an_attack_on_it(lex):
    # aimed at: the "at" phrase is the target (not a place), and the act is 195, not a show of force
    assert _ev(lex("Syria fired rockets at Turkish positions on 3 May 2023.")) == [
        ("SYR", "TUR", (), "195", "2023-05-03")]
    # no target: a show of force
    assert [e["cameo"] for e in lex("North Korea fired two missiles on 3 May 2023.")["events"]] == ["150"]
    # a declaration of war opens hostilities
    assert _ev(lex("Syria declared war on Turkey on 3 May 2023.")) == [("SYR", "TUR", (), "190", "2023-05-03")]


def test_a_date_of_a_coordinated_clause_is_not_the_first_clauses(lex):
    out = lex("On 2 March 2023 Chile sanctioned Peru. Brazil condemned Peru, and on 9 March, Chile "
              "met Brazil.")
    assert _ev(out) == [("CHL", "PER", (), "163", "2023-03-02"), ("BRA", "PER", (), "111", "2023-03-02"),
                        (None, None, ("BRA", "CHL"), "040", "2023-03-09")]


def _tr(out):
    return [(t["name"], t["date"], t["parties"]) for t in out["treaties"]]


def test_a_treaty_is_dated_by_the_clause_that_says_what_it_did(lex):
    out = lex("In 1842, Britain and Qing China signed the Treaty of Nanking, the first treaty "
              "between the two empires. In 1858 the Treaty of Tientsin opened more ports, and two "
              "years later the Convention of Peking gave Britain Kowloon.")
    # the opening adverbial and the relative date of each clause; the appositive is the same
    # treaty; a treaty that names one party of the pair before it (or none) is between that pair
    assert _tr(out) == [("Treaty of Nanking", "1842", ["CHN-QING", "GBR"]),
                        ("Treaty of Tientsin", "1858", ["CHN-QING", "GBR"]),
                        ("Convention of Peking", "1860", ["CHN-QING", "GBR"])]


def test_a_dissolved_party_is_its_successor_in_a_later_treatys_year(lex):
    out = lex("In 1985 the Soviet Union and Mongolia were allies. Later the two countries signed "
              "border agreements (1990 and 1995).")
    assert _tr(out) == [("1990 border agreement", "1990", ["MNG", "SUN"]),
                        ("1995 border agreement", "1995", ["MNG", "RUS"])]


def test_the_same_act_on_two_dates_is_two_events_and_a_relative_which_is_its_noun(lex):
    out = lex("Modi met Putin in Delhi in June 2021, and the two leaders held talks in Moscow in "
              "July 2024.")
    assert _ev(out) == [(None, None, ("IND", "RUS"), "040", "2021-06"),
                        (None, None, ("IND", "RUS"), "040", "2024-07")]
    out = lex("In 1996 India and Russia signed the Treaty of Friendship, which they renewed in 2016.")
    assert [(e["parties"], e["cameo"], e["date"]) for e in out["events"]] == [
        (["IND", "RUS"], "057", "1996"), (["IND", "RUS"], "057", "2016")]


def test_places_are_targets_and_the_words_of_each_side_are_the_events_own(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    out = extract("On 9 May 2023 Israel condemned Hamas and began air strikes on Gaza.")
    got = [(e["source"], e["target"], e["cameo"], e["source_text"], e["target_text"]) for e in out["events"]]
    # Gaza stands for PSE as a target; the strikes' receiver is named by "Gaza", not by "Hamas"
    assert ("ISR", "PSE", "195", "Israel", "Gaza") in got
    assert ("ISR", "PSE", "111", "Israel", "Hamas") in got
    out = extract("On 9 May 2023 Hamas fighters raided Israel from the Gaza Strip, killing two soldiers.")
    # a raid is directed (the dictionary's 190 is joint only where its pattern is paired, as
    # "clashed with"); a place is never the doer's words
    assert ("PSE", "ISR", "190", "Hamas fighters") in [
        (e["source"], e["target"], e["cameo"], e["source_text"]) for e in out["events"]]
    assert all(e["source_text"] != "Gaza Strip" for e in out["events"])


def test_promised_aid_is_the_intention_to_give_it(lex):
    assert [e["cameo"] for e in lex("On 3 May 2023 Japan promised military aid to the Philippines.")["events"]] == ["0332"]
    assert [e["cameo"] for e in lex("On 3 May 2023 Japan pledged food aid to Sudan.")["events"]] == ["033"]



def test_cities_of_the_phoenix_country_dictionary_are_places(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    # "Tel Aviv" is listed under ISR in Phoenix.Countries: a visit there is a visit to Israel
    ev = extract("On 18 October 2023 US President Joe Biden visited Tel Aviv.")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["target_text"]) for e in ev] == [
        ("USA", "ISR", "042", "Tel Aviv")]
    # a place is never the doer
    ev = extract("On 18 October 2023 Tel Aviv condemned Iran.")["events"]
    assert [e["source"] for e in ev if e["source"] == "ISR"] == []


def test_without_the_dictionaries_a_city_they_list_is_no_place(lex):
    ev = lex("On 18 October 2023 US President Joe Biden visited Tel Aviv.")["events"]
    assert [e["target"] for e in ev if e["target"] == "ISR"] == []


def test_a_state_the_parser_mislabels_is_read_by_the_phoenix_country_dictionary(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    # the small spaCy model labels "Niger" here PERSON, so the registry was never asked
    ev = extract("Nigeria cut electricity supplies to Niger on 1 August 2023.")["events"]
    assert [(e["source"], e["target"], e["target_text"]) for e in ev] == [("NGA", "NER", "Niger")]
    ev = extract("On 30 July 2023 the United States imposed sanctions on Niger.")["events"]
    assert [(e["source"], e["target"], e["cameo"]) for e in ev] == [("USA", "NER", "163")]


def test_a_country_adjective_of_the_phoenix_dictionary_names_the_state(env_mirror):
    from amity.reader import dictcode, extract

    dictcode.dictionaries.cache_clear()
    # "Ghanaian" and "Nigerian" are not in Amity's own table; Phoenix codes them GHA, NGAMIL
    ev = extract("Ghanaian officials condemned Togo.")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["source_text"]) for e in ev] == [
        ("GHA", "TGO", "111", "Ghanaian")]
    ev = extract("On 2 August 2023 Nigerian troops entered Niger.")["events"]
    assert [(e["source"], e["source_sector"], e["target"]) for e in ev] == [("NGA", "MIL", "NER")]


def test_a_people_in_the_plural_is_its_state(env_mirror):
    from amity.reader import dictcode, extract
    from amity.reader import petrarch as P
    from amity.reader.nlp import load_nlp

    dictcode.dictionaries.cache_clear()
    # Phoenix lists LIBERIAN_ (exact); the plural noun ends the phrase
    doc = load_nlp()("Ghanaian authorities have deported 168 Liberians.")
    assert [(doc[a.start:a.end].text, a.code) for a in P.find_actors(doc, P.phoenix(), "2000-01-01")] == [
        ("Ghanaian", "GHA"), ("Liberians", "LBR")]
    ev = extract("Ghanaian authorities have deported 168 Liberians.")["events"]
    assert [(e["source"], e["target"], e["cameo"], e["target_text"]) for e in ev] == [
        ("GHA", "LBR", "174", "Liberians")]


def test_intergovernmental_organizations_are_actors(monkeypatch):
    from amity import actors
    from amity.reader import extract

    # registry organizations with no member list; a seat city still names its state
    assert actors.resolve("the Arab League").id == "LAS" and actors.resolve("ECOWAS").kind == "organization"
    assert actors.resolve("Washington").id == "USA"
    ev = extract("The African Union condemned Israel in 2021.", date="2023-08-01")["events"]
    assert [(e["source"], e["target"], e["date"]) for e in ev] == [("AU", "ISR", "2021")]
