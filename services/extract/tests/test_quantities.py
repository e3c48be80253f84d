"""Quantity parsing: every example from the extraction issue, plus things that must not count."""

from __future__ import annotations

import pytest

from claimstream.services.extract.figures.quantities import find_quantities


def _one(text: str) -> tuple[float, str | None, str | None]:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0].value, found[0].unit, found[0].approx


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("in just three weeks of fighting", 3, "week"),
        ("one-third of the troops", 0.333, "fraction"),
        ("half of the force", 0.5, "fraction"),
        ("50% of the force", 50, "percent"),
        ("a 2.5km stretch", 2.5, "km"),
        ("5,937 soldiers", 5937, None),
        ("$2.5 billion in aid", 2.5e9, "usd"),
        ("2.7 million people", 2.7e6, None),
        ("twenty-five people", 25, None),
        ("Rs 24 lakh", 2.4e6, "inr"),
    ],
)
def test_values_and_units(text: str, value: float, unit: str | None) -> None:
    got_value, got_unit, _ = _one(text)
    assert got_value == pytest.approx(value, rel=1e-3)
    assert got_unit == unit


def test_area_with_conversion_in_parentheses() -> None:
    first, second = find_quantities("seizing more than 1,000 sq km (386 sq miles) of Russian territory")
    assert (first.value, first.unit, first.approx) == (1000, "sq km", "more than")
    assert (second.value, second.unit) == (386, "sq mi")
    assert first.normalized_unit == second.normalized_unit == "m2"
    assert first.normalized_value == pytest.approx(1e9)


def test_areas_in_different_units_compare() -> None:
    (miles,) = find_quantities("500 square miles")
    (km,) = find_quantities("1,295 km²")
    assert miles.normalized_value == pytest.approx(km.normalized_value, rel=1e-3)


def test_plus_suffix_is_an_approximator() -> None:
    assert _one("the 1000+ square kilometers") == (1000, "sq km", "+")


@pytest.mark.parametrize("approx", ["about", "approximately", "nearly", "over", "more than", "at least", "up to"])
def test_approximators(approx: str) -> None:
    assert _one(f"{approx} 300 soldiers")[2] == approx


def test_range_shares_scale_and_currency() -> None:
    low, high = find_quantities("the $40-50 billion in purchases")
    assert (low.value, high.value) == (40e9, 50e9)
    assert low.unit == high.unit == "usd"


@pytest.mark.parametrize(
    "text",
    [
        "in 2024",
        "on November 5",
        "5 November",
        "the first time",
        "the 21st century",
        "at 10:30",
        "KN-23 missiles",
        "F-16 jets",
        "COVID-19",
        "the 1990s",
        "with one claiming he was told",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize("text", ["", "   ", "9" * 400, "1e999999", "∞ %", "١٢٣", "$", "one-", "--5--"])
def test_never_raises(text: str) -> None:
    find_quantities(text)
