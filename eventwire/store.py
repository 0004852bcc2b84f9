"""The embedded store: article records in a DuckDB file, one table per record kind.

All SQL of the project lives here and, for the web layer's reading, in ``queries.py``.  Writing
goes through one connection behind a lock (DuckDB wants a single writer); each
:meth:`Store.ingest` batch is one transaction, and re-ingesting an article replaces its rows
instead of adding new ones.

Concurrent use: DuckDB lets one process write a file, or many processes read it, never both at
once.  So a :class:`Store` holds the file only while it works: each write batch opens the file,
commits and closes it, and a reader (``stats``, ``export``, ``serve``) holds it only while it
reads.  A process that finds the file held by another one retries for up to ``wait`` seconds,
then says which process holds it.  Readers therefore see the last committed batch, and a second
ingest takes its turn between the first one's batches.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa

from .dedup import Cluster, DedupConfig, EventItem, Place, cluster_events, duplicate_groups, source_of
from .errors import OutputError, StoreBusy, StoreError
from .reader import Rejected
from .records import Article

DEFAULT_DB = "eventwire.duckdb"

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS articles (
  id VARCHAR PRIMARY KEY, schema VARCHAR, language VARCHAR, published VARCHAR, title VARCHAR,
  source_uri VARCHAR, outlet VARCHAR, text VARCHAR, tone DOUBLE, warnings VARCHAR[],
  n_entities INTEGER, n_quotes INTEGER, n_events INTEGER, record JSON, ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS entities (
  article_id VARCHAR, id VARCHAR, name VARCHAR, type VARCHAR, gpe_sense VARCHAR, country VARCHAR,
  sector VARCHAR, code VARCHAR, kb_id VARCHAR, lat DOUBLE, lon DOUBLE, geo_country VARCHAR,
  feature VARCHAR, geonameid BIGINT, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS mentions (
  article_id VARCHAR, entity_id VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
  article_id VARCHAR, id VARCHAR, kind VARCHAR, text VARCHAR, "start" INTEGER, "end" INTEGER,
  speaker VARCHAR, speaker_name VARCHAR, speaker_text VARCHAR, cue VARCHAR, addressee VARCHAR);
CREATE TABLE IF NOT EXISTS events (
  article_id VARCHAR, id VARCHAR, type VARCHAR, mode VARCHAR, context VARCHAR[],
  actor VARCHAR[], recipient VARCHAR[], actor_codes VARCHAR[], recipient_codes VARCHAR[],
  date VARCHAR, location VARCHAR, negated BOOLEAN, modality VARCHAR, source_quote VARCHAR,
  trigger_text VARCHAR, trigger_start INTEGER, evidence_text VARCHAR, evidence_start INTEGER,
  evidence_end INTEGER, confidence DOUBLE);
CREATE TABLE IF NOT EXISTS times (
  article_id VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR, value VARCHAR, anchor VARCHAR);
CREATE TABLE IF NOT EXISTS rejects (
  origin VARCHAR, code VARCHAR, reason VARCHAR, refused_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS article_groups (article_id VARCHAR, group_id VARCHAR);
CREATE TABLE IF NOT EXISTS event_clusters (
  id VARCHAR, type VARCHAR, date VARCHAR, num_mentions INTEGER, num_sources INTEGER,
  num_articles INTEGER, first_seen VARCHAR, last_seen VARCHAR);
CREATE TABLE IF NOT EXISTS event_cluster_members (cluster_id VARCHAR, article_id VARCHAR, event_id VARCHAR);
"""

#: the tables that hold article content, keyed by article id (rejects is separate)
CONTENT_TABLES = ("articles", "entities", "mentions", "quotes", "events", "times")
#: near-duplicate groups and event clusters across articles (eventwire.dedup), rebuilt by
#: :meth:`Store.recluster` from the content tables
DEDUP_TABLES = ("article_groups", "event_clusters", "event_cluster_members")
TABLES = CONTENT_TABLES + ("rejects",) + DEDUP_TABLES


