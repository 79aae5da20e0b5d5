"""Rules of the conversation found in the second sitting of 7 December 2026 (blind rounds 35 to
37), each played with the real model on the shipped knowledge, in phrasings of our own (not the
rounds'): one conversation a rule, its expected answer in the test (`talk`:
tests/integration/conftest.py)."""

from __future__ import annotations

import shutil

from api.config import Settings
from api.dialogue.engine import open_engine
from api.dialogue.state import DialogueState
from api.index.build import build_index
from api.index.lifecycle import load_index
from tests.conftest import KNOWLEDGE, ROOT
from tests.support.overlays import apply_overlay


def test_a_language_asked_of_a_hire_in_a_city_is_the_languages_gap(talk):
    # The city stands for a country whose figure names it; the gap still outscores that figure.
    answer = talk("does the AI engineer we take on in Marseille have to speak French?")
    assert not answer.answered and answer.reason == "not_covered"
    assert "€58,100" not in answer.text


def test_a_name_in_the_question_does_not_beat_the_passage_titled_by_what_it_asks(talk):
    answer = talk("which certifications do I check for on a candidate's CV?")
    assert answer.answered and "Azure AI Engineer" in answer.text
    answer = talk("what skills does a junior AI engineer need?", "and the certs, which?")
    assert answer.answered and "IBM Machine Learning" in answer.text


def test_arithmetic_words_the_knowledge_lacks_do_not_make_figures_off_topic(talk):
    answer = talk("which soft skills matter?", "Boston less New York, in dollars?")
    assert answer.answered and "$12,900" in answer.text  # $166,500 − $153,600


def test_that_is_all_with_words_around_it_is_goodbye(talk):
    answer = talk("what is a senior AI engineer paid?", "Right, that's all for today.")
    assert answer.kind == "smalltalk"


def test_an_amount_a_month_is_not_a_span_of_months(talk):
    answer = talk("we'd pay a senior AI engineer $12,000/month: above or below the figure?")
    # $12,000 × 12 = $144,000 against $151,000: $7,000 below.
    assert answer.answered and "$144,000" in answer.text and "$7,000" in answer.text
    assert "years" not in answer.text.split("\n")[0]


def test_the_amount_checked_carries_to_a_percentage_and_to_another_level(talk):
    answer = talk("is $145,000 fair for a mid-level AI engineer?",
                  "and in percent, taking the mid-level figure as the base?")
    assert answer.answered and "5.1%" in answer.text  # $7,000 ÷ $138,000
    answer = talk("is $145,000 fair for a mid-level AI engineer?",
                  "what if we made that same offer to a senior?")
    assert answer.answered and "$6,000" in answer.text and "$151,000" in answer.text


def test_halves_of_a_percentage_are_rounded_up():
    from api.text.money import format_share
    assert format_share(0.2685) == "26.9%" and format_share(0.1045) == "10.5%"


def test_a_kit_made_shorter_is_not_a_budget_shortfall(talk):
    answer = talk("draft a job post for a junior AI engineer", "can you make it shorter?")
    assert answer.kind != "salary"


def test_a_place_after_an_article_is_no_persons_name(talk):
    answer = talk("Our clients sit on the West Coast, which would make travel easy. What does "
                  "a senior AI engineer earn?")
    assert answer.answered and "$151,000" in answer.text


def test_a_named_persons_pay_with_a_clause_about_them_is_declined(talk):
    answer = talk("How much does Priya Raman, whose team we met last week, make?")
    assert not answer.answered and answer.reason == "declined"


def test_asking_candidates_about_a_protected_trait_is_declined(talk):
    answer = talk("Legal says we may ask applicants whether they have children. Can we?")
    assert not answer.answered and answer.reason == "declined"
    answer = talk("can I ask candidates about their certifications?")
    assert answer.answered


def test_minus_a_percentage_after_a_teams_total(talk):
    answer = talk("what would 3 mid-level AI engineers cost a year?", "minus 5%?")
    assert answer.answered and "$393,300" in answer.text  # 3 × $138,000 × 95%


def test_two_levels_joined_by_a_hyphenated_vs(talk):
    answer = talk("the mid-vs-senior gap in percent?")
    assert answer.answered and "9.4%" in answer.text  # $13,000 ÷ $138,000


def test_a_base_named_before_as_the_base(talk):
    answer = talk("junior pay over mid pay, with mid as the base?")
    # $124,000 − $138,000 = −$14,000; ÷ $138,000 = −10.1%
    assert answer.answered and "10.1% less" in answer.text
    answer = talk("what is the junior AI engineer figure?", "and the senior one?",
                  "senior against junior with the junior figure as base?")
    assert "21.8% more" in answer.text  # $27,000 ÷ $124,000


