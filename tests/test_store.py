"""The DuckDB store, on a real database file: idempotent re-ingest, atomic batches, exports."""
from __future__ import annotations

import duckdb
import pyarrow.parquet as pq
import pytest

from eventwire.reader import Rejected
from eventwire.records import Article, Entity, Event, Quote, Span, Time
from eventwire.errors import StoreError
from eventwire.store import TABLES, Store


def _article(aid: str, quote_text: str = "Vi er klare") -> Article:
    text = f"– {quote_text}, sa Kari Holm i Oslo onsdag. Holm møtte Per Dahl."
    def span(s: str) -> Span:
        i = text.index(s)
        return Span.of(text, i, i + len(s))
    holm = Entity(id="e1", name="Kari Holm", type="PER", country="NOR", sector="GOV", code="NORGOV",
                  mentions=[span("Kari Holm"), span("Holm møtte")])
    holm.mentions[1] = Span.of(text, holm.mentions[1].start, holm.mentions[1].start + 4)
    dahl = Entity(id="e2", name="Per Dahl", type="PER", mentions=[span("Per Dahl")])
    oslo = Entity(id="e3", name="Oslo", type="GPE", gpe_sense="LOC", mentions=[span("Oslo")])
    q = Quote(id="q1", kind="direct", text=quote_text, span=span(quote_text), speaker="e1",
              speaker_span=span("Kari Holm"), cue="si")
    v = Event(id="v1", type="CONSULT", mode="visit", actor=["e1"], recipient=["e2"], date="2024-03-13",
              trigger=span("møtte"), evidence=span("Holm møtte Per Dahl."), confidence=0.8)
    t = Time(span=span("onsdag"), value="2024-03-13", anchor="published")
    return Article(id=aid, published="2024-03-14", language="nb", text=text,
                   entities=[holm, dahl, oslo], quotes=[q], events=[v], times=[t])


@pytest.fixture
def db(tmp_path):
    return tmp_path / "test.duckdb"


def test_reingest_replaces_rows_and_never_duplicates(db):
    with Store(db) as store:
        store.ingest([_article("a1"), _article("a2")])
        first = store.counts()
        store.ingest([_article("a1", "Vi er helt klare")])
        second = store.counts()
    assert first == second
    assert first["articles"] == 2 and first["entities"] == 6 and first["mentions"] == 8
    with duckdb.connect(str(db), read_only=True) as con:
        texts = con.execute("SELECT text FROM quotes WHERE article_id = 'a1'").fetchall()
    assert texts == [("Vi er helt klare",)]


def test_records_round_trip_through_the_store(db):
    a = _article("a1")
    with Store(db) as store:
        store.ingest([a])
        [back] = list(store.articles())
    assert back == a
    assert back.check_spans() == []


def test_a_failing_batch_leaves_earlier_data_intact(db, monkeypatch):
    with Store(db) as store:
        store.ingest([_article("a1")])
        before = store.counts()
        real_insert = Store._insert

        def crash_on_quotes(self, con, table, rows):
            if table == "quotes":
                raise RuntimeError("simulated crash in the middle of a batch")
            return real_insert(self, con, table, rows)

        monkeypatch.setattr(Store, "_insert", crash_on_quotes)
        with pytest.raises(RuntimeError):
            store.ingest([_article("a1", "Endret sitat"), _article("a9")])
        monkeypatch.undo()
        assert store.counts() == before
        [kept] = list(store.articles())
        assert kept.quotes[0].text == "Vi er klare"


def test_rejects_are_kept_with_their_reason(db):
    with Store(db) as store:
        store.ingest([], [Rejected(origin="x.txt", code="E101", reason="[E101] x.txt: the input is empty")])
        assert store.rejects() == [("x.txt", "E101", "[E101] x.txt: the input is empty")]


def test_parquet_export_writes_every_table(db, tmp_path):
    with Store(db) as store:
        store.ingest([_article("a1")])
        paths = store.export_parquet(tmp_path / "pq")
    assert sorted(p.stem for p in paths) == sorted(TABLES)
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 1
    assert pq.read_table(tmp_path / "pq" / "mentions.parquet").num_rows == 4


def test_event_actor_codes_are_stored(db):
    with Store(db) as store:
        store.ingest([_article("a1")])
        row = store.con.execute("SELECT actor_codes, recipient_codes FROM events").fetchone()
        assert row == (["NORGOV"], ["Per Dahl"])
        assert store.top_actors() == [("Kari Holm", "NORGOV", 1)]


def test_read_only_store_that_does_not_exist_says_how_to_fix(tmp_path):
    from eventwire.errors import StoreError

    with pytest.raises(StoreError, match="eventwire ingest"):
        Store(tmp_path / "none.duckdb", read_only=True)


def test_parquet_tables_load_back_into_a_store(db, tmp_path):
    refused = Rejected(origin="x.txt", code="E101", reason="[E101] x.txt: the input is empty")
    with Store(db) as store:
        store.ingest([_article("a1"), _article("a2", "Vi venter")], [refused])
        store.export_parquet(tmp_path / "pq")
        want = store.counts()
    copy = tmp_path / "copy.duckdb"
    with Store(copy) as store:
        written, rejects = store.ingest_parquet(tmp_path / "pq", batch_size=1)
        assert (written, [r.origin for r in rejects]) == (2, ["x.txt"])
        assert store.counts() == want
        assert [a.to_json() for a in store.articles()] == [_article("a1").to_json(), _article("a2", "Vi venter").to_json()]


def test_bad_parquet_tables_are_refused_and_leave_the_store_as_it_was(db, tmp_path):
    folder = tmp_path / "out"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "part-0.parquet").write_bytes(b"not parquet at all")
    with Store(db) as store:
        store.ingest([_article("a1")])
        before = store.counts()
        with pytest.raises(StoreError, match=r"E300.*out"):
            store.ingest_parquet(folder)
        with pytest.raises(StoreError, match="no eventwire Parquet tables"):
            store.ingest_parquet(tmp_path)
        assert store.counts() == before
