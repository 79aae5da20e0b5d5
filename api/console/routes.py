"""The content console at /admin: the page, and the JSON it reads and posts (thin, like
api.serve.routes: validate, call the service or the store, shape the JSON; api.console.views
shapes).

It exists only while an admin token is configured (404 otherwise, like the admin API). The page
and its scripts and style are public files; every /admin/api/ route needs a console session
(api.console.auth) of the role it names (`auth.Viewer`, `Editor`, `Publisher`, `Admin`), and
every POST also its CSRF token and our own origin. Signing in is api.console.session_routes';
the accounts, api.console.account_routes'.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.console import account_routes, auth, session_routes
from api.console.diff import content_changes, measures
from api.console.views import (
    REASON_LABELS,
    activity_series,
    answer_item,
    conversation_item,
    conversation_topics,
    gap_item,
    gaps_csv,
    knowledge_report,
    turn_item,
)
from api.dialogue.state import DialogueState
from api.errors import HiringAdvisorError
from api.index.build import index_status
from api.index.format import SearchIndex, read_manifest
from api.index.lifecycle import discard_candidate, previous_build, read_candidate
from api.publish.history import build_history
from api.publish.publishing import PublishResult, PublishStatus
from api.serve.deps import JsonBody, ServiceDep, SettingsDep, answering
from api.serve.schemas import Question, StoredText, publish_http_status, storable
from api.serve.service import ChatService, reindex_payload
from api.store.records import GapGroup, StoreUnavailable, UnknownGapError
from api.store.repository import Store
from api.store.roles import Role

log = logging.getLogger("hiring_advisor")
STATIC = Path(__file__).resolve().parent / "static"
# The console's page runs only its own script and style: no inline code, nothing from elsewhere.
CONSOLE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
Days = Annotated[int, Query(ge=1, le=3660, description="The last this many days.")]
AnyDays = Annotated[int | None, Query(ge=1, le=3660, description="The last this many days.")]


async def no_store(response: Response) -> None:
    """What the console reads is never cached (it names people's questions)."""
    response.headers["Cache-Control"] = "no-store"


# Full paths, no router prefixes: the request log and metrics name routes by their template.
router = APIRouter(include_in_schema=False, dependencies=[Depends(auth.console_exists)])
api = APIRouter(dependencies=[Depends(no_store)])


# --- the page -------------------------------------------------------------------------------

def static_file(name: str, media_type: str, **headers: str) -> FileResponse:
    """One of the console's own files (its page, scripts, styles), revalidated on each load."""
    return FileResponse(STATIC / name, media_type=media_type,
                        headers={"Cache-Control": "no-cache", **headers})


@router.get("/admin")
def get_console() -> FileResponse:
    """The console's page (it signs in, then reads /admin/api/)."""
    return static_file("admin.html", "text/html; charset=utf-8",
                 **{"Content-Security-Policy": CONSOLE_POLICY, "X-Robots-Tag": "noindex"})


@router.get("/admin/admin.js")
def get_console_script() -> FileResponse:
    """The console's script."""
    return static_file("admin.js", "text/javascript; charset=utf-8")


@router.get("/admin/accounts.js")
def get_accounts_script() -> FileResponse:
    """The console's Accounts tab (for admins)."""
    return static_file("accounts.js", "text/javascript; charset=utf-8")


@router.get("/admin/admin.css")
def get_console_style() -> FileResponse:
    """The console's style."""
    return static_file("admin.css", "text/css; charset=utf-8")


# --- the store, degraded ------------------------------------------------------------------------

def _read(service: ChatService, action: Any) -> Any:
    """A store read; 503 with the reason while the store cannot be reached."""
    try:
        return service.use_store(action)
    except StoreUnavailable as exc:
        raise HTTPException(503, f"the conversation store is not available right now ({exc}); "
                            "the assistant still answers, try again later",
                            headers={"Retry-After": "30"}) from None


def _since(days: int | None) -> datetime | None:
    return datetime.now(UTC) - timedelta(days=days) if days else None


# --- overview -------------------------------------------------------------------------------

@api.get("/admin/api/overview")
def get_overview(service: ServiceDep, session: auth.Viewer, days: Days = 30
                 ) -> dict[str, Any]:
    """Questions per day, the answer rate, thumbs up and down, the top open gaps, what is
    served."""
    index = service.engine.index
    last = datetime.now(UTC).date()
    first = last - timedelta(days=days - 1)
    counts, top = _read(service, lambda store: (
        store.activity(first),
        store.gaps(5, since=_since(days), status="open")))
    series = activity_series(counts, first, last)
    totals = {k: sum(d[k] for d in series)
              for k in ("questions", "answered", "thumbs_up", "thumbs_down")}
    return {
        "days": series,
        "totals": totals,
        "answer_rate": totals["answered"] / totals["questions"] if totals["questions"] else None,
        "top_gaps": [gap_item(g) for g in top],
        "serving": {"build": index.path.name, "built_at": index.manifest.built_at,
                    "snippets": len(index.snippets), "salaries": len(index.salaries)},
        "store_problem": service.store_problem,
    }


# --- gaps -----------------------------------------------------------------------------------

def _reasons(reason: list[str] | None) -> list[str] | None:
    unknown = [r for r in reason or () if r not in REASON_LABELS]
    if unknown:
        raise HTTPException(422, f"unknown reason(s) {', '.join(map(repr, unknown))}; use "
                            f"{', '.join(REASON_LABELS)}")
    return reason or None


Reason = Annotated[list[str] | None, Query(max_length=len(REASON_LABELS),
                                           description="Only gaps for these reasons.")]
Status = Annotated[Literal["open", "handled", "all"], Query()]


def _gaps(service: ChatService, days: int | None, reason: list[str] | None, status: str,
          limit: int) -> list[GapGroup]:
    reasons = _reasons(reason)
    return _read(service, lambda store: store.gaps(
        limit, since=_since(days), reasons=reasons, status=status, examples=5))


@api.get("/admin/api/gaps")
def get_gaps(service: ServiceDep, session: auth.Viewer, days: AnyDays = None,
             reason: Reason = None, status: Status = "open",
             limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """What people asked that went badly, grouped, with a period, reasons and status."""
    return {"gaps": [gap_item(g) for g in _gaps(service, days, reason, status, limit)]}


@api.get("/admin/api/gaps.csv")
def get_gaps_csv(service: ServiceDep, session: auth.Viewer, days: AnyDays = None,
                 reason: Reason = None, status: Status = "open") -> Response:
    """The same report as CSV, to open in a spreadsheet."""
    body = gaps_csv(_gaps(service, days, reason, status, 10_000))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="content-gaps-{stamp}.csv"',
        "Cache-Control": "no-store"})


