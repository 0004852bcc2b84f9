"""Offline geocoding: countries, Norwegian exonyms, curated regions, ambiguous names."""
from __future__ import annotations

import pytest

from eventwire.geo import context_of, geocode


@pytest.mark.parametrize("name, country, feature", [
    ("Moskva", "RUS", "city"), ("Kairo", "EGY", "city"), ("Peking", "CHN", "city"),
    ("Beijing", "CHN", "city"), ("København", "DNK", "city"), ("Hanoi", "VNM", "city"),
    ("Nord-Korea", "PRK", "country"), ("Sør-Korea", "KOR", "country"), ("Vietnams", "VNM", "country"),
    ("Texas", "USA", "adm1"), ("Koreahalvøya", None, "peninsula"),
])
def test_geocode_names_and_exonyms(name, country, feature):
    geo = geocode(name)
    assert (geo.country, geo.feature) == (country, feature)


def test_hanoi_coordinates():
    geo = geocode("Hanoi")
    assert abs(geo.lat - 21.03) < 0.1 and abs(geo.lon - 105.85) < 0.1 and geo.geonameid


def test_ambiguous_city_defaults_to_the_most_populous():
    assert geocode("Paris").country == "FRA"


def test_ambiguous_city_follows_the_state_the_article_names():
    country, state = context_of("Texas")
    geo = geocode("Paris", {country}, {state})
    assert geo.country == "USA" and 33 < geo.lat < 34.5


def test_ambiguous_city_follows_the_country_the_article_names():
    assert geocode("Paris", {"USA"}).country == "USA"
    assert geocode("Paris", {"FRA"}).country == "FRA"


def test_unknown_place():
    assert geocode("Xyzzyborg") is None
