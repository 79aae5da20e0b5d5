"""HTTP routes: validate, call the service, shape the JSON. No retrieval logic here."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse

from api.answer.kit_ask import KitError, NoKitContent
from api.serve import examples, metrics
from api.serve.deps import (
    ChatTurn,
    JsonBody,
    RateLimited,
    ServiceDep,
    admin_actor,
    answering,
    require_admin,
)
from api.serve.openapi import AdminAccount, AdminBearer, answer, ok, stream_response
from api.serve.schemas import (
    TEXT_PATTERN,
    ChatRequest,
    ChatResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    GapItem,
    GapsResponse,
    HistoryResponse,
    KitData,
    KitRequest,
    ProfileResponse,
    ReindexResponse,
    SearchResponse,
    StoredText,
    StreamDelta,
    StreamSources,
    publish_http_status,
    sse_event,
)
from api.serve.service import ChatResult, ChatService, reindex_payload
from api.store.records import StoreUnavailable, UnknownMessageError
from api.store.roles import Role

log = logging.getLogger("hiring_advisor")
router = APIRouter()
STATIC = Path(__file__).resolve().parent / "static"
ERRORS: dict[int | str, dict[str, Any]] = {
    400: answer("A CORS preflight from an origin that may not call the API",
                examples.BAD_REQUEST),
    413: answer("Body over 64 KB", examples.TOO_LARGE),
    415: answer("Body is not JSON", examples.NOT_JSON),
    422: answer("Invalid request", examples.INVALID_REQUEST),
    429: answer("Too many requests; see Retry-After", examples.TOO_MANY),
    503: answer("Starting up", examples.STARTING),
}
# What every admin route may answer besides its own (admin_actor, the query's validation).
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: answer("Admin token missing or wrong, or a wrong name or password",
                examples.WRONG_TOKEN),
    403: answer("The account's role is not enough for this route", examples.ROLE_TOO_LOW),
    404: answer("No admin token is configured: no admin API", examples.NO_ADMIN),
    422: ERRORS[422],
    429: answer("Too many wrong admin tokens or passwords from this address; see Retry-After",
                examples.TOO_MANY_TOKENS),
    503: answer("Starting up, or the store is not available", examples.STARTING),
}
ChatBody = Annotated[ChatRequest, Body(openapi_examples=examples.CHAT_REQUESTS)]


class ModelJSON(Response):
    """A response model instance sent as its own JSON (validated once, when it was made):
    FastAPI would validate and encode it again, on every chat turn."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return str(content.model_dump_json()).encode()


def chat_response(result: ChatResult) -> ChatResponse:
    turn = result.turn
    return ChatResponse.model_validate({
        "session_id": result.session_id,
        "message_id": result.message_id,
        "answer": turn.answer,
        "answered": turn.answered,
        "reason": turn.reason or None,
        "sources": turn.sources,
        "suggestions": turn.suggestions,
        "data": turn.data,
        "saved": result.saved,
    })


def _note_message(request: Request, message: str) -> None:
    if request.app.state.settings.log_messages:
        request.state.log_fields = {"message": message}


@router.post(
    "/api/chat",
    summary="Ask a question",
    response_model=ChatResponse,
    responses={**ok(examples.CHAT_RESPONSE), **ERRORS},
    tags=["chat"],
)
async def post_chat(body: ChatBody, service: ChatTurn, request: Request) -> Response:
    """Answer a message, continuing the conversation `session_id` (or starting one)."""
    _note_message(request, body.message)
    return ModelJSON(chat_response(await _answer(request, service, body)))


async def _answer(request: Request, service: ChatService, body: ChatRequest) -> ChatResult:
    """The turn, worked on in a thread once one of the worker's answering slots is free; the
    route that answered goes into the request's log line."""
    result = await answering(request, partial(service.chat, body.message, body.session_id))
    request.state.log_fields = {**getattr(request.state, "log_fields", {}),
                                "answer_route": result.turn.route}
    return result


@router.post(
    "/api/chat/stream",
    summary="Ask a question, the answer streamed",
    response_class=StreamingResponse,
    responses={**stream_response(), **ERRORS},
    tags=["chat"],
)
async def post_chat_stream(body: ChatBody, service: ChatTurn, request: Request
                           ) -> StreamingResponse:
    """The chat answer as a Server-Sent Events stream."""
    _note_message(request, body.message)
    counters: Counter[str] = request.app.state.counters

    def gone() -> None:
        # The client went away (closed the page, lost the network): normal, not an error.
        counters["aborted_streams"] += 1
        log.debug("chat stream closed by the client")

    async def events() -> AsyncIterator[str]:
        try:
            result = await _answer(request, service, body)
            if await request.is_disconnected():
                gone()  # the turn is kept; nobody is left to send it to
                return
            response = chat_response(result)
            yield sse_event("sources", StreamSources(
                session_id=response.session_id, message_id=response.message_id,
                sources=response.sources).model_dump())
            for chunk in _chunks(response.answer):
                yield sse_event("delta", StreamDelta(text=chunk).model_dump())
            yield sse_event("done", response.model_dump())
        except asyncio.CancelledError:
            gone()
            raise
        except Exception as exc:  # noqa: BLE001 - a stream must end with an event, never silently
            log.exception("chat stream failed",
                          extra={"fields": {"error_type": type(exc).__name__}})
            yield sse_event("error", {"detail": "the answer could not be completed; please retry"})

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _chunks(text: str, words: int = 4) -> list[str]:
    """Split text into small pieces that join back to it exactly."""
    parts = text.split(" ")
    return [" ".join(parts[i : i + words]) + (" " if i + words < len(parts) else "")
            for i in range(0, len(parts), words)]


