"""Edits a test makes to a copy of the made-up knowledge base."""

from __future__ import annotations

from pathlib import Path


def edit_figure(knowledge: Path, old: str = ",98000,CHF,", new: str = ",101500,CHF,") -> None:
    """Change a figure of salaries.csv (an L3 platform engineer's by default)."""
    path = knowledge / "salaries.csv"
    path.write_text(path.read_text().replace(old, new))


def small_kb(tmp_path: Path, profile: str) -> Path:
    """A made-up knowledge base: the profile given and one small topic file."""
    from tests.conftest import SMALL_DOC, write

    root = tmp_path / "kb"
    write(root / "profile.yml", profile)
    write(root / "ok.md", SMALL_DOC)
    return root


def problems_of(root: Path) -> list[str]:
    """The problems loading the knowledge at `root` reports (it must report some)."""
    import pytest

    from api.errors import KnowledgeError
    from api.knowledge.loader import load_knowledge

    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(p) for p in info.value.problems]
