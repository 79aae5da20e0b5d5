"""The console's Content tab in a real browser (Debian's Chromium, headless, Playwright), against
a live uvicorn serving a fresh copy of the made-up second knowledge base with the fake model, one
per test: the knowledge's files edited as revisions, checked as they are typed, saved on the
revision read, published from the Publish tab and served in the widget.

A salary figure edited in the table editor (a wrong currency flagged in its cell and refusing the
save first), saved, published by a publisher, served, found in the file's history and reverted;
two editors saving the same file, the second shown the conflict with the diff and losing
nothing; a Markdown document imported, its proposed file given its questions, saved, published
and answered; a table written back byte for byte; a viewer offered nothing to change; the tab
used with the keyboard alone; no text under WCAG AA contrast. Screenshots land in
artifacts/screenshots/console-content-*.png. Without Chromium these tests skip, unless CI=true.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.index.build import build_index
from api.serve.service import ChatService
from api.store.roles import Role
from tests.browser import test_console as console
from tests.conftest import KB2, FakeEmbedder

L3_QUESTION = console.L3_QUESTION
SMALL = console.SMALL
page = console.page  # the console tests' page: no script error, no CSP violation
ask_widget, low_contrast, open_tab, shot, sign_in = (
    console.ask_widget, console.low_contrast, console.open_tab, console.shot, console.sign_in)

# A made-up guide of a company that does not exist, to import.
GUIDE = """## Badge pickup

Every new starter at the imaginary Snowfield Labs collects a blue visitor badge from the front
desk of the glass tower on their first morning before nine.

## Buddy lunch

On the second Friday the imaginary Snowfield Labs team takes every new starter to a buddy lunch
at the canteen on the roof terrace.
"""
BADGE_QUESTION = "Where do new starters pick up their badge?"
# At 1280 px nothing makes the page scroll sideways, and the editor ends inside the window.
FITS = """() => document.documentElement.scrollWidth <= window.innerWidth
    && document.querySelector('#content-editor').getBoundingClientRect().right
       <= window.innerWidth"""


@pytest.fixture
def site(tmp_path) -> Iterator[console.Site]:
    """The app on a fresh copy of kb2 (its revisions in a fresh database), published once."""
    shutil.copytree(KB2, tmp_path / "kb2")
    build_index(tmp_path / "kb2", tmp_path / "index", FakeEmbedder())
    settings = console.make_settings(tmp_path)
    service = ChatService(settings, embedder=FakeEmbedder())
    with console.serve(settings, service) as base:
        service.reindex(force=True, actor="Set-up")  # the publish the draft is compared with
        yield console.Site(base, settings, service)


def stored(site, path: str) -> str | None:
    """The file's latest text in the store (None: deleted or never made)."""
    revision = site.service.store.content_file(path)
    return revision.body if revision is not None else None


def open_file(page, path: str):
    """Open `path` from the file list; the editor, once its file and history are read."""
    page.locator(f'#content-files .file-open[data-path="{path}"]').click()
    editor = page.locator("#content-editor .editor")
    editor.locator(".editor-title", has_text=path).wait_for()
    page.wait_for_function("() => !document.querySelector('#panel-content [aria-busy]')")
    return editor


def wait_checked(editor) -> str:
    """Wait for the validator's verdict on what was typed (the list is busy until then); its
    sentence."""
    editor.locator(".checks:not([aria-busy])").wait_for(state="attached")
    return editor.locator(".check-status").inner_text()


def publish(page) -> str:
    """Check and publish on the Publish tab; the verdict."""
    open_tab(page, "publish")
    page.locator("#check-publish").click()
    verdict = page.locator("#publish-verdict")
    verdict.wait_for(timeout=180_000)
    return verdict.inner_text()


# --- a figure, edited in the table, published and reverted ----------------------------------

