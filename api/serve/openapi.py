"""What the OpenAPI document says beyond the routes' own signatures: examples of responses, the
Server-Sent Events of the chat stream, and how to call the admin API: the admin token as a
bearer scheme, or an account's name and password as HTTP Basic (Swagger UI's Authorize button).

Documentation only: `api.serve.deps.admin_actor` enforces them; `AdminBearer` and
`AdminAccount` declare them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Security
from fastapi.security import HTTPBasic, HTTPBearer
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from starlette.requests import HTTPConnection

from api.serve import examples
from api.serve.schemas import (
    ChatResponse,
    ErrorResponse,
    StreamDelta,
    StreamSources,
)

# What /docs and /redoc show above the routes.
DESCRIPTION = """\
Every answer quotes the snippets and salary records of the knowledge it comes from.

Errors are JSON, `{"detail": "..."}`, with `errors` (one per field) for an invalid request.
Text fields take any text but control characters (tab and line breaks are text). Clients are
rate-limited (429 with `Retry-After`). The admin routes need the admin token
(`HIRING_ADVISOR_ADMIN_TOKEN`, the account "automation", which may do everything) or an
account's name and password with the role each route names (`hiring-advisor users add`):
**Authorize** with either; without an admin token configured they answer 404.
"""
TAGS = [
    {"name": "chat", "description": "Ask, stream, search, draft kits, rate answers, restore "
     "a conversation."},
    {"name": "admin", "description": "For the knowledge's editors: the admin token, or an "
     "account with a role."},
    {"name": "ops", "description": "For load balancers and orchestrators."},
]
REF = "#/components/schemas/{model}"
# Declares the scheme and reads nothing that matters: with auto_error off it never refuses a
# request (admin_actor does, with its own 401, 403, 404 and 429).
AdminBearer = Security(HTTPBearer(
    scheme_name="AdminToken", auto_error=False,
    description="The admin token (`HIRING_ADVISOR_ADMIN_TOKEN`), sent as "
    "`Authorization: Bearer <token>`: the account \"automation\", with the admin role. Without "
    "one configured the admin API answers 404.",
))


class _Declared(HTTPBasic):
    """HTTP Basic, declared and never read: FastAPI's own refuses a name that is not ASCII
    and answers a malformed header itself (`admin_actor` reads UTF-8, and counts it)."""

    async def __call__(self, request: HTTPConnection) -> None:  # type: ignore[override]
        return None


AdminAccount = Security(_Declared(
    scheme_name="AdminAccount", auto_error=False,
    description="An account's name and password (`hiring-advisor users add`), sent as "
    "`Authorization: Basic <base64 of name:password>` (UTF-8). Each admin route names the "
    "role it needs (viewer < editor < publisher < admin); a lower one gets 403.",
))

# The stream's events in the order they come: name -> (the model of its JSON data, what it is).
STREAM_EVENTS: dict[str, tuple[type[BaseModel], str]] = {
    "sources": (StreamSources, "First: the conversation and message ids, and the snippets "
                "the answer quotes."),
    "delta": (StreamDelta, "Then, one after another: the answer's text in small pieces; "
              "joined in order they are the answer."),
    "done": (ChatResponse, "Last: the whole chat response, as `POST /api/chat` returns it "
             "(`answered`, `reason`, `suggestions`, `data`...)."),
    "error": (ErrorResponse, "Instead of the rest, when the answer could not be completed: "
              "retry the question."),
}


def ok(example: Any, description: str = "Successful Response") -> dict[int | str, Any]:
    """The 200 response's entry of a route's `responses`, with an example of its JSON."""
    return {200: {"description": description,
                  "content": {"application/json": {"example": example}}}}


def answer(description: str, example: Any, model: Any = ErrorResponse) -> dict[str, Any]:
    """A response's entry in a route's `responses` (an error, by default), with an example."""
    return {"model": model, "description": description,
            "content": {"application/json": {"example": example}}}


def _event_schema(name: str, model: type[BaseModel], description: str) -> dict[str, Any]:
    """One Server-Sent Event as a client's parser reads it: its name and its data, a line of
    JSON (FastAPI's and OpenAPI 3.2's form, which schemathesis checks responses against)."""
    return {
        "type": "object", "title": name, "description": description,
        "required": ["event", "data"],
        "properties": {
            "event": {"const": name},
            "data": {"type": "string", "contentMediaType": "application/json",
                     "contentSchema": {"$ref": REF.format(model=model.__name__)}},
        },
    }


def stream_response() -> dict[int | str, Any]:
    """The 200 response of the chat stream: each event, its data, and an example stream."""
    rows = "\n".join(f"| `{name}` | {what} | `{model.__name__}` |"
                     for name, (model, what) in STREAM_EVENTS.items())
    example = examples.STREAM_EXAMPLE  # the knowledge in service's (api.serve.live_examples)
    return {200: {
        "description": "A Server-Sent Events stream (`text/event-stream`). Each event is an "
        "`event:` line with its name and a `data:` line of JSON:\n\n"
        "| event | when | data |\n| --- | --- | --- |\n" + rows + "\n\n"
        "A client that goes away mid-stream loses nothing: the turn is kept, and "
        "`GET /api/sessions/{session_id}` returns it.",
        "content": {"text/event-stream": {
            "itemSchema": {"oneOf": [_event_schema(name, model, what)
                                     for name, (model, what) in STREAM_EVENTS.items()]},
            "example": example,
        }},
    }}


def _add_models(document: dict[str, Any]) -> None:
    """The models the stream's events refer to, among the document's schemas (no route
    returns them as JSON, so FastAPI does not list them)."""
    mode: JsonSchemaMode = "serialization"
    models = [(model, mode) for model, _ in STREAM_EVENTS.values()]
    _, definitions = models_json_schema(models, ref_template=REF)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in definitions.get("$defs", {}).items():
        schemas.setdefault(name, schema)


def _drop_authorization_parameters(document: dict[str, Any]) -> None:
    """No `Authorization` header parameter where a security scheme says how to send it:
    OpenAPI ignores one (3.1, Parameter Object) and Swagger UI would show a box that sends
    nothing. A dependency that reads the header as a parameter makes one, hence to drop."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if "security" not in operation or "parameters" not in operation:
                continue
            operation["parameters"] = [p for p in operation["parameters"]
                                       if not _is_authorization(p)]
            if not operation["parameters"]:
                del operation["parameters"]


