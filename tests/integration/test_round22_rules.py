"""Rules of the conversation found by the twenty-second blind round, each played with the real
model on the shipped knowledge, in phrasings of our own (not the round's): one conversation a
rule, its expected answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations


def test_a_count_of_them_after_a_passage_counts_the_level_its_question_named(talk):
    answer = talk("which certifications should a junior AI engineer hold?",
                  "and what would two of them cost us a year?")
    assert answer.answered and "$248,000" in answer.text  # 2 × $124,000


def test_a_level_said_as_not_meant_is_not_counted(talk):
    answer = talk("what would 3 senior AI engineers cost a year?",
                  "no sorry, three juniors, not seniors")
    assert answer.answered and "$372,000" in answer.text  # 3 × $124,000
    assert "$151,000" not in answer.text


def test_a_kit_drafted_within_several_questions_is_the_one_edited_next(talk):
    answer = talk("Please draft a scorecard for a mid-level AI engineer in Germany, and which "
                  "certifications should we ask about?", "make it junior")
    assert answer.kind == "kit" and answer.data["level"] == "junior"
    assert "Germany" in answer.data["location"]


def test_a_total_set_against_the_budget_and_then_over_years(talk):
    team = "what do 2 seniors and 2 mid-level AI engineers cost a year?"
    answer = talk(team, "how far over our $550k budget is that?")
    assert answer.answered and "$28,000" in answer.text  # $578,000 − $550,000
    answer = talk(team, "how far over our $550k budget is that?",
                  "and what would that team cost over three years?")
    assert answer.answered and "$1,734,000" in answer.text  # $578,000 × 3


def test_a_budget_in_a_city_without_a_figure_is_spent_at_its_country_s(talk):
    answer = talk("our Munich budget is €250,000: how many AI engineers does that pay for?")
    assert answer.answered and "3 AI engineers in Germany" in answer.text
    assert "€35,800" in answer.text  # €250,000 − 3 × €71,400


def test_a_topic_of_the_passage_title_carries_a_word_the_knowledge_lacks(talk):
    answer = talk("what skills does an AI engineer need?",
                  "do they have to be algorithms geniuses?")
    assert answer.answered and "linear algebra" in answer.text


def test_praise_around_thanks_is_small_talk(talk):
    for thanks in ("thanks, really useful!", "cheers, that was super helpful"):
        assert talk(thanks).kind == "smalltalk", thanks


def test_a_percentage_on_top_of_a_figure_scales_it_not_the_team(talk):
    answer = talk("what if we offered 10% over the New York figure?",
                  "same 10% on top of the Boston figure?")
    assert answer.answered and "$183,150" in answer.text  # $166,500 × 110%


def test_the_first_city_asked_about_is_of_the_whole_conversation(talk):
    answer = talk("compare Boston and New York for AI engineer pay",
                  "and Bellevue against the Bay Area?",
                  "going back to the first city I asked about, what is that per week?")
    assert answer.answered and "$3,201.92" in answer.text  # Boston: $166,500 ÷ 52


def test_that_country_compared_with_another_is_the_two_places(talk):
    answer = talk("AI engineer pay in Italy?", "per month?", "how does that country compare "
                  "with France?")
    assert answer.answered and "€21,500" in answer.text  # €58,100 − €36,600


def test_working_from_home_is_the_remote_work_gap(talk):
    answer = talk("should our AI hire work from home or in the office?")
    assert not answer.answered and answer.reason == "not_covered"


def test_the_source_of_the_figures_by_level_is_the_level_figures(talk):
    answer = talk("what's an AI engineer paid in Germany?",
                  "and the numbers per level, who measured those?")
    assert answer.answered and "Glassdoor" in answer.text


def test_a_section_named_after_the_kit_s_own_name_is_still_the_section_meant(talk):
    answer = talk("draft a job post for a senior AI engineer",
                  "what does the Google certificate test?",
                  "back to the job post: remove the nice to have part")
    assert answer.kind == "kit" and "Intel Edge AI" not in answer.text

