"""The code names no content: no role, level, place, currency, source or figure of the shipped
knowledge appears in a string of api/ code or of the widget. Such facts belong in knowledge/.

The list of what to look for is read from the knowledge itself, so it grows with it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.numbers import get_currency_symbol

from api.knowledge.loader import load_knowledge
from api.text.places import CONTINENTS
from tests.conftest import KNOWLEDGE, ROOT

API = ROOT / "api"


def content_literals() -> set[str]:
    """Names and figures of the shipped knowledge that code must not spell out."""
    kb = load_knowledge(KNOWLEDGE)
    found: set[str] = set()
    for role in kb.profile.roles:
        found.update(n for n in (role.name, role.plural, *role.aliases) if len(n.split()) > 1)
    for ladder in kb.profile.ladders:
        for level in ladder.levels:
            found.update(n for n in (level.id, level.name) if len(n) >= 5)
    for record in kb.salaries:
        # A table's places, not their aliases ("German", "America"): those are also the
        # everyday geography that place lookup and the fairness check must know.
        found.update(n for n in (record.location, record.region) if len(n) >= 4
                     and n.lower() not in CONTINENTS)
        found.update((record.source, record.cited_in, record.currency))
        found.update((f"{record.amount:.0f}", f"{record.amount:,.0f}"))
        symbol = get_currency_symbol(record.currency, locale=kb.profile.assistant.locale)
        if symbol != "$":  # "$" is also regular-expression syntax
            found.add(symbol)
    return {f for f in found if f}


def code_strings() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string literal in api/ code (docstrings aside) and in the
    widget's JavaScript (comments aside)."""
    out: list[tuple[str, int, str]] = []
    for path in sorted(API.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        out += [(str(path.relative_to(ROOT)), node.lineno, node.value) for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings]
    for path in sorted(API.rglob("*.js")):
        source = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "",
                        path.read_text(encoding="utf-8"), flags=re.S)
        for number, line in enumerate(source.splitlines(), start=1):
            out += [(str(path.relative_to(ROOT)), number, literal)
                    for literal in re.findall(r"'[^']*'|\"[^\"]*\"|`[^`]*`", line)]
    return out


def test_the_literal_list_covers_the_content():
    literals = content_literals()
    assert len(literals) > 40
    assert {"AI engineer", "senior", "Glassdoor", "Boston, MA", "151000", "£"} <= literals


def test_no_content_literal_in_the_code():
    literals = content_literals()
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(lit)}(?!\w)" for lit in sorted(literals, key=len,
                                                                     reverse=True)),
        re.I,
    )
    hits = [f"{path}:{line}: {match.group(0)!r} in {text[:60]!r}"
            for path, line, text in code_strings() for match in [pattern.search(text)] if match]
    assert hits == [], "content in code (move it to knowledge/):\n" + "\n".join(hits)


def test_the_scanner_finds_a_planted_literal(tmp_path: Path, monkeypatch):
    planted = tmp_path / "api"
    planted.mkdir()
    (planted / "bad.py").write_text(
        '"""Doc: Glassdoor is fine here."""\nX = "paid like Glassdoor"\n')
    monkeypatch.setattr("tests.unit.test_domain_free.API", planted)
    monkeypatch.setattr("tests.unit.test_domain_free.ROOT", tmp_path)
    strings = code_strings()
    assert ("api/bad.py", 2, "paid like Glassdoor") in strings
    assert all("Doc:" not in text for _, _, text in strings)