def test_a_figure_edited_in_the_table_is_published_served_and_reverted(page, site):
    widget = page.context.new_page()
    assert "CHF 98,000" in ask_widget(widget, site.base, L3_QUESTION)
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings, "Ann Editor", Role.EDITOR)
    open_tab(page, "content")
    assert page.locator("#content-draft-headline").inner_text() == (
        "Nothing changed since the last publish")
    editor = open_file(page, "salaries.csv")
    assert editor.locator("table.csv thead th").all_inner_texts()[:4] == [
        "Line", "id *", "role *", "level"]
    row = editor.locator('tr[data-line="2"]')
    assert row.locator('[data-column="id"]').input_value() == "platform-engineer-l3"
    assert page.evaluate(FITS) is True  # the table scrolls in its box, not the page

    # A currency that is not ISO 4217: the cell says so, the validator too, and Save refuses.
    currency = row.locator('[data-column="currency"]')
    currency.fill("XYZ")
    assert currency.get_attribute("aria-invalid") == "true"
    message = currency.evaluate("e => document.getElementById("
                                "e.getAttribute('aria-describedby')).textContent")
    assert message == "XYZ is not an ISO 4217 currency code (three capital letters)"
    assert wait_checked(editor).startswith("The validator finds 1 problem")
    problem = editor.locator(".problems:not(.warnings) .problem-link")
    assert problem.inner_text().startswith("salaries.csv:2: salary 'platform-engineer-l3':")
    assert "'XYZ' is not an ISO 4217 currency code" in problem.inner_text()
    editor.get_by_role("button", name="Save", exact=True).click()
    status = editor.locator(".save-status")
    assert status.inner_text() == (
        "Not saved: 1 cell needs fixing first. currency on line 2: XYZ is not an ISO 4217 "
        "currency code (three capital letters).")
    assert page.evaluate("document.activeElement.dataset.column") == "currency"
    assert low_contrast(page) == []
    shot(page, "content-cell-flagged", full_page=False)
    page.locator("#tab-overview").focus()
    problem.click()  # the problem's line: the caret goes to the cell to fix
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "currency, line 2")

    currency.fill("CHF")
    assert currency.get_attribute("aria-invalid") is None
    row.locator('[data-column="amount"]').fill("101500")
    assert wait_checked(editor) == "The validator finds no problem."
    editor.get_by_label("Why").fill("The 2026 Alpenrose study raised the L3 band")
    editor.get_by_role("button", name="Save", exact=True).click()
    status.filter(has_text="Saved as r").wait_for()
    assert "a draft: nothing is published yet" in status.inner_text()
    assert "Saving keeps a draft revision: nothing is published" in editor.locator(
        ".save-note").inner_text()
    assert ",101500,CHF," in stored(site, "salaries.csv")
    assert "CHF 98,000" in ask_widget(widget, site.base, L3_QUESTION)  # a draft is not served

    # The draft: what changed since the last publish, as a diff.
    listed = page.locator('.file-open[data-path="salaries.csv"]')
    listed.locator(".badge", has_text="changed since publish").wait_for()
    assert page.locator("#content-draft-headline").inner_text() == (
        "1 file changed since the last publish")
    page.locator("#content-draft-show").click()
    diff = page.locator("#content-draft-diff pre.diff")
    diff.wait_for()
    assert diff.locator(".diff-del").filter(has_text="platform-engineer-l3").inner_text() \
        .endswith(",98000,CHF,year,,,Alpenrose Engineering Pay Study 2025,Kirschberg "
                  "Compensation Memo,2025-01-15,Fictional test fixture: the Swiss pay band for "
                  "an L3 platform engineer.")
    assert ",101500,CHF," in diff.locator(".diff-add").filter(
        has_text="platform-engineer-l3").inner_text()
    assert low_contrast(page) == []
    shot(page, "content-draft-diff")

    # An editor cannot publish; a publisher can.
    open_tab(page, "publish")
    assert page.locator("#check-publish").is_hidden()
    page.locator("#sign-out").click()
    page.locator("#sign-in").wait_for(state="visible")
    assert page.locator("#content-files").inner_text() == ""  # nothing read stays
    sign_in(page, site.base, site.settings, "Pat Publisher", Role.PUBLISHER)
    assert publish(page).startswith("Published")
    assert "CHF 101,500" in ask_widget(widget, site.base, L3_QUESTION)

    # The file's history names the editor and why; the change is shown; it is reverted.
    open_tab(page, "content")
    assert page.locator("#content-draft-headline").inner_text() == (
        "Nothing changed since the last publish")
    editor = open_file(page, "salaries.csv")
    latest = editor.locator(".history-table tbody tr[data-revision]").first
    assert latest.locator(".history-author").inner_text() == "Ann Editor"
    assert latest.locator(".history-message").inner_text() == (
        "The 2026 Alpenrose study raised the L3 band")
    latest.get_by_role("button", name=re.compile("Show the change")).click()
    change = editor.locator(".history-detail pre.diff").first
    change.wait_for()
    assert ",101500,CHF," in change.locator(".diff-add").inner_text()
    latest.get_by_role("button", name=re.compile("^Revert r")).click()
    confirm = editor.locator(".history-confirm .confirm")
    assert "gets back the text it had before" in confirm.inner_text()
    confirm.get_by_label("Why").fill("The study was withdrawn")
    shot(page, "content-revert", full_page=False)
    confirm.get_by_role("button", name="Revert", exact=True).click()
    top = editor.locator(".history-table tbody tr[data-revision]").first
    top.locator(".history-author", has_text="Pat Publisher").wait_for()
    assert top.locator(".history-message").inner_text() == "The study was withdrawn"
    page.wait_for_function("() => document.querySelector("
                           "'#content-editor tr[data-line=\"2\"] [data-column=\"amount\"]')"
                           "?.value === '98000'")
    assert ",98000,CHF," in stored(site, "salaries.csv")
    assert publish(page).startswith("Published")
    assert "CHF 98,000" in ask_widget(widget, site.base, L3_QUESTION)
    widget.close()


