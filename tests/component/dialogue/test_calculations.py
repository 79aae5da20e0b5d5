"""Calculations in a conversation on the made-up second knowledge base (CHF and JPY, an L3-to-
lead ladder) with the fake embedder: a team's total, a budget, percentages, and follow-ups that
continue the last calculation."""

from __future__ import annotations

import pytest

from api.dialogue.conversation import Conversation
from tests.conftest import KB2
from tests.support.conversation import Talk, open_kb


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Conversation:
    return open_kb(KB2, tmp_path_factory.mktemp("kb2") / "index")


@pytest.fixture
def talk(bot) -> Talk:
    return Talk(bot)


def test_a_team_total_and_the_follow_ups_that_continue_it(talk):
    answer = talk("What do 2 L5 platform engineers and an L3 cost a year?")
    assert answer.route == "calculation" and answer.answered
    assert answer.text.startswith("**CHF 382,000 a year**")
    assert "2 × CHF 142,000 + CHF 98,000 = CHF 382,000" in answer.text
    assert "Alpenrose Engineering Pay Study 2025" in answer.text
    answer = talk("and over three years?")
    assert "**CHF 1,146,000 over 3 years**" in answer.text
    answer = talk("per month?")
    assert "CHF 382,000 ÷ 12 = CHF 31,833.33 a month (twelve months a year)" in answer.text


def test_a_budget_and_a_change_of_level(talk):
    answer = talk("We have CHF 600k a year. How many L4 platform engineers can we hire, and "
                  "what's left?")
    assert answer.route == "calculation"
    assert answer.text.startswith("**5 L4 platform engineers** fit in CHF 600,000 a year, "
                                  "with **CHF 10,000 left**.")
    answer = talk("L6s instead?")
    assert answer.text.startswith("**3 L6 platform engineers** fit in CHF 600,000 a year, "
                                  "with **CHF 105,000 left**.")


def test_a_team_in_one_place_then_in_another_and_the_saving(talk):
    assert "**CHF 405,000 a year**" in talk("yearly cost of 3 platform engineers in Zurich?").text
    assert "**CHF 384,000 a year**" in talk("same team in Geneva").text
    answer = talk("so Geneva saves how much?")
    assert answer.text.startswith("**CHF 21,000 a year less**")


def test_a_percentage_between_two_levels(talk):
    answer = talk("how many percent more does an L5 platform engineer earn than an L4?")
    assert answer.text.startswith("**20.3% more**")


def test_currencies_are_never_added(talk):
    answer = talk("total cost of one platform engineer in Zurich plus one in Tokyo?")
    assert answer.answered and "different currencies" in answer.text
    assert "CHF 135,000" in answer.text and "¥11,500,000" in answer.text


def test_a_period_the_content_has_no_method_for_is_not_made_up(talk):
    answer = talk("what does an L4 platform engineer cost per month?")
    assert "CHF 9,833.33 a month" in answer.text
    answer = talk("What's the hourly rate of an L4 platform engineer?")
    assert (answer.answered, answer.reason) == (False, "not_covered")


def test_an_amount_worked_out_is_checked_against_a_figure_named_next(talk):
    average = talk("If I average the L3 and L5 platform engineer salaries, what do I get?")
    assert average.text.startswith("**CHF 120,000 a year**")
    check = talk("Is that above or below the L4 figure, and by how much?")
    assert check.route == "salary"
    assert check.text.startswith("**CHF 120,000 a year is CHF 2,000 (1.7%) above** the figure "
                                 "for an L4 platform engineer")


def test_the_same_budget_spent_elsewhere_takes_the_last_total(talk):
    assert "CHF 405,000" in talk("What would 3 platform engineers in Zurich cost a year?").text
    assert "a month" in talk("whats one of them per month?").text
    again = talk("if we spent that same yearly budget in Lausanne instead, how many could we "
                 "hire and what's left?")
    assert again.text.startswith("**3 platform engineers in Lausanne** fit in CHF 405,000 a "
                                 "year, with **CHF 42,000 left**.")


def test_a_gap_stated_is_worked_on_as_a_share_of_the_lowest_figure(talk):
    ranked = talk("Which city in Switzerland pays platform engineers the most, and by how much "
                  "over the lowest?")
    assert "The gap between the highest and the lowest is CHF 14,000 a year." in ranked.text
    share = talk("Express that gap as a percentage of the lowest city's figure.")
    assert share.route == "calculation"
    assert share.text.startswith("**11.6%**: CHF 14,000 as a share of a platform engineer in "
                                 "Lausanne (CHF 121,000 a year).")
