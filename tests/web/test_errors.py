"""One JSON error shape for every error of the API and of the pages' JSON twins."""
from __future__ import annotations

import re

import pytest

SHAPE = {"status", "code", "message", "hint"}

BAD = [
    ("get", "/api/no-such-endpoint", {}, 404),
    ("get", "/api/articles/no-such-article", {}, 404),
    ("get", "/articles/no-such-article.json", {}, 404),
    ("get", "/no-such-page.json", {}, 404),
    ("get", "/api/events", {"limit": 0}, 400),
    ("get", "/api/events", {"limit": 100000}, 400),
    ("get", "/api/events", {"limit": "many"}, 400),
    ("get", "/api/events", {"quad": 7}, 400),
    ("get", "/api/events", {"quad": "x"}, 400),
    ("get", "/api/events", {"sort": "random()"}, 400),
    ("get", "/api/events", {"after": "not-a-cursor"}, 400),
    ("get", "/api/events", {"date_from": "2024-13-01"}, 400),
    ("get", "/events.json", {"date_to": "yesterday"}, 400),
    ("get", "/api/aggregates/timeline", {"interval": "fortnight"}, 400),
    ("get", "/api/aggregates/timeline", {"by": "colour"}, 400),
    ("get", "/api/entities/mentions", {}, 400),
    ("get", "/api/export/xlsx", {}, 404),
    ("post", "/api/events", {}, 405),
    ("delete", "/api/articles/x", {}, 405),
]


@pytest.mark.parametrize("method,path,params,status", BAD, ids=[f"{m} {p} {q}" for m, p, q, _ in BAD])
def test_every_error_has_the_one_shape(client, method, path, params, status):
    r = getattr(client, method)(path, params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == SHAPE
    err = body["error"]
    assert err["status"] == status
    assert re.fullmatch(r"E\d{3}", err["code"])
    assert err["message"] and err["message"][0].islower() and "Traceback" not in err["message"]
    assert isinstance(err["hint"], str)
    if status == 405:
        assert err["code"] == "E603" and "GET" in err["hint"]


def test_a_client_asking_for_json_gets_the_shape_on_a_page_address(client):
    r = client.get("/articles/no-such-article", headers={"Accept": "application/json"})
    assert r.status_code == 404 and set(r.json()["error"]) == SHAPE


def test_a_browser_gets_the_same_words_as_a_page(client):
    api = client.get("/api/articles/no-such-article").json()["error"]
    r = client.get("/articles/no-such-article", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert api["message"].replace("'", "&#39;")[1:] in r.text and api["code"] in r.text


def test_sql_in_a_parameter_is_only_a_value(client, db):
    before = db.execute("SELECT count(*) FROM events").fetchone()[0]
    for value in ["x' OR '1'='1", "NOR'; DROP TABLE events; --", "%", "_"]:
        r = client.get("/api/events", params={"actor": value, "type": value})
        assert r.status_code == 200 and r.json()["total"] == 0
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_a_failure_inside_has_the_shape_too(tmp_path):
    """A store file without eventwire's tables (a DuckDB file of something else): the query
    fails inside, and the server answers 500 in the one shape."""
    import warnings

    import duckdb

    from eventwire.web import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    broken = create_app(other)
    with TestClient(broken, raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
    assert r.status_code == 500 and set(r.json()["error"]) == SHAPE
    assert r.json()["error"]["code"] == "E699" and "bug" in r.json()["error"]["hint"]
