"""The claim explorer in headless Chromium, against the embedded stack holding the demo reports: search, a facet,
"more", a claim's article, the comparison of the demo story and of the hand-labelled seeds-dev story (nested
losses on one axis, implied absolute figures, disagreeing pairs), live arrivals, and article text holding ``<script>``
shown as text.

The browser is Debian's ``chromium`` (scripts/system-deps.sh installs it) driven by Playwright through
``executable_path``: nothing is downloaded, and every request leaving 127.0.0.1 is refused and fails the test.
Without chromium or playwright the tests skip; under ``CI=true`` they fail. Screenshots are written to the test's
tmp dir and copied to ``artifacts/explorer/`` at the repo root (git-ignored).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from claimstream import demo
from claimstream.embedded import Stack, embedded_stack
from claimstream.services.index.documents import Action, StoryFields, article_doc, claim_doc
from claimstream.services.index.store import Store
from claimstream.services.index.tests import provenance_story, seed_story
from claimstream.services.index.tests.two_armies import two_armies
from claimstream.shared.elastic import build_client
from claimstream.shared.events import ArticleCleaned, ClaimExtracted
from claimstream.shared.settings import IndexSettings

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(180)]

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts" / "explorer"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCRIPT_CLAIM = "<script>window.__pwned=1</script> 500 troops"
HOSTILE = {
    "url": "https://hostile.example/report",
    "outlet": "Evil <b>Gazette</b>",
    "published_at": "2026-06-01T12:00:00Z",
    "text": "Border standoff <img src=x onerror=window.__pwned=2> escalates\n\n"
    f'Officials said "{SCRIPT_CLAIM} were moved to the border" on Monday, according to the defence ministry.\n\n'
    "The ministry said that about 1,200 soldiers <img src=x onerror=window.__pwned=3> were already stationed in "
    "the region, and that more would follow in the coming weeks if talks failed.\n\n"
    "A spokesperson, Arlen Vosk, told reporters that at least 40 vehicles had crossed the river overnight.",
}


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI=true: the browser tests must run)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's chromium, and playwright to drive it; checked before any server starts."""
    path = next(
        (
            p
            for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
            if p and os.access(p, os.X_OK)
        ),
        None,
    )
    if path is None:
        _missing(
            "chromium not found: install the Debian package (apt-get install -y chromium), e.g. with scripts/system-deps.sh"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("playwright is not installed: pip install the test extras (scripts/setup.sh test)")
    return str(path)


@pytest.fixture(scope="module")
def stack(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(log_dir=tmp_path_factory.mktemp("explorer-stack")) as s:
        demo.load(s.url("ingest"), s.url("index"), echo=lambda _: None)
        yield s


@pytest.fixture(scope="module")
def context(chromium: str, stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One browser for the module. Started after the stack: Playwright's sync API keeps an event loop set on
    this thread, and the stack's start-up uses asyncio.run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium,
            headless=True,
            args=FLAGS,
            viewport={"width": 1360, "height": 900},
            timezone_id="UTC",
            locale="en-GB",
        )
        yield ctx
        ctx.close()


@dataclass
class Browser:
    """A page of the explorer, with the script errors and outside requests it produced."""

    page: Any
    base: str
    shots: Path
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def open(self, fragment: str = "#/") -> None:
        self.page.goto(f"{self.base}/{fragment}")

    def shot(self, name: str, full_page: bool = False) -> Path:
        path = self.shots / name
        self.page.screenshot(path=str(path), full_page=full_page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, ARTIFACTS / name)
        return path

    def pwned(self) -> Any:
        return self.page.evaluate("window.__pwned")

    def check(self) -> None:
        assert not self.errors, f"script errors: {self.errors}"
        assert not self.outside, f"requests outside the service: {self.outside}"


@pytest.fixture
def browser(context: Any, stack: Stack, tmp_path: Path) -> Iterator[Browser]:
    page = context.new_page()
    page.set_default_timeout(20_000)
    b = Browser(page, stack.url("index"), tmp_path)

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            b.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: b.errors.append(str(exc)))
    page.on("console", lambda msg: b.errors.append(msg.text) if msg.type == "error" else None)
    yield b
    page.close()


def test_search_facet_more_and_a_claims_article(browser: Browser, stack: Stack) -> None:
    from playwright.sync_api import expect

    total = httpx.get(f"{stack.url('index')}/claims", params={"size": 1}, timeout=10).json()["total"]
    assert 20 < total <= 40, "the demo should fill one page of 20 claims and part of a second"
    page = browser.page
    browser.open()
    cards = page.locator(".card")
    cards.nth(19).wait_for()
    assert cards.count() == 20  # one page
    page.locator("button.more").click()
    page.locator(".card").nth(total - 1).wait_for()
    assert cards.count() == total
    assert not page.locator("button.more").is_visible()

    page.fill("#q", "toll")
    page.press("#q", "Enter")
    page.locator(".total q", has_text="toll").wait_for()
    assert cards.count() >= 2
    assert "toll" in [m.lower() for m in page.locator(".card mark").all_inner_texts()]
    assert page.locator(".card .chip", has_text="people killed").count() >= 2
    browser.shot("search.png")

    page.locator('.facet[data-facet="outlet"] a[data-value="Meridian Wire"]').click()
    page.locator('.filter-chip[data-filter="outlet"]').wait_for()
    expect(page.locator(".card .outlet").filter(has_not_text="Meridian Wire")).to_have_count(0)
    assert set(page.locator(".card .outlet").all_inner_texts()) == {"Meridian Wire"}
    browser.shot("search-facet.png")
    page.locator('.filter-chip[data-filter="outlet"]').click()
    expect(page.locator(".filter-chip")).to_have_count(0)
    page.locator(".card .outlet", has_text="Coastal Tribune").first.wait_for()  # the other outlets are back

    card = page.locator(".card", has_text="112").first
    claim = card.locator(".claim-text").inner_text()
    card.locator("a.article-link").click()
    page.locator(".article-view h1").wait_for()
    assert page.locator(".claim-span.focus").count() >= 1
    focused = page.locator(".article-claims li.focus .claim-text").inner_text()
    assert focused.strip("“”") == claim.strip("“”")
    assert "112" in page.locator(".claim-span.focus").first.inner_text()
    assert page.locator(".article-text .claim-span").count() >= 4
    browser.shot("article.png")
    browser.check()


def test_comparison_of_the_demo_story_shows_the_disagreement(browser: Browser) -> None:
    page = browser.page
    browser.open()
    page.locator(".stories a.compare-story").first.click()
    killed = page.locator('.group[data-measure="people killed"]')
    killed.wait_for()
    assert "disagree" in (killed.get_attribute("class") or "")
    assert killed.locator(".flag").inner_text().lower() == "disagree"
    pairs = killed.locator(".pairs li").count()
    assert pairs >= 4 and killed.locator("path.conflict").count() == 3  # the 3 largest gaps joined; the rest listed
    assert killed.locator(".pairs details summary").inner_text() == f"{pairs - 3} more pairs that disagree"
    readings = killed.locator("g.reading")
    values = {float(v) for v in readings.evaluate_all("els => els.map(e => e.dataset.value)")}
    assert {112.0, 151.0} <= values and min(values) == 112.0 and max(values) == 151.0
    outlets = set(readings.evaluate_all("els => els.map(e => e.dataset.outlet)"))
    assert outlets == {"Northern Ledger", "Coastal Tribune", "Meridian Wire"}
    assert (
        killed.locator("g.reading[data-approx='at least'] line.interval[stroke-dasharray]").count() == 1
    )  # "at least 140": open
    assert "spread 39" in (killed.locator("svg text.band-label").text_content() or "")
    displaced = page.locator('.group[data-measure="people displaced"]')
    assert displaced.locator("g.reading[data-approx='about']").count() == 1
    assert page.locator(".group.disagree").count() >= 2
    browser.shot("compare.png", full_page=True)

    readings.first.click()
    page.locator(".article-view .claim-span.focus").first.wait_for()
    browser.check()


async def _index_seed_story(
    es_url: str,
    story_id: str = seed_story.STORY,
    articles: list[ArticleCleaned] | None = None,
    claims: list[ClaimExtracted] | None = None,
) -> list[str]:
    """A hand-labelled story (by default the seeds-dev one, services/index/tests/seed_story.py) written straight
    into the stack's indices, as the index service writes claims; returns the refused items (none expected)."""
    now = datetime.now(UTC)
    store = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url)))
    story = StoryFields(story_id, seed_story.WHEN, (), ())
    actions = [
        Action(store.alias("articles"), a.article_id, article_doc(a, now, story))
        for a in (seed_story.articles() if articles is None else articles)
    ]
    actions += [
        Action(store.alias("claims"), c.claim_id, claim_doc(c, now, {"story_id": story_id, "language": "en"}))
        for c in (seed_story.claims() if claims is None else claims)
    ]
    try:
        return [str(e) for e in await store.bulk(actions, refresh=True)]
    finally:
        await store.es.close()


