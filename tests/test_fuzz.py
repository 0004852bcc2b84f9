"""A short fuzz run (hypothesis) over the reader and the whole pipeline: no crash other than a
named one-line refusal, spans stay exact, every good input of a batch still lands.  The long
run is ``scripts/fuzz.py`` (figures in docs/reliability.md)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.entities import _Spans
from eventwire.quotes.indirect import _within
from eventwire.reader import MAX_ARTICLE_CHARS, Rejected, normalize_text, read
from eventwire.records import Article

from fuzz_strategies import bad_line, good_record, news_text, odd_dates, raw_input

SHORT = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_items(items: list, origin_prefix: str) -> None:
    """The reader's contract: articles with text, or named one-line refusals."""
    for item in items:
        assert isinstance(item, (Article, Rejected)), item
        if isinstance(item, Rejected):
            assert item.code.startswith("E1") and "\n" not in item.reason
            assert item.origin.startswith(origin_prefix) and item.origin in item.reason
        else:
            assert item.text and item.text == item.text.strip() and len(item.text) <= MAX_ARTICLE_CHARS
            json.loads(item.to_json())  # serialisable: no lone surrogates left


READER_INPUTS = {"data": raw_input, "suffix": st.sampled_from([".txt", ".json", ".jsonl", ""])}
JSONL_INPUTS = {"lines": st.lists(st.one_of(good_record().map(lambda r: ("good", r)), bad_line.map(lambda b: ("bad", b))),
                                  min_size=1, max_size=8)}
PIPELINE_INPUTS = {"text": news_text, "published": odd_dates}


@SHORT
@given(**READER_INPUTS)
def test_the_reader_survives_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"input{suffix}"
        p.write_bytes(data)
        check_items(list(read([p])), str(p))


@SHORT
@given(**JSONL_INPUTS)
def test_every_good_line_of_a_jsonl_file_lands(lines):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "feed.jsonl"
        with p.open("wb") as f:
            for kind, value in lines:
                if kind == "good":
                    f.write(json.dumps(value).encode() + b"\n")
                else:
                    f.write((value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value) + b"\n")
        items = list(read([p]))
        check_items(items, str(p))
        goods = [normalize_text(r["text"]) for kind, r in lines if kind == "good"]
        assert [a.text for a in items if isinstance(a, Article)] == goods


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**PIPELINE_INPUTS)
def test_the_pipeline_keeps_spans_exact_on_odd_text(pipeline, text, published):
    from eventwire.reader import make_article

    try:
        article = make_article(text + " Stortinget vedtok loven.", "fuzz", published=published, language="nb")
    except Exception as err:  # noqa: BLE001 - only a named input refusal may stop it here
        assert type(err).__name__ in ("BadDate", "EmptyInput"), err
        return
    [out] = list(pipeline.process([article]))
    assert isinstance(out, Article), out
    assert out.check_spans() == []


spans = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])), max_size=30)


@settings(max_examples=300, deadline=None)
@given(spans=spans, start=st.integers(0, 340), length=st.integers(0, 40))
def test_span_index_answers_as_a_full_scan(spans, start, length):
    end = start + length
    index = _Spans(spans)
    near = index.overlapping(start, end)
    assert any(s <= start and end <= e for s, e in near) == any(s <= start and end <= e for s, e in spans)
    assert any(s < end and start < e for s, e in near) == any(s < end and start < e for s, e in spans)
    assert all(start <= s and e <= end for s, e in near if s < end and start < e) == all(
        start <= s and e <= end for s, e in spans if s < end and start < e)
    assert _within(spans)(start) == any(a <= start < b for a, b in spans)
