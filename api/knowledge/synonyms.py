"""Synonyms: how people write terms (variants) mapped to the words the knowledge uses. Read from
`synonyms.yml`, taken from the salary tables (the other names of places), and merged into one
table.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.errors import Problem
from api.knowledge.records import SalaryRecord
from api.knowledge.yamldoc import read_yaml, text_list

SYNONYMS_FILE = "synonyms.yml"


def parse_synonyms(text: str, shown: str, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """Read `synonyms.yml`; every bad entry is recorded as a problem with its line."""
    doc = read_yaml(text, shown, problems)
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, "must be a mapping of 'term: [variant, ...]'"))
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for term, variants in doc.data.items():
        line = doc.line(term)
        listed = text_list(variants) if isinstance(variants, list) else None
        if not isinstance(term, str) or not term.strip():
            problems.append(Problem(shown, line, f"term must be text, got {term!r}"))
        elif listed is None:
            problems.append(Problem(shown, line, f"'{term}' must map to a list of text variants"))
        else:
            result[term] = tuple(listed)
    return result


def record_synonyms(records: Iterable[SalaryRecord]) -> dict[str, tuple[str, ...]]:
    """The other names of the places in the salary tables ('NYC' for 'New York'), as synonyms."""
    terms: dict[str, tuple[str, ...]] = {}
    for record in records:
        if record.location:
            terms[record.location] = tuple(
                dict.fromkeys((*terms.get(record.location, ()), *record.aliases)))
    return terms


def merge_synonyms(*tables: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """One synonym table from several; variants of the same term are combined."""
    merged: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for term, variants in table.items():
            merged[term] = tuple(dict.fromkeys((*merged.get(term, ()), *variants)))
    return merged
