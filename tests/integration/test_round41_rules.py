"""Rules of the conversation found in the sitting of 8 December 2026 (blind rounds 41 to 43),
each played with the real model on the shipped knowledge, in phrasings of our own (not the
rounds'): one conversation a rule, its expected answer in the test (`talk`:
tests/integration/conftest.py)."""

from __future__ import annotations


def test_how_much_experience_asked_for_a_number_is_no_pay_question(talk):
    # "number" and a level read as pay before; experience is a duration asked.
    answer = talk("how much experience do senior AI engineers need? give me a number")
    assert answer.answered and "2+ years" in answer.text
    assert "$151,000" not in answer.text


def test_a_duration_asked_with_a_level_finds_the_passage_past_the_level_s_figure(talk):
    # The junior's salary figure scores above the passage, and states no duration; "number"
    # is no pay word here.
    answer = talk("how much experience should a junior AI engineer bring? I need a number")
    assert answer.answered and "2+ years" in answer.text


def test_a_level_asked_in_a_talk_about_a_passage_is_not_its_pay(talk):
    # (The classifier reads it as pay, not surely; its words ask none.)
    answer = talk("what skills does an AI engineer need?",
                  "and a junior one, could a fresh graduate do it?")
    assert "$124,000" not in answer.text


def test_a_kit_change_said_with_its_reason_changes_the_kit(talk):
    answer = talk("write a job post for a senior AI engineer in Germany",
                  "could you change it to junior? our budget is tight this year.")
    assert answer.kind == "kit" and "Junior AI engineer" in answer.text


def test_a_section_put_back_with_a_remark_after_it_is_restored(talk):
    answer = talk("write a job post for a senior AI engineer in Germany",
                  "leave out the nice to have section",
                  "fine, put that back, my manager prefers it")
    assert answer.kind == "kit" and "Nice to have" in answer.text


def test_a_second_kit_wished_for_with_also_is_drafted(talk):
    answer = talk("write a job post for a junior AI engineer in the UK",
                  "we'd also like a scorecard the interviewers can use")
    assert answer.kind == "kit" and "scorecard" in answer.text.lower()


def test_hr_said_of_people_is_no_hourly_rate(talk):
    answer = talk("As an HR generalist, what should a senior AI engineer be paid?")
    assert answer.answered and "$151,000" in answer.text and "an hour" not in answer.text


def test_a_cost_phrase_of_several_words_asks_pay_after_a_passage(talk):
    # "set us back" is a variant of synonyms.yml's salary; read whole, it is pay (a guard:
    # a level asked after a passage in words of no pay is not pay).
    answer = talk("what does a data engineer do?",
                  "right. and what would a junior AI engineer set us back?")
    assert answer.answered and "$124,000" in answer.text


def test_a_source_question_pointing_at_nothing_shown_gets_the_knowledge_s_source(talk):
    answer = talk("what certifications matter?",
                  "hm, and what is all of this taken from?")
    assert answer.answered and "Xenoss" in answer.text and "2024" in answer.text


def test_doubt_said_as_stale_is_a_question_about_the_date(talk):
    answer = talk("senior AI engineer pay?", "that's getting a bit stale by now, no?")
    assert answer.answered and "2024" in answer.text


def test_why_trust_a_named_source_gives_what_it_stands_behind(talk):
    answer = talk("what does a mid-level AI engineer earn?",
                  "why would anyone trust Glassdoor numbers?")
    assert answer.answered and "Glassdoor" in answer.text and "$138,000" in answer.text


def test_a_filter_said_as_no_people_please_is_declined(talk):
    answer = talk("we're hiring a junior AI engineer", "no dads please, they're always off")
    assert answer.reason == "declined"


def test_where_to_advertise_a_role_is_a_declared_gap(talk):
    answer = talk("where do we advertise the AI engineer opening - glassdoor jobs, reddit?")
    assert answer.reason == "not_covered"


def test_a_ratio_of_two_places_is_worked_out_without_a_pay_word(talk):
    answer = talk("what's the ratio of France to Italy?")
    assert answer.answered and "1.59" in answer.text  # €58,100 ÷ €36,600


def test_x_divided_by_y_divides_x_whatever_was_said_first(talk):
    answer = talk("and Italy?", "Italy looks low against Germany: Germany divided by Italy?")
    assert answer.answered and "1.95" in answer.text  # €71,400 ÷ €36,600


def test_one_figure_as_a_percentage_of_another_is_a_share(talk):
    answer = talk("the junior figure as a percentage of the mid-level one, mid-level as base?")
    assert answer.answered and "89.9%" in answer.text  # $124,000 ÷ $138,000


def test_a_level_compared_after_a_level_and_a_place_is_set_against_the_level(talk):
    answer = talk("what does a senior AI engineer make in Boston?", "gap vs a mid-level?")
    assert answer.answered and "$13,000" in answer.text  # $151,000 − $138,000


