"""`hiring-advisor users`, as a person (and a script) uses it: add with the password typed twice
or from stdin, list, change a role, set a password, remove; what is wrong said plainly, with
exit code 2 for what was given wrong and 1 for what the store refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from typer.testing import CliRunner

from api.cli.app import app
from api.config import get_settings
from api.store.repository import Store
from api.store.roles import Role

runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def store() -> Store:
    """The store the commands use (the `isolated_settings` database)."""
    s = Store(get_settings().database_url, session_ttl=timedelta(hours=1), max_turns=5)
    yield s
    s.close()


def users(*args: str, given: str | None = None):
    return runner.invoke(app, ["users", *args], input=given)


def test_add_asks_for_the_password_twice_without_showing_it(store):
    result = users("add", "  Ann  Lee ", "--role", "Editor", given=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "added 'Ann Lee' (editor)" in result.stdout
    assert PASSWORD not in result.output
    assert store.authenticate("ann lee", PASSWORD).role == Role.EDITOR


def test_add_asks_again_when_the_two_differ(store):
    typed = f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    result = users("add", "Ann", "--role", "viewer", given=typed)
    assert result.exit_code == 0 and "do not match" in result.output
    assert store.authenticate("Ann", PASSWORD) is not None


def test_add_reads_the_password_from_stdin_for_scripts(store):
    result = users("add", "bot@example.org", "--role", "publisher", "--password-stdin",
                   given=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert store.authenticate("bot@example.org", PASSWORD).role == Role.PUBLISHER


@pytest.mark.parametrize("args, given, message", [
    (["add", "Ann", "--role", "boss"], None, "unknown role 'boss': one of viewer, editor, "),
    (["add", "ann/lee", "--role", "editor"], None, "letters, digits, spaces"),
    (["add", "automation", "--role", "admin"], None, "the admin token's name"),
    (["add", "Ann", "--role", "editor", "--password-stdin"], "too short\n",
     "at least 12 characters (this one has 9)"),
    (["add", "Ann"], None, "Missing option '--role'"),
    (["set-role", "Ann", "root"], None, "unknown role 'root'"),
])
def test_what_was_given_wrong_is_said_with_exit_code_2(store, args, given, message):
    result = users(*args, given=given)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.replace("│", " ").split())
    assert store.accounts() == []


def test_list_shows_name_role_and_when_each_was_added(store):
    assert "No accounts yet" in users("list").stdout
    users("add", "Ann", "--role", "admin", "--password-stdin", given=f"{PASSWORD}\n")
    users("add", "bob", "--role", "viewer", "--password-stdin", given=f"{PASSWORD}\n")
    result = users("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "role", "created"]
    assert lines[1].split()[:2] == ["Ann", "admin"] and lines[2].split()[:2] == ["bob", "viewer"]
    day = store.account("Ann").created_at.strftime("%Y-%m-%d")
    assert day in lines[1] and "argon2" not in result.stdout


def test_set_role_set_password_and_remove(store):
    users("add", "Ann", "--role", "editor", "--password-stdin", given=f"{PASSWORD}\n")
    result = users("set-role", "ann", "PUBLISHER")
    assert result.exit_code == 0 and "'Ann' is now publisher" in result.stdout
    assert store.account("Ann").role == Role.PUBLISHER
    new = "another long password"
    result = users("set-password", "ANN", given=f"{new}\n{new}\n")
    assert result.exit_code == 0 and "the password of 'Ann' is set" in result.stdout
    assert store.authenticate("Ann", PASSWORD) is None
    assert store.authenticate("Ann", new) is not None
    result = users("remove", "Ann")
    assert result.exit_code == 0 and "removed 'Ann' (publisher)" in result.stdout
    assert store.accounts() == []


def test_what_the_store_refuses_is_said_with_exit_code_1(store):
    users("add", "Ann", "--role", "editor", "--password-stdin", given=f"{PASSWORD}\n")
    again = users("add", "ANN", "--role", "viewer", "--password-stdin", given=f"{PASSWORD}\n")
    assert again.exit_code == 1 and "an account named 'ANN' exists already" in again.stderr
    for args in (["remove", "Bob"], ["set-role", "Bob", "viewer"], ["set-password", "Bob"]):
        result = users(*args)
        assert result.exit_code == 1 and "no account named 'Bob'" in result.stderr, args
