"""`hiring-advisor serve --workers 2` for real, on the real model: the workers start on a new
database every time, and their metrics add up whichever worker answered or is scraped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.serve import metrics
from tests.support.live import free_port
from tests.support.metrics import scraped

L5 = "How much does an L5 platform engineer make?"

# --- 1: several workers on a new database -------------------------------------------------------


@pytest.mark.integration
def test_two_workers_start_on_a_new_database_every_time(tmp_path, real_index):
    """`serve --workers 2` on a database that does not exist yet, ten times: the schema is made
    once (by the parent, under a lock) and no worker fails to start."""
    import os
    import subprocess
    import sys
    import time

    import httpx

    for attempt in range(10):
        port = free_port()
        env = {**os.environ, "HIRING_ADVISOR_DATABASE_URL":
               f"sqlite:///{tmp_path / f'db-{attempt}' / 'chat.db'}",
               "HIRING_ADVISOR_INDEX_DIR": str(real_index), "HIRING_ADVISOR_EMBED_THREADS": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 60
            healthy = False
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    healthy = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success
                except httpx.HTTPError:
                    healthy = False
                if healthy:
                    break
                time.sleep(0.2)
            time.sleep(1.5)  # a worker that fails makes the parent stop within this
            assert healthy and server.poll() is None, f"start {attempt} failed"
            assert (tmp_path / f"db-{attempt}" / "chat.db").exists()
        finally:
            server.terminate()
            output = server.communicate(timeout=30)[0]
        assert "failed to start" not in output and "Traceback" not in output, output


# --- metrics of several workers --------------------------------------------------------------


def _workers(base: str) -> dict[str, str]:
    """pid -> build of each worker that serves an index, as /metrics reports them."""
    families = scraped(httpx.get(f"{base}/metrics", timeout=5).text)
    return {labels["pid"]: labels["build"]
            for labels, v in families.get("hiring_advisor_index_info", []) if v}


def _until(condition, timeout: float = 60.0):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {condition}")


@pytest.mark.integration
def test_two_workers_add_up_and_leave_no_metrics_directory(tmp_path, real_index):
    """`serve --workers 2` with the real model: N chats are N in /metrics whichever worker
    answered them and whichever one is scraped; a killed worker's live gauges go and its
    counts stay; the private directory is removed when the server stops."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    port, n = free_port(), 12
    env = {**os.environ, "HIRING_ADVISOR_DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}",
           "HIRING_ADVISOR_INDEX_DIR": str(real_index), "HIRING_ADVISOR_EMBED_THREADS": "1",
           "HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE": "0", "TMPDIR": str(temp)}
    env.pop(metrics.MULTIPROC_ENV, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        workers = _until(lambda: len(_workers(base)) == 2 and _workers(base))
        assert len(set(workers.values())) == 1  # both serve the same build
        private = list(temp.glob("hiring-advisor-metrics-*"))
        assert len(private) == 1 and list(private[0].glob("counter_*.db"))

        def ask(i: int) -> int:  # a new connection each time, so both workers answer
            def answer() -> int:  # a worker may still be warming up (503, not counted below)
                status = httpx.post(f"{base}/api/chat", json={"message": f"{L5} ({i})"},
                                    timeout=30).status_code
                return 0 if status == 503 else status
            return _until(answer, timeout=30)

        with ThreadPoolExecutor(4) as pool:
            assert list(pool.map(ask, range(n))) == [200] * n

        def totals() -> tuple[float, float]:
            families = scraped(httpx.get(f"{base}/metrics", timeout=5).text)
            chats = sum(v for labels, v in families["hiring_advisor_http_requests_total"]
                        if labels["route"] == "/api/chat" and labels["status"] == "200")
            answers = sum(v for _, v in families["hiring_advisor_answers_total"])
            return chats, answers

        assert totals() == (n, n)
        killed = next(iter(workers))
        os.kill(int(killed), signal.SIGKILL)  # uvicorn starts another in its place
        after = _until(lambda: len(w := _workers(base)) == 2 and killed not in w and w)
        assert set(after) - set(workers)  # the replacement reports its index
        assert totals() == (n, n)  # what the killed worker did still counts
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    assert not private[0].exists() and not list(temp.glob("hiring-advisor-metrics-*"))
