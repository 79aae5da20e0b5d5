"""Publish checks: the questions of `knowledge/checks.yml` run on an engine, each outcome and
the figures they add up to (`api.publish.gate` compares two builds' reports).

A check's expectations are references (a salary record id, a snippet id) resolved against the
index it runs on, so an updated figure is expected as updated. A check naming an id the new
knowledge no longer holds is *stale*; a check that passed on the index in service and fails on
the new build got *worse*. Either blocks publishing (unless forced).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from api.dialogue.engine import Engine
from api.dialogue.state import DialogueState
from api.knowledge.model import Check

RANK_DEPTH = 10


class CheckStatus(StrEnum):
    """How one check fared on one index."""

    PASS = "pass"
    FAIL = "fail"
    STALE = "stale"  # it names an id the index lacks
    NEW = "new"  # the same, on the index in service: the new knowledge added the id


PASS, FAIL, STALE, NEW = CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.STALE, CheckStatus.NEW


@dataclass(frozen=True)
class CheckOutcome:
    """How one check fared on one index."""

    check: Check
    status: CheckStatus
    detail: str = ""  # why it failed, for a person
    answer: str = ""
    rank: int | None = None  # search rank of the first expected snippet, None if not found
    searched: bool = False  # whether the rank was measured (a snippet check without `after`)
    relevance: float | None = None  # cosine of the question and the answer (answer checks)

    @property
    def passed(self) -> bool:
        return self.status == PASS


@dataclass
class CheckReport:
    """Every check's outcome on one index, and the figures they add up to."""

    outcomes: list[CheckOutcome] = field(default_factory=list)

    def _rows(self, refuse: bool | None = None) -> list[CheckOutcome]:
        return [o for o in self.outcomes if o.status in (PASS, FAIL)
                and (refuse is None or bool(o.check.refuse) == refuse)]

    def metrics(self) -> dict[str, float]:
        """Shares of checks passed (all, answers, refusals) and search ranks (snippet checks)."""
        ranked = [o for o in self._rows(False) if o.searched]
        return {
            "passed": _share(self._rows()),
            "answers": _share(self._rows(False)),
            "refusals": _share(self._rows(True)),
            "hit@1": sum(o.rank == 1 for o in ranked) / max(len(ranked), 1),
            "hit@3": sum(o.rank is not None and o.rank <= 3 for o in ranked) / max(len(ranked), 1),
            "mrr": sum(1 / o.rank for o in ranked if o.rank) / max(len(ranked), 1),
        }

    def counts(self) -> dict[str, int]:
        return {str(s): sum(o.status == s for o in self.outcomes) for s in CheckStatus}

    def failures(self) -> list[CheckOutcome]:
        return [o for o in self.outcomes if o.status in (FAIL, STALE)]


def _share(rows: Sequence[CheckOutcome]) -> float:
    return sum(o.passed for o in rows) / max(len(rows), 1)


def run_checks(checks: Sequence[Check], engine: Engine, *, before: bool = False
               ) -> CheckReport:
    """Ask every check's question (after its earlier turns) in a fresh conversation.

    `before`: the index in service, where an id the new knowledge added is simply not there
    yet ("new"), not a stale reference.
    """
    conversation = engine.conversation
    snippets = {s.id for s in engine.index.snippets}
    records = engine.index.salaries
    naming = engine.domain.naming
    report = CheckReport()
    for check in checks:
        missing = [ref for ref in check.expect if ref not in snippets and ref not in records]
        if missing:
            report.outcomes.append(CheckOutcome(
                check, NEW if before else STALE,
                f"names {', '.join(missing)}, which the knowledge does not hold"))
            continue
        state = DialogueState()
        for message in check.after:
            _, state = conversation.reply(message, state)
        answer, _ = conversation.reply(check.ask, state)
        problems: list[str] = []
        if check.refuse:
            if answer.answered:
                problems.append(f"answered, expected a refusal ({check.refuse})")
            elif answer.reason != check.refuse:
                problems.append(f"refused as {answer.reason}, expected {check.refuse}")
        else:
            if not answer.answered:
                problems.append(f"refused ({answer.reason}), expected an answer")
            figures = [naming.money(records[ref]) for ref in check.expect if ref in records]
            problems += [f"missing {f}" for f in figures if f not in answer.text]
            wanted = [ref for ref in check.expect if ref in snippets]
            used = [h.snippet.id for h in answer.used]
            if wanted and not set(wanted) & set(used):
                problems.append(f"answered from {', '.join(used) or 'nothing'}, expected "
                                f"{' or '.join(wanted)}")
        rank = None
        wanted = [ref for ref in check.expect if ref in snippets]
        if wanted and not check.after:
            hits = engine.retriever.retrieve(check.ask, top_k=RANK_DEPTH).hits
            rank = next((i for i, h in enumerate(hits, start=1) if h.snippet.id in wanted), None)
        report.outcomes.append(CheckOutcome(
            check, FAIL if problems else PASS, "; ".join(problems), answer.text, rank,
            searched=bool(wanted and not check.after)))
    return _with_relevance(report, engine)


def _with_relevance(report: CheckReport, engine: Engine) -> CheckReport:
    """How close each answer's meaning is to its question (one batch through the model)."""
    answers = [(i, o) for i, o in enumerate(report.outcomes)
               if o.status in (PASS, FAIL) and not o.check.refuse and o.answer]
    if not answers:
        return report
    vectors = engine.embedder.encode([t for _, o in answers for t in (o.check.ask, o.answer)])
    for k, (i, outcome) in enumerate(answers):
        cosine = float(vectors[2 * k] @ vectors[2 * k + 1])
        report.outcomes[i] = replace(outcome, relevance=round(cosine, 4))
    return report
