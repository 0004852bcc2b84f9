"""Tone: positive% − negative% of words from the hand-made word lists."""
from __future__ import annotations

from eventwire import resources
from eventwire.tone import polarity_lexicon, tone


def test_lists_are_valid():
    for lang in ("nb", "en"):
        rows = resources.load(f"{lang}/tone.tsv")
        assert len(rows) > 200
        assert {r["polarity"] for r in rows} == {"1", "-1"}
        words = [r["word"] for r in rows]
        assert len(words) == len(set(words)), "a word is listed twice"
        assert "How it was made" in resources.path(f"{lang}/tone.tsv").read_text(encoding="utf-8")


def test_tone_arithmetic():
    # 8 words: one positive (god), one negative (krise) -> 0; two negative -> -25
    assert tone("Det var en god dag tross krise her", "nb") == 0.0
    assert tone("Krise og krig preget hele den lange dagen", "nb") == round(-200 / 8, 2)
    assert tone("A good and peaceful day", "en") == 40.0


def test_no_list_gives_none():
    assert polarity_lexicon("de") is None
    assert tone("Guten Tag", "de") is None


def test_pipeline_sets_tone(extract):
    bad = extract("Angrepet var en katastrofe, og mange ble drept.")
    good = extract("Forhandlingene var en suksess, og alle var fornøyd med avtalen.")
    assert bad.tone is not None and good.tone is not None
    assert bad.tone < 0 < good.tone
