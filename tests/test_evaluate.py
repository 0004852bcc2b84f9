"""The scorer on hand-built records and gold dicts: exact counts and known P/R/F."""
from __future__ import annotations

import json

import pytest

from eventwire.errors import GoldError
from eventwire.evaluate import (EvalReport, FieldScore, check_floors, evaluate, explain_lines, gold_article, greedy_match,
                                jaccard, load_floors, norm, report_table, score_document, text_match,
                                write_floors)
from eventwire.gold import find_gold, gold_from_dict, load_gold
from eventwire.pipeline import Pipeline, PipelineConfig
from eventwire.records import Article, Entity, Event, Geo, Quote, Span, Time

TEXT = ("Statsminister Ola Nordmann møtte Sveriges statsminister i Oslo onsdag. "
        "– Vi er enige om det meste, sa Nordmann. Regjeringen i Sverige sier at samarbeidet går godt.")


def span(text: str, start: int = 0) -> Span:
    """A span for ``text`` (offsets only matter for records, not for scoring)."""
    return Span(start=start, end=start + len(text), text=text)


def entity(eid: str, name: str, type_: str, *mentions: str, country: str | None = None,
           geo: tuple[float, float] | None = None) -> Entity:
    return Entity(id=eid, name=name, type=type_, country=country,
                  mentions=[span(m) for m in mentions or (name,)],
                  geo=Geo(lat=geo[0], lon=geo[1]) if geo else None)


def quote(qid: str, text: str, kind: str = "direct", speaker: str | None = None) -> Quote:
    return Quote(id=qid, kind=kind, text=text, span=span(text), speaker=speaker)


def event(vid: str, type_: str, actor: list[str], recipient: list[str], date: str | None = None,
          evidence: str = "møtte") -> Event:
    return Event(id=vid, type=type_, actor=actor, recipient=recipient, date=date,
                 trigger=span("møtte"), evidence=span(evidence), confidence=0.9)


def article(**fields) -> Article:
    return Article(id="t", text=TEXT, **fields)


def gold(**fields):
    return gold_from_dict(fields, TEXT, path="test.expected.json")


# --------------------------------------------------------------------------- helpers

def test_norm_ignores_case_and_diacritics():
    assert norm("Niklas Swanström") == norm("niklas swanstrom") == "niklas swanstrom"
    assert norm("Kim Jong‐un") == norm("kim jong-un")


def test_jaccard_is_token_overlap_over_union():
    assert jaccard("Vi er enige", "vi er enige.") == 1.0
    assert jaccard("a b c d", "a b c e") == pytest.approx(3 / 5)
    assert jaccard("", "a") == 0.0


def test_text_match_takes_whole_word_containment_only():
    assert text_match("onsdag", "på onsdag")
    assert text_match("for et år siden", "et år siden")
    assert not text_match("onsdag", "onsdagen")
    assert not text_match("i fjor", "i år")


def test_greedy_match_is_one_to_one_best_first():
    pairs = greedy_match(["a", "b"], ["x", "y"], lambda g, p: {("a", "x"): 3, ("a", "y"): 1, ("b", "x"): 2}.get((g, p)))
    assert pairs == [(0, 0)]  # b can only pair with x, which a took first


# --------------------------------------------------------------------------- entities

GOLD_ENTITIES = [
    {"name": "Ola Nordmann", "type": "PER", "country": "NOR", "aliases": ["Nordmann", "statsministeren"]},
    {"name": "Sverige", "type": "GPE", "country": "SWE"},
    {"name": "Kari Strøm", "type": "PER", "country": "SWE"},
    {"name": "Oslo", "type": "GPE", "country": "NOR", "geo": {"lat": 59.91, "lon": 10.75}},
    {"name": "Nordisk råd", "type": "ORG", "country": None, "required": False},
]


