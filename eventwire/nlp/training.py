"""Training the eventwire spaCy pipeline from NorNE CoNLL-U files.

:func:`train` converts the CoNLL-U train/dev files to spaCy ``DocBin``s and runs spaCy's
training loop in-process (``spacy.cli.train.train``) for each part of a :class:`Recipe`
(``training/recipe.yaml``): the parse part (tok2vec, morphologizer, lemmatizer, newline
sentences, parser; ``nb_parse.cfg``) and three NER members (``nb_ner_lex.cfg`` with different
seeds, widths and dropout), trained in parallel processes.  The parse part's ``model-best`` is
merged (:func:`merge_models`) with the NER members, which vote
(:func:`eventwire.nlp.ensemble.build_ensemble`), and the result is packaged as a small,
loadable model directory (:func:`package_model`).  ``training/configs/nb.cfg`` is a
one-config pipeline for training in a single process, ``nb_ner.cfg`` the NER without lexicon
features (the earlier model's, kept for comparison).

NER also trains on the entities of NorNE's Nynorsk half (``extra_ner_dirs``).
Training stops at ``training.max_steps`` or, with ``max_seconds``, after that much wall-clock
time (the ``eventwire.time_cap.v1`` callback); ``model-best`` (best dev score so far) is used.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
import yaml

from . import components  # noqa: F401  (registers the custom components and callbacks)
from spacy.tokens import DocBin

from ..corpus import shared_dir
from .conllu import conllu_to_docbin, ndt_dir_to_docs, ndt_document_ids, read_conllu_docs, read_sentences

REPO_ROOT = Path(__file__).resolve().parents[2]
#: how the shipped model is trained: its parts and how they are put together
DEFAULT_RECIPE = REPO_ROOT / "training" / "recipe.yaml"
#: the shared data folder ($EVENTWIRE_SHARED, else ../shared beside the checkout)
SHARED_DATA = (shared_dir() or REPO_ROOT.parent / "shared") / "data"
DEFAULT_TRAIN = SHARED_DATA / "norne-ud" / "no_bokmaal-ud-train.converted.conllu"
DEFAULT_DEV = SHARED_DATA / "norne" / "ud" / "nob" / "no_bokmaal-ud-dev.conllu"
DEFAULT_TEST = SHARED_DATA / "norne" / "ud" / "nob" / "no_bokmaal-ud-test.conllu"
DEFAULT_NDT_DIR = SHARED_DATA / "norne" / "ndt" / "nob"
DEFAULT_EXTRA_NER = (SHARED_DATA / "norne" / "ndt" / "nno",)
#: UD files whose NDT documents are left out of the extra NER data (Nynorsk dev and test, so
#: that the Nynorsk scores are measured on documents the model never saw)
DEFAULT_HELD_OUT = tuple(SHARED_DATA / "norne" / "ud" / "nno" / f"no_nynorsk-ud-{split}.conllu"
                         for split in ("dev", "test"))

#: components that can train on docs with entities only (no tags, lemmas, parse)
_NER_ONLY_COMPONENTS = {"ner", "eventwire_ner_consistency", "entity_ruler"}

#: files and folders of a model directory that loading does not need
_DROP = {"__pycache__", "MODEL_CARD.md"}


class TrainingTimeUp(RuntimeError):
    """Raised by the time-cap callback to end training; ``model-best`` is kept."""


@spacy.registry.callbacks("eventwire.time_cap.v1")
def make_time_cap(max_seconds: float = 0):
    """``[training.before_update]`` callback: stop training after ``max_seconds`` (0 = never)."""
    state: dict[str, float] = {}

    def before_update(nlp, args) -> None:
        start = state.setdefault("start", time.monotonic())
        if max_seconds and time.monotonic() - start > max_seconds:
            raise TrainingTimeUp(f"time cap of {max_seconds:.0f}s reached at step {args['step']}")

    return before_update


def convert_corpus(
    conllu_path: str | Path | Sequence[str | Path],
    out_path: str | Path,
    n_sents: int = 10,
    ndt_dir: str | Path | None = None,
) -> int:
    """Convert a CoNLL-U file (or several, concatenated) to a ``DocBin`` of ``n_sents``-sentence docs.

    Documents come from ``sent_id``/``newdoc``; with ``ndt_dir`` (NorNE's ``ndt/nob``) the
    NDT document of each sentence is recovered for files whose sentence ids are plain numbers.
    Returns the number of docs written.
    """
    if not isinstance(conllu_path, (str, Path)):
        db = DocBin(store_user_data=False)
        for path in conllu_path:
            for doc in read_conllu_docs(path, n_sents=n_sents):
                db.add(doc)
        db.to_disk(out_path)
        return len(db)
    doc_ids = None
    if ndt_dir is not None and Path(ndt_dir).is_dir():
        doc_ids = ndt_document_ids(read_sentences(conllu_path), ndt_dir)
    return conllu_to_docbin(conllu_path, out_path, n_sents=n_sents, doc_ids=doc_ids)


def _train_one(config_path: str, output_path: str, overrides: dict[str, Any],
               use_gpu: int, log_path: str | None) -> str:
    """Train one config; returns the path of its best model (runs in a child process)."""
    import sys

    from spacy.cli.train import train as spacy_train

    if log_path is not None:
        log = open(log_path, "a", buffering=1, encoding="utf-8")
        sys.stdout = sys.stderr = log
    try:
        spacy_train(Path(config_path), Path(output_path), use_gpu=use_gpu, overrides=overrides)
    except TrainingTimeUp as stop:
        print(f"[eventwire] {stop}; using model-best", flush=True)
    best = Path(output_path) / "model-best"
    return str(best if best.is_dir() else Path(output_path) / "model-last")


@dataclass(frozen=True)
class Part:
    """One config trained in its own process: ``overrides`` are spaCy config overrides."""

    name: str
    config: Path
    overrides: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recipe:
    """The parts of a model and how they are put together: the parts named in ``ner_vote``
    become voting NER members (:mod:`eventwire.nlp.ensemble`), the others are merged in order."""

    parts: tuple[Part, ...]
    ner_vote: tuple[str, ...] = ()
    #: the model's name (``meta.json``)
    name: str = "nb_eventwire"
    #: the recipe's own data: split ("train", "dev", "test") → CoNLL-U files (concatenated)
    data: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)

    @classmethod
    def from_configs(cls, configs: Sequence[str | Path]) -> Recipe:
        """Each config a part, all merged (no vote)."""
        return cls(tuple(Part(Path(c).stem, Path(c)) for c in configs))


def load_recipe(path: str | Path = DEFAULT_RECIPE) -> Recipe:
    """Read a recipe file (``training/recipe.yaml``); config paths are relative to it."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parts = tuple(Part(name, (path.parent / spec["config"]).resolve(), dict(spec.get("set") or {}))
                  for name, spec in data["parts"].items())
    vote = tuple(data.get("ner_vote") or ())
    unknown = set(vote) - {p.name for p in parts}
    if unknown:
        raise ValueError(f"{path}: ner_vote names parts that do not exist: {sorted(unknown)}")
    files = {split: tuple(SHARED_DATA / f for f in (names if isinstance(names, list) else [names]))
             for split, names in (data.get("data") or {}).items()}
    return Recipe(parts, vote, data.get("name", "nb_eventwire"), files)


