"""Editing the knowledge over HTTP: what the admin API (api.serve.content_routes) and the
content console (api.console.content_routes) both do with the revisions in the store, so that
they decide alike. Each function takes the service and plain values, and answers JSON-ready
data or raises `HTTPException` (404 unknown, 409 conflict with the diff, 428 no precondition,
503 store down).

A save is made on the revision the editor read: `If-Match: "r<N>"` (the ETag the file was read
with) for a file that exists, `If-None-Match: *` for a new one. A save on an older revision is
refused with 409, the file's latest text and the diff from it to the text sent, never applied
over someone else's. Nothing saved reaches the index until it is checked and published.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from babel.numbers import list_currencies
from fastapi import HTTPException
from fastapi.responses import JSONResponse

from api.errors import KnowledgeError, Problem
from api.knowledge.company import company_file
from api.knowledge.importing import (
    DocumentError,
    copy_warnings,
    extract_text,
    level_words,
    propose_import,
)
from api.knowledge.loader import load_knowledge
from api.knowledge.records import SALARY_OPTIONAL, SALARY_REQUIRED
from api.serve.content import draft_changes, path_problem, unified_diff
from api.serve.service import ChatService
from api.store.content import ContentConflict, Revision, UnknownRevision
from api.store.records import StoreUnavailable
from api.store.repository import Store
from api.text.money import PERIODS

T = TypeVar("T")
MAX_FILE_CHARS = 2_000_000  # a knowledge file's text
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # an imported document
_ETAG = re.compile(r'^\s*(?:W/)?"r(\d+)"\s*$')


def _use(service: ChatService, action: Callable[[Store], T]) -> T:
    try:
        return service.use_store(action)
    except StoreUnavailable as exc:
        raise HTTPException(503, f"the knowledge's revisions cannot be reached: {exc}",
                            headers={"Retry-After": "30"}) from None
    except UnknownRevision as exc:
        raise HTTPException(404, str(exc)) from None


def _seeded(service: ChatService) -> None:
    """The store holds the knowledge (seeded from the directory on first use)."""
    service.sync_content()


def checked_path(path: str) -> str:
    problem = path_problem(path)
    if problem:
        raise HTTPException(422, f"{path!r}: {problem}")
    return path


def file_kind(path: str) -> str:
    """What the console edits a file as: "salaries" (a table), "topic" or "settings" (text:
    the company's bands and rules are tables of other columns, checked as they are typed)."""
    if company_file(Path(path).name) is not None:
        return "settings"
    return {".csv": "salaries", ".md": "topic"}.get(Path(path).suffix, "settings")


def revision_item(rev: Revision) -> dict[str, Any]:
    return {"id": rev.id, "path": rev.path, "parent": rev.parent, "author": rev.author,
            "message": rev.message, "kind": rev.kind, "deleted": rev.body is None,
            "at": rev.created_at.isoformat(timespec="seconds"), "etag": rev.etag,
            "original_id": rev.original_id}


# --- reading --------------------------------------------------------------------------------------

def listing(service: ChatService) -> dict[str, Any]:
    """The knowledge's files at their latest revisions, which of them the draft changed since
    the last publish, and that publish."""
    _seeded(service)

    def read(store: Store) -> dict[str, Any]:
        heads = store.content_heads()
        published = store.last_publish()
        before = store.content_tree(published.revision) if published else None
        files = [{**revision_item(rev), "kind": file_kind(path),
                  "changed": before is not None and before.get(path) != rev.body}
                 for path, rev in sorted(heads.items()) if rev.body is not None or (
                     before is not None and path in before)]
        return {"head": store.content_head(), "files": files,
                "published": None if published is None else {
                    "revision": published.revision, "build": published.build,
                    "by": published.author,
                    "at": published.created_at.isoformat(timespec="seconds")}}

    return _use(service, read)


def file_payload(service: ChatService, path: str) -> dict[str, Any]:
    """One file's latest text, revision and ETag, with the problems the validator finds."""
    checked_path(path)
    _seeded(service)
    rev = _use(service, lambda store: store.content_file(path))
    if rev is None or rev.body is None:
        raise HTTPException(404, f"there is no knowledge file {path}")
    return {**revision_item(rev), "body": rev.body, "kind": file_kind(path),
            **draft_check(service, path, rev.body)}


def log_payload(service: ChatService, path: str | None, limit: int, before: int | None
                ) -> dict[str, Any]:
    _seeded(service)
    revisions = _use(service, lambda store: store.content_log(path, limit=limit, before=before))
    return {"revisions": [revision_item(r) for r in revisions],
            "more": len(revisions) == limit}


def revision_payload(service: ChatService, revision_id: int) -> dict[str, Any]:
    """One revision, and the diff of its file from the revision before."""
    def read(store: Store) -> dict[str, Any]:
        rev = store.content_revision(revision_id)
        before = store.content_revision(rev.parent).body if rev.parent else None
        return {**revision_item(rev), "diff": unified_diff(
            rev.path, before, rev.body, labels=(f"r{rev.parent}", f"r{rev.id}"))}

    return _use(service, read)


def draft_payload(service: ChatService) -> dict[str, Any]:
    """What the draft (every file's latest revision) changes of the knowledge last
    published, as one diff."""
    _seeded(service)

    def read(store: Store) -> dict[str, Any]:
        published, changed, diff = draft_changes(store)
        return {"head": store.content_head(), "published_revision": published,
                "changed": changed, "diff": diff}

    return _use(service, read)


def schema_payload(service: ChatService) -> dict[str, Any]:
    """What the table editor checks each cell against."""
    profile = service.engine.domain.profile
    return {"required": list(SALARY_REQUIRED), "optional": list(SALARY_OPTIONAL),
            "periods": list(PERIODS), "currencies": sorted(list_currencies()),
            "roles": [r.id for r in profile.roles],
            "levels": sorted({lv.id for ladder in profile.ladders for lv in ladder.levels})}


# --- checking a draft -----------------------------------------------------------------------------

def _problem_item(problem: Problem, root: str) -> dict[str, Any]:
    path = problem.path.removeprefix(f"{root}/")
    return {"path": path, "line": problem.line, "message": problem.message,
            "text": str(problem)}


@lru_cache(maxsize=16)
def _original_text(service: ChatService, original_id: int) -> str:
    original = _use(service, lambda store: store.content_original(original_id))
    try:
        return extract_text(original.filename, original.data)
    except DocumentError:
        return ""


def _original_of(service: ChatService, path: str) -> int | None:
    revisions = _use(service, lambda store: store.content_log(path, limit=20))
    return next((r.original_id for r in revisions if r.original_id is not None), None)


def draft_check(service: ChatService, path: str, body: str, *,
                original_id: int | None = None, extra: dict[str, str] | None = None
                ) -> dict[str, Any]:
    """The problems (`file:line`) and warnings of the knowledge with `path` holding `body`
    (and the files of `extra`): what a build would say, before anything is saved. A file
    imported from a document is also checked for text it repeats word for word."""
    root = service.settings.knowledge_dir.name or "knowledge"
    tree = {**_use(service, lambda store: store.content_tree()), **(extra or {}), path: body}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="draft-") as scratch:
        directory = Path(scratch) / root
        for name, text in tree.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            warnings += load_knowledge(directory).warnings
        except KnowledgeError as exc:
            problems += exc.problems
    original = original_id if original_id is not None else _original_of(service, path)
    for name in (dict.fromkeys([path, *(extra or {})]) if original is not None else []):
        warnings += copy_warnings(f"{root}/{name}", tree[name], _original_text(service, original))
    return {"problems": [_problem_item(p, root) for p in problems],
            "warnings": [_problem_item(w, root) for w in warnings]}


