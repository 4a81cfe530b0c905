"""The actor registry: resolution, lineage, codes by date, blocs, CLI."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from amity import actors
from amity.errors import InputError, UnknownActorError


@pytest.mark.parametrize("query, expected", [
    ("Soviet Union", "SUN"), ("USSR", "SUN"), ("the Soviet Union", "SUN"), ("Soviet", "SUN"),
    ("Pyongyang", "PRK"), ("North Korea", "PRK"), ("DPRK", "PRK"), ("North Korean", "PRK"),
    ("Qing China", "CHN-QING"), ("Tsarist Russia", "RUS-EMPIRE"),
    ("Moscow", "RUS"), ("Beijing", "CHN"), ("Washington", "USA"), ("Kyiv", "UKR"),
    ("Seoul", "KOR"), ("Tokyo", "JPN"), ("Brussels", "EU"),
    (365, "RUS"), ("365", "RUS"), ("RUS", "RUS"), ("SUN", "SUN"), ("rus", "RUS"),
    ("the United States", "USA"), ("United States", "USA"), ("U.S.", "USA"), ("US", "USA"),
    ("America", "USA"), ("American", "USA"), ("Russian", "RUS"), ("Chinese", "CHN"),
    ("CHINA", "CHN"), ("  china ", "CHN"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"),
    ("East Germany", "DDR"), ("West Germany", "DEU"), ("Taiwan", "TWN"), ("Kosovo", "XKX"),
    ("KSV", "XKX"), ("NATO", "NATO"), ("UN Security Council", "UNSC"), ("G7", "G7"),
    ("chn-qing", "CHN-QING"), ("Burma", "MMR"), ("Persia", "IRN"),
])
def test_resolve_names_codes_metonyms(query, expected):
    assert actors.resolve(query).id == expected


@pytest.mark.parametrize("query, at, expected", [
    ("Moscow", 1960, "SUN"), ("Moscow", 1700, "RUS-TSARDOM"), ("Moscow", 2020, "RUS"),
    ("China", 1900, "CHN-QING"), ("China", 1930, "CHN-ROC"), ("China", 1960, "CHN"),
    ("Germany", 1930, "DEU-REICH"), ("Germany", 1970, "DEU"), ("Korea", 1900, "KOR-JOSEON"),
    ("Beijing", 1880, "CHN-QING"), ("ROC", 1960, "TWN"), ("ROC", 1930, "CHN-ROC"),
    (365, 1900, "RUS-EMPIRE"), ("365", "1920", "RUS-SFSR"), (365, 1960, "SUN"), (365, 2000, "RUS"),
    (365, "1991-12-25", "SUN"), (365, "1991-12-26", "RUS"),
    (710, 1900, "CHN-QING"), (710, 1930, "CHN-ROC"), (710, 1950, "CHN"),
    (255, 1900, "DEU-REICH"), (255, 1850, "DEU-PRUSSIA"), (255, 1960, "DEU"), (260, 1960, "DEU"),
    (345, 1900, "SRB-KINGDOM"), (345, 1980, "YUG"), (345, 2004, "SCG"), (345, 2010, "SRB"),
    # a name names its own actor whatever the date
    ("Soviet Union", 2020, "SUN"), ("Russia", 1960, "RUS"), ("Russia", 1900, "RUS-EMPIRE"),
])
def test_resolve_at_date(query, at, expected):
    assert actors.resolve(query, at=at).id == expected


def test_unknown_actor_suggests():
    with pytest.raises(UnknownActorError) as e:
        actors.resolve("Rusia")
    assert any("(RUS)" in s for s in e.value.suggestions)
    with pytest.raises(UnknownActorError):
        actors.resolve("Atlantis")
    with pytest.raises(UnknownActorError):
        actors.get("XXX")
    with pytest.raises(InputError):
        actors.resolve("Russia", at="19x0")


def test_lineages():
    assert [a.id for a in actors.lineage("RUS")] == [
        "RUS-TSARDOM", "RUS-EMPIRE", "RUS-SFSR", "SUN", "RUS"]
    assert [a.id for a in actors.lineage("CHN-QING")] == ["CHN-QING", "CHN-ROC", "CHN"]
    assert [a.id for a in actors.lineage("DDR")] == ["DDR"]
    assert [a.id for a in actors.lineage("SRB")] == ["SRB-KINGDOM", "YUG", "SCG", "SRB"]
    assert "CHN" in [a.id for a in actors.lineage(actors.resolve("Qing China").id)]
    assert actors.lineage_at("RUS", 1960).id == "SUN"
    assert actors.lineage_at("SUN", 1700).id == "RUS-TSARDOM"
    assert actors.lineage_at("SUN", 1689).id == "RUS-TSARDOM"
    assert actors.lineage_at("CHN", 1689).id == "CHN-QING"
    assert actors.lineage_at("CHN", 1930).id == "CHN-ROC"
    assert actors.lineage_at("CHN-QING", 2022).id == "CHN"
    assert actors.lineage_at("DEU", 1900).id == "DEU-REICH"
    assert actors.lineage_at("YEM", 1980).id == "YEM-YAR"
    assert actors.lineage_at("PRK", 1900) is None
    assert actors.same_lineage("SUN", "RUS") and actors.same_lineage("CHN-QING", "CHN")
    assert not actors.same_lineage("CHN", "TWN") and not actors.same_lineage("PRK", "KOR")


def test_links_and_successors():
    sun = actors.get("SUN")
    assert sun.cow == 365 and sun.successors[0] == "RUS" and sun.predecessors == ("RUS-SFSR",)
    assert "DEU" in actors.get("DDR").successors
    assert set(actors.get("CSK").successors) == {"CZE", "SVK"}
    assert set(actors.get("YEM").predecessors) == {"YEM-YAR", "YMD"}
    assert set(actors.get("KOR-JOSEON").successors) == {"KOR", "PRK"}
    assert actors.get("TWN").predecessors == ("CHN-ROC",)
    dates = {(ln.predecessor, ln.successor): ln.date for ln in actors.links("SUN")}
    assert dates[("SUN", "RUS")] == "1991-12-26"


def test_codes():
    assert actors.cow_code("RUS") == 365 and actors.cow_code("SUN") == 365
    assert actors.cow_code("DEU") == 255 and actors.cow_code("DEU", 1960) == 260
    assert actors.cow_code("DEU", 1950) is None          # FRG joins COW in 1955
    assert actors.cow_code("EU") is None
    assert actors.gw_code("DEU", 2000) == 260 and actors.gw_code("SRB", 2010) == 340
    assert actors.from_cow(255, 1950) is None
    assert actors.from_gw(678, 1980).id == "YEM-YAR" and actors.from_gw(678, 2000).id == "YEM"
    assert actors.from_cow(2, 1700) is None
    a = actors.get("USA")
    assert (a.iso3, a.iso2, a.isonum, a.cameo, a.cow, a.gw) == ("USA", "US", 840, "USA", 2, 2)


def test_members_and_existence():
    # COW state system: 23 members in 1816; the count of the 2016 list (195), continued to today
    assert len(actors.members(1816)) == 23
    assert len(actors.members(2016)) == 195
    assert len(actors.members(2024)) == 195
    ids1991 = {a.id for a in actors.members(1991)}
    assert "SUN" in ids1991 and "UKR" in ids1991 and "RUS" not in ids1991
    assert "RUS" in {a.id for a in actors.members("1991-12-31")}
    assert "SUN" not in {a.id for a in actors.members("1991-12-31")}
    # Germany in 1990: one actor though both 255 and 260 were used that year
    assert sum(a.id == "DEU" for a in actors.members(1990)) == 1
    assert actors.exists_in("SUN", 1991) and not actors.exists_in("SUN", 1992)
    assert actors.exists_in("RUS-TSARDOM", 1689) and not actors.exists_in("RUS-EMPIRE", 1689)
    assert actors.exists_in("CHN-QING", 1689)
    gw = {a.id for a in actors.members(2010, system="gw")}
    assert {"DEU", "SRB", "XKX", "GEO-ABKHAZIA"} <= gw
    cow = {a.id for a in actors.members(2010)}
    assert "XKX" in cow and "GEO-ABKHAZIA" not in cow


def test_major_powers():
    assert [a.id for a in actors.major_powers(1960)] == ["CHN", "FRA", "GBR", "SUN", "USA"]
    assert [a.id for a in actors.major_powers(1900)] == [
        "AUT-HUNGARY", "DEU-REICH", "FRA", "GBR", "ITA", "JPN", "RUS-EMPIRE", "USA"]
    assert [a.id for a in actors.major_powers(2022)] == ["CHN", "DEU", "FRA", "GBR", "JPN", "RUS", "USA"]


def test_blocs():
    assert actors.bloc_members("UNSC", 1960) == ["FRA", "GBR", "SUN", "TWN", "USA"]
    assert actors.bloc_members("UNSC", "1971-10-24") == ["FRA", "GBR", "SUN", "TWN", "USA"]
    assert actors.bloc_members("UNSC", "1971-10-25") == ["CHN", "FRA", "GBR", "SUN", "USA"]
    assert actors.bloc_members("UNSC", "1991-12-24") == ["CHN", "FRA", "GBR", "RUS", "USA"]
    assert "GBR" in actors.bloc_members("EU", "2020-01-31")
    assert "GBR" not in actors.bloc_members("EU", "2020-02-01")
    assert len(actors.bloc_members("EU", 2022)) == 27
    assert len(actors.bloc_members("EU", 1958)) == 6
    assert len(actors.bloc_members("NATO", 1950)) == 12
    assert actors.bloc_members("NATO", 1949) == []           # a year reads at 1 July
    assert len(actors.bloc_members("NATO", 2025)) == 32
    assert "FIN" not in actors.bloc_members("NATO", "2023-04-03")
    assert actors.bloc_members("G7", 2022) == ["CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"]
    assert actors.bloc_members("BRICS", 2015) == ["BRA", "CHN", "IND", "RUS", "ZAF"]
    assert "IRN" in actors.bloc_members("SCO", 2024)
    assert actors.bloc_members("European Union", 2000) == actors.bloc_members("EU", 2000)
    assert "EU" in actors.memberships("DEU", 2000) and "NATO" in actors.memberships("DEU", 2000)
    with pytest.raises(InputError):
        actors.bloc_members("USA", 2000)


def test_all_ids_are_well_formed_and_unique():
    import re
    seen = set()
    for a in actors.all_actors():
        assert a.id not in seen
        seen.add(a.id)
        assert re.fullmatch(r"[A-Z0-9]{2,6}(-[A-Z]+)*", a.id), a.id
        assert a.kind in actors.KINDS
        if a.end and a.start:
            assert a.start <= a.end, a.id
        for other in a.predecessors + a.successors:
            assert other in seen or actors.get(other)
        if a.kind == "state" and a.iso3:
            assert a.id == a.iso3 or a.id == "XKX"


class _Result:
    def __init__(self, code, out, err):
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture()
def cli(capsys):
    """Run the `amity` entry point in-process (same error handling as the console script)."""
    from amity.cli import main

    def run(*args):
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        out = capsys.readouterr()
        return _Result(code, out.out, out.err)

    return run


def test_console_script_end_to_end():
    r = subprocess.run([sys.executable, "-m", "amity", "actor", "Soviet Union", "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["cow"] == 365 and "RUS" in d["successors"]


def test_cli_actor_json(cli):
    r = cli("actor", "Soviet Union", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    for k in ("id", "name", "iso3", "cow", "gw", "cameo", "kind", "capital", "from", "to",
              "predecessors", "successors"):
        assert k in d
    assert d["cow"] == 365 and "RUS" in d["successors"] and d["id"] == "SUN"
    assert (d["from"], d["to"]) == ("1922-12-30", "1991-12-25")
    assert json.loads(cli("actor", "Pyongyang", "--json").stdout)["id"] == "PRK"
    assert json.loads(cli("actor", "Moscow", "--at", "1960", "--json").stdout)["id"] == "SUN"
    q = json.loads(cli("actor", "Qing China", "--json").stdout)
    assert q["id"] == "CHN-QING" and "CHN" in q["lineage"]
    for name in ("Beijing", "Washington", "365", "RUS", "SUN"):
        assert cli("actor", name, "--json").returncode == 0
    r = cli("actor", "UNSC", "--at", "1960", "--json")
    assert json.loads(r.stdout)["members_at"] == ["FRA", "GBR", "SUN", "TWN", "USA"]
    r = cli("actor", "Soviet Union")
    assert r.returncode == 0 and "Soviet Union" in r.stdout and "RUS" in r.stdout


def test_cli_unknown_and_list(cli):
    r = cli("actor", "Rusia", "--json")
    assert r.returncode != 0 and "Russia (RUS)" in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
    r = cli("actors", "--at", "1960", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    ids = {x["id"] for x in rows}
    assert {"SUN", "CHN", "USA", "UN", "NATO"} <= ids and "RUS" not in ids and "SCO" not in ids
    assert len([x for x in rows if x["kind"] != "organization"]) == len(actors.members(1960))
    r = cli("actors", "--at", "1960", "--kind", "organization", "--json")
    assert {x["kind"] for x in json.loads(r.stdout)} == {"organization"}
    r = cli("actors", "--at", "19x0")
    assert r.returncode != 0 and "--at" in r.stderr
    r = cli("actors", "--system", "iso")
    assert r.returncode != 0 and "--system" in r.stderr
    r = cli("actors", "--kind", "empire")
    assert r.returncode != 0 and "--kind" in r.stderr
    r = cli("actors", "--at", "1900", "--system", "gw")
    assert r.returncode == 0 and "Korea" in r.stdout


def test_broken_tables_fail_with_file_line_field(tmp_path):
    import shutil
    from importlib import resources

    src = resources.files("amity").joinpath("data", "actors")
    for name in ("actors.csv", "names.csv", "links.csv", "codes.csv", "blocs.csv", "majors.csv"):
        shutil.copy(str(src.joinpath(name)), tmp_path / name)
    assert "SUN" in actors.registry.load(tmp_path).actors
    links = (tmp_path / "links.csv").read_text().splitlines()
    links[3] = "SUN,ATLANTIS,1991-12-26,dissolution"
    (tmp_path / "links.csv").write_text("\n".join(links) + "\n")
    with pytest.raises(InputError) as e:
        actors.registry.load(tmp_path)
    assert (e.value.file.endswith("links.csv"), e.value.line, e.value.field) == (True, 4, "successor")
    shutil.copy(str(src.joinpath("links.csv")), tmp_path / "links.csv")
    blocs = (tmp_path / "blocs.csv").read_text().replace("2020-01-31", "2020-02-30")
    (tmp_path / "blocs.csv").write_text(blocs)
    with pytest.raises(InputError) as e:
        actors.registry.load(tmp_path)
    assert e.value.field == "end" and "2020-02-30" in str(e.value) and e.value.line > 1


def test_every_name_alias_and_code_resolves_to_its_actor_on_its_first_day():
    """No name in the tables is shadowed: each resolves to its own actor at the actor's start
    (and names and codes also without a date)."""
    import datetime as dt

    for a in actors.all_actors():
        d = dt.date.fromisoformat(a.start) if a.start else None
        assert actors.resolve(a.name).id == a.id, a.name
        for key in (a.name, *a.aliases, *(c for c in (a.iso3, a.cameo) if c)):
            assert actors.resolve(key, at=d).id == a.id, (a.id, key)
        for dem in a.demonyms:
            # demonyms may be shared ("Korean", "Chinese"): they must reach the actor's line
            assert actors.same_lineage(actors.resolve(dem, at=d).id, a.id) or \
                actors.resolve(dem, at=d).kind == "organization", (a.id, dem)


def test_system_spans_round_trip():
    """For every span of codes.csv: on its first, middle and last day the code reads as its actor,
    the actor exists, and the actor's code on that day is the span's code."""
    import datetime as dt

    for s in actors.system_spans():
        end = s.end or dt.date(2024, 12, 31)
        for d in (s.start, s.start + (end - s.start) / 2, end):
            get = actors.from_cow if s.group == "cow" else actors.from_gw
            code_of = actors.cow_code if s.group == "cow" else actors.gw_code
            assert get(s.code, d).id == s.who, (s, d)
            assert actors.get(s.who).alive(d), (s, d)
            assert code_of(s.who, d) == s.code, (s, d)


def test_codes_shared_over_time_and_microstates():
    assert actors.resolve("SCG", at=1995).id == "YUG"      # CAMEO codes the FRY as SCG
    assert actors.resolve("SCG", at=2004).id == "SCG"
    assert actors.resolve("SCG").id == "SCG"
    all16 = {a.id for a in actors.members(2016)}
    big16 = {a.id for a in actors.members(2016, microstates=False)}
    assert "MCO" in all16 and "MCO" not in big16 and "USA" in big16
    with pytest.raises(InputError):
        actors.members(2000, system="iso")


def test_resolve_never_crashes_on_arbitrary_input():
    """Any text or number either resolves or raises one of Amity's own errors."""
    import os

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from amity.errors import AmityError

    n = int(os.environ.get("AMITY_FUZZ_EXAMPLES", "150"))

    @settings(max_examples=n, deadline=None)
    @given(st.one_of(st.text(max_size=40), st.integers(-10_000, 10_000)),
           st.one_of(st.none(), st.integers(-5, 12_000), st.text(max_size=12)))
    def check(q, at):
        try:
            a = actors.resolve(q, at=at)
        except AmityError:
            return
        assert a.id in {x.id for x in actors.all_actors()}

    check()


def test_frames():
    df = actors.as_frame()
    assert len(df) == len(actors.all_actors()) and df.id.is_unique
    row = df.set_index("id").loc["SUN"]
    assert row.cow == 365 and row.successors.startswith("RUS") and row.line == "RUS"
    assert set(actors.as_frame("organization").id) >= {"EU", "NATO", "UN", "UNSC"}
    sp = actors.spans_frame("cow")
    assert set(sp.system) == {"cow"} and list(sp[sp.code == 365].actor) == [
        "RUS-EMPIRE", "RUS-SFSR", "SUN", "RUS"]


def test_resolve_refuses_unicode_digits_that_are_not_a_code():
    """'²' passes str.isdigit() but is no COW code: an unknown actor, not a ValueError."""
    from amity.actors import resolve
    from amity.errors import UnknownActorError

    with pytest.raises(UnknownActorError):
        resolve("²")
