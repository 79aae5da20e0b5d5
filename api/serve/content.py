"""The knowledge directory as a working copy of the revisions in the store
(api.store.content), which every replica shares.

A server builds from its knowledge directory, as the command line does; before it builds or
shows the knowledge, `sync` brings that directory and the store together, three ways, file by
file, against the *base*: the text the directory last had from the store (what `sync` wrote
last, noted in `.revision` beside the files), or, where no sync has run here yet, the text the
files last gave the store (the shipped knowledge, or a later edit on disk):

- the store changed, the file did not: the store's text is written to the file;
- the file changed, the store did not: the file's text is saved as a revision, by "files on
  disk" (an edit on disk, or a newer image's shipped files, is never lost);
- both changed: a conflict. On a server the store wins (the console is where people edit; the
  file's text is still in the image or the repository) and the file is named in the log; the
  command line (`hiring-advisor content sync`) refuses until told which side to keep.

The first sync of an empty store seeds it from the directory. Nothing here reads or writes
anything but the knowledge's own files (`knowledge_files`) and `.revision`.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from api.errors import HiringAdvisorError
from api.knowledge.loader import IGNORED_FILES, knowledge_files
from api.store.content import ContentConflict, Revision
from api.store.repository import Store

log = logging.getLogger("hiring_advisor")
MARKER = ".revision"  # in the knowledge directory: the store's revision it was last synced to
DISK_AUTHOR = "files on disk"
SUFFIXES = (".md", ".csv", ".yml", ".yaml")
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class Prefer(StrEnum):
    """Which side a sync keeps where the file and the store both changed."""

    NEITHER = "neither"  # refuse: ContentSyncConflict
    STORE = "store"
    DISK = "disk"


class ContentSyncConflict(HiringAdvisorError):
    """Files changed both on disk and in the store since the last sync."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(
            f"{len(paths)} file(s) changed both on disk and in the store since they were last "
            f"synced: {', '.join(paths)}; keep one side with --prefer store or --prefer disk")


@dataclass
class SyncReport:
    """What a sync did: files written from the store, files saved to it as revisions, and
    conflicts settled (by `Prefer`), at the store's revision `revision`."""

    revision: int = 0
    seeded: bool = False
    written: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.seeded or self.written or self.saved)


def path_problem(path: str) -> str | None:
    """Why `path` cannot name a knowledge file (None when it can): a relative path of plain
    names, ending in .md, .csv or .yml, and not a note (README.md, `_` or `.` names)."""
    parts = path.split("/")
    if not path or len(path) > 200 or not all(_SEGMENT.fullmatch(p) for p in parts):
        return ("a knowledge file's path is made of names of letters, digits, '.', '_' and "
                "'-', separated by '/', starting with a letter or digit")
    if not path.endswith(SUFFIXES):
        return f"a knowledge file ends in {', '.join(SUFFIXES)}"
    if parts[-1] in IGNORED_FILES or ".." in parts:
        return f"{parts[-1]} is a note for editors, not a knowledge file"
    return None


def disk_files(knowledge_dir: Path) -> dict[str, str]:
    """The knowledge files in `knowledge_dir` and their text, by path relative to it."""
    files = {}
    for path in knowledge_files(knowledge_dir):
        relative = path.relative_to(knowledge_dir).as_posix()
        if path_problem(relative) is None:
            with open(path, encoding="utf-8", newline="") as handle:  # line ends as they are
                files[relative] = handle.read()
    return files


