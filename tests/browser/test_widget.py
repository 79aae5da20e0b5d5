"""The embedded widget in a real browser: Debian's Chromium, headless, driven by Playwright.

The server is a live uvicorn on loopback with the real model. Screenshots land in
artifacts/screenshots/. Without Chromium these tests skip, unless CI=true, where they fail.
"""

from __future__ import annotations

import time

import pytest

from tests.support.browser import (
    FINISHED,
    SHOTS,
    ask,
    open_widget,
    shot,
    wait_finished,
)
from tests.support.contrast import contrast


def test_salary_question_streams_with_typing_indicator_sources_and_feedback(
    page, live_server, real_service
):
    open_widget(page, live_server)
    assert page.locator(".ha-msg.ha-bot").first.inner_text()  # the greeting

    def slow(route):
        time.sleep(0.6)  # long enough to see the typing indicator
        route.continue_()

    page.route("**/api/chat/stream", slow)
    page.locator(".ha-input").fill("How much does a senior AI engineer make?")
    page.locator(".ha-input").press("Enter")
    page.locator(".ha-typing").wait_for(state="visible")
    page.unroute("**/api/chat/stream")
    answer = page.locator(".ha-msg.ha-bot[data-message-id]").last
    answer.locator(".ha-sources").wait_for()
    assert "$151,000" in answer.locator(".ha-text").inner_text()
    assert "Glassdoor" in answer.inner_text()

    chip = answer.locator(".ha-chip").first
    assert chip.get_attribute("aria-expanded") == "false"
    chip.click()
    assert chip.get_attribute("aria-expanded") == "true"
    assert "$151,000" in answer.locator(".ha-chip-detail").first.inner_text()

    answer.locator(".ha-up").click()
    assert answer.locator(".ha-up").get_attribute("aria-pressed") == "true"
    answer.locator(".ha-feedback-done").wait_for()
    message_id = answer.get_attribute("data-message-id")
    assert [f.rating for f in real_service.store.feedback_for(message_id)] == ["up"]
    shot(page, "desktop")
    assert page.errors == []


def test_suggestions_follow_ups_and_reload_restore(page, live_server):
    open_widget(page, live_server)
    first = ask(page, "What does a senior AI engineer earn?")
    suggestion = first.locator(".ha-suggestion").first
    text = suggestion.inner_text()
    before = page.locator(FINISHED).count()
    suggestion.click()
    wait_finished(page, before)
    assert page.locator(".ha-msg.ha-user").last.inner_text().strip() == text

    follow = ask(page, "And a junior one?")
    assert "$124,000" in follow.locator(".ha-text").inner_text()

    users = page.locator(".ha-msg.ha-user").all_inner_texts()
    page.reload()
    page.locator(".ha-launcher").click()
    page.locator(".ha-msg.ha-user").nth(len(users) - 1).wait_for()
    assert page.locator(".ha-msg.ha-user").all_inner_texts() == users
    assert "$124,000" in page.locator(".ha-msg.ha-bot[data-message-id]").last.inner_text()

    page.locator(".ha-new").click()
    assert page.locator(".ha-msg.ha-user").count() == 0
    page.reload()
    page.locator(".ha-launcher").click()
    assert page.locator(".ha-msg.ha-user").count() == 0


def test_untrusted_text_is_shown_literally_and_runs_nothing(page, live_server):
    open_widget(page, live_server)
    probe = "<img src=x onerror=alert(1)> <script>alert(2)</script> **not bold for me**"
    ask(page, probe)
    assert page.locator(".ha-msg.ha-user").last.inner_text().strip() == probe
    page.wait_for_timeout(300)
    assert page.dialogs == []
    count = page.evaluate(
        "() => document.querySelector('#hiring-advisor-widget').shadowRoot"
        ".querySelectorAll('.ha-log img, .ha-log script').length"
    )
    assert count == 0


