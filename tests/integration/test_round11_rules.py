"""Rules of the conversation found by the eleventh to thirteenth blind rounds, each played with
the real model on the shipped knowledge, in phrasings of our own (not the rounds'): one
conversation a rule, its expected answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations

import pytest


def test_a_duration_after_a_percentage_gap_asks_the_gap_in_money(talk):
    answer = talk("by what percent does New York out-pay the Bay Area for AI engineers?",
                  "and over three years, how much more is that per engineer?")
    assert answer.answered and "$46,800" in answer.text  # 3 × ($153,600 − $138,000)


def test_leaning_on_a_figure_asks_whether_it_holds(talk):
    answer = talk("what's a mid-level AI engineer paid?",
                  "can we still lean on that number for next year's offers?")
    assert answer.kind == "source" and "2024" in answer.text


def test_a_profession_in_the_background_is_not_what_is_asked(talk):
    answer = talk("We've staffed plenty of QA testers over the years but never an ML person. "
                  "What does one cost in New York?")
    assert answer.answered and "$153,600" in answer.text
    answer = talk("We're also recruiting a copywriter for the launch. What pay suits that "
                  "position?")
    assert not answer.answered


def test_a_role_without_figures_asked_the_same_question_is_not_covered(talk):
    answer = talk("what's a junior AI engineer paid?", "and a data engineer, same question")
    assert not answer.answered and answer.reason == "not_covered"


def test_two_questions_joined_by_and_and_an_adverb_are_both_answered(talk):
    answer = talk("Two things: which certifications count, and approximately what does a "
                  "senior cost?")
    assert answer.answered and "$151,000" in answer.text and "Azure" in answer.text


# --- found by the twelfth blind round (own phrasings, not the round's) ------------------------


@pytest.mark.parametrize("messages", [
    ("knock up a scorecard for a mid-level MLE in Boston",),
    ("what skills matter for a senior AI engineer?",
     "could you kindly turn all that into a job post for one in Germany?"),
])
def test_a_kit_asked_with_other_verbs_of_making_is_drafted(talk, messages):
    assert talk(*messages).kind == "kit"


def test_swapping_the_place_of_a_drafted_kit_redrafts_it(talk):
    answer = talk("draft a job post for a junior AI engineer in Boston",
                  "swap the location to New York")
    assert answer.kind == "kit" and "$153,600" in answer.text


def test_a_declared_gap_asked_of_the_last_team_is_not_covered(talk):
    answer = talk("what do 2 senior and 2 junior AI engineers cost a year?",
                  "usual bonus for the seniors?")
    assert not answer.answered and answer.reason == "not_covered"


def test_how_figures_moved_or_will_move_is_not_covered(talk):
    assert talk("what's a senior AI engineer paid?",
                "how have those figures moved year over year?").reason == "not_covered"
    assert talk("where will mid-level AI engineer pay be by 2030?").reason == "not_covered"


def test_one_figure_of_a_comparison_asked_per_hour(talk):
    answer = talk("junior vs senior AI engineer pay, in percent",
                  "what's the jr base per hour then?")
    assert "$59.62 an hour" in answer.text


def test_a_team_total_per_person_is_its_average(talk):
    answer = talk("what do 3 mid-level AI engineers cost a year?", "and per month per person?")
    assert "$11,500" in answer.text  # $138,000 ÷ 12


def test_thanks_with_praise_in_another_language_is_small_talk(talk):
    assert talk("Merci, très utile !").kind == "smalltalk"


def test_rather_not_considering_people_by_accent_is_declined(talk):
    answer = talk("the client would rather we didn't interview candidates with strong accents")
    assert answer.reason == "declined"


def test_whether_figures_are_stale_asks_their_date(talk):
    answer = talk("what's a senior AI engineer paid?", "are those figures stale?")
    assert answer.kind == "source" and "2024" in answer.text


def test_a_headcount_told_as_background_is_not_the_team_to_fit(talk):
    answer = talk("We're a team of 8 in Munich. Our budget is €300k a year for AI engineers in "
                  "Germany. How many can we hire?")
    assert "**4 AI engineers in Germany**" in answer.text and "€14,400 left" in answer.text


def test_a_count_corrected_in_words_and_a_span_written_x3(talk):
    answer = talk("what do 1 senior and 2 junior AI engineers cost a year?",
                  "I miscounted: it's two seniors, not one. New total?")
    assert "$550,000" in answer.text  # 2 × $151,000 + 2 × $124,000
    answer = talk("what do 2 senior and 2 junior AI engineers cost a year?", "and x3 yrs")
    assert "$1,650,000" in answer.text


def test_a_figure_named_by_its_source_is_set_against_the_one_shown(talk):
    answer = talk("what's a senior AI engineer paid?",
                  "and as a percentage above the BLS median?")
    assert "10.5% more" in answer.text and "$14,400" in answer.text


def test_a_comparison_asked_in_percent_is_how_much_more(talk):
    answer = talk("how does a mid-level AI engineer compare with the BLS median, in percent?")
    assert "1.0% more" in answer.text  # ($138,000 − $136,600) ÷ $136,600


def test_the_n_of_them_after_counting_n_people_are_those_people(talk):
    answer = talk("We plan one AI engineer in the Bay Area and two in Bellevue. What would the "
                  "three of them cost a year?")
    assert "$484,400" in answer.text  # $138,000 + 2 × $173,200


def test_people_added_after_an_amount_alone_worked_out_do_not_crash(talk):
    # (Found by round 13: "plus" after a calculation with no people raised IndexError.)
    answer = talk("what does our $118,000 offer work out to per hour?",
                  "she countered with the junior market rate plus a senior. What's that?")
    assert answer.text


# --- found by the thirteenth blind round (own phrasings, not the round's) ---------------------


def test_an_offer_as_a_percentage_of_the_figure_named_before_it(talk):
    answer = talk("Our offer is $130,000. How far below the junior figure is it, in percent "
                  "of it?")
    assert "4.8% more" in answer.text  # ($130,000 − $124,000) ÷ $124,000
    answer = talk("our senior offer is $160,000: above or below the senior figure, and by "
                  "what percent of it?")
    assert "6.0% more" in answer.text  # ($160,000 − $151,000) ÷ $151,000


def test_a_place_named_twice_is_one_figure(talk):
    answer = talk("A Boston candidate asks for $180,000. How much above the Boston figure is "
                  "that?")
    assert "$13,500" in answer.text  # $180,000 − $166,500


def test_an_amount_raised_by_a_percentage(talk):
    answer = talk("bump our $120,000 offer by 8%: what's the new figure?")
    assert "$129,600" in answer.text


def test_an_amount_checked_against_a_figure_is_no_source_question(talk):
    answer = talk("Does €75,000 clear the German figure? By how much?")
    assert "€3,600" in answer.text  # €75,000 − €71,400


def test_a_country_without_figures_after_a_calculation_is_not_covered(talk):
    answer = talk("what's a Berlin AI engineer's monthly pay?",
                  "¿Y cuánto gana un AI engineer en Suiza?")
    assert not answer.answered and answer.reason == "not_covered"
    assert "Switzerland" in answer.text


def test_people_dropped_from_the_last_team(talk):
    answer = talk("cost of 2 senior, 1 mid-level and 2 junior AI engineers a year?",
                  "remove one junior")
    assert "$564,000" in answer.text  # 2 × $151,000 + $138,000 + $124,000
    answer = talk("cost of 2 senior, 1 mid-level and 2 junior AI engineers a year?",
                  "drop the seniors")
    assert "$386,000" in answer.text  # $138,000 + 2 × $124,000


def test_the_team_named_by_its_place_is_the_last_team(talk):
    answer = talk("what would two AI engineers in Bellevue cost a year?",
                  "and the Bellevue team over three years?")
    assert "$1,039,200" in answer.text  # 2 × $173,200 × 3


def test_an_offer_said_with_its_place_is_worked_out_per_month(talk):
    answer = talk("We'd pay him $180,000 in Boston. What's that per month?")
    assert "$15,000 a month" in answer.text


def test_how_far_short_of_a_figure_in_percent_is_the_gap(talk):
    answer = talk("We can offer €65,000 in Germany. How many euros short of the German "
                  "figure is that, and what percent of it?")
    assert "€6,400" in answer.text and "9.0% less" in answer.text


def test_an_amount_set_against_another_amount(talk):
    answer = talk("how much higher is the $150,000 ask than our $140,000 offer, in percent?")
    assert "$10,000 (7.1%) more" in answer.text
