"""Event stage: who did what to whom, coded in CAMEO with PLOVER and Goldstein.

For each verb in the lexicon (:mod:`amity.reader.lexicon`) the stage reads, from the dependency
parse:

- the doers: actors in the subject (conjoined subjects are lists: "the EU, Australia, ... and the
  US imposed"), the passive agent ("was signed by the United States and the Soviet Union"), or,
  for a verb without its own subject, the subject of the verb it hangs from (conjoined verbs,
  "refused to ...", "by banning ..."); subject pronouns ("it", "they") are read as the speaker
  of the reporting verb ("Russia said it would ...") or else the last doer named in the paragraph;
- the receivers: actors in the objects and prepositional phrases of the verb (locative phrases
  such as "in Poland" only for force posture, coercion, force and visits), without entering other
  clauses;
- the code: the first lexicon rule whose object nouns match; a symmetric verb with two or more
  parties becomes one joint event (``parties``, no source/target), otherwise one directed event per
  (source, target) pair;
- flags: ``negated`` ("not", "never", "neither ... nor", "refused to", "failed to"), ``hedged``
  (may/might/could, "reportedly", "plans to"), ``reported`` (under "said", "according to");
- the date: the date expression of the sentence nearest the verb, else the last date of the
  paragraph before it, else the document date.

PLOVER and Goldstein come from :func:`amity.cameo.lookup` (ICEWS Goldstein table; roots 01/02 keep
their CAMEO code with no PLOVER category).
"""
from __future__ import annotations

from amity import cameo
from amity.reader import dictcode
from amity.reader import lexicon as L
from amity.reader.actors import context_date, in_force
from amity.reader.document import Document, DocumentStage, Mention

CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "pcomp"}
SKIP_PREPS = {"after", "before", "during", "despite", "since", "until", "like", "amid", "than",
              "as", "because", "ahead", "following", "alongside", "beside", "besides"}
# definite objects that point back at an earlier act ("Ukraine rejected the proposal")
ACT_WORDS = {"proposal", "plan", "offer", "remark", "remarks", "statement", "move", "decision",
             "sanction", "measure", "deployment", "visit", "drill", "exercise", "test", "launch",
             "strike", "comment", "accusation", "demand", "ultimatum", "tariff", "ban",
             "restriction", "step", "announcement", "threat", "invasion", "annexation"}
TREATY_WORDS = {"treaty", "pact", "agreement", "accord", "alliance", "deal", "declaration",
                "communique", "memorandum", "framework", "initiative"}
LOCATIVE_PREPS = {"in", "at", "near", "inside", "within", "off", "outside"}
PRONOUNS = {"it", "they", "we", "he", "she"}
# verbs whose subject may be an act that they carry on ("the talks resumed", "the invasion began")
ASPECT_VERBS = {"begin", "start", "resume", "continue", "end", "conclude", "open", "close",
                "collapse", "fail", "stall", "break", "proceed", "take", "last", "follow", "occur",
                "happen", "succeed", "produce", "yield"}
# a definite noun that stands for the one state named before it ("the country", "the kingdom")
ANAPHOR_NOUNS = {"country", "nation", "state", "kingdom", "republic", "regime"}


def _definite_anaphor(tok) -> bool:
    """"the country", "the kingdom": a bare definite anaphor (no modifier, no phrase of its own)."""
    kids = list(tok.children)
    return (tok.lemma_.lower() in ANAPHOR_NOUNS and tok.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in kids)
            and all(c.dep_ in ("det", "punct") for c in kids))
# verbs whose "at" phrase is the one aimed at ("fired at", "shot at"), not a place
AIMING_VERBS = {"fire", "shoot", "launch", "aim", "throw", "lob", "hurl"}


def _region(tok, *, stop_verbs: bool = True) -> set[int]:
    """Token indices of ``tok``'s phrase, without entering other clauses."""
    out: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for c in t.children:
            if c.dep_ in CLAUSE_DEPS or c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                continue
            if stop_verbs and c.pos_ == "VERB" and c.dep_ not in ("amod", "compound", "nmod"):
                continue
            stack.append(c)
    return out


def _actors_in(mentions: list[Mention], toks: set[int], *, places: bool,
               adjectives: bool = True) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if not adjectives and m.kind == "adjective":
            continue
        if m.root in toks or (m.kind == "group" and any(i in toks for i in range(m.start, m.end))):
            if m.kind == "place" and not places:
                continue
            for a in m.actors:
                if a not in out:
                    out.append(a)
    return out


def _objects(verb, code: str, nested: bool = True) -> set[int]:
    """Object region of ``verb``: direct objects, datives, prepositional phrases (and, when
    ``nested``, the subject of a clausal complement and the object of an infinitive)."""
    toks: set[int] = set()
    locative = code[:2] in L.LOCATIVE_ROOTS
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "attr", "oprd", "npadvmod", "obj", "iobj"):
            toks |= _region(c)
        elif c.dep_ == "prep" or c.dep_ == "prt" and any(g.dep_ == "pobj" for g in c.children):
            p = c.lower_
            if p in SKIP_PREPS or (p in LOCATIVE_PREPS and not locative):
                continue
            if p == "at" and verb.lemma_.lower() in AIMING_VERBS:
                toks |= _region(c)  # "fired rockets at Israeli positions": aimed at, not located at
            elif p in LOCATIVE_PREPS or p in ("near", "along"):
                # a place is named, not described: "near the Syrian border" names no target
                toks |= {i for i in _region(c) if verb.doc[i].dep_ != "amod"}
            else:
                toks |= _region(c)
        elif not nested:
            continue
        elif c.dep_ == "ccomp":
            for g in c.children:
                if g.dep_ in ("nsubj", "nsubjpass"):
                    toks |= _region(g)
        elif c.dep_ == "xcomp":
            for g in c.children:
                if g.dep_ in ("dobj", "nsubj"):
                    toks |= _region(g)
    # drop locative prepositions nested inside objects unless the code allows them
    if not locative:
        for i in list(toks):
            t = verb.doc[i]
            if t.dep_ == "prep" and t.lower_ in LOCATIVE_PREPS:
                toks -= {x.i for x in t.subtree}
    return toks


