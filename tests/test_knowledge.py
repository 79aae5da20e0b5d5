"""Parsing and validating the knowledge directory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.errors import KnowledgeError
from api.knowledge import count_sentences, load_knowledge, slugify
from tests.conftest import KNOWLEDGE, SMALL_DOC, write

FRONT = "---\ntitle: T\ntopic: t\nsource: s\nas_of: 2024-01-22\n---\n"


def test_snippets_are_split_at_headings_with_ids_lines_and_metadata(small_knowledge: Path):
    kb = load_knowledge(small_knowledge)
    first, second = kb.snippets[:2]
    assert first.id == "doc/first-snippet"
    assert second.id == "custom/second"  # overridden id
    assert first.line == 8 and second.line == 14
    assert first.path == "small/doc.md"
    assert first.text == "The first snippet talks about Bellevue and junior engineers."
    assert first.questions == ("where is Bellevue?",)
    assert "Asked as" not in first.text
    assert (first.topic, first.source, first.as_of) == ("testing", "unit tests", date(2024, 1, 22))


def test_salary_records_become_snippets_and_an_overview(small_knowledge: Path):
    kb = load_knowledge(small_knowledge)
    assert [r.id for r in kb.salaries] == ["a-junior", "a-senior"]
    by_id = {s.id: s for s in kb.snippets}
    junior = by_id["salaries/a-junior"]
    assert "$124,000 a year" in junior.text and "Glassdoor" in junior.text
    assert "22 January 2024" in junior.text
    assert junior.salary_ids == ("a-junior",) and junior.line == 2
    overview = by_id["salaries/ai-engineer-by-level"]
    assert overview.salary_ids == ("a-junior", "a-senior")
    assert "junior $124,000; senior $151,000 a year" in overview.text


def test_the_real_knowledge_base_is_valid_and_complete():
    kb = load_knowledge(KNOWLEDGE)
    ids = {s.id for s in kb.snippets}
    assert len(ids) == len(kb.snippets)
    amounts = {r.id: (r.money(), r.currency, r.period) for r in kb.salaries}
    assert amounts["ai-engineer-junior"] == ("$124,000", "USD", "year")
    assert amounts["ai-engineer-middle"][0] == "$138,000"
    assert amounts["ai-engineer-senior"][0] == "$151,000"
    assert amounts["ai-engineer-bay-area"][0] == "$138,000"
    assert amounts["ai-engineer-bellevue"][0] == "$173,200"
    assert amounts["ai-engineer-boston"][0] == "$166,500"
    assert amounts["ai-engineer-new-york"][0] == "$153,600"
    assert amounts["ai-engineer-uk"] == ("£60,646", "GBP", "year")
    assert amounts["ai-engineer-germany"] == ("€71,400", "EUR", "year")
    assert amounts["ai-engineer-france"][0] == "€58,100"
    assert amounts["ai-engineer-italy"][0] == "€36,600"
    assert amounts["software-engineer-median-us"][0] == "$136,600"
    assert all(r.as_of == date(2024, 1, 22) for r in kb.salaries)
    for needed in ("certs/intel-edge-ai", "certs/azure-ai-engineer", "certs/ibm-ml-professional",
                   "certs/google-ml-engineer", "role/bls-growth", "team/core-plus-outstaffing",
                   "adtech/mobile-dsp-latency", "role/ai-vs-ml-engineer"):
        assert needed in ids
    assert "23%" in next(s.text for s in kb.snippets if s.id == "role/bls-growth")
    assert not kb.warnings, [str(w) for w in kb.warnings]


def test_every_snippet_is_short_and_names_its_subject():
    for snippet in load_knowledge(KNOWLEDGE).snippets:
        assert 1 <= count_sentences(snippet.text) <= 4, snippet.id
        lowered = snippet.text.lower()
        assert any(w in lowered for w in ("engineer", "guidance", "certification", "role",
                                          "article", "xenoss", "data")), snippet.id


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("nofront.md", "## A\n\ntext\n", 1, "missing front matter"),
        ("badyaml.md", "---\ntitle: [unclosed\ntopic: t\n---\n## A\n\ntext\n", 3,
         "invalid YAML"),
        ("unclosed.md", "---\ntitle: T\n## A\ntext\n", 1, "not closed"),
        ("empty.md", FRONT + "\n## Empty one\n\n## Full\n\ntext.\n", 8, "empty snippet"),
        ("unknown.md", FRONT.replace("as_of", "colour: red\nas_of") + "## A\n\nx.\n", 5,
         "unknown field 'colour'"),
        ("wrongtype.md", FRONT.replace("topic: t", "topic: [a, b]") + "## A\n\nx.\n", 3,
         "'topic' must be non-empty text"),
        ("baddate.md", FRONT.replace("2024-01-22", "last year") + "## A\n\nx.\n", 5,
         "'as_of' must be a date"),
        ("missing.md", FRONT.replace("source: s\n", "") + "## A\n\nx.\n", 1,
         "missing 'source'"),
        ("orphan.md", FRONT + "stray text\n## A\n\nx.\n", 7, "belongs to no snippet"),
        ("badid.md", FRONT + "## A {#Bad Id!}\n\nx.\n", 7, "invalid id"),
        ("other.txt", "hello", 1, "unsupported file"),
    ],
)
def test_broken_files_are_reported_with_file_and_line(tmp_path, name, content, line, message):
    root = tmp_path / "kb"
    write(root / "ok.md", SMALL_DOC)
    (root / name).write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    rendered = [str(p) for p in info.value.problems]
    assert any(r.startswith(f"kb/{name}:{line}: ") and message in r for r in rendered), rendered


def test_non_utf8_bytes_are_located(tmp_path):
    root = tmp_path / "kb"
    write(root / "ok.md", SMALL_DOC)
    (root / "latin1.md").write_bytes(FRONT.encode() + b"## A\n\ncaf\xe9\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert str(info.value.problems[0]).startswith("kb/latin1.md:9: not valid UTF-8")


def test_duplicate_ids_name_both_places(tmp_path):
    root = tmp_path / "kb"
    write(root / "a.md", FRONT + "## Same {#dup/id}\n\none.\n")
    write(root / "b.md", FRONT + "## Other {#dup/id}\n\ntwo.\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert [str(p) for p in info.value.problems] == [
        "kb/b.md:7: duplicate snippet id 'dup/id' (first at kb/a.md:7)"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,AI engineer,junior,,,,USD,year,Glassdoor,2024-01-22", "missing amount"),
        ("x,AI engineer,junior,,,124000,,year,Glassdoor,2024-01-22", "missing currency"),
        ("x,AI engineer,junior,,,12k,USD,year,Glassdoor,2024-01-22", "amount must be a number"),
        ("x,AI engineer,junior,,,124000,usd,year,Glassdoor,2024-01-22", "ISO code"),
        ("x,AI engineer,junior,,,124000,USD,decade,Glassdoor,2024-01-22", "period must be"),
        ("x,AI engineer,,,,124000,USD,year,Glassdoor,2024-01-22", "level or a location"),
        ("x,AI engineer,junior,,,124000,USD,year,Glassdoor,2024-01-22,extra", "more values"),
    ],
)
def test_broken_salary_rows_are_reported_with_their_line(tmp_path, row, message):
    root = tmp_path / "kb"
    write(root / "ok.md", SMALL_DOC)
    header = "id,role,level,location,region,amount,currency,period,source,as_of"
    (root / "pay.csv").write_text(f"{header}\nok,AI engineer,senior,,,1,USD,year,G,2024-01-22\n"
                                  f"{row}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    rendered = [str(p) for p in info.value.problems]
    assert len(rendered) == 1 and rendered[0].startswith("kb/pay.csv:3: ")
    assert message in rendered[0]


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    root = tmp_path / "kb"
    write(root / "a.md", "no front matter\n")
    write(root / "b.md", FRONT + "## Empty\n")
    write(root / "pay.csv", "id,role\nx,y\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert [p.path for p in info.value.problems] == ["kb/a.md", "kb/b.md", "kb/pay.csv"]


def test_comments_readme_and_notes_are_ignored(tmp_path):
    root = tmp_path / "kb"
    write(root / "README.md", "# Notes for editors, no front matter\n")
    write(root / "_draft.md", "not parsed\n")
    body = "<!-- a note\nover lines -->\n## A\n\nBody <!-- hidden --> here.\n"
    write(root / "a.md", FRONT + body)
    kb = load_knowledge(root)
    assert [(s.text, s.line) for s in kb.snippets] == [("Body  here.", 9)]


def test_synonyms_must_map_terms_to_lists(tmp_path):
    root = tmp_path / "kb"
    write(root / "a.md", SMALL_DOC)
    write(root / "synonyms.yml", "salary: [pay, comp]\nbroken: just text\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert str(info.value.problems[0]) == (
        "kb/synonyms.yml:2: 'broken' must map to a list of text variants"
    )


def test_slugify_and_sentence_count():
    assert slugify("AI engineer vs. ML engineer: what's different?") == (
        "ai-engineer-vs-ml-engineer-what-s-different"
    )
    assert count_sentences("One. Two!\n\n- a\n- b") == 3
