"""Rules of the conversation found in the sitting of 7 December, third (blind rounds 29 to 31
and the turns left open by the last sitting), each played with the real model on the shipped
knowledge, in phrasings of our own (not the rounds'): one conversation a rule, its expected
answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations


def test_a_correction_into_a_place_without_figures_drops_the_place_denied(talk):
    answer = talk("AI engineer salary in Boston?", "oh no, I meant Vancouver, not Boston")
    assert not answer.answered and answer.reason == "not_covered"
    assert "Vancouver" in answer.text and "For context only" in answer.text


def test_a_source_named_alone_after_another_figure_gives_that_source_figures(talk):
    answer = talk("junior AI engineer pay?", "remind me of the Bureau of Labor Statistics number?")
    assert answer.answered and "$136,600" in answer.text and "$124,000" not in answer.text
    answer = talk("junior AI engineer pay?", "and the BLS median vs a junior?")
    assert "$136,600" in answer.text and "$124,000" in answer.text


def test_asked_whether_the_figures_were_updated_the_answer_dates_them(talk):
    answer = talk("who wrote the guide you use?", "were the pay numbers refreshed after that?")
    assert answer.answered and "2024" in answer.text


def test_the_leftover_of_a_budget_covers_someone_more(talk):
    answer = talk("budget is 500k, how far will that go on mid-level AI engineers?",
                  "could what's left also pay for a junior?")
    # 3 × $138,000 = $414,000, $86,000 left: no junior ($124,000) fits in it.
    assert answer.answered and "$86,000" in answer.text and "$124,000" in answer.text
    assert "$500,000" not in answer.text.split("Working")[0]


def test_a_count_corrected_after_one_figure_counts_that_figure(talk):
    answer = talk("typical pay for a mid-level AI engineer?", "sorry, make that three")
    assert answer.answered and "$414,000" in answer.text  # 3 × $138,000


def test_chat_spellings_and_british_thanks(talk):
    assert talk("senior AI engineer salary?", "cheers, ta").kind == "smalltalk"
    answer = talk("senior AI engineer salary?", "wot bout juniors")
    assert answer.answered and "$124,000" in answer.text
    answer = talk("Boston AI engineer pay?", "how much pricier is that than New York?")
    assert "$12,900" in answer.text


def test_a_comparison_corrected_into_a_place_without_figures_is_not_covered(talk):
    answer = talk("how does New York compare with Boston for AI engineer pay?",
                  "ah no, I meant Denver, not the Boston one")
    assert not answer.answered and answer.reason == "not_covered"
    assert "Denver" in answer.text and "$12,900" not in answer.text


def test_a_bare_head_count_beside_people_named_by_level_is_background(talk):
    answer = talk("We are 20 engineers today and want to add 2 senior AI engineers. Yearly "
                  "cost of the new hires?")
    assert answer.answered and "$302,000" in answer.text  # 2 × $151,000


def test_people_worth_of_pay_is_a_budget(talk):
    answer = talk("for three juniors' worth of salary, how many seniors could we hire?")
    # 3 × $124,000 = $372,000; 2 × $151,000 = $302,000, $70,000 left
    assert answer.answered and "$372,000" in answer.text and "$70,000" in answer.text


def test_a_job_posts_pay_worked_out_per_hour(talk):
    answer = talk("write a job post for a junior AI engineer", "and what is that hourly?")
    assert answer.answered and "$59.62" in answer.text  # $124,000 ÷ 2,080


def test_the_kit_named_after_a_question_gets_its_pay_section_back(talk):
    answer = talk("job ad for a mid-level AI engineer please", "remove the compensation",
                  "which certifications matter most?", "back to the ad: pay back in, thanks")
    assert answer.kind == "kit" and "$138,000" in answer.text


def test_a_section_edit_is_read_from_the_sentence_that_asks_it(talk):
    answer = talk("screening scorecard for a senior AI engineer",
                  "Please leave out the certifications. The panel weighs other things.")
    assert answer.kind == "kit" and "## Nice to have: certifications" not in answer.text


def test_a_wish_for_a_kit_asks_for_it(talk):
    answer = talk("we'd love a grading rubric for junior AI engineer applicants")
    assert answer.kind == "kit" and answer.data["kind"] == "scorecard"


def test_a_projection_the_content_states_is_answered_and_pay_trends_are_not(talk):
    answer = talk("what's the BLS job growth forecast for AI developers?")
    assert answer.answered and "23%" in answer.text
    answer = talk("will AI engineer salaries keep climbing?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_step_from_one_level_up_to_another_in_percent_is_on_the_lower(talk):
    answer = talk("in percent, what's the step up from mid-level to senior AI engineer pay?")
    assert answer.answered and "9.4% more" in answer.text  # $13,000 of $138,000


def test_a_named_person_described_after_a_comma_is_still_a_named_person(talk):
    answer = talk("how much does Tomasz Nowak, the ML lead at Acme, pull in?")
    assert not answer.answered and answer.reason == "declined"


def test_years_under_their_belt_is_experience_not_a_lower_figure(talk):
    answer = talk("how many years under his belt should a senior AI engineer have?")
    assert answer.answered and "2+" in answer.text and "$151,000" not in answer.text


def test_a_yes_or_no_question_naming_a_source_asks_where_figures_come_from(talk):
    answer = talk("what do AI engineers earn by location?",
                  "are the figures by city Glassdoor's too?")
    assert answer.answered and "does not name the survey" in answer.text
    answer = talk("senior AI engineer pay?",
                  "and the $136,600 one, is that from Glassdoor as well?")
    assert answer.answered and "Bureau of Labor Statistics" in answer.text
    answer = talk("is Xenoss selling something?")  # the publisher, not a figure's source
    assert answer.answered and "outstaffing" in answer.text


def test_a_language_the_hire_speaks_or_the_ad_is_in_is_not_covered_nor_a_nationality(talk):
    answer = talk("does the person we hire need to speak Dutch?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("can our job ad be written in Italian?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("shortlist only German applicants please")
    assert not answer.answered and answer.reason == "declined"


def test_them_said_em_counts_them(talk):
    answer = talk("AI engineer pay in Boston?", "ok, 2 of em?")
    assert answer.answered and "$333,000" in answer.text  # 2 × $166,500


def test_every_level_averaged_after_two_of_them(talk):
    answer = talk("mid-level vs senior AI engineer pay, ratio?", "average of all three levels?")
    assert answer.answered and "$137,666.67" in answer.text


def test_a_place_said_to_be_forgotten_is_left_out_of_the_comparison(talk):
    answer = talk("UK, Germany and France AI engineer pay?",
                  "ignore the UK. how much more does Germany pay than France, in %?")
    assert answer.answered and "22.9% more" in answer.text
