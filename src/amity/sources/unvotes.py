"""UN General Assembly roll-call votes: the ``unvotes`` tables and Voeten's published file.

Two upstream files are read in their original R formats (``pyreadr``):

* ``un_votes.rda`` / ``un_roll_calls.rda`` / ``un_roll_call_issues.rda`` (the ``unvotes`` R
  package, Robinson & Voeten): one row per country and roll call, ISO 3166 alpha-2 codes,
  ``yes``/``abstain``/``no`` only (absences are simply absent rows), 1946 to January 2020.
* ``UNVotesPublished.RData`` (object ``x``): Voeten's full file with COW codes, votes coded
  1 yes / 2 abstain / 3 no / 8 absent / 9 not a member, dates written M/D/YYYY, 1946-2015.

Both end as one tidy shape: ``rcid, date, year, session, ccode, ccode_orig, actor, seat, vote``
where ``vote`` is 1 yes / 2 abstain / 3 no / <NA> (absent, not a member). ``ccode`` is the
COW code under which the vote joins a COW panel once the seat rules are applied, ``actor`` the
canonical actor id, ``seat`` the UN seat (``CHN`` for every vote cast in China's seat).

Seat rules (documented at length in ``docs/arch/votes.md``), applied by :func:`apply_seat_rules`:

* China: the Republic of China casts China's votes until 25 Oct 1971 (resolution 2758). Its
  votes before 8 Dec 1949 are those of COW 710 (the ROC on the mainland, actor ``CHN-ROC``);
  from 8 Dec 1949 they are COW 713 (``TWN``). The PRC (710, ``CHN``) holds the seat from
  15 Nov 1971, its delegation's first votes. PRC votes dated strictly between 25 Oct and
  15 Nov 1971 (11 "yes" votes dated 3-4 Nov 1971 in both files) are dropped: they fall in the
  gap and their dating is not reliable.
* USSR/Russia: the file's ``RU`` (COW 365) is one seat 1946-2020; the actor is ``SUN`` before
  26 Dec 1991 and ``RUS`` from then on (COW keeps 365 throughout).
* Germany: the Federal Republic (no ISO2 code in ``unvotes``, found by name; COW 260) to
  3 Oct 1990, the GDR (``DD``, 265) 1973-1990, united Germany (``DE``, 255) afterwards.
* Yemen: the Yemen Arab Republic (no code, by name; 678) and the People's Republic (``YD``, 680)
  to 22 May 1990, Yemen (``YE``, 679) afterwards.
* Yugoslavia: ``YU`` (COW 345) is one seat in the file to 2020 (SFRY, then FRY/Serbia and
  Montenegro, then Serbia); the actor follows the registry (COW 345 by date).
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from typing import Any

from amity import actors, caches
from amity.errors import AmityError, InputError
from amity.sources.base import FileSpec, Source, read_rda_objects

_REPO = "https://raw.githubusercontent.com/dgrtwo/unvotes/7eb7034314ff79c49c9e0785fcd9d216fa04cf14"

# ISO 3166 alpha-2 code as written in `unvotes` -> COW code. Derived by matching each country's
# votes roll call by roll call against Voeten's COW-coded file (every code matched its own COW
# state on all its common votes); the few rows with a null code are matched by name below.
ISO2_TO_COW: dict[str, int] = {
    "AD": 232, "AE": 696, "AF": 700, "AG": 58, "AL": 339, "AM": 371, "AO": 540, "AR": 160,
    "AT": 305, "AU": 900, "AZ": 373, "BA": 346, "BB": 53, "BD": 771, "BE": 211, "BF": 439,
    "BG": 355, "BH": 692, "BI": 516, "BJ": 434, "BN": 835, "BO": 145, "BR": 140, "BS": 31,
    "BT": 760, "BW": 571, "BY": 370, "BZ": 80, "CA": 20, "CD": 490, "CF": 482, "CG": 484,
    "CH": 225, "CI": 437, "CL": 155, "CM": 471, "CN": 710, "CO": 100, "CR": 94, "CS": 315,
    "CU": 40, "CV": 402, "CY": 352, "CZ": 316, "DD": 265, "DE": 255, "DJ": 522, "DK": 390,
    "DM": 54, "DO": 42, "DZ": 615, "EC": 130, "EE": 366, "EG": 651, "ER": 531, "ES": 230,
    "ET": 530, "FI": 375, "FJ": 950, "FM": 987, "FR": 220, "GA": 481, "GB": 200, "GD": 55,
    "GE": 372, "GH": 452, "GM": 420, "GN": 438, "GQ": 411, "GR": 350, "GT": 90, "GW": 404,
    "GY": 110, "HN": 91, "HR": 344, "HT": 41, "HU": 310, "ID": 850, "IE": 205, "IL": 666,
    "IN": 750, "IQ": 645, "IR": 630, "IS": 395, "IT": 325, "JM": 51, "JO": 663, "JP": 740,
    "KE": 501, "KG": 703, "KH": 811, "KI": 946, "KM": 581, "KN": 60, "KP": 731, "KR": 732,
    "KW": 690, "KZ": 705, "LA": 812, "LB": 660, "LC": 56, "LI": 223, "LK": 780, "LR": 450,
    "LS": 570, "LT": 368, "LU": 212, "LV": 367, "LY": 620, "MA": 600, "MC": 221, "MD": 359,
    "ME": 341, "MG": 580, "MH": 983, "MK": 343, "ML": 432, "MM": 775, "MN": 712, "MR": 435,
    "MT": 338, "MU": 590, "MV": 781, "MW": 553, "MX": 70, "MY": 820, "MZ": 541, "NA": 565,
    "NE": 436, "NG": 475, "NI": 93, "NL": 210, "NO": 385, "NP": 790, "NR": 970, "NZ": 920,
    "OM": 698, "PA": 95, "PE": 135, "PG": 910, "PH": 840, "PK": 770, "PL": 290, "PT": 235,
    "PW": 986, "PY": 150, "QA": 694, "RO": 360, "RU": 365, "RW": 517, "SA": 670, "SB": 940,
    "SC": 591, "SD": 625, "SE": 380, "SG": 830, "SI": 349, "SK": 317, "SL": 451, "SM": 331,
    "SN": 433, "SO": 520, "SR": 115, "SS": 626, "ST": 403, "SV": 92, "SY": 652, "SZ": 572,
    "TD": 483, "TG": 461, "TH": 800, "TJ": 702, "TL": 860, "TM": 701, "TN": 616, "TO": 955,
    "TR": 640, "TT": 52, "TV": 947, "TW": 713, "TZ": 510, "UA": 369, "UG": 500, "US": 2,
    "UY": 165, "UZ": 704, "VC": 57, "VE": 101, "VN": 816, "VU": 935, "WS": 990, "YD": 680,
    "YE": 679, "YU": 345, "ZA": 560, "ZM": 551, "ZW": 552,
}
# Countries whose `country_code` is null in `unvotes`.
NAME_TO_COW: dict[str, int] = {
    "Federal Republic of Germany": 260,
    "Yemen Arab Republic": 678,
    "Zanzibar": 511,
}

CHINA_ROC_END = _dt.date(1971, 10, 25)     # GA resolution 2758
CHINA_PRC_START = _dt.date(1971, 11, 15)   # first votes of the PRC delegation
ROC_TO_TAIWAN = _dt.date(1949, 12, 8)      # ROC government in Taipei; COW 713 begins
VOTE_LABELS = {1: "yes", 2: "abstain", 3: "no"}
VOETEN_ISSUES = ("me", "nu", "di", "hr", "co", "ec")
_LABEL_TO_CODE = {"yes": 1, "abstain": 2, "no": 3}

@lru_cache(maxsize=8192)
def actor_for_cow(ccode: int, year: int) -> str | None:
    """Canonical actor id of COW code ``ccode`` in ``year`` (registry first).

    Uses :func:`amity.actors.from_cow`; returns ``None`` when the registry knows no actor
    for the code in that year.
    """
    try:
        a = actors.from_cow(int(ccode), int(year))
    except AmityError:   # an unknown code is "no actor", not a crash
        a = None
    if a is None and ccode == 713 and year <= 1949:
        return "CHN-ROC"
    if a is None:
        # a UN member outside the COW system that year (the Ukrainian and Byelorussian SSRs,
        # India in 1946...): the code's holder in the registry
        try:
            a = actors.resolve(int(ccode))
            alive = actors.lineage_at(a.id, int(year))   # e.g. UKR -> UKR-SSR in 1960
            a = alive or a
        except AmityError:   # no holder of the code
            a = None
    return None if a is None else a.id


def _actor_column(ccode: pd.Series, year: pd.Series, date: pd.Series) -> pd.Series:
    """Vectorized actor ids: one registry lookup per (code, year), exact dates for 365."""
    keys = pd.DataFrame({"c": ccode.astype("Int64").to_numpy(),
                         "y": pd.Series(year).astype("Int64").to_numpy()})
    uniq = keys.drop_duplicates().dropna()
    uniq["actor"] = [actor_for_cow(int(c), int(y)) for c, y in zip(uniq["c"], uniq["y"])]
    out = keys.merge(uniq, on=["c", "y"], how="left")["actor"].astype("object")
    out = pd.Series(out.to_numpy(), index=ccode.index, dtype="object")
    # the USSR ends on 26 Dec 1991, inside a year
    is365 = (ccode == 365).fillna(False).to_numpy()
    ts = date.to_numpy()
    known = ~np.isnat(ts)
    out[is365 & known & (ts < np.datetime64("1991-12-26"))] = "SUN"
    out[is365 & known & (ts >= np.datetime64("1991-12-26"))] = "RUS"
    return out


def apply_seat_rules(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Apply the UN seat rules to a vote table (pure).

    Parameters
    ----------
    frame : DataFrame
        Columns ``date`` (datetime64) and ``ccode`` (COW code as published).

    Returns
    -------
    (DataFrame, dict)
        The frame with ``ccode_orig`` (as published), ``ccode`` (COW code of the state that
        cast the vote on that date), ``seat`` (``"CHN"`` for China's seat, else None), with
        PRC votes dated between 25 Oct and 15 Nov 1971 removed and rows coded 710 before the
        seat change (absent/non-member placeholders) removed; and counts of what was changed
        (``dropped_prc_gap`` = votes cast in the gap, ``dropped_prc_placeholders``,
        ``roc_as_710``).
    """
    df = frame.copy()
    df["ccode_orig"] = df["ccode"].astype("Int64")
    d = df["date"]
    c = df["ccode_orig"]
    gap = (c == 710) & (d > pd.Timestamp(CHINA_ROC_END)) & (d < pd.Timestamp(CHINA_PRC_START))
    gap = gap.fillna(False)
    # rows coded 710 before the seat change are placeholders (absent / not a member in
    # Voeten's file): the PRC held no seat then, and the ROC's early votes take code 710 below
    before = ((c == 710) & (d <= pd.Timestamp(CHINA_ROC_END))).fillna(False)
    voted = df["vote"].notna() if "vote" in df else pd.Series(True, index=df.index)
    n_gap = int((gap & voted).sum())
    n_before = int(before.sum())
    if int((before & voted).sum()):
        raise InputError("votes coded 710 (PRC) dated before 25 Oct 1971: the seat rule "
                         "cannot place them", field="ccode")
    df = df.loc[~(gap | before)].copy()
    d, c = df["date"], df["ccode_orig"]
    roc_mainland = ((c == 713) & (d < pd.Timestamp(ROC_TO_TAIWAN))).fillna(False)
    df["ccode"] = c.where(~roc_mainland, 710).astype("Int64")
    roc_seat = ((c == 713) & (d <= pd.Timestamp(CHINA_ROC_END))).fillna(False)
    prc_seat = ((c == 710) & (d >= pd.Timestamp(CHINA_PRC_START))).fillna(False)
    df["seat"] = pd.Series(np.where(roc_seat | prc_seat, "CHN", None), index=df.index,
                           dtype="object")
    return df, {"dropped_prc_gap": n_gap, "dropped_prc_placeholders": n_before,
                "roc_as_710": int(roc_mainland.sum())}


