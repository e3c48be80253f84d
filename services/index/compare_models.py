"""Response model of ``GET /claims/compare`` (the OpenAPI contract; built by :mod:`compare`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CompareReading(BaseModel):
    """One source's figure for the measure."""

    value: float = Field(..., description="The number as written (0.5 for 'half').", examples=[0.5])
    approx: str | None = Field(
        None, description="Approximator as written: about, at least, ...", examples=["approximately"]
    )
    text: str = Field(..., description="Surface text of the figure.", examples=["half"])
    reported: str = Field(
        ...,
        description="The figure with the words around it in its claim.",
        examples=["approximately half of the 12,000 North Korean troops sent"],
    )
    event: str | None = Field(
        None,
        description="What happened to the subject in this reading (shared.taxonomy.EVENTS); null for a bare count.",
        examples=["lost"],
    )
    unit: str | None = Field(None, description="Unit of the absolute figure, when not a count.", examples=[None])
    interval: list[float | None] = Field(
        ...,
        min_length=2,
        max_length=2,
        description="[low, high] the hedge allows, absolute scale; high null: unbounded (at least).",
        examples=[[5400.0, 6600.0]],
    )
    absolute: list[float] = Field(
        ...,
        min_length=2,
        max_length=2,
        description="[low, high] absolute figure (relative × of for a share of a known base).",
        examples=[[6000.0, 6000.0]],
    )
    relative: list[float] | None = Field(
        None, description="[low, high] share of `of`, for relative figures.", examples=[[0.5, 0.5]]
    )
    of: float | None = Field(None, description="Base of a relative figure.", examples=[12000.0])
    derived: str | None = Field(
        None,
        description="How the figure was computed from others of the claim.",
        examples=["sum of 300 killed and 2,700 wounded"],
    )
    speaker: str = Field(
        ..., description="Canonical speaker; the outlet for its own statements.", examples=["Oleksandr Syrskyi"]
    )
    speaker_kind: str | None = Field(
        None, description="person, organization, group, country, anonymous, outlet.", examples=["person"]
    )
    cue: str | None = Field(
        None, description="Attribution cue: said, told, according to, ...", examples=["according to"]
    )
    outlet: str | None = Field(None, description="Outlet of the article.", examples=["Euromaidan Press"])
    published_at: str | None = Field(
        None, description="Publication time of the article.", examples=["2025-03-01T00:00:00Z"]
    )
    claim_id: str = Field(..., description="Id of the claim.", examples=["bc3f366a0ec990e662f5a6e4d952bc80"])
    article_id: str = Field(
        ..., description="Id of the claim's article.", examples=["bb80e5b0855d4e8df63eb038f0a04226"]
    )
    story_id: str | None = Field(
        None, description="Story of the claim's article.", examples=["089e6805281f10eb887cb2f74e1ab1da"]
    )
    claim: str = Field(
        ..., description="The claim's text.", examples=["approximately half of the 12,000 ... have been lost"]
    )
    side: str | None = Field(
        None,
        description="Whose subject the figure counts (nationality, side or owner) as written; null when it names none.",
        examples=["North Korean"],
    )
    placed: Literal["article", "story"] | None = Field(
        None,
        description="Set when the subject named no side and took the one side its article (else its story) "
        "gives that subject.",
        examples=["article"],
    )
    period: str | None = Field(
        None, description="The period the figure covers, as stated; null when unstated.", examples=["since 2022"]
    )
    period_dates: list[str | None] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="[first, last] day of the period (ISO dates), resolved against the publication date; null "
        "ends when a relative period has no date to resolve against.",
        examples=[["2022-01-01", "2025-03-01"]],
    )
    origin: str = Field(
        "",
        description="Where the figure comes from: the original speaker with the first intermediary, canonical "
        "('Oleksandr Syrskyi via The New York Times'); unnamed speakers ('officials') with the outlet that heard "
        "them; an outlet's own statement: the outlet. Readings with one origin are one source.",
        examples=["Oleksandr Syrskyi via The New York Times"],
    )
    via: list[str] = Field(
        default_factory=list,
        description="Intermediaries between the speaker and the outlet, nearest the speaker first (canonical).",
        examples=[["The New York Times"]],
    )
    first_hand: bool | None = Field(
        None,
        description="The speaker told the reporting outlet itself; null when the text does not say.",
        examples=[None],
    )
    chain: list[str] = Field(
        default_factory=list,
        description="Speaker, intermediaries and reporting outlet in the order the statement travelled.",
        examples=[["Oleksandr Syrskyi", "The New York Times", "Euromaidan Press"]],
    )
    copy_of: str | None = Field(
        None,
        description="Set when this reading's article is a copy: the id of the article it repeats (whose reading "
        "was not among the claims compared, so this one stands for it).",
        examples=[None],
    )
    also_carried_by: list[str] = Field(
        default_factory=list,
        description="Outlets of copies (same text, other URL or outlet) folded into this reading; never sources.",
        examples=[["Scraper Daily"]],
    )


class OriginGroup(BaseModel):
    """A group's readings that come from one origin (one independent source, however many outlets carry it)."""

    origin: str = Field(..., description="The origin (see CompareReading.origin).", examples=["Gen. X via Reuters"])
    via: str | None = Field(None, description="Its first intermediary, if any.", examples=["Reuters"])
    readings: list[int] = Field(..., description="Positions of its readings in `readings`.", examples=[[0, 2, 3]])
    carried_by: list[str] = Field(
        ..., description="Outlets that carry it (copies included).", examples=[["Outlet A", "Outlet B", "Outlet C"]]
    )