def _is_authorization(parameter: dict[str, Any]) -> bool:
    return parameter.get("in") == "header" and parameter.get("name", "").lower() == "authorization"


Live = Callable[[], tuple[str, Callable[[], dict[str, Any]]]]


def install(app: FastAPI, live: Live) -> None:
    """Make `app.openapi()` (and /openapi.json) the refined document: built once, its content
    examples filled from what `live()` names (the build in service, and how to work out its
    examples), again whenever that build changes. Until the service is warm, they are left out."""
    build: Callable[[], dict[str, Any]] = app.openapi
    base: dict[str, Any] = {}
    served: dict[str, dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        if not base:
            document = build()
            _add_models(document)
            _drop_authorization_parameters(document)
            base.update(document)
        key, values = live()
        if key not in served:
            served.clear()
            served[key] = filled(copy.deepcopy(base), values() if key else {})
        app.openapi_schema = served[key]
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


_DROP = object()


def filled(node: Any, values: dict[str, Any]) -> Any:
    """`node` with each stand-in (`examples.live`) replaced by its value; a stand-in without
    one is left out, with the named example that held it (and "examples" left with none)."""
    if isinstance(node, dict):
        if set(node) == {examples.LIVE}:
            return values.get(node[examples.LIVE], _DROP)
        out = {}
        for key, value in node.items():
            value = filled(value, values)
            if key == "examples" and isinstance(value, dict):
                value = {name: example for name, example in value.items()
                         if not isinstance(example, dict) or "value" in example
                         or "externalValue" in example} or _DROP
            if value is not _DROP:
                out[key] = value
        return out
    if isinstance(node, list):
        return [v for v in (filled(item, values) for item in node) if v is not _DROP]
    return node
