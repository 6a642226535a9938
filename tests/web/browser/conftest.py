"""Browser tests: the application served on a local port, driven by Playwright
in Debian's Chromium (``/usr/bin/chromium``; never a downloaded browser).

Without Chromium (or the ``playwright`` package, or axe-core from
``npm ci``) these tests are skipped, unless ``QUALFRAME_REQUIRE_BROWSER=1``
(set by CI) turns the skip into a failure. A failing test saves a
screenshot of its page to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path(os.environ.get("QUALFRAME_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("QUALFRAME_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required but cannot run: {reason}")
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Keep each phase's report on the item so the page fixture knows a test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """The test application served on a free local port; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once per session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, live_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page on the live server (relative URLs work); its
    console errors fail the test, and a failing test leaves a screenshot."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 900}, bypass_csp=False
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: _console_error(message, errors))
    tab.on("response", lambda response: _missing_asset(response, errors))
    tab.console_errors = errors
    try:
        yield tab
    finally:
        failed = any(
            getattr(getattr(request.node, f"report_{phase}", None), "failed", False)
            for phase in ("setup", "call")
        )
        if failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::")[-1])
            tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        context.close()
    assert not errors, f"errors in the browser: {errors}"


#: Kinds of sub-resource whose failure to load is a bug of the page.
ASSETS = frozenset({"script", "stylesheet", "image", "font"})


def _console_error(message: Any, errors: list[str]) -> None:
    # Chromium also logs every 4xx answer; pages answer 4xx on purpose (a
    # refused form, a 409 from the API), so failed loads are judged by
    # _missing_asset instead.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def _missing_asset(response: Any, errors: list[str]) -> None:
    if response.status >= 400 and response.request.resource_type in ASSETS:
        errors.append(f"{response.status} for {response.url}")


def assert_accessible(page: Any, what: str = "") -> None:
    """Run axe-core on the page; fail on any serious or critical violation
    (WCAG 2.0-2.2 A/AA rules and axe's best practices), listing them."""
    if not AXE.exists():
        _unavailable("axe-core is not installed (npm ci)")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    listing = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in serious
    )
    assert not serious, f"accessibility violations on {what or page.url}:\n{listing}"
