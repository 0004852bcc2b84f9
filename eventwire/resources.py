"""Domain knowledge lives in versioned data files under ``eventwire/data``; this module is the
one place that loads them (once each, cached).  Stages call :func:`load` with a file name."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

#: libyaml's parser when PyYAML was built with it (ten times faster, the same values), else Python's
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
