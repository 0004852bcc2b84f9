"""Geometry of the web UI's charts, drawn as SVG by the templates: the timeline's stacked bars,
the world map and the actor network.  Pure functions of the query results."""
from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from ..queries import INTERVAL_PRECISION

WORLD = Path(__file__).parent / "static" / "world.json"
#: one colour per PLOVER type, cooperation in blues and greens, conflict in oranges and reds
TYPE_COLOURS = {
    "AGREE": "#1b7837", "CONSULT": "#5aae61", "SUPPORT": "#a6dba0", "CONCEDE": "#80cdc1",
    "COOPERATE": "#35978f", "AID": "#01665e", "RETREAT": "#c7eae5", "REQUEST": "#92c5de",
    "ACCUSE": "#fdb863", "REJECT": "#e08214", "THREATEN": "#b35806", "PROTEST": "#f4a582",
    "SANCTION": "#d6604d", "MOBILIZE": "#b2182b", "COERCE": "#8c2d04", "ASSAULT": "#67001f",
}
QUAD_COLOURS = {"1": "#92c5de", "2": "#1b7837", "3": "#f4a582", "4": "#b2182b", "0": "#999999"}
COOPERATION, CONFLICT, MIXED = "#1b7837", "#b2182b", "#888888"


def colour(key: str, by: str = "type") -> str:
    return (QUAD_COLOURS if by == "quad" else TYPE_COLOURS).get(key, "#999999")


def events_link(filters: dict, **more) -> str:
    """The event explorer's address for these filters."""
    return "/events?" + urlencode({**filters, **{k: v for k, v in more.items() if v is not None}})


def timeline_bars(tl: dict, width: int = 960, height: int = 280) -> dict:
    """Stacked bars for :func:`eventwire.queries.timeline`: one column per period, one rect per
    key, each linking to its events.  Returns ``{"bars", "ticks", "width", "height", "max"}``."""
    buckets = tl["buckets"]
    top = max((b["total"] for b in buckets), default=0) or 1
    n = max(len(buckets), 1)
    step = width / n
    bar_w = max(step * 0.8, 1)
    bars = []
    for i, b in enumerate(buckets):
        y = height
        for key in tl["keys"]:
            count = b["counts"].get(key, 0)
            if not count:
                continue
            h = count / top * height
            y -= h
            pick = {"quad": key} if tl["by"] == "quad" else {"type": key}
            bars.append({"x": round(i * step + (step - bar_w) / 2, 2), "y": round(y, 2), "w": round(bar_w, 2),
                         "h": round(h, 2), "key": key, "label": tl["labels"][key], "n": count,
                         "period": b["period"], "colour": colour(key, tl["by"]),
                         "href": events_link({**tl["filters"], **pick}, date_from=b["start"], date_to=b["end"],
                                             precision=INTERVAL_PRECISION[tl["interval"]])})
    every = max(1, math.ceil(n / 12))
    ticks = [{"x": round(i * step + step / 2, 2), "label": b["period"]} for i, b in enumerate(buckets) if i % every == 0]
    return {"bars": bars, "ticks": ticks, "width": width, "height": height, "max": top}


@cache
def world() -> dict:
    """The bundled country outlines (see ``static/LICENCES.md``), loaded once."""
    return json.loads(WORLD.read_text(encoding="utf-8"))


def project(lat: float, lon: float) -> tuple[float, float]:
    """Longitude/latitude to the map's coordinates (equirectangular, degrees)."""
    return round(lon + 180, 2), round(90 - lat, 2)


def map_shapes(countries: list[dict]) -> list[dict]:
    """Every country outline with its event count and a fill shaded by that count."""
    counts = {c["country"]: c["events"] for c in countries}
    top = max(counts.values(), default=0) or 1
    shapes = []
    for c in world()["countries"]:
        n = counts.get(c["iso"], 0)
        shade = "#e8e8e8" if not n else f"rgba(178, 24, 43, {0.2 + 0.8 * math.sqrt(n / top):.2f})"
        shapes.append({**c, "n": n, "fill": shade})
    return shapes


