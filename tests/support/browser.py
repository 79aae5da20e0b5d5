"""Driving Debian's Chromium with Playwright: finding it (a test skips without it, fails when
CI=true), screenshots, and the widget's moves (open it, ask, wait for the answer)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_browser():
    """sync_playwright, when Playwright and Chromium are here; else skip (fail when CI=true)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "Playwright for Python is not installed (pip install -e '.[test]')"
        sync_playwright = None
    if problem is None and not Path(CHROMIUM).exists():
        problem = "Chromium not found at /usr/bin/chromium (apt-get install chromium)"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests need a browser in CI: {problem}")
        pytest.skip(problem)
    return sync_playwright


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def open_widget(page, base: str) -> None:
    page.goto(f"{base}/")
    page.locator(".ha-launcher").click()
    page.locator(".ha-panel").wait_for(state="visible")


FINISHED = ".ha-msg.ha-bot[data-answered]"


def wait_finished(page, before: int) -> object:
    """Wait for a bot message beyond the `before` finished ones to finish; return it.

    A message is finished when its final turn is rendered (`data-answered`); its id alone
    comes with the first event of the stream, before the text."""
    page.wait_for_function(
        """n => {
            const root = document.querySelector('#hiring-advisor-widget').shadowRoot;
            return root.querySelectorAll('.ha-msg.ha-bot[data-answered]').length > n
                && !root.querySelector('.ha-typing');
        }""",
        arg=before,
    )
    return page.locator(FINISHED).last


def ask(page, question: str) -> object:
    """Type a question, press Enter, wait for the finished answer; return its bot message."""
    before = page.locator(FINISHED).count()
    box = page.locator(".ha-input")
    box.fill(question)
    box.press("Enter")
    return wait_finished(page, before)
