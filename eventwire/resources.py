"""Domain knowledge lives in versioned data files under ``eventwire/data``; this module is the
one place that loads them (once each, cached).  Stages call :func:`load` with a file name."""
from __future__ import annotations

import csv
import gc
import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

#: libyaml's parser when PyYAML was built with it (ten times faster, the same values), else Python's
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

T = TypeVar("T")

DATA_DIR = Path(str(resources.files("eventwire") / "data"))
MODELS_DIR = Path(str(resources.files("eventwire") / "models"))


def path(name: str) -> Path:
    """The path of a data file, e.g. ``path("nb/speech_verbs.yaml")``."""
    return DATA_DIR / name


def model_dir(kind: str, language: str | None, where: str | None = None) -> Path | None:
    """The directory of a small trained model (``events``, ``arguments``, ``coref``): ``where``
    when given, else the one shipped for ``language`` (nn falls back to nb); None when there
    is no ``model.npz`` there."""
    from .language import data_language

    found = Path(where) if where else MODELS_DIR / f"{kind}_{data_language(language)}"
    return found if (found / "model.npz").exists() else None


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Parse a data file by its extension: .yaml/.yml, .json, or .tsv (a list of dicts,
    first row = column names, lines starting with '#' ignored)."""
    p = path(name)
    if not p.exists():
        raise FileNotFoundError(f"eventwire data file {name!r} is missing at {p}; reinstall eventwire")
    if p.suffix in (".yaml", ".yml"):
        return yaml.load(p.read_text(encoding="utf-8"), Loader=_SafeLoader)
    if p.suffix == ".json":
        return json.loads(p.read_text(encoding="utf-8"))
    if p.suffix == ".tsv":
        lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        return list(csv.DictReader(lines, delimiter="\t"))
    raise ValueError(f"eventwire does not know how to read data file {name!r}")


def cache_dir() -> Path | None:
    """Where derived tables are kept between runs: ``$EVENTWIRE_CACHE``, else
    ``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``; None when ``EVENTWIRE_CACHE``
    is set to ``off`` (or to nothing)."""
    chosen = os.environ.get("EVENTWIRE_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eventwire"


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, kept in :func:`cache_dir` so that the next run reads it back instead of
    building it again (the gazetteer, the NER lexicon: a second of start-up each).

    The value must be made of dicts, lists, tuples, strings, numbers and None (it is stored
    with :mod:`marshal`).  The file is keyed by the ``sources`` (path, size, modification
    time: the data files and the module that builds from them) and the Python version, so a
    changed source or interpreter builds afresh.  An unreadable file is rebuilt; a folder that
    cannot be written costs only the time.  The garbage collector waits while the many small
    objects are made: each collection would walk the whole process for nothing."""
    stamp = [sys.version, *((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources)]
    key = hashlib.sha1(repr(stamp).encode("utf-8")).hexdigest()[:16]
    folder = cache_dir()
    target = folder / f"{name}-{key}.marshal" if folder is not None else None
    collecting = gc.isenabled()
    gc.disable()
    try:
        if target is not None and target.is_file():
            try:
                return marshal.loads(target.read_bytes())
            except (EOFError, ValueError, TypeError, OSError):
                pass  # a torn or foreign file: build afresh and replace it
        value = build()
    finally:
        if collecting:
            gc.enable()
    if target is not None:
        _store(target, name, marshal.dumps(value))
    return value


def _store(target: Path, name: str, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, and remove older versions of ``name``."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        tmp = None
        for old in target.parent.glob(f"{name}-*.marshal"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the next run builds again
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