def test_keyboard_only(page, live_server):
    page.goto(f"{live_server}/")
    launcher = page.locator(".ha-launcher")
    launcher.focus()
    page.keyboard.press("Enter")
    page.locator(".ha-panel").wait_for(state="visible")
    assert launcher.get_attribute("aria-expanded") == "true"
    active = "() => document.querySelector('#hiring-advisor-widget').shadowRoot.activeElement" \
             "?.className || ''"
    assert "ha-input" in page.evaluate(active)
    page.keyboard.type("What soft skills")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("should an AI engineer have?")
    assert page.locator(".ha-input").input_value() == (
        "What soft skills\nshould an AI engineer have?"
    )
    page.keyboard.press("Enter")
    page.locator(".ha-msg.ha-bot[data-message-id]").last.locator(".ha-suggestions").wait_for()
    assert "product team" in page.locator(".ha-msg.ha-bot[data-message-id]").last.inner_text()
    page.keyboard.press("Escape")
    page.locator(".ha-panel").wait_for(state="hidden")
    assert "ha-launcher" in page.evaluate(active)
    for control in (".ha-launcher", ".ha-new", ".ha-close", ".ha-input", ".ha-send"):
        element = page.locator(control)
        name = element.get_attribute("aria-label") or element.inner_text()
        assert name.strip(), control


def test_comparison_draws_a_chart_grouped_by_currency(page, live_server):
    open_widget(page, live_server)
    answer = ask(page, "compare UK and Germany salaries")
    chart = answer.locator("figure.ha-chart svg")
    chart.wait_for()
    groups = answer.locator("g.ha-chart-group")
    assert sorted(g.get_attribute("data-currency") for g in groups.all()) == ["EUR", "GBP"]
    labels = " ".join(answer.locator("text.ha-bar-label").all_text_contents())
    assert "£60,646" in labels and "€71,400" in labels and "year" in labels
    assert "60,646" in chart.get_attribute("aria-label")
    assert answer.locator("rect.ha-bar").count() == 2
    # One role's figures: the role is named once, in the caption.
    assert answer.locator("figure.ha-chart figcaption").inner_text().startswith(
        "AI engineer salary figures are in local currency")
    SHOTS.mkdir(parents=True, exist_ok=True)
    answer.locator("figure.ha-chart").screenshot(path=str(SHOTS / "chart.png"))


def test_a_chart_follows_the_text_and_shows_one_kind_of_bar(page, live_server):
    open_widget(page, live_server)
    answer = ask(page, "which US city pays AI engineers the most?")
    answer.locator("figure.ha-chart svg").wait_for()
    text = answer.locator(".ha-text").inner_text()
    bars = [label.split(":")[0] for label in
            answer.locator("text.ha-bar-label").all_text_contents()]
    assert len(bars) >= 3
    assert bars == sorted(bars, key=text.index)  # the bars in the order the text ranks them
    # A level's figure and a place's are not bars of one chart (nor charts of one bar).
    mixed = ask(page, "What does a senior AI engineer earn in Boston?")
    assert mixed.locator(".ha-text").inner_text()
    assert mixed.locator("figure.ha-chart").count() == 0


def test_small_screens_get_a_full_screen_panel(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        open_widget(page, live_server)
        box = page.locator(".ha-panel").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 375, "height": 740}
        ask(page, "what does an AI engineer do?")
        shot(page, "mobile")
    finally:
        context.close()


def test_api_down_offers_retry_and_keeps_the_question(page, live_server):
    open_widget(page, live_server)
    page.route("**/api/chat/stream", lambda route: route.abort())
    question = "Which certifications should an AI engineer have?"
    page.locator(".ha-input").fill(question)
    page.locator(".ha-input").press("Enter")
    error = page.locator(".ha-error")
    error.wait_for()
    assert "unreachable" in error.inner_text()
    assert page.locator(".ha-msg.ha-user").last.inner_text().strip() == question
    assert page.locator(".ha-input").input_value() == question
    page.unroute("**/api/chat/stream")
    page.locator(".ha-retry").click()
    # The question retried is no longer in the box, where Enter would ask it a second time.
    assert page.locator(".ha-input").input_value() == ""
    answer = page.locator(".ha-msg.ha-bot[data-message-id]").last
    answer.locator(".ha-sources").wait_for()
    assert "Intel Edge AI" in answer.inner_text()
    page.locator(".ha-input").press("Enter")
    page.wait_for_timeout(200)
    assert page.locator(".ha-msg.ha-user").all_inner_texts() == [question]


