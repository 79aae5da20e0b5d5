"""The command line as a person uses it, with the real model: build, ask and rebuild, an edited
figure published while a broken snippet is refused, `ask --json` against the chat API, a chat
with a follow-up, and `eval`'s verdict on the shipped sets (the rest of the commands, in process
without the model, are in tests/component/test_cli.py and test_cli_answers.py)."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from api.cli.app import app
from api.index.lifecycle import current_build

runner = CliRunner()


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
    assert "$151,000" in answer.stdout
    assert "knowledge/salaries.csv:4 — Glassdoor, 2024-01-22" in answer.stdout
    nothing = runner.invoke(app, ["ask", "what's the weather in boston", "--out", str(out)])
    assert nothing.exit_code == 0 and "outside what I can help with" in nothing.stdout
    assert "out_of_scope" not in nothing.stdout

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


def test_ask_json_is_what_the_chat_api_returns(real_index, real_client):
    question = "What does a senior AI engineer earn in Boston?"
    api = real_client.post("/api/chat", json={"message": question}).json()
    result = runner.invoke(app, ["ask", "--json", question, "--out", str(real_index)])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert list(cli) == list(api)
    same = ("answer", "answered", "reason", "sources", "suggestions", "data")
    assert {k: cli[k] for k in same} == {k: api[k] for k in same}


def test_a_chat_carries_a_follow_up_over(real_index):
    result = runner.invoke(app, ["chat", "--out", str(real_index)],
                           input="what does a senior AI engineer earn?\nand a junior one?\n")
    assert result.exit_code == 0, result.output
    first, _, follow_up = result.stdout.partition("you › and a junior one?")
    assert "$151,000" in first
    assert "$124,000" in follow_up and "junior AI engineer" in follow_up
    assert "knowledge/salaries.csv:2 — Glassdoor, 2024-01-22" in follow_up


def test_eval_passes_its_floors_on_the_shipped_sets(real_index):
    result = runner.invoke(app, ["eval", "--answers", "--checks", "--out", str(real_index)])
    assert result.exit_code == 0, result.output
    assert "PASS: 8 of 8 measures with a floor meet it" in result.stdout
    strict = runner.invoke(app, ["eval", "--min", "retrieval.hit@1=1", "--out", str(real_index)])
    assert strict.exit_code == 1 and "FAIL: 1 of 3 measures below their floor: " \
        "retrieval.hit@1" in strict.stdout
