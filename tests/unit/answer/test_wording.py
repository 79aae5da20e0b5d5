"""Wording (`api.answer.wording.Wording`) of salary results on made-up tables: each figure with its
currency, period, source and date; the arithmetic of a comparison; what a refusal covers."""

from __future__ import annotations

import pytest

from api.answer.salaries import SalaryQuestion, answer
from api.answer.wording import Wording
from api.knowledge.domain import Domain
from api.text.places import Place
from api.understand.numbers import Amount
from tests.unit.support import make_domain, record

SURVEY = "(Edelweiss Pay Survey, 1 March 2025)"
OFFICE = "(Fictional Statistics Office, as cited in Test Desk Memo, 30 June 2024)"
ALL_FIGURES = (
    "I have figures for testers (by level: G1, G2 and G4; by location: Zurich, Geneva, Basel, "
    "Tokyo and Osaka), release managers (by level: G1, G2 and G3) and quality analysts (median "
    "for quality analysts in Switzerland)."
)
CURRENCIES = ("These figures are in different currencies and are not converted, so I don't "
              "subtract or rank them against each other.")


def reply(wording: Wording, role: str | tuple[str, ...] = "tester", **slots) -> str:
    """The reply to a salary question with these slots."""
    question = SalaryQuestion(roles=(role,) if isinstance(role, str) else role, **slots)
    return wording.salary(answer(question, wording.domain), question)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --- one figure -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "slots", "expected"),
    [
        ("tester", {"levels": ("g1",)}, f"**CHF 60,000 a year** for a G1 tester {SURVEY}."),
        ("tester", {"locations": ("Tokyo",)},
         f"**¥7,000,000 a year** for a tester in Tokyo {SURVEY}."),
        ("tester", {"levels": ("g2",), "locations": ("Zurich",)},
         f"**CHF 100,000 a year** for a G2 tester in Zurich {SURVEY}."),
        ("release-manager", {"period": "hour"},
         f"**CHF 75 an hour** for a G3 release manager {SURVEY}."),
    ],
)
def test_a_figure_is_given_with_its_currency_period_source_and_date(wording, role, slots,
                                                                    expected):
    assert reply(wording, role, **slots) == expected


def test_a_reference_figure_says_what_it_measures_where_it_was_cited_and_its_note(wording):
    assert paragraphs(reply(wording, "quality-analyst")) == [
        f"**CHF 88,000 a year** for the median for quality analysts in Switzerland {OFFICE}.",
        "Made up for the unit tests.",
    ]


def test_several_figures_of_one_source_are_listed_and_cited_once(wording):
    assert paragraphs(reply(wording, regions=("Switzerland",))) == [
        "Tester pay:\n- Zurich: **CHF 95,000 a year**\n- Geneva: **CHF 90,000 a year**\n"
        "- Basel: **CHF 87,000 a year**",
        "Source: Edelweiss Pay Survey, 1 March 2025.",
    ]


def test_a_general_pay_question_names_the_places_with_figures_too(wording):
    text = reply(wording)
    assert "- G4: **CHF 120,000 a year**" in text
    assert text.endswith("I also have figures by location: Zurich, Geneva, Basel, Tokyo and "
                         "Osaka. Ask about any of them.")
    assert "I also have figures by location" not in reply(wording, levels=("g1", "g2"))


# --- two figures ------------------------------------------------------------------------------


def test_a_difference_shows_its_arithmetic(wording):
    assert paragraphs(reply(wording, levels=("g1", "g2"), op="difference"))[0] == (
        "For testers, **G2 is higher**: CHF 80,000 a year for G2 against CHF 60,000 for G1, "
        "a difference of **CHF 20,000 a year** (33.3% more than the lower figure; 25.0% less than "
        "the higher).")


@pytest.mark.parametrize(("op", "verdict"), [("higher", "**Zurich is higher**"),
                                             ("lower", "**Geneva is lower**")])
def test_which_is_higher_or_lower_names_the_answer_first(wording, op, verdict):
    assert paragraphs(reply(wording, locations=("Zurich", "Geneva"), op=op))[0] == (
        f"For testers, {verdict}: CHF 95,000 a year for Zurich against CHF 90,000 for Geneva, "
        "a difference of **CHF 5,000 a year** (5.6% more than the lower figure; 5.3% less than "
        "the higher).")