@router.post(
    "/api/kit",
    summary="Draft a job post or a scorecard",
    response_model=KitData,
    responses={**ok(examples.KIT_RESPONSE),
               404: answer("The knowledge has no content for this kit and role (the detail "
                           "lists the roles it has)", examples.NO_KIT),
               **ERRORS,
               # Which roles, levels, places and sections exist is content, published while
               # the server runs: the schema cannot list them, the 422's detail does.
               422: answer("Invalid request, or a role, level, place or section the knowledge "
                           "in service does not have (the detail lists those it has)",
                           examples.UNKNOWN_ROLE)},
    dependencies=[JsonBody, RateLimited],
    tags=["chat"],
)
def post_kit(body: Annotated[KitRequest, Body(openapi_examples=examples.KIT_REQUESTS)],
             service: ServiceDep) -> KitData:
    """Draft a hiring kit (a job post or a screening scorecard) from the knowledge; every line
    carries the id of the snippet or salary record it quotes."""
    try:
        document = service.kit(body.kind, body.role, body.level, body.location, body.session_id,
                               body.omit, sources=body.sources)
    except NoKitContent as exc:
        raise HTTPException(404, str(exc)) from None
    except KitError as exc:
        raise HTTPException(422, str(exc)) from None
    return KitData.model_validate(document)


@router.get("/api/search", summary="Search the knowledge",
            response_model=SearchResponse, responses={**ok(examples.SEARCH_RESPONSE), **ERRORS},
            dependencies=[RateLimited], tags=["chat"])
def get_search(
    service: ServiceDep,
    q: Annotated[StoredText, Query(
        min_length=1, max_length=2000, json_schema_extra={"pattern": TEXT_PATTERN},
        description="The question: some text, no control characters.",
        openapi_examples={"certifications": {"summary": "A question",
                                             "value": examples.SEARCH_QUESTION}})],
    k: Annotated[int, Query(ge=1, le=20, description="How many results.")] = 5,
) -> SearchResponse:
    """Ranked knowledge snippets for a question (empty when nothing relevant)."""
    if not q.strip():
        raise HTTPException(422, "q is empty; give a question")
    return SearchResponse.model_validate({"results": service.search(q.strip(), k)})


@router.post("/api/feedback", summary="Rate an answer", response_model=FeedbackResponse,
             responses={**ok(examples.FEEDBACK_RESPONSE),
                        404: answer("No such answer", examples.NO_MESSAGE),
                        **ERRORS},
             dependencies=[JsonBody, RateLimited], tags=["chat"])
def post_feedback(
    body: Annotated[FeedbackRequest, Body(openapi_examples=examples.FEEDBACK_REQUESTS)],
    service: ServiceDep,
) -> FeedbackResponse:
    """Thumbs up or down (with an optional comment) on one answer."""
    try:
        service.feedback(body.message_id, body.rating, body.comment)
    except UnknownMessageError as exc:
        raise HTTPException(404, str(exc)) from None
    except StoreUnavailable as exc:
        raise _store_down(exc) from None
    return FeedbackResponse()


def _store_down(error: StoreUnavailable) -> HTTPException:
    return HTTPException(503, f"feedback and history are not available right now ({error}); "
                         "try again later", headers={"Retry-After": "30"})


@router.get("/api/sessions/{session_id}", summary="Restore a conversation",
            response_model=HistoryResponse,
            responses={**ok(examples.HISTORY_RESPONSE),
                       404: answer("No such conversation (it may have expired)",
                                   examples.NO_SESSION),
                       **ERRORS},
            dependencies=[RateLimited], tags=["chat"])
def get_session(
    session_id: Annotated[StoredText, PathParam(
        max_length=128, description="The `session_id` of an answer.",
        openapi_examples={"session": {"summary": "A conversation",
                                      "value": examples.SESSION_ID}})],
    service: ServiceDep,
) -> HistoryResponse:
    """The turns of a live conversation, to restore it in a client."""
    try:
        turns = service.history(session_id)
    except StoreUnavailable as exc:
        raise _store_down(exc) from None
    if turns is None:
        raise HTTPException(404, "no such conversation (it may have expired)")
    return HistoryResponse.model_validate({"session_id": session_id, "turns": turns})


@router.get("/api/admin/gaps", summary="List unanswered questions",
            response_model=GapsResponse,
            responses={**ok(examples.GAPS_RESPONSE), **ADMIN_ERRORS},
            dependencies=[AdminBearer, AdminAccount], tags=["admin"])
