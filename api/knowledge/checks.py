"""Publish checks (`checks.yml`): questions that must keep working, each with what it must be
answered from or why it is refused (`api.publish.checks` runs them), and which checks name ids
the knowledge no longer holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.errors import Problem
from api.knowledge.model import REASONS, Check, Snippet
from api.knowledge.records import SalaryRecord
from api.knowledge.yamldoc import read_yaml, text_list

CHECKS_FILE = "checks.yml"


def parse_checks(text: str, shown: str, problems: list[Problem]) -> list[Check]:
    """Read `checks.yml`; every bad check is recorded as a problem with its line."""
    doc = read_yaml(text, shown, problems)
    if doc is None or doc.data is None:
        return []
    if not isinstance(doc.data, list):
        problems.append(Problem(shown, 1, "must be a list of checks (- ask: ..., expect: [...])"))
        return []
    checks = []
    fields = ("ask", "expect", "refuse", "after")
    for i, item in enumerate(doc.data):
        line = doc.line(i)
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, "a check must be a mapping with 'ask'"))
            continue
        errors = [f"unknown field '{k}' (known: {', '.join(fields)})"
                  for k in item if k not in fields]
        ask = item.get("ask")
        if not isinstance(ask, str) or not ask.strip():
            errors.append("'ask' must be the question, as text")
        expect = text_list(item.get("expect", []))
        if expect is None:
            errors.append("'expect' must list snippet or salary record ids")
        after = text_list(item.get("after", []))
        if after is None:
            errors.append("'after' must list the earlier messages, as text")
        refuse = item.get("refuse", "")
        if refuse and refuse not in REASONS:
            errors.append(f"'refuse' must be one of {', '.join(REASONS)}, got {refuse!r}")
        if bool(expect) == bool(refuse):
            errors.append("give either 'expect' (what answers it) or 'refuse' (why not)")
        if errors:
            problems.append(Problem(shown, line, "; ".join(errors)))
            continue
        checks.append(Check(" ".join(str(ask).split()), shown, line, tuple(expect or ()),
                            str(refuse or ""), tuple(after or ())))
    return checks


def stale_checks(checks: Iterable[Check], snippets: Iterable[Snippet],
                 salaries: Iterable[SalaryRecord]) -> list[Problem]:
    """Checks that name a snippet or record id the knowledge no longer holds."""
    known = {s.id for s in snippets} | {r.id for r in salaries}
    return [
        Problem(c.path, c.line, f"stale check: '{ref}' is neither a snippet nor a salary "
                "record any more; update or remove the check")
        for c in checks for ref in c.expect if ref not in known
    ]