class HandledMark(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: StoredText = Field(min_length=1, max_length=512)
    handled: bool = True
    note: StoredText | None = Field(default=None, max_length=500)


@api.post("/admin/api/gaps/handled", dependencies=[JsonBody])
def post_gap_handled(body: HandledMark, service: ServiceDep,
                     session: auth.Editor) -> dict[str, Any]:
    """Mark a gap group as dealt with (or open it again)."""
    def mark(store: Store) -> datetime | None:
        if not body.handled:
            store.unmark_handled(body.key)
            return None
        return store.mark_handled(body.key, session.name, (body.note or "").strip() or None)

    try:
        when = _read(service, mark)
    except UnknownGapError as exc:
        raise HTTPException(404, str(exc)) from None
    return {"key": body.key, "handled": body.handled,
            "handled_at": when.isoformat(timespec="seconds") if when else None,
            "handled_by": session.name if body.handled else ""}


# --- conversations ----------------------------------------------------------------------------

@api.get("/admin/api/conversations")
def get_conversations(
    service: ServiceDep, session: auth.Viewer, settings: SettingsDep,
    q: Annotated[str, Query(max_length=200), AfterValidator(storable)] = "",
    days: AnyDays = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """The kept conversations, latest first; `q` searches what was said (when the settings
    let the console show it), source ids and conversation ids."""
    show = settings.log_messages

    def listed(store: Store) -> list[dict[str, Any]]:
        found = store.conversations(search=q, in_text=show, since=_since(days), limit=limit)
        # Named by the first question, else (what was typed not shown) by what they were about.
        return [conversation_item(c, show, () if show else conversation_topics(
            store.history(c.session_id) or [])) for c in found]

    return {"conversations": _read(service, listed), "show_text": show,
            "session_ttl_minutes": settings.session_ttl_minutes}


@api.get("/admin/api/conversations/{session_id}")
def get_conversation(
    session_id: Annotated[str, PathParam(max_length=128), AfterValidator(storable)],
    service: ServiceDep, session: auth.Viewer, settings: SettingsDep,
) -> dict[str, Any]:
    """One kept conversation, turn by turn: answers, sources shown, ratings, why it was a gap."""
    turns = _read(service, lambda store: store.review(session_id))
    if turns is None:
        raise HTTPException(404, "no such conversation (it may have expired and been purged)")
    show = settings.log_messages
    return {"session_id": session_id, "show_text": show,
            "turns": [turn_item(t, show, settings.low_score) for t in turns]}


# --- knowledge --------------------------------------------------------------------------------

@api.get("/admin/api/knowledge")
def get_knowledge(service: ServiceDep, session: auth.Viewer,
                  settings: SettingsDep) -> dict[str, Any]:
    """The knowledge files, snippets, salary table and problems, and which snippets are
    retrieved (from the turns kept; without them while the store is down). The files are the
    draft: the directory is synced with the knowledge's revisions first."""
    service.sync_content()
    try:
        usage = service.use_store(lambda store: store.source_usage())
    except StoreUnavailable:
        usage = None
    index = service.engine.index
    return knowledge_report(settings.knowledge_dir, settings.index_dir, index, usage)


# --- publishing -------------------------------------------------------------------------------

def _build_info(build: Path | None) -> dict[str, Any] | None:
    if build is None:
        return None
    try:
        manifest = read_manifest(build)
    except HiringAdvisorError:
        return {"build": build.name, "built_at": None}
    return {"build": build.name, "built_at": manifest.built_at,
            "snippets": manifest.counts.get("snippets")}


def _candidate_index(service: ChatService) -> SearchIndex | None:
    """The candidate build, loaded (and kept for Try it); None without one, or unreadable."""
    try:
        other = service.other_build()
    except HiringAdvisorError as exc:
        log.warning("the candidate build cannot be read: %s", exc)
        return None
    return other[1].index if other is not None and other[0] == "candidate" else None


def _candidate(service: ChatService) -> dict[str, Any] | None:
    """The candidate build, how its checks went, and what it changes of the build in service."""
    found = read_candidate(service.settings.index_dir)
    if found is None:
        return None
    build, verdict = found
    keys = ("ok", "reasons", "checked_at", "by", "summary", "message", "gate")
    return {"build": build.name, **{k: verdict.get(k) for k in keys},
            "measures": measures(verdict.get("gate")),
            "changes": content_changes(service.engine.index, _candidate_index(service))}


@api.get("/admin/api/builds")
def get_builds(service: ServiceDep, session: auth.Viewer,
               settings: SettingsDep) -> dict[str, Any]:
    """What is in service, the build before it, the candidate, whether the knowledge changed
    since (the draft: the directory synced with the revisions first), and the history of
    builds."""
    service.sync_content()
    index = service.engine.index
    try:
        status = index_status(settings.knowledge_dir, settings.index_dir, index.vector_space)
        knowledge = {"fresh": status.fresh, "status": status.reason}
    except HiringAdvisorError:
        knowledge = {"fresh": False,
                     "status": "the knowledge has problems (see Knowledge): fix them first"}
    return {
        "serving": {"build": index.path.name, "built_at": index.manifest.built_at,
                    "snippets": len(index.snippets)},
        "previous": _build_info(previous_build(settings.index_dir)),
        "candidate": _candidate(service),
        "knowledge": knowledge,
        "history": [vars(e) for e in build_history(settings.index_dir)],
    }


def _outcome(service: ChatService, action: Callable[[], PublishResult],
             gate: dict[str, Any] | None = None) -> JSONResponse:
    """Run a publish, a check or a roll back (in a worker thread: it builds and loads); what
    it did, what it changes of the content in service, the gate's figures (`gate`: those the
    candidate was checked with, when it is published) in words, and the candidate left."""
    before = service.engine.index
    result = action()
    kept = result.status in (PublishStatus.CHECKED, PublishStatus.REFUSED)  # the candidate
    after = result.engine.index if result.engine else _candidate_index(service) if kept else None
    payload = reindex_payload(result)
    if result.status in (PublishStatus.PUBLISHED, PublishStatus.ROLLED_BACK):
        payload["build"] = service.engine.build
    payload["gate"] = payload["gate"] or (gate if result.status == PublishStatus.PUBLISHED
                                          else None)
    payload["changes"] = content_changes(before, after)
    payload["measures"] = measures(payload["gate"])
    payload["candidate"] = _candidate(service)
    status = publish_http_status(result.status)
    if status >= 400:
        payload["detail"] = result.message  # as every error of the app says what is wrong
    return JSONResponse(payload, status_code=status,
                        headers={"Cache-Control": "no-store",
                                 **({"Retry-After": "60"} if status == 503 else {})})


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    publish: bool = Field(default=False,
                          description="Publish when the checks pass (else only check).")


@api.post("/admin/api/builds/check", dependencies=[JsonBody])
async def post_check(body: CheckRequest, service: ServiceDep, session: auth.Editor
                     ) -> JSONResponse:
    """Build beside the index in service, run the checks on both, and publish when they pass
    (if asked: a publisher's); a build not published stays as the candidate."""
    if body.publish:
        auth.require_role(session, Role.PUBLISHER)
    return await anyio.to_thread.run_sync(lambda: _outcome(service, lambda: service.reindex(
        check_only=not body.publish, keep=True, actor=session.name)))


class PublishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    force: bool = Field(default=False, description="Publish a build the checks refused.")
    confirm: StoredText = Field(default="", max_length=128, description=(
        "With force: the candidate's build name, the second confirmation."))


@api.post("/admin/api/builds/publish", dependencies=[JsonBody])
async def post_publish(body: PublishRequest, service: ServiceDep,
                       session: auth.Publisher, settings: SettingsDep) -> JSONResponse:
    """Put the candidate in service; one the checks refused needs force and its name."""
    candidate = read_candidate(settings.index_dir)
    if body.force and (candidate is None or body.confirm != candidate[0].name):
        raise HTTPException(422, "publishing anyway needs a second confirmation: send the "
                            "candidate's build name as confirm")
    checked = candidate[1].get("gate") if candidate is not None else None
    return await anyio.to_thread.run_sync(lambda: _outcome(service, lambda: (
        service.publish_candidate(force=body.force, actor=session.name)), checked))


@api.post("/admin/api/builds/rollback")
async def post_rollback(service: ServiceDep, session: auth.Publisher) -> JSONResponse:
    """Serve the build before the current one again (atomically, like a publish)."""
    return await anyio.to_thread.run_sync(
        lambda: _outcome(service, lambda: service.roll_back(actor=session.name)))


@api.post("/admin/api/builds/discard")
def post_discard(session: auth.Publisher, settings: SettingsDep) -> dict[str, Any]:
    """Delete the candidate build."""
    try:
        return {"discarded": discard_candidate(settings.index_dir)}
    except HiringAdvisorError as exc:
        raise HTTPException(503, str(exc)) from None


# --- try it -----------------------------------------------------------------------------------

class TryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Question


@api.post("/admin/api/try", dependencies=[JsonBody])
async def post_try(body: TryRequest, request: Request, service: ServiceDep,
                   session: auth.CheckedChange) -> dict[str, Any]:
    """Ask a question on the index in service and on the candidate (else the previous build),
    side by side. Nothing is stored: it is not a conversation and not a gap."""
    def ask() -> dict[str, Any]:
        live = service.engine
        answer, _ = live.reply(body.question, DialogueState())
        result: dict[str, Any] = {
            "live": answer_item(answer, live.build),
            "other": None, "other_kind": None, "other_problem": None}
        try:
            other = service.other_build()
        except HiringAdvisorError as exc:
            result["other_problem"] = str(exc)
            return result
        if other is not None:
            kind, engine = other
            theirs, _ = engine.reply(body.question, DialogueState())
            result["other"] = answer_item(theirs, engine.build)
            result["other_kind"] = kind
        return result

    return await answering(request, ask)


api.include_router(session_routes.api)
api.include_router(account_routes.api)
router.include_router(api)
