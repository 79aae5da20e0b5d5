"""Request and response models of the HTTP API (they make the OpenAPI schema)."""

from __future__ import annotations

import json
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


# The same rules as JSON Schema patterns, for the OpenAPI document only: the validators enforce
# them, with a message that names the character. A lone surrogate cannot be written in a pattern
# that every regex engine reads (JSON text cannot carry one whole), so descriptions name it.
_CONTROLS = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F"
# What str.strip() removes and storable() lets through: tab, line breaks and Unicode spaces.
_SPACES = r"\t\n\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
STORABLE_PATTERN = rf"^[^{_CONTROLS}]*$"
# Some text, no control character; at most MAX_MESSAGE characters once trimmed.
QUESTION_PATTERN = (rf"^[{_SPACES}]*[^{_SPACES}{_CONTROLS}]"
                    rf"(?:[^{_CONTROLS}]{{0,{MAX_MESSAGE - 2}}}[^{_SPACES}{_CONTROLS}])?"
                    rf"[{_SPACES}]*$")
# Some text, no control character (length limits are the field's).
TEXT_PATTERN = rf"^[^{_CONTROLS}]*[^{_SPACES}{_CONTROLS}][^{_CONTROLS}]*$"
NO_CONTROLS = ("Any text but control characters (U+0000 to U+001F other than tab and line "
               "breaks, U+007F) and lone surrogates.")

StoredText = Annotated[str, AfterValidator(storable),
                       Field(json_schema_extra={"pattern": STORABLE_PATTERN})]


def _question(value: str, info: ValidationInfo) -> str:
    """A question trimmed, 1 to MAX_MESSAGE characters; errors name the field."""
    value = value.strip()
    if not value:
        raise ValueError(f"{info.field_name} is empty; type a question")
    if len(value) > MAX_MESSAGE:
        raise ValueError(f"{info.field_name} is {len(value)} characters; the limit is "
                         f"{MAX_MESSAGE}")
    return value


Question = Annotated[StoredText, AfterValidator(_question),
                     Field(json_schema_extra={"pattern": QUESTION_PATTERN})]


