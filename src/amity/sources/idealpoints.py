"""UN General Assembly ideal points (Bailey, Strezhnev & Voeten 2017), July 2025 release.

Read from the original Stata file ``IdealpointsJuly2025.dta``. One row per state and calendar
year, 1946-2024: ``idealpointfp`` (final-passage votes only, 1946-2024), ``idealpointall``
(all votes; empty in 2024), ``idealpointlegacy`` (session-based), vote counts and posterior
quantiles. ``year`` is stored as a float in the file and becomes an integer here (a
non-whole year is an error).

The China seat follows the rule of :mod:`amity.sources.unvotes`: the file codes the Republic
of China's seat as 713 from 1946; years up to 1949 are given to COW 710 (the ROC on the
mainland, ``CHN-ROC``), and 710 from 1971 is the PRC. Both 713 and 710 have a 1971 row (each
for its part of the year). ``ccode_orig`` keeps the published code.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.sources.base import FileSpec, Source
from amity.sources.unvotes import actor_for_cow, bad_rows

KEEP = ["idealpointfp", "idealpointall", "idealpointlegacy", "nvotesfp", "nvotesall",
        "nvotesLegacy", "q5fp", "q50fp", "q95fp", "q5all", "q50all", "q95all"]


def read_ideal_points(path: Path, rejects: list | None = None) -> pd.DataFrame:
    """Read the ideal-point file.

    Returns
    -------
    DataFrame
        ``ccode, ccode_orig, actor, iso3c, countryname, year`` and the estimates in
        :data:`KEEP` (float64), one row per (ccode, year).

    Raises
    ------
    InputError
        A missing column; or a non-whole or missing year, a missing ccode, a duplicate
        (ccode, year), with the row number (with ``rejects`` such rows are recorded there and
        dropped instead).
    """
    path = Path(path)
    try:
        d = pd.read_stata(path)
    except Exception as e:  # noqa: BLE001 - pandas raises several types for bad files
        raise InputError(f"cannot read Stata file: {e}", file=str(path)) from None
    missing = [c for c in ("ccode", "year", "idealpointfp") if c not in d.columns]
    if missing:
        raise InputError("missing column(s) " + ", ".join(missing), file=str(path),
                         field=missing[0])
    yr = pd.to_numeric(d["year"], errors="coerce").astype("float64")
    keep = bad_rows((yr.isna() | (yr != np.round(yr))).to_numpy(), rejects=rejects, file=path,
                    field="year", reason="not a whole year", values=d["year"])
    cc = pd.to_numeric(d["ccode"], errors="coerce")
    keep &= bad_rows(cc.isna().to_numpy() & keep, rejects=rejects, file=path, field="ccode",
                     reason="missing or non-numeric ccode", values=d["ccode"])
    out = pd.DataFrame({
        "ccode_orig": cc.fillna(-1).astype("int64"), "year": yr.fillna(-1).astype("int64"),
        "iso3c": d.get("iso3c", pd.Series([None] * len(d))).astype("object"),
        "countryname": d.get("countryname", pd.Series([None] * len(d))).astype("object"),
    })
    for c in KEEP:
        out[c] = pd.to_numeric(d[c], errors="coerce").astype("float64") if c in d else np.nan
    # China seat: the ROC's rows up to 1949 are COW 710 (ROC on the mainland)
    roc_mainland = (out["ccode_orig"] == 713) & (out["year"] <= 1949)
    out["ccode"] = out["ccode_orig"].where(~roc_mainland, 710)
    dup = (out.duplicated(["ccode", "year"]) & keep).to_numpy() & keep
    keep &= bad_rows(dup, rejects=rejects, file=path, field="ccode",
                     reason="duplicate ccode-year",
                     values=out["ccode"].astype(str) + "-" + out["year"].astype(str))
    out = out.loc[keep].reset_index(drop=True)
    out["actor"] = [actor_for_cow(int(c), int(y)) for c, y in zip(out["ccode"], out["year"])]
    out.loc[(out["ccode"] == 365) & (out["year"] <= 1991), "actor"] = "SUN"
    cols = ["ccode", "ccode_orig", "actor", "iso3c", "countryname", "year", *KEEP]
    return out[cols].sort_values(["ccode", "year"]).reset_index(drop=True)


def _reader(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    return {"un_ideal_points": read_ideal_points(paths["idealpoints"], rejects)}


SOURCES = [
    Source(
        name="idealpoints",
        title="UNGA ideal points (Bailey, Strezhnev & Voeten), July 2025 release",
        version="2025-07-28",
        years=(1946, 2024),
        license="free for research with citation (Bailey, Strezhnev & Voeten 2017)",
        bibtex="""@article{bailey2017idealpoints,
  author = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},
  title = {Estimating Dynamic State Preferences from United Nations Voting Data},
  journal = {Journal of Conflict Resolution},
  volume = {61},
  number = {2},
  pages = {430--456},
  year = {2017}
}""",
        files=(
            FileSpec("idealpoints", "unga-idealpoints/orig/IdealpointsJuly2025.dta",
                     "https://raw.githubusercontent.com/lucasbuildsapps/Masterthesis/"
                     "5298218d5b57e5b09223b124b25c03dc37ed646e/IdealpointsJuly2025.dta",
                     "fea7fa9414e3643586dbdf95baa1100ceb418e56684d79d801a146cad79443ce"),
        ),
        reader=_reader,
        tables=("un_ideal_points",),
    ),
]
