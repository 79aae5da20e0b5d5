"""Reading an uploaded document (Markdown, HTML, PDF or Word) into one plain structure: a title
and its blocks in reading order (headings, paragraphs, lists, tables), whatever the format.

Owns the format detection (by suffix, and by sniffing the bytes: a PDF starts with `%PDF`, a
Word file is a zip holding `word/document.xml`), one reader per format, each on its maintained
parser (markdown-it-py, selectolax, pypdf, python-docx), and reading a money cell ("€70k",
"120 000 EUR") as an ISO currency, amounts and a period. Headings are levels 1 to 3; deeper ones
read as paragraphs. `api.knowledge.importing` turns the blocks into knowledge drafts.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

import docx
import pypdf
from babel import Locale
from docx.table import Table as DocxTable
from docx.table import _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pypdf.errors import PyPdfError
from selectolax.parser import HTMLParser, Node

from api.errors import HiringAdvisorError
from api.text.money import MoneyError, check_currency

MEDIA_TYPES: dict[str, str] = {
    ".md": "text/markdown", ".markdown": "text/markdown", ".html": "text/html",
    ".htm": "text/html", ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MAX_HEADING_LEVEL = 3
# Not the document's text: page furniture, code and embedded things.
HTML_SKIPPED = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "form",
                "header", "footer", "aside", "button", "select")
HTML_BLOCKS = ("p", "h4", "h5", "h6", "pre", "blockquote", "figcaption", "dt", "dd", "address")
HTML_INLINE = ("a", "abbr", "b", "bdi", "cite", "code", "data", "em", "i", "kbd", "mark", "q",
               "s", "small", "span", "strong", "sub", "sup", "time", "u", "var", "del", "ins")
BULLETS = "•◦▪▫‣∙·*-–—"
# Section numbering before a heading: "2.", "2.1", "IV.", "B."
NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-H]\.)\s+(?=\S)")
PERIOD_WORDS: dict[str, re.Pattern[str]] = {
    period: re.compile(rf"\bper\s+(?:{words})\b|\b(?:{adverb})\b|\ban?\s+{period}\b|"
                       rf"/\s*(?:{words})\b", re.I)
    for period, words, adverb in (
        ("year", "year|annum|yr|y|a", r"annual|annually|yearly|p\.\s?a\.?"),
        ("month", "month|mo|mth", "monthly"), ("week", "week|wk", "weekly"),
        ("day", "day|d", "daily|day rate"), ("hour", "hour|hr|h", "hourly"))
}
_ANY_PERIOD = re.compile("|".join(p.pattern for p in PERIOD_WORDS.values()), re.I)
_NUMBER = re.compile(r"(\d(?:[\d.,'\u00a0\u202f ]*\d)?)\s*(k|m|mn|bn)?(?!\w)", re.I)
_MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
# A figure and its currency, nothing else: "$51,000", "64 000 EUR", "€70k".
_ONE_FIGURE = re.compile(r"(?:[^\w\s]{1,3}|[A-Z]{1,3}[^\w\s]?)?\s?\d[\d.,'\u00a0\u202f ]*"
                         r"(?:\s?[kKmM])?(?:\s?[A-Z]{3})?")
# A line of a table in a PDF's text: a label (no word of it starts with a digit), a figure.
_FIGURE_LINE = re.compile(r"^(?P<label>[^\W\d_]\S*(?:\s+[^\d\s]\S*)*?)\s+"
                          r"(?P<value>(?:[A-Z]{3}\s)?\S{0,4}\d.*)$")


class DocumentError(HiringAdvisorError):
    """An uploaded document that cannot be imported: unsupported, empty or unreadable."""


@dataclass(frozen=True)
class Heading:
    level: int  # 1 to 3
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Items:
    """A list: one line of text per item (nested items flattened)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table's cell texts; `header` is empty when the document does not mark one."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Items | Table


@dataclass(frozen=True)
class Figure:
    """A money cell: its currency, the amounts it states (two for a range) and its period."""

    currency: str  # ISO 4217
    amounts: tuple[float, ...]
    period: str  # one of api.text.money.PERIODS, or "" when the text names none


