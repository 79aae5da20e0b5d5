"""The widget as its users expect it, in Debian's Chromium (Playwright), at desktop (1280x800)
and phone (390x844) sizes: a long answer is read from its top, Retry leaves nothing to send
twice, Copy under every answer, a comment box after a thumbs down, the full-screen chat as a
modal dialog, every label from the profile, a length counter, a dark theme with AA contrast, and
the demo page. Screenshots land in artifacts/screenshots/.

Where a test needs to hold an answer half-way (to see what the view does while it streams) the
page's fetch of /api/chat/stream is replaced by a stream the test writes event by event.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest

from api.knowledge.profile import WIDGET_LABELS
from api.serve.schemas import FeedbackRequest
from tests.conftest import ROOT as REPO
from tests.support.browser import FINISHED, ask, open_widget, shot, wait_finished
from tests.support.contrast import contrast

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SHADOW = "document.querySelector('#hiring-advisor-widget').shadowRoot"
GAP = 16  # an answer "at the top" starts at most this far below the log's top edge


@pytest.fixture
def open_tab(browser):
    """open_tab(viewport, phone=False, clipboard_origin=None) -> a fresh page; closed after."""
    contexts = []

    def make(viewport: dict, *, phone: bool = False, clipboard_origin: str | None = None):
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
        if clipboard_origin:
            context.grant_permissions(["clipboard-read", "clipboard-write"],
                                      origin=clipboard_origin)
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []  # type: ignore[attr-defined]
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        return tab

    yield make
    for context in contexts:
        context.close()


def in_widget(page, body: str, arg=None):
    """Run `body` (JS with `root`, the widget's shadow root, and `arg`) in the page."""
    return page.evaluate(f"(arg) => {{ const root = {SHADOW}; {body} }}", arg)


def view(page) -> dict:
    """Where the latest bot message is in the log's view (px, relative to the log's box)."""
    return in_widget(page, """
        const log = root.querySelector('.ha-log');
        const bots = root.querySelectorAll('.ha-msg.ha-bot');
        const bot = bots[bots.length - 1];
        const l = log.getBoundingClientRect(), b = bot.getBoundingClientRect();
        return {top: b.top - l.top, bottom: b.bottom - l.bottom, height: b.height,
                logHeight: l.height, scrollTop: log.scrollTop,
                maxScroll: log.scrollHeight - log.clientHeight};""")


# --- a stream the test writes ------------------------------------------------------------------

FAKE_STREAM = """
(() => {
  const real = window.fetch.bind(window);
  window.__streams = [];
  window.__failNext = false;
  window.fetch = (url, init) => {
    if (!String(url).endsWith('/api/chat/stream')) return real(url, init);
    if (window.__failNext) {
      window.__failNext = false;
      return Promise.reject(new TypeError('network down'));
    }
    let controller;
    const body = new ReadableStream({ start(c) { controller = c; } });
    window.__streams.push(controller);
    return Promise.resolve(new Response(body, {
      status: 200, headers: {'Content-Type': 'text/event-stream'}}));
  };
})();
"""


def send_question(page, question: str) -> None:
    """Type and send a question; return once the page has opened its (fake) stream."""
    streams = page.evaluate("() => window.__streams.length")
    page.locator(".ha-input").fill(question)
    page.locator(".ha-input").press("Enter")
    page.wait_for_function("n => window.__streams.length > n", arg=streams)


def event(page, name: str, data: dict) -> None:
    chunk = f"event: {name}\ndata: {json.dumps(data)}\n\n"
    page.evaluate("c => window.__streams[window.__streams.length - 1]"
                  ".enqueue(new TextEncoder().encode(c))", chunk)


def delta(page, text: str) -> None:
    """Stream `text` and wait until the answer shows it."""
    event(page, "delta", {"text": text})
    page.wait_for_function(
        f"t => {SHADOW}.querySelector('.ha-streaming .ha-text').textContent.endsWith(t)",
        arg=text)


def finish(page, answer: str, message_id: str, **extra) -> object:
    """End the stream with the final turn; return the finished bot message."""
    before = page.locator(FINISHED).count()
    event(page, "done", {"session_id": "s_" + "0" * 40, "message_id": message_id,
                         "answer": answer, "answered": True, "sources": [], "suggestions": [],
                         "data": None, **extra})
    return wait_finished(page, before)


def lines(first: int, count: int) -> str:
    return "".join(f"Line {i} of a long answer.\n" for i in range(first, first + count))


# --- 1. a long answer is read from its top ----------------------------------------------------

COMPARISON = "Compare AI engineer salaries in the UK, Germany, Boston and Bellevue"


@pytest.mark.parametrize(("viewport", "phone", "question", "name"), [
    (DESKTOP, False, COMPARISON, "widget-desktop"),
    (DESKTOP, False, "Draft a job post for a senior AI engineer in Boston", None),
    (PHONE, True, COMPARISON, "widget-mobile"),
], ids=["desktop-salary-chart", "desktop-job-post", "phone-salary-chart"])
def test_a_long_answer_lands_at_its_top_and_the_question_sent_is_in_view(
        open_tab, live_server, viewport, phone, question, name):
    tab = open_tab(viewport, phone=phone)
    open_widget(tab, live_server)
    ask(tab, "compare UK and Germany salaries")  # something above, so the log scrolls

    # The answer is held back until the question's place in the view has been checked.
    held = []
    tab.route("**/api/chat/stream", lambda route: held.append(route))
    before = tab.locator(FINISHED).count()
    tab.locator(".ha-input").fill(question)
    tab.locator(".ha-input").press("Enter")
    tab.locator(".ha-typing").wait_for()
    in_view = in_widget(tab, """
        const log = root.querySelector('.ha-log').getBoundingClientRect();
        const users = root.querySelectorAll('.ha-msg.ha-user');
        const me = users[users.length - 1].getBoundingClientRect();
        return me.top >= log.top - 1 && me.bottom <= log.bottom + 1;""")
    assert in_view, "the question just sent must be in view"
    while not held:
        tab.wait_for_timeout(20)
    held[0].continue_()

    answer = wait_finished(tab, before)
    where = view(tab)
    assert where["height"] > where["logHeight"], where  # long enough to matter
    assert 0 <= where["top"] <= GAP, where  # its top at the top, not its end
    assert answer.locator(".ha-chart, .ha-kit").count() == 1
    if name:
        shot(tab, name)
    assert tab.errors == []


def second_question_streaming(open_tab, live_server):
    """A tab whose first answer (40 lines) is complete and whose second question was sent,
    its answer to be written by the test (`delta`, `finish`)."""
    tab = open_tab(DESKTOP)
    tab.add_init_script(FAKE_STREAM)
    open_widget(tab, live_server)
    send_question(tab, "a first question")
    finish(tab, lines(1, 40), "m_first")
    send_question(tab, "a second question")
    return tab


def test_while_it_streams_the_view_follows_the_answer_then_holds_its_top(open_tab, live_server):
    tab = second_question_streaming(open_tab, live_server)
    delta(tab, "A short start.\n")
    where = view(tab)
    assert where["scrollTop"] >= where["maxScroll"] - 1, where  # its end, while it fits
    assert where["bottom"] <= 0 and where["top"] > GAP, where

    delta(tab, lines(1, 40))  # it no longer fits: its top stays at the top
    held = view(tab)
    assert 0 <= held["top"] <= GAP and held["height"] > held["logHeight"], held
    delta(tab, lines(41, 20))
    assert view(tab)["scrollTop"] == held["scrollTop"]
    finish(tab, "A short start.\n\n" + lines(1, 60), "m_second")
    assert 0 <= view(tab)["top"] <= GAP


def test_a_reader_who_scrolled_up_is_left_where_they_are(open_tab, live_server):
    tab = second_question_streaming(open_tab, live_server)
    delta(tab, "A start.\n")

    box = tab.locator(".ha-log").bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.wheel(0, -400)
    tab.wait_for_function(f"() => {SHADOW}.querySelector('.ha-log').scrollTop < "
                          f"{view(tab)['maxScroll']} - 300")
    tab.wait_for_timeout(300)  # the wheel's smooth scrolling has settled
    mine = view(tab)["scrollTop"]

    delta(tab, lines(1, 40))
    finish(tab, "A start.\n\n" + lines(1, 40), "m_second")
    assert abs(view(tab)["scrollTop"] - mine) <= 1


# --- 2. Retry leaves nothing in the box to send twice -------------------------------------------

def test_sending_the_given_back_question_again_is_a_retry_not_a_second_question(
        open_tab, live_server):
    tab = open_tab(DESKTOP)
    tab.add_init_script(FAKE_STREAM)
    open_widget(tab, live_server)
    tab.evaluate("() => { window.__failNext = true; }")
    tab.locator(".ha-input").fill("Which certifications matter?")
    tab.locator(".ha-input").press("Enter")
    tab.locator(".ha-error").wait_for()
    assert tab.locator(".ha-input").input_value() == "Which certifications matter?"

    streams = tab.evaluate("() => window.__streams.length")
    tab.locator(".ha-input").press("Enter")  # the question given back, sent again
    tab.wait_for_function("n => window.__streams.length > n", arg=streams)
    finish(tab, "Intel Edge AI and others.", "m_retry")
    assert tab.locator(".ha-msg.ha-user").all_inner_texts() == ["Which certifications matter?"]
    assert tab.locator(".ha-error").count() == 0
    assert tab.locator(".ha-input").input_value() == ""


# --- 3. Copy under every answer -----------------------------------------------------------------

def test_every_answer_has_a_copy_button_that_copies_its_markdown(open_tab, live_server):
    tab = open_tab(DESKTOP, clipboard_origin=live_server)
    open_widget(tab, live_server)
    assert tab.locator(".ha-greeting .ha-copy").count() == 0  # the greeting is not an answer
    ask(tab, "What does a senior AI engineer earn?")
    ask(tab, "What does an AI engineer do?")
    first = tab.locator(FINISHED).first
    for answer in tab.locator(FINISHED).all():
        assert answer.locator(".ha-copy").count() == 1

    button = first.locator(".ha-copy")
    assert button.get_attribute("aria-label") == "Copy answer"
    assert button.inner_text().strip() == "Copy"
    button.click()
    tab.wait_for_function(f"() => {SHADOW}.querySelector('.ha-copy[data-copied]')")
    assert button.inner_text().strip() == "Copied"
    assert button.get_attribute("aria-label") == "Copied"
    assert first.locator(".ha-feedback [role=status]").first.inner_text() == "Copied"

    session = tab.evaluate(f"() => sessionStorage.getItem('hiring-advisor:session:{live_server}')")
    turns = httpx.get(f"{live_server}/api/sessions/{session}").json()["turns"]
    copied = tab.evaluate("() => navigator.clipboard.readText()")
    assert copied == turns[0]["answer"] and "$151,000" in copied
    # The "Copied" state lasts two seconds, then the button is ready again.
    tab.wait_for_function(f"() => !{SHADOW}.querySelector('.ha-copy[data-copied]')", timeout=4000)
    assert button.get_attribute("aria-label") == "Copy answer"


# --- 4. a comment box after a thumbs down ------------------------------------------------------

def comment_limit() -> int:
    return next(m.max_length for m in FeedbackRequest.model_fields["comment"].metadata
                if hasattr(m, "max_length"))


def test_a_thumbs_down_asks_why_and_sends_the_comment_with_the_rating(
        open_tab, live_server, real_service):
    tab = open_tab(DESKTOP)
    open_widget(tab, live_server)
    liked = ask(tab, "What does an AI engineer do?")
    liked.locator(".ha-up").click()
    liked.locator(".ha-feedback-done").wait_for()
    assert liked.locator(".ha-reason").count() == 0  # only a thumbs down asks why

    answer = ask(tab, "What does a senior AI engineer earn?")
    message_id = answer.get_attribute("data-message-id")
    answer.locator(".ha-down").click()
    box = answer.locator(".ha-reason textarea")
    box.wait_for()
    assert answer.locator(".ha-feedback-done").inner_text() == "Thanks for the feedback"
    assert answer.locator(".ha-reason label").inner_text() == (
        "What was wrong or missing? (optional)")
    assert box.get_attribute("maxlength") == str(comment_limit())
    assert in_widget(tab, "return root.activeElement?.className") == "ha-reason-input"
    tab.keyboard.type("The figure for Canada is missing.")
    shot(tab, "widget-reason-box")

    answer.locator(".ha-reason-send").click()
    done = answer.locator(".ha-reason-done")
    done.wait_for()
    assert done.inner_text() == "Thanks, your comment was sent."
    assert answer.locator(".ha-reason").count() == 0
    recorded = [(f.rating, f.comment) for f in real_service.store.feedback_for(message_id)]
    # The rating again, with why: the store adds the comment to the rating it holds.
    assert recorded == [("down", "The figure for Canada is missing.")]


# --- 5. the full-screen chat is a modal dialog ---------------------------------------------------

def active_in_panel(page) -> str | None:
    """The class of the focused control when focus is inside the panel, else None."""
    return in_widget(page, """
        const a = root.activeElement;
        const inside = document.activeElement === root.host && a
            && root.querySelector('.ha-panel').contains(a);
        return inside ? a.className : null;""")


def test_full_screen_chat_is_a_modal_dialog_on_a_phone(open_tab, live_server, other_site):
    origin, site = other_site
    policy = (f"default-src 'self'; script-src 'self' {live_server}; "
              f"connect-src {live_server}; style-src 'self'")
    text = "".join(f"<p>Handbook paragraph {i}, long enough to scroll.</p>" for i in range(150))
    (site / "long-strict.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}"></head><body>{text}'
        f'<script src="{live_server}/widget.js" data-api="{live_server}" defer></script>'
        f'</body></html>', encoding="utf-8")
    tab = open_tab(PHONE, phone=True)
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text)
           if "Content Security Policy" in m.text else None)
    tab.goto(f"{origin}/long-strict.html")
    launcher = tab.locator(".ha-launcher")
    launcher.click()
    panel = tab.locator(".ha-panel")
    panel.wait_for(state="visible")
    tab.locator(".ha-greeting .ha-suggestion").first.wait_for()  # the starters have come
    assert panel.get_attribute("role") == "dialog"
    assert panel.get_attribute("aria-modal") == "true"

    # Tab and Shift+Tab go round the chat's own controls and never out to the page.
    seen = []
    for _ in range(14):
        tab.keyboard.press("Tab")
        seen.append(active_in_panel(tab))
    assert None not in seen, seen
    assert seen.count("ha-new") >= 1 and "ha-send" in seen and "ha-input" in seen
    first = seen.index("ha-new")
    assert first > 0 and seen[first - 1] == "ha-send"  # from the last control to the first
    tab.locator(".ha-new").focus()
    tab.keyboard.press("Shift+Tab")
    assert active_in_panel(tab) == "ha-send"

    # The page behind does not scroll while the chat fills the screen.
    overflow = "() => getComputedStyle(document.documentElement).overflow"
    assert tab.evaluate(overflow) == "hidden"
    tab.mouse.move(195, 30)
    tab.mouse.wheel(0, 600)
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => window.scrollY") == 0

    # Wider (a phone turned, a window resized): not full screen, so not modal either.
    tab.set_viewport_size({"width": 844, "height": 390})
    tab.wait_for_function(f"() => !{SHADOW}.querySelector('.ha-panel[aria-modal]')")
    assert tab.evaluate(overflow) != "hidden"
    tab.set_viewport_size(PHONE)
    tab.wait_for_function(f"() => {SHADOW}.querySelector('.ha-panel[aria-modal=\"true\"]')")

    # Escape closes it, gives focus back to the launcher and the page its scrolling.
    tab.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert in_widget(tab, "return root.activeElement?.className") == "ha-launcher"
    assert tab.evaluate("() => document.documentElement.style.overflow") == ""
    tab.mouse.wheel(0, 600)
    tab.wait_for_function("() => window.scrollY > 0")
    assert violations == [], violations
    assert tab.errors == []