def test_comparison_of_the_seed_story_puts_nested_losses_on_one_axis(browser: Browser, stack: Stack) -> None:
    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        assert pool.submit(asyncio.run, _index_seed_story(stack.elasticsearch)).result() == []
    page = browser.page
    browser.open(f"#/compare?story_id={seed_story.STORY}")
    lost = page.locator('.group[data-measure="troops lost"]')
    lost.wait_for()
    assert lost.get_attribute("data-verdict") == "disagree" and lost.locator(".flag").inner_text().lower() == "disagree"
    readings = lost.locator("g.reading")
    assert readings.count() == 5
    events = readings.evaluate_all("els => els.map(e => e.dataset.event)")
    assert sorted(events) == ["killed", "killed or wounded", "killed or wounded", "lost", "wounded"]
    values = readings.evaluate_all("els => els.map(e => Number(e.dataset.value))")
    assert values == sorted(values) and values[-1] == 6000 and 300 in values  # one axis, by absolute figure
    assert set(readings.evaluate_all("els => els.map(e => e.dataset.outlet)")) == set(seed_story.ARTICLES.values())
    labels = lost.locator("text.row-value").all_text_contents()
    assert "✕ ≈ ½ of 12,000 ≈ 6,000" in labels, labels
    assert any(t.endswith("⅓–½ of 11,000 ≈ 3,667–5,500") for t in labels), labels
    assert lost.locator("g.reading rect.range").count() == 1  # Jones: a range, not a point
    assert lost.locator("g.reading line.interval").count() >= 2  # hedged readings show their interval
    assert lost.locator("path.conflict").count() == lost.locator(".pairs li").count() == 2  # vs Syrskyi, vs Jones
    syrskyi = lost.locator("g.reading[data-event='lost']")
    assert syrskyi.get_attribute("data-disagrees") == "true"
    assert "Oleksandr Syrskyi" in (syrskyi.locator("text.row-label").text_content() or "")
    assert (
        lost.locator("g.reading[data-event='killed']").get_attribute("data-disagrees") == ""
    )  # a part below its whole
    assert "Oleksandr Syrskyi" in lost.locator(".pairs").inner_text()
    troops = page.locator('.group[data-measure="troops deployed"]')
    assert troops.get_attribute("data-verdict") == "consistent" and troops.locator(".pairs").count() == 0
    assert "within their hedges" in troops.locator(".verdict").inner_text()
    assert lost.locator("h2").inner_text() == "North Korean troops lost"  # the side is part of the measure
    lost.scroll_into_view_if_needed()
    browser.shot("compare-seed.png", full_page=True)

    browser.open("#/?q=somewhere")  # a share on a claim card: its base and the count it implies
    page.locator(".card").first.wait_for()
    assert page.locator(".card .chip", has_text="⅓–½ of 11,000 ≈ 3,667–5,500 killed or wounded").count() == 1

    browser.open("#/compare?q=North%20Korean%20troops")  # by measure: the soldiers' claims never say "troops"
    page.locator(".measure-note").wait_for()
    assert "troops (korean north)" in page.locator(".measure-note").inner_text()
    assert page.locator('.group[data-measure="troops lost"] g.reading[data-event="killed"]').count() >= 1
    browser.check()


