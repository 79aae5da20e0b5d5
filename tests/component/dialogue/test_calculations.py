"""Calculations in a conversation on the made-up second knowledge base (CHF and JPY, an L3-to-
lead ladder) with the fake embedder: a team's total, a budget, percentages, and follow-ups that
continue the last calculation."""

from __future__ import annotations


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


def test_a_swap_in_a_team_named_by_levels_alone(talk):
    """A team named by its levels ("1 L6 and 2 L4"), then one of them swapped."""
    talk("What does an L4 platform engineer earn?")
    assert talk("we're building out 1 L6 and 2 L4. total base?").route == "calculation"
    answer = talk("swap one of the L4s for another L6")
    assert answer.route == "calculation"
    assert answer.text.startswith("**CHF 448,000 a year**"), answer.text


def test_a_cost_per_month_and_over_a_span_asked_together(talk):
    answer = talk("L5 platform engineer monthly cost, and what does it come to over 18 months?")
    assert answer.text.startswith("**CHF 11,833.33 a month** and **CHF 213,000 over 18 months**")
    assert "CHF 142,000 × 1.5 years = CHF 213,000" in answer.text


def test_a_team_that_does_not_fit_the_budget_says_by_how_much(talk):
    talk("We have CHF 600k a year. How many L4 platform engineers can we hire?")
    answer = talk("mix: 3 L6 and 2 L4 - does that fit?")
    assert answer.route == "calculation"
    assert "they do not fit, **CHF" in answer.text and "over** the budget" in answer.text
    assert " − CHF 600,000 = " in answer.text  # the working says what goes over


def test_a_team_in_one_place_then_in_another_and_the_saving(talk):
    assert "**CHF 405,000 a year**" in talk("yearly cost of 3 platform engineers in Zurich?").text
    assert "**CHF 384,000 a year**" in talk("same team in Geneva").text
    answer = talk("so Geneva saves how much?")
    assert answer.text.startswith("**CHF 21,000 a year less**")


def test_how_much_less_is_the_one_named_after_the_question(talk):
    talk("what does a platform engineer earn in Geneva?")
    answer = talk("and compare to Zurich, how much less is Geneva, in percent?")
    assert answer.text.startswith("**5.2% less**: a platform engineer in Geneva"), answer.text


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


def test_a_team_changed_by_adding_and_swapping_people(talk):
    assert "CHF 382,000" in talk("What do 2 L5 platform engineers and an L3 cost a year?").text
    assert "over 3 years" in talk("and over three years?").text
    added = talk("and if we add an L4 for the same three years, what's the grand total?")
    assert added.text.startswith("**CHF 1,500,000 over 3 years**")
    swapped = talk("swap one of the L5s for an L3. new annual total")
    assert swapped.text.startswith("**CHF 456,000 a year**: the total for 1 L5 platform "
                                   "engineer, 2 L3 platform engineers and 1 L4 platform "
                                   "engineer.")
    average = talk("what's the average salary across those four people?")
    assert average.text.startswith("**CHF 114,000 a year**: the average")


def test_a_budget_kept_across_turns_and_what_is_left_of_it(talk):
    first = talk("We have CHF 600,000 a year. How many L5 platform engineers can we hire, and "
                 "what's left?")
    assert first.text.startswith("**4 L5 platform engineers** fit in CHF 600,000 a year, with "
                                 "**CHF 32,000 left**.")
    short = talk("Would that leftover stretch to an L3 on top?")
    assert short.text.startswith("**No L3 platform engineers** fit in CHF 32,000 a year: one "
                                 "costs CHF 98,000, so CHF 32,000 falls "
                                 "**CHF 66,000 short**.")
    short = talk("leftover enough for an L3?")  # the leftover, said bare
    assert "**CHF 66,000 short**" in short.text
    again = talk("OK, what if we went all L4 instead? Same budget.")
    assert again.text.startswith("**5 L4 platform engineers** fit in CHF 600,000 a year")
    team = talk("those 5 over 2 years")
    assert team.text.startswith("**CHF 1,180,000 over 2 years**: the total for 5 L4")
    share = talk("What share of the budget would a single L5 take, as a percentage?")
    assert share.text.startswith("**23.7%**: an L5 platform engineer (CHF 142,000 a year) as a "
                                 "share of CHF 600,000.")