@dataclass(frozen=True)
class Document:
    """A document as read: its title ("" when it states none) and its blocks in order."""

    title: str
    blocks: tuple[Block, ...]
    media_type: str

    def plain_text(self) -> str:
        """The document's words, one block per line (a table one row per line)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                lines.append(block.text)
            elif isinstance(block, Items):
                lines += block.items
            else:
                lines += [" | ".join(row) for row in (block.header, *block.rows) if row]
        return "\n".join(lines)


def clean(text: str) -> str:
    """Text on one line: runs of white space (non-breaking ones too) as one space."""
    return " ".join(text.split())


def read_document(filename: str, data: bytes) -> Document:
    """The document in `data`, read by the reader of its format.

    Raises:
        DocumentError: unsupported format, empty file, unreadable or textless document.
    """
    name = PurePath(filename).name or "the document"
    if not data.strip():
        raise DocumentError(f"{name} is empty: there is nothing to import")
    suffix = detect_format(name, data)
    reader = {".pdf": _read_pdf, ".docx": _read_docx, ".html": _read_html, ".htm": _read_html,
              ".md": _read_markdown, ".markdown": _read_markdown}[suffix]
    title, read = reader(data, name)
    blocks: list[Block] = []
    for block in read:
        if isinstance(block, Items) and blocks and isinstance(blocks[-1], Items):
            blocks[-1] = Items(blocks[-1].items + block.items)  # list lines as one list
        elif getattr(block, "text", True) and getattr(block, "items", True):
            blocks.append(block)
    if not blocks:
        scan = " (a scanned PDF holds only images: run it through OCR first)" * (suffix == ".pdf")
        raise DocumentError(f"no text found in {name}{scan}")
    title = title or next((b.text for b in blocks if isinstance(b, Heading)), "")
    return Document(clean(title), tuple(blocks), MEDIA_TYPES[suffix])


def detect_format(name: str, data: bytes) -> str:
    """The suffix of the format `data` is in (a key of MEDIA_TYPES), sniffed where it can be.

    Raises:
        DocumentError: a format that is not supported, or bytes that do not match the suffix.
    """
    suffix = PurePath(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile:
            pass
    if suffix == ".pdf":
        raise DocumentError(f"{name} is not a readable PDF: a PDF file starts with %PDF")
    if suffix == ".docx":
        raise DocumentError(f"{name} is not a readable Word document: a .docx file is a zip "
                            "archive holding word/document.xml")
    if suffix not in MEDIA_TYPES:
        if data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
            return ".html"
        shown = f"'{suffix}'" if suffix else "without a suffix"
        raise DocumentError(
            f"{name}: unsupported file type {shown}; upload Markdown (.md), HTML (.html), "
            "PDF (.pdf) or Word (.docx)")
    if b"\0" in data[:4096]:
        raise DocumentError(f"{name} is not a text file, as its suffix {suffix} says")
    return suffix


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name} is not UTF-8 text: save it as UTF-8 and retry") from exc


# -- Money -----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _currency_symbols() -> tuple[tuple[str, str], ...]:
    """(symbol, ISO code) pairs from CLDR's English symbols that hold a currency sign, longest
    symbol first so that a prefixed dollar is read before the plain one."""
    pairs = {(symbol, code) for code, symbol in Locale.parse("en").currency_symbols.items()
             if any(unicodedata.category(c) == "Sc" for c in symbol) and code.isalpha()
             and symbol != "\u00a4"}  # the sign of no currency
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))


def currency_in(text: str) -> str:
    """The ISO code a text names, by a code ("EUR") or a symbol; "" when it names none."""
    for word in re.findall(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])", text):
        try:
            return check_currency(word)
        except MoneyError:
            continue
    return next((code for symbol, code in _currency_symbols() if symbol in text), "")


def _number(digits: str, suffix: str) -> float:
    """'124,000' -> 124000, '52.500' -> 52500, '1.5' with 'k' -> 1500, '45,50' -> 45.5."""
    digits = re.sub(r"[\s'\u00a0\u202f]", "", digits)
    separators = [c for c in digits if c in ".,"]
    if len(set(separators)) == 2:  # the last one is the decimal mark
        decimal = separators[-1]
        digits = digits.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif separators:
        parts = digits.split(separators[0])
        thousands = len(parts) > 2 or len(parts[-1]) == 3
        digits = "".join(parts) if thousands else ".".join(parts)
    return float(digits) * _MULTIPLIERS[suffix.lower()]


def read_figure(cell: str, header_currency: str = "") -> Figure | None:
    """A money cell read, or None when the cell is not one ("n/a", a sentence)."""
    currency = currency_in(cell) or header_currency
    numbers = _NUMBER.findall(cell)
    if not currency or not numbers or len(cell) > 48 or len(cell.split()) > 7:
        return None
    return Figure(currency, tuple(_number(d, s) for d, s in numbers), period_in(cell))


def period_in(text: str) -> str:
    """The period a text names ("per year", "annual", "/month", "hourly"), else ""."""
    return next((p for p, words in PERIOD_WORDS.items() if words.search(text)), "")


# -- Markdown -------------------------------------------------------------------------------
def _inline(token: Token) -> str:
    """An inline token's text: its words and code, line breaks as spaces, markup left out."""
    return clean("".join(
        c.content if c.type in ("text", "code_inline") else " " if c.type.endswith("break")
        else "" for c in token.children or ()))


