"""stories.py (pure): fingerprints (MinHash LSH bands, salient names) and the earlier pairwise rule."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from claimstream.services.index import stories

T = datetime(2026, 3, 4, tzinfo=UTC)
FLOOD = (
    "The Selka dam in northern Arvenia collapsed on Tuesday, officials said. Interior Minister Dana Korval "
    "confirmed 112 deaths. Governor Tomas Elvir said 140 people died in Arvenia. Korval visited Selka."
)
FLOOD_2 = (
    "Governor Tomas Elvir said on Thursday that the toll in Arvenia rose to 151 after the Selka dam failed. "
    "Dana Korval reported 118 deaths."
)
OTHER = "North Korean troops were withdrawn from Kursk, Seoul said. The NIS said 11,000 troops were in Kursk."


def fp(article_id: str, text: str, time: datetime = T) -> stories.Fingerprint:
    return stories.fingerprint(article_id, text, None, time)


def test_salient_entities_skip_sentence_openers_and_titles() -> None:
    names = stories.salient_entities(FLOOD)
    assert {"Selka", "Arvenia", "Dana Korval", "Tomas Elvir"} <= set(names)
    assert not {"The", "Interior", "Governor", "Tuesday"} & set(names)
    assert stories.salient_entities("Engineers warned of it. Thousands fled.") == ()


# What "opens a sentence" meant when it was a regex over the whole text before the word (quadratic in the text).
_PREFIX_RULE = re.compile(r"(?:\A|[.!?:;\"“”\n(\[-])\s*\Z")


@given(st.text(alphabet=' \t\n\u00a0.!?:;"“”([-aZ,', max_size=12), st.text(alphabet="aZ ", max_size=3))
def test_a_word_opens_a_sentence_exactly_when_only_blanks_follow_a_break(prefix: str, word: str) -> None:
    text = prefix + "Name" + word
    assert stories._opens_sentence(text, len(prefix)) == (_PREFIX_RULE.search(prefix) is not None)


def test_band_keys_are_deterministic_and_near_duplicates_share_one() -> None:
    assert stories.band_keys(FLOOD) == stories.band_keys(FLOOD)
    assert len(stories.band_keys(FLOOD)) == len(stories._BANDS)
    rewrite = FLOOD.replace("on Tuesday", "on Tuesday morning")
    assert set(stories.band_keys(FLOOD)) & set(stories.band_keys(rewrite))
    assert not set(stories.band_keys(FLOOD)) & set(stories.band_keys(OTHER))


def test_same_story_by_shared_names_within_the_window_only() -> None:
    assert stories.same_story(fp("a", FLOOD), fp("b", FLOOD_2))
    assert not stories.same_story(fp("a", FLOOD), fp("c", OTHER))
    assert not stories.same_story(fp("a", FLOOD), fp("b", FLOOD_2, T + stories.WINDOW + timedelta(hours=1)))
