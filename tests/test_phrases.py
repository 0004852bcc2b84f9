"""The noun phrase of an unnamed person or group, on the shipped model's parses."""
from __future__ import annotations

from eventwire.phrases import describing_phrase, has_case


def _noun(doc, word: str):
    return next(t for t in doc if t.text == word)


def test_the_phrase_holds_its_describing_words_and_where_someone_is_from(nlp):
    doc = nlp("En ung mann fra Serbia ble pågrepet i Ålesund torsdag.")
    man = _noun(doc, "mann")
    assert describing_phrase(man, ("fra",)).text == "En ung mann fra Serbia"
    assert describing_phrase(man, ()).text == "En ung mann"


def test_a_whole_phrase_takes_every_phrase_after_the_noun(nlp):
    doc = nlp("En talsmann for departementet avviste kravet.")
    spokesman = _noun(doc, "talsmann")
    assert describing_phrase(spokesman, ()).text == "En talsmann"
    assert describing_phrase(spokesman, (), whole=True).text == "En talsmann for departementet"
    assert has_case(_noun(doc, "departementet"), ("for",)) and not has_case(_noun(doc, "departementet"), ("fra",))