def test_a_total_over_years_after_an_average_sums_the_team_over_them(talk):
    answer = talk("1 senior and 2 junior AI engineers, yearly total?", "average per head?",
                  "and across two years, assuming no raises, the total?")
    assert answer.answered and "$798,000" in answer.text  # ($151,000 + 2 × $124,000) × 2


def test_the_highest_of_figures_in_several_currencies_is_no_total(talk):
    answer = talk("AI engineer salary in the UK?", "and Germany?", "and Boston?",
                  "which of those three is the best paid?")
    assert "total" not in answer.text.lower() and "£60,646" in answer.text


def test_a_chat_k_before_a_follow_up_is_an_acknowledgement(talk):
    # (A guard: here the rest of the message carried it before; in round 43's new role, "k"
    # took the follow-up out of the conversation.)
    answer = talk("what does a junior AI engineer earn?", "k and in boston whats the damage")
    assert answer.answered and "$166,500" in answer.text


def test_a_question_in_polish_is_asked_again_in_english_in_polish(talk):
    answer = talk("Jakie certyfikaty powinien mieć kandydat?")
    assert answer.reason == "other_language" and "po angielsku" in answer.text


def test_a_swedish_question_naming_a_role_and_a_place_is_answered(talk):
    answer = talk("Hur mycket tjänar en AI engineer i Tyskland?")
    assert answer.answered and "€71,400" in answer.text and "engelska" in answer.text


def test_the_role_named_in_portuguese_is_the_ai_engineer(talk):
    answer = talk("Quanto ganha um engenheiro de IA na Itália?")
    assert answer.answered and "€36,600" in answer.text


def test_taxes_added_on_top_of_a_team_are_a_declared_gap_not_a_sum(talk):
    # (A guard: "top" read as the highest figure kept it out of the sum before; "add" of the
    # cue how_many is no operation that hides a gap.)
    answer = talk("three mid-level AI engineers, yearly total?",
                  "and what would employer payroll taxes add on top of that?")
    assert answer.reason == "not_covered"


def test_two_places_compared_after_a_level_in_a_place_are_compared_as_places(talk):
    answer = talk("mid-level AI engineer in Boston, salary?", "and Bellevue",
                  "difference bellevue vs boston")
    assert answer.answered and "$6,700" in answer.text  # $173,200 − $166,500


def test_a_duration_asked_after_a_budget_is_no_calculation(talk):
    answer = talk("we can spend $160k. does that cover a senior AI engineer?",
                  "and how many years should that senior have behind them?")
    assert answer.answered and "2+ years" in answer.text


def test_how_many_of_one_role_per_so_many_of_another_is_no_sum(talk):
    # (A guard: with a second role that has figures, round 43 summed the two.)
    answer = talk("how many AI engineers should we have per 5 data engineers?")
    assert answer.reason == "not_covered" and "$" not in answer.text


def test_a_percentage_with_a_base_after_a_ranking_takes_its_two_figures(talk):
    answer = talk("for a junior in Italy, is it cheaper than France?",
                  "by what percent, with France as the base?")
    assert answer.answered and "37.0%" in answer.text  # (€58,100 − €36,600) ÷ €58,100


def test_wk_is_a_week(talk):
    answer = talk("what does an AI engineer in New York make? per wk")
    assert answer.answered and "$2,953.85" in answer.text  # $153,600 ÷ 52


def test_one_more_of_another_level_on_top_of_what_a_budget_affords(talk):
    answer = talk("we have $600k: how many senior AI engineers?",
                  "is there room for a junior on top?")
    # 3 × $151,000 + $124,000 = $577,000; $600,000 − $577,000 = $23,000
    assert answer.answered and "$23,000" in answer.text


def test_the_whole_budget_spent_on_another_level_instead(talk):
    # (A guard: after one on top, the team is all counted; "all ... instead" fills it again.)
    answer = talk("we have $600k: how many senior AI engineers?",
                  "is there room for a junior on top?", "fine, all mid-level instead")
    assert answer.answered and "4 mid-level AI engineers" in answer.text  # $552,000


def test_counted_people_plus_the_rest_of_a_level_fill_the_budget(talk):
    # (A guard of "+ rest", which the cue how_many now says without "with" or "on".)
    answer = talk("budget of 450k for AI hires", "1 senior plus the rest juniors?")
    # $450,000 − $151,000 = $299,000: 2 juniors, $51,000 left
    assert answer.answered and "$51,000" in answer.text


def test_gross_or_net_asked_of_a_figure_named_by_its_amount_is_the_gap(talk):
    answer = talk("is the $138,000 for a mid-level AI engineer gross or net?")
    assert answer.reason == "not_covered" and "gross or net" in answer.text


def test_bonuses_asked_of_a_figure_named_by_its_amount_are_the_gap(talk):
    answer = talk("does the $153,600 New York number include bonuses?")
    assert answer.reason == "not_covered" and "bonuses" in answer.text


def test_a_reference_figure_named_by_its_amount_still_gets_its_source(talk):
    # (a guard: no gap named, so the figure is said for what it is)
    answer = talk("is the $136,600 number for AI engineers?")
    assert answer.answered and "Bureau of Labor Statistics" in answer.text