def test_figures_of_two_roles_are_named_with_their_role(wording):
    assert paragraphs(reply(wording, ("tester", "release-manager"), levels=("g2",),
                            op="higher"))[:2] == [
        "**G2 release manager is higher**: CHF 110,000 a year for G2 release manager against "
        "CHF 80,000 for G2 tester, a difference of **CHF 30,000 a year** (37.5% more than the "
        "lower figure; 27.3% less than the higher).",
        "- G2 tester: **CHF 80,000 a year**\n- G2 release manager: **CHF 110,000 a year**",
    ]


def test_equal_figures_are_said_to_be_the_same():
    domain = make_domain([record("t-g1", "tester", 70_000, level="g1"),
                          record("t-g2", "tester", 70_000, level="g2")])
    text = reply(Wording(domain), levels=("g1", "g2"), op="higher")
    assert text.startswith("**G1 and G2 are the same**: CHF 70,000 a year each.")


def test_figures_in_two_currencies_are_listed_not_subtracted(wording):
    text = reply(wording, locations=("Zurich", "Tokyo"), op="difference")
    assert "- Zurich: **CHF 95,000 a year**\n- Tokyo: **¥7,000,000 a year**" in text
    assert CURRENCIES in paragraphs(text)
    assert "difference of" not in text and "higher" not in text


def test_figures_for_two_periods_are_listed_not_subtracted(wording):
    text = reply(wording, "release-manager", levels=("g2", "g3"), op="difference")
    assert "- G2: **CHF 110,000 a year**\n- G3: **CHF 75 an hour**" in text
    assert ("These figures are for different periods and are not converted, so I don't "
            "subtract or rank them against each other.") in paragraphs(text)
    assert "difference of" not in text


# --- rankings -------------------------------------------------------------------------------


def test_the_highest_in_a_region_is_named_then_ranked_with_the_gap(wording):
    assert paragraphs(reply(wording, regions=("Switzerland",), op="highest"))[:3] == [
        "**Zurich is the highest** of these tester figures, at CHF 95,000 a year.",
        "Tester pay, from highest to lowest:\n1. Zurich: **CHF 95,000 a year**\n"
        "2. Geneva: **CHF 90,000 a year**\n3. Basel: **CHF 87,000 a year**",
        "The gap between the highest and the lowest is CHF 8,000 a year.",
    ]


def test_a_tie_for_the_highest_names_both():
    domain = make_domain([
        record("zurich", "tester", 95_000, location="Zurich", region="Switzerland"),
        record("basel", "tester", 95_000, location="Basel", region="Switzerland"),
        record("geneva", "tester", 90_000, location="Geneva", region="Switzerland"),
    ])
    text = reply(Wording(domain), regions=("Switzerland",), op="highest")
    assert text.startswith("**Zurich and Basel are the highest** of these figures, at "
                           "CHF 95,000 a year each.")


def test_a_ranking_across_currencies_ranks_each_currency_and_says_why(wording):
    text = reply(wording, op="rank", dimension="location")
    assert "1. Zurich: **CHF 95,000 a year**" in text and "1. Tokyo: **¥7,000,000 a year**" in text
    assert "The gap between the highest and the lowest is ¥1,000,000 a year." in text
    assert CURRENCIES in paragraphs(text)


def test_figures_set_against_a_reference_show_each_difference(wording):
    text = reply(wording, ("tester", "quality-analyst"), measures=("median",), op="compare")
    assert paragraphs(text)[0] == (
        "Set against the median for quality analysts in Switzerland (CHF 88,000 a year, "
        "Fictional Statistics Office, as cited in Test Desk Memo, 30 June 2024):\n"
        "- G1 tester: **CHF 60,000**, CHF 28,000 less (31.8%)\n"
        "- G2 tester: **CHF 80,000**, CHF 8,000 less (9.1%)\n"
        "- G4 tester: **CHF 120,000**, CHF 32,000 more (36.4%)")
    assert "Source of the other figures: Edelweiss Pay Survey, 1 March 2025." in text


