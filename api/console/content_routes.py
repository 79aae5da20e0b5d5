"""The console's knowledge editor: list, read, check, save, delete, revert and import the
knowledge's files as revisions (api.serve.content_handlers does the work, as for the admin API).

Reading needs a viewer's session; saving, deleting, checking a draft and importing an editor's;
reverting a publisher's (api.console.auth). Every change also carries the CSRF token. The
editor's script and style (the console's Content tab) are public files, like the console's page.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from api.console import auth
from api.console.routes import static_file as console_file
from api.serve import content_handlers as content
from api.serve.content_routes import (
    DraftBody,
    DraftCheckBody,
    FilePath,
    IfMatch,
    IfNoneMatch,
    LogBefore,
    LogLimit,
    LogPath,
    RevertBody,
    RevisionId,
    original_response,
)
from api.serve.content_routes import tagged as _tagged
from api.serve.deps import JsonBody, ServiceDep

router = APIRouter(include_in_schema=False, dependencies=[Depends(auth.console_exists)])


async def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


api = APIRouter(prefix="/admin/api/content", dependencies=[Depends(_no_store)])


@router.get("/admin/content.js")
def get_content_script() -> FileResponse:
    """The console's Content tab: the knowledge editor."""
    return console_file("content.js", "text/javascript; charset=utf-8")


@router.get("/admin/content.css")
def get_content_style() -> FileResponse:
    """The Content tab's style."""
    return console_file("content.css", "text/css; charset=utf-8")


@api.get("")
async def get_files(service: ServiceDep, session: auth.Viewer) -> dict[str, Any]:
    """The knowledge's files at their latest revisions, and what the draft changed."""
    return await anyio.to_thread.run_sync(lambda: content.listing(service))


@api.get("/draft")
async def get_draft(service: ServiceDep, session: auth.Viewer) -> dict[str, Any]:
    """The draft's changes since the last publish, as one diff."""
    return await anyio.to_thread.run_sync(lambda: content.draft_payload(service))


@api.get("/schema")
def get_schema(service: ServiceDep, session: auth.Viewer) -> dict[str, Any]:
    """What the table editor checks each cell against."""
    return content.schema_payload(service)


@api.get("/log")
async def get_log(service: ServiceDep, session: auth.Viewer, path: LogPath = None,
                  limit: LogLimit = 50, before: LogBefore = None) -> dict[str, Any]:
    """Revisions, newest first (of one file, with `path`)."""
    return await anyio.to_thread.run_sync(
        lambda: content.log_payload(service, path, limit, before))


@api.get("/revisions/{revision_id}")
async def get_revision(revision_id: RevisionId, service: ServiceDep, session: auth.Viewer
                       ) -> dict[str, Any]:
    """A revision and the diff of its file from the revision before."""
    return await anyio.to_thread.run_sync(lambda: content.revision_payload(service, revision_id))


@api.post("/revisions/{revision_id}/revert", dependencies=[JsonBody])
async def post_revert(revision_id: RevisionId, body: RevertBody, service: ServiceDep,
                      session: auth.Publisher) -> JSONResponse:
    """Undo a revision, as a new draft revision of its file."""
    return _tagged(await anyio.to_thread.run_sync(lambda: content.revert(
        service, revision_id, actor=session.name, message=body.message)))


@api.post("/check", dependencies=[JsonBody])
async def post_check_draft(body: DraftCheckBody, service: ServiceDep, session: auth.Editor
                           ) -> dict[str, Any]:
    """What the validator says of a draft of one file, before it is saved."""
    content.checked_path(body.path)
    return await anyio.to_thread.run_sync(lambda: content.draft_check(
        service, body.path, body.body, original_id=body.original_id))


@api.get("/files/{path:path}")
async def get_file(path: FilePath, service: ServiceDep, session: auth.Viewer) -> JSONResponse:
    """A file's latest text, its ETag, and what the validator says of it."""
    return _tagged(await anyio.to_thread.run_sync(lambda: content.file_payload(service, path)))


@api.put("/files/{path:path}", dependencies=[JsonBody])
async def put_file(path: FilePath, body: DraftBody, service: ServiceDep,
                   session: auth.Editor, if_match: IfMatch = None,
                   if_none_match: IfNoneMatch = None) -> JSONResponse:
    """Save a draft revision; 409 with the diff when the file changed since it was read."""
    expected = content.expected_revision(path, if_match, if_none_match)
    return _tagged(await anyio.to_thread.run_sync(lambda: content.save_file(
        service, path, body.body, actor=session.name, expected=expected, message=body.message,
        original_id=body.original_id)))


@api.delete("/files/{path:path}")
async def delete_file(path: FilePath, service: ServiceDep, session: auth.Editor,
                      if_match: IfMatch = None) -> JSONResponse:
    """Delete a file (a revision too: revert it to bring the file back)."""
    expected = content.expected_revision(path, if_match, None)
    return _tagged(await anyio.to_thread.run_sync(lambda: content.save_file(
        service, path, None, actor=session.name, expected=expected,
        message=f"Deleted {path}")))


@api.post("/import")
async def post_import(service: ServiceDep, session: auth.Editor,
                      file: Annotated[UploadFile, File(description="The document.")],
                      source: Annotated[str, Form(min_length=1, max_length=300)],
                      as_of: Annotated[str, Form(pattern=r"^\d{4}-\d{2}-\d{2}$")],
                      role: Annotated[str, Form(max_length=60)] = "") -> dict[str, Any]:
    """Upload a Markdown, HTML, PDF or Word document: it is kept, and knowledge files are
    proposed from it for the editor to review and save."""
    data = await file.read(content.MAX_UPLOAD_BYTES + 1)
    name = file.filename or "document"
    return await anyio.to_thread.run_sync(lambda: content.import_document(
        service, name, data, source=source, as_of=as_of, role=role, actor=session.name))


@api.get("/originals/{original_id}")
async def get_original(original_id: RevisionId, service: ServiceDep, session: auth.Viewer
                       ) -> Response:
    """An imported document, as uploaded."""
    name, media_type, data = await anyio.to_thread.run_sync(
        lambda: content.original_document(service, original_id))
    return original_response(name, media_type, data)


router.include_router(api)
