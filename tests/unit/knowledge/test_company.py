"""Salary ranges, and the company's own content (company.yml, pay bands, pay-transparency
rules): parsed, checked with file:line against the rest, and kept in a build.

Everything here is made up: a tester role on a g1/g2 ladder, the company "Test Works"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.answer.bands import band_position, bands_for, rules_for
from api.knowledge.company import CompanyContent
from api.knowledge.domain import Domain
from api.knowledge.loader import load_knowledge
from tests.unit.knowledge.test_loader import kb_with, problems_of

PAY = ("id,role,level,location,region,amount,currency,period,source,as_of,low,high,p25,p50,"
       "p75,p90,sample\n")
SALARIES = (PAY + "t-g1,tester,g1,,,50000,CHF,year,S,2024-01-22,,,,,,,\n"
            "t-bern,tester,,Bern,Europe,60000,CHF,year,S,2024-01-22,,,,,,,\n"
            "t-zurich,tester,,Zurich,Europe,70000,CHF,year,S,2024-01-22,,,,,,,\n")
COMPANY = """
company:
  name: Test Works
  voice: we
  about:
    - We make test rigs.
benefits: [A made-up benefit]
how_we_work:
  - We test in pairs.
levels:
  - ladder: grades
    level: g2
    years: 3+
    scope: You own a test plan.
zones:
  - id: ch-1
    name: Swiss tier 1
    places: [Bern, Zurich]
