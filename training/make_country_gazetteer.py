"""Write eventwire/nlp/data/countries_nb.jsonl: Norwegian Bokmål names of sovereign countries.

Names come from the CLDR data shipped with babel (``Locale("nb").territories``), restricted to
ISO 3166 country codes, minus dependent territories and names that are ambiguous in Norwegian
news (a person's name, a US state, a common word).  Each line is an entity-ruler pattern with
label GPE_LOC; genitive forms ("Norges") are added.

    python training/make_country_gazetteer.py
"""
from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "eventwire" / "nlp" / "data" / "countries_nb.jsonl"

#: codes that are not sovereign countries (or not countries at all) in CLDR's list
NOT_COUNTRIES = set(
    "AC AQ AS AW AX BL BM BQ BV CC CK CP CQ CW CX DG EA EH EU EZ FK FO GF GG GI GL GP GS GU HK "
    "HM IC IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR PS QO RE SH SJ SX TA TC TF TK UM UN "
    "VG VI WF XA XB YT ZZ".split()
)
#: names that are often something else in Norwegian news
AMBIGUOUS = {"Georgia", "Jordan", "Man", "Niger", "Guinea", "Dominica", "Kongo", "Chile", "Sark",
             "Mali", "Togo", "Oman", "Peru", "Island", "Samoa"}
RENAME = {"Myanmar (Burma)": "Myanmar"}


def country_names() -> list[str]:
    names = []
    for code, name in Locale("nb").territories.items():
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
            continue
        name = RENAME.get(name, name)
        if name in AMBIGUOUS or not name[:1].isupper():
            continue
        names.append(name)
    return sorted(set(names))


def main() -> None:
    with open(OUT, "w", encoding="utf-8") as f:
        for name in country_names():
            for form in (name, name + "s" if not name.endswith("s") else name + "'"):
                f.write(json.dumps({"label": "GPE_LOC", "pattern": form}, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
