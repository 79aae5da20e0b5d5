"""Parse and validate the knowledge directory into snippets and salary records.

Layout of `knowledge/`:
- `*.md`: YAML front matter (title, topic, source, as_of), then snippets, one per `## ` heading.
  A heading may end in `{#custom/id}`; otherwise the id is `<file slug>/<heading slug>`.
- `*.csv`: salary tables, one record per row; each record also becomes a snippet, and each group
  of records (levels, a region's locations) an overview snippet.
- `synonyms.yml`: how people write terms (variants) mapped to the words the knowledge uses.
- `README.md` and files starting with `_` are notes for editors and are not parsed.

Every problem found is collected and raised together as a `KnowledgeError` with `file:line`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from api.errors import KnowledgeError, Problem

FRONT_MATTER_TYPES: dict[str, type] = {
    "title": str,
    "topic": str,
    "source": str,
    "as_of": date,
    "source_url": str,
}
FRONT_MATTER_REQUIRED = ("title", "topic", "source", "as_of")

SALARY_REQUIRED = ("id", "role", "amount", "currency", "period", "source", "as_of")
SALARY_OPTIONAL = ("level", "location", "region", "aliases", "measure", "note")
PERIODS = ("year", "month", "week", "day", "hour")
CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}
# A salary record whose source is this word carries the guidance's own figure (no outside source).
GUIDANCE_SOURCE = "guidance"

SYNONYMS_FILE = "synonyms.yml"
# Snippets of this topic declare what the guidance does not cover (knowledge/not-covered.md):
# when one is the best match, the assistant says so instead of answering.
GAP_TOPIC = "not-covered"
IGNORED_FILES = {"README.md"}
MAX_SENTENCES = 4
ASKED_AS = "Asked as:"
ID_RE = re.compile(r"^[a-z0-9]+(?:[-_/][a-z0-9]+)*$")
HEADING_RE = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*(?:\{#(?P<id>[^}]*)\})?\s*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'AI engineer vs. ML engineer' -> 'ai-engineer-vs-ml-engineer'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def article(phrase: str) -> str:
    """'a' or 'an' for a phrase, by its first letter ('an AI engineer', 'a senior engineer')."""
    return "an" if phrase[:1].lower() in "aeio" else "a"


def place_phrase(name: str) -> str:
    """A place as it reads in a sentence: 'the US', 'the San Francisco Bay Area', 'Boston, MA'."""
    needs_the = name in ("US", "UK", "USA", "EU") or name.endswith(" Area")
    return f"the {name}" if needs_the else name


def format_date(day: date) -> str:
    """'22 January 2024' (no leading zero, English month)."""
    return f"{day.day} {day:%B %Y}"


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

    @property
    def search_text(self) -> str:
        """All the words search matches: heading, body, keywords and questions."""
        return "\n".join([self.title, self.text, *self.keywords, *self.questions])

    @property
    def embedding_texts(self) -> tuple[str, ...]:
        """What gets one vector each: the snippet itself, then each way of asking for it."""
        main = "\n".join([self.title, self.text, *self.keywords])
        return (main, *self.questions)

    @property
    def content_hash(self) -> str:
        """Hash of what gets embedded: equal hashes can reuse the stored vectors."""
        return hashlib.sha256("\0".join(self.embedding_texts).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
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
            }
        )


@dataclass(frozen=True)
class SalaryRecord:
    """One salary figure from a structured table, exactly as the guidance states it."""

    id: str
    role: str
    amount: float
    currency: str
    period: str
    source: str
    as_of: date
    path: str
    line: int
    level: str = ""
    location: str = ""
    region: str = ""
    aliases: tuple[str, ...] = ()
    measure: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        """Short name of what the figure is for: 'Senior', 'Boston, MA'."""
        return self.level.capitalize() if self.level else self.location

    @property
    def short(self) -> str:
        """The label as it reads mid-sentence: 'senior', 'Boston, MA'."""
        return self.level or self.location

    @property
    def place(self) -> str:
        """The location as it reads in a sentence: 'Boston, MA', 'the US', 'the UK'."""
        return place_phrase(self.location)

    @property
    def subject(self) -> str:
        """'senior AI engineer', 'AI/ML engineer in Boston, MA', 'software engineer in the US'."""
        if self.level:
            return f"{self.level} {self.role}"
        return f"{self.role} in {self.place}"

    @property
    def symbol(self) -> str:
        return CURRENCY_SYMBOLS.get(self.currency, "")

    def money(self) -> str:
        """The amount with its currency: '$151,000', '£60,646', '12,000 CHF'."""
        number = f"{self.amount:,.0f}" if self.amount == int(self.amount) else f"{self.amount:,.2f}"
        return f"{self.symbol}{number}" if self.symbol else f"{number} {self.currency}"

    def money_period(self) -> str:
        """'$151,000 a year'."""
        return f"{self.money()} a {self.period}"

    def citation(self) -> str:
        """Where the figure comes from and when: 'Glassdoor, as cited in the guidance of ...'."""
        when = format_date(self.as_of)
        if self.source.lower() == GUIDANCE_SOURCE:
            return f"the guidance's own figures, dated {when}"
        return f"{self.source}, as cited in the guidance dated {when}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SalaryRecord:
        return cls(
            **{
                **data,
                "as_of": date.fromisoformat(data["as_of"]),
                "aliases": tuple(data.get("aliases", ())),
            }
        )


@dataclass
class KnowledgeBase:
    """Everything parsed from the knowledge directory."""

    snippets: list[Snippet]
    salaries: list[SalaryRecord]
    synonyms: dict[str, tuple[str, ...]]
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
    files = knowledge_files(directory)
    for path in files:
        shown = _display_path(directory, path)
        text = _decode(path.read_bytes(), shown, problems)
        if text is None:
            continue
        if path.suffix == ".md":
            snippets += _parse_markdown(text, shown, problems, warnings)
        elif path.suffix == ".csv":
            salaries += _parse_salaries(text, shown, problems)
        elif path.name == SYNONYMS_FILE:
            synonyms = _parse_synonyms(text, shown, problems)
        else:
            problems.append(
                Problem(shown, 1, "unsupported file; use .md (snippets), .csv (salaries) "
                        f"or {SYNONYMS_FILE}, or start the name with '_' to keep it as a note")
            )
    if not any(p.suffix == ".md" for p in files) and not problems:
        problems.append(Problem(str(directory), 0, "no knowledge files (*.md) found"))
    snippets += salary_snippets(salaries)
    problems += _duplicate_ids(snippets, "snippet id")
    problems += _duplicate_ids(salaries, "salary id")
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(snippets, salaries, synonyms, fingerprint(directory), warnings)


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
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(shown, line, f"invalid YAML in front matter: {reason}"))
        return None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(shown, 2, "front matter must be a mapping of 'field: value' lines"))
        return None
    lines = {k.value: k.start_mark.line + 2 for k, _ in node.value if isinstance(k.value, str)}
    ok = True
    for key, value in data.items():
        line = lines.get(str(key), 2)
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


# --- Salary tables --------------------------------------------------------------------------


def _parse_salaries(text: str, shown: str, problems: list[Problem]) -> list[SalaryRecord]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in SALARY_REQUIRED if c not in header]
    unknown = [c for c in header if c not in SALARY_REQUIRED + SALARY_OPTIONAL]
    if missing or unknown:
        if missing:
            problems.append(Problem(shown, 1, f"missing column(s): {', '.join(missing)}"))
        if unknown:
            known = ", ".join(SALARY_REQUIRED + SALARY_OPTIONAL)
            problems.append(
                Problem(shown, 1, f"unknown column(s): {', '.join(unknown)} (known: {known})")
            )
        return []
    records = []
    for row in reader:
        # line_num is where the row ends; a quoted value may span lines.
        spanned = sum(v.count("\n") for v in row.values() if isinstance(v, str))
        line = reader.line_num - spanned
        record = _salary_record(row, shown, line, problems)
        if record is not None:
            records.append(record)
    return records


def _salary_record(
    row: dict[str, str | None], shown: str, line: int, problems: list[Problem]
) -> SalaryRecord | None:
    if None in row:
        problems.append(Problem(shown, line, "more values than columns (quote values with commas)"))
        return None
    values = dict.fromkeys(SALARY_REQUIRED + SALARY_OPTIONAL, "")
    values.update({k: (v or "").strip() for k, v in row.items()})
    if not any(values.values()):
        return None  # blank line
    errors = [f"missing {c}" for c in SALARY_REQUIRED if not values[c]]
    if not values["level"] and not values["location"]:
        errors.append("give a level or a location")
    if values["id"] and not ID_RE.match(values["id"]):
        errors.append(f"invalid id '{values['id']}'")
    amount = 0.0
    if values["amount"]:
        try:
            amount = float(values["amount"].replace(",", "").replace("_", ""))
            if amount <= 0:
                errors.append(f"amount must be positive, got {values['amount']}")
        except ValueError:
            errors.append(f"amount must be a number without symbols, got '{values['amount']}'")
    if values["currency"] and not re.fullmatch(r"[A-Z]{3}", values["currency"]):
        errors.append(f"currency must be an ISO code like USD, got '{values['currency']}'")
    if values["period"] and values["period"] not in PERIODS:
        errors.append(f"period must be one of {', '.join(PERIODS)}, got '{values['period']}'")
    as_of = None
    if values["as_of"]:
        try:
            as_of = date.fromisoformat(values["as_of"])
        except ValueError:
            errors.append(f"as_of must be a date like 2024-01-22, got '{values['as_of']}'")
    if errors:
        name = f"salary '{values['id']}'" if values["id"] else "salary record"
        problems.append(Problem(shown, line, f"{name}: {'; '.join(errors)}"))
        return None
    assert as_of is not None
    return SalaryRecord(
        id=values["id"],
        role=values["role"],
        amount=amount,
        currency=values["currency"],
        period=values["period"],
        source=values["source"],
        as_of=as_of,
        path=shown,
        line=line,
        level=values["level"].lower(),
        location=values["location"],
        region=values["region"],
        aliases=tuple(a.strip() for a in values["aliases"].split(";") if a.strip()),
        measure=values["measure"],
        note=values["note"],
    )


def salary_snippets(records: list[SalaryRecord]) -> list[Snippet]:
    """One snippet per record, plus an overview per group of two or more records."""
    snippets = [_record_snippet(r) for r in records]
    groups: dict[tuple[str, str], list[SalaryRecord]] = defaultdict(list)
    for record in records:
        groups[(record.role, "level" if record.level else record.region)].append(record)
    for (role, kind), members in groups.items():
        if len(members) > 1:
            snippets.append(_overview_snippet(role, kind, members))
    return snippets


def _record_snippet(record: SalaryRecord) -> Snippet:
    if record.level:
        title = f"{record.level.capitalize()} {record.role} salary"
        who = f"{article(record.subject).capitalize()} {record.subject}"
        text = f"{who} earns {record.money_period()}"
    else:
        title = f"{record.role} salary in {record.place}"
        who = f"{article(record.subject)} {record.subject}"
        text = f"The salary of {who} is {record.money_period()}"
        if record.measure:
            title = f"{record.measure.capitalize()} {title}"
            text = text.replace("The salary", f"The {record.measure} salary", 1)
    text += f" ({record.citation()})."
    if record.note:
        text += f" {record.note}"
    keywords = (*record.aliases, record.currency, "salary", "pay")
    if record.level:
        questions = (
            f"How much does {article(record.subject)} {record.subject} make?",
            f"What should I pay {article(record.subject)} {record.subject}?",
        )
    else:
        questions = (
            f"How much does {article(record.role)} {record.role} earn in {record.place}?",
            f"{record.role} pay in {record.place}",
        )
    return Snippet(
        id=f"salaries/{record.id}",
        title=title,
        text=text,
        topic="salaries",
        source=record.source,
        as_of=record.as_of,
        path=record.path,
        line=record.line,
        doc_title="Salaries",
        keywords=keywords,
        questions=questions,
        salary_ids=(record.id,),
    )


def _overview_snippet(role: str, kind: str, members: list[SalaryRecord]) -> Snippet:
    periods = {m.period for m in members}
    same_period = len(periods) == 1
    listed = "; ".join(f"{m.short} {m.money() if same_period else m.money_period()}"
                       for m in members)
    per = f" a {members[0].period}" if same_period else ""
    sources = sorted({m.citation() for m in members})
    currencies = sorted({m.currency for m in members})
    if kind == "level":
        title = f"{role} salaries by experience level"
        text = f"By experience level, {role} salaries are: {listed}{per}"
    else:
        where = place_phrase(kind)
        title = f"{role} salaries by location in {where}"
        text = f"By location in {where}, {role} salaries are: {listed}{per}"
    text += f" ({'; '.join(sources)})."
    if len(currencies) > 1:
        text += f" Figures are in local currency ({', '.join(currencies)}), not converted."
    keywords = tuple(a for m in members for a in (m.label, *m.aliases)) + ("salary", "pay")
    questions: tuple[str, ...]
    if kind == "level":
        questions = (
            f"How much does {article(role)} {role} make?",
            f"{role} salary by seniority",
            f"Pay difference between junior and senior {role}s",
        )
    else:
        questions = (
            f"{role} salaries across {place_phrase(kind)}",
            f"Compare {role} pay between locations in {place_phrase(kind)}",
        )
    first = members[0]
    suffix = "level" if kind == "level" else f"{slugify(kind)}-location"
    return Snippet(
        id=f"salaries/{slugify(role)}-by-{suffix}",
        title=title,
        text=text,
        topic="salaries",
        source="; ".join(sorted({m.source for m in members})),
        as_of=max(m.as_of for m in members),
        path=first.path,
        line=first.line,
        doc_title="Salaries",
        keywords=keywords,
        questions=questions,
        salary_ids=tuple(m.id for m in members),
    )


def salary_synonyms(records: Iterable[SalaryRecord]) -> dict[str, tuple[str, ...]]:
    """The names of salary levels and places ('NYC' for 'New York'), as synonym entries."""
    terms: dict[str, tuple[str, ...]] = {}
    for record in records:
        term = record.level or record.location
        terms[term] = tuple(dict.fromkeys((*terms.get(term, ()), *record.aliases)))
    return terms


def merge_synonyms(*tables: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """One synonym table from several; variants of the same term are combined."""
    merged: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for term, variants in table.items():
            merged[term] = tuple(dict.fromkeys((*merged.get(term, ()), *variants)))
    return merged


# --- Synonyms -------------------------------------------------------------------------------


def _parse_synonyms(text: str, shown: str, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(Problem(shown, line, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
        return {}
    if data is None:
        return {}
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "must be a mapping of 'term: [variant, ...]'"))
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for term, variants in data.items():
        line = lines.get(str(term), 1)
        if not isinstance(term, str) or not term.strip():
            problems.append(Problem(shown, line, f"term must be text, got {term!r}"))
        elif not isinstance(variants, list) or not all(
            isinstance(v, str) and v.strip() for v in variants
        ):
            problems.append(Problem(shown, line, f"'{term}' must map to a list of text variants"))
        else:
            result[term] = tuple(v.strip() for v in variants)
    return result