# --- two editors, one file --------------------------------------------------------------------

def test_the_second_of_two_editors_saving_a_file_sees_the_conflict_and_loses_nothing(
        browser, page, site):
    context = browser.new_context(viewport=SMALL)
    other = context.new_page()
    other_errors: list[str] = []
    other.on("pageerror", lambda e: other_errors.append(str(e)))
    try:
        page.set_viewport_size(SMALL)
        sign_in(page, site.base, site.settings, "Ann Editor", Role.EDITOR)
        sign_in(other, site.base, site.settings, "Bob Editor", Role.EDITOR)
        editors = []
        for browser_page in (page, other):
            open_tab(browser_page, "content")
            editors.append(open_file(browser_page, "remote-work.md"))
        ann, bob = editors
        original = stored(site, "remote-work.md")
        assert "10:00 to 15:00" in original and "the three anchor days" in original

        ann_text = original.replace("10:00 to 15:00", "09:30 to 15:00")
        ann.locator(".editor-body textarea.code").fill(ann_text)
        ann.get_by_label("Why").fill("Core hours start earlier")
        ann.get_by_role("button", name="Save", exact=True).click()
        ann.locator(".save-status", has_text="Saved as r").wait_for()

        bob_text = original.replace("the three anchor days", "the three anchor days (four in "
                                    "January)")
        bob.locator(".editor-body textarea.code").fill(bob_text)
        bob.get_by_label("Why").fill("January is busier")
        bob.get_by_role("button", name="Save", exact=True).click()
        conflict = bob.locator(".conflict")
        conflict.wait_for()
        assert other.evaluate("document.activeElement.tagName") == "H4"  # the news, focused
        assert "changed since you opened it" in conflict.inner_text()
        assert "Ann Editor saved r" in conflict.inner_text()
        removed = conflict.locator(".diff-del").all_inner_texts()
        added = conflict.locator(".diff-add").all_inner_texts()
        assert any("09:30 to 15:00" in line for line in removed)  # theirs, not in mine
        assert any("10:00 to 15:00" in line for line in added)
        assert any("(four in" in line for line in added)
        assert conflict.get_by_label(re.compile("^Your text")).input_value() == bob_text
        assert stored(site, "remote-work.md") == ann_text  # the first save stands
        assert low_contrast(other) == []
        assert other.evaluate(FITS) is True
        shot(other, "content-conflict")

        # The latest in the editor, Bob's own text beside it to copy from; then both stand.
        conflict.get_by_role("button", name="Load the latest").click()
        textarea = bob.locator(".editor-body textarea.code")
        assert textarea.input_value() == ann_text
        assert conflict.get_by_label(re.compile("^Your text")).input_value() == bob_text
        textarea.fill(ann_text.replace("the three anchor days", "the three anchor days (four "
                                       "in January)"))
        bob.get_by_role("button", name="Save", exact=True).click()
        bob.locator(".save-status", has_text="Saved as r").wait_for()
        both = stored(site, "remote-work.md")
        assert "09:30 to 15:00" in both and "(four in January)" in both
        assert other_errors == []
    finally:
        context.close()


