"""The external scorers (GGT quotes, NewsQuant, PolNeAR) on hand-made claims: matching, speakers, verbs, values, units."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from claimstream.evaluate_external import gold_format, score_any
from claimstream.evaluate_ggt import overlap, score_article, speaker_ok, verb_key, words
from claimstream.evaluate_newsquant import change_of, gold_values, score_sentence, unit_ok, value_ok
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Quantity, Speaker


def _claim(
    text: str,
    speaker: str = "Anna Berg",
    kind: str = "person",
    cue: str | None = "said",
    quantities: Sequence[Quantity] = (),
) -> ClaimExtracted:
    return ClaimExtracted(
        claim_id="c" + str(abs(hash(text))),
        article_id="a",
        text=text,
        sentence=text,
        span=(0, 1),
        speaker=Speaker(name=speaker, kind=kind, canonical=speaker),  # type: ignore[arg-type]
        cue=cue,
        attribution="indirect",
        quantities=list(quantities),
    )


def _gold(quote: str, speaker: str = "Berg", reference: str = "Anna Berg", verb: str = "said") -> dict[str, str]:
    return {"quote": quote, "speaker": speaker, "reference": reference, "verb": verb}


def test_overlap_is_measured_against_the_gold_quote() -> None:
    gold = words("“The plan will work,” she said")
    assert overlap(gold, words("the plan will work and more words here")) == pytest.approx(4 / 6)
    assert overlap(words("the plan"), words("the plan will work")) == 1.0
    assert overlap([], words("anything")) == 0.0


def test_greedy_matching_uses_each_prediction_once_and_skips_outlet_claims() -> None:
    gold = [_gold("the bridge will open in May"), _gold("the bridge will open in May next year")]
    claims = [
        _claim("the bridge will open in May next year"),
        _claim("the bridge opens", speaker="Post", kind="outlet"),
    ]
    score = score_article("x", gold, claims, 0.3)
    assert (score.found, score.predicted, score.gold) == (1, 1, 2)
    assert score.precision == 1.0 and score.recall == 0.5


def test_threshold_decides_what_is_found() -> None:
    gold = [_gold("one two three four five six seven eight nine ten")]
    claims = [_claim("one two three four five")]
    assert score_article("x", gold, claims, 0.3).found == 1
    assert score_article("x", gold, claims, 0.8).found == 0


def test_speaker_names_the_gold_speaker_or_reference_as_whole_words() -> None:
    assert speaker_ok(_claim("q", speaker="Prime Minister Anna Berg"), _gold("q", speaker="she"))
    assert speaker_ok(_claim("q", speaker="Berg"), _gold("q", speaker="", reference="Anna Berg"))
    assert not speaker_ok(_claim("q", speaker="Bergman"), _gold("q", speaker="Berg", reference="Anna Berg"))
    assert not speaker_ok(_claim("q", speaker="she"), _gold("q", speaker="she", reference="Anna Berg"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("said", "says"),
        ("noted", "noting"),
        ("argued", "argues"),
        ("replied", "replies"),
        ("told", "tells"),
        ("added", "adding"),
        ("admitted", "admits"),
    ],
)
def test_verb_key_folds_inflections(a: str, b: str) -> None:
    assert verb_key(a) == verb_key(b) != ""


def test_verb_key_keeps_verbs_apart_and_non_verbs_empty() -> None:
    assert verb_key("said") != verb_key("told")
    assert verb_key("according to") == verb_key(None) == verb_key("") == ""


def _q(
    value: float, text: str, unit: str | None = None, approx: str | None = None, counts: str | None = None
) -> Quantity:
    return Quantity(value=value, text=text, unit=unit, approx=approx, counts=counts)


def test_values_match_across_scale_and_ranges_take_both_ends() -> None:
    assert value_ok(2.5e6, 2.5) and value_ok(2.5, 2.5e6) and not value_ok(2.5, 25)
    assert value_ok(0.0, 0) and not value_ok(0.0, 8) and not value_ok(8, 0)  # no scale turns 8 into 0
    assert gold_values("252.0-287.0") == (252.0, 287.0) and gold_values("-130") == (-130.0,)
    gold: list[dict[str, Any]] = [{"value": "252-287", "unit": "miles", "change": "="}]
    found, matched, _ = score_sentence(gold, [_q(252, "252 miles"), _q(287, "287 miles"), _q(35, "35 miles")])
    assert found["value"] == 1 and matched["value"] == 2


def test_units_and_changes() -> None:
    assert unit_ok({"unit": "$", "normalized_unit": "dollar"}, _q(5, "$5", unit="usd"))
    assert unit_ok({"unit": "users", "normalized_unit": "user"}, _q(3, "3 users", counts="user"))
    assert not unit_ok({"unit": "miles", "normalized_unit": "mile"}, _q(3, "3 km", unit="km"))
    assert unit_ok({"unit": "-", "normalized_unit": "-"}, _q(3, "3"))
    assert [change_of(a) for a in ("about", "more than", "up to", None)] == ["~", ">", "<", "="]
    assert change_of("~") == "~" and change_of("≈") == "~"  # "~25 min" is "about 25 min"


def test_format_is_read_from_the_json_shape(tmp_path: Path, extractor: Any) -> None:
    assert gold_format([{"text": "x", "quantities": []}]) == "newsquant"
    assert gold_format({"a.txt": {"quotes": []}}) == "ggt"
    assert gold_format({"a.txt": {"claims": []}, "_format": "x"}) == "claims"
    path = tmp_path / "dev.json"
    path.write_text(
        json.dumps(
            [
                {
                    "text": "The bridge cost $4 million, officials said.",
                    "quantities": [{"value": "4000000", "unit": "$", "normalized_unit": "dollar", "change": "="}],
                }
            ]
        )
    )
    table, _ = score_any(path, None, extractor)
    assert "value " in table and "1.000" in table


def test_newsquant_counts_extractor_claims(extractor: Any) -> None:
    article = ArticleCleaned.model_validate(
        {
            "article_id": "a",
            "text": "About 300 soldiers were killed, officials said.",
            "ingested_at": "2000-01-01T00:00:00Z",
        }
    )
    quantities = [q for c in extractor.extract(article) for q in c.quantities]
    assert change_of(quantities[0].approx) == "~"


def test_overlap_is_positional_when_the_article_is_known() -> None:
    from claimstream.evaluate_spans import ArticleWords

    text = "He said the bridge will open in May. Later the mayor said the tunnel will open in June."
    article = ArticleWords(text)
    gold = [_gold("the bridge will open in May")]
    elsewhere = _claim("the tunnel will open in June").model_copy(update={"span": (37, len(text))})
    there = _claim("the bridge will open in May").model_copy(update={"span": (0, 36)})
    assert score_article("x", gold, [elsewhere], 0.3).found == 1  # shared words alone would match
    assert score_article("x", gold, [elsewhere], 0.3, article).found == 0  # another stretch of text does not
    assert score_article("x", gold, [elsewhere, there], 0.8, article).found == 1


def test_claim_words_are_placed_in_order_not_at_their_first_occurrence() -> None:
    from claimstream.evaluate_spans import ArticleWords, positional_overlap, words

    text = "Asked about it, he said, “I never said there was a study.”"
    article = ArticleWords(text)
    claim = _claim("I never said there was a study.").model_copy(update={"span": (0, len(text))})
    gold = article.occurrences(words("“I never said there was a study.”"))
    assert positional_overlap(gold, article.place(claim)) == 1.0


# PolNeAR: gold attributions with character spans; claims placed in the article by their sentence span.
_TEXT = "Mr. Roe said the bridge will open in May. Officials believe that costs will rise."


def _attribution(content: str, source: str | None = "Mr. Roe", cue: str = "said", **extra: Any) -> dict[str, Any]:
    start = _TEXT.index(content)
    return {"source": source, "cue": cue, "content": content, "content_span": [start, start + len(content)], **extra}


def _placed(text: str, sentence: str, **kwargs: Any) -> ClaimExtracted:
    start = _TEXT.index(sentence)
    return _claim(text, **kwargs).model_copy(update={"span": (start, start + len(sentence))})


def test_polnear_greedy_matching_takes_the_highest_overlap_first() -> None:
    from claimstream.evaluate_polnear import score_article

    first = "Mr. Roe said the bridge will open in May."
    gold = [_attribution("the bridge will open in May"), _attribution("the bridge will open")]
    claims = [_placed("the bridge will open in May", first, speaker="John Roe")]
    score = score_article("a", _TEXT, gold, claims, 0.3)
    assert (score.found, score.gold, score.predicted) == (1, 2, 1)  # the exact match wins, the other stays missed
    assert any("MISSING" in m and "'the bridge will open'" in m for m in score.misses)
    assert score.source == 1.0 and score.cue == 1.0


def test_polnear_threshold_is_inclusive_and_counts_only_speaker_claims() -> None:
    from claimstream.evaluate_polnear import score_article

    second = "Officials believe that costs will rise."
    gold = [_attribution("that costs will rise", source="Officials", cue="believe")]
    half = _placed("costs will", second, speaker="officials", kind="group", cue="believe")
    assert score_article("a", _TEXT, gold, [half], 0.5).found == 1  # 2 of 4 words is >= 0.5
    assert score_article("a", _TEXT, gold, [half], 0.8).found == 0
    own = _placed("costs will rise", second, speaker="Post", kind="outlet")
    score = score_article("a", _TEXT, gold, [own], 0.3)
    assert (score.found, score.predicted) == (0, 0)  # the outlet's own statement is no prediction


def test_polnear_source_and_cue_share_a_content_word() -> None:
    from claimstream.evaluate_polnear import cue_ok, source_ok

    gold = _attribution("the bridge will open in May", source="Mr. Roe", cue="has said")
    assert source_ok(_claim("x", speaker="John Roe"), gold)
    assert not source_ok(_claim("x", speaker="Mr. Smith"), gold)  # "Mr." alone is no shared name
    assert source_ok(_claim("x", speaker="anyone"), {**gold, "source": "he"})  # pronoun: any speaker
    assert source_ok(_claim("x", speaker="anyone"), {**gold, "source": None})
    assert cue_ok(_claim("x", cue="said"), gold) and not cue_ok(_claim("x", cue="told"), gold)
    assert not cue_ok(_claim("x", cue=None), gold)
    assert cue_ok(_claim("x", cue=None), {**gold, "cue": ":"})  # a punctuation cue accepts any


_SPLIT_TEXT = "“The plan,” he said, “will fail.” Others think it works."
_SPLIT_GOLD = {
    "source": "he",
    "cue": "said",
    "content": "“The plan,” “will fail.”",
    "content_span": [0, 33],
    "content_parts": [[0, 11], [20, 33]],
}


def test_polnear_split_contents_and_quoted_recall() -> None:
    from claimstream.evaluate_polnear import score_article

    gold = [_SPLIT_GOLD, {"source": "Others", "cue": "think", "content": "it works", "content_span": [46, 54]}]
    claim = _claim("The plan will fail.").model_copy(update={"span": (0, 33)})
    score = score_article("a", _SPLIT_TEXT, gold, [claim], 0.8)
    assert score.found == 1 and score.recall_quoted == 1.0 and score.recall_unquoted == 0.0


def test_polnear_format_and_parts(tmp_path: Path, extractor: Any) -> None:
    from claimstream.evaluate import select_part

    assert select_part(list(range(7)), "tune") == [0, 2, 4, 6]
    assert select_part(list(range(7)), "check") == [1, 3, 5]
    assert select_part(list(range(9)), "all", every=4) == [0, 4, 8]
    with pytest.raises(ValueError, match="unknown part"):
        select_part([1], "train")
    text = "Headline\n\nThe mayor, Anna Berg, said on Monday that the new bridge will open in May."
    content = "the new bridge will open in May"
    start = text.index(content)
    article = {
        "id": "x",
        "text": text,
        "attributions": [
            {"source": "Anna Berg", "cue": "said", "content": content, "content_span": [start, start + len(content)]}
        ],
    }
    assert gold_format([article]) == "polnear"
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([article, {**article, "id": "y"}]))
    table, misses = score_any(path, None, extractor, part="tune")
    assert table.splitlines()[1].split()[1:4] == ["1", "1", "1"], (table, misses)  # gold, pred, found
    assert "source" in table and "R quoted" in table


def test_polnear_dev_scores(shared_dir: Path, extractor: Any) -> None:
    """On a sample of PolNeAR dev (skips without ../shared): the scorer runs end to end and finds attributions."""
    from claimstream.evaluate_polnear import evaluate_polnear

    path = shared_dir / "external" / "polnear" / "dev.json"
    if not path.exists():
        pytest.skip(f"{path} not present")
    low, high = evaluate_polnear(path, extractor, every=12)
    assert low.gold > 100 and low.found >= high.found > 0
    assert low.precision > 0.8 and low.recall > 0.4, low


def test_a_verbless_gold_quote_accepts_a_cue_carried_from_an_earlier_sentence() -> None:
    from claimstream.evaluate_ggt import verb_ok

    floating = _gold("it costs too much", speaker="", reference="", verb="")
    going_on = _claim("It costs too much.", cue="said")  # its sentence is the quote alone: "said" came before
    assert verb_ok(going_on, floating)
    made_up = _claim("It costs too much, she said.", cue="said")  # the sentence holds the verb: a real mismatch
    assert not verb_ok(made_up, floating)
    assert verb_ok(_claim("It costs too much.", cue=None), floating)
    assert not verb_ok(_claim("It costs too much.", cue="told"), _gold("it costs too much"))


@pytest.mark.parametrize(
    ("cue", "kind"),
    [
        ("said", "speech"),
        ("has told", "speech"),
        ("according to", "according to"),
        ("believes", "belief"),
        ("wants", "intention"),
        ("asked", "question"),
        ("the poll shows", "evidence"),
        (":", "punctuation"),
        ("criticized", "other"),
    ],
)
def test_polnear_cue_kinds(cue: str, kind: str) -> None:
    from claimstream.evaluate_polnear import kind_of

    assert kind_of(cue) == kind


def test_ggt_scores_each_part_of_a_claim_as_a_quote_and_a_one_part_claim_as_before() -> None:
    # GGT marks each piece of "“A,” she said. “B.”" as a quote; the claim of both pieces predicts both
    from claimstream.evaluate_spans import ArticleWords

    text = "“The bridge will open in May,” Anna Berg said. “The tunnel will take two more years.”"
    article = ArticleWords(text)
    a, b = (1, 29), (48, 84)
    whole = _claim(f"{text[a[0] : a[1]]} {text[b[0] : b[1]]}").model_copy(update={"span": (0, len(text))})
    pieced = whole.model_copy(update={"parts": [a, b]})
    gold = [_gold("The bridge will open in May"), _gold("The tunnel will take two more years.", speaker="", verb="")]
    parts_score = score_article("x", gold, [pieced], 0.8, article)
    assert (parts_score.found, parts_score.predicted) == (2, 2)  # precision counts parts
    assert parts_score.verb_right == 2  # the second part's sentence does not hold "said": a carried-over cue
    one_score = score_article("x", gold, [whole], 0.8, article)
    assert (one_score.found, one_score.predicted) == (1, 1)  # without parts: one prediction, as before
    single = _claim(text[a[0] : a[1]]).model_copy(update={"span": (0, 46)})
    assert score_article("x", gold, [single], 0.8, article) == score_article(
        "x", gold, [single.model_copy(update={"parts": []})], 0.8, article
    )


def test_polnear_places_a_claim_with_parts_on_its_parts() -> None:
    from claimstream.evaluate_polnear import score_article

    claim = _claim("The plan will fail.").model_copy(update={"span": (0, 33), "parts": [(1, 9), (21, 31)]})
    score = score_article("a", _SPLIT_TEXT, [_SPLIT_GOLD], [claim], 0.8)
    assert (score.found, score.predicted) == (1, 1)  # one content, one prediction
    short = claim.model_copy(update={"parts": [(1, 9)]})  # a part left out is not covered
    assert score_article("a", _SPLIT_TEXT, [_SPLIT_GOLD], [short], 0.8).found == 0
