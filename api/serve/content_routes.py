"""The admin API's knowledge editing, /api/admin/content: what the content console does, for
scripts and CI (api.serve.content_handlers does the work for both).

Reading needs any role; saving, deleting, checking a draft and importing an editor; reverting a
publisher (`admin_actor`). Publishing is `POST /api/admin/reindex`, which builds the draft.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, File, Form, Header, Query, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.serve import content_handlers as content
from api.serve.deps import JsonBody, ServiceDep, admin_actor
from api.serve.openapi import AdminAccount, AdminBearer, answer, ok
from api.serve.routes import ADMIN_ERRORS, ERRORS
from api.store.roles import Role

router = APIRouter(prefix="/api/admin/content", tags=["admin"],
                   dependencies=[AdminBearer, AdminAccount])

# Examples for the documentation: a made-up file, not the knowledge's.
_FILE = "playbook.md"
_TEXT = ("---\ntitle: Onboarding\ntopic: onboarding\nsource: Our handbook\nas_of: 2026-01-05\n"
         "---\n\n## First week {#onboarding/first-week}\n\nPair the new hire with a mentor.\n\n"
         "Asked as: How do we onboard a new hire?\n")
_REVISION = {"id": 42, "path": _FILE, "parent": 40, "author": "Ann Editor",
             "message": "Add the first week", "kind": "edit", "deleted": False,
             "at": "2026-12-01T09:30:00+00:00", "etag": '"r42"', "original_id": None}
_CHECKED = {"problems": [], "warnings": [{
    "path": _FILE, "line": 9, "message": "repeats 12 words of the imported document word for "
    "word; write it in our own words", "text": f"knowledge/{_FILE}:9: repeats 12 words..."}]}
_DIFF = (f"--- {_FILE} (r40)\n+++ {_FILE} (r42)\n@@ -7 +7,3 @@\n-Pair the new hire.\n"
         "+Pair the new hire with a mentor.\n")
_CONFLICT = {"detail": f"{_FILE} changed since you opened it (r40): Bob saved r41 at "
             "2026-12-01T09:29:00+00:00. Nothing was saved; compare, then save again on the "
             "latest revision.", "path": _FILE, "expected": 40,
             "current": {**_REVISION, "id": 41, "author": "Bob", "etag": '"r41"',
                         "body": _TEXT}, "diff": _DIFF}
CONTENT_ERRORS: dict[int | str, dict[str, Any]] = {
    **ADMIN_ERRORS,
    403: answer("The account's role may not do this", {
        "detail": "saving drafts needs the editor role; you are a viewer"}),
    404: answer("No such file, revision or document (or no admin API)", {
        "detail": "there is no revision r999"}),
    400: answer("The body cannot be read (not UTF-8)", {
        "detail": "There was an error parsing the body"}),
    415: ERRORS[415],
}
SAVE_ERRORS: dict[int | str, dict[str, Any]] = {
    **CONTENT_ERRORS,
    409: answer("The file changed since it was read: nothing was saved; its latest text and "
                "the diff to the text sent", _CONFLICT, dict[str, Any]),
    412: answer("If-Match is not an ETag of this service", {
        "detail": "If-Match must be an ETag of this service, like \"r12\"; got 'abc'"}),
    413: answer("Too large", {"detail": "a knowledge file holds at most 2,000,000 characters"}),
    428: answer("No If-Match (or If-None-Match: * for a new file)", {
        "detail": "saving playbook.md needs the revision it was made on: send If-Match with "
                  "the ETag the file was read with, or If-None-Match: * for a new file"}),
}
FilePath = Annotated[str, PathParam(description="The file's path in the knowledge.",
                                    openapi_examples={"example": {"value": _FILE}})]
RevisionId = Annotated[int, PathParam(ge=1, le=2**31, description="A revision's id.",
                                      openapi_examples={"example": {"value": 42}})]
IfMatch = Annotated[str | None, Header(
    alias="If-Match", description='The ETag the file was read with ("r42").',
    openapi_examples={"example": {"value": '"r42"'}})]
IfNoneMatch = Annotated[str | None, Header(
    alias="If-None-Match", description="`*` to make a new file.",
    openapi_examples={"example": {"value": "*"}})]

LogPath = Annotated[str | None, Query(max_length=200, description="One file's only.",
                                      openapi_examples={"example": {"value": _FILE}})]
LogLimit = Annotated[int, Query(ge=1, le=200, description="How many.")]
LogBefore = Annotated[int | None, Query(ge=1, le=2**31, description="Older than this.",
                                        openapi_examples={"example": {"value": 42}})]


class DraftBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(max_length=content.MAX_FILE_CHARS, description="The file's whole text.")
    message: str = Field(default="", max_length=500, description="Why it changed.")
    original_id: int | None = Field(default=None, ge=1, le=2**31, description=(
        "The imported document the file was made from."))


class DraftCheckBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(max_length=200, description="The file's path in the knowledge.")
    body: str = Field(max_length=content.MAX_FILE_CHARS, description="The draft's text.")
    original_id: int | None = Field(default=None, ge=1, le=2**31)


class RevertBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(default="", max_length=500, description="Why.")


def _example(summary: str, value: dict[str, Any]) -> Any:
    return Body(openapi_examples={"example": {"summary": summary, "value": value}})


Draft = Annotated[DraftBody, _example("A topic file's new text", {
    "body": _TEXT, "message": "Add the first week"})]
DraftCheck = Annotated[DraftCheckBody, _example("A draft to check", {
    "path": _FILE, "body": _TEXT})]
Revert = Annotated[RevertBody, _example("Why", {"message": "The old figure was right"})]


def tagged(payload: dict[str, Any] | JSONResponse) -> JSONResponse:
    """A file's revision as JSON with its ETag (a 409 as it is)."""
    if isinstance(payload, JSONResponse):
        return payload
    return JSONResponse(payload, headers={"ETag": payload["etag"], "Cache-Control": "no-store"})