def _read_markdown(data: bytes, name: str) -> tuple[str, list[Block]]:
    text = re.sub(r"\A---\n.*?\n---\n", "", _decode(data, name), flags=re.S)  # front matter
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    header: tuple[str, ...] = ()
    depth = 0  # of lists
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "inline" and index and tokens[index - 1].type in ("th_open", "td_open"):
            cells.append(_inline(token))
        elif kind == "tr_close":
            rows.append(tuple(cells))
            cells = []
        elif kind == "thead_close":
            header, rows = rows[0], []
        elif kind == "table_close":
            blocks.append(Table(header, tuple(rows)))
            header, rows = (), []
        elif kind == "inline" and depth:
            blocks.append(Items((_inline(token),)))  # read_document joins a list's lines
        elif kind == "inline" and tokens[index - 1].type == "heading_open":
            level = int(tokens[index - 1].tag[1:])
            heading = _inline(token)
            blocks.append(Heading(level, heading) if level <= MAX_HEADING_LEVEL
                          else Paragraph(heading))
        elif kind == "inline":
            blocks.append(Paragraph(_inline(token)))
        elif kind in ("fence", "code_block"):
            blocks.append(Paragraph(clean(token.content)))
    return "", blocks


# -- HTML ------------------------------------------------------------------------------------
def _read_html(data: bytes, name: str) -> tuple[str, list[Block]]:
    try:
        html: str | bytes = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        html = data  # selectolax reads its <meta charset>, or guesses
    tree = HTMLParser(html, detect_encoding=True)
    tree.strip_tags(list(HTML_SKIPPED))
    title_node = tree.css_first("title")
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    blocks: list[Block] = []
    if root is not None:
        _html_blocks(root, blocks)
    title = clean(title_node.text()) if title_node is not None else ""
    return title, blocks


def _html_blocks(node: Node, blocks: list[Block]) -> None:
    """Append the blocks under `node`, in order; loose text between blocks is a paragraph."""
    loose: list[str] = []

    def flush() -> None:
        if clean("".join(loose)):
            blocks.append(Paragraph(clean("".join(loose))))
        loose.clear()

    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            loose.append(child.text(deep=False))
        elif tag == "br":
            loose.append(" ")
        elif tag in HTML_INLINE:
            loose.append(child.text(separator=" "))
        elif tag.startswith(("-", "_")) or tag in ("img", "hr", "head", "title"):
            continue
        else:
            flush()
            if tag in ("h1", "h2", "h3"):
                blocks.append(Heading(int(tag[1]), clean(child.text(separator=" "))))
            elif tag in HTML_BLOCKS:
                blocks.append(Paragraph(clean(child.text(separator=" "))))
            elif tag in ("ul", "ol", "dl"):
                texts = (clean(li.text(separator=" ")) for li in child.iter()
                         if li.tag in ("li", "dt", "dd"))
                blocks.append(Items(tuple(t for t in texts if t)))
            elif tag == "table":
                blocks.append(_html_table(child))
            else:
                _html_blocks(child, blocks)
    flush()


def _html_table(table: Node) -> Table:
    rows: list[tuple[str, ...]] = []
    header: tuple[str, ...] = ()
    for row in table.css("tr"):
        cells = [c for c in row.iter() if c.tag in ("th", "td")]
        values = tuple(clean(c.text(separator=" ")) for c in cells)
        in_head = row.parent is not None and row.parent.tag == "thead"
        if not rows and not header and (in_head or all(c.tag == "th" for c in cells)):
            header = values
        elif any(values):
            rows.append(values)
    return Table(header, tuple(rows))


# -- Word ------------------------------------------------------------------------------------
def _read_docx(data: bytes, name: str) -> tuple[str, list[Block]]:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise DocumentError(f"{name} cannot be read as a Word document: {exc}") from exc
    blocks = [Table((), tuple(_docx_row(row) for row in part.rows))
              if isinstance(part, DocxTable) else _docx_paragraph(part)
              for part in document.iter_inner_content()]
    title = clean(document.core_properties.title or "")
    return title, blocks


