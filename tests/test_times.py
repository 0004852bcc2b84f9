"""Time expressions normalised against the publication date, precision kept."""
from __future__ import annotations

import pytest

from eventwire.times import find_times, shift, weekday_value


def values(text, published, language="nb"):
    return [(t.span.text, t.value, t.anchor) for t in find_times(text, published, language)]


@pytest.mark.parametrize("text, published, expected", [
    ("Møtet startet onsdag.", "2019-02-28", ("onsdag", "2019-02-27")),
    ("Møtet startet torsdag.", "2019-02-28", ("torsdag", "2019-02-28")),
    ("Møtet startet onsdag.", "2019-02", ("onsdag", "2019-02")),
    ("Det skjedde forrige torsdag.", "2019-02-28", ("forrige torsdag", "2019-02-21")),
    ("Vi ses neste mandag.", "2019-02-28", ("neste mandag", "2019-03-04")),
    ("Det smalt natt til fredag.", "2024-03-16", ("natt til fredag", "2024-03-15")),
    ("Han kom i går.", "2024-03-14", ("i går", "2024-03-13")),
    ("Hun reiser i morgen.", "2024-03-14", ("i morgen", "2024-03-15")),
    ("Det er klart i dag.", "2024-03-14", ("i dag", "2024-03-14")),
    ("Toppmøtet i fjor var kort.", "2019-02", ("i fjor", "2018")),
    ("Planen gjelder i år.", "2019-02-10", ("i år", "2019")),
    ("Det lå nærmere enn for et år siden.", "2019-02", ("for et år siden", "2018-02")),
    ("Det skjedde for tre dager siden.", "2024-03-14", ("for tre dager siden", "2024-03-11")),
    ("Avtalen kommer neste uke.", "2024-03-14", ("neste uke", "2024-W12")),
    ("Han ble født 14. juli.", "2024-03-14", ("14. juli", "2024-07-14")),
    ("Valget var 9. september 2013.", None, ("9. september 2013", "2013-09-09")),
    ("Krisen kom i juli 2011.", None, ("juli 2011", "2011-07")),
    ("Krigshandlingene opphørte i 1953, men freden uteble.", None, ("1953", "1953")),
    ("Fra 2010 til 2015 steg prisene.", None, ("Fra 2010 til 2015", "2010/2015")),
])
def test_patterns(text, published, expected):
    assert expected in [(s, v) for s, v, _ in values(text, published)]


def test_numbers_that_are_not_years():
    assert values("Billetten kostet 2000 kroner, og 1500 personer kom.", "2024-03-14") == []


def test_relative_expressions_need_a_publication_date():
    assert values("Han kom i går og reiser onsdag.", None) == []


def test_unknown_day_is_not_invented():
    assert values("Han reiser i morgen.", "2024-03") == []


def test_anchors():
    found = values("I 1953 og i fjor.", "2019-02")
    assert found == [("1953", "1953", "absolute"), ("i fjor", "2018", "published")]


def test_english():
    found = dict((s, v) for s, v, _ in values("Yesterday, on July 14, 2011, and last year; two weeks ago on Monday.",
                                             "2020-05-06", "en"))
    assert found == {"Yesterday": "2020-05-05", "July 14, 2011": "2011-07-14", "last year": "2019",
                     "two weeks ago": "2020-W17", "Monday": "2020-05-04"}


def test_shift_and_weekday_helpers():
    assert shift("2019-02", "year", -1) == "2018"
    assert shift("2019-02-28", "month", 1) == "2019-03"
    assert shift("2019-02", "day", 1) is None
    assert weekday_value("2019-02-28", 2, 0) == "2019-02-27"
    assert weekday_value("2019", 2, 0) == "2019"


def test_spans_point_into_the_text():
    text = "– Onsdag sa han at det skjedde i 2015."
    for t in find_times(text, "2024-03-14"):
        assert text[t.span.start:t.span.end] == t.span.text


def test_hanoi_times(shared):
    import json

    from eventwire.reader import read

    example = shared / "examples" / "hanoi-2019-02.txt"
    [article] = list(read([example]))
    expected = json.loads(example.with_name("hanoi-2019-02.expected.json").read_text())["times"]
    found = find_times(article.text, article.published, "nb")
    for item in expected:
        assert any(t.span.text == item["text"] and t.value in item["value"] for t in found), item


def test_a_shift_out_of_the_calendar_gives_no_time():
    assert shift("2008-12-10", "year", -2050) is None
    found = find_times("Caesar ble drept for 2050 år siden.", "2008-12-10")
    assert all(t.value is None or not t.value.startswith("-") for t in found)
