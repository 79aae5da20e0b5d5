"""Parse and validate the knowledge directory: the profile, snippets, salary records, synonyms
and the publish checks.

Layout of `knowledge/` (knowledge/README.md has the full format):
- `profile.yml`: the assistant, the roles, the level ladders and the topics (`api.profile`).
- `*.md`: YAML front matter (title, topic, source, as_of; optional role, kind), then snippets,
  one per `## ` heading. A heading may end in `{#custom/id}`; else the id is `<file>/<heading>`.
- `*.csv`: salary tables, one record per row (`api.records`); each record also becomes a snippet,
  and each group of records (a role's levels, a role's locations in a region) an overview.
- `synonyms.yml`: how people write terms (variants) mapped to the words the knowledge uses.
- `checks.yml`: questions that gate publishing (`api.checks` runs them).
- `README.md` and files starting with `_` or `.` are notes for editors and are not parsed.

Every problem found is collected and raised together as a `KnowledgeError` with `file:line`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from api.errors import KnowledgeError, Problem
from api.knowledge.naming import Naming, article, place_phrase
from api.knowledge.profile import PROFILE_FILE, Profile, parse_profile
from api.knowledge.records import SalaryRecord, parse_salaries
from api.knowledge.yamldoc import read_yaml, text_list
from api.text.money import currency_name

FRONT_MATTER_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "topic": str,
    "source": str,
    "as_of": date,
    "source_url": str,
    "role": (str, list),
    "kind": str,
}
FRONT_MATTER_REQUIRED = ("title", "topic", "source", "as_of")
# A Markdown file of this kind declares what the knowledge does not cover: when one of its
# snippets is the best match, the assistant says so instead of answering.
GAPS = "gaps"
KINDS = ("content", GAPS)
# Why a question was not answered: the contract of every refusal (ChatResponse.reason).
REASONS = ("out_of_scope", "not_covered", "declined")

SYNONYMS_FILE = "synonyms.yml"
CHECKS_FILE = "checks.yml"
IGNORED_FILES = {"README.md"}
MAX_SENTENCES = 4
ASKED_AS = "Asked as:"
ID_RE = re.compile(r"^[a-z0-9]+(?:[-_/][a-z0-9]+)*$")
HEADING_RE = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*(?:\{#(?P<id>[^}]*)\})?\s*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
RECORD_PREFIX = "salaries/"
# The topic of the snippets made from salary records.
SALARY_TOPIC = "salaries"


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'AI engineer vs. ML engineer' -> 'ai-engineer-vs-ml-engineer'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Snippet:
    """One self-contained piece of knowledge: what retrieval finds and answers quote."""

    id: str
    title: str
    text: str
    topic: str
    source: str
    as_of: date
    path: str
    line: int
    doc_title: str = ""
    # Extra words that help search find the snippet (aliases); never shown to people.
    keywords: tuple[str, ...] = ()
    # Ways people ask for this snippet ("Asked as:" lines); searched, never shown.
    questions: tuple[str, ...] = ()
    # Salary records this snippet states, for answers that compare or chart figures.
    salary_ids: tuple[str, ...] = ()
    # The roles the snippet is about (profile role ids); empty when it is about none in particular.
    roles: tuple[str, ...] = ()
    kind: str = "content"

    @property
    def gap(self) -> bool:
        """Whether the snippet declares something the knowledge does not cover."""
        return self.kind == GAPS

    @property
    def search_text(self) -> str:
        """All the words search matches: heading, body, keywords and questions."""
        return "\n".join([self.title, self.text, *self.keywords, *self.questions])

    @property
    def embedding_texts(self) -> tuple[str, ...]:
        """What gets one vector each: the snippet itself, then each way of asking for it."""
        main = "\n".join([self.title, self.text, *self.keywords])
        return (main, *self.questions)

    @cached_property
    def content_hash(self) -> str:
        """Hash of what gets embedded: equal hashes can reuse the stored vectors."""
        return hashlib.sha256("\0".join(self.embedding_texts).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        # Shallow: every field is a plain value or a tuple of strings (asdict deep-copies).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snippet:
        return cls(
            **{
                **data,
                "as_of": date.fromisoformat(data["as_of"]),
                "keywords": tuple(data.get("keywords", ())),
                "questions": tuple(data.get("questions", ())),
                "salary_ids": tuple(data.get("salary_ids", ())),
                "roles": tuple(data.get("roles", ())),
            }
        )


@dataclass(frozen=True)
class Check:
    """A question that must keep working: what it must be answered from, or why refused."""

    ask: str
    path: str
    line: int
    expect: tuple[str, ...] = ()  # snippet ids (one must be a source) and salary record ids
    refuse: str = ""  # one of REASONS
    after: tuple[str, ...] = ()  # earlier turns of the same conversation

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        return cls(**{**data, "expect": tuple(data.get("expect", ())),
                      "after": tuple(data.get("after", ()))})


@dataclass
class KnowledgeBase:
    """Everything parsed from the knowledge directory."""

    profile: Profile
    snippets: list[Snippet]
    salaries: list[SalaryRecord]
    synonyms: dict[str, tuple[str, ...]]
    checks: list[Check]
    fingerprint: str
    warnings: list[Problem] = field(default_factory=list)


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


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Parse and validate every file under `directory`.

    Raises:
        KnowledgeError: listing every problem found, each as `file:line: what is wrong`.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), 0, "knowledge directory not found")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    snippets: list[Snippet] = []
    salaries: list[SalaryRecord] = []
    synonyms: dict[str, tuple[str, ...]] = {}
    checks: list[Check] = []
    profile: Profile | None = None
    files = knowledge_files(directory)
    for path in files:
        shown = _display_path(directory, path)
        text = _decode(path.read_bytes(), shown, problems)
        if text is None:
            continue
        if path.suffix == ".md":
            snippets += _parse_markdown(text, shown, problems, warnings)
        elif path.suffix == ".csv":
            salaries += parse_salaries(text, shown, problems)
        elif path.name == PROFILE_FILE:
            profile = parse_profile(text, shown, problems)
        elif path.name == SYNONYMS_FILE:
            synonyms = _parse_synonyms(text, shown, problems)
        elif path.name == CHECKS_FILE:
            checks = _parse_checks(text, shown, problems)
        else:
            problems.append(
                Problem(shown, 1, "unsupported file; use .md (snippets), .csv (salaries), "
                        f"{PROFILE_FILE}, {SYNONYMS_FILE} or {CHECKS_FILE}, or start the name "
                        "with '_' to keep it as a note")
            )
    if not any(p.suffix == ".md" for p in files) and not problems:
        problems.append(Problem(str(directory), 0, "no knowledge files (*.md) found"))
    if profile is None:
        if not any(p.name == PROFILE_FILE for p in files):
            problems.append(Problem(f"{directory.name}/{PROFILE_FILE}", 0,
                                    f"missing {PROFILE_FILE}: the assistant, its roles and "
                                    "level ladders (see knowledge/README.md)"))
        raise KnowledgeError(problems)
    problems += _check_references(profile, snippets, salaries)
    if not problems:
        warnings += _missing_topics(profile, snippets, salaries)
    snippets += salary_snippets(salaries, profile)
    problems += _duplicate_ids(snippets, "snippet id")
    problems += _duplicate_ids(salaries, "salary id")
    if problems:
        raise KnowledgeError(problems)
    warnings += stale_checks(checks, snippets, salaries)
    return KnowledgeBase(profile, snippets, salaries, synonyms, checks, fingerprint(directory),
                         warnings)


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


# --- Markdown -------------------------------------------------------------------------------


def _split_front_matter(
    text: str, shown: str, problems: list[Problem]
) -> tuple[str, int] | None:
    """Return (YAML text, line number after the closing ---) or None after recording why."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem(shown, 1, "missing front matter: the file must start with a '---' line, "
                    "then title, topic, source and as_of, then '---'")
        )
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1 : number - 1]), number
    problems.append(Problem(shown, 1, "front matter is not closed by a '---' line"))
    return None


