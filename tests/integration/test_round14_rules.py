"""Rules of the conversation found by the fourteenth to sixteenth blind rounds, each played with
the real model on the shipped knowledge, in phrasings of our own (not the rounds'): one
conversation a rule, its expected answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations


def test_a_city_without_a_figure_is_not_covered_and_its_country_s_are_context(talk):
    answer = talk("what would an AI engineer in Denver, Colorado cost us?")
    assert not answer.answered and answer.reason == "not_covered"
    assert "no AI engineer figure for Denver" in answer.text
    assert "For context only" in answer.text and answer.text.count("$166,500") == 1


def test_a_level_counted_in_a_region_says_once_what_stands_in(talk):
    answer = talk("what do 2 junior AI engineers in the US cost in total?")
    assert answer.answered and "$248,000" in answer.text
    assert answer.text.count("I have no figure for junior AI engineers") == 1
    assert "Bellevue, WA ($173,200)" in answer.text


def test_a_period_after_a_slash_or_abbreviated_asks_the_last_total_in_it(talk):
    answer = talk("cost of 1 senior and 1 junior AI engineer per year?", "/mo?")
    assert answer.answered and "$22,916.67" in answer.text  # $275,000 ÷ 12
    answer = talk("mid-level AI engineer salary please", "per hr?")
    assert answer.answered and "$66.35" in answer.text  # $138,000 ÷ 2,080


def test_everyday_words_of_a_gap_s_questions_do_not_make_a_question_the_gap_s(talk):
    # "new" and "keep" are in the retention gap's ways of asking, not in what it declares.
    answer = talk("I'm new to hiring for tech and want to keep this simple: what should an AI "
                  "engineer be able to do technically?")
    assert answer.answered and "Python" in answer.text


def test_pay_in_a_year_to_come_is_a_forecast_and_not_covered(talk):
    answer = talk("what will a mid-level AI engineer be paid in 2029?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("what's an AI engineer's salary in France in 2025?")
    assert answer.answered and "€58,100" in answer.text


def test_a_declared_gap_asked_after_a_calculation_is_refused_as_not_covered(talk):
    team = "how much for 2 mid-level AI engineers a year?"
    for question in ("and what does a freelance one charge by the hour?",
                     "what do they really cost once employer taxes are on top?",
                     "and what'll they be paid in 2027?"):
        answer = talk(team, question)
        assert not answer.answered and answer.reason == "not_covered", question
    answer = talk(team, "and over two years, if nobody gets a raise?")
    assert answer.answered and "$552,000" in answer.text  # 2 × $138,000 × 2


def test_asking_not_to_be_sent_people_of_a_religion_is_declined(talk):
    answer = talk("please do not send us any Hindu applicants")
    assert not answer.answered and answer.reason == "declined"


def test_an_off_topic_follow_up_that_names_a_city_is_out_of_scope(talk):
    answer = talk("what does a junior AI engineer make?", "ok. traffic in Boston right now?")
    assert not answer.answered and answer.reason == "out_of_scope"
    answer = talk("what does a junior AI engineer make?", "e em Boston?")
    assert answer.answered and "$166,500" in answer.text


def test_a_percentage_of_a_figure_is_that_part_of_it_and_can_be_added_on(talk):
    answer = talk("what's 20% of a junior AI engineer's salary?")
    assert answer.answered and "$24,800" in answer.text and "20 junior" not in answer.text
    answer = talk("what's 20% of a junior AI engineer's salary?", "add that on top of it")
    assert answer.answered and "$148,800" in answer.text  # $124,000 × 120%
    answer = talk("what's 20% of a junior AI engineer's salary?", "add that on top of it",
                  "is that above the New York figure?")
    assert answer.answered and "$4,800" in answer.text  # $153,600 − $148,800


def test_a_total_across_currencies_is_one_total_in_each(talk):
    answer = talk("what do AI engineers make in France?", "and in the UK?", "add both up")
    assert answer.answered and "€58,100" in answer.text and "£60,646" in answer.text
    assert "118,746" not in answer.text  # never one currency added to another
    answer = talk("cost of 2 AI engineers in Italy and 1 in France and 1 in the UK?")
    assert answer.answered and "€131,300" in answer.text and "£60,646" in answer.text


def test_people_counted_by_a_plain_noun_in_a_place_are_costed(talk):
    answer = talk("4 engineers in France, what's the total a year?")
    assert answer.answered and "€232,400" in answer.text
    answer = talk("what would it cost to hire one in each of the US cities, in total?")
    assert answer.answered and "$631,300" in answer.text


def test_a_percentage_asked_after_an_offer_is_of_that_offer(talk):
    offer = "a mid-level AI engineer wants $150k, how does that compare with the market?"
    answer = talk(offer, "what % over market is that?")
    assert answer.answered and "8.7%" in answer.text  # $12,000 ÷ $138,000
    answer = talk(offer, "and if we pay 4% above the market figure instead?")
    assert answer.answered and "$143,520" in answer.text  # $138,000 × 104%


def test_words_the_knowledge_lacks_outside_the_question_do_not_refuse_it(talk):
    answer = talk("so what does an AI engineer actually do? asking bc im drafting the req")
    assert answer.answered and answer.kind == "snippet"
    answer = talk("any decent sushi near the Boston office? celebrating a new AI hire")
    assert not answer.answered


def test_a_long_message_counts_the_people_its_question_counts(talk):
    answer = talk("We thought about one hire in Boston. Instead we'd rather put three people in "
                  "New York, where our office is. What would three AI engineers in New York "
                  "cost a year in total?")
    assert answer.answered and "$460,800" in answer.text and "Boston" not in answer.text


def test_background_words_do_not_make_a_level_or_a_comparison(talk):
    answer = talk("We sell to mid-market retailers, eight people so far. Does the guide say "
                  "whether domain knowledge makes a difference for an AI engineer?")
    assert answer.answered and "$" not in answer.text
    answer = talk("what do AI engineers earn in Boston and New York?",
                  "Separate question, and a long one, sorry. We keep arguing internally about "
                  "product sense versus research depth when we screen. What does the guide say "
                  "the non-technical skills of an AI engineer should be?")
    assert answer.answered and "$" not in answer.text and "product team" in answer.text


def test_positions_name_the_items_of_the_list_the_last_answer_showed(talk):
    ranked = ("rank the European AI engineer figures from highest to lowest",)
    answer = talk("which US cities have AI engineer figures?", "order them, highest first",
                  "and the difference between the last two?")
    assert answer.answered and "$15,600" in answer.text  # New York − Bay Area
    answer = talk(*ranked, "what's the gap between the top two?")
    assert answer.answered and "€13,300" in answer.text  # Germany − France
    answer = talk("what certifications should an AI engineer have?",
                  "what does the third one cover?")
    assert answer.answered and "IBM" in answer.text and "survival" in answer.text


def test_a_kit_drafted_before_a_question_is_changed_by_a_short_edit(talk):
    post = "write a job post for a junior AI engineer in Germany"
    answer = talk(post, "which certifications matter most?", "make it senior")
    assert answer.kind == "kit" and "Senior AI engineer (Germany)" in answer.text
    answer = talk(post, "what does a junior make in the US?", "switch the post to France")
    assert answer.kind == "kit" and "(France)" in answer.text
    answer = talk(post, "drop the nice-to-have section", "actually, put it back")
    assert answer.kind == "kit" and "is back in" in answer.text


def test_a_task_that_sorts_is_still_a_task_and_a_noun_after_last_is_no_position(talk):
    answer = talk("write me a Python function that sorts salaries")
    assert not answer.answered and answer.reason == "out_of_scope"
    answer = talk("what certifications should an AI engineer have?",
                  "what does the last one measure?")
    assert answer.answered and "Google" in answer.text


def test_two_teams_set_against_each_other_and_a_people_s_name_for_a_place(talk):
    answer = talk("we could hire in Germany or in Italy. would three engineers in Italy cost "
                  "more than the two German engineers?")
    assert answer.answered and "€33,000 a year less" in answer.text  # €109,800 vs €142,800
    answer = talk("we're hiring in Germany. no German candidates please")
    assert not answer.answered and answer.reason == "declined"


def test_a_long_message_answers_each_question_and_skips_why_it_asks(talk):
    answer = talk("We're a logistics company in Leeds. Which technical skills should an AI "
                  "engineer have, and how many years of experience should we ask for? I need "
                  "this for a meeting with our CTO tomorrow.")
    assert answer.answered and "Python" in answer.text and "2+" in answer.text
    assert "£60,646" not in answer.text  # the place told is no question of pay


def test_chat_spellings_are_read_as_the_words_meant(talk):
    answer = talk("wat do mid ml engs make", "hw much mor is a senior")
    assert answer.answered and "$13,000" in answer.text
    answer = talk("hiii")
    assert answer.kind == "smalltalk"
    answer = talk("wats a senior ai eng on", "k thx")
    assert answer.kind == "smalltalk"


def test_a_place_said_for_each_part_is_that_part_s(talk):
    answer = talk("cost of 2 AI engineers in Boston and 1 in New York?")
    assert answer.answered and "$486,600" in answer.text


def test_a_calculation_asked_again_in_its_period_and_a_fresh_one_after_another_team(talk):
    team = ("2 senior AI engineers and 1 junior, total per year?", "per month?")
    answer = talk(*team, "add one more junior", "monthly?")
    assert answer.answered and "$45,833.33" in answer.text  # (2 × 151,000 + 2 × 124,000) ÷ 12
    answer = talk(*team, "different team: 2 mid-level AI engineers plus 1 junior, total?")
    assert answer.answered and "$400,000" in answer.text


def test_how_much_extra_over_years_is_a_difference_not_people_added(talk):
    answer = talk("what's the hourly gap between a senior and a junior AI engineer?",
                  "over two years, how much extra would the senior cost than the junior?")
    assert answer.answered and "$54,000" in answer.text  # 2 × ($151,000 − $124,000)


def test_the_same_comparison_for_another_place_keeps_what_was_compared(talk):
    answer = talk("in Boston, is an AI engineer paid more than the US software median?",
                  "same comparison for New York")
    assert answer.answered and "$153,600" in answer.text and "$136,600" in answer.text


def test_an_offer_checked_is_checked_again_where_a_short_follow_up_moves_it(talk):
    offer = "we're offering $150,000 to a mid-level AI engineer, is that competitive?"
    answer = talk(offer, "and in Boston?")
    assert answer.answered and "$16,500" in answer.text and "below" in answer.text
    answer = talk(offer, "what if we hired a senior instead?")
    assert answer.answered and "$1,000" in answer.text
    answer = talk("Candidate for a senior AI role wants $160,000. What's the market figure, "
                  "and how far off is she?")
    assert answer.answered and "$9,000" in answer.text


def test_negotiating_an_offer_is_a_hiring_question_the_knowledge_lacks(talk):
    answer = talk("any tips on how to negotiate with a candidate so they accept?")
    assert not answer.answered and answer.reason == "not_covered"


def test_who_the_publisher_is_is_answered_from_what_the_knowledge_says_of_it(talk):
    answer = talk("what does an AI engineer earn in New York?", "who's Xenoss, anyway?")
    assert answer.answered and "outstaffing" in answer.text and "$153,600" not in answer.text


def test_a_percentage_after_two_figures_compared_is_how_much_more(talk):
    answer = talk("is a senior AI engineer paid more than the US software engineer median?",
                  "and in percent?")
    assert answer.answered and "10.5%" in answer.text  # ($151,000 − $136,600) ÷ $136,600


def test_a_count_that_heads_a_list_counts_nobody_of_its_own(talk):
    answer = talk("We want 3 AI engineers: 2 seniors and a junior. What's the total a year?")
    assert answer.answered and "$426,000" in answer.text
    answer = talk("Our team is in New York. Engineering wants three AI engineers: one junior, "
                  "one mid-level and one senior. What do they add up to for the year?")
    assert answer.answered and "$413,000" in answer.text


def test_people_of_two_roles_counted_alike_are_no_headline_and_list(talk):
    answer = talk("2 AI engineers in Germany and 2 in France, total a year?")
    assert answer.answered and "€259,000" in answer.text  # 2 × €71,400 + 2 × €58,100
