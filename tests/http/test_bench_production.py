"""The bench's production path (scripts/bench_production.py): the targets both paths are held to,
worked out from given figures, and the one line printed in place of its rows when PostgreSQL or
redis-server cannot be started. No server is started here."""

from __future__ import annotations

import pytest

import scripts.bench as bench
import tests.support.postgres as postgres_support
import tests.support.redis_server as redis_support
from scripts import bench_production as production

LOAD = "8 clients, 2 workers"


def verdicts(targets: list[production.Target]) -> list[str]:
    bench.ROWS.clear()
    bench.rows("serving", targets)
    return [r.verdict for r in bench.ROWS]


@pytest.fixture(autouse=True)
def own_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "ROWS", [])


def test_a_path_is_held_to_the_bare_stack_p50_plus_1_5_ms_and_0_8_of_its_throughput():
    met = production.against_bare_stack(production.SQLITE, 0.0112, 170.0, 0.0100, 200.0, LOAD)
    assert [t.ok for t in met] == [True, True]
    assert met[0].ratio == pytest.approx(11.2 / 11.5)
    assert met[1].ratio == pytest.approx(0.85)
    assert met[0].against == "<= bare stack 10.00 ms + 1.5 ms"
    assert met[1].figure == f"throughput, {LOAD} ({production.SQLITE})"
    assert verdicts(met) == ["met", "met"]
    assert [r.ratio for r in bench.ROWS] == ["0.97", "0.85"]

    missed = production.against_bare_stack(production.PRODUCTION, 0.0117, 150.0, 0.0100, 200.0,
                                           LOAD)
    assert [t.ok for t in missed] == [False, False]
    assert verdicts(missed) == ["MISSED", "MISSED"]
    assert production.PRODUCTION in missed[0].figure


def test_the_production_path_is_held_to_0_9_of_the_sqlite_throughput():
    assert production.against_sqlite(146.0, 160.0, LOAD).ok  # 0.9 x 160 = 144
    short = production.against_sqlite(140.0, 160.0, LOAD)
    assert not short.ok
    assert short.ratio == pytest.approx(0.875)
    assert short.against == ">= 0.9 x 160 req/s"


@pytest.mark.parametrize(("readiness", "ok"), [
    ({"status": "ready", "store": "ok", "rate_limit": "ok"}, True),
    # The limiter fails open: requests pass while Redis does not answer, /readyz says so.
    ({"status": "degraded", "store": "ok", "rate_limit": "degraded: ConnectionError"}, False),
    ({"status": "ready", "store": "ok", "rate_limit": "off"}, False),
    ({"status": "degraded", "store": "OperationalError", "rate_limit": "ok"}, False),
])
def test_postgresql_and_redis_must_have_answered_during_the_load(readiness, ok):
    target = production.services_answered(readiness)
    assert target.ok is ok
    assert target.measured == f"{readiness['store']}, {readiness['rate_limit']}"


def test_without_postgresql_the_production_rows_say_skipped(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(postgres_support, "BINARIES", tmp_path)  # no */bin/initdb there
    monkeypatch.setattr(redis_support, "redis_server_path", lambda: "/usr/bin/redis-server")

    bench.bench_production([], tmp_path, serving=None)  # type: ignore[arg-type]

    reason = (f"skipped: PostgreSQL's server binaries are not in {tmp_path}/*/bin "
              "(apt-get install postgresql)")
    assert [(r.section, r.measured, r.verdict) for r in bench.ROWS] == [
        ("production", reason, "")]
    assert reason in capsys.readouterr().out


@pytest.mark.parametrize("ci", ["", "true"])  # the test support skips, or fails in CI
def test_without_redis_server_the_production_rows_say_skipped(monkeypatch, tmp_path, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(redis_support.shutil, "which", lambda name: None)
    monkeypatch.setattr(redis_support, "Path", lambda path: tmp_path / "no-redis-server")
    started = []
    monkeypatch.setattr(postgres_support, "postgres_server", lambda: started.append(1))

    with pytest.raises(production.Unavailable) as raised, production.services():
        pass

    assert "redis-server not found (apt-get install redis-server)" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert not started  # nothing is started when a binary is missing


def test_a_service_that_does_not_start_is_one_line_too(monkeypatch):
    def failing(**_: object) -> None:
        raise RuntimeError("initdb failed (1):\nsome\nlong\nlog " + "x" * 500)

    monkeypatch.setattr(redis_support, "redis_server_path", lambda: "/usr/bin/redis-server")
    monkeypatch.setattr(postgres_support, "postgres_problem", lambda: None)
    monkeypatch.setattr(postgres_support, "postgres_server", failing)

    with pytest.raises(production.Unavailable) as raised, production.services():
        pass

    line = production.skipped(raised.value)
    assert line.startswith("skipped: did not start: initdb failed (1): some long log")
    assert "\n" not in line and len(line) <= 220


def test_the_services_cpu_is_read_from_proc_and_never_fails():
    assert production.services_cpu() >= 0.0