def _parse_front_matter(
    yaml_text: str, shown: str, problems: list[Problem]
) -> dict[str, Any] | None:
    doc = read_yaml(yaml_text, shown, problems, line_offset=1)
    if doc is None:
        return None
    data = doc.data
    if not isinstance(data, dict):
        problems.append(Problem(shown, 2, "front matter must be a mapping of 'field: value' lines"))
        return None
    ok = True
    for key, value in data.items():
        line = doc.line(key)
        expected = FRONT_MATTER_TYPES.get(str(key))
        if expected is None:
            known = ", ".join(FRONT_MATTER_TYPES)
            problems.append(Problem(shown, line, f"unknown field '{key}' (known fields: {known})"))
            ok = False
        elif expected is date and isinstance(value, str):
            try:
                data[key] = date.fromisoformat(value)
            except ValueError:
                problems.append(Problem(shown, line, f"'{key}' must be a date like 2024-01-22"))
                ok = False
        elif key == "role":
            roles = text_list(value)
            if roles is None:
                problems.append(Problem(shown, line, "'role' must be a role id or a list of them"))
                ok = False
            data[key] = tuple(roles or ())
        elif key == "kind" and value not in KINDS:
            problems.append(Problem(shown, line, f"'kind' must be one of {', '.join(KINDS)}, "
                                    f"got {value!r}"))
            ok = False
        elif not isinstance(value, expected) or (isinstance(value, str) and not value.strip()):
            kind = "a date like 2024-01-22" if expected is date else "non-empty text"
            problems.append(
                Problem(shown, line, f"'{key}' must be {kind}, got {type(value).__name__}")
            )
            ok = False
    for key in FRONT_MATTER_REQUIRED:
        if key not in data:
            problems.append(Problem(shown, 1, f"front matter is missing '{key}'"))
            ok = False
    return data if ok else None


