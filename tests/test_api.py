"""The HTTP API through FastAPI's TestClient: every endpoint's status codes, JSON shape and
errors, the token gate on writes, the body limit, the timeout, CORS and the cache."""
from __future__ import annotations

import _pyast  # ast.parse, immune to a CPython 3.11 threading bug

import itertools
import json

import pytest
from fastapi.testclient import TestClient

from amity.api import create_app

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from amity import store
    from amity.knowledge import load_curated

    p = tmp_path_factory.mktemp("api") / "api.duckdb"
    con = store.connect(p)
    load_curated(con)
    con.close()
    return p


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, token="")) as c:
        yield c


@pytest.fixture(scope="module")
def writer(tmp_path_factory):
    """An app with writes enabled, over its own store; clients may name files under
    ``<tmp>/inbox``."""
    from amity import store
    from amity.knowledge import load_curated

    p = tmp_path_factory.mktemp("apiw") / "w.duckdb"
    (p.parent / "inbox").mkdir()
    con = store.connect(p)
    load_curated(con)
    con.close()
    with TestClient(create_app(p, token=TOKEN, ingest_dirs=[str(p.parent / "inbox")])) as c:
        c.inbox = p.parent / "inbox"
        yield c


def _err(r, status):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and body["message"]
    return body


# ------------------------------------------------------------------ meta
def test_openapi_lists_every_endpoint(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = set(r.json()["paths"])
    for p in ("/actors/resolve", "/actors", "/dyad/{a}/{b}", "/dyad/{a}/{b}/{part}", "/compare",
              "/triangle/{a}/{b}/{c}", "/balance", "/coalition", "/treaties", "/facts", "/panel",
              "/extract", "/ingest/curated", "/events/ingest", "/health"):
        assert p in paths


def test_health_says_writes_are_off(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["writes"] is False and r.json()["ok"] is True


def test_unknown_route_is_json_404(client):
    b = _err(client.get("/nowhere"), 404)
    assert b["error"] == "NotFound"


def test_dashboard_page_and_vendored_scripts(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "/static/vendor/vega-lite.min.js" in r.text
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert client.get(f"/static/vendor/{name}").status_code == 200
    assert "drawPair" in client.get("/static/app.js").text


# ------------------------------------------------------------------ actors
def test_resolve_actor_and_date(client):
    r = client.get("/actors/resolve", params={"name": "Soviet Union"})
    assert r.status_code == 200
    assert r.json()["id"] == "SUN" and "RUS" in r.json()["lineage"]
    r = client.get("/actors/resolve", params={"name": "RUS", "at": "1960"})
    assert r.json()["lineage_at"] == "SUN"


def test_unknown_actor_404_with_suggestions(client):
    b = _err(client.get("/actors/resolve", params={"name": "Rusia"}), 404)
    assert b["error"] == "UnknownActorError"
    assert any("RUS" in s for s in b["suggestions"])


def test_actors_at_a_year(client):
    r = client.get("/actors", params={"at": "1960"})
    ids = {a["id"] for a in r.json()}
    assert {"USA", "SUN", "CHN", "UN"} <= ids and "RUS" not in ids
    _err(client.get("/actors", params={"kind": "planet"}), 422)
    _err(client.get("/actors", params={"at": "1960-13-45"}), 422)


# ------------------------------------------------------------------ dyad
def test_dyad_matches_the_function_and_is_cached(client):
    from amity.app.reports import dyad

    r = client.get("/dyad/CHN/RUS", params={"from": 2014, "to": 2022})
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["pair"] == ["CHN", "RUS"] and rep["span"] == [2014, 2022]
    assert [s["year"] for s in rep["series"]] == list(range(2014, 2023))
    con = client.app.state.store.con
    ref = json.loads(json.dumps(dyad("CHN", "RUS", 2014, 2022, con=con), default=str))
    assert [s["closeness"] for s in rep["series"]] == [s["closeness"] for s in ref["series"]]
    assert [(p["start"], p["end"]) for p in rep["phases"]] == [
        (p["start"], p["end"]) for p in ref["phases"]]
    assert all(-1 <= s["closeness"] <= 1 for s in rep["series"] if s["closeness"] is not None)
    # facts as markers, each with its reference
    assert rep["facts"] and all(f["reference"]["title"] for f in rep["facts"])
    assert all(2014 <= f["year_start"] <= 2022 for f in rep["facts"])
    assert rep["names"] == {"CHN": "China", "RUS": "Russia"}
    r2 = client.get("/dyad/CHN/RUS", params={"from": 2014, "to": 2022})
    assert r2.headers["X-Amity-Cache"] == "hit" and r2.content == r.content


def test_dyad_parts(client):
    full = client.get("/dyad/CHN/RUS", params={"from": 2014, "to": 2022}).json()
    ph = client.get("/dyad/CHN/RUS/phases", params={"from": 2014, "to": 2022})
    assert ph.status_code == 200 and ph.json() == full["phases"]
    comp = client.get("/dyad/CHN/RUS/components", params={"from": 2014, "to": 2022}).json()
    assert comp[0] == {"year": 2014, **full["series"][0]["components"]}
    tr = client.get("/dyad/CHN/RUS/treaties", params={"from": 2014, "to": 2022}).json()
    assert any(t["name"].startswith("Treaty of Good-Neighbourliness") for t in tr)
    _err(client.get("/dyad/CHN/RUS/gossip"), 422)


def test_dyad_errors(client):
    b = _err(client.get("/dyad/CHN/Rusia"), 404)
    assert b["suggestions"]
    b = _err(client.get("/dyad/CHN/RUS", params={"from": 2020, "to": 2010}), 422)
    assert "reversed" in b["message"]
    _err(client.get("/dyad/CHN/RUS", params={"from": 1500}), 422)
    _err(client.get("/dyad/CHN/RUS", params={"from": "soon"}), 422)
    _err(client.get("/dyad/RUS/SUN"), 422)  # one line twice


# ------------------------------------------------------------------ compare, triangle
def test_compare_ranks_two_pairs(client):
    r = client.get("/compare", params={"pairs": "CHN-RUS,PRK-RUS", "from": 2014, "to": 2022})
    assert r.status_code == 200, r.text
    rk = r.json()["ranking"]
    assert sorted(x["pair"] for x in rk) == ["CHN-RUS", "PRK-RUS"]
    assert sorted(x["rank"] for x in rk) == [1, 2]
    _err(client.get("/compare", params={"pairs": "CHN-RUS"}), 422)
    _err(client.get("/compare"), 422)


def test_triangle_years_and_roles(client):
    r = client.get("/triangle/CHN/RUS/USA", params={"from": 2014, "to": 2022})
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["actors"] == ["CHN", "RUS", "USA"]
    assert [y["year"] for y in t["years"]] == list(range(2014, 2023))
    for y in t["years"]:
        assert set(y["roles"]) == {"CHN", "RUS", "USA"}
        # the signs follow the legs and the neutral band
        for k, v in y["legs"].items():
            if v is not None:
                assert y["signs"][k] == (1 if v > t["band"] else -1 if v < -t["band"] else 0)
    assert t["periods"][0]["start"] == 2014 and t["periods"][-1]["end"] == 2022
    _err(client.get("/triangle/CHN/RUS/USA", params={"band": 1.5}), 422)


# ------------------------------------------------------------------ balance, coalition
def test_balance_figures_agree_with_the_edges(client):
    states = "USA,CHN,RUS,GBR,FRA,JPN"
    r = client.get("/balance", params={"year": 2022, "states": states})
    assert r.status_code == 200, r.text
    b = r.json()
    assert b["n_nodes"] == 6 and len(b["edges"]) == b["n_edges"]
    assert sum(e["sign"] > 0 for e in b["edges"]) == b["n_positive"]
    # recount the triangle census from the edges
    sign = {frozenset((e["a"], e["b"])): e["sign"] for e in b["edges"]}
    census = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    for tri in itertools.combinations(b["states"], 3):
        ss = [sign.get(frozenset(p)) for p in itertools.combinations(tri, 2)]
        if None in ss:
            continue
        neg = sum(1 for s in ss if s < 0)
        census[["+++", "++-", "+--", "---"][neg]] += 1
    assert {k: v for k, v in b["census"].items()} == census
    assert set(b["faction_of"]) == set(b["states"])


def test_balance_default_set_and_errors(client):
    r = client.get("/balance", params={"year": 1962})
    assert r.status_code == 200
    assert "UKR" not in r.json()["states"] and "SUN" in r.json()["states"]
    _err(client.get("/balance", params={"year": 1500}), 422)
    _err(client.get("/balance", params={"year": 2022, "states": "USA,Narnia,CHN"}), 404)


def test_coalition_on_russia_2022(client):
    r = client.get("/coalition", params={"target": "Russia", "year": 2022})
    assert r.status_code == 200, r.text
    c = r.json()
    senders = {s["id"] for s in c["senders"]}
    assert {"USA", "GBR", "JPN"} <= senders and "CHN" not in senders
    assert "CHN" in {a["id"] for a in c["abstainers_of_note"]}
    _err(client.get("/coalition", params={"target": "Rusia", "year": 2022}), 404)
    _err(client.get("/coalition", params={"target": "RUS", "year": 2022, "k": 0}), 422)


# ------------------------------------------------------------------ knowledge
def test_treaties_with_obligations(client):
    r = client.get("/treaties", params={"a": "CHN", "b": "RUS"})
    rows = r.json()
    sino = [t for t in rows if t["name"].startswith("Sino-Soviet Treaty of Friendship")]
    assert sino and sino[0]["alliance"] is True and "defense" in sino[0]["obligations"]
    assert all("reference" in t for t in rows)
    _err(client.get("/treaties", params={"a": "Narnia"}), 404)


def test_facts_filters(client):
    r = client.get("/facts", params={"a": "RUS", "b": "UKR", "from": 2022, "to": 2022,
                                     "kind": "war"})
    rows = r.json()
    assert rows and all(f["kind"] == "war" for f in rows)
    assert client.get("/facts", params={"a": "RUS", "limit": 3}).json().__len__() == 3
    _err(client.get("/facts", params={"kind": "gossip"}), 422)


def test_panel_slice_and_cap(client, mirror):
    # ATOP comes from the mirror (the store holds only curated facts): the mirror fixture
    # skips outside CI and fails under CI=true when it is absent
    r = client.get("/panel", params={"states": "CHN,RUS,USA", "from": 2000, "to": 2002,
                                     "add": "atop"})
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["rows"] == 9 and len(p["data"]) == 9  # 3 pairs x 3 years
    assert "atop_defense" in p["columns"]
    b = _err(client.get("/panel", params={"from": 2000, "to": 2002}), 422)
    assert "cap" in b["message"]
    _err(client.get("/panel", params={"states": "CHN,RUS", "from": 2000, "to": 2001,
                                      "add": "gossip"}), 422)
    _err(client.get("/panel", params={"states": "CHN,RUS"}), 422)
    _err(client.get("/panel", params={"kind": "cube_year", "from": 2000, "to": 2001}), 422)


# ------------------------------------------------------------------ reader and writes
TEXT = ("On 4 February 2022 China and Russia signed a joint statement declaring a friendship "
        "with no limits. Russia invaded Ukraine on 24 February 2022.")


def test_extract_reads_text(client):
    r = client.post("/extract", json={"text": TEXT, "date": "2022-03-01"})
    assert r.status_code == 200, r.text
    evs = r.json()["events"]
    inv = [e for e in evs if e["source"] == "RUS" and e["target"] == "UKR"]
    assert inv and inv[0]["date"] == "2022-02-24"
    s, e = inv[0]["span"]
    assert "invaded" in TEXT[s:e]
    _err(client.post("/extract", json={"text": "   "}), 422)
    _err(client.post("/extract", json={"text": TEXT, "date": "yesterday-ish"}), 422)
    _err(client.post("/extract", json={}), 422)


def test_writes_are_off_without_a_token(client):
    b = _err(client.post("/extract?store=true", json={"text": TEXT}), 403)
    assert "AMITY_API_TOKEN" in b["message"]
    _err(client.post("/ingest/curated"), 403)
    _err(client.post("/events/ingest", json={"paths": ["x"], "format": "icews"}), 403)


def test_token_gate(writer):
    assert writer.get("/health").json()["writes"] is True
    _err(writer.post("/ingest/curated"), 401)
    _err(writer.post("/ingest/curated", headers={"Authorization": "Bearer wrong"}), 401)
    _err(writer.post("/ingest/curated", headers={"Authorization": TOKEN}), 401)
    ok = {"Authorization": f"Bearer {TOKEN}"}
    r = writer.post("/ingest/curated", headers=ok)
    assert r.status_code == 200, r.text
    assert r.json()["inserted"] == 0 and r.json()["skipped"] > 0  # already loaded: idempotent
    r = writer.post("/extract?store=true", json={"text": TEXT, "date": "2022-03-01"},
                    headers=ok)
    assert r.status_code == 200, r.text
    st = r.json()["store"]
    assert st["inserted"] + st["merged"] >= 1
    # replaying the same document adds no new fact
    r2 = writer.post("/extract?store=true", json={"text": TEXT, "date": "2022-03-01"},
                     headers=ok)
    assert r2.json()["store"]["inserted"] == 0


def test_events_ingest_bad_format_is_422(writer):
    ok = {"Authorization": f"Bearer {TOKEN}"}
    r = writer.post("/events/ingest", json={"paths": ["/nonexistent/*.csv"], "format": "nope"},
                    headers=ok)
    assert r.status_code == 422, r.text
    assert "nope" in r.json()["message"]
    # a known format over files that are not there: a bad request naming the pattern
    pattern = str(writer.inbox / "*.nothing")
    r = writer.post("/events/ingest", json={"paths": [pattern], "format": "gdelt2"},
                    headers=ok)
    assert r.status_code == 422, r.text
    assert r.json()["file"] == pattern and "no file matches" in r.json()["message"]


# ------------------------------------------------------------------ limits
def test_body_limit_413(db):
    with TestClient(create_app(db, token="", max_body=1000)) as c:
        r = c.post("/extract", json={"text": "x" * 5000})
        b = _err(r, 413)
        assert b["error"] == "PayloadTooLarge"

        def chunks():  # no content-length: streamed
            yield b'{"text": "'
            for _ in range(10):
                yield b"y" * 500
            yield b'"}'

        r = c.post("/extract", content=chunks(), headers={"Content-Type": "application/json"})
        _err(r, 413)


def test_timeout_504(db):
    with TestClient(create_app(db, token="", timeout=0.001)) as c:
        b = _err(c.get("/dyad/USA/CUB", params={"from": 1990, "to": 2020}), 504)
        assert b["error"] == "Timeout"


def test_cors_off_by_default_and_on_when_asked(client, db):
    r = client.get("/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(db, token="", cors_origins=["http://ok.example"])) as c:
        r = c.get("/health", headers={"Origin": "http://ok.example"})
        assert r.headers.get("access-control-allow-origin") == "http://ok.example"


# ------------------------------------------------------------------ no crash on odd input
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_odd = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_odd, at=st.one_of(st.none(), _odd))
def test_resolve_never_crashes(client, name, at):
    params = {"name": name} if at is None else {"name": name, "at": at}
    r = client.get("/actors/resolve", params=params)
    assert r.status_code in (200, 404, 422), r.text
    assert "message" in r.json() or "id" in r.json()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.one_of(st.none(), st.sampled_from(["CHN", "RUS", "Narnia", ""]), _odd),
       start=st.one_of(st.none(), st.integers(-5000, 5000)),
       end=st.one_of(st.none(), st.integers(-5000, 5000)),
       kind=st.one_of(st.none(), st.sampled_from(["war", "treaty", "nope"])))
def test_facts_never_crash(client, a, start, end, kind):
    params = {k: v for k, v in (("a", a), ("from", start), ("to", end), ("kind", kind))
              if v is not None}
    r = client.get("/facts", params=params)
    assert r.status_code in (200, 404, 422), r.text


def test_measured_falls_back_to_the_facts_when_dataset_tables_fail(tmp_path):
    import duckdb

    from amity import store
    from amity.app.service import measured

    con = store.connect(tmp_path / "fb.duckdb")
    store.write_relations(con, [{"kind": "treaty", "date": "2001-07-16", "parties": ["CHN", "RUS"],
                                 "prov_kind": "curated", "prov_ref": "test"}],
                          kind="curated", source="test")
    con.execute("CREATE TABLE ds_bad AS SELECT 1 AS x")

    def fn(x, *, con, mirror=None):
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                  .fetchall()}
        if "ds_bad" in tables:
            raise duckdb.BinderException("cannot read ds_bad")
        return x + con.execute("SELECT count(*) FROM relations").fetchone()[0]

    notes: list[str] = []
    assert measured(fn, 10, con=con, notes=notes) == 11   # the fact came along
    assert len(notes) == 1 and "cannot read ds_bad" in notes[0]
    con.execute("DROP TABLE ds_bad")
    notes.clear()
    assert measured(fn, 10, con=con, notes=notes) == 11 and notes == []
    con.close()


def test_internal_error_hides_the_details(db, monkeypatch):
    from amity.app import service

    def boom(*a, **k):
        raise RuntimeError("secret /etc/amity/internal path")

    monkeypatch.setattr(service, "actor_info", boom)
    with TestClient(create_app(db, token=""), raise_server_exceptions=False) as c:
        r = c.get("/actors/resolve", params={"name": "Moscow"})
    assert r.status_code == 500
    body = r.json()
    assert body["error"] == "InternalError" and "reference" in body["message"]
    assert "secret" not in r.text and "RuntimeError" not in r.text


def test_routes_are_module_level_functions_over_the_use_case_layer():
    """Every route handler is a module-level function of amity.api.app (no closure inside
    create_app), and the module reaches the measures, the curated layer, the events and the
    reader only through amity.app (it opens the store and reads its settings itself)."""
    import ast
    import sys
    from pathlib import Path

    from fastapi.routing import APIRoute

    from amity.api import app as A

    app = A.create_app(":memory:")
    routes = [r for r in A.router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= 16
    # the app serves the module's router (every path of the OpenAPI schema is one of its routes)
    assert set(app.openapi()["paths"]) == {r.path for r in routes if r.include_in_schema}
    mod = sys.modules[A.__name__]
    bad = [f"{sorted(r.methods)} {r.path} ({r.endpoint.__qualname__})" for r in routes
           if getattr(mod, r.endpoint.__name__, None) is not r.endpoint]
    assert bad == []
    imported = set()
    for node in ast.walk(_pyast.parse(Path(A.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("amity"):
            imported |= ({f"amity.{a.name}" for a in node.names} if node.module == "amity"
                         else {node.module})
    assert {m.split(".")[1] for m in imported} <= {"app", "errors", "jsonable", "config",
                                                   "store", "reliability", "__version__"}
    assert "amity.app" in imported
    assert A.S.__name__ == "amity.app.service" and A.W.__name__ == "amity.app.writes"