# --- changing -------------------------------------------------------------------------------------

def expected_revision(path: str, if_match: str | None, if_none_match: str | None) -> int:
    """The revision a save is made on, from its precondition headers (0: a new file)."""
    if if_none_match is not None and if_none_match.strip() == "*":
        return 0
    found = _ETAG.match(if_match or "")
    if found:
        return int(found.group(1))
    if if_match is None:
        raise HTTPException(428, f"saving {path} needs the revision it was made on: send "
                            "If-Match with the ETag the file was read with, or "
                            "If-None-Match: * for a new file")
    raise HTTPException(412, f"If-Match must be an ETag of this service, like \"r12\"; got "
                        f"{if_match!r}")


def conflict_response(exc: ContentConflict, sent: str | None) -> JSONResponse:
    """409: the file's latest revision, and the diff from its text to the text sent."""
    current = exc.current
    theirs = current.body if current is not None else None
    who = (f"{current.author} saved r{current.id} at "
           f"{current.created_at.isoformat(timespec='seconds')}") if current else "it is gone"
    detail = (f"{exc.path} changed since you opened it (r{exc.expected}): {who}. Nothing was "
              "saved; compare, then save again on the latest revision.")
    return JSONResponse(status_code=409, content={
        "detail": detail, "path": exc.path, "expected": exc.expected,
        "current": None if current is None else {**revision_item(current), "body": theirs},
        "diff": unified_diff(exc.path, theirs, sent,
                             labels=(f"r{current.id}" if current else "", "yours"))})


