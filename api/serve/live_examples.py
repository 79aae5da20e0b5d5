"""The API document's content examples, from the knowledge in service: a starter question of
the profile and what the assistant answers to it (the one whose answer has figures, when one
has), a search for it, a kit for the profile's first role, the profile itself. Worked out once
for each build in service, when /openapi.json is first asked for after it; nothing is stored.

So the examples are true of whatever knowledge a team serves, and name nothing of it here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from api.answer.kit_ask import KitError, NoKitContent
from api.dialogue.state import DialogueState
from api.serve.examples import MESSAGE_ID, SESSION_ID
from api.serve.routes import chat_response, profile_response
from api.serve.schemas import sse_event
from api.serve.service import ChatResult, ChatService

UNKNOWN_ROLE = "astronaut"  # a role no knowledge is expected to hold, for the 422's example
DELTAS = 4  # pieces of the example stream's answer
CREATED_AT = "2026-12-06T14:12:19.412345+00:00"


def of_app(app: FastAPI) -> tuple[str, Callable[[], dict[str, Any]]]:
    """The build in service ('' until the service is warm) and how to work out its examples
    (openapi.install's `live`)."""
    service: ChatService | None = getattr(app.state, "service", None)
    if service is None or not service.ready:
        return "", dict
    return service.engine.index.path.name, lambda: values(service)


def values(service: ChatService) -> dict[str, Any]:
    """Each content example's value, by the name its stand-in gives (api.serve.examples)."""
    engine = service.engine
    starters = list(engine.domain.profile.assistant.starters)
    replies = [(q, engine.reply(q, DialogueState())[0]) for q in starters]
    question, answer = next(((q, a) for q, a in replies if a.data), replies[0])
    chat = chat_response(ChatResult(SESSION_ID, MESSAGE_ID, service.turn_of(question, answer)))
    body = chat.model_dump(mode="json")
    follow_up = next((q for q in starters if q != question), question)
    found: dict[str, Any] = {
        "chat_request": {"message": question},
        "follow_up_request": {"message": follow_up, "session_id": SESSION_ID},
        "chat_response": body,
        "stream": _stream(body),
        "search_question": question,
        "search_response": {"results": service.search(question, 2)},
        "history_response": {"session_id": SESSION_ID, "turns": [{
            **{k: body[k] for k in ("message_id", "answer", "answered", "sources",
                                    "suggestions", "data")},
            "question": question, "rating": "up", "created_at": CREATED_AT}]},
        "profile_response": profile_response(service).model_dump(mode="json"),
    }
    return found | _kits(service)


def _stream(body: dict[str, Any]) -> str:
    """The chat stream of the example answer: its sources, the answer in pieces, the whole."""
    words = body["answer"].split(" ")
    size = max(1, -(-len(words) // DELTAS))
    pieces = [" ".join(words[i:i + size]) + (" " if i + size < len(words) else "")
              for i in range(0, len(words), size)]
    return (sse_event("sources", {k: body[k] for k in ("session_id", "message_id", "sources")})
            + "".join(sse_event("delta", {"text": piece}) for piece in pieces)
            + sse_event("done", body))


def _kits(service: ChatService) -> dict[str, Any]:
    """The kit examples: the profile's first kit for its first role with content; the 422 of a
    role the knowledge lacks and the 404 of one without content for the kit (when one is)."""
    profile = service.engine.domain.profile
    if not profile.kits:
        return {}
    kind = profile.kits[0].kind
    found: dict[str, Any] = {}
    for role in profile.roles:
        try:
            kit = service.kit(kind, role.id)
        except NoKitContent as exc:
            found.setdefault("no_kit", {"detail": str(exc)})
            continue
        except KitError:
            continue
        if "kit_response" not in found:
            section = kit["sections"][0]["id"] if kit.get("sections") else None
            found |= {"kit_request": {"kind": kind, "role": role.name},
                      "kit_request_without": {"kind": kind, "role": role.id,
                                              "session_id": SESSION_ID,
                                              **({"omit": [section]} if section else {})},
                      "kit_request_ad": {"kind": kind, "role": role.name, "sources": False},
                      "kit_response": kit}
    try:
        service.kit(kind, UNKNOWN_ROLE)
    except KitError as exc:
        found["unknown_role"] = {"detail": str(exc)}
    # Every role has content for it: the answer it would give one that had none.
    found.setdefault("no_kit", {"detail": service.engine.no_kit_content(kind, UNKNOWN_ROLE)})
    return found
