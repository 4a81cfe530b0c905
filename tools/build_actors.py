"""Regenerate the actor registry's derived tables from the state lists in a data mirror.

Usage::

    .venv/bin/python tools/build_actors.py [MIRROR]     # default: amity.config.mirror_dir()

Reads ``states/cowstates.csv``, ``states/gwstates.csv``, ``countrycode/codelist.csv`` and
``peacesciencer/csv/{cow,gw}_capitals.csv`` and writes two compact tables the project owns:

* ``src/amity/data/actors/actors.csv``  one row per actor (id, names, codes, span, line, capital)
* ``src/amity/data/actors/codes.csv``   membership spans in the COW and G-W systems, each span
  assigned to exactly one actor (COW 365 is cut into RUS-EMPIRE / RUS-SFSR / SUN / RUS, ...)

The curated decisions (id scheme, where a code is cut between lineage members, the polities before
1816, blocs, withdrawn ISO codes) live in the dictionaries below; the hand-written tables
``names.csv``, ``links.csv``, ``blocs.csv`` and ``majors.csv`` sit beside the generated ones.
The generated files are committed: the runtime never needs the mirror.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "amity" / "data" / "actors"
OPEN_END = "9999-12-31"

# -- ids for codes whose actor has no current ISO alpha-3 in the crosswalk -------------------------
# value: list of (actor id, first day) cutting the system's spans by date
SPLIT: dict[tuple[str, int], list[tuple[str, str]]] = {
    ("cow", 365): [("RUS-EMPIRE", "1816-01-01"), ("RUS-SFSR", "1917-11-07"),
                   ("SUN", "1922-12-30"), ("RUS", "1991-12-26")],
    ("gw", 365): [("RUS-EMPIRE", "1816-01-01"), ("RUS-SFSR", "1917-11-07"),
                  ("SUN", "1922-12-30"), ("RUS", "1991-12-26")],
    ("cow", 710): [("CHN-QING", "1816-01-01"), ("CHN-ROC", "1912-02-12"), ("CHN", "1949-10-01")],
    ("gw", 710): [("CHN-QING", "1816-01-01"), ("CHN-ROC", "1912-02-12"), ("CHN", "1949-10-01")],
    ("cow", 255): [("DEU-PRUSSIA", "1816-01-01"), ("DEU-REICH", "1871-01-18"), ("DEU", "1990-10-03")],
    ("gw", 255): [("DEU-PRUSSIA", "1816-01-01"), ("DEU-REICH", "1871-01-18")],
    ("cow", 345): [("SRB-KINGDOM", "1878-07-13"), ("YUG", "1918-12-01"), ("SCG", "2003-02-04"),
                   ("SRB", "2006-06-05")],
    ("gw", 345): [("YUG", "1918-12-01"), ("SCG", "2003-02-04")],
    ("gw", 340): [("SRB-KINGDOM", "1816-01-01"), ("SRB", "2006-06-05")],
    ("gw", 341): [("MNE-KINGDOM", "1816-01-01"), ("MNE", "2006-06-03")],
    ("gw", 678): [("YEM-YAR", "1816-01-01"), ("YEM", "1990-05-22")],
    ("gw", 580): [("MDG-MERINA", "1816-01-01"), ("MDG", "1960-06-26")],
    ("gw", 615): [("DZA-ALGIERS", "1816-01-01"), ("DZA", "1962-07-05")],
    ("gw", 620): [("LBY-TRIPOLI", "1816-01-01"), ("LBY", "1951-12-24")],
}
ID_BY_CODE: dict[tuple[str, int], str] = {}
for _sys in ("cow", "gw"):
    for _code, _id in {
        240: "DEU-HANOVER", 245: "DEU-BAVARIA", 260: "DEU", 265: "DDR", 267: "DEU-BADEN",
        269: "DEU-SAXONY", 271: "DEU-WURTTEMBERG", 273: "DEU-HESSE-KASSEL",
        275: "DEU-HESSE-DARMSTADT", 280: "DEU-MECKLENBURG", 300: "AUT-HUNGARY", 315: "CSK",
        327: "VAT-PAPAL", 329: "ITA-SICILIES", 332: "ITA-MODENA", 335: "ITA-PARMA",
        337: "ITA-TUSCANY", 347: "XKX", 511: "TZA-ZANZIBAR", 678: "YEM-YAR", 679: "YEM",
        680: "YMD", 713: "TWN", 730: "KOR-JOSEON", 816: "VNM", 817: "VNM-RVN", 89: "GTM-UPC",
        99: "COL-GRAN", 396: "GEO-ABKHAZIA", 397: "GEO-SOUTHOSSETIA", 563: "ZAF-TRANSVAAL",
        564: "ZAF-ORANGE", 711: "CHN-TIBET", 815: "VNM-NGUYEN",
    }.items():
        ID_BY_CODE[(_sys, _code)] = _id
ID_BY_CODE[("cow", 678)] = "YEM-YAR"
# G-W numbers the Pacific microstates differently from COW (G-W 970 is Kiribati, COW 970 Nauru)
ID_BY_CODE.update({("gw", 970): "KIR", ("gw", 971): "NRU", ("gw", 972): "TON", ("gw", 973): "TUV"})

# -- actors the crosswalk does not name (or names differently) --------------------------------------
# id: (name, kind, iso3, iso2, isonum, cameo, capital, start, end)
EXTRA: dict[str, tuple] = {
    "RUS-TSARDOM": ("Tsardom of Russia", "polity", "", "", "", "", "Moscow", "1547-01-16", "1721-11-01"),
    "RUS-EMPIRE": ("Russian Empire", "polity", "", "", "", "", "Saint Petersburg", "1721-11-02", "1917-11-06"),
    "RUS-SFSR": ("Russian Soviet Federative Socialist Republic", "polity", "", "", "", "", "Moscow", "1917-11-07", "1922-12-29"),
    "SUN": ("Soviet Union", "state", "SUN", "SU", "810", "SUN", "Moscow", "1922-12-30", "1991-12-25"),
    "RUS": ("Russia", "state", "RUS", "RU", "643", "RUS", "Moscow", "1991-12-26", ""),
    "UKR-SSR": ("Ukrainian Soviet Socialist Republic", "polity", "", "", "", "", "Kyiv", "1919-03-10", "1991-11-30"),
    "BLR-SSR": ("Byelorussian Soviet Socialist Republic", "polity", "", "", "", "", "Minsk", "1919-01-01", "1991-08-24"),
    "CHN-QING": ("Qing Empire", "polity", "", "", "", "", "Beijing", "1644-06-06", "1912-02-11"),
    "CHN-ROC": ("Republic of China (mainland)", "polity", "", "", "", "", "Nanjing", "1912-02-12", "1949-12-07"),
    "CHN": ("China", "state", "CHN", "CN", "156", "CHN", "Beijing", "1949-10-01", ""),
    "TWN": ("Taiwan", "state", "TWN", "TW", "158", "TWN", "Taipei", "1949-12-08", ""),
    "DEU-PRUSSIA": ("Kingdom of Prussia", "polity", "", "", "", "", "Berlin", "1816-01-01", "1871-01-17"),
    "DEU-REICH": ("German Reich", "polity", "", "", "", "", "Berlin", "1871-01-18", "1945-05-08"),
    "DEU": ("Germany", "state", "DEU", "DE", "276", "DEU", "Berlin", "1949-05-23", ""),
    "DDR": ("German Democratic Republic", "state", "DDR", "DD", "278", "DDR", "East Berlin", "1949-10-07", "1990-10-02"),
    "CSK": ("Czechoslovakia", "state", "CSK", "CS", "200", "CSK", "Prague", "1918-10-28", "1992-12-31"),
    "SRB-KINGDOM": ("Serbia (Principality and Kingdom)", "polity", "", "", "", "", "Belgrade", "", "1918-11-30"),
    "YUG": ("Yugoslavia", "state", "YUG", "YU", "891", "YUG", "Belgrade", "1918-12-01", "2003-02-03"),
    "SCG": ("Serbia and Montenegro", "state", "SCG", "CS", "891", "SCG", "Belgrade", "2003-02-04", "2006-06-04"),
    "SRB": ("Serbia", "state", "SRB", "RS", "688", "SRB", "Belgrade", "2006-06-05", ""),
    "MNE-KINGDOM": ("Montenegro (Principality and Kingdom)", "polity", "", "", "", "", "Cetinje", "", "1918-11-30"),
    "MNE": ("Montenegro", "state", "MNE", "ME", "499", "MNE", "Podgorica", "2006-06-03", ""),
    "YEM-YAR": ("Yemen Arab Republic", "state", "", "", "", "", "Sanaa", "1918-10-30", "1990-05-21"),
    "YMD": ("Yemen People's Republic", "state", "YMD", "YD", "720", "YMD", "Aden", "1967-11-30", "1990-05-21"),
    "YEM": ("Yemen", "state", "YEM", "YE", "887", "YEM", "Sanaa", "1990-05-22", ""),
    "KOR-JOSEON": ("Korea (Joseon and the Korean Empire)", "polity", "", "", "", "", "Seoul", "1392-08-05", "1910-08-22"),
    "VNM-RVN": ("Republic of Vietnam", "state", "", "", "", "", "Saigon", "1954-06-04", "1975-04-30"),
    "VNM-NGUYEN": ("Vietnam (Nguyen dynasty)", "polity", "", "", "", "", "Hue", "1816-01-01", "1893-01-01"),
    "VNM": ("Vietnam", "state", "VNM", "VN", "704", "VNM", "Hanoi", "1945-09-02", ""),
    "XKX": ("Kosovo", "state", "XKX", "XK", "", "KSV", "Pristina", "2008-02-17", ""),
    "TLS": ("Timor-Leste", "state", "TLS", "TL", "626", "TMP", "Dili", "2002-05-20", ""),
    "AUT-HUNGARY": ("Austria-Hungary", "polity", "", "", "", "", "Vienna", "1816-01-01", "1918-11-12"),
    "TZA-ZANZIBAR": ("Zanzibar", "state", "", "", "", "", "Zanzibar City", "1963-12-19", "1964-04-26"),
    "GTM-UPC": ("United Provinces of Central America", "polity", "", "", "", "", "Guatemala City", "1823-07-01", "1839-12-31"),
    "COL-GRAN": ("Gran Colombia", "polity", "", "", "", "", "Bogota", "1821-08-30", "1830-09-22"),
    "GEO-ABKHAZIA": ("Abkhazia", "polity", "", "", "", "", "Sukhumi", "2008-08-26", ""),
    "GEO-SOUTHOSSETIA": ("South Ossetia", "polity", "", "", "", "", "Tskhinvali", "2008-08-26", ""),
    "ZAF-TRANSVAAL": ("Transvaal (South African Republic)", "polity", "", "", "", "", "Pretoria", "1852-01-01", "1910-05-30"),
    "ZAF-ORANGE": ("Orange Free State", "polity", "", "", "", "", "Bloemfontein", "1854-03-28", "1910-05-30"),
    "CHN-TIBET": ("Tibet", "polity", "", "", "", "", "Lhasa", "1913-01-01", "1950-10-01"),
    "MDG-MERINA": ("Kingdom of Madagascar (Merina)", "polity", "", "", "", "", "Antananarivo", "1816-01-01", "1896-08-05"),
    "DZA-ALGIERS": ("Regency of Algiers", "polity", "", "", "", "", "Algiers", "1816-01-01", "1830-07-05"),
    "LBY-TRIPOLI": ("Tripolitania (Karamanli)", "polity", "", "", "", "", "Tripoli", "1816-01-01", "1834-12-31"),
    "DEU-HANOVER": ("Hanover", "polity", "", "", "", "", "Hanover", "", ""),
    "DEU-BAVARIA": ("Bavaria", "polity", "", "", "", "", "Munich", "", ""),
    "DEU-BADEN": ("Baden", "polity", "", "", "", "", "Karlsruhe", "", ""),
    "DEU-SAXONY": ("Saxony", "polity", "", "", "", "", "Dresden", "", ""),
    "DEU-WURTTEMBERG": ("Wurttemberg", "polity", "", "", "", "", "Stuttgart", "", ""),
    "DEU-HESSE-KASSEL": ("Hesse-Kassel (Electoral Hesse)", "polity", "", "", "", "", "Kassel", "", ""),
    "DEU-HESSE-DARMSTADT": ("Hesse-Darmstadt (Grand Ducal Hesse)", "polity", "", "", "", "", "Darmstadt", "", ""),
    "DEU-MECKLENBURG": ("Mecklenburg-Schwerin", "polity", "", "", "", "", "Schwerin", "", ""),
    "VAT-PAPAL": ("Papal States", "polity", "", "", "", "", "Rome", "", "1870-09-20"),
    "VAT": ("Vatican City (Holy See)", "state", "VAT", "VA", "336", "VAT", "Vatican City", "1929-02-11", ""),
    "PSE": ("Palestine", "state", "PSE", "PS", "275", "PSE", "Ramallah", "1988-11-15", ""),
    "ITA-SICILIES": ("Kingdom of the Two Sicilies", "polity", "", "", "", "", "Naples", "", ""),
    "ITA-MODENA": ("Duchy of Modena", "polity", "", "", "", "", "Modena", "", ""),
    "ITA-PARMA": ("Duchy of Parma", "polity", "", "", "", "", "Parma", "", ""),
    "ITA-TUSCANY": ("Grand Duchy of Tuscany", "polity", "", "", "", "", "Florence", "", ""),
    # organizations and blocs
    "EU": ("European Union", "organization", "", "", "", "EEC", "Brussels", "1958-01-01", ""),
    "NATO": ("North Atlantic Treaty Organization", "organization", "", "", "", "NAT", "Brussels", "1949-08-24", ""),
    "UN": ("United Nations", "organization", "", "", "", "UNO", "New York", "1945-10-24", ""),
    "UNSC": ("United Nations Security Council", "organization", "", "", "", "", "", "1945-10-24", ""),
    "G7": ("Group of Seven", "organization", "", "", "", "GOS", "", "1975-11-15", ""),
    "SCO": ("Shanghai Cooperation Organisation", "organization", "", "", "", "", "", "2001-06-15", ""),
    "CSTO": ("Collective Security Treaty Organization", "organization", "", "", "", "", "", "1992-05-15", ""),
    "BRICS": ("BRICS", "organization", "", "", "", "", "", "2009-06-16", ""),
    # intergovernmental organizations news names as actors (Phoenix sector IGO); no capital
    # column, so that a seat city ("Washington", "Vienna") keeps naming its state
    "ECOWAS": ("Economic Community of West African States", "organization", "", "", "", "", "", "1975-05-28", ""),
    "OAU": ("Organization of African Unity", "organization", "", "", "", "", "", "1963-05-25", "2002-07-09"),
    "AU": ("African Union", "organization", "", "", "", "", "", "2002-07-09", ""),
    "LAS": ("League of Arab States", "organization", "", "", "", "", "", "1945-03-22", ""),
    "ASEAN": ("Association of Southeast Asian Nations", "organization", "", "", "", "", "", "1967-08-08", ""),
    "OAS": ("Organization of American States", "organization", "", "", "", "", "", "1948-04-30", ""),
    "OSCE": ("Organization for Security and Co-operation in Europe", "organization", "", "", "", "", "", "1975-08-01", ""),
    "IAEA": ("International Atomic Energy Agency", "organization", "", "", "", "", "", "1957-07-29", ""),
    "GCC": ("Gulf Cooperation Council", "organization", "", "", "", "", "", "1981-05-25", ""),
    "OPEC": ("Organization of the Petroleum Exporting Countries", "organization", "", "", "", "", "", "1960-09-14", ""),
    "OIC": ("Organisation of Islamic Cooperation", "organization", "", "", "", "", "", "1969-09-25", ""),
}
# the line (lineage) of an id that does not start with it; default: the part before the first "-"
LINE = {"SUN": "RUS", "DDR": "DDR", "YUG": "SRB", "SCG": "SRB", "CSK": "CSK", "YMD": "YMD",
        "XKX": "XKX", "TLS": "TLS", "VNM-RVN": "VNM-RVN", "CHN-TIBET": "CHN-TIBET",
        "TZA-ZANZIBAR": "TZA-ZANZIBAR", "GEO-ABKHAZIA": "GEO-ABKHAZIA",
        "GEO-SOUTHOSSETIA": "GEO-SOUTHOSSETIA", "ZAF-TRANSVAAL": "ZAF-TRANSVAAL",
        "ZAF-ORANGE": "ZAF-ORANGE", "GTM-UPC": "GTM-UPC", "OAU": "AU"}
# German and Italian states absorbed by unification keep lines of their own
LINE.update({k: k for k in ("DEU-HANOVER", "DEU-BAVARIA", "DEU-BADEN", "DEU-SAXONY",
                            "DEU-WURTTEMBERG", "DEU-HESSE-KASSEL", "DEU-HESSE-DARMSTADT",
                            "DEU-MECKLENBURG", "ITA-SICILIES", "ITA-MODENA",
                            "ITA-PARMA", "ITA-TUSCANY")})
CAPITAL = {"USA": "Washington", "UKR": "Kyiv", "IND": "New Delhi", "KOR": "Seoul", "DEU": "Berlin",
           "ISR": "Jerusalem", "MMR": "Naypyidaw", "CIV": "Yamoussoukro", "NGA": "Abuja",
           "TZA": "Dodoma", "KAZ": "Astana", "BOL": "Sucre", "MDA": "Chisinau"}
KIND_OVERRIDE = {"XKX": "state"}
# English names where the crosswalk's short CLDR form reads oddly ("Congo - Kinshasa")
NAME = {"ATG": "Antigua and Barbuda", "BIH": "Bosnia and Herzegovina", "CIV": "Côte d'Ivoire",
        "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
        "FSM": "Micronesia", "KNA": "Saint Kitts and Nevis", "LCA": "Saint Lucia",
        "MMR": "Myanmar", "STP": "São Tomé and Príncipe", "TTO": "Trinidad and Tobago",
        "VCT": "Saint Vincent and the Grenadines"}


def _date(s: str) -> str:
    return "" if s == OPEN_END else s


def build(mirror: Path, out: Path = OUT) -> None:
    cl = pd.read_csv(mirror / "countrycode" / "codelist.csv", keep_default_na=False, dtype=str,
                     usecols=["country.name.en", "cown", "gwn", "iso2c", "iso3c", "iso3n"])
    iso_by_cow = {int(r.cown): r for r in cl.itertuples() if r.cown and r.iso3c}
    iso_by_gw = {int(r.gwn): r for r in cl.itertuples() if r.gwn and r.iso3c}
    iso_by_iso3 = {r.iso3c: r for r in cl.itertuples() if r.iso3c}
    cow = pd.read_csv(mirror / "states" / "cowstates.csv", dtype={"start": str, "end": str})
    gw = pd.read_csv(mirror / "states" / "gwstates.csv", dtype={"start": str, "end": str})
    caps = pd.read_csv(mirror / "peacesciencer" / "csv" / "cow_capitals.csv")
    caps_gw = pd.read_csv(mirror / "peacesciencer" / "csv" / "gw_capitals.csv")

    def default_id(system: str, code: int) -> str:
        if (system, code) in ID_BY_CODE:
            return ID_BY_CODE[(system, code)]
        table = iso_by_cow if system == "cow" else iso_by_gw
        if code in table:
            return table[code].iso3c
        if system == "gw" and code in iso_by_cow:  # same number in both systems
            print(f"note: gw {code} taken as cow {code} = {iso_by_cow[code].iso3c}")
            return iso_by_cow[code].iso3c
        raise SystemExit(f"no actor id for {system} {code}; add it to ID_BY_CODE")

    spans: list[dict] = []
    for system, frame, col in (("cow", cow, "cowcode"), ("gw", gw, "gwcode")):
        for r in frame.itertuples(index=False):
            code = int(getattr(r, col))
            start, end = r.start, r.end
            cuts = SPLIT.get((system, code))
            if not cuts:
                spans.append(dict(system=system, code=code, actor=default_id(system, code),
                                  start=start, end=_date(end), microstate=bool(r.microstate)))
                continue
            for i, (aid, first) in enumerate(cuts):
                nxt = cuts[i + 1][1] if i + 1 < len(cuts) else "9999-12-31"
                last = (pd.Timestamp(nxt) - pd.Timedelta(days=1)).strftime("%Y-%m-%d") \
                    if nxt != "9999-12-31" else "9999-12-31"
                lo, hi = max(start, first), min(end, last)
                if lo <= hi:
                    spans.append(dict(system=system, code=code, actor=aid, start=lo,
                                      end=_date(hi), microstate=bool(r.microstate)))
    sp = pd.DataFrame(spans).sort_values(["system", "code", "start"])

    rows = []
    for aid, g in sp.groupby("actor", sort=True):
        first = g.start.min()
        last = "" if (g.end == "").any() else g.end.max()
        cow_codes = g[g.system == "cow"].sort_values("start")
        gw_codes = g[g.system == "gw"].sort_values("start")
        cowc = int(cow_codes.code.iloc[-1]) if len(cow_codes) else ""
        gwc = int(gw_codes.code.iloc[-1]) if len(gw_codes) else ""
        if aid in EXTRA:
            name, kind, iso3, iso2, isonum, cameo, capital, s, e = EXTRA[aid]
            # the curated span, widened where a system list dates the actor earlier or later
            sys_first, sys_last = first, last
            first = min(s, sys_first) if s else sys_first
            last = "" if not sys_last else (max(e, sys_last) if e else sys_last)
            if (s and first != s) or (e and last != e):
                print(f"note: {aid} span {s}..{e} widened to {first}..{last} by the system lists")
        else:
            c = iso_by_iso3.get(aid)
            if c is None:
                raise SystemExit(f"{aid}: not in the crosswalk and not in EXTRA")
            name, kind, iso3, iso2, isonum, cameo = (NAME.get(aid, c._1), "state", c.iso3c, c.iso2c,
                                                      c.iso3n, c.iso3c)
            capital = ""
        if not capital:
            capital = CAPITAL.get(aid, "")
        if not capital:
            codes = [int(x) for x in cow_codes.code] or []
            src = caps[caps.ccode.isin(codes)] if codes else caps_gw[caps_gw.gwcode.isin(
                [int(x) for x in gw_codes.code])]
            if len(src):
                capital = str(src.sort_values("enddate").capital.iloc[-1])
        rows.append(dict(id=aid, name=name, kind=KIND_OVERRIDE.get(aid, kind), iso3=iso3,
                         iso2=iso2, isonum=isonum, cow=cowc, gw=gwc, cameo=cameo,
                         capital=capital, start=first, end=last,
                         line=LINE.get(aid, aid.split("-")[0]),
                         microstate=bool(g.microstate.any())))
    have = {r["id"] for r in rows}
    for aid, (name, kind, iso3, iso2, isonum, cameo, capital, s, e) in EXTRA.items():
        if aid not in have:
            rows.append(dict(id=aid, name=name, kind=kind, iso3=iso3, iso2=iso2, isonum=isonum,
                             cow="", gw="", cameo=cameo, capital=capital, start=s, end=e,
                             line=LINE.get(aid, aid.split("-")[0]), microstate=False))
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).sort_values("id").to_csv(out / "actors.csv", index=False,
                                                 quoting=csv.QUOTE_MINIMAL)
    sp.drop(columns=["microstate"]).to_csv(out / "codes.csv", index=False)
    print(f"wrote {len(rows)} actors and {len(sp)} system spans to {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    from amity.config import mirror_dir

    m = Path(sys.argv[1]) if len(sys.argv) > 1 else mirror_dir()
    if m is None:
        raise SystemExit("no mirror: pass its path or set AMITY_MIRROR")
    build(m)
