"""Documents made up for the import tests, written as bytes: a PDF built by hand (there is no PDF
writer among the dependencies) and a Word file written with python-docx.

Everything in them is fictional: Example Robotics does not exist, and its pay figures are made up.
"""

from __future__ import annotations

import io

import docx

# (font size, text) lines of the made-up PDF guide: headings at 16 pt, text at 11 pt.
PDF_LINES: tuple[tuple[int, str], ...] = (
    (20, "Example Robotics hiring guide"),
    (11, "A fictional guide written for the tests; no figure in it is real."),
    (16, "1. What a robot wrangler does"),
    (11, "The robot wrangler keeps the fleet of warehouse robots calibrated and"),
    (11, "writes the field reports that the control team reads every morning."),
    (16, "2. Pay by grade"),
    (11, "Example Robotics pays every robot wrangler on a published scale per year."),
    (11, "Apprentice $51,000"),
    (11, "Wrangler $64,500"),
)


def _pdf_text(text: str) -> str:
    """A PDF literal string: backslash and parentheses escaped."""
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_bytes(lines: tuple[tuple[int, str], ...] = PDF_LINES, *, title: str = "") -> bytes:
    """A one-page PDF 1.4 with a catalog, a page tree, one page, Helvetica and a content stream
    that sets each line with BT/ET, Tf, Td and Tj; the cross-reference table has every object's
    byte offset, so strict readers accept it."""
    ops = ["BT", "72 760 Td"]
    for size, text in lines:
        ops += [f"/F1 {size} Tf", f"0 -{size + 8} Td", f"{_pdf_text(text)} Tj"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    info = f"<< /Title {_pdf_text(title)} >>" if title else "<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        info.encode("latin-1"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, len(objects), xref))
    return out.getvalue()


def docx_bytes(levels: tuple[str, str, str] = ("Junior", "Mid-level", "Senior")) -> bytes:
    """A Word guide with a title, two Heading 1 sections, a bullet list and a pay table whose
    first column holds the given level words and whose second holds euro figures."""
    document = docx.Document()
    document.core_properties.title = "Example Robotics field engineer guide"
    document.add_paragraph("Example Robotics field engineer guide", style="Title")
    document.add_paragraph("A fictional guide written for the tests; no figure in it is real.")
    document.add_heading("Daily work of a field engineer", level=1)
    document.add_paragraph("A field engineer installs charging docks at customer sites and "
                           "trains the night crew to use them.")
    document.add_paragraph("Works from the Lisbon depot", style="List Bullet")
    document.add_paragraph("Visits two sites a week", style="List Bullet")
    document.add_heading("Field engineer pay", level=1)
    document.add_paragraph("The made-up scale below is the yearly base pay of a field engineer.")
    table = document.add_table(rows=4, cols=2)
    rows = (("Grade", "Base pay (annual)"), (levels[0], "€41,000"), (levels[1], "€52.500"),
            (levels[2], "64 000 EUR"))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
