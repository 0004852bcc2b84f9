"""Near-duplicate articles and event clusters (eventwire.dedup): hand-built inputs for the rules,
and the stories of tests/data/dedup (written for these tests) through the real pipeline into a
real DuckDB store."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eventwire.dedup import DedupConfig, EventItem, Place, cluster_events, duplicate_groups
from eventwire.export import write_gdelt, write_plover
from eventwire.store import Store

DATA = Path(__file__).parent / "data" / "dedup"
WIRE = [json.loads(line) for line in (DATA / "wire_rewrites.jsonl").read_text(encoding="utf-8").splitlines()]
SAME_DAY = [json.loads(line) for line in (DATA / "same_day.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_config_comes_from_the_data_file():
    config = DedupConfig.load()
    assert 0 < config.articles.threshold < 1 and 0 < config.events.evidence_similarity < 1
    assert config.events.window_days >= 0 and config.articles.num_perm >= 16 and config.articles.shingle_words >= 1


def test_rewrites_of_one_story_are_grouped_and_other_stories_are_not():
    texts = [(a["id"], a["text"]) for a in WIRE + SAME_DAY]
    groups = duplicate_groups(texts)
    assert groups == {a["id"]: "wire-1" for a in WIRE}


def test_an_article_without_a_near_duplicate_is_in_no_group():
    assert duplicate_groups([("a", SAME_DAY[0]["text"]), ("b", WIRE[0]["text"])]) == {}


def _event(article: str, **kw) -> EventItem:
    base = dict(article_id=article, event_id="v1", type="CONSULT", actor_codes=("NORGOV",),
                recipient_codes=("SWEGOV",), date="2025-03-10", published="2025-03-10",
                place=Place("Stockholm", "SWE"), evidence="Eide møtte mandag den svenske utenriksministeren i Stockholm.",
                source=article)
    base.update(kw)
    return EventItem(**base)


def _clusters(*events, groups=None):
    return sorted(sorted(c.members) for c in cluster_events(events, groups))


def test_the_same_event_in_two_articles_is_one_cluster_with_gdelt_counts():
    a = _event("a", source="ntb")
    b = _event("b", published="2025-03-11", source="avisa", evidence="Eide møtte mandag den svenske utenriksministeren.")
    [cluster] = cluster_events([b, a])
    assert sorted(cluster.members) == [("a", "v1"), ("b", "v1")]
    assert (cluster.num_mentions, cluster.num_articles, cluster.num_sources) == (2, 2, 2)
    assert (cluster.first_seen, cluster.last_seen) == ("2025-03-10", "2025-03-11")


def test_countries_make_codes_compatible_and_an_unknown_side_does_not_block():
    a = _event("a")
    b = _event("b", actor_codes=("NOR",), recipient_codes=())
    assert _clusters(a, b) == [[("a", "v1"), ("b", "v1")]]
    c = _event("c", actor_codes=("DNKGOV",))
    assert len(_clusters(a, c)) == 2


@pytest.mark.parametrize("change", [
    {"type": "AGREE"},                       # another kind of event
    {"date": "2025-03-20"},                  # outside the window
    {"place": Place("Narvik", "NOR")},       # another town
    {"evidence": "Helseministrene drøftet ventetider på sykehusene."},  # other words, and no shared story
])
def test_events_that_differ_stay_apart(change):
    assert len(_clusters(_event("a"), _event("b", **change))) == 2


def test_a_country_is_compatible_with_a_town_in_it():
    a = _event("a", place=Place("Sverige", "SWE", is_country=True))
    assert len(_clusters(a, _event("b"))) == 1


def test_near_duplicate_articles_need_no_similar_evidence():
    a = _event("a", evidence="Eide i Stockholm")
    b = _event("b")
    assert len(_clusters(a, b)) == 2
    assert len(_clusters(a, b, groups={"a": "a", "b": "a"})) == 1


def test_two_events_of_one_article_are_not_merged():
    assert len(_clusters(_event("a"), _event("a", event_id="v2"))) == 2


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    """The dedup stories through the real pipeline into a real DuckDB file, clustered."""
    from eventwire.reader import read

    db = tmp_path_factory.mktemp("dedup") / "dedup.duckdb"
    articles = list(pipeline.pipe(read([DATA / "wire_rewrites.jsonl", DATA / "same_day.jsonl"])))
    with Store(db) as s:
        s.ingest(articles)
        s.recluster()
    with Store(db, read_only=True) as s:
        yield s


def _cluster_of_article(store: Store, article_id: str) -> set[str]:
    return {c.id for (a, _), c in store.mentions_of_clusters().items() if a == article_id}


def test_the_five_rewrites_are_one_group_in_the_store(store):
    assert store.duplicate_groups() == {"wire-1": [a["id"] for a in WIRE]}


def test_the_wire_story_is_one_event_reported_five_times(store):
    top = store.clusters(limit=1)[0]
    assert (top.num_articles, top.num_sources) == (5, 5)
    assert all(top.id in _cluster_of_article(store, a["id"]) for a in WIRE)


def test_two_meetings_on_the_same_day_between_the_same_countries_stay_apart(store):
    first, second = (_cluster_of_article(store, a["id"]) for a in SAME_DAY)
    assert first and second and not first & second
    wire = set().union(*(_cluster_of_article(store, a["id"]) for a in WIRE))
    assert not (first | second) & wire


def test_exports_count_the_wire_story_once(store):
    clusters = store.mentions_of_clusters()
    out = io.StringIO()
    write_gdelt(store.articles(), out, clusters)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    events = store.counts()["events"]
    assert len(rows) == store.counts()["event_clusters"] < events
    assert max(int(r["NumArticles"]) for r in rows) == 5

    out = io.StringIO()
    write_plover(store.articles(), out, clusters)
    plover = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(plover) == events  # PLOVER keeps one row per event, with its cluster
    top = store.clusters(limit=1)[0].id
    assert sum(1 for r in plover if r["cluster_id"] == top) == 5
    assert {r["num_articles"] for r in plover if r["cluster_id"] == top} == {5}


def test_reclustering_gives_the_same_tables(store, tmp_path):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(store.path, copy)
    with Store(copy) as s:
        before = s.mentions_of_clusters(), s.duplicate_groups()
        s.recluster()
        assert (s.mentions_of_clusters(), s.duplicate_groups()) == before


def test_cli_ingest_finds_them_and_stats_and_gdelt_show_them(tmp_path):
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "eventwire", *map(str, args)], capture_output=True, text=True,
                              timeout=600)

    db = tmp_path / "cli.duckdb"
    r = run("ingest", DATA, "--db", db, "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert "5 articles have a near-duplicate" in r.stderr
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["duplicate_groups"] == {"wire-1": [a["id"] for a in WIRE]}
    [top, *_] = stats["event_clusters"]
    assert (top["type"], top["num_articles"], top["num_sources"]) == ("CONSULT", 5, 5)
    assert all(c["num_articles"] >= 2 for c in stats["event_clusters"])
    gdelt = run("export", "-f", "gdelt", "--db", db)
    rows = list(csv.DictReader(io.StringIO(gdelt.stdout), delimiter="\t"))
    assert len(rows) == stats["counts"]["event_clusters"] < stats["counts"]["events"]