def train(
    output_dir: str | Path,
    recipe: Recipe | str | Path = DEFAULT_RECIPE,
    train_path: str | Path | Sequence[str | Path] | None = None,
    dev_path: str | Path | Sequence[str | Path] | None = None,
    *,
    work_dir: str | Path | None = None,
    n_sents: int = 10,
    ndt_dir: str | Path | None = DEFAULT_NDT_DIR,
    overrides: Mapping[str, Any] | None = None,
    max_seconds: float = 0,
    extra_ner_dirs: Sequence[str | Path] = DEFAULT_EXTRA_NER,
    held_out: Sequence[str | Path] = DEFAULT_HELD_OUT,
    base_model: str | Path | None = None,
    processes: int | None = None,
    use_gpu: int = -1,
) -> Path:
    """Train the pipeline and write the packaged model to ``output_dir``; returns its path.

    ``recipe``: a :class:`Recipe` or a recipe file (default ``training/recipe.yaml``: the
    parse part and three voting NER members).  Parts train in parallel, ``processes`` at a
    time (default: one per CPU core), longest-first in file order.  Seeds are fixed in the
    configs and recipe.
    ``train_path``/``dev_path``: CoNLL-U files, or lists of them that are concatenated
    (default: the recipe's ``data``, else NorNE's with ``name=B-PER`` … in MISC); GUM's
    ``Entity=`` mentions become names (:func:`eventwire.nlp.conllu.gum_names`); docs of
    ``n_sents`` sentences; ``ndt_dir`` recovers document boundaries of the UD dev file.
    ``work_dir``: where the corpora, logs (``train-<part>.log``) and spaCy's
    ``model-best``/``model-last`` go (default: a temporary directory, removed afterwards).
    ``overrides``: spaCy config overrides for every part, e.g. ``{"training.max_steps": 2000}``.
    ``max_seconds``: wall-clock cap per part (0: none).
    ``extra_ner_dirs``: folders of NDT-format files whose tokens and entities are added to the
    training data of NER-only parts (default: NorNE's Nynorsk half, ``ndt/nno``); parts
    with taggers or a parser never see them, as these docs carry no tags, lemmas or parse.
    ``held_out``: CoNLL-U files whose documents are dropped from that extra data (default:
    NorNE's Nynorsk UD dev and test files).
    ``base_model``: a trained model whose components stand in for the recipe's non-voting
    parts, which are then not trained (e.g. the installed model, to retrain only the NER members).
    ``output_dir`` is replaced atomically: the model is written next to it, then renamed.
    """
    if not isinstance(recipe, Recipe):
        recipe = load_recipe(recipe)
    if recipe.data:  # an English recipe: its own data, no Norwegian extras
        ndt_dir, extra_ner_dirs = None, ()
    train_path = train_path or recipe.data.get("train") or DEFAULT_TRAIN
    dev_path = dev_path or recipe.data.get("dev") or DEFAULT_DEV
    if base_model is not None and not recipe.ner_vote:
        raise ValueError("base_model needs a recipe with voting NER parts (ner_vote) to train")
    cleanup = work_dir is None
    work = Path(work_dir) if work_dir is not None else Path(tempfile.mkdtemp(prefix="eventwire-train-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        train_spacy, dev_spacy = work / "train.spacy", work / "dev.spacy"
        convert_corpus(train_path, train_spacy, n_sents=n_sents, ndt_dir=ndt_dir)
        train_ner_spacy = train_spacy
        extra_dirs = [Path(d) for d in extra_ner_dirs if Path(d).is_dir()]
        if extra_dirs:
            train_ner_spacy = work / "train-ner.spacy"
            db = DocBin(store_user_data=False).from_disk(train_spacy)
            for extra in extra_dirs:
                exclude = held_out_documents(held_out, extra)
                for doc in ndt_dir_to_docs(extra, n_sents=n_sents, exclude=exclude):
                    db.add(doc)
            db.to_disk(train_ner_spacy)
        convert_corpus(dev_path, dev_spacy, n_sents=n_sents, ndt_dir=ndt_dir)
        common: dict[str, Any] = {"paths.train": str(train_spacy), "paths.dev": str(dev_spacy)}
        if max_seconds:
            common["training.before_update.max_seconds"] = max_seconds
        jobs = []
        parts = [p for p in recipe.parts if base_model is None or p.name in recipe.ner_vote]
        for part in parts:
            job_overrides = {**common, **part.overrides, **(overrides or {})}
            if _is_ner_only(part.config) and "paths.train" not in (overrides or {}):
                job_overrides["paths.train"] = str(train_ner_spacy)
            jobs.append((str(part.config), str(work / f"output-{part.name}"), job_overrides, use_gpu,
                         str(work / f"train-{part.name}.log")))
        n_proc = min(len(jobs), processes or os.cpu_count() or 1)
        if n_proc > 1:
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(n_proc, maxtasksperchild=1) as pool:
                bests = pool.starmap(_train_one, jobs, chunksize=1)
        else:
            bests = [_train_one(*job[:4], None) for job in jobs]
        trained = dict(zip((p.name for p in parts), bests))
        return package_model(_assemble(recipe, trained, work, base_model), output_dir, recipe.name)
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)


def held_out_documents(conllu_paths: Sequence[str | Path], ndt_dir: str | Path) -> set[str]:
    """The NDT documents (file stems in ``ndt_dir``) that the sentences of ``conllu_paths`` come
    from; files that do not exist are skipped."""
    found: set[str] = set()
    for path in conllu_paths:
        if Path(path).is_file():
            found.update(ndt_document_ids(read_sentences(path), ndt_dir))
    found.discard("unknown")
    return found


def _assemble(recipe: Recipe, bests: Mapping[str, str], work: Path,
              base_model: str | Path | None = None) -> Path:
    """Merge the trained parts (or ``base_model`` and the voting parts) into one pipeline in
    ``work``; returns its path."""
    if base_model is not None:
        merged = Path(base_model)
    else:
        merged_parts = [bests[p.name] for p in recipe.parts if p.name not in recipe.ner_vote]
        if not recipe.ner_vote and len(merged_parts) == 1:
            return Path(merged_parts[0])
        merged = merge_models(merged_parts, work / "merged", recipe.name)
    if not recipe.ner_vote:
        return merged
    from .ensemble import build_ensemble

    return build_ensemble(merged, [bests[name] for name in recipe.ner_vote], work / "ensemble")


def _is_ner_only(config_path: Path) -> bool:
    pipeline = spacy.util.load_config(config_path)["nlp"]["pipeline"]
    return set(pipeline) <= _NER_ONLY_COMPONENTS


def merge_models(model_dirs: Sequence[str | Path], output_dir: str | Path, name: str = "nb_eventwire") -> Path:
    """Merge trained pipelines with disjoint component names into one, in the given order.

    The tokenizer and vocabulary come from the first model; every component of the others is
    added with ``source=`` (so it must not listen to a tok2vec of another model).
    """
    nlp = spacy.load(model_dirs[0])
    performance = dict(nlp.meta.get("performance", {}))
    for path in model_dirs[1:]:
        other = spacy.load(path)
        for name in other.pipe_names:
            nlp.add_pipe(name, source=other)
        performance.update(other.meta.get("performance", {}))
    nlp.meta["performance"] = performance
    nlp.meta["name"] = name
    nlp.to_disk(output_dir)
    return Path(output_dir)


def package_model(model_dir: str | Path, output_dir: str | Path, name: str = "nb_eventwire") -> Path:
    """Copy a trained spaCy model to ``output_dir`` with only what loading needs.

    The copy is made in a sibling temporary directory and then swapped in, so readers never
    see a half-written model.  A ``MODEL_CARD.md`` already in ``output_dir`` is kept.
    """
    src, dst = Path(model_dir), Path(output_dir)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dst.name}-", dir=dst.parent))
    for item in src.iterdir():
        if item.name in _DROP:
            continue
        if item.is_dir():
            shutil.copytree(item, tmp / item.name)
        else:
            shutil.copy2(item, tmp / item.name)
    meta_path = tmp / "meta.json"
    if meta_path.is_file():  # spaCy's per-label scores etc. are not needed to load
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["name"] = name
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    card = dst / "MODEL_CARD.md"
    if card.is_file():
        shutil.copy2(card, tmp / "MODEL_CARD.md")
    os.chmod(tmp, 0o755)
    old = None
    if dst.exists():
        old = dst.with_name(f".{dst.name}-old-{tmp.name[-8:]}")
        dst.rename(old)
    tmp.rename(dst)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return dst
