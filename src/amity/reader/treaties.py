"""Treaty stage: named treaty and agreement mentions with their year, parties and obligations.

A treaty mention is (a) a capitalised name around a treaty word ("Treaty of Aigun", "Sino-Soviet
Treaty of Friendship, Alliance and Mutual Assistance", "Minsk agreements", "New START treaty"),
(b) a lower-case treaty word that is the object of a signing verb ("signed a mutual defense
treaty") or (c) one preceded by a year ("the 2001 treaty").

- date: a year in parentheses after the name ("(1858)"), "of 1953" after it, a year before it
  ("the 1950 ... Treaty"), else the date of the signing verb that governs it; a treaty only
  withdrawn from or suspended gets no date (that date is not the treaty's).
- parties: states named inside the name ("Sino-Soviet" -> CHN, SUN), "between X and Y", the
  signers; else every actor of the sentence.
- obligations: stated in the sentence or in a following sentence about "the treaty": defense,
  non-aggression, neutrality, consultation, border, friendship, cooperation; explicit denials
  ("not of an alliance character", "not a military alliance") go to ``negated_obligations``.
"""
from __future__ import annotations

import re

from amity.reader.actors import context_date, in_force
from amity.reader.document import Document, DocumentStage

HEADS = {"treaty", "treaties", "agreement", "agreements", "pact", "accord", "accords", "alliance",
         "memorandum", "convention", "protocol", "framework", "initiative", "declaration",
         "communique", "communiqué", "charter"}
NAMED_ONLY = {"alliance", "framework", "initiative", "declaration", "communique", "communiqué",
              "charter", "convention", "protocol", "memorandum", "agreements", "treaties", "accords"}
SIGN_VERBS = {"sign", "conclude", "ratify", "ink", "announce", "issue", "broker", "negotiate",
              "agree", "extend", "renew", "adopt", "enter"}
MAKE_VERBS = {"sign", "conclude", "ratify", "ink", "announce", "issue", "broker", "adopt", "enter"}
# verbs that name an existing treaty (found like a signed one) without dating it
KEEP_VERBS = {"renew", "extend", "prolong"}
# verbs of what a treaty did when it was made ("the Treaty of Aigun moved the border", "the
# Convention of Peking gave Russia the land"): with the treaty as subject, the clause's date is
# the treaty's; and "under the Treaty of X, Y gained Z" likewise
EFFECT_VERBS = {"give", "move", "set", "fix", "cede", "transfer", "grant", "establish", "create",
                "define", "draw", "end", "hand", "award", "demarcate", "settle", "divide",
                "partition", "return", "redraw", "shift", "open", "gain", "acquire", "lose", "take"}