def _object_lemmas(verb) -> set[str]:
    out: set[str] = set()
    if verb.dep_ == "relcl" and any(c.dep_ in ("dobj", "nsubjpass") and c.tag_ in ("WDT", "WP")
                                    for c in verb.children):
        # "the treaty, which they renewed": the treaty (also the head of a name: "the Treaty of
        # Good-Neighborliness, which ...")
        h = verb.head
        for _ in range(4):
            out.add(h.lemma_.lower())
            if h.dep_ not in ("pobj", "prep", "conj", "appos") or h.head.i == h.i:
                break
            h = h.head
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "attr", "nsubjpass", "dative", "oprd"):
            out.add(c.lemma_.lower())
            out |= {g.lemma_.lower() for g in c.children if g.dep_ in ("compound", "amod", "conj")}
        if c.dep_ in ("prep", "prt"):
            out.add(c.lower_)
            for g in c.children:
                if g.dep_ == "pobj":
                    out.add(g.lemma_.lower())
                    out |= {h.lemma_.lower() for h in g.children if h.dep_ in ("compound", "amod")}
        if c.dep_ == "xcomp":
            out |= {g.lemma_.lower() for g in c.children if g.dep_ == "dobj"}
    return out


def _weight_post(vm) -> bool:
    """Does the matched pattern read words after its verb (an object, a frame)?"""
    return any(e[0] not in ("src", "tgt", "skip") for e in vm.pattern.post)


def _object_act(verb, default: bool) -> tuple[str, str] | None:
    """The CAMEO coder's reading of a lexicon verb's object, where it names another act than the
    lexicon rule: a protest noun ("began a hunger strike" 142), a demand acceded to ("would not
    meet the demands" 124x), an event noun carried ("imposed a curfew" 1723, "declared a state of
    siege" 1724), an act stopped ("halted the offensive" 087). Only where the lexicon rule is its
    verb's default (it read no object), except for a hunger strike, which no rule means."""
    d = dictcode.dictionaries()
    if d is None:
        return None
    from amity.reader import petrarch

    p = petrarch.protest_code(verb)
    if p is not None and (default or p == "142"):
        return p, L.D
    if not default:
        return None
    lem = verb.lemma_.lower()
    if not (lem in petrarch.ACCEDE_VERBS or lem in petrarch.CARRIER_VERBS or petrarch.stops(lem, d.verbs)
            or lem in petrarch.HOLD_VERBS):
        return None  # no mechanism reads this verb's object: spare the pattern match
    vm = petrarch.match_verb(verb, d.verbs)
    code = petrarch.accede_code(verb, d.verbs, vm) or petrarch.stopped_code(verb, d.verbs, vm) \
        or petrarch.held_code(verb, d.verbs, vm)
    if code is None:
        cm = petrarch.carried_code(verb, d.verbs, vm)
        code = cm.code if cm is not None else None
        if code is None and lem in petrarch.CARRIER_VERBS and vm is not None and \
                vm.pattern is not None and _weight_post(vm) and not petrarch.reports_act(verb, d.verbs) \
                and not any(c.dep_ == "ccomp" for c in verb.children):
            # a carrier verb's own pattern for its object ("imposed a curfew": IMPOSE * CURFEW,
            # 1723, where the lexicon's default for "impose" is a sanction), not a pattern that
            # reads the words of a reported clause ("announced that X must agree to ...")
            code = vm.code
    if code is None or code[:2] in ("01", "02"):
        return None
    return code, (L.J if code in dictcode.JOINT_CODES else L.D)


def _act_subject(tok) -> bool:
    """Is the subject ``tok`` an act with its own sides ("Russia's invasion of Ukraine", "the
    annexation of Crimea by Russia"): a nominalised event noun with a possessor or an
    of/by phrase? ("Russian troops", "the police" are doers, not acts.)"""
    lem = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or not (lem in NOUN_EVENTS or lem.endswith(_NOMINAL_ENDS)):
        return False
    d = dictcode.dictionaries()
    from amity.reader import petrarch

    if d is not None and petrarch.agent_word(tok, d):
        return False  # a body the agents dictionary lists ("the government of Liberia") acts
    if not any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("of", "by") for c in tok.children):
        return False
    return nominal_code(tok) is not None


_NOMINAL_ENDS = ("tion", "sion", "ment", "al", "ure", "ance", "ence", "ade")


def _code_for(verb) -> tuple[str, str] | None:
    """(CAMEO code, mode) of a verb: its lexicon rule, else the CAMEO 2.0 coder; memoized on the
    parse (``Doc.user_data``), as the event stage asks for a verb several times."""
    key = ("amity.code_for", verb.i, id(dictcode.dictionaries()))
    memo = verb.doc.user_data
    if key not in memo:
        memo[key] = _code_for_uncached(verb)
    return memo[key]