def _code(article: Article, entity_id: str) -> str | None:
    e = article.entity(entity_id)
    if e is None:
        return None
    return e.code or e.country or e.name


def article_rows(article: Article, now: datetime) -> dict[str, list[dict]]:
    """The rows of every content table for one article."""
    a = article
    rows: dict[str, list[dict]] = {t: [] for t in CONTENT_TABLES}
    rows["articles"].append({
        "id": a.id, "schema": a.schema_, "language": a.language, "published": a.published,
        "title": a.title, "source_uri": a.source.uri, "outlet": a.source.outlet, "text": a.text,
        "tone": a.tone, "warnings": list(a.warnings), "n_entities": len(a.entities),
        "n_quotes": len(a.quotes), "n_events": len(a.events), "record": a.to_json(), "ingested_at": now,
    })
    for e in a.entities:
        g = e.geo
        rows["entities"].append({
            "article_id": a.id, "id": e.id, "name": e.name, "type": e.type, "gpe_sense": e.gpe_sense,
            "country": e.country, "sector": e.sector, "code": e.code, "kb_id": e.kb_id,
            "lat": g.lat if g else None, "lon": g.lon if g else None, "geo_country": g.country if g else None,
            "feature": g.feature if g else None, "geonameid": g.geonameid if g else None,
            "n_mentions": len(e.mentions),
        })
        for m in e.mentions:
            rows["mentions"].append({"article_id": a.id, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text})
    for q in a.quotes:
        speaker = a.entity(q.speaker)
        rows["quotes"].append({
            "article_id": a.id, "id": q.id, "kind": q.kind, "text": q.text, "start": q.span.start,
            "end": q.span.end, "speaker": q.speaker, "speaker_name": speaker.name if speaker else None,
            "speaker_text": q.speaker_span.text if q.speaker_span else None, "cue": q.cue, "addressee": q.addressee,
        })
    for v in a.events:
        rows["events"].append({
            "article_id": a.id, "id": v.id, "type": v.type, "mode": v.mode, "context": list(v.context),
            "actor": list(v.actor), "recipient": list(v.recipient),
            "actor_codes": [_code(a, x) for x in v.actor], "recipient_codes": [_code(a, x) for x in v.recipient],
            "date": v.date, "location": v.location, "negated": v.negated, "modality": v.modality,
            "source_quote": v.source_quote, "trigger_text": v.trigger.text, "trigger_start": v.trigger.start,
            "evidence_text": v.evidence.text, "evidence_start": v.evidence.start, "evidence_end": v.evidence.end,
            "confidence": v.confidence,
        })
    for t in a.times:
        rows["times"].append({"article_id": a.id, "start": t.span.start, "end": t.span.end,
                              "text": t.span.text, "value": t.value, "anchor": t.anchor})
    return rows