def _docx_paragraph(paragraph: DocxParagraph) -> Block:
    """By its style: Title and Heading 1-3 are headings, List... (or numbered) a list line."""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    text = clean(paragraph.text)
    level = re.fullmatch(r"Heading (\d)", style)
    if style == "Title":
        return Heading(1, text)
    if level and int(level[1]) <= MAX_HEADING_LEVEL:
        return Heading(int(level[1]), text)
    properties = paragraph._p.pPr
    if style.startswith("List") or (properties is not None and properties.numPr is not None):
        return Items((text,) if text else ())
    return Paragraph(text)


def _docx_row(row: _Row) -> tuple[str, ...]:
    """A row's cell texts, a merged cell once (python-docx repeats it for each grid column)."""
    cells = list(row.cells)
    return tuple(clean(cell.text) for n, cell in enumerate(cells)
                 if not n or cell._tc is not cells[n - 1]._tc)


# -- PDF ------------------------------------------------------------------------------------
def _pdf_lines(data: bytes, name: str) -> tuple[str, list[tuple[str, float]]]:
    """The metadata title and every line of text with the size of its letters (0 when the
    line was set in several pieces: body text, as a heading is set in one)."""
    lines: list[tuple[str, float]] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name} is password-protected: upload an unprotected copy")
        for page in reader.pages:
            sizes: dict[str, float] = {}

            def visit(text: str, cm: list, tm: list, font: object, size: float,
                      sizes: dict[str, float] = sizes) -> None:
                sizes[clean(text)] = float(size) * abs(tm[3] or 1) * abs(cm[3] or 1)

            text = page.extract_text(visitor_text=visit)
            lines += [(clean(line), sizes.get(clean(line), 0.0)) for line in text.splitlines()
                      if line.strip()]
        title = clean(str(reader.metadata.title or "")) if reader.metadata else ""
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError(f"{name} cannot be read as a PDF ({exc}); export it again") from exc
    return title, lines


def _read_pdf(data: bytes, name: str) -> tuple[str, list[Block]]:
    """Headings from larger letters or numbering; a short line ending a sentence ends its
    paragraph; bullet lines are lists; runs of "label  figure" lines are a table."""
    title, lines = _pdf_lines(data, name)
    sizes = Counter(round(size, 1) for text, size in lines if size for _ in text)  # by letters
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    longest = max((len(t) for t, _ in lines), default=0)
    blocks: list[Block] = []
    paragraph: list[str] = []
    rows: list[tuple[str, str]] = []
    for text, size in lines:
        heading = _pdf_heading(text, size, body)
        row = None if heading else _figure_line(text)
        bullet = text[0] in BULLETS and text[1:2].isspace()
        if heading or bullet or row:
            _add_paragraph(blocks, paragraph)
        if row is None:
            _add_rows(blocks, rows)
        if heading:
            blocks.append(Heading(heading, text))
        elif row:
            rows.append(row)
        elif bullet:
            blocks.append(Items((clean(text[1:]),)))
        else:
            paragraph.append(text)
            if text[-1] in ".!?:" and len(text) < 0.8 * longest:
                _add_paragraph(blocks, paragraph)  # a short last line ends a paragraph
    _add_paragraph(blocks, paragraph)
    _add_rows(blocks, rows)
    return title, blocks


def _pdf_heading(text: str, size: float, body: float) -> int:
    """The heading level of a line (0 for text): larger letters, or a short numbered line."""
    words = len(text.split())
    if words > 12 or text[-1] in ".,;" or not any(c.isalpha() for c in text):
        return 0
    if body and size >= body * 1.15:
        return 1 if size >= body * 1.6 else 2
    if NUMBERED.match(text) and words <= 10:
        return min(text.split()[0].rstrip(".").count(".") + 2, MAX_HEADING_LEVEL)
    if text.isupper() and words <= 8:
        return 2
    return 0


def _figure_line(text: str) -> tuple[str, str] | None:
    """(label, figure) of a line like "L3  $51,000" or "Zone B  64 000 EUR a year"."""
    match = _FIGURE_LINE.match(text)
    if match is None or len(match["label"].split()) > 6 or not read_figure(match["value"]):
        return None
    amount = _ANY_PERIOD.sub("", match["value"]).strip()  # one figure and nothing else
    return (match["label"], match["value"]) if _ONE_FIGURE.fullmatch(amount) else None


def _add_paragraph(blocks: list[Block], lines: list[str]) -> None:
    if lines:
        blocks.append(Paragraph(clean(" ".join(lines))))
    lines.clear()


def _add_rows(blocks: list[Block], rows: list[tuple[str, str]]) -> None:
    """Two or more figure lines in a row as a table; a lone one stays a paragraph."""
    if len(rows) >= 2:
        blocks.append(Table((), tuple(rows)))
    elif rows:
        blocks.append(Paragraph(" ".join(rows[0])))
    rows.clear()