# "by the Treaty of X, A and B pledged ...", "under the treaty they agreed ...": the treaty is the
# instrument of the clause's commitment, and that clause's date is the treaty's
INSTRUMENT_PREPS = {"under", "by", "through", "in"}
PLEDGE_VERBS = {"pledge", "agree", "promise", "commit", "undertake", "recognize", "recognise",
                "renounce", "guarantee", "vow", "accept", "resolve", "affirm", "reaffirm", "bind",
                "oblige", "obligate"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_YEAR_RX = re.compile(r"1[5-9]\d\d|20\d\d")
CONNECT = {"of", "on", "for", "and", ",", "-", "the", "in", "&"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}
ACRONYMS = {"START", "SALT", "JCPOA", "NPT", "CTBT", "INF", "CFE", "AUKUS"}

OBLIGATIONS: list[tuple[str, re.Pattern]] = [
    ("defense", re.compile(
        r"mutual (?:defen[cs]e|assistance)|military assistance|defen[cs]e pact|defend each other|"
        r"\bto defend\b|if (?:the other is |either (?:side )?is |one is |it is )?attacked|"
        r"\balliance\b|military coalition|collective (?:defen[cs]e|security)|Mutual Security|"
        r"Cooperation and Security", re.I)),
    ("non-aggression", re.compile(r"non-?aggression|not to attack", re.I)),
    ("neutrality", re.compile(r"neutrality|remain neutral", re.I)),
    ("consultation", re.compile(r"\bconsult(?:ation|ations|ing)?\b", re.I)),
    ("border", re.compile(r"\bborder|boundary|frontier|demarcat|territory (?:east|west|north|south) of", re.I)),
    ("friendship", re.compile(r"friendship|good-?neighbo", re.I)),
    ("cooperation", re.compile(r"cooperation|partnership|co-operation", re.I)),
]
NEGATED: list[tuple[str, re.Pattern]] = [
    ("defense", re.compile(
        r"not (?:be )?(?:of )?an? (?:military |defen[cs]e )?alliance|not of an alliance character|"
        r"not (?:a |an )?(?:military|defen[cs]e) (?:alliance|pact)|no (?:mutual )?defen[cs]e|"
        r"without (?:a |any )?(?:mutual )?defen[cs]e|not (?:be )?(?:of )?a military coalition|"
        r"neither is obliged to defend|no alliance|non-?alliance|not an alliance", re.I)),
]


def _is_title(tok) -> bool:
    t = tok.text
    return (t[:1].isupper() or t.isupper()) and tok.is_alpha or (
        tok.like_num is False and t[:1].isupper() and "-" in t)


def _name_span(sent, head):
    """Token range of a capitalised treaty name around ``head`` (or None if not named)."""
    doc = head.doc
    s = head.i
    while s - 1 >= sent.start:
        prev = doc[s - 1]
        if prev.text == "-" and s - 2 >= sent.start and _is_title(doc[s - 2]):
            s -= 2
            continue
        if _is_title(prev) and prev.lower_ != "the" and not (
                prev.i == sent.start and prev.pos_ == "DET"):
            s -= 1
            continue
        break
    named = _is_title(head) or s < head.i
    if not named:
        return None
    e = head.i + 1
    if _is_title(head):
        j = e
        last_good = e
        inside = {x.i for x in head.subtree}
        while j < sent.end:
            t = doc[j]
            if t.lower_ in CONNECT or t.text == "-":
                j += 1
                continue
            if _is_title(t) and not t.like_num:
                if j > e and t.i not in inside and any(doc[k].text == "," for k in range(e, j)):
                    break  # "under the Treaty of X, Peru and Ecuador agreed": the clause's subject
                if doc[j - 1].lower_ == "in" and (t.ent_type_ in ("GPE", "DATE", "LOC")
                                                  or t.lower_ in _MONTHS):
                    break
                # a trailing date phrase is not part of the name ("... Agreement on Wednesday")
                if doc[j - 1].lower_ in CONNECT and (t.ent_type_ in ("DATE", "TIME")
                                                     or t.lower_ in _MONTHS or t.lower_ in _WEEKDAYS):
                    break
                j += 1
                last_good = j
                continue
            break
        e = last_good
    return s, e


def _descriptive_span(head):
    """'mutual defense treaty', 'treaty of friendship', 'agreement on the X Corridor'."""
    left = [c for c in head.lefts if c.dep_ in ("amod", "compound", "nmod") and not c.like_num]
    s = min([head.i] + [min(x.i for x in c.subtree) for c in left])
    while s < head.i and (head.doc[s].like_num or head.doc[s].dep_ in ("det", "poss", "nummod", "quantmod")
                          or head.doc[s].lower_ in ("new", "first", "last", "same")):
        s += 1
    e = head.i + 1
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "on"):
            e = max(e, max(x.i for x in c.subtree) + 1)
    return s, e


def _year_near(doc_, s, e, sent):
    doc = doc_
    # "(1858)"
    if e + 2 < sent.end + 1 and e + 2 <= len(doc) and doc[e].text == "(" and e + 1 < len(doc) \
            and re.fullmatch(r"1[5-9]\d\d|20\d\d", doc[e + 1].text):
        return doc[e + 1].text
    # "of 1953", "of 2014 and 2015"
    if e + 1 < len(doc) and doc[e].lower_ == "of" and re.fullmatch(r"1[5-9]\d\d|20\d\d", doc[e + 1].text):
        if e + 3 < len(doc) and doc[e + 2].lower_ == "and" and re.fullmatch(r"1[5-9]\d\d|20\d\d", doc[e + 3].text):
            return f"{doc[e + 1].text}/{doc[e + 3].text}"
        return doc[e + 1].text
    # "the 1950 Sino-Soviet Treaty"
    if s - 1 >= sent.start and re.fullmatch(r"1[5-9]\d\d|20\d\d", doc[s - 1].text):
        return doc[s - 1].text
    return None


def _governing_verb(head):
    """The signing-type verb whose object (or passive subject) the treaty is."""
    t = head
    for _ in range(3):
        if t.dep_ in ("dobj", "nsubjpass", "pobj", "conj", "attr", "appos") and t.head.i != t.i:
            if t.head.pos_ in ("VERB", "AUX") and t.dep_ != "conj":
                return t.head
            t = t.head
            if t.dep_ == "prep":
                t = t.head
                if t.pos_ in ("VERB", "AUX"):
                    return t
        else:
            break
    return None


