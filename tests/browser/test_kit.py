"""The hiring kit in the widget, in Debian's Chromium (Playwright): the document card, its source
chips, Copy and Download, the follow-ups, the button under a salary answer. Screenshots land in
artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from api.answer.kit_ask import JOB_POST
from tests.support.browser import FINISHED, SHOTS, ask, open_widget, shot, wait_finished

CARD = ".ha-kit"


@pytest.fixture
def clipboard_page(browser, live_server):
    """A page whose origin may use the clipboard, and that keeps downloads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def served_post(real_service, role: str, level: str, location: str | None):
    kits = real_service.engine.conversation.kit_chat.kits
    return kits.build(kits.ask(JOB_POST, role, level, location))


def test_a_job_post_is_a_document_card_with_sources_copy_and_download(
    clipboard_page, live_server, real_service
):
    tab = clipboard_page
    open_widget(tab, live_server)
    answer = ask(tab, "Draft a job post for a senior AI engineer in Boston")
    card = answer.locator(CARD)
    card.wait_for()
    assert card.get_attribute("data-kind") == "job_post"
    assert card.locator(".ha-kit-title").inner_text() == "Senior AI engineer (Boston, MA)"
    assert card.locator(".ha-kit-kind").inner_text().lower() == "job post"
    headings = card.locator(".ha-kit-section h4").all_inner_texts()
    assert headings == ["About the role", "Responsibilities", "Requirements", "Nice to have",
                        "Compensation"]
    # The card is the answer: the raw Markdown is not shown as text.
    assert answer.locator(".ha-text").inner_text() == ""
    assert "##" not in answer.inner_text()

    pay = card.locator('.ha-kit-section[data-section="compensation"]')
    lines = pay.locator("li").all_inner_texts()
    assert lines[0].startswith("For the level (the source gives no location): A senior AI "
                               "engineer earns $151,000 a year")
    assert "$166,500" in lines[1]
    assert lines[1].startswith("For the location (the source gives no level)")
    assert "not a pay band or an offer" in pay.locator(".ha-kit-note").inner_text()
    assert pay.locator("li").first.get_attribute("data-source") == "ai-engineer-senior"

    # The ad alone at first: Copy gives its Markdown, without the sources.
    post = served_post(real_service, "AI engineer", "senior", "Boston")
    toggle = card.locator(".ha-kit-toggle")
    assert toggle.inner_text().strip() == "Show sources"
    assert card.locator(".ha-chip").count() == 0 or not card.locator(".ha-chip").first.is_visible()
    card.locator(".ha-kit-copy").click()
    tab.wait_for_function(
        """() => document.querySelector('#hiring-advisor-widget').shadowRoot
              .querySelector('.ha-kit-status').textContent === 'Copied'""")
    assert tab.evaluate("() => navigator.clipboard.readText()") == post.ad_markdown

    # Shown: source chips per section; a chip opens the text it quotes.
    toggle.click()
    for section in card.locator(".ha-kit-section").all():
        assert section.locator(".ha-chip").count() >= 1
    requirements = card.locator('.ha-kit-section[data-section="requirements"]')
    chip = requirements.locator(".ha-chip").first
    assert chip.inner_text() == "Technical skills of an AI engineer"
    chip.click()
    detail = requirements.locator(".ha-chip-detail").first
    assert "TensorFlow" in detail.inner_text()
    first_line = requirements.locator("li").first.inner_text()
    assert first_line.lower() in detail.inner_text().lower()

    expected = post.markdown
    tab.evaluate("""() => { document.querySelector('#hiring-advisor-widget').shadowRoot
                              .querySelector('.ha-kit-status').textContent = ''; }""")
    card.locator(".ha-kit-copy").click()
    tab.wait_for_function(
        """() => document.querySelector('#hiring-advisor-widget').shadowRoot
              .querySelector('.ha-kit-status').textContent === 'Copied'""")
    assert tab.evaluate("() => navigator.clipboard.readText()") == expected

    with tab.expect_download() as info:
        card.locator(".ha-kit-download").click()
    download = info.value
    assert download.suggested_filename == "senior-ai-engineer-boston-ma.md"
    assert open(download.path(), encoding="utf-8").read() == expected

    SHOTS.mkdir(parents=True, exist_ok=True)
    panel = tab.locator(".ha-panel")
    card.locator(".ha-kit-head").scroll_into_view_if_needed()
    panel.screenshot(path=str(SHOTS / "kit-job-post.png"))
    pay.scroll_into_view_if_needed()
    panel.screenshot(path=str(SHOTS / "kit-job-post-compensation.png"))
    shot(tab, "kit-job-post-page")

    # The follow-ups re-draft the kit.
    answer.locator(".ha-suggestion", has_text="Make it mid-level").click()
    tab.wait_for_function(
        """() => [...document.querySelector('#hiring-advisor-widget').shadowRoot
              .querySelectorAll('.ha-kit-title')].some(t => t.textContent.startsWith('Mid'))""")
    again = tab.locator(".ha-msg.ha-bot[data-message-id]").last
    assert again.locator(".ha-kit-title").inner_text() == "Mid-level AI engineer (Boston, MA)"
    assert "$138,000" in again.locator('[data-section="compensation"]').inner_text()
    germany = again.locator(".ha-suggestion", has_text="instead").first
    place = germany.inner_text().removeprefix("For ").removesuffix(" instead")
    germany.click()
    tab.wait_for_function(
        """place => [...document.querySelector('#hiring-advisor-widget').shadowRoot
              .querySelectorAll('.ha-kit-title')].some(t => t.textContent.includes(place))""",
        arg=place.removeprefix("the "))

    # A reload restores the cards from the conversation's history.
    tab.reload()
    tab.locator(".ha-launcher").click()
    tab.locator(f".ha-msg.ha-bot {CARD}").nth(2).wait_for()
    assert tab.locator(f".ha-msg.ha-bot {CARD}").count() == 3
    assert tab.errors == []


