"""The content console (/admin) in a real browser: Debian's Chromium, headless, driven by
Playwright, against a live uvicorn serving the made-up second knowledge base (a copy in a
temporary directory: the tests edit it) with the fake model.

Sign in and out (an account's name and password, or the admin token), expiry, a wrong password
or token, each role offered only what it may do and an admin managing the accounts, CSRF and
cross-site posts refused, keyboard use and
WCAG AA contrast of what is on screen, gaps that appear after the widget is asked what the
knowledge lacks, a figure edited on disk checked and published from the page and then served in
the widget, roll back, a broken file that blocks publishing with its file:line, a refused build
that needs a second confirmation, and XSS probes (questions, comments, knowledge text) that stay
text; gap reasons in plain words, a check that leads with what changed (figures old → new, a
snippet's words), and conversations named and dated readably with no column cut at 1280×800.
Screenshots land in artifacts/screenshots/console-*.png. Without Chromium these tests skip,
unless CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.config import Settings
from api.index.build import build_index
from api.index.lifecycle import current_build
from api.main import create_app
from api.serve.service import ChatService
from api.store.passwords import hash_password
from api.store.repository import Store
from api.store.roles import Role
from tests.conftest import KB2, FakeEmbedder
from tests.support.browser import SHOTS, ask
from tests.support.knowledge import edit_figure
from tests.support.live import serve_app

TOKEN = "s3cret-admin-token-for-the-console"
PASSWORD = "correct horse battery staple"
L3_QUESTION = "What does an L3 platform engineer earn?"
PROBE = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@dataclass
class Site:
    base: str
    settings: Settings
    service: ChatService

    @property
    def knowledge(self) -> Path:
        return self.settings.knowledge_dir


@contextlib.contextmanager
def serve(settings: Settings, service: ChatService) -> Iterator[str]:
    """The app serving `service` on a free loopback port, until the block ends."""
    with serve_app(create_app(settings, service=service)) as base:
        yield base


def make_settings(root: Path, **overrides) -> Settings:
    return Settings(knowledge_dir=root / "kb2", index_dir=root / "index",
                    database_url=f"sqlite:///{root / 'chat.db'}", rate_limit_per_minute=0,
                    admin_token=TOKEN, log_messages=True, **overrides)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("console")
    shutil.copytree(KB2, root / "kb2")
    build_index(root / "kb2", root / "index", FakeEmbedder())
    settings = make_settings(root)
    service = ChatService(settings, embedder=FakeEmbedder())
    with serve(settings, service) as base:
        yield Site(base, settings, service)


@pytest.fixture
def knowledge(site) -> Iterator[Path]:
    """The live server's knowledge directory, put back as it was (and served so) after the
    test."""
    saved = {p: p.read_bytes() for p in site.knowledge.rglob("*") if p.is_file()}
    yield site.knowledge
    for path in site.knowledge.rglob("*"):
        if path.is_file() and path not in saved:
            path.unlink()
    for path, data in saved.items():
        path.write_bytes(data)
    site.service.reindex(actor="test clean-up")  # publishes only when something changed


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.csp = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.csp.append(m.text)
            if "Content Security Policy" in m.text else None)
    yield page
    assert page.errors == [], page.errors
    assert page.csp == [], page.csp
    context.close()


def shot(page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"console-{name}.png"), full_page=full_page)


SMALL = {"width": 1280, "height": 800}  # a laptop's screen: nothing may be cut at this size


def add_account(settings: Settings, name: str, role: Role) -> None:
    """The account `name` with `role` and PASSWORD in the database of `settings`."""
    store = Store.from_settings(settings)
    try:
        if store.account(name) is None:
            store.add_account(name, role, hash_password(PASSWORD))
        else:
            store.set_role(name, role)
    finally:
        store.close()


def sign_in(page, base: str, settings: Settings, name: str = "Ann Editor",
            role: Role = Role.PUBLISHER) -> None:
    """Sign in at `base` as the account `name` with `role` (made if need be)."""
    add_account(settings, name, role)
    page.goto(f"{base}/admin")
    page.locator("#name").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("#sign-in-form button[type=submit]").click()
    page.locator("#console").wait_for(state="visible")


def sign_in_with_token(page, base: str) -> None:
    page.goto(f"{base}/admin")
    page.locator("#use-token").click()
    page.locator("#token").fill(TOKEN)
    page.locator("#sign-in-form button[type=submit]").click()
    page.locator("#console").wait_for(state="visible")


def open_tab(page, name: str) -> None:
    page.locator(f"#tab-{name}").click()
    page.locator(f"#panel-{name}").wait_for(state="visible")
    page.wait_for_function(
        "name => !document.querySelector(`#panel-${name} [aria-busy]`)", arg=name)


def ask_widget(page, base: str, question: str) -> str:
    """Ask the widget on the demo page (a fresh conversation); the answer's text."""
    page.goto(f"{base}/")
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.locator(".ha-launcher").click()
    page.locator(".ha-panel").wait_for(state="visible")
    return ask(page, question).locator(".ha-text").inner_text()