# --- offers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "offer", "expected"),
    [
        ({"levels": ("g2",)}, Amount(90_000),
         f"**CHF 90,000 a year is CHF 10,000 (12.5%) above** the figure for a G2 tester: "
         f"CHF 80,000 a year {SURVEY}."),
        ({"locations": ("Tokyo",)}, Amount(6_300_000, "JPY"),
         f"**¥6,300,000 a year is ¥700,000 (10.0%) below** the figure for a tester in Tokyo: "
         f"¥7,000,000 a year {SURVEY}."),
        ({"levels": ("g2",)}, Amount(80_000, "CHF"),
         f"**CHF 80,000 a year matches** the figure for a G2 tester: CHF 80,000 a year {SURVEY}."),
        ({"levels": ("g2",)}, Amount(9_000_000, "JPY"),
         "I have no figure in JPY to set ¥9,000,000 against."),
    ],
)
def test_an_offer_is_worded_against_the_figure(wording, slots, offer, expected):
    assert reply(wording, amounts=(offer,), **slots) == expected


# --- notes on what stands in ------------------------------------------------------------------


def test_a_title_s_nearest_level_is_labelled(wording):
    assert paragraphs(reply(wording, titles=("principal",))) == [
        "I have no figure for principal testers; the nearest level with one is G4.",
        f"**CHF 120,000 a year** for a G4 tester {SURVEY}.",
    ]


def test_a_level_in_a_place_without_a_figure_of_its_own_is_answered_plainly_first(wording):
    text = reply(wording, levels=("g1",), locations=("Geneva",))
    assert paragraphs(text) == [
        "I have no figure for G1 testers in Geneva itself: G1 testers earn CHF 60,000 a year "
        "(any location) and testers in Geneva CHF 90,000 (any level).",
        "Tester pay:\n- G1: **CHF 60,000 a year**\n- Geneva: **CHF 90,000 a year**",
        "Source: Edelweiss Pay Survey, 1 March 2025.",
    ]


@pytest.mark.parametrize(
    ("slots", "lead"),
    [
        ({"levels": ("g1", "g4"), "locations": ("Geneva",)},
         "I have no figure for G1 or G4 testers in Geneva itself: G1 testers earn CHF 60,000 a "
         "year, G4 ones CHF 120,000 (any location), and testers in Geneva CHF 90,000 (any "
         "level)."),
        ({"levels": ("g2",), "regions": ("Japan",)},
         "I have no figure for G2 testers in Japan: G2 testers earn CHF 80,000 a year (any "
         "location) and testers in Tokyo ¥7,000,000 and in Osaka ¥6,000,000 (any level)."),
        ({"levels": ("g1",), "locations": ("Geneva", "Basel"), "op": "higher"},
         "I have no figure for G1 testers in Geneva or Basel: G1 testers earn CHF 60,000 a year "
         "(any location) and testers in Geneva CHF 90,000 and in Basel CHF 87,000 (any "
         "level)."),
        ({"levels": ("g1",), "locations": ("Geneva", "Geneva")},
         "I have no figure for G1 testers in Geneva itself: G1 testers earn CHF 60,000 a year "
         "(any location) and testers in Geneva CHF 90,000 (any level)."),
    ],
)
def test_the_lead_names_every_level_and_place_asked(wording, slots, lead):
    assert paragraphs(reply(wording, **slots))[0] == lead


def test_the_notes_on_what_stands_in_come_before_the_figures_given_for_context(wording):
    text = reply(wording, titles=("principal",), places=(Place("Bern", "city", "CH", "", "EU"),))
    assert paragraphs(text)[:2] == [
        "I have no figure for principal testers; the nearest level with one is G4.",
        "I have no tester figure for Bern; my figures for Switzerland are for other places.",
    ]
    assert paragraphs(text)[2].startswith("For context only, the nearest figures I have:\n"
                                          "- Zurich: **CHF 95,000 a year**")
    assert "- G4: **CHF 120,000 a year**" in paragraphs(text)[2]


def test_a_level_in_a_place_with_a_figure_of_its_own_gets_that_figure_alone(wording):
    assert reply(wording, levels=("g2",), locations=("Zurich",)) == (
        f"**CHF 100,000 a year** for a G2 tester in Zurich {SURVEY}.")


