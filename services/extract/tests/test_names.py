"""Speaker canonicalisation and the per-article registry."""

from __future__ import annotations

from claimstream.services.extract.attribution.names import SpeakerRegistry, canonical_form


def test_transliteration_and_titles_collapse() -> None:
    forms = {
        canonical_form(n)
        for n in ("Oleksandr Syrskyi", "Oleksandr Syrsky", "Gen. Oleksandr Syrskyi", "Oleksandr Syrskiy")
    }
    assert forms == {"Oleksandr Syrskyi"}
    assert canonical_form("President Volodymyr Zelenskyy") == canonical_form("Volodymyr Zelensky")


def test_possessive_article_and_diacritics() -> None:
    assert canonical_form("The New York Times") == "New York Times"
    assert canonical_form("José Martí's") == "Jose Marti"


def test_surname_resolves_to_full_name() -> None:
    registry = SpeakerRegistry()
    registry.note_name("Seth Jones", "person")
    assert registry.resolve("Jones", "person", None)[3] == "Seth Jones"


def test_acronym_resolves_to_organisation() -> None:
    registry = SpeakerRegistry()
    registry.note_name("The New York Times", "organization")
    assert registry.resolve("NYT", "organization", None)[3] == "New York Times"


def test_pronoun_and_description_point_back() -> None:
    registry = SpeakerRegistry()
    registry.resolve("Dmitry Peskov", "person", "Kremlin spokesman")
    registry.resolve("Ministry of Defence", "organization", None)
    assert registry.resolve("He", "person", None)[0] == "Dmitry Peskov"
    assert registry.resolve("the spokesman", "person", None)[3] == "Dmitry Peskov"
