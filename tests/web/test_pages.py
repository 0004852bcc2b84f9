"""The web UI's pages: each renders, shows what the store holds, and has a JSON twin that is
exactly what the API answers."""
from __future__ import annotations

import re

import pytest

from eventwire.records import Article

PAGES = ["/", "/articles", "/events", "/timeline", "/map", "/network", "/entities", "/quotes", "/search?q=Oslo", "/docs"]


@pytest.fixture(scope="session")
def article(db) -> Article:
    rows = db.execute("SELECT record FROM articles ORDER BY n_events DESC, id LIMIT 1").fetchall()
    return Article.from_json(rows[0][0])


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_local_assets_only(client, path):
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for ref in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not re.match(r"(https?:)?//", ref), f"{path} loads {ref} from outside the server"
        if ref.startswith("/static/"):
            assert client.get(ref).status_code == 200


@pytest.mark.parametrize("path", [p for p in PAGES if p != "/docs"])
def test_every_page_has_a_json_twin_both_ways(client, path):
    base, _, query = path.partition("?")
    twin = ("/index" if base == "/" else base) + ".json" + (f"?{query}" if query else "")
    by_suffix = client.get(twin)
    by_accept = client.get(path, headers={"Accept": "application/json"})
    assert by_suffix.status_code == 200 and by_suffix.headers["content-type"] == "application/json"
    assert by_suffix.json() == by_accept.json()


def test_the_twins_answer_what_the_api_answers(client, article):
    assert client.get(f"/articles/{article.id}.json").json() == client.get(f"/api/articles/{article.id}").json()
    params = {"type": article.events[0].type, "sort": "date"}
    assert client.get("/events.json", params=params).json() == client.get("/api/events", params=params).json()
    tl = client.get("/timeline.json", params={"interval": "week"}).json()
    assert tl["by_type"] == client.get("/api/aggregates/timeline", params={"interval": "week"}).json()
    assert tl["by_quad"] == client.get("/api/aggregates/timeline", params={"interval": "week", "by": "quad"}).json()
    assert client.get("/search.json?q=Oslo").json() == client.get("/api/search?q=Oslo").json()
    assert client.get("/network.json").json()["pairs"] == client.get("/api/aggregates/pairs?limit=60").json()
    assert client.get("/map.json").json()["countries"] == client.get("/api/aggregates/countries").json()


def test_article_view_highlights_and_lists_everything(client, article):
    html = client.get(f"/articles/{article.id}").text
    spans = re.findall(r'<span class="([^"]+)" data-refs="([^"]+)"', html)
    refs = {r for _, rs in spans for r in rs.split()}
    assert {e.id for e in article.entities if e.mentions} <= refs
    assert {q.id for q in article.quotes} <= refs and {v.id for v in article.events} <= refs
    assert any("trigger" in css for css, _ in spans) and any("quote" in css for css, _ in spans)
    for item in article.events + article.quotes + article.entities:
        assert f'id="{item.id}"' in html  # the side panel
    for v in article.events:
        assert f'id="at-{v.id}"' in html  # where the explorer's links land


def test_event_explorer_filters_and_links_to_articles(client, article):
    etype = article.events[0].type
    html = client.get("/events", params={"type": etype}).text
    rows = re.findall(r'<tr class="event-row" data-type="([A-Z]+)">', html)
    total = client.get("/api/events", params={"type": etype}).json()["total"]
    assert rows and set(rows) == {etype} and len(rows) == min(total, 50)
    assert f'href="/articles/{article.id}#at-{article.events[0].id}"' in html or total > 50


def test_map_shades_the_countries_with_events(client):
    countries = client.get("/api/aggregates/countries").json()
    html = client.get("/map").text
    shaded = dict(re.findall(r'data-iso="([A-Z]{3})" data-n="(\d+)"', html))
    assert len(shaded) > 150
    for c in countries:
        if c["country"] in shaded:
            assert int(shaded[c["country"]]) == c["events"]
    assert any(int(n) > 0 for n in shaded.values())


def test_the_world_outlines_are_bundled_with_their_licence(client):
    world = client.get("/static/world.json").json()
    assert "Natural Earth" in world["licence"] and "public domain" in world["licence"]
    isos = {c["iso"] for c in world["countries"]}
    assert {"NOR", "SWE", "UKR", "RUS", "USA", "CHN", "BRA", "AUS"} <= isos
    assert all(re.fullmatch(r"(M[-\d., ]+Z)+", c["d"]) for c in world["countries"])


def test_what_a_user_types_is_shown_as_text_never_as_markup(client):
    evil = '<script>alert("x")</script>'
    for path in ("/search", "/articles", "/quotes", "/entities"):
        html = client.get(path, params={"q": evil}).text
        assert evil not in html and "&lt;script&gt;" in html
    html = client.get("/events", params={"actor": evil}).text
    assert evil not in html and "&lt;script&gt;" in html


def test_an_article_id_with_any_characters_has_working_links(tmp_path, db):
    """Ids come from the input (a JSON Lines ``id``) and may hold slashes, spaces, ``#`` or ``?``."""
    import warnings

    from eventwire.store import Store
    from eventwire.web import create_app

    (record,) = db.execute("SELECT record FROM articles WHERE n_events > 0 ORDER BY id LIMIT 1").fetchone()
    odd = Article.from_json(record).model_copy(update={"id": "wire/2024 #1?x=ü"})
    path = tmp_path / "odd.duckdb"
    with Store(path) as store:
        store.ingest([odd])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    with TestClient(create_app(path)) as c:
        events = c.get("/events").text
        [href] = set(re.findall(r'class="article-link" href="([^"#]+)', events))
        assert href == "/articles/wire%2F2024%20%231%3Fx%3D%C3%BC"
        page = c.get(href)
        assert page.status_code == 200 and odd.title in page.text
        assert c.get(href + ".json").json()["id"] == odd.id
        assert c.get(href.replace("/articles/", "/api/articles/")).json()["id"] == odd.id


def test_the_timeline_page_draws_coarser_bars_rather_than_too_many(client):
    from eventwire.web.pages import MAX_COLUMNS

    days = client.get("/api/aggregates/timeline", params={"interval": "day"}).json()["buckets"]
    shown = client.get("/timeline.json", params={"interval": "day"}).json()
    if len(days) > MAX_COLUMNS:
        assert shown["interval"] == "week" and "too many days" in shown["note"]
        assert shown["by_type"] == client.get("/api/aggregates/timeline", params={"interval": "week"}).json()
    else:
        assert shown["interval"] == "day" and shown["note"] is None
    month = days[0]["period"][:7]
    narrowed = client.get("/timeline.json", params={"interval": "day", "date_from": month, "date_to": month}).json()
    assert narrowed["interval"] == "day" and narrowed["note"] is None
    assert all(b["period"].startswith(month) for b in narrowed["by_type"]["buckets"])
    html = client.get("/timeline", params={"interval": "day"}).text
    assert ('id="timeline-note"' in html) == (len(days) > MAX_COLUMNS)
