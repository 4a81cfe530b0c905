"""The actor registry: load the project's fact tables once and answer questions about actors.

Tables (``amity/data/actors/``, see ``docs/arch/actors.md``):

* ``actors.csv``  one row per actor: id, name, kind, ISO alpha-3/alpha-2/numeric, COW and G-W
  codes (the latest the actor used), CAMEO code, capital, start/end (ISO dates, inclusive, empty
  end = still exists), ``line`` (the lineage the actor belongs to), microstate flag;
* ``codes.csv``   membership spans in the COW and G-W state systems, each assigned to exactly one
  actor (COW 365 is RUS-EMPIRE to 1917-11-06, RUS-SFSR to 1922-12-29, SUN to 1991-12-25, RUS);
* ``links.csv``   predecessor -> successor with the date and the kind of change;
* ``names.csv``   aliases, demonyms and metonyms (capitals come from ``actors.csv``);
* ``blocs.csv``   membership spans of the blocs and organizations (EU, NATO, UNSC, ...);
* ``majors.csv``  COW major-power spans (by COW code).

Dates. Every span is inclusive of both ends. A date given as a year means 1 July of that year
(the "mid-year rule"), a year-month the 15th of that month; EDTF decades ("195X") their middle
year; intervals ("1960/1989") their first date.
"""
from __future__ import annotations

import csv
import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

from amity import caches
from amity.errors import InputError, UnknownActorError

KINDS = ("state", "polity", "organization")
SYSTEMS = ("cow", "gw")
_FAR = _dt.date(9999, 12, 31)


@dataclass(frozen=True)
class Actor:
    """One actor of the registry (a state, an earlier polity, or an organization/bloc).

    ``start``/``end`` are ISO dates (inclusive); ``end`` is None while the actor exists.
    ``predecessors``/``successors`` are actor ids (see :func:`links` for the dates).
    ``cow``/``gw`` are the latest codes the actor held in each system (None when it never was a
    member); :func:`cow_code` with ``at`` gives the code held at a date (Germany: 260 then 255).
    """

    id: str
    name: str
    kind: str
    iso3: str | None = None
    iso2: str | None = None
    isonum: int | None = None
    cow: int | None = None
    gw: int | None = None
    cameo: str | None = None
    capital: str | None = None
    start: str | None = None
    end: str | None = None
    line: str = ""
    microstate: bool = False
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON shape every face uses (``from``/``to`` are the inclusive span)."""
        return {
            "id": self.id, "name": self.name, "iso3": self.iso3, "iso2": self.iso2,
            "cow": self.cow, "gw": self.gw, "cameo": self.cameo, "kind": self.kind,
            "capital": self.capital, "from": self.start, "to": self.end, "line": self.line,
            "predecessors": list(self.predecessors), "successors": list(self.successors),
            "aliases": list(self.aliases), "demonyms": list(self.demonyms),
        }

    def alive(self, at: _dt.date) -> bool:
        """True when ``at`` (a date) falls inside the actor's span."""
        span = _SPANS.get(self.id)
        if span is None or span[2] != (self.start, self.end):
            span = _SPANS[self.id] = (_iso(self.start) or _dt.date(1, 1, 1), _iso(self.end) or _FAR,
                                      (self.start, self.end))
        return span[0] <= at <= span[1]

    def __str__(self) -> str:  # pragma: no cover - convenience
        return f"{self.name} ({self.id})"


@dataclass(frozen=True)
class Span:
    """A membership span: ``who`` was in ``group`` (a system code or a bloc) from ``start`` to
    ``end`` inclusive (``end`` None = open)."""

    group: str
    code: int | None
    who: str
    start: _dt.date
    end: _dt.date | None
    note: str = ""

    def covers(self, d: _dt.date) -> bool:
        return self.start <= d <= (self.end or _FAR)

    def overlaps_year(self, year: int) -> bool:
        return self.start <= _dt.date(year, 12, 31) and (self.end or _FAR) >= _dt.date(year, 1, 1)


