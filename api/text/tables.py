"""Tables derived from installed packages (place names, English word counts), kept on disk.

Building them from the packages' own data files takes most of a second and leaves tens of
megabytes of parsing garbage in every process; reading the finished table back takes a few
milliseconds. A table is rebuilt when the package it comes from or the code that derives it
changes (both are in the file name), and a cache that cannot be read or written is only slower,
never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

log = logging.getLogger("hiring_advisor")
T = TypeVar("T")
# Where the tables are kept: HIRING_ADVISOR_CACHE_DIR, handed over by the process's entry point
# (`use_cache_dir`); until then the setting's default, relative to the working directory.
_directory = Path("cache")


def use_cache_dir(path: Path) -> None:
    """Keep the tables under `path`/tables (called by an entry point with its settings)."""
    global _directory
    _directory = Path(path)


def cache_dir() -> Path:
    """The cache directory the tables are kept under."""
    return _directory


def cached(name: str, packages: tuple[str, ...], version: str, build: Callable[[], T]) -> T:
    """The table `name`, read from the cache or built by `build()` and stored.

    `packages` are the distributions the table is derived from and `version` names the deriving
    code's own version: a change to either makes a new file.
    """
    # The deriving code's module is in the stamp too: a pickle names the classes it holds by
    # their module, so a table written before a module moved could not be read after.
    stamp = ",".join(f"{p}={_version(p)}" for p in packages) + f";{version};{build.__module__}"
    key = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    path = cache_dir() / "tables" / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]  # noqa: S301 - our own file
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            ValueError) as exc:
        log.warning("cached table %s is unreadable (%s); building it again", path, exc)
    table = build()
    _store(path, table)
    return table


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _store(path: Path, table: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full disk: the next process builds it again
        log.info("cannot keep table %s (%s)", path, exc.strerror or exc)