def test_the_desktop_panel_is_not_modal(open_tab, live_server):
    tab = open_tab(DESKTOP)
    open_widget(tab, live_server)
    assert tab.locator(".ha-panel").get_attribute("aria-modal") is None
    assert tab.evaluate("() => getComputedStyle(document.documentElement).overflow") != "hidden"


# --- 6. every label from the profile ------------------------------------------------------------

def widget_source_labels() -> set[str]:
    source = (REPO / "api/serve/static/widget.js").read_text(encoding="utf-8")
    block = re.search(r"const LABELS = \{\n(.*?)\n  \};", source, re.S)
    assert block, "LABELS not found in widget.js"
    return set(re.findall(r"^\s+(\w+):", block.group(1), re.M))


def test_the_profile_and_the_widget_name_the_same_labels():
    assert widget_source_labels() == set(WIDGET_LABELS)


def test_the_shipped_profile_gives_the_widget_its_labels(live_server):
    widget = httpx.get(f"{live_server}/api/profile").json()["widget"]
    assert widget["labels"]["sources"] == "Sources:"
    assert set(widget["labels"]) == set(WIDGET_LABELS)
    assert widget["locale"] == "en-US"


def test_every_label_and_number_comes_from_the_profile(open_tab, live_server):
    real = httpx.get(f"{live_server}/api/profile").json()
    labels = {key: f"<{key}>" for key in WIDGET_LABELS}
    labels.update(counter="{count} von {max}", counter_spoken="{count} von {max} Zeichen",
                  too_long="{over} Zeichen zu viel, höchstens {max}")
    profile = {**real, "widget": {"labels": labels, "locale": "de-DE"}}
    tab = open_tab(DESKTOP, clipboard_origin=live_server)
    tab.add_init_script(FAKE_STREAM)
    tab.route("**/api/profile", lambda route: route.fulfill(json=profile))
    tab.route("**/api/feedback", lambda route: route.fulfill(json={"status": "recorded"}))
    tab.goto(f"{live_server}/")
    launcher = tab.locator(".ha-launcher")
    tab.wait_for_function(
        f"() => {SHADOW}.querySelector('.ha-launcher').getAttribute('aria-label') === '<open>'")
    launcher.click()
    tab.locator(".ha-panel").wait_for(state="visible")
    assert tab.locator(".ha-new").inner_text() == "<new>"
    assert tab.locator(".ha-new").get_attribute("aria-label") == "<new_conversation>"
    assert tab.locator(".ha-close").get_attribute("aria-label") == "<close>"
    assert tab.locator(".ha-input").get_attribute("aria-label") == "<input>"
    assert tab.locator(".ha-send").get_attribute("aria-label") == "<send>"
    starters = tab.locator(".ha-greeting .ha-suggestions")
    assert starters.get_attribute("aria-label") == "<suggestions>"

    send_question(tab, "a question")
    assert tab.locator(".ha-typing").get_attribute("aria-label") == "<typing>"
    source = {"id": "a/b", "title": "A source", "snippet": "Its text.", "score": 1.0,
              "path": "a.md", "line": 1}
    answer = finish(tab, "An **answer**.", "m_labels", sources=[source], suggestions=["Next?"])
    assert answer.locator(".ha-sources-label").inner_text() == "<sources>"
    assert answer.locator(".ha-feedback-label").inner_text() == "<feedback>"
    assert answer.locator(".ha-up").get_attribute("aria-label") == "<helpful>"
    assert answer.locator(".ha-down").get_attribute("aria-label") == "<not_helpful>"
    copy = answer.locator(".ha-copy")
    assert (copy.inner_text().strip(), copy.get_attribute("aria-label")) == ("<copy>",
                                                                             "<copy_answer>")
    copy.click()
    tab.wait_for_function(f"() => {SHADOW}.querySelector('.ha-copy[data-copied]')")
    assert copy.inner_text().strip() == "<copied>"
    assert answer.locator(".ha-suggestions").get_attribute("aria-label") == "<suggestions>"
    answer.locator(".ha-down").click()
    answer.locator(".ha-reason").wait_for()
    assert answer.locator(".ha-feedback-done").inner_text() == "<thanks>"
    assert answer.locator(".ha-reason label").inner_text() == "<reason>"
    assert answer.locator(".ha-reason-send").inner_text() == "<reason_send>"
    answer.locator(".ha-reason textarea").fill("Because.")
    answer.locator(".ha-reason-send").click()
    assert answer.locator(".ha-reason-done").inner_text() == "<reason_thanks>"

    send_question(tab, "a kit")
    kit = {"kind": "job_post", "name": "Job post", "title": "A role", "markdown": "# A role",
           "sections": [{"id": "about", "heading": "About", "bullets": [{"text": "A line."}]}]}
    card = finish(tab, "# A role", "m_kit", data=kit).locator(".ha-kit")
    assert card.locator(".ha-kit-copy").inner_text().strip() == "<copy_markdown>"
    assert card.locator(".ha-kit-download").inner_text().strip() == "<download>"

    # Numbers as the profile's locale writes them.
    box = tab.locator(".ha-input")
    box.fill("x" * 1850)
    assert tab.locator(".ha-counter").inner_text() == "1.850 von 2.000"
    box.fill("x" * 2050)
    box.press("Enter")
    assert tab.locator(".ha-too-long").inner_text() == "50 Zeichen zu viel, höchstens 2.000"

    tab.evaluate("() => { window.__failNext = true; }")
    box.fill("a question that fails")
    box.press("Enter")
    tab.locator(".ha-error").wait_for()
    assert tab.locator(".ha-error-text").inner_text() == "<unreachable>"
    assert tab.locator(".ha-retry").inner_text() == "<retry>"
    assert tab.errors == []


