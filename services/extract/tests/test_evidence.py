"""What a poll, study or set of records shows, given as an object rather than a clause (issue 24), and the
findings that are not claims.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

import pytest

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "A harbour survey showed Ada Ruiz with 47 percent of the vote.",
            "harbour survey",
            "Ada Ruiz with 47 percent of the vote",
        ),
        ("The ferry poll showed Ruiz leading Lind by ten points.", "ferry poll", "Ruiz leading Lind by ten points"),
        ("Leaked emails showed council staff favoring the mayor.", "Leaked emails", "council staff favoring the mayor"),
    ],
)
def test_a_finding_of_evidence_is_its_claim(extractor: ClaimExtractor, text: str, speaker: str, content: str) -> None:
    (claim,) = attributed(extractor, text)
    assert (claim.speaker.name, claim.cue, claim.text) == (speaker, "showed", content)


@pytest.mark.parametrize(
    "text",
    [
        "The harbour police found Kody lying on her couch.",  # what a person saw
        "A shaky video showed the harbour master leaving the pier.",  # what a video shows is seen, not stated
        "The ferry records do not show the boat sailing empty.",  # negated
    ],
)
def test_what_was_seen_is_no_finding(extractor: ClaimExtractor, text: str) -> None:
    assert attributed(extractor, text) == []
