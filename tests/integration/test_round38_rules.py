"""Rules of the conversation found in the first sitting of 8 December 2026 (blind rounds 38 to
40), each played with the real model on the shipped knowledge, in phrasings of our own (not the
rounds'): one conversation a rule, its expected answer in the test (`talk`:
tests/integration/conftest.py)."""

from __future__ import annotations


def test_questions_of_one_kind_after_background_leave_its_people_and_places_out(talk):
    # The background tells of a place left and a role already on the team; the questions name
    # the role, the place and the level asked.
    answer = talk("Some background: our office moved from Denver to Boston this spring. We "
                  "already employ two data engineers and want AI engineers next. What does "
                  "an AI engineer earn in Boston, and what is the figure for a senior?")
    assert answer.answered
    assert "$166,500" in answer.text and "$151,000" in answer.text
    assert "data engineer" not in answer.text.lower()


def test_a_team_said_whole_with_plus_replaces_the_last_team(talk):
    answer = talk("what would four junior AI engineers cost a year?",
                  "right, now two seniors plus two juniors")
    # 2 × $151,000 + 2 × $124,000 = $550,000, not added to the four juniors.
    assert answer.answered and "$550,000" in answer.text


def test_plus_before_people_still_adds_them_to_the_team(talk):
    answer = talk("what would four junior AI engineers cost a year?", "plus a senior?")
    assert answer.answered and "$647,000" in answer.text  # 4 × $124,000 + $151,000


def test_one_of_the_team_that_should_be_another_level_is_swapped(talk):
    answer = talk("two seniors and a junior AI engineer, yearly total?",
                  "hmm, the junior should be a mid-level one")
    assert answer.answered and "$440,000" in answer.text  # 2 × $151,000 + $138,000


def test_a_topic_asked_of_levels_after_their_figures_is_not_a_comparison_of_pay(talk):
    answer = talk("what are junior and senior AI engineers paid?",
                  "does the junior also need a certification, or only the senior one?")
    assert answer.answered and "Azure AI Engineer" in answer.text
    assert "$27,000" not in answer.text


def test_pay_for_someone_like_that_after_a_passage_is_the_role_s_pay(talk):
    answer = talk("what does an AI engineer do all day?",
                  "and what would I have to pay someone like that?")
    assert answer.answered and "$138,000" in answer.text


def test_chat_thanks_with_a_number_in_it_is_small_talk(talk):
    assert talk("what is a junior AI engineer paid?", "gr8, thx m8").kind == "smalltalk"


def test_a_reference_figure_s_amount_said_as_a_role_s_pay_is_named_for_what_it_is(talk):
    answer = talk("so AI engineers make $136,600, is that what the guide says they make?")
    assert "software engineers" in answer.text and "Bureau of Labor Statistics" in answer.text
    answer = talk("would $136,600 be a fair offer for a mid-level AI engineer?")
    assert answer.answered and "$1,400" in answer.text  # an offer checked, not the median named


def test_experience_asked_of_a_level_and_role_is_the_passage_not_the_figure(talk):
    answer = talk("How much experience should a senior AI engineer bring?")
    assert answer.answered and "2+" in answer.text and "$151,000" not in answer.text


def test_people_counted_then_set_against_each_other_is_their_difference(talk):
    answer = talk("Say we take on one mid-level and one senior AI engineer: how much more "
                  "does the senior get than the mid-level, per month?")
    assert answer.answered and "$1,083.33" in answer.text  # ($151,000 − $138,000) ÷ 12


def test_one_place_minus_another_in_a_period_is_their_difference_in_it(talk):
    answer = talk("AI engineer pay in Boston and in New York?", "Boston minus New York, monthly?")
    assert answer.answered and "$1,075" in answer.text  # ($166,500 − $153,600) ÷ 12


def test_those_two_after_figures_asked_one_by_one_in_a_period(talk):
    answer = talk("what's a mid-level AI engineer on?", "and a senior?",
                  "the gap between those two per week?")
    assert answer.answered and "$250" in answer.text  # ($151,000 − $138,000) ÷ 52
    answer = talk("what's a mid-level AI engineer on?", "and a senior?",
                  "difference between the two?")
    assert answer.answered and "$13,000" in answer.text and "$289,000" not in answer.text


def test_a_named_person_s_pay_asked_with_a_pronoun_in_the_next_sentence_is_declined(talk):
    answer = talk("A head of ML at our competitor keeps coming up: Priya Raman. What's she "
                  "paid?")
    assert not answer.answered and answer.reason == "declined"


def test_shares_thrown_in_on_top_of_pay_are_the_equity_gap(talk):
    answer = talk("what does a mid-level AI engineer make?",
                  "and should we throw in some stock on top?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_greeting_word_of_another_language_does_not_hide_the_question(talk):
    answer = talk("Hoi, wat verdient een senior AI engineer?")
    assert answer.answered and "$151,000" in answer.text


def test_money_we_have_after_a_team_s_total_is_its_budget(talk):
    answer = talk("three mid-level AI engineers, what's the yearly total?",
                  "we have just $400,000 this year, how far off would we be?")
    assert answer.answered and "$14,000" in answer.text  # 3 × $138,000 = $414,000


def test_a_team_said_whole_again_after_a_budget_gets_its_average_per_head(talk):
    answer = talk("two seniors and two juniors, yearly total?",
                  "how many juniors does $500,000 pay for?",
                  "back to the four-person team (2 seniors, 2 juniors): average per head?")
    assert answer.answered and "$137,500" in answer.text  # $550,000 ÷ 4
