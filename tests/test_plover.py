"""PLOVER and GDELT export rows, from hand-built article records."""
from __future__ import annotations

from eventwire.plover import GDELT_COLUMNS, cameo_code, gdelt_rows, plover_rows
from eventwire.records import Article, Entity, Event, Geo, Span

TEXT = "Trump og Kim møttes i Hanoi.\n\nSenere ble det stille."


def _article() -> Article:
    def span(word):
        i = TEXT.index(word)
        return Span.of(TEXT, i, i + len(word))

    ents = [
        Entity(id="e1", name="Donald Trump", type="PER", country="USA", sector="GOV", code="USAGOV",
               mentions=[span("Trump")]),
        Entity(id="e2", name="Kim Jong-un", type="PER", country="PRK", sector="GOV", code="PRKGOV",
               mentions=[span("Kim")]),
        Entity(id="e3", name="Hanoi", type="GPE", country="VNM", mentions=[span("Hanoi")],
               geo=Geo(lat=21.03, lon=105.85, country="VNM", feature="city", geonameid=1581130)),
    ]
    ev = Event(id="v1", type="CONSULT", mode="third-party", actor=["e1"], recipient=["e2"],
               date="2019-02", location="e3", trigger=span("møttes"),
               evidence=Span.of(TEXT, 0, 27), confidence=0.9)
    return Article(id="a1", text=TEXT, published="2019-02-28", language="nb", entities=ents,
                   events=[ev], tone=-1.5)


def test_gdelt_columns_are_gdelt_2():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[0] == "GLOBALEVENTID" and GDELT_COLUMNS[-1] == "SOURCEURL"
    assert "ActionGeo_ADM2Code" in GDELT_COLUMNS


def test_cameo_code_by_mode():
    ev = _article().events[0]
    assert cameo_code(ev) == "044"
    assert cameo_code(ev.model_copy(update={"mode": None})) == "040"


def test_plover_row():
    [row] = plover_rows(_article())
    assert row["event"] == "CONSULT" and row["mode"] == "third-party"
    assert row["actor"]["code"] == "USAGOV" and row["recipient"]["country"] == "PRK"
    assert row["event_loc"]["name"] == "Hanoi" and row["event_loc"]["lat"] == 21.03
    assert row["date"] == "2019-02" and row["event_text"] == "Trump og Kim møttes i Hanoi"


def test_gdelt_row():
    [row] = gdelt_rows(_article())
    assert list(row) == list(GDELT_COLUMNS)
    assert row["SQLDATE"] == "20190201" and row["Year"] == "2019"
    assert row["Actor1CountryCode"] == "USA" and row["Actor2Name"] == "KIM JONG-UN"
    assert (row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("04", 1, 1.0)
    assert row["ActionGeo_Type"] == 4 and row["ActionGeo_Long"] == 105.85
    assert row["AvgTone"] == -1.5 and row["IsRootEvent"] == 1
    assert row["Actor1Geo_Lat"] == ""