def test_chains_on_cards_and_readings_and_a_copy_folded_under_also_carried_by(browser: Browser, stack: Stack) -> None:
    with ThreadPoolExecutor(1) as pool:
        assert (
            pool.submit(
                asyncio.run,
                _index_seed_story(
                    stack.elasticsearch, provenance_story.STORY, provenance_story.articles(), provenance_story.claims()
                ),
            ).result()
            == []
        )
    page = browser.page
    browser.open(f"#/?story_id={provenance_story.STORY}")
    cards = page.locator(".card")
    cards.nth(4).wait_for()
    relayed = page.locator(".card", has=page.locator(".outlet", has_text="Valley Courier")).locator(".chain")
    assert relayed.inner_text() == "Ilse Brandt → Agence France-Presse → Valley Courier"
    copy = page.locator(".card", has=page.locator(".outlet", has_text="Scraper Daily")).locator(".chain")
    assert copy.locator(".copy-of").inner_text() == "copy of Harbor Gazette"
    own = page.locator(".card", has=page.locator(".outlet", has_text="Northern Ledger")).locator(".chain")
    assert own.locator(".chain-link").all_inner_texts() == ["Tavi Renn", "Northern Ledger"]
    assert own.locator(".first-hand").count() == 1
    via = page.locator('.facet[data-facet="via"] a[data-value="Agence France-Presse"]')
    assert via.locator(".count").inner_text() == "4"
    browser.shot("provenance-cards.png")
    page.locator(".card", has=page.locator(".outlet", has_text="Scraper Daily")).locator("a.article-link").click()
    page.locator(".article-view h1").wait_for()
    assert page.locator(".article-claims .chain .copy-of").inner_text() == "copy of Harbor Gazette"

    browser.open(f"#/compare?story_id={provenance_story.STORY}")
    group = page.locator('.group[data-measure="people killed"]')
    group.wait_for()
    assert "2 independent sources in 4 outlets" in group.locator(".verdict").inner_text()
    origins = group.locator(".origins li.origin")
    assert origins.count() == 2
    agency = group.locator('.origins li[data-origin="Ilse Brandt via Agence France-Presse"]')
    assert agency.inner_text().startswith(
        "Ilse Brandt via Agence France-Presse — carried by Harbor Gazette, Plains Record, Scraper Daily, Valley Courier"
    )
    assert agency.get_attribute("data-readings") == "3"  # the copy is folded, not a fourth reading
    group.locator(".readings summary").click()
    rows = group.locator(".readings tbody tr")
    assert rows.count() == 4
    harbor = rows.filter(has_text="Harbor Gazette").first.locator(".chain")
    assert harbor.inner_text() == "Ilse Brandt → Agence France-Presse → Harbor Gazette (also carried by Scraper Daily)"
    browser.shot("provenance-compare.png", full_page=True)
    browser.check()


