"""The REST API through FastAPI's in-process client, against a real store ingested from
``samples/``.  Expected answers are computed independently: straight from the DuckDB file or
from the stored records in Python."""
from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter

import duckdb
import pyarrow.parquet as pq
import pytest

from eventwire.queries import EVENT_SORTS, quad_classes
from eventwire.records import Article
from eventwire.store import TABLES


@pytest.fixture(scope="session")
def records(db) -> list[Article]:
    return [Article.from_json(r) for (r,) in db.execute("SELECT record FROM articles ORDER BY id").fetchall()]


def all_events(client, **params) -> list[dict]:
    """Every event the API lists for these parameters, page by page (2 a page)."""
    items, after = [], None
    while True:
        page = client.get("/api/events", params={**params, "limit": 2, **({"after": after} if after else {})}).json()
        items += page["items"]
        after = page["next"]
        if after is None:
            return items


def key(item: dict) -> tuple[str, str]:
    return item["article"]["id"], item["id"]


def test_stats_counts_what_the_file_holds(client, db):
    stats = client.get("/api/stats").json()
    for table in ("articles", "entities", "quotes", "events"):
        assert stats[table] == db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert sum(t["n"] for t in stats["event_types"]) == stats["events"]


def test_article_list_and_full_record(client, records):
    listed = client.get("/api/articles").json()
    assert listed["total"] == len(records)
    assert {a["id"] for a in listed["items"]} == {a.id for a in records}
    dates = [a["published"] for a in listed["items"]]
    assert dates == sorted(dates, reverse=True)
    for a in records:
        record = client.get(f"/api/articles/{a.id}").json()
        assert Article.model_validate(record) == a
        assert Article.model_validate(record).check_spans() == []


def test_article_search_finds_the_articles_with_every_word(client, records):
    word = records[0].title.split()[-1]
    found = client.get("/api/articles", params={"q": word}).json()["items"]
    expected = {a.id for a in records if word.lower() in (a.title or "").lower() or word.lower() in a.text.lower()}
    assert {a["id"] for a in found} == expected and records[0].id in expected


def test_pages_of_events_cover_each_event_once_in_every_sort_order(client, db):
    total = db.execute("SELECT count(*) FROM events").fetchone()[0]
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] == total and len(everything["items"]) == total and everything["next"] is None
    for sort in EVENT_SORTS:
        paged = all_events(client, sort=sort)
        assert len(paged) == total
        assert len({key(e) for e in paged}) == total
        if sort.lstrip("-") == "date":
            dates = [e["date"] or "" for e in paged]
            assert dates == sorted(dates, reverse=sort.startswith("-"))
        if sort.lstrip("-") == "confidence":
            conf = [e["confidence"] for e in paged]
            assert conf == sorted(conf, reverse=sort.startswith("-"))


def test_filter_by_type_gives_the_stored_count(client, db):
    for etype, n in db.execute("SELECT type, count(*) FROM events GROUP BY type").fetchall():
        got = client.get("/api/events", params={"type": etype}).json()
        assert got["total"] == n
        assert {e["type"] for e in all_events(client, type=etype)} == {etype}


def test_filter_by_actor_country_and_recipient(client, records):
    def expected(role: str, country: str) -> set:
        return {(a.id, v.id) for a in records for v in a.events
                if any((a.entity(x) and a.entity(x).country) == country for x in getattr(v, role))}

    countries = {a.entity(x).country for a in records for v in a.events for x in v.actor if a.entity(x).country}
    assert countries, "the samples have no event with an actor of known country"
    for country in countries:
        assert {key(e) for e in all_events(client, actor=country)} == expected("actor", country)
        assert {key(e) for e in all_events(client, recipient=country)} == expected("recipient", country)
        both = expected("actor", country) | expected("recipient", country)
        assert {key(e) for e in all_events(client, party=country)} == both


