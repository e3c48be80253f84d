"""Invented claims of one report giving two armies' losses (North Korean and Russian soldiers, and "the troops"
naming neither) plus a second outlet's North Korean figure, hand-labelled as the extractor labels them. Used
by the comparison unit tests and the explorer's browser test."""

from __future__ import annotations

from typing import Any

STORY = "war"


def q(value: float, text: str, subject: str, event: str | None = None, **kw: Any) -> dict[str, Any]:
    absolute = kw.pop("absolute", [value, value])
    return {"value": value, "text": text, "subject": subject, "event": event, "absolute": absolute, **kw}


def claim(cid: str, text: str, quantities: list[dict[str, Any]], *, outlet: str, speaker: str, article: str,
          story: str = STORY, published: str = "2026-03-04T00:00:00Z") -> dict[str, Any]:  # fmt: skip
    return {
        "claim_id": cid,
        "article_id": article,
        "story_id": story,
        "outlet": outlet,
        "published_at": published,
        "text": text,
        "sentence": text,
        "speaker": {"name": speaker, "canonical": speaker, "kind": "person"},
        "cue": "said",
        "quantities": quantities,
        "entities": [],
    }


def two_armies() -> list[dict[str, Any]]:
    """An invented report giving both armies' losses, and a second outlet's North Korean figure."""
    rows = [  # id, outlet, speaker, text, figure, subject, event, approx, interval
        ("nk1", "Harbor Post", "Seoul's spy agency", "about 400 North Korean soldiers were killed in the fighting",
         400, "North Korean troops", "killed", "about", [360, 440]),
        ("ru1", "Harbor Post", "the president", "as many as 250,000 Russian soldiers have been killed",
         250000, "Russian troops", "killed", "as many as", [0, 250000]),
        ("ru2", "Harbor Post", "the Kremlin", "the Kremlin said 5,000 of its soldiers had died",
         5000, "Russia's troops", "killed", None, [5000, 5000]),
        ("bare", "Harbor Post", "an analyst", "the troops lost 2,000 men", 2000, "troops", "lost", None, [2000, 2000]),
        ("nk2", "Valley Courier", "a Ukrainian general", "some 700 North Korean troops have died",
         700, "North Korean troops", "killed", "some", [630, 770]),
    ]  # fmt: skip
    return [
        claim(
            cid,
            text,
            [q(value, f"{value:,}", subject, event, approx=approx, interval=interval)],
            outlet=outlet,
            speaker=speaker,
            article="hp" if outlet == "Harbor Post" else "vc",
        )
        for cid, outlet, speaker, text, value, subject, event, approx, interval in rows
    ]