def test_too_many_requests_says_to_wait(page, live_server):
    open_widget(page, live_server)
    page.route("**/api/chat/stream", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "7", "Content-Type": "application/json"},
        body='{"detail": "too many requests; please wait a moment before asking again"}'))
    page.locator(".ha-input").fill("senior salary")
    page.locator(".ha-input").press("Enter")
    error = page.locator(".ha-error")
    error.wait_for()
    assert "wait 7 seconds" in error.inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_host_page_css_does_not_reach_the_widget(page, live_server, scheme):
    page.emulate_media(color_scheme=scheme)
    open_widget(page, live_server)
    style = page.evaluate(
        """() => {
            const root = document.querySelector('#hiring-advisor-widget').shadowRoot;
            const send = getComputedStyle(root.querySelector('.ha-send'));
            const launcher = getComputedStyle(root.querySelector('.ha-launcher'));
            const greeting = getComputedStyle(root.querySelector('.ha-greeting .ha-text'));
            const input = getComputedStyle(root.querySelector('.ha-input'));
            const panel = getComputedStyle(root.querySelector('.ha-panel'));
            return {font: send.fontFamily, display: send.display, bg: launcher.backgroundColor,
                    color: launcher.color, text: greeting.color, bubble: greeting.backgroundColor,
                    typed: input.color, field: input.backgroundColor, panel: panel.backgroundColor};
        }"""
    )
    assert "serif" not in style["font"].replace("sans-serif", "")
    assert style["display"] != "contents"
    assert contrast(style["color"], style["bg"]) >= 4.5, style
    assert contrast(style["text"], style["bubble"]) >= 4.5, style
    assert contrast(style["typed"], style["field"]) >= 4.5, style
    # The theme is the reader's: a dark panel under a dark system setting, else a light one.
    assert (contrast(style["panel"], "rgb(0, 0, 0)") < 3) == (scheme == "dark"), style


def test_embeds_on_another_origin_through_cors(page, live_server, other_site):
    origin, root = other_site
    (root / "careers.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Other site</h1>'
        f'<script src="{live_server}/widget.js" data-api="{live_server}" '
        f'data-title="Ask about AI hiring" data-position="left" data-accent="#7c2d12" '
        f'data-open="true" defer></script></body></html>', encoding="utf-8")
    page.goto(f"{origin}/careers.html")
    page.locator(".ha-panel").wait_for(state="visible")
    assert page.locator(".ha-title").inner_text() == "Ask about AI hiring"
    box = page.locator(".ha-panel").bounding_box()
    assert box["x"] < 640  # left
    answer = ask(page, "What does an AI engineer in Bellevue earn?")
    assert "$173,200" in answer.inner_text()