def test_a_figure_with_a_percentage_on_top_and_checked_again(talk):
    scaled = talk("if we pay 10 percent more than the L4 number, how much is it?")
    assert scaled.text.startswith("**CHF 129,800 a year**: 10% more than an L4 platform "
                                  "engineer")
    assert "Working: CHF 118,000 × 110% = CHF 129,800." in scaled.text
    check = talk("is that more or less than the L5 figure?")
    assert check.text.startswith("**CHF 129,800 a year is CHF 12,200")


def test_an_amount_asked_of_the_figure_is_answered_of_the_figure(talk):
    answer = talk("is the L4 platform engineer figure over or under a 125k ask?")
    assert answer.text.startswith("**The figure for an L4 platform engineer, CHF 118,000 a "
                                  "year, is CHF 7,000 (5.6%) below** CHF 125,000 a year")


def test_a_comparison_asked_again_in_a_smaller_period(talk):
    talk("L4 vs L5 platform engineer")
    answer = talk("per month")  # the same two figures, their difference a month
    assert answer.route == "calculation" and answer.answered
    assert answer.text.startswith("**CHF 2,000 a month less**")
    answer = talk("What's the monthly difference between an L4 and an L5 platform engineer?")
    assert answer.text.startswith("**CHF 2,000 a month less**")  # no pay word, a period


def test_a_figure_asked_in_a_period_with_its_age_is_worked_out_with_its_date(talk):
    answer = talk("Per month, what does an L4 platform engineer come to? And how old is that "
                  "figure?")
    assert answer.route == "calculation"  # not only the source: the figure, dated
    assert answer.text.startswith("**CHF 9,833.33 a month**") and "15 January 2025" in answer.text


def test_the_highest_of_the_figures_shown_in_one_currency_and_it_against_another(talk):
    talk("platform engineer pay in Zurich, Geneva, Tokyo and Osaka")
    talk("cheapest of those?")  # Geneva, in francs: the yen figures are ranked apart
    answer = talk("and the most expensive yen one, per month?")
    assert answer.text.startswith("**¥958,333.33 a month** for platform engineers in Tokyo")
    answer = talk("how much more is that per year than Osaka?")
    assert answer.text.startswith("**¥1,700,000 a year more**: platform engineers in Tokyo "
                                  "against platform engineers in Osaka")


def test_the_average_of_every_level_s_figure(talk):
    answer = talk("what's the average of the level figures for a platform engineer?")
    assert answer.route == "calculation"
    assert answer.text.startswith("**CHF 141,000 a year**: the average for L3 platform engineers")
    assert "(CHF 98,000 + CHF 118,000 + CHF 142,000 + CHF 165,000 + CHF 182,000) ÷ 5" in answer.text


def test_part_of_a_team_changed_and_a_count_corrected(talk):
    talk("What would 2 L4 platform engineers cost over 3 years?")
    answer = talk("ok, same 3 years but one of the two is L5")
    assert answer.text.startswith("**CHF 780,000 over 3 years**: the total for 1 L4 platform "
                                  "engineer and 1 L5 platform engineer.")
    talk("Total yearly cost for 2 L5 and 2 L3 platform engineers?")
    answer = talk("sorry, I meant 3 L3s, not 2")  # the L5s kept
    assert answer.text.startswith("**CHF 578,000 a year**: the total for 2 L5 platform "
                                  "engineers and 3 L3 platform engineers.")


def test_a_team_s_share_of_a_budget_and_what_is_left_after_it(talk):
    answer = talk("We have CHF 1,000,000 for the whole org. What share of it would three L5 "
                  "platform engineers take, as a percentage?")
    assert answer.text.startswith("**42.6%**: 3 L5 platform engineers (CHF 426,000 a year) as a "
                                  "share of CHF 1,000,000.")
    answer = talk("and how much of the 1M is left after them?")
    assert "with **CHF 574,000 left**" in answer.text
    assert "3 × CHF 142,000 = CHF 426,000; CHF 1,000,000 − CHF 426,000 = CHF 574,000" in answer.text


