"""Request and response models of the HTTP API (they make the OpenAPI schema)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
)

from api.publish.publishing import PublishStatus

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


def _question(value: str, info: ValidationInfo) -> str:
    """A question trimmed, 1 to MAX_MESSAGE characters; errors name the field."""
    value = value.strip()
    if not value:
        raise ValueError(f"{info.field_name} is empty; type a question")
    if len(value) > MAX_MESSAGE:
        raise ValueError(f"{info.field_name} is {len(value)} characters; the limit is "
                         f"{MAX_MESSAGE}")
    return value


Question = Annotated[StoredText, AfterValidator(_question)]


class ChatRequest(BaseModel):
    """A message to the assistant, in a conversation or starting one."""

    model_config = ConfigDict(extra="forbid")

    message: Question = Field(
        description="The question, 1 to 2,000 characters after trimming.",
        examples=["What should we pay for this role?"],
    )
    session_id: StoredText | None = Field(
        default=None,
        max_length=128,
        description="Conversation to continue; an unknown or expired id starts a new one.",
    )


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


class KitOffer(BaseModel):
    """A hiring kit a client may offer under an answer (a button), and the message it sends."""

    label: str = Field(description="The button's label, from the knowledge's profile.")
    message: str = Field(description="The chat message that asks for the kit.")


class SalaryData(BaseModel):
    """The structured figures behind a salary answer (a chart when it compares several)."""

    kind: Literal["salaries"] = "salaries"
    rows: list[SalaryRow]
    draft: KitOffer | None = Field(
        default=None, description="A job post for what the answer was about, when the "
        "knowledge can draft one.")


KitKind = Literal["job_post", "scorecard"]


class KitBullet(BaseModel):
    """One line of a kit, quoted from the knowledge."""

    text: str = Field(description="The line, word for word from its source.")
    source: str = Field(description="Id of the snippet or salary record it is taken from.")
    label: str = Field(default="", description="For a figure that is not exactly the one "
                       "asked: what it stands for (the nearest level or place...).")
    evidence: str = Field(default="", description="Scorecards: what to look for.")


class KitSection(BaseModel):
    id: str
    heading: str
    note: str = Field(default="", description="A line under the section, from the profile.")
    table: bool = Field(default=False, description="Criteria with what to look for (a "
                        "scorecard's table).")
    sources: list[str] = Field(description="Ids of the snippets and records it quotes.")
    bullets: list[KitBullet]


class KitSource(BaseModel):
    """A snippet or salary record that a kit quotes."""

    id: str
    kind: Literal["snippet", "record"]
    title: str
    text: str
    source: str = Field(description="Who published it.")
    as_of: str = Field(description="Its date (ISO 8601).")
    path: str
    line: int


class KitData(BaseModel):
    """A hiring kit drafted from the knowledge: sections of lines, each with its source id."""

    kind: KitKind
    name: str = Field(description="The kit's name, from the profile.")
    title: str
    role: str = Field(description="Role id.")
    level: str = Field(default="", description="Level id, when the kit is for one.")
    location: str = Field(default="", description="The place, when the kit is for one.")
    sections: list[KitSection]
    missing: list[str] = Field(description="Headings of the sections the knowledge has "
                               "nothing for (left out).")
    omitted: list[str] = Field(default_factory=list, description="Headings of the sections "
                               "left out as asked (\"drop the nice-to-have part\").")
    sources: list[KitSource]
    markdown: str = Field(description="The whole kit as Markdown, to copy or download.")
    labels: dict[str, str] = Field(
        default_factory=dict, description="The profile's words to show around the kit: "
        "evidence (what to look for), missing (sections left out), omitted (left out as "
        "asked), source.")


def _data_kind(value: Any) -> str:
    """Which model a turn's data is: a kit by its kind, else salary figures (turns stored
    before kits existed may lack the kind)."""
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return "kit" if kind in get_args(KitKind) else "salaries"


AnswerData = Annotated[
    Annotated[SalaryData, Tag("salaries")] | Annotated[KitData, Tag("kit")],
    Discriminator(_data_kind),
]


class KitRequest(BaseModel):
    """A hiring kit to draft: its kind and who it is for."""

    model_config = ConfigDict(extra="forbid")

    kind: KitKind
    role: StoredText = Field(min_length=1, max_length=200,
                             description="A role id or any of its names.")
    level: StoredText | None = Field(
        default=None, max_length=200,
        description="A level id or name; from the conversation `session_id` when left out.")
    location: StoredText | None = Field(
        default=None, max_length=200,
        description="A place (job posts); from the conversation when left out.")
    session_id: StoredText | None = Field(
        default=None, max_length=128,
        description="A conversation whose level and place the kit takes when not given.")
    omit: list[Annotated[StoredText, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20,
        description="Ids of the kit's sections to leave out (the profile's `kits:`).")


Reason = Literal["out_of_scope", "not_covered", "declined", "other_language"]


class ChatResponse(BaseModel):
    session_id: str
    message_id: str = Field(description="Id to send feedback about this answer.")
    answer: str = Field(description="The reply; light Markdown (bold, lists).")
    answered: bool = Field(description="False when the knowledge does not answer the question, "
                           "or the assistant declines it.")
    reason: Reason | None = Field(
        default=None,
        description="Why it was not answered: out_of_scope (not what the assistant is for), "
        "not_covered (a question for it that the knowledge does not answer), declined (a "
        "request it will not help with, such as filtering candidates on a protected "
        "characteristic) or other_language (asked in another language, and not clear enough "
        "in it to answer in English); null when answered.",
    )
    sources: list[Source]
    suggestions: list[str] = Field(description="Follow-up questions the assistant can answer.")
    data: AnswerData | None = Field(
        default=None, description="The structured content behind the answer: salary figures "
        "(`kind: salaries`), or a drafted hiring kit (`kind: job_post` or `scorecard`)."
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
    data: AnswerData | None = None
    rating: Literal["up", "down"] | None = None
    created_at: str


class HistoryResponse(BaseModel):
    session_id: str
    turns: list[HistoryTurn]


class GapItem(BaseModel):
    question: str = Field(description="The latest wording of the question.")
    count: int
    reasons: dict[str, int] = Field(
        description="Counts by reason: out_of_scope, not_covered, declined, other_language, "
        "low_score, thumbs_down.")
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


# A publish's outcome -> the HTTP status it is answered with (the admin API and the console).
PUBLISH_HTTP_STATUS: dict[PublishStatus, int] = {
    PublishStatus.FAILED: 422,
    PublishStatus.REFUSED: 409,
    PublishStatus.MISSING: 409,
    PublishStatus.UNAVAILABLE: 503,
}


def publish_http_status(status: PublishStatus) -> int:
    """The HTTP status a publish result is answered with (200 unless it went wrong)."""
    return PUBLISH_HTTP_STATUS.get(status, 200)


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
