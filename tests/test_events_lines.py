"""Line splitting of tab-separated event files: exact physical line numbers (property test)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amity.events._lines import split_tsv

NAMES = ["a", "b", "c"]

cell = st.text(alphabet="xyz019-.", min_size=0, max_size=4)
line = st.one_of(
    st.lists(cell, min_size=3, max_size=3).map("\t".join),      # fits
    st.lists(cell, min_size=1, max_size=5).map("\t".join),      # may not fit
    st.just(""),                                                # blank line
)


@settings(max_examples=150, deadline=None)
@given(st.lists(line, min_size=1, max_size=30), st.sampled_from(["\n", "\r\n"]),
       st.booleans())
def test_every_line_is_either_parsed_or_reported_with_its_number(lines, nl, final_newline):
    data = nl.join(lines) + (nl if final_newline else "")
    good_expected = [(i + 1, ln.split("\t")) for i, ln in enumerate(lines)
                     if ln != "" and ln.count("\t") == 2]
    bad_expected = [i + 1 for i, ln in enumerate(lines) if ln != "" and ln.count("\t") != 2]
    if not good_expected:
        return  # a file with no fitting line is refused outright (tested elsewhere)
    nonblank = len(good_expected) + len(bad_expected)
    if len(good_expected) < 0.5 * nonblank and nonblank >= 5:
        return  # refused as "does not look like" the layout
    sp = split_tsv(data.encode(), file="f", names=NAMES)
    assert [b[0] for b in sp.bad] == bad_expected
    assert sp.lines.tolist() == [g[0] for g in good_expected]
    got = list(zip(*(sp.table.column(c).to_pylist() for c in NAMES)))
    want = [tuple(v if v != "" else None for v in g[1]) for g in good_expected]
    assert got == want
