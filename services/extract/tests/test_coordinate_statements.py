"""Two statements of one speaker joined by "and"/"but" (issue 24): "X acknowledged A, but noted B" is two claims,
while "X said A and that B" stays one.

Sentences are invented, of the same shape as the failures; they test the rule, never an article.
"""

from __future__ import annotations

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.tests.speaker_claims import attributed


def test_a_second_speech_verb_with_its_own_clause_is_a_second_claim(extractor: ClaimExtractor) -> None:
    claims = attributed(
        extractor,
        "Ada Ruiz acknowledged the negligence rule, but noted the harbour board never uses it to fine anyone.",
    )
    assert [(c.speaker.name, c.cue, c.text) for c in claims] == [
        ("Ada Ruiz", "acknowledged", "Ada Ruiz acknowledged the negligence rule"),
        ("Ada Ruiz", "noted", "the harbour board never uses it to fine anyone"),
    ]


def test_one_speech_verb_with_two_clauses_is_one_claim(extractor: ClaimExtractor) -> None:
    (claim,) = attributed(extractor, "Ada Ruiz said the pier was safe and that the divers agreed with her.")
    assert claim.text == "the pier was safe and that the divers agreed with her"
