"""The command line as a person uses it."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from api.cli.app import app
from api.index.lifecycle import current_build
from tests.conftest import write

runner = CliRunner()


def test_validate_reports_every_problem_with_file_and_line(knowledge_copy):
    write(knowledge_copy / "broken.md", "---\ntitle: x\n")
    (knowledge_copy / "skills.md").write_text("no front matter\n")
    result = runner.invoke(app, ["validate", "--knowledge", str(knowledge_copy)])
    assert result.exit_code == 1
    assert "knowledge/broken.md:1: front matter is not closed" in result.stderr
    assert "knowledge/skills.md:1: missing front matter" in result.stderr


def test_validate_ok(knowledge_copy):
    result = runner.invoke(app, ["validate", "--knowledge", str(knowledge_copy)])
    assert result.exit_code == 0 and "ok: " in result.stdout


def test_status_without_an_index_asks_for_a_build(knowledge_copy, tmp_path):
    result = runner.invoke(app, ["status", "--knowledge", str(knowledge_copy),
                                 "--out", str(tmp_path / "none")])
    assert result.exit_code == 3 and "build-index" in result.stdout


def test_ask_without_an_index_says_what_to_run(tmp_path):
    result = runner.invoke(app, ["ask", "salary?", "--out", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no index found" in result.stderr and "hiring-advisor build-index" in result.stderr


@pytest.mark.integration
def test_build_ask_and_rebuild_as_a_user_would(knowledge_copy, tmp_path):
    out = tmp_path / "index"
    args = ["--knowledge", str(knowledge_copy), "--out", str(out)]
    first = runner.invoke(app, ["build-index", *args])
    assert first.exit_code == 0, first.output
    assert "reused 0, removed 0" in first.stdout
    again = runner.invoke(app, ["build-index", "--if-stale", *args])
    assert again.exit_code == 0 and "up to date" in again.stdout

    answer = runner.invoke(app, ["ask", "senior ai engineer salary", "--out", str(out)])
    assert answer.exit_code == 0
    assert "$151,000" in answer.stdout and "Glassdoor" in answer.stdout
    assert "knowledge/salaries.csv:4" in answer.stdout
    nothing = runner.invoke(app, ["ask", "what's the weather in boston", "--out", str(out)])
    assert "Nothing relevant found" in nothing.stdout

    served = current_build(out)
    shutil.copy(knowledge_copy / "role.md", tmp_path / "role.bak")
    (knowledge_copy / "role.md").write_text("---\ntitle: x\n---\n## A\n")
    broken = runner.invoke(app, ["build-index", *args])
    assert broken.exit_code == 1
    assert "knowledge/role.md:1: front matter is missing 'topic'" in broken.stderr
    assert "knowledge/role.md:4: empty snippet 'A'" in broken.stderr
    assert "index was not changed" in broken.stderr
    assert current_build(out) == served

    shutil.copy(tmp_path / "role.bak", knowledge_copy / "role.md")
    path = knowledge_copy / "skills.md"
    path.write_text(path.read_text().replace("namely linear algebra", "linear algebra"))
    edited = runner.invoke(app, ["build-index", *args])
    assert "embedded 1 new/changed" in edited.stdout and "removed 0" in edited.stdout
    assert "the new index is in service" in edited.stdout


@pytest.mark.integration
def test_a_figure_edit_publishes_and_a_broken_snippet_is_refused(knowledge_copy, tmp_path):
    """What an editor does: update a figure, rebuild, see the gate's table; break a snippet
    (its text replaced, or removed while a check names it), see the build refused."""
    from api.config import Settings
    from api.dialogue.engine import open_engine
    from api.dialogue.state import DialogueState
    from api.embedding.factory import make_embedder
    from api.index.lifecycle import load_index

    out = tmp_path / "index"
    args = ["--knowledge", str(knowledge_copy), "--out", str(out)]
    assert runner.invoke(app, ["build-index", *args]).exit_code == 0

    table = knowledge_copy / "salaries.csv"
    table.write_text(table.read_text().replace(",124000,USD,", ",131000,USD,"))
    edited = runner.invoke(app, ["build-index", *args])
    assert edited.exit_code == 0, edited.output
    assert "in service" in edited.stdout and "new build" in edited.stdout  # the table
    assert "worse" not in edited.stdout and "the new index is in service" in edited.stdout
    conversation = open_engine(load_index(out), make_embedder(Settings()), Settings()).conversation
    answer, _ = conversation.reply("What does a junior AI engineer earn?", DialogueState())
    assert "$131,000" in answer.text and "$124,000" not in answer.text

    served = current_build(out)
    skills = knowledge_copy / "skills.md"
    original = skills.read_text()
    skills.write_text(original.replace(
        "The guidance expects an AI engineer to know advanced mathematics, namely linear algebra "
        "and\ncalculus, as well as algorithms.",
        "The office has a coffee machine and a garden where people eat lunch in summer."))
    replaced = runner.invoke(app, ["build-index", *args])
    assert replaced.exit_code == 4, replaced.output
    assert "worse (1):" in replaced.stdout and "How much maths does an AI engineer need?" \
        in replaced.stdout
    assert "not published" in replaced.stdout and current_build(out) == served

    text = original
    start = text.index("## Maths and algorithms")
    skills.write_text(text[:start] + text[text.index("## Non-technical"):])
    removed = runner.invoke(app, ["build-index", *args])
    assert removed.exit_code == 4 and "stale (1):" in removed.stdout
    assert "skills/math" in removed.stdout and current_build(out) == served
    forced = runner.invoke(app, ["build-index", "--force", *args])
    assert forced.exit_code == 0 and "forced despite 1 stale check(s)" in forced.stdout
    assert current_build(out) != served


def test_gaps_lists_grouped_questions(tmp_path):
    from datetime import timedelta

    from api.config import get_settings
    from api.store.records import Turn
    from api.store.repository import Store

    store = Store(get_settings().database_url, session_ttl=timedelta(hours=1), max_turns=10)
    for question in ("salary in tokyo?", "Tokyo salary", "how do I negotiate equity?"):
        session, _ = store.load_session(None)
        store.save_turn(session, {}, Turn(question, "not in the guidance", False, "refused",
                                          0.1, [], [], None, reason="not_covered"),
                        low_score=0.45)
    store.close()
    result = runner.invoke(app, ["gaps"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == "2" and "not_covered 2" in lines[0]
    assert "also:" in lines[1]
    assert any("negotiate equity" in line for line in lines)


def test_the_purge_command_deletes_expired_conversations(tmp_path, monkeypatch):
    from datetime import timedelta

    from typer.testing import CliRunner

    from api.cli.app import app
    from api.config import get_settings
    from api.store.repository import Store
    from tests.support.store import turn

    monkeypatch.setenv("HIRING_ADVISOR_SESSION_TTL_MINUTES", "1")
    get_settings.cache_clear()
    store = Store(get_settings().database_url, session_ttl=timedelta(minutes=1), max_turns=5)
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("old"), low_score=0.4)
    with store._sessions.begin() as db:
        from datetime import UTC, datetime

        from api.store.tables import ChatSession

        db.get(ChatSession, session).last_active = datetime.now(UTC) - timedelta(minutes=5)
    store.close()
    result = CliRunner().invoke(app, ["purge"])
    assert result.exit_code == 0, result.output
    assert "purged 1 expired conversation(s) (1 turns) and 0 old content gap(s)" in result.stdout


def test_build_index_into_an_unwritable_directory_exits_with_one_message(tmp_path, kb2_copy):
    from typer.testing import CliRunner

    from api.cli.app import app

    (tmp_path / "blocker").write_text("")
    result = CliRunner().invoke(app, ["build-index", "--knowledge", str(kb2_copy),
                                      "--out", str(tmp_path / "blocker" / "index")])
    assert result.exit_code == 1
    assert "error: cannot write the index directory" in result.stderr
    assert "Traceback" not in result.output


def test_validate_warns_of_kit_sections_that_name_nothing_in_the_knowledge(kb2_copy):
    profile = kb2_copy / "profile.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "snippets: [roles/on-call]", "snippets: [roles/night-shift]\n        topics: [perks]"),
        encoding="utf-8")
    result = runner.invoke(app, ["validate", "--knowledge", str(kb2_copy)])
    assert result.exit_code == 0, result.output
    assert "kit 'job_post', section 'duties': no snippet 'roles/night-shift'" in result.stderr
    assert "no Markdown file has topic 'perks'" in result.stderr


def test_the_cli_prints_a_kit_or_says_what_exists(kb2_copy):
    args = ["--knowledge", str(kb2_copy)]
    post = runner.invoke(app, ["kit", "job-post", "--role", "SRE", "--level", "L5",
                               "--location", "Zurich", *args])
    assert post.exit_code == 0, post.output
    assert post.stdout.startswith("# L5 platform engineer (Zurich)\n")
    card = runner.invoke(app, ["kit", "scorecard", "--role", "designer", "--json", *args])
    assert card.exit_code == 0 and json.loads(card.stdout)["kind"] == "scorecard"
    unknown = runner.invoke(app, ["kit", "job-post", "--role", "astronaut", *args])
    assert unknown.exit_code == 2
    assert "a job ad can be drafted for: platform engineer" in unknown.stderr
    empty = runner.invoke(app, ["kit", "scorecard", "--role", "EM", *args])
    assert empty.exit_code == 3 and "I can draft one for platform engineers" in empty.stderr
    write(kb2_copy / "broken.md", "no front matter\n")
    broken = runner.invoke(app, ["kit", "job-post", "--role", "SRE", *args])
    assert broken.exit_code == 1 and "broken.md:1" in broken.stderr
