"""Verb lexicon: verb lemma (+ object noun) -> CAMEO code, and how the roles are read.

Each entry is ``lemma: [(object lemmas or None, cameo, mode), ...]``, tried in order; the first
whose object set meets the verb's object (or is None) wins. ``mode`` is

- ``"joint"``: symmetric (sign, meet, hold talks, fight): coordinated subjects, or a subject and a
  ``with``/direct-object partner, make ONE event with ``parties``;
- ``"directed"``: source -> target pairs (lists expand to every pair).

The CAMEO code gives PLOVER and Goldstein through :mod:`amity.cameo` (ICEWS table, project's
CAMEO->PLOVER 2021 table), so the lexicon never repeats those values.
"""
from __future__ import annotations

J, D = "joint", "directed"

TREATY = {"treaty", "agreement", "pact", "accord", "deal", "memorandum", "contract", "protocol",
          "charter", "convention", "framework", "declaration", "statement", "communique",
          "agreements", "deals", "partnership", "alliance", "initiative"}
TALKS = {"talk", "summit", "meeting", "negotiation", "consultation", "discussion", "dialogue",
         "call", "conversation"}
DRILLS = {"exercise", "drill", "patrol", "maneuver", "manoeuvre", "wargame", "war", "game"}
SANCTIONS = {"sanction", "embargo", "tariff", "control", "ban", "restriction", "curb", "penalty",
             "package", "duty", "measure", "blockade", "levy"}
ARMS = {"weapon", "arm", "tank", "missile", "ammunition", "shell", "artillery", "drone", "system",
        "munition", "jet", "fighter", "f-16", "s-400", "rocket", "equipment", "technology", "part",
        "howitzer", "aircraft", "warplane", "helicopter", "submarine", "warship", "satellite"}
TROOPS = {"troop", "soldier", "force", "warship", "division", "unit", "battalion", "army",
          "marine", "bomber", "carrier", "personnel", "sailor"}
ECON = {"loan", "aid", "credit", "fund", "money", "grant", "assistance", "food", "fuel", "gas",
        "oil", "grain", "package", "support"}
ENVOY = {"envoy", "delegation", "diplomat", "minister", "representative", "mission", "official"}
RELATIONS = {"relation", "tie", "relationship"}
PRISONERS = {"prisoner", "detainee", "captive", "pow", "hostage"}
MISSILES = {"missile", "rocket", "projectile", "satellite", "icbm"}
AIMED = {"at", "into", "toward", "towards"}  # a missile's direction: "fired rockets at Israel"
ATTACKS = {"strike", "attack", "invasion", "offensive", "raid", "assault", "bombardment", "war"}

