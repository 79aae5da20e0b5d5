"""`hiring-advisor content sync|log|diff|revert` on a copy of the made-up knowledge base and
the configured (per-test) database: what the console does, from a terminal and from CI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli.app import app

runner = CliRunner()


@pytest.fixture
def synced(kb2_copy, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["content", "sync", "--knowledge", str(kb2_copy)])
    assert result.exit_code == 0, result.output
    assert "seeded the store" in result.stdout
    return kb2_copy


def cli(*args: str):
    return runner.invoke(app, list(args))


def latest_revision(path: str) -> str:
    """The id of `path`'s latest revision, as `content log` lists it first."""
    return cli("content", "log", path).stdout.split("\n")[1].split()[0].removeprefix("r")


def test_an_edit_in_the_files_becomes_a_revision_with_its_author_and_diff(synced):
    table = synced / "salaries.csv"
    table.write_text(table.read_text().replace(",98000,CHF,", ",101500,CHF,"))
    result = cli("content", "sync", "--knowledge", str(synced), "--as", "Ann Editor")
    assert result.exit_code == 0 and "saved   salaries.csv" in result.stdout
    log = cli("content", "log", "salaries.csv")
    assert log.exit_code == 0 and "Ann Editor" in log.stdout and "disk" in log.stdout
    revision = log.stdout.split("\n")[1].split()[0].removeprefix("r")
    diff = cli("content", "diff", revision)
    assert "-platform-engineer-l3,platform-engineer,l3,,,,98000,CHF" in diff.stdout
    assert "+platform-engineer-l3,platform-engineer,l3,,,,101500,CHF" in diff.stdout
    draft = cli("content", "diff")  # nothing published yet: the whole knowledge is new
    assert draft.exit_code == 0 and "salaries.csv" in draft.stdout


def test_a_revert_is_a_new_revision_written_to_the_files_by_the_next_sync(synced):
    table = synced / "salaries.csv"
    shipped = table.read_text()
    table.write_text(shipped.replace(",98000,CHF,", ",101500,CHF,"))
    cli("content", "sync", "--knowledge", str(synced))
    revision = latest_revision("salaries.csv")
    reverted = cli("content", "revert", revision, "--as", "Pat Publisher", "-m", "wrong")
    assert reverted.exit_code == 0 and "Pat Publisher" in reverted.stdout
    written = cli("content", "sync", "--knowledge", str(synced))
    assert "wrote   salaries.csv" in written.stdout and table.read_text() == shipped
    unknown = cli("content", "revert", "9999")
    assert unknown.exit_code == 1 and "no revision r9999" in unknown.output


def test_a_file_changed_on_both_sides_needs_a_side(synced):
    table = synced / "salaries.csv"
    shipped = table.read_text()
    table.write_text(shipped.replace(",98000,CHF,", ",1,CHF,"))
    cli("content", "sync", "--knowledge", str(synced))
    revision = latest_revision("salaries.csv")
    cli("content", "revert", revision)  # the store's side
    table.write_text(shipped.replace(",98000,CHF,", ",2,CHF,"))  # the files' side
    refused = cli("content", "sync", "--knowledge", str(synced))
    assert refused.exit_code == 1 and "changed both on disk and in the store" in refused.output
    kept = cli("content", "sync", "--knowledge", str(synced), "--prefer", "disk")
    assert kept.exit_code == 0 and "kept the disk's salaries.csv" in kept.stdout
    assert ",2,CHF," in table.read_text()
