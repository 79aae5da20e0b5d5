"""Parse and validate the knowledge directory: walk its files, hand each to its parser, check
what one file names against another (roles and levels against the profile, duplicate ids, stale
checks) and collect the warnings.

Layout of `knowledge/` (knowledge/README.md has the full format):
- `profile.yml`: the assistant, the roles, the level ladders and the topics
  (`api.knowledge.profile`).
- `*.md`: YAML front matter (title, topic, source, as_of; optional role, kind), then snippets,
  one per `## ` heading. A heading may end in `{#custom/id}`; else the id is `<file>/<heading>`
  (`api.knowledge.topics`).
- `*.csv`: salary tables, one record per row (`api.knowledge.records`); each record also becomes
  a snippet, and each group of records (a role's levels, a role's locations in a region) an
  overview (`api.knowledge.salary_snippets`).
- `synonyms.yml`: how people write terms (variants) mapped to the words the knowledge uses
  (`api.knowledge.synonyms`).
- `checks.yml`: questions that gate publishing (`api.knowledge.checks` reads them,
  `api.publish.checks` runs them).
- `README.md` and files starting with `_` or `.` are notes for editors and are not parsed.

Every problem found is collected and raised together as a `KnowledgeError` with `file:line`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from api.errors import KnowledgeError, Problem
from api.knowledge.checks import CHECKS_FILE, parse_checks, stale_checks
from api.knowledge.company import (
    COMPANY_FILE,
    Company,
    CompanyContent,
    PayBand,
    PayRule,
    company_file,
    parse_bands,
    parse_company,
    parse_rules,
)
from api.knowledge.company_checks import check_company
from api.knowledge.intents import INTENTS_FILE, Intents, parse_intents
from api.knowledge.model import SALARY_TOPIC, Check, KnowledgeBase, Snippet
from api.knowledge.phrasings import PHRASINGS_FILE, Phrasings, parse_phrasings
from api.knowledge.profile import PROFILE_FILE, Profile, parse_profile
from api.knowledge.records import SalaryRecord, parse_salaries
from api.knowledge.salary_snippets import salary_snippets
from api.knowledge.synonyms import SYNONYMS_FILE, parse_synonyms
from api.knowledge.topics import parse_markdown

IGNORED_FILES = {"README.md"}


def knowledge_files(directory: Path) -> list[Path]:
    """The files of the knowledge base, in a stable order (notes for editors excluded)."""
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and p.name not in IGNORED_FILES
        and not p.name.startswith(("_", "."))
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def fingerprint(directory: Path) -> str:
    """Hash of every knowledge file's name and bytes: cheap to compute, changes on any edit."""
    digest = hashlib.sha256()
    for path in knowledge_files(directory):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _display_path(directory: Path, path: Path) -> str:
    return (Path(directory.name) / path.relative_to(directory)).as_posix()