def bad_rows(bad: Any, *, rejects: list | None, file: Any, field: str, reason: str,
             values: Any = None, line_offset: int = 1) -> np.ndarray:
    """Handle bad rows: raise for the first (``rejects`` None) or record all and keep the rest.

    ``bad`` is a boolean mask over the rows in file order; line numbers are the row position
    plus ``line_offset`` (1 for R objects, 2 for CSV files with a header). Returns the mask of
    rows to keep.
    """
    bad = np.asarray(pd.Series(bad).fillna(True), dtype=bool)
    if not bad.any():
        return ~bad
    pos = np.flatnonzero(bad)
    vals = None if values is None else pd.Series(values).reset_index(drop=True)
    if rejects is None:
        i = int(pos[0])
        what = f"{reason}: {vals.iloc[i]!r}" if vals is not None else reason
        raise InputError(what, file=str(file), line=i + line_offset, field=field)
    for i in pos:
        rejects.append({"file": str(file), "line": int(i) + line_offset, "field": field,
                        "reason": reason, "raw": None if vals is None else vals.iloc[int(i)]})
    return ~bad


def _whole_numbers(df: pd.DataFrame, cols: list[str], *, file: Any, rejects: list | None,
                   keep: np.ndarray | None = None) -> np.ndarray:
    """Coerce ``cols`` to numbers in place; a missing, non-numeric or fractional value is a bad
    row (raised, or recorded in ``rejects``). Returns the mask of rows to keep."""
    keep = np.ones(len(df), dtype=bool) if keep is None else keep
    for c in cols:
        num = pd.to_numeric(df[c], errors="coerce").astype("float64")
        arr = num.to_numpy()
        bad = ~np.isfinite(arr) | (arr != np.floor(np.where(np.isfinite(arr), arr, 0)))
        keep = keep & bad_rows(bad & keep, rejects=rejects, file=file, field=c,
                               reason="not a whole number", values=df[c])
        df[c] = num
    return keep