def test_two_armies_are_two_panels_each_on_its_own_axis_and_the_bare_troops_are_listed_apart(
    browser: Browser, stack: Stack
) -> None:
    claims = [
        ClaimExtracted.model_validate({**c, "span": [0, len(c["sentence"])], "attribution": "indirect"})
        for c in two_armies()
    ]
    articles = [
        ArticleCleaned(
            article_id=a, outlet=o, title=f"Losses ({o})", text="(hand-labelled)", ingested_at=seed_story.WHEN
        )
        for a, o in {c.article_id: c.outlet for c in claims}.items()
    ]
    with ThreadPoolExecutor(1) as pool:
        assert (
            pool.submit(asyncio.run, _index_seed_story(stack.elasticsearch, "twoarmies", articles, claims)).result()
            == []
        )
    page = browser.page
    browser.open("#/compare?story_id=twoarmies")
    page.locator(".unplaced").wait_for()
    titles = page.locator('.group[data-measure="troops killed"] h2').all_inner_texts()
    assert sorted(titles) == ["North Korean troops killed", "Russian troops killed"]
    north = page.locator(".group", has=page.locator("h2", has_text="North Korean troops killed"))
    assert "250,000" not in north.locator(".verdict").inner_text()
    ticks = [float(t.replace(",", "")) for t in north.locator("text.tick").all_text_contents()]
    assert max(ticks) < 1000  # the axis fits the North Korean figures (400, 700), not the other army's
    unplaced = page.locator(".unplaced li")
    assert unplaced.count() == 1 and "North Korean and Russian" in unplaced.inner_text()
    browser.check()


