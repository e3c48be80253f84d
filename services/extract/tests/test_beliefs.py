"""Beliefs the speech-verb cues leave out (issue 24): "X who believe S" and "X views Y as Z", with the beliefs
that are no claim (a motive, a relative clause without a clause of its own, a negated view).

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The levy angered harbour lawmakers who believe the port is too small.",
            "harbour lawmakers",
            "believe",
            "the port is too small",
        ),
        ("Ada Ruiz views the ferry as a waste of money.", "Ada Ruiz", "views", "the ferry as a waste of money"),
        ("Ada Ruiz considers the levy unfair to fishermen.", "Ada Ruiz", "considers", "the levy unfair to fishermen"),
    ],
)
def test_a_held_belief_or_view_is_a_claim(
    extractor: ClaimExtractor, text: str, speaker: str, cue: str, content: str
) -> None:
    (claim,) = attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == (speaker, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "Because she feared the storm, Ada Ruiz stayed home all week.",  # a motive
        "Harbour voters who believe in miracles stayed home all week.",  # no clause of its own
        "Ada Ruiz does not view the ferry as a waste of money.",  # negated
    ],
)
def test_motives_and_negated_views_are_not_claims(extractor: ClaimExtractor, text: str) -> None:
    assert attributed(extractor, text) == []