def _code_for_uncached(verb) -> tuple[str, str] | None:
    from amity.reader import petrarch

    rules = L.LEXICON.get(verb.lemma_.lower())
    if rules:
        objs = _object_lemmas(verb)
        for need, code, mode in rules:
            if need is None or objs & need:
                ex = petrarch.exercise_code(verb) if code[:2] in ("06", "15") else None
                if ex is not None:
                    # joint exercises are military cooperation (062, one event of the parties),
                    # one side's a show of force (150)
                    return ex, (L.J if ex == "062" else L.D)
                alt = _object_act(verb, need is None)
                if alt is not None and alt[0][:2] != code[:2]:
                    return alt
                if code in ("020", "100", "120") and need is None:
                    # a request, demand or refusal of a complement's act keeps the act's family,
                    # as in the CAMEO coder ("urged the EU to support X" 022, "demanded that X
                    # release Y" 1053)
                    d = dictcode.dictionaries()
                    g = petrarch.governed_code(verb, d.verbs, petrarch.match_verb(verb, d.verbs)) \
                        if d is not None else None
                    if g is not None and g[:2] == code[:2]:
                        return g, mode
                if code == "190" and any(petrarch.aerial(c) for c in verb.children if c.dep_ in ("dobj", "obj")):
                    return "195", mode  # "carried out air strikes": aerial weapons, as the coder reads them
                if code[:2] == "07" and verb.lemma_.lower() in petrarch.TRANSFER_VERBS:
                    # the kind of aid by what is given ("shipped food and medicine" 073), one
                    # table with the CAMEO coder's
                    d = dictcode.dictionaries()
                    kind = petrarch.aid_kind(verb, d.verbs) if d is not None else None
                    if kind is not None:
                        return kind, mode
                return code, mode
        # no rule of the verb reads this object: the coder's reading of it ("announced a
        # suspension of air links" 16x, "halted the offensive" 087) before the verb's patterns
        alt = _object_act(verb, True)
        if alt is not None:
            return alt
    # hook: where the lexicon has no rule, PETRARCH2's CAMEO 2.0 patterns (amity.reader.dictcode)
    return dictcode.code_verb(verb, L.LEXICON)


# subjects of an agentless passive that name the act, not its receiver ("sanctions were
# imposed on Iran": the receiver is the "on" phrase)
AGENTLESS_OBJECTS = {"sanction", "embargo", "tariff", "restriction", "ban", "penalty", "curb",
                     "troop", "force", "weapon", "arm", "aid", "missile"}
# nouns of acts that are not done, and verbs under which a noun's act is not done
UNREAL_MODIFIERS = {"possible", "potential", "proposed", "planned", "future", "new", "further",
                    "threatened", "hypothetical", "prospective", "mooted", "would-be", "eventual"}
UNREAL_GOVERNORS = {"threaten", "propose", "plan", "consider", "discuss", "seek", "prepare",
                    "warn", "fear", "avoid", "prevent", "oppose", "reject", "rule", "deter", "risk",
                    "debate", "weigh", "mull", "suggest", "recommend", "push", "lobby", "favor",
                    "favour", "support", "back", "want", "need", "expect", "hope", "vote"}
# nouns whose that-clause is an allegation, not an act done ("charges that Russia shelled X")
ALLEGATION_NOUNS = {"charge", "allegation", "accusation", "claim", "rumor", "rumour", "suspicion",
                    "speculation"}
DENYING = {"deny", "refute", "dismiss", "rebut"}
# nouns whose that-clause or infinitive is an act asked for or proposed, not done ("its demands
# that the government grant more rights", "a proposal to hold elections")
REQUEST_NOUNS = {"demand", "call", "request", "appeal", "plea", "proposal", "plan", "offer",
                 "ultimatum", "condition", "insistence", "suggestion", "bid", "proposition",
                 "petition", "wish", "hope", "threat"}


def _conditional(tok) -> bool:
    """Is the verb ``tok`` in an if/unless/whether clause, itself or as a later conjunct of the
    clause's verb ("unless X arranged a ceasefire ... and held elections")?"""
    t = tok
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
            return True
        if t.dep_ != "conj" or t.head.i == t.i or t.head.pos_ not in ("VERB", "AUX"):
            return False
        t = t.head
    return False
# event nouns with no verb to derive them from, and nouns whose verb would read another act
NOUN_EVENTS = {"talks": ("040", L.J), "talk": ("040", L.J), "summit": ("043", L.J),
               "negotiation": ("046", L.J), "meeting": ("040", L.J), "sanction": ("163", L.D),
               "embargo": ("163", L.D), "war": ("190", L.D), "invasion": ("190", L.D),
               "annexation": ("192", L.D), "airstrike": ("195", L.D), "offensive": ("190", L.D),
               "blockade": ("191", L.D), "occupation": ("192", L.D)}


def nominal_code(tok) -> tuple[str, str] | None:
    """(CAMEO code, mode) of an event noun: :data:`NOUN_EVENTS`, else the noun read as a verb
    of the lexicon (its rule that needs no object) or of the CAMEO 2.0 dictionary
    (:func:`amity.reader.petrarch.noun_code`); statements and appeals are not nominal events."""
    lem = tok.lemma_.lower()
    for key in (lem, tok.lower_):
        if key in NOUN_EVENTS:
            return NOUN_EVENTS[key]
    from amity.reader import petrarch

    for v in petrarch.noun_verbs(lem, L.LEXICON):
        rule = next(((code, mode) for need, code, mode in L.LEXICON[v] if need is None), None)
        if rule and rule[0][:2] not in ("01", "02"):
            return rule
    dicts = dictcode.dictionaries()
    if dicts is not None:
        vm = petrarch.noun_code(tok, dicts.verbs)
        if vm is not None:
            code = vm.code or vm.rcode
            mode = "joint" if code in dictcode.JOINT_CODES or vm.rcode == code else "directed"
            return code, mode
    return None


def _conjunct_codes(verb, code: str) -> list[str]:
    """Codes of a verb's coordinated objects that its lexicon rules read as other acts than
    ``code`` ("sent troops and ammunition": 154 for the troops, 072 for the ammunition)."""
    rules = L.LEXICON.get(verb.lemma_.lower())
    if not rules:
        return []
    out: list[str] = []
    # the verb's own prepositions read with each object ("fired rockets at X" is one act, 195)
    preps = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")}
    # the object already read by the CAMEO coder ("began a hunger strike" 142) is not re-read
    # by the lexicon (strike 195); only its conjuncts are
    key = ("amity.object_act", verb.i, id(dictcode.dictionaries()))
    memo = verb.doc.user_data
    if key not in memo:
        memo[key] = _object_act(verb, True)
    alt = memo[key]
    from amity.reader import petrarch

    read = alt is not None and alt[0] == code or petrarch.exercise_code(verb) == code
    for c in verb.children:
        if c.dep_ not in ("dobj", "obj"):
            continue
        conj = ([] if read else [c]) + [g for g in c.subtree if g.dep_ == "conj" and g.head.i != g.i
                                        and _conj_head(g).i == c.i]
        for n in conj:
            if code == "195" and petrarch.aerial(n):
                continue  # the air strike the verb's code already reads
            lem = {n.lemma_.lower()} | {g.lemma_.lower() for g in n.children if g.dep_ in ("compound", "amod")}
            lem |= preps
            k = next((rc for need, rc, _ in rules if need is not None and lem & need), None)
            if k and k != code and k not in out:
                out.append(k)
    return out