def test_figures_of_another_period_say_their_period_in_the_lead():
    domain = make_domain([record("rm-g3", "release-manager", 75, level="g3", period="hour"),
                          record("rm-basel", "release-manager", 99_000, location="Basel")])
    assert paragraphs(reply(Wording(domain), "release-manager", levels=("g3",),
                            locations=("Basel",)))[0] == (
        "I have no figure for G3 release managers in Basel itself: G3 release managers earn "
        "CHF 75 an hour (any location) and release managers in Basel CHF 99,000 a year (any "
        "level).")


def test_a_place_without_figures_says_so_and_gives_its_country_s_for_context(wording):
    text = reply(wording, places=(Place("Bern", "city", "CH", "", "EU"),))
    assert paragraphs(text)[0] == ("I have no tester figure for Bern; my figures for "
                                   "Switzerland are for other places.")
    assert paragraphs(text)[1].startswith("For context only")


def test_a_city_covered_by_its_country_s_figure_says_so():
    domain = make_domain([
        record("t-japan", "tester", 6_500_000, "JPY", location="Japan", region="Japan"),
        record("t-tokyo", "tester", 7_000_000, "JPY", location="Tokyo", region="Japan"),
    ])
    assert paragraphs(reply(Wording(domain), places=(Place("Kyoto", "city", "JP", "", "AS"),))) == [
        "I have no figure for Kyoto itself; the figure for Japan covers it.",
        f"**¥6,500,000 a year** for a tester in Japan {SURVEY}.",
    ]


def test_a_place_without_figures_offers_the_nearest_only_as_context(wording):
    text = reply(wording, places=(Place("Paris", "city", "FR", "", "EU"),))
    first, context, available = paragraphs(text)
    assert first == "I have no tester figure for Paris or anywhere in France."
    assert context.startswith("For context only, the nearest figures I have:\n")
    assert f"- Zurich: **CHF 95,000 a year** {SURVEY}" in context
    assert available == ALL_FIGURES


def test_a_role_without_figures_says_which_figures_there_are(wording):
    assert paragraphs(reply(wording, "test-coach")) == [
        "I have no salary figures for test coaches.", ALL_FIGURES]


def test_a_conversion_asked_is_declined_politely(wording):
    assert paragraphs(reply(wording, levels=("g1",), convert=True))[-1] == (
        "Figures are in local currency, as their source gives them: I don't convert currencies.")


# --- sources and refusals ---------------------------------------------------------------------


def test_sources_of_figures_name_who_produced_them_and_when(wording: Wording, domain: Domain):
    records = domain.records
    assert wording.record_sources([records["tester-g1"], records["tester-g2"]]) == (
        "The figures for G1 tester (CHF 60,000 a year) and G2 tester (CHF 80,000 a year) are "
        "from Edelweiss Pay Survey, dated 1 March 2025.")
    assert wording.record_sources([records["quality-analyst-median"]]) == (
        "The median for quality analysts in Switzerland (CHF 88,000 a year) comes "
        "from Fictional Statistics Office, as cited in Test Desk Memo, dated 30 June 2024. "
        "Made up for the unit tests.")


COVERS = "I cover: testers and release managers."


@pytest.mark.parametrize(
    ("refusal", "expected"),
    [
        (lambda w: w.out_of_scope(others=["nurses", "pilots"]),
         f"I have nothing on nurses and pilots. {COVERS}"),
        (lambda w: w.out_of_scope(task="write"), f"I can't do tasks; I answer questions. {COVERS}"),
        (lambda w: w.out_of_scope(), f"That's outside what I can help with. {COVERS}"),
        (lambda w: w.not_covered(),
         f"I couldn't find that in what I know, so I won't guess. {COVERS}"),
    ],
)
def test_a_refusal_names_what_is_covered(wording, refusal, expected):
    assert refusal(wording) == expected


def test_coverage_lists_every_role_when_none_is_given(domain):
    assert Wording(domain).coverage() == (
        "I cover: testers, release managers, quality analysts and test coaches.")


def test_a_level_without_a_figure_is_named_as_the_ladder_names_it(wording):
    # (the made-up testers' ladder has G3, but no G3 tester figure: the level by its name)
    first = paragraphs(reply(wording, levels=("g3",)))[0]
    assert first.startswith("I have no figure for G3 testers")
