"""Rules of the conversation found in the first sitting of 7 December 2026 (blind rounds 32 to
34), each played with the real model on the shipped knowledge, in phrasings of our own (not the
rounds'): one conversation a rule, its expected answer in the test (`talk`:
tests/integration/conftest.py)."""

from __future__ import annotations


def test_a_level_asked_after_a_passage_that_does_not_set_levels_apart(talk):
    answer = talk("which certificates are worth having for an AI engineer?",
                  "and for a mid-level one?")
    assert answer.answered and answer.kind == "snippet"
    assert "nothing separate for a mid-level AI engineer" in answer.text
    assert "Azure AI Engineer" in answer.text and "$138,000" not in answer.text
    answer = talk("what tech stack should an AI engineer bring?", "what about seniors?")
    assert "Python" in answer.text and "$151,000" not in answer.text


def test_a_level_asked_for_pay_after_a_passage_is_still_pay(talk):
    answer = talk("which certificates are worth having for an AI engineer?",
                  "what does a senior one earn?")
    assert answer.answered and "$151,000" in answer.text


def test_a_figure_per_hour_with_background_about_hourly_clients(talk):
    answer = talk("Agency side. Senior AI engineer per hour? Our clients only think in hourly.")
    assert answer.answered and "$72.60" in answer.text  # $151,000 ÷ 2,080
    answer = talk("hourly rate for a freelance senior AI engineer?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_job_ad_for_a_country_is_a_kit_and_not_the_languages_gap(talk):
    answer = talk("scorecard for a junior AI engineer in France please",
                  "can you also make this a job ad for the role in France?")
    assert answer.kind == "kit" and "France" in answer.text
    answer = talk("will our AI hire in Germany need to speak German?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_named_person_with_accents_in_the_name_is_declined(talk):
    answer = talk("what does Zoë Müller at that startup earn?")
    assert not answer.answered and answer.reason == "declined"


def test_what_is_left_of_a_budget_after_a_team_and_one_more_after_it(talk):
    answer = talk("cost of 2 senior and 2 junior AI engineers per year?",
                  "we have $600,000 in the budget: what remains, and is it enough for a "
                  "junior as well?")
    # 2 × $151,000 + 2 × $124,000 = $550,000; $50,000 left: short of a junior's $124,000.
    assert answer.answered and "$550,000" in answer.text and "$50,000" in answer.text
    assert "$74,000 short" in answer.text


def test_reference_figures_are_the_figures_not_a_question_about_sources(talk):
    answer = talk("Using your reference salaries, what would 2 mid-level AI engineers cost?")
    assert answer.answered and "$276,000" in answer.text  # 2 × $138,000


def test_chat_abbreviations_for_level_and_number(talk):
    answer = talk("senior AI engineer pay?", "and the jr lvl num?")
    assert answer.answered and "$124,000" in answer.text


def test_a_name_taken_back_in_passing_is_replaced(talk):
    answer = talk("three mid-levels - um, no wait, seniors - cost per year?")
    assert answer.answered and "$453,000" in answer.text  # 3 × $151,000
    assert "$414,000" not in answer.text
    answer = talk("AI engineer pay in France, or rather Italy?")
    assert "€36,600" in answer.text and "€58,100" not in answer.text


def test_positions_in_a_list_of_levels_name_those_levels(talk):
    answer = talk("give me the AI engineer salary per level", "the first one weekly?")
    assert answer.answered and "$2,384.62" in answer.text  # $124,000 ÷ 52
    answer = talk("give me the AI engineer salary per level", "the first one weekly?",
                  "and the third?")
    assert "$2,903.85" in answer.text  # $151,000 ÷ 52


def test_asked_whether_a_figure_is_from_this_year_the_answer_dates_it(talk):
    answer = talk("AI engineer salary in Italy?", "is that number from last year?")
    assert answer.answered and "2024" in answer.text and "years" not in answer.text[:20]


def test_a_figure_named_by_its_currency_among_those_shown(talk):
    answer = talk("mid-level AI engineer in Germany: what's the pay?", "the euro one per month?")
    assert answer.answered and "€5,950" in answer.text  # €71,400 ÷ 12


def test_a_place_told_as_background_to_a_skills_question_is_not_asked_for_pay(talk):
    answer = talk("we're a small shop based in Munich and hiring soon. a junior AI engineer, "
                  "what tech skills must they already have?")
    assert answer.answered and "Python" in answer.text and "€71,400" not in answer.text


def test_a_term_asked_after_a_passage_on_another_topic_finds_its_own(talk):
    answer = talk("which skills matter for an AI engineer?", "and certifications, which are good?")
    assert answer.answered and "Azure AI Engineer" in answer.text


def test_the_publisher_asked_about_after_figures_is_the_publisher(talk):
    answer = talk("mid-level AI engineer pay?", "and the senior one?",
                  "the people who wrote the guide: impartial, or pushing a product?")
    assert answer.answered and "Xenoss" in answer.text and "$13,000" not in answer.text


def test_over_there_is_the_place_the_last_answer_was_about(talk):
    answer = talk("a job post for a senior AI engineer in France", "what's pay like out there?")
    assert answer.answered and "€58,100" in answer.text


def test_a_field_of_a_kit_set_anew_after_a_question(talk):
    answer = talk("write a job ad for a mid-level AI engineer", "what's the monthly pay for it?",
                  "now set the location to Germany")
    assert answer.kind == "kit" and "Germany" in answer.text


def test_english_please_before_an_edit_is_no_nationality(talk):
    answer = talk("scorecard for a senior AI engineer please",
                  "pardon, English please: redo it for a junior")
    assert answer.kind == "kit" and "junior" in answer.text.lower()


def test_a_team_s_average_and_the_share_of_its_cost_one_level_takes(talk):
    team = "what would 2 senior and 2 junior AI engineers cost per year?"
    answer = talk(team, "and the mean salary per person across those four?")
    assert answer.answered and "$137,500" in answer.text  # $550,000 ÷ 4
    answer = talk(team, "what percentage of that total is the juniors?")
    assert answer.answered and "45.1%" in answer.text  # $248,000 ÷ $550,000


def test_one_part_of_a_team_in_a_period(talk):
    team = "cost of 3 AI engineers in France and 2 in Italy, per year?"
    answer = talk(team, "the Italian pair per month?")
    assert answer.answered and "€6,100" in answer.text  # 2 × €36,600 ÷ 12
    answer = talk(team, "the Italian pair per month?", "and the French lot per month?")
    assert "€14,525" in answer.text  # 3 × €58,100 ÷ 12


def test_a_section_put_back_and_the_level_changed_in_one_message(talk):
    answer = talk("job ad for a junior AI engineer in Italy", "remove the pay part",
                  "ok, pay back in please, and make it senior")
    assert answer.kind == "kit" and "Senior AI engineer" in answer.text
    assert "Italy" in answer.text


def test_whether_salaries_will_rise_is_the_trend_gap(talk):
    answer = talk("budget for 2 mid-level AI engineers?", "will wages go up by next spring?")
    assert not answer.answered and answer.reason == "not_covered"
    assert "trend" in answer.text
