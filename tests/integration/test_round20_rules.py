"""Rules of the conversation found by the seventeenth and twentieth blind rounds (long
messages, and six kinds of people typing), each played with the real model on the shipped
knowledge, in phrasings of our own (not the rounds'): one conversation a rule, its expected
answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations


def test_a_short_message_about_nothing_arithmetic_does_not_continue_a_calculation(talk):
    answer = talk("boston vs nyc for ai engs?", "as % of nyc", "traffic boston tmrw lol")
    assert not answer.answered and answer.reason == "out_of_scope"
    assert "0.0%" not in answer.text


def test_people_and_years_written_short_are_counted(talk):
    answer = talk("jr ai eng salary", "x4 jr for 3y?")
    assert answer.answered and "$1,488,000" in answer.text  # 4 × $124,000 × 3


def test_a_city_in_lower_case_is_a_place_when_its_name_is_no_everyday_word(talk):
    answer = talk("ai eng salary denver?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("ai eng salary nyc?", "ok munich then")
    assert answer.answered and "€71,400" in answer.text
    answer = talk("priciest us city for ai engs?")
    assert answer.answered and "Bellevue" in answer.text and "$173,200" in answer.text


def test_choosing_between_candidates_by_age_is_declined(talk):
    answer = talk("Two people left in the process: should we go for the 61-year-old or the "
                  "34-year-old?")
    assert not answer.answered and answer.reason == "declined"


def test_investing_after_a_figure_is_out_of_scope_not_a_gap(talk):
    answer = talk("senior AI engineer pay?", "nice. what crypto should I put that into?")
    assert not answer.answered and answer.reason == "out_of_scope"
    answer = talk("senior AI engineer pay?", "and what bonus comes on top of that?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_kit_for_a_level_after_a_role_without_kits_is_for_the_main_role(talk):
    answer = talk("senior AI engineer salary vs the typical software developer?",
                  "draft me a job post for the senior one")
    assert answer.kind == "kit" and answer.data["role"] == "ai-engineer"
    assert answer.data["level"] == "senior"


def test_background_people_are_not_summed_when_no_question_asks_arithmetic(talk):
    answer = talk("We're a twelve-person studio spread across the UK and Germany and we want "
                  "our first ML hire. I keep reading that startups have to outbid big tech; "
                  "does the guidance agree? And which skills should the first hire have?")
    assert answer.answered and "higher salaries" in answer.text
    assert "**Which skills should the first hire have?**" in answer.text
    assert "The total in each currency" not in answer.text


def test_two_questions_each_asking_a_calculation_are_each_worked_out(talk):
    answer = talk("We're weighing Germany against the UK. What's the gap between the two "
                  "figures? And if we hired three in Germany rather than two in France, how "
                  "much more would that cost?")
    assert "different currencies" in answer.text  # the UK's pounds against euros: no gap
    assert "€98,000" in answer.text  # 3 × €71,400 − 2 × €58,100
    assert "**If we hired three" in answer.text  # the question as asked, without its "And"


def test_a_closing_thanks_does_not_make_a_long_message_one_question(talk):
    answer = talk("I'm in HR at a logistics firm in Leeds and have to write our first AI "
                  "engineer ad. What would such a person be responsible for, and roughly what "
                  "does one earn in the UK? Many thanks in advance.")
    assert "£60,646" in answer.text and "**What would such a person be responsible for?**" \
        in answer.text


def test_the_city_that_tops_a_ranking_is_the_place_of_the_next_kit(talk):
    answer = talk("which US city comes out on top for AI engineer pay?")
    assert answer.answered and "Bellevue" in answer.text
    kit = talk("which US city comes out on top for AI engineer pay?",
               "ok, a job post for a mid-level hire there please")
    assert kit.kind == "kit" and "Bellevue" in kit.data["location"]


def test_how_a_role_differs_after_a_figure_is_the_roles_not_their_pay(talk):
    answer = talk("AI engineer salary in Germany?", "and how does that role differ from a "
                  "data engineer?")
    assert answer.answered and "pipelines" in answer.text and "€71,400" not in answer.text
