"""The events stage on our own Norwegian sentences, through the real pipeline and model."""
from __future__ import annotations

import pytest

from eventwire import resources
from eventwire.events import Entry, load_lexicon
from eventwire.records import PLOVER_TYPES


def _events(article, type_=None):
    return [e for e in article.events if type_ is None or e.type == type_]


def _names(article, ids):
    return {article.entity(i).name.split()[-1] for i in ids}


def _countries(article, ids):
    return {article.entity(i).country for i in ids}


# --- the lexicon files ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_lexicon_schema(lang):
    data = resources.load(f"{lang}/events.yaml")
    plover = resources.load("plover.yaml")["types"]
    known = set(Entry.__dataclass_fields__)
    for d in data["entries"]:
        assert set(d) <= known, f"unknown field in {d}"
        assert d["type"] in PLOVER_TYPES, d
        modes = plover[d["type"]]["modes"]
        assert d.get("mode") is None or d["mode"] in modes, d
        assert d.get("pos", "VERB") in ("VERB", "NOUN", "ADJ"), d
        for ctx in d.get("context", []):
            assert ctx in resources.load("plover.yaml")["contexts"], d
    for typ, table in data["modes_by_object"].items():
        assert set(table.values()) <= set(plover[typ]["modes"]), typ


def test_nb_lexicon_covers_all_plover_types():
    lex = load_lexicon("nb")
    covered = {e.type for es in lex.entries.values() for e in es if not e.ignore}
    assert covered == set(PLOVER_TYPES)


def test_plover_table_has_every_type():
    types = resources.load("plover.yaml")["types"]
    assert set(types) == set(PLOVER_TYPES)
    for spec in types.values():
        assert spec["quad_class"] in (1, 2, 3, 4)
        assert -10 <= spec["goldstein"] <= 10
        assert spec["cameo"].startswith(spec["cameo_root"])


def test_no_lexicon_for_unknown_language():
    assert load_lexicon("de") is None


# --- through the pipeline ---------------------------------------------------------------------

def test_request_with_particle(extract):
    a = extract("Statsminister Erna Solberg ba Russland om løslatelse av de to fiskerne.")
    [e] = _events(a, "REQUEST")
    assert "Solberg" in _names(a, e.actor)
    assert _countries(a, e.recipient) == {"RUS"}
    assert e.mode == "yield"
    assert e.modality == "asserted" and not e.negated


def test_accuse_and_sanction(extract):
    a = extract("USA anklaget Iran for å støtte terrorisme. EU innførte nye sanksjoner mot Iran i mars.")
    [acc] = _events(a, "ACCUSE")
    assert _countries(a, acc.actor) == {"USA"} and _countries(a, acc.recipient) == {"IRN"}
    [san] = _events(a, "SANCTION")
    assert _countries(a, san.recipient) == {"IRN"}
    assert san.actor


def test_reciprocal_meeting_with_coordination(extract):
    a = extract("Emmanuel Macron og Olaf Scholz møttes i Berlin tirsdag.")
    [e] = _events(a, "CONSULT")
    assert _countries(a, e.actor) | _countries(a, e.recipient) == {"FRA", "DEU"}
    assert e.location is not None and a.entity(e.location).name == "Berlin"
    assert e.mode == "visit"


def test_negation_flips_concede_to_reject(extract):
    a = extract("Kim Jong-un krevde at sanksjonene ble fjernet, men Donald Trump ville ikke gå med på det.")
    rejects = _events(a, "REJECT")
    assert rejects and "Trump" in _names(a, rejects[0].actor)
    assert not _events(a, "CONCEDE")


def test_refusal_to_meet_is_reject(extract):
    a = extract("Irans president nektet å møte Joe Biden i New York.")
    [e] = _events(a, "REJECT")
    assert _countries(a, e.actor) == {"IRN"}


def test_negated_flag_when_type_is_kept(extract):
    a = extract("Ifølge forsvarsdepartementet har Russland ikke angrepet Ukraina.")
    [e] = _events(a, "ASSAULT")
    assert e.negated is True


def test_modality_intended(extract):
    a = extract("Regjeringen i Japan vurderer å innføre sanksjoner mot Nord-Korea.")
    for e in a.events:
        assert e.modality != "asserted" or e.type != "SANCTION"


def test_passive_agent(extract):
    a = extract("Evan Gershkovich ble arrestert av FSB i Jekaterinburg.")
    [e] = _events(a, "COERCE")
    assert e.mode == "arrest"
    assert "Gershkovich" in _names(a, e.recipient) and "FSB" in _names(a, e.actor)


def test_event_in_quote_is_reported(extract):
    a = extract("– Kina truer Taiwan med militær makt, sa utenriksminister Antony Blinken.")
    [e] = _events(a, "THREATEN")
    assert e.modality == "reported" and e.source_quote is not None


def test_statement_is_not_an_event(extract):
    a = extract("Statsministeren sa at været var fint i Oslo.")
    assert a.events == []


def test_no_event_without_actor(extract):
    a = extract("Sanksjonene mot Iran ble diskutert lenge.")
    assert _events(a, "SANCTION") == []


def test_spans_and_confidence(extract):
    a = extract("Ukraina beskyldte Russland for angrepet på Kyiv. Demonstranter protesterte i Oslo.")
    assert a.check_spans() == []
    for e in a.events:
        assert 0.0 <= e.confidence <= 1.0
        assert e.evidence.start <= e.trigger.start and e.trigger.end <= e.evidence.end


def test_hanoi_required_events(hanoi):
    def has(typ, a_c, r_c, symmetric=False):
        for e in hanoi.events:
            if e.type != typ:
                continue
            act, rec = _countries(hanoi, e.actor), _countries(hanoi, e.recipient)
            if (a_c <= act and r_c <= rec) or (symmetric and a_c <= rec and r_c <= act):
                return e
        return None

    consults = [e for e in hanoi.events if e.type == "CONSULT"]
    assert {e.date for e in consults} >= {"2019-02", "2018"}
    assert has("REQUEST", {"PRK"}, {"USA"}) is not None
    assert has("REJECT", {"USA"}, {"PRK"}) is not None
    assert has("ACCUSE", {"KOR"}, {"USA", "PRK"}) is not None
    assert has("CONSULT", {"USA"}, {"PRK"}, symmetric=True) is not None
    assert len(hanoi.events) <= 12
