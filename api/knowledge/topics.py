"""Markdown topic files (`knowledge/*.md`) parsed into snippets: the YAML front matter (title,
topic, source, as_of; optional role, kind), one snippet per `## ` heading (a heading may end in
`{#custom/id}`; else the id is `<file>/<heading>`), and the "Asked as:" line of each.

Every problem is recorded with its `file:line`; long snippets are warnings.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from api.errors import Problem
from api.knowledge.model import KINDS, Snippet
from api.knowledge.yamldoc import read_yaml, text_list

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
MAX_SENTENCES = 4
ASKED_AS = "Asked as:"
ID_RE = re.compile(r"^[a-z0-9]+(?:[-_/][a-z0-9]+)*$")
HEADING_RE = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*(?:\{#(?P<id>[^}]*)\})?\s*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
# One `## ` section of a file: its heading's line, title and custom id, and its lines.
_Section = tuple[int, str, str | None, list[str]]


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'AI engineer vs. ML engineer' -> 'ai-engineer-vs-ml-engineer'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


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

def parse_markdown(
    text: str, shown: str, problems: list[Problem], warnings: list[Problem]
) -> list[Snippet]:
    """Read one Markdown topic file into its snippets, one per `## ` heading."""
    split = _split_front_matter(text, shown, problems)
    if split is None:
        return []
    yaml_text, body_start = split
    meta = _parse_front_matter(yaml_text, shown, problems)
    # Blank out comments but keep their newlines so line numbers stay right.
    body_lines = COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()
    file_slug = slugify(Path(shown).stem)
    sections = _sections(body_lines, body_start, shown, problems)
    if not sections:
        problems.append(Problem(shown, body_start + 1, "no snippets: add a '## Heading' section"))
    snippets = []
    for section in sections:
        snippet = _section_snippet(section, meta, file_slug, shown, problems, warnings)
        if snippet is not None:
            snippets.append(snippet)
    return snippets


def _sections(
    body_lines: list[str], body_start: int, shown: str, problems: list[Problem]
) -> list[_Section]:
    """The `## ` sections after the front matter; text before the first heading is a problem."""
    sections: list[_Section] = []
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
    return sections


def _section_snippet(
    section: _Section, meta: dict[str, Any] | None, file_slug: str, shown: str,
    problems: list[Problem], warnings: list[Problem],
) -> Snippet | None:
    """One section as a snippet, or None after recording why it cannot be one."""
    number, title, custom_id, lines = section
    body, questions = _split_questions("\n".join(lines))
    body = re.sub(r"(?<!\n)\n(?!\n|\s*- )", " ", body)  # unwrap hard-wrapped prose
    if not title:
        problems.append(Problem(shown, number, "empty heading"))
        return None
    if custom_id is not None and not ID_RE.match(custom_id):
        problems.append(
            Problem(shown, number, f"invalid id '{custom_id}': use lower-case letters, "
                    "digits, '-', '_' and '/'")
        )
        return None
    if not body:
        problems.append(Problem(shown, number, f"empty snippet '{title}': add its text"))
        return None
    if meta is None:
        return None  # its problems are reported; the snippet cannot be built without them
    if count_sentences(body) > MAX_SENTENCES:
        warnings.append(
            Problem(shown, number, f"snippet '{title}' has more than {MAX_SENTENCES} "
                    "sentences; consider splitting it")
        )
    return Snippet(
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


def _split_questions(section: str) -> tuple[str, tuple[str, ...]]:
    """Separate the snippet text from its "Asked as: q1 | q2" paragraph."""
    match = re.search(rf"^{ASKED_AS}\s*(.*?)(?:\n\s*\n|\Z)", section, flags=re.M | re.S)
    if not match:
        return section.strip(), ()
    questions = tuple(q.strip() for q in " ".join(match[1].split()).split("|") if q.strip())
    rest = section[: match.start()] + section[match.end() :]
    return rest.strip(), questions
