"""Surface forms of actors in English news text, with the time windows they refer to.

The table is the reader's own: names, demonyms/adjectives, capitals used as metonyms
("Beijing and Moscow announced..."), leaders, organisations and historical polities. Each
form maps to a canonical actor id (see docs/ARCHITECTURE.md and ``amity.actors``), possibly by
date: a capital or a leader stands for whichever polity governed from it at the time.

Names a reader sees that are not in this table are passed to the actor registry
(``amity.actors.resolve``) when it is installed.
"""
from __future__ import annotations

from dataclasses import dataclass

# (id, names, adjectives/demonyms, hyphen prefixes)
_STATES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("CHN", ("China", "People's Republic of China", "PRC", "mainland China", "Communist China"),
     ("Chinese",)),
    ("RUS", ("Russia", "Russian Federation"), ("Russian", "Russians")),
    ("USA", ("United States", "United States of America", "US", "U.S.", "USA", "America"),
     ("American", "Americans")),
    ("PRK", ("North Korea", "DPRK", "Democratic People's Republic of Korea"),
     ("North Korean", "North Koreans")),
    ("KOR", ("South Korea", "Republic of Korea", "ROK"), ("South Korean", "South Koreans")),
    ("JPN", ("Japan",), ("Japanese",)),
    ("IND", ("India",), ("Indian",)),
    ("GBR", ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"), ("British",)),
    ("FRA", ("France",), ("French",)),
    ("DEU", ("Germany", "West Germany", "Federal Republic of Germany"), ("German", "West German")),
    ("DDR", ("East Germany", "German Democratic Republic", "GDR"), ("East German",)),
    ("UKR", ("Ukraine",), ("Ukrainian", "Ukrainians")),
    ("TWN", ("Taiwan",), ("Taiwanese",)),
    ("SUN", ("Soviet Union", "USSR", "U.S.S.R.", "Soviets", "Union of Soviet Socialist Republics"),
     ("Soviet",)),
    ("RUS-EMPIRE", ("Tsarist Russia", "Imperial Russia", "Russian Empire", "Czarist Russia"),
     ("Tsarist", "Czarist")),
    ("RUS-TSARDOM", ("Muscovy", "Tsardom of Russia"), ("Muscovite",)),
    ("RUS-SFSR", ("Soviet Russia", "Bolshevik Russia"), ("Bolshevik",)),
    ("CHN-QING", ("Qing China", "Qing Empire", "Qing dynasty", "Qing", "Manchu China"), ()),
    ("CHN-ROC", ("Nationalist China",), ("Nationalist Chinese",)),
    ("YUG", ("Yugoslavia",), ("Yugoslav",)),
    ("CSK", ("Czechoslovakia",), ("Czechoslovak",)),
    ("AUS", ("Australia",), ("Australian",)),
    ("CAN", ("Canada",), ("Canadian",)),
    ("IRN", ("Iran", "Islamic Republic of Iran"), ("Iranian",)),
    ("TUR", ("Turkey", "Türkiye", "Turkiye"), ("Turkish",)),
    ("PAK", ("Pakistan",), ("Pakistani",)),
    ("VNM", ("Vietnam", "Viet Nam", "North Vietnam"), ("Vietnamese",)),
    ("PHL", ("Philippines",), ("Philippine", "Filipino")),
    ("MNG", ("Mongolia",), ("Mongolian",)),
    ("BLR", ("Belarus",), ("Belarusian",)),
    ("POL", ("Poland",), ("Polish",)),
    ("LTU", ("Lithuania",), ("Lithuanian",)),
    ("LVA", ("Latvia",), ("Latvian",)),
    ("EST", ("Estonia",), ("Estonian",)),
    ("ISR", ("Israel",), ("Israeli",)),
    ("SYR", ("Syria",), ("Syrian",)),
    ("SAU", ("Saudi Arabia",), ("Saudi",)),
    ("HUN", ("Hungary",), ("Hungarian",)),
    ("SRB", ("Serbia",), ("Serbian",)),
    ("KAZ", ("Kazakhstan",), ("Kazakh",)),
    ("CHE", ("Switzerland",), ("Swiss",)),
    ("NOR", ("Norway",), ("Norwegian",)),
    ("FIN", ("Finland",), ("Finnish",)),
    ("SWE", ("Sweden",), ("Swedish",)),
    ("BRA", ("Brazil",), ("Brazilian",)),
    ("GEO", ("Georgia",), ("Georgian",)),
    ("AFG", ("Afghanistan",), ("Afghan",)),
    ("BGR", ("Bulgaria",), ("Bulgarian",)),
    ("HND", ("Honduras",), ("Honduran",)),
    ("BGD", ("Bangladesh",), ("Bangladeshi",)),
    ("ITA", ("Italy",), ("Italian",)),
    ("ESP", ("Spain",), ("Spanish",)),
    ("NLD", ("Netherlands",), ("Dutch",)),
    ("ROU", ("Romania",), ("Romanian",)),
    ("CZE", ("Czech Republic", "Czechia"), ("Czech",)),
    ("IDN", ("Indonesia",), ("Indonesian",)),
    ("MYS", ("Malaysia",), ("Malaysian",)),
    ("SGP", ("Singapore",), ("Singaporean",)),
    ("THA", ("Thailand",), ("Thai",)),
    ("MMR", ("Myanmar", "Burma"), ("Burmese",)),
    ("EGY", ("Egypt",), ("Egyptian",)),
    ("IRQ", ("Iraq",), ("Iraqi",)),
    ("CUB", ("Cuba",), ("Cuban",)),
    ("VEN", ("Venezuela",), ("Venezuelan",)),
    ("MEX", ("Mexico",), ("Mexican",)),
    ("ZAF", ("South Africa",), ("South African",)),
    ("NZL", ("New Zealand",), ()),
    ("ARM", ("Armenia",), ("Armenian",)),
    ("AZE", ("Azerbaijan",), ("Azerbaijani",)),
    ("UZB", ("Uzbekistan",), ("Uzbek",)),
    ("KGZ", ("Kyrgyzstan",), ("Kyrgyz",)),
    ("TJK", ("Tajikistan",), ("Tajik",)),
    ("MDA", ("Moldova",), ("Moldovan",)),
    ("CUB", ("Cuba",), ()),
    ("LAO", ("Laos",), ("Lao",)),
    ("KHM", ("Cambodia",), ("Cambodian",)),
    ("NPL", ("Nepal",), ("Nepalese",)),
    ("LKA", ("Sri Lanka",), ("Sri Lankan",)),
    ("QAT", ("Qatar",), ("Qatari",)),
    ("ARE", ("United Arab Emirates", "UAE"), ("Emirati",)),
]