def test_entities_match_by_name_or_alias_and_type():
    pred = article(entities=[
        entity("e1", "Nordmann", "PER", "Nordmann", "han", country="NOR"),   # alias as name
        entity("e2", "Sverige", "LOC", country="SWE"),                        # wrong type: fp and fn
        entity("e3", "Kari Strom", "PER", country=None),                      # diacritics ignored
        entity("e4", "Oslo", "GPE", country="NOR", geo=(59.95, 10.70)),
        entity("e5", "Bergen", "GPE"),                                        # not in gold: fp
        entity("e6", "Nordisk råd", "ORG"),                                   # optional: a hit
    ])
    s = score_document(gold(entities=GOLD_ENTITIES), pred)
    e = s["entities"]
    assert (e.tp, e.fp, e.fn) == (4, 2, 1)
    assert e.precision == pytest.approx(4 / 6) and e.recall == pytest.approx(4 / 5)
    assert e.f1 == pytest.approx(2 * (4 / 6) * (4 / 5) / (4 / 6 + 4 / 5))
    assert e.misses == ["Sverige (GPE)"]
    assert sorted(e.false_hits) == ["Bergen (GPE)", "Sverige (LOC)"]
    untyped = s["entities_untyped"]
    assert (untyped.tp, untyped.fp, untyped.fn) == (5, 1, 0)


def test_entity_country_counts_null_right_but_not_as_a_hit():
    pred = article(entities=[
        entity("e1", "Ola Nordmann", "PER", country="NOR"),   # right
        entity("e3", "Kari Strøm", "PER", country="NOR"),     # wrong: fp + fn
        entity("e4", "Oslo", "GPE", country=None),            # missing: fn
        entity("e6", "Nordisk råd", "ORG", country=None),     # null = null: correct, uncounted
    ])
    c = score_document(gold(entities=GOLD_ENTITIES), pred)["entity_country"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)
    assert c.accuracy == pytest.approx(2 / 4)


def test_places_need_coordinates_within_50_km():
    near = article(entities=[entity("e4", "Oslo", "GPE", geo=(59.95, 10.70))])
    far = article(entities=[entity("e4", "Oslo", "GPE", geo=(60.39, 5.32))])   # Bergen's point
    none = article(entities=[entity("e4", "Oslo", "GPE")])
    g = gold(entities=GOLD_ENTITIES)
    assert (lambda s: (s.tp, s.fp, s.fn))(score_document(g, near)["places"]) == (1, 0, 0)
    assert (lambda s: (s.tp, s.fp, s.fn))(score_document(g, far)["places"]) == (0, 1, 1)
    assert (lambda s: (s.tp, s.fp, s.fn))(score_document(g, none)["places"]) == (0, 0, 1)


def test_one_predicted_entity_cannot_match_two_gold_entities():
    g = gold(entities=[{"name": "Ola Nordmann", "type": "PER", "aliases": ["han"]},
                       {"name": "Per Hansen", "type": "PER", "aliases": ["han"]}])
    pred = article(entities=[entity("e1", "Ola Nordmann", "PER", "Ola Nordmann", "han")])
    e = score_document(g, pred)["entities"]
    assert (e.tp, e.fp, e.fn) == (1, 0, 1)
    assert e.misses == ["Per Hansen (PER)"]


# --------------------------------------------------------------------------- quotes

GOLD_QUOTES = [
    {"kind": "direct", "speaker": "Ola Nordmann", "text": "Vi er enige om det meste"},
    {"kind": "indirect", "speaker": "Sveriges regjering", "text": "samarbeidet går godt"},
    {"kind": "indirect", "speaker": "Ola Nordmann", "text": "han vil møte svenskene igjen", "required": False},
]


def test_quotes_match_by_token_jaccard_and_count_kinds_apart():
    pred = article(quotes=[
        quote("q1", "– Vi er enige om det meste,", "direct"),          # 1.0
        quote("q2", "at samarbeidet går godt i år", "indirect"),       # 3/6 = 0.5 < 0.6: fp, and a miss
        quote("q3", "Sveriges statsminister i Oslo", "direct"),        # not a quote: fp
    ])
    s = score_document(gold(quotes=GOLD_QUOTES, not_quotes=["Sveriges statsminister i Oslo"]), pred)
    q = s["quotes"]
    assert (q.tp, q.fp, q.fn) == (1, 2, 1)
    assert q.precision == pytest.approx(1 / 3) and q.recall == pytest.approx(1 / 2)
    assert any("listed in not_quotes" in f for f in q.false_hits)
    assert (s["quotes_direct"].tp, s["quotes_direct"].fp, s["quotes_direct"].fn) == (1, 1, 0)
    assert (s["quotes_indirect"].tp, s["quotes_indirect"].fp, s["quotes_indirect"].fn) == (0, 1, 1)


