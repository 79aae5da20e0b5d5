"""Apply a new-role overlay (tests/fixtures/new-roles/<name>/) to a copy of the knowledge, the way
a talent team adds a role: rows in a CSV of their own (or the whole table again), a playbook,
checks, and the role in profile.yml when it is not there yet (or the whole profile again)."""

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
        if path.name == "README.md":
            continue  # the overlay's own notes
        if path.suffix in (".csv", ".md") or path.name == "profile.yml":  # (a whole new profile)
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


COMPANY = ROOT / "tests/fixtures/kit-company"
DEMO_COMPANY = ROOT / "deploy/demo-company"


def apply_company(knowledge: Path, overlay: Path = COMPANY) -> Path:
    """Copy a company's content (company.yml, pay bands and rules, Markdown such as lines
    written for kits) into the knowledge directory `knowledge`, edited in place; a `kits.yml`
    in the overlay replaces the profile's kits it names."""
    for path in overlay.iterdir():
        if path.name == "kits.yml":
            profile_path = knowledge / "profile.yml"
            profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
            profile["kits"].update(yaml.safe_load(path.read_text(encoding="utf-8")))
            profile_path.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True),
                                    encoding="utf-8")
        elif path.suffix in (".csv", ".md", ".yml") and not path.name.startswith("_"):
            shutil.copy(path, knowledge / path.name)
    return knowledge


def company_knowledge(directory: Path, base: Path = ROOT / "knowledge") -> Path:
    """A copy of the knowledge `base` in `directory`/knowledge with the made-up company of
    deploy/demo-company (its company.yml, pay bands and pay-transparency rules) laid over it."""
    knowledge = directory / "knowledge"
    shutil.copytree(base, knowledge)
    return apply_company(knowledge, DEMO_COMPANY)
