"""Questions and requests someone put, as claims (issue 24): "X asked (Y) whether …", "X wondered why …",
"“…?” X asked", "X asked Y to …", with the questions that are not claims.

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
            "The mayor asked the minister whether the ferry would run in winter.",
            "mayor",
            "asked",
            "whether the ferry would run in winter",
        ),
        (
            "Ada Ruiz wondered why the council had waited so long.",
            "Ada Ruiz",
            "wondered",
            "why the council had waited so long",
        ),
        (
            "Ada Ruiz asked her aides to print the harbour report.",
            "Ada Ruiz",
            "asked",
            "her aides to print the harbour report",
        ),
        (
            "“Is the pier safe for children?” a reporter asked the mayor.",
            "reporter",
            "asked",
            "Is the pier safe for children?",
        ),
    ],
)
def test_a_question_or_request_is_the_askers_claim(
    extractor: ClaimExtractor, text: str, speaker: str, cue: str, content: str
) -> None:
    (claim,) = attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == (speaker, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "Ada Ruiz was asked whether the pier was safe for children.",  # the asker is not named
        "Asked whether she was worried about the storm, Ada Ruiz shrugged.",  # put to Ruiz, by someone unnamed
        "Ada Ruiz did not ask whether the pier was safe for children.",  # negated
        "Ada Ruiz asked for a recount of the harbour vote.",  # no question, no request with an infinitive
        "Will the ferry run in winter after the storms?",  # the writer's own question
    ],
)
def test_questions_without_an_asker_are_not_claims(extractor: ClaimExtractor, text: str) -> None:
    assert attributed(extractor, text) == []


def test_a_question_with_its_auxiliary_is_still_the_subject_s(extractor: ClaimExtractor) -> None:
    (claim,) = attributed(extractor, "Ada Ruiz has asked whether the pier is safe for children.")
    assert (claim.speaker.name, claim.cue, claim.text) == ("Ada Ruiz", "asked", "whether the pier is safe for children")