def test_filter_by_actor_name_place_modality_and_date(client, records):
    named = next((a, v) for a in records for v in a.events if v.actor)
    name = named[0].entity(named[1].actor[0]).name
    got = all_events(client, actor=name)
    assert key({"article": {"id": named[0].id}, "id": named[1].id}) in {key(e) for e in got}
    assert all(any(name.lower() in x["name"].lower() for x in e["actor"]) for e in got)

    placed = [(a, v) for a in records for v in a.events if v.location]
    place = placed[0][0].entity(placed[0][1].location).name
    assert {e["location"]["name"] for e in all_events(client, place=place)} == {place}

    for modality in {v.modality for a in records for v in a.events}:
        n = sum(v.modality == modality for a in records for v in a.events)
        assert client.get("/api/events", params={"modality": modality}).json()["total"] == n

    days = sorted(v.date for a in records for v in a.events if v.date and len(v.date) == 10)
    first, last = days[0], days[-1]
    inside = all_events(client, date_from=first, date_to=first)
    assert inside and all(e["date"][:10] == first or len(e["date"]) < 10 for e in inside)
    month = first[:7]
    in_month = all_events(client, date_from=month, date_to=month)
    assert {key(e) for e in in_month} == {(a.id, v.id) for a in records for v in a.events
                                           if v.date and (v.date[:7] == month or month.startswith(v.date))}
    assert client.get("/api/events", params={"date_from": last, "date_to": first}).json()["total"] == (first == last) * len(inside)


def test_events_carry_names_article_and_quad_class(client, records):
    by_key = {(a.id, v.id): (a, v) for a in records for v in a.events}
    quads = quad_classes()
    for e in all_events(client):
        a, v = by_key[key(e)]
        assert e["article"]["title"] == a.title
        assert [x["name"] for x in e["actor"]] == [a.entity(x).name for x in v.actor]
        assert [x["name"] for x in e["recipient"]] == [a.entity(x).name for x in v.recipient]
        assert e["quad_class"] == quads[v.type]


def test_timeline_accounts_for_every_event(client, db):
    total = db.execute("SELECT count(*) FROM events").fetchone()[0]
    for by in ("type", "quad"):
        for interval in ("day", "week", "month"):
            tl = client.get("/api/aggregates/timeline", params={"by": by, "interval": interval}).json()
            assert sum(b["total"] for b in tl["buckets"]) + tl["undated"] == total
            periods = [b["period"] for b in tl["buckets"]]
            assert periods == sorted(periods) and len(set(periods)) == len(periods)


def test_precision_keeps_only_events_dated_that_precisely(client, db):
    total = db.execute("SELECT count(*) FROM events").fetchone()[0]
    by_day = db.execute("SELECT count(*) FROM events WHERE length(date) >= 10").fetchone()[0]
    assert client.get("/api/events", params={"precision": "day"}).json()["total"] == by_day
    assert client.get("/api/events", params={"precision": "year"}).json()["total"] == total
    assert client.get("/api/events", params={"precision": "hour"}).status_code == 400


def test_every_timeline_bar_links_to_exactly_its_events(client):
    from eventwire.web.charts import timeline_bars

    for by in ("type", "quad"):
        tl = client.get("/api/aggregates/timeline", params={"by": by, "interval": "week"}).json()
        bars = timeline_bars(tl)["bars"]
        assert bars
        for bar in bars:
            query = bar["href"].split("?", 1)[1]
            got = client.get(f"/api/events?{query}").json()
            assert got["total"] == bar["n"], bar


def test_actor_pairs_match_the_records(client, records):
    quads = quad_classes()
    expected: Counter = Counter()
    conflict: Counter = Counter()
    for a in records:
        for v in a.events:
            for x in v.actor:
                for y in v.recipient:
                    pair = (a.entity(x).name, a.entity(y).name)
                    expected[pair] += 1
                    conflict[pair] += quads[v.type] >= 3
    got = client.get("/api/aggregates/pairs").json()
    assert {(p["actor"], p["recipient"]): p["events"] for p in got} == dict(expected)
    assert {(p["actor"], p["recipient"]): p["conflict"] for p in got} == dict(conflict)
    assert all(p["cooperation"] + p["conflict"] == p["events"] for p in got)


def test_country_counts_and_places(client, records):
    counts: dict[str, set] = {}
    for a in records:
        for v in a.events:
            for x in v.actor + v.recipient + ([v.location] if v.location else []):
                e = a.entity(x)
                c = (e.geo.country if e.geo and e.geo.country else None) or e.country
                if c:
                    counts.setdefault(c, set()).add((a.id, v.id))
    got = client.get("/api/aggregates/countries").json()
    assert {c["country"]: c["events"] for c in got} == {c: len(s) for c, s in counts.items()}
    places = client.get("/api/aggregates/places").json()
    assert sum(p["events"] for p in places) == sum(
        1 for a in records for v in a.events if v.location and a.entity(v.location).geo)


