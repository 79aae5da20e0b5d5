"""Retrieval evaluation: hit@k, MRR, fact recall and out-of-scope rejection on a question set.

The set is JSON Lines, one question per line:
    {"id": "q001", "question": "...", "expected": ["snippet/id", ...], "facts": ["$151,000"],
     "style": "typo"}
    {"id": "oos01", "question": "...", "expected": [], "out_of_scope": true, "style": "weather"}
Any expected id counts as a hit; facts must appear (case-insensitively) in the top 3 snippets.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from api.dialogue.state import DialogueState
from api.errors import HiringAdvisorError
from api.search.retrieval import Retrieval

FACT_DEPTH = 3
RANK_DEPTH = 10


class EvalSetError(HiringAdvisorError):
    """The evaluation file is missing or malformed."""


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    expected: tuple[str, ...]
    facts: tuple[str, ...]
    out_of_scope: bool
    style: str
    refused: str = ""  # an in-scope question that must be refused for this reason


@dataclass(frozen=True)
class EvalOutcome:
    """How one question fared."""

    question: EvalQuestion
    rank: int | None  # 1-based rank of the first expected snippet, None if not in the top 10
    facts_found: int
    rejected: bool
    top: tuple[str, ...]
    score: float
    reason: str


@dataclass
class EvalReport:
    """Aggregate scores plus each question's outcome."""

    outcomes: list[EvalOutcome] = field(default_factory=list)

    @property
    def in_scope(self) -> list[EvalOutcome]:
        return [o for o in self.outcomes if not o.question.out_of_scope]

    @property
    def out_of_scope(self) -> list[EvalOutcome]:
        return [o for o in self.outcomes if o.question.out_of_scope]

    def hit_at(self, k: int) -> float:
        rows = self.in_scope
        return sum(o.rank is not None and o.rank <= k for o in rows) / max(len(rows), 1)

    @property
    def mrr(self) -> float:
        rows = self.in_scope
        return sum(1.0 / o.rank for o in rows if o.rank) / max(len(rows), 1)

    @property
    def fact_recall(self) -> float:
        total = sum(len(o.question.facts) for o in self.in_scope)
        return sum(o.facts_found for o in self.in_scope) / max(total, 1)

    @property
    def answered_rate(self) -> float:
        """Share of in-scope questions that were not rejected."""
        rows = self.in_scope
        return sum(not o.rejected for o in rows) / max(len(rows), 1)

    @property
    def rejection(self) -> float:
        """Share of out-of-scope questions that returned nothing."""
        rows = self.out_of_scope
        return sum(o.rejected for o in rows) / max(len(rows), 1)

    def metrics(self) -> dict[str, float]:
        return {
            "hit@1": self.hit_at(1),
            "hit@3": self.hit_at(3),
            "mrr": self.mrr,
            "fact_recall": self.fact_recall,
            "answered": self.answered_rate,
            "oos_rejection": self.rejection,
        }

    def by_style(self) -> dict[str, tuple[int, float]]:
        """hit@3 per question style (count, rate); out-of-scope styles give rejection rate."""
        groups: dict[str, list[EvalOutcome]] = defaultdict(list)
        for o in self.outcomes:
            groups[o.question.style].append(o)
        result = {}
        for style, rows in sorted(groups.items()):
            if rows[0].question.out_of_scope:
                ok = sum(o.rejected for o in rows)
            else:
                ok = sum(o.rank is not None and o.rank <= 3 for o in rows)
            result[style] = (len(rows), ok / len(rows))
        return result

    def failures(self) -> list[EvalOutcome]:
        """Questions missed at hit@1 or wrongly answered out of scope."""
        return [
            o
            for o in self.outcomes
            if (o.question.out_of_scope and not o.rejected)
            or (not o.question.out_of_scope and o.rank != 1)
        ]

    def worse_than(self, other: EvalReport) -> list[str]:
        """The metrics on which this report scores below `other` (beyond float noise)."""
        mine, theirs = self.metrics(), other.metrics()
        return [
            f"{name} {mine[name]:.3f} < {theirs[name]:.3f}"
            for name in mine
            if mine[name] < theirs[name] - 1e-9
        ]


