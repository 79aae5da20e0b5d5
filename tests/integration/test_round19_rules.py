"""Rules of the conversation found by the seventeenth and nineteenth blind rounds, each played
with the real model on the shipped knowledge, in phrasings of our own (not the rounds'): one
conversation a rule, its expected answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations


def test_a_source_question_that_also_asks_how_far_an_offer_is_over_is_arithmetic(talk):
    answer = talk("Where does the Germany number come from, and how far above it is €80,000?")
    assert answer.answered and "€8,600" in answer.text  # €80,000 − €71,400
    assert "12.0%" in answer.text  # €8,600 ÷ €71,400


def test_a_question_opened_by_an_adverb_is_a_question_of_its_own(talk):
    answer = talk("Which certifications count for an AI engineer? Also, realistically how "
                  "long does it take to fill the role?")
    assert "Intel Edge AI" in answer.text
    assert "no timeline" in answer.text  # the second question, answered on its own


def test_a_team_named_in_full_after_a_budget_is_costed_as_named(talk):
    answer = talk("we can spend $700,000: how many mid-level AI engineers is that?",
                  "ok so 2 seniors plus 2 juniors, cost per month?")
    assert answer.answered and "$45,833.33" in answer.text  # (2 × 151,000 + 2 × 124,000) ÷ 12
    answer = talk("we can spend $700,000: how many mid-level AI engineers is that?",
                  "and 2 seniors plus 2 juniors, what's left of it?")
    assert answer.answered and "$150,000" in answer.text  # 700,000 − 550,000


def test_a_bare_role_beside_the_people_a_budget_is_for_is_not_counted(talk):
    answer = talk("Our ML hiring budget is $400,000. How many senior AI engineers fit?")
    assert answer.answered and "2 senior AI engineers" in answer.text
    assert "Junior AI engineer: $124,000" not in answer.text


def test_a_figure_per_day_or_per_week_is_worked_out_with_the_content_s_basis(talk):
    answer = talk("what's a junior AI engineer per day?")
    assert answer.answered and "$476.92" in answer.text  # 124,000 ÷ 260
    assert "a five-day week" in answer.text
    answer = talk("2 AI engineers in New York, weekly cost?")
    assert answer.answered and "$5,907.69" in answer.text  # 2 × 153,600 ÷ 52


def test_a_position_in_a_passage_s_list_keeps_pointing_into_that_list(talk):
    answer = talk("which certifications should I look for in an AI engineer?",
                  "ok the fourth one on that list, what does it cover?")
    assert "Google" in answer.text
    answer = talk("which certifications should I look for in an AI engineer?",
                  "the second one on the list, what does it check?", "and the first one?")
    assert "Intel Edge AI" in answer.text and "computer vision" in answer.text


def test_a_correction_that_opens_by_taking_back_is_a_follow_up(talk):
    answer = talk("what's a mid-level AI engineer paid in Italy?", "oops, sorry, junior")
    assert answer.answered and "$124,000" in answer.text and "€36,600" in answer.text
    answer = talk("what's a senior AI engineer paid in the UK?", "same level but in France")
    assert answer.answered and "$151,000" in answer.text and "€58,100" in answer.text


def test_a_person_asked_about_after_a_figure_is_that_figure_s_role(talk):
    answer = talk("senior AI engineer salary?", "which skills should this hire bring?")
    assert answer.answered and "Python" in answer.text
    answer = talk("senior AI engineer salary?", "would they expect a bonus on top of it?")
    assert not answer.answered and answer.reason == "not_covered"


def test_the_publisher_asked_about_after_a_figure_is_the_publisher(talk):
    answer = talk("what's an AI engineer paid in Boston?", "who is the author of this guide?")
    assert answer.answered and "outstaffing" in answer.text


def test_a_request_for_help_writing_code_is_a_task(talk):
    answer = talk("could you help me write a SQL query for our applicant database?")
    assert not answer.answered and answer.reason == "out_of_scope"


def test_an_average_developer_is_the_software_engineer_median_not_an_average(talk):
    answer = talk("and what does the average developer earn in the US?")
    assert answer.answered and "$136,600" in answer.text and "÷ 1" not in answer.text
    answer = talk("average AI engineer pay across the US cities?")
    assert answer.answered and "$157,825" in answer.text


def test_paying_people_less_for_who_they_are_is_declined(talk):
    answer = talk("could we give the older engineers on the team lower offers?")
    assert not answer.answered and answer.reason == "declined"
    answer = talk("can we offer a junior less than the mid-level figure?")
    assert answer.answered


def test_a_perk_the_knowledge_lacks_is_not_covered_but_a_package_is_the_salary(talk):
    answer = talk("do AI engineers usually expect health insurance as a perk?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("what's the full compensation package for a mid-level AI engineer?")
    assert answer.answered and "$138,000" in answer.text


def test_how_many_years_ago_the_guidance_came_out_is_answered_by_its_date(talk):
    answer = talk("how many months ago did the guide come out?")
    assert answer.answered and "22 January 2024" in answer.text


def test_hello_in_another_language_is_a_greeting(talk):
    for hello in ("Guten Tag!", "Buongiorno", "Hola"):
        answer = talk(hello)
        assert answer.kind == "smalltalk", hello
