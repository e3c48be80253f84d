"""Event schemas: one pydantic model per topic, JSON on the wire.

Contract rules (see README "Events"):
- every model carries ``schema_version: Literal[N]``;
- within a version, changes only *add* optional fields; a breaking change gets a new model and a new
  ``shared/examples/<topic>/v<N+1>/`` directory;
- the field names of :class:`ClaimExtracted` are a public contract used by the CLI, the API and downstream
  users.

Messages are keyed by ``article_id`` so everything about one article stays in one partition.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SpeakerKind = Literal["person", "organization", "group", "country", "anonymous", "outlet"]
Attribution = Literal["direct_quote", "indirect", "according_to", "unattributed"]
Stage = Literal["ingest", "extract", "index"]
Source = Literal["api", "url", "feed", "sitemap"]  # how an article entered ingest
IntermediaryKind = Literal["outlet", "agency", "organization", "person", "document"]
EXTRACTED_LANGUAGES = frozenset({"en"})


def claims_wanted(language: str | None) -> bool:
    """Whether extract looks for claims in text of ``language`` (ISO 639-1; None: unknown, so it tries).
    ingest marks the other articles with ``extraction_skipped_reason``."""
    return language is None or language in EXTRACTED_LANGUAGES


class _Event(BaseModel):
    # Unknown fields are ignored so that a consumer on version N keeps working when a producer adds
    # optional fields within the same schema version.
    model_config = ConfigDict(extra="ignore", frozen=True)


class ArticleRef(_Event):
    """Another article, by id and outlet (for a copy: the earlier article whose text it repeats)."""

    article_id: str = Field(
        ..., min_length=1, max_length=64, description="Id of the article.", examples=["aaa8a882f50cd492"]
    )
    outlet: str | None = Field(None, description="Outlet of the article, if known.", examples=["Kyiv Post"])


class Intermediary(_Event):
    """One link of a claim's provenance chain: who passed the statement on between its speaker and the outlet."""

    name: str = Field(..., description="Name as given in the text.", examples=["NYT"])
    canonical: str = Field(
        ...,
        description="Canonical name (one per outlet, agency or person across spellings).",
        examples=["The New York Times"],
    )
    kind: IntermediaryKind = Field(
        ..., description="outlet, agency, organization, person or document.", examples=["outlet"]
    )


class ArticleCleaned(_Event):
    """An article after cleaning. Topic ``articles.cleaned``; produced by ingest, consumed by extract and index."""

    schema_version: Literal[1] = Field(1, description="Schema version of this event.", examples=[1])
    article_id: str = Field(
        ...,
        min_length=1,
        max_length=64,
        description="Deterministic id: hash of the canonical URL, or of the normalized text when there is no URL.",
        examples=["a3f1c2d4e5b60718"],
    )
    url: str | None = Field(
        None, description="Canonical URL of the article, if known.", examples=["https://example.com/a"]
    )
    outlet: str | None = Field(None, description="Publishing outlet (site name or host).", examples=["Kyiv Post"])
    title: str | None = Field(None, description="Article headline.", examples=["North Korean troops in Kursk"])
    author: str | None = Field(None, description="Byline, as given.", examples=["Jane Doe"])
    published_at: datetime | None = Field(
        None, description="Publication time (UTC) if known.", examples=["2024-12-17T00:00:00Z"]
    )
    language: str | None = Field(None, description="ISO 639-1 code of the text's language.", examples=["en"])
    text: str = Field(
        ...,
        min_length=1,
        description="Cleaned main text; claim spans index into it.",
        examples=["Officials said 11,000 troops ..."],
    )
    ingested_at: datetime = Field(
        ..., description="When ingest accepted the article (UTC).", examples=["2024-12-17T10:00:00Z"]
    )
    date_rule: str | None = Field(
        None,
        description="Where published_at came from: page metadata, htmldate's text search, a dateline in the text, "
        "or the request/feed.",
        examples=["metadata"],
    )
    source: Source | None = Field(
        None,
        description="How the article entered: posted content (api), a URL fetched on request, a polled feed or sitemap.",
        examples=["feed"],
    )
    duplicate_of: str | None = Field(
        None,
        max_length=64,
        description="article_id of an earlier article with nearly the same text (MinHash); the article is kept.",
        examples=["aaa8a882f50cd492ef9d07edc163ba76"],
    )
    copy_of: ArticleRef | None = Field(
        None,
        description="The earlier article (id and outlet) whose text this one repeats under another URL or outlet "
        "(syndication, scraping); its claims are readings of that article, not independent ones.",
        examples=[{"article_id": "aaa8a882f50cd492", "outlet": "Kyiv Post"}],
    )
    extraction_skipped_reason: str | None = Field(
        None,
        description="Why no claims will be extracted from this article (e.g. its language), if so.",
        examples=["language is fr; claims are extracted from English text only"],
    )


