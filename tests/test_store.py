import pytest

from amity import store
from amity.errors import InputError, StoreLockedError


def _fact(**kw):
    base = dict(kind="treaty", date="2001-07-16", parties=["CHN", "RUS"], name="Treaty X",
                prov_kind="curated", prov_ref="ref")
    base.update(kw)
    return base


def test_write_relations_is_idempotent(tmp_db):
    con = store.connect(tmp_db)
    r1 = store.write_relations(con, [_fact(), _fact(name="Treaty Y")], kind="curated", source="t")
    r2 = store.write_relations(con, [_fact(), _fact(name="Treaty Y")], kind="curated", source="t")
    assert (r1["inserted"], r2["inserted"], r2["skipped"]) == (2, 0, 2)
    assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == 2


def test_failed_batch_changes_nothing(tmp_db):
    con = store.connect(tmp_db)
    store.write_relations(con, [_fact()], kind="curated", source="t")
    with pytest.raises(InputError):
        store.write_relations(con, [_fact(name="Z"), {"bogus": 1}], kind="curated", source="t")
    assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == 1


def test_replace_dataset_atomic_and_idempotent(tmp_db):
    import pandas as pd

    con = store.connect(tmp_db)
    df = pd.DataFrame({"a": [1, 2, 3]})
    assert store.replace_dataset(con, "demo", df, sha256="x")["loaded"] is True
    assert store.replace_dataset(con, "demo", df, sha256="x")["loaded"] is False
    assert store.dataset_info(con, "demo")["rows"] == 3
    assert store.status(con)["schema_version"] == store.SCHEMA_VERSION


def test_second_writer_gets_clear_message(tmp_db):
    import subprocess
    import sys

    con = store.connect(tmp_db)  # this process holds the file
    code = (
        "import sys; from amity import store\n"
        "try:\n    store.connect(sys.argv[1])\n"
        "except Exception as e:\n    print(type(e).__name__, e); sys.exit(0)\n"
        "sys.exit(1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_db)], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "StoreLockedError" in out.stdout and "in use" in out.stdout
    con.close()