def _read_rda(path: Path, obj: str | None = None) -> pd.DataFrame:
    res = read_rda_objects(path)
    if obj is None:
        if len(res) != 1:
            raise InputError(f"expected one object, found {list(res)}", file=str(path))
        return next(iter(res.values()))
    if obj not in res:
        raise InputError(f"object {obj!r} not found (has {list(res)})", file=str(path))
    return res[obj]


def _require(df: pd.DataFrame, cols: list[str], path: Path) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError("missing column(s) " + ", ".join(missing), file=str(path),
                         field=missing[0])


def read_roll_calls(path: Path, rejects: list | None = None) -> pd.DataFrame:
    """``un_roll_calls.rda`` -> rcid, session, date, year, importantvote, unres, amend, para,
    short, descr. A malformed date is a bad row (raised, or recorded in ``rejects``)."""
    rc = _read_rda(path)
    _require(rc, ["rcid", "session", "date"], path)
    rc = rc.copy()
    keep = _whole_numbers(rc, ["rcid", "session"], file=path, rejects=rejects)
    date = pd.to_datetime(rc["date"], errors="coerce")
    keep &= bad_rows(date.isna() & keep, rejects=rejects, file=path, field="date",
                     reason="malformed date", values=rc["date"])
    rc["date"] = date
    rc = rc.loc[keep].reset_index(drop=True)
    rc["rcid"] = rc["rcid"].astype("int64")
    rc["session"] = rc["session"].astype("Int64")
    rc["year"] = rc["date"].dt.year.astype("int64")
    for col in ("importantvote", "amend", "para"):
        if col in rc:
            rc[col] = pd.to_numeric(rc[col], errors="coerce").astype("Int64")
    return rc


