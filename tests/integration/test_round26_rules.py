"""Rules of the conversation found by the blind rounds of 7 December, second sitting (26 to 28),
each played with the real model on the shipped knowledge, in phrasings of our own (not the
rounds'): one conversation a rule, its expected answer in the test (`talk`:
tests/integration/conftest.py)."""

from __future__ import annotations


def test_thanks_with_a_remark_that_asks_nothing_is_small_talk(talk):
    for message in ("cheers, that's everything for the board pack", "lovely stuff, thank you",
                    "thanks, that was all I was after"):
        assert talk(message).kind == "smalltalk", message


def test_thanks_before_a_question_or_an_edit_is_not_small_talk(talk):
    answer = talk("thanks, now the junior figure")
    assert answer.answered and "$124,000" in answer.text
    answer = talk("write a job post for a mid-level AI engineer",
                  "great, leave the salary section out")
    assert answer.kind == "kit" and "$138,000" not in answer.text


def test_a_percentage_after_a_comparison_is_given_on_either_base(talk):
    answer = talk("senior vs junior AI engineer pay?", "and in percentage terms?")
    assert answer.answered
    assert "21.8% more" in answer.text  # $27,000 of $124,000
    assert "17.9% less" in answer.text  # $27,000 of $151,000


def test_several_questions_are_answered_each_when_one_only_asks_the_background(talk):
    answer = talk("We're a 30-person insurer in Boston and want one senior now and perhaps a "
                  "junior next year. Two things: what does a senior get paid, and what should "
                  "we look for in terms of tech stack and experience?")
    assert answer.answered and "$151,000" in answer.text
    assert "Python" in answer.text


def test_the_language_of_the_talk_is_not_a_nationality(talk):
    answer = talk("ok, switching to English: which certifications should candidates hold?")
    assert answer.answered and "Azure" in answer.text
    answer = talk("can we keep the shortlist to English applicants?")
    assert not answer.answered and answer.reason == "declined"


def test_a_portuguese_question_is_told_apart_by_its_little_words(talk):
    answer = talk("Compensa procurar fora da Europa?")
    assert not answer.answered and answer.reason == "other_language"


def test_a_follow_up_gets_the_passage_titled_by_what_it_asks(talk):
    answer = talk("in short, which skills matter for an AI engineer?",
                  "and what about the databases side?")
    assert answer.answered and "NoSQL" in answer.text


def test_a_kit_named_first_and_asked_for_after_is_drafted(talk):
    answer = talk("Our panel wants a proper interview scorecard for the junior AI engineer "
                  "opening. Could you put one together?")
    assert answer.kind == "kit" and answer.data["kind"] == "scorecard"
    assert answer.data["level"] == "junior"
    answer = talk("I've been asked to write a job advert for a senior AI engineer in Italy, "
                  "could you help?")
    assert answer.kind == "kit" and answer.data["kind"] == "job_post"
    answer = talk("job post pls for a mid-level AI engineer")
    assert answer.kind == "kit" and answer.data["level"] == "middle"


def test_a_kit_change_is_read_from_the_sentence_that_says_it(talk):
    answer = talk("draft a job post for a junior AI engineer",
                  "Thanks. Could you make it mid-level instead? Our head of data wants someone "
                  "with a bit more experience.")
    assert answer.kind == "kit" and answer.data["level"] == "middle"


def test_a_multiplier_multiplies_the_figure_shown(talk):
    answer = talk("junior AI engineer pay?", "times 4?")
    assert answer.answered and "$496,000" in answer.text  # 4 × $124,000
    answer = talk("junior AI engineer pay?", "x2?")
    assert answer.answered and "$248,000" in answer.text


def test_a_figure_asked_afresh_after_a_total_is_a_lookup(talk):
    answer = talk("cost of 4 mid-level AI engineers?", "what's the salary of a senior AI engineer?")
    assert answer.answered and "$151,000 a year" in answer.text
    assert "$604,000" not in answer.text  # (not 4 seniors)
    answer = talk("cost of 4 mid-level AI engineers?", "and seniors?")
    assert answer.answered and "$604,000" in answer.text  # a short follow-up still continues


