"""Edits a test makes to a copy of the made-up knowledge base."""

from __future__ import annotations

from pathlib import Path


def edit_figure(knowledge: Path, old: str = ",98000,CHF,", new: str = ",101500,CHF,") -> None:
    """Change a figure of salaries.csv (an L3 platform engineer's by default)."""
    path = knowledge / "salaries.csv"
    path.write_text(path.read_text().replace(old, new))