@dataclass(frozen=True)
class Link:
    predecessor: str
    successor: str
    date: str
    kind: str


# ------------------------------------------------------------------------------ dates

_SPANS: dict[str, tuple] = {}   # id -> (start date, end date, the strings they came from)

def _iso(s: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(s) if s else None


def _alive(start: str | None, end: str | None, at: _dt.date) -> bool:
    s = _iso(start) or _dt.date(1, 1, 1)
    e = _iso(end) or _FAR
    return s <= at <= e


_DATE_RE = re.compile(r"^(-?\d{1,4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def as_date(at: object, *, field_name: str = "at") -> _dt.date:
    """Turn a year (int or str), a partial ISO/EDTF date or a date into one calendar date.

    A year means 1 July, a year-month the 15th, a decade "195X" 1 July 1955, an interval
    "A/B" its start. Raises :class:`InputError` naming ``field_name`` otherwise.
    """
    if isinstance(at, _dt.datetime):
        return at.date()
    if isinstance(at, _dt.date):
        return at
    if isinstance(at, bool):
        raise InputError(f"not a date: {at!r}", field=field_name)
    if type(at) is int:
        if 1 <= at <= 9999:
            return _dt.date(at, 7, 1)
        raise InputError(f"year {at} is out of range", field=field_name)
    if isinstance(at, int):
        if not 1 <= at <= 9999:
            raise InputError(f"year {at} is out of range", field=field_name)
        return _dt.date(at, 7, 1)
    if isinstance(at, float) and at.is_integer():
        return as_date(int(at), field_name=field_name)
    if isinstance(at, str):
        s = at.strip()
        if "/" in s:
            s = s.split("/", 1)[0] or s.split("/", 1)[1]
        if re.fullmatch(r"\d{3}X", s, re.I):
            return _dt.date(int(s[:3]) * 10 + 5, 7, 1)
        m = _DATE_RE.match(s)
        if m:
            y, mo, d = m.groups()
            try:
                if d:
                    return _dt.date(int(y), int(mo), int(d))
                if mo:
                    return _dt.date(int(y), int(mo), 15)
                return as_date(int(y), field_name=field_name)
            except ValueError as e:
                raise InputError(f"impossible date {at!r}: {e}", field=field_name) from None
    raise InputError(f"not a date: {at!r} (use YYYY, YYYY-MM or YYYY-MM-DD)", field=field_name)


# ------------------------------------------------------------------------------ loading

def _norm(s: str) -> str:
    """Normalized lookup key: accents removed, case-folded, periods and apostrophes dropped,
    hyphens as spaces, "&" as "and", a leading "the" dropped, "St" as "Saint", whitespace
    collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()
    s = s.replace(".", "").replace("'", "").replace("’", "").replace(",", " ").replace("&", " and ")
    s = re.sub(r"[-_]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    if s.startswith("st "):
        s = "saint " + s[3:]
    return s


_COLUMNS = {
    "actors.csv": ("id", "name", "kind", "iso3", "iso2", "isonum", "cow", "gw", "cameo", "capital",
                   "start", "end", "line", "microstate"),
    "names.csv": ("id", "type", "names"),
    "links.csv": ("predecessor", "successor", "date", "kind"),
    "codes.csv": ("system", "code", "actor", "start", "end"),
    "blocs.csv": ("bloc", "member", "start", "end", "note"),
    "majors.csv": ("cow", "start", "end", "note"),
}
_NAME_TYPES = ("alias", "metonym", "demonym", "code")


class _Rows:
    """Rows of one table with their line numbers, and checks that fail with file/line/field."""

    def __init__(self, folder, name: str):
        self.name = name
        self.file = str(folder.joinpath(name))
        try:
            with folder.joinpath(name).open("r", encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                missing = [c for c in _COLUMNS[name] if c not in (reader.fieldnames or [])]
                if missing:
                    raise InputError(f"missing column(s) {', '.join(missing)}", file=self.file,
                                     line=1, field=missing[0])
                self.rows = [(i, r) for i, r in enumerate(reader, start=2)]
        except FileNotFoundError:
            raise InputError("table not found", file=self.file) from None

    def __iter__(self):
        return iter(self.rows)

    def fail(self, line: int, fld: str, msg: str):
        raise InputError(msg, file=self.file, line=line, field=fld)

    def date(self, line: int, r: dict, fld: str, required: bool = False) -> _dt.date | None:
        v = (r.get(fld) or "").strip()
        if not v:
            if required:
                self.fail(line, fld, "a date is required")
            return None
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            self.fail(line, fld, f"impossible date {v!r} (use YYYY-MM-DD)")

    def int(self, line: int, r: dict, fld: str) -> int | None:
        v = (r.get(fld) or "").strip()
        if not v:
            return None
        try:
            return int(v)
        except ValueError:
            self.fail(line, fld, f"not an integer: {v!r}")

    def actor(self, line: int, r: dict, fld: str, known) -> str:
        v = (r.get(fld) or "").strip()
        if v not in known:
            self.fail(line, fld, f"unknown actor id {v!r}")
        return v

    def span(self, line: int, r: dict) -> tuple[_dt.date, _dt.date | None]:
        s = self.date(line, r, "start", required=True)
        e = self.date(line, r, "end")
        if e is not None and e < s:
            self.fail(line, "end", f"end {e} is before start {s}")
        return s, e


def _int(s: str | None) -> int | None:
    s = (s or "").strip()
    return int(s) if s else None


def _default_folder():
    return resources.files("amity").joinpath("data", "actors")


# priority of a match in the name index (lower wins)
_PRIO = {"id": 0, "name": 1, "alias": 2, "metonym": 3, "demonym": 4, "capital": 5}


@dataclass
class _Registry:
    actors: dict[str, Actor]
    spans: list[Span]
    links: list[Link]
    blocs: list[Span]
    majors: list[Span]
    index: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    codes: dict[str, list[str]] = field(default_factory=dict)   # 3/2-letter code -> ids
    by_code: dict[tuple[str, int], list[Span]] = field(default_factory=dict)
    by_actor: dict[tuple[str, str], list[Span]] = field(default_factory=dict)  # (system, id)
    lines: dict[str, list[Actor]] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def _registry() -> _Registry:
    return load(_default_folder())


def load(folder) -> _Registry:
    """Read and check the six tables in ``folder`` (a path or a resources Traversable).

    Raises
    ------
    InputError
        Naming the file, line and field of the first bad value (unknown id or kind, impossible
        date, reversed span, bad code, duplicate id).
    """
    from pathlib import Path

    if isinstance(folder, (str, Path)):
        folder = Path(folder)
    t = _Rows(folder, "actors.csv")
    base: dict[str, tuple[int, dict]] = {}
    for line, r in t:
        aid = (r["id"] or "").strip()
        if not re.fullmatch(r"[A-Z0-9]{2,6}(-[A-Z]+)*", aid):  # six: ECOWAS
            t.fail(line, "id", f"bad actor id {aid!r} (ISO alpha-3, or alpha-3 plus -SUFFIX)")
        if aid in base:
            t.fail(line, "id", f"duplicate actor id {aid!r} (first on line {base[aid][0]})")
        if r["kind"] not in KINDS:
            t.fail(line, "kind", f"unknown kind {r['kind']!r}; use {', '.join(KINDS)}")
        if not (r["name"] or "").strip():
            t.fail(line, "name", "a name is required")
        s, e = t.date(line, r, "start"), t.date(line, r, "end")
        if s and e and e < s:
            t.fail(line, "end", f"end {e} is before start {s}")
        for fld in ("isonum", "cow", "gw"):
            t.int(line, r, fld)
        base[aid] = (line, r)
    known = set(base)
    nt = _Rows(folder, "names.csv")
    names: dict[str, dict[str, list[str]]] = {}
    for line, r in nt:
        aid = nt.actor(line, r, "id", known)
        if r["type"] not in _NAME_TYPES:
            nt.fail(line, "type", f"unknown name type {r['type']!r}; use {', '.join(_NAME_TYPES)}")
        names.setdefault(aid, {}).setdefault(r["type"], []).extend(
            n.strip() for n in (r["names"] or "").split("|") if n.strip())
    lt = _Rows(folder, "links.csv")
    links = []
    for line, r in lt:
        p, q = lt.actor(line, r, "predecessor", known), lt.actor(line, r, "successor", known)
        lt.date(line, r, "date", required=True)
        links.append(Link(p, q, r["date"], r["kind"]))
    preds: dict[str, list[str]] = {}
    succs: dict[str, list[str]] = {}
    for ln in links:
        preds.setdefault(ln.successor, []).append(ln.predecessor)
        succs.setdefault(ln.predecessor, []).append(ln.successor)
    actors: dict[str, Actor] = {}
    for aid, (line, r) in base.items():
        nm = names.get(aid, {})
        line_id = (r["line"] or "").strip() or aid.split("-")[0]
        actors[aid] = Actor(
            id=aid, name=r["name"].strip(), kind=r["kind"], iso3=r["iso3"] or None,
            iso2=r["iso2"] or None, isonum=_int(r["isonum"]), cow=_int(r["cow"]), gw=_int(r["gw"]),
            cameo=r["cameo"] or None, capital=r["capital"] or None, start=r["start"] or None,
            end=r["end"] or None, line=line_id, microstate=r["microstate"] == "True",
            aliases=tuple(nm.get("alias", []) + nm.get("metonym", [])),
            demonyms=tuple(nm.get("demonym", [])),
            predecessors=tuple(preds.get(aid, [])), successors=tuple(succs.get(aid, [])))
    ct = _Rows(folder, "codes.csv")
    spans = []
    for line, r in ct:
        if r["system"] not in SYSTEMS:
            ct.fail(line, "system", f"unknown system {r['system']!r}; use cow or gw")
        code = ct.int(line, r, "code")
        if code is None:
            ct.fail(line, "code", "a code is required")
        spans.append(Span(r["system"], code, ct.actor(line, r, "actor", known), *ct.span(line, r)))
    bt = _Rows(folder, "blocs.csv")
    blocs = []
    for line, r in bt:
        b = bt.actor(line, r, "bloc", known)
        if actors[b].kind != "organization":
            bt.fail(line, "bloc", f"{b} is not an organization")
        blocs.append(Span(b, None, bt.actor(line, r, "member", known), *bt.span(line, r),
                          r["note"] or ""))
    mt = _Rows(folder, "majors.csv")
    majors = []
    for line, r in mt:
        code = mt.int(line, r, "cow")
        if code is None:
            mt.fail(line, "cow", "a COW code is required")
        majors.append(Span("cow", code, "", *mt.span(line, r), r["note"] or ""))
    reg = _Registry(actors, spans, links, blocs, majors)
    for s in spans:
        reg.by_code.setdefault((s.group, s.code), []).append(s)
        reg.by_actor.setdefault((s.group, s.who), []).append(s)
    for a in actors.values():
        reg.lines.setdefault(a.line, []).append(a)
    for members_ in reg.lines.values():
        members_.sort(key=lambda x: (_ordinal(x.start), x.id))

    def add(key: str, prio: str, aid: str) -> None:
        k = _norm(key)
        if k:
            reg.index.setdefault(k, []).append((_PRIO[prio], aid))

    for a in actors.values():
        add(a.id, "id", a.id)
        add(a.name, "name", a.id)
        nm = names.get(a.id, {})
        for t in ("alias", "metonym", "demonym"):
            for n in nm.get(t, []):
                add(n, t, a.id)
        if a.capital:
            add(a.capital, "capital", a.id)
        for code in (a.iso3, a.cameo, a.iso2, *nm.get("code", [])):
            if code:
                reg.codes.setdefault(code.upper(), [])
                if a.id not in reg.codes[code.upper()]:
                    reg.codes[code.upper()].append(a.id)
    today = _dt.date.today()
    for k, cands in reg.index.items():
        # best priority first; among equals, an actor that exists today, then the latest start
        uniq: dict[str, int] = {}
        for p, aid in cands:
            uniq[aid] = min(p, uniq.get(aid, 99))
        reg.index[k] = sorted(((p, aid) for aid, p in uniq.items()), key=lambda t: (
            t[0], not actors[t[1]].alive(today), -_ordinal(actors[t[1]].start)))
    return reg


def _ordinal(s: str | None) -> int:
    return _iso(s).toordinal() if s else 0


def reload() -> None:
    """Drop the cached tables (after editing the CSV files)."""
    _registry.cache_clear()


# ------------------------------------------------------------------------------ public API

def all_actors(kind: str | None = None) -> list[Actor]:
    """Every actor of the registry (optionally of one ``kind``), sorted by id."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}", field="kind")
    acts = _registry().actors.values()
    return sorted((a for a in acts if kind is None or a.kind == kind), key=lambda a: a.id)


def get(id: str) -> Actor:
    """The actor with this canonical id (exact, case-insensitive). Raises UnknownActorError."""
    reg = _registry()
    a = reg.actors.get(str(id).strip().upper())
    if a is None:
        raise UnknownActorError(str(id), _suggest(str(id)))
    return a


def _suggest(name: str, n: int = 5) -> list[str]:
    from rapidfuzz import fuzz, process, utils

    reg = _registry()
    key = _norm(name)
    if not key:
        return []
    # short keys (codes, "us") only compete with short queries: WRatio's partial matching
    # would otherwise find "us" inside "Rusia"
    keys = [k for k in reg.index if len(k) > 3 or len(key) <= 4]
    hits = process.extract(key, keys, scorer=fuzz.WRatio, limit=n * 3,
                           processor=utils.default_process, score_cutoff=60)
    out: list[str] = []
    for k, _score, _ in hits:
        aid = reg.index[k][0][1]
        a = reg.actors[aid]
        label = f"{a.name} ({a.id})"
        if label not in out:
            out.append(label)
        if len(out) >= n:
            break
    return out


def _pick(ids: list[str], at: _dt.date | None) -> str:
    """First id alive at ``at`` (when given and one is), else the first id."""
    reg = _registry()
    if at is not None:
        for aid in ids:
            if reg.actors[aid].alive(at):
                return aid
    return ids[0]


def resolve(name_or_code: object, at: object = None) -> Actor:
    """Resolve a name, alias, demonym, capital (metonym) or code to the canonical actor.

    Rules, in order:

    1. an int or a numeric string is a COW code: with ``at``, the actor that held the code at
       that date (:func:`from_cow`; if the code was not a member then, the lineage member alive
       then); without ``at``, the actor holding it last (365 -> RUS, 710 -> CHN);
    2. an actor id ("SUN", "CHN-QING"), ISO alpha-3, CAMEO code or ISO alpha-2 ("US"), case-
       insensitive; a code some dissolved state also used picks the one alive at ``at``;
    3. a name, alias, metonym, demonym or capital, case-insensitive, with or without "the",
       periods or accents. A name resolves to the actor it names ("Russia" -> RUS,
       "Soviet Union" -> SUN). When a name names several actors ("China": CHN, CHN-ROC,
       CHN-QING; "Moscow": RUS, SUN, ...), ``at`` picks the one alive at that date; without
       ``at`` the best match wins (name > alias > metonym > demonym > capital, then an actor
       that exists today). Use :func:`lineage_at` to move any id to the lineage member alive
       in a year (``lineage_at("RUS", 1960)`` -> SUN).

    Raises
    ------
    UnknownActorError
        With up to five close suggestions.
    InputError
        When ``at`` is not a date.
    """
    reg = _registry()
    d = as_date(at) if at is not None else None
    if isinstance(name_or_code, Actor):
        return name_or_code
    if isinstance(name_or_code, bool) or name_or_code is None:
        raise UnknownActorError(repr(name_or_code), [])
    if isinstance(name_or_code, int) or (isinstance(name_or_code, str)
                                         and re.fullmatch(r"[0-9]+", name_or_code.strip())):
        code = int(name_or_code)
        a = _cow_actor(code, d)
        if a is None:
            raise UnknownActorError(str(name_or_code), ["a COW code such as 2 (USA), 365 (RUS), 710 (CHN)"])
        return a
    s = str(name_or_code).strip()
    if not s:
        raise UnknownActorError(s, [])
    up = s.upper()
    if up in reg.codes and (len(up) != 2 or s.isupper()):
        # a code several actors used (CAMEO's SCG is also the FRY, 1992-2003): the date decides
        return reg.actors[_pick(reg.codes[up], d)]
    if up in reg.actors:
        return reg.actors[up]
    key = _norm(s)
    cands = reg.index.get(key)
    if cands:
        ids = [aid for _, aid in cands]
        if d is not None:
            best = cands[0][0]
            # a date picks among the best-priority candidates first, then among all
            top = [aid for p, aid in cands if p == best]
            for pool in (top, ids):
                alive = [aid for aid in pool if reg.actors[aid].alive(d)]
                if alive:
                    return reg.actors[alive[0]]
        return reg.actors[ids[0]]
    raise UnknownActorError(s, _suggest(s))


def _cow_actor(code: int, d: _dt.date | None) -> Actor | None:
    reg = _registry()
    spans = reg.by_code.get(("cow", code))
    if not spans:
        return None
    if d is None:
        return reg.actors[max(spans, key=lambda s: s.start).who]
    hit = [s for s in spans if s.covers(d)]
    if hit:
        return reg.actors[hit[0].who]
    holders = list(dict.fromkeys(s.who for s in spans))
    for aid in holders:
        a = reg.actors[aid]
        if a.alive(d):
            return a
    la = lineage_at(holders[-1], d)
    return la if la is not None else reg.actors[max(spans, key=lambda s: s.start).who]


def _system_actor(system: str, code: int, year: object) -> Actor | None:
    if system not in SYSTEMS:
        raise InputError(f"unknown system {system!r}; use cow or gw", field="system")
    reg = _registry()
    spans = reg.by_code.get((system, int(code)), [])
    if isinstance(year, int) and not isinstance(year, bool):
        d = _dt.date(year, 7, 1)
        hit = [s for s in spans if s.covers(d)] or sorted(
            (s for s in spans if s.overlaps_year(year)), key=lambda s: s.start, reverse=True)
    else:
        d = as_date(year, field_name="year")
        hit = [s for s in spans if s.covers(d)]
    return reg.actors[hit[0].who] if hit else None


def from_cow(ccode: int, year: object) -> Actor | None:
    """The actor that held COW code ``ccode`` in ``year`` (a year or a date), or None when the
    code was not a system member then. A year is read at 1 July; if the code was a member only
    part of that year, the span in that year (the latest) decides.

    ``from_cow(365, 1900)`` -> RUS-EMPIRE, ``(365, 1960)`` -> SUN, ``(365, 2000)`` -> RUS,
    ``(710, 1900)`` -> CHN-QING, ``(710, 1930)`` -> CHN-ROC, ``(255, 1960)`` -> None (260 then).
    """
    return _system_actor("cow", ccode, year)


def from_gw(gwcode: int, year: object) -> Actor | None:
    """Like :func:`from_cow` for Gleditsch–Ward codes (``from_gw(260, 2000)`` -> DEU)."""
    return _system_actor("gw", gwcode, year)


def cow_code(id: str, at: object = None) -> int | None:
    """The COW code of an actor: the code it held at ``at`` when given (DEU: 260 in 1960, 255
    in 2000), else the latest it held; None when it never was a COW member (or not at ``at``)."""
    a = get(id) if not isinstance(id, Actor) else id
    if at is None:
        return a.cow
    d = as_date(at)
    for s in _registry().by_actor.get(("cow", a.id), []):
        if s.covers(d):
            return s.code
    return None


def gw_code(id: str, at: object = None) -> int | None:
    """The Gleditsch–Ward code of an actor (see :func:`cow_code`)."""
    a = get(id) if not isinstance(id, Actor) else id
    if at is None:
        return a.gw
    d = as_date(at)
    for s in _registry().by_actor.get(("gw", a.id), []):
        if s.covers(d):
            return s.code
    return None


def lineage(id: str) -> list[Actor]:
    """All members of the actor's line in time order (RUS: RUS-TSARDOM, RUS-EMPIRE, RUS-SFSR,
    SUN, RUS). A line groups the polities that the project treats as one continuing state."""
    a = get(id) if not isinstance(id, Actor) else id
    return list(_registry().lines[a.line])


def lineage_at(id: str, year: object) -> Actor | None:
    """The member of the actor's line alive at ``year`` (a year = 1 July, or a date), or None.

    ``lineage_at("RUS", 1960)`` -> SUN; ``lineage_at("SUN", 1700)`` -> RUS-TSARDOM;
    ``lineage_at("CHN", 1930)`` -> CHN-ROC; ``lineage_at("DEU", 1970)`` -> DEU.
    """
    d = as_date(year, field_name="year")
    alive = [x for x in lineage(id) if x.alive(d)]
    return alive[-1] if alive else None


def same_lineage(a: str, b: str) -> bool:
    """True when both ids belong to the same line (SUN and RUS; CHN-QING and CHN)."""
    return get(a).line == get(b).line


def exists_in(id: str, year: object) -> bool:
    """True when the actor exists at ``year``: any day of it for an int year, else that date."""
    a = get(id)
    if isinstance(year, int) and not isinstance(year, bool):
        s = _iso(a.start) or _dt.date(1, 1, 1)
        e = _iso(a.end) or _FAR
        return s <= _dt.date(year, 12, 31) and e >= _dt.date(year, 1, 1)
    return a.alive(as_date(year, field_name="year"))


def members(at: object, system: str = "cow", *, microstates: bool = True) -> list[Actor]:
    """Members of the COW or G-W state system at ``at``, sorted by code.

    An int year follows the state-year convention (a member on any day of the year counts; a
    code held by two lineage members that year reads at 1 July, so 1991 lists SUN, not RUS, but
    does list UKR); a date gives the members on that day. COW spans open in 2016 (and G-W in
    2017) continue to today.
    """
    if system not in SYSTEMS:
        raise InputError(f"unknown system {system!r}; use cow or gw", field="system")
    reg = _registry()
    out: dict[str, tuple[int, Actor]] = {}
    if isinstance(at, int) and not isinstance(at, bool):
        as_date(at)
        codes = sorted({s.code for s in reg.spans if s.group == system and s.overlaps_year(at)})
        for c in codes:
            a = _system_actor(system, c, at)
            if a is not None and (microstates or not a.microstate):
                out.setdefault(a.id, (c, a))
    else:
        d = as_date(at)
        for s in reg.spans:
            if s.group == system and s.covers(d):
                a = reg.actors[s.who]
                if microstates or not a.microstate:
                    out.setdefault(a.id, (s.code, a))
    return [a for _, a in sorted(out.values(), key=lambda t: (t[0], t[1].id))]


def bloc_members(bloc_id: str, at: object) -> list[str]:
    """Ids of a bloc's members at ``at`` (a year = 1 July, or a date), sorted.

    Blocs: EU (EEC/EC membership counts; the UK left 2020-01-31), NATO, UNSC (the permanent
    members: the China seat held by CHN-ROC/TWN until 1971-10-24, CHN from 1971-10-25; the USSR
    seat passes to RUS on 1991-12-24), G7, SCO, CSTO, BRICS.
    """
    b = resolve(bloc_id).id if not isinstance(bloc_id, Actor) else bloc_id.id
    reg = _registry()
    if not any(s.group == b for s in reg.blocs):
        raise InputError(f"{b} is not a bloc with known members; blocs: {', '.join(blocs())}",
                         field="bloc")
    d = as_date(at)
    return sorted({s.who for s in reg.blocs if s.group == b and s.covers(d)})


def bloc_spans(bloc_id: str) -> list[Span]:
    """Every membership span of a bloc (member, start, end, note)."""
    b = resolve(bloc_id).id
    return [s for s in _registry().blocs if s.group == b]


def blocs() -> list[str]:
    """Ids of the blocs with membership data."""
    return sorted({s.group for s in _registry().blocs})


def memberships(id: str, at: object) -> list[str]:
    """The blocs an actor belongs to at ``at``."""
    a = get(id).id
    d = as_date(at)
    return sorted({s.group for s in _registry().blocs if s.who == a and s.covers(d)})


def major_powers(year: object) -> list[Actor]:
    """COW major powers at ``year`` (COW 2016 list; spans open in 2016 continue to today).

    A year reads at 1 July: 1960 -> CHN, FRA, GBR, SUN, USA.
    """
    d = as_date(year, field_name="year")
    out = []
    for s in _registry().majors:
        if s.covers(d):
            a = from_cow(s.code, d)
            if a is not None:
                out.append(a)
    return sorted(out, key=lambda a: a.id)


def links(id: str | None = None) -> list[Link]:
    """Predecessor/successor links (with dates and kinds), all or those touching ``id``."""
    ls = _registry().links
    if id is None:
        return list(ls)
    a = get(id).id
    return [ln for ln in ls if a in (ln.predecessor, ln.successor)]


def system_spans(system: str | None = None) -> list[Span]:
    """Membership spans in the COW/G-W systems (code, actor, start, end)."""
    return [s for s in _registry().spans if system is None or s.group == system]


def search(text: str, limit: int = 10) -> list[Actor]:
    """Actors whose names come closest to ``text`` (fuzzy)."""
    reg = _registry()
    out = []
    for lab in _suggest(text, limit):
        aid = lab.rsplit("(", 1)[1].rstrip(")")
        out.append(reg.actors[aid])
    return out


def ids(values: Iterable[object], at: object = None) -> list[str]:
    """Resolve many names/codes to ids (raises on the first unknown)."""
    return [resolve(v, at).id for v in values]


def as_frame(kind: str | None = None):
    """The registry as a pandas DataFrame, one row per actor (lists joined with "|").

    Columns: id, name, kind, iso3, iso2, isonum, cow, gw, cameo, capital, start, end, line,
    microstate, aliases, demonyms, predecessors, successors. Useful for joins in panels.
    """
    import pandas as pd

    rows = []
    for a in all_actors(kind):
        d = {k: getattr(a, k) for k in ("id", "name", "kind", "iso3", "iso2", "isonum", "cow",
                                         "gw", "cameo", "capital", "start", "end", "line",
                                         "microstate")}
        for k in ("aliases", "demonyms", "predecessors", "successors"):
            d[k] = "|".join(getattr(a, k))
        rows.append(d)
    df = pd.DataFrame(rows)
    for c in ("isonum", "cow", "gw"):
        df[c] = df[c].astype("Int64")
    return df


def spans_frame(system: str | None = None):
    """COW/G-W membership spans as a DataFrame: system, code, actor, start, end (dates; end
    missing while open)."""
    import pandas as pd

    return pd.DataFrame([{"system": s.group, "code": s.code, "actor": s.who, "start": s.start,
                          "end": s.end} for s in system_spans(system)])


caches.register("actors.registry._registry", _registry.cache_clear)
caches.register("actors.registry._SPANS", _SPANS.clear)