class ChatRequest(BaseModel):
    """A message to the assistant, in a conversation or starting one."""

    model_config = ConfigDict(extra="forbid")

    message: Question = Field(
        description=f"The question, 1 to 2,000 characters after trimming. {NO_CONTROLS}",
    )
    session_id: StoredText | None = Field(
        default=None,
        max_length=128,
        description="Conversation to continue (the `session_id` of an earlier answer: `s_` and "
        "40 hex digits); an unknown or expired id starts a new one. " + NO_CONTROLS,
        examples=["s_10fd5bba4c0e41a6b6c33176ff34f31a8d3befb4"],
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
    dimension: Literal["level", "place", "level and place", "region", "role"] = Field(
        default="role", description="What the figure is for, so that a chart shows one kind "
        "of bar: a level, a place, both, a region, or the role as a whole.")
    role: str = Field(default="", description="The role the figure is for.")
    kind: Literal["figure", "band"] = Field(
        default="figure", description="A market figure, or the company's pay band for the role "
        "(a range with no figure of its own).")
    amount: float | None = Field(default=None, description="The figure (none for a band).")
    low: float | None = Field(default=None, description="The bottom of the figure's range "
                              "(its 25th percentile or low end) or of the band.")
    high: float | None = Field(default=None, description="The top of that range.")
    spread: Literal["p25-p75", "range"] | None = Field(
        default=None, description="What a figure's range is: its 25th to 75th percentile, or "
        "its low to high.")
    where: str = Field(default="", description="A band's zone or place.")
    currency: str = Field(description="ISO 4217 code.")
    period: str = Field(description="year, month, week, day or hour.")
    source: str = Field(description="Who produced the figure, or whose band it is.")
    as_of: str = Field(description="Date of the figure, or when the band took effect "
                       "(ISO 8601).")


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

    text: str = Field(description="The line, word for word from its source (a fact of the "
                      "company's content, such as a band's range, in the kit's own words).")
    source: str = Field(description="Id of the snippet, salary record or company content it "
                        "is taken from (`company:about`, `band:<id>`, `rule:<file>:<line>`).")
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
    """A snippet, salary record or piece of the company's content that a kit quotes."""

    id: str
    kind: Literal["snippet", "record", "company", "band", "rule"] = Field(
        description="snippet or record of the knowledge; company (company.yml), band (a pay "
        "band's row) or rule (a pay-transparency rule's row) of the company's content.")
    title: str
    text: str
    source: str = Field(description="Who published it.")
    as_of: str | None = Field(description="Its date (ISO 8601); null for the company's own "
                              "lines.")
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
    recruiter: list[KitBullet] = Field(
        default_factory=list, description="Notes for the recruiter, never part of the ad: the "
        "market references behind the company's pay band and where its midpoint sits, the "
        "pay-transparency rules of the place it meets or asks to follow.")
    warnings: list[KitBullet] = Field(
        default_factory=list, description="What to fix before the ad is published (a place's "
        "rule that asks for a pay range in every ad, when the post has none).")
    sources: list[KitSource]
    markdown: str = Field(description="The kit as Markdown, to copy or download: the ad, then "
                          "the notes for the recruiter, warnings and sources (the ad alone "
                          "when the request asked for `sources: false`).")
    ad_markdown: str = Field(default="", description="The ad alone as Markdown, ready to "
                             "publish (no notes, warnings or sources).")
    labels: dict[str, str] = Field(
        default_factory=dict, description="The profile's words to show around the kit: "
        "evidence (what to look for), missing (sections left out), omitted (left out as "
        "asked), source, recruiter (the heading of the notes for the recruiter), warning "
        "(before each warning).")


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
    role: StoredText = Field(
        min_length=1, max_length=200,
        description="A role id or any of its names. It must name a role the knowledge in "
        "service has (a 422 lists them); which roles those are is content, not schema.")
    level: StoredText | None = Field(
        default=None, max_length=200,
        description="A level id or name of the role's ladder in the knowledge (a 422 lists "
        "them); from the conversation `session_id` when left out.")
    location: StoredText | None = Field(
        default=None, max_length=200,
        description="A place the knowledge knows (job posts; a 422 otherwise); from the "
        "conversation when left out.")
    session_id: StoredText | None = Field(
        default=None, max_length=128,
        description="A conversation whose level and place the kit takes when not given.")
    omit: list[Annotated[StoredText, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20,
        description="Ids of the kit's sections to leave out (the profile's `kits:`; an id "
        "the kit does not have is a 422 that lists them).")
    sources: bool = Field(
        default=True, description="false: the `markdown` is the ad alone, without the notes "
        "for the recruiter, the warnings and the sources (the JSON keeps them in their own "
        "fields).")


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


class StreamSources(BaseModel):
    """The data of the stream's first event, `sources`: the turn's ids and what it quotes."""

    session_id: str
    message_id: str = Field(description="Id to send feedback about this answer.")
    sources: list[Source]


class StreamDelta(BaseModel):
    """The data of a `delta` event: the next piece of the answer's text."""

    text: str = Field(description="Pieces join, in order, into the answer exactly.")


def sse_event(name: str, data: dict[str, Any]) -> str:
    """One Server-Sent Event of the chat stream: its name and its data as one line of JSON."""
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class SearchResponse(BaseModel):
    results: list[Source]


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: StoredText = Field(min_length=1, max_length=128,
                                   description="The `message_id` of the answer rated.")
    rating: Literal["up", "down"]
    comment: StoredText | None = Field(default=None, max_length=2000,
                                       description="What was good or missing. " + NO_CONTROLS)


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


class WidgetProfile(BaseModel):
    """The chat widget's own words from the profile (`widget: labels:`), and how it writes
    numbers."""

    labels: dict[str, str] = Field(
        default_factory=dict, examples=[{"sources": "Sources:", "retry": "Retry"}],
        description="The labels the profile sets, by name (knowledge/README.md lists them); a "
        "label not given keeps the widget's English. `{count}`, `{max}` and `{over}` stand for "
        "numbers.")
    locale: str = Field(default="en-US", examples=["en-US"],
                        description="The profile's locale as a BCP 47 tag: how numbers are "
                        "written (the length counter, chart figures).")


class ProfileResponse(BaseModel):
    """The assistant's own lines, for a client to show before the first question."""

    name: str
    greeting: str
    placeholder: str
    scope: str
    starters: list[str]
    widget: WidgetProfile = Field(default_factory=WidgetProfile)
    company: str | None = Field(
        default=None, description="The company whose own content (pay bands, level "
        "expectations, voice) the knowledge holds; null when it holds none.")


class ErrorResponse(BaseModel):
    detail: str = Field(description="What went wrong, for a person to act on.")
    errors: list[dict] | None = Field(default=None, description="Per-field problems.")
