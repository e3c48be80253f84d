"""The claim explorer's static page and assets (no browser, no servers): served with a strict CSP, from an
allow-list, self-contained, and written so that article text can only become text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from claimstream.services.index import explorer

STATIC = Path(explorer.__file__).parent / "static"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(explorer.build_explorer())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://explorer") as c:
        yield c


async def test_the_page_is_served_at_the_root_with_a_strict_csp(client: httpx.AsyncClient) -> None:
    r = await client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert '<main id="view">' in r.text
    assert (await client.head("/")).status_code == 200


async def test_every_asset_the_page_and_modules_reference_is_served(client: httpx.AsyncClient) -> None:
    html = (STATIC / "index.html").read_text()
    refs = set(re.findall(r'(?:src|href)="explorer/([^"]+)"', html))
    for js in STATIC.glob("*.js"):
        refs |= set(re.findall(r'from "\./([^"]+)"', js.read_text()))
    assert {"app.js", "explorer.css", "dom.js", "chart.js"} <= refs
    for name in refs:
        r = await client.get(f"/explorer/{name}")
        assert r.status_code == 200, name
        assert "content-security-policy" in r.headers
    assert (await client.get("/explorer/app.js")).headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize("name", ["nope.js", "..%2Fexplorer.py", "%2E%2E%2Fapi.py", "static"])
async def test_anything_else_is_404(client: httpx.AsyncClient, name: str) -> None:
    assert (await client.get(f"/explorer/{name}")).status_code == 404


def test_nothing_is_loaded_from_elsewhere() -> None:
    for path in STATIC.iterdir():
        text = path.read_text()
        # the SVG namespace is an identifier, not a request
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text.replace("http://www.w3.org/2000/svg", "")), (
            path.name
        )
        assert "@import" not in text and "url(" not in text, path.name


def test_scripts_never_parse_strings_as_html() -> None:
    sinks = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|createContextualFragment|DOMParser"
    )
    for path in STATIC.glob("*.js"):
        assert not sinks.search(path.read_text()), f"{path.name} uses an HTML sink"


def test_shares_are_written_as_fractions_of_their_base_with_the_count_they_imply(tmp_path: Path) -> None:
    """format.js under node: a share reads "≈ ⅓ of 12,000 ≈ 4,000 killed", never "≈ 0.33 troops killed"."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / "labels.mjs"
    script.write_text(
        f'import {{ quantityLabel, shareLabel }} from "{(STATIC / "format.js").as_uri()}";\n'
        "const third = { value: 0.333, unit: 'fraction', approx: 'about', relative: [0.333, 0.333], of: 12000,"
        " absolute: [3996, 3996], event: 'killed', measure: 'troops killed' };\n"
        "console.log(JSON.stringify([quantityLabel(third), shareLabel({ value: 0.333, relative: [0.333, 0.5], of: 11000 }),"
        " quantityLabel({ value: 0.5, unit: 'fraction', relative: [0.5, 0.5], measure: 'troops lost' }),"
        " quantityLabel({ value: 18000, approx: 'about', measure: 'people displaced' })]));\n"
    )
    out = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=30, check=True).stdout
    assert json.loads(out) == [
        "≈ ⅓ of 12,000 ≈ 4,000 killed",
        "⅓–½ of 11,000 ≈ 3,667–5,500",
        "½ troops lost",
        "≈ 18,000 people displaced",
    ]