def test_quote_jaccard_threshold_is_inclusive_at_0_6():
    g = gold(quotes=[{"kind": "indirect", "text": "samarbeidet går godt"}])
    three_of_five = article(quotes=[quote("q1", "samarbeidet går godt i dag", "indirect")])   # 3/5 = 0.6
    assert score_document(g, three_of_five)["quotes"].tp == 1


def test_quote_speaker_matches_through_gold_aliases_and_mentions():
    ents = [entity("e1", "statsministeren", "PER", "statsministeren", "Nordmann"),
            entity("e2", "Sverige", "GPE", country="SWE")]
    right = article(entities=ents, quotes=[quote("q1", "Vi er enige om det meste", "direct", "e1"),
                                           quote("q2", "samarbeidet går godt", "indirect", "e2")])
    g = gold(quotes=GOLD_QUOTES, entities=GOLD_ENTITIES[:2] + [
        {"name": "Sveriges regjering", "type": "ORG", "aliases": ["Regjeringen i Sverige"]}])
    sp = score_document(g, right)["quote_speaker"]
    # e1 matches the gold Ola Nordmann entity (alias 'statsministeren'); e2 is Sverige, not its government
    assert (sp.tp, sp.fp, sp.fn) == (1, 1, 1)
    assert sp.accuracy == pytest.approx(1 / 2)


def test_unattributed_quote_is_a_miss_of_attribution_only():
    pred = article(quotes=[quote("q1", "Vi er enige om det meste", "direct", None)])
    s = score_document(gold(quotes=GOLD_QUOTES[:1]), pred)
    assert s["quotes"].tp == 1
    assert (s["quote_speaker"].tp, s["quote_speaker"].fp, s["quote_speaker"].fn) == (0, 0, 1)
    assert (s["quote_kind"].correct, s["quote_kind"].judged) == (1, 1)


# --------------------------------------------------------------------------- events

ENTS = [entity("e1", "Norge", "GPE", country="NOR"), entity("e2", "Sverige", "GPE", country="SWE"),
        entity("e3", "Ola Nordmann", "PER", "Ola Nordmann", "statsministeren", country="NOR")]


def test_events_match_type_and_parties_by_country_or_name():
    g = gold(entities=[{"name": "Ola Nordmann", "type": "PER", "aliases": ["statsministeren"]}],
             events=[{"type": "CONSULT", "actor": ["NOR"], "recipient": ["SWE"], "symmetric": True, "date": "2024-03"},
                     {"type": ["AGREE", "CONCEDE"], "actor": ["Ola Nordmann"], "recipient": ["SWE"]},
                     {"type": "ACCUSE", "actor": ["SWE"], "recipient": ["NOR"], "required": False},
                     {"type": "THREATEN", "actor": ["SWE"], "recipient": ["NOR"]}])
    pred = article(entities=ENTS, events=[
        event("v1", "CONSULT", ["e2"], ["e1"], date="2024-03-13"),   # symmetric: reversed order is fine
        event("v2", "CONCEDE", ["e3"], ["e2"]),                      # one of the accepted types; by name
        event("v3", "CONSULT", ["e1", "e2"], []),                    # a duplicate: fp
        event("v4", "THREATEN", ["e1"], ["e2"]),                     # wrong direction: fp (and the gold is missed)
    ])
    s = score_document(g, pred)
    v = s["events"]
    assert (v.tp, v.fp, v.fn) == (2, 2, 1)
    assert v.misses == ["THREATEN SWE→NOR «»"]
    d = s["event_date"]
    assert (d.tp, d.fp, d.fn) == (0, 1, 1)


def test_symmetric_event_with_every_party_as_actor_matches():
    g = gold(events=[{"type": "CONSULT", "actor": ["NOR"], "recipient": ["SWE"], "symmetric": True}])
    pred = article(entities=ENTS, events=[event("v1", "CONSULT", ["e1", "e2"], [])])
    assert score_document(g, pred)["events"].tp == 1