LEXICON: dict[str, list[tuple[set | None, str, str]]] = {
    # agreements and signatures (057 sign formal agreement: SUPPORT in the 2021 table)
    "sign": [(None, "057", J)],
    "conclude": [(TREATY, "057", J)],
    "ink": [(None, "057", J)],
    "ratify": [(None, "057", J)],
    "extend": [(TREATY | {"start"}, "057", J), (SANCTIONS, "163", D)],
    "renew": [(TREATY, "057", J)],
    "announce": [(TREATY, "057", J), (SANCTIONS, "163", D)],
    "issue": [({"statement", "declaration", "communique", "communiqué"}, "057", J)],
    # a declaration of war opens hostilities (the dictionary codes "wage war" 190), no threat
    "declare": [({"partnership", "alliance", "friendship"}, "057", J), ({"war"}, "190", D)],
    "establish": [(RELATIONS, "054", J), ({"partnership", "alliance"}, "057", J)],
    "normalize": [(RELATIONS | {"ties"}, "054", J)],
    "normalise": [(RELATIONS, "054", J)],
    "restore": [(RELATIONS, "054", J), (None, "060", J)],
    "upgrade": [(RELATIONS, "050", J)],
    "settle": [(None, "057", J)],
    "recognize": [(None, "054", D)],
    "recognise": [(None, "054", D)],
    "join": [(SANCTIONS, "163", D), (None, "050", D)],
    "apologize": [(None, "055", D)],
    "apologise": [(None, "055", D)],
    # consultation
    "meet": [(None, "040", J)],
    "hold": [(TALKS, "040", J), (DRILLS, "062", J)],
    "talk": [(None, "046", J)],
    "negotiate": [(None, "046", J)],
    "discuss": [(None, "046", J)],
    "speak": [(None, "041", J)],
    "phone": [(None, "041", J)],
    "consult": [(None, "040", J)],
    "visit": [(None, "042", D)],
    "travel": [(None, "042", D)],
    "fly": [(DRILLS, "062", J), (None, "150", D)],
    "arrive": [(None, "042", D)],
    "tour": [(None, "042", D)],
    "host": [(None, "043", D)],
    "receive": [(ENVOY | {"president", "leader", "delegation"}, "043", D)],
    "mediate": [(None, "045", D)],
    "broker": [(None, "045", D)],
    # intent and support
    "agree": [(None, "030", J)],
    # promised aid is the intention to give it (033x; military aid 0332)
    "pledge": [({"military"} | ARMS, "0332", J), (ECON, "033", J), (None, "030", J)],
    "promise": [({"military"} | ARMS, "0332", J), (ECON, "033", J), (None, "030", J)],
    "vow": [(None, "030", J)],
    "commit": [(None, "030", J)],
    "propose": [(None, "030", J)],
    "praise": [(None, "051", D)],
    "hail": [(None, "051", D)],
    "commend": [(None, "051", D)],
    "endorse": [(None, "051", D)],
    "welcome": [(None, "051", D)],
    "back": [(None, "051", D)],
    "support": [(None, "051", D)],
    # material cooperation and aid
    "cooperate": [(None, "060", J)],
    "conduct": [(DRILLS, "062", J), ({"test"}, "150", D), (ATTACKS, "190", D)],
    "stage": [(DRILLS, "062", J), (ATTACKS, "190", D)],
    "trade": [(None, "061", J)],
    "buy": [(None, "061", D)],
    "purchase": [(None, "061", D)],
    "import": [(None, "061", D)],
    "share": [({"intelligence", "information", "data"}, "064", J)],
    "open": [({"office", "embassy", "consulate", "base"}, "060", J)],
    "grant": [({"access"}, "062", D), ({"status", "recognition"}, "054", D), (None, "050", D)],
    "allow": [(None, "050", D)],
    "help": [(None, "070", D)],
    "assist": [(None, "070", D)],
    "aid": [(None, "070", D)],
    "arm": [(None, "072", D)],
    "send": [(TROOPS, "154", D), (ENVOY, "042", D), (ARMS, "072", D), (ECON, "071", D), (None, "070", D)],
    "supply": [(ARMS, "072", D), (None, "070", D)],
    "deliver": [(ARMS, "072", D), (None, "070", D)],
    "provide": [(ARMS | {"lethal"}, "072", D), (None, "070", D)],
    "give": [(ARMS, "072", D), (None, "070", D)],
    "ship": [(ARMS, "072", D), (None, "070", D)],
    "transfer": [(ARMS, "072", D), (None, "070", D)],
    "sell": [(None, "072", D)],
    "approve": [(ECON | ARMS, "071", D)],
    "lend": [(None, "071", D)],
    # concessions and retreat
    "lift": [(None, "085", D)],
    "ease": [(None, "085", D)],
    "relax": [(None, "085", D)],
    "release": [(None, "0841", D)],
    "free": [(PRISONERS, "0841", D)],
    "exchange": [(PRISONERS, "0841", J)],
    "disengage": [(None, "087", J)],
    "withdraw": [(TREATY | TALKS | {"program", "programme", "start", "organization"}, "160", D),
                 (None, "087", D)],
    "pull": [(None, "087", D)],
    # requests
    "demand": [(None, "100", D)],
    "urge": [(None, "020", D)],
    "call": [(None, "020", D)],
    "appeal": [(None, "020", D)],
    "press": [(None, "020", D)],
    "ask": [(None, "020", D)],
    # accusation and criticism
    "condemn": [(None, "111", D)],
    "denounce": [(None, "111", D)],
    "criticize": [(None, "111", D)],
    "criticise": [(None, "111", D)],
    "slam": [(None, "111", D)],
    "deplore": [(None, "111", D)],
    "decry": [(None, "111", D)],
    "blast": [(None, "111", D)],
    "rebuke": [(None, "111", D)],
    "accuse": [(None, "112", D)],
    "blame": [(None, "112", D)],
    "protest": [(None, "114", D)],
    "summon": [(None, "114", D)],
    "lodge": [({"protest", "complaint"}, "114", D)],
    "express": [({"concern", "outrage", "regret", "anger"}, "114", D)],
    "investigate": [(None, "090", D)],
    "probe": [(None, "090", D)],
    # rejection
    "reject": [(None, "120", D)],
    "dismiss": [(None, "120", D)],
    "rebuff": [(None, "120", D)],
    "veto": [(None, "129", D)],
    "block": [({"package", "resolution", "statement", "proposal", "plan", "deal", "bid",
                "decision", "membership", "accession", "aid"}, "120", D),
              ({"import", "export", "trade", "good", "shipment"}, "163", D), (None, "191", D)],
    # threats
    "threaten": [(SANCTIONS | {"sanction"}, "1312", D), (None, "130", D)],
    "warn": [(None, "130", D)],
    # sanctions and reduced relations
    "impose": [(None, "163", D)],
    "adopt": [(SANCTIONS, "163", D)],
    "introduce": [(SANCTIONS, "163", D)],
    "tighten": [(SANCTIONS, "163", D)],
    "raise": [({"tariff", "duty", "levy"}, "163", D)],
    "sanction": [(None, "163", D)],
    "blacklist": [(None, "163", D)],
    "embargo": [(None, "163", D)],
    "freeze": [(None, "163", D)],
    "ban": [(None, "163", D)],
    "enforce": [(SANCTIONS, "163", D)],
    "cut": [(RELATIONS | {"communication", "contact"}, "161", D), (None, "162", D)],
    "sever": [(None, "161", D)],
    "downgrade": [(None, "161", D)],
    "break": [(RELATIONS, "161", D)],
    "recall": [(None, "161", D)],
    "expel": [(None, "166", D)],
    "suspend": [(TALKS, "164", D), (None, "160", D)],
    "halt": [(TALKS, "164", D), (None, "160", D)],
    "walk": [(None, "164", D)],
    # force posture
    "deploy": [(None, "154", D)],
    "station": [(None, "154", D)],
    "mass": [(None, "154", D)],
    "mobilize": [(None, "154", D)],
    "mobilise": [(None, "154", D)],
    "redeploy": [(None, "154", D)],
    "scramble": [(None, "152", D)],
    "enter": [(TREATY, "057", J), (None, "150", D)],   # "entered into a treaty" is an agreement
    "test": [(None, "150", D)],
    # missiles fired or launched AT someone are an attack (195), without a target a show of
    # force (150: a test or a salvo into the sea)
    "fire": [(AIMED, "195", D), (MISSILES, "150", D), (None, "195", D)],
    "launch": [(ATTACKS, "190", D), (AIMED, "195", D), (MISSILES, "150", D), (None, "150", D)],
    # coercion and force
    "annex": [(None, "192", D)],
    "occupy": [(None, "192", D)],
    "seize": [(None, "192", D)],
    "blockade": [(None, "191", D)],
    "arrest": [(None, "173", D)],
    "invade": [(None, "190", D)],
    "attack": [(None, "190", D)],
    "intervene": [(None, "190", D)],
    "strike": [(None, "195", D)],
    "bomb": [(None, "195", D)],
    "shell": [(None, "194", D)],
    "shoot": [(None, "190", D)],
    "cross": [(None, "190", D)],
    "fight": [(None, "190", J)],
    "clash": [(None, "190", J)],
    "begin": [(ATTACKS, "195", D)],
    "carry": [(ATTACKS, "190", D)],
    "blow": [(None, "1712", D)],
    "destroy": [(None, "1712", D)],
}

