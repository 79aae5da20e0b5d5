"""The knowledge edited in a real browser on a two-replica deployment (compose's shape: two
`hiring-advisor serve` processes on the real model, one PostgreSQL, one index directory, and a
knowledge directory of their own each, as each container has its image's copy).

An editor signs in on the first replica, changes the junior figure in the table editor, sees
the draft's diff and saves; a publisher signs in on the second and checks and publishes; the
widget answers the new figure on both replicas; the file's history names the editor; the
publisher reverts the revision and publishes again, and both widgets answer the old figure.
Without Chromium or PostgreSQL these tests skip, unless CI=true.
"""

from __future__ import annotations

import re

from tests.browser import test_console as console
from tests.browser.test_content_editing import open_file, publish
from tests.conftest import KNOWLEDGE
from tests.support.http import PASSWORD
from tests.system import test_content_replicas as replicas

page = console.page  # the console tests' page: no script error, no CSP violation
content_deployment = replicas.content_deployment  # two replicas, one store (its own here)
ask_widget, open_tab, shot = console.ask_widget, console.open_tab, console.shot
QUESTION = "What does a junior AI engineer earn?"
JUNIOR = "ai-engineer-junior"


def sign_in(page, base: str, name: str) -> None:
    """Sign in at `base` as `name` (the deployment made the account)."""
    page.goto(f"{base}/admin")
    page.locator("#name").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("#sign-in-form button[type=submit]").click()
    page.locator("#console").wait_for(state="visible")


def test_a_figure_edited_in_the_browser_is_served_by_both_replicas(page, content_deployment):
    first, second = content_deployment.first.url, content_deployment.second.url
    widget = page.context.new_page()
    for base in (first, second):
        assert "124,000" in ask_widget(widget, base, QUESTION)
    line = next(n for n, row in enumerate((KNOWLEDGE / "salaries.csv").read_text().splitlines(),
                                          start=1) if row.startswith(f"{JUNIOR},"))

    sign_in(page, first, "Ann Editor")
    open_tab(page, "content")
    editor = open_file(page, "salaries.csv")
    row = editor.locator(f'tr[data-line="{line}"]')
    assert row.locator('[data-column="id"]').input_value() == JUNIOR
    row.locator('[data-column="amount"]').fill("131000")
    editor.get_by_label("Why").fill("The new survey")
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.locator(".save-status", has_text="Saved as r").wait_for()
    page.locator("#content-draft-show").click()
    diff = page.locator("#content-draft-diff pre.diff")
    diff.wait_for()
    assert ",131000," in diff.locator(".diff-add").filter(has_text=JUNIOR).inner_text()
    assert ",124000," in diff.locator(".diff-del").filter(has_text=JUNIOR).inner_text()
    shot(page, "replicas-draft-diff")
    page.locator("#sign-out").click()
    page.locator("#sign-in").wait_for(state="visible")

    sign_in(page, second, "Pat Publisher")
    assert publish(page).startswith("Published")
    for base in (second, first):  # the first loads the new build from the shared directory
        assert "131,000" in ask_widget(widget, base, QUESTION)

    open_tab(page, "content")
    editor = open_file(page, "salaries.csv")
    latest = editor.locator(".history-table tbody tr[data-revision]").first
    assert latest.locator(".history-author").inner_text() == "Ann Editor"
    assert latest.locator(".history-message").inner_text() == "The new survey"
    latest.get_by_role("button", name=re.compile("^Revert r")).click()
    confirm = editor.locator(".history-confirm .confirm")
    confirm.get_by_label("Why").fill("Back to the published study")
    confirm.get_by_role("button", name="Revert", exact=True).click()
    editor.locator(".history-table tbody tr[data-revision] .history-author",
                   has_text="Pat Publisher").first.wait_for()
    assert publish(page).startswith("Published")
    for base in (second, first):
        assert "124,000" in ask_widget(widget, base, QUESTION)