def _decode(raw: bytes, shown: str, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(shown, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save as UTF-8")
        )
        return None


@dataclass
class _Parsed:
    """What the files of a knowledge directory hold, as they are read."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)
    salaries: list[SalaryRecord] = field(default_factory=list)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    profile: Profile | None = None
    intents: Intents | None = None
    phrasings: Phrasings | None = None
    company: Company | None = None
    bands: list[PayBand] = field(default_factory=list)
    rules: list[PayRule] = field(default_factory=list)

    def read(self, path: Path, text: str, shown: str) -> None:
        """Parse one file by its name and kind, recording its problems."""
        problems = self.problems
        kind = company_file(path.name)
        if kind == "company":
            self.company = parse_company(text, shown, problems)
        elif kind == "bands":
            self.bands += parse_bands(text, shown, problems)
        elif kind == "rules":
            self.rules += parse_rules(text, shown, problems)
        elif path.suffix == ".md":
            self.snippets += parse_markdown(text, shown, problems, self.warnings)
        elif path.suffix == ".csv":
            self.salaries += parse_salaries(text, shown, problems)
        elif path.name == PROFILE_FILE:
            self.profile = parse_profile(text, shown, problems)
        elif path.name == SYNONYMS_FILE:
            self.synonyms = parse_synonyms(text, shown, problems)
        elif path.name == CHECKS_FILE:
            self.checks = parse_checks(text, shown, problems)
        elif path.name == INTENTS_FILE:
            self.intents = parse_intents(text, shown, problems)
        elif path.name == PHRASINGS_FILE:
            self.phrasings = parse_phrasings(text, shown, problems)
        else:
            problems.append(
                Problem(shown, 1, "unsupported file; use .md (snippets), .csv (salaries), "
                        f"{PROFILE_FILE}, {SYNONYMS_FILE}, {CHECKS_FILE}, {INTENTS_FILE}, "
                        f"{PHRASINGS_FILE} or {COMPANY_FILE}, or "
                        "start the name with '_' to keep it as a note")
            )


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Parse and validate every file under `directory`.

    Raises:
        KnowledgeError: listing every problem found, each as `file:line: what is wrong`.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), 0, "knowledge directory not found")])
    parsed = _Parsed()
    problems, warnings = parsed.problems, parsed.warnings
    files = knowledge_files(directory)
    for path in files:
        shown = _display_path(directory, path)
        text = _decode(path.read_bytes(), shown, problems)
        if text is not None:
            parsed.read(path, text, shown)
    if not any(p.suffix == ".md" for p in files) and not problems:
        problems.append(Problem(str(directory), 0, "no knowledge files (*.md) found"))
    profile, salaries = parsed.profile, parsed.salaries
    if profile is None:
        if not any(p.name == PROFILE_FILE for p in files):
            problems.append(Problem(f"{directory.name}/{PROFILE_FILE}", 0,
                                    f"missing {PROFILE_FILE}: the assistant, its roles and "
                                    "level ladders (see knowledge/README.md)"))
        raise KnowledgeError(problems)
    # Lines written for the kits are kept apart: nothing that searches the knowledge sees them.
    kit_snippets = [s for s in parsed.snippets if s.for_kits]
    snippets = [s for s in parsed.snippets if not s.for_kits]
    problems += _check_references(profile, [*snippets, *kit_snippets], salaries)
    content = CompanyContent(parsed.company, tuple(parsed.bands), tuple(parsed.rules))
    if content and not problems:
        problems += check_company(content, profile, salaries)
    if not problems:
        warnings += _missing_topics(profile, snippets, salaries)
    snippets += salary_snippets(salaries, profile)
    problems += _duplicate_ids([*snippets, *kit_snippets], "snippet id")
    problems += _duplicate_ids(salaries, "salary id")
    if problems:
        raise KnowledgeError(problems)
    warnings += stale_checks(parsed.checks, snippets, salaries)
    return KnowledgeBase(profile, snippets, salaries, parsed.synonyms, parsed.checks,
                         fingerprint(directory), warnings, parsed.intents, content, kit_snippets,
                         parsed.phrasings)


def _duplicate_ids(items: Iterable[Snippet | SalaryRecord], what: str) -> list[Problem]:
    seen: dict[str, Snippet | SalaryRecord] = {}
    problems = []
    for item in items:
        first = seen.setdefault(item.id, item)
        if first is not item:
            problems.append(
                Problem(item.path, item.line,
                        f"duplicate {what} '{item.id}' (first at {first.path}:{first.line})")
            )
    return problems


def _check_references(profile: Profile, snippets: list[Snippet],
                      salaries: list[SalaryRecord]) -> list[Problem]:
    """Roles and levels named by rows and files must exist in the profile."""
    problems = []
    role_ids = [r.id for r in profile.roles]
    for record in salaries:
        if profile.role(record.role) is None:
            problems.append(Problem(
                record.path, record.line,
                f"salary '{record.id}': unknown role '{record.role}' (roles in "
                f"{profile.path}: {', '.join(role_ids)}); add the role there first"))
            continue
        ladder = profile.ladder_of(record.role)
        if record.level and (ladder is None or ladder.level(record.level) is None):
            known = ", ".join(lv.id for lv in ladder.levels) if ladder else "none"
            problems.append(Problem(
                record.path, record.line,
                f"salary '{record.id}': level '{record.level}' is not on the ladder of role "
                f"'{record.role}' (levels: {known})"))
    reported: set[tuple[str, str]] = set()
    for snippet in snippets:
        for role in snippet.roles:
            if profile.role(role) is None and (snippet.path, role) not in reported:
                reported.add((snippet.path, role))
                problems.append(Problem(
                    snippet.path, 1, f"unknown role '{role}' in front matter (roles in "
                    f"{profile.path}: {', '.join(role_ids)})"))
    return problems


def _missing_topics(profile: Profile, snippets: list[Snippet],
                    salaries: list[SalaryRecord]) -> list[Problem]:
    """Topics the profile names that no file has (left out of "I cover ..." lines)."""
    present = {s.topic for s in snippets} | ({SALARY_TOPIC} if salaries else set())
    return [Problem(profile.path, profile.lines.get(f"topic:{t.id}", 1),
                    f"topic '{t.id}' is not the topic of any Markdown file")
            for t in profile.topics if t.id not in present]