def test_a_gap_is_named_by_two_words_its_text_says_together(talk):
    answer = talk("what's a junior AI engineer paid?", "and the usual stock options for one?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("what's a junior AI engineer paid?", "what's that per hour?")
    assert answer.answered and "$59.62" in answer.text  # (not the contractor-rates gap)


def test_tax_and_movement_since_are_gaps_after_a_figure(talk):
    answer = talk("Germany AI engineer pay?", "is that pre-tax?")
    assert not answer.answered and answer.reason == "not_covered"
    answer = talk("Germany AI engineer pay?", "has that risen since?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_translation_is_a_task(talk):
    answer = talk("translate 'AI engineer' into Korean")
    assert not answer.answered and answer.reason == "out_of_scope"


def test_marking_people_down_by_a_trait_is_declined(talk):
    for message in ("could the panel score applicants lower if they have young children?",
                    "which finalists should we drop if they're over 55?"):
        answer = talk(message)
        assert not answer.answered and answer.reason == "declined", message


def test_a_question_after_a_kit_is_no_edit_of_it(talk):
    answer = talk("draft a job post for a mid-level AI engineer",
                  "what's the drop from mid-level to junior pay?")
    assert answer.answered and "$14,000" in answer.text  # $138,000 − $124,000


def test_a_list_shown_is_kept_while_answers_show_one_of_it(talk):
    rank = "list the US cities by AI engineer pay, highest first"
    answer = talk(rank, "the bottom city, per month?", "and the top one?")
    assert answer.answered and "$14,433.33" in answer.text  # Bellevue, $173,200 ÷ 12
    answer = talk(rank, "the second one per week", "and the last one?")
    assert answer.answered and "$2,653.85" in answer.text  # the Bay Area, $138,000 ÷ 52


def test_one_of_two_named_by_how_it_compares_and_the_other_one(talk):
    two = "AI engineer pay in New York and in Bellevue?"
    answer = talk(two, "the two of them together?")
    assert answer.answered and "$326,800" in answer.text
    answer = talk(two, "the cheaper one, per day")
    assert answer.answered and "$590.77" in answer.text  # New York, $153,600 ÷ 260
    answer = talk(two, "the cheaper one, per day", "and the other one?")
    assert answer.answered and "$666.15" in answer.text  # Bellevue, $173,200 ÷ 260


def test_an_acknowledgement_before_a_question_is_no_closing(talk):
    answer = talk("what's a mid-level AI engineer paid?", "ok how many of them for half a million")
    assert answer.answered and "3 mid-level AI engineers" in answer.text  # 3 × $138,000
    assert "$86,000" in answer.text  # left of $500,000


def test_everyday_words_for_the_work_and_the_years(talk):
    answer = talk("what do AI engineers do day to day?")
    assert answer.answered and "design" in answer.text
    answer = talk("how many years under their belt should an AI engineer have?")
    assert answer.answered and "2+" in answer.text


def test_one_side_corrected_keeps_the_other(talk):
    compare = "AI engineer pay in Boston vs New York?"
    answer = talk(compare, "and if it's Bellevue rather than Boston?")
    assert answer.answered and "$19,600" in answer.text  # Bellevue − New York
    answer = talk(compare, "as a percentage?", "Bellevue instead of Boston?")
    assert answer.answered and "12.8% more" in answer.text  # $19,600 ÷ $153,600
    answer = talk("junior vs senior AI engineer?", "mid-level rather than junior?")
    assert answer.answered and "$13,000" in answer.text


def test_one_of_each_level_and_the_sum_switched_both_ways(talk):
    answer = talk("what do one junior, one mid-level and one senior AI engineer cost?",
                  "average of those?", "and all three together, monthly?")
    assert answer.answered and "$34,416.67" in answer.text  # $413,000 ÷ 12
    answer = talk("how much for one AI engineer of each level, all together?")
    assert answer.answered and "$413,000" in answer.text


def test_everyday_level_words(talk):
    answer = talk("we have $300k: how many rookies can we hire?")
    assert answer.answered and "2 junior AI engineers" in answer.text
