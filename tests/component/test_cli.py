"""The command line as a person uses it, in process without the real model: validate, status and
ask without an index, gaps, purge, kits, a build-index that cannot write, every --help, and
serve saying where everything is once ready (ask, chat, eval and a build's progress on the
made-up knowledge: test_cli_answers.py; with the real model: tests/integration/test_cli.py)."""

from __future__ import annotations

import inspect
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import typer
from typer.testing import CliRunner

from api.cli.app import app
from tests.conftest import write
from tests.support.disk import fill, small_disk
from tests.support.overlays import apply_company

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


@pytest.mark.parametrize("where", ["under a file", "on a full disk"])
def test_build_index_into_an_unwritable_directory_exits_with_one_message(tmp_path, kb2_copy,
                                                                          where):
    if where == "under a file":
        (tmp_path / "blocker").write_text("")
        out = tmp_path / "blocker" / "index"
        result = CliRunner().invoke(app, ["build-index", "--knowledge", str(kb2_copy),
                                          "--out", str(out)])
    else:
        with small_disk(tmp_path / "disk", 1024 * 1024) as out:
            fill(out, 0)
            result = CliRunner().invoke(app, ["build-index", "--knowledge", str(kb2_copy),
                                              "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot write the index directory")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
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
    without = runner.invoke(app, ["kit", "job-post", "--role", "SRE", "--omit", "pay",
                                  "--omit", "work", "--json", *args])
    assert without.exit_code == 0 and json.loads(without.stdout)["omitted"] == ["Pay",
                                                                                 "How we work"]
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


def test_the_cli_prints_the_ad_alone_and_its_warnings_apart(kb2_copy):
    args = ["--knowledge", str(apply_company(kb2_copy))]
    full = runner.invoke(app, ["kit", "job-post", "--role", "SRE", "--level", "L3",
                               "--location", "Geneva", *args])
    ad = runner.invoke(app, ["kit", "job-post", "--role", "SRE", "--level", "L3",
                             "--location", "Geneva", "--no-sources", *args])
    assert full.exit_code == ad.exit_code == 0, ad.output
    assert ad.stdout.startswith("# L3 platform engineer at Alpkraft (Geneva)\n")
    assert full.stdout.startswith(ad.stdout.rstrip("\n"))
    assert "**Before publishing:** For jobs in Switzerland" in full.stdout
    for other in ("Before publishing", "For the recruiter", "Sources"):
        assert other not in ad.stdout
    assert ad.stderr.startswith("warning: For jobs in Switzerland, Alpine Pay Openness Act")
    data = json.loads(runner.invoke(app, ["kit", "job-post", "--role", "SRE", "--level", "L3",
                                          "--location", "Geneva", "--json", "--no-sources",
                                          *args]).stdout)
    assert data["markdown"] == ad.stdout and data["warnings"]


# --- help ----------------------------------------------------------------------------------


def _commands(command, path=()):
    """(path, command) for the command line and each command and group under it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


def _summary(command) -> str:
    """A command's first help paragraph, as one line."""
    return " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())


def test_every_help_is_clean_and_has_an_example(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no summary needs wrapping
    root = typer.main.get_command(app)
    top = runner.invoke(app, ["--help"]).stdout
    for path, command in _commands(root):
        shown = runner.invoke(app, [*path, "--help"])
        assert shown.exit_code == 0, shown.output
        text = shown.stdout
        assert "<bool>" not in text, path  # a flag takes no value
        assert "Example: " in text, path
        summary = _summary(command).replace("`", "")
        assert any(summary in line for line in text.splitlines()), (path, summary)
        if len(path) == 1:  # in the list of commands too, on one line
            assert any(summary in line for line in top.splitlines()), (path, summary)
        assert "[default: HIRING_ADVISOR_INDEX_DIR" in text or "--out" not in text, path


# --- serve: where everything is, once it is ready -------------------------------------------


@pytest.fixture
def readyz(tmp_path):
    """A stand-in server whose /readyz answers each of `answers` in turn (then the last)."""
    answers: list[tuple[int, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            status, body = answers.pop(0) if len(answers) > 1 else answers[0]
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield answers, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_serve_says_where_everything_is_once_ready(readyz):
    from api.cli.readiness import wait_and_announce
    from api.config import Settings

    answers, base = readyz
    answers += [(503, {"detail": "starting up"}), (503, {"detail": "starting up"}),
                (200, {"status": "ready", "index": "build-1"})]
    said: list[str] = []
    assert wait_and_announce(base, Settings(), said.append, poll=0.01)
    assert not answers[:-1]  # it waited through both "starting up"
    assert said == ["ready, serving index build-1:", f"  widget demo: {base}/",
                    "  console:     off (set HIRING_ADVISOR_ADMIN_TOKEN, 24 characters or more, "
                    "e.g. from `openssl rand -hex 24`, to enable it)",
                    f"  API docs:    {base}/docs"]
    said.clear()
    assert wait_and_announce(base, Settings(admin_token="x" * 24), said.append, poll=0.01)
    assert f"  console:     {base}/admin" in said


def test_serve_says_why_it_will_not_be_ready(readyz):
    from api.cli.readiness import wait_and_announce
    from api.config import Settings

    answers, base = readyz
    answers.append((503, {"detail": "no index found in index/; run `hiring-advisor "
                                    "build-index` to build it"}))
    said: list[str] = []
    assert not wait_and_announce(base, Settings(), said.append, poll=0.01)
    assert said == ["not ready: no index found in index/; run `hiring-advisor build-index` "
                    "to build it"]


@pytest.mark.parametrize(("host", "url"), [("127.0.0.1", "http://127.0.0.1:8000"),
                                          ("0.0.0.0", "http://127.0.0.1:8000"),
                                          ("::", "http://[::1]:8000"),
                                          ("example.internal", "http://example.internal:8000")])
def test_serve_shows_the_address_a_person_opens(host, url):
    from api.cli.readiness import base_url

    assert base_url(host, 8000) == url