def test_live_arrivals_and_script_in_article_text_render_as_text(browser: Browser, stack: Stack) -> None:
    page = browser.page
    browser.open("#/?sort=date")
    page.locator(".card").first.wait_for()
    page.locator(".arrived", has_text="no new claims yet").wait_for()

    r = httpx.post(f"{stack.url('ingest')}/articles", json=HOSTILE, timeout=30)
    assert r.status_code == 202, r.text
    hostile = page.locator(".card", has_text=SCRIPT_CLAIM)
    hostile.first.wait_for(timeout=60_000)  # no reload: the page polls and inserts what arrived
    arrived = page.locator(".arrived.some").inner_text()
    assert re.fullmatch(r"\+\d+ new claims? arrived", arrived), arrived
    assert page.locator(".card.new").count() >= 1
    assert browser.pwned() is None
    assert page.locator(".card .outlet", has_text="Evil <b>Gazette</b>").count() >= 1
    assert page.locator(".card .outlet b, .card script").count() == 0
    browser.shot("live-and-script-as-text.png")

    hostile.first.locator("a.article-link").click()
    page.locator(".article-view h1").wait_for()
    assert (
        page.locator(".article-view h1").inner_text()
        == "Border standoff <img src=x onerror=window.__pwned=2> escalates"
    )
    assert SCRIPT_CLAIM in page.locator(".article-text").inner_text()
    assert page.locator(".article-view img, .article-view script, .article-view b").count() == 0
    assert browser.pwned() is None
    browser.shot("article-script-as-text.png")
    browser.check()


def test_stories_list_links_each_story_to_its_comparison(browser: Browser, stack: Stack) -> None:
    stories = httpx.get(f"{stack.url('index')}/stories", timeout=10).json()["stories"]
    assert stories, "the demo makes at least one story"
    page = browser.page
    browser.open()
    page.locator("#stories-link").click()
    items = page.locator(".story-list li.story")
    items.first.wait_for()
    assert items.count() == len(stories)
    demo_story = max(stories, key=lambda s: s["articles"])
    item = page.locator(f'.story-list li.story[data-story="{demo_story["story_id"]}"]')
    assert demo_story["title"] in item.locator(".story-title").inner_text()
    assert f"{demo_story['articles']} articles" in item.locator(".story-meta").inner_text()
    assert item.locator(".badge.disagree").count() == (1 if demo_story["sources_disagree"] else 0)
    browser.shot("stories.png")
    item.locator(".story-title").click()
    page.locator('.group[data-measure="people killed"]').wait_for()
    assert page.url.endswith(f"#/compare?story_id={demo_story['story_id']}")
    browser.check()
