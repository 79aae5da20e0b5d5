"""Importing an uploaded document (Markdown, HTML, PDF or Word) as knowledge drafts for an editor
to review: a topic file whose snippets are the document's sections (titles from its headings),
and a salary table (the `*.csv` format) from its tables of money.

Owns the proposal: the snippets (one per section), which tables are money and which of their
columns give the level and the location, the record ids, the paths (never one already in the
knowledge), and the copy warnings (a draft that repeats the document word for word). Nothing is
invented: the source and date are the editor's, a field the document does not give stays empty,
and the drafts are run through the knowledge parsers so that each gap shows as a `file:line`
warning for the editor to fill in. The formats, and money cells, are read by
`api.knowledge.import_formats`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from pathlib import PurePath

import yaml

from api.errors import Problem
from api.knowledge.import_formats import (
    MEDIA_TYPES,
    NUMBERED,
    Block,
    Document,
    DocumentError,
    Heading,
    Items,
    Paragraph,
    Table,
    clean,
    currency_in,
    period_in,
    read_document,
    read_figure,
)
from api.knowledge.profile import Profile
from api.knowledge.records import parse_salaries
from api.knowledge.topics import ASKED_AS, COMMENT_RE, HEADING_RE, parse_markdown, slugify
from api.text.words import plain_words

__all__ = ["MEDIA_TYPES", "DocumentError", "ImportProposal", "ProposedFile", "copy_warnings",
           "extract_text", "level_words", "propose_import"]

PREFIX = "imported-"
# The salary table's columns, in the order of the shipped tables (knowledge/README.md).
CSV_COLUMNS = ("id", "role", "level", "location", "region", "aliases", "measure", "amount",
               "currency", "period", "source", "cited_in", "as_of", "baseline", "note", "low",
               "high", "p25", "p50", "p75", "p90", "sample")
BLOCKS_PER_SNIPPET = 3  # when a document has no headings at all
ASK_HINT = f'<!-- {ASKED_AS} write here how people ask for this: "{ASKED_AS} one way | another" -->'


@dataclass(frozen=True)
class ProposedFile:
    """A knowledge file to be, for an editor to review and save."""

    path: str  # relative to the knowledge directory, e.g. "imported-pay-guide.md"
    body: str  # the whole file text
    kind: str  # "topic" | "salaries"


@dataclass(frozen=True)
class ImportProposal:
    """The drafts made from one document, what the editor must look at, and its text."""

    files: list[ProposedFile]
    warnings: list[Problem]  # copy warnings, fields left empty, what was not imported...
    media_type: str  # e.g. "application/pdf"
    text: str  # the document's plain text as extracted (for copy checks)


@dataclass
class _Section:
    level: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    placeholder: bool = False  # titled by us, not by a heading of the document


@dataclass(frozen=True)
class _Context:
    """What every draft of one import shares: the editor's parameters and the file key."""

    key: str  # the drafts' paths are imported-<key>.md and .csv
    role: str
    source: str
    as_of: str
    levels: Mapping[str, str]  # a level word, as `_label` writes it -> its level id
    csv_path: str


def extract_text(filename: str, data: bytes) -> str:
    """The document's plain text, one block (heading, paragraph, item, table row) per line.

    Raises:
        DocumentError: unsupported, empty or unreadable document.
    """
    return read_document(filename, data).plain_text()


def level_words(profile: Profile, role: str = "") -> dict[str, str]:
    """How the role's ladder (every ladder, for no or an unknown role) names each level, its
    id, name and aliases, mapped to the level id: the `levels` of `propose_import`."""
    ladder = profile.ladder_of(role) if role and profile.role(role) else None
    ladders = [ladder] if ladder else list(profile.ladders)
    return {word: level.id for lad in ladders for level in lad.levels
            for word in (level.id, level.name, *level.aliases)}