# --- 7. a counter near the length limit ---------------------------------------------------------

def test_a_counter_near_the_limit_and_a_question_too_long_is_refused_not_cut(
        open_tab, live_server):
    tab = open_tab(DESKTOP)
    open_widget(tab, live_server)
    sent: list[str] = []
    tab.on("request", lambda r: sent.append(r.url) if "/api/chat" in r.url else None)
    box, counter = tab.locator(".ha-input"), tab.locator(".ha-counter")

    box.fill("x" * 1500)
    assert counter.inner_text() == ""  # below 80% of the limit: nothing to count yet
    box.fill("x" * 1850)
    assert counter.inner_text() == "1,850 / 2,000"
    # Screen readers hear it politely, once typing pauses (not at every key).
    tab.wait_for_function(
        f"() => {SHADOW}.querySelector('.ha-form [role=status]').textContent"
        " === '1,850 of 2,000 characters'")
    box.fill("\N{GRINNING FACE}" * 2000)  # characters as the API counts them
    assert counter.inner_text() == "2,000 / 2,000"

    box.fill("x" * 2050)
    assert "ha-over" in counter.get_attribute("class")
    box.press("Enter")
    refusal = tab.locator(".ha-too-long")
    assert refusal.inner_text() == ("Your question is 50 characters too long: shorten it to "
                                    "2,000 characters or fewer.")
    assert refusal.get_attribute("role") == "alert"
    assert box.get_attribute("aria-invalid") == "true"
    assert box.input_value() == "x" * 2050  # nothing cut, nothing lost
    assert tab.locator(".ha-msg.ha-user").count() == 0 and sent == []
    shot(tab, "widget-counter")

    box.press("Backspace")
    assert refusal.inner_text() != ""  # still too long
    box.fill("x" * 2000)
    assert refusal.inner_text() == "" and box.get_attribute("aria-invalid") is None


