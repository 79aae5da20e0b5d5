"""The knowledge as revisions in the database every replica shares (`ContentStore`).

Each revision is one change of one file: its whole new text (none when the file was deleted),
who made it, when and why. A file's revisions form a line: each names the revision it was made
on (`parent`, 0 for a new file), and the pair (path, parent) is unique, so two editors saving on
the same revision cannot both win: the second gets `ContentConflict`, whatever the database and
however close together they save. Revision ids rise across all files, so "the knowledge at
revision N" is every file at its latest revision up to N.

Why the database and not a git repository on a shared volume: the database is already what all
replicas share (conversations, sign-outs, rate limits aside), its transactions make the
compare-and-save atomic without file locks on a network volume, and its backups cover the
content too. Documents imported into the knowledge are kept here as uploaded
(`content_originals`), and every publish records the revision it put into service
(`content_publishes`), so the draft's changes are "published revision → latest".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from api.store.base import StoreBase
from api.store.records import unavailable_on_error
from api.store.tables import ContentOriginal, ContentPublish, ContentRevision

SEED_AUTHOR = "shipped knowledge"  # who the first revisions, from the image's files, are by


@dataclass(frozen=True)
class Revision:
    """One change of one knowledge file (`body` None: the file was deleted)."""

    id: int
    path: str
    parent: int
    body: str | None
    author: str
    message: str
    kind: str  # seed | edit | import | revert | delete | disk
    created_at: datetime
    original_id: int | None = None

    @property
    def etag(self) -> str:
        """The HTTP entity tag of the file as of this revision."""
        return f'"r{self.id}"'


@dataclass(frozen=True)
class Original:
    """A document as it was imported."""

    id: int
    filename: str
    media_type: str
    data: bytes
    author: str
    created_at: datetime


@dataclass(frozen=True)
class PublishedContent:
    """The knowledge as it went into service: every file at its latest revision up to
    `revision`."""

    revision: int
    build: str
    author: str
    created_at: datetime


class ContentConflict(Exception):
    """A save made on a revision that is no longer the file's latest (or a new file that
    exists already); `current` is the file's latest revision (None: it does not exist)."""

    def __init__(self, path: str, expected: int, current: Revision | None) -> None:
        self.path = path
        self.expected = expected
        self.current = current
        now = f"r{current.id} by {current.author}" if current else "no file"
        super().__init__(f"{path} changed since r{expected}: it is now {now}")


class UnknownRevision(LookupError):
    """No revision (or original) with that id."""


def _revision(row: ContentRevision) -> Revision:
    return Revision(row.id, row.path, row.parent, row.body, row.author, row.message, row.kind,
                    row.created_at, row.original_id)


