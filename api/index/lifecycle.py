"""The build lifecycle: which build is in service (CURRENT), the one before it (PREVIOUS), the
candidate checked but not published, and the lock that serialises every change to them.

Pointers are swapped atomically under the lock, so readers always find a complete build; what
killed or refused builds leave behind is removed here too. The layout of the index directory and
of one build is described in `api.index.format`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from api.errors import IndexCorruptError, IndexMissingError, IndexWriteError
from api.index.format import (
    MANIFEST,
    REBUILD_HINT,
    SearchIndex,
    fsync_dir,
    load_checked,
    write_json,
)

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"  # the build in service before the current one (kept for its readers)
# A build that was never in service is a leftover once this old: a build being checked before
# it is published is younger. One that was in service goes as soon as two newer ones have been.
LEFTOVER_AGE = 600.0  # seconds
SERVED = ".served"  # marks a build that has been in service
CANDIDATE = "candidate.json"  # names the build checked but not (yet) published, and its verdict


# --- Locating and loading -------------------------------------------------------------------


def current_build(index_dir: Path) -> Path:
    """The build directory in service.

    Raises:
        IndexMissingError: when nothing has been built at `index_dir`.
    """
    pointer = Path(index_dir) / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissingError(f"no index found in {index_dir}/; {REBUILD_HINT}") from None
    build = Path(index_dir) / name
    if not name or "/" in name or not build.is_dir():
        raise IndexCorruptError(
            f"{pointer} names a build that does not exist ('{name}'); {REBUILD_HINT} again"
        )
    return build


def load_index(
    index_dir: Path, *, space: str | None = None, dimension: int | None = None
) -> SearchIndex:
    """Load the index in service and check it fits the configured model.

    Raises:
        IndexMissingError: nothing built yet.
        IndexCorruptError: files missing or unreadable.
        IndexMismatchError: built with another model, dimension or format.
    """
    return load_checked(current_build(index_dir), space=space, dimension=dimension)


# --- Changing what is in service ------------------------------------------------------------


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock so two builders never interleave their swaps.

    Raises:
        IndexWriteError: the index directory cannot be created or written.
    """
    with writing(index_dir):
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".lock", "a+")  # noqa: SIM115 - held for the whole block
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def writing(index_dir: Path) -> Iterator[None]:
    """Turn a failure to write the index directory into one clear `IndexWriteError`."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise IndexWriteError(
            f"cannot write the index directory {index_dir}/: {reason}. Check that it exists or "
            "can be created, that this user may write to it, and that the disk has room; the "
            "index in service is unchanged") from exc


def activate_build(build: Path) -> None:
    """Put a complete build (from `build_index(..., activate=False)`) into service."""
    build = Path(build)
    if not (build / MANIFEST).is_file():
        raise IndexMissingError(f"{build} is not a complete build; {REBUILD_HINT}")
    with build_lock(build.parent), writing(build.parent):
        activate_locked(build)


def activate_locked(build: Path) -> None:
    """Put a complete build into service (called holding the lock); the build it replaces
    becomes the previous one."""
    index_dir = build.parent
    serving = _pointer(index_dir, CURRENT)
    if serving and serving != build.name:
        _write_pointer(index_dir, PREVIOUS, serving)
    (build / SERVED).touch()
    _write_pointer(index_dir, CURRENT, build.name)  # the atomic swap
    # A candidate was checked against the build in service until now: its verdict is void.
    (index_dir / CANDIDATE).unlink(missing_ok=True)
    remove_leftovers(index_dir)


def previous_build(index_dir: Path) -> Path | None:
    """The build that was in service before the current one, when it is still on disk."""
    name = _pointer(Path(index_dir), PREVIOUS)
    build = Path(index_dir) / name
    if not name or "/" in name or not (build / MANIFEST).is_file():
        return None
    return build


def roll_back(index_dir: Path) -> Path:
    """Put the previous build back into service, atomically like a publish; the build it
    replaces becomes the previous one (rolling back twice goes forward again).

    Raises:
        IndexMissingError: there is no previous build to go back to.
        IndexWriteError: the index directory cannot be written; nothing changed.
    """
    index_dir = Path(index_dir)
    with build_lock(index_dir), writing(index_dir):
        build = previous_build(index_dir)
        if build is None:
            raise IndexMissingError(
                f"no previous build in {index_dir}/ to roll back to: one is kept from the "
                "second publish on")
        activate_locked(build)
    return build


def keep_candidate(build: Path, verdict: dict[str, Any]) -> None:
    """Keep a complete build that was checked but not published, with its checks' `verdict`
    (JSON), as the one candidate: the one it replaces goes, unless it is in service."""
    build = Path(build)
    index_dir = build.parent
    with build_lock(index_dir), writing(index_dir):
        old = read_candidate(index_dir)
        tmp = index_dir / f".{CANDIDATE}.tmp"
        write_json(tmp, {**verdict, "build": build.name})
        os.replace(tmp, index_dir / CANDIDATE)
        fsync_dir(index_dir)
        if old is not None and old[0] != build:
            _remove_unused(old[0])


def read_candidate(index_dir: Path) -> tuple[Path, dict[str, Any]] | None:
    """The candidate build and its verdict; None when there is none (or its build is gone)."""
    try:
        data = json.loads((Path(index_dir) / CANDIDATE).read_text(encoding="utf-8"))
        name = str(data["build"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    build = Path(index_dir) / name
    if "/" in name or not (build / MANIFEST).is_file():
        return None
    return build, data


def discard_candidate(index_dir: Path) -> bool:
    """Delete the candidate build (unless in service); whether there was one."""
    index_dir = Path(index_dir)
    with build_lock(index_dir), writing(index_dir):
        found = read_candidate(index_dir)
        (index_dir / CANDIDATE).unlink(missing_ok=True)
        if found is not None:
            _remove_unused(found[0])
    return found is not None


def _remove_unused(build: Path) -> None:
    """Delete a build unless it is in service or the one before (called holding the lock)."""
    index_dir = build.parent
    if build.name not in {_pointer(index_dir, CURRENT), _pointer(index_dir, PREVIOUS)}:
        shutil.rmtree(build, ignore_errors=True)


def _pointer(index_dir: Path, name: str) -> str:
    """The build name the pointer file `name` holds; "" when it cannot be read."""
    try:
        return (index_dir / name).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _write_pointer(index_dir: Path, name: str, build: str) -> None:
    """Point `name` at a build: written beside, then renamed over (atomic), then synced."""
    pointer_tmp = index_dir / f".{name}.tmp"
    pointer_tmp.write_text(build + "\n", encoding="utf-8")
    with open(pointer_tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / name)
    fsync_dir(index_dir)


def remove_leftovers(index_dir: Path) -> None:
    """What killed or refused builds left behind (called holding the lock): builds half
    written, pointers half written, and complete builds never or no longer in service. The
    build in service, the one before it and the candidate are never removed, whatever their
    age."""
    for partial in (*index_dir.glob(".tmp-build-*"), *index_dir.glob(".*.tmp")):
        if partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
        else:
            partial.unlink(missing_ok=True)
    keep = {_pointer(index_dir, CURRENT), _pointer(index_dir, PREVIOUS)}
    candidate = read_candidate(index_dir)
    if candidate is not None:
        keep.add(candidate[0].name)
    now = time.time()
    for build in index_dir.glob("build-*"):
        if build.name in keep:
            continue
        if (build / SERVED).exists() or now - build.stat().st_mtime > LEFTOVER_AGE:
            shutil.rmtree(build, ignore_errors=True)