def _conj_head(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _is_trigger(tok) -> bool:
    return (tok.pos_ == "VERB" or tok.tag_.startswith("VB")) and (
        tok.lemma_.lower() in L.LEXICON or dictcode.code_verb(tok, L.LEXICON) is not None)


class EventStage(DocumentStage):
    """Adds event dicts (the output contract) to ``doc.events``."""

    name = "events"

    # -- roles ---------------------------------------------------------------------------
    def _subject_tokens(self, verb):
        """(subject token, passive?) of ``verb``, climbing to the verb it hangs from."""
        t = verb
        for _ in range(5):
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")] or [
                c for c in t.children if c.dep_ == "dep" and c.i < t.i and c.pos_ == "PROPN"]
            if subj:
                return subj, subj[0].dep_ == "nsubjpass", t
            # "France is ready to contribute troops": through the adjective ("acomp") too
            if t.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") or (
                    t.dep_ == "pobj" and t.head.dep_ == "prep"):
                t = t.head
                if t.dep_ == "prep":
                    t = t.head
                continue
            break
        return [], False, t

    def _resolve_pronoun(self, d: Document, sent, subj, history: list[tuple[int, list[str]]],
                         singular: bool | None = None):
        """The actors a subject pronoun (or a definite anaphor, ``singular``: "the country")
        stands for: the speaker it is reported under, else the last doers of the paragraph."""
        if singular is None:
            singular = subj.lower_ == "it"
        # "Russia said it would ..." -> the speaker
        t = subj.head
        while t is not None and t.head.i != t.i:
            if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in L.SPEECH:
                speaker = [c for c in t.head.children if c.dep_ == "nsubj"]
                if speaker:
                    acts = _actors_in(d.mentions, _region(speaker[0]), places=False)
                    if acts:
                        return acts
                break
            t = t.head
        # "The junta expelled the ambassador, and it ordered ...": the subject of the clause
        # before the pronoun's, in the same sentence, is its antecedent, actor or not
        verb = subj.head
        if verb.dep_ == "conj" and verb.head.i < verb.i:
            prev = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if prev and prev[0].lower_ not in PRONOUNS:
                return _actors_in(d.mentions, _region(prev[0]), places=False)
        para = d.paragraph_of(sent.start_char)
        for p, acts in reversed(history):
            if p != para:
                break
            if singular and len(acts) == 1 or not singular:
                return acts
        return []

    # -- main ----------------------------------------------------------------------------
    def _one(self, d: Document) -> None:
        sd = d.doc
        events: list[dict] = []
        history: list[tuple[int, list[str]]] = []
        treaty_tok = getattr(d, "_treaty_tokens", {})
        for sent in sd.sents:
            seen: set[tuple] = set()
            according = "according to" in sent.text.lower()
            for tok in sent:
                if not _is_trigger(tok):
                    continue
                if self._embedded(tok) or _conditional(tok):
                    continue  # requested, alleged, obliged or conditional acts did not happen
                gov = tok.head if tok.dep_ == "xcomp" and tok.head.i != tok.i else None
                negated = hedged = False
                obj_from = [tok]
                verb = tok
                found = _code_for(tok)
                if found is None:
                    continue
                code, mode = found
                from amity.reader import petrarch

                plain_code, recode = code, None  # the act before it is read as a threat or intention
                if petrarch.conditional_threat(tok, code):
                    # "will impose sanctions unless X withdraws": a threat of the act
                    code, mode = petrarch.threat_of(code), L.D
                    recode = petrarch.threat_of
                elif dictcode.dictionaries() is not None and (
                        petrarch.intended(tok) or petrarch.stated_future(tok)):
                    # CAMEO manual: a promised, offered or stated future act is an intention
                    # (root 03), a hostile one a threat ("will provide aid" 0333, "is prepared
                    # to impose martial law" 1324); the CAMEO coder's rule, for lexicon verbs too
                    new = petrarch.intent_of(code)
                    if new != code:
                        code, mode = new, (L.D if new[:2] == "13" else mode)
                        recode = petrarch.intent_of
                if gov is not None:
                    gl = gov.lemma_.lower()
                    if _is_trigger(gov) and _code_for(gov) and gl not in ("allow", "permit", "help"):
                        continue  # the governing verb carries the event
                    if gl in L.NEGATING:
                        negated = True
                    if gl in L.HEDGING:
                        hedged = True
                # a lexicon verb governing another: threaten/vow to X, agree to X
                xc = [c for c in tok.children if c.dep_ == "xcomp"]
                if xc:
                    x = xc[0]
                    obj_from.append(x)
                    xl = x.lemma_.lower()
                    if tok.lemma_ == "threaten" and xl in L.THREATEN_OBJECT:
                        code = L.THREATEN_OBJECT[xl]
                    elif tok.lemma_ in ("vow", "pledge", "promise", "warn") and (
                            xl in L.THREATEN_OBJECT or (_code_for(x) and cameo.lookup(_code_for(x)[0]).quad >= 3)):
                        code = L.THREATEN_OBJECT.get(xl, "130")
                    elif tok.lemma_ in ("allow", "permit") and _is_trigger(x) and _code_for(x):
                        continue  # "allowed Russia to station ..." is read at the governed verb
                # "Iran said that Israel must stop its strikes": a demand by the speaker on the
                # complement's subject (CAMEO 10x), not the act itself
                demander = None
                if tok.dep_ == "ccomp" and tok.head.i != tok.i and (
                        tok.head.lemma_.lower() in L.SPEECH | petrarch.SAY_VERBS) and any(
                        c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
                    demander = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                    if demander is not None:
                        code, mode = petrarch.request_of("10", code), L.D
                info = cameo.lookup(code)
                agentless = False
                # subjects
                subj_toks, passive, holder = self._subject_tokens(tok)
                if not passive and subj_toks and tok.lemma_.lower() not in ASPECT_VERBS and all(
                        _act_subject(s) for s in subj_toks):
                    # "Russia's invasion of Ukraine pushed Finland toward NATO": an act is the
                    # subject, not an actor; its own event is read at the noun
                    continue
                if gov is not None and gov.lemma_.lower() in ("allow", "permit"):
                    subj_toks = [c for c in gov.children if c.dep_ in ("dobj",)] or subj_toks
                    passive = False
                sources: list[str] = []
                for s in subj_toks:
                    if s.lower_ in PRONOUNS:
                        sources += [a for a in self._resolve_pronoun(d, sent, s, history) if a not in sources]
                    elif _definite_anaphor(s) and not _actors_in(d.mentions, _region(s), places=False):
                        # "The country also accused Tokyo ...": the one state acting before
                        sources += [a for a in self._resolve_pronoun(d, sent, s, history, singular=True)
                                    if a not in sources]
                    elif s.lower_ in ("that", "which", "who") and s.head.dep_ == "relcl":
                        sources += _actors_in(d.mentions, _region(s.head.head), places=False)
                    else:
                        sources += [a for a in _actors_in(d.mentions, _region(s), places=False)
                                    if a not in sources]
                    if any(c.lower_ == "neither" for c in s.subtree):
                        negated = True
                inside_names = set(treaty_tok)
                if inside_names:
                    name_ids = {a for m in d.mentions if m.start in inside_names for a in m.actors}
                    outside_ids = {a for m in d.mentions if m.start not in inside_names
                                   and sent.start <= m.start < sent.end for a in m.actors}
                    sources = [a for a in sources if a in outside_ids or a not in name_ids]
                obj_toks: set[int] = set()
                for k, v in enumerate(obj_from):
                    obj_toks |= _objects(v, code, nested=(k == 0))
                agent = [c for c in tok.children if c.dep_ == "agent"]
                treaty_idx = next((treaty_tok[i] for i in sorted(obj_toks) if i in treaty_tok), None)
                if treaty_idx is None and d.treaties:
                    # "condemned the treaty": the last treaty read before this sentence
                    for c in tok.children:
                        if c.dep_ in ("dobj", "pobj") and c.lemma_.lower() in TREATY_WORDS and any(
                                g.lower_ in ("the", "this", "that") for g in c.children):
                            prior = [k for k, t in enumerate(d.treaties) if t["_tok"][0] < c.i]
                            treaty_idx = prior[-1] if prior else None
                obj_toks -= set(treaty_tok)
                targets = _actors_in(d.mentions, obj_toks - {i for a in agent for i in _region(a)},
                                     places=True)
                if not passive and not sources:
                    for a in agent:
                        sources += _actors_in(d.mentions, _region(a), places=False)
                if passive:
                    agents = []
                    for a in agent:
                        agents += _actors_in(d.mentions, _region(a), places=False)
                    # a back reference to a treaty read before ("the treaty" outside its name)
                    subj_treaty = next((treaty_tok[s.i] for s in subj_toks if s.i in treaty_tok and not (
                        d.treaties[treaty_tok[s.i]]["_tok"][0] <= s.i < d.treaties[treaty_tok[s.i]]["_tok"][1])), None)
                    if not agents and mode == L.J and subj_treaty is not None and len(
                            d.treaties[subj_treaty]["parties"]) >= 2:
                        # "the treaty was renewed in 2021": a joint act of the treaty's parties (a
                        # treaty named here is the fact itself: "X Treaty was signed" is no event)
                        sources, treaty_idx = list(d.treaties[subj_treaty]["parties"]), subj_treaty
                    if agents:
                        sources, targets = agents, sources + [t for t in targets if t not in sources and t not in agents]
                    elif code[:2] in ("15", "07"):
                        pass  # "troops were deployed to X": the subject's state is the doer
                    elif mode == L.J and len(sources) >= 2:
                        pass  # "the Agreed Framework between X and Y was signed": joint
                    else:
                        # agentless passive: the receiver is the passive subject, for acts
                        # done to it (aid, coercion, force: roots 07, 11-20) and only where an
                        # actor heads the subject ("the treaty between X and Y was signed" does
                        # not act on X); "suspended / expelled from X": X is the doer of the
                        # reduction of relations (16x), otherwise "from X" names no doer
                        # ("Greek diplomats" heads the subject; in "US sanctions" the
                        # modifier is the act's doer, not its receiver)
                        heads = _actors_in(d.mentions, {s.i for s in subj_toks} | {
                            c.i for s in subj_toks for c in s.children
                            if c.dep_ in ("amod", "compound", "poss") and nominal_code(s) is None},
                            places=False)
                        recv = [a for a in sources if a in heads] if (
                            mode == L.D and not agent and (code[:2] == "07" or code[:2] >= "11")) else []
                        doers = []
                        if recv and code[:2] == "16":
                            frm = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"]
                            doers = [a for c in frm for a in _actors_in(d.mentions, _region(c), places=False)
                                     if a not in recv]
                        # "US sanctions on Iran were tightened": the act noun's modifier is
                        # the doer, its "on" phrase the receiver
                        act_mods = _actors_in(d.mentions, {
                            c.i for s in subj_toks for c in s.children
                            if c.dep_ in ("amod", "compound", "poss") and (
                                nominal_code(s) is not None or s.lemma_.lower() in AGENTLESS_OBJECTS)},
                            places=False)
                        if not doers and act_mods and not agent and mode == L.D:
                            doers, recv = act_mods, [t for t in sources + targets if t not in act_mods]
                        if doers:
                            sources, targets = doers, recv
                        else:
                            agentless = recv
                            sources, targets = [], sources + [t for t in targets if t not in sources]
                # partners of a symmetric verb: direct-object actors and "with"/"between" phrases
                partners: list[str] = []
                if mode == L.J:
                    for c in tok.children:
                        if c.dep_ == "dobj" and any(m.root == c.i for m in d.mentions):
                            partners += _actors_in(d.mentions, _region(c), places=False)
                    for i in obj_toks:
                        t = sd[i]
                        if t.dep_ == "prep" and t.lower_ in ("with", "between"):
                            partners += _actors_in(d.mentions, _region(t), places=False)
                if treaty_idx is not None and not targets and code not in ("057",) and mode == L.D:
                    # acting on a treaty is acting on its parties ("Seoul condemned the treaty")
                    targets = [p for p in d.treaties[treaty_idx]["parties"]]
                if not targets and mode == L.D and sources:
                    # "rejected the proposal", "protested the sanctions": the doers of the
                    # last act read in the paragraph
                    para = d.paragraph_of(sent.start_char)
                    for c in tok.children:
                        if c.dep_ in ("dobj",) and (c.lemma_.lower() in ACT_WORDS or nominal_code(c)) and any(
                                g.lower_ in ("the", "this", "that", "these", "those") for g in c.children) \
                                and not any(g.dep_ == "poss" or g.dep_ == "prep" and g.lower_ == "of"
                                            for g in c.children):
                            # ("the demands of the junta" names its own owner: not the last act's)
                            prev = [e for e in events if d.paragraph_of(e["span"][0]) == para] or [
                                e for e in events if d.paragraph_of(e["span"][0]) == para - 1]
                            # (none yet in this paragraph: the one before it, "Japan protested
                            # ...\n\nBeijing rejected the protest")
                            # "did not condemn the invasion": the last act of the noun's kind,
                            # else the last act
                            kind = nominal_code(c)
                            prev = [e for e in prev if kind and e["cameo"][:2] == kind[0][:2]] or prev
                            if prev:
                                last = prev[-1]
                                targets = [a for a in ([last["source"]] if last["source"] else last["parties"])
                                           if a not in sources]
                if demander is not None:
                    speaker = _actors_in(d.mentions, _region(demander), places=False)
                    if speaker:
                        sources, targets, passive = speaker, [a for a in sources if a not in speaker], False
                domestic = self._domestic(d, subj_toks, obj_toks, sources, targets) if (
                    mode == L.D and not passive) else {}
                targets = [t for t in targets if t not in sources or t in domestic]
                # flags
                for v in filter(None, [tok, gov]):
                    for c in v.children:
                        lw = c.lower_
                        if c.dep_ == "neg" or lw in ("never", "neither"):
                            negated = True
                        if c.dep_ == "aux" and lw in L.HEDGE_MODALS:
                            hedged = True
                        if lw in L.HEDGE_WORDS:
                            hedged = True
                    if v.dep_ == "conj" and any(c.lower_ == "nor" for c in v.head.children):
                        negated = True
                    if any(c.lower_ == "nor" for c in v.children if c.dep_ == "cc") and v.dep_ == "conj":
                        negated = True
                if negated and info.code[:2] == "12" and tok.lemma_.lower() in petrarch.ACCEDE_VERBS:
                    negated = False  # "would not meet the demands" is the refusal (12x) itself
                reported = according or self._reported(tok)
                # date
                date = self._date(d, sent, tok)
                treaty = d.treaties[treaty_idx]["name"] if treaty_idx is not None else None
                base = {"date": date, "plover": info.plover, "cameo": info.code,
                        "goldstein": info.goldstein, "treaty": treaty, "negated": negated,
                        "hedged": hedged, "reported": reported, "agentless": False,
                        "reported_by": None, "reported_by_text": None,
                        "span": [sent.start_char, sent.end_char], "text": sent.text,
                        "_tok": tok.i}
                if reported:
                    base["reported_by"], base["reported_by_text"] = self._attribution(d, tok)
                out: list[dict] = []
                allp = list(dict.fromkeys(sources + partners))
                if mode == L.J and (len(allp) >= 2):
                    out.append({"source": None, "target": None, "parties": sorted(allp), **base})
                    if treaty_idx is not None and code == "057":
                        tr = d.treaties[treaty_idx]
                        tr["parties"] = sorted(set(tr["parties"]) | {in_force(p, tr["date"]) for p in allp})
                elif sources:
                    for s in sources or [None]:
                        for t in targets or [None]:
                            if s == t and s not in domestic:
                                continue
                            e = {"source": s, "target": t, "parties": [], **base}
                            if s == t:  # "the Lebanese government condemned Lebanese rebels"
                                e["_mentions"] = domestic[s]
                            out.append(e)
                elif agentless or (passive and not agent and mode == L.D and not sources and targets
                                   and (code[:2] == "07" or code[:2] >= "11")
                                   and _object_lemmas(tok) & AGENTLESS_OBJECTS):
                    # "Ukraine was invaded", "sanctions were imposed on Iran": the receiver is
                    # named, the doer is not (source null, flagged)
                    recv = agentless or targets
                    out += [{"source": None, "target": t, "parties": [], **base, "agentless": True}
                            for t in recv]
                # the other acts of coordinated objects, read as threats or intentions as the
                # verb's own act is ("will send tanks": the intention 0332 alone, not also 072)
                for k in _conjunct_codes(tok, plain_code) if out else []:
                    k = recode(k) if recode is not None else k
                    if k == code:
                        continue
                    other = cameo.lookup(k)
                    out += [{**e, "cameo": other.code, "plover": other.plover,
                             "goldstein": other.goldstein} for e in out if e["cameo"] == info.code]
                for e in out:
                    # one event per actors and code and date ("met in March 2023, and ... held a
                    # summit in May 2024" are two)
                    key = (e["source"], e["target"], tuple(e["parties"]), e["cameo"], e["date"])
                    if key in seen:
                        continue
                    seen.add(key)
                    events.append(e)
                if sources:
                    history.append((d.paragraph_of(sent.start_char), allp if mode == L.J and len(allp) >= 2 else sources))
            self._nominal(d, sent, events, seen, according)
        d.events = events

    # -- domestic events -----------------------------------------------------------------
    @staticmethod
    def _sectors(d: Document) -> dict[int, str]:
        """Token -> Phoenix sector (GOV, MIL, REB, OPP...) of the document, cached on it."""
        got = getattr(d, "_sectors", None)
        if got is None:
            got = {}
            from amity.reader import petrarch
            from amity.reader.actors import phoenix_actors

            for a in phoenix_actors(d):
                sec = petrarch.sector_of(a.code)
                if sec:
                    for i in range(a.start, a.end):
                        got[i] = sec
            d._sectors = got
        return got

    @staticmethod
    def mention_sector(d: Document, m: Mention, sectors: dict[int, str]) -> str | None:
        """The sector of an actor mention: a sector word inside it, or the agent noun it
        modifies ("Lebanese government" -> GOV, "Syrian rebels" -> REB)."""
        sec = next((sectors[i] for i in range(m.start, m.end) if i in sectors), None)
        if sec is None and m.end <= len(d.doc):
            h = d.doc[m.end - 1].head
            sec = sectors.get(h.i) if h.i != m.end - 1 else None
        return sec

    def _domestic(self, d: Document, subj_toks, obj_toks: set[int], sources, targets) -> dict:
        """Actors on both sides of a directed act through two mentions of different sectors
        ("the Lebanese government condemned Lebanese rebels", "Syrian troops attacked Syrian
        rebels"): actor -> (source mention, target mention). The receiver must name a sector."""
        both = [t for t in targets if t in sources]
        if not both:
            return {}
        sectors = self._sectors(d)
        if not sectors:
            return {}
        subj = set()
        for s in subj_toks:
            subj |= _region(s)
        out = {}
        for a in both:
            ms = next((m for m in d.mentions if a in m.actors and m.root in subj), None)
            mt = next((m for m in d.mentions if a in m.actors and m.root in obj_toks and m is not ms), None)
            if ms is None or mt is None:
                continue
            ss, st = self.mention_sector(d, ms, sectors), self.mention_sector(d, mt, sectors)
            if st and ss != st:
                out[a] = (ms, mt)
        return out

    # -- nominal events ------------------------------------------------------------------
    def _nominal(self, d: Document, sent, events: list[dict], seen: set, according: bool) -> None:
        """Events named by a noun ("Russia's invasion of Ukraine", "the US sanctions on Iran",
        "talks between India and Pakistan", "the Deng-Gorbachev summit"): the doer from the
        possessor, an adjective or compound, or a "by" phrase; the receiver from "of", "on",
        "against", "into", "to" or "with" phrases; joint acts take all of them as parties. Only
        where the noun's own phrase names both sides, the noun is not what a coded verb of the
        sentence already acts on, and it is not asked for, threatened, planned or proposed."""
        sd = d.doc
        coded = {e["_tok"] for e in events if sent.start <= e["_tok"] < sent.end}
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            found = nominal_code(tok)
            if found is None:
                continue
            code, mode = found
            h = tok.head
            while h.dep_ in ("prep", "conj", "appos") and h.head.i != h.i and h.pos_ != "VERB":
                h = h.head
            if h.i in coded and tok.dep_ in ("dobj", "obj", "nsubj", "nsubjpass", "pobj", "attr"):
                continue  # "imposed sanctions on Russia", "talks between X and Y resumed"
            if self._not_done(tok):
                continue
            doers: set[int] = set()
            receivers: set[int] = set()
            by_of: list = []
            for c in tok.children:
                if c.dep_ == "poss" or c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
                    doers |= _region(c)
                elif c.dep_ == "prep":
                    p = c.lower_
                    if p == "by":
                        doers |= _region(c)
                    elif p in ("of", "on", "against", "into", "to", "with", "between", "toward",
                               "towards", "over", "in" if code[:2] in ("19", "15", "04") else "-"):
                        by_of.append(c)
            for c in by_of:
                if c.lower_ == "of" and not doers and any(x.lower_ in ("to", "with") for x in by_of):
                    doers |= _region(c)  # "the visit of Xi to Moscow"
                else:
                    receivers |= _region(c)
            src = _actors_in(d.mentions, doers, places=False)
            tgt = [a for a in _actors_in(d.mentions, receivers, places=True) if a not in src]
            base = self._base(d, sent, tok, code)
            base["reported"] = according or self._reported(tok)
            if base["reported"]:
                base["reported_by"], base["reported_by_text"] = self._attribution(d, tok)
            out = []
            allp = list(dict.fromkeys(src + tgt))
            if mode == L.J and len(allp) >= 2:
                out.append({"source": None, "target": None, "parties": sorted(allp), **base})
            elif mode != L.J and src and tgt:
                out += [{"source": a, "target": b, "parties": [], **base} for a in src for b in tgt if a != b]
            for e in out:
                key = (e["source"], e["target"], tuple(e["parties"]), e["cameo"], e["date"])
                if key in seen or any(self._same(e, x) for x in events if sent.start <= x["_tok"] < sent.end):
                    continue
                seen.add(key)
                events.append(e)

    @staticmethod
    def _same(a: dict, b: dict) -> bool:
        return (a["source"], a["target"], a["parties"]) == (b["source"], b["target"], b["parties"]) and (
            a["cameo"][:2] == b["cameo"][:2])

    @staticmethod
    def _not_done(tok) -> bool:
        """A noun for an act asked for, threatened, planned, proposed or only possible ("called
        for sanctions on Russia", "threatened an invasion", "a possible summit")."""
        if any(c.lower_ in UNREAL_MODIFIERS for c in tok.children if c.dep_ in ("amod", "compound", "nmod")):
            return True
        t = tok
        for _ in range(5):
            if t.head.i == t.i:
                return False
            below, t = t, t.head
            if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"):
                if below.dep_ == "nsubj":
                    return False  # the act is what the verb's subject names ("the invasion pushed X")
                lem = t.lemma_.lower()
                if lem in UNREAL_GOVERNORS or lem in L.EMBEDDING - {"condemn", "denounce", "criticize",
                                                                     "criticise", "accuse", "blame"}:
                    return True
                if t.dep_ not in ("xcomp", "conj"):
                    return False
        return False

    def _base(self, d: Document, sent, tok, code: str) -> dict:
        info = cameo.lookup(code)
        return {"date": self._date(d, sent, tok), "plover": info.plover, "cameo": info.code,
                "goldstein": info.goldstein, "treaty": None, "negated": False, "hedged": False,
                "reported": False, "agentless": False, "reported_by": None, "reported_by_text": None,
                "span": [sent.start_char, sent.end_char], "text": sent.text,
                "_tok": tok.i}

    @staticmethod
    def _embedded(tok) -> bool:
        """True for an act that is only requested or alleged ("urged X to stop arming Y",
        "accused X of sending troops")."""
        t = tok
        for _ in range(4):
            if t.head.i == t.i:
                return False
            if t.dep_ in ("acl", "ccomp") and t.head.lemma_.lower() in ALLEGATION_NOUNS and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                return True  # "denied charges that it had shelled Belgorod": alleged, not done
            if t.dep_ in ("acl", "ccomp", "relcl") and t.head.lemma_.lower() in REQUEST_NOUNS and t.head.pos_ == "NOUN" \
                    and any(c.dep_ in ("mark", "aux") and c.lower_ in ("that", "to") for c in t.children):
                return True  # "insisted on its demands that X grant ...", "a plan to annex": asked, not done
            if t.dep_ == "ccomp" and t.head.lemma_.lower() in DENYING:
                return True  # "denied that it had shelled Belgorod": the denial is the event
            dep, t = t.dep_, t.head
            if t.dep_ == "prep":
                dep, t = "prep", t.head
            if t.lemma_.lower() in L.EMBEDDING and dep in ("ccomp", "xcomp", "prep", "pcomp"):
                return True
            if dep not in ("xcomp", "ccomp", "pcomp", "prep", "conj", "advcl"):
                return False
        return False

    @staticmethod
    def _speaker(tok):
        """The subject of the verb of saying an act is reported under ("Russia shelled X, the
        ministry said", "the ministry said that Russia shelled X"), or the "according to"
        phrase's object; None."""
        t = tok
        for _ in range(6):
            for c in t.children:
                if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in L.SPEECH and c.i > tok.i:
                    subj = [g for g in c.children if g.dep_ == "nsubj"]
                    if subj:
                        return subj[0]
            if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in L.SPEECH:
                subj = [g for g in t.head.children if g.dep_ == "nsubj"]
                return subj[0] if subj else None
            if t.head.i == t.i:
                break
            t = t.head
        for a in tok.sent:
            if a.lower_ == "according":
                to = next((c for c in a.children if c.lower_ == "to"), None)
                obj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
                if obj is not None:
                    return obj
        return None

    def _attribution(self, d: Document, tok) -> tuple[str | None, str | None]:
        """(actor id, words) of whoever the act is reported by."""
        sp = self._speaker(tok)
        if sp is None:
            return None, None
        reg = _region(sp)
        acts = _actors_in(d.mentions, reg, places=False)
        words = d.doc[min(reg):max(reg) + 1].text
        return (acts[0] if acts else None), words

    def _reported(self, tok) -> bool:
        t = tok
        for _ in range(6):
            if any(c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in L.SPEECH and c.i > tok.i
                   for c in t.children):
                return True
            if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in L.SPEECH:
                return True
            if t.head.i == t.i:
                break
            t = t.head
        return False

    @staticmethod
    def _other_conjunct(date_tok, tok) -> bool:
        """Is ``date_tok`` in a clause coordinated with ``tok``'s ("... mediated talks, and on 24
        November the two sides agreed": the date is the agreement's, not the mediation's)?"""
        v = date_tok
        for _ in range(40):
            if v.pos_ in ("VERB", "AUX") or v.head.i == v.i:
                break
            v = v.head
        if v.i == tok.i or v.pos_ not in ("VERB", "AUX"):
            return False
        conj = False
        t = v
        for _ in range(40):
            if t.i == tok.i:
                return conj
            if t.head.i == t.i:
                return False
            conj = conj or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))
            t = t.head
        return False

    def _date(self, d: Document, sent, tok) -> str | None:
        treaty_dates = set()
        for tr in d.treaties:
            s, e = tr["_tok"]
            if sent.start <= s < sent.end:
                treaty_dates.add((s, e))
        cands = []
        other = False
        for m in d.dates:
            if not (sent.start_char <= m.start < sent.end_char) or not m.edtf:
                continue
            # a year that belongs to a treaty name ("Treaty of Aigun (1858)") is not the event's
            mt = d.doc.char_span(m.start, m.end, alignment_mode="expand")
            if mt is not None and any(s - 2 <= mt.start <= e + 2 and not (s <= mt.start < e)
                                      for s, e in treaty_dates) and tok.lemma_ not in ("sign", "conclude", "ratify"):
                continue
            if mt is not None and self._other_conjunct(mt.root, tok):
                other = True
                continue  # "X mediated talks, and on 24 November the two sides agreed"
            cands.append(m)
        if cands:
            sub = {t.i for t in tok.subtree}
            def score(m):
                mt = d.doc.char_span(m.start, m.end, alignment_mode="expand")
                inside = mt is not None and mt.start in sub
                return (0 if inside else 1, abs(m.start - tok.idx))
            cands.sort(key=score)
            return cands[0].edtf
        if other:  # the sentence's dates are another clause's: the date in force before it
            return context_date(d, sent.start_char - 1) if sent.start_char > 0 else d.date
        return context_date(d, sent.start_char)
