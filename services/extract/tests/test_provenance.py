"""attribution/provenance.py: who passed a claim on (via, first_hand, copy_of), through the whole extractor, on
invented sentences (outlets named in shared/outlets.py or shaped like a newspaper's)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.extract.attribution import provenance
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared.events import ArticleCleaned, ArticleRef, ClaimExtracted

NOW = datetime(2026, 2, 3, tzinfo=UTC)


def _claims(extractor: ClaimExtractor, text: str, outlet: str = "Valley Courier", **kw: object) -> list[ClaimExtracted]:
    article = ArticleCleaned(article_id="p1", text=text, outlet=outlet, ingested_at=NOW, **kw)  # type: ignore[arg-type]
    return extractor.extract(article)


def _one(claims: list[ClaimExtracted], key: str) -> ClaimExtracted:
    hits = [c for c in claims if key in c.sentence or key in c.text]
    assert hits, [c.sentence for c in claims]
    return hits[0]


def _chain(claim: ClaimExtracted) -> tuple[str, list[str], bool | None]:
    return claim.speaker.name, [v.canonical for v in claim.via], claim.first_hand


@pytest.mark.parametrize(
    ("sentence", "speaker", "via"),
    [
        ("Mayor Ilse Brandt said 40 civilians were killed, according to AFP.", "Ilse Brandt", ["Agence France-Presse"]),
        ("Officials told Reuters that 300 homes were destroyed in the flood.", "Officials", ["Reuters"]),
        ("Speaking to the BBC, Tavi Renn said 42 people had died.", "Tavi Renn", ["BBC"]),
        ("Ilse Brandt said in an interview with CNN that 40 people died.", "Ilse Brandt", ["CNN"]),
        ("Ilse Brandt said 40 people died, the Associated Press reported.", "Ilse Brandt", ["Associated Press"]),
        ("Officials said 40 people died, as reported by the Kyiv Independent.", "Officials", ["The Kyiv Independent"]),
        (
            "According to the NYT, General Pavel Orlov estimated that 6,000 troops were lost.",
            "Pavel Orlov",
            ["The New York Times"],
        ),
    ],
)
def test_an_intermediary_in_the_sentence_is_via_not_the_speaker(
    extractor: ClaimExtractor, sentence: str, speaker: str, via: list[str]
) -> None:
    claim = _one(_claims(extractor, sentence), sentence[:12])
    name, chain, first = _chain(claim)
    assert speaker in name and chain == via and first is None


@pytest.mark.parametrize(
    ("sentence", "speaker", "kind"),
    [
        (
            "The Harbor Gazette reports, citing port officials speaking on condition of anonymity, that 200 "
            "containers were lost.",
            "port officials",
            "anonymous",
        ),
        ("The Harbor Gazette says port officials believe 200 containers were lost at sea.", "port officials", "group"),
        (
            "The Harbor Gazette quoted Mayor Ilse Brandt as saying that 40 people had died.",
            "Ilse Brandt",
            "person",
        ),
        (
            "According to the Harbor Gazette, which cited port officials, 200 containers were lost.",
            "port officials",
            "group",
        ),
        (
            "Citing port officials, the Harbor Gazette reported that 200 containers were lost.",
            "port officials",
            "group",
        ),
        (
            "A Harbor Gazette report said that 200 containers were lost, citing port officials.",
            "port officials",
            "group",
        ),
        (
            "According to the Harbor Gazette, Ilse Brandt, the city's mayor, said that 40 people had died.",
            "Ilse Brandt",
            "person",
        ),
    ],
)
def test_an_outlet_that_cites_someone_is_an_intermediary(
    extractor: ClaimExtractor, sentence: str, speaker: str, kind: str
) -> None:
    claim = _one(_claims(extractor, sentence), sentence[:12])
    assert speaker in claim.speaker.name and claim.speaker.kind == kind
    assert [(v.name, v.canonical, v.kind) for v in claim.via] == [("Harbor Gazette", "Harbor Gazette", "outlet")]


def test_an_outlet_citing_nobody_is_the_speaker_and_other_names_are_no_outlets(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor,
        "According to the Harbor Gazette, 40 people died in the blast. "
        "According to the interior ministry, 12 bridges were damaged. "
        "Ilse Brandt told reporters that 300 homes had been destroyed. "
        "The National Weather Service (NWS) reported 180 millimetres of rain.",
    )
    gazette = _one(claims, "40 people died")
    assert "Harbor Gazette" in gazette.speaker.name and gazette.via == []
    assert all(c.via == [] and c.first_hand is None for c in claims)


def test_told_the_reporting_outlet_itself_is_first_hand(extractor: ClaimExtractor) -> None:
    text = "Colonel Tavi Renn told the BBC that 42 civilians were killed in the strike."
    own = _one(_claims(extractor, text, outlet="BBC News"), "42 civilians")
    assert _chain(own) == ("Tavi Renn", [], True)
    other = _one(_claims(extractor, text, outlet="Valley Courier"), "42 civilians")
    assert _chain(other) == ("Tavi Renn", ["BBC"], None)


def test_told_this_newspaper_is_first_hand(extractor: ClaimExtractor) -> None:
    claim = _one(_claims(extractor, "Tavi Renn told this newspaper that 42 civilians were killed."), "42 civilians")
    assert _chain(claim) == ("Tavi Renn", [], True)


def test_a_quote_going_on_keeps_its_intermediary(extractor: ClaimExtractor) -> None:
    claims = _claims(
        extractor,
        "“The losses were heavy,” Brandt said, according to South Korea’s Yonhap news agency. “By our count, "
        "about 40 people died.”\nIn a separate statement, the port authority said 12 ships were damaged.",
    )
    first, going_on = _one(claims, "losses were heavy"), _one(claims, "By our count")
    assert [v.canonical for v in first.via] == [v.canonical for v in going_on.via] == ["Yonhap"]
    assert first.via[0].kind == "agency" and "Yonhap" in first.via[0].name
    assert _one(claims, "12 ships").via == []


@pytest.mark.parametrize(
    ("credit", "via"),
    [
        ("KYIV (Reuters) - ", "Reuters"),
        (
            "",
            "The New York Times",
        ),
        ("", "Valley Courier"),
        ("", "Agence France-Presse"),
        ("", "Associated Press"),
    ],
)
def test_an_article_level_credit_applies_to_claims_without_a_nearer_one(
    extractor: ClaimExtractor, credit: str, via: str
) -> None:
    footer = {
        "The New York Times": "\nThis article originally appeared in The New York Times.",
        "Valley Courier": "\nSource: Valley Courier",
        "Agence France-Presse": "\nWith reference to AFP.",
        "Associated Press": "\nThe Associated Press contributed to this report.",
    }.get(via, "")
    text = (
        f"{credit}At least 12 people were killed in the shelling, the regional governor said.\n"
        "Tavi Renn told the Harbor Gazette that 300 homes were destroyed.\n"
        f"The army said it had deployed 2,000 troops.{footer}"
    )
    claims = _claims(extractor, text, outlet="Plains Record")
    assert [v.canonical for v in _one(claims, "12 people").via] == [via]
    assert [v.canonical for v in _one(claims, "2,000 troops").via] == [via]
    assert [v.canonical for v in _one(claims, "300 homes").via] == ["Harbor Gazette"]  # the nearer one


def test_the_own_outlets_credit_is_no_intermediary(extractor: ClaimExtractor) -> None:
    text = "KYIV (Reuters) - At least 12 people were killed in the shelling, the regional governor said."
    assert _one(_claims(extractor, text, outlet="Reuters"), "12 people").via == []


def test_claims_of_a_copy_carry_copy_of(extractor: ClaimExtractor) -> None:
    original = ArticleRef(article_id="orig1", outlet="Harbor Gazette")
    claims = _claims(extractor, "The mayor said 40 people died. The army said 12 bridges fell.", copy_of=original)
    assert len(claims) == 2 and all(c.copy_of == original for c in claims)
    assert all(c.copy_of is None for c in _claims(extractor, "The mayor said 40 people died."))


def test_cited_speaker_kinds() -> None:
    assert provenance.cited_speaker("Ukrainian and US officials") is not None
    assert provenance.cited_speaker("Ukrainian and US officials").kind == "group"  # type: ignore[union-attr]
    assert provenance.cited_speaker("people").kind == "anonymous"  # type: ignore[union-attr]
    assert provenance.cited_speaker("two unnamed officials").kind == "anonymous"  # type: ignore[union-attr]
    assert provenance.cited_speaker("Ilse Brandt").kind == "person"  # type: ignore[union-attr]
    assert provenance.cited_speaker("the Defence Ministry").kind == "organization"  # type: ignore[union-attr]
    assert provenance.cited_speaker("it would take weeks") is None
    assert provenance.cited_speaker("officials who said that") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Ilse Brandt told AFP that 40 people died, Yonhap reported.",
        "According to Yonhap, Ilse Brandt told AFP that 40 people died.",
    ],
)
def test_a_chain_of_two_intermediaries_runs_from_the_speaker(extractor: ClaimExtractor, sentence: str) -> None:
    claim = _one(_claims(extractor, sentence), "40 people")
    assert _chain(claim) == ("Ilse Brandt", ["Agence France-Presse", "Yonhap"], None)