def test_figures_asked_in_a_smaller_period_and_the_gap_between_them(talk):
    answer = talk("What do an L4 and an L5 platform engineer earn per month?")
    assert answer.route == "salary" and answer.answered  # the content says how: twelve months
    assert "Per month (twelve months a year):" in answer.text
    assert "**CHF 9,833.33 a month** (CHF 118,000 ÷ 12)" in answer.text
    assert "**CHF 11,833.33 a month** (CHF 142,000 ÷ 12)" in answer.text
    gap = talk("what's the gap between those two monthly amounts?")  # no 'versus' said
    assert gap.text.startswith("**CHF 2,000 a month less**")


def test_two_roles_compared_then_worked_on_with_their_own_figures(talk):
    talk("In Tokyo, who earns more: a platform engineer or a product designer?")
    answer = talk("by how much, as a percentage of the product designer's pay?")
    assert answer.text.startswith("**36.9% more**: a platform engineer in Tokyo "
                                  "(¥11,500,000 a year) against a product designer in Tokyo")
    talk("What does an L4 platform engineer earn?")
    talk("vs an L4 product designer?")
    answer = talk("how much less is the designer, as a % of the platform engineer's pay?")
    # Each role's figure on the table, not the role's first level.
    assert answer.text.startswith("**11.9% less**: an L4 product designer (CHF 104,000 a year) "
                                  "against an L4 platform engineer (CHF 118,000 a year); taken "
                                  "from the other figure, 13.5% more.")


def test_the_whole_team_named_by_its_size_is_not_a_new_team(talk):
    talk("What do 2 L5 platform engineers and an L3 cost a year?")
    answer = talk("what's that per month across the three of them")
    assert "CHF 382,000 ÷ 12 = CHF 31,833.33 a month" in answer.text
    talk("What do 2 L5 platform engineers cost a year?")
    answer = talk("and all three of them per month?")  # not the team's size: three of them
    assert "3 × CHF 142,000" in answer.text


def test_two_places_compared_with_words_the_knowledge_lacks_are_not_their_pay(talk):
    answer = talk("what's the time difference between Zurich and Tokyo? scheduling the final "
                  "round")
    assert answer.route != "salary" and "CHF" not in answer.text  # no pay comparison
    talk("What does a platform engineer earn in Zurich?")
    answer = talk("How far apart are Zurich and Tokyo?")  # in a talk about pay: their pay
    assert answer.answered and "CHF" in answer.text


def test_two_of_the_one_on_the_table_stay_that_figure_in_a_follow_up(talk):
    talk("What does an L5 platform engineer earn?")
    answer = talk("and if we took two of those plus one L3, total per year?")
    assert "2 × CHF 142,000 + CHF 98,000 = CHF 382,000" in answer.text
    answer = talk("what's that per month across the three of them")
    assert "CHF 382,000 ÷ 12 = CHF 31,833.33 a month" in answer.text
    assert "the total for 2 L5 platform engineers and 1 L3 platform engineer" in answer.text


def test_the_two_cities_asked_one_at_a_time_are_compared(talk):
    talk("platform engineer zurich")
    talk("basel?")
    answer = talk("gap between the 2 cities")
    assert "Zurich" in answer.text and "Basel" in answer.text and "difference" in answer.text


def test_a_comparison_named_again_the_other_way_round_swaps_its_sides(talk):
    talk("how much less does an L3 make than an L5, as a % of the L5 salary?")
    answer = talk("and the other way round, L5 over L3?")
    assert "CHF 44,000 ÷ CHF 98,000" in answer.text  # L5 − L3 over the L3 figure
    talk("how much less does an L3 make than an L5, as a % of the L5 salary?")
    answer = talk("vice versa?")
    assert "CHF 44,000 ÷ CHF 98,000" in answer.text