def save_file(service: ChatService, path: str, body: str | None, *, actor: str, expected: int,
              message: str, original_id: int | None = None) -> dict[str, Any] | JSONResponse:
    """Save a draft revision of `path` (None deletes it) made on revision `expected`."""
    checked_path(path)
    if body is not None and len(body) > MAX_FILE_CHARS:
        raise HTTPException(413, f"a knowledge file holds at most {MAX_FILE_CHARS:,} characters")
    _seeded(service)
    kind = "delete" if body is None else "import" if original_id is not None else "edit"
    try:
        rev = _use(service, lambda store: store.save_content(
            path, body, author=actor, expected=expected, message=message.strip(), kind=kind,
            original_id=original_id))
    except ContentConflict as exc:
        return conflict_response(exc, body)
    checked = draft_check(service, path, body) if body is not None else {
        "problems": [], "warnings": []}
    return {**revision_item(rev), **checked}


def revert(service: ChatService, revision_id: int, *, actor: str, message: str
           ) -> dict[str, Any] | JSONResponse:
    """Undo a revision (as a new draft revision of its file)."""
    _seeded(service)
    try:
        rev = _use(service, lambda store: store.revert_content(
            revision_id, author=actor, message=message.strip()))
    except ContentConflict as exc:
        return conflict_response(exc, None)
    return revision_item(rev)


def import_document(service: ChatService, filename: str, data: bytes, *, source: str,
                    as_of: str, role: str, actor: str) -> dict[str, Any]:
    """Keep an uploaded document and propose knowledge files from it, each with what the
    validator says of it; nothing is saved as a revision until the editor saves each file."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"a document may be at most {MAX_UPLOAD_BYTES // 2**20} MB")
    _seeded(service)
    existing = set(_use(service, lambda store: store.content_tree()))
    levels = level_words(service.engine.domain.profile, role.strip())
    try:
        proposal = propose_import(filename, data, source=source.strip(), as_of=as_of.strip(),
                                  role=role.strip(), existing=existing, levels=levels)
    except DocumentError as exc:
        raise HTTPException(422, str(exc)) from None
    original_id = _use(service, lambda store: store.keep_original(
        filename, proposal.media_type, data, actor))
    files = {f.path: f.body for f in proposal.files}
    root = service.settings.knowledge_dir.name or "knowledge"
    hints = [_problem_item(w, root) for w in proposal.warnings]  # "add Asked as lines here"
    proposed = []
    for item in proposal.files:
        checked = draft_check(service, item.path, item.body, original_id=original_id,
                              extra=files)
        mine = [w for w in checked["warnings"] + hints if w["path"] == item.path]
        unique = list({(w["line"], w["message"]): w for w in mine}.values())
        proposed.append({"path": item.path, "kind": item.kind, "body": item.body,
                         "problems": [p for p in checked["problems"] if p["path"] == item.path],
                         "warnings": sorted(unique, key=lambda w: w["line"])})
    return {"original": {"id": original_id, "filename": filename,
                         "media_type": proposal.media_type, "size": len(data)},
            "files": proposed}


def original_document(service: ChatService, original_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of an imported document, as uploaded."""
    original = _use(service, lambda store: store.content_original(original_id))
    return original.filename, original.media_type, original.data