# --- importing a document -----------------------------------------------------------------------

def test_an_imported_guide_is_reviewed_saved_published_and_answered(page, site, tmp_path):
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings, "Pat Publisher", Role.PUBLISHER)
    open_tab(page, "content")
    page.locator("#content-import").click()
    assert page.evaluate("document.activeElement.id") == "content-import-file"
    assert page.locator("#content-import-file").get_attribute("accept") == (
        ".md,.markdown,.html,.htm,.pdf,.docx")
    page.locator("#content-import-file").set_input_files({
        "name": "snowfield-onboarding.md", "mimeType": "text/markdown",
        "buffer": GUIDE.encode()})
    page.get_by_label(re.compile("^Its source")).fill("Snowfield Labs handbook (fictional)")
    page.get_by_label("Its date").fill("2025-03-01")
    assert "platform-engineer" in page.locator("#content-import-role option").all_inner_texts()
    page.get_by_role("button", name="Propose files").click()

    proposals = page.locator("#content-proposals .proposals")
    proposals.wait_for()
    assert page.evaluate("document.activeElement.textContent").startswith(
        "Proposed from snowfield-onboarding.md: 1 file")
    (proposal,) = proposals.locator(".proposal .editor").all()
    assert proposal.locator(".editor-title").inner_text() == "imported-snowfield-onboarding.md"
    warnings = proposal.locator(".problems.warnings li").all_inner_texts()
    copied = [w for w in warnings if "words of the imported document word for word" in w]
    assert len(copied) == 2 and all(re.match(
        r"imported-snowfield-onboarding\.md:\d+: repeats \d+ words", w) for w in copied)
    assert len(warnings) == len(set(warnings))  # each once
    shot(page, "content-import")

    # The editor writes how people ask, in our own words, and saves the new file.
    textarea = proposal.locator(".editor-body textarea.code")
    text = textarea.input_value()
    badge = text.index("## Badge pickup")
    hint = re.compile(r"<!--.*?-->", re.S).search(text, badge)
    assert hint is not None
    asked = f"Asked as: {BADGE_QUESTION} | When do I get my visitor badge?"
    textarea.fill(text[:hint.start()] + asked + text[hint.end():])
    proposal.get_by_label("Why").fill("Imported the Snowfield onboarding guide")
    proposal.get_by_role("button", name="Save", exact=True).click()
    proposal.locator(".save-status", has_text="Saved as r").wait_for()
    saved = stored(site, "imported-snowfield-onboarding.md")
    assert asked in saved
    revision = site.service.store.content_file("imported-snowfield-onboarding.md")
    assert revision.kind == "import" and revision.original_id is not None
    page.locator('.file-open[data-path="imported-snowfield-onboarding.md"]').wait_for()

    with page.expect_download() as download:
        proposals.get_by_role("link", name=re.compile("^Download the original")).click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == GUIDE

    assert publish(page).startswith("Published")
    answer = ask_widget(page.context.new_page(), site.base, BADGE_QUESTION)
    assert "blue visitor badge" in answer


# --- a new file, deleted and brought back ----------------------------------------------------

NOTE = """---
title: Hiring FAQ (fictional test note)
topic: interview-process
source: Kirschberg Systems hiring handbook 2025 (fictional test fixture)
as_of: 2025-07-01
---

## Reference checks {#faq/reference-checks}

Kirschberg calls two references for every offer, after the final interview.

Asked as: Do we check references?
"""


