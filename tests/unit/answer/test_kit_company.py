"""A job post with a company's own content, on the made-up second knowledge base with a made-up
company laid over it (tests/fixtures/kit-company): the company's lines and level expectations,
lines written for posts (`kind: kit`), its pay band as the ad's range with the market references
for the recruiter, and the places' pay-transparency rules as notes and warnings. Every line is
checked against its source (`assert_quoted`, shared with tests/unit/answer/test_kit.py).
"""

from __future__ import annotations

import json

import pytest

from api.answer.kit_ask import JOB_POST, SCORECARD
from api.answer.kit_company import states_years
from tests.support.overlays import apply_company
from tests.unit.answer.test_kit import assert_quoted, kits_of


@pytest.fixture
def company_kits(kb2_copy):
    return kits_of(apply_company(kb2_copy))


def texts(document, section_id: str) -> list[str]:
    return [b.text for s in document.sections if s.id == section_id for b in s.bullets]


@pytest.mark.parametrize(
    ("line", "states"),
    [("At least 2 years (2+) of experience building AI models", True),
     ("five years or more (5+)", True),
     ("You have 3-5 yrs of Go", True),
     ("the guidance asks for two years (2+ years) of hands-on experience", True),
     ("Experience with Kubernetes in production", False),
     ("A team of 60 people in 2 offices", False)],
)
def test_a_line_that_states_years_of_experience_is_told_by_its_words(line, states):
    assert states_years(line) is states


def test_every_line_of_every_post_with_a_company_is_in_its_source(company_kits):
    kb, kits = company_kits
    built = 0
    for level in ("", "L3", "L4", "L5", "L6"):
        for place in ("", "Zurich", "Geneva", "Tokyo", "Berlin"):
            for role in ("platform engineer", "product designer"):
                assert_quoted(kits.build(kits.ask(JOB_POST, role, level or None,
                                                  place or None)), kb)
                built += 1
    assert_quoted(kits.build(kits.ask(SCORECARD, "platform engineer", "L5")), kb)
    assert built == 50


def test_a_post_takes_the_company_s_lines_and_its_level_s_expectations(company_kits):
    kb, kits = company_kits
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Zurich"))
    assert post.title == "L5 platform engineer at Alpkraft (Zurich)"
    assert [s.id for s in post.sections][:4] == ["about-us", "about", "duties", "level"]
    assert texts(post, "about-us") == [
        "Alpkraft builds the cable-car control software that mountain resorts run on.",
        "Alpkraft has 40 people in Zurich and Geneva."]
    assert texts(post, "level") == [
        "5+ years of experience", "Leads the design of services that several squads rely on.",
        "Sets the technical direction of a squad."]
    # The company's own how-we-work lines stand instead of the handbook's team lines.
    assert texts(post, "work") == ["Every squad owns one product, from its backlog to its "
                                   "on-call rota."]
    assert texts(post, "benefits") == ["Five weeks of paid holiday",
                                       "A rail pass for the whole of Switzerland"]
    # The company states the level's years: no other line states a number of years.
    assert not any(states_years(b.text) for s in post.sections if s.id != "level"
                   for b in s.bullets)
    refs = {r.id: r for r in post.sources}
    assert (refs["company:levels:tracks:l5"].kind, refs["company:about"].path) == (
        "company", "kb2/company.yml")


def test_lines_written_for_posts_replace_the_reference_lines_of_their_section(company_kits):
    kb, kits = company_kits
    assert {s.id for s in kb.kit_snippets} == {"platform-engineer/post-about",
                                              "platform-engineer/post-duties"}
    assert not any(s.for_kits for s in kb.snippets)  # never searched, retrieved or quoted
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L6"))
    assert {b.source for s in post.sections if s.id in ("about", "duties")
            for b in s.bullets} == {"platform-engineer/post-about",
                                    "platform-engineer/post-duties"}
    # No years for L6 in the company's levels: the post's own line on years stays.
    assert "You have at least 4 years of hands-on work with Kubernetes in production." \
        in texts(post, "about")
    # A role without such lines keeps the reference lines.
    designer = kits.build(kits.ask(JOB_POST, "product designer", "L4"))
    assert [b.source for b in designer.sections[1].bullets] == ["roles/product-designer"]


