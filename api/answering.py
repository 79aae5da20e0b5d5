"""Compose grounded answers from retrieved snippets and the structured salary records.

Every figure, name or claim in an answer is taken from a snippet or a salary record, and the
snippets an answer states are exactly its sources. Salary questions are answered from the records
(so levels and places can be picked, compared and charted); everything else from the best
snippet, which is written to stand alone and lead with the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from api.indexing import SearchIndex
from api.knowledge import GAP_TOPIC, SalaryRecord, Snippet, article, format_date, place_phrase
from api.places import Place, gazetteer, nearest
from api.retrieval import Hit, Retrieval, salary_places
from api.text import NEAREST_LEVEL, QueryAnalysis, seniority_titles

LEVELS = ("junior", "middle", "senior")
CONVERT_RE = re.compile(
    r"\b(convert\w*|conversion|exchange rate|in (?:us )?dollars|in usd|in euros?|in eur|"
    r"in pounds|in gbp|in sterling)\b",
    re.I,
)
COMPARE_RE = re.compile(
    r"\b(compare\w*|comparison|vs\.?|versus|difference|differ|between|against|stack up|"
    r"relative to|(?:higher|lower|more|less) than)\b",
    re.I,
)
# "How much does a senior make?", "what do they earn": pay, though "make" alone is not.
PAY_RE = re.compile(
    r"\bhow much\b.*\b(?:make|makes|made|earn\w*|get paid|cost|charge)\b|"
    r"\bwhat (?:do|does|would|will|should|can)\b.*\b(?:make|earn)\b\W*$",
    re.I,
)
# Questions about pay that want an explanation, not a figure ("why do smaller firms pay more?").
EXPLAIN_RE = re.compile(
    r"\b(why|how come|reason\w*|explain\w*|affect\w*|impact\w*|depend\w*|vary|varies|"
    r"compete|competing|come from|source|where do|trust|converted)\b",
    re.I,
)
# Starter questions come from the first snippet of these topics, in this order.
STARTER_TOPICS = ("role", "skills", "salaries", "certifications", "team-building")
CAPABILITIES = (
    "I answer questions about hiring AI engineers from one hiring guide (January 2024): what the "
    "role involves, the skills and certifications to look for, salaries by level and location, "
    "and how to set up the team."
)


@dataclass
class Frame:
    """What the last answer was about, so a follow-up can be read against it."""

    topic: str = ""
    subject: str = ""  # title of the main snippet ("Intel Edge AI Certification")
    doc_title: str = ""  # title of its document ("Certifications for AI engineers")
    salary: bool = False
    levels: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)  # salary record ids

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Frame | None:
        if not data:
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Answer:
    """A reply: its text, whether the knowledge answered it, and what it was built from."""

    text: str
    answered: bool
    kind: str  # "snippet", "salary", "smalltalk", "declined", "unanswered"
    used: list[Hit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None
    frame: Frame | None = None
    score: float = 0.0
    reason: str = ""  # why it was not answered, for the content-gap report


@dataclass
class SalaryAsk:
    """What a salary question asks for, in terms of the salary data."""

    levels: list[str] = field(default_factory=list)
    missing_levels: list[str] = field(default_factory=list)
    locations: list[SalaryRecord] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    other_role: str = ""  # a covered role the data has no pay for ("data scientist")
    ai: bool = False  # names AI/ML engineers
    software: bool = False  # software engineers in general (the BLS median)
    convert: bool = False
    compare: bool = False

    @property
    def specific(self) -> bool:
        return bool(
            self.levels or self.missing_levels or self.locations or self.regions or self.places
        )


class Composer:
    """Turns retrievals into answers for one loaded index."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.records = index.salaries
        self._record_snippet = {
            rid: s for s in index.snippets if len(s.salary_ids) == 1 for rid in s.salary_ids
        }
        self._overviews = [s for s in index.snippets if len(s.salary_ids) > 1]
        by_term: dict[str, SalaryRecord] = {}
        for record in self.records.values():
            if record.location:
                by_term.setdefault(record.location.lower(), record)
        self._location_by_term = by_term
        self._regions = sorted({r.region for r in self.records.values() if r.region})
        self._places = salary_places(self.records)

    # --- salary questions -----------------------------------------------------------------

    def salary_ask(self, analysis: QueryAnalysis, text: str) -> SalaryAsk:
        """Read the levels, places and roles a salary question names."""
        terms = {t.lower() for t in analysis.terms}
        ask = SalaryAsk(
            convert=bool(CONVERT_RE.search(text)), compare=bool(COMPARE_RE.search(text))
        )
        ask.levels = [lvl for lvl in LEVELS if lvl in terms]
        ask.missing_levels = seniority_titles(analysis.tokens)
        roles = " ".join(analysis.roles)
        ask.ai = "ai engineer" in terms or any(w in roles for w in ("ai", "ml", "machine"))
        ai = ask.ai
        # Software engineers in general (the BLS median): asked alone, or compared with AI ones.
        if "software engineer" in terms and (not ai or ask.compare):
            ask.software = True
        for role in ("data scientist", "data engineer"):
            if role in terms and not ai:
                ask.other_role = role
        for term in dict.fromkeys(t.lower() for t in analysis.terms):  # in the order asked
            record = self._location_by_term.get(term)
            if record is None:
                continue
            if record.role.lower() == "software engineer" and not ask.software:
                ask.regions.append(record.region)  # "US" for an AI engineer: the US locations
            elif record.role.lower() != "software engineer" or ask.software:
                ask.locations.append(record)
        for region in self._regions:
            if region.lower() in terms and region not in ask.regions:
                ask.regions.append(region)
        ask.places = list(analysis.places)
        return ask

    def answer_salary(self, ask: SalaryAsk, *, score: float = 1.0) -> Answer:
        """Figures for the levels and places asked, the nearest ones for those the data lacks."""
        if ask.other_role:
            return self._no_salary_for_role(ask.other_role)
        notes: list[str] = []
        rows: list[SalaryRecord] = []
        if ask.software:
            rows += [r for r in self.records.values() if r.role.lower() == "software engineer"]
            if ask.ai and not ask.specific:  # "AI engineer pay vs a typical software dev"
                rows = [r for r in self.records.values() if r.level] + rows
        for level in ask.levels:
            rows += self._level_records(level)
        for word in ask.missing_levels:
            nearest = NEAREST_LEVEL[word]
            if nearest not in ask.levels:
                notes.append(
                    f"The guidance has no figure for {word} AI engineers; the nearest level it "
                    f"gives is {nearest}."
                )
                rows += self._level_records(nearest)
        rows += ask.locations
        for region in ask.regions:
            rows += [r for r in self.records.values()
                     if r.region == region and r.location and r.role.lower() != "software engineer"]
        unmatched: list[str] = []
        for place in ask.places:
            nearest_rows, how = self._nearest(place)
            if nearest_rows:
                notes.append(f"The guidance has no figure for {place.name}; {how}.")
                rows += nearest_rows
            else:
                unmatched.append(place.name)
        rows = list(dict.fromkeys(rows))
        if (ask.levels or ask.locations or ask.regions or ask.software) and not ask.places:
            score = 1.0  # figures matched by name in the structured data: nothing uncertain
        if unmatched and not rows:
            return self._no_salary_for_places(unmatched)
        if unmatched:
            notes.append(f"It has nothing for {', '.join(unmatched)}.")
        if not rows:
            return self._overview(ask, score=score)
        if any(r.level for r in rows) and any(r.location for r in rows):
            notes.append(
                "The guidance does not break pay down by level and location together, so these "
                "are separate figures."
            )
        return self._figures(rows, ask, lead=" ".join(notes), score=score)

    def _level_records(self, level: str) -> list[SalaryRecord]:
        return [r for r in self.records.values() if r.level == level]

    def _nearest(self, place: Place) -> tuple[list[SalaryRecord], str]:
        """Records nearest to a place the data lacks, and how to say how they were chosen."""
        keys, how = nearest(place, self._places)
        rows = [self.records[k] for k in keys]
        if how == "country":
            return rows, f"the nearest figure is for {rows[0].place}"
        if how == "state":
            return rows, f"the nearest figure is for {rows[0].location}, in the same state"
        if how == "in country":
            country = place_phrase(gazetteer().country_name(place.country))
            return rows, f"these are the locations it has in {country}"
        if how == "continent":
            return rows, "these are the nearest locations it has figures for"
        return [], ""

    def _figures(self, rows: list[SalaryRecord], ask: SalaryAsk, *, lead: str,
                 score: float) -> Answer:
        parts: list[str] = [lead] if lead else []
        if len(rows) == 1:
            row = rows[0]
            parts.append(f"**{row.money_period()}** for {article_subject(row)} ({row.citation()}).")
            if row.note:
                parts.append(row.note)
        else:
            citations = {r.citation() for r in rows}
            lines = [
                f"- {r.label}: **{r.money_period()}**"
                + ("" if len(citations) == 1 else f" ({r.citation()})")
                for r in rows
            ]
            role = rows[0].role if len({r.role for r in rows}) == 1 else "AI engineer"
            parts.append(f"{role} pay in the guidance:\n" + "\n".join(lines))
            if len(citations) == 1:
                parts.append(f"Source: {citations.pop()}.")
        currencies = sorted({r.currency for r in rows})
        if len(currencies) > 1:
            parts.append(
                f"The figures are in different currencies ({', '.join(currencies)}) and are not "
                "converted, so compare them with care."
            )
        if ask.convert:
            parts.append(
                "These are in local currency and not converted: the guidance gives each figure "
                "only in the currency shown, and I don't convert currencies."
            )
        text = "\n\n".join(parts)
        used = self._salary_sources(rows)
        data = None
        if len(rows) > 1:
            data = {"kind": "salaries", "rows": [salary_row(r) for r in rows]}
        frame = Frame(
            topic="salaries",
            subject=used[0].snippet.title if used else "",
            doc_title="Salaries",
            salary=True,
            levels=[r.level for r in rows if r.level],
            locations=[r.id for r in rows if r.location],
        )
        return Answer(text, True, "salary", used, data=data, frame=frame, score=score)

    def _overview(self, ask: SalaryAsk, *, score: float) -> Answer:
        """'How much does an AI engineer make?': levels first, then the places on offer."""
        levels = [r for r in self.records.values() if r.level]
        answer = self._figures(levels, ask, lead="", score=score)
        places = [r for r in self.records.values()
                  if r.location and r.role.lower() != "software engineer"]
        if places:
            names = "; ".join(r.place for r in places)
            answer.text += f"\n\nI also have figures by location: {names}. Ask about any of them."
            answer.used += [h for h in self._salary_sources(places) if h not in answer.used]
        return answer

    def _salary_sources(self, rows: Sequence[SalaryRecord]) -> list[Hit]:
        """The snippets that state these records: an overview when it covers all of a group."""
        ids = {r.id for r in rows}
        used: list[Snippet] = []
        covered: set[str] = set()
        for overview in self._overviews:
            members = set(overview.salary_ids)
            if len(members) > 1 and members <= ids:
                used.append(overview)
                covered |= members
        used += [self._record_snippet[r.id] for r in rows
                 if r.id not in covered and r.id in self._record_snippet]
        return [Hit(s, 1.0, 1.0, 1.0) for s in used]

    def _no_salary_for_role(self, role: str) -> Answer:
        text = (
            f"The guidance gives no salary figures for {role}s. It has AI engineer pay by level "
            "and by location, and the US median for software engineers in general."
        )
        return Answer(text, False, "unanswered", reason=f"no salary data for {role}s",
                      frame=Frame(topic="salaries", salary=True))

    def _no_salary_for_places(self, names: list[str]) -> Answer:
        places = [r for r in self.records.values()
                  if r.location and r.role.lower() != "software engineer"]
        where = "; ".join(r.place for r in places)
        text = (
            f"The guidance has no salary figures for {', '.join(names)}, nor for anywhere near it. "
            f"It covers these locations: {where}."
        )
        return Answer(text, False, "unanswered", used=self._salary_sources(places),
                      reason=f"no salary data for {', '.join(names)}",
                      frame=Frame(topic="salaries", salary=True))

    # --- other questions ------------------------------------------------------------------

    def answer_snippets(self, retrieval: Retrieval) -> Answer:
        """The best snippet, which leads with the answer; its date added when it has figures."""
        main = retrieval.hits[0]
        snippet = main.snippet
        text = snippet.text
        if re.search(r"[$£€]\d|\d%", text) and format_date(snippet.as_of) not in text:
            text += f" (as of {format_date(snippet.as_of)})"
        frame = Frame(topic=snippet.topic, subject=snippet.title, doc_title=snippet.doc_title)
        return Answer(text, True, "snippet", [main], frame=frame, score=main.score)

    def unanswered(
        self, reason: str, *, analysis: QueryAnalysis | None = None, gap: Snippet | None = None
    ) -> Answer:
        """A polite 'not in the guidance', saying what the assistant can help with."""
        if gap is not None:
            opening = gap.text  # a declared gap states exactly what the guidance lacks
        elif analysis is not None and analysis.task:
            opening = "I can only answer questions about hiring AI engineers; I can't do tasks."
        elif analysis is not None and analysis.other_roles and not analysis.roles:
            opening = (
                f"The guidance I work from covers AI engineers only, so I have nothing on "
                f"{', '.join(analysis.other_roles)}."
            )
        else:
            opening = "I couldn't find that in the hiring guidance I work from, so I won't guess."
        return Answer(f"{opening} {CAPABILITIES}", False, "unanswered", reason=reason)

    # --- suggestions ------------------------------------------------------------------------

    def starters(self) -> list[str]:
        """Questions to offer when nothing else fits: one per main topic."""
        found = []
        for topic in STARTER_TOPICS:
            snippet = next((s for s in self.index.snippets if s.topic == topic and s.questions),
                           None)
            if snippet is not None:
                found.append(snippet.questions[0])
        return found

    def suggestions(self, answer: Answer, related: Iterable[Hit], asked: Iterable[str],
                    limit: int = 3) -> list[str]:
        """Follow-up questions the knowledge can answer, not yet asked in this conversation."""
        seen = {q.lower().strip(" ?") for q in asked}
        used = {h.snippet.id for h in answer.used}
        pool: list[Snippet] = [h.snippet for h in related if h.snippet.id not in used]
        if answer.kind == "salary":
            pool = self._salary_neighbours(answer) + pool
        elif answer.used:
            topic = answer.used[0].snippet.topic
            pool += [s for s in self.index.snippets if s.topic == topic and s.id not in used]
        out: list[str] = []
        for snippet in pool:
            if not snippet.questions or snippet.id in used or snippet.topic == GAP_TOPIC:
                continue
            question = snippet.questions[0]
            key = question.lower().strip(" ?")
            if key not in seen:
                seen.add(key)
                out.append(question)
            if len(out) == limit:
                return out
        for question in self.starters():
            if len(out) == limit:
                break
            if question.lower().strip(" ?") not in seen:
                out.append(question)
        return out

    def _salary_neighbours(self, answer: Answer) -> list[Snippet]:
        frame = answer.frame or Frame()
        neighbours = []
        if frame.levels:
            neighbours += [self._record_snippet[r.id] for r in self.records.values()
                           if r.level and r.level not in frame.levels]
        if frame.locations or not frame.levels:
            neighbours += [self._record_snippet[r.id] for r in self.records.values()
                           if r.location and r.id not in frame.locations]
        return [s for s in neighbours if s is not None]


def article_subject(record: SalaryRecord) -> str:
    """'a senior AI engineer', 'an AI/ML engineer in Boston, MA'."""
    subject = record.subject
    if record.measure:
        return f"the {record.measure} {subject}"
    return f"{article(subject)} {subject}"


def salary_row(record: SalaryRecord) -> dict[str, Any]:
    """A figure as the chat response's `data.rows` carries it."""
    return {
        "label": record.label,
        "amount": record.amount,
        "currency": record.currency,
        "period": record.period,
        "source": record.source if record.source != "guidance" else "the guidance",
        "as_of": record.as_of.isoformat(),
    }