# --- 8. dark theme, with AA contrast in both ---------------------------------------------------

# Every element of the widget with text of its own (SVG text too), its colour and the colour of
# the nearest opaque background under it; the input's placeholder when it shows.
COLOURS = """
(root) => {
  const opaque = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    return m && (m[1].split(',')[3] === undefined || Number(m[1].split(',')[3]) > 0.5);
  };
  const background = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const bg = getComputedStyle(n).backgroundColor;
      if (opaque(bg)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const found = [];
  for (const el of root.querySelectorAll('.ha-root *')) {
    if (!el.getClientRects().length || el.closest('.ha-sr')) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const svg = el instanceof SVGElement;
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    found.push({text: el.textContent.trim().slice(0, 40), fg: svg ? style.fill : style.color,
                bg: background(el), large: size >= 24 || (bold && size >= 18.66)});
  }
  const input = root.querySelector('.ha-input');
  if (!input.value) {
    found.push({text: 'placeholder', fg: getComputedStyle(input, '::placeholder').color,
                bg: background(input), large: false});
  }
  return found;
}
"""


def low_contrast(page, at_least: int = 20) -> list[dict]:
    """What has less than WCAG AA contrast; `at_least` texts must have been measured."""
    found = page.evaluate(f"() => ({COLOURS})({SHADOW})")
    assert len(found) >= at_least, found  # the scene has what it should
    return [dict(f, ratio=round(contrast(f["fg"], f["bg"]), 2)) for f in found
            if contrast(f["fg"], f["bg"]) < (3 if f["large"] else 4.5)]