def obligations_in(text: str) -> tuple[list[str], list[str]]:
    """Obligations stated (and explicitly denied) in ``text``."""
    neg = sorted({k for k, rx in NEGATED if rx.search(text)})
    masked = text
    for _, rx in NEGATED:
        masked = rx.sub(" ", masked)
    pos = sorted({k for k, rx in OBLIGATIONS if rx.search(masked)} - set(neg))
    return pos, neg


def _clause_verb(tok):
    t = tok
    for _ in range(40):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _effect_date(d: Document, head) -> str | None:
    """The date of the clause that introduces a treaty by what it did ("In 1858 the Treaty of Aigun
    moved the border", "two years later the Convention of Peking gave Russia ...", "under the
    Treaty of X, Y gained Z") or by what its parties pledged in it ("In 2001, by the Treaty of X,
    the two states pledged ..."): a date attached to that clause's verb, else None."""
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in EFFECT_VERBS:
        verb = head.head
    elif (head.dep_ == "pobj" and head.head.lower_ in INSTRUMENT_PREPS and head.head.head.pos_ == "VERB"
          and head.head.head.lemma_.lower() in EFFECT_VERBS | PLEDGE_VERBS):
        verb = head.head.head
    else:
        return None
    sent = verb.sent
    for m in d.dates:
        if not (sent.start_char <= m.start < sent.end_char) or not m.edtf:
            continue
        mt = d.doc.char_span(m.start, m.end, alignment_mode="expand")
        if mt is not None and _clause_verb(mt.root).i == verb.i:
            return m.edtf
    return None


def _sentence_date(d: Document, sent, verb) -> str | None:
    cands = [m for m in d.dates if sent.start_char <= m.start < sent.end_char and m.edtf]
    if cands:
        if verb is not None:
            cands.sort(key=lambda m: abs(m.start - verb.idx))
        return cands[0].edtf
    return context_date(d, sent.start_char)


