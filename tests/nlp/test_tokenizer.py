"""Tokenization of Norwegian news text: spaCy's nb rules plus eventwire's additions."""
import pytest
import spacy

from eventwire.nlp.components import customize_tokenizer


@pytest.fixture(scope="module")
def nlp():
    return customize_tokenizer(spacy.blank("nb"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hun nevnte bl.a. skatt.", ["Hun", "nevnte", "bl.a.", "skatt", "."]),
        ("Bl.a. dette.", ["Bl.a.", "dette", "."]),
        ("Det gjelder f.eks. moms.", ["Det", "gjelder", "f.eks.", "moms", "."]),
        ("Møtet starter kl. 20.25 i kveld.", ["Møtet", "starter", "kl.", "20.25", "i", "kveld", "."]),
        ("Vi kom kl. 14.00.", ["Vi", "kom", "kl.", "14.00", "."]),
        ("– Vi er klare, sier hun.", ["–", "Vi", "er", "klare", ",", "sier", "hun", "."]),
        ("«Aldri igjen», sa han.", ["«", "Aldri", "igjen", "»", ",", "sa", "han", "."]),
        ("Budsjettet er på 1,7 millioner kroner.",
         ["Budsjettet", "er", "på", "1,7", "millioner", "kroner", "."]),
        ("Nord-Korea-analytikeren var skeptisk.",
         ["Nord-Korea-analytikeren", "var", "skeptisk", "."]),
        ("Dvs. at alt er klart.", ["Dvs.", "at", "alt", "er", "klart", "."]),
        ("Det skjedde 17. mai.", ["Det", "skjedde", "17.", "mai", "."]),
    ],
)
def test_news_tokenization(nlp, text, expected):
    assert [t.text for t in nlp(text)] == expected
