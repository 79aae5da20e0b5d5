"""Request and response models of the HTTP API (they make the OpenAPI schema)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

MAX_MESSAGE = 2000
# What no database stores as text: halves of a UTF-16 pair on their own, NUL, and the other
# C0 control characters (tab and line breaks are text).
_UNSTORABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def storable(value: str) -> str:
    """Text that can be stored as it is, or a ValueError saying which character cannot."""
    bad = _UNSTORABLE.search(value)
    if bad:
        raise ValueError(f"contains a character that cannot be stored as text "
                         f"(U+{ord(bad.group(0)):04X} at position {bad.start()}); remove it")
    return value


StoredText = Annotated[str, AfterValidator(storable)]


class ChatRequest(BaseModel):
    """A message to the assistant, in a conversation or starting one."""

    model_config = ConfigDict(extra="forbid")

    message: StoredText = Field(
        description="The question, 1 to 2,000 characters after trimming.",
        examples=["What should we pay for this role?"],
    )
    session_id: StoredText | None = Field(
        default=None,
        max_length=128,
        description="Conversation to continue; an unknown or expired id starts a new one.",
    )

    @field_validator("message")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("message is empty; type a question")
        if len(value) > MAX_MESSAGE:
            raise ValueError(f"message is {len(value)} characters; the limit is {MAX_MESSAGE}")
        return value


class Source(BaseModel):
    """A snippet of the knowledge base that an answer used."""

    id: str
    title: str
    snippet: str = Field(description="The snippet's text.")
    score: float = Field(description="Retrieval score, 0 to 1.")
    path: str = Field(description="Knowledge file the snippet comes from.")
    line: int = Field(description="Line of the snippet in that file.")


class SalaryRow(BaseModel):
    """One salary figure an answer states."""

    label: str = Field(description="What the figure is for: a level, a place (and the role, "
                       "when the figures are of several roles).")
    role: str = Field(default="", description="The role the figure is for.")
    amount: float
    currency: str = Field(description="ISO 4217 code.")
    period: str = Field(description="year, month, week, day or hour.")
    source: str = Field(description="Who produced the figure.")
    as_of: str = Field(description="Date of the figure (ISO 8601).")


class SalaryData(BaseModel):
    """The structured figures behind an answer that compares salaries (for a chart)."""

    kind: Literal["salaries"] = "salaries"
    rows: list[SalaryRow]


Reason = Literal["out_of_scope", "not_covered", "declined"]


class ChatResponse(BaseModel):
    session_id: str
    message_id: str = Field(description="Id to send feedback about this answer.")
    answer: str = Field(description="The reply; light Markdown (bold, lists).")
    answered: bool = Field(description="False when the knowledge does not answer the question, "
                           "or the assistant declines it.")
    reason: Reason | None = Field(
        default=None,
        description="Why it was not answered: out_of_scope (not what the assistant is for), "
        "not_covered (a question for it that the knowledge does not answer) or declined (a "
        "request it will not help with, such as filtering candidates on a protected "
        "characteristic); null when answered.",
    )
    sources: list[Source]
    suggestions: list[str] = Field(description="Follow-up questions the assistant can answer.")
    data: SalaryData | None = Field(
        default=None, description="Salary figures the answer compares, when it compares any."
    )
    saved: bool = Field(
        default=True,
        description="False when the conversation store could not keep this turn (the answer "
        "stands; feedback on it and the conversation's history are not available).",
    )


class SearchResponse(BaseModel):
    results: list[Source]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: StoredText = Field(min_length=1, max_length=128)
    rating: Literal["up", "down"]
    comment: StoredText | None = Field(default=None, max_length=2000)


class FeedbackResponse(BaseModel):
    status: Literal["recorded"] = "recorded"


class HistoryTurn(BaseModel):
    message_id: str
    question: str
    answer: str
    answered: bool
    sources: list[Source]
    suggestions: list[str]
    data: SalaryData | None = None
    rating: Literal["up", "down"] | None = None
    created_at: str


class HistoryResponse(BaseModel):
    session_id: str
    turns: list[HistoryTurn]


class GapItem(BaseModel):
    question: str = Field(description="The latest wording of the question.")
    count: int
    reasons: dict[str, int] = Field(
        description="Counts by reason: out_of_scope, not_covered, declined, low_score, "
        "thumbs_down.")
    examples: list[str]
    last_seen: str
    detail: str = Field(default="", description="Why it went unanswered or low, when known.")


class GapsResponse(BaseModel):
    gaps: list[GapItem]


class ReindexProblem(BaseModel):
    path: str
    line: int
    message: str


class GateCheck(BaseModel):
    ask: str
    path: str
    line: int
    status: str
    detail: str = ""


class GateReport(BaseModel):
    """The publish checks on the index in service (before) and on the new build (after)."""

    before: dict[str, float] = {}
    after: dict[str, float] = {}
    counts_before: dict[str, int] = {}
    counts_after: dict[str, int] = {}
    stale: list[GateCheck] = []
    worse: list[GateCheck] = []
    better: list[GateCheck] = []
    table: str = Field(default="", description="The same, as the CLI prints it.")


class ReindexResponse(BaseModel):
    status: Literal["published", "unchanged", "refused", "failed", "unavailable"]
    message: str
    summary: str = Field(default="", description="What the build embedded and reused.")
    build: str = ""
    problems: list[ReindexProblem] = []
    gate: GateReport | None = None


class ProfileResponse(BaseModel):
    """The assistant's own lines, for a client to show before the first question."""

    name: str
    greeting: str
    placeholder: str
    scope: str
    starters: list[str]


class ErrorResponse(BaseModel):
    detail: str = Field(description="What went wrong, for a person to act on.")
    errors: list[dict] | None = Field(default=None, description="Per-field problems.")