# Codes that reach their target through locative prepositions ("deployed troops in Poland").
LOCATIVE_ROOTS = ("15", "17", "18", "19", "20", "04")
# Verbs that set up another verb: they negate it, hedge it, or carry it.
NEGATING = {"refuse", "fail", "decline"}
HEDGING = {"plan", "consider", "expect", "intend", "seek", "hope", "aim", "mull", "weigh", "want",
           "prepare", "try"}
HEDGE_WORDS = {"reportedly", "allegedly", "possibly", "probably", "likely", "apparently",
               "purportedly", "perhaps", "maybe", "supposedly", "reported"}
HEDGE_MODALS = {"may", "might", "could"}
SPEECH = {"say", "state", "insist", "stress", "maintain", "claim", "report", "allege", "tell", "stress", "add", "note",
          "argue", "assert", "confirm", "deny", "announce", "declare", "suggest", "believe", "think",
          "write", "warn"}
# governors that keep their own event and lend their object to the governed verb
# verbs whose clausal complements are requested or alleged acts, not acts that happened
EMBEDDING = {"demand", "urge", "call", "ask", "press", "appeal", "accuse", "blame", "criticize",
             "criticise", "condemn", "denounce", "want", "request", "oblige", "obligate",
             "bind", "require",
             # warned against, prevented from: the act did not happen
             "warn", "caution", "forbid", "prohibit", "discourage", "dissuade", "deter",
             "prevent", "bar"}
THREATEN_OBJECT = {"sanction": "1312", "impose": "1312", "retaliate": "130", "use": "138",
                   "attack": "138", "strike": "138", "invade": "138", "end": "1313",
                   "cut": "1313", "respond": "130", "expel": "136", "halt": "134"}
