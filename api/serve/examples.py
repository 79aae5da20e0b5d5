"""Example requests and responses of the HTTP API, for its documentation (/docs, /redoc).

Examples that show content (a question, its answer, a kit, the profile) are what the knowledge
in service gives: here they are stand-ins (`live`), which the document fills from the service
once it is warm, for each build it serves (api.serve.live_examples). The rest name no content.
tests/http/test_docs_api.py checks each against the schema it illustrates.
"""

from __future__ import annotations

from typing import Any

LIVE = "x-live-example"  # the key of a stand-in: {LIVE: name}

SESSION_ID = "s_10fd5bba4c0e41a6b6c33176ff34f31a8d3befb4"
MESSAGE_ID = "m_572778852b1b448ebfcd09eca80e2f7fbe0545fc"
BUILD = "build-20261206T124218-1c2cd5"


def live(name: str) -> dict[str, str]:
    """A stand-in for the example `name` that the knowledge in service gives."""
    return {LIVE: name}


CHAT_REQUESTS: dict[str, dict[str, Any]] = {
    "question": {"summary": "A question", "value": live("chat_request")},
    "follow-up": {"summary": "Another question in the same conversation",
                  "value": live("follow_up_request")},
}
CHAT_RESPONSE = live("chat_response")
STREAM_EXAMPLE = live("stream")
SEARCH_QUESTION = live("search_question")
SEARCH_RESPONSE = live("search_response")
KIT_REQUESTS: dict[str, dict[str, Any]] = {
    "kit": {"summary": "A kit for a role", "value": live("kit_request")},
    "without": {"summary": "A kit at the conversation's level and place, without a section",
                "value": live("kit_request_without")},
    "ad": {"summary": "The ad alone in its Markdown (no notes for the recruiter, no sources)",
           "value": live("kit_request_ad")},
}
KIT_RESPONSE = live("kit_response")
HISTORY_RESPONSE = live("history_response")
PROFILE_RESPONSE = live("profile_response")
UNKNOWN_ROLE = live("unknown_role")
NO_KIT = live("no_kit")
CHECK_QUESTION = "What do they earn?"  # a check's question, in the gate's examples

FEEDBACK_REQUESTS: dict[str, dict[str, Any]] = {
    "up": {"summary": "A thumbs-up with a comment",
           "value": {"message_id": MESSAGE_ID, "rating": "up",
                     "comment": "Clear, and it names the source."}},
    "down": {"summary": "A thumbs-down",
             "value": {"message_id": MESSAGE_ID, "rating": "down"}},
}
FEEDBACK_RESPONSE = {"status": "recorded"}


GAPS_RESPONSE: dict[str, Any] = {"gaps": [
    {"question": "What is the weather in Paris?", "count": 2,
     "reasons": {"out_of_scope": 1, "thumbs_down": 1},
     "examples": ["What is the weather in Paris?"],
     "last_seen": "2026-12-06T14:12:19.490248+00:00",
     "detail": "the intent classifier reads it as off-topic"},
    {"question": "Can I filter out candidates over 50?", "count": 1,
     "reasons": {"declined": 1}, "examples": ["Can I filter out candidates over 50?"],
     "last_seen": "2026-12-06T14:12:19.444998+00:00",
     "detail": "asks to select candidates by a protected characteristic"},
]}

_SCORES = {"passed": 1.0, "answers": 1.0, "refusals": 1.0, "hit@1": 1.0, "hit@3": 1.0,
           "mrr": 1.0}
_COUNTS = {"pass": 64, "fail": 0, "stale": 0, "new": 0}
REINDEX_RESPONSE: dict[str, Any] = {
    "status": "published", "message": "the new index is in service",
    "summary": "embedded 2 new/changed, reused 66, removed 0",
    "build": "build-20261206T141309-0c35aa", "problems": [],
    "gate": {"before": _SCORES, "after": _SCORES, "counts_before": _COUNTS,
             "counts_after": _COUNTS, "stale": [], "worse": [], "better": [],
             "table": "checks          in service   new build\n"
                      "  passed             1.000       1.000\n"
                      "  pass                  64          64"},
}

HEALTHZ_RESPONSE = {"status": "ok"}
READYZ_RESPONSE = {"status": "ready", "index": BUILD, "store": "ok", "rate_limit": "ok"}

INVALID_REQUEST: dict[str, Any] = {
    "detail": "invalid request: message: contains a character that cannot be stored as text "
              "(U+0000 at position 1); remove it",
    "errors": [{"field": "message", "message": "contains a character that cannot be stored as "
                "text (U+0000 at position 1); remove it", "type": "value_error"}],
}

# The errors, as each route answers them ({"detail": ...}).
TOO_LARGE = {"detail": "the request body is over the 64 KB limit; send less"}
NOT_JSON = {"detail": "send the body as JSON with Content-Type: application/json (got "
                      "'text/plain')"}
BAD_REQUEST = {"detail": "Disallowed CORS origin: this origin may not call the API"}
TOO_MANY = {"detail": "too many requests; please wait a moment before asking again"}
STARTING = {"detail": "the assistant is starting up; try again in a few seconds"}
NOT_READY = {"detail": "starting up"}
NO_MESSAGE = {"detail": f"no message with id '{MESSAGE_ID}'"}
NO_SESSION = {"detail": "no such conversation (it may have expired)"}
WRONG_TOKEN = {"detail": "admin token missing or wrong"}
ROLE_TOO_LOW = {"detail": "this needs the publisher role; the account 'Ann' has the editor role"}
NO_ADMIN = {"detail": "Not Found"}
TOO_MANY_TOKENS = {"detail": "too many wrong admin tokens or passwords from this address; wait "
                             "before trying again"}
REINDEX_REFUSED: dict[str, Any] = {
    "status": "refused",
    "message": "not published: 1 check(s) got worse; the index in service is unchanged. Fix the "
               "knowledge or the checks in knowledge/checks.yml, or publish anyway with force.",
    "summary": "embedded 1 new/changed, reused 67, removed 0", "build": "", "problems": [],
    "gate": {"before": _SCORES, "after": {**_SCORES, "passed": 0.984},
             "counts_before": _COUNTS, "counts_after": {**_COUNTS, "pass": 63, "fail": 1},
             "stale": [], "better": [],
             "worse": [{"ask": CHECK_QUESTION, "path": "knowledge/checks.yml", "line": 41,
                        "status": "fail", "detail": "expected the figure's snippet in the top 3, "
                        "got it at 5"}],
             "table": "checks          in service   new build\n"
                      "  passed             1.000       0.984"},
}
REINDEX_FAILED: dict[str, Any] = {
    "status": "failed",
    "message": "the knowledge has 1 problem(s); the index in service is unchanged",
    "summary": "", "build": "", "gate": None,
    "problems": [{"path": "knowledge/salaries.csv", "line": 7,
                  "message": "amount must be a number without symbols, got 'lots'"}],
}
REINDEX_UNAVAILABLE: dict[str, Any] = {
    "status": "unavailable",
    "message": "cannot write the index directory /srv/hiring-advisor/index/: Read-only file "
               "system. Check that it exists or can be created, that this user may write to "
               "it, and that the disk has room; the index in service is unchanged",
    "summary": "", "build": "", "problems": [], "gate": None,
}
