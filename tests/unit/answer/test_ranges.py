"""Ranges beside salary figures, and the company's pay bands beside the market's, on the made-up
tables (tests/unit/support.py) and a made-up company: Alpenglow Test Works does not exist, nor
do its zones or bands.

A figure's range is shown with it and an offer is placed in it; a band follows the market
reference with where the reference (or an offer) sits in it; nothing is set against a figure or
a band in another currency; without company content, replies are as before.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from api.answer.compose import Composer
from api.answer.salaries import SalaryQuestion, answer
from api.answer.wording import Wording
from api.knowledge.company import Company, CompanyContent, PayBand, Zone
from api.knowledge.domain import Domain
from api.knowledge.records import SalaryRecord
from api.knowledge.salary_snippets import salary_snippets
from api.understand.numbers import Amount
from tests.unit.support import PROFILE, RECORDS, make_domain, record

SURVEY_DAY = "(Edelweiss Pay Survey, 1 March 2025)"
BANDS = "Alpenglow grade bands"
# A G2 tester's figure with its middle half and sample, and a G4 one given as a range only.
RANGED = (
    replace(next(r for r in RECORDS if r.id == "tester-g2"),
            percentiles=((25, 70_000.0), (50, 80_000.0), (75, 90_000.0)), sample=1_234),
    record("tester-g4", "tester", 120_000, level="g4", low=100_000.0, high=140_000.0,
           measure="range"),
)


def ranged_records() -> tuple[SalaryRecord, ...]:
    ids = {r.id for r in RANGED}
    return (*(r for r in RECORDS if r.id not in ids), *RANGED)


def band(id: str, level: str, low: float, high: float, currency: str = "CHF", *,
         zone: str = "", location: str = "", source: str = BANDS) -> PayBand:
    return PayBand(role="tester", low=low, high=high, currency=currency,
                   effective=date(2026, 2, 1), path="pay-bands.csv", line=2, id=id, level=level,
                   zone=zone, location=location, source=source)


COMPANY = CompanyContent(
    company=Company(name="Alpenglow Test Works", path="company.yml", line=1,
                    zones=(Zone("swiss-cities", "Swiss cities", ("Zurich", "Geneva", "Basel"),
                                1),)),
    bands=(
        band("ch-g1", "g1", 55_000, 65_000, zone="swiss-cities"),
        band("ch-g2", "g2", 90_000, 110_000, zone="swiss-cities"),  # above the market
        band("ch-g4", "g4", 100_000, 130_000, zone="swiss-cities", source=""),
        band("jp-g2", "g2", 6_500_000, 8_500_000, "JPY", location="Tokyo"),
    ),
)


def with_company(records=RECORDS, company: CompanyContent = COMPANY) -> Domain:
    base = make_domain(records)
    return Domain(base.profile, base.records, company)


def reply(domain: Domain, **slots) -> str:
    question = SalaryQuestion(roles=("tester",), **slots)
    return Wording(domain).salary(answer(question, domain), question)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --- ranges -----------------------------------------------------------------------------------


def test_a_figure_with_a_range_shows_it_with_its_sample():
    assert reply(make_domain(ranged_records()), levels=("g2",)) == (
        "**CHF 80,000 a year** for a G2 tester (median; 25th–75th percentile CHF 70,000–CHF "
        f"90,000 from 1,234 salaries) {SURVEY_DAY}.")


def test_a_range_only_figure_is_labelled_as_the_ranges_midpoint():
    text = reply(make_domain(ranged_records()), levels=("g4",))
    assert text == ("**CHF 120,000 a year** for a G4 tester (the midpoint of the range "
                    f"CHF 100,000–CHF 140,000) {SURVEY_DAY}.")


def test_two_figures_whose_ranges_overlap_say_the_gap_is_within_their_spread():
    a, b = (replace(r, percentiles=p) for r, p in zip(
        (next(r for r in RECORDS if r.id == "tester-g2"), RANGED[1]),
        (((25, 70_000.0), (75, 90_000.0)), ((25, 85_000.0), (75, 150_000.0))), strict=True))
    domain = make_domain((*(r for r in RECORDS if r.id not in (a.id, b.id)), a, b))
    text = reply(domain, levels=("g2", "g4"), op="higher")
    assert "percentile ranges overlap (CHF 85,000–CHF 90,000)" in text
    apart = make_domain(ranged_records())  # a 25th-75th percentile range against a low-high
    assert "overlap" not in reply(apart, levels=("g2", "g4"), op="higher")


def test_the_salary_snippet_of_a_ranged_figure_states_the_range():
    snippets = {s.id: s for s in salary_snippets(list(ranged_records()), PROFILE)}
    assert snippets["salaries/tester-g2"].text == (
        "A G2 tester earns CHF 80,000 a year (median; 25th–75th percentile CHF 70,000–CHF "
        f"90,000 from 1,234 salaries) {SURVEY_DAY}.")
    assert "G1 tester earns CHF 60,000 a year (Edelweiss" in \
        snippets["salaries/tester-g1"].text  # no range, no brackets


@pytest.mark.parametrize(
    ("offer", "where"),
    [
        (85_000, "It is inside the 25th–75th percentile range (CHF 70,000–CHF 90,000), nearer "
                 "its top."),
        (72_000, "It is inside the 25th–75th percentile range (CHF 70,000–CHF 90,000), nearer "
                 "its bottom."),
        (65_000, "It is below the 25th–75th percentile range (CHF 70,000–CHF 90,000), "
                 "CHF 5,000 under its bottom."),
        (99_000, "It is above the 25th–75th percentile range (CHF 70,000–CHF 90,000), "
                 "CHF 9,000 over its top."),
    ],
)
def test_an_offer_is_placed_inside_below_or_above_the_figures_range(offer, where):
    text = reply(make_domain(ranged_records()), levels=("g2",),
                 amounts=(Amount(offer, "CHF"),))
    assert text.split("\n\n")[0].endswith(f"{SURVEY_DAY}. {where}")


def test_the_chart_rows_carry_a_figures_range():
    domain = make_domain(ranged_records())
    composer = Composer(domain, [], today=lambda: date(2025, 6, 1))
    question = SalaryQuestion(roles=("tester",), levels=("g1", "g2"))
    rows = composer.salary(question, score=1.0).data["rows"]
    assert rows[1] == {**rows[1], "amount": 80_000, "low": 70_000, "high": 90_000,
                       "spread": "p25-p75"}
    assert "low" not in rows[0] and "spread" not in rows[0]


# --- our bands ----------------------------------------------------------------------


def test_the_band_follows_the_market_reference_with_where_it_sits_in_it():
    text = reply(with_company(), levels=("g1",), locations=("Zurich",))
    # No G1 figure in Zurich: the G1 one (any place) and Zurich's (any grade), both in CHF.
    assert (
        "Our band for a G1 tester in Swiss cities is CHF 55,000–CHF 65,000 a year "
        f"({BANDS}, effective 1 February 2026), so the market reference for a G1 tester sits "
        "at 50% of it and **the band tops out CHF 30,000 below the one for a tester in Zurich**."
    ) in paragraphs(text)


def test_a_company_that_speaks_by_name_names_its_band_and_stands_for_its_source():
    company = replace(COMPANY, company=replace(COMPANY.company, voice="name"))
    text = reply(with_company(company=company), levels=("g4",), locations=("Geneva",))
    # The G4 band has no source of its own: the company's name stands for it.
    assert "Alpenglow Test Works' band for a G4 tester in Swiss cities is CHF 100,000–CHF " \
        "130,000 a year (Alpenglow Test Works, effective 1 February 2026), so " in text


def test_a_band_below_the_market_reference_is_flagged():
    domain = with_company([r for r in RECORDS if r.id != "tester-zurich"])
    text = reply(domain, levels=("g2",), locations=("Zurich",))
    # The G2 figure in Zurich itself: CHF 100,000 in a CHF 90,000-110,000 band.
    assert "so the market reference sits at 50% of it." in text
    low = replace(COMPANY, bands=(band("ch-g2", "g2", 80_000, 95_000, zone="swiss-cities"),))
    text = reply(with_company(company=low), levels=("g2",), locations=("Zurich",))
    assert text.endswith("so **the band tops out CHF 5,000 below the market reference**.")


def test_a_market_reference_under_the_band_is_said():
    high = replace(COMPANY, bands=(band("ch-g2", "g2", 105_000, 120_000, zone="swiss-cities"),))
    text = reply(with_company(company=high), levels=("g2",), locations=("Zurich",))
    assert text.endswith("so **the market reference is CHF 5,000 below the band's minimum**.")


def test_a_band_in_another_currency_is_not_set_against_the_figure():
    yen = replace(COMPANY, bands=(band("ch-g2", "g2", 700_000, 900_000, "JPY",
                                       zone="swiss-cities"),))
    text = reply(with_company(company=yen), levels=("g2",), locations=("Zurich",))
    assert paragraphs(text)[-1] == (
        "Our band for a G2 tester in Swiss cities is ¥700,000–¥900,000 a year "
        f"({BANDS}, effective 1 February 2026); it is in another currency or period than the "
        "market reference, so I don't set one against the other.")
    assert "%" not in paragraphs(text)[-1]


def test_several_bands_are_listed_when_no_place_is_asked():
    text = reply(with_company(), levels=("g2",))
    assert paragraphs(text)[-1] == (
        "Our bands for a G2 tester: Swiss cities CHF 90,000–CHF 110,000 and Tokyo "
        f"¥6,500,000–¥8,500,000 a year ({BANDS}, effective 1 February 2026).")


@pytest.mark.parametrize(
    ("offer", "said"),
    [
        (100_000, "**CHF 100,000 a year sits at 50% of our band for a G2 tester in "
                  "Swiss cities**"),
        (115_000, "**CHF 115,000 a year is CHF 5,000 above the top of our band"),
        (85_000, "**CHF 85,000 a year is CHF 5,000 below the bottom of our band"),
    ],
)
def test_an_offer_is_checked_against_the_figure_and_the_band(offer, said):
    text = reply(with_company(), levels=("g2",), locations=("Zurich",),
                 amounts=(Amount(offer, "CHF"),))
    assert "the figure for a G2 tester in Zurich: CHF 100,000 a year" in text
    assert said in text
    assert f"(CHF 90,000–CHF 110,000 a year; {BANDS}, effective 1 February 2026)." in text


def test_an_offer_in_another_currency_is_not_placed_in_the_band():
    text = reply(with_company(), levels=("g2",), locations=("Zurich",),
                 amounts=(Amount(100_000, "EUR"),))
    assert "I have no figure in EUR" in text
    assert "100,000 a year sits" not in text and "above the top" not in text


def test_the_chart_rows_carry_the_band_beside_the_figure():
    domain = with_company()
    composer = Composer(domain, [], today=lambda: date(2025, 6, 1))
    question = SalaryQuestion(roles=("tester",), levels=("g2",), locations=("Zurich",))
    rows = composer.salary(question, score=1.0).data["rows"]
    assert rows[-1] == {
        "kind": "band", "label": "Our band (G2, Swiss cities)", "dimension": "level and place",
        "role": "tester", "amount": None, "low": 90_000, "high": 110_000, "currency": "CHF",
        "period": "year", "where": "Swiss cities", "source": BANDS, "as_of": "2026-02-01"}
    assert [r.get("kind", "figure") for r in rows] == ["figure", "band"]


def test_a_comparison_or_a_general_question_gets_no_band():
    domain = with_company()
    assert "band" not in reply(domain, levels=("g1", "g2"))
    assert "band" not in reply(domain)
    assert "band" not in reply(domain, levels=("g1", "g2"), op="difference")


@pytest.mark.parametrize(
    "slots",
    [{"levels": ("g2",)}, {"levels": ("g1",), "locations": ("Zurich",)},
     {"levels": ("g2",), "locations": ("Zurich",), "amounts": (Amount(90_000, "CHF"),)},
     {"locations": ("Tokyo",)}],
)
def test_without_company_content_replies_and_data_are_as_before(slots):
    plain, empty = make_domain(), with_company(company=CompanyContent())
    assert reply(empty, **slots) == reply(plain, **slots)
    assert "band" not in reply(plain, **slots)
    question = SalaryQuestion(roles=("tester",), **slots)
    for domain in (plain, empty):
        data = Composer(domain, [], today=lambda: date(2025, 6, 1)).salary(
            question, score=1.0).data
        assert data is None or all(set(r) == {"label", "dimension", "role", "amount",
                                              "currency", "period", "source", "as_of"}
                                   for r in data["rows"])
