"""Rules of the conversation found in the sitting of 8 December 2026, second half (blind rounds
44 to 46), each played with the real model on the shipped knowledge, in phrasings of our own
(not the rounds'): one conversation a rule, its expected answer in the test (`talk`:
tests/integration/conftest.py)."""

from __future__ import annotations


def test_the_date_of_the_publication_is_its_date_not_its_publisher(talk):
    answer = talk("what date was the blog post published?")
    assert answer.answered and "22 January 2024" in answer.text


def test_how_stale_a_figure_is_asks_its_date(talk):
    answer = talk("what does a junior AI engineer earn?", "how stale is that number?")
    assert answer.kind == "source" and "22 January 2024" in answer.text


def test_how_many_months_old_asks_the_date(talk):
    answer = talk("what does an AI engineer in France earn?",
                  "how many months old is that now?")
    assert answer.kind == "source" and "22 January 2024" in answer.text


def test_from_where_it_comes_asks_the_source_of_a_claim(talk):
    # (after a figure it was read as 23% more than that figure)
    answer = talk("what does a mid-level AI engineer earn in Boston?",
                  "and the 23% more demand for AI developers, from where it comes?")
    assert answer.answered and "Bureau of Labor Statistics" in answer.text


def test_a_place_s_figure_and_a_level_s_set_against_each_other_are_two_figures(talk):
    # "the Boston figure ... the junior one": not a junior in Boston (after a calculation).
    answer = talk("one senior AI engineer over two years, total?",
                  "Express the Boston number as a percentage above the junior one.")
    assert "34.3%" in answer.text and "$166,500" in answer.text


def test_the_difference_between_two_totals_over_years_is_over_those_years(talk):
    answer = talk("one junior AI engineer for three years, total?",
                  "and one in Boston over the same three years?",
                  "what's the difference between those two totals?")
    assert "$127,500" in answer.text  # 3 x (166,500 - 124,000)


def test_one_here_and_one_there_combined_is_a_total(talk):
    answer = talk("one hire in Bellevue and one hire in the Bay Area, combined?")
    assert "$311,200" in answer.text


def test_by_the_week_asks_the_figure_per_week(talk):
    answer = talk("what is a senior AI engineer paid per hour?", "and by the week?")
    assert answer.answered and "$2,903.85" in answer.text


def test_a_budget_in_another_currency_is_answered_with_the_figures(talk):
    answer = talk("we have $600k a year: how many AI engineers could we hire in France?")
    assert answer.answered and "€58,100" in answer.text and "currenc" in answer.text


def test_how_far_over_a_budget_a_team_is(talk):
    answer = talk("three seniors and a junior AI engineer: what's the total?",
                  "our budget is $550,000. how far over are we?")
    assert "$27,000 over" in answer.text


def test_the_share_of_a_budget_a_team_uses(talk):
    answer = talk("three seniors and a junior AI engineer: what's the total?",
                  "our budget is $550,000. how far over are we?",
                  "and if we drop one of the seniors?",
                  "what share of the $550k would that use?")
    assert "77.5%" in answer.text  # (2 x 151,000 + 124,000) / 550,000


def test_the_share_of_a_budget_over_years(talk):
    answer = talk("what share of a $1M budget would two senior AI engineers take over three "
                  "years?")
    assert "90.6%" in answer.text and "more" not in answer.text.split("\n")[0]


def test_a_level_taken_back_a_word_later_is_dropped(talk):
    answer = talk("what's a senior AI engineer paid - sorry, I mean junior")
    assert "$124,000" in answer.text and "$151,000" not in answer.text


def test_back_to_an_earlier_kit_of_another_kind(talk):
    answer = talk("write a job post for a mid-level AI engineer in Germany",
                  "leave out the nice to have section",
                  "now a screening scorecard for that role",
                  "back to the advert: put the nice to have section back")
    assert answer.kind == "kit" and (answer.data or {}).get("kind") == "job_post"
    assert "Nice to have" in answer.text and "Germany" in answer.text


