"""Build ``eventwire/web/static/world.json``: simplified country outlines for the web map.

The outlines are Natural Earth's 1:110m countries (public domain), as shipped inside the
geopandas 0.14 wheel on PyPI (``geopandas/datasets/naturalearth_lowres``).  This script reads
the shapefile itself (no GIS library needed), simplifies each ring (Douglas-Peucker), projects
it to plain longitude/latitude degrees (x = lon + 180, y = 90 - lat) and writes one SVG path per
country, keyed by ISO 3166-1 alpha-3.  Run it once at build time; the output is committed.

    python scripts/build_world.py            # downloads the wheel with pip into a temp folder
    python scripts/build_world.py WHEEL.whl  # or uses a wheel you already have
"""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "geopandas==0.14.4"
PREFIX = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parents[1] / "eventwire" / "web" / "static" / "world.json"
TOLERANCE = 0.25  # degrees
MIN_AREA = 0.3    # square degrees; smaller islands are dropped
LICENCE = ("Country outlines: Natural Earth 1:110m Admin 0 countries (naturalearthdata.com), "
           "public domain, taken from the geopandas 0.14.4 wheel and simplified by "
           "scripts/build_world.py.")


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """The records of a dBASE III table, every field as stripped text."""
    n, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(n):
        rec = data[header_len + i * record_len: header_len + (i + 1) * record_len]
        row, off = {}, 1  # the first byte is the deletion flag
        for name, size in fields:
            row[name] = rec[off:off + size].decode("utf-8", "replace").strip()
            off += size
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """The polygons of a shapefile: per record, its rings as (lon, lat) lists."""
    shapes, pos = [], 100
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8: pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (kind,) = struct.unpack("<i", body[:4])
        if kind == 0:
            shapes.append([])
            continue
        if kind != 5:
            raise ValueError(f"expected polygons in the shapefile, found shape type {kind}")
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts]))
        pts = struct.unpack(f"<{2 * n_points}d", body[44 + 4 * n_parts: 44 + 4 * n_parts + 16 * n_points])
        points = list(zip(pts[0::2], pts[1::2]))
        bounds = parts + [n_points]
        shapes.append([points[bounds[i]:bounds[i + 1]] for i in range(n_parts)])
    return shapes


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the points farther than ``tol`` from the simplified line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, far = d, i
        if far > 0 and best > tol:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(points, keep) if k]


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def path(rings: list[list[tuple[float, float]]]) -> str:
    out = []
    for ring in rings:
        pts = simplify(ring, TOLERANCE)
        if len(pts) < 4 or area(pts) < MIN_AREA:
            continue
        coords = " ".join(f"{lon + 180:.1f},{90 - lat:.1f}" for lon, lat in pts[:-1])
        out.append(f"M{coords}Z")
    return "".join(out)


def load_wheel(argv: list[str]) -> zipfile.ZipFile:
    if argv:
        return zipfile.ZipFile(argv[0])
    tmp = tempfile.mkdtemp(prefix="eventwire-world-")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", WHEEL, "-d", tmp], check=True)
    [wheel] = Path(tmp).glob("*.whl")
    return zipfile.ZipFile(io.BytesIO(wheel.read_bytes()))


def main(argv: list[str]) -> None:
    z = load_wheel(argv)
    rows = read_dbf(z.read(PREFIX + ".dbf"))
    shapes = read_shp(z.read(PREFIX + ".shp"))
    countries = []
    for row, rings in zip(rows, shapes):
        d = path(rings)
        iso = row.get("iso_a3", "")
        if d and iso and iso != "-99":
            countries.append({"iso": iso, "name": row.get("name", iso), "d": d})
    countries.sort(key=lambda c: c["iso"])
    OUT.write_text(json.dumps({"licence": LICENCE, "viewbox": [0, 0, 360, 180], "countries": countries},
                              ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries to {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])