def count_sentences(text: str) -> int:
    """Sentences in prose, counting a bullet list as one."""
    prose = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("- "))
    return len(re.findall(r"[.!?](?:\s|$)", prose)) + (1 if "\n- " in f"\n{text}" else 0)


def _parse_markdown(
    text: str, shown: str, problems: list[Problem], warnings: list[Problem]
) -> list[Snippet]:
    split = _split_front_matter(text, shown, problems)
    if split is None:
        return []
    yaml_text, body_start = split
    meta = _parse_front_matter(yaml_text, shown, problems)
    # Blank out comments but keep their newlines so line numbers stay right.
    body_lines = COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()
    file_slug = slugify(Path(shown).stem)
    sections: list[tuple[int, str, str | None, list[str]]] = []
    for number, line in enumerate(body_lines[body_start:], start=body_start + 1):
        match = HEADING_RE.match(line) if line.startswith("##") else None
        if match:
            sections.append((number, match["title"], match["id"], []))
        elif sections:
            sections[-1][3].append(line)
        elif line.strip() and not line.startswith("# "):
            problems.append(
                Problem(shown, number, "text before the first '## ' heading belongs to no "
                        "snippet; put it under a heading or in an <!-- comment -->")
            )
            break
    if not sections:
        problems.append(Problem(shown, body_start + 1, "no snippets: add a '## Heading' section"))
    snippets = []
    for number, title, custom_id, lines in sections:
        body, questions = _split_questions("\n".join(lines))
        body = re.sub(r"(?<!\n)\n(?!\n|\s*- )", " ", body)  # unwrap hard-wrapped prose
        if not title:
            problems.append(Problem(shown, number, "empty heading"))
            continue
        if custom_id is not None and not ID_RE.match(custom_id):
            problems.append(
                Problem(shown, number, f"invalid id '{custom_id}': use lower-case letters, "
                        "digits, '-', '_' and '/'")
            )
            continue
        if not body:
            problems.append(Problem(shown, number, f"empty snippet '{title}': add its text"))
            continue
        if meta is None:
            continue  # its problems are reported; the snippet cannot be built without them
        if count_sentences(body) > MAX_SENTENCES:
            warnings.append(
                Problem(shown, number, f"snippet '{title}' has more than {MAX_SENTENCES} "
                        "sentences; consider splitting it")
            )
        snippets.append(
            Snippet(
                id=custom_id or f"{file_slug}/{slugify(title)}",
                title=title,
                text=body,
                topic=meta["topic"],
                source=meta["source"],
                as_of=meta["as_of"],
                path=shown,
                line=number,
                doc_title=meta["title"],
                questions=questions,
                roles=tuple(meta.get("role", ())),
                kind=meta.get("kind", "content"),
            )
        )
    return snippets


def _split_questions(section: str) -> tuple[str, tuple[str, ...]]:
    """Separate the snippet text from its "Asked as: q1 | q2" paragraph."""
    match = re.search(rf"^{ASKED_AS}\s*(.*?)(?:\n\s*\n|\Z)", section, flags=re.M | re.S)
    if not match:
        return section.strip(), ()
    questions = tuple(q.strip() for q in " ".join(match[1].split()).split("|") if q.strip())
    rest = section[: match.start()] + section[match.end() :]
    return rest.strip(), questions


# --- Synonyms -------------------------------------------------------------------------------