def test_best_evidence_wins_between_two_similar_gold_events():
    g = gold(events=[{"type": "CONSULT", "actor": ["NOR"], "recipient": ["SWE"], "evidence": "møtet i Bergen i fjor"},
                     {"type": "CONSULT", "actor": ["NOR"], "recipient": ["SWE"], "evidence": "møtte Sveriges statsminister i Oslo"}])
    pred = article(entities=ENTS, events=[event("v1", "CONSULT", ["e1"], ["e2"], evidence="møtte Sveriges statsminister i Oslo onsdag")])
    v = score_document(g, pred)["events"]
    assert v.tp == 1 and v.misses == ["CONSULT NOR→SWE «møtet i Bergen i fjor»"]


# --------------------------------------------------------------------------- times and unscored fields

def test_times_need_text_and_an_accepted_value():
    g = gold(times=[{"text": "onsdag", "value": ["2024-03-13", "2024-03"]},
                    {"text": "i fjor", "value": "2023"},
                    {"text": "for et år siden", "value": ["2023-03"], "required": False}])
    pred = article(times=[
        Time(span=span("onsdag"), value="2024-03-13", anchor="published"),
        Time(span=span("onsdag"), value="2024-03-13", anchor="published"),   # the same again: ignored
        Time(span=span("i fjor"), value="2022", anchor="published"),         # wrong value
        Time(span=span("1905"), value="1905", anchor="absolute"),            # not in gold
    ])
    s = score_document(g, pred)
    assert (s["times"].tp, s["times"].fp, s["times"].fn) == (1, 2, 1)
    assert (s["times_text"].tp, s["times_text"].fp, s["times_text"].fn) == (2, 1, 0)


def test_fields_absent_from_the_gold_file_are_not_scored():
    pred = article(entities=ENTS, quotes=[quote("q1", "noe", "direct")],
                   events=[event("v1", "CONSULT", ["e1"], ["e2"])])
    s = score_document(gold(quotes=[]), pred)
    assert set(s) == {"quotes", "quotes_direct", "quote_kind", "quote_speaker"}
    assert (s["quotes"].tp, s["quotes"].fp, s["quotes"].fn) == (0, 1, 0)


def test_score_list_limits_scoring_but_entities_still_give_aliases():
    g = gold(score=["quotes"], entities=[{"name": "Ola Nordmann", "type": "PER", "aliases": ["statsministeren"]}],
             quotes=GOLD_QUOTES[:1])
    pred = article(entities=[entity("e1", "statsministeren", "PER"), entity("e2", "Bergen", "GPE")],
                   quotes=[quote("q1", "Vi er enige om det meste", "direct", "e1")])
    s = score_document(g, pred)
    assert "entities" not in s and s["quote_speaker"].tp == 1
    with pytest.raises(GoldError, match="unknown groups"):
        gold(score=["quotes", "tone"])


def test_optional_items_missed_cost_nothing():
    s = score_document(gold(entities=[GOLD_ENTITIES[4]], times=[{"text": "i fjor", "value": "2023", "required": False}]),
                       article())
    assert s["entities"].support == 0 and s["times"].support == 0


# --------------------------------------------------------------------------- gold files and evaluate()

