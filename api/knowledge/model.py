"""The plain values parsed from the knowledge directory: `Snippet`, `Check`, `KnowledgeBase`,
and the constants they share (snippet kinds, refusal reasons, the topic of salary snippets).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import Any

from api.errors import Problem
from api.knowledge.company import CompanyContent
from api.knowledge.intents import Intents
from api.knowledge.phrasings import Phrasings
from api.knowledge.profile import Profile
from api.knowledge.records import SalaryRecord

# A Markdown file of this kind declares what the knowledge does not cover: when one of its
# snippets is the best match, the assistant says so instead of answering.
GAPS = "gaps"
# A Markdown file of this kind holds lines written for the hiring kits (a job post's "About the
# role"): used only by kits, never searched, retrieved or quoted in a chat answer.
KIT = "kit"
KINDS = ("content", GAPS, KIT)
# Why a question was not answered: the contract of every refusal (ChatResponse.reason).
REASONS = ("out_of_scope", "not_covered", "declined", "other_language")
# The topic of the snippets made from salary records.
SALARY_TOPIC = "salaries"


@dataclass(frozen=True)
class Snippet:
    """One self-contained piece of knowledge: what retrieval finds and answers quote."""

    id: str
    title: str
    text: str
    topic: str
    source: str
    as_of: date
    path: str
    line: int
    doc_title: str = ""
    # Extra words that help search find the snippet (aliases); never shown to people.
    keywords: tuple[str, ...] = ()
    # Ways people ask for this snippet ("Asked as:" lines); searched, never shown.
    questions: tuple[str, ...] = ()
    # Salary records this snippet states, for answers that compare or chart figures.
    salary_ids: tuple[str, ...] = ()
    # The roles the snippet is about (profile role ids); empty when it is about none in particular.
    roles: tuple[str, ...] = ()
    kind: str = "content"

    @property
    def gap(self) -> bool:
        """Whether the snippet declares something the knowledge does not cover."""
        return self.kind == GAPS

    @property
    def for_kits(self) -> bool:
        """Whether the snippet is a line written for the hiring kits (never searched)."""
        return self.kind == KIT

    @property
    def search_text(self) -> str:
        """All the words search matches: heading, body, keywords and questions."""
        return "\n".join([self.title, self.text, *self.keywords, *self.questions])

    @property
    def embedding_texts(self) -> tuple[str, ...]:
        """What gets one vector each: the snippet itself, then each way of asking for it."""
        main = "\n".join([self.title, self.text, *self.keywords])
        return (main, *self.questions)

    @cached_property
    def content_hash(self) -> str:
        """Hash of what gets embedded: equal hashes can reuse the stored vectors."""
        return hashlib.sha256("\0".join(self.embedding_texts).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        # Shallow: every field is a plain value or a tuple of strings (asdict deep-copies).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snippet:
        return cls(
            **{
                **data,
                "as_of": date.fromisoformat(data["as_of"]),
                "keywords": tuple(data.get("keywords", ())),
                "questions": tuple(data.get("questions", ())),
                "salary_ids": tuple(data.get("salary_ids", ())),
                "roles": tuple(data.get("roles", ())),
            }
        )


@dataclass(frozen=True)
class Check:
    """A question that must keep working: what it must be answered from, or why refused."""

    ask: str
    path: str
    line: int
    expect: tuple[str, ...] = ()  # snippet ids (one must be a source) and salary record ids
    refuse: str = ""  # one of REASONS
    after: tuple[str, ...] = ()  # earlier turns of the same conversation

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        return cls(**{**data, "expect": tuple(data.get("expect", ())),
                      "after": tuple(data.get("after", ()))})


@dataclass
class KnowledgeBase:
    """Everything parsed from the knowledge directory."""

    profile: Profile
    snippets: list[Snippet]
    salaries: list[SalaryRecord]
    synonyms: dict[str, tuple[str, ...]]
    checks: list[Check]
    fingerprint: str
    warnings: list[Problem] = field(default_factory=list)
    intents: Intents | None = None
    company: CompanyContent = field(default_factory=CompanyContent)
    # Snippets of `kind: kit` files: lines for the hiring kits only, kept out of `snippets` so
    # that nothing that searches or quotes the knowledge ever sees them.
    kit_snippets: list[Snippet] = field(default_factory=list)
    # How people say what a message does (`phrasings.yml`); none said without the file.
    phrasings: Phrasings | None = None
