"""Request and response models of the HTTP API (they make the OpenAPI schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_MESSAGE = 2000


class ChatRequest(BaseModel):
    """A message to the assistant, in a conversation or starting one."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(
        description="The question, 1 to 2,000 characters after trimming.",
        examples=["What does a senior AI engineer earn in Boston?"],
    )
    session_id: str | None = Field(
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

    label: str = Field(examples=["Senior", "Boston, MA"])
    amount: float = Field(examples=[151000])
    currency: str = Field(description="ISO 4217 code.", examples=["USD"])
    period: str = Field(examples=["year"])
    source: str = Field(examples=["Glassdoor"])
    as_of: str = Field(description="Date of the figure (ISO 8601).", examples=["2024-01-22"])


class SalaryData(BaseModel):
    """The structured figures behind an answer that compares salaries (for a chart)."""

    kind: Literal["salaries"] = "salaries"
    rows: list[SalaryRow]


class ChatResponse(BaseModel):
    session_id: str
    message_id: str = Field(description="Id to send feedback about this answer.")
    answer: str = Field(description="The reply; light Markdown (bold, lists).")
    answered: bool = Field(description="False when the knowledge base holds nothing relevant.")
    sources: list[Source]
    suggestions: list[str] = Field(description="Follow-up questions the assistant can answer.")
    data: SalaryData | None = Field(
        default=None, description="Salary figures the answer compares, when it compares any."
    )


class SearchResponse(BaseModel):
    results: list[Source]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=128)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)


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
    reasons: dict[str, int] = Field(description="unanswered / low_score / thumbs_down counts.")
    examples: list[str]
    last_seen: str
    detail: str = Field(default="", description="Why it went unanswered or low, when known.")


class GapsResponse(BaseModel):
    gaps: list[GapItem]


class ReindexProblem(BaseModel):
    path: str
    line: int
    message: str


class ReindexResponse(BaseModel):
    status: Literal["swapped", "unchanged", "refused", "failed"]
    message: str
    summary: str = ""
    build: str = ""
    problems: list[ReindexProblem] = []
    before: dict[str, float] = {}
    after: dict[str, float] = {}


class ErrorResponse(BaseModel):
    detail: str = Field(description="What went wrong, for a person to act on.")
    errors: list[dict] | None = Field(default=None, description="Per-field problems.")