def test_gold_file_errors_say_what_is_wrong(tmp_path):
    bad = tmp_path / "x.expected.json"
    bad.write_text(json.dumps({"entities": [{"type": "PER"}]}), encoding="utf-8")
    (tmp_path / "x.txt").write_text("Tekst.", encoding="utf-8")
    with pytest.raises(GoldError, match="name"):
        load_gold(bad)
    lonely = tmp_path / "y.expected.json"
    lonely.write_text("{}", encoding="utf-8")
    with pytest.raises(GoldError, match="y.txt"):
        load_gold(lonely)
    with pytest.raises(GoldError, match="no such gold"):
        find_gold([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldError, match="no gold files"):
        evaluate([tmp_path / "empty"], pipeline=Pipeline(PipelineConfig(stages=("language",))))


def test_source_pointer_rebuilds_norne_text(tmp_path, shared):
    f = tmp_path / "doc.expected.json"
    f.write_text(json.dumps({"source": {"corpus": "norne", "file": "ndt/nob/ap013_0000.conll", "sentences": [6, 6]},
                             "entities": []}), encoding="utf-8")
    g = load_gold(f)
    assert "Harald Berntsen" in g.text and g.entities == [] and g.quotes is None


def test_evaluate_runs_a_real_pipeline_over_files_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("date 2024-03 Ola Nordmann kom til Oslo i går.", encoding="utf-8")
    (tmp_path / "sub" / "a.expected.json").write_text(json.dumps({
        "document": {"language": "nb", "published": "2024-03-14"},
        "entities": [{"name": "Ola Nordmann", "type": "PER"}],
        "times": [{"text": "i går", "value": "2024-03-13"}]}), encoding="utf-8")
    pipe = Pipeline(PipelineConfig(stages=("language",)))   # finds nothing: every item is a miss
    report = evaluate([tmp_path, tmp_path / "sub" / "a.expected.json"], pipeline=pipe, explain=True)
    assert [d.name for d in report.documents] == ["a"]
    assert (report.fields["entities"].fn, report.fields["times"].fn) == (1, 1)
    assert report.fields["entities"].misses == ["a: Ola Nordmann (PER)"]
    assert report.to_dict()["fields"]["times"]["misses"] == ["a: «i går» = 2024-03-13"]
    assert "[times] missed    a: «i går» = 2024-03-13" in explain_lines(report)
    assert report_table(report).row_count == 7   # 5 entity fields, 2 time fields
    assert report_table(report, by_field=False).row_count == 2   # the document and the total


def test_documents_with_the_same_name_are_told_apart_by_folder(tmp_path):
    for folder in ("quotes", "events"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("Ola Nordmann kom.", encoding="utf-8")
        (tmp_path / folder / "a.expected.json").write_text('{"times": []}', encoding="utf-8")
    report = evaluate([tmp_path], pipeline=Pipeline(PipelineConfig(stages=("language",))))
    assert [d.name for d in report.documents] == ["events/a", "quotes/a"]


def test_gold_article_takes_date_and_language_from_the_gold_file(tmp_path):
    (tmp_path / "a.txt").write_text("date 2024-03 Ola Nordmann kom til Oslo i går.", encoding="utf-8")
    (tmp_path / "a.expected.json").write_text(json.dumps({"document": {"language": "nn", "published": "2024-03-14"}}),
                                              encoding="utf-8")
    a = gold_article(load_gold(tmp_path / "a.expected.json"))
    assert (a.published, a.language, a.id) == ("2024-03-14", "nn", "a")
    assert a.text.startswith("Ola Nordmann")


# --------------------------------------------------------------------------- floors

def _report(**fields: FieldScore) -> EvalReport:
    from eventwire.evaluate import DocReport

    return EvalReport(fields=fields, documents=[DocReport("doc", "doc.expected.json", fields)], explain=True)


def test_check_floors_fails_below_a_floor_and_names_the_misses():
    low = _report(quotes=FieldScore(tp=1, fp=0, fn=3, misses=["doc: «Vi er enige»"]))
    failures = check_floors(low, {"fields": {"quotes": {"precision": 0.9, "recall": 0.5}}})
    assert len(failures) == 1
    assert "quotes recall 0.250 < floor 0.500" in failures[0] and "«Vi er enige»" in failures[0]
    assert check_floors(low, {"fields": {"quotes": {"recall": 0.25}}}) == []
    assert check_floors(low, {"files": {"doc": {"quotes": {"f1": 0.5}}}})[0].startswith("doc: quotes f1 0.400")
    assert "not evaluated" in check_floors(low, {"files": {"other": {"quotes": {"f1": 0.1}}}})[0]


def test_write_floors_pins_scores_minus_margin(tmp_path):
    path = tmp_path / "floors.yaml"
    path.write_text("files:\n  doc:\n    quotes: {recall: 0.2}\n", encoding="utf-8")
    write_floors(_report(quotes=FieldScore(tp=3, fp=1, fn=1), times=FieldScore()), margin=0.02, path=path)
    floors = load_floors(path)
    assert floors["fields"] == {"quotes": {"precision": 0.73, "recall": 0.73}}
    assert floors["files"] == {"doc": {"quotes": {"recall": 0.2}}}
