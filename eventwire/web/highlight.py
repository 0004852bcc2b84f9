"""The article view's highlighted text: the record's text cut into pieces, each carrying the
entities, quotes and event triggers that cover it."""
from __future__ import annotations


def annotations(record: dict) -> list[dict]:
    """Every highlighted span of an article record: entity mentions, quotes and triggers."""
    ents = {e["id"]: e for e in record.get("entities", [])}
    out = []
    for e in ents.values():
        where = ", ".join(x for x in (e["type"], e.get("country"), e.get("sector")) if x)
        for m in e.get("mentions", []):
            out.append({"start": m["start"], "end": m["end"], "kind": "ent", "ref": e["id"],
                        "css": f"ent ent-{e['type']}", "title": f"{e['name']} ({where})"})
    for q in record.get("quotes", []):
        who = ents.get(q.get("speaker") or "", {}).get("name", "unknown speaker")
        out.append({"start": q["span"]["start"], "end": q["span"]["end"], "kind": "quote", "ref": q["id"],
                    "css": f"quote quote-{q['kind']}", "title": f"{q['kind']} quote — {who}"})
    for v in record.get("events", []):
        t = v["trigger"]
        out.append({"start": t["start"], "end": t["end"], "kind": "trigger", "ref": v["id"],
                    "css": "trigger", "title": f"event {v['type']}" + (f" ({v['mode']})" if v.get("mode") else "")})
    return [a for a in out if 0 <= a["start"] < a["end"] <= len(record["text"])]


def segments(record: dict) -> list[dict]:
    """The text as consecutive pieces ``{"text", "css", "refs", "title", "first"}``; ``css`` is
    empty for plain text, ``first`` lists the refs that begin in that piece (anchors)."""
    text = record["text"]
    spans = annotations(record)
    cuts = sorted({0, len(text)} | {a["start"] for a in spans} | {a["end"] for a in spans})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        cover = [a for a in spans if a["start"] <= start and end <= a["end"]]
        pieces.append({"text": text[start:end], "css": " ".join(dict.fromkeys(c for a in cover for c in a["css"].split())),
                       "refs": " ".join(dict.fromkeys(a["ref"] for a in cover)),
                       "title": "; ".join(a["title"] for a in cover),
                       "first": [a["ref"] for a in cover if a["start"] == start]})
    return pieces
