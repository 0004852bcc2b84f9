"""Our trained spaCy pipelines (Norwegian Bokmål, English): loading them and their custom components.

Importing this package registers the custom components (``eventwire.nlp.components``) so the
saved model can be loaded; :func:`load_model` loads it once per path.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import components  # noqa: F401  (registers the model's custom components)
from . import features  # noqa: F401  (registers the NER lexicon embedding)
from . import ensemble  # noqa: F401  (registers the NER voting components)

#: where the shipped models live inside the package
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
#: the shipped Norwegian model (the default)
DEFAULT_MODEL_PATH = MODELS_DIR / "nb_eventwire"


class ModelNotFoundError(FileNotFoundError):
    """The spaCy model directory does not exist (the model has not been trained/installed)."""


def load_model(path: str | Path | None = None):
    """The spaCy ``Language`` at ``path`` (default: the package's ``models/nb_eventwire``).

    Cached: calling it again with the same path returns the same object.
    Raises :class:`ModelNotFoundError` with a hint how to train the model when it is missing.
    """
    return _load(Path(path).resolve() if path is not None else DEFAULT_MODEL_PATH)


@lru_cache(maxsize=4)
def _load(model_dir: Path):
    import spacy

    if not (model_dir / "config.cfg").is_file():
        raise ModelNotFoundError(
            f"no spaCy model at {model_dir} (config.cfg missing). Train it with "
            "`eventwire train` (eventwire.nlp.training.train), or pass the path of a trained "
            "model directory."
        )
    return spacy.load(model_dir)