class TreatyStage(DocumentStage):
    """Adds treaty dicts to ``doc.treaties`` (and remembers token spans for the event stage)."""

    name = "treaties"

    def _one(self, d: Document) -> None:
        sd = d.doc
        found: list[dict] = []
        d._treaty_tokens = {}  # token index -> treaty index
        for sent in sd.sents:
            used: set[int] = set()
            for tok in sent:
                if (tok.lower_ not in HEADS and tok.text not in ACRONYMS) or tok.i in used:
                    continue
                if tok.text in ACRONYMS and tok.i + 1 < sent.end and sd[tok.i + 1].lower_ in HEADS:
                    continue  # "New START treaty": the head is the next word
                if tok.dep_ == "appos" and tok.head.i in d._treaty_tokens:
                    continue  # "the Treaty of Nerchinsk, the first treaty between them": the same one
                verb = _governing_verb(tok)
                if tok.tag_ in ("NNS", "NNPS") and tok.lower_ in HEADS and _name_span(sent, tok) is None:
                    # "the 1991 (eastern) and 1994 (western) border agreements": one treaty a year
                    listed = _year_list(sent, tok)
                    if listed and not any(i in used for _, _, a, b in listed for i in range(a, b)):
                        parties = sorted(set(_parties(d, tok, tok.i, tok.i + 1, verb)))
                        singular = _singular_name(tok)
                        for year, qual, a, b in listed:
                            name = f"{year} {singular}" + (f" ({qual})" if qual else "")
                            # each year's parties as they existed then (SUN in 1991, RUS in 1994)
                            parties = sorted({in_force(p, year) for p in parties})
                            pos, neg = obligations_in(name + " . " + sent.text)
                            found.append({"name": name, "date": year, "parties": parties,
                                          "obligations": pos, "negated_obligations": neg,
                                          "span": [sd[a].idx, sd[b - 1].idx + len(sd[b - 1].text)],
                                          "text": sent.text, "_tok": (a, b),
                                          "_para": d.paragraph_of(sent.start_char)})
                            used.update(range(a, b))
                            for i in range(a, b):
                                d._treaty_tokens[i] = len(found) - 1
                        used.add(tok.i)
                        d._treaty_tokens[tok.i] = len(found) - 1
                        continue
                span = _name_span(sent, tok)
                year_before = tok.i - 1 >= sent.start and re.fullmatch(r"1[5-9]\d\d|20\d\d", sd[tok.i - 1].text)
                if span is None and found and verb is not None and verb.lemma_ in KEEP_VERBS \
                        and _back_reference(tok):
                    # "The treaty was renewed in 2021": the treaty read before, not a new one
                    d._treaty_tokens[tok.i] = len(found) - 1
                    used.add(tok.i)
                    continue
                if span is None:
                    if tok.lower_ in NAMED_ONLY or tok.tag_ in ("NNS", "NNPS"):
                        continue
                    signed = verb is not None and verb.lemma_ in MAKE_VERBS | KEEP_VERBS
                    # "the 2001 treaty", or a determiner + year before the head
                    yb = any(re.fullmatch(r"1[5-9]\d\d|20\d\d", c.text) for c in tok.lefts)
                    if not (signed or year_before or yb):
                        continue
                    span = _descriptive_span(tok)
                    a = tok.left_edge.i
                    if a >= 2 and sd[a - 1].text == "," and (a - 2) in d._treaty_tokens:
                        continue  # "the Treaty of Nerchinsk, the first treaty between ...": appositive
                s, e = span
                if any(i in used for i in range(s, e)):
                    continue
                used.update(range(s, e))
                name = sd[s:e].text.strip(" ,-")
                if name.lower().startswith("the "):
                    name = name[4:]
                date = _year_near(sd, s, e, sent)
                if date is None:
                    for c in tok.lefts:
                        if re.fullmatch(r"1[5-9]\d\d|20\d\d", c.text):
                            date = c.text
                if date is None and verb is not None and verb.lemma_ in MAKE_VERBS and not (
                        verb.lemma_ == "enter" and not any(c.lower_ == "into" for c in verb.children)):
                    date = _sentence_date(d, sent, verb)
                if date is None:
                    date = _effect_date(d, tok)
                parties = _parties(d, tok, s, e, verb)
                parties = sorted({in_force(p, date) for p in parties})
                pos, neg = obligations_in(name + " . " + sent.text)
                found.append({"name": name, "date": date, "parties": parties,
                              "obligations": pos, "negated_obligations": neg,
                              "span": [sd[s].idx, sd[e - 1].idx + len(sd[e - 1].text)],
                              "text": sent.text, "_tok": (s, e), "_para": d.paragraph_of(sent.start_char)})
                for i in range(s, e):
                    d._treaty_tokens[i] = len(found) - 1
            # "The treaty obliges..." adds obligations to the last treaty of the paragraph
            subj = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in HEADS
                    and any(c.lower_ in ("the", "this", "that") for c in t.lefts)]
            if subj and not any(sent.start <= f["_tok"][0] < sent.end for f in found) and found:
                last = found[-1]
                if last["_para"] == d.paragraph_of(sent.start_char):
                    pos, neg = obligations_in(sent.text)
                    last["negated_obligations"] = sorted(set(last["negated_obligations"]) | set(neg))
                    last["obligations"] = sorted((set(last["obligations"]) | set(pos)) - set(last["negated_obligations"]))
        _carry_parties(found)
        d.treaties = found


def _back_reference(tok) -> bool:
    """Is ``tok`` a bare definite treaty word ("the treaty", "this pact"): no name, no year, no
    "between" phrase, so the treaty named before it?"""
    lefts = list(tok.lefts)
    return (tok.tag_ in ("NN", "NNP") and any(c.lower_ in ("the", "this", "that") for c in lefts)
            and not any(c.like_num or c.dep_ in ("amod", "compound", "poss") for c in lefts)
            and not any(c.dep_ == "prep" and c.lower_ in ("between", "with", "of") for c in tok.rights))


def _carry_parties(found: list[dict]) -> None:
    """A treaty that names no party, or one party of the pair of the paragraph's previous treaty,
    is taken to be between that pair ("In 1689 Russia and Qing China signed the Treaty of
    Nerchinsk. In 1858 the Treaty of Aigun moved the border ..., and two years later the
    Convention of Peking gave Russia ...")."""
    for k in range(1, len(found)):
        tr, prev = found[k], found[k - 1]
        if prev["_para"] != tr["_para"] or len(prev["parties"]) != 2:
            continue
        if not tr["parties"] or len(tr["parties"]) == 1 and tr["parties"][0] in prev["parties"]:
            tr["parties"] = list(prev["parties"])


