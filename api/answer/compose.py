"""Compose grounded answers: salary results, snippets, sources, refusals, small talk.

Every figure, name or claim in an answer is taken from a snippet or a salary record, and the
snippets an answer states are its sources. Salary questions are answered from the records
(`api.answer.salaries` picks and reasons, `api.answer.wording` words); everything else from the
best snippet, which is written to stand alone and lead with the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from api.answer.arithmetic import bound
from api.answer.arithmetic import run as run_calc
from api.answer.bands import BandMatch
from api.answer.freshness import Age, Clock, figures_age
from api.answer.quoting import without_quotes
from api.answer.range_wording import band_label, band_source
from api.answer.results import kept, of_calculation, of_salaries, stated_budget
from api.answer.salaries import SalaryQuestion, SalaryResult
from api.answer.salaries import answer as salary_answer
from api.answer.wording import Wording
from api.answer.working import Working
from api.knowledge.domain import Domain
from api.knowledge.languages import Language
from api.knowledge.model import SALARY_TOPIC, Snippet
from api.knowledge.records import SalaryRecord
from api.search.retrieval import Hit, Retrieval
from api.understand.plan import Calc


class AnswerKind(StrEnum):
    """What a reply is (the API's `kind`)."""

    SNIPPET = "snippet"  # the best snippet's own text
    SALARY = "salary"  # figures from the salary records, with their reasoning
    SOURCE = "source"  # where figures or a snippet come from, and how current they are
    KIT = "kit"  # a hiring kit drafted from the knowledge
    SMALLTALK = "smalltalk"
    REFUSED = "refused"


class Refusal(StrEnum):
    """Why a question was not answered (the API's `reason`)."""

    OUT_OF_SCOPE = "out_of_scope"  # not what the assistant is for
    NOT_COVERED = "not_covered"  # a hiring question the knowledge does not answer
    DECLINED = "declined"  # e.g. selecting candidates by a protected characteristic
    OTHER_LANGUAGE = "other_language"  # asked in another language, and not clear in it


OUT_OF_SCOPE, NOT_COVERED, DECLINED = Refusal.OUT_OF_SCOPE, Refusal.NOT_COVERED, Refusal.DECLINED
OTHER_LANGUAGE = Refusal.OTHER_LANGUAGE
# What keeps a calculation from being worked out but still answers it: the figures shown side
# by side (in different currencies or periods), or beside a budget in another currency. (A
# period the content gives no conversion to is not covered: the figures show as context.)
SIDE_BY_SIDE = ("currencies", "periods", "budget_currency")
# Snippets that hold a figure get their date added when their text lacks it.
FIGURE_RE = re.compile(r"\d[\d,.]*\s?%|[^\w\s,.;:!?()'\"-]\s?\d|\d\s?(?:[A-Z]{3})\b")


@dataclass
class Frame:
    """What the conversation is about after an answer, so a follow-up can be read against it."""

    topic: str = ""
    subject: str = ""  # title of the main snippet ("Intel Edge AI Certification")
    subject_id: str = ""
    listed_id: str = ""  # the snippet whose list a position named ("the third one on that list")
    doc_title: str = ""  # title of its document ("Certifications for AI engineers")
    salary: bool = False
    role: str = ""  # role id the answer was about
    levels: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)  # salary record ids the answer showed
    # The figures a "those two" or "which of them" points at: a ranking's verdict, else all.
    focus: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # the focus of the answer before
    # The figures shown over the last turns, the newest last ("add all three of those up").
    recent: list[str] = field(default_factory=list)
    # The last list of figures shown, kept while the answers after it show one of its figures
    # ("the last city, per week?", then "and the top one?").
    listed: list[str] = field(default_factory=list)
    question: str = ""  # the question it answered
    ask: dict[str, Any] = field(default_factory=dict)  # the salary question, to re-ask changed
    kit: dict[str, Any] = field(default_factory=dict)  # the hiring kit drafted (a KitAsk)
    calc: dict[str, Any] = field(default_factory=dict)  # the calculation made (a Calc)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Frame | None:
        if not data:
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Answer:
    """A reply: its text, whether the knowledge answered it, and what it was built from.

    Built once; a later step that adds to it (suggestions, the frame of a refusal, an offer)
    makes a new one with `dataclasses.replace`."""

    text: str
    answered: bool
    kind: AnswerKind
    reason: Refusal | None = None  # when not answered
    detail: str = ""  # what was missing, for the content-gap report
    used: tuple[Hit, ...] = ()
    suggestions: tuple[str, ...] = ()
    data: dict[str, Any] | None = None
    frame: Frame | None = None
    score: float = 0.0
    route: str = ""  # the conversation's route that gave it (api.dialogue.conversation)
    # What the text or the detail repeats of what the person typed, and the words of the
    # message the knowledge does not know (api.answer.quoting).
    quoted: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    def without_quotes(self) -> Answer:
        """This answer with what it repeats of the message masked (api.answer.quoting)."""
        if not (self.quoted or self.unknown):
            return self
        text, detail = without_quotes(self.text, self.detail, self.quoted, self.unknown)
        return replace(self, text=text, detail=detail)