def _marker(knowledge_dir: Path) -> int | None:
    try:
        return int((knowledge_dir / MARKER).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _base(store: Store, knowledge_dir: Path, heads: dict[str, Revision]) -> dict[str, str | None]:
    """Each file's text as the directory last agreed with the store (see the module's doc)."""
    synced = _marker(knowledge_dir)
    if synced is not None:
        return {path: rev.body for path, rev in store.content_heads(synced).items()}
    return store.content_disk_bases()


def _write(knowledge_dir: Path, path: str, body: str | None) -> None:
    target = knowledge_dir / path
    if body is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.sync")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:  # as they are
        handle.write(body)
    os.replace(temporary, target)


def sync(store: Store, knowledge_dir: Path, *, prefer: Prefer = Prefer.STORE,
         author: str = DISK_AUTHOR) -> SyncReport:
    """Bring `knowledge_dir` and the store together (see the module's doc).

    Raises:
        ContentSyncConflict: with `Prefer.NEITHER`, files that changed on both sides.
        StoreUnavailable: the store cannot be read or written.
        OSError: the directory cannot be read or written.
    """
    knowledge_dir = Path(knowledge_dir)
    report = SyncReport()
    disk = disk_files(knowledge_dir)
    report.seeded = store.seed_content(disk)
    heads = store.content_heads()
    base = _base(store, knowledge_dir, heads)
    to_disk, to_store = _plan(disk, heads, base, prefer, report)
    for path in to_store:
        head = heads.get(path)
        expected = head.id if head is not None and head.body is not None else 0
        try:
            store.save_content(path, disk.get(path), author=author, expected=expected,
                               kind="disk", message="Changed in the files on disk")
        except ContentConflict:  # saved in the store meanwhile: the store's stands
            to_disk.append(path)
            continue
        report.saved.append(path)
    heads = store.content_heads()
    for path in to_disk:
        if path_problem(path) is not None:  # never written outside the directory, whatever
            log.warning("knowledge file not written: %r is not a knowledge path", path)
            continue  # the database holds
        _write(knowledge_dir, path, heads[path].body if path in heads else None)
        report.written.append(path)
    report.revision = store.content_head()
    marked = _marker(knowledge_dir)
    if report.written or (marked is not None and marked != report.revision):
        _write(knowledge_dir, MARKER, f"{report.revision}\n")  # only once it says more
    if report.conflicts:
        log.warning("knowledge changed on disk and in the store; kept the %s's",
                    prefer.value, extra={"fields": {"files": report.conflicts}})
    return report


def _plan(disk: dict[str, str], heads: dict[str, Revision], base: dict[str, str | None],
          prefer: Prefer, report: SyncReport) -> tuple[list[str], list[str]]:
    """(paths to write from the store, paths to save to it) of a sync; conflicts settled by
    `prefer` are noted in `report`, or raised."""
    to_disk: list[str] = []
    to_store: list[str] = []
    conflicts = []
    for path in sorted(set(disk) | set(heads)):
        on_disk = disk.get(path)
        stored = heads[path].body if path in heads else None
        if on_disk == stored:
            continue
        if on_disk == base.get(path):
            to_disk.append(path)
        elif stored == base.get(path):
            to_store.append(path)
        else:
            conflicts.append(path)
    if conflicts and prefer == Prefer.NEITHER:
        raise ContentSyncConflict(conflicts)
    (to_store if prefer == Prefer.DISK else to_disk).extend(conflicts)
    report.conflicts = conflicts
    return to_disk, to_store


def unified_diff(path: str, before: str | None, after: str | None, *,
                 labels: tuple[str, str] = ("before", "after")) -> str:
    """A unified diff of one file's two texts (a file made or deleted diffs against nothing)."""
    return "".join(difflib.unified_diff(
        (before or "").splitlines(keepends=True), (after or "").splitlines(keepends=True),
        fromfile=f"{path} ({labels[0]})" if before is not None else "/dev/null",
        tofile=f"{path} ({labels[1]})" if after is not None else "/dev/null"))


def tree_diff(before: dict[str, str], after: dict[str, str],
              labels: tuple[str, str] = ("published", "draft")) -> tuple[list[str], str]:
    """(the paths that differ, one unified diff of them all) between two knowledge trees."""
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    return changed, "".join(unified_diff(p, before.get(p), after.get(p), labels=labels)
                            for p in changed)


def draft_changes(store: Store) -> tuple[int | None, list[str], str]:
    """What the draft (every file's latest revision) changes of the knowledge last published:
    (the revision published, None before the first publish; the files that differ; one
    unified diff of them)."""
    published = store.last_publish()
    before = store.content_tree(published.revision) if published else {}
    changed, diff = tree_diff(before, store.content_tree())
    return (published.revision if published else None), changed, diff


# --- which revision a build holds ----------------------------------------------------------------

BUILD_REVISION = "content-revision"  # in a build's directory: the store's revision it was built at


def note_build_revision(build: Path, revision: int) -> None:
    """Note in `build` the store's revision its knowledge was synced to (a build made without
    the store notes nothing)."""
    try:
        (Path(build) / BUILD_REVISION).write_text(f"{revision}\n", encoding="ascii")
    except OSError as exc:
        log.warning("build's knowledge revision not noted: %s", exc)


def build_revision(build: Path | None) -> int | None:
    """The store's revision `build` was built at (None when not noted)."""
    if build is None:
        return None
    try:
        return int((Path(build) / BUILD_REVISION).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