def test_a_new_file_is_made_deleted_and_brought_back(page, site):
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings, "Pat Publisher", Role.PUBLISHER)
    open_tab(page, "content")
    page.locator("#content-new").click()
    assert page.evaluate("document.activeElement.id") == "content-new-path"
    page.keyboard.type("notes/../escape.md")
    page.keyboard.press("Enter")
    assert "ending in .md, .csv or .yml" in page.locator("#content-new-error").inner_text()
    page.locator("#content-new-path").fill("notes/hiring-faq.md")
    page.keyboard.press("Enter")
    editor = page.locator("#content-editor .editor")
    editor.locator(".editor-title", has_text="notes/hiring-faq.md").wait_for()
    assert editor.locator(".editor-meta").inner_text() == "A new file, not saved yet."
    assert wait_checked(editor).startswith("The validator finds")  # the template's blanks
    assert editor.locator(".problems:not(.warnings) li").count() >= 1
    editor.locator(".editor-body textarea.code").fill(NOTE)
    assert wait_checked(editor) == "The validator finds no problem."
    editor.get_by_label("Why").fill("A note on references")
    editor.get_by_role("button", name="Save", exact=True).click()
    # Saved: the file is in the list, open again with its history.
    page.locator('.file-open[data-path="notes/hiring-faq.md"]').wait_for()
    editor.locator(".history-table tbody tr[data-revision]").first.wait_for()
    assert stored(site, "notes/hiring-faq.md") == NOTE

    editor.get_by_role("button", name="Delete…").click()
    confirm = editor.locator(".confirm")
    assert page.evaluate("document.activeElement.textContent") == "Delete the file"
    page.keyboard.press("Escape")  # changed my mind
    confirm.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent") == "Delete…"
    page.keyboard.press("Enter")
    confirm.get_by_role("button", name="Delete the file").click()
    editor.locator("p", has_text="This file is deleted in the draft").wait_for()
    assert stored(site, "notes/hiring-faq.md") is None
    deletion = editor.locator(".history-table tbody tr[data-revision]").first
    assert deletion.locator(".badge").inner_text() == "delete"
    deletion.get_by_role("button", name=re.compile("^Revert r")).click()
    editor.locator(".confirm").get_by_role("button", name="Revert", exact=True).click()
    editor.locator(".editor-body textarea.code").wait_for()
    assert editor.locator(".editor-body textarea.code").input_value() == NOTE
    assert stored(site, "notes/hiring-faq.md") == NOTE


# --- the table writes back what it read -------------------------------------------------------

# Quoted cells, a doubled quote, a comma and a line break inside quotes, a needlessly quoted
# value; the last line has no line ending.
TRICKY = ('id,role,level,location,amount,currency,period,source,as_of,note\n'
          '"quoted-id",platform-engineer,l3,,"98,000",CHF,year,"The ""Alpenrose"" study",'
          '2025-01-15,"two\nlines"\n'
          'plain-id,platform-engineer,l4,,1,CHF,year,Survey,2025-01-15,')


def test_a_table_is_written_back_as_it_was_read_and_quoted_where_it_must_be(page, site):
    site.service.store.save_content("tricky.csv", TRICKY, author="Test", expected=0,
                                    message="a table with every kind of cell")
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings, "Ann Editor", Role.EDITOR)
    open_tab(page, "content")
    editor = open_file(page, "tricky.csv")
    first = editor.locator('tr[data-line="2"]')
    assert first.locator('[data-column="amount"]').input_value() == "98,000"
    assert first.locator('[data-column="source"]').input_value() == 'The "Alpenrose" study'
    note = first.locator('[data-column="note"]')
    assert note.evaluate("e => e.tagName") == "TEXTAREA" and "two" in note.input_value()
    assert editor.locator('tr[data-line="4"] [data-column="id"]').input_value() == "plain-id"
    assert editor.locator(".editor-head .badge", has_text="unsaved").is_hidden()

    # Saved unchanged: the same bytes, but for the final line ending.
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.locator(".save-status", has_text="Saved as r").wait_for()
    assert stored(site, "tricky.csv") == TRICKY + "\n"

    # A cell given a comma and quotes is quoted; a row added and one deleted.
    editor.locator('tr[data-line="4"] [data-column="note"]').fill('a, "b"')
    editor.get_by_role("button", name="Add a row").click()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "id, line 5"
    for value in ("added-id", "platform-engineer", "l5", "", "2", "CHF", "year", "Survey",
                  "2025-01-15"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")  # the next cell of the row
    editor.get_by_role("button", name="Delete the row on line 2").click()
    assert editor.locator(".editor-head .badge", has_text="unsaved").is_visible()
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.locator(".save-status", has_text="Saved as r").wait_for()
    text = stored(site, "tricky.csv")
    assert text == ('id,role,level,location,amount,currency,period,source,as_of,note\n'
                    'plain-id,platform-engineer,l4,,1,CHF,year,Survey,2025-01-15,"a, ""b"""\n'
                    'added-id,platform-engineer,l5,,2,CHF,year,Survey,2025-01-15,\n')
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][-1] == 'a, "b"' and rows[2][0] == "added-id"

    # As text and back: the text view shows the same file.
    editor.get_by_role("button", name="Edit as text").click()
    assert editor.get_by_role("button", name="Edit as text").get_attribute(
        "aria-pressed") == "true"
    assert editor.locator(".editor-body textarea.code").input_value() == text