def panel_background(page) -> str:
    return in_widget(page, "return getComputedStyle(root.querySelector('.ha-panel'))"
                           ".backgroundColor")


def test_dark_theme_follows_the_system_or_the_page_and_keeps_aa_contrast(open_tab, live_server):
    tab = open_tab(DESKTOP)
    open_widget(tab, live_server)
    answer = ask(tab, "compare UK and Germany salaries")  # text, chart, sources, follow-ups
    answer.locator(".ha-chip").first.click()
    answer.locator(".ha-down").click()
    answer.locator(".ha-reason").wait_for()
    tab.route("**/api/chat/stream", lambda route: route.abort())
    tab.locator(".ha-input").fill("a question while the server is away")
    tab.locator(".ha-input").press("Enter")
    tab.locator(".ha-error").wait_for()
    tab.unroute("**/api/chat/stream")
    tab.locator(".ha-input").fill("x" * 2050)
    tab.locator(".ha-input").press("Enter")  # the counter, over, and the refusal

    host = f"{SHADOW}.host"
    for scheme, theme, dark in [("light", None, False), ("dark", None, True),
                                ("light", "dark", True), ("dark", "light", False)]:
        tab.emulate_media(color_scheme=scheme)
        tab.evaluate(f"t => t ? {host}.setAttribute('data-theme', t) "
                     f": {host}.removeAttribute('data-theme')", theme)
        assert panel_background(tab) == ("rgb(24, 24, 27)" if dark else "rgb(255, 255, 255)"), \
            (scheme, theme)
        assert low_contrast(tab) == [], (scheme, theme)
        if scheme == "dark" and theme is None:
            tab.locator(".ha-input").fill("")
            assert low_contrast(tab) == [], "placeholder"
            shot(tab, "widget-dark")
            tab.locator(".ha-input").fill("x" * 2050)
            tab.locator(".ha-input").press("Enter")


