"""A real disk that fills up: a small tmpfs mounted for one test.

Mounting needs root (the tests run as root in CI and in the image's build); elsewhere the test
that asks for one is skipped with one line saying why. Writes past its size fail as they do on
a full disk (`ENOSPC`), from Python and from C libraries (FAISS) alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# What a build of the fake-model knowledge takes on a tmpfs is rounded up to pages.
PAGE = 4096


def mount_problem() -> str | None:
    """Why a tmpfs cannot be mounted here, or None."""
    if os.geteuid() != 0:
        return "mounting a small tmpfs (a disk that fills up) needs root"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "mount/umount are not installed"
    return None


@contextmanager
def small_disk(path: Path, size: int) -> Iterator[Path]:
    """`path`, a new directory on a tmpfs of `size` bytes (rounded up to pages), unmounted
    after the block; skips the test when it cannot be mounted."""
    problem = mount_problem()
    if problem:
        pytest.skip(problem)
    path.mkdir(parents=True, exist_ok=True)
    pages = max(1, -(-size // PAGE))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={pages * PAGE},mode=0755",
                           "tmpfs", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def used(path: Path) -> int:
    """Bytes the files under `path` take on a tmpfs (each rounded up to pages)."""
    return sum(-(-f.stat().st_size // PAGE) * PAGE for f in path.rglob("*") if f.is_file())


def fill(path: Path, leave: int) -> None:
    """Fill the disk at `path` until at most `leave` bytes are free."""
    free = shutil.disk_usage(path).free
    if free > leave:
        with open(path / ".filler", "wb") as handle:
            handle.write(b"\0" * (free - leave))

