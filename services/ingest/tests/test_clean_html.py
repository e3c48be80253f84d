"""clean_html on real news pages (copied from the shared corpus) and on hostile input.

Expectations come from the corpus annotations: trafilatura-eval ``with``/``without`` snippets and
article-extraction-benchmark ground-truth sentences, copied here as data.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimstream.services.ingest.clean import CleaningError, clean_html

# (file, url, must contain, must not contain, language)
PAGES = [
    (
        "te_kbs_temperatures_en.html",
        "https://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=181595",
        [
            "Although the first cold wave alerts of the season were issued in anticipation of frigid morning lows on Tuesday",
            "Wednesday is forecast to be even colder.",
            "People out on the streets were seen wearing layers throughout the day as Tuesday’s temperatures",
        ],
        ["Most Viewed News", "Headline News", "Most Viewed Content"],
        "en",
    ),
    (
        "te_politico_retirement_en.html",
        "https://www.politico.com/news/2019/12/30/mark-meadows-retirement-elect-wife-friend-090838",
        [
            "shock retirement — revealed just 30 hours before the",
            "though he faces another stiff primary challenge next year.",
            "“I don’t expect anyone to hand me anything.",
        ],
        ["Credit Card Payments", "Notice to California Residents", "Terms of Service"],
        "en",
    ),
    (
        "te_kyffhaeuser_regen_de_latin1.html",
        "https://kyffhaeuser-nachrichten.de/news/news_lang.php?ArtNr=335614",
        [
            "Statt herkömmlichem Herbstwetter brachte",
            "der Oktober 2023 sehr viel Regen und eine äußerst milde Witterung mit sommerlichen Nuancen",
            "Die Vegetation kleidete sich nur zögerlich herbstlich",
        ],
        [
            "Am meisten gelesen...",
            "Letzte Kommentare",
            "Nachrichten aus dem Kyffhäuserkreis - regional, schnell, kostenlos, super digital",
        ],
        "de",
    ),
    (
        "te_dw_elephants_fr.html",
        "https://www.dw.com/fr/la-perte-des-terres-fertiles-et-les-%C3%A9l%C3%A9phants-en-guin%C3%A9e-conakry/a-6533123",
        ["24 milliards de tonnes", "développement, IRD à Dakar.", "d'une étude menée"],
        ["et vidéos sur le sujet", "terres fertiles et les éléphants en Guinée-Conakry", "Permalien"],
        "fr",
    ),
    (
        "te_xinhuanet_zh.html",
        "http://www.xinhuanet.com/local/2020-02/19/c_1125597921.htm",
        ["2月17日", "能过关。", "萧海川"],
        ["纠错", "关注新华网", "半月谈"],
        "zh",
    ),
    (
        "aeb_thespacereview_en.html",
        "https://www.thespacereview.com/article/3834/1",
        [
            "Earlier this month, NASA announced the newest milestone in the development of its long-awaited",
            "should also include revisiting SLS and Orion themselves.",
        ],
        [],
        "en",
    ),
    (
        "aeb_sciencealert_en.html",
        "https://www.sciencealert.com/nasa-finds-water-plumes-above-the-surface-of-jupiter-s-icy-moon-europa",
        [
            "A team led by researchers out of NASA's Goddard Space Flight Center in Greenbelt, Maryland, has confirmed",
            "This article was originally published by Futurism.",
        ],
        [],
        "en",
    ),
]


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("name", "url", "present", "absent", "language"), PAGES, ids=[p[0] for p in PAGES])
def test_real_pages(fixtures: Path, name: str, url: str, present: list[str], absent: list[str], language: str) -> None:
    result = clean_html((fixtures / name).read_bytes(), url)
    text = _collapse(result.text)
    assert [s for s in present if _collapse(s) not in text] == []
    assert [s for s in absent if _collapse(s) in text] == []
    assert result.language == language
    assert result.published_at is None or result.published_at.tzinfo == UTC
    assert result.outlet and result.title


def test_text_shape(fixtures: Path) -> None:
    result = clean_html((fixtures / "te_politico_retirement_en.html").read_bytes())
    assert result.text == result.text.strip() and "\n\n" not in result.text and "  " not in result.text
    assert result.text.count("\n") >= 5  # paragraphs kept apart


def test_metadata_from_real_page(fixtures: Path) -> None:
    result = clean_html(
        (fixtures / "aeb_sciencealert_en.html").read_bytes(),
        "https://www.sciencealert.com/nasa-finds-water-plumes-above-the-surface-of-jupiter-s-icy-moon-europa",
    )
    assert result.title is not None and result.title.startswith("NASA Just Confirmed There Are Water Plumes")
    assert result.outlet == "ScienceAlert"
    assert result.published_at == datetime(2019, 11, 18, 23, 41, 18, tzinfo=UTC)
    assert result.date_rule == "metadata"


def test_non_ascii_non_utf8_page_bytes_and_str(fixtures: Path) -> None:
    raw = (fixtures / "synthetic_uk_cp1251.html").read_bytes()
    for html in (raw, raw.decode("cp1251")):
        result = clean_html(html, "https://www.example.com.ua/news/generators")
        assert "понад 1200 потужних генераторів" in result.text
        assert "Ціни на пальне" not in result.text and "Усі права" not in result.text
        assert result.language == "uk"
        assert result.author == "Олена Коваленко" and result.outlet == "Приклад Новини"
        assert result.published_at == datetime(2025, 1, 31, 12, 5, tzinfo=UTC)
        assert not result.text.startswith(result.title or "\0")  # the headline lives in ``title`` only


def test_outlet_falls_back_to_host_without_www() -> None:
    body = "".join(
        f"<p>Paragraph {i} says that the council approved the plan after a long debate on Monday.</p>" for i in range(5)
    )
    result = clean_html(f"<html><body><article>{body}</article></body></html>", "https://www.example-news.org/a/1")
    assert result.outlet == "example-news.org"


def test_request_date_is_the_last_resort() -> None:
    body = "".join(
        f"<p>Paragraph {i} says that the council approved the plan after a long debate.</p>" for i in range(5)
    )
    given = datetime(2024, 5, 6, 7, 8)
    result = clean_html(f"<html><body><article>{body}</article></body></html>", None, published_at=given)
    assert result.published_at == given.replace(tzinfo=UTC) and result.date_rule == "request"


@pytest.mark.parametrize("html", [b"", b"   ", "", b"\x00\x01\x02\xff\xfe binary", b"<html><body></body></html>"])
def test_empty_or_unparseable_input_is_a_cleaning_error(html: bytes | str) -> None:
    with pytest.raises(CleaningError):
        clean_html(html)


def test_empty_page_fixture(fixtures: Path) -> None:
    with pytest.raises(CleaningError, match="no article text found after cleaning"):
        clean_html((fixtures / "empty.html").read_bytes(), "https://example.com/missing")


def test_size_limit() -> None:
    html = "<html><body>" + "<p>word </p>" * 1000 + "</body></html>"
    with pytest.raises(CleaningError, match="too large"):
        clean_html(html, max_bytes=5000)
    with pytest.raises(CleaningError, match="too large"):
        clean_html(html.encode(), max_bytes=5000)


@pytest.mark.parametrize("depth", [300, 100_000])
def test_absurd_nesting_is_refused_not_crashed(depth: int) -> None:
    text = "<p>" + "Officials said the troops were withdrawn after heavy losses. " * 10 + "</p>"
    html = "<html><body>" + "<div>" * depth + text + "</div>" * depth + "</body></html>"
    with pytest.raises(CleaningError, match="nests too deeply"):
        clean_html(html)


def test_moderate_nesting_is_fine() -> None:
    text = "<p>" + "Officials said the troops were withdrawn after heavy losses. " * 10 + "</p>"
    html = "<html><body>" + "<div>" * 60 + text + "</div>" * 60 + "</body></html>"
    assert "withdrawn after heavy losses" in clean_html(html).text
