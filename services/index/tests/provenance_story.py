"""An invented story for provenance tests: three outlets relay one agency's figure (Mayor Ilse Brandt via
Agence France-Presse), a fourth outlet copies one of them word for word, and a fifth has its own first-hand
figure. Two independent sources, four outlets reporting, one copy folded."""

from __future__ import annotations

from datetime import UTC, datetime

from claimstream.shared.events import ArticleCleaned, ArticleRef, ClaimExtracted, Intermediary, Quantity, Speaker

STORY = "provstory"
WHEN = datetime(2026, 2, 1, tzinfo=UTC)
AFP = Intermediary(name="AFP", canonical="Agence France-Presse", kind="agency")
RELAYS = {"prov-a1": "Harbor Gazette", "prov-a2": "Valley Courier", "prov-a3": "Plains Record"}
COPY = ("prov-c1", "Scraper Daily", "prov-a1")  # article, outlet, the article it copies
OWN = ("prov-o1", "Northern Ledger")
RELAYED_TEXT = "40 civilians were killed in the strike on Varnel, Mayor Ilse Brandt said, according to AFP."
OWN_TEXT = "42 civilians were killed in the strike on Varnel, Colonel Tavi Renn told the Northern Ledger."


def _claim(article: str, outlet: str, speaker: str, text: str, value: float, **kw: object) -> ClaimExtracted:
    return ClaimExtracted(
        claim_id=f"{article}-c",
        article_id=article,
        outlet=outlet,
        published_at=WHEN,
        text=text,
        sentence=text,
        span=(0, len(text)),
        speaker=Speaker(name=speaker, kind="person", canonical=speaker),
        cue="said",
        attribution="indirect",
        quantities=[
            Quantity(
                value=value,
                text=f"{value:.0f}",
                counts="civilian",
                subject="civilians",
                event="killed",
                interval=(value, value),
                absolute=(value, value),
            )
        ],
        **kw,  # type: ignore[arg-type]
    )


def claims() -> list[ClaimExtracted]:
    relayed = [_claim(a, o, "Ilse Brandt", RELAYED_TEXT, 40, via=[AFP]) for a, o in RELAYS.items()]
    article, outlet, original = COPY
    copy = _claim(
        article,
        outlet,
        "Ilse Brandt",
        RELAYED_TEXT,
        40,
        via=[AFP],
        copy_of=ArticleRef(article_id=original, outlet=RELAYS[original]),
    )
    own = _claim(*OWN, "Tavi Renn", OWN_TEXT, 42, first_hand=True)
    return [*relayed, copy, own]


def articles() -> list[ArticleCleaned]:
    outlets = {**RELAYS, COPY[0]: COPY[1], OWN[0]: OWN[1]}
    return [
        ArticleCleaned(
            article_id=aid,
            outlet=outlet,
            title=f"Strike on Varnel ({outlet})",
            language="en",
            published_at=WHEN,
            ingested_at=WHEN,
            text=OWN_TEXT if aid == OWN[0] else RELAYED_TEXT,
            copy_of=ArticleRef(article_id=COPY[2], outlet=RELAYS[COPY[2]]) if aid == COPY[0] else None,
        )
        for aid, outlet in outlets.items()
    ]