@router.get("", summary="List the knowledge's files",
            responses={**ok({"head": 42, "published": {
                "revision": 40, "build": "20261201-093000-1a2b3c", "by": "Pat Publisher",
                "at": "2026-12-01T09:31:00+00:00"}, "files": [
                    {**_REVISION, "kind": "topic", "changed": True}]}), **CONTENT_ERRORS})
async def api_files(service: ServiceDep, actor: Annotated[str, admin_actor(Role.VIEWER)]
                    ) -> dict[str, Any]:
    """Every file at its latest revision; `changed`: the draft differs from the knowledge in
    service (any role)."""
    return await anyio.to_thread.run_sync(lambda: content.listing(service))


@router.get("/draft", summary="Diff the draft against the knowledge in service",
            responses={**ok({"head": 42, "published_revision": 40, "changed": [_FILE],
                             "diff": _DIFF}), **CONTENT_ERRORS})
async def api_draft(service: ServiceDep, actor: Annotated[str, admin_actor(Role.VIEWER)]
                    ) -> dict[str, Any]:
    """What publishing now would change, as one unified diff (any role)."""
    return await anyio.to_thread.run_sync(lambda: content.draft_payload(service))


@router.get("/log", summary="List the knowledge's revisions",
            responses={**ok({"revisions": [_REVISION], "more": False}), **CONTENT_ERRORS})
async def api_log(service: ServiceDep, actor: Annotated[str, admin_actor(Role.VIEWER)],
                  path: LogPath = None, limit: LogLimit = 50, before: LogBefore = None
                  ) -> dict[str, Any]:
    """Who changed which file, when and why, newest first (any role)."""
    return await anyio.to_thread.run_sync(
        lambda: content.log_payload(service, path, limit, before))


@router.get("/revisions/{revision_id}", summary="Show one revision's change",
            responses={**ok({**_REVISION, "diff": _DIFF}), **CONTENT_ERRORS})
async def api_revision(revision_id: RevisionId, service: ServiceDep,
                       actor: Annotated[str, admin_actor(Role.VIEWER)]) -> dict[str, Any]:
    """A revision, and the diff of its file from the revision before (any role)."""
    return await anyio.to_thread.run_sync(lambda: content.revision_payload(service, revision_id))


@router.post("/revisions/{revision_id}/revert", summary="Undo a revision",
             responses={**ok({**_REVISION, "id": 43, "kind": "revert",
                              "message": "Revert r42 (Add the first week)"}), **SAVE_ERRORS},
             dependencies=[JsonBody])
async def api_revert(revision_id: RevisionId, body: Revert, service: ServiceDep,
                     actor: Annotated[str, admin_actor(Role.PUBLISHER)]) -> JSONResponse:
    """The file gets back the text it had before the revision, as a new draft revision
    (publisher)."""
    return tagged(await anyio.to_thread.run_sync(lambda: content.revert(
        service, revision_id, actor=actor, message=body.message)))


@router.post("/check", summary="Check a draft before saving it",
             responses={**ok(_CHECKED), **CONTENT_ERRORS}, dependencies=[JsonBody])
async def api_check(body: DraftCheck, service: ServiceDep,
                    actor: Annotated[str, admin_actor(Role.EDITOR)]) -> dict[str, Any]:
    """What a build would say of the knowledge with this draft (`file:line`), and text it
    repeats from an imported document (editor)."""
    content.checked_path(body.path)
    return await anyio.to_thread.run_sync(lambda: content.draft_check(
        service, body.path, body.body, original_id=body.original_id))