def get_gaps(
    service: ServiceDep,
    actor: Annotated[str, admin_actor(Role.VIEWER)],
    limit: Annotated[int, Query(ge=1, le=500, description="How many groups, most asked "
                                "first.")] = 50,
) -> GapsResponse:
    """Questions that went unanswered, scored low or got a thumbs-down, grouped and counted
    (any role)."""
    try:
        groups = service.gaps(limit)
    except StoreUnavailable as exc:
        raise _store_down(exc) from None
    return GapsResponse(
        gaps=[
            GapItem(question=g.question, count=g.count, reasons=g.reasons, examples=g.examples,
                    last_seen=g.last_seen.isoformat(), detail=g.detail)
            for g in groups
        ]
    )


@router.post("/api/admin/reindex", summary="Rebuild and publish the knowledge",
             response_model=ReindexResponse,
             responses={**ok(examples.REINDEX_RESPONSE), **ADMIN_ERRORS,
                        409: answer("Not published: the checks got worse or are stale "
                                    "(`force` publishes anyway)", examples.REINDEX_REFUSED,
                                    ReindexResponse),
                        422: answer("The knowledge has errors (`problems`, each with file and "
                                    "line), or an invalid request", examples.REINDEX_FAILED,
                                    ReindexResponse | ErrorResponse),
                        503: answer("The index directory cannot be written, or starting up",
                                    examples.REINDEX_UNAVAILABLE,
                                    ReindexResponse | ErrorResponse)},
             dependencies=[AdminBearer, AdminAccount], tags=["admin"])
def post_reindex(
    service: ServiceDep,
    actor: Annotated[str, admin_actor(Role.PUBLISHER)],
    force: Annotated[bool, Query(description="Publish even if checks got worse or are stale.")]
    = False,
):
    """Rebuild from knowledge/, check it, and publish it without downtime if the checks pass
    (the publisher role)."""
    result = service.reindex(force=force, actor=actor)
    payload = ReindexResponse.model_validate(reindex_payload(result)).model_dump()
    status = publish_http_status(result.status)
    headers = {"Retry-After": "60"} if status == 503 else None
    return JSONResponse(payload, status_code=status, headers=headers)


@router.get("/api/profile", summary="Get the assistant's greeting and starters",
            response_model=ProfileResponse,
            responses={**ok(examples.PROFILE_RESPONSE), **ERRORS}, tags=["chat"])
def get_profile(service: ServiceDep) -> ProfileResponse:
    """The assistant's name, greeting, placeholder, starter questions and the widget's words."""
    return profile_response(service)


def profile_response(service: ChatService) -> ProfileResponse:
    """What GET /api/profile answers, from the knowledge in service."""
    profile = service.engine.domain.profile
    widget = {"labels": profile.widget_labels,
              "locale": profile.assistant.locale.replace("_", "-")}
    return ProfileResponse.model_validate({**service.profile(), "widget": widget})


@router.get("/widget.js", include_in_schema=False)
def get_widget() -> FileResponse:
    """The embeddable chat widget (one self-contained script)."""
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


@router.get("/", include_in_schema=False)
def get_demo() -> FileResponse:
    """A sample internal hiring-handbook page with the widget embedded, and how to embed it."""
    return FileResponse(STATIC / "demo.html", media_type="text/html; charset=utf-8")


async def metrics_access(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """The admin token, when HIRING_ADVISOR_METRICS_REQUIRE_TOKEN is set (then, as for the
    admin API, 404 while no admin token is configured); nothing otherwise."""
    if request.app.state.settings.metrics_require_token:
        await require_admin(request, authorization)


# Outside the OpenAPI schema, like the widget: it is for Prometheus, not for API clients.
@router.get("/metrics", include_in_schema=False, dependencies=[Depends(metrics_access)])
def get_metrics(request: Request) -> Response:
    """Prometheus metrics, added up over every worker of the server."""
    body, content_type = metrics.exposition(request.headers.get("accept", ""))
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


@router.get("/healthz", summary="Check the process is alive", tags=["ops"],
            responses=ok(examples.HEALTHZ_RESPONSE))
def get_healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz", summary="Check the service is ready", tags=["ops"],
            responses={**ok(examples.READYZ_RESPONSE),
                       503: answer("Starting up", examples.NOT_READY)})
def get_readyz(request: Request) -> dict[str, str]:
    """The model is warm and the index loaded (503 before); "degraded" while the store cannot
    keep conversations or the rate-limit storage cannot be reached (answers are still given)."""
    service = getattr(request.app.state, "service", None)
    if service is None or not service.ready:
        problem = getattr(request.app.state, "startup_error", None)
        raise HTTPException(503, problem or "starting up", headers={"Retry-After": "5"})
    status = {"status": "ready", "index": service.engine.build, "store": "ok"}
    if service.store_problem:
        status.update(status="degraded", store=service.store_problem)
    # As the last request found it: "ok", "off", or "degraded: <why>" while limits are not
    # enforced because their storage (Redis) does not answer.
    status["rate_limit"] = request.app.state.limiter.state
    if status["rate_limit"].startswith("degraded"):
        status["status"] = "degraded"
    return status