def propose_import(filename: str, data: bytes, *, source: str, as_of: str, role: str = "",
                   existing: Collection[str] = (),
                   levels: Collection[str] = ()) -> ImportProposal:
    """Draft knowledge files from an uploaded document, for an editor to review.

    Args:
        source, as_of: the editor's: who published the document, and its date (2024-01-22).
        role: the role id the document is about; empty leaves it for the editor.
        existing: paths already in the knowledge directory; the drafts take other names.
        levels: the words that name a level in a table (a mapping of word to level id, such
            as `level_words(profile, role)`, or the level ids); other labels are locations.

    Raises:
        DocumentError: unsupported, empty or unreadable document.
    """
    document = read_document(filename, data)
    stem = PurePath(PurePath(filename).name).stem
    key = _free_key(slugify(stem) or "document", existing)
    context = _Context(key, role, source, as_of, _level_lookup(levels), f"{PREFIX}{key}.csv")
    text = document.plain_text()
    warnings: list[Problem] = []
    sections: list[_Section] = []
    rows: list[dict[str, str]] = []
    for section in _sections(document, document.title or stem):
        prose = [b for b in section.blocks if not _is_money_table(b)]
        first_line = len(rows) + 2
        for table in section.blocks:
            if isinstance(table, Table) and table not in prose:
                rows += _salary_rows(table, context, len(rows), warnings)
        if prose:
            sections.append(_Section(section.level, section.title, prose, section.placeholder))
        elif section.blocks:
            warnings.append(Problem(context.csv_path, first_line, f"the section "
                                    f"'{section.title}' held only this salary table, so it "
                                    "has no snippet"))
    files = []
    if sections:
        topic = _topic_proposal(document.title or stem, sections, context, text, warnings)
        files.append(topic)
    if rows:
        body = _csv_text(_with_ids(rows, key))
        files.append(ProposedFile(context.csv_path, body, "salaries"))
        parse_salaries(body, context.csv_path, warnings)
    return ImportProposal(files, sorted(set(warnings)), document.media_type, text)


def _topic_proposal(title: str, sections: list[_Section], context: _Context, text: str,
                    warnings: list[Problem]) -> ProposedFile:
    """The topic file, with what the editor must do to it added to `warnings`: the questions
    of each snippet, titles the document did not give, empty fields and copied words."""
    path = f"{PREFIX}{context.key}.md"
    body, lines = _topic_file(title, sections, context)
    warnings += [Problem(path, line, f"no '{ASKED_AS}' line yet: write how people ask for "
                         "this snippet in place of the comment") for line in lines]
    warnings += [Problem(path, line, "the document has no headings: give this snippet a "
                         "title of its own")
                 for line, section in zip(lines, sections, strict=True) if section.placeholder]
    parse_markdown(body, path, warnings, warnings)
    warnings += copy_warnings(path, body, text)
    return ProposedFile(path, body, "topic")


def copy_warnings(path: str, body: str, original_text: str, *, run: int = 8) -> list[Problem]:
    """A warning at each snippet of a topic file (a draft, edited or not) whose text repeats
    `run` or more consecutive words of the original word for word; none for other files."""
    if not path.endswith(".md") or run < 1:
        return []
    original = plain_words(original_text)
    grams: dict[tuple[str, ...], list[int]] = {}
    for start in range(len(original) - run + 1):
        grams.setdefault(tuple(original[start:start + run]), []).append(start)
    warnings = []
    for line, text in _snippet_texts(body):
        longest = _longest_shared_run(plain_words(text), original, grams, run)
        if longest:
            warnings.append(Problem(path, line, f"repeats {longest} words of the imported "
                                    "document word for word; write it in our own words"))
    return warnings


def _longest_shared_run(words: list[str], original: list[str],
                        grams: dict[tuple[str, ...], list[int]], run: int) -> int:
    """The length of the longest run of `words` found in `original` (0 if under `run`)."""
    longest = 0
    for start in range(len(words) - run + 1):
        for at in grams.get(tuple(words[start:start + run]), ()):
            length = run
            while (start + length < len(words) and at + length < len(original)
                   and words[start + length] == original[at + length]):
                length += 1
            longest = max(longest, length)
    return longest


def _snippet_texts(body: str) -> Iterator[tuple[int, str]]:
    """(heading line, text) of each `## ` snippet of a topic file, without its comments and
    "Asked as:" paragraph; front matter and anything before the first heading are skipped."""
    lines = COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body).splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((n + 1 for n in range(1, len(lines)) if lines[n].strip() == "---"), 0)
    heading, text = 0, list[str]()
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.startswith("##") and HEADING_RE.match(line):
            if heading:
                yield heading, _without_questions(text)
            heading, text = number, []
        elif heading:
            text.append(line)
    if heading:
        yield heading, _without_questions(text)


def _without_questions(lines: list[str]) -> str:
    return re.sub(rf"^{ASKED_AS}.*?(?:\n\s*\n|\Z)", "", "\n".join(lines), flags=re.M | re.S)