_ORGS: list[tuple[str, tuple[str, ...]]] = [
    ("EU", ("European Union", "EU", "E.U.", "Brussels")),
    ("NATO", ("NATO", "North Atlantic Treaty Organization", "Atlantic Alliance")),
    ("UNSC", ("UN Security Council", "U.N. Security Council", "United Nations Security Council",
              "Security Council", "UNSC")),
    ("UN", ("United Nations", "UN", "U.N.")),
    ("G7", ("G7", "G-7", "Group of Seven", "G8", "G-8")),
    ("SCO", ("Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "SCO")),
    ("CSTO", ("Collective Security Treaty Organization", "CSTO")),
    ("BRICS", ("BRICS",)),
    # intergovernmental organizations (registry organizations with no member list); spaCy's
    # small model often tags none of them ("ECOWAS imposed sanctions on Niger")
    ("ECOWAS", ("ECOWAS", "Economic Community of West African States")),
    ("AU", ("African Union",)),
    ("OAU", ("Organization of African Unity", "Organisation of African Unity")),
    ("LAS", ("Arab League", "League of Arab States")),
    ("ASEAN", ("ASEAN", "Association of Southeast Asian Nations", "Association of South East Asian Nations")),
    ("OAS", ("Organization of American States", "Organisation of American States")),
    ("OSCE", ("OSCE", "Organization for Security and Co-operation in Europe",
              "Organization for Security and Cooperation in Europe", "CSCE")),
    ("IAEA", ("IAEA", "International Atomic Energy Agency")),
    ("GCC", ("Gulf Cooperation Council",)),
    ("OPEC", ("OPEC",)),
    ("OIC", ("Organisation of Islamic Cooperation", "Organization of Islamic Cooperation",
             "Organization of the Islamic Conference", "Organisation of the Islamic Conference")),
]

# Hyphenated adjective prefixes used in treaty and relation names ("Sino-Soviet").
PREFIXES: dict[str, str] = {
    "Sino": "CHN", "Russo": "RUS", "Soviet": "SUN", "Indo": "IND", "Anglo": "GBR",
    "Franco": "FRA", "Japanese": "JPN", "Korean": "KOR", "US": "USA", "U.S.": "USA",
    "American": "USA", "Russian": "RUS", "Chinese": "CHN", "Sino-Russian": "CHN",
    "German": "DEU", "Polish": "POL", "Turkish": "TUR", "Iranian": "IRN", "Vietnamese": "VNM",
    "Indian": "IND", "British": "GBR", "French": "FRA",
}

# Time-dependent forms: (form, [(start, end, id)]) with ISO dates, end exclusive.
_MOSCOW = [("0000", "1917-11-07", "RUS-EMPIRE"), ("1917-11-07", "1922-12-30", "RUS-SFSR"),
           ("1922-12-30", "1991-12-26", "SUN"), ("1991-12-26", "9999", "RUS")]
_BEIJING = [("0000", "1912-02-12", "CHN-QING"), ("1912-02-12", "1949-10-01", "CHN-ROC"),
            ("1949-10-01", "9999", "CHN")]
_TIMED: dict[str, list[tuple[str, str, str]]] = {
    "Moscow": _MOSCOW, "Kremlin": _MOSCOW, "Beijing": _BEIJING, "Peking": _BEIJING,
    "Republic of China": [("0000", "1949-12-08", "CHN-ROC"), ("1949-12-08", "9999", "TWN")],
    "St Petersburg": [("0000", "1917-11-07", "RUS-EMPIRE"), ("1917-11-07", "9999", "RUS")],
    "Petrograd": [("0000", "1917-11-07", "RUS-EMPIRE"), ("1917-11-07", "9999", "RUS-SFSR")],
    "Berlin": [("0000", "1945-05-09", "DEU-REICH"), ("1945-05-09", "1949-10-07", "DEU"),
               ("1949-10-07", "1990-10-03", "DDR"), ("1990-10-03", "9999", "DEU")],
}

_CAPITALS: dict[str, str] = {
    "Washington": "USA", "White House": "USA", "Pentagon": "USA", "Pyongyang": "PRK",
    "Seoul": "KOR", "Tokyo": "JPN", "Taipei": "TWN", "Kyiv": "UKR", "Kiev": "UKR",
    "London": "GBR", "Downing Street": "GBR", "Paris": "FRA", "Élysée": "FRA", "Bonn": "DEU",
    "New Delhi": "IND", "Delhi": "IND", "Canberra": "AUS", "Ottawa": "CAN", "Tehran": "IRN",
    "Ankara": "TUR", "Islamabad": "PAK", "Hanoi": "VNM", "Manila": "PHL", "Ulaanbaatar": "MNG",
    "Minsk": "BLR", "Warsaw": "POL", "Vilnius": "LTU", "Damascus": "SYR", "Riyadh": "SAU",
    "Budapest": "HUN", "Belgrade": "SRB", "Astana": "KAZ", "Jerusalem": "ISR", "Kabul": "AFG",
    "Zhongnanhai": "CHN",
}

# Leaders (and a few ministers) stand for their state; checked against terms in office.
_PEOPLE: list[tuple[str, tuple[str, ...]]] = [
    ("CHN", ("Xi Jinping", "Xi", "Mao Zedong", "Mao", "Zhou Enlai", "Deng Xiaoping", "Deng",
             "Wang Yi", "Li Hui", "Hu Jintao", "Jiang Zemin", "Li Qiang")),
    ("RUS", ("Vladimir Putin", "Putin", "Sergei Lavrov", "Lavrov", "Sergei Shoigu", "Shoigu",
             "Boris Yeltsin", "Yeltsin", "Dmitry Medvedev", "Medvedev")),
    ("SUN", ("Joseph Stalin", "Stalin", "Nikita Khrushchev", "Khrushchev", "Leonid Brezhnev",
             "Brezhnev", "Mikhail Gorbachev", "Gorbachev")),
    ("USA", ("Joe Biden", "Biden", "Donald Trump", "Trump", "Barack Obama", "Obama",
             "Richard Nixon", "Nixon", "Ronald Reagan", "Reagan", "Antony Blinken", "Blinken",
             "Henry Kissinger", "Kissinger")),
    ("PRK", ("Kim Jong Un", "Kim Jong-un", "Kim Jong Il", "Kim Il Sung", "Kim Il-sung", "Kim")),
    ("KOR", ("Yoon Suk Yeol", "Yoon", "Moon Jae-in", "Lee Jae-myung")),
    ("JPN", ("Fumio Kishida", "Kishida", "Shinzo Abe", "Abe", "Shigeru Ishiba", "Ishiba")),
    ("UKR", ("Volodymyr Zelensky", "Zelensky", "Zelenskyy")),
    ("IND", ("Narendra Modi", "Modi", "Jawaharlal Nehru", "Nehru")),
    ("GBR", ("Rishi Sunak", "Sunak", "Keir Starmer", "Starmer")),
    ("FRA", ("Emmanuel Macron", "Macron", "Charles de Gaulle", "de Gaulle")),
    ("DEU", ("Olaf Scholz", "Scholz", "Angela Merkel", "Merkel")),
    ("TUR", ("Recep Tayyip Erdogan", "Erdogan", "Erdoğan")),
]


@dataclass(frozen=True)
class Form:
    """One surface form: what it stands for and how it was written."""

    text: str
    kind: str  # name | adjective | capital | leader | organization | timed
    ids: tuple[tuple[str, str, str], ...]  # (start, end, id); ("0000","9999",id) if undated

    def at(self, date: str | None) -> str:
        """The actor id this form stands for at ``date`` (EDTF or None = today)."""
        if len(self.ids) == 1:
            return self.ids[0][2]
        d = (date or "9998")[:10].replace("X", "0")
        for start, end, ident in self.ids:
            if start <= d < end:
                return ident
        return self.ids[-1][2]


def forms() -> list[Form]:
    """Every surface form of the table (longest names first)."""
    out: dict[str, Form] = {}
    always = lambda i: (("0000", "9999", i),)  # noqa: E731
    for ident, names, adjs in _STATES:
        for n in names:
            out.setdefault(n, Form(n, "name", always(ident)))
        for a in adjs:
            out.setdefault(a, Form(a, "adjective", always(ident)))
    for ident, names in _ORGS:
        for n in names:
            out.setdefault(n, Form(n, "organization", always(ident)))
    for n, ident in _CAPITALS.items():
        out.setdefault(n, Form(n, "capital", always(ident)))
    for n, spans in _TIMED.items():
        out[n] = Form(n, "capital" if n != "Republic of China" else "name", tuple(spans))
    for ident, names in _PEOPLE:
        for n in names:
            out.setdefault(n, Form(n, "leader", always(ident)))
    return sorted(out.values(), key=lambda f: -len(f.text))
