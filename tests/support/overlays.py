"""Apply a new-role overlay (tests/fixtures/new-roles/<name>/) to a copy of the knowledge, the way
a talent team adds a role: rows in a CSV of their own, a playbook, checks, and the role in
profile.yml when it is not there yet."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ROOT / "tests/fixtures/new-roles"


def apply_overlay(knowledge: Path, name: str | Path) -> Path:
    """Copy the overlay `name` (a folder of tests/fixtures/new-roles, or a path) into the
    knowledge directory `knowledge` (edited in place)."""
    overlay = OVERLAYS / name if isinstance(name, str) else name
    for path in overlay.iterdir():
        if path.suffix in (".csv", ".md"):
            shutil.copy(path, knowledge / path.name)
        elif path.name == "checks.yml":
            existing = knowledge / "checks.yml"
            text = existing.read_text(encoding="utf-8") if existing.exists() else ""
            existing.write_text(text.rstrip("\n") + "\n" + path.read_text(encoding="utf-8"),
                                encoding="utf-8")
        elif path.name == "profile-roles.yml":
            profile_path = knowledge / "profile.yml"
            profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
            profile["roles"] += yaml.safe_load(path.read_text(encoding="utf-8"))
            profile_path.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True),
                                    encoding="utf-8")
    return knowledge
