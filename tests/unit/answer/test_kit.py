"""Hiring kits (a job post, a screening scorecard) drafted from the knowledge files, without an
index, on the made-up second knowledge base, on new roles added to a copy of the shipped
knowledge, and on the shipped knowledge itself (acceptance tests, kept apart at the end). Kits
in the conversation are in tests/component/dialogue/test_kit_chat.py, over HTTP in
tests/http/test_kit_api.py, the profile's kits in tests/unit/knowledge/test_kits.py.

Every line of every kit must be found in the snippet or salary record it names: the tests walk
every kit, role and level of each knowledge base and check each line against its source.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.answer.kit import Kits
from api.answer.kit_ask import JOB_POST, SCORECARD, NoKitContent, UnknownKitValue
from api.answer.kit_document import Bullet, KitDocument, SourceRef
from api.answer.kit_lines import Repeats, as_bullet, lead, passages, reads_optional, split_sentences
from api.knowledge.domain import Domain
from api.knowledge.loader import load_knowledge
from api.knowledge.model import KnowledgeBase
from api.knowledge.phrasings import Cues
from api.knowledge.profile import Profile
from api.understand.fairness import asks_to_filter_people
from tests.conftest import KB2, KNOWLEDGE, ROOT
from tests.support.overlays import DEMO_COMPANY, apply_company, apply_overlay

runner = CliRunner()
# The day kits are drafted on (the shipped figures are older than its freshness rule allows).
TODAY = date(2026, 12, 6)
# The caution a figures section's note ends with when its figures are old.
CAUTION = re.compile(r" (?:This figure is|These figures are|The oldest of these figures is) "
                     r"from \w+ \d{4}, [\w ]+ ago(?: \(nearly \d+ years\))?; check (?:it|them) "
                     r"against a current survey before you make an offer\.")


# --- helpers ----------------------------------------------------------------------------------


def kits_of(directory: Path) -> tuple[KnowledgeBase, Kits]:
    kb = load_knowledge(directory)
    return kb, Kits(Domain(kb.profile, {r.id: r for r in kb.salaries}, kb.company, kb.phrasings),
                    [*kb.snippets, *kb.kit_snippets], today=lambda: TODAY)


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _label_pattern(profile: Profile) -> re.Pattern[str]:
    parts = [re.escape(profile.kit_labels[k]).replace(re.escape("{asked}"), ".+")
             for k in ("nearest_level", "nearest_place", "any_place", "any_level", "context")]
    one = "(?:" + "|".join(parts) + ")"
    return re.compile(rf"(?i:{one}(?:; {one})*)")


def _format_pattern(label: str) -> re.Pattern[str]:
    """A kit label with each of its `{name}`s standing for any text."""
    return re.compile(".+".join(re.escape(p) for p in re.split(r"\{\w+\}", label)))


def assert_quoted(document: KitDocument, kb: KnowledgeBase) -> None:
    """Every line is in the source it names: a snippet's or salary record's text, a line of the
    company's own content (company.yml), a pay band's row (its range) or a pay-transparency
    rule's row (its law, source and date); headings, notes and labels are the profile's (a
    figures section's note may end with the caution on their age)."""
    spec = kb.profile.kit(document.kind)
    assert spec is not None
    sections = {s.id: s for s in spec.sections}
    listed = {r.id: r for r in document.sources}
    assert document.sections, document.title
    for section in document.sections:
        assert section.heading == sections[section.id].heading
        own = sections[section.id].note
        assert section.note in (own, "") or (sections[section.id].figures and section.note
                                             .startswith(own) and CAUTION.fullmatch(
                                                 section.note[len(own):])), section.note
        assert section.bullets, section.id
        for bullet in section.bullets:
            _assert_line(bullet, kb, listed)
            assert bullet.evidence in ("", *(s.evidence for s in spec.sections))
    for bullet in (*document.recruiter, *document.warnings):
        _assert_line(bullet, kb, listed, recruiter=True)
    assert document.missing == tuple(s.heading for s in spec.sections
                                     if s.id not in {x.id for x in document.sections}
                                     and not s.company_only)
    for ref in document.sources:
        assert f"`{ref.id}`" in document.markdown
        # The ad names no source (a scorecard's table has its own column of them).
        assert f"`{ref.id}`" not in document.ad_markdown or any(
            s.table for s in document.sections)
    assert document.markdown.startswith(document.ad_markdown.rstrip("\n"))


def _assert_line(bullet: Bullet, kb: KnowledgeBase, listed: dict[str, SourceRef], *,
                 recruiter: bool = False) -> None:
    """One line against the file it names (its SourceRef's path and line included)."""
    labels = kb.profile.kit_labels
    assert bullet.source in listed
    ref = listed[bullet.source]
    assert not asks_to_filter_people(bullet.text, Cues(kb.phrasings))
    kind, _, key = bullet.source.partition(":")
    records = {r.id: r for r in kb.salaries}
    if ref.kind == "band":
        band = next(b for b in kb.company.bands if (b.path, b.line) == (ref.path, ref.line))
        assert kind == "band" and key in (band.id, f"{band.path}:{band.line}")
        midpoint = f"{(band.low + band.high) / 2:,.0f}"
        assert (f"{band.low:,.0f}" in bullet.text and f"{band.high:,.0f}" in bullet.text) or (
            recruiter and midpoint in bullet.text and any(_format_pattern(labels[k]).fullmatch(
                bullet.text) for k in ("midpoint_below", "midpoint_above", "midpoint_equal")))
    elif ref.kind == "rule":
        rule = next(r for r in kb.company.rules if (r.path, r.line) == (ref.path, ref.line))
        assert recruiter and (rule.law or rule.source) in bullet.text
        assert rule.source in bullet.text and rule.requires in bullet.text
        assert str(rule.as_of.year) in bullet.text
        assert any(_format_pattern(labels[k]).fullmatch(bullet.text) for k in (
            "rule_ads", "rule_ads_missing", "rule_interview", "rule_request"))
    elif ref.kind == "company":
        company = kb.company.company
        assert company is not None and ref.path == company.path
        part, _, level = key.partition(":")
        if part == "levels":
            ladder, _, level_id = level.partition(":")
            found = company.expectation(ladder, level_id)
            assert found is not None and ref.line == found.line
            assert bullet.text in (labels["years"].format(years=found.years), found.scope,
                                   found.autonomy)
        else:
            lines = {line.text: line.line for line in getattr(company, part)}
            assert bullet.text in lines and ref.line == min(lines.values())
    elif bullet.source in records:
        record = records[bullet.source]
        assert (ref.path, ref.line) == (record.path, record.line)
        if recruiter and CAUTION.fullmatch(" " + bullet.text):
            return
        record_text = {s.salary_ids[0]: s.text for s in kb.snippets if len(s.salary_ids) == 1}
        assert bullet.text == record_text[bullet.source]
        assert f"{record.amount:,.0f}" in bullet.text
        label = bullet.label
        if recruiter:
            assert label.startswith(labels["market"])
            label = label[len(labels["market"]):].lstrip(", ")
            label = label[:1].upper() + label[1:]
        assert not label or _label_pattern(kb.profile).fullmatch(label), bullet.label
    else:
        snippets = {s.id: s for s in [*kb.snippets, *kb.kit_snippets]}
        assert not bullet.label and not recruiter
        assert (ref.path, ref.line) == (snippets[bullet.source].path,
                                        snippets[bullet.source].line)
        assert _plain(bullet.text) in _plain(snippets[bullet.source].text), (
            f"{bullet.text!r} is not in {bullet.source}")


def new_roles_copy(tmp_path: Path) -> Path:
    """The shipped knowledge with the made-up roles added the way a talent team adds them."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    for overlay in ("mlops-engineer", "data-engineer"):
        apply_overlay(knowledge, overlay)
    apply_overlay(knowledge, ROOT / "tests/fixtures/blind-role")
    return knowledge


# --- the text of a snippet as kit lines -------------------------------------------------------


def test_lines_are_the_snippets_own_sentences_and_list_items():
    text = ("We hire on Mondays. It is a plus on a CV, never a requirement. The band is 5.5% "
            "higher, e.g. in spring.\n\nWhat we look for:\n\n- dbt for models\n- strong Go")
    assert [p.text for p in passages(text)] == [
        "We hire on Mondays. It is a plus on a CV, never a requirement.",
        "The band is 5.5% higher, e.g. in spring.",
        "dbt for models",
        "strong Go",
    ]
    assert [p.text for p in lead(text)] == ["We hire on Mondays."]
    assert [p.text for p in lead("The skills:\n\n- one thing\n- another")] == [
        "one thing", "another"]
    assert split_sentences('He said "Stop." Then (later) left.') == ['He said "Stop."',
                                                                   "Then (later) left."]
    assert [as_bullet(t) for t in ("dbt models", "strong Go", "eBay ads")] == [
        "dbt models", "Strong Go", "eBay ads"]


@pytest.mark.parametrize(
    ("line", "optional"),
    [("Observability experience with Prometheus is a strong plus.", True),
     ("German or Japanese is welcome for any role but never required.", True),
     ("It is a plus on a CV, never a requirement.", True),
     ("A candidate must write Go fluently.", False),
     ("It does not require a computer science degree.", False)],
)
def test_lines_that_present_a_plus_read_as_optional(line, optional):
    assert reads_optional(line) is optional


def test_a_line_that_says_an_earlier_one_again_is_left_out():
    seen = Repeats(["AI engineer"])
    assert not seen.seen("The guidance asks for at least two years (2+ years) of hands-on "
                         "experience building AI models from an AI engineer candidate.")
    assert seen.seen("at least 2 years (2+) of experience building AI models")
    assert not seen.seen("a proven record with Python and deep learning in production")


# --- every kit, role and level, quoted from its source --------------------------------------


@pytest.mark.parametrize("base", ["kb2", "new-roles", "shipped"])
def test_every_kit_for_every_role_and_level_quotes_its_sources(base, tmp_path):
    directory = {"kb2": KB2, "shipped": KNOWLEDGE}.get(base) or new_roles_copy(tmp_path)
    kb, kits = kits_of(directory)
    built = refused = 0
    for spec in kb.profile.kits:
        have = kits.roles_with(spec.kind)
        assert have, spec.kind
        for role in kb.profile.roles:
            ladder = kb.profile.ladder_of(role.id)
            assert ladder is not None
            places = ["", *dict.fromkeys(r.location for r in kb.salaries
                                         if r.role == role.id and r.location)]
            for level in ["", *(lv.name for lv in ladder.levels)]:
                for place in places if spec.kind == JOB_POST else [""]:
                    ask = kits.ask(spec.kind, role.name, level or None, place or None)
                    if role.id not in have:
                        with pytest.raises(NoKitContent, match="I can draft one for"):
                            kits.build(ask)
                        refused += 1
                        continue
                    document = kits.build(ask)
                    assert_quoted(document, kb)
                    if level:
                        assert level.casefold() in document.title.casefold()
                    built += 1
    # Every knowledge base has a role with nothing of its own for some kit.
    assert built > 30 and refused > 0


def test_a_new_role_with_its_own_playbook_gets_its_own_kits(tmp_path):
    kb, kits = kits_of(new_roles_copy(tmp_path))
    assert {"mlops-engineer", "data-engineer", "prompt-engineer"} <= set(kits.roles_with(JOB_POST))
    post = kits.build(kits.ask(JOB_POST, "ML platform engineer", "senior", "London"))
    sources = {b.source for b in post.bullets}
    assert {"mlops-engineer/role", "mlops-engineer/skills", "mlops-engineer/certification",
            "mlops-engineer/team", "mlops-engineer-senior", "mlops-engineer-london"} <= sources
    assert not any(s.startswith(("skills/", "role/", "team/")) for s in sources)
    nice = next(s for s in post.sections if s.id == "nice-to-have")
    assert "Certified Kubernetes Administrator" in nice.bullets[0].text
    assert post.missing == ("Responsibilities",)
    assert "*Left out, as the knowledge has nothing for them: Responsibilities.*" in post.markdown
    card = kits.build(kits.ask(SCORECARD, "prompt engineer"))
    assert {b.source for b in card.bullets} >= {"prompt/skills", "prompt/portfolio"}


def test_lines_about_another_level_are_left_out(tmp_path):
    _, kits = kits_of(new_roles_copy(tmp_path))
    senior_line = "For a senior data engineer we look for five years or more (5+)."
    junior = kits.build(kits.ask(JOB_POST, "data engineer", "junior"))
    senior = kits.build(kits.ask(JOB_POST, "data engineer", "senior"))
    anyone = kits.build(kits.ask(JOB_POST, "data engineer"))
    assert senior_line not in junior.markdown
    assert senior_line in senior.markdown and senior_line in anyone.markdown
    assert "at least three years (3+)" in junior.markdown


def test_lines_that_read_as_a_plus_move_to_the_optional_section():
    _, kits = kits_of(KB2)
    post = kits.build(kits.ask(JOB_POST, "SRE", "L5"))
    plus = next(s for s in post.sections if s.id == "plus")
    texts = [b.text for b in plus.bullets]
    assert "Observability experience with Prometheus and Grafana is a strong plus." in texts
    assert "German or Japanese is welcome for any role but never required." in texts
    required = next(s for s in post.sections if s.id == "requirements")
    assert not any("plus" in b.text for b in required.bullets)


def test_a_kit_takes_only_what_speaks_of_its_role():
    _, kits = kits_of(KB2)
    designer = kits.build(kits.ask(JOB_POST, "UX designer", "L4", "Zurich"))
    text = designer.markdown
    assert "Figma" in text and "portfolio" in text
    for other in ("Go fluently", "take-home test: repair", "platform guild", "Gondola"):
        assert other not in text
    assert "only staff at L5" not in text  # a line about other levels
    with pytest.raises(NoKitContent) as error:
        kits.build(kits.ask(SCORECARD, "engineering manager"))
    assert "platform engineers and product designers" in str(error.value)


def test_figures_are_the_matching_record_or_the_nearest_labelled_as_such():
    _, kits = kits_of(KB2)

    def figures(*args):
        post = kits.build(kits.ask(JOB_POST, "platform engineer", *args))
        return [(b.source, b.label) for s in post.sections if s.id == "pay" for b in s.bullets]

    assert figures("L5", "Tokyo") == [("platform-engineer-l5-tokyo", "")]
    assert figures("L4", "Geneva") == [
        ("platform-engineer-l4", "For the level (the source gives no location)"),
        ("platform-engineer-geneva", "For the location (the source gives no level)")]
    assert figures("principal") == [
        ("platform-engineer-lead", "Nearest level with a figure (principal asked)")]
    assert figures(None, "Bern") == [
        ("platform-engineer-switzerland", "Nearest place with a figure (Bern asked)")]
    berlin = figures("L3", "Berlin")
    assert ("platform-engineer-l3", "For the level (the source gives no location)") in berlin
    assert all(label.startswith("For context only, no figure for Berlin")
               for source, label in berlin if source != "platform-engineer-l3")


def test_old_figures_in_a_kit_get_the_caution_after_the_section_s_note(kb2_copy):
    profile = kb2_copy / "profile.yml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + "\nfreshness:\n  warn_after_months: 12\n", encoding="utf-8")
    own = "Survey figures from the source and date shown; the offer follows the pay band."

    def pay_note(today: date) -> str:
        kb = load_knowledge(kb2_copy)
        kits = Kits(Domain(kb.profile, {r.id: r for r in kb.salaries}, phrasings=kb.phrasings),
                    kb.snippets,
                    today=lambda: today)
        post = kits.build(kits.ask(JOB_POST, "platform engineer", "L4", "Geneva"))
        note = next(s.note for s in post.sections if s.id == "pay")
        assert f"*{note}*" in post.markdown
        assert {s["id"]: s["note"] for s in post.to_dict()["sections"]}["pay"] == note
        return note

    # The L4 figure is dated 15 January 2025, Geneva's 30 April 2025.
    assert pay_note(TODAY) == (
        f"{own} The oldest of these figures is from January 2025, 1 year 10 months ago "
        "(nearly 2 years); "
        "check them against a current survey before you make an offer.")
    assert pay_note(date(2026, 1, 15)) == own  # exactly twelve months: within the rule


@pytest.mark.parametrize(
    ("kind", "role", "level", "place", "says"),
    [
        (JOB_POST, "astronaut", None, None,
         "no role 'astronaut' in the knowledge; a job ad can be drafted for: platform engineer "
         "(platform-engineer), product designer (product-designer) and engineering manager"),
        (JOB_POST, "platform engineer", "L9", None,
         "no level 'L9' for platform engineers; levels: L3, L4, L5, L6 and lead"),
        (JOB_POST, "engineering manager", "L5", None, "levels: M1, M2 and M3"),
        (JOB_POST, "platform engineer", None, "Atlantis",
         "no place 'Atlantis' known; places with figures for platform engineers: Zurich, "
         "Geneva"),
        ("brochure", "platform engineer", None, None,
         "no kit 'brochure' in the knowledge's profile; kits: job_post, scorecard"),
    ],
)
def test_unknown_kinds_roles_levels_and_places_say_what_exists(kind, role, level, place, says):
    _, kits = kits_of(KB2)
    with pytest.raises(UnknownKitValue) as error:
        kits.ask(kind, role, level, place)
    assert says in str(error.value)


def test_a_discriminatory_line_in_the_knowledge_never_reaches_a_kit(kb2_copy):
    skills = kb2_copy / "skills.md"
    skills.write_text(skills.read_text(encoding="utf-8").replace(
        "A platform engineer candidate must write Go fluently,",
        "We prefer platform engineer candidates under 35. A platform engineer candidate must "
        "write Go fluently,"), encoding="utf-8")
    _, kits = kits_of(kb2_copy)
    for kind in (JOB_POST, SCORECARD):
        document = kits.build(kits.ask(kind, "platform engineer"))
        assert "under 35" not in document.markdown
        assert "must write Go fluently" in document.markdown


def test_the_markdown_is_the_document():
    _, kits = kits_of(KB2)
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Zurich"))
    md = post.markdown
    assert md.startswith("# L5 platform engineer (Zurich)\n\n## The role\n\n- A Kirschberg")
    assert md.index("## The role") < md.index("## What you bring") < md.index("## Pay")
    assert "*Survey figures from the source and date shown; the offer follows the pay band.*" \
        in md
    assert ("- **For the level (the source gives no location):** An L5 platform engineer earns "
            "CHF 142,000") in md
    assert "\n- Published in: Alpenrose Engineering Pay Study 2025, as cited in Kirschberg " \
        "Compensation Memo, 15 January 2025; Kirschberg Systems hiring handbook 2025 (fictional " \
        "test fixture), 10 February 2025, 1 March 2025," in md
    card = kits.build(kits.ask(SCORECARD, "platform engineer", "L3"))
    assert card.title == "Scorecard: L3 platform engineer"
    assert "| Criterion | Look for | Source | Score |" in card.markdown
    assert "| A platform engineer candidate must write Go fluently" in card.markdown
    assert "| Shown in the CV, the portfolio or the skills exercise | " \
        "`skills/platform-must-have` | |" in card.markdown
    data = post.to_dict()
    assert data["kind"] == JOB_POST and data["location"] == "Zurich"
    assert data["sections"][0]["bullets"][0]["source"] == "roles/platform-engineer"
    assert {s["kind"] for s in data["sources"]} == {"snippet", "record"}
    json.dumps(data)


# --- the shipped knowledge (acceptance) ------------------------------------------------------


def test_the_article_gives_a_job_post_a_recruiter_can_publish():
    kb, kits = kits_of(KNOWLEDGE)
    post = kits.build(kits.ask(JOB_POST, "AI engineer", "senior", "Boston"))
    assert_quoted(post, kb)
    assert post.title == "Senior AI engineer (Boston, MA)"
    assert [s.heading for s in post.sections] == [
        "About the role", "Responsibilities", "Requirements", "Nice to have", "Compensation"]
    # The guide's team model is advice to the hiring manager, not ad copy; without the
    # company's own lines the section is named as missing, and the company's sections are
    # simply not there.
    assert post.missing == ("How we work",)
    assert "outstaff" not in post.markdown
    records = {r.id for r in kb.salaries}
    figures = {b.source: b for b in post.bullets if b.source in records}
    assert set(figures) == {"ai-engineer-senior", "ai-engineer-boston"}
    assert "$151,000" in figures["ai-engineer-senior"].text
    assert "$166,500" in figures["ai-engineer-boston"].text
    assert figures["ai-engineer-boston"].label == "For the location (the source gives no level)"
    md = post.markdown
    assert "Python, TensorFlow and deep learning" in md and "Google Professional" in md
    assert "not a pay band or an offer" in md
    # Said once: the experience line of the skills list and the experience snippet.
    assert md.count("2+") == 1
    # Only the lead sentence of snippets that go on about the guidance itself.
    assert "The guidance describes these duties" not in md


def test_the_article_and_a_company_s_content_give_an_ad_and_notes_for_its_recruiter(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    kb, kits = kits_of(apply_company(knowledge, DEMO_COMPANY))
    company = kb.company.company
    assert company is not None
    post = kits.build(kits.ask(JOB_POST, "AI engineer", "senior", "Boston"))
    assert_quoted(post, kb)
    assert post.title == f"Senior AI engineer at {company.name} (Boston, MA)"
    assert [s.heading for s in post.sections] == [
        "About us", "About the role", "Responsibilities", "What we expect at this level",
        "Requirements", "Nice to have", "Compensation", "Benefits", "How we work"]
    assert post.missing == () and post.warnings == ()
    ad = post.ad_markdown
    assert "- 5+ years of experience" in ad and "2+" not in ad  # the company's years only
    assert "## Compensation\n\n- $150,000–$180,000 a year\n" in ad
    for advice in ("$151,000", "$166,500", "set the range", "Sources", "outstaff"):
        assert advice not in ad
    notes = " ".join(b.text for b in post.recruiter)
    assert "$166,500" in notes and "The band's midpoint, $165,000, is 0.9% below" in notes
    assert "Massachusetts" in notes and "the range in this post meets it" in notes
    uk = kits.build(kits.ask(JOB_POST, "AI engineer", "junior", "UK"))
    assert_quoted(uk, kb)
    assert "£45,000–£55,000 a year" in uk.ad_markdown and uk.warnings == ()
    assert not any(b.source.startswith("rule:") for b in uk.recruiter)


def test_the_article_gives_a_scorecard_of_must_haves_and_nice_to_haves():
    kb, kits = kits_of(KNOWLEDGE)
    card = kits.build(kits.ask(SCORECARD, "ML engineer"))
    assert_quoted(card, kb)
    headings = [s.heading for s in card.sections]
    assert headings[:4] == ["Must have: experience", "Must have: technical skills",
                            "Must have: domain skills", "Must have: non-technical skills"]
    assert headings[4] == "Nice to have: certifications"
    assert all(b.evidence for s in card.sections[:5] for b in s.bullets)
    assert {"skills/experience", "skills/technical", "skills/domain", "certs/overview"} <= {
        b.source for b in card.bullets}