class Speaker(_Event):
    """Who made a claim."""

    name: str = Field(..., description="Name as given in the text (surface form).", examples=["Gen. Oleksandr Syrskyi"])
    kind: SpeakerKind = Field(
        ..., description="person, organization, group, country, anonymous or outlet.", examples=["person"]
    )
    title: str | None = Field(None, description="Title or role, as given.", examples=["Ukraine's Commander-in-Chief"])
    canonical: str | None = Field(
        None,
        description="Canonical name that collapses spelling variants of one speaker.",
        examples=["Oleksandr Syrskyi"],
    )


class Quantity(_Event):
    """A number found in a claim."""

    value: float = Field(..., description="The number, e.g. 11000, 0.5 for 'half', 50 for '50%'.", examples=[11000.0])
    unit: str | None = Field(None, description="Unit: percent, fraction, km, sq km, week, usd, ...", examples=["km"])
    approx: str | None = Field(
        None, description="Approximator: about, nearly, more than, at least, up to ...", examples=["at least"]
    )
    counts: str | None = Field(None, description="What the number counts, as a lemma.", examples=["troop"])
    text: str = Field(..., description="Surface text of the quantity.", examples=["at least 1,000"])
    normalized_value: float | None = Field(
        None, description="Value in the SI unit (areas in m², distances in m).", examples=[1.0e9]
    )
    normalized_unit: str | None = Field(None, description="SI unit of normalized_value.", examples=["m2"])
    # What the figure measures (added within v1; absent on events from older producers). See shared/taxonomy.py.
    subject: str | None = Field(
        None,
        description="What is counted, normalised: subject class with its modifiers (soldiers/troops/forces fold "
        "to 'troops').",
        examples=["North Korean troops"],
    )
    event: str | None = Field(
        None,
        description="What happened to the subject, one of shared.taxonomy.EVENTS (deployed, killed, wounded, "
        "killed or wounded, lost, captured, missing, displaced, destroyed, damaged); None when unsaid or negated.",
        examples=["lost"],
    )
    relative: tuple[float, float] | None = Field(
        None,
        description="[low, high] share of `of` that the figure states ('half of the 12,000' -> [0.5, 0.5]; "
        "'a third to 50%' -> [0.333, 0.5]); 'halved' -> [0.5, 0.5], 'doubled' -> [2, 2].",
        examples=[[0.5, 0.5]],
    )
    of: float | None = Field(
        None, description="The base a relative figure is a share of, when the text gives it.", examples=[12000.0]
    )
    interval: tuple[float | None, float | None] | None = Field(
        None,
        description="[low, high] the hedged figure allows, in the figure's own scale (absolute when `absolute` "
        "is set); null high = unbounded ('at least'). about/approximately/around/some: ±10 %; nearly/almost: [0.9x, x]; "
        "at least/more than/over: [x, null]; up to/at most: [0, x]; 'between a and b': [a, b] (on the first figure "
        "of a range; the second is no reading of its own: no subject or event). A share without a base: on the "
        "relative scale (half -> [0.5, 0.5]).",
        examples=[[9900.0, 12100.0]],
    )
    absolute: tuple[float, float] | None = Field(
        None,
        description="[low, high] absolute figure implied: the value itself for a count, relative x of for a "
        "share of a known base (0.5 of 12,000 -> [6000, 6000]).",
        examples=[[6000.0, 6000.0]],
    )
    derived: str | None = Field(
        None,
        description="Set on a reading computed from other figures of the claim rather than written in it, "
        "saying how ('sum of 300 killed and 2,700 wounded').",
        examples=["sum of 300 killed and 2,700 wounded"],
    )
    change: Literal["up", "down"] | None = Field(
        None,
        description="Direction of a change the figure states ('rose 8%', 'up 19 cents', '+0.2%' -> up; "
        "'fell 0.9%', 'down 68p' -> down); None for a level or a count.",
        examples=["up"],
    )
    period: str | None = Field(
        None,
        description="The period the figure covers, as the text states it beside the figure ('since September "
        "2022', 'in the past three months', 'last year', 'in 2023'); None when unstated. Readings of periods that "
        "neither contain the other are not compared (shared/periods.py).",
        examples=["since September 2022"],
    )


class Entity(_Event):
    """A named entity mentioned in a claim."""

    text: str = Field(..., description="Surface text.", examples=["Kursk"])
    label: str = Field(..., description="spaCy entity label (PERSON, ORG, GPE, NORP, LOC, ...).", examples=["GPE"])


