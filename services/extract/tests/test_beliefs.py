"""Beliefs the speech-verb cues leave out (issue 24): "X who believe S", "X views Y as Z" and "X agrees that S",
with the beliefs that are no claim (a motive, a relative clause without a clause of its own, a negated view, a
condition, a passive, a thing's "view").

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
        # a holder's belief about the noun a relative clause describes
        (
            "The council approved a toll, which Ada Ruiz believes will ruin the harbour.",
            "Ada Ruiz",
            "believes",
            "will ruin the harbour",
        ),
        ("Ada Ruiz views the ferry as a waste of money.", "Ada Ruiz", "views", "the ferry as a waste of money"),
        ("Ada Ruiz considers the levy unfair to fishermen.", "Ada Ruiz", "considers", "the levy unfair to fishermen"),
        # a that-clause after a verb that is no speech cue, with a subject that holds positions
        ("The dockers agree that the harbour levy is fair.", "dockers", "agree", "that the harbour levy is fair"),
        (
            "Councillor Ada Ruiz recognized that the pier was too short for the new ferries.",
            "Ada Ruiz",
            "recognized",
            "that the pier was too short for the new ferries",
        ),
        (
            "The harbour union understands that the ferry will not run in winter.",
            "harbour union",
            "understands",
            "that the ferry will not run in winter",
        ),
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
        "If the mayor recognizes that the vote is close, she will wait.",  # a condition, not a main clause
        "Ada Ruiz does not accept that the harbour levy is fair.",  # negated
        "It was agreed that the pier would be extended in spring.",  # passive, nobody on record
        "The storm ensured that the ferry stayed in port all week.",  # a thing holds no view
        "Ada Ruiz made sure that the ferry stayed in port all week.",  # no that-clause of the verb's own
        "The council approved a toll, which the report thinks will ruin the harbour.",  # a thing holds no belief
        "Ada Ruiz has one thing to prove: that the ferry can run in winter.",  # "have" holds no view
    ],
)
def test_motives_negated_views_and_views_of_things_are_not_claims(extractor: ClaimExtractor, text: str) -> None:
    assert attributed(extractor, text) == []
