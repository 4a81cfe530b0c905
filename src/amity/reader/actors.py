"""Actor stage: find the actors a text names and give each its canonical id.

Covers country names, demonyms and adjectives ("Russian", "Chinese"), capitals and seats of
government as metonyms ("Beijing and Moscow announced...", "the Kremlin"), leaders, organisations
(EU, NATO, UN, UNSC...), historical polities ("Tsarist Russia", "the Soviet Union", "Qing China"),
hyphenated prefixes in names ("Sino-Soviet") and group references within a paragraph ("the two
countries", "both sides" -> the last two actors named before it in the same paragraph).
Capitals and a few names are resolved by date (Moscow in 1960 is SUN; "Republic of China" in 1930
is CHN-ROC); a plain country name keeps its own id whatever the date ("Russia" stays RUS).

Named entities the table does not know are passed to the actor registry (``amity.actors.resolve``)
when that module is installed; unresolved names are ignored.
"""
from __future__ import annotations

import functools
import re

from amity.reader import gazetteer
from amity.reader.document import Document, DocumentStage, Mention

_GROUP = re.compile(
    r"\b(?:the two (?:countries|sides|nations|states|governments|leaders|presidents|powers|"
    r"neighbou?rs|allies|capitals)|both (?:countries|sides|nations|governments|leaders|capitals)|"
    r"the pair)\b", re.I)

# Regional adjectives that name no actor ("European capitals", "Western governments").
_VAGUE_NAMES = {"European", "Europeans", "Western", "Asian", "African", "Arab", "Latin American",
                "Eastern", "Nordic", "Baltic", "Central Asian", "Middle Eastern", "Pacific"}

# Places that stand for the state they belong to (only ever targets/locations, never doers).
PLACES: dict[str, str] = {
    "Crimea": "UKR", "Donbas": "UKR", "Donetsk": "UKR", "Luhansk": "UKR", "Kherson": "UKR",
    "Kharkiv": "UKR", "Bakhmut": "UKR", "Mariupol": "UKR", "Zaporizhzhia": "UKR",
    "Kursk": "RUS", "Okinawa": "JPN", "Hong Kong": "CHN", "Xinjiang": "CHN", "Tibet": "CHN",
    "Abkhazia": "GEO", "South Ossetia": "GEO", "Kaliningrad": "RUS", "Vladivostok": "RUS",
    "Guam": "USA", "Hawaii": "USA", "Panmunjom": "KOR",
    "Gaza": "PSE", "Gaza Strip": "PSE", "West Bank": "PSE", "Nagorno-Karabakh": "AZE",
}


@functools.lru_cache(maxsize=4)
def _matcher(vocab_id: int):
    from spacy.matcher import PhraseMatcher

    from amity.reader.nlp import load_nlp

    nlp = load_nlp()
    m = PhraseMatcher(nlp.vocab, attr="ORTH")
    table: dict[str, gazetteer.Form] = {}
    for f in gazetteer.forms():
        table[f.text] = f
    for name, ident in PLACES.items():
        table[name] = gazetteer.Form(name, "place", (("0000", "9999", ident),))
    for key in table:
        m.add(key, [nlp.make_doc(key)])
    return m, table


def _registry():
    try:
        from amity import actors  # noqa: F401
        return actors if hasattr(actors, "resolve") else None
    except Exception:  # pragma: no cover - registry absent or broken
        return None


@functools.lru_cache(maxsize=4096)
def _registry_lookup(name: str, at: str | None) -> str | None:
    reg = _registry()
    if reg is None:
        return None
    try:
        a = reg.resolve(name, at=at) if at else reg.resolve(name)
    except Exception:
        return None
    kind = getattr(a, "kind", None)
    return getattr(a, "id", None) if kind in ("state", "polity", "organization") else None


def in_force(actor_id: str, edtf: str | None) -> str:
    """The successor in ``actor_id``'s line that existed in the year of ``edtf`` when ``actor_id``
    had ended by then ("the two countries" named as SUN and CHN, a treaty of 2004: RUS and CHN);
    the id itself otherwise (it existed then, it came later, or the registry does not know it)."""
    m = re.match(r"(\d{4})", edtf or "")
    if not m:
        return actor_id
    from amity.actors import registry
    from amity.errors import AmityError

    year = int(m.group(1))
    try:
        if registry.exists_in(actor_id, year):
            return actor_id
        end = registry.get(actor_id).end
        if not end or int(end[:4]) >= year:
            return actor_id  # only a state gone by then is read forward ("Russia" stays RUS in 1689)
        a = registry.lineage_at(actor_id, year)
    except AmityError:  # an id the registry does not hold
        return actor_id
    return a.id if a is not None else actor_id


