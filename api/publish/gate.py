"""The gate: the same checks on the build in service and on a new build, compared.

A check that passed in service and fails on the new build got *worse*, as does one whose answer
no longer reads as an answer to its question (its text was replaced); a check naming an id the
new knowledge no longer holds is *stale*. Either keeps the new build out of service (unless
forced). The before/after table is the one the CLI, the admin API and the console show.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from api.publish.checks import FAIL, PASS, STALE, CheckOutcome, CheckReport

# An answer whose meaning drifts this far from its question (cosine, new build against the
# index in service) got worse even if it names the same snippet: its text was replaced.
RELEVANCE_DROP = 0.2


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


def gate_payload(result: GateResult) -> dict[str, Any]:
    """The gate's verdict as JSON, with the before/after table a person reads."""
    return {**result.to_dict(), "table": result.table()}
