"""Publish checks: the questions of `knowledge/checks.yml` run on an index, and the gate that
compares the index in service with a new build before the new one is published.

A check's expectations are references (a salary record id, a snippet id) resolved against the
index it runs on, so an updated figure is expected as updated. A check naming an id the new
knowledge no longer holds is *stale*; a check that passed on the index in service and fails on
the new build got *worse*. Either blocks publishing (unless forced).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from api.dialogue.conversation import Conversation, DialogueState
from api.knowledge.loader import Check

RANK_DEPTH = 10
PASS, FAIL, STALE, NEW = "pass", "fail", "stale", "new"
# An answer whose meaning drifts this far from its question (cosine, new build against the
# index in service) got worse even if it names the same snippet: its text was replaced.
RELEVANCE_DROP = 0.2


@dataclass(frozen=True)
class CheckOutcome:
    """How one check fared on one index."""

    check: Check
    status: str  # pass, fail, stale (names an id the index lacks) or new (same, before)
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
        return {s: sum(o.status == s for o in self.outcomes) for s in (PASS, FAIL, STALE, NEW)}

    def failures(self) -> list[CheckOutcome]:
        return [o for o in self.outcomes if o.status in (FAIL, STALE)]


def _share(rows: Sequence[CheckOutcome]) -> float:
    return sum(o.passed for o in rows) / max(len(rows), 1)


def run_checks(checks: Sequence[Check], conversation: Conversation, *, before: bool = False
               ) -> CheckReport:
    """Ask every check's question (after its earlier turns) in a fresh conversation.

    `before`: the index in service, where an id the new knowledge added is simply not there
    yet ("new"), not a stale reference.
    """
    index = conversation.retriever.index
    snippets = {s.id for s in index.snippets}
    records = index.salaries
    naming = conversation.domain.naming
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
            hits = conversation.retriever.retrieve(check.ask, top_k=RANK_DEPTH).hits
            rank = next((i for i, h in enumerate(hits, start=1) if h.snippet.id in wanted), None)
        report.outcomes.append(CheckOutcome(
            check, FAIL if problems else PASS, "; ".join(problems), answer.text, rank,
            searched=bool(wanted and not check.after)))
    return _with_relevance(report, conversation)


def _with_relevance(report: CheckReport, conversation: Conversation) -> CheckReport:
    """How close each answer's meaning is to its question (one batch through the model)."""
    answers = [(i, o) for i, o in enumerate(report.outcomes)
               if o.status in (PASS, FAIL) and not o.check.refuse and o.answer]
    if not answers:
        return report
    embedder = conversation.retriever.embedder
    vectors = embedder.encode([t for _, o in answers for t in (o.check.ask, o.answer)])
    for k, (i, outcome) in enumerate(answers):
        cosine = float(vectors[2 * k] @ vectors[2 * k + 1])
        report.outcomes[i] = replace(outcome, relevance=round(cosine, 4))
    return report


@dataclass
class GateResult:
    """The gate's verdict on a new build, with the before/after table behind it."""

    before: CheckReport | None
    after: CheckReport
    worse: list[tuple[CheckOutcome, CheckOutcome]] = field(default_factory=list)
    better: list[tuple[CheckOutcome | None, CheckOutcome]] = field(default_factory=list)
    stale: list[CheckOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.worse and not self.stale

    def reasons(self) -> list[str]:
        out = []
        if self.stale:
            out.append(f"{len(self.stale)} stale check(s)")
        if self.worse:
            out.append(f"{len(self.worse)} check(s) got worse")
        return out

    def table(self) -> str:
        """The before/after table a person reads (CLI and API share it)."""
        lines = [f"{'checks':<14}{'in service':>12}{'new build':>12}"]
        after = self.after.metrics()
        before = self.before.metrics() if self.before else {}
        for name, value in after.items():
            old = f"{before[name]:.3f}" if name in before else "-"
            lines.append(f"  {name:<12}{old:>12}{value:>12.3f}")
        counts = self.after.counts()
        old_counts = self.before.counts() if self.before else {}
        for status in (PASS, FAIL, STALE):
            old = str(old_counts.get(status, "-")) if self.before else "-"
            lines.append(f"  {status:<12}{old:>12}{counts[status]:>12}")
        worse = {id(new) for _, new in self.worse}
        failing = [(None, o) for o in self.after.outcomes
                   if o.status == FAIL and id(o) not in worse]
        for title, rows in (("stale", [(None, o) for o in self.stale]),
                            ("worse", self.worse), ("still failing", failing),
                            ("better", self.better)):
            if rows:
                lines.append(f"{title} ({len(rows)}):")
                for _, outcome in rows:
                    check = outcome.check
                    lines.append(f"  - {check.path}:{check.line} \"{check.ask}\""
                                 + (f": {outcome.detail}" if outcome.detail else ""))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        def row(outcome: CheckOutcome) -> dict[str, Any]:
            check = outcome.check
            return {"ask": check.ask, "path": check.path, "line": check.line,
                    "status": outcome.status, "detail": outcome.detail}

        return {
            "before": self.before.metrics() if self.before else {},
            "after": self.after.metrics(),
            "counts_before": self.before.counts() if self.before else {},
            "counts_after": self.after.counts(),
            "stale": [row(o) for o in self.stale],
            "worse": [row(new) for _, new in self.worse],
            "better": [row(new) for _, new in self.better],
        }


def _drifted(before: CheckOutcome, after: CheckOutcome) -> bool:
    return (before.relevance is not None and after.relevance is not None
            and before.relevance - after.relevance > RELEVANCE_DROP)


def gate(before: CheckReport | None, after: CheckReport) -> GateResult:
    """Compare the same checks on the index in service and on a new build."""
    result = GateResult(before, after)
    result.stale = [o for o in after.outcomes if o.status == STALE]
    old = before.outcomes if before is not None else [None] * len(after.outcomes)
    for previous, outcome in zip(old, after.outcomes, strict=True):
        if previous is not None and previous.passed and outcome.status == FAIL:
            result.worse.append((previous, outcome))
        elif previous is not None and previous.passed and _drifted(previous, outcome):
            drop = f"the answer no longer reads as one to the question (relevance " \
                   f"{previous.relevance:.2f} -> {outcome.relevance:.2f})"
            result.worse.append((previous, replace(outcome, detail=drop)))
        elif outcome.passed and (previous is None or not previous.passed):
            if previous is not None:
                result.better.append((previous, outcome))
    return result