def context_date(doc: Document, char: int) -> str | None:
    """The date in force at ``char``: a date of the same sentence, else the last resolved date
    before it in its paragraph, else the document date."""
    span = doc.doc.char_span(char, min(char + 1, len(doc.text)), alignment_mode="expand")
    if span is not None and len(span):
        s = span[0].sent
        for d in doc.dates:
            if s.start_char <= d.start < s.end_char and d.edtf:
                return d.edtf.split("/")[0]
    para = doc.paragraph_of(char)
    best = None
    for d in doc.dates:
        if d.start > char:
            break
        if d.edtf and doc.paragraph_of(d.start) == para:
            best = d.edtf.split("/")[0]
    return best or doc.date


def phoenix_actors(d: Document) -> list:
    """The Phoenix dictionaries' actor matches of a document (cached on it), or []."""
    got = getattr(d, "_phoenix", None)
    if got is None:
        got = []
        from amity.reader import dictcode

        dicts = dictcode.dictionaries()
        if dicts is not None:
            from amity.reader import petrarch

            got = petrarch.find_actors(d.doc, dicts, d.date)
        d._phoenix = got
    return got


def _phoenix_named(d: Document, covered: set[int]) -> list[Mention]:
    """Mentions for proper names the Phoenix dictionaries code as a country's sub-state or
    non-state actor (country code + sector: PSEREBHMS, LBNREB, AFGREBTAL), where Amity's own
    layer named nothing; the country must be one the registry knows."""
    from amity.reader import petrarch

    out = []
    for a in phoenix_actors(d):
        if any(i in covered for i in range(a.start, a.end)):
            continue
        code = a.code
        if len(code) < 6 or code[:3] in petrarch.SECTORS or code[3:6] not in petrarch.SECTORS:
            continue
        span = d.doc[a.start:a.end]
        if not any(t.pos_ == "PROPN" for t in span):
            continue  # "the government", "rebels": no name, no actor
        country = _registry_lookup(code[:3], context_date(d, span.start_char)) if _registry() else None
        if country is None and code[:3] in gazetteer_ids():
            country = code[:3]
        if country:
            out.append(Mention(a.start, a.end, span.text, (country,), "nonstate"))
    return out


# Phoenix codes of intergovernmental organizations -> registry ids, most specific first (the
# IAEA is coded under the UN); other UN agencies, banks and funds are not the UN itself
IGO_CODES: tuple[tuple[str, str], ...] = (
    ("IGOUNOIAE", "IAEA"), ("IGOUNO", "UN"), ("IGOEUREEC", "EU"), ("IGOWSTNAT", "NATO"),
    ("IGOWAFWAS", "ECOWAS"), ("IGOWAFBUSWAS", "ECOWAS"), ("IGOMEAARL", "LAS"), ("IGOARL", "LAS"),
    ("IGOSEAASN", "ASEAN"), ("IGOAFRAFU", "AU"), ("IGOAFROAU", "OAU"))


def _igo_id(code: str) -> str | None:
    for prefix, ident in IGO_CODES:
        if code == prefix or (code.startswith(prefix) and prefix != "IGOUNO"):
            return ident
    return None


def _phoenix_igos(d: Document, covered: set[int]) -> list[Mention]:
    """Mentions for proper names the Phoenix international dictionary codes as an organization
    the registry holds ("Boutros Boutros-Ghali" IGOUNO -> UN, "Mohamed Ibn Chambas" IGOWAFWAS ->
    ECOWAS), where nothing else named them."""
    out = []
    for a in phoenix_actors(d):
        if not a.code.startswith("IGO") or any(i in covered for i in range(a.start, a.end)):
            continue
        span = d.doc[a.start:a.end]
        if not any(t.pos_ == "PROPN" for t in span):
            continue
        ident = _igo_id(a.code)
        ident = ident and _registry_lookup(ident, None)
        if ident:
            out.append(Mention(a.start, a.end, span.text, (ident,), "organization"))
    return out


def _phoenix_places(d: Document, covered: set[int]) -> list[Mention]:
    """Mentions for names the Phoenix country dictionary lists under a country, where nothing
    else named them. A name the registry reads as that state ("Niger", "Mali", "Burkina Faso",
    which the small spaCy model often labels PERSON or WORK_OF_ART and so never asks the
    registry about) is the state; a city or region under it ("Tel Aviv", "Haifa" under ISR),
    labelled a place by spaCy, stands for its state as a target only, like "Crimea"."""
    ents = {i for e in d.doc.ents if e.label_ in ("GPE", "LOC", "FAC") for i in range(e.start, e.end)}
    norp = {i for e in d.doc.ents if e.label_ == "NORP" for i in range(e.start, e.end)}
    out = []
    from amity.reader import petrarch

    for a in phoenix_actors(d):
        if any(i in covered for i in range(a.start, a.end)):
            continue
        first = d.doc[a.start]
        sector_code = len(a.code) >= 6 and a.code[3:6] in petrarch.SECTORS
        if (len(a.code) == 3 or sector_code) and first.pos_ == "ADJ" and first.text[:1].isupper() \
                and first.i not in covered and a.code[:3] not in petrarch.SECTORS:
            # a country's adjective ("Ghanaian authorities", "Nigerian troops"): the state
            at = context_date(d, first.idx)
            country = _registry_lookup(a.code[:3], at) if _registry() else None
            if country is None and a.code[:3] in gazetteer_ids():
                country = a.code[:3]
            if country:
                out.append(Mention(first.i, first.i + 1, first.text, (country,), "adjective"))
            continue
        if len(a.code) != 3:
            continue
        span = d.doc[a.start:a.end]
        if not all(t.pos_ == "PROPN" for t in span):
            continue
        at = context_date(d, span.start_char)
        country = _registry_lookup(a.code, at) if _registry() else None
        if country is None and a.code in gazetteer_ids():
            country = a.code
        if not country:
            continue
        named = _registry_lookup(span.text, at) if _registry() else None
        if named == country:
            out.append(Mention(a.start, a.end, span.text, (country,), "registry"))
        elif all(i in norp for i in range(a.start, a.end)):
            # a people named by the country dictionary ("168 Liberians"): its state
            out.append(Mention(a.start, a.end, span.text, (country,), "adjective"))
        elif all(i in ents for i in range(a.start, a.end)):
            out.append(Mention(a.start, a.end, span.text, (country,), "place"))
    return out


