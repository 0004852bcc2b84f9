"""Typed records: JSON round trip, validation, span checks."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from eventwire.records import Article, Span


def test_json_round_trip_keeps_the_schema_field():
    a = Article(id="x", text="Hei på deg.", published="2024")
    data = a.to_dict()
    assert data["schema"] == "eventwire/1"
    assert set(data) >= {"schema", "id", "source", "language", "published", "title", "text",
                         "entities", "quotes", "events", "times", "tone", "warnings"}
    assert Article.from_json(a.to_json()) == a


def test_bad_spans_are_reported():
    a = Article(id="x", text="Hei på deg.")
    from eventwire.records import Time

    a.times = [Time(span=Span(start=0, end=3, text="Hei"), value="2024", anchor="absolute"),
               Time(span=Span(start=4, end=6, text="xx"), value="2024", anchor="absolute")]
    problems = a.check_spans()
    assert len(problems) == 1 and "'xx'" in problems[0]


def test_unknown_event_type_is_refused():
    from eventwire.records import Event

    s = Span(start=0, end=1, text="a")
    with pytest.raises(ValidationError):
        Event(id="v1", type="MAKE_STATEMENT", trigger=s, evidence=s, confidence=0.5)


def test_entity_at_prefers_the_tightest_mention():
    from eventwire.records import Entity

    text = "Regjeringen i Sør-Korea sier nei."
    gov = Entity(id="e1", name="Sør-Koreas regjering", type="ORG", mentions=[Span.of(text, 0, 23)])
    kor = Entity(id="e2", name="Sør-Korea", type="GPE", mentions=[Span.of(text, 14, 23)])
    a = Article(id="x", text=text, entities=[gov, kor])
    assert a.entity_at(14, 23).id == "e2"
    assert a.entity_at(0, 11).id == "e1"
    assert a.entity_at(29, 32) is None


def test_data_files_hold_no_words_read_as_booleans():
    """YAML reads bare yes/no/on/off/true/false as booleans: a word such as the verb "true" or
    the language code "no" must be quoted, or it silently stops matching."""
    import yaml

    from eventwire import resources

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                assert not isinstance(k, bool), f"{where}: key {k!r} (quote it)"
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for v in node:
                assert not isinstance(v, bool), f"{where}: list item {v!r} (quote it)"
                walk(v, where)

    files = sorted(resources.path(".").rglob("*.yaml"))
    assert len(files) >= 10
    for f in files:
        walk(yaml.safe_load(f.read_text(encoding="utf-8")), f.name)