def test_the_script_tag_can_force_the_dark_theme_with_any_accent(
        open_tab, live_server, other_site):
    origin, site = other_site
    (site / "dark.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Dark site</h1>'
        f'<script src="{live_server}/widget.js" data-api="{live_server}" data-theme="dark" '
        f'data-accent="#7c2d12" data-open="true" defer></script></body></html>',
        encoding="utf-8")
    tab = open_tab(DESKTOP)
    tab.emulate_media(color_scheme="light")
    tab.goto(f"{origin}/dark.html")
    tab.locator(".ha-panel").wait_for(state="visible")
    assert tab.evaluate(f"() => {SHADOW}.host.dataset.theme") == "dark"
    assert panel_background(tab) == "rgb(24, 24, 27)"
    answer = ask(tab, "What does a senior AI engineer earn?")
    assert answer.locator(".ha-suggestion").count() >= 1  # text in the accent's ink
    assert low_contrast(tab, at_least=12) == []


# --- 9. the demo page ---------------------------------------------------------------------------

def test_the_demo_page_is_an_internal_handbook_with_the_real_embed_address(page, live_server):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server}/")
    assert "Engineering hiring handbook" in page.title() and "internal" in page.title()
    text = page.locator("main").inner_text()
    assert "hiring managers" in text and "not for candidates" in text
    assert "Apply" not in text and "Careers" not in page.title()
    snippet = page.locator("#embed-snippet")
    page.wait_for_function(
        "() => !document.querySelector('#embed-snippet').textContent.includes('YOUR-SERVER')")
    origin = page.evaluate("() => location.origin")
    assert snippet.inner_text() == (f'<script src="{origin}/widget.js" data-api="{origin}" '
                                    f'defer></script>')
    served = httpx.get(f"{live_server}/").text
    assert "127.0.0.1:8000" not in served
    assert violations == [], violations
    assert page.errors == []
