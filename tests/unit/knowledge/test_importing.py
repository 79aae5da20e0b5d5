"""Importing a document (Markdown, HTML, PDF, Word) as knowledge drafts for an editor to review.

The documents are made up (tests/fixtures/imports/, tests/support/documents.py): Example Robotics
does not exist and none of its figures is real.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from api.errors import KnowledgeError, Problem
from api.knowledge.import_formats import PERIOD_WORDS, read_figure
from api.knowledge.importing import (
    CSV_COLUMNS,
    MEDIA_TYPES,
    DocumentError,
    ImportProposal,
    ProposedFile,
    copy_warnings,
    extract_text,
    level_words,
    propose_import,
)
from api.knowledge.loader import load_knowledge
from api.knowledge.profile import parse_profile
from api.knowledge.records import SALARY_OPTIONAL, SALARY_REQUIRED
from api.knowledge.topics import parse_markdown
from api.text.money import PERIODS
from tests.conftest import KB2, KNOWLEDGE
from tests.support.documents import docx_bytes, pdf_bytes

IMPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
SOURCE = "Example Robotics hiring guide (made up)"
AS_OF = "2025-02-01"
DOCUMENTS = {
    "pay-guide.md": (IMPORTS / "pay-guide.md").read_bytes(),
    "careers.html": (IMPORTS / "careers.html").read_bytes(),
    "wrangler-guide.pdf": pdf_bytes(),
    "field-guide.docx": docx_bytes(),
}
TITLES = {
    "pay-guide.md": ["Example Robotics guide to hiring robot wranglers",
                     "What a robot wrangler does", "Skills we look for", "How long hiring takes"],
    "careers.html": ["Field technicians at Example Robotics", "A week on the road",
                     "Interview stages", "Field technician pay by city"],
    "wrangler-guide.pdf": ["Example Robotics hiring guide", "What a robot wrangler does",
                           "Pay by grade"],
    "field-guide.docx": ["Example Robotics field engineer guide",
                         "Daily work of a field engineer", "Field engineer pay"],
}


def propose(name: str, **options) -> ImportProposal:
    options = {"source": SOURCE, "as_of": AS_OF, "role": "ai-engineer", **options}
    return propose_import(name, DOCUMENTS[name], **options)


def file_of(proposal: ImportProposal, kind: str) -> ProposedFile:
    return next(f for f in proposal.files if f.kind == kind)


def salary_rows(proposal: ImportProposal) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(file_of(proposal, "salaries").body)))


def snippet_titles(topic: ProposedFile) -> list[str]:
    problems: list[Problem] = []
    snippets = parse_markdown(topic.body, topic.path, problems, [])
    assert not problems
    return [s.title for s in snippets]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_format_becomes_a_topic_draft_titled_by_its_headings(name):
    proposal = propose(name)
    assert proposal.media_type == MEDIA_TYPES[Path(name).suffix]
    topic = file_of(proposal, "topic")
    assert topic.path == f"imported-{Path(name).stem}.md"
    assert snippet_titles(topic) == TITLES[name]
    assert f"source: {SOURCE}" in topic.body and f"as_of: {AS_OF}" in topic.body
    assert TITLES[name][1] in proposal.text  # the text as extracted, numbering and all


def test_each_snippet_shows_where_its_questions_go():
    proposal = propose("pay-guide.md")
    topic = file_of(proposal, "topic")
    headings = [n for n, line in enumerate(topic.body.splitlines(), 1) if line.startswith("## ")]
    asked = {w.line for w in proposal.warnings if "no 'Asked as:' line yet" in w.message}
    assert asked == set(headings) and len(headings) == 4
    assert topic.body.count("<!-- Asked as:") == 4


def test_html_page_furniture_is_left_out():
    text = propose("careers.html").text
    assert "tracking code" not in text and "All jobs" not in text
    assert "does not exist" not in text  # the footer and the comment
    assert "charging docks" in text


def test_an_html_salary_table_becomes_rows_by_location_with_iso_currencies():
    rows = salary_rows(propose("careers.html"))
    got = [(r["location"], r["level"], r["amount"], r["currency"], r["period"]) for r in rows]
    assert got == [("Porto", "", "48000", "EUR", "year"), ("Lyon", "", "70000", "EUR", "year"),
                   ("Leipzig", "", "62000", "EUR", "year"), ("Leeds", "", "60000", "GBP", "year")]
    assert {(r["role"], r["source"], r["as_of"]) for r in rows} == {("ai-engineer", SOURCE, AS_OF)}
    assert rows[0]["id"] == "ai-engineer-porto-careers"


def test_a_table_of_other_things_stays_in_its_snippet_as_a_list():
    body = file_of(propose("careers.html"), "topic").body
    assert "- Stage: Phone screen; Length: 30 minutes" in body
    assert "€48,000" not in body  # the salary table went to the salary draft


def test_a_docx_table_takes_the_level_ids_of_the_profile_ladder():
    profile = parse_profile((KB2 / "profile.yml").read_text(), "profile.yml", [])
    assert profile is not None
    levels = level_words(profile, "platform-engineer")
    proposal = propose("field-guide.docx", role="platform-engineer", levels=levels)
    rows = salary_rows(proposal)
    got = [(r["level"], r["location"], r["amount"], r["currency"], r["period"]) for r in rows]
    assert got == [("l3", "", "41000", "EUR", "year"), ("l4", "", "52500", "EUR", "year"),
                   ("l5", "", "64000", "EUR", "year")]


def test_a_markdown_table_without_levels_reads_its_labels_as_places():
    rows = salary_rows(propose("pay-guide.md"))
    assert [(r["level"], r["location"], r["amount"]) for r in rows] == [
        ("", "Junior", "58000"), ("", "Mid-level", "71500"), ("", "Senior", "86000")]
    assert {r["currency"] for r in rows} == {"USD"}


def test_pdf_figure_lines_become_rows_and_a_missing_period_is_left_for_the_editor():
    proposal = propose("wrangler-guide.pdf", levels=("apprentice", "wrangler"))
    rows = salary_rows(proposal)
    assert [(r["level"], r["amount"], r["currency"], r["period"]) for r in rows] == [
        ("apprentice", "51000", "USD", ""), ("wrangler", "64500", "USD", "")]
    missing = [str(w) for w in proposal.warnings if "missing period" in w.message]
    assert missing == [
        "imported-wrangler-guide.csv:2: salary 'ai-engineer-apprentice-wrangler-guide': "
        "missing period",
        "imported-wrangler-guide.csv:3: salary 'ai-engineer-wrangler-wrangler-guide': "
        "missing period"]


def test_a_section_that_is_only_a_salary_table_is_named_in_a_warning():
    proposal = propose("pay-guide.md")
    assert Problem("imported-pay-guide.csv", 2, "the section 'Pay: Yearly pay by level' held "
                   "only this salary table, so it has no snippet") in proposal.warnings


def test_several_money_columns_give_a_row_each_named_by_its_header():
    guide = b"""# Made-up pay bands

