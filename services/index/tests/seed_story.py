"""The seeds-dev story (two reports of North Korean troops in Kursk) as hand-labelled claims: the quantity fields
an extractor is meant to fill (``/work/shared/seeds-dev/compare_expected.json``), so comparison and explorer
tests do not wait for extraction. Used by the unit tests and the explorer's browser test."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Quantity, Speaker

STORY = "seedstory"
ARTICLES = {"seed-a0": "Euromaidan Press", "seed-a2": "Olomo Times"}
WHEN = datetime(2025, 3, 1, tzinfo=UTC)
NK = "North Korean troops"


def _q(value: float, text: str, **kw: Any) -> Quantity:
    return Quantity(value=value, text=text, **kw)


def _claim(
    cid: str, article: str, speaker: str, text: str, quantities: list[Quantity], kind: str = "person"
) -> ClaimExtracted:
    return ClaimExtracted(
        claim_id=cid,
        article_id=article,
        outlet=ARTICLES[article],
        published_at=WHEN,
        text=text,
        sentence=text,
        span=(0, len(text)),
        speaker=Speaker(name=speaker, kind=kind, canonical=speaker),
        cue="said",
        attribution="indirect",
        quantities=quantities,
    )


def claims() -> list[ClaimExtracted]:
    """The story's claims with numbers, labelled."""
    return [
        _claim(
            "seed-s1",
            "seed-a0",
            "Oleksandr Syrskyi",
            "approximately half of the 12,000 North Korean troops sent to Russia in November have been lost",
            [
                _q(
                    0.5,
                    "half",
                    unit="fraction",
                    approx="approximately",
                    subject=NK,
                    event="lost",
                    relative=(0.5, 0.5),
                    of=12000,
                    interval=(5400, 6600),
                    absolute=(6000, 6000),
                ),
                _q(
                    12000,
                    "12,000",
                    counts="troop",
                    subject=NK,
                    event="deployed",
                    interval=(12000, 12000),
                    absolute=(12000, 12000),
                ),
            ],
        ),
        _claim(
            "seed-o1",
            "seed-a2",
            "National Intelligence Service",
            "the withdrawal of North Korean forces from the Kursk region, where approximately 11,000 troops had been stationed",
            [
                _q(
                    11000,
                    "11,000",
                    counts="troop",
                    approx="approximately",
                    subject=NK,
                    event="deployed",
                    interval=(9900, 12100),
                    absolute=(11000, 11000),
                )
            ],
            kind="organization",
        ),
        _claim(
            "seed-o2",
            "seed-a2",
            "Seoul's intelligence officials",
            "about 300 North Korean soldiers were killed and 2,700 wounded during their deployment",
            [
                _q(
                    300,
                    "300",
                    counts="soldier",
                    approx="about",
                    subject="North Korean soldiers",
                    event="killed",
                    interval=(270, 330),
                    absolute=(300, 300),
                ),
                _q(
                    2700,
                    "2,700",
                    subject="North Korean soldiers",
                    event="wounded",
                    interval=(2700, 2700),
                    absolute=(2700, 2700),
                ),
                _q(
                    3000,
                    "300 killed and 2,700 wounded",
                    approx="about",
                    subject="North Korean soldiers",
                    event="killed or wounded",
                    interval=(2970, 3030),
                    absolute=(3000, 3000),
                    derived="sum of 300 killed and 2,700 wounded",
                ),
            ],
            kind="group",
        ),
        _claim(
            "seed-o3",
            "seed-a2",
            "Seth Jones",
            "the casualty figures as staggering for a force of about 11,000 troops",
            [
                _q(
                    11000,
                    "11,000",
                    counts="troop",
                    approx="about",
                    subject="troops",
                    interval=(9900, 12100),
                    absolute=(11000, 11000),
                )
            ],
        ),
        _claim(
            "seed-o4",
            "seed-a2",
            "Seth Jones",
            "somewhere between a third and probably on the real high end, maybe 50% casualties among the North Korean forces",
            [
                _q(
                    0.333,
                    "a third",
                    unit="fraction",
                    subject="North Korean forces",
                    event="killed or wounded",
                    relative=(0.333, 0.5),
                    of=11000,
                    interval=(3663, 5500),
                    absolute=(3663, 5500),
                )
            ],
        ),
    ]


def articles() -> list[ArticleCleaned]:
    return [
        ArticleCleaned(
            article_id=aid,
            outlet=outlet,
            title=f"North Korean troops in Kursk ({outlet})",
            language="en",
            published_at=WHEN,
            ingested_at=WHEN,
            text="(hand-labelled seed story)",
        )
        for aid, outlet in ARTICLES.items()
    ]


def claim_dicts() -> list[dict[str, Any]]:
    """The claims as index documents carry them (JSON, with their story)."""
    return [{**c.model_dump(mode="json"), "story_id": STORY} for c in claims()]