def _parties(d: Document, tok, s: int, e: int, verb) -> list[str]:
    """Parties of the treaty whose head is ``tok`` (name tokens ``s:e``): states in the name,
    "between/with" phrases, the signers of its verb, else the actors of its clause."""
    parties: list[str] = []
    for m in d.mentions:
        if s <= m.start < e and m.kind in ("prefix", "adjective", "name"):
            parties.extend(m.actors)
    between = [c for c in tok.subtree if c.lower_ in ("between", "with") and c.dep_ == "prep"]
    for b in between:
        for m in d.mentions:
            if b.i < m.start and m.root in {x.i for x in b.subtree}:
                parties.extend(m.actors)
    if verb is not None and verb.lemma_ in SIGN_VERBS:
        parties.extend(_signers(d, verb))
    if not parties:
        clause = _clause(tok)
        for m in d.mentions:
            if m.root in clause and not (s <= m.start < e) and m.kind != "place":
                parties.extend(m.actors)
    return parties


def _singular_name(tok) -> str:
    """'border agreements' -> 'border agreement' (the head's lower-case modifiers kept)."""
    mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and not c.like_num
            and c.text.islower() and not _YEAR_RX.fullmatch(c.text)]
    mods = [m for m in mods if m.i > max([x.i for x in tok.lefts if x.text == ")"] + [-1])]
    return " ".join([m.text for m in mods] + [tok.lemma_.lower()])


def _year_list(sent, head) -> list[tuple[str, str, int, int]]:
    """Years listed with a plural treaty head, each with an optional parenthesised qualifier:
    before it ("the 1991 (eastern) and 1994 (western) border agreements") or after it ("the
    border agreements of 1991 (east) and 1994 (west)", "the agreements (1991 and 1994)").
    Returns ``(year, qualifier, first token, end token)``."""
    doc = head.doc

    def scan(i: int, stop: int, step: int):
        """Walk from token i in direction step collecting years and their parentheses."""
        items: list[list] = []
        j = i
        while sent.start <= j < sent.end and j != stop:
            t = doc[j]
            if _YEAR_RX.fullmatch(t.text):
                items.append([t.text, "", j, j + 1])
            elif t.text == "(" and step == 1 or t.text == ")" and step == -1:
                # a parenthesised qualifier next to a year
                close = ")" if step == 1 else "("
                k = j
                while sent.start <= k < sent.end and doc[k].text != close:
                    k += step
                if not (sent.start <= k < sent.end):
                    break
                a, b = (j, k + 1) if step == 1 else (k, j + 1)
                inner = doc[a + 1:b - 1]
                years_in = [x for x in inner if _YEAR_RX.fullmatch(x.text)]
                if years_in and all(_YEAR_RX.fullmatch(x.text) or x.text in (",", "and") for x in inner):
                    items.extend([x.text, "", x.i, x.i + 1] for x in years_in)  # "(1991 and 1994)"
                elif step == 1 and items and items[-1][3] == a:
                    items[-1][1], items[-1][3] = inner.text, b
                elif step == -1:
                    items.append(["?", inner.text, a, b])
                else:
                    break
                j = k
            elif t.lower_ in ("and", ",", "the", "of", "in", "from") or (
                    step == -1 and t.dep_ in ("compound", "amod") and t.text.islower()):
                pass
            else:
                break
            j += step
        return items

    left = scan(head.i - 1, sent.start - 1, -1)
    # before the head, a qualifier comes after its year: pair "?"-items with the year before them
    out: list[tuple[str, str, int, int]] = []
    pending = None
    for y, q, a, b in sorted(left, key=lambda x: x[2]):
        if y == "?":
            if out and pending is not None:
                yy, _, aa, _ = out.pop()
                out.append((yy, q, aa, b))
            pending = None
        else:
            out.append((y, "", a, b))
            pending = y
    if not out:
        out = [tuple(x) for x in scan(head.i + 1, sent.end, 1) if x[0] != "?"]
    return out


def _clause(tok) -> set[int]:
    """Tokens of the clause holding ``tok``, without conjoined clauses."""
    t = tok
    while t.head.i != t.i and not (t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "advcl")):
        t = t.head
    out: set[int] = set()
    stack = [t]
    while stack:
        x = stack.pop()
        out.add(x.i)
        for c in x.children:
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") or c.dep_ in ("cc",) and x is t:
                continue
            stack.append(c)
    return out


def _signers(d: Document, verb) -> list[str]:
    """Actors that are subjects/agents of ``verb`` or its 'with' partners."""
    out: list[str] = []
    toks: set[int] = set()
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ == "nsubj":
            toks |= {x.i for x in c.subtree}
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "with"):
            toks |= {x.i for x in c.subtree}
    if verb.dep_ == "conj" and not toks:
        for c in verb.head.children:
            if c.dep_ == "nsubj":
                toks |= {x.i for x in c.subtree}
    for m in d.mentions:
        if m.root in toks and m.kind != "place":
            out.extend(m.actors)
    return out