class Disagreement(BaseModel):
    """Two readings, from different sources, that cannot both be right."""

    a: int = Field(..., ge=0, description="Position of one reading in `readings`.", examples=[0])
    b: int = Field(..., ge=0, description="Position of the other reading in `readings`.", examples=[3])
    relation: Literal["same", "part", "whole"] = Field(
        ...,
        description="same: like for like, intervals do not overlap; part/whole: reading a is a part/the whole "
        "of reading b and the part exceeds the whole.",
        examples=["same"],
    )
    reason: str = Field(
        ..., description="Why, with the figures.", examples=["2,700–3,300 and 5,400–6,600 do not overlap"]
    )
    gap: float = Field(
        ...,
        ge=0,
        description="Distance between the two intervals (pairs are listed largest gap first).",
        examples=[2100.0],
    )


class CompareGroup(BaseModel):
    """Every reading of one measure (subject class with its side + event family, periods that nest) about one
    event."""

    measure: str = Field(
        ..., description="Subject class and the narrowest event all readings nest in.", examples=["troops lost"]
    )
    subject: str = Field(
        ..., description="Subject class (troops, people, homes) or unit (m, usd).", examples=["troops"]
    )
    side: str | None = Field(
        None,
        description="Whose subject the group counts (nationality, side or owner), as most readings write it; "
        "readings of different sides are different measures.",
        examples=["North Korean"],
    )
    periods: list[str] = Field(
        ...,
        description="The stated periods of the readings; more than one only when they nest (a figure for the "
        "narrower period is compared as a part of the wider one).",
        examples=[["since 2022", "in the past three months"]],
    )
    event: str | None = Field(
        None, description="The narrowest event every reading's event nests in.", examples=["lost"]
    )
    events: list[str] = Field(..., description="The readings' own events.", examples=[["killed", "lost", "wounded"]])
    unit: str | None = Field(None, description="Unit, when not a count.", examples=[None])
    min: float = Field(
        ...,
        description="Lowest absolute figure of the readings like for like with `event` (its "
        "parts left out), else of all readings.",
        examples=[3000.0],
    )
    max: float = Field(..., description="Highest absolute figure, same readings as `min`.", examples=[6000.0])
    spread: float = Field(..., description="max - min.", examples=[3000.0])
    relative_spread: float = Field(..., description="(max - min) / max, rounded to 4 places.", examples=[0.5])
    values: list[float] = Field(
        ...,
        description="Distinct absolute figures (both ends of ranges), same readings as `min`.",
        examples=[[3000.0, 6000.0]],
    )
    outlets: list[str] = Field(..., description="Outlets of the readings.", examples=[["Olomo Times"]])
    n_sources: int = Field(..., ge=1, description="Distinct sources (outlet, or article, with speaker).", examples=[3])
    sources: int = Field(
        ..., ge=1, description="Outlets reporting the readings themselves (copies folded, not counted).", examples=[2]
    )
    independent_sources: int = Field(
        ...,
        ge=1,
        description="Distinct origins: three outlets relaying one report are one independent source.",
        examples=[3],
    )
    origins: list[OriginGroup] = Field(
        ..., description="The readings by origin, most widely carried first.", examples=[[]]
    )
    verdict: Literal["consistent", "disagree"] = Field(
        ..., description="disagree when any pair of readings disagrees.", examples=["disagree"]
    )
    discrepancy: bool = Field(..., description="verdict == disagree.", examples=[True])
    figures_differ: bool = Field(
        ..., description="The figures differ (max > min), even if within their hedges.", examples=[True]
    )
    summary: str = Field(
        ...,
        description="The verdict in words, naming origins and how many independent sources there are.",
        examples=["Sources disagree: ...; 3 independent sources (2 outlets)."],
    )
    disagreements: list[Disagreement] = Field(..., description="Every disagreeing pair.", examples=[[]])
    readings: list[CompareReading] = Field(..., description="Readings, by absolute figure.", examples=[[]])


class UnplacedReading(CompareReading):
    """A reading whose measure cannot be told: listed, never compared."""

    measure: str = Field(..., description="Subject class and event of the reading.", examples=["troops killed"])
    why: str = Field(
        ...,
        description="Why it is in no group.",
        examples=["'troops' names no side, and its article counts North Korean and Russian troops"],
    )


class MeasureAsked(BaseModel):
    """The measure a comparison query names (see ``measure_query.parse``)."""

    subjects: list[str] = Field(..., description="Subject classes asked for (any of them).", examples=[["troops"]])
    events: list[str] = Field(
        ..., description="Events asked for (any of them); each one's whole family is compared.", examples=[[]]
    )
    modifiers: list[str] = Field(
        ...,
        description="Other words: a reading whose subject has modifiers must share one.",
        examples=[["korean", "north"]],
    )


class CompareResponse(BaseModel):
    """Result of a comparison."""

    claims_compared: int = Field(..., ge=0, description="Claims with numbers compared.", examples=[7])
    claims_matching: int = Field(..., ge=0, description="Claims with numbers matching the request.", examples=[7])
    truncated: bool = Field(..., description="More claims matched than `limit` allowed to compare.", examples=[False])
    measure_query: MeasureAsked | None = Field(
        None,
        description="The measure `q` was read as, when it names one; then only readings of that measure are compared.",
    )
    groups: list[CompareGroup] = Field(..., description="Measures two or more sources report, disagreements first.")
    unplaced: list[UnplacedReading] = Field(
        default_factory=list,
        description="Readings whose subject names no side where their article (or story) counts several sides of "
        "it: listed, never mixed into a group.",
    )
