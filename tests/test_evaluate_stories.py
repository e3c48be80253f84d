"""claimstream evaluate on story labels: pairwise and B³ scores, the labelled-stream format, and the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimstream import evaluate_stories as ev
from claimstream.cli import app

LABELS = Path(__file__).resolve().parents[1] / "bench" / "stories" / "polnear_events.json"


def test_pairwise_and_b3_on_a_hand_computed_case() -> None:
    events = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2"}
    s = ev.score(predicted, events)
    # pairs: gold a-b a-c b-c (3); predicted a-b c-d (2); both a-b (1)
    assert (s.pair_p, s.pair_r) == (0.5, pytest.approx(1 / 3))
    # B3 precision per article: a 1, b 1, c 1/2, d 1/2; recall: a 2/3, b 2/3, c 1/3, d 1
    assert s.b3_p == pytest.approx(0.75) and s.b3_r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    perfect = ev.score(events, events)
    assert (perfect.pair_f1, perfect.b3_f1) == (1.0, 1.0)


def test_labels_file_is_ids_and_events_only_split_into_tune_and_check_weeks() -> None:
    data = json.loads(LABELS.read_text())
    assert ev.is_stories_file(data) and not set(data["tune_weeks"]) & set(data["check_weeks"])
    assert all(set(v) == {"week", "event"} for v in data["articles"].values())  # no PolNeAR text in the repo
    assert {v["week"] for v in data["articles"].values()} == set(data["tune_weeks"] + data["check_weeks"])


def test_an_event_spans_adjacent_weeks_at_most_and_a_single_is_its_own_article() -> None:
    # An event is one happening bounded in time: its articles lie in one ISO week or two adjacent ones (a label
    # reused by mistake for another event weeks apart fails here); a single names its own article.
    data = json.loads(LABELS.read_text())
    weeks_of: dict[str, set[date]] = {}
    for i, v in data["articles"].items():
        weeks_of.setdefault(v["event"], set()).add(date.fromisoformat(v["week"] + "-1"))
        assert not v["event"].startswith("single:") or v["event"] == f"single:{i}"
    spread = {e: max(w) - min(w) for e, w in weeks_of.items()}
    assert all(s.days <= 7 for s in spread.values()), {e: s for e, s in spread.items() if s.days > 7}


def test_the_second_annotation_labels_exactly_the_check_weeks_articles() -> None:
    first = json.loads(LABELS.read_text())
    second = json.loads(LABELS.with_name("polnear_events_second.json").read_text())
    assert second["weeks"] == first["check_weeks"]
    check = {i: v["week"] for i, v in first["articles"].items() if v["week"] in first["check_weeks"]}
    assert {i: v["week"] for i, v in second["articles"].items()} == check
    assert all(set(v) == {"week", "event"} for v in second["articles"].values())


def test_labelled_weeks_are_whole_iso_weeks_of_polnear_train(shared_dir: Path) -> None:
    # Every article of a labelled week is labelled (no article picked or dropped), each under its own week.
    polnear = shared_dir / "external" / "polnear"
    if not (polnear / "train.json").is_file():
        pytest.skip(f"{polnear}/train.json is not present")
    data = json.loads(LABELS.read_text())
    weeks = set(data["tune_weeks"] + data["check_weeks"])
    train = json.loads((polnear / "train.json").read_text(encoding="utf-8"))
    iso = {x["id"]: "{}-W{:02d}".format(*ev._time(x["date"]).isocalendar()[:2]) for x in train}
    assert {i for i, w in iso.items() if w in weeks} == set(data["articles"])
    assert all(iso[i] == v["week"] for i, v in data["articles"].items())


def test_cli_scores_a_labelled_stream(tmp_path: Path) -> None:
    text = "The Selka dam in Arvenia collapsed on Tuesday. Dana Korval confirmed 112 deaths in Orvo and Brena."
    stream = [
        {"id": "a", "date": "2026-03-03", "title": "Selka dam collapses", "text": text, "event": "dam"},
        {"id": "b", "date": "2026-03-03", "title": "Selka dam collapses", "text": text + " More.", "event": "dam"},
        {"id": "c", "date": "2026-03-04", "title": "Harbour strike ends", "text": "Dock workers ended a strike.",
         "event": "strike"},
    ]  # fmt: skip
    path = tmp_path / "stream.json"
    path.write_text(json.dumps(stream))
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "all        3      2       2  1.00 1.00 1.00" in result.output
    path.write_text(json.dumps([{**stream[0], "date": "yesterday"}, {**stream[1], "text": ""}]))
    bad = CliRunner().invoke(app, ["evaluate", str(path)])
    assert bad.exit_code == 2 and "entry 0: date 'yesterday' is not ISO 8601" in bad.output
    labels_without_texts = CliRunner().invoke(app, ["evaluate", str(LABELS)])
    assert labels_without_texts.exit_code == 2 and "POLNEAR_DIR" in labels_without_texts.output


def test_the_story_benches_skip_cleanly_without_the_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import runpy

    for name in ("bench_stories", "bench_stories_es"):
        module = runpy.run_path(str(LABELS.parents[1] / f"{name}.py"))
        if name == "bench_stories":
            assert module["main"]([str(tmp_path)]) == 0
        else:
            import sys

            argv, sys.argv = sys.argv, [name, str(tmp_path)]
            try:
                assert module["main"]() == 0
            finally:
                sys.argv = argv
        assert "skipped" in capsys.readouterr().out


def test_the_story_variants_skip_cleanly_and_name_their_variants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import runpy

    monkeypatch.syspath_prepend(str(LABELS.parents[1]))  # it imports bench_stories, as `python bench/...` does
    main = runpy.run_path(str(LABELS.parents[1] / "story_variants.py"))["main"]
    assert main([str(tmp_path), "quotes"]) == 0
    assert "skipped" in capsys.readouterr().out
    assert main([str(tmp_path), "no-such-variant"]) == 2
    assert "quotes, quotes-count, figures" in capsys.readouterr().out


@pytest.mark.parametrize("variant", ["quotes", "figures", "sentence", "sqrt-body-only", "stem", "minilm-lead-only"])
def test_each_story_variant_patches_a_clusterer_that_runs(variant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The variants patch `centroids` for their process: the patched functions must keep the signatures the
    # clusterer calls them with (a stale argument made every variant crash once, unnoticed by the skip test).
    import runpy

    from claimstream.services.index import centroids as c

    monkeypatch.syspath_prepend(str(LABELS.parents[1]))
    for name in ("article", "features", "words", "FEATURES", "COEF"):
        monkeypatch.setattr(c, name, getattr(c, name))
    monkeypatch.setattr(c.Story, "add", c.Story.add)
    monkeypatch.setattr(c.Article, "terms", c.Article.terms)
    if variant == "stem":
        pytest.importorskip("snowballstemmer")
    if variant.startswith("minilm-"):
        pytest.importorskip("all_minilm_l6_v2")
    runpy.run_path(str(LABELS.parents[1] / "story_variants.py"))["patch"](variant)
    when = datetime(2026, 3, 2, 9, tzinfo=UTC)
    report = (
        'The Selka dam in Arvenia failed on Monday, flooding three villages. "We lost everything," said a farmer. '
        "Officials said 1,200 people were moved."
    )
    other = "Rescue teams reached the villages below the Selka dam; 1,200 people slept in schools, officials said."
    clusterer = c.Clusterer()
    first = clusterer.add(c.article("a", report, "Selka dam fails", when))
    second = clusterer.add(c.article("b", other, "Villages flooded in Arvenia", when))  # compared, not a copy
    assert len(c.FEATURES) == (5 if variant in ("sqrt-body-only", "stem", "minilm-lead-only") else 6)
    assert first.reason == "new" and second.reason in ("similar", "new")


def test_the_minilm_forward_pass_ranks_a_paraphrase_above_an_unrelated_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("all_minilm_l6_v2")
    monkeypatch.syspath_prepend(str(LABELS.parents[1]))
    import minilm  # bench/minilm.py

    model = minilm.MiniLM(128)
    a, b, far = (
        model.embed(t)
        for t in ("The dam failed and flooded the valley.", "Floodwater poured from the broken dam.", "She won chess.")
    )
    cos = lambda x, y: sum(p * q for p, q in zip(x, y, strict=True))  # noqa: E731 (unit vectors)
    assert cos(a, a) == pytest.approx(1.0, abs=1e-5) and len(a) == 384
    assert cos(a, b) > 0.5 > cos(a, far)