class ContentStore(StoreBase):
    """The knowledge's files as revisions: read the latest, save on a known revision, revert,
    log; the documents imported and the revisions published."""

    # --- reading --------------------------------------------------------------------------------

    def content_heads(self, at: int | None = None) -> dict[str, Revision]:
        """Each file's latest revision (up to revision `at`, when given), deleted files
        included (their `body` is None), by path.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        latest = select(func.max(ContentRevision.id)).group_by(ContentRevision.path)
        if at is not None:
            latest = latest.where(ContentRevision.id <= at)
        with unavailable_on_error("read the knowledge"), self._sessions() as db:
            rows = db.scalars(select(ContentRevision).where(
                ContentRevision.id.in_(latest.scalar_subquery()))).all()
            return {row.path: _revision(row) for row in rows}

    def content_tree(self, at: int | None = None) -> dict[str, str]:
        """The knowledge's files and their text (as of revision `at`, when given)."""
        return {path: rev.body for path, rev in sorted(self.content_heads(at).items())
                if rev.body is not None}

    def content_disk_bases(self) -> dict[str, str | None]:
        """Each file's text as files on disk last gave it to the store (the shipped knowledge
        that seeded it, or a later sync of edits on disk), by path."""
        self.prepare()
        latest = (select(func.max(ContentRevision.id))
                  .where(ContentRevision.kind.in_(("seed", "disk")))
                  .group_by(ContentRevision.path))
        with unavailable_on_error("read the knowledge"), self._sessions() as db:
            rows = db.execute(select(ContentRevision.path, ContentRevision.body).where(
                ContentRevision.id.in_(latest.scalar_subquery()))).all()
            return {path: body for path, body in rows}

    def content_head(self) -> int:
        """The latest revision's id (0 when the knowledge holds none yet)."""
        self.prepare()
        with unavailable_on_error("read the knowledge"), self._sessions() as db:
            return int(db.scalar(select(func.max(ContentRevision.id))) or 0)

    def content_file(self, path: str) -> Revision | None:
        """The file's latest revision (its `body` None when it was deleted); None when the
        file never existed."""
        self.prepare()
        with unavailable_on_error("read the knowledge"), self._sessions() as db:
            row = db.scalars(select(ContentRevision).where(ContentRevision.path == path)
                             .order_by(ContentRevision.id.desc()).limit(1)).first()
            return _revision(row) if row is not None else None

    def content_revision(self, revision_id: int) -> Revision:
        """One revision, with its text.

        Raises:
            UnknownRevision: there is no such revision.
        """
        self.prepare()
        with unavailable_on_error("read the knowledge"), self._sessions() as db:
            row = db.get(ContentRevision, revision_id)
            if row is None:
                raise UnknownRevision(f"there is no revision r{revision_id}")
            return _revision(row)

    def content_log(self, path: str | None = None, *, limit: int = 50,
                    before: int | None = None) -> list[Revision]:
        """Revisions, newest first (of one file, when `path` is given; older than `before`,
        when given, to page back)."""
        self.prepare()
        query = select(ContentRevision).order_by(ContentRevision.id.desc()).limit(limit)
        if path is not None:
            query = query.where(ContentRevision.path == path)
        if before is not None:
            query = query.where(ContentRevision.id < before)
        with unavailable_on_error("read the knowledge's history"), self._sessions() as db:
            return [_revision(row) for row in db.scalars(query).all()]

    # --- changing ---------------------------------------------------------------------------------

    def seed_content(self, files: dict[str, str]) -> bool:
        """Make the first revision of each file from `files` (the shipped knowledge) when the
        database holds no knowledge yet; False when it held some (it is never overwritten:
        an upgrade's files do not replace edits). Several replicas starting together seed it
        once: the others find it done.

        Raises:
            StoreUnavailable: the database cannot be written.
        """
        if self.content_head():
            return False
        with unavailable_on_error("seed the knowledge"):
            try:
                with self._sessions.begin() as db:
                    for path, body in sorted(files.items()):
                        db.add(ContentRevision(
                            path=path, parent=0, body=body, author=SEED_AUTHOR, kind="seed",
                            message="The knowledge shipped with the service"))
            except IntegrityError:  # another replica seeded it meanwhile
                return False
        return True

    def save_content(self, path: str, body: str | None, *, author: str, expected: int,
                     message: str = "", kind: str = "edit",
                     original_id: int | None = None) -> Revision:
        """Save the file's new text (None deletes it) as a new revision made on revision
        `expected` of it (0: the file is new, or was deleted).

        Raises:
            ContentConflict: the file's latest revision is not `expected` (someone saved in
                between), or a new file exists already.
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with unavailable_on_error("save the knowledge"):
            try:
                with self._sessions.begin() as db:
                    head = db.scalars(select(ContentRevision)
                                      .where(ContentRevision.path == path)
                                      .order_by(ContentRevision.id.desc()).limit(1)).first()
                    current = 0 if head is None or head.body is None else head.id
                    if current != expected:
                        raise ContentConflict(path, expected, _revision(head) if head else None)
                    row = ContentRevision(path=path, parent=head.id if head else 0, body=body,
                                          author=author, message=message, kind=kind,
                                          original_id=original_id)
                    db.add(row)
                    db.flush()
                    return _revision(row)
            except IntegrityError:  # another save on the same revision won the race
                pass
        raise ContentConflict(path, expected, self.content_file(path))

    def revert_content(self, revision_id: int, *, author: str, message: str = "") -> Revision:
        """Undo a revision: its file gets back the text it had before it (a file the revision
        made is deleted, one it deleted comes back), as a new revision on the file's latest.

        Raises:
            UnknownRevision: there is no such revision.
            ContentConflict: the file changed while reverting (try again).
        """
        target = self.content_revision(revision_id)
        before = self.content_revision(target.parent).body if target.parent else None
        head = self.content_file(target.path)
        return self.save_content(
            target.path, before, author=author, kind="revert",
            expected=head.id if head and head.body is not None else 0,
            message=message or f"Revert r{target.id} ({target.message or target.kind})")

    # --- imported documents and publishes ---------------------------------------------------------

    def keep_original(self, filename: str, media_type: str, data: bytes, author: str) -> int:
        """Keep an imported document as uploaded; its id, for the revisions made from it."""
        self.prepare()
        with unavailable_on_error("keep the imported document"), self._sessions.begin() as db:
            row = ContentOriginal(filename=filename, media_type=media_type, data=data,
                                  author=author)
            db.add(row)
            db.flush()
            return row.id

    def content_original(self, original_id: int) -> Original:
        """An imported document, as uploaded.

        Raises:
            UnknownRevision: there is no such document.
        """
        self.prepare()
        with unavailable_on_error("read the imported document"), self._sessions() as db:
            row = db.get(ContentOriginal, original_id)
            if row is None:
                raise UnknownRevision(f"there is no imported document {original_id}")
            return Original(row.id, row.filename, row.media_type, row.data, row.author,
                            row.created_at)

    def record_publish(self, revision: int, build: str, author: str) -> None:
        """Note that the knowledge as of `revision` went into service as `build`."""
        self.prepare()
        with unavailable_on_error("record the publish"), self._sessions.begin() as db:
            db.add(ContentPublish(revision=revision, build=build, author=author))

    def last_publish(self) -> PublishedContent | None:
        """The knowledge most recently put into service (None before the first publish)."""
        self.prepare()
        with unavailable_on_error("read the publishes"), self._sessions() as db:
            row = db.scalars(select(ContentPublish).order_by(ContentPublish.id.desc())
                             .limit(1)).first()
            return (PublishedContent(row.revision, row.build, row.author, row.created_at)
                    if row is not None else None)
