"""Metrics of several workers, without a server: the private multiprocess directory, the live
gauges of processes that ended, and a worker that swaps its index (the HTTP side is in
tests/http/test_metrics.py, real workers in tests/system/test_workers.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from api.serve import metrics
from tests.support.metrics import scraped


def test_a_private_directory_is_made_for_several_workers_and_removed(monkeypatch, tmp_path):
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)
    with metrics.multiprocess_directory(1) as directory:
        assert directory is None and metrics.MULTIPROC_ENV not in os.environ
    with metrics.multiprocess_directory(2) as directory:
        assert directory and Path(directory).is_dir()
        assert os.environ[metrics.MULTIPROC_ENV] == directory
    assert not Path(directory).exists() and metrics.MULTIPROC_ENV not in os.environ
    monkeypatch.setenv(metrics.MULTIPROC_ENV, str(tmp_path))  # the operator's: used and kept
    with metrics.multiprocess_directory(4) as directory:
        assert directory == str(tmp_path)
    assert tmp_path.is_dir() and os.environ[metrics.MULTIPROC_ENV] == str(tmp_path)


def test_the_live_gauges_of_processes_that_ended_are_dropped(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    gone, alive = int(ended.stdout), os.getpid()
    for pid in (gone, alive):
        (tmp_path / f"gauge_liveall_{pid}.db").write_bytes(b"")
        (tmp_path / f"counter_{pid}.db").write_bytes(b"")
    assert metrics.forget_dead_processes(str(tmp_path)) == [gone]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        f"counter_{gone}.db", f"counter_{alive}.db", f"gauge_liveall_{alive}.db"])


def test_a_worker_that_swaps_its_index_reports_only_the_new_build(tmp_path):
    script = ("from api.serve import metrics\n"
              "metrics.record_index('build-old', 'm', 10, 1.0)\n"
              "metrics.record_index('build-new', 'm', 11, 2.0)\n"
              "print(metrics.exposition()[0].decode())\n")
    env = {**os.environ, metrics.MULTIPROC_ENV: str(tmp_path)}  # a worker of several
    body = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True).stdout
    info = scraped(body)["hiring_advisor_index_info"]
    assert [(labels["build"], v) for labels, v in info] == [("build-new", 1.0)]
    assert scraped(body)["hiring_advisor_index_snippets"][0][1] == 11