def test_greeting_placeholder_and_starters_come_from_the_knowledge(page, live_server, other_site):
    profile = __import__("httpx").get(f"{live_server}/api/profile").json()
    open_widget(page, live_server)
    page.wait_for_function(
        """() => document.querySelector('#hiring-advisor-widget').shadowRoot
                  .querySelector('.ha-greeting .ha-suggestion')""")
    assert page.locator(".ha-greeting .ha-text").inner_text() == profile["greeting"]
    assert page.locator(".ha-input").get_attribute("placeholder") == profile["placeholder"]
    assert page.locator(".ha-title").inner_text() == profile["name"]
    starters = page.locator(".ha-greeting .ha-suggestion")
    assert starters.all_inner_texts() == profile["starters"][:6]
    shot(page, "starters")
    starters.first.click()  # a starter is asked like a typed question
    page.wait_for_function(
        """() => document.querySelector('#hiring-advisor-widget').shadowRoot
                  .querySelector('.ha-msg.ha-bot[data-message-id]')""")
    assert page.locator(".ha-msg.ha-user").first.inner_text() == profile["starters"][0]
    assert page.locator(".ha-greeting .ha-suggestion").count() == 0

    origin, root = other_site
    (root / "own-words.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body>'
        f'<script src="{live_server}/widget.js" data-api="{live_server}" data-open="true" '
        f'data-greeting="Welcome to our careers desk." data-placeholder="Type here" '
        f'data-starters="false" defer></script></body></html>', encoding="utf-8")
    page.goto(f"{origin}/own-words.html")
    page.locator(".ha-panel").wait_for(state="visible")
    page.wait_for_load_state("networkidle")  # the profile has arrived
    assert page.locator(".ha-greeting .ha-text").inner_text() == "Welcome to our careers desk."
    assert page.locator(".ha-input").get_attribute("placeholder") == "Type here"
    assert page.locator(".ha-title").inner_text() == profile["name"]  # not set on the tag
    assert page.locator(".ha-greeting .ha-suggestion").count() == 0


def test_the_widget_works_in_a_page_with_a_strict_content_security_policy(
        page, live_server, other_site):
    """A host page that allows no inline styles or scripts, and only our origin for the
    widget's script and requests: the widget is still styled and still answers."""
    origin, root = other_site
    policy = (f"default-src 'self'; script-src 'self' {live_server}; "
              f"connect-src {live_server}; style-src 'self'; img-src 'self'")
    (root / "strict.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}"></head><body>'
        f'<h1>Strict site</h1><script src="{live_server}/widget.js" data-api="{live_server}" '
        f'data-accent="#7c2d12" defer></script></body></html>', encoding="utf-8")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(f"{origin}/strict.html")
    launcher = page.locator(".ha-launcher")
    launcher.wait_for()
    assert launcher.evaluate("e => getComputedStyle(e).position") == "fixed"  # styled
    assert launcher.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(124, 45, 18)"
    launcher.click()
    answer = ask(page, "What does an AI engineer in Boston earn?")
    assert "$166,500" in answer.inner_text()
    assert violations == [], violations
    shot(page, "strict-csp")


@pytest.fixture(scope="module")
def company_server(tmp_path_factory, real_embedder):
    """A live server on the shipped knowledge with the made-up company laid over it."""
    from api.config import Settings
    from api.index.build import build_index
    from api.main import create_app
    from api.serve.service import ChatService
    from tests.support.live import serve_app
    from tests.support.overlays import company_knowledge

    root = tmp_path_factory.mktemp("company")
    build_index(company_knowledge(root), root / "index", real_embedder)
    settings = Settings(index_dir=root / "index", database_url=f"sqlite:///{root / 'chat.db'}",
                        rate_limit_per_minute=0)
    service = ChatService(settings).warm_up()
    with serve_app(create_app(settings, service=service)) as base:
        yield base
    service.close()


def test_the_companys_band_is_a_range_bar_beside_the_market_figure(page, company_server):
    open_widget(page, company_server)
    answer = ask(page, "What should we pay a senior AI engineer in Boston?")
    chart = answer.locator("figure.ha-chart svg").first
    chart.wait_for()
    labels = " ".join(answer.locator("text.ha-bar-label").all_text_contents())
    assert "Our band (senior, US tier 1): $150,000–$180,000 a year" in labels
    assert answer.locator("rect.ha-range.ha-band").count() == 2  # beside each market figure
    assert answer.locator("rect.ha-bar").count() == 2
    assert "150,000 to 180,000" in chart.get_attribute("aria-label")
    SHOTS.mkdir(parents=True, exist_ok=True)
    answer.locator("figure.ha-chart").first.screenshot(path=str(SHOTS / "chart-band.png"))
    assert page.errors == []
