"""The events stage on our own Norwegian sentences, through the real pipeline and model."""
from __future__ import annotations

import pytest

from eventwire import resources
from eventwire.events import Entry, load_lexicon
from eventwire.records import PLOVER_TYPES


@pytest.fixture
def extract(extract_every_event):
    """These tests check how events are built; whether one is likely enough to keep is the
    confidence model's (tests/test_event_confidence.py)."""
    return extract_every_event


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
        assert isinstance(d["lemma"], str), f"lemma {d['lemma']!r} is not a word (quote it in the YAML)"
        assert d["type"] in PLOVER_TYPES, d
        modes = plover[d["type"]]["modes"]
        assert d.get("mode") is None or d["mode"] in modes, d
        assert d.get("pos", "VERB") in ("VERB", "NOUN", "ADJ"), d
        for ctx in d.get("context", []):
            assert ctx in resources.load("plover.yaml")["contexts"], d
    for typ, table in data["modes_by_object"].items():
        assert set(table.values()) <= set(plover[typ]["modes"]), typ
    for name in ("forms", "compound_forms"):  # YAML reads a bare `true` as a boolean, not the verb
        bad = {k: v for k, v in (data.get(name) or {}).items() if not (isinstance(k, str) and isinstance(v, str))}
        assert not bad, f"{name}: entries that are not word -> word: {bad}"


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


# --- precision rules: what is no event, and arguments found beyond the clause ------------------

def test_demanded_agreement_is_content_not_event(extract):
    a = extract("Carl I. Hagen krevde at Høyre inngår en avtale med Frp.")
    [req] = _events(a, "REQUEST")
    assert "Hagen" in _names(a, req.actor) and "Høyre" in _names(a, req.recipient)
    assert _events(a, "AGREE") == []


def test_failure_to_agree_is_no_event(extract):
    a = extract("USA og Kina ble ikke enige om en ny handelsavtale i Genève.")
    assert _events(a, "AGREE") == []


def test_hypothetical_attack_is_no_event(extract):
    a = extract("Russland kan angripe Ukraina i vinter, mener analytikere.")
    assert _events(a, "ASSAULT") == []


def test_deed_of_the_convicted_has_them_as_actor(extract):
    a = extract("Anders Hansen ble dømt for drapstrusler mot Jonas Gahr Støre.")
    [e] = _events(a, "THREATEN")
    assert "Hansen" in _names(a, e.actor) and "Støre" in _names(a, e.recipient)


def test_people_of_a_named_country_stand_for_it(extract):
    a = extract("USA ba Kina om hjelp. Kina tillot amerikanerne å forlate landet.")
    [e] = _events(a, "CONCEDE")
    assert e.mode == "allow"
    assert _countries(a, e.actor) == {"CHN"} and _countries(a, e.recipient) == {"USA"}


def test_attack_on_a_party_is_verbal(extract):
    a = extract("Frp kom med et kraftig angrep på Høyre i valgkampen.")
    assert _events(a, "ASSAULT") == []
    [e] = _events(a, "ACCUSE")
    assert "Høyre" in _names(a, e.recipient) and e.location is None


def test_recipient_named_in_apposition(extract):
    a = extract("Nord-Korea kom med et personangrep på hans kone, utenriksminister Hillary Clinton.")
    [e] = _events(a, "ACCUSE")
    assert _countries(a, e.actor) == {"PRK"} and "Clinton" in _names(a, e.recipient)


def test_particle_must_belong_to_the_verb(extract):
    a = extract("Statsminister Kjell Magne Bondevik gikk av i går.")
    [e] = _events(a, "RETREAT")
    assert e.mode == "resign" and "Bondevik" in _names(a, e.actor)
    b = extract("Regjeringen skal gå gjennom organiseringen av det statlige eierskapet.")
    assert _events(b, "RETREAT") == []


# --- hand-built parses: the argument rules, independent of the trained model -------------------

def _parsed(words, heads, deps, pos, lemmas, morphs=None, sent_starts=None):
    """A Doc with the given parse (heads as absolute indices) and its Article."""
    import spacy
    from spacy.tokens import Doc

    from eventwire.records import Article

    doc = Doc(spacy.blank("nb").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              morphs=morphs or [""] * len(words), sent_starts=sent_starts)
    return doc, Article(id="t", language="nb", text=doc.text)


def _name(article, doc, eid, i, j, type_, **kw):
    """Add an entity whose mention is tokens i..j-1."""
    from eventwire.records import Entity, Span

    span = Span.of(doc.text, doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text))
    e = next((x for x in article.entities if x.id == eid), None)
    if e is None:
        e = Entity(id=eid, name=span.text, type=type_, **kw)
        article.entities.append(e)
    e.mentions.append(span)


