"""Fixtures of the web tests: one real DuckDB store ingested from ``samples/`` through the real
pipeline (once per session), the real app over it, and a real HTTP server for the browser."""
from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
import warnings

import pytest

if importlib.util.find_spec("fastapi") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI is set but FastAPI is missing: install the 'web' extra (pip install -e '.[web,test]')")
    pytest.skip("the web tests need the 'web' extra (pip install -e '.[web,test]')", allow_module_level=True)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory, pipeline, samples):
    """A store file holding every sample article, written once."""
    from eventwire.reader import Rejected, read
    from eventwire.store import Store

    path = tmp_path_factory.mktemp("web") / "samples.duckdb"
    articles = (a for a in read([str(samples)]) if not isinstance(a, Rejected))
    with Store(path) as store:
        store.ingest(pipeline.pipe(articles))
        assert store.counts()["events"] > 0, "the samples gave no event: the web tests would show nothing"
    return path


@pytest.fixture(scope="session")
def db(store_path):
    """A second, independent read-only connection for computing what the API should answer."""
    import duckdb

    con = duckdb.connect(str(store_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def app(store_path):
    from eventwire.web import create_app

    return create_app(store_path)


@pytest.fixture(scope="session")
def client(app):
    with warnings.catch_warnings():
        # Starlette asks for httpx2 instead of httpx; httpx is what FastAPI documents today
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(app):
    """The app served by uvicorn on a free loopback port, for the browser; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test web server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