## Bands

| Level | City | Minimum | Maximum | Remarks |
|---|---|---|---|---|
| Junior | Lyon | \xe2\x82\xac50,000 | \xe2\x82\xac60,000 | invented |
| Senior | Lyon | \xe2\x82\xac80,000 | n/a | invented |
"""
    proposal = propose_import("bands.md", guide, source=SOURCE, as_of=AS_OF, role="tester",
                              levels={"junior": "g1", "senior": "g2"})
    rows = salary_rows(proposal)
    assert [(r["id"], r["level"], r["location"], r["measure"], r["amount"]) for r in rows] == [
        ("tester-g1-lyon-minimum-bands", "g1", "Lyon", "minimum", "50000"),
        ("tester-g1-lyon-maximum-bands", "g1", "Lyon", "maximum", "60000"),
        ("tester-g2-lyon-minimum-bands", "g2", "Lyon", "minimum", "80000")]
    assert Problem("imported-bands.csv", 1, "the column 'Remarks' of a salary table was not "
                   "imported") in proposal.warnings
    assert Problem("imported-bands.csv", 1, "'n/a' (row 'Senior Lyon €80,000 n/a invented') is "
                   "not a figure; not imported") in proposal.warnings


def test_the_period_words_are_the_periods_of_the_salary_tables():
    assert set(PERIOD_WORDS) == set(PERIODS)


def test_the_salary_draft_has_the_columns_of_the_salary_tables():
    header = (KNOWLEDGE / "salaries.csv").read_text().splitlines()[0].split(",")
    # The shipped table's columns first, in its order; then the optional range columns.
    assert list(CSV_COLUMNS)[:len(header)] == header
    assert set(CSV_COLUMNS) == set(SALARY_REQUIRED + SALARY_OPTIONAL)


@pytest.mark.parametrize(("cell", "currency", "amounts", "period"), [
    ("$124,000", "USD", (124000,), ""),
    ("€70k", "EUR", (70000,), ""),
    ("120 000 EUR", "EUR", (120000,), ""),
    ("£60,000 per year", "GBP", (60000,), "year"),
    ("€52.500 / month", "EUR", (52500,), "month"),
    ("CHF 98'000 annually", "CHF", (98000,), "year"),
    ("$45.50 hourly", "USD", (45.5,), "hour"),
    ("¥9,000,000", "JPY", (9000000,), ""),
    ("$100k–$120k", "USD", (100000, 120000), ""),
])
def test_money_cells_read_as_iso_currency_amount_and_period(cell, currency, amounts, period):
    figure = read_figure(cell)
    assert figure is not None
    assert (figure.currency, figure.amounts, figure.period) == (currency, amounts, period)


@pytest.mark.parametrize("cell", ["n/a", "Senior", "3 interviews", "about two weeks"])
def test_other_cells_are_not_money(cell):
    assert read_figure(cell) is None


def test_copy_warnings_fire_on_copied_snippets_and_go_after_rewriting():
    proposal = propose("pay-guide.md")
    topic = file_of(proposal, "topic")
    copied = copy_warnings(topic.path, topic.body, proposal.text)
    assert [w for w in proposal.warnings if "word for word" in w.message] == copied
    role_line = next(n for n, line in enumerate(topic.body.splitlines(), 1)
                     if line.startswith("## What a robot wrangler does"))
    assert Problem(topic.path, role_line, "repeats 23 words of the imported document word for "
                   "word; write it in our own words") in copied
    rewritten = topic.body.replace(
        "A robot wrangler keeps a fleet of warehouse robots calibrated, swaps their worn grippers "
        "and writes a short field report after every shift.",
        "Wranglers tune the robots, replace grippers that wear out and report on each shift.")
    after = copy_warnings(topic.path, rewritten, proposal.text)
    assert role_line not in {w.line for w in after}
    assert len(after) == len(copied) - 1


def test_copy_warnings_count_the_run_and_respect_its_length():
    original = "one two three four five six seven eight nine ten"
    body = "## A {#a/a}\n\nzero one two three four five six seven eight nine\n"
    assert copy_warnings("x.md", body, original) == [
        Problem("x.md", 1, "repeats 9 words of the imported document word for word; write it "
                "in our own words")]
    assert copy_warnings("x.md", body, original, run=10) == []
    assert copy_warnings("x.md", body.replace("five", "5"), original) == []
    assert copy_warnings("x.csv", body, original) == []


def test_proposed_paths_do_not_collide_with_existing_files():
    existing = ["imported-pay-guide.md", "imported-pay-guide-2.csv", "salaries.csv"]
    proposal = propose("pay-guide.md", existing=existing)
    assert [f.path for f in proposal.files] == ["imported-pay-guide-3.md",
                                                 "imported-pay-guide-3.csv"]
    assert "{#pay-guide-3/what-a-robot-wrangler-does}" in proposal.files[0].body


def test_fields_the_editor_did_not_give_stay_empty_and_are_warned_about():
    proposal = propose("careers.html", source="", as_of="", role="")
    topic = file_of(proposal, "topic")
    assert "\nsource:\nas_of:\n" in topic.body and "role:" not in topic.body
    messages = {str(w) for w in proposal.warnings}
    assert "imported-careers.md:4: 'source' must be non-empty text, got NoneType" in messages
    assert any(m.startswith("imported-careers.csv:2: ") and "missing role" in m
               and "missing as_of" in m for m in messages)


def test_a_document_without_headings_is_cut_into_snippets_the_editor_must_title():
    text = "\n\n".join(f"Made-up paragraph number {n} about the invented robots." for n in
                       range(1, 6))
    proposal = propose_import("notes.md", text.encode(), source=SOURCE, as_of=AS_OF)
    topic = file_of(proposal, "topic")
    assert snippet_titles(topic) == ["notes (1)", "notes (2)"]
    assert sum("has no headings" in w.message for w in proposal.warnings) == 2


def test_the_format_is_sniffed_from_the_bytes():
    assert propose_import("upload.bin", pdf_bytes(), source=SOURCE,
                          as_of=AS_OF).media_type == MEDIA_TYPES[".pdf"]
    assert propose_import("guide.html", docx_bytes(), source=SOURCE,
                          as_of=AS_OF).media_type == MEDIA_TYPES[".docx"]
    assert extract_text("page", b"<!DOCTYPE html><p>Made up</p>") == "Made up"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("notes.txt", b"plain text", "unsupported file type '.txt'; upload Markdown (.md), HTML "
     "(.html), PDF (.pdf) or Word (.docx)"),
    ("old.doc", b"\xd0\xcf\x11\xe0 binary", "unsupported file type '.doc'"),
    ("guide.md", b"", "guide.md is empty: there is nothing to import"),
    ("guide.pdf", b"  \n", "guide.pdf is empty"),
    ("guide.pdf", b"%PDF-1.4\nthis is not the rest of a PDF", "guide.pdf cannot be read as a "
     "PDF"),
    ("guide.pdf", b"<html>a web page</html>", "guide.pdf is not a readable PDF"),
    ("guide.docx", b"PK\x03\x04 not a zip", "guide.docx is not a readable Word document"),
    ("scan.pdf", pdf_bytes(()), "no text found in scan.pdf (a scanned PDF holds only images"),
    ("latin.md", "Café".encode("latin-1"), "latin.md is not UTF-8 text: save it as UTF-8"),
])
def test_an_unusable_document_is_a_clear_document_error(name, data, message):
    with pytest.raises(DocumentError, match=re.escape(message)):
        propose_import(name, data, source=SOURCE, as_of=AS_OF)


def review(knowledge: Path, proposal: ImportProposal) -> None:
    """What the editor does: write each draft, add questions to each snippet, fill the periods
    the document did not give (the made-up figures are yearly)."""
    for draft in proposal.files:
        body = draft.body
        if draft.kind == "topic":
            body = re.sub(r"<!-- Asked as:.*?-->", "Asked as: a made-up question | another one",
                          body)
        else:
            rows = list(csv.DictReader(io.StringIO(body)))
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows({**row, "period": row["period"] or "year"} for row in rows)
            body = out.getvalue()
        (knowledge / draft.path).write_text(body, encoding="utf-8")


@pytest.mark.parametrize(("base", "role"), [(KNOWLEDGE, "ai-engineer"),
                                            (KB2, "platform-engineer")], ids=["shipped", "kb2"])
def test_reviewed_drafts_load_into_a_copy_of_the_knowledge(tmp_path, base, role):
    knowledge = shutil.copytree(base, tmp_path / "knowledge")
    profile = parse_profile((knowledge / "profile.yml").read_text(), "profile.yml", [])
    assert profile is not None
    existing = [p.name for p in knowledge.iterdir()]
    proposals = [propose_import(name, data, source=SOURCE, as_of=AS_OF, role=role,
                                existing=existing, levels=level_words(profile, role))
                 for name, data in DOCUMENTS.items()]
    for proposal in proposals:
        review(knowledge, proposal)
    kb = load_knowledge(knowledge)
    imported = [w for w in kb.warnings if "imported-" in w.path]
    assert not imported
    ids = {s.id: s for s in kb.snippets}
    for proposal in proposals:
        topic = file_of(proposal, "topic")
        key = Path(topic.path).stem.removeprefix("imported-")
        drafted = [s for s in ids.values() if s.id.startswith(f"{key}/")]
        assert [s.title for s in drafted] == snippet_titles(topic)
        assert all(s.questions == ("a made-up question", "another one") for s in drafted)
        assert {s.roles for s in drafted} == {(role,)}
    salaries = {(r.path.split("/")[-1], r.level or r.location, r.amount, r.currency)
                for r in kb.salaries if "imported-" in r.path}
    assert ("imported-careers.csv", "Leeds", 60000, "GBP") in salaries
    assert ("imported-field-guide.csv", profile.ladder_of(role).levels[1].id,  # type: ignore
            52500, "EUR") in salaries
    # careers, the field guide, the pay guide and the PDF (whose grades are no level of the
    # ladder, so they read as places)
    assert len(salaries) == 4 + 3 + 3 + 2


def test_unreviewed_drafts_are_refused_at_the_lines_the_editor_must_fill(tmp_path):
    knowledge = shutil.copytree(KB2, tmp_path / "knowledge")
    proposal = propose("wrangler-guide.pdf", role="platform-engineer")
    for draft in proposal.files:
        (knowledge / draft.path).write_text(draft.body, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge)
    assert [str(p) for p in info.value.problems] == [
        "knowledge/imported-wrangler-guide.csv:2: salary "
        "'platform-engineer-apprentice-wrangler-guide': missing period",
        "knowledge/imported-wrangler-guide.csv:3: salary "
        "'platform-engineer-wrangler-wrangler-guide': missing period"]