class ClaimExtracted(_Event):
    """One claim found in an article. Topic ``claims.extracted``; produced by extract, consumed by index.

    The field names are a public contract.
    """

    schema_version: Literal[1] = Field(1, description="Schema version of this event.", examples=[1])
    claim_id: str = Field(
        ..., min_length=1, max_length=64, description="Deterministic id of the claim.", examples=["c0ffee0123456789"]
    )
    article_id: str = Field(
        ...,
        min_length=1,
        max_length=64,
        description="Id of the article holding the claim.",
        examples=["a3f1c2d4e5b60718"],
    )
    outlet: str | None = Field(None, description="Outlet of the article.", examples=["Kyiv Post"])
    url: str | None = Field(None, description="URL of the article.", examples=["https://example.com/a"])
    published_at: datetime | None = Field(
        None, description="Publication time of the article.", examples=["2024-12-17T00:00:00Z"]
    )
    text: str = Field(..., description="The claim's content.", examples=["11,000 North Korean troops are in Kursk"])
    sentence: str = Field(
        ..., description="The full sentence or sentences holding the claim.", examples=["Officials said 11,000 ..."]
    )
    span: tuple[int, int] = Field(
        ..., description="[start, end) character offsets of `sentence` in the article text.", examples=[[120, 188]]
    )
    parts: list[tuple[int, int]] = Field(
        default_factory=list,
        description="When one statement is interrupted by its attribution ('“The pier is too short,” Berg said, "
        "“and the ferries are late.”', also across a sentence break, '… Berg said. “…”', or without quote marks, "
        "'The pier, Berg said, is too short'): the [start, end) character offsets in the article text of each piece, "
        "in order; `text` is the pieces joined by one space (first letter capitalised). Empty when `text` is one "
        "piece or not the article's words. Not indexed.",
        examples=[[[1, 22], [37, 60]]],
    )
    speaker: Speaker = Field(
        ..., description="Who made the claim.", examples=[{"name": "John Kirby", "kind": "person"}]
    )
    cue: str | None = Field(
        None, description="Attribution cue: said, told, according to, estimated, ...", examples=["said"]
    )
    attribution: Attribution = Field(
        ..., description="direct_quote, indirect, according_to or unattributed.", examples=["indirect"]
    )
    quantities: list[Quantity] = Field(default_factory=list, description="Numbers in the claim.", examples=[[]])
    entities: list[Entity] = Field(default_factory=list, description="Named entities in the claim.", examples=[[]])
    hedged: bool = Field(
        False, description="True when the claim is hedged (may, reportedly, allegedly, ...).", examples=[False]
    )
    ingested_at: datetime | None = Field(
        None, description="ingested_at of the article, for end-to-end latency.", examples=["2024-12-17T10:00:00Z"]
    )
    extractor_version: str | None = Field(
        None,
        description="Version of the extractor that produced the claim; reprocessing replaces claims of older versions.",
        examples=["0.2.0"],
    )
    via: list[Intermediary] = Field(
        default_factory=list,
        description="Intermediaries between the speaker and the reporting outlet, nearest the speaker first "
        "('X said, according to AFP' -> [AFP]); empty when the outlet names none.",
        examples=[[{"name": "NYT", "canonical": "The New York Times", "kind": "outlet"}]],
    )
    first_hand: bool | None = Field(
        None,
        description="True when the speaker told the reporting outlet itself ('X told the BBC' in a BBC article); "
        "None when the text does not say.",
        examples=[True],
    )
    copy_of: ArticleRef | None = Field(
        None,
        description="Set when the claim's article is a copy of an earlier article: that article's id and outlet.",
        examples=[{"article_id": "aaa8a882f50cd492", "outlet": "Kyiv Post"}],
    )


class ArticleRejected(_Event):
    """A dead-letter record. Topic ``articles.rejected``; produced by every service, consumed by index (accounting).

    ``original`` holds the input unchanged: UTF-8 text when it decodes, else base64 (see ``original_encoding``).
    """

    schema_version: Literal[1] = Field(1, description="Schema version of this event.", examples=[1])
    stage: Stage = Field(..., description="Service that rejected the input.", examples=["ingest"])
    reason: str = Field(..., description="Why the input could not be processed.", examples=["empty after cleaning"])
    article_id: str | None = Field(
        None, description="Article id, when it could be determined.", examples=["a3f1c2d4e5b60718"]
    )
    original: str = Field(..., description="The original input, unchanged.", examples=['{"html": "<html></html>"}'])
    original_encoding: Literal["utf-8", "base64"] = Field(
        "utf-8", description="How `original` is encoded.", examples=["utf-8"]
    )
    original_topic: str | None = Field(
        None, description="Topic the input came from (None for HTTP).", examples=["articles.cleaned"]
    )
    original_partition: int | None = Field(None, description="Partition of the input message.", examples=[0])
    original_offset: int | None = Field(None, description="Offset of the input message.", examples=[42])
    rejected_at: datetime = Field(..., description="When it was rejected (UTC).", examples=["2024-12-17T10:00:01Z"])
