"""parse_exports (GDELT 2.0 files parsed as one buffer, the ingest's fast path) gives each file
exactly what parse_export gives it alone: rows, lines, rejects, errors."""
from __future__ import annotations

import pytest

from amity.errors import InputError
from amity.events import parse
from amity.events._actors import ActorMapper
from amity.events.testing import gdelt_row


def _rows(ids, code="042", date=20200301):
    return ["\t".join(gdelt_row(GLOBALEVENTID=i, SQLDATE=date, Actor1CountryCode="USA",
                                Actor2CountryCode="CHN", EventCode=code)) for i in ids]


def _files():
    good = _rows([1, 2, 3])
    mixed = _rows([4]) + _rows([5], code="999") + ["6\t20200301\tshort row"] + _rows([7])
    return [
        ("20200301000000.export.CSV", ("\n".join(good) + "\n").encode()),
        ("20200301001500.export.CSV", ("\n".join(mixed) + "\n").encode()),
        ("20200301003000.export.CSV", b""),                                   # an empty slice
        ("20200301004500.export.CSV", ("\r\n".join(_rows([8, 9])) + "\r\n").encode()),
        ("20200301010000.export.CSV", "\n".join(_rows([10, 11])).encode()),   # no final newline
        ("20200301011500.export.CSV", ("\n".join(_rows([12]) + [""] + _rows([13])) + "\n").encode()),
    ]


def test_group_parse_equals_file_by_file():
    files = _files()
    together = parse.parse_exports(files, 2, mapper=ActorMapper("code"))
    alone = [parse.parse_export(n, 2, mapper=ActorMapper("code"), data=d) for n, d in files]
    assert len(together) == len(alone) == len(files)
    for (name, _), t, a in zip(files, together, alone):
        assert t.table.equals(a.table), name
        assert t.rejects == a.rejects, name
        assert t.lines == a.lines, name
    # the mixed file: rows 4 and 7 kept at their own lines, 5 and 6 rejected by name and line
    mixed = together[1]
    assert mixed.table.column("line").to_pylist() == [1, 4]
    assert set(mixed.table.column("file").to_pylist()) == {"20200301001500.export.CSV"}
    assert [(r["file"], r["line"]) for r in mixed.rejects] == [
        ("20200301001500.export.CSV", 2), ("20200301001500.export.CSV", 3)]
    assert together[5].table.column("line").to_pylist() == [1, 3]


def test_a_file_that_is_not_an_export_is_refused_by_name():
    files = _files()[:2] + [("20200301020000.export.CSV", b"a\tb\nc\td\ne\tf\n")]
    with pytest.raises(InputError) as ei:
        parse.parse_exports(files, 2)
    assert ei.value.file == "20200301020000.export.CSV"