def test_which_places_have_figures_lists_them(talk):
    answer = talk("which countries do you have salary numbers for?")
    assert answer.answered and all(p in answer.text for p in ("Germany", "Italy", "Boston"))


def test_what_there_are_figures_for_at_all(talk):
    answer = talk("what do you actually have figures for?")
    assert answer.answered and answer.text.startswith("I have figures for")


def test_a_pronoun_beside_a_topic_of_its_own_is_not_the_last_subject(talk):
    answer = talk("how should I set up an AI team?",
                  "and outstaffing, why would anyone choose it?")
    assert "time-to-market" in answer.text


def test_a_company_named_finds_its_certification_past_another_s_certificate(talk):
    answer = talk("which skills does an AI engineer need?",
                  "and which certificate does Microsoft offer, what's it called?")
    assert "Azure AI Engineer Associate" in answer.text


def test_the_figure_there_after_a_place_told_before_a_question(talk):
    # "there" is the place told in the background, for both questions read as one.
    answer = talk("What does an AI engineer do?",
                  "We are hiring in Boston. What's the market figure there, and how does a "
                  "senior one compare?")
    assert "$166,500" in answer.text and "$15,500" in answer.text


def test_a_role_compared_while_talking_about_another_sets_the_two_against_each_other(talk):
    answer = talk("what's the median pay of a software engineer in the US?",
                  "We're in Boston. What's the market figure there, and how does it compare "
                  "with the AI engineers we already pay there?")
    assert "$136,600" in answer.text and "$29,900" in answer.text
    assert "Germany" not in answer.text  # (Boston's, not every place's)


def test_the_price_of_something_else_after_a_figure_is_out_of_scope(talk):
    answer = talk("what does a mid-level AI engineer make?",
                  "also, can you suggest a coffee machine under $200?")
    assert (answer.answered, answer.reason) == (False, "out_of_scope")


def test_a_gap_asked_of_a_figure_named_by_its_amount_is_not_covered(talk):
    answer = talk("what's an AI engineer paid in France?", "is the €58,100 before tax?")
    assert (answer.answered, answer.reason) == (False, "not_covered")


def test_a_gap_asked_of_the_candidate_by_he_or_she_is_not_covered(talk):
    answer = talk("is $130k a fair offer for a mid-level AI engineer?",
                  "she also asks for stock options, how many should we give?")
    assert (answer.answered, answer.reason) == (False, "not_covered")


def test_the_gap_as_a_share_of_the_ask_said_back(talk):
    answer = talk("we plan to offer $140,000 to a senior AI engineer. how far below is that?",
                  "by what percent?",
                  "and the market figure above it, as a percent of our $140k?")
    assert "7.9%" in answer.text  # 11,000 / 140,000


def test_how_much_percent_is_missing_is_the_gap(talk):
    answer = talk("we offer $120,000 to a junior AI engineer, is that enough?",
                  "and in percent, how much is missing?")
    assert "3.2%" in answer.text and "96.8%" not in answer.text


def test_a_role_named_by_its_everyday_first_word_beside_its_figures(talk):
    # "software" alone is English; before "pay figures" it names the software engineer.
    answer = talk("where do the software pay figures come from?")
    assert "Bureau of Labor Statistics" in answer.text and "Glassdoor" not in answer.text


def test_another_role_s_figures_asked_of_their_source_after_one_s(talk):
    # A guard (passes before the change too): "those" after the software figures is not
    # theirs when the AI engineer's numbers are named.
    answer = talk("where do the software pay figures come from?",
                  "and the AI engineer numbers, who's behind those?")
    assert "Glassdoor" in answer.text


def test_a_term_of_the_knowledge_titling_the_passage_carries_a_question_of_few_words(talk):
    # "screening" is the term assess: it titles the passage, just below the floor of scores.
    answer = talk("What should the screening actually look at?")
    assert answer.answered


def test_this_person_after_a_role_told_in_the_background_is_that_role(talk):
    answer = talk("We run a small logistics firm in Leeds and want to bring in our first AI "
                  "engineer for route planning. Put simply, what would this person do all day?")
    assert answer.answered and "designs, builds" in answer.text
