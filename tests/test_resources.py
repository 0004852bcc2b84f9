"""The data-file loader and the cache of derived tables (``eventwire.resources``)."""
from __future__ import annotations

import pytest

from eventwire import geo, resources


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE", str(folder))
    return folder


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_cached_builds_once_then_reads_back(cache, tmp_path):
    source = tmp_path / "source.tsv"
    source.write_text("a\t1\n", encoding="utf-8")
    value = {"a": (1, 2), "b": [3, None], "c": "ø"}
    build, calls = _counting(value)
    assert resources.cached("table", [source], build) == value
    assert resources.cached("table", [source], build) == value
    assert len(calls) == 1
    assert len(list(cache.glob("table-*.marshal"))) == 1


def test_cached_rebuilds_when_a_source_changes(cache, tmp_path):
    source = tmp_path / "source.tsv"
    source.write_text("a\t1\n", encoding="utf-8")
    build, calls = _counting([1])
    resources.cached("table", [source], build)
    source.write_text("a\t1\nb\t2\n", encoding="utf-8")
    resources.cached("table", [source], build)
    assert len(calls) == 2
    assert len(list(cache.glob("table-*.marshal"))) == 1  # the stale version is removed


def test_a_torn_cache_file_is_rebuilt(cache, tmp_path):
    source = tmp_path / "source.tsv"
    source.write_text("x", encoding="utf-8")
    build, calls = _counting({"k": list(range(1000))})
    resources.cached("table", [source], build)
    (stored,) = cache.glob("table-*.marshal")
    stored.write_bytes(stored.read_bytes()[:50])
    assert resources.cached("table", [source], build) == {"k": list(range(1000))}
    assert len(calls) == 2
    assert resources.cached("table", [source], build) == {"k": list(range(1000))}
    assert len(calls) == 2  # replaced by a whole file


def test_an_unwritable_cache_folder_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_CACHE", str(blocker / "cache"))
    build, calls = _counting((1, 2))
    assert resources.cached("table", [blocker], build) == (1, 2)
    assert resources.cached("table", [blocker], build) == (1, 2)
    assert len(calls) == 2


def test_the_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_CACHE", "off")
    assert resources.cache_dir() is None
    build, calls = _counting(7)
    assert resources.cached("table", [], build) == 7
    assert resources.cached("table", [], build) == 7
    assert len(calls) == 2


def test_the_cached_gazetteer_answers_as_the_fresh_one(cache):
    names = ["Moskva", "Paris", "Springfield", "Bergen", "Colorado", "Norden", "Kairo", "Tromsø", "Nowhere-by"]
    geo.gazetteer.cache_clear()
    try:
        fresh = [geo.candidates(n) for n in names]
        assert len(list(cache.glob("gazetteer-*.marshal"))) == 1
        geo.gazetteer.cache_clear()
        again = [geo.candidates(n) for n in names]
    finally:
        geo.gazetteer.cache_clear()
    assert again == fresh
    assert fresh[0] and fresh[0][0].country == "RUS"
    assert len(fresh[2]) > 1 and all(p.country == "USA" for p in fresh[2])
    assert fresh[-1] == []