"""
BANDS = ("id,role,level,zone,location,min,max,currency,period,effective,source,note\n"
         "b1,tester,g1,ch-1,,40000,55000,CHF,year,2026-01-01,Test Works bands,\n"
         "b2,tester,g2,,Bern,60000,80000,CHF,year,2026-01-01,,\n")
RULES = ("place,rule,law,source,as_of,note\n"
         "Switzerland,ads,Made-up Pay Act,Made-up gazette,2025-01-01,\n")


def company_kb(tmp_path: Path, **extra: str) -> Path:
    files = {"pay__csv": SALARIES, "company__yml": COMPANY, "pay-bands__csv": BANDS,
             "pay-transparency__csv": RULES}
    return kb_with(tmp_path, **{**files, **extra})


# --- ranges -----------------------------------------------------------------------------------


def test_a_row_with_percentiles_and_a_sample_keeps_them_and_shows_its_middle_half(tmp_path):
    rows = PAY + "r,tester,g1,,,,CHF,year,S,2024-01-22,,,45000,50000,58000,,120\n"
    kb = load_knowledge(kb_with(tmp_path, pay__csv=rows))
    record = kb.salaries[0]
    assert record.amount == 50000 and record.measure == ""  # p50 stands for the row, a
    # typical salary (answers say "median" beside its range)
    assert record.percentiles == ((25, 45000.0), (50, 50000.0), (75, 58000.0))
    assert record.sample == 120
    assert record.spread == (45000.0, 58000.0, "p25-p75")


def test_a_row_with_only_a_range_stands_for_its_middle(tmp_path):
    rows = PAY + "r,tester,g1,,,,CHF,year,S,2024-01-22,40000,60000,,,,,\n"
    record = load_knowledge(kb_with(tmp_path, pay__csv=rows)).salaries[0]
    assert (record.amount, record.measure, record.spread) == (50000, "range",
                                                              (40000, 60000, "range"))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("50000,CHF,year,S,2024-01-22,40000,,,,,,", "give both low and high"),
        ("50000,CHF,year,S,2024-01-22,60000,40000,,,,,", "low (60000) is above high"),
        ("70000,CHF,year,S,2024-01-22,40000,60000,,,,,", "outside low-high"),
        ("50000,CHF,year,S,2024-01-22,,,60000,50000,,,", "percentiles must rise"),
        ("50000,CHF,year,S,2024-01-22,,,,,,,many", "sample must be a whole number"),
        ("50000,CHF,year,S,2024-01-22,,,x,,,,", "p25 must be a number"),
        (",CHF,year,S,2024-01-22,,,,,,,", "missing amount"),
    ],
)
def test_broken_ranges_are_reported_with_their_line(tmp_path, values, message):
    rows = PAY + "ok,tester,g2,,,1,CHF,year,S,2024-01-22,,,,,,,\n" + f"r,tester,g1,,,{values}\n"
    rendered = problems_of(kb_with(tmp_path, pay__csv=rows))
    assert len(rendered) == 1 and rendered[0].startswith("kb/pay.csv:3: "), rendered
    assert message in rendered[0]


# --- the company ------------------------------------------------------------------------------


def test_the_company_content_is_read_with_its_lines(tmp_path):
    kb = load_knowledge(company_kb(tmp_path))
    company = kb.company.company
    assert company is not None and company.name == "Test Works"
    assert company.possessive == "our"
    assert [(x.text, x.line) for x in company.about] == [("We make test rigs.", 6)]
    assert company.expectation("grades", "g2").years == "3+"
    assert company.zone("ch-1").places == ("Bern", "Zurich")
    assert [(b.id, b.low, b.high, b.line) for b in kb.company.bands] == [
        ("b1", 40000, 55000, 2), ("b2", 60000, 80000, 3)]
    assert kb.company.rules[0].requires == "a pay range in every job ad"


def test_without_company_files_there_is_no_company_content(tmp_path):
    kb = load_knowledge(kb_with(tmp_path, pay__csv=SALARIES))
    assert not kb.company and kb.company == CompanyContent()


def test_company_content_survives_a_round_trip_through_a_build(tmp_path):
    content = load_knowledge(company_kb(tmp_path)).company
    again = CompanyContent.from_dict(content.to_dict())
    assert again == content and again.bands[0].effective == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("company__yml", COMPANY.replace("voice: we", "voice: they"), "company.yml:4",
         "'voice' must be one of we, name"),
        ("company__yml", COMPANY.replace("level: g2", "level: g7"), "company.yml:11",
         "level 'g7' is not on ladder 'grades'"),
        ("company__yml", COMPANY.replace("[Bern, Zurich]", "[Bern, Atlantis]"), "company.yml:16",
         "unknown place 'Atlantis'"),
        ("company__yml", COMPANY.replace("  name: Test Works\n", ""), "company.yml:2",
         "missing 'name'"),
        ("company__yml", COMPANY + "perks: []\n", "company.yml:19", "unknown field 'perks'"),
        ("pay-bands__csv", BANDS.replace("ch-1,", "ch-9,"), "pay-bands.csv:2",
         "unknown zone 'ch-9'"),
        ("pay-bands__csv", BANDS.replace("40000,55000", "55000,40000"), "pay-bands.csv:2",
         "min (55000) is above max"),
        ("pay-bands__csv", BANDS.replace(",tester,g2,", ",pilot,g2,"), "pay-bands.csv:3",
         "unknown role 'pilot'"),
        ("pay-bands__csv", BANDS.replace("2026-01-01,Test", "soon,Test"), "pay-bands.csv:2",
         "effective must be a date"),
        ("pay-bands__csv", BANDS + "b3,tester,g1,ch-1,,1,2,CHF,year,2026-01-01,,\n",
         "pay-bands.csv:4", "a second band for the same role, level and place"),
        ("pay-transparency__csv", RULES.replace(",ads,", ",always,"), "pay-transparency.csv:2",
         "rule must be one of ads, interview, request"),
        ("pay-transparency__csv", RULES.replace("Switzerland", "Atlantis"),
         "pay-transparency.csv:2", "unknown place 'Atlantis'"),
    ],
)
def test_broken_company_files_are_reported_with_file_and_line(tmp_path, name, text, where,
                                                              message):
    rendered = problems_of(company_kb(tmp_path, **{name: text}))
    assert any(p.startswith(f"kb/{where}: ") and message in p for p in rendered), rendered


# --- finding bands and rules ------------------------------------------------------------------


def domain_of(tmp_path: Path) -> Domain:
    kb = load_knowledge(company_kb(tmp_path))
    return Domain(kb.profile, {r.id: r for r in kb.salaries}, kb.company)


def test_a_band_is_found_by_its_zone_or_its_own_place(tmp_path):
    domain = domain_of(tmp_path)
    [zoned] = bands_for(domain, "tester", "g1", "Zurich")
    assert (zoned.band.id, zoned.where) == ("b1", "Swiss tier 1")
    [own] = bands_for(domain, "tester", "g2", "Bern")
    assert (own.band.id, own.where) == ("b2", "Bern")
    assert bands_for(domain, "tester", "g2", "Zurich") == []  # b2 is for Bern only
    assert [m.band.id for m in bands_for(domain, "tester")] == ["b1", "b2"]


def test_a_rule_of_a_country_holds_in_its_cities(tmp_path):
    domain = domain_of(tmp_path)
    assert [r.law for r in rules_for(domain, "Bern")] == ["Made-up Pay Act"]
    assert rules_for(domain) == []


def test_where_an_amount_sits_in_a_band(tmp_path):
    band = domain_of(tmp_path).company.bands[0]  # 40,000-55,000
    assert band_position(47500, band) == 0.5
    assert band_position(40000, band) == 0 and band_position(58000, band) == 1.2