def _free_key(base: str, existing: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`...: the first whose topic and salary files are both new."""
    taken = {p.replace("\\", "/").removeprefix("./").lower() for p in existing}
    for number in count(1):
        key = base if number == 1 else f"{base}-{number}"
        if not {f"{PREFIX}{key}.md", f"{PREFIX}{key}.csv"} & taken:
            return key
    raise AssertionError("unreachable")


# -- Sections and the topic file --------------------------------------------------------------


def _title(text: str) -> str:
    """A heading as a snippet title: without its numbering ("2.1 "), id braces or colon."""
    text = re.sub(r"\{#[^}]*\}", "", NUMBERED.sub("", text))
    return clean(text).rstrip(":").strip() or clean(text)


def _sections(document: Document, title: str) -> list[_Section]:
    """The document's sections, one per heading; text before the first heading is a section
    with the document's title. A heading with no text of its own is dropped, or, when a deeper
    heading follows, put before that one's title ("Pay: By level")."""
    sections: list[_Section] = []
    headed = False
    for block in document.blocks:
        if isinstance(block, Heading):
            # Text before a first heading that is also the document's title goes under it.
            if headed or not sections or sections[0].title != _title(block.text):
                sections.append(_Section(block.level, _title(block.text)))
            headed = True
        elif sections:
            sections[-1].blocks.append(block)
        else:
            sections.append(_Section(1, _title(title), [block]))
    if not any(isinstance(b, Heading) for b in document.blocks):
        blocks = sections[0].blocks if sections else []
        if len(blocks) > BLOCKS_PER_SNIPPET:
            return [_Section(1, f"{title} ({n // BLOCKS_PER_SNIPPET + 1})",
                             blocks[n:n + BLOCKS_PER_SNIPPET], placeholder=True)
                    for n in range(0, len(blocks), BLOCKS_PER_SNIPPET)]
    kept: list[_Section] = []
    for index, section in enumerate(sections):
        after = sections[index + 1] if index + 1 < len(sections) else None
        if section.blocks:
            kept.append(section)
        elif after is not None and after.level > section.level > 1:
            after.title = f"{section.title}: {after.title}"
    return kept


def _safe(line: str) -> str:
    """A line of text that the topic parser cannot take for a heading or questions."""
    return f"\\{line}" if line.startswith(("##", ASKED_AS, "<!--")) else line


def _block_lines(block: Block) -> list[str]:
    """A block as lines of a snippet: a list (or a table, one row per item) as "- " lines."""
    if isinstance(block, Paragraph | Heading):
        return [_safe(block.text)]
    if isinstance(block, Items):
        return [f"- {item}" for item in block.items]
    return ["- " + "; ".join(f"{head}: {cell}" if head else cell for head, cell in zip(
        block.header or ("",) * len(row), row, strict=False) if cell) for row in block.rows]


def _front_matter(title: str, key: str, source: str, as_of: str, role: str) -> list[str]:
    """The front matter; an empty source or date stays empty for the validator to name."""
    try:
        day: date | str = date.fromisoformat(as_of)
    except ValueError:
        day = as_of
    fields: dict[str, object] = {"title": title, "topic": key, "source": source, "as_of": day}
    if role:
        fields["role"] = role
    lines = ["---"]
    for name, value in fields.items():
        lines.append(yaml.safe_dump({name: value}, allow_unicode=True, width=10_000).strip()
                     if value else f"{name}:")
    return [*lines, "---", ""]


def _topic_file(title: str, sections: list[_Section],
                context: _Context) -> tuple[str, list[int]]:
    """The topic file's text and the line of each snippet's heading."""
    key = context.key
    lines = _front_matter(title, key, context.source, context.as_of, context.role)
    used: set[str] = set()
    headings = []
    for section in sections:
        base = f"{key}/{slugify(section.title) or 'section'}"
        snippet_id = next(i for n in count(1) if (i := base if n == 1 else f"{base}-{n}")
                          not in used)
        used.add(snippet_id)
        headings.append(len(lines) + 1)
        lines += [f"## {section.title} {{#{snippet_id}}}", ""]
        for block in section.blocks:
            lines += [*_block_lines(block), ""]
        lines += [ASK_HINT, ""]
    return "\n".join(lines), headings


# -- Money tables and the salary file ---------------------------------------------------------


def _money_columns(table: Table) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...],
                                          list[int]]:
    """The table's header, its rows and which of its columns hold money (mostly money cells).
    A table without a marked header takes its first row as one when only the others hold
    money."""
    header, rows = table.header, table.rows
    if not header and len(rows) > 1 and not any(read_figure(c, "") for c in rows[0]):
        header, rows = rows[0], rows[1:]
    width = max((len(r) for r in (header, *rows)), default=0)
    money = []
    for column in range(width):
        header_currency = currency_in(header[column]) if column < len(header) else ""
        cells = [r[column] for r in rows if column < len(r) and r[column]]
        figures = [c for c in cells if read_figure(c, header_currency)]
        if figures and len(figures) * 2 >= len(cells):
            money.append(column)
    return header, rows, money


def _level_lookup(levels: Collection[str]) -> dict[str, str]:
    pairs = levels.items() if isinstance(levels, Mapping) else ((w, w) for w in levels)
    return {_label(word): level for word, level in pairs}


def _label(text: str) -> str:
    """A cell as a level word is matched: lower case, no bracketed aside, '-' as a space."""
    return " ".join(re.sub(r"\([^)]*\)|[-_/]", " ", text.lower()).split())


def _level_of(cell: str, words: Mapping[str, str]) -> str | None:
    label = _label(cell)
    if label in words:
        return words[label]
    return next((words[w] for w in sorted(words, key=len, reverse=True)
                 if label.startswith(f"{w} ")), None)


def _is_money_table(block: Block) -> bool:
    return isinstance(block, Table) and bool(_money_columns(block)[2])


def _cell(row: tuple[str, ...], column: int | None) -> str:
    return row[column] if column is not None and column < len(row) else ""


def _text_columns(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], money: list[int],
                  context: _Context, warnings: list[Problem]) -> tuple[int | None, int | None]:
    """The level column (mostly level words) and the location column (the first other one
    with text); any further text column is named in a warning, as not imported."""
    texts = [c for c in range(max(map(len, rows), default=0))
             if c not in money and any(_cell(r, c) for r in rows)]
    level_column = None
    for column in texts:
        cells = [_cell(r, column) for r in rows if _cell(r, column)]
        if sum(_level_of(c, context.levels) is not None for c in cells) * 2 >= len(cells):
            level_column = column
            break
    location_column = next((c for c in texts if c != level_column), None)
    for column in texts:
        if column not in (level_column, location_column):
            name = _cell(header, column) or f"number {column + 1}"
            warnings.append(Problem(context.csv_path, 1, f"the column '{name}' of a salary "
                                    "table was not imported"))
    return level_column, location_column


def _salary_rows(table: Table, context: _Context, before: int,
                 warnings: list[Problem]) -> list[dict[str, str]]:
    """One salary draft per money cell (ids come later): the level and location from the
    text columns, the period from the cell or else the column's header; `before` drafts are
    already in the file."""
    header, rows, money = _money_columns(table)
    level_column, location_column = _text_columns(header, rows, money, context, warnings)
    drafts: list[dict[str, str]] = []
    for row in rows:
        level = _cell(row, level_column)
        for column in money:
            line = before + len(drafts) + 2
            cell = _cell(row, column)
            figure = read_figure(cell, currency_in(_cell(header, column)))
            if figure is None:
                if cell:  # no line of the draft holds it: point at the header
                    warnings.append(Problem(context.csv_path, 1, f"'{cell}' (row "
                                            f"'{' '.join(row)}') is not a figure; not imported"))
                continue
            if len(figure.amounts) > 1:
                warnings.append(Problem(context.csv_path, line, f"'{cell}' holds more than "
                                        "one figure (a range?): give one amount per row"))
            drafts.append({
                "role": context.role, "level": _level_of(level, context.levels) or level,
                "location": _cell(row, location_column),
                "measure": _cell(header, column).lower() if len(money) > 1 else "",
                "amount": _amount_text(figure.amounts) if len(figure.amounts) == 1 else "",
                "currency": figure.currency,
                "period": figure.period or period_in(_cell(header, column)),
                "source": context.source, "as_of": context.as_of,
            })
    return drafts


def _amount_text(amounts: tuple[float, ...]) -> str:
    amount = amounts[0]
    return str(int(amount)) if amount.is_integer() else f"{amount:.2f}".rstrip("0")


def _with_ids(drafts: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    """Each draft's id: role, level, place, measure and the document's key, made unique."""
    used: set[str] = set()
    for number, draft in enumerate(drafts, start=1):
        parts = (draft["role"], draft["level"], draft["location"], draft["measure"], key)
        base = "-".join(s for s in map(slugify, parts) if s) or f"row-{number}"
        draft["id"] = next(i for n in count(1) if (i := base if n == 1 else f"{base}-{n}")
                           not in used)
        used.add(draft["id"])
    return drafts


def _csv_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()

