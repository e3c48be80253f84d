"""shared/outlets.py: one canonical name per outlet or agency, whatever the spelling."""

from __future__ import annotations

import pytest

from claimstream.shared import outlets


@pytest.mark.parametrize(
    ("name", "canonical", "kind"),
    [
        ("NYT", "The New York Times", "outlet"),
        ("the New York Times", "The New York Times", "outlet"),
        ("New York Times'", "The New York Times", "outlet"),
        ("https://www.nytimes.com/2025/01/01/world/x.html", "The New York Times", "outlet"),
        ("AFP", "Agence France-Presse", "agency"),
        ("Agence France Presse", "Agence France-Presse", "agency"),
        ("South Korea’s Yonhap news agency", "Yonhap", "agency"),
        ("Yonhap News Agency", "Yonhap", "agency"),
        ("the BBC", "BBC", "outlet"),
        ("BBC News", "BBC", "outlet"),
        ("bbc.co.uk", "BBC", "outlet"),
        ("ITAR-TASS", "TASS", "agency"),
        ("the Kyodo news service", "Kyodo", "agency"),
        ("WSJ", "The Wall Street Journal", "outlet"),
    ],
)
def test_spellings_fold_to_one_canonical_outlet(name: str, canonical: str, kind: str) -> None:
    known = outlets.lookup(name)
    assert known is not None and (known.canonical, known.kind) == (canonical, kind)
    assert outlets.canonical(name) == canonical


def test_unknown_names_stay_themselves_and_same_outlet_compares_canonical_names() -> None:
    assert outlets.lookup("Olomo Times") is None and outlets.canonical("the Olomo Times.") == "Olomo Times"
    assert outlets.same_outlet("told the BBC", "BBC News") is False  # a phrase is not a name
    assert outlets.same_outlet("the BBC", "BBC News") and outlets.same_outlet("NYT", "nytimes.com")
    assert outlets.same_outlet("the Olomo Times", "Olomo Times")
    assert not outlets.same_outlet("Reuters", "Kyiv Post") and not outlets.same_outlet(None, "Kyiv Post")


def test_names_shaped_like_outlets() -> None:
    assert outlets.looks_like_outlet("the Olomo Times") and outlets.looks_like_outlet("Seoul Daily")
    assert outlets.looks_like_outlet("Reuters")
    assert not outlets.looks_like_outlet("Seth Jones") and not outlets.looks_like_outlet("the Pentagon")


def test_every_alias_names_one_outlet() -> None:
    seen: dict[str, str] = {}
    for outlet in outlets.OUTLETS:
        for name in (outlet.canonical, *outlet.aliases):
            key = outlets.fold(name)
            assert seen.setdefault(key, outlet.canonical) == outlet.canonical, name


def test_an_intelligence_or_space_agency_is_no_news_outlet() -> None:
    assert not outlets.looks_like_outlet("South Korea's intelligence agency")
    assert not outlets.looks_like_outlet("the National Space Agency")
    assert outlets.looks_like_outlet("the Varnel News Agency") and outlets.looks_like_outlet("Harbor Gazette")
