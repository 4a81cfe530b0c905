"""The PETRARCH2 dictionaries inside the reader.

Two hooks:

- :func:`code_verb` is consulted by the event stage where its own lexicon
  (:mod:`amity.reader.lexicon`, a layer on top, with the object-noun distinctions the output
  contract needs) has no rule that matches: a verb whose lemma is in CAMEO 2.0 and one of whose
  patterns matches the parse (object nouns, prepositional frames) gets that pattern's code; a
  dictionary verb the lexicon does not know takes its default code (except statements and
  appeals, roots 01/02, which are too weak to stand alone). Consulting the dictionary first was
  measured and rejected: event F1 on the own gold fell from 0.82 to 0.68 (test half), mostly
  through finer CAMEO codes in another PLOVER category than the contract's.
- :class:`DictionaryStage` runs after the event stage and adds to each event the words that named
  its actors (``source_text``/``target_text``), their sector from the Phoenix actor and agent
  dictionaries (``source_sector``/``target_sector``: "the Lebanese government" -> GOV, "Syrian
  rebels" -> REB, "the United Nations" -> IGO), and the span of the event word itself
  (``event_span`` [start, end] characters, ``event_text``); ``span``/``text`` stay the sentence.

Amity's own actor layer (historical polities, capitals by date, "the two countries", the
registry's ids and lineage) keeps deciding *who* an actor is; the Phoenix dictionaries add the
sector. Without the mirror (``AMITY_MIRROR`` unset or the files absent) the reader works as
before, with the lexicon alone and null sectors.
"""
from __future__ import annotations

import functools
import os

from amity.reader.document import Document, DocumentStage

# statements that name what is said about an act (decline comment, claim and deny
# responsibility): events even where they come from no pattern (the coder's frames)
SPECIFIC_STATEMENTS = {"011", "015", "016"}
# CAMEO codes read as one joint act of all parties when the lexicon does not know the verb
JOINT_CODES = {"030", "031", "036", "040", "041", "043", "046", "050", "051", "054", "057", "061",
               "062", "0311", "0312"}


@functools.lru_cache(maxsize=1)
def dictionaries():
    """The Phoenix/CAMEO 2.0 dictionaries, or None when the mirror does not hold them."""
    if os.environ.get("AMITY_READER_DICTIONARIES", "1") == "0":
        return None
    try:
        from amity.reader import petrarch

        return petrarch.phoenix()
    except (FileNotFoundError, OSError):
        return None


def code_verb(tok, lexicon: dict) -> tuple[str, str] | None:
    """(CAMEO code, mode) of ``tok`` from a matching CAMEO 2.0 pattern, else None (the caller
    falls back to its lexicon). A verb absent from the lexicon also takes its default code.
    Memoized on the parse (``Doc.user_data``)."""
    d = dictionaries()
    if d is None:
        return None
    key = ("amity.code_verb", tok.i, id(d), id(lexicon))
    memo = tok.doc.user_data
    if key not in memo:
        memo[key] = _code_verb(tok, lexicon, d)
    return memo[key]


def _code_verb(tok, lexicon: dict, d) -> tuple[str, str] | None:
    from amity.reader import petrarch

    lemma = tok.lemma_.lower()
    if petrarch.idiom(tok):
        return None
    vm = petrarch.match_verb(tok, d.verbs)
    plain = vm
    if lemma not in lexicon:
        vm = petrarch.verb_match(tok, d.verbs, futures=d.futures_as_intent)
    elif vm is not None and vm.pattern is not None and (vm.code or "01")[:2] != "01" \
            and petrarch.reports_act(tok, d.verbs):
        return None  # "announced it would prohibit all aid": the act announced is the event
    if vm is None:
        return None
    if vm.pattern is None and lemma in lexicon:
        return None
    code = vm.code or None
    if code is None:
        return None
    if code[:2] in ("01", "02") and lemma not in lexicon and (plain is None or plain.code == code) \
            and vm.pattern is None and petrarch.REQUEST_VERBS.get(lemma) != "02" \
            and _carried(tok, d, plain) != code and code not in SPECIFIC_STATEMENTS:
        # statements and appeals of unknown verbs are too weak to stand as events, but a verb of
        # asking ("requested an urgent meeting", "appealed to X to ...") is an appeal, and so is
        # the appeal a verb performs through its object ("made an appeal to X")
        return None
    rules = lexicon.get(lemma)
    mode = rules[0][2] if rules else ("joint" if code in JOINT_CODES or vm.rcode == code else "directed")
    return code, mode



def _carried(tok, d, plain) -> str | None:
    from amity.reader import petrarch

    cm = petrarch.carried_code(tok, d.verbs, plain)
    return cm.code if cm is not None else None


class DictionaryStage(DocumentStage):
    """Adds actor words, sectors and the event word's span to each event."""

    name = "dictionary"

    def _one(self, d: Document) -> None:
        dicts = dictionaries()
        sectors: dict[int, str] = getattr(d, "_sectors", None) or {}
        if dicts is not None and d.events and not sectors:
            from amity.reader import petrarch

            for a in petrarch.find_actors(d.doc, dicts, d.date):
                sec = petrarch.sector_of(a.code)
                if sec:
                    for i in range(a.start, a.end):
                        sectors[i] = sec
        for e in d.events:
            ti = e.pop("_tok", None)
            given = e.pop("_mentions", None)  # a domestic event's two mentions of one actor
            tok = d.doc[ti] if ti is not None else None
            e["event_span"] = [tok.idx, tok.idx + len(tok.text)] if tok is not None else list(e["span"])
            e["event_text"] = tok.text if tok is not None else e["text"]
            for k, role in enumerate(("source", "target")):
                m = given[k] if given else self._mention(d, e.get(role), tok, e["span"], role)
                e[f"{role}_text"] = m.text if m is not None else None
                sec = None
                if m is not None:
                    sec = next((sectors[i] for i in range(m.start, m.end) if i in sectors), None)
                    if sec is None and m.end < len(d.doc):
                        # "Lebanese government": the agent right after the country word
                        h = d.doc[m.end - 1].head
                        sec = sectors.get(h.i) if h.i != m.end - 1 else None
                e[f"{role}_sector"] = sec

    @staticmethod
    def _mention(d: Document, actor, tok, span, role: str = "source"):
        """The words that named ``actor`` for the event at ``tok``: a doer is not a place ("Hamas
        fighters attacked Israel from Gaza, killing ...": Hamas fighters), a receiver is named
        below the event's word where it can be ("declared war on Hamas and began air strikes on
        Gaza": Gaza for the strikes); then the nearest mention."""
        if actor is None:
            return None
        cands = [m for m in d.mentions if actor in m.actors
                 and span[0] <= d.doc[m.start].idx < span[1]]
        if not cands:
            return None
        if tok is None:
            return cands[0]
        below = {t.i for t in tok.subtree}
        if role == "source":
            return min(cands, key=lambda m: (m.kind == "place", abs(m.start - tok.i)))
        return min(cands, key=lambda m: (m.start not in below, abs(m.start - tok.i)))