def read_issues(path: Path) -> pd.DataFrame:
    """``un_roll_call_issues.rda`` -> rcid, short_name, issue."""
    iss = _read_rda(path)
    _require(iss, ["rcid", "issue"], path)
    iss = iss.copy()
    _whole_numbers(iss, ["rcid"], file=path, rejects=None)
    iss["rcid"] = iss["rcid"].astype("int64")
    iss["issue"] = iss["issue"].astype(str)
    return iss


def read_un_votes(votes_path: Path, roll_calls: pd.DataFrame,
                  rejects: list | None = None) -> tuple[pd.DataFrame, dict]:
    """``un_votes.rda`` joined to its roll calls, mapped to COW codes and actors.

    The ISO2 code is kept as a string (Namibia is ``"NA"``); rows with a null code are mapped by
    country name (:data:`NAME_TO_COW`). An unknown code or name, an unknown vote word or a roll
    call missing from ``un_roll_calls`` is a bad row: :class:`InputError` naming the row, or,
    with ``rejects``, recorded there and dropped.
    """
    v = _read_rda(votes_path)
    _require(v, ["rcid", "country", "country_code", "vote"], votes_path)
    v = v.copy()
    ok = _whole_numbers(v, ["rcid"], file=votes_path, rejects=rejects)
    v = v.loc[ok].reset_index(drop=True)
    v["rcid"] = v["rcid"].astype("int64")
    code = v["country_code"].astype("object")
    cc = code.map(ISO2_TO_COW)
    by_name = code.isna()
    cc[by_name] = v.loc[by_name, "country"].map(NAME_TO_COW)
    keep = bad_rows(cc.isna(), rejects=rejects, file=votes_path, field="country_code",
                    reason="unknown country code / name",
                    values=code.where(~by_name, v["country"]))
    lab = v["vote"].astype(str)
    vote = lab.map(_LABEL_TO_CODE)
    keep &= bad_rows(vote.isna() & keep, rejects=rejects, file=votes_path, field="vote",
                     reason="unknown vote", values=lab)
    no_rc = ~v["rcid"].isin(roll_calls["rcid"])
    keep &= bad_rows(no_rc & keep, rejects=rejects, file=votes_path, field="rcid",
                     reason="roll call missing from un_roll_calls", values=v["rcid"])
    out = pd.DataFrame({
        "rcid": v["rcid"], "country": v["country"].astype(str), "iso2": code,
        "ccode": cc, "vote": vote,
    }).loc[keep]
    out["ccode"] = out["ccode"].astype("int64")
    out["vote"] = out["vote"].astype("Int8")
    out = out.merge(roll_calls[["rcid", "session", "date", "year"]], on="rcid", how="left")
    out, info = apply_seat_rules(out)
    out["actor"] = _actor_column(out["ccode"], out["year"], out["date"])
    cols = ["rcid", "session", "date", "year", "country", "iso2", "ccode", "ccode_orig",
            "actor", "seat", "vote"]
    return out[cols].reset_index(drop=True), info


