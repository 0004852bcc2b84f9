"""Lexicon features for the NER's token embedding.

A hash embedding like spaCy's ``MultiHashEmbed`` (NORM, PREFIX, SUFFIX, SHAPE), plus four
columns looked up in ``data/ner_lexicon.tsv.gz`` (built by ``scripts/build_ner_lexicon.py``):
how common the word is as a first name and as a surname, whether it names a place, and how
common its lower-cased form is in Norwegian text. A name the training data never showed
("Swanström", "Kari") then still looks like a name to the model.

Registered as the architecture ``eventwire.LexiconHashEmbed.v1``; importing
:mod:`eventwire.nlp` registers it, so a saved model that uses it loads.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

DATA_DIR = Path(__file__).resolve().parent / "data"
#: the lexicon columns, in the order they follow the token attributes
LEXICON_COLUMNS = ("first", "last", "place", "zipf")
#: added to a name/place code when it was found by dropping a genitive -s ("Norges" → "Norge")
GENITIVE = 8
#: set in a first-name or surname code when the name ranks in a Nordic country (NO, SE, DK, FI, IS)
NORDIC = 4


class Lexicon(NamedTuple):
    names: dict[str, tuple[int, int, int]]  # form → (first, last, place)
    zipf: dict[str, int]  # lower-cased form → Zipf bucket
    seen: dict[int, tuple[int, int, int, int]]  # orth id → codes, filled as docs come

    def doc_codes(self, doc: Doc) -> numpy.ndarray:
        """The codes of every token of ``doc``: an array of shape (len(doc), 4)."""
        seen, strings = self.seen, doc.vocab.strings
        if len(seen) > 500_000:
            seen.clear()
        rows = []
        for orth in doc.to_array("ORTH").tolist():
            found = seen.get(orth)
            if found is None:
                found = seen[orth] = self.codes_of(strings[orth])
            rows.append(found)
        return numpy.array(rows, dtype="uint64").reshape(len(doc), len(LEXICON_COLUMNS))

    def codes_of(self, text: str) -> tuple[int, int, int, int]:
        """The four lexicon codes of a word."""
        found = self.names.get(text)
        if found is None and len(text) > 2 and text.endswith("s"):
            base = self.names.get(text[:-1])
            if base is not None:
                found = tuple(c + GENITIVE if c else 0 for c in base)
        first, last, place = found or (0, 0, 0)
        return first, last, place, self.zipf.get(text.lower(), 0)

    def nordic_name(self, first: str, last: str) -> bool:
        """Is ``first`` a first name that ranks in a Nordic country ("Kari", "Lars"), and
        ``last`` a surname that ranks there or nowhere ("Hansen", "Faremo"; not "Joly")?"""
        surname = self.codes_of(last)[1]
        return bool(self.codes_of(first)[0] & NORDIC) and (surname == 0 or bool(surname & NORDIC))


@lru_cache(maxsize=2)
def load_lexicon(name: str = "ner_lexicon.tsv.gz") -> Lexicon:
    """The lexicon file ``name`` from the package's ``nlp/data`` folder: read once per
    process, and kept parsed in the user's cache folder for the next run
    (:func:`eventwire.resources.cached`)."""
    from .. import resources

    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"NER lexicon {path} is missing; rebuild it with "
                                "scripts/build_ner_lexicon.py or reinstall eventwire")
    names, zipf = resources.cached(f"ner-{name.split('.')[0]}", [path, Path(__file__)], lambda: _parse(path))
    return Lexicon(names, zipf, {})


def _parse(path: Path) -> tuple[dict[str, tuple[int, int, int]], dict[str, int]]:
    names: dict[str, tuple[int, int, int]] = {}
    zipf: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = next(line for line in f if not line.startswith("#")).rstrip("\n").split("\t")
        if tuple(header[1:]) != LEXICON_COLUMNS:
            raise ValueError(f"NER lexicon {path} has columns {header}, expected form + {LEXICON_COLUMNS}")
        rows = [line.split("\t") for line in f.read().splitlines()]
    ints = {str(i): i for i in range(64)}  # the codes are small; a dict lookup beats int()
    for form, first, last, place, z in rows:
        if first != "0" or last != "0" or place != "0":
            names[form] = (ints[first], ints[last], ints[place])
        if z != "0":
            zipf[form] = ints[z]
    return names, zipf


def lexicon_features(attrs: list[str], lexicon: str) -> Model[list[Doc], list]:
    """Docs → one uint64 array per doc: the token attributes, then the lexicon codes."""
    attr_ids = [spacy.attrs.IDS[a.upper()] for a in attrs]

    def forward(model: Model, docs: list[Doc], is_train: bool):
        table = load_lexicon(lexicon)
        out = []
        for doc in docs:
            base = doc.to_array(attr_ids).astype("uint64").reshape(len(doc), len(attr_ids))
            extra = table.doc_codes(doc)
            out.append(model.ops.asarray2i(numpy.hstack([base, extra]), dtype="uint64"))
        return out, lambda d_features: []

    return Model("eventwire_lexicon_features", forward, attrs={"lexicon": lexicon})


@registry.architectures("eventwire.LexiconHashEmbed.v1")
def lexicon_hash_embed(width: int, attrs: list[str], rows: list[int], lexicon_rows: int,
                       lexicon: str = "ner_lexicon.tsv.gz",
                       lexicon_width: int | None = None,
                       columns: list[str] | None = None) -> Model[list[Doc], list]:
    """spaCy's hash embedding of ``attrs`` plus one small table per lexicon column (vectors of
    ``lexicon_width``, default ``width``), mixed by a maxout layer to ``width``.  ``columns``:
    the lexicon columns to use (default all of :data:`LEXICON_COLUMNS`; fewer for ablations).

    The lexicon is read here, when the model is built or loaded, not at the first doc."""
    if len(rows) != len(attrs):
        raise ValueError(f"rows has {len(rows)} entries but attrs has {len(attrs)}; give one per attribute")
    unknown = set(columns or ()) - set(LEXICON_COLUMNS)
    if unknown:
        raise ValueError(f"unknown lexicon columns {sorted(unknown)}; choose from {LEXICON_COLUMNS}")
    load_lexicon(lexicon)
    lex_width = lexicon_width or width
    used = [i for i, c in enumerate(LEXICON_COLUMNS) if columns is None or c in columns]
    tables = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)]
    tables += [HashEmbed(lex_width, lexicon_rows, column=len(rows) + i, seed=8 + len(rows) + i, dropout=0.0)
               for i in used]
    mix = Maxout(width, width * len(rows) + lex_width * len(used), nP=3, dropout=0.0, normalize=True)
    return chain(lexicon_features(attrs, lexicon), list2ragged(),
                 with_array(concatenate(*tables)), with_array(mix), ragged2list())