def chat(base: str, message: str, session_id: str | None = None) -> dict:
    response = httpx.post(f"{base}/api/chat", json={"message": message,
                                                    "session_id": session_id}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


# Every element with text of its own, in what is on screen: its colour against the background it
# is drawn on (the nearest ancestor with an opaque one), and whether the text is large.
CONTRAST_SCRIPT = """
() => {
  const parse = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(',').map(Number);
    return {r, g, b, a};
  };
  const lum = ({r, g, b}) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || !el.getClientRects().length) continue;
    const own = Array.from(el.childNodes).some(
      (n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const fg = parse(style.color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    found.push({text: el.textContent.trim().slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05),
                need: large ? 3 : 4.5});
  }
  return found;
}
"""


def low_contrast(page) -> list[dict]:
    return [f for f in page.evaluate(CONTRAST_SCRIPT) if f["ratio"] < f["need"]]


# --- signing in and out -----------------------------------------------------------------------

def test_a_wrong_password_or_token_then_sign_in_and_out(page, site):
    add_account(site.settings, "Ann Editor", Role.PUBLISHER)
    page.goto(f"{site.base}/admin")
    page.locator("#sign-in").wait_for(state="visible")
    assert page.locator("#console").is_hidden() and page.locator("#token").is_hidden()
    assert page.evaluate("document.activeElement.id") == "name"
    page.locator("#name").fill("Ann Editor")
    page.locator("#password").fill("not the password of Ann")
    page.locator("#sign-in-form button[type=submit]").click()
    error = page.locator("#sign-in-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "Wrong name or password."
    assert page.locator("#console").is_hidden()
    shot(page, "sign-in-refused")

    page.locator("#use-token").click()  # automation's way in
    assert page.evaluate("document.activeElement.id") == "token"
    assert page.locator("#password").is_hidden()
    page.locator("#token").fill("this-is-not-the-admin-token")
    page.locator("#sign-in-form button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#sign-in-error').textContent"
                           " === 'That is not the admin token.'")
    assert page.locator("#console").is_hidden()

    sign_in(page, site.base, site.settings)
    assert page.locator("#who-name").inner_text() == "Ann Editor"
    assert page.locator("#who-role").inner_text() == "publisher"
    assert page.locator("#tab-accounts").is_hidden()  # an admin's
    assert PASSWORD not in page.url and "password" not in page.url
    assert page.evaluate("document.cookie") == ""  # HttpOnly: no script reads the session
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "ha_console"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/admin"
    assert cookie["expires"] > time.time() + 7 * 3600  # eight hours, by default
    assert PASSWORD not in cookie["value"]
    page.locator("#overview-body .chart").first.wait_for()

    page.reload()  # the session outlives a reload
    page.locator("#console").wait_for(state="visible")
    page.locator("#sign-out").click()
    page.locator("#sign-in").wait_for(state="visible")
    assert page.locator("#sign-in-note").inner_text() == "You are signed out."
    assert page.locator("#overview-body").inner_text() == ""  # nothing read stays on the page
    assert [c for c in page.context.cookies() if c["name"] == "ha_console"] == []
    status = page.evaluate("fetch('/admin/api/session').then(r => r.status)")
    assert status == 401


def stored(settings: Settings, name: str, password: str | None = None):
    """The account `name` in the database of `settings` (if `password` is its password)."""
    store = Store.from_settings(settings)
    try:
        return store.account(name) if password is None else store.authenticate(name, password)
    finally:
        store.close()


def test_a_viewer_is_offered_no_change_and_an_admin_manages_the_accounts(page, site):
    chat(site.base, "salary for a platform engineer in Montevideo?")  # a gap to look at
    sign_in(page, site.base, site.settings, "Vic Viewer", Role.VIEWER)
    assert page.locator("#who-role").inner_text() == "viewer"
    open_tab(page, "gaps")
    page.locator(".gap", has_text="Montevideo").wait_for()
    assert page.get_by_role("button", name="Mark handled…").count() == 0
    open_tab(page, "publish")
    assert page.locator("#check").is_hidden() and page.locator("#check-publish").is_hidden()
    assert page.locator("#tab-accounts").is_hidden()
    page.locator("#sign-out").click()
    page.locator("#sign-in").wait_for(state="visible")

    sign_in_with_token(page, site.base)  # the admin token: "automation", an admin
    assert page.locator("#who-name").inner_text() == "automation"
    assert page.locator("#who-role").inner_text() == "admin"
    open_tab(page, "publish")
    assert page.locator("#check").is_visible() and page.locator("#check-publish").is_visible()
    open_tab(page, "accounts")
    form = page.locator("#account-add")
    form.get_by_label("Name").fill("Pat Publisher")
    form.get_by_label("Role").select_option("viewer")
    form.get_by_label("Password").fill("too short")
    form.get_by_role("button", name="Add the account").click()
    assert page.locator("#accounts-error").inner_text() == ("A password needs at least 12 "
                                                            "characters.")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Add the account").click()
    row = page.locator("#accounts-body tr", has_text="Pat Publisher")
    row.wait_for()
    assert stored(site.settings, "Pat Publisher").role == Role.VIEWER
    assert PASSWORD not in page.content()

    row.get_by_label("Role of Pat Publisher").select_option("publisher")
    page.wait_for_function("() => document.querySelector('#toast').textContent"
                           " === 'Pat Publisher is now publisher.'")
    assert stored(site.settings, "Pat Publisher").role == Role.PUBLISHER
    row = page.locator("#accounts-body tr", has_text="Pat Publisher")
    row.get_by_role("button", name="Reset password…").click()
    row.get_by_label("New password for Pat Publisher").fill("a fresh password for Pat")
    row.get_by_role("button", name="Set").click()
    page.wait_for_function("() => document.querySelector('#toast').textContent"
                           " === 'The password of Pat Publisher is set.'")
    assert stored(site.settings, "Pat Publisher", "a fresh password for Pat") is not None
    assert stored(site.settings, "Pat Publisher", PASSWORD) is None
    shot(page, "accounts")
    assert low_contrast(page) == []

    row = page.locator("#accounts-body tr", has_text="Pat Publisher")
    row.get_by_role("button", name="Remove…").click()
    row.get_by_role("button", name="Yes, remove Pat Publisher").click()
    row.wait_for(state="detached")
    assert stored(site.settings, "Pat Publisher") is None


def test_an_expired_session_asks_to_sign_in_again(browser, site, tmp_path):
    settings = site.settings.model_copy(update={
        "console_session_minutes": 0.05, "database_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(settings, ChatService(settings, embedder=FakeEmbedder())) as base:
            sign_in(page, base, settings)
            page.locator("#tab-gaps").click()
            page.locator("#sign-in-note").wait_for(state="visible", timeout=10_000)
            page.wait_for_function(
                "() => document.querySelector('#sign-in-note').textContent.includes('expired')",
                timeout=10_000)
            assert page.locator("#console").is_hidden()
            # The server agrees: the cookie it set has expired, and so has what it signed.
            page.wait_for_timeout(500)
            assert page.evaluate("fetch('/admin/api/gaps').then(r => r.status)") == 401
            shot(page, "expired")
    finally:
        context.close()


# --- CSRF -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    """Another origin (a second loopback port) that serves pages of our choosing."""
    root = tmp_path_factory.mktemp("other-site")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def test_posts_without_the_csrf_token_or_from_another_site_are_refused(page, site, other_site):
    sign_in(page, site.base, site.settings)
    serving = site.service.engine.build
    statuses = page.evaluate("""async () => {
        const post = (headers) => fetch('/admin/api/builds/rollback', {method: 'POST', headers})
            .then(async r => [r.status, (await r.json()).detail]);
        return [await post({}), await post({'X-CSRF-Token': 'guessed'})];
    }""")
    for status, detail in statuses:
        assert status == 403 and "X-CSRF-Token" in detail

    # A page on another origin posts a form at the console: the browser sends the cookie
    # (same site: only the port differs), the server refuses it for its origin.
    origin, root = other_site
    (root / "attack.html").write_text(
        f'<!doctype html><html><body><form id="f" method="post" enctype="text/plain" '
        f'action="{site.base}/admin/api/builds/rollback"><input name="x" value="y"></form>'
        f'<script>document.getElementById("f").submit()</script></body></html>',
        encoding="utf-8")
    with page.expect_response(f"{site.base}/admin/api/builds/rollback") as caught:
        page.goto(f"{origin}/attack.html")
    assert caught.value.status == 403
    assert "another site" in caught.value.json()["detail"]
    assert site.service.engine.build == serving


# --- keyboard and contrast ----------------------------------------------------------------------

def test_keyboard_only_use_and_aa_contrast(page, site):
    chat(site.base, "salary for a platform engineer in Lima?")  # a gap to mark handled
    page.goto(f"{site.base}/admin")
    page.locator("#sign-in").wait_for(state="visible")
    assert low_contrast(page) == []
    add_account(site.settings, "Kim Keyboard", Role.EDITOR)
    assert page.evaluate("document.activeElement.id") == "name"  # focused to start with
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # the skip link first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.locator("#console").wait_for(state="visible")
    active = "() => document.activeElement.id"
    assert page.evaluate(active) == "tab-overview"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible

    page.keyboard.press("ArrowRight")
    assert page.evaluate(active) == "tab-gaps"
    assert page.locator("#panel-gaps").is_visible() and page.locator("#panel-overview").is_hidden()
    assert page.locator("#tab-gaps").get_attribute("aria-selected") == "true"
    page.keyboard.press("End")
    assert page.evaluate(active) == "tab-try"
    page.keyboard.press("ArrowRight")  # wraps around
    assert page.evaluate(active) == "tab-overview"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(active) == "tab-try"
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.locator("#gaps-list").wait_for()

    # Mark the gap handled with the keyboard alone.
    button = page.locator(".gap", has_text="Lima").get_by_role("button", name="Mark handled…")
    button.focus()
    page.keyboard.press("Enter")
    assert "Note on" in page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.type("Added a Lima figure")
    page.keyboard.press("Enter")
    page.locator(".gap", has_text="Lima").wait_for(state="detached")

    for name in ("overview", "gaps", "conversations", "knowledge", "publish", "try"):
        open_tab(page, name)
        assert low_contrast(page) == [], name
    for control in page.locator("#console button, #console input, #console select").all():
        if control.is_visible():
            name = (control.get_attribute("aria-label") or control.inner_text()
                    or control.evaluate("e => e.labels && e.labels[0] && e.labels[0].innerText"))
            assert (name or "").strip(), control.evaluate("e => e.outerHTML")


# --- gaps ---------------------------------------------------------------------------------------

def test_gaps_appear_after_unanswered_questions_in_the_widget(page, site):
    widget = page.context.new_page()
    ask_widget(widget, site.base, "salary for a platform engineer in Nairobi?")
    ask(widget, "nairobi salary for platform engineers")
    ask(widget, "Can you recommend a good ramen bar in Osaka?")
    disliked = ask(widget, "What does a platform engineer do?")
    disliked.locator(".ha-down").click()
    message_id = disliked.get_attribute("data-message-id")
    widget.close()
    feedback = httpx.post(f"{site.base}/api/feedback", json={
        "message_id": message_id, "rating": "down", "comment": "Too short for a recruiter"})
    assert feedback.status_code == 200

    sign_in(page, site.base, site.settings)
    open_tab(page, "gaps")
    nairobi = page.locator(".gap", has_text="Nairobi")
    assert "asked 2 times" in nairobi.inner_text()
    assert "not covered ×2" in nairobi.locator(".badge").all_inner_texts()
    assert "place missing: Nairobi" in nairobi.inner_text()
    ramen = page.locator(".gap", has_text="ramen")
    assert "out of scope ×1" in ramen.locator(".badge").all_inner_texts()
    down = page.locator(".gap", has_text="What does a platform engineer do?")
    assert down.locator(".comment").all_inner_texts() == ["Too short for a recruiter"]
    shot(page, "gaps-from-the-widget")

    page.locator('#gaps-reasons input[value="out_of_scope"]').check()
    page.wait_for_function("() => document.querySelectorAll('.gap').length === 1")
    assert "ramen" in page.locator(".gap").inner_text()
    with page.expect_download() as download:
        page.locator("#gaps-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("question,count,reasons") and "ramen bar in Osaka" in text
    assert "Nairobi" not in text  # the export follows the filters

    open_tab(page, "overview")
    page.locator("#overview-body .stat").first.wait_for()
    assert int(page.locator(".stat .value").first.inner_text()) >= 4
    bars = page.locator("figure.chart", has_text="Questions per day").locator("rect.unanswered")
    assert bars.count() >= 1
    top = page.locator("figure.chart", has_text="Top open gaps").inner_text()
    assert "nairobi salary for platform engineers\n2" in top
    shot(page, "overview")

    open_tab(page, "conversations")
    page.locator(".conversation-open", has_text="Nairobi").click()
    detail = page.locator("#conversation-detail")
    detail.locator(".turn").nth(1).wait_for()
    assert "nairobi salary for platform engineers" in detail.inner_text()
    assert "not covered" in detail.inner_text()
    shot(page, "conversation-from-the-widget")


# --- check, publish, roll back ------------------------------------------------------------------

def test_an_edited_figure_is_checked_published_served_and_rolled_back(page, site, knowledge):
    widget = page.context.new_page()
    assert "CHF 98,000" in ask_widget(widget, site.base, L3_QUESTION)
    path = knowledge / "salaries.csv"
    path.write_text(path.read_text().replace(",98000,CHF,", ",101500,CHF,"))

    sign_in(page, site.base, site.settings)
    open_tab(page, "publish")
    assert "the knowledge changed since the last build" in page.locator(
        "#publish-state").inner_text()
    before = page.locator("#serving-build").inner_text()
    page.locator("#check-publish").click()
    verdict = page.locator("#publish-verdict")
    verdict.wait_for(timeout=60_000)
    assert verdict.inner_text().startswith("Published: build build-")
    gate = page.locator(".gate table")
    assert gate.locator("th").all_inner_texts() == ["Measure", "In service", "New build"]
    assert "passed" in gate.inner_text() and "1.000" in gate.inner_text()
    page.wait_for_function(
        "b => document.querySelector('#serving-build').textContent !== b", arg=before)
    history = page.locator("#publish-history tbody tr").first.inner_text()
    assert "published" in history and "Ann Editor" in history and "embedded 2" in history
    shot(page, "published")

    assert "CHF 101,500" in ask_widget(widget, site.base, L3_QUESTION)

    page.locator("#rollback").click()
    page.locator("#publish-verdict").wait_for()
    assert "is in service again" in page.locator("#publish-verdict").inner_text()
    page.wait_for_function(
        "b => document.querySelector('#serving-build').textContent === b", arg=before)
    assert "CHF 98,000" in ask_widget(widget, site.base, L3_QUESTION)
    assert "rolled back" in page.locator("#publish-history tbody tr").first.inner_text()
    widget.close()


def test_a_broken_file_blocks_publishing_and_shows_file_and_line(page, site, knowledge):
    serving = current_build(site.settings.index_dir).name
    (knowledge / "roles.md").write_text("no front matter\n", encoding="utf-8")
    sign_in(page, site.base, site.settings)
    open_tab(page, "publish")
    page.locator("#check-publish").click()
    verdict = page.locator("#publish-verdict")
    verdict.wait_for(timeout=60_000)
    assert verdict.inner_text().startswith("Not published: the knowledge has problems")
    problems = page.locator("#publish-result .problems li").all_inner_texts()
    assert problems and problems[0].startswith("kb2/roles.md:1: missing front matter")
    assert current_build(site.settings.index_dir).name == serving
    shot(page, "publish-blocked")

    open_tab(page, "knowledge")
    listed = page.locator("#knowledge-body .problems li").all_inner_texts()
    assert listed[0].startswith("kb2/roles.md:1: missing front matter")
    assert "nothing can be published" in page.locator("#knowledge-body .verdict").inner_text()
    shot(page, "knowledge-problems")


def test_a_refused_build_is_tried_side_by_side_and_needs_a_second_confirmation(
        page, site, knowledge):
    path = knowledge / "remote-work.md"
    text = path.read_text()
    path.write_text(text[: text.index("## Anchor days")] + text[text.index("## Fully remote"):])
    serving = current_build(site.settings.index_dir).name
    sign_in(page, site.base, site.settings)
    open_tab(page, "publish")
    page.locator("#check-publish").click()
    page.locator("#publish-verdict").wait_for(timeout=60_000)
    assert page.locator("#publish-verdict").inner_text().startswith("Not published")
    stale = page.locator(".gate-list.stale").inner_text()
    assert "kb2/checks.yml:" in stale and "How many days a week" in stale
    assert current_build(site.settings.index_dir).name == serving
    page.locator("#candidate").wait_for()
    assert page.locator("#publish-candidate-button").count() == 0  # not without confirming
    shot(page, "refused")

    page.locator("#candidate").get_by_role("button", name="Try it on this build").click()
    page.locator("#try-question").fill("How many days a week do we have to be in the office?")
    page.locator("#try-question").press("Enter")
    cards = page.locator("#try-result .answer-card")
    cards.nth(1).wait_for()
    assert cards.nth(0).locator("h3").inner_text() == "In service"
    assert cards.nth(1).locator("h3").inner_text() == "Candidate build"
    assert "remote/anchor-days" in cards.nth(0).inner_text()
    assert "remote/anchor-days" not in cards.nth(1).inner_text()
    assert page.locator("#try-progress").inner_text() == "The answers differ."
    shot(page, "try")

    open_tab(page, "publish")
    page.locator("#publish-anyway").click()
    confirm = page.locator(".confirm")
    confirm.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "confirm-force"
    page.keyboard.press("Escape")  # changed my mind
    confirm.wait_for(state="hidden")
    assert current_build(site.settings.index_dir).name == serving
    page.locator("#publish-anyway").click()
    page.locator("#confirm-force").click()
    page.wait_for_function("() => document.querySelector('#publish-verdict')"
                           "?.textContent.startsWith('Published')")
    assert "forced despite 1 stale" in page.locator("#publish-verdict").inner_text()
    assert current_build(site.settings.index_dir).name != serving


# --- untrusted text -----------------------------------------------------------------------------

def test_xss_probes_in_questions_comments_and_knowledge_stay_text(page, site, knowledge):
    asked = chat(site.base, f"salary in {PROBE} for platform engineers?")
    httpx.post(f"{site.base}/api/feedback", json={
        "message_id": asked["message_id"], "rating": "down",
        "comment": "<svg onload=alert(3)></svg><b>bold?</b>"})
    (knowledge / "probe.md").write_text(
        "---\ntitle: Probe <img src=x onerror=alert(4)>\ntopic: remote-work\n"
        "source: <script>alert(5)</script> handbook\nas_of: 2025-01-01\n---\n\n"
        "## Office snacks <img src=x onerror=alert(6)> {#probe/snacks}\n\n"
        "Snacks <script>alert(7)</script> are free on **Fridays** in every office.\n",
        encoding="utf-8")

    sign_in(page, site.base, site.settings)
    open_tab(page, "publish")
    page.locator("#check-publish").click()
    page.locator("#publish-verdict").wait_for(timeout=60_000)
    assert page.locator("#publish-verdict").inner_text().startswith("Published")

    open_tab(page, "gaps")
    gap = page.locator(".gap", has_text="onerror")
    assert gap.locator("h3").inner_text() == f"salary in {PROBE} for platform engineers?"
    assert gap.locator(".comment").inner_text() == "<svg onload=alert(3)></svg><b>bold?</b>"
    open_tab(page, "overview")
    assert PROBE[:20] in page.locator("figure.chart", has_text="Top open gaps").inner_text()
    open_tab(page, "conversations")
    page.locator(".conversation-open", has_text="onerror").click()
    page.locator("#conversation-detail .turn").wait_for()
    assert PROBE in page.locator("#conversation-detail .said.q").inner_text()
    open_tab(page, "knowledge")
    row = page.locator("#knowledge-body tr", has_text="probe/snacks")
    assert "Office snacks <img src=x onerror=alert(6)>" in row.inner_text()
    assert "<script>alert(5)</script> handbook" in row.inner_text()
    open_tab(page, "try")
    page.locator("#try-question").fill(f"Are snacks free? {PROBE}")
    page.locator("#try-question").press("Enter")
    page.locator("#try-result .answer-card").first.wait_for()
    assert "<script>alert(7)</script>" in page.locator("#try-result").inner_text()

    page.wait_for_timeout(300)
    assert page.dialogs == []
    injected = page.evaluate("""() => document.querySelectorAll(
        'main img, main script, main iframe, main b, #panel-overview svg foreignObject').length""")
    assert injected == 0


# --- plain words, what changed, readable conversations -----------------------------------------

def test_gap_reasons_read_in_plain_words_with_the_score_on_a_detail_line(page, site):
    chat(site.base, "salary for a platform engineer in Quito?")
    chat(site.base, "what is the parental leave policy")
    chat(site.base, "how much does a plumber earn?")
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings)
    open_tab(page, "gaps")
    quito = page.locator(".gap", has_text="Quito")
    assert quito.locator(".why-text").inner_text() == "No salary figures for this place: Quito"
    assert quito.locator(".detail-line").inner_text() == "place missing: Quito"
    leave = page.locator(".gap", has_text="parental leave")
    assert leave.locator(".why-text").inner_text() == (
        "Nothing in the knowledge matched closely enough")
    assert re.fullmatch(r"best match 0\.\d\d, needs 0\.\d\d",
                        leave.locator(".detail-line").inner_text())
    plumber = page.locator(".gap", has_text="plumber")
    assert plumber.locator(".why-text").inner_text() == (
        "Asked about a role the knowledge doesn't cover: plumber")
    # The scores are on the detail line only, never in the sentence.
    assert not [t for t in page.locator(".why-text").all_inner_texts()
                if re.search(r"score|\d\.\d\d", t)]
    # The last time asked, on one line.
    when = quito.locator("time.when")
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}( \d{4})?, \d\d:\d\d", when.inner_text())
    leave.scroll_into_view_if_needed()
    shot(page, "gaps", full_page=False)

    with page.expect_download() as download:
        page.locator("#gaps-csv").click()
    rows = list(csv.reader(io.StringIO(
        Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    (row,) = [r for r in rows if r[0] == "salary for a platform engineer in Quito?"]
    assert row[5:7] == ["No salary figures for this place: Quito", "place missing: Quito"]

    open_tab(page, "conversations")
    page.locator(".conversation-open", has_text="Quito").click()
    turn = page.locator("#conversation-detail .turn").first
    turn.wait_for()
    assert turn.locator(".why-text").inner_text() == "No salary figures for this place: Quito"


def test_the_check_leads_with_what_changed_before_the_figures(page, site, knowledge):
    edit_figure(knowledge)
    path = knowledge / "remote-work.md"
    path.write_text(path.read_text().replace("CHF 600", "CHF 750"))
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings)
    open_tab(page, "publish")
    page.locator("#check").click()
    page.locator("#publish-verdict").wait_for(timeout=60_000)
    result = page.locator("#publish-result")
    order = result.evaluate("""box => Array.from(box.children).map(e => e.className)""")
    assert order.index("changes") < order.index("measures") < order.index("gate")
    changes = result.locator(".changes")
    assert changes.locator("h3").inner_text() == "What the new build changes"
    figure = changes.locator(".figures li")
    assert figure.inner_text().startswith("L3 platform engineer: CHF 98,000 \u2192 CHF 101,500")
    assert figure.locator("del").inner_text() == "CHF 98,000"
    assert figure.locator("ins").inner_text() == "CHF 101,500"
    edited = changes.locator(".edited", has_text="Home office allowance")
    assert edited.locator("del").all_inner_texts() == ["600"]
    assert edited.locator("ins").all_inner_texts() == ["750"]
    hit = result.locator('.measures li[data-measure="hit@1"]').inner_text()
    assert hit == ("hit@1: how often the right snippet comes first for the check questions; "
                   "1.00 before, 1.00 now \u2014 the same")
    assert "1 salary figure changed, 1 snippet edited" in changes.inner_text()
    assert low_contrast(page) == []
    result.evaluate("box => box.scrollIntoView({block: 'start'})")
    shot(page, "publish-diff", full_page=False)

    # The candidate keeps what it changes, folded, for whoever publishes it later.
    summary = page.locator("#candidate .candidate-changes summary")
    assert summary.inner_text() == ("What it changes: 1 salary figure changed, 1 snippet edited")
    summary.click()
    assert "CHF 101,500" in page.locator("#candidate .changes .figures").inner_text()
    page.locator("#candidate").get_by_role("button", name="Discard").click()
    page.locator("#candidate").wait_for(state="detached")


LONG_QUESTION = ("What does an L3 platform engineer earn, and how does that compare with what an "
                 "L4 platform engineer earns in Zurich and in Tokyo this year?")

NOTHING_CUT = """() => {
  const wrap = document.querySelector('#conversations-list .table-wrap');
  const edge = wrap.getBoundingClientRect().right;
  return {
    scrolls: wrap.scrollWidth > wrap.clientWidth,
    cut: Array.from(wrap.querySelectorAll('th, td')).filter(
      c => c.getBoundingClientRect().right > edge + 1).length,
    tall: Array.from(wrap.querySelectorAll('time.when')).filter(
      t => t.getClientRects().length !== 1 || t.getBoundingClientRect().height > 24).length,
  };
}"""


def test_conversations_are_named_dated_and_fit_at_1280(page, site, browser, tmp_path):
    first = chat(site.base, LONG_QUESTION)
    chat(site.base, "How many days a week do we have to be in the office?", first["session_id"])
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings)
    open_tab(page, "conversations")
    button = page.locator(".conversation-open").first
    assert button.get_attribute("title") == LONG_QUESTION  # named by its first question
    assert button.evaluate("b => b.firstChild.scrollWidth > b.firstChild.clientWidth")  # …
    row = page.locator("#conversations-list tbody tr").first
    assert "all 2 answered" in row.inner_text()
    when = row.locator("time.when").inner_text()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}( \d{4})?, \d\d:\d\d", when)
    assert page.evaluate(NOTHING_CUT) == {"scrolls": False, "cut": 0, "tall": 0}
    button.click()
    page.locator("#conversation-detail .turn").nth(1).wait_for()
    assert page.evaluate(NOTHING_CUT) == {"scrolls": False, "cut": 0, "tall": 0}
    assert page.locator("#conversation-detail").bounding_box()["x"] > 500  # beside the list
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "conversations", full_page=False)

    # Where what people typed is not kept, a conversation is named by what it was about.
    settings = site.settings.model_copy(update={
        "log_messages": False, "database_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    context = browser.new_context(viewport=SMALL)
    other = context.new_page()
    try:
        with serve(settings, ChatService(settings, embedder=FakeEmbedder())) as base:
            asked = chat(base, L3_QUESTION + " asks Zoltan")
            chat(base, "How many days a week do we have to be in the office?",
                 asked["session_id"])
            chat(base, "how much does a plumber earn?")
            sign_in(other, base, settings)
            open_tab(other, "conversations")
            labels = other.locator(".conversation-label").all_inner_texts()
            assert labels == ["A role the knowledge doesn't cover",
                              "L3 platform engineer salary, Anchor days in the office"]
            outcomes = other.locator(".conversation-outcome").all_inner_texts()
            assert outcomes == ["not answered", "all 2 answered"]
            assert "Zoltan" not in other.locator("#panel-conversations").inner_text()
            shot(other, "conversations-by-topic", full_page=False)
    finally:
        context.close()