def read_voeten(path: Path, rejects: list | None = None) -> tuple[pd.DataFrame, dict]:
    """Voeten's ``UNVotesPublished.RData`` (object ``x``) in the tidy vote shape.

    ``vote_raw`` keeps the published code (1/2/3/8/9); ``vote`` is 1/2/3 with 8 (absent) and
    9 (not a member) as missing. Dates are parsed from M/D/YYYY; a malformed one, or a vote code
    outside 1/2/3/8/9, is a bad row (:class:`InputError` with its row, or recorded in
    ``rejects``). One roll call (rcid 4592, 2004) has no date but a year: it keeps its year.
    """
    x = _read_rda(path, "x").copy()
    _require(x, ["rcid", "session", "vote", "ccode", "date"], path)
    ok = _whole_numbers(x, ["rcid", "session", "ccode"], file=path, rejects=rejects)
    x = x.loc[ok].reset_index(drop=True)
    date = pd.to_datetime(x["date"], format="%m/%d/%Y", errors="coerce")
    year = (pd.to_numeric(x["year"], errors="coerce") if "year" in x
            else pd.Series(np.nan, index=x.index))
    keep = bad_rows(date.isna() & (x["date"].notna() | year.isna()), rejects=rejects,
                    file=path, field="date", reason="malformed date (expected M/D/YYYY)",
                    values=x["date"])
    raw = pd.to_numeric(x["vote"], errors="coerce")
    keep &= bad_rows(~raw.isin([1, 2, 3, 8, 9]) & keep, rejects=rejects, file=path,
                     field="vote", reason="vote code is not 1/2/3/8/9", values=x["vote"])
    x, date, year, raw = x.loc[keep], date[keep], year[keep], raw[keep]
    year = date.dt.year.where(date.notna(), year).astype("int64")
    out = pd.DataFrame({
        "rcid": x["rcid"].astype("int64").to_numpy(),
        "session": x["session"].astype("Int64").to_numpy(),
        "date": date.to_numpy(), "year": year.to_numpy(),
        "ccode": x["ccode"].astype("int64").to_numpy(),
        "vote_raw": raw.astype("int8").to_numpy(),
        "importantvote": (pd.to_numeric(x["importantvote"], errors="coerce").astype("Int8")
                          .array if "importantvote" in x else pd.NA),
        "unres": x["unres"].astype(str).to_numpy() if "unres" in x else None,
    })
    out["vote"] = out["vote_raw"].where(out["vote_raw"].isin([1, 2, 3])).astype("Int8")
    # issue flags: Middle East, nuclear, disarmament, human rights, colonialism, development
    issues = [c for c in VOETEN_ISSUES if c in x]
    for c in issues:
        out[c] = pd.to_numeric(x[c], errors="coerce").astype("Int8").array
    out, info = apply_seat_rules(out)
    out["actor"] = _actor_column(out["ccode"], out["year"], out["date"])
    cols = ["rcid", "session", "date", "year", "ccode", "ccode_orig", "actor", "seat", "vote",
            "vote_raw", "importantvote", "unres", *issues]
    return out[cols].reset_index(drop=True), info