def test_visit_told_on_is_one_visit_hosted_by_the_country():
    from eventwire.events import extract_events

    words = ["Guterres", "gjestet", "Norge", ".", "Han", "besøkte", "kongeparet", "på", "Slottet", "."]
    heads = [1, 1, 1, 1, 5, 5, 5, 8, 5, 5]
    deps = ["nsubj", "ROOT", "obj", "punct", "nsubj", "ROOT", "obj", "case", "obl", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "PUNCT", "PRON", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"]
    lemmas = ["Guterres", "gjeste", "Norge", ".", "han", "besøke", "kongepar", "på", "Slottet", "."]
    morphs = ["", "VerbForm=Fin", "", "", "", "VerbForm=Fin", "", "", "", ""]
    doc, a = _parsed(words, heads, deps, pos, lemmas, morphs, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    _name(a, doc, "e1", 0, 1, "PER", country="PRT")
    _name(a, doc, "e1", 4, 5, "PER", country="PRT")
    _name(a, doc, "e2", 2, 3, "GPE", country="NOR")
    _name(a, doc, "e3", 8, 9, "LOC")
    [e] = extract_events(a, doc)
    assert (e.type, e.mode, e.actor, e.recipient) == ("CONSULT", "visit", ["e1"], ["e2"])


def test_receiving_a_visitor_is_a_visit_by_the_guest(extract):
    a = extract("Statsminister Erna Solberg tok onsdag imot Danmarks statsminister Mette Frederiksen i Bergen.")
    [e] = _events(a, "CONSULT")
    assert e.mode == "visit"
    assert "Frederiksen" in _names(a, e.actor) and "Solberg" in _names(a, e.recipient)
    b = extract("Statsminister Erna Solberg tok imot en pris i Bergen.")
    assert _events(b, "CONSULT") == []


def test_the_two_leaders_meet_again_refers_back_to_the_meeting(extract):
    text = ("Statsminister Erna Solberg tok imot Finlands statsminister Sanna Marin i Tromsø tirsdag. "
            "Marin sa at samtalene var nyttige. De to lederne møttes sist i Helsingfors i fjor.")
    a = extract(text)
    meetings = [e for e in _events(a, "CONSULT") if e.date == "2023"]
    [e] = meetings
    assert _names(a, e.actor) | _names(a, e.recipient) == {"Solberg", "Marin"}
    assert e.confidence < 0.9
    b = extract("Erna Solberg og Sanna Marin talte i Tromsø. De to landene møttes i fjor.")
    assert [e for e in _events(b, "CONSULT") if e.date == "2023"] == []


def test_the_two_may_point_a_few_sentences_back(extract):
    a = extract("Kari Holm og Per Dahl la fram hver sin plan på Stortinget mandag. Forslagene er svært "
                "ulike. Dahl kalte Holms plan urealistisk. Da de to møttes i NRK om kvelden, var tonen roligere.")
    meetings = _events(a, "CONSULT")
    assert len(meetings) == 1
    e = meetings[0]
    assert _names(a, e.actor) | _names(a, e.recipient) == {"Holm", "Dahl"}


def test_headline_event_repeated_in_the_body_is_one_event(extract):
    title = "Utdanningsforbundet krever høyere lønn"
    text = f"{title}\n\nUtdanningsforbundet krever høyere lønn for lærerne. Forbundet truer med streik."
    a = extract(text, title=title)
    [e] = _events(a, "REQUEST")
    assert e.trigger.start > len(title)
    assert "Utdanningsforbundet" in _names(a, e.actor)


def test_answer_to_a_named_proposal_goes_to_its_proposer(extract):
    lead = "Norsk Sykepleierforbund krever bedre turnusordninger. Landbruksministeren viste til budsjettet."
    for answer, typ in (("NHO avviste kravet.", "REJECT"), ("Kravet ble avvist av NHO torsdag.", "REJECT"),
                        ("NHO godtok ikke kravet.", "REJECT"), ("NHO gikk med på kravet.", "CONCEDE")):
        a = extract(f"{lead} {answer}")
        [e] = _events(a, typ)
        assert _names(a, e.actor) == {"NHO"}, answer
        assert _names(a, e.recipient) == {"Sykepleierforbund"}, answer
        assert e.confidence < 0.9
    for answer in ("NHO avviste et krav om nye avgifter.", "NHO avviste forbudet."):
        assert _events(extract(f"{lead} {answer}"), "REJECT") == [], answer  # no proposal named


@pytest.mark.parametrize("text,etype,actor", [
    ("Norge støtter Ukraina med nye våpen, sa statsministeren onsdag. Regjeringen i Norge "
     "støttet tirsdag Ukrainas søknad om medlemskap i EU.", "SUPPORT", "Norge"),
    ("Røde Kors sendte nødhjelp til Sudan i helgen.", "AID", "Kors"),
    ("Flere hundre bønder demonstrerte mot regjeringen utenfor Stortinget mandag.", "PROTEST", None),
    ("Russland mobiliserte tusenvis av soldater ved grensen til Finland i helgen.", "MOBILIZE", "Russland"),
])
def test_more_types_from_their_triggers(extract, text, etype, actor):
    a = extract(text)
    found = _events(a, etype)
    assert found, [(e.type, e.trigger.text) for e in a.events]
    if actor is not None:
        assert any(actor in _names(a, e.actor) for e in found)


def test_agentless_arrest_gets_the_police_of_the_place_as_implicit_actor(extract):
    a = extract("Den egyptiske bloggeren Alaa Abd el-Fattah ble arrestert i Kairo lørdag.")
    [e] = _events(a, "COERCE")
    [actor] = [a.entity(i) for i in e.actor]
    assert actor.implicit and actor.mentions == [] and actor.country == "EGY" and actor.sector == "COP"
    assert e.confidence < 0.9
    assert not a.check_spans()


def test_a_named_agent_is_never_replaced_by_an_implicit_one(extract):
    a = extract("Evan Gershkovich ble arrestert av FSB i Jekaterinburg.")
    assert not any(e.implicit for e in a.entities)


def test_a_place_in_a_locative_phrase_is_not_the_actor(extract):
    a = extract("Kvinnen ble drept av samboeren sin i Oslo natt til søndag.")
    assert all(a.entity(i).name != "Oslo" for e in a.events for i in e.actor)


def test_mene_reports_speech_and_keeps_the_events_under_it(extract):
    a = extract("Statsminister Erna Solberg mener at Russland angrep Ukraina.")
    assert _events(a, "ASSAULT")


@pytest.mark.parametrize("text", [
    "Den russiske journalisten Ivan Petrov er arrestert i Moskva.",
    "Den russiske journalisten Ivan Petrov er pågrepet av politiet i Moskva.",
])
def test_a_participle_under_vaere_is_a_stative_passive(extract, text):
    """"X er arrestert": X is the one arrested, not the one arresting."""
    a = extract(text)
    [e] = _events(a, "COERCE")
    assert "Petrov" in _names(a, e.recipient) and "Petrov" not in _names(a, e.actor)


def test_a_participle_with_a_particle_under_vaere_keeps_its_subject(nlp):
    from eventwire.events.syntax import passive

    doc = nlp("Statsministeren er gått av.")
    verb = next(t for t in doc if t.lower_ == "gått")
    assert not passive(verb, ["være"])
    doc = nlp("Statsministeren er arrestert.")
    assert passive(next(t for t in doc if t.lower_ == "arrestert"), ["være"])


def test_coordinated_passives_share_their_subject(extract):
    a = extract("To russiske journalister ble arrestert i Minsk og siktet for spionasje.")
    accuse = _events(a, "ACCUSE")
    assert accuse and all(_countries(a, e.recipient) == {"RUS"} for e in accuse)


def test_a_phrase_opened_by_ikke_that_negates_nothing(extract):
    a = extract("Politiet i Oslo pågrep ikke bare ranerne, men også sjåføren deres.")
    [e] = _events(a, "COERCE")
    assert not e.negated


def test_a_support_verb_belongs_to_the_trigger(extract):
    a = extract("Oslo tingrett avsa dom mot den tidligere ministeren fredag.")
    [e] = _events(a, "SANCTION")
    assert e.trigger.text == "avsa dom" and _countries(a, e.actor) == {"NOR"}


def test_partners_who_promise_something_are_no_recipients_of_each_other(extract):
    # a joint act ("Høyre og Frp undertegnet avtalen") pairs its subjects; a promise to do
    # something is made together, to someone else
    a = extract("Sverige og Danmark har lovet å sende flere fly.")
    assert all(not _countries(a, e.recipient) & {"SWE", "DNK"} for e in _events(a, "AGREE"))


def test_the_place_of_an_event_is_not_its_actor(extract):
    a = extract("Flere bønder ble arrestert i Lima fredag.")
    [e] = _events(a, "COERCE")
    lima = next(x for x in a.entities if x.name == "Lima")
    assert lima.id not in e.actor and lima.id not in e.recipient
    [farmers] = [a.entity(i) for i in e.recipient]
    assert farmers.unnamed and farmers.country == "PER"


def test_an_event_whose_clause_names_no_time_takes_the_time_around_it(extract):
    a = extract("I 1999 var Kari Holm ordfører i Bergen. Hun kritiserte regjeringen kraftig for kuttene.\n\n"
                "Per Dahl kritiserte Holm i et intervju.")
    # the story stays in 1999 until the paragraph ends; the next paragraph names no time
    assert [e.date for e in _events(a, "ACCUSE")] == ["1999", "2024-03-14"]
    b = extract("Kari Holm kritiserte regjeringen kraftig, sa hun til NRK tirsdag.")
    assert [e.date for e in _events(b, "ACCUSE")] == ["2024-03-12"]  # the sentence's own time