def map_points(places: list[dict]) -> list[dict]:
    top = max((p["events"] for p in places), default=0) or 1
    out = []
    for p in places:
        x, y = project(p["lat"], p["lon"])
        out.append({**p, "x": x, "y": y, "r": round(0.8 + 2.2 * math.sqrt(p["events"] / top), 2)})
    return out


def network_layout(pairs: list[dict], width: int = 900, height: int = 480, rounds: int = 200) -> dict:
    """A force-directed layout (Fruchterman-Reingold with a pull to the centre) of actor ->
    recipient pairs; deterministic: the same pairs give the same picture.  Edge width grows
    with the number of events; colour says whether they were mostly cooperation or conflict."""
    names: dict[str, dict] = {}
    for p in pairs:
        for role in ("actor", "recipient"):
            node = names.setdefault(p[role], {"name": p[role], "country": p[f"{role}_country"], "events": 0})
            node["events"] += p["events"]
    nodes = list(names.values())
    index = {n["name"]: i for i, n in enumerate(nodes)}
    links = [(index[p["actor"]], index[p["recipient"]]) for p in pairs]
    n = len(nodes)
    cx, cy, margin = width / 2, height / 2, 70
    k = max(0.3 * math.sqrt(width * height / max(n, 1)), 150)  # room for the labels of a pair
    pos = [[cx + 0.35 * width * math.cos(2 * math.pi * i / max(n, 1)),
            cy + 0.35 * height * math.sin(2 * math.pi * i / max(n, 1))] for i in range(n)]
    for r in range(rounds):
        temp = 0.1 * width * (1 - r / rounds) + 1
        move = [[0.0, 0.0] for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                d = math.hypot(dx, dy) or 0.01
                f = k * k / d / d
                move[i][0] += dx * f; move[i][1] += dy * f
                move[j][0] -= dx * f; move[j][1] -= dy * f
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.hypot(dx, dy) or 0.01
            f = d / k
            move[a][0] -= dx * f; move[a][1] -= dy * f
            move[b][0] += dx * f; move[b][1] += dy * f
        for i in range(n):
            mx, my = move[i][0] - 0.3 * (pos[i][0] - cx), move[i][1] - 0.3 * (pos[i][1] - cy)
            d = math.hypot(mx, my) or 1
            pos[i][0] = min(width - margin, max(margin, pos[i][0] + mx / d * min(d, temp)))
            pos[i][1] = min(height - margin / 2, max(margin / 2, pos[i][1] + my / d * min(d, temp)))
    top = max((x["events"] for x in nodes), default=1)
    neighbours: dict[int, list[int]] = {i: [] for i in range(n)}
    for a, b in links:
        neighbours[a].append(b)
        neighbours[b].append(a)
    for i, (node, (x, y)) in enumerate(zip(nodes, pos)):
        r = round(6 + 10 * math.sqrt(node["events"] / top), 1)
        # the label goes on the side away from the node's neighbours (above the left one of a
        # side-by-side pair), so that it crosses neither their edges nor their names
        near = neighbours[i] or [i]
        dx = sum(pos[j][0] for j in near) / len(near) - x
        dy = sum(pos[j][1] for j in near) / len(near) - y
        above = dy > 0 if abs(dy) >= abs(dx) else dx > 0
        node.update(x=round(x, 1), y=round(y, 1), r=r, label_y=round(y - r - 5 if above else y + r + 15, 1))
    most = max((p["events"] for p in pairs), default=1)
    edges = []
    for p, (a, b) in zip(pairs, links):
        tone = COOPERATION if p["cooperation"] > p["conflict"] else CONFLICT if p["conflict"] > p["cooperation"] else MIXED
        (x1, y1), (x2, y2), r1, r2 = pos[a], pos[b], nodes[a]["r"], nodes[b]["r"] + 3
        d = math.hypot(x2 - x1, y2 - y1) or 1  # the line runs from rim to rim, so the arrow shows
        edges.append({"x1": round(x1 + (x2 - x1) * r1 / d, 1), "y1": round(y1 + (y2 - y1) * r1 / d, 1),
                      "x2": round(x2 - (x2 - x1) * r2 / d, 1), "y2": round(y2 - (y2 - y1) * r2 / d, 1),
                      "width": round(1.5 + 5 * p["events"] / most, 1), "colour": tone, **p})
    return {"nodes": nodes, "edges": edges, "width": width, "height": height}