def test_the_band_is_the_ad_s_range_and_the_market_goes_to_the_recruiter(company_kits):
    kb, kits = company_kits
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Zurich"))
    pay = next(s for s in post.sections if s.id == "pay")
    assert [(b.text, b.source) for b in pay.bullets] == [
        ("CHF 150,000–CHF 170,000 a year", "band:ch-l5")]
    assert pay.note == ""  # the profile's note speaks of market references: not in the ad
    band = next(r for r in post.sources if r.id == "band:ch-l5")
    assert (band.kind, band.path, band.line) == ("band", "kb2/pay-bands.csv", 3)
    recruiter = [(b.label, b.text) for b in post.recruiter]
    assert recruiter[0][0] == "Market reference, for the level (the source gives no location)"
    assert "CHF 142,000" in recruiter[0][1]
    assert recruiter[1] == ("", "The band's midpoint, CHF 160,000, is 13% above this figure.")
    assert recruiter[-1][1] == (
        "For jobs in Switzerland, Alpine Pay Openness Act (fictional) asks for a pay range in "
        "every job ad (Fictional Federal Pay Office, 1 July 2025): the range in this post meets "
        "it.")
    assert post.warnings == ()
    assert "CHF 142,000" not in post.ad_markdown
    md = post.markdown
    assert md.index("- CHF 150,000–CHF 170,000 a year") < md.index("---") < md.index(
        "**For the recruiter, not for the ad:**") < md.index("CHF 142,000") < md.index("Sources")


def test_a_post_without_a_range_where_ads_need_one_carries_a_warning(company_kits):
    _, kits = company_kits
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L3", "Geneva"))
    warning = ("For jobs in Switzerland, Alpine Pay Openness Act (fictional) asks for a pay "
               "range in every job ad (Fictional Federal Pay Office, 1 July 2025): give this "
               "post a pay range before it is published there.")
    assert [(b.text, b.source) for b in post.warnings] == [
        (warning, "rule:kb2/pay-transparency.csv:2")]
    assert f"- **Before publishing:** {warning}" in post.markdown
    assert warning not in post.ad_markdown
    # Without a band, a company's post advertises no market figure: they are the recruiter's.
    assert all(s.id != "pay" for s in post.sections)
    assert {b.source for b in post.recruiter} >= {"platform-engineer-l3",
                                                  "platform-engineer-geneva"}
    assert "CHF 98,000" not in post.ad_markdown and "CHF 98,000" in post.markdown
    data = post.to_dict()
    assert data["warnings"][0]["text"] == warning
    assert {s["kind"] for s in data["sources"]} >= {"snippet", "record", "company", "rule"}
    json.dumps(data)
    # The same post with its band, but the pay left out as asked: no range, a warning.
    omitted = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Zurich", ["pay"]))
    assert [b.text for b in omitted.warnings] == [warning]


def test_a_rule_for_the_interview_is_a_note_for_the_recruiter(company_kits):
    _, kits = company_kits
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Tokyo"))
    assert post.warnings == ()
    # No band for Tokyo: the market figure is the recruiter's, not the ad's.
    assert [b.source for b in post.recruiter[:-1]] == ["platform-engineer-l5-tokyo"]
    assert all(s.id != "pay" for s in post.sections)
    assert post.recruiter[-1].text == (
        "For jobs in Tokyo, Tokyo Pay Notice Rule (fictional) asks for pay information before "
        "the first interview (Fictional Tokyo Labour Bureau, 1 April 2025): share the pay range "
        "with candidates before then.")


def test_the_ad_alone_is_its_sections(company_kits):
    _, kits = company_kits
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Zurich"))
    ad = post.ad_markdown
    assert ad.startswith("# L5 platform engineer at Alpkraft (Zurich)\n\n## About Alpkraft\n")
    for other in ("---", "For the recruiter", "Sources", "Drafted from", "`company:about`"):
        assert other not in ad
    assert post.to_dict(sources=False)["markdown"] == ad
    assert post.to_dict()["markdown"] == post.markdown != ad


def test_without_company_content_its_sections_are_simply_absent(kb2_copy):
    apply_company(kb2_copy)
    for name in ("company.yml", "pay-bands.csv", "pay-transparency.csv"):
        (kb2_copy / name).unlink()
    kb, kits = kits_of(kb2_copy)
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L5", "Zurich"))
    assert_quoted(post, kb)
    assert post.title == "L5 platform engineer (Zurich)"
    assert not {"about-us", "level", "benefits"} & {s.id for s in post.sections}
    assert post.missing == ()  # the handbook's team lines fill "How we work"
    assert post.recruiter == () and post.warnings == ()
    assert "For the recruiter" not in post.markdown


def test_a_rule_for_a_place_of_the_tables_holds_the_places_within_it(company_kits):
    # "Switzerland" is a location of the salary tables; Bern is not, but lies within it.
    _, kits = company_kits
    post = kits.build(kits.ask(JOB_POST, "platform engineer", "L3", "Bern"))
    assert [b.source for b in post.warnings] == ["rule:kb2/pay-transparency.csv:2"]
