"""The reader: formats, normalisation, metadata and every kind of bad input."""
from __future__ import annotations

import json

import pytest

from eventwire.reader import Rejected, article_id, make_article, read
from eventwire.records import Article


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_date_prefix_on_same_line_is_stripped_and_kept_as_published(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2019-02 – Vi drar nå, sa hun.\n\nMer tekst her.", encoding="utf-8")
    a = _one(read([p]))
    assert isinstance(a, Article)
    assert a.published == "2019-02"
    assert a.text.startswith("– Vi drar nå")
    assert not a.text.startswith("date")


def test_date_prefix_on_its_own_line_keeps_day_precision(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("date 2024-03-14\nOverskrift\n\nBrødtekst.", encoding="utf-8")
    a = _one(read([p]))
    assert a.published == "2024-03-14"
    assert a.title == "Overskrift"
    assert a.text == "Overskrift\n\nBrødtekst."


def test_shared_example_is_read_with_month_precision(shared):
    a = _one(read([shared / "examples" / "hanoi-2019-02.txt"]))
    assert a.published == "2019-02"
    assert a.text.startswith("–")


def test_line_endings_and_unicode_are_normalised(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Ske\u0301 i Troms\u00f8.\r\nNy linje.".encode("utf-8"))
    a = _one(read([p]))
    assert "\r" not in a.text
    assert a.text.startswith("Ské i")  # NFC: e + combining acute became one character
    assert len(a.text.split()[0]) == 3


def test_id_is_stable_and_given_ids_win(tmp_path):
    a = make_article("Samme tekst.", "x")
    b = make_article("Samme tekst.", "y")
    assert a.id == b.id == article_id("Samme tekst.")
    assert make_article("Samme tekst.", "z", id="abc").id == "abc"


def test_latin1_file_is_decoded(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Høyesterett behandlet saken på nytt i går, og dommerne var enige.".encode("latin-1"))
    a = _one(read([p]))
    assert a.text.startswith("Høyesterett")


def test_jsonl_fields_and_a_malformed_line(tmp_path):
    p = tmp_path / "many.jsonl"
    good = {"id": "n1", "text": "Stortinget vedtok loven.", "published": "2024-01-02",
            "url": "https://example.org/n1", "title": "Lov vedtatt", "outlet": "Eksempelavisa"}
    p.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"text": "Andre sak."}) + "\n", encoding="utf-8")
    items = list(read([p]))
    assert [type(x).__name__ for x in items] == ["Article", "Rejected", "Article"]
    a = items[0]
    assert (a.id, a.published, a.title, a.source.uri, a.source.outlet) == (
        "n1", "2024-01-02", "Lov vedtatt", "https://example.org/n1", "Eksempelavisa")
    assert items[1].code == "E105" and f"{p}:2" in items[1].reason


@pytest.mark.parametrize("published", ["2019-02-30", "2019-13", "i fjor", "20190230"])
def test_impossible_dates_are_refused_with_the_input_named(tmp_path, published):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": "Noe skjedde.", "published": published}) + "\n", encoding="utf-8")
    r = _one(read([p]))
    assert isinstance(r, Rejected) and r.code == "E106"
    assert str(p) in r.reason and published in r.reason


def test_empty_binary_missing_and_oversized_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (50 * 1024 * 1024))
    good = tmp_path / "good.txt"
    good.write_text("Regjeringen la fram budsjettet.", encoding="utf-8")
    items = list(read([empty, binary, tmp_path / "missing.txt", big, good]))
    codes = [x.code if isinstance(x, Rejected) else "ok" for x in items]
    assert codes == ["E101", "E102", "E107", "E103", "ok"]
    for x in items[:4]:
        assert x.origin in x.reason  # the message names the input
        assert "\n" not in x.reason


def test_invalid_utf8_that_is_no_text_is_refused(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(b"\xff\xfe\xfa" * 2000 + b"\x01\x02\x03" * 2000)
    r = _one(read([p]))
    assert isinstance(r, Rejected) and r.code in ("E102", "E104")


def test_directory_is_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Andre artikkel.", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Første artikkel.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    texts = [a.text for a in read([tmp_path])]
    assert texts == ["Andre artikkel.", "Første artikkel."]


def test_html_page_gives_text_title_and_date(tmp_path):
    body = " ".join(["Kommunestyret vedtok i kveld å bygge en ny skole i sentrum."] * 6)
    html = f"""<!doctype html><html><head><title>Ny skole vedtatt</title>
    <meta property="article:published_time" content="2024-04-09"></head>
    <body><nav>Meny</nav><article><h1>Ny skole vedtatt</h1><p>{body}</p>
    <p>Ordføreren sa at arbeidet starter til høsten.</p></article></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    a = _one(read([p]))
    assert isinstance(a, Article)
    assert "Kommunestyret vedtok" in a.text and "Meny" not in a.text
    assert a.title == "Ny skole vedtatt"
    assert a.published == "2024-04-09"
