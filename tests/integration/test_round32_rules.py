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