def test_quote_full_text_search_and_speaker(client, records):
    quotes = [(a, q) for a in records for q in a.quotes]
    a, q = next((a, q) for a, q in quotes if len(q.text.split()) >= 3)
    words = " ".join(q.text.split()[1:3]).upper()
    found = client.get("/api/quotes", params={"q": words}).json()
    assert (a.id, q.id) in {(x["article_id"], x["id"]) for x in found["items"]}
    for x in found["items"]:
        assert all(w.lower() in x["text"].lower() for w in words.split())
    speaker = next(a.entity(q.speaker).name for a, q in quotes if q.speaker)
    by = client.get("/api/quotes", params={"speaker": speaker}).json()
    assert by["total"] == sum(1 for a, q in quotes if q.speaker and speaker.lower() in a.entity(q.speaker).name.lower())
    assert client.get("/api/quotes", params={"q": "ordsomikkefinnes"}).json()["total"] == 0
    assert client.get("/api/quotes", params={"q": "%"}).json()["total"] == sum("%" in q.text for _, q in quotes)


def test_entities_actors_and_mentions_over_time(client, records):
    ent = next(e for a in records for e in a.entities if e.country and e.sector)
    got = client.get("/api/entities", params={"q": ent.name, "country": ent.country}).json()
    row = next(r for r in got if r["name"] == ent.name and r["type"] == ent.type)
    assert row["mentions"] == sum(len(e.mentions) for a in records for e in a.entities
                                  if (e.name, e.type, e.country, e.sector) == (row["name"], row["type"], row["country"], row["sector"]))
    assert all(r["country"] == ent.country for r in got)
    assert all(r["sector"] == ent.sector for r in client.get("/api/entities", params={"sector": ent.sector}).json())
    over_time = client.get("/api/entities/mentions", params={"name": ent.name}).json()
    assert sum(p["mentions"] for p in over_time) == sum(len(e.mentions) for a in records for e in a.entities
                                                         if e.name == ent.name and a.published)
    acting = client.get("/api/actors").json()
    assert sum(x["as_actor"] for x in acting) == sum(len(v.actor) for a in records for v in a.events)


def test_one_search_box_across_kinds(client, records):
    # a person named in the article's own words: the canonical name of an actor ("Volodymyr
    # Zelenskyj" for "Zelensky") need not occur in the text, and which article comes first
    # depends on the ids, which hash the checkout's path
    a, name = next((a, e.name) for a in records if a.quotes for e in a.entities
                   if e.type == "PER" and e.name in a.text)
    found = client.get("/api/search", params={"q": name}).json()
    assert name in {e["name"] for e in found["entities"]}
    assert a.id in {x["id"] for x in found["articles"]}
    assert client.get("/api/search", params={"q": ""}).json() == {"q": "", "entities": [], "quotes": [], "articles": []}


def test_exports_download_what_the_cli_writes(client, records, db):
    r = client.get("/api/export/jsonl")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert [Article.from_json(line) for line in r.text.splitlines()] == sorted(records, key=lambda a: a.id)
    plover = client.get("/api/export/plover").text.splitlines()
    assert len(plover) == sum(len(a.events) for a in records) and all(json.loads(x)["event"] for x in plover)
    gdelt = client.get("/api/export/gdelt").text.splitlines()
    assert gdelt[0].startswith("GLOBALEVENTID\t") and len(gdelt) == 1 + len(plover)
    z = zipfile.ZipFile(io.BytesIO(client.get("/api/export/parquet").content))
    for name in z.namelist():
        table = name.removesuffix(".parquet")
        n = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert pq.read_table(io.BytesIO(z.read(name))).num_rows == n
    assert sorted(z.namelist()) == sorted(f"{t}.parquet" for t in TABLES)


def test_the_store_is_served_read_only(app, client):
    with pytest.raises(duckdb.Error):
        app.state.store.con.execute("CREATE TABLE intruder (x INTEGER)")
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/api/events").status_code == 405


def test_openapi_describes_every_api_route(client):
    from eventwire.web.api import router

    spec = client.get("/openapi.json").json()
    api_paths = {re.sub(r":\w+}", "}", r.path) for r in router.routes}  # OpenAPI drops converters
    assert api_paths and api_paths <= set(spec["paths"])
    docs = client.get("/docs").text
    assert all(p in docs for p in api_paths)