def _read_unvotes(paths: dict[str, Path], rejects: list | None = None
                  ) -> dict[str, pd.DataFrame]:
    rc = read_roll_calls(paths["un_roll_calls"], rejects)
    votes, _ = read_un_votes(paths["un_votes"], rc, rejects)
    iss = read_issues(paths["un_roll_call_issues"])
    return {"un_votes": votes, "un_roll_calls": rc, "un_roll_call_issues": iss}


def _read_voeten(paths: dict[str, Path], rejects: list | None = None
                 ) -> dict[str, pd.DataFrame]:
    votes, _ = read_voeten(paths["UNVotesPublished"], rejects)
    return {"un_votes_voeten": votes}


_BIB_UNVOTES = """@article{voeten2013unvotes,
  author = {Voeten, Erik},
  title = {Data and Analyses of Voting in the United Nations General Assembly},
  booktitle = {Routledge Handbook of International Organization},
  editor = {Reinalda, Bob},
  publisher = {Routledge},
  year = {2013}
}
@misc{robinson2021unvotes,
  author = {Robinson, David and Voeten, Erik and Harvard Dataverse},
  title = {unvotes: United Nations General Assembly Voting Data},
  note = {R package, commit 7eb7034314ff79c49c9e0785fcd9d216fa04cf14},
  howpublished = {\\url{https://github.com/dgrtwo/unvotes}},
  year = {2021}
}"""

SOURCES = [
    Source(
        name="unvotes",
        title="UN General Assembly roll-call votes (unvotes R package)",
        version="unvotes@7eb7034",
        years=(1946, 2020),
        license="MIT (package); data: cite Voeten (2013)",
        bibtex=_BIB_UNVOTES,
        files=(
            FileSpec("un_votes", "unvotes/rda/un_votes.rda", f"{_REPO}/data/un_votes.rda",
                     "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87"),
            FileSpec("un_roll_calls", "unvotes/rda/un_roll_calls.rda",
                     f"{_REPO}/data/un_roll_calls.rda",
                     "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b"),
            FileSpec("un_roll_call_issues", "unvotes/rda/un_roll_call_issues.rda",
                     f"{_REPO}/data/un_roll_call_issues.rda",
                     "eec1b509ebce692c242b842837d5d861b52b65b2868a7c66f573d4a87d2eb0be"),
        ),
        reader=_read_unvotes,
        tables=("un_votes", "un_roll_calls", "un_roll_call_issues"),
    ),
    Source(
        name="unvotes_voeten",
        title="UN General Assembly votes, Voeten's published file (COW codes, 1/2/3/8/9)",
        version="UNVotesPublished@7eb7034",
        years=(1946, 2015),
        license="cite Voeten (2013)",
        bibtex=_BIB_UNVOTES,
        files=(
            FileSpec("UNVotesPublished", "unvotes/rda/UNVotesPublished.RData",
                     f"{_REPO}/data-raw/UNVotesPublished.RData",
                     "7cf08a10ceb316711f94e6c16889be49a5400f84fcb015801b5c2b9116c572f6"),
        ),
        reader=_read_voeten,
        tables=("un_votes_voeten",),
    ),
]
caches.register("sources.unvotes.actor_for_cow", actor_for_cow.cache_clear)