def _parse_synonyms(text: str, shown: str, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
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


# --- Checks ---------------------------------------------------------------------------------


def _parse_checks(text: str, shown: str, problems: list[Problem]) -> list[Check]:
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


# --- Salary records as snippets -----------------------------------------------------------------


def salary_snippets(records: list[SalaryRecord], profile: Profile) -> list[Snippet]:
    """One snippet per record, plus an overview per group of two or more records: a role's
    levels, and a role's locations in one region. Reference baselines stand alone."""
    naming = Naming(profile, records)
    snippets = [_record_snippet(r, naming) for r in records]
    groups: dict[tuple[str, str], list[SalaryRecord]] = defaultdict(list)
    for record in records:
        if record.baseline or record.measure:
            continue
        kind = f"region:{record.region}" if record.location else "level"
        groups[(record.role, kind)].append(record)
    for (role, kind), members in groups.items():
        if len(members) > 1:
            snippets.append(_overview_snippet(role, kind, members, naming))
    return snippets


def _record_snippet(record: SalaryRecord, naming: Naming) -> Snippet:
    role = naming.role_name(record.role)
    profile_role = naming.profile.role(record.role)
    level_words: tuple[str, ...] = ()
    if record.level:
        ladder = naming.profile.ladder_of(record.role)
        level = ladder.level(record.level) if ladder else None
        level_words = (level.name, *level.aliases) if level else (record.level,)
    keywords = (*level_words, *record.aliases, *(profile_role.aliases if profile_role else ()),
                record.currency, currency_name(record.currency), "salary", "pay")
    subject = naming.subject(record)
    if record.location:
        questions = (
            f"How much does {subject} earn?",
            f"{naming.title(record)}",
        )
    else:
        questions = (f"How much does {subject} make?", f"What should I pay {subject}?")
    return Snippet(
        id=f"{RECORD_PREFIX}{record.id}",
        title=naming.title(record),
        text=naming.sentence(record),
        topic=SALARY_TOPIC,
        source=record.source,
        as_of=record.as_of,
        path=record.path,
        line=record.line,
        doc_title=f"{role} salaries",
        keywords=tuple(dict.fromkeys(keywords)),
        questions=questions,
        salary_ids=(record.id,),
        roles=(record.role,),
    )


def _overview_snippet(role: str, kind: str, members: list[SalaryRecord],
                      naming: Naming) -> Snippet:
    same_period = len({m.period for m in members}) == 1
    listed = "; ".join(
        f"{_short_label(m, naming)} {naming.money(m) if same_period else naming.money_period(m)}"
        for m in members
    )
    per = f" a {members[0].period}" if same_period else ""
    citations = "; ".join(dict.fromkeys(naming.citation(m) for m in members))
    currencies = list(dict.fromkeys(m.currency for m in members))
    role_name = naming.role_name(role)
    plural = naming.role_name(role, plural=True)
    questions: tuple[str, ...]
    if kind == "level":
        title = f"{role_name} salaries by experience level"
        text = f"By experience level, {role_name} salaries are: {listed}{per}"
        questions = (f"How much does {article(role_name)} {role_name} make?",
                     f"{role_name} salary by level of experience",
                     f"Pay difference between levels of {plural}")
        suffix = "level"
    else:
        region = kind.removeprefix("region:")
        where = f" in {place_phrase(region)}" if region else ""
        title = f"{role_name} salaries by location{where}"
        text = f"By location{where}, {role_name} salaries are: {listed}{per}"
        questions = (f"{role_name} salaries across locations{where}",
                     f"Compare {role_name} pay between locations{where}")
        suffix = f"{slugify(region) or 'all'}-location"
    text += f" ({citations})."
    if len(currencies) > 1:
        text += f" Figures are in local currency ({', '.join(currencies)}), not converted."
    keywords = tuple(dict.fromkeys(
        a for m in members for a in (naming.label(m, role=False), *m.aliases)
    )) + ("salary", "pay")
    return Snippet(
        id=f"{RECORD_PREFIX}{role}-by-{suffix}",
        title=title[:1].upper() + title[1:],
        text=text,
        topic=SALARY_TOPIC,
        source="; ".join(dict.fromkeys(m.source for m in members)),
        as_of=max(m.as_of for m in members),
        path=members[0].path,
        line=members[0].line,
        doc_title=f"{role_name} salaries",
        keywords=keywords,
        questions=questions,
        salary_ids=tuple(m.id for m in members),
        roles=(role,),
    )


def _short_label(record: SalaryRecord, naming: Naming) -> str:
    """'senior' or 'Boston, MA': the label without the role, lower-case for a level."""
    label = naming.label(record, role=False)
    return label[:1].lower() + label[1:] if record.level and not record.location else label


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