@lru_cache(maxsize=None)
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a store table (its Parquet files, e.g. from Spark, have it)."""
    con = duckdb.connect()
    try:
        con.execute(SCHEMA_SQL)
        return con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
    finally:
        con.close()


def parquet_tables(path: str | Path) -> Path | None:
    """The folder of ``articles`` Parquet in an eventwire Parquet output (``spark-extract``'s
    ``OUTPUT/articles/`` or ``export -f parquet``'s ``articles.parquet``), else None."""
    p = Path(path)
    for name in ("articles", "articles.parquet"):
        if p.is_dir() and (p / name).exists():
            return p / name
    return None


class Store:
    """A DuckDB file holding article records.  Use as a context manager or call :meth:`close`.

    ``wait`` is how many seconds to wait while another process holds the file; ``on_wait``
    is called once with a message when waiting starts.  ``hold=False`` opens a read-only store
    without holding the file (a server: each :meth:`reader` holds it for one request)."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False, wait: float = 0,
                 on_wait: Callable[[str], None] | None = None, hold: bool = True):
        self.path = str(path)
        self.read_only = read_only
        self.wait = wait
        self.on_wait = on_wait
        self._lock = threading.Lock()
        self._held: duckdb.DuckDBPyConnection | None = None
        if read_only and not Path(self.path).exists():
            raise StoreError(f"there is no store at {self.path}", hint="run `eventwire ingest` first, or pass --db")
        if read_only:
            if hold:
                self._held = self._open()  # a reader holds the file while it reads
        else:
            with self._connection() as con:
                con.execute(SCHEMA_SQL)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """A connection for ad-hoc SQL; it holds the file until :meth:`close`."""
        if self._held is None:
            self._held = self._open()
        return self._held

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Connect, retrying for up to ``self.wait`` seconds while another process holds the file."""
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.IOException as err:
                holder = _lock_holder(str(err))
                if holder is None:
                    raise StoreError(f"cannot open the store {self.path}: {' '.join(str(err).split())}",
                                     hint="check the path, or pass another --db") from None
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"the store {self.path} is in use by {holder}", origin=None) from None
                if not told and self.on_wait is not None:
                    self.on_wait(f"waiting up to {self.wait:g} s for {holder}, which has the store {self.path} open")
                    told = True
                time.sleep(0.05)
            except duckdb.Error as err:
                raise StoreError(f"cannot open the store {self.path}: {' '.join(str(err).split())}",
                                 hint="is it a DuckDB file written by eventwire? pass another --db") from None

    @contextmanager
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The held connection, or one opened for this operation and closed after it."""
        if self._held is not None:
            yield self._held
            return
        con = self._open()
        try:
            yield con
        finally:
            con.close()

    def reader(self) -> "Store":
        """A read-only view of this store for one request (a web page, an API call): its own
        connection, opened now and held until :meth:`close`, so that readers run side by side
        and an ingest can write between requests (they then see its last committed batch)."""
        view = Store(self.path, read_only=True, wait=self.wait, on_wait=self.on_wait, hold=False)
        view._held = view._open()
        return view

    # -- writing -----------------------------------------------------------------------------
    def ingest(self, articles: Iterable[Article], rejects: Iterable[Rejected] = (),
               origins: Iterable[str] = ()) -> int:
        """Write a batch in one transaction, replacing earlier rows of the same articles.
        Earlier refusals of the same inputs (the ``origin`` of each of ``rejects``, and
        ``origins``, where the articles came from) are replaced too.
        Returns the number of articles written."""
        articles = list(articles)
        rejects = list(rejects)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        tables: dict[str, list[dict]] = {t: [] for t in CONTENT_TABLES}
        latest = {a.id: a for a in articles}  # the same id twice in a batch: the last one wins
        for a in latest.values():
            for table, rows in article_rows(a, now).items():
                tables[table].extend(rows)
        reject_rows = [{"origin": r.origin, "code": r.code, "reason": r.reason, "refused_at": now} for r in rejects]
        seen = sorted({r.origin for r in rejects} | set(origins))
        with self._lock, self._connection() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                ids = list(latest)
                if ids:
                    for table in CONTENT_TABLES:
                        key = "id" if table == "articles" else "article_id"
                        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [ids])
                if seen:
                    con.execute("DELETE FROM rejects WHERE origin IN (SELECT unnest(?))", [seen])
                for table, rows in tables.items():
                    self._insert(con, table, rows)
                self._insert(con, "rejects", reject_rows)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return len(latest)

    def ingest_parquet(self, directory: str | Path, batch_size: int = 64) -> tuple[int, list[Rejected]]:
        """Load an eventwire Parquet output (:func:`parquet_tables`) into the store, ``batch_size``
        articles per transaction, as :meth:`ingest` writes them: every table is rebuilt from the
        ``record`` column, so the rows are those a local ingest of the same articles writes.
        Returns the number of articles loaded and the refusals."""
        import pyarrow.dataset as ds

        directory = Path(directory)
        articles = parquet_tables(directory)
        if articles is None:
            raise StoreError(f"{directory} holds no eventwire Parquet tables (no articles folder or articles.parquet)",
                             hint="pass the OUTPUT of `eventwire spark-extract` or of `eventwire export -f parquet`")
        refused = []
        rejects = next((p for p in (directory / "rejects", directory / "rejects.parquet") if p.exists()), None)
        if rejects is not None:
            for row in ds.dataset(rejects, format="parquet").to_table(columns=["origin", "code", "reason"]).to_pylist():
                refused.append(Rejected(**row))
        written, pending = 0, refused
        try:
            batches = ds.dataset(articles, format="parquet").to_batches(columns=["record"], batch_size=batch_size)
            for batch in batches:
                written += self.ingest([Article.from_json(r) for r in batch.column("record").to_pylist()], pending)
                pending = []
            if pending:
                self.ingest([], pending)
        except (pa.ArrowException, ValueError) as err:
            raise StoreError(f"cannot read the Parquet tables in {directory}: {' '.join(str(err).split())[:300]}",
                             hint="pass the OUTPUT of `eventwire spark-extract` or of `eventwire export -f parquet`") from None
        return written, refused

    def recluster(self, config: DedupConfig | None = None) -> tuple[int, int]:
        """Find the near-duplicate articles and the event clusters of the whole store again
        (:mod:`eventwire.dedup`) and replace the dedup tables in one transaction.  Returns the
        number of articles that have a near-duplicate and the number of clusters of two or
        more events."""
        config = config or DedupConfig.load()
        with self._lock, self._connection() as con:
            groups = duplicate_groups(self._iter(con, "SELECT id, text FROM articles ORDER BY id"), config)
            clusters = cluster_events(self._event_items(con), groups, config)
            con.execute("BEGIN TRANSACTION")
            try:
                for table in DEDUP_TABLES:
                    con.execute(f"DELETE FROM {table}")
                self._insert(con, "article_groups", [{"article_id": a, "group_id": g} for a, g in sorted(groups.items())])
                self._insert(con, "event_clusters", [
                    {"id": c.id, "type": c.type, "date": c.date, "num_mentions": c.num_mentions,
                     "num_sources": c.num_sources, "num_articles": c.num_articles, "first_seen": c.first_seen,
                     "last_seen": c.last_seen} for c in clusters])
                self._insert(con, "event_cluster_members", [
                    {"cluster_id": c.id, "article_id": a, "event_id": e} for c in clusters for a, e in c.members])
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return len(groups), sum(1 for c in clusters if c.num_mentions > 1)

    @staticmethod
    def _iter(con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[tuple]:
        cur = con.execute(sql)
        while chunk := cur.fetchmany(1000):
            yield from chunk

    def _event_items(self, con: duckdb.DuckDBPyConnection) -> Iterator[EventItem]:
        sql = """SELECT v.article_id, v.id, v.type, v.actor_codes, v.recipient_codes, coalesce(v.date, a.published),
                        a.published, p.name, coalesce(p.geo_country, p.country), p.feature, v.evidence_text,
                        a.outlet, a.source_uri
                 FROM events v JOIN articles a ON a.id = v.article_id
                 LEFT JOIN entities p ON p.article_id = v.article_id AND p.id = v.location
                 ORDER BY v.article_id, v.id"""
        for (aid, eid, kind, actors, recipients, date, published, place, country, feature, evidence,
             outlet, url) in self._iter(con, sql):
            yield EventItem(article_id=aid, event_id=eid, type=kind,
                            actor_codes=tuple(c for c in actors or () if c),
                            recipient_codes=tuple(c for c in recipients or () if c), date=date, published=published,
                            place=Place(place, country, feature == "country") if place else None,
                            evidence=evidence or "", source=source_of(outlet, url, aid))

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
        data = pa.Table.from_pylist(rows)
        view = f"_new_{table}"
        con.register(view, data)
        try:
            quoted = ", ".join(f'"{c}"' for c in cols if c in data.column_names)
            con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM {view}")
        finally:
            con.unregister(view)

    # -- reading -----------------------------------------------------------------------------
    def _rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with self._connection() as con:
            return con.execute(sql, params or []).fetchall()

    def counts(self) -> dict[str, int]:
        with self._connection() as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """The stored records, ordered by id (or only ``ids``)."""
        with self._connection() as con:
            if ids is None:
                cur = con.execute("SELECT record FROM articles ORDER BY id")
            else:
                cur = con.execute("SELECT record FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY id", [list(ids)])
            while True:
                chunk = cur.fetchmany(500)
                if not chunk:
                    break
                for (record,) in chunk:
                    yield Article.from_json(record)

    def event_types(self) -> list[tuple[str, int]]:
        return self._rows("SELECT type, count(*) n FROM events GROUP BY type ORDER BY n DESC, type")

    def top_actors(self, limit: int = 10) -> list[tuple[str, str | None, int]]:
        return self._rows(
            """SELECT e.name, coalesce(e.code, e.country) AS code, count(*) n
               FROM events v, unnest(v.actor) AS a(actor_id)
               JOIN entities e ON e.article_id = v.article_id AND e.id = a.actor_id
               GROUP BY e.name, 2 ORDER BY n DESC, e.name LIMIT ?""", [limit])

    def clusters(self, limit: int | None = None, min_articles: int = 1) -> list[Cluster]:
        """The event clusters reported by at least ``min_articles`` articles, those reported by
        the most first (at most ``limit``); ``members`` are filled in."""
        rows = self._rows("""SELECT id, type, date, num_mentions, num_sources, num_articles, first_seen, last_seen
                             FROM event_clusters WHERE num_articles >= ?
                             ORDER BY num_articles DESC, num_mentions DESC, id LIMIT ?""",
                          [min_articles, 2**62 if limit is None else limit])
        clusters = {r[0]: Cluster(id=r[0], type=r[1], date=r[2], num_mentions=r[3], num_sources=r[4], num_articles=r[5],
                                  first_seen=r[6], last_seen=r[7]) for r in rows}
        for cluster_id, article_id, event_id in self._rows(
                "SELECT cluster_id, article_id, event_id FROM event_cluster_members WHERE cluster_id IN (SELECT unnest(?)) "
                "ORDER BY ALL", [list(clusters)]):
            clusters[cluster_id].members.append((article_id, event_id))
        return list(clusters.values())

    def mentions_of_clusters(self) -> dict[tuple[str, str], Cluster]:
        """Each clustered event, ``(article id, event id)``, and its cluster (empty before the
        first :meth:`recluster`), for the exports."""
        return {member: c for c in self.clusters() for member in c.members}

    def duplicate_groups(self) -> dict[str, list[str]]:
        """Near-duplicate groups: group id → its article ids."""
        groups: dict[str, list[str]] = {}
        for article_id, group_id in self._rows("SELECT article_id, group_id FROM article_groups ORDER BY 2, 1"):
            groups.setdefault(group_id, []).append(article_id)
        return groups

    def rejects(self) -> list[tuple[str, str, str]]:
        return self._rows("SELECT origin, code, reason FROM rejects ORDER BY refused_at, origin")

    def export_parquet(self, directory: str | Path) -> list[Path]:
        """Write each table to ``directory/<table>.parquet``; returns the paths.  JSON columns
        are written as strings, so that every Parquet reader loads them as text."""
        out = Path(directory)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(f"cannot write Parquet files into {out}: {err.strerror or err}",
                              hint="give -o a directory that does not exist yet or is a directory") from None
        paths = []
        with self._connection() as con:
            for table in TABLES:
                p = out / f"{table}.parquet"
                target = p.as_posix().replace("'", "''")
                select = "SELECT * REPLACE (CAST(record AS VARCHAR) AS record)" if table == "articles" else "SELECT *"
                try:
                    con.execute(f"COPY ({select} FROM {table}) TO '{target}' (FORMAT PARQUET)")
                except duckdb.Error as err:
                    raise OutputError(f"cannot write {p}: {' '.join(str(err).split())}") from None
                paths.append(p)
        return paths


_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def _lock_holder(message: str) -> str | None:
    """The process that holds the file, from DuckDB's lock message (None: not a lock error)."""
    m = _HOLDER.search(message)
    if m:
        return f"another process (PID {m.group(2)}, {Path(m.group(1)).name})"
    if "lock" in message.lower():
        return "another process"
    return None