def test_what_is_left_of_a_budget_asked_again_is_the_same_calculation(talk):
    first = talk("We have CHF 600k a year. How many L4 platform engineers can we hire?")
    again = talk("and how much is left over after hiring them?")
    assert again.route == "calculation" and again.text == first.text  # CHF 10,000 left


def test_a_team_total_extended_by_someone_added(talk):
    talk("What do 2 L5 platform engineers and an L3 cost a year?")  # CHF 382,000
    answer = talk("and if we added a fourth one in Zurich, new yearly total?")
    assert answer.text.startswith("**CHF 517,000 a year**"), answer.text


def test_how_much_more_per_month_the_one_named_gets_than_the_last(talk):
    talk("what's an L5 platform engineer's salary worked out per month?")
    talk("and an L3?")
    answer = talk("so how much more per month does the L5 get")
    assert answer.route == "calculation"
    assert answer.text.startswith("**CHF 3,666.67 a month more**"), answer.text  # 44,000/12


def test_a_bare_number_after_an_offer_is_that_offer_in_thousands(talk):
    talk("is CHF 120,000 a good offer for an L4 platform engineer?")
    answer = talk("what if we went to 125?")
    assert answer.route == "salary" and "CHF 125,000 a year is CHF 7,000" in answer.text
    assert "CHF 2,125" not in talk("and 2?").text  # far from the offer: no shorthand


def test_by_what_percent_after_an_offer_is_the_offer_against_the_figure(talk):
    talk("is CHF 110,000 a good offer for an L4 platform engineer?")
    answer = talk("by what percent?")
    assert answer.route == "calculation" and "6.8% less" in answer.text, answer.text


def test_the_figure_shown_named_by_what_it_is_continues_it(talk):
    talk("is CHF 110,000 a good offer for an L4 platform engineer?")
    answer = talk("what would the figure come to per month?")
    assert answer.answered and "CHF 9,833.33 a month" in answer.text, answer.text
    assert "CHF 142,000" not in answer.text  # the L4's figure, not every level's


def test_all_three_of_the_figures_asked_one_by_one_summed(talk):
    talk("What does an L3 platform engineer earn?")
    talk("and an L4?")
    talk("L5?")
    answer = talk("add all three of those up for me")
    assert answer.route == "calculation"
    assert "CHF 98,000 + CHF 118,000 + CHF 142,000 = CHF 358,000" in answer.text, answer.text
    # People the domain names after the count are people, not the figures shown.
    assert "CHF 98,000 +" not in talk("what would those three L4s cost?").text


def test_one_of_a_team_made_another_level_and_its_share_over_the_same_years(talk):
    talk("What would 2 L4 platform engineers cost over 3 years?")
    answer = talk("what if we make one of the two an L5 instead?")
    assert answer.text.startswith("**CHF 780,000 over 3 years**: the total for 1 L4 platform "
                                  "engineer and 1 L5 platform engineer.")
    answer = talk("what share of that total is the L5's pay?")  # over the same 3 years
    assert answer.text.startswith("**54.6%**"), answer.text
    assert "CHF 142,000 × 3 years = CHF 426,000; CHF 426,000 ÷ CHF 780,000" in answer.text


def test_the_leftover_of_a_budget_after_a_team_pays_for_the_next_one(talk):
    talk("What do 2 L5 platform engineers and an L3 cost a year?")
    answer = talk("Our budget for them is CHF 500,000. How much is left after that?")
    assert "**CHF 118,000 left**" in answer.text
    answer = talk("could that leftover cover an L4 as well?")
    assert answer.text.startswith("**1 L4 platform engineer** fits in CHF 118,000 a year"), (
        answer.text)


def test_a_team_named_in_full_after_a_budget_is_that_team(talk):
    talk("We have CHF 600k a year. How many L4 platform engineers can we hire?")
    answer = talk("so 2 L5s plus 1 L3, monthly?")
    assert answer.text.startswith("**CHF 31,833.33 a month**: the total for 2 L5 platform "
                                  "engineers and 1 L3 platform engineer."), answer.text
