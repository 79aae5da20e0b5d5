"""Parsing and validating the knowledge directory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.errors import KnowledgeError
from api.knowledge.loader import load_knowledge
from api.knowledge.naming import Naming
from api.knowledge.topics import count_sentences, slugify
from tests.conftest import KB2, KNOWLEDGE, SMALL_DOC, SMALL_PROFILE, write

FRONT = "---\ntitle: T\ntopic: t\nsource: s\nas_of: 2024-01-22\n---\n"


def kb_with(tmp_path: Path, **files: str) -> Path:
    """A knowledge directory with the small profile and document, plus `files`."""
    root = tmp_path / "kb"
    write(root / "profile.yml", SMALL_PROFILE)
    write(root / "ok.md", SMALL_DOC)
    for name, text in files.items():
        (root / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(p) for p in info.value.problems]


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
    assert [r.id for r in kb.salaries] == ["t-g1", "t-g2"]
    by_id = {s.id: s for s in kb.snippets}
    first = by_id["salaries/t-g1"]
    assert first.text == "A g1 tester earns CHF 50,000 a year (Test Survey, 22 January 2024)."
    assert first.salary_ids == ("t-g1",) and first.line == 2 and first.roles == ("tester",)
    assert "beginner" in first.keywords  # the level's aliases help search find it
    overview = by_id["salaries/tester-by-level"]
    assert overview.salary_ids == ("t-g1", "t-g2")
    assert "g1 CHF 50,000; g2 CHF 70,000 a year" in overview.text


def test_the_profile_is_read_with_roles_ladders_and_lines(small_knowledge: Path):
    profile = load_knowledge(small_knowledge).profile
    assert profile.assistant.greeting == "Hello from the test desk."
    assert profile.assistant.starters == ("What does a tester do?",)
    assert [(r.id, r.plural, r.aliases, r.ladder) for r in profile.roles] == [
        ("tester", "testers", ("QA engineer",), "grades")]
    ladder = profile.ladders[0]
    assert [lv.id for lv in ladder.levels] == ["g1", "g2"] and ladder.nearest == {"lead": "g2"}
    # Lines it leaves out are the assistant's own (a named person's pay: declined).
    assert "named person" not in profile.assistant.decline_person
    assert "particular person" in profile.assistant.decline_person


def test_the_second_knowledge_base_is_valid():
    kb = load_knowledge(KB2)
    assert {r.currency for r in kb.salaries} >= {"CHF", "JPY"}
    assert len(kb.profile.roles) >= 2 and kb.checks
    assert not [w for w in kb.warnings if "stale" in w.message]


def test_the_real_knowledge_base_is_valid_and_complete():
    kb = load_knowledge(KNOWLEDGE)
    ids = {s.id for s in kb.snippets}
    assert len(ids) == len(kb.snippets)
    naming = Naming(kb.profile, kb.salaries)
    amounts = {r.id: (naming.money(r), r.currency, r.period) for r in kb.salaries}
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
    baselines = [r.id for r in kb.salaries if r.baseline]
    assert baselines == ["software-engineer-median-us"]
    assert {r.role for r in kb.salaries} == {"ai-engineer", "software-engineer"}
    assert len(kb.checks) >= 50
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
    rendered = problems_of(kb_with(tmp_path, **{name.replace(".", "__"): content}))
    assert any(r.startswith(f"kb/{name}:{line}: ") and message in r for r in rendered), rendered


def test_non_utf8_bytes_are_located(tmp_path):
    root = kb_with(tmp_path)
    (root / "latin1.md").write_bytes(FRONT.encode() + b"## A\n\ncaf\xe9\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert str(info.value.problems[0]).startswith("kb/latin1.md:9: not valid UTF-8")


def test_duplicate_ids_name_both_places(tmp_path):
    root = tmp_path / "kb"
    write(root / "profile.yml", SMALL_PROFILE)
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
        ("x,tester,g1,,,,USD,year,S,2024-01-22", "missing amount"),
        ("x,tester,g1,,,5,,year,S,2024-01-22", "missing currency"),
        ("x,tester,g1,,,12k,USD,year,S,2024-01-22", "amount must be a number"),
        ("x,tester,g1,,,5,usd,year,S,2024-01-22", "ISO 4217"),
        ("x,tester,g1,,,5,XQZ,year,S,2024-01-22", "not an ISO 4217 currency"),
        ("x,tester,g1,,,5,USD,decade,S,2024-01-22", "period must be"),
        ("x,tester,,,,5,USD,year,S,2024-01-22", "level or a location"),
        ("x,tester,g1,,,5,USD,year,S,2024-01-22,extra", "more values"),
        ("x,pilot,g1,,,5,USD,year,S,2024-01-22", "unknown role 'pilot' (roles in "),
        ("x,tester,g9,,,5,USD,year,S,2024-01-22", "level 'g9' is not on the ladder"),
        ("x,tester,g1,,,5,USD,year,S,2024-01-22,maybe", "more values"),
    ],
)
def test_broken_salary_rows_are_reported_with_their_line(tmp_path, row, message):
    header = "id,role,level,location,region,amount,currency,period,source,as_of"
    rendered = problems_of(kb_with(tmp_path, pay__csv=(
        f"{header}\nok,tester,g2,,,1,USD,year,G,2024-01-22\n{row}\n")))
    assert len(rendered) == 1 and rendered[0].startswith("kb/pay.csv:3: "), rendered
    assert message in rendered[0]


def test_baseline_must_say_yes_or_nothing(tmp_path):
    header = "id,role,location,amount,currency,period,source,as_of,baseline"
    rendered = problems_of(kb_with(tmp_path, pay__csv=(
        f"{header}\nx,tester,Bern,5,CHF,year,S,2024-01-22,perhaps\n")))
    assert rendered == ["kb/pay.csv:2: salary 'x': baseline must be yes or empty, got 'perhaps'"]


@pytest.mark.parametrize(
    ("profile", "line", "message"),
    [
        (SMALL_PROFILE.replace("  greeting: Hello from the test desk.\n", ""), 1,
         "missing 'greeting' in assistant"),
        (SMALL_PROFILE.replace("starters: [\"What does a tester do?\"]", "starters: []"), 6,
         "'starters' must list 1 to 8 questions"),
        (SMALL_PROFILE.replace("    aliases: [QA engineer]", "    aliases: [QA engineer]\n"
                               "    ladder: steps"), 11, "unknown ladder 'steps'"),
        (SMALL_PROFILE.replace("lead: g2", "lead: g7"), 18, "nearest: 'lead' must map to"),
        (SMALL_PROFILE.replace("id: tester", "id: Tester!"), 8, "role id must be lower-case"),
        (SMALL_PROFILE.replace("aliases: [beginner]", "aliases: [beginner, tester]"), 12,
         "'tester' names both role 'tester' and level 'g1'"),
        (SMALL_PROFILE.replace("roles:", "colour: red\nroles:"), 7, "unknown field 'colour'"),
        ("assistant: [1, 2\n", 2, "invalid YAML"),
    ],
)
def test_a_broken_profile_is_reported_with_its_line(tmp_path, profile, line, message):
    root = kb_with(tmp_path)
    write(root / "profile.yml", profile)
    rendered = problems_of(root)
    assert any(r.startswith(f"kb/profile.yml:{line}: ") and message in r for r in rendered), \
        rendered


def test_an_unknown_locale_is_reported(tmp_path):
    root = kb_with(tmp_path)
    write(root / "profile.yml",
          SMALL_PROFILE.replace("  placeholder:", "  locale: xx_YY\n  placeholder:"))
    assert problems_of(root) == [
        "kb/profile.yml:5: unknown locale 'xx_YY' (use one like en_US or de_DE)"]


def test_a_missing_profile_is_named(tmp_path):
    root = tmp_path / "kb"
    write(root / "ok.md", SMALL_DOC)
    assert problems_of(root) == [
        "kb/profile.yml:0: missing profile.yml: the assistant, its roles and level ladders "
        "(see knowledge/README.md)"]


def test_front_matter_roles_and_kinds_are_checked(tmp_path):
    rendered = problems_of(kb_with(
        tmp_path,
        a__md=FRONT.replace("---\n", "---\nrole: pilot\n", 1).replace("as_of", "as_of", 1)
        + "## A\n\nx.\n",
        b__md=FRONT.replace("source: s", "source: s\nkind: maybe") + "## B\n\ny.\n",
    ))
    assert "kb/a.md:1: unknown role 'pilot' in front matter (roles in kb/profile.yml: tester)" \
        in rendered
    assert "kb/b.md:5: 'kind' must be one of content, gaps, kit, got 'maybe'" in rendered


@pytest.mark.parametrize(
    ("checks", "line", "message"),
    [
        ("- ask: Where?\n", 1, "give either 'expect'"),
        ("- ask: Where?\n  expect: [doc/first-snippet]\n  refuse: out_of_scope\n", 1,
         "give either 'expect'"),
        ("- ask: Where?\n  refuse: maybe\n", 1, "'refuse' must be one of"),
        ("- ask: ok\n  expect: [doc/first-snippet]\n- expect: [x]\n", 3,
         "'ask' must be the question"),
        ("- ask: Where?\n  expect: [doc/first-snippet]\n  colour: red\n", 1,
         "unknown field 'colour'"),
        ("ask: Where?\n", 1, "must be a list of checks"),
    ],
)
def test_broken_checks_are_reported_with_their_line(tmp_path, checks, line, message):
    rendered = problems_of(kb_with(tmp_path, checks__yml=checks))
    assert any(r.startswith(f"kb/checks.yml:{line}: ") and message in r for r in rendered), \
        rendered


def test_a_check_naming_a_missing_id_is_a_stale_warning(tmp_path):
    kb = load_knowledge(kb_with(tmp_path, checks__yml=(
        "- ask: Where is it?\n  expect: [ok/first-snippet]\n"
        "- ask: Gone?\n  expect: [doc/removed]\n")))
    assert [c.ask for c in kb.checks] == ["Where is it?", "Gone?"]
    assert [str(w) for w in kb.warnings] == [
        "kb/checks.yml:3: stale check: 'doc/removed' is neither a snippet nor a salary record "
        "any more; update or remove the check"]


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    root = tmp_path / "kb"
    write(root / "profile.yml", SMALL_PROFILE)
    write(root / "a.md", "no front matter\n")
    write(root / "b.md", FRONT + "## Empty\n")
    write(root / "pay.csv", "id,role\nx,y\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert [p.path for p in info.value.problems] == ["kb/a.md", "kb/b.md", "kb/pay.csv"]


def test_comments_readme_and_notes_are_ignored(tmp_path):
    root = tmp_path / "kb"
    write(root / "profile.yml", SMALL_PROFILE)
    write(root / "README.md", "# Notes for editors, no front matter\n")
    write(root / "_draft.md", "not parsed\n")
    body = "<!-- a note\nover lines -->\n## A\n\nBody <!-- hidden --> here.\n"
    write(root / "a.md", FRONT + body)
    kb = load_knowledge(root)
    assert [(s.text, s.line) for s in kb.snippets] == [("Body  here.", 9)]


def test_synonyms_must_map_terms_to_lists(tmp_path):
    root = tmp_path / "kb"
    write(root / "profile.yml", SMALL_PROFILE)
    write(root / "a.md", SMALL_DOC)
    write(root / "synonyms.yml", "salary: [pay, comp]\nbroken: just text\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert str(info.value.problems[0]) == (
        "kb/synonyms.yml:2: 'broken' must map to a list of text variants"
    )


def test_a_term_given_twice_is_reported_not_replaced(tmp_path):
    # (YAML keeps the last of two equal keys: the first list would be lost silently)
    root = tmp_path / "kb"
    write(root / "profile.yml", SMALL_PROFILE)
    write(root / "a.md", SMALL_DOC)
    write(root / "synonyms.yml", "salary: [pay, comp]\nbonus: [extra]\nsalary: [wage]\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert str(info.value.problems[0]) == (
        "kb/synonyms.yml:3: 'salary' is given twice (first on line 1); merge the two"
    )


def test_slugify_and_sentence_count():
    assert slugify("AI engineer vs. ML engineer: what's different?") == (
        "ai-engineer-vs-ml-engineer-what-s-different"
    )
    assert count_sentences("One. Two!\n\n- a\n- b") == 3
