"""The pure pieces of the web UI: highlighted text, timeline bars, map shading, network layout."""
from __future__ import annotations

import math

from eventwire.web import charts, highlight


def _record() -> dict:
    text = "Kari Holm sa at Oslo møtte Bergen. – Vi er klare, sa Holm."
    def span(s: str, nth: int = 0) -> dict:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return {"start": i, "end": i + len(s), "text": s}
    return {"text": text,
            "entities": [{"id": "e1", "name": "Kari Holm", "type": "PER", "country": "NOR",
                          "mentions": [span("Kari Holm"), span("Holm", 1)]},
                         {"id": "e2", "name": "Oslo", "type": "GPE", "mentions": [span("Oslo")]}],
            "quotes": [{"id": "q1", "kind": "direct", "span": span("Vi er klare"), "speaker": "e1"},
                       {"id": "q2", "kind": "indirect", "span": span("Oslo møtte Bergen"), "speaker": None}],
            "events": [{"id": "v1", "type": "CONSULT", "mode": None, "trigger": span("møtte")}]}


def test_segments_rebuild_the_text_and_carry_every_annotation():
    rec = _record()
    pieces = highlight.segments(rec)
    assert "".join(p["text"] for p in pieces) == rec["text"]
    by_text = {p["text"]: p for p in pieces}
    assert by_text["møtte"]["refs"].split() == ["q2", "v1"]
    assert "trigger" in by_text["møtte"]["css"] and "quote" in by_text["møtte"]["css"]
    assert by_text["Oslo"]["refs"].split() == ["e2", "q2"]
    assert by_text["Kari Holm"]["title"] == "Kari Holm (PER, NOR)"
    assert "unknown speaker" in by_text[" Bergen"]["title"]
    assert by_text[" sa at "]["css"] == ""
    starts = [r for p in pieces for r in p["first"]]
    assert sorted(starts) == sorted(["e1", "e1", "e2", "q1", "q2", "v1"])


def test_spans_outside_the_text_are_left_out():
    rec = _record()
    rec["events"][0]["trigger"] = {"start": 500, "end": 505, "text": "x"}
    assert "v1" not in {r for p in highlight.segments(rec) for r in p["refs"].split()}


def test_timeline_bars_stack_to_scale_and_link_to_their_events():
    tl = {"by": "type", "interval": "month", "filters": {"actor": "NOR"}, "keys": ["ASSAULT", "AID"],
          "labels": {"ASSAULT": "ASSAULT", "AID": "AID"},
          "buckets": [{"period": "2024-03", "start": "2024-03-01", "end": "2024-03-31", "counts": {"ASSAULT": 3, "AID": 1}, "total": 4},
                      {"period": "2024-04", "start": "2024-04-01", "end": "2024-04-30", "counts": {}, "total": 0},
                      {"period": "2024-05", "start": "2024-05-01", "end": "2024-05-31", "counts": {"AID": 2}, "total": 2}]}
    g = charts.timeline_bars(tl, width=300, height=100)
    assert [(b["period"], b["key"], b["n"]) for b in g["bars"]] == [("2024-03", "ASSAULT", 3), ("2024-03", "AID", 1), ("2024-05", "AID", 2)]
    first, second, third = g["bars"]
    assert math.isclose(first["h"] + second["h"], 100) and math.isclose(first["y"] + first["h"], 100)
    assert math.isclose(third["h"], 50) and third["x"] > 200
    assert first["href"] == "/events?actor=NOR&type=ASSAULT&date_from=2024-03-01&date_to=2024-03-31&precision=month"
    quads = charts.timeline_bars({**tl, "by": "quad", "keys": ["4"], "labels": {"4": "material conflict"},
                                  "buckets": [{**tl["buckets"][0], "counts": {"4": 3}}]})
    assert "quad=4" in quads["bars"][0]["href"] and quads["bars"][0]["colour"] == charts.QUAD_COLOURS["4"]


def test_map_shades_only_countries_with_events_and_projects_places():
    shapes = {s["iso"]: s for s in charts.map_shapes([{"country": "NOR", "events": 4}, {"country": "SWE", "events": 1}])}
    assert shapes["NOR"]["n"] == 4 and shapes["USA"]["n"] == 0 and shapes["USA"]["fill"] == "#e8e8e8"
    assert shapes["NOR"]["fill"] != shapes["SWE"]["fill"] != shapes["USA"]["fill"]
    assert charts.project(59.9, 10.75) == (190.75, 30.1)
    [oslo] = charts.map_points([{"name": "Oslo", "lat": 59.9, "lon": 10.75, "events": 2}])
    assert (oslo["x"], oslo["y"]) == (190.75, 30.1)


def test_network_layout_is_deterministic_inside_the_frame_and_coloured_by_quad():
    pairs = [{"actor": "A", "actor_country": "NOR", "recipient": "B", "recipient_country": "SWE", "events": 3, "cooperation": 3, "conflict": 0},
             {"actor": "B", "actor_country": "SWE", "recipient": "C", "recipient_country": None, "events": 1, "cooperation": 0, "conflict": 1},
             {"actor": "D", "actor_country": None, "recipient": "E", "recipient_country": None, "events": 2, "cooperation": 1, "conflict": 1}]
    g = charts.network_layout(pairs, width=600, height=400)
    assert g == charts.network_layout(pairs, width=600, height=400)
    assert [n["name"] for n in g["nodes"]] == ["A", "B", "C", "D", "E"]
    assert all(0 < n["x"] < 600 and 0 < n["y"] < 400 for n in g["nodes"])
    assert len({(n["x"], n["y"]) for n in g["nodes"]}) == 5
    assert [e["colour"] for e in g["edges"]] == [charts.COOPERATION, charts.CONFLICT, charts.MIXED]
    assert g["edges"][0]["width"] > g["edges"][1]["width"]
    assert charts.network_layout([]) == {"nodes": [], "edges": [], "width": 900, "height": 480}