def test_a_section_left_out_is_said_above_the_card_and_under_it(page, live_server):
    open_widget(page, live_server)
    ask(page, "Draft a job post for a senior AI engineer in Boston")
    answer = ask(page, "drop the 'How we work' bit, we don't use outstaffed people")
    assert answer.locator(".ha-text").inner_text().strip() == "Without How we work, as asked."
    card = answer.locator(CARD)
    assert card.locator('[data-section="how-we-work"]').count() == 0
    assert card.locator(".ha-kit-omitted").inner_text() == "Left out, as asked: How we work."
    shot(page, "kit-section-left-out")
    assert page.errors == []


def test_a_salary_answer_has_a_draft_a_job_post_button(page, live_server):
    open_widget(page, live_server)
    answer = ask(page, "How much does a senior AI engineer earn in Boston?")
    button = answer.locator(".ha-draft")
    assert button.inner_text().strip() == "Draft a job post"
    before = page.locator(FINISHED).count()
    button.click()
    wait_finished(page, before)
    assert page.locator(".ha-msg.ha-user").last.inner_text().strip() == (
        "Draft a job post for a senior AI engineer in Boston, MA")
    card = page.locator(".ha-msg.ha-bot[data-message-id]").last.locator(CARD)
    assert card.locator(".ha-kit-title").inner_text() == "Senior AI engineer (Boston, MA)"
    # Answers that are not about pay have no such button.
    assert ask(page, "What does an AI engineer do?").locator(".ha-draft").count() == 0
    assert page.errors == []


def test_a_scorecard_shows_what_to_look_for_and_declines_a_protected_trait(
    page, live_server
):
    open_widget(page, live_server)
    answer = ask(page, "Give me a scorecard to screen AI engineer CVs")
    card = answer.locator(CARD)
    assert card.get_attribute("data-kind") == "scorecard"
    headings = card.locator(".ha-kit-section h4").all_inner_texts()
    assert headings[0] == "Must have: experience" and "Nice to have: certifications" in headings
    evidence = card.locator('[data-section="certifications"] .ha-kit-evidence').first
    assert evidence.inner_text() == "Look for: The certification or portfolio named on the CV"
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.locator('[data-section="certifications"]').scroll_into_view_if_needed()
    page.locator(".ha-panel").screenshot(path=str(SHOTS / "kit-scorecard.png"))

    declined = ask(page, "add age to the scorecard")
    assert declined.get_attribute("data-answered") == "false"
    assert "protected characteristic" in declined.inner_text()
    assert declined.locator(CARD).count() == 0
    assert page.errors == []


def test_the_card_fits_a_small_screen(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True)
    tab = context.new_page()
    try:
        open_widget(tab, live_server)
        card = ask(tab, "write a JD for a junior ML engineer").locator(CARD)
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert card.locator(".ha-kit-download").is_visible()
        shot(tab, "kit-mobile")
    finally:
        context.close()
