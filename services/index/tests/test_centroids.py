"""centroids.py (pure): online clustering of invented reports against story centroids."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimstream.services.index import centroids as c

T = datetime(2026, 3, 4, 8, tzinfo=UTC)

# One event, three wordings: the Selka dam failure in Arvenia (invented; of a real article's length).
DAM = [
    (
        "Selka dam collapses in Arvenia, at least 112 dead",
        "The Selka dam in northern Arvenia collapsed on Tuesday, sending a wall of water through the valley "
        "towns of Orvo and Brena. Interior Minister Dana Korval confirmed 112 deaths by the evening and said "
        "rescue teams were searching the flooded villages below the reservoir, where hundreds of homes were "
        "under water. Helicopters lifted families from rooftops in Orvo while soldiers built levees of sandbags "
        "around the hospital in Brena. Engineers had warned of cracks in the dam wall last spring, according to "
        "a report seen by local journalists, and the reservoir was full after weeks of heavy rain. The dam, "
        "built in 1968, held back forty million cubic metres of water and fed the turbines that light most of "
        "the north. Korval said an inquiry would find out why the warnings went unheeded. Neighbouring "
        "countries offered pumps and rescue dogs, and the Red Cross opened shelters in three schools.",
    ),
    (
        "Arvenia flood toll rises after Selka dam failure",
        "Rescuers in Arvenia pulled more survivors from the mud in Orvo on Wednesday, a day after the Selka "
        "reservoir burst its wall and drowned the valley. Governor Tomas Elvir put the toll at 140, above the "
        "112 deaths Dana Korval had confirmed the night before, and said dozens were still missing in Brena. "
        "Villagers told reporters that the cracks in the dam had been reported for a year and that nobody came "
        "to inspect them. The flood wave swept away two bridges and cut the main road to the north, so aid "
        "lorries queued for hours at a ferry crossing. Doctors at the Brena hospital, saved by sandbags, "
        "treated more than three hundred people for injuries and hypothermia. Power was out across the "
        "province because the dam's turbines were destroyed, and water from the reservoir was still draining "
        "through the broken wall into the river.",
    ),
    (
        "Dam burst: questions over ignored warnings",
        "Why did nobody act on the cracks? Residents of Brena and Orvo, the towns swept away when the Selka dam "
        "gave way in Arvenia this week, say engineers warned of them last spring. A leaked inspection report "
        "describes seepage at the foot of the wall and recommends lowering the reservoir, advice that was "
        "ignored as the rains filled it to the brim. The interior ministry under Dana Korval now counts 118 "
        "dead in the flooded valley, while the governor's office gives a higher figure. Families who lost "
        "their homes sleep in school gyms, and many say they will sue the state power company that runs the "
        "dam. Opposition deputies demanded the resignation of the energy minister and an independent inquiry "
        "into every dam of the same age in the north.",
    ),
]
# Another event in the same country two days later, naming the same leaders and places: a budget vote.
BUDGET = (
    "Arvenian parliament passes budget after all-night session",
    "Arvenia's parliament approved next year's budget early on Thursday after a session that ran through the "
    "night and ended with a vote of 81 to 64. Dana Korval, the interior minister, won extra funds for the police "
    "and border guards; Governor Tomas Elvir's northern province gets a new rail line and a grant for schools. "
    "The finance minister defended the rise in fuel duty and the new tax on bank profits as the only way to "
    "cut the deficit below three percent of output. The opposition voted against, calling the tax rises unfair "
    "to farmers and pensioners, and promised to challenge the pension freeze in the constitutional court. "
    "Business groups welcomed lower payroll charges for small firms, while unions called a one-day strike "
    "for next month. The budget now goes to the president, who has ten days to sign it.",
)
FILLER = [  # an unrelated background stream, so the IDF knows what is common
    ("Harbour strike ends in Tessaly", "Dock workers in Tessaly ended a nine-day strike over pay on Monday."),
    ("Marno football club sold", "The owners of FC Marno sold the club to a shipping firm for 40 million."),
    ("Storm closes Vell airport", "Winds of 120 km/h closed Vell airport for a day; 80 flights were cancelled."),
    ("New museum opens in Quist", "A museum of maritime history opened in Quist's old customs house on Sunday."),
]


def art(i: str, title: str, text: str, hours: float) -> c.Article:
    return c.article(i, f"{title}\n\n{text}", title, T + timedelta(hours=hours))


def run(items: list[c.Article]) -> dict[str, str]:
    clusterer = c.Clusterer()
    for a in sorted(items, key=lambda a: a.time):
        clusterer.add(a)
    return clusterer.assignment()


def background() -> list[c.Article]:
    return [art(f"f{i}", t, x, -48 + i) for i, (t, x) in enumerate(FILLER)]


def test_reports_of_one_event_worded_differently_form_one_story_and_another_event_its_own() -> None:
    items = background() + [art(f"d{i}", t, x, 2 * i) for i, (t, x) in enumerate(DAM)] + [art("b", *BUDGET, 50)]
    got = run(items)
    assert got["d0"] == got["d1"] == got["d2"] == "d0"
    assert got["b"] == "b"
    assert len({got[f"f{i}"] for i in range(len(FILLER))}) == len(FILLER)


# An opinion on the dam failure: its body argues about public works in general and shares few words with the
# reports; its headline names what the reports' bodies (not their headlines) are about.
OPINION = (
    "Orvo, Brena and the reservoir cracks nobody repaired",
    "Every government of the last ten years cut the money for public works and called it prudence. The "
    "engineers who should check bridges, tunnels and embankments were told to write reports instead of "
    "repairing anything, and the reports went into drawers. Nobody in the capital loses an election over a "
    "culvert. This is how a country ends up burying its citizens: not through one bad decision but through "
    "thousands of small postponements, each defensible on its own. Ministers will now promise inquiries and "
    "commissions, as they always do, and the opposition will demand resignations it would never offer itself. "
    "What the north needs instead is a standing inspectorate with its own budget, independent of the "
    "companies it inspects, and the courage to empty a reservoir when the inspectors say so, even in a dry "
    "year and even when the turbines stop. Until then every valley below an old wall lives on borrowed time.",
)


def test_an_opinion_from_another_angle_joins_the_event_its_headline_names() -> None:
    # The title-to-body cosine carries it: without that feature (COEF[4] = 0) its similarity is about 0.65.
    items = background() + [art(f"d{i}", t, x, 2 * i) for i, (t, x) in enumerate(DAM)]
    items += [art("b", *BUDGET, 50), art("op", *OPINION, 20)]
    got = run(items)
    assert got["op"] == "d0"
    assert got["b"] == "b"


def test_a_near_duplicate_joins_its_original_at_once() -> None:
    title, text = DAM[0]
    copy = art("copy", title, text.replace("on Tuesday", "on Tuesday morning"), 3)
    clusterer = c.Clusterer()
    clusterer.add(art("orig", title, text, 0))
    decision = clusterer.add(copy)
    assert (decision.story_id, decision.reason) == ("orig", "duplicate")


def test_a_story_takes_no_member_once_its_event_is_over() -> None:
    late = [art("d0", *DAM[0], 0), art("d1", *DAM[1], (c.SPAN + timedelta(hours=1)).total_seconds() / 3600)]
    assert run(background() + late)["d1"] == "d1"


def test_stories_are_not_chained_through_one_member() -> None:
    # d0 and the budget story share names; a report naming both events joins one, it does not fuse them.
    bridge = art(
        "x",
        "Korval and Elvir: budget and dam",
        "Dana Korval and Tomas Elvir spoke of the Selka dam in Arvenia and of the budget vote in parliament.",
        12,
    )
    got = run(background() + [art("d0", *DAM[0], 0), art("b", *BUDGET, 1), bridge])
    assert got["d0"] != got["b"]


def test_the_idf_comes_from_the_stream() -> None:
    vocab = c.Vocabulary()
    for a in background() + [art("d0", *DAM[0], 0), art("d1", *DAM[1], 1)]:
        vocab.add(a.terms())
    assert vocab.idf("selka") < vocab.idf("harbour")  # in two articles against one
    assert vocab.idf("never-seen") > vocab.idf("harbour") > 0


@pytest.mark.parametrize("hours", [0.0, 30.0])
def test_story_round_trips_through_its_document(hours: float) -> None:
    s = c.Story("d0", T, T)
    for i, (t, x) in enumerate(DAM):
        s.add(art(f"d{i}", t, x, hours + i), 0.5 + i / 10)
    back = c.Story.from_source(json.loads(json.dumps(s.to_source())))
    assert back.title == DAM[2][0] and back.size == 3 and back.bands == s.bands
    assert back == s  # every weight, as held: a worker reading the story holds what its writer held
    vocab = c.Vocabulary()
    probe = art("p", *DAM[1], hours)
    assert c.similarity(probe, back, vocab) == c.similarity(probe, s, vocab)


def test_weights_are_kept_rounded_and_stored_as_integer_counts_of_the_quantum() -> None:
    s = c.Story("d0", T, T)
    for i, (t, x) in enumerate(DAM):
        s.add(art(f"d{i}", t, x, i))
    s.absorb(c.Story.from_source(s.to_source()))  # sums of sums stay on the grid too
    vectors = [s.title_vec, s.body_vec, s.names_vec, s.rep_title, s.rep_body]
    assert all(c._q(w) == w for vec in vectors for w in vec.values())
    src = s.to_source()
    pairs = [*src["centroid"].values(), *src["rep"].values()]
    assert all(p["d"] == c.DECIMALS and all(w.isdigit() for w in p["w"].split(",")) for p in pairs)
    assert src["centroid"]["body"]["t"].split("\t") == list(s.body_vec)
    # the weights' share of the document: about 6 characters each, where a 17-digit float takes about 20
    weights = sum(len(p["w"].split(",")) for p in pairs)
    assert len(json.dumps([p["w"] for p in pairs], separators=(",", ":"))) < 8 * weights


def test_vectors_of_every_form_read_back() -> None:
    # Packed strings (a term holding a tab keeps the list form), an empty vector, and the earlier list forms.
    for vec in ({"selka": 0.25, "n:Dana\tKorval": 0.5}, {}, {"selka": 1.5, "dam": 0.000001}):
        back = c._unpairs(json.loads(json.dumps(c._pairs(vec))))
        assert back == vec and list(back) == list(vec)
    assert c._pairs({"a\tb": 0.5, "c": 0.25})["t"] == ["a\tb", "c"]
    assert c._unpairs({"t": ["selka", "dam"], "w": [250000, 1500000], "d": 6}) == {"selka": 0.25, "dam": 1.5}
    s = c.Story("d0", T, T)
    s.add(art("d0", *DAM[0], 0))
    src = s.to_source()
    assert src["lsh_bands"].split(" ") == s.bands and len(s.bands) > 1
    src["lsh_bands"] = list(s.bands)  # the list form of before
    assert c.Story.from_source(src) == s


def test_a_story_document_with_float_weights_reads_rounded() -> None:
    # A story written before weights were rounded: its weights are read onto the grid, as a worker holds them.
    s = c.Story("d0", T, T)
    s.add(art("d0", *DAM[0], 0))
    src = s.to_source()
    for p in [*src["centroid"].values(), *src["rep"].values()]:
        p["t"] = p["t"].split("\t") if p["t"] else []
        p["w"] = [int(w) / 10**c.DECIMALS * (1 + 3e-9) for w in p.pop("w").split(",") if w]  # 17 digits, no "d"
        del p["d"]
    back = c.Story.from_source(json.loads(json.dumps(src)))
    assert back == s and c.Story.from_source(back.to_source()) == back


@given(x=st.floats(0.0, 1e6, allow_nan=False))
def test_rounding_a_weight_is_idempotent_and_within_half_a_quantum(x: float) -> None:
    q = c._q(x)
    assert c._q(q) == q and abs(q - x) <= 0.5 / 10**c.DECIMALS * (1 + 1e-9) + abs(x) * 1e-15
    assert float(f"{q:.{c.DECIMALS}f}") == q  # DECIMALS decimals write it exactly


# Invented reports for the seeds-dev event (North Korean troops withdrawn from Kursk after heavy losses) and for
# a different event naming the same places and leaders (ceasefire talks).
NK_REWORDED = (
    "Pyongyang pulls its battered units out of Kursk",
    "North Korea has taken its soldiers off the front line in Russia's Kursk region after the units lost about "
    "half of their strength, Ukrainian commanders and South Korean intelligence say. The troops, sent by Kim "
    "Jong-un under his defence pact with Vladimir Putin, were thrown at Ukrainian positions in open fields and "
    "cut down by drones and artillery. Seoul's spy agency counts some 300 killed and 2,700 wounded among the "
    "roughly 11,000 men deployed; Ukraine's commander-in-chief speaks of thousands lost. Officials in "
    "Washington think the pause may be temporary while the units are retrained. Russian forces meanwhile keep "
    "pushing to win back the part of Kursk that Ukraine seized last summer, and the withdrawal leaves them "
    "short of infantry on the hardest stretch of the front.",
)
CEASEFIRE = (
    "Ceasefire talks open as Zelensky and Putin trade conditions",
    "Negotiators for Ukraine and Russia met in Istanbul on Friday for the first direct ceasefire talks in three "
    "years. Volodymyr Zelensky said Kyiv would discuss a thirty-day truce on land, sea and air if prisoners were "
    "exchanged first, while Vladimir Putin insisted that Ukrainian forces leave the Kursk region before any pause. "
    "Turkish mediators proposed a monitoring mission, and the United States sent an envoy to follow the talks. "
    "Both delegations agreed to swap a thousand prisoners each and to meet again next week, but no date was set "
    "for a truce. European leaders urged Moscow to accept an unconditional ceasefire and threatened new sanctions "
    "on banks and oil exports if it refused. In Kyiv, officials warned that Russia was massing troops for a new "
    "offensive in the east even as the talks went on.",
)


# Earlier reports of the same war (other events), so the stream's IDF knows its common words and names.
WAR = [
    (
        "Drones hit Kharkiv power station",
        "Russian drones struck a power station in Kharkiv overnight, cutting electricity to 200,000 homes, the "
        "regional governor said. Ukraine's air force said it shot down 40 of 58 drones launched from Kursk and "
        "Belgorod. Volodymyr Zelensky asked allies for more air defence systems; Vladimir Putin's spokesman said "
        "the strikes answered Ukrainian attacks on Russian refineries.",
    ),
    (
        "Grain ships leave Odesa despite missile threat",
        "Four ships loaded with Ukrainian wheat and maize left Odesa on Monday, the ports authority said, despite "
        "Russian missile strikes on the port last week. Zelensky said exports through the Black Sea corridor had "
        "reached their highest level since the war began. Russia says the ships could carry weapons; Putin has "
        "threatened to treat them as military targets.",
    ),
    (
        "EU agrees new sanctions on Russian oil",
        "European Union governments agreed a new package of sanctions on Russia on Wednesday, lowering the price "
        "cap on Russian oil and listing 70 more tankers of the shadow fleet. Zelensky welcomed the move; the "
        "Kremlin said Putin would not change course. Ukraine asked for the frozen Russian assets to pay for "
        "rebuilding Kharkiv, Kursk border villages and Odesa's port.",
    ),
]


def test_seed_reports_and_a_rewording_form_one_story_and_ceasefire_talks_another(shared_dir: Path) -> None:
    seeds = sorted((shared_dir / "seeds-dev").glob("*.txt"))
    items = (
        background()
        + [art(f"w{i}", t, x, -30 + 8 * i) for i, (t, x) in enumerate(WAR)]
        + [c.article(p.stem, p.read_text(encoding="utf-8"), None, T + timedelta(hours=i)) for i, p in enumerate(seeds)]
    )
    items += [art("nk", *NK_REWORDED, 5), art("talks", *CEASEFIRE, 30)]
    items += [art(f"d{i}", t, x, 40 + i) for i, (t, x) in enumerate(DAM)]
    got = run(items)
    first = seeds[0].stem
    assert {got[p.stem] for p in seeds} | {got["nk"]} == {first}
    assert got["talks"] == "talks"
    assert got["d0"] == got["d1"] == got["d2"] == "d0"


# -- weighted lengths kept across comparisons (exact) and the live window ---------------------------------------

LEXICON = [f"w{i}" for i in range(60)]  # invented terms; names are "N<i>"


def _vec(rng: random.Random, terms: list[str], k: int) -> c.Vector:
    return c._unit({t: float(rng.randint(1, 3)) for t in rng.sample(terms, k)})


def _story(rng: random.Random) -> c.Story:
    s = c.Story("s", T, T)
    s.title_vec, s.body_vec = _vec(rng, LEXICON, 8), _vec(rng, LEXICON, 30)
    s.names_vec = _vec(rng, [f"N{i}" for i in range(12)], 5)
    return s


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), steps=st.integers(1, 3 * c.HISTORY))
def test_a_kept_length_equals_the_length_measured_afresh_as_the_idf_moves(seed: int, steps: int) -> None:
    rng = random.Random(seed)
    vocab, s = c.Vocabulary(), _story(rng)
    first = {w: c._length(s, w, vocab) for w in c.VECTORS}
    for i in range(steps):
        # each step moves the document frequency of some of the story's terms and names (and the stream's size)
        vocab.add(rng.sample(LEXICON, 20) + [f"n:N{j}" for j in rng.sample(range(12), 3)])
        if rng.random() < 0.3 or i == steps - 1:  # looked at now and then: kept lengths fall behind by several steps
            for which, (attr, prefix) in c.VECTORS.items():
                fresh = c._norm(getattr(s, attr), vocab.idf, prefix)
                assert c._length(s, which, vocab) == pytest.approx(fresh, rel=1e-12)
    assert all(c._length(s, w, vocab) != pytest.approx(first[w], rel=1e-6) for w in c.VECTORS)  # the IDF moved


def test_a_story_forgets_its_lengths_when_it_changes_and_another_vocabulary_measures_afresh() -> None:
    rng = random.Random(7)
    vocab, s = c.Vocabulary(), _story(rng)
    for _ in range(5):
        vocab.add(rng.sample(LEXICON, 20))
    before = c._length(s, "body", vocab)
    a = c.Article("a", T, "t", _vec(rng, LEXICON, 8), _vec(rng, LEXICON[:10], 10), {}, ())
    s.add(a)
    assert c._length(s, "body", vocab) == pytest.approx(c._norm(s.body_vec, vocab.idf), rel=1e-12) != before
    other = c.Vocabulary(vocab.n, vocab.df.copy())
    other.df.update(LEXICON[:10] * 50)  # a fresh read of the document frequencies, far from the first
    assert c._length(s, "body", other) == pytest.approx(c._norm(s.body_vec, other.idf), rel=1e-12)
    assert c._length(s, "body", other) != pytest.approx(c._length(s, "body", vocab), rel=1e-6)


@pytest.mark.parametrize("body_terms", [30, c.MAX_TERMS + 50])
def test_a_new_story_starts_with_its_articles_lengths_and_both_stay_exact(body_terms: int) -> None:
    rng = random.Random(11)
    vocab = c.Vocabulary()
    body = [f"z{i}" for i in range(body_terms)]
    a = c.Article("a", T, "t", _vec(rng, LEXICON, 8), _vec(rng, body + LEXICON, body_terms), {"N1": 1.0}, ())
    vocab.add(a.terms())
    other = _story(rng)
    other.body_vec.update(dict.fromkeys(body[:5], 0.1))
    c.features(a, other, vocab)  # measures the article's lengths
    assert {"title", "body"} <= set(a.lengths)
    s = c.Story("a", T, T)
    s.add(a)
    cut = len(s.body_vec) < len(a.body_vec)  # a body longer than MAX_TERMS is cut: its length is measured afresh
    assert cut == (body_terms > c.MAX_TERMS) and ("body" in s.lengths) != cut
    for _ in range(3):
        vocab.add(rng.sample(body, 10) + rng.sample(LEXICON, 10))
        for owner in (s, a):
            for which, (attr, prefix) in c.VECTORS.items():
                fresh = c._norm(getattr(owner, attr), vocab.idf, prefix)
                assert c._length(owner, which, vocab) == pytest.approx(fresh, rel=1e-12)


def _stream(days: int, seed: int = 3) -> list[c.Article]:
    """Invented stream: an event every ten hours (own words and names, two to four reports over a day and a half)
    among everyday words."""
    rng = random.Random(seed)
    common = [f"c{i}" for i in range(40)]
    out = []
    for e in range(days * 24 // 10):
        own = [f"e{e}x{i}" for i in range(12)]
        for r in range(rng.randint(2, 4)):
            words = own + rng.sample(common, 10)
            out.append(
                c.Article(
                    f"e{e}r{r}",
                    T + timedelta(hours=10 * e + rng.uniform(0, 36)),
                    f"title {e}",
                    _vec(rng, words, 6),
                    _vec(rng, words, 18),
                    _vec(rng, [f"E{e}", f"E{e}b", "Leader", "Capital"], 3),
                    (),
                )
            )
    return sorted(out, key=lambda a: (a.time, a.article_id))


def test_the_clusterer_keeps_only_the_live_window_and_decides_as_if_it_scanned_every_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = _stream(60)
    window, most = c.Clusterer(), 0
    got = []
    for a in stream:
        got.append(window.add(a))
        most = max(most, len(window.live))
    assert len(window.stories) > 100 and most < 25  # a few days of stories held, not the whole stream
    # real decisions: most reports join their event's story, and each event starts one
    right = sum(d.story_id.split("r")[0] == a.article_id.split("r")[0] for a, d in zip(stream, got, strict=True))
    assert right > 0.9 * len(stream) and {d.reason for d in got} == {"new", "similar"}
    monkeypatch.setattr(c, "HORIZON", timedelta(days=10_000))  # a window that never drops a story: scans all
    every = c.Clusterer()
    assert [every.add(a) for a in stream] == got
    assert len(every.live) == len(every.stories)


def test_an_article_older_than_the_window_still_finds_its_story() -> None:
    stream = _stream(4)
    clusterer = c.Clusterer()
    late = stream.pop(next(i for i, a in enumerate(stream) if a.article_id == "e1r1"))
    for a in stream:
        clusterer.add(a)
    assert clusterer.newest is not None and late.time < clusterer.newest - c.HORIZON
    assert clusterer.add(late).story_id == clusterer.story_of["e1r0"]