# --- roles, the keyboard, contrast ---------------------------------------------------------------

def test_a_viewer_reads_and_an_editor_uses_the_tab_by_keyboard_alone(page, site):
    page.set_viewport_size(SMALL)
    sign_in(page, site.base, site.settings, "Vera Viewer", Role.VIEWER)
    open_tab(page, "content")
    assert page.locator("#content-new").is_hidden() and page.locator("#content-import").is_hidden()
    assert "you can read the files" in page.locator("#content-role-note").inner_text()
    editor = open_file(page, "salaries.csv")
    assert editor.get_by_role("button", name="Save").count() == 0
    assert editor.locator(".save-bar").is_hidden()
    assert editor.locator('[data-column="amount"]').first.get_attribute("readonly") == ""
    assert editor.get_by_role("button", name=re.compile("^Delete")).count() == 0
    history = editor.locator(".history-table tbody tr[data-revision]")
    history.first.wait_for()
    assert history.first.get_by_role("button", name=re.compile("^Revert")).count() == 0
    assert low_contrast(page) == []
    shot(page, "content-viewer", full_page=False)
    page.locator("#sign-out").click()

    # An editor, by keyboard alone: the tab, a file, a problem's line, the text, Save.
    sign_in(page, site.base, site.settings, "Kim Keyboard", Role.EDITOR)
    active = "() => document.activeElement.id"
    assert page.evaluate(active) == "tab-overview"
    for _ in range(10):
        if page.evaluate(active) == "tab-content":
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate(active) == "tab-content"
    assert page.locator("#panel-content").is_visible()
    page.wait_for_function("() => document.querySelector('.file-open')")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.path") == "remote-work.md":
            break
    assert page.evaluate("document.activeElement.dataset.path") == "remote-work.md"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.locator("#content-editor .editor-title", has_text="remote-work.md").wait_for()
    assert page.evaluate("document.activeElement.className") == "editor-title"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('code')")

    # A snippet id used twice: the problem names its line; Enter on it puts the caret there.
    textarea = page.locator("#content-editor .editor-body textarea.code")
    original = textarea.input_value()
    broken = original.replace("{#remote/core-hours}", "{#remote/anchor-days}")
    line = broken[:broken.index("## Core hours")].count("\n") + 1
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(broken)
    editor = page.locator("#content-editor .editor")
    assert wait_checked(editor).startswith("The validator finds 1 problem")
    problem = editor.locator(".problems:not(.warnings) .problem-link")
    assert problem.inner_text().startswith(f"remote-work.md:{line}: ")
    problem.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('code')")
    caret_line = page.evaluate("() => { const t = document.activeElement;"
                               " return t.value.slice(0, t.selectionStart).split('\\n').length; }")
    assert caret_line == line
    assert editor.locator(".caret-line").inner_text() == f"Line {line}, column 1"
    assert low_contrast(page) == []
    shot(page, "content-problem-line", full_page=False)

    page.keyboard.press("Control+a")
    page.keyboard.insert_text(original.replace("10:00 to 15:00", "09:30 to 15:00"))
    assert wait_checked(editor) == "The validator finds no problem."
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id").startswith("ed-why"):
            break
    page.keyboard.type("Typed with the keyboard")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save"
    page.keyboard.press("Enter")
    editor.locator(".save-status", has_text="Saved as r").wait_for()
    assert "09:30 to 15:00" in stored(site, "remote-work.md")
    assert page.evaluate(FITS) is True
