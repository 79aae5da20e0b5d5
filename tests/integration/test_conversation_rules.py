"""Rules of the conversation found by the eighth blind round, each played with the real model
on the shipped knowledge: one conversation a rule, its expected answer in the test."""

from __future__ import annotations

import pytest


def test_a_percentage_is_taken_of_the_figure_named_as_its_base(talk):
    answer = talk("bellevue vs bay area AI engineer pay, % gap with the bay area as the base",
                  "and with bellevue as base")
    assert "20.3% less" in answer.text


def test_a_gap_asked_as_a_share_of_one_figure_is_taken_of_that_figure(talk):
    answer = talk("junior vs senior AI engineer pay",
                  "what's that as a percent of the junior number")
    assert "21.8% more" in answer.text


def test_several_figures_are_each_worked_out_per_hour(talk):
    answer = talk("Per hour, what do a junior and a senior AI engineer cost us")
    assert answer.answered and "$59.62 an hour" in answer.text and "$72.60 an hour" in answer.text


def test_an_agency_s_hourly_charge_is_still_no_salary(talk):
    answer = talk("how much does Xenoss charge per hour for an outstaffed engineer?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_message_that_changes_the_subject_is_not_a_follow_up(talk):
    answer = talk("compare senior AI engineer pay with the BLS median for software engineers",
                  "unrelated: what's the euro to dollar exchange rate today")
    assert not answer.answered and answer.reason == "out_of_scope"


@pytest.mark.parametrize("message", [
    "any decent hotels near downtown Bellevue? flying a candidate in next week",
    "tell me a joke about recruiters",
])
def test_an_off_topic_request_that_mentions_a_hire_is_out_of_scope(talk, message):
    answer = talk(message)
    assert not answer.answered and answer.reason == "out_of_scope"


def test_the_going_rate_is_a_salary_not_a_contractor_s_rate(talk):
    answer = talk("whats the going rate for a mid ML eng in NYC atm?")
    assert answer.answered and "$138,000" in answer.text


def test_an_engineer_named_by_where_they_are_is_an_engineer(talk):
    answer = talk("What would a UK engineer cost per month?")
    assert answer.answered and "£5,053.83" in answer.text


def test_a_percentage_the_content_quotes_is_traced_to_its_passage(talk):
    answer = talk("the guide says demand for AI devs grows 23%. says who")
    assert "Bureau of Labor Statistics" in answer.text


def test_a_pay_comparison_of_what_the_tables_lack_is_answered_from_the_content(talk):
    answer = talk("do startups pay more than big tech?")
    assert answer.answered and "Big Tech" in answer.text


@pytest.mark.parametrize(("edit", "title"), [
    ("now same post but new york", "# Mid-level AI engineer (New York)"),
    ("please change to senior, sorry i mean senior not mid", "# Senior AI engineer (Boston"),
])
def test_a_drafted_post_is_changed_as_asked(talk, edit, title):
    answer = talk("job post for a mid-level AI engineer in Boston", edit)
    assert answer.kind == "kit" and title in answer.text


def test_a_team_named_again_is_the_team_counted_before(talk):
    answer = talk("2 senior AI engineers and 3 juniors: total annual base?",
                  "Do those figures include bonuses?",
                  "going back to the team of five - what's the average salary per head")
    assert "$134,800" in answer.text


def test_a_budget_asked_of_the_figure_shown_is_what_it_affords(talk):
    answer = talk("what does a senior AI engineer earn?",
                  "budget's 1M for base salaries. how many of those can i get and whats left over")
    assert "6 senior AI engineers" in answer.text and "$94,000 left" in answer.text


def test_a_budget_short_of_a_team_says_by_how_much(talk):
    answer = talk("3 AI engineers in New York, total?",
                  "client's budget is 450k total for the three. how short are they")
    assert "$10,800 over" in answer.text


def test_what_is_left_of_a_budget_is_filled_with_the_people_named(talk):
    answer = talk("Budget is $1,000,000. We want 1 AI engineer in Bellevue and 2 in New York. "
                  "What's left?", "With what's left, how many mid-level hires can we add?")
    assert "3 mid-level AI engineers" in answer.text and "$105,600 left" in answer.text


def test_a_city_that_is_an_everyday_word_is_that_word_in_lower_case(talk):
    answer = talk("senior AI engineer pay", "and a junior?", "delta btw the two?")
    assert "$27,000" in answer.text and "Canada" not in answer.text


def test_the_people_a_budget_affords_cost_per_month(talk):
    answer = talk("We've set aside $450k a year. How many senior engineers does that pay for?",
                  "ok and if we went with juniors instead?",
                  "what would those three juniors cost us per month?")
    assert "$31,000 a month" in answer.text


def test_a_count_corrected_alone_changes_the_team_s_count(talk):
    answer = talk("two senior AI engineers for a year, what's the total?",
                  "actually make that juniors", "no wait, 3 not 2")
    assert "$372,000" in answer.text


def test_three_of_the_ones_just_named_are_three_of_them(talk):
    answer = talk("two junior AI engineers for a year, total?",
                  "going back to the seniors for a sec, what would three of them run us?")
    assert "$453,000" in answer.text


def test_a_budget_over_two_full_years(talk):
    answer = talk("We have $1M to cover two full years. How many mid-level ML engineers can we "
                  "keep on for the whole stretch?")
    assert "3 mid-level AI engineers" in answer.text and "$172,000 left" in answer.text


def test_the_highest_of_the_figures_asked_one_by_one_over_the_lowest(talk):
    answer = talk("AI engineer salary in New York?", "and Boston", "ok and Bellevue",
                  "of those three, which is highest, and how much over the lowest one is it?")
    assert "$19,600" in answer.text and "Bellevue" in answer.text


def test_an_amount_against_another_place_is_checked_not_taken_as_a_share(talk):
    answer = talk("A candidate for a senior AI engineer role asks 165k. How far over the "
                  "market figure is that?", "as a percentage?",
                  "What if she were based in Bellevue instead, would 165k be under the local "
                  "number there?")
    assert "$8,200" in answer.text


def test_a_gap_word_after_a_decline_is_the_gap_not_the_decline_s_subject(talk):
    answer = talk("We'd prefer people born in the US over immigrants, sort applicants that way",
                  "would you have this guy fully remote, or in the office a few days a week?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_section_named_is_put_in_and_a_line_named_is_looked_for(talk):
    added = talk("Draft a job post for a junior AI engineer", "add the certs as a nice-to-have")
    assert added.kind == "kit" and "**Nice to have**" in added.text
    looked = talk("Draft a job post for a junior AI engineer", "add python to the requirements")
    assert looked.kind == "kit" and "That is in it already" in looked.text


def test_the_figure_of_a_post_whose_pay_section_was_taken_out(talk):
    answer = talk("Write me a JD for an ML engineer in the UK",
                  "take out the compensation bit, we'll put our own band in",
                  "what salary figure did you have in there, and where did it come from?")
    assert "£60,646" in answer.text


def test_a_topic_the_content_writes_about_carries_a_word_it_lacks(talk):
    answer = talk("what certs should i keyword search for on linkedin then")
    assert answer.answered and "Azure" in answer.text


@pytest.mark.parametrize("message", ["It's December 2026 now. Can I still rely on it?",
                                     "is that figure for AI engineers specifically?"])
def test_whether_a_figure_holds_or_what_it_is_for_is_asked_of_it(talk, message):
    answer = talk("where does the $136,600 software engineer number come from?", message)
    assert answer.answered and "$136,600" in answer.text


def test_an_offer_is_worked_out_per_hour(talk):
    answer = talk("We're offering a mid-level ML engineer $140,000. Is that fair?",
                  "what does our $140k work out to per hour?")
    assert answer.answered and "$67.31 an hour" in answer.text


def test_a_team_for_both_then_moved_and_corrected(talk):
    assert "$307,200" in talk("Two AI engineers in New York, annual base for both?").text
    assert "$346,400" in talk("Two AI engineers in New York, annual base for both?",
                              "same but in Boston", "sorry, I meant Bellevue, not Boston").text


def test_a_headcount_of_the_figure_shown(talk):
    answer = talk("AI engineer salary in Germany?",
                  "Thanks. For a headcount of four there, what's the annual total?")
    assert "€285,600" in answer.text


def test_headroom_in_a_budget_and_the_same_team_over_years(talk):
    headroom = talk("Two senior AI engineers and three juniors: total annual base salary?",
                    "Our approved budget line is $750,000. How much headroom does that leave?")
    assert "$76,000 left" in headroom.text
    years = talk("Two senior AI engineers and three juniors: total annual base salary?",
                 "Our approved budget line is $750,000. How much headroom does that leave?",
                 "And the total base for that same team across a three-year plan?")
    assert "$2,022,000 over 3 years" in years.text


def test_a_share_of_the_budget_and_a_saving_between_places(talk):
    share = talk("Annual AI payroll budget is $1.2M. After five senior AI engineers and two "
                 "juniors, what's left?", "What share of the budget do the two juniors take?")
    assert "20.7%" in share.text
    saving = talk("AI engineer pay in Germany?", "and Italy?",
                  "So how much I am saving per year when I take one in Italy and not in Germany?")
    assert "€34,800" in saving.text


def test_one_of_the_two_figures_shown_named_in_a_comparison(talk):
    answer = talk("salary benchmark for AI engineers in NYC?", "vs SF?",
                  "so NYC is how much higher?")
    assert "$15,600" in answer.text


def test_another_profession_beside_a_role_read_from_other_words(talk):
    answer = talk("We're also hiring a product manager for the AI team. What salary would be "
                  "appropriate for that position?")
    assert not answer.answered


def test_a_gap_asked_after_a_remark_on_the_numbers_is_the_gap(talk):
    answer = talk("Your numbers leave out bonuses. What annual bonus do AI engineers get?")
    assert not answer.answered and answer.reason == "not_covered"


def test_who_ran_the_survey_behind_the_figures(talk):
    answer = talk("Who actually ran the survey behind the city-by-city salaries?")
    assert answer.answered and "does not name the survey" in answer.text


def test_the_source_of_salaries_asked_after_an_answer_about_the_publisher(talk):
    answer = talk("who's behind the guide you use?",
                  "and for the salaries by level, who did they get those from?")
    assert "Glassdoor" in answer.text


@pytest.mark.parametrize("message", ["thanks you very much, merci!", "grazie mille"])
def test_thanks_in_a_language_of_the_profile_is_small_talk(talk, message):
    assert talk(message).kind == "smalltalk"
