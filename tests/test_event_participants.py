"""Unnamed participants (eventwire.events.participants) on our own sentences, through the real
pipeline and model."""
from __future__ import annotations

from eventwire import resources


def _unnamed(article):
    return [e for e in article.entities if e.unnamed]


def _parties(article, ids):
    return [article.entity(i) for i in ids]


def test_indefinite_groups_are_participants_with_the_country_of_the_place(extract):
    a = extract("Soldater arresterte over 200 studenter i Tbilisi i går.")
    [e] = [e for e in a.events if e.type == "COERCE"]
    [actor], [recipient] = _parties(a, e.actor), _parties(a, e.recipient)
    assert actor.unnamed and actor.sector == "MIL" and actor.country == "GEO"
    assert recipient.unnamed and recipient.name == "over 200 studenter" and recipient.country == "GEO"
    assert recipient.sector == "EDU"
    assert a.check_spans() == []


def test_an_unnamed_participant_takes_the_focus_country(extract):
    a = extract("Chiles president Gabriel Boric lovet reformer i Santiago. "
                "Flere lærere krevde høyere lønn av regjeringen.")
    [e] = [e for e in a.events if e.type == "REQUEST"]
    [actor] = _parties(a, e.actor)
    assert actor.unnamed and actor.name == "Flere lærere" and actor.country == "CHL"


def test_definite_descriptions_are_left_to_coreference(extract):
    a = extract("Journalistene Euna Lee og Laura Ling ble pågrepet. Myndighetene dømte journalistene til tolv år.")
    assert not any("journalistene" in e.name.lower() for e in _unnamed(a))


def test_abstract_nouns_are_no_participants(extract):
    a = extract("Ansvaret krever at Høyre og Venstre møtes.")
    assert _unnamed(a) == []


def test_unused_participants_are_pruned(extract):
    a = extract("Tre menn gikk en tur i parken.")
    assert _unnamed(a) == []


def test_people_file_schema():
    data = resources.load("nb/people.yaml")
    assert data["version"] >= 1 and data["people"]
    for lemma, sector in data["people"].items():
        assert lemma == lemma.lower() and " " not in lemma
        assert sector is None or (len(sector) == 3 and sector.isupper())


def test_a_definite_noun_refers_back_to_the_participant_it_repeats(extract):
    a = extract("En tenåring ble pågrepet i Bergen. Senere ble tenåringen dømt til fengsel.")
    [arrest] = [e for e in a.events if e.type == "COERCE"]
    [sentence] = [e for e in a.events if e.type == "SANCTION"]
    assert arrest.recipient == sentence.recipient
    [group] = _parties(a, arrest.recipient)
    assert group.unnamed and group.name == "En tenåring" and group.country == "NOR"
    assert {a.text[m.start:m.end] for m in group.mentions} >= {"tenåringen"}