class Composer:
    """Turns readings, retrievals and salary results into answers for one knowledge base."""

    def __init__(self, domain: Domain, snippets: Sequence[Snippet], *, today: Clock) -> None:
        """`today`: the clock that dates answers (how old the figures they show are)."""
        self.domain = domain
        self._today = today
        self.records = domain.records
        self._snippets = list(snippets)
        self._record_snippet = {
            rid: s for s in snippets if len(s.salary_ids) == 1 for rid in s.salary_ids
        }
        self._overviews = [s for s in snippets if len(s.salary_ids) > 1]
        profile = self.domain.profile
        mentioned = {r for s in snippets if not s.salary_ids for r in s.roles}
        roles = [r.id for r in profile.roles
                 if r.id in mentioned or r.id in self.domain.roles_with_figures]
        self.wording = Wording(self.domain, roles=roles)
        self.working = Working(self.domain.naming)

    # --- salaries -----------------------------------------------------------------------------

    def salary(self, question: SalaryQuestion, *, score: float) -> Answer:
        """Figures for a salary question, with the reasoning it asks for."""
        result = salary_answer(question, self.domain)
        rows = result.rows or result.context
        text = self.wording.salary(result, question, self.age(rows))
        used = self._salary_sources(rows)
        frame = Frame(
            topic=SALARY_TOPIC,
            subject=used[0].snippet.title if used else "",
            subject_id=used[0].snippet.id if used else "",
            doc_title=used[0].snippet.doc_title if used else "",
            salary=True,
            role=_main_role(result.rows, question),
            levels=list(dict.fromkeys(r.level for r in result.rows if r.level))
            or list(question.levels),
            locations=list(dict.fromkeys(r.location for r in result.rows if r.location))
            or list(question.locations),
            regions=list(question.regions),
            records=_in_order_shown(result),
            focus=[r.id for r in (result.verdict if result.ranking and result.verdict
                                  else result.rows)],
            ask=question.to_dict(),
            calc={"results": kept(of_salaries(result))},
        )
        data = None
        if len(result.rows) > 1 or result.bands:
            mixed = len({r.role for r in result.rows}) > 1
            # In the text's order: a ranking's, high first, else as the figures are listed.
            ranked = [r for group in result.ranking for r in group]
            rows = ranked + [r for r in result.rows if r not in ranked]
            figures = [self.salary_row(r, role=mixed) for r in rows]
            data = {"kind": "salaries",
                    "rows": figures + [self.band_row(m, figures) for m in result.bands]}
        if not result.answered:
            return Answer(text, False, AnswerKind.REFUSED, NOT_COVERED, result.missing, used,
                          frame=frame, score=score)
        # Figures matched by name in the structured data: nothing uncertain about them.
        sure = question.specific or question.records or not question.places
        return Answer(text, True, AnswerKind.SALARY, used=used, data=data, frame=frame,
                      score=1.0 if sure else score)

    def calculation(self, calc: Calc, shown: Sequence[str] = (), prior: Calc | None = None,
                    earlier: Sequence[dict[str, Any]] = (),
                    budget: dict[str, Any] | None = None) -> Answer:
        """A calculation over the figures, with its working; not answered when a figure is
        missing (`shown`: the figures on the table; `prior`: the calculation before, kept for
        a follow-up that sets the two against each other; `earlier`: the results kept before,
        see `api.answer.results`; `budget`: the budget the asker gave before, kept unless this
        one is a new one, not what was left of it)."""
        worked = run_calc(calc, self.domain, shown)
        other = worked.versus.terms if worked.versus is not None else []
        records = [t.record for t in (*worked.terms, *other)]
        text = self.working.reply(worked)
        # How old the figures are, where figures are shown (not under "I can't work that out").
        shows = worked.ok or worked.problem in (*SIDE_BY_SIDE, "per")
        caution = self.wording.caution(self.age(records)) if records and shows else ""
        if caution:
            text += f"\n\n{caution}"
        ids = list(dict.fromkeys(r.id for r in records))
        frame = Frame(topic=SALARY_TOPIC, salary=True, role=_main_role(records, None),
                      levels=list(dict.fromkeys(r.level for r in records if r.level)),
                      locations=list(dict.fromkeys(r.location for r in records if r.location)),
                      records=ids, focus=ids,
                      calc={"plan": bound(calc, shown).to_dict(),
                            "prior": prior.to_dict() if prior is not None else None,
                            "results": kept(of_calculation(worked), earlier),
                            "afforded": worked.afforded,
                            "budget": stated_budget(calc, earlier, budget)})
        used = self._salary_sources(records)
        if worked.problem in SIDE_BY_SIDE:
            # The figures, side by side (or beside the budget), not combined: an answer all
            # the same.
            return Answer(text, True, AnswerKind.SALARY, used=used, frame=frame, score=1.0)
        if not worked.ok:
            detail = f"cannot calculate ({worked.problem or 'a figure is missing'})"
            return Answer(text, False, AnswerKind.REFUSED, NOT_COVERED, detail, used,
                          frame=frame)
        return Answer(text, True, AnswerKind.SALARY, used=used, frame=frame, score=1.0)

    def age(self, rows: Sequence[SalaryRecord]) -> Age | None:
        """How old the figures an answer shows are, today, when older than the profile allows."""
        return figures_age(rows, self.domain.profile.freshness, self._today())

    def salary_row(self, record: SalaryRecord, *, role: bool) -> dict[str, Any]:
        """A figure as the chat response's `data.rows` carries it (for a chart); labelled with
        its role when the figures are of several roles."""
        return {
            "label": self.domain.naming.label(record, role=role),
            # What the bar stands for, so that a chart shows one kind of bar only.
            "dimension": ("level and place" if record.level and record.location
                          else "level" if record.level else "place" if record.location
                          else "region" if record.region else "role"),
            "role": self.domain.role_name(record.role),
            "amount": record.amount,
            "currency": record.currency,
            "period": record.period,
            "source": record.source,
            "as_of": record.as_of.isoformat(),
            **self._spread(record),
        }

    @staticmethod
    def _spread(record: SalaryRecord) -> dict[str, Any]:
        """A figure's range for a chart's range bar; nothing when it gives none."""
        spread = record.spread
        if spread is None:
            return {}
        return {"low": spread[0], "high": spread[1], "spread": spread[2]}

    def band_row(self, match: BandMatch, figures: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """The company's band as `data.rows` carries it: a range, charted beside the figure
        of its currency and period (`figures`), of that figure's kind of bar."""
        band, company = match.band, self.domain.company.company
        beside = next((f for f in figures if (f["currency"], f["period"])
                       == (band.currency, band.period)), figures[0] if figures else {})
        return {
            "kind": "band",
            "label": band_label(self.domain.naming, company, match),
            "dimension": beside.get("dimension", "level"),
            "role": self.domain.role_name(band.role),
            "amount": None,
            "low": band.low,
            "high": band.high,
            "currency": band.currency,
            "period": band.period,
            "where": match.where,
            "source": band_source(company, band),
            "as_of": band.effective.isoformat(),
        }

    def _salary_sources(self, rows: Sequence[SalaryRecord]) -> tuple[Hit, ...]:
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
        return tuple(Hit(s, 1.0, 1.0, 1.0) for s in used)

    # --- sources ------------------------------------------------------------------------------

    def record_sources(self, records: Sequence[SalaryRecord], frame: Frame | None) -> Answer:
        """Where figures come from and how current they are."""
        text = self.wording.record_sources(records, self.age(records))
        ids = [r.id for r in records]
        if frame is None or frame.records != ids:
            # The figures now talked about are these ones ("how current is this?" next).
            frame = Frame(topic=SALARY_TOPIC, salary=True, role=_main_role(records, None),
                          levels=list(dict.fromkeys(r.level for r in records if r.level)),
                          locations=list(dict.fromkeys(r.location for r in records
                                                       if r.location)),
                          records=ids, focus=ids, previous=frame.focus if frame else [])
        return Answer(text, True, AnswerKind.SOURCE, used=self._salary_sources(records),
                      frame=frame, score=1.0)

    def snippet_source(self, snippet: Snippet, frame: Frame | None) -> Answer:
        return Answer(self.wording.snippet_source(snippet), True, AnswerKind.SOURCE,
                      used=(Hit(snippet, 1.0, 1.0, 1.0),), frame=frame, score=1.0)

    # --- snippets -----------------------------------------------------------------------------

    def snippets(self, retrieval: Retrieval, question: str, *, levels: Sequence[str] = ()
                 ) -> Answer:
        """The best snippet, which leads with the answer; its date added when it has figures.
        `levels`: asked of these levels, which the snippet does not set apart (said first)."""
        main = retrieval.hits[0]
        snippet = main.snippet
        text = snippet.text
        if levels:
            role = snippet.roles[0] if len(snippet.roles) == 1 else ""
            text = f"{self.wording.not_by_level(role, levels)}\n\n{text}"
        day = self.domain.naming.day(snippet.as_of)
        if FIGURE_RE.search(text) and day not in text:
            text += f" (as of {day})"
        figures = [self.records[i] for i in snippet.salary_ids if i in self.records]
        caution = self.wording.caution(self.age(figures))
        if caution:
            text += f"\n\n{caution}"
        roles = snippet.roles if len(snippet.roles) == 1 else ()
        frame = Frame(topic=snippet.topic, subject=snippet.title, subject_id=snippet.id,
                      doc_title=snippet.doc_title, role=roles[0] if roles else "",
                      question=question)
        return Answer(text, True, AnswerKind.SNIPPET, used=(main,), frame=frame,
                      score=main.score)

    # --- refusals and small talk --------------------------------------------------------------

    def refuse(self, reason: Refusal, detail: str, *, retrieval: Retrieval | None = None,
               others: Sequence[str] = (), task: str = "", number: bool = False) -> Answer:
        """A refusal that says why and what the assistant covers (`number`: what it found
        gives no number of what was asked)."""
        gap = retrieval.gap if retrieval is not None else None
        if gap is not None:
            text = self.wording.gap(gap)
        elif reason == OUT_OF_SCOPE:
            text = self.wording.out_of_scope(others=others, task=task)
        else:
            text = self.wording.not_covered(number=number)
        score = retrieval.candidates[0].score if retrieval and retrieval.candidates else 0.0
        return Answer(text, False, AnswerKind.REFUSED, reason, detail, score=score)

    def no_figures(self, titles: Sequence[str]) -> Answer:
        """Pay asked for a title the knowledge mentions but has no figures for."""
        text = self.wording.no_figures_for(titles)
        return Answer(text, False, AnswerKind.REFUSED, NOT_COVERED,
                      f"no salary figures: {titles[0]}")

    def other_language(self, language: Language) -> Answer:
        """A question in another language that the knowledge cannot read: the language's line
        (it answers in English only), then the assistant's own."""
        text = f"{language.ask_in_english}\n\n{self.domain.profile.assistant.ask_in_english}"
        return Answer(text, False, AnswerKind.REFUSED, OTHER_LANGUAGE,
                      f"asked in {language.name}")

    @staticmethod
    def in_english(answer: Answer, language: Language) -> Answer:
        """`answer` to a question in another language, after the language's line that says the
        answer follows in English."""
        return replace(answer, text=f"{language.answering}\n\n{answer.text}")

    @staticmethod
    def asks(questions: Sequence[str], answers: Sequence[Answer], frame: Frame | None) -> Answer:
        """One reply to a message that asked several things: each question, as asked, over its
        answer. It is answered when one of them is; what it was built from is all of theirs;
        `frame` is the conversation's after the last."""
        text = "\n\n".join(f"**{q[:1].upper()}{q[1:]}**\n\n{a.text}"
                            for q, a in zip(questions, answers, strict=True))
        answered = [a for a in answers if a.answered]
        main = (answered or list(answers))[0]
        refused = [a for a in answers if not a.answered]
        return Answer(
            text, bool(answered), main.kind,
            reason=None if answered else main.reason,
            detail="; ".join(f"{q}: {a.detail}" for q, a in zip(questions, answers, strict=True)
                             if not a.answered and a.detail) if refused else "",
            used=tuple(h for a in answers for h in a.used),
            suggestions=answers[-1].suggestions, data=main.data, frame=frame,
            score=max(a.score for a in answers),
            quoted=(*questions, *(q for a in answers for q in a.quoted)),
            route=",".join(a.route for a in answers))

    def decline(self, before: Frame | None = None, *, private: bool = False) -> Answer:
        """The profile's decline (`private`: of a question about what a named person earns).
        After figures or a kit the conversation stays on them (`before`); else a follow-up
        ("what should we screen on instead?") is read with what its last sentence offers
        instead."""
        assistant = self.domain.profile.assistant
        text = assistant.decline_person if private else assistant.decline
        offer = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
        keep = before is not None and (before.salary or bool(before.kit))
        return Answer(text, False, AnswerKind.REFUSED, DECLINED,
                      "asks what a named person earns" if private
                      else "asks to select candidates by a protected characteristic",
                      frame=None if keep else Frame(subject=offer))

    def smalltalk(self, kind: str) -> Answer:
        assistant = self.domain.profile.assistant
        if kind == "greeting":
            text = assistant.greeting
        elif kind == "help":
            text = f"{assistant.scope} Ask in your own words, for example one of these."
        elif kind == "thanks":
            text = "You're welcome. Anything else?"
        else:
            text = "Goodbye, and good luck with your hiring."
        suggestions = self.starters() if kind in ("greeting", "help") else []
        return Answer(text, True, AnswerKind.SMALLTALK, suggestions=tuple(suggestions[:4]))

    # --- suggestions ------------------------------------------------------------------------

    def starters(self) -> list[str]:
        """The questions the profile offers at the start of a conversation."""
        return list(self.domain.profile.assistant.starters)

    def suggestions(self, answer: Answer, asked: Iterable[str], limit: int = 3) -> list[str]:
        """Follow-up questions the knowledge can answer, not yet asked in this conversation."""
        seen = {q.lower().strip(" ?") for q in asked}
        used = {h.snippet.id for h in answer.used}
        pool: list[Snippet] = []
        if answer.kind == AnswerKind.SALARY:
            pool = self._salary_neighbours(answer)
        elif answer.used:
            topic = answer.used[0].snippet.topic
            pool = [s for s in self._snippets if s.topic == topic and s.id not in used]
        out: list[str] = []
        for snippet in pool:
            if not snippet.questions or snippet.id in used or snippet.gap:
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
                seen.add(question.lower().strip(" ?"))
                out.append(question)
        return out

    def _salary_neighbours(self, answer: Answer) -> list[Snippet]:
        """Figures next to the ones shown: other levels, other places, of the same role."""
        frame = answer.frame or Frame()
        rows = [r for r in self.records.values() if r.role == frame.role and not r.baseline]
        shown = set(frame.records)
        neighbours = []
        if frame.levels:
            neighbours += [r for r in rows if r.level and r.id not in shown]
        if frame.locations or not frame.levels:
            neighbours += [r for r in rows if r.location and r.id not in shown]
        return [self._record_snippet[r.id] for r in neighbours if r.id in self._record_snippet]


def _in_order_shown(result: SalaryResult) -> list[str]:
    """The ids of a salary answer's figures in the order it shows them: a ranking's groups,
    then the figures ranked with none ("the first two" of a ranking are its top two)."""
    ranked = [r for group in result.ranking if len(group) > 1 for r in group]
    return [r.id for r in (*ranked, *(r for r in result.rows if r not in ranked))]


def _main_role(rows: Sequence[SalaryRecord], question: SalaryQuestion | None) -> str:
    roles = [r.role for r in rows if not r.baseline] or [r.role for r in rows]
    if roles and len(set(roles)) == 1:
        return roles[0]
    return question.roles[0] if question is not None and question.roles else roles[0] if roles \
        else ""