def _read_jsonl(path: Path, what: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line of a JSON Lines file."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalSetError(f"cannot read {what} {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except ValueError as exc:
                raise EvalSetError(f"{path}:{number}: not valid JSON ({exc})") from exc


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSON Lines question set.

    Raises:
        EvalSetError: the file is missing or a line is malformed (with its line number).
    """
    questions = []
    for number, data in _read_jsonl(path, "evaluation set"):
        try:
            questions.append(
                EvalQuestion(
                    id=str(data["id"]),
                    question=str(data["question"]),
                    expected=tuple(data.get("expected", ())),
                    facts=tuple(data.get("facts", ())),
                    out_of_scope=bool(data.get("out_of_scope", False)),
                    style=str(data.get("style", "question")),
                    refused=str(data.get("refused", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalSetError(f"{path}:{number}: malformed question ({exc})") from exc
    if not questions:
        raise EvalSetError(f"{path}: no questions")
    return questions


class Retrieves(Protocol):
    def retrieve(self, query: str, top_k: int | None = None) -> Retrieval: ...


def evaluate(retriever: Retrieves, questions: list[EvalQuestion]) -> EvalReport:
    """Run every question through `retriever` and score the results."""
    report = EvalReport()
    for q in questions:
        result = retriever.retrieve(q.question, top_k=RANK_DEPTH)
        ids = [h.snippet.id for h in result.hits]
        rank = next((i + 1 for i, sid in enumerate(ids) if sid in q.expected), None)
        text = " ".join(h.snippet.text for h in result.hits[:FACT_DEPTH]).lower()
        found = sum(fact.lower() in text for fact in q.facts)
        best = result.candidates[0].score if result.candidates else 0.0
        report.outcomes.append(
            EvalOutcome(q, rank, found, not result.relevant, tuple(ids[:3]), best, result.reason)
        )
    return report


# --- conversations ------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnOutcome:
    conversation: str
    turn: int
    message: str
    expect: str
    kind: str
    ok: bool
    problems: tuple[str, ...]
    answer: str
    style: str = ""


class Replies(Protocol):
    def reply(self, message: str, state: DialogueState) -> tuple[Any, DialogueState]: ...


def load_conversations(path: Path) -> list[dict]:
    """Read a JSON Lines set of conversations: {"id", "turns": [{"message", "expect", ...}]}."""
    out = []
    for number, data in _read_jsonl(path, "conversations"):
        turns = data.get("turns") if isinstance(data, dict) else None
        if not isinstance(turns, list) or not turns:
            raise EvalSetError(f"{path}:{number}: a conversation needs a non-empty 'turns' list")
        out.append(data)
    return out


def check_turn(answer: Any, turn: dict[str, Any]) -> list[str]:
    """What is wrong with an answer, per a turn's expectations (empty when it is right).

    `expect`: answered, refused (with an optional `reason`), smalltalk or kit (a drafted
    hiring kit, of the turn's `kind`, `level` and `location` when it names them), or a list of
    those (any will do); `facts` must all appear, one of each `any_of` list must, no
    `not_facts` may (all case-insensitive).
    """
    expects = turn["expect"] if isinstance(turn["expect"], list) else [turn["expect"]]
    found = [_expected(answer, expect, turn) for expect in expects]
    problems = [] if [] in found else list(found[0])
    text = answer.text.lower()
    problems += [f"missing {f!r}" for f in turn.get("facts", []) if f.lower() not in text]
    problems += [f"missing one of {group!r}" for group in turn.get("any_of", [])
                 if group and not any(f.lower() in text for f in group)]
    problems += [f"has {f!r}" for f in turn.get("not_facts", []) if f.lower() in text]
    return problems


def _expected(answer: Any, expect: str, turn: dict[str, Any]) -> list[str]:
    """What is wrong with an answer for one kind of answer a turn expects."""
    reason = turn.get("reason") or ("declined" if expect == "declined" else "")
    expect = {"unanswered": "refused", "declined": "refused"}.get(expect, expect)
    if expect == "kit":
        return kit_problems(answer, turn)
    if expect == "smalltalk":
        return [] if answer.kind == "smalltalk" else [f"expected smalltalk, got {answer.kind}"]
    if expect == "answered":
        return [] if answer.answered and answer.kind != "smalltalk" else [
            f"expected an answer, got {answer.kind} ({answer.reason})"]
    if answer.answered:
        return [f"expected a refusal{f' ({reason})' if reason else ''}, got an answer"]
    if reason and answer.reason != reason:
        return [f"expected {reason}, got {answer.reason}"]
    return []


def kit_problems(answer: Any, turn: dict[str, Any]) -> list[str]:
    """What is wrong with a turn that expects a kit: none drafted, or one of another kind,
    level or location than the turn names."""
    if answer.kind != "kit":
        return [f"expected a kit, got {answer.kind} ({answer.reason})"]
    data = answer.data or {}
    problems = [f"{key}: expected {turn[key]!r}, got {data.get(key)!r}"
                for key in ("kind", "level") if turn.get(key) and data.get(key) != turn[key]]
    if turn.get("location") and turn["location"].lower() not in str(
            data.get("location", "")).lower():
        problems.append(f"location: expected {turn['location']!r}, got {data.get('location')!r}")
    return problems


def evaluate_conversations(conversation: Replies, conversations: list[dict]) -> list[TurnOutcome]:
    """Play each conversation turn by turn and check each answer (see `check_turn`)."""
    outcomes = []
    for convo in conversations:
        state = DialogueState()
        for number, turn in enumerate(convo["turns"], start=1):
            answer, state = conversation.reply(turn["message"], state)
            problems = check_turn(answer, turn)
            outcomes.append(TurnOutcome(convo["id"], number, turn["message"], turn["expect"],
                                        answer.kind, not problems, tuple(problems), answer.text,
                                        str(convo.get("style", ""))))
    return outcomes


@dataclass(frozen=True)
class AnswerScores:
    """End to end, one question per fresh conversation: what a person would see."""

    in_scope: int
    answered: int  # in-scope questions answered (answered=true)
    with_facts: int  # ... whose answer text holds every required fact
    out_of_scope: int
    declined_ok: int  # out-of-scope questions answered=false

    def summary(self) -> dict[str, float]:
        return {
            "answered": self.answered / max(self.in_scope, 1),
            "facts_in_answer": self.with_facts / max(self.in_scope, 1),
            "oos_unanswered": self.declined_ok / max(self.out_of_scope, 1),
        }


def evaluate_answers(conversation: Replies, questions: list[EvalQuestion]) -> AnswerScores:
    """Ask each question in a new conversation and check the answer itself."""
    answered = with_facts = declined = 0
    for q in questions:
        answer, _ = conversation.reply(q.question, DialogueState())
        if q.out_of_scope:
            declined += not answer.answered
            continue
        if q.refused:  # in scope, and rightly refused: counts as handled
            answered += not answer.answered and answer.reason == q.refused
            with_facts += not answer.answered and answer.reason == q.refused
            continue
        answered += answer.answered
        text = answer.text.lower()
        with_facts += answer.answered and all(f.lower() in text for f in q.facts)
    in_scope = sum(not q.out_of_scope for q in questions)
    return AnswerScores(in_scope, answered, with_facts, len(questions) - in_scope, declined)
