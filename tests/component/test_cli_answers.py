"""`ask`, `chat`, `eval` and `build-index` as a person uses them, on the made-up knowledge base
(tests/fixtures/kb2) with the fake embedder: the answer the chat API gives, follow-ups carried
over, a verdict against floors, a build's steps on a terminal (the same with the real model:
tests/integration/test_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import answers, eval_command, knowledge_commands
from api.cli.app import app
from api.config import get_settings
from tests.conftest import FakeEmbedder

runner = CliRunner()
L5 = "What does an L5 platform engineer earn?"
DESIGNER = "What does an L4 product designer earn?"


@pytest.fixture
def fake_model(monkeypatch):
    """Every command on the fake embedder, searching as the dialogue tests do."""
    for module in (answers, eval_command, knowledge_commands):
        monkeypatch.setattr(module, "make_embedder", lambda settings: FakeEmbedder())
    monkeypatch.setenv("HIRING_ADVISOR_MIN_RELEVANCE", "0.2")
    get_settings.cache_clear()


@pytest.fixture
def kb2_index(kb2_copy, tmp_path, fake_model) -> Path:
    """kb2 built and published by `build-index`, as a person would."""
    out = tmp_path / "kb2-index"
    built = runner.invoke(app, ["build-index", "--knowledge", str(kb2_copy), "--out", str(out)])
    assert built.exit_code == 0, built.output
    return out


def ask(index: Path, *args: str):
    return runner.invoke(app, ["ask", *args, "--out", str(index)])


def test_ask_prints_the_answer_with_its_sources(kb2_index):
    result = ask(kb2_index, L5)
    assert result.exit_code == 0, result.output
    answer, _, sources = result.stdout.partition("\nSources:\n")
    assert "CHF 142,000" in answer
    assert ("  • L5 platform engineer salary — kb2/salaries.csv:4 — "
            "Alpenrose Engineering Pay Study 2025, 2025-01-15") in sources.splitlines()
    assert "score" not in result.stdout  # the scores are --explain's


def test_ask_json_is_the_chat_apis_response(kb2_copy, make_client, monkeypatch):
    """The same question through POST /api/chat and `ask --json`, on the same index."""
    monkeypatch.setattr(answers, "make_embedder", lambda settings: FakeEmbedder())
    api = make_client().post("/api/chat", json={"message": L5}).json()
    result = ask(Path(get_settings().index_dir), "--json", L5)
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert list(cli) == list(api)
    ids = {"session_id", "message_id", "saved"}
    assert {k: v for k, v in cli.items() if k not in ids} == \
        {k: v for k, v in api.items() if k not in ids}
    assert cli["saved"] is False and cli["session_id"].startswith("s_")


def test_a_refusal_is_the_text_a_person_reads_and_explain_says_why(kb2_index):
    sushi = "Can you recommend a good sushi restaurant in Tokyo?"
    plain = ask(kb2_index, sushi)
    assert plain.exit_code == 0 and plain.stdout.strip()
    assert "out_of_scope" not in plain.stdout and "reason" not in plain.stdout
    data = json.loads(ask(kb2_index, "--json", sushi).stdout)
    assert (data["answered"], data["reason"]) == (False, "out_of_scope")
    assert data["answer"] in plain.stdout
    explained = ask(kb2_index, "--explain", "-k", "2", sushi)
    assert "not answered: out_of_scope" in explained.stdout
    assert "score" in explained.stdout and "dense" in explained.stdout


def test_ask_refuses_what_the_chat_api_refuses(kb2_index):
    result = ask(kb2_index, "   ")
    assert result.exit_code == 2 and "message is empty" in result.stderr


def chat(index: Path, *lines: str):
    return runner.invoke(app, ["chat", "--out", str(index)], input="".join(f"{x}\n" for x in lines))


def test_chat_answers_a_follow_up_in_context(kb2_index):
    result = chat(kb2_index, DESIGNER, "and a junior one?")
    assert result.exit_code == 0, result.output
    first, _, follow_up = result.stdout.partition("you › and a junior one?")
    assert "CHF 104,000" in first
    assert "CHF 88,000" in follow_up and "product designer" in follow_up
    assert "Sources:" in follow_up and "Swiss Design Guild Salary Report 2025" in follow_up
    # Alone, the follow-up is about the first role of the knowledge: the designer came from
    # the conversation.
    alone = ask(kb2_index, "and a junior one?").stdout
    assert "CHF 98,000" in alone and "CHF 88,000" not in alone


def test_chat_starts_over_on_new_and_ends_on_exit(kb2_index):
    result = chat(kb2_index, DESIGNER, "/new", "and a junior one?", "exit", DESIGNER)
    assert result.exit_code == 0, result.output
    _, _, after_new = result.stdout.partition("/new")
    assert "CHF 98,000" in after_new and "CHF 88,000" not in after_new
    assert result.stdout.count("CHF 104,000") == 1  # nothing after "exit" is answered
    assert runner.invoke(app, ["chat", "--out", str(kb2_index)], input="").exit_code == 0


def test_chat_without_an_index_says_what_to_run(tmp_path):
    result = runner.invoke(app, ["chat", "--out", str(tmp_path / "none")])
    assert result.exit_code == 2 and "hiring-advisor build-index" in result.stderr


def conversations(path: Path, *facts: str) -> Path:
    """One conversation asking for the L5 figure, expecting `facts` in the answer."""
    turn = {"message": L5, "expect": "answered", "facts": list(facts)}
    path.write_text(json.dumps({"id": "c1", "turns": [turn]}) + "\n", encoding="utf-8")
    return path


def test_eval_ends_with_a_verdict_and_exits_1_below_a_floor(kb2_index, tmp_path):
    args = ["eval", "--out", str(kb2_index), "--conversations"]
    good = runner.invoke(app, [*args, str(conversations(tmp_path / "good.jsonl", "CHF 142,000"))])
    assert good.exit_code == 0, good.output
    assert "conversations.passed" in good.stdout and "≥ 0.950" in good.stdout
    assert "PASS" in good.stdout
    bad = runner.invoke(app, [*args, str(conversations(tmp_path / "bad.jsonl", "CHF 999,999"))])
    assert bad.exit_code == 1, bad.output
    assert "FAIL: 1 of 1 measures below their floor: conversations.passed 0.000 < 0.950" \
        in bad.stdout
    lowered = runner.invoke(app, [*args, str(tmp_path / "bad.jsonl"),
                                  "--min", "conversations.passed=0"])
    assert lowered.exit_code == 0, lowered.output
    unknown = runner.invoke(app, [*args, str(tmp_path / "bad.jsonl"), "--min", "answers.x=0.5"])
    assert unknown.exit_code == 2 and "not measured in this run" in unknown.stderr


def test_eval_of_another_knowledges_questions_fails_on_retrieval(kb2_index):
    """The article's questions on kb2: retrieval is below its floors; the checks of kb2 are
    measured beside it; MRR is shown, with no floor."""
    result = runner.invoke(app, ["eval", "--out", str(kb2_index), "--checks", "--questions",
                                 str(Path(__file__).parents[1] / "eval/questions.jsonl")])
    assert result.exit_code == 1, result.output
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines()
            if line.count("│") >= 4}
    assert "FAIL" in rows["retrieval.hit@1"] and "≥ 0.850" in rows["retrieval.hit@1"]
    assert "≥ 1.000" in rows["checks.passed"]
    assert "≥" not in rows["retrieval.mrr"] and "-" in rows["retrieval.mrr"]
    assert "FAIL: " in result.stdout and "retrieval.hit@1 0." in result.stdout


INTENTS = """
threshold: 0.7
intents:
  - id: pay
    description: what someone is paid
    examples: [what is the going rate, how much do they take home, what is the pay band,
               what would one cost us a year, salary for a new hire]
  - id: off-topic
    description: nothing to do with hiring
    examples: [recommend a restaurant, will it rain tomorrow, tell me a joke,
               who won the match, a recipe for dinner]
"""


def test_a_build_shows_each_step_on_a_terminal_and_nothing_elsewhere(kb2_copy, tmp_path,
                                                                    fake_model, monkeypatch):
    out = ["--knowledge", str(kb2_copy), "--out", str(tmp_path / "index")]
    quiet = runner.invoke(app, ["build-index", *out])
    assert quiet.exit_code == 0 and "embedding" not in quiet.stderr
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # what Rich takes for a terminal
    monkeypatch.setenv("COLUMNS", "140")
    (kb2_copy / "intents.yml").write_text(INTENTS, encoding="utf-8")  # a classifier to train
    # --force: this small classifier changes an answer a check asks for; the steps are the point.
    shown = runner.invoke(app, ["build-index", "--full", "--force", *out])
    assert shown.exit_code == 0, shown.output
    steps = ["reading ", "loading the embedding model", "embedding the new and changed "
             "snippets", "training the intent classifier on", "running 17 checks (on the new "
             "build, and the one in service)"]
    assert all(step in shown.stderr for step in steps), shown.stderr
    assert [shown.stderr.index(step) for step in steps] == \
        sorted(shown.stderr.index(step) for step in steps)
    assert "the new index is in service" in shown.stdout
