"""The NER's lexicon features: the shipped word lists and the embedding layer built on them."""
import numpy
import spacy
from thinc.api import Model

import eventwire.nlp  # noqa: F401  (registers the architecture)
from eventwire.nlp.features import GENITIVE, LEXICON_COLUMNS, lexicon_features, lexicon_hash_embed, load_lexicon


def _codes(text: str) -> list[tuple[int, int, int, int]]:
    doc = spacy.blank("nb")(text)
    return [tuple(row) for row in load_lexicon("ner_lexicon.tsv.gz").doc_codes(doc).tolist()]


def test_names_places_and_frequent_words_get_codes():
    kari, hansen, reiste, til, bergen = _codes("Kari Hansen reiste til Bergen")
    first, last, place, zipf = range(4)
    assert kari[first] > 4  # a common first name in Norway: Nordic flag (+4)
    assert hansen[last] > 4
    assert bergen[place] == 2  # a Norwegian place
    assert reiste[first] == reiste[last] == reiste[place] == 0
    assert til[zipf] >= 5 and reiste[zipf] >= 3  # frequent Norwegian words


def test_genitive_s_finds_the_name():
    (norge,), (norges,) = _codes("Norge"), _codes("Norges")
    assert norge[2] == 1  # a country
    assert norges[2] == 1 + GENITIVE


def test_unknown_words_get_zero():
    assert _codes("Qwxzyk")[0] == (0, 0, 0, 0)


def test_feature_columns_follow_the_attributes():
    nlp = spacy.blank("nb")
    docs = [nlp("Kari bor i Bergen ."), nlp("")]
    features = lexicon_features(["NORM", "SHAPE"], "ner_lexicon.tsv.gz")
    arrays, _ = features(docs, is_train=False)
    assert arrays[0].shape == (5, 2 + len(LEXICON_COLUMNS)) and arrays[0].dtype == numpy.uint64
    assert arrays[1].shape == (0, 2 + len(LEXICON_COLUMNS))
    assert int(arrays[0][0, 0]) == docs[0][0].norm


def test_embedding_gives_one_vector_per_token():
    nlp = spacy.blank("nb")
    embed: Model = lexicon_hash_embed(width=16, attrs=["NORM", "PREFIX"], rows=[100, 50], lexicon_rows=8)
    docs = [nlp("Per Olsen kom hjem ."), nlp("Hei")]
    embed.initialize(X=docs)
    vectors = embed.predict(docs)
    assert [v.shape for v in vectors] == [(5, 16), (1, 16)]
    assert not numpy.allclose(vectors[0][0], vectors[0][2])


def test_rows_must_match_attrs():
    import pytest

    with pytest.raises(ValueError, match="one per attribute"):
        lexicon_hash_embed(width=16, attrs=["NORM", "PREFIX"], rows=[100], lexicon_rows=8)
