"""Hypothesis strategies for the fuzz tests and ``scripts/fuzz.py``: the inputs a careless
feed or a hostile user can send."""
from __future__ import annotations

import json

from hypothesis import strategies as st

#: characters that break naive text handling: RTL and LTR marks, zero-width joiner and
#: non-joiner, BOM, combining marks, line and paragraph separators, emoji with modifiers
ODD = "\u200f\u200e\u200d\u200c\ufeff\u0301\u0308\u2028\u2029\u00a0\U0001f469\u200d\U0001f52c\U0001f3fd"
WORDS = ("Stortinget", "vedtok", "loven", "i", "Oslo", "onsdag", "sa", "Kari", "Holm", "til", "NTB", "–",
         "«", "»", ".", ",", "statsministeren", "møtte", "Sverige", "Russland", "angrep", "Kyiv", "\n", "\n\n")

odd_text = st.text(alphabet=st.sampled_from(ODD) | st.characters(codec="utf-8"), max_size=200)
news_text = st.lists(st.sampled_from(WORDS) | st.sampled_from(ODD) | st.text(max_size=6), max_size=60).map(" ".join)
odd_dates = st.one_of(st.none(), st.sampled_from(["2019", "2019-02", "2019-02-28", "2019-02-30", "2019-13",
                                                  "2019-02-28T10:00:00Z", "0000-00-00", "i går", ""]),
                      st.text(max_size=12), st.integers(), st.floats(allow_nan=True))
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                          max_leaves=8)


@st.composite
def good_record(draw) -> dict:
    """A JSON object the reader must accept: a text with a letter in it, string metadata."""
    rec = {"text": "Stortinget vedtok loven. " + draw(news_text)}
    for field in ("title", "outlet"):
        if draw(st.booleans()):
            rec[field] = draw(odd_text)
    if draw(st.booleans()):
        rec["published"] = draw(st.sampled_from(["2019", "2019-02", "2024-03-14"]))
    return rec


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


bad_line = st.one_of(
    st.integers(1000, 200_000).map(deep_json),
    st.builds(lambda f, v: json.dumps({"text": "Hei.", f: v}),
              st.sampled_from(["title", "url", "outlet", "language", "id"]),
              st.one_of(st.floats(), st.lists(st.integers(), max_size=2), st.booleans(), st.dictionaries(
                  st.text(max_size=3), st.integers(), max_size=2))),
    json_value.map(lambda v: json.dumps(v)).filter(lambda s: not s.startswith("{")),
    st.builds(lambda d: json.dumps({"text": "Hei.", "published": d}, default=str),
              st.sampled_from(["2019-02-30", "2019-13", "i går"])),
    st.binary(max_size=80).filter(lambda b: b.strip() and b"\n" not in b),
    st.just('{"text": "\\ud800 alene"'),  # a lone surrogate, and unterminated
)

raw_input = st.one_of(st.binary(max_size=2000), odd_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
                      st.lists(bad_line.map(lambda s: s.encode("utf-8", "surrogatepass") if isinstance(s, str) else s),
                               max_size=5).map(b"\n".join),
                      json_value.map(lambda v: json.dumps(v).encode()))
