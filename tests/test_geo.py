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


NORWAY = frozenset({"NOR"})


def test_regions_beat_same_named_towns():
    geo = geocode("Norden", home=NORWAY)
    assert (geo.country, geo.feature) == (None, "region")
    assert geocode("Skandinavia").feature == "region"


def test_home_country_settles_ambiguous_names_but_article_countries_come_first():
    assert geocode("Bergen", home=NORWAY).country == "NOR"
    assert geocode("Hemsedal", home=NORWAY).country == "NOR"  # a village under 15 000
    assert geocode("Paris", home=NORWAY).country == "FRA"  # no Paris in Norway
    assert geocode("Paris", {"USA"}, home=NORWAY).country == "USA"


def test_a_us_state_beats_a_small_town_of_its_name():
    assert (geocode("Colorado").country, geocode("Colorado").feature) == ("USA", "adm1")
    assert geocode("Washington").feature == "city"  # news means the capital, not the state
