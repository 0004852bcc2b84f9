"""``eventwire serve``: the real command, as a process, on a free loopback port."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from eventwire.cli import app

from .conftest import _free_port


def test_serve_refuses_a_missing_store_in_plain_words(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "there is no store" in result.output and "eventwire ingest" in result.output


def test_serve_answers_on_127_0_0_1_read_only(store_path, db):
    port = _free_port()
    cmd = [sys.executable, "-m", "eventwire", "serve", "--db", str(store_path), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"eventwire serve did not answer: {proc.stdout.read() if proc.poll() is not None else ''}")
                time.sleep(0.2)
        assert r.status_code == 200
        assert r.json()["events"] == db.execute("SELECT count(*) FROM events").fetchone()[0]
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text.startswith("<!doctype html>")
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out and "read-only" in out


def test_many_readers_at_once_get_the_same_answers(live_server):
    """Requests in parallel, each on its own store cursor, through the real server."""
    from concurrent.futures import ThreadPoolExecutor

    urls = ["/api/events?limit=5", "/api/aggregates/timeline", "/api/stats", "/api/aggregates/countries", "/"]
    with httpx.Client(base_url=live_server, timeout=30) as c:
        expected = {u: c.get(u).text for u in urls}

        def fetch(i: int) -> tuple[str, int, str]:
            u = urls[i % len(urls)]
            r = c.get(u)
            return u, r.status_code, r.text

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(fetch, range(80)))
    assert all(status == 200 and text == expected[u] for u, status, text in results)


def test_an_ingest_writes_while_the_server_runs_and_the_server_sees_it(store_path, tmp_path, extract):
    """The server holds the store only during a request, so an ingest can write between
    requests, and the next request sees what it committed."""
    import shutil
    import warnings

    from eventwire.store import Store
    from eventwire.web import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    copy = tmp_path / "live.duckdb"
    shutil.copy(store_path, copy)
    with TestClient(create_app(copy)) as c:
        before = c.get("/api/stats").json()
        with Store(copy, wait=10) as writer:  # the last request may still be closing its view
            writer.ingest([extract("Støre møtte Biden i Oslo i går.")])
        after = c.get("/api/stats").json()
    assert after["articles"] == before["articles"] + 1