@router.get("/files/{path:path}", summary="Read a knowledge file",
            responses={**ok({**_REVISION, "body": _TEXT, "kind": "topic", **_CHECKED}),
                       **CONTENT_ERRORS})
async def api_file(path: FilePath, service: ServiceDep,
                   actor: Annotated[str, admin_actor(Role.VIEWER)]) -> JSONResponse:
    """The file's latest text, with its ETag for a save (any role)."""
    return tagged(await anyio.to_thread.run_sync(lambda: content.file_payload(service, path)))


@router.put("/files/{path:path}", summary="Save a draft of a knowledge file",
            responses={**ok({**_REVISION, **_CHECKED}), **SAVE_ERRORS},
            dependencies=[JsonBody])
async def api_save(path: FilePath, body: Draft, service: ServiceDep,
                   actor: Annotated[str, admin_actor(Role.EDITOR)],
                   if_match: IfMatch = None, if_none_match: IfNoneMatch = None) -> JSONResponse:
    """A new draft revision, made on the revision named by If-Match (editor); 409 with the
    diff when someone saved in between."""
    expected = content.expected_revision(path, if_match, if_none_match)
    return tagged(await anyio.to_thread.run_sync(lambda: content.save_file(
        service, path, body.body, actor=actor, expected=expected, message=body.message,
        original_id=body.original_id)))


@router.delete("/files/{path:path}", summary="Delete a knowledge file",
               responses={**ok({**_REVISION, "kind": "delete", "deleted": True,
                                "problems": [], "warnings": []}), **SAVE_ERRORS})
async def api_delete(path: FilePath, service: ServiceDep,
                     actor: Annotated[str, admin_actor(Role.EDITOR)],
                     if_match: IfMatch = None) -> JSONResponse:
    """A revision that deletes the file (revert it to bring the file back; editor)."""
    expected = content.expected_revision(path, if_match, None)
    return tagged(await anyio.to_thread.run_sync(lambda: content.save_file(
        service, path, None, actor=actor, expected=expected, message=f"Deleted {path}")))


@router.post("/import", summary="Import a document as draft files",
             responses={**ok({"original": {"id": 7, "filename": "handbook.pdf",
                                           "media_type": "application/pdf", "size": 48213},
                              "files": [{"path": "imported-handbook.md", "kind": "topic",
                                         "body": _TEXT, **_CHECKED}]}), **SAVE_ERRORS},
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"example": {
                 "file": "(the document's bytes: handbook.pdf)", "source": "Our handbook",
                 "as_of": "2026-01-05", "role": ""}}}}})
async def api_import(
    service: ServiceDep, actor: Annotated[str, admin_actor(Role.EDITOR)],
    file: Annotated[UploadFile, File(description="Markdown, HTML, PDF or Word (.docx).")],
    source: Annotated[str, Form(min_length=1, max_length=300,
                                description="Who published it, for every snippet.")],
    as_of: Annotated[str, Form(pattern=r"^\d{4}-\d{2}-\d{2}$",
                               description="The date of its figures (YYYY-MM-DD).")],
    role: Annotated[str, Form(max_length=60, description="The role it is about.")] = "",
) -> dict[str, Any]:
    """Keep the document and propose knowledge files from it, split at its headings, its
    money tables as salary rows; each with the validator's problems. Save each with PUT
    (`If-None-Match: *`, `original_id`) after review (editor)."""
    data = await file.read(content.MAX_UPLOAD_BYTES + 1)
    return await anyio.to_thread.run_sync(lambda: content.import_document(
        service, file.filename or "document", data, source=source, as_of=as_of, role=role,
        actor=actor))


@router.get("/originals/{original_id}", summary="Download an imported document",
            response_class=Response, responses={
                200: {"description": "The document as it was uploaded.",
                      "content": {"application/octet-stream": {"example": "%PDF-1.7"}}},
                **CONTENT_ERRORS})
async def api_original(original_id: RevisionId, service: ServiceDep,
                       actor: Annotated[str, admin_actor(Role.VIEWER)]) -> Response:
    """The document a revision was imported from, byte for byte (any role)."""
    name, media_type, data = await anyio.to_thread.run_sync(
        lambda: content.original_document(service, original_id))
    return original_response(name, media_type, data)


def original_response(name: str, media_type: str, data: bytes) -> Response:
    """A document to download, never shown in the page (its name made safe for the header)."""
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:120] or "document"
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{safe}"',
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