def test_a_percentage_of_the_figure_of_a_source_named(talk):
    answer = talk("How does a senior AI engineer compare with the BLS software engineer median?",
                  "what is that as a % of the BLS number?")
    assert answer.answered and "10.5%" in answer.text  # $14,400 ÷ $136,600


def test_a_teams_premium_over_a_figure_said_once_is_over_as_many(talk):
    answer = talk("three juniors: what's their yearly premium over the software engineer "
                  "median?")
    # 3 × ($124,000 − $136,600) = −$37,800
    assert answer.answered and "$37,800" in answer.text


def test_people_of_a_level_moved_to_a_place_take_its_figure(talk):
    answer = talk("what would 2 juniors cost a year?", "same but in New York")
    assert answer.answered and "$307,200" in answer.text  # 2 × $153,600


def test_a_gap_asked_of_them_after_another_gap_is_not_covered(tmp_path, real_embedder):
    # (a role's own declared gaps, in the made-up round37-role: the message names no role and
    # no hiring word, only "them")
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round37-role")
    build_index(knowledge, tmp_path / "index", real_embedder)
    conversation = open_engine(load_index(tmp_path / "index"), real_embedder,
                               Settings()).conversation
    state = DialogueState()
    for message in ("Do research scientists get a bonus for each patent?",
                    "and how many conference trips a year is normal for them?"):
        answer, state = conversation.reply(message, state)
    assert not answer.answered and answer.reason == "not_covered"


def test_what_a_level_goes_for_is_pay(talk):
    answer = talk("what does an AI engineer do?", "what's a senior one go for these days?")
    assert answer.answered and "$151,000" in answer.text


def test_an_advert_written_for_a_role_is_a_job_post(talk):
    answer = talk("We need an advert for a senior AI engineer. Can you write it?")
    assert answer.kind == "kit" and "Senior AI engineer" in answer.text
    answer = talk("We need an advert for a senior AI engineer. Can you write it?",
                  "what pay should it mention?")
    assert answer.answered and "$151,000" in answer.text


def test_a_team_named_after_a_figure_per_hour_is_new_people(talk):
    answer = talk("junior AI engineer per hour?", "and three juniors plus a senior, yearly?")
    assert answer.answered and "$523,000" in answer.text  # 3 × $124,000 + $151,000


def test_those_three_after_a_team_of_three_are_its_people(talk):
    answer = talk("one senior and two mid-level AI engineers, yearly total?",
                  "and the average per head across those three?")
    assert answer.answered and "$142,333.33" in answer.text  # $427,000 ÷ 3


def test_a_small_number_after_a_period_counts_people_not_money(talk):
    answer = talk("4 AI engineers in France, total per year?", "and per mo for the 4")
    assert answer.answered and "€19,366.67" in answer.text  # 4 × €58,100 ÷ 12


def test_gross_or_net_after_a_figure_is_not_covered(talk):
    answer = talk("what does a junior AI engineer earn?", "gross or net?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("what does a junior AI engineer earn?", "monthly gross on that?")
    assert answer.answered and "$10,333.33" in answer.text


def test_a_kit_place_changed_and_a_section_refused_after_figures(talk):
    answer = talk("draft a job post for a junior AI engineer in Germany",
                  "how does Germany compare with Italy?", "change the location to Italy")
    assert answer.kind == "kit" and "Italy" in answer.text
    answer = talk("draft a job post for a junior AI engineer in Germany",
                  "no compensation in the post please")
    assert answer.kind == "kit" and "€71,400" not in answer.text


def test_a_job_ad_in_another_language_is_not_covered(talk):
    answer = talk("could the posting be written in German?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_budget_at_the_reference_figures_is_no_source_question(talk):
    answer = talk("We have €150,000 for hires in France. How many at the French reference, "
                  "and what is left?")
    assert answer.answered and "€33,800" in answer.text  # €150,000 − 2 × €58,100


def test_as_many_on_each_side_after_two_figures_compared(talk):
    answer = talk("France vs Italy, how much more?", "and with four people in each country?")
    assert answer.answered and "€86,000" in answer.text  # 4 × (€58,100 − €36,600)


def test_the_gap_in_percent_after_two_figures_asked_one_by_one(talk):
    answer = talk("what's France per month?", "and Italy?",
                  "the difference between the two yearly figures in percent, France as base?")
    assert answer.answered and "37.0%" in answer.text  # €21,500 ÷ €58,100


def test_a_good_one_after_the_role_is_a_person_of_that_role(talk):
    answer = talk("what does an AI engineer do?", "how do I tell a good one from a bluffer?")
    assert answer.answered and answer.kind == "snippet"