@functools.lru_cache(maxsize=1)
def gazetteer_ids() -> frozenset:
    return frozenset(i for f in gazetteer.forms() for _, _, i in f.ids)


class ActorStage(DocumentStage):
    """Adds :class:`Mention` objects to each document (``doc.mentions``, in token order)."""

    name = "actors"

    def _one(self, d: Document) -> None:
        from spacy.util import filter_spans

        sd = d.doc
        matcher, table = _matcher(id(sd.vocab))
        spans = [sd[s:e] for _, s, e in matcher(sd)]
        spans = filter_spans(spans)
        mentions: list[Mention] = []
        covered = set()
        for sp in spans:
            form = table.get(sp.text)
            if form is None:
                continue
            # "Sino-", "Soviet-" as the first part of a hyphenated compound
            nxt = sd[sp.end] if sp.end < len(sd) else None
            kind = form.kind
            ident = form.at(context_date(d, sp.start_char))
            if nxt is not None and nxt.text == "-" and sp.text in gazetteer.PREFIXES:
                kind = "prefix"
                ident = gazetteer.PREFIXES[sp.text] if form.kind != "adjective" else ident
                if sp.text == "Soviet":
                    ident = "SUN"
            mentions.append(Mention(sp.start, sp.end, sp.text, (ident,), kind))
            covered.update(range(sp.start, sp.end))
        # prefixes that are not names ("Sino-", "Anglo-", "Indo-")
        for t in sd:
            if t.i in covered or t.text not in gazetteer.PREFIXES:
                continue
            if t.i + 1 < len(sd) and sd[t.i + 1].text == "-":
                mentions.append(Mention(t.i, t.i + 1, t.text, (gazetteer.PREFIXES[t.text],),
                                        "prefix"))
                covered.add(t.i)
        # entities the table does not know: ask the registry
        if _registry() is not None:
            for ent in sd.ents:
                if ent.label_ not in ("GPE", "NORP", "ORG") or any(
                        i in covered for i in range(ent.start, ent.end)):
                    continue
                text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                if text in _VAGUE_NAMES:
                    continue
                ident = _registry_lookup(text, context_date(d, ent.start_char))
                if ident:
                    mentions.append(Mention(ent.start, ent.end, ent.text, (ident,), "registry"))
                    covered.update(range(ent.start, ent.end))
        # named sub-state and non-state actors of the Phoenix dictionaries ("Hamas" PSEREBHMS,
        # "Hezbollah" LBNREB): the actor is their country, the sector comes with the event
        for m in _phoenix_named(d, covered):
            mentions.append(m)
            covered.update(range(m.start, m.end))
        for m in _phoenix_igos(d, covered) + _phoenix_places(d, covered):
            if any(i in covered for i in range(m.start, m.end)):
                continue
            mentions.append(m)
            covered.update(range(m.start, m.end))
        mentions.sort(key=lambda m: m.start)
        # group references: the last two distinct actors named earlier in the paragraph, else
        # reaching back into the paragraph before it ("... China did not condemn it.\n\nIn 2001,
        # by the Treaty of X, the two states pledged ...")
        for m in _GROUP.finditer(d.text):
            sp = sd.char_span(m.start(), m.end(), alignment_mode="expand")
            if sp is None or any(i in covered for i in range(sp.start, sp.end)):
                continue
            para = d.paragraph_of(m.start())
            seen: list[str] = []
            for prev in reversed(mentions):
                if prev.start >= sp.start:
                    continue
                if d.paragraph_of(sd[prev.start].idx) not in (para, para - 1) or prev.kind in ("place", "prefix"):
                    continue
                for a in prev.actors:
                    if a not in seen:
                        seen.append(a)
                if len(seen) >= 2:
                    break
            if len(seen) >= 2:
                mentions.append(Mention(sp.start, sp.end, sp.text, tuple(sorted(seen[:2])), "group"))
        mentions.sort(key=lambda m: m.start)
        d.mentions = mentions
