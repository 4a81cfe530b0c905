"""Coalitions: senders with bloc expansion and evidence, notable non-senders, blocs, CLI."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from amity.app.coalition import coalition
from amity.errors import InputError, UnknownActorError
from amity.measures.coalitions import (
    alliance_blocs,
    alliance_communities,
    cluster_blocs,
    non_senders,
    notable_states,
    sanction_senders,
)


def _cases():
    return pd.DataFrame({
        "case_id": [1, 2, 3, 4],
        "target_names": ["Russia", "Russia", "Russia", "Iran"],
        "sender_names": ["United States", "EU", "Western countries", "United States"],
        "begin": [2014, 2014, 2020, 2014], "end": [2022, 2022, 2022, 2022],
        "trade": [1, 0, 0, 1], "arms": [0, 1, 0, 0], "military": [0, 0, 0, 0],
        "financial": [1, 1, 0, 0], "travel": [0, 1, 0, 0], "other": [0, 0, 1, 0],
        "objective": ["territorial_conflict"] * 4,
        "senders": [["USA"], ["EU"], [], ["USA"]], "targets": [["RUS"], ["RUS"], ["RUS"], ["IRN"]],
    })


def _parties():
    return pd.DataFrame({
        "case_id": [1, 1, 2, 2, 3, 3, 4, 4],
        "role": ["sender", "target"] * 4,
        "name": ["United States", "Russia", "EU", "Russia", "Western countries", "Russia",
                 "United States", "Iran"],
        "actor": ["USA", "RUS", "EU", "RUS", None, "RUS", "USA", "IRN"],
        "status": ["state", "state", "bloc", "state", "unresolved", "state", "state", "state"],
    })


def _members(bloc, year):
    return {"EU": ["DEU", "FRA"]}.get(bloc, [])


def test_sanction_senders_gsdb_and_facts():
    facts = [
        {"id": "f1", "source_actor": "JPN", "target_actor": "RUS", "via_bloc": None,
         "date": "2022-02-26", "prov_ref": "curated: MOFA statement", "ref_url": "https://x"},
        {"id": "f2", "source_actor": "FRA", "target_actor": "RUS", "via_bloc": "EU",
         "date": "2022-02-25", "prov_ref": "curated: Council decision", "ref_url": None},
        {"id": "f3", "source_actor": "CHN", "target_actor": "USA", "via_bloc": None,
         "date": "2022", "prov_ref": "x", "ref_url": None},
        {"id": "f4", "source_actor": "IND", "target_actor": "RUS", "via_bloc": None,
         "date": "2022-03", "prov_ref": "India does not join", "ref_url": None, "negated": True},
    ]
    r = sanction_senders(["RUS"], 2022, cases=_cases(), parties=_parties(), facts=facts,
                         bloc_members=_members)
    by = {s["id"]: s for s in r["senders"]}
    assert set(by) == {"USA", "DEU", "FRA", "JPN"}
    assert by["USA"]["direct"] and by["USA"]["evidence"] == ["gsdb:1"]
    assert by["DEU"]["via"] == ["EU"] and not by["DEU"]["direct"]
    assert by["FRA"]["via"] == ["EU"] and set(by["FRA"]["evidence"]) == {"gsdb:2", "fact:f2"}
    assert by["JPN"]["direct"] and by["JPN"]["evidence"] == ["fact:f1"]
    assert r["blocs"][0]["id"] == "EU" and r["blocs"][0]["members"] == ["DEU", "FRA"]
    assert r["unresolved"] == [{"name": "Western countries", "case_id": 3}]
    refs = {e["ref"] for e in r["evidence"]}
    assert refs == {"gsdb:1", "gsdb:2", "gsdb:3", "fact:f1", "fact:f2", "fact:f4"}  # not f3/case 4
    assert r["declined"] == [{"id": "IND", "evidence": ["fact:f4"]}]     # not a sender
    # 2013: no case active yet
    r13 = sanction_senders(["RUS"], 2013, cases=_cases(), parties=_parties(), facts=[])
    assert r13["senders"] == [] and r13["evidence"] == []


def test_notables_and_non_senders():
    cinc = pd.DataFrame({"ccode": [710, 2, 750, 365, 740], "year": [2016] * 5,
                         "cinc": [0.2, 0.14, 0.08, 0.04, 0.03]})
    ids = {710: "CHN", 2: "USA", 750: "IND", 365: "RUS", 740: "JPN"}
    n = notable_states(2022, cinc=cinc, majors=["USA", "CHN", "RUS"],
                       groups={"BRICS": ["BRA", "CHN", "IND", "RUS", "ZAF"]}, top=3,
                       cow_to_id=lambda c, y: ids[c])
    assert set(n) == {"USA", "CHN", "RUS", "IND", "BRA", "ZAF"}   # JPN is 5th by CINC
    assert "CINC rank 3 in 2016" in n["IND"]["why"] and "BRICS member" in n["IND"]["why"]
    ab = non_senders(n, senders=["USA", "DEU"], target_ids=["RUS", "SUN"])
    assert [a["id"] for a in ab] == ["CHN", "IND", "BRA", "ZAF"]
    ab = non_senders(n, senders=["USA"], target_ids=["RUS"],
                     declined=[{"id": "TUR", "evidence": ["fact:t"]}])
    assert ab[0]["id"] == "TUR" and ab[0]["declined"] and ab[0]["evidence"] == ["fact:t"]


def test_cluster_blocs_hand_built():
    labels = ["A", "B", "C", "D", "E"]
    agree = np.array([[1, .9, .85, .1, .2], [.9, 1, .8, .15, .1], [.85, .8, 1, .2, .1],
                      [.1, .15, .2, 1, .9], [.2, .1, .1, .9, 1]])
    assert cluster_blocs(labels, 1 - agree, k=2) == [["A", "B", "C"], ["D", "E"]]
    assert cluster_blocs(labels, 1 - agree, k=1) == [labels]


def test_average_linkage_is_scipys_even_on_ties():
    """The clustering written out in amity.measures.coalitions (scipy.cluster is no longer
    imported: 0.6 s of a command's start) gives scipy's flat clusters, also where distances
    tie (states with identical voting records), for 1 to 5 clusters."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from amity.measures.coalitions import average_linkage_clusters

    def groups(lab):
        g: dict[int, list[int]] = {}
        for i, x in enumerate(lab):
            g.setdefault(int(x), []).append(i)
        return sorted(g.values())

    rng = np.random.default_rng(5)
    checked = 0
    for case in range(120):
        n = int(rng.integers(2, 40))
        if case % 3 == 0:
            th = np.round(rng.normal(size=n), 1)                  # many exact ties
            D = np.abs(th[:, None] - th[None, :])
        elif case % 3 == 1:
            votes = rng.integers(0, 3, size=(n, 6))              # few roll calls: ties
            D = (votes[:, None, :] != votes[None, :, :]).mean(axis=2)
        else:
            X = rng.normal(size=(n, 3))
            D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
        for k in (1, 2, 3, 5):
            ref = fcluster(linkage(squareform(D, checks=False), method="average"),
                           t=min(k, n), criterion="maxclust")
            assert groups(average_linkage_clusters(D, min(k, n))) == groups(ref), (case, k)
            checked += 1
    assert checked == 480


def test_alliance_blocs_components():
    atop = pd.DataFrame({"ccode1": [2, 2, 20, 365, 365, 710], "ccode2": [20, 200, 200, 710, 731, 731],
                         "year": [2000] * 5 + [1999], "atop_defense": [1, 1, 1, 1, 0, 1]})
    b = alliance_blocs(atop, 2000)
    assert b == [["2", "20", "200"], ["365", "710"]]


def test_alliance_communities_split_a_bridged_component():
    # two triangles joined by one bridge (3-4): one component, two communities
    e = [(1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (4, 6), (5, 6)]
    atop = pd.DataFrame({"ccode1": [a for a, _ in e], "ccode2": [b for _, b in e],
                         "year": 2000, "atop_defense": 1})
    assert len(alliance_blocs(atop, 2000)) == 1
    assert alliance_communities(atop, 2000) == [["1", "2", "3"], ["4", "5", "6"]]


# ----------------------------------------------------------------------------- real data

@pytest.fixture(scope="module")
def rus2022(mirror):
    return coalition("RUS", 2022, mirror=mirror)


def test_real_coalition_rus_2022(rus2022):
    r = rus2022
    by = {s["id"]: s for s in r["senders"]}
    assert r["target"]["id"] == "RUS"
    for s in ("USA", "GBR", "JPN", "CAN", "AUS", "CHE"):
        assert s in by, s
    assert "EU" in by["DEU"]["via"] and "EU" in by["POL"]["via"]
    assert all(e.startswith("gsdb:") or e.startswith("fact:") for s in r["senders"]
               for e in s["evidence"])
    ab = [a["id"] for a in r["abstainers_of_note"]]
    assert "CHN" in ab and "IND" in ab
    assert "USA" not in ab and "RUS" not in ab
    assert r["alliance_blocs"]["blocs"] is None     # ATOP ends 2018
    assert r["un_blocs"]["blocs"] and "ideal-point" in r["un_blocs"]["method"]
    ids = {e["case_id"] for e in r["evidence"] if "case_id" in e}
    assert ids and all(isinstance(i, int) for i in ids)


def test_real_coalition_ussr_1980_vote_blocs(mirror):
    r = coalition("RUS", 1980, mirror=mirror, k=2)
    assert r["target"]["id"] == "SUN"
    assert "vote agreement" in r["un_blocs"]["method"]
    blocs = r["un_blocs"]["blocs"]
    t = r["un_blocs"]["target_bloc"]
    assert t is not None and "USA" not in blocs[t]
    assert r["alliance_blocs"]["blocs"]                 # ATOP covers 1980
    assert any("SUN" in b and "POL" in b for b in r["alliance_blocs"]["blocs"])
    com = r["alliance_blocs"]["communities"]
    t = r["alliance_blocs"]["target_community"]
    assert "USA" not in com[t] and "POL" in com[t]


def test_notable_senders_by_the_abstainers_rule(rus2022):
    notable = {s["id"] for s in rus2022["senders"] if s.get("notable")}
    assert {"USA", "GBR", "FRA", "DEU", "JPN", "CAN", "ITA"} <= notable   # G7 members
    assert "MLT" not in notable and "EST" not in notable
    by = {s["id"]: s for s in rus2022["senders"]}
    assert "G7 member" in by["CAN"]["notable"]
    # one rule: a notable state is a notable sender or an abstainer of note, never both
    assert not notable & {a["id"] for a in rus2022["abstainers_of_note"]}


def test_coalition_coverage_is_the_source_records(rus2022):
    from amity.sources import get

    assert rus2022["coverage"] == {"gsdb": list(get("gsdb").years),
                                   "un_votes": list(get("unvotes").years),
                                   "ideal_points": list(get("idealpoints").years),
                                   "atop": list(get("atop").years)}


def test_coalition_2020_votes_too_few_roll_calls_use_ideal_points(mirror):
    # unvotes reaches 2020 (its Source record) with one January roll call: no state has the
    # 10 common votes a bloc needs, so the blocs come from the ideal points
    r = coalition("RUS", 2020, mirror=mirror)
    assert r["coverage"]["un_votes"] == [1946, 2020]
    assert "ideal-point" in r["un_blocs"]["method"] and r["un_blocs"]["blocs"]
    r19 = coalition("RUS", 2019, mirror=mirror)
    assert "vote agreement" in r19["un_blocs"]["method"] and r19["un_blocs"]["blocs"]


def test_coalition_bad_input(mirror):
    with pytest.raises(UnknownActorError):
        coalition("Narnia", 2022, mirror=mirror)
    with pytest.raises(InputError, match="outside"):
        coalition("RUS", 1900, mirror=mirror)
    with pytest.raises(InputError, match="did not exist"):
        coalition("South Sudan", 1990, mirror=mirror)
    with pytest.raises(InputError, match="k must"):
        coalition("RUS", 2022, mirror=mirror, k=0)


def test_cli_coalition(tmp_db, mirror, monkeypatch, capsys):
    from amity.cli import main

    from amity import store
    from amity.knowledge import curated_count

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    # a read on a store without the curated layer writes nothing and says so
    with pytest.raises(SystemExit) as e:
        main(["coalition", "--target", "RUS", "--year", "2022", "--json"])
    assert e.value.code in (0, None)
    assert "no curated facts" in capsys.readouterr().err
    con = store.connect(tmp_db)
    assert curated_count(con) == 0
    con.close()
    # curated facts enter at load time
    with pytest.raises(SystemExit) as e:
        main(["curated", "load", "--json"])
    assert e.value.code in (0, None)
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        main(["coalition", "--target", "RUS", "--year", "2022", "--json"])
    assert e.value.code in (0, None)
    cap = capsys.readouterr()
    assert "no curated facts" not in cap.err
    out = json.loads(cap.out)
    ab = {a["id"]: a for a in out["abstainers_of_note"]}
    assert {"CHN", "IND"} <= set(ab)
    # with the store, the curated "declines to join" facts are cited for China and India
    assert all(e.startswith("fact:") for e in ab["CHN"]["evidence"] + ab["IND"]["evidence"])
    assert ab["CHN"]["evidence"] and ab["IND"]["evidence"]
    assert "USA" in {s["id"] for s in out["senders"]}
    for args in (["--target", "Narnia", "--year", "2022"], ["--target", "RUS", "--year", "1800"]):
        with pytest.raises(SystemExit) as e:
            main(["coalition", *args, "--json"])
        assert e.value.code != 0
        err = capsys.readouterr().err
        assert "error" in err and "Traceback" not in err


def test_signed_factions_wiring(rus2022, mirror, monkeypatch):
    import amity.app.reports as pair

    assert rus2022["signed_factions"] is None             # off unless asked
    monkeypatch.setattr(pair, "balance", lambda year, con=None, mirror=None: {
        "threshold": 0.1, "factions": [["CHN", "IND", "RUS"], ["DEU", "USA", "FRA", "BRA"]]})
    r = coalition("RUS", 2022, mirror=mirror, factions=True)
    f = r["signed_factions"]
    assert f["target_faction"] == 0
    assert f["sender_share_by_faction"] == [0.0, 0.75]    # DEU, FRA, USA sanction; BRA not
