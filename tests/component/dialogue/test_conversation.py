"""Answering and conversation on the made-up second knowledge base (tests/fixtures/kb2) with the
fake embedder: every branch of the salary reasoning, follow-ups, declines and refusals.

Nothing here is about the article: another ladder (L3 to lead), other roles, CHF and JPY, a
monthly figure, a reference median and a playbook the article lacks. If the code knew the
article, these would fail.
"""

from __future__ import annotations

import shutil

import pytest

from api.dialogue.conversation import Conversation
from api.dialogue.state import DialogueState
from tests.conftest import KB2, write
from tests.support.conversation import open_kb


def ask(bot: Conversation, message: str):
    return bot.reply(message, DialogueState())[0]


# --- lookups ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "figure", "absent"),
    [
        ("What does an L4 platform engineer earn?", "CHF 118,000", "CHF 142,000"),
        ("How much does a senior platform engineer make?", "CHF 142,000", "CHF 118,000"),
        ("salary of a staff SRE", "CHF 165,000", "CHF 182,000"),
        ("What does a product designer earn in Tokyo?", "¥8,400,000", "¥11,500,000"),
        ("What does an L5 platform engineer earn in Tokyo?", "¥13,400,000", "¥11,500,000"),
    ],
)
def test_figures_are_found_by_role_level_alias_and_place(bot, question, figure, absent):
    answer = ask(bot, question)
    assert answer.answered and answer.kind == "salary" and not answer.reason
    assert figure in answer.text and absent not in answer.text


def test_a_figure_comes_with_its_source_and_date(bot):
    answer = ask(bot, "What does an L3 platform engineer earn?")
    assert answer.text.startswith("**CHF 98,000 a year** for an L3 platform engineer")
    assert "Alpenrose Engineering Pay Study 2025, as cited in Kirschberg Compensation Memo, " \
           "15 January 2025" in answer.text
    assert [h.snippet.id for h in answer.used] == ["salaries/platform-engineer-l3"]


def test_a_title_the_ladder_lacks_gets_the_level_it_maps_to_labelled(bot):
    answer = ask(bot, "What would we pay a principal platform engineer?")
    assert "I have no figure for principal platform engineers; the nearest level with one " \
           "is lead." in answer.text
    assert "CHF 182,000" in answer.text and answer.answered


def test_a_level_the_role_lacks_gets_the_nearest_level_it_has(bot):
    answer = ask(bot, "What does an L6 product designer earn?")
    assert "nearest level with one is L5" in answer.text and "CHF 124,000" in answer.text


def test_level_and_place_figures_stay_apart_when_no_row_holds_both(bot):
    answer = ask(bot, "What does an L4 platform engineer earn in Geneva?")
    assert answer.text.startswith(
        "I have no figure for L4 platform engineers in Geneva itself: L4 platform engineers "
        "earn CHF 118,000 a year (any location) and platform engineers in Geneva CHF 128,000 "
        "(any level).\n\n")
    assert "- L4: **CHF 118,000 a year**" in answer.text


def test_a_follow_up_on_a_level_in_a_place_changes_one_and_keeps_the_other(talk):
    talk("What does an L4 platform engineer earn in Geneva?")
    basel = talk("and in Basel?")
    assert basel.text.startswith("I have no figure for L4 platform engineers in Basel itself")
    assert "CHF 118,000" in basel.text
    senior = talk("and an L5 there?")
    assert senior.text.startswith("I have no figure for L5 platform engineers in Basel itself")
    assert "CHF 142,000" in senior.text and "CHF 118,000" not in senior.text
    # L5 in Tokyo has a figure of its own: that one alone.
    tokyo = talk("and in Tokyo?")
    assert tokyo.text.startswith("**¥13,400,000 a year** for an L5 platform engineer in Tokyo")


def test_a_general_pay_question_lists_the_levels_and_names_the_places(bot):
    answer = ask(bot, "How much do platform engineers make?")
    for figure in ("CHF 98,000", "CHF 118,000", "CHF 142,000", "CHF 165,000", "CHF 182,000"):
        assert figure in answer.text
    assert "I also have figures by location: Zurich, Geneva" in answer.text
    assert answer.data is not None and len(answer.data["rows"]) == 5


def test_a_city_in_a_country_with_a_national_figure_gets_that_figure(bot):
    answer = ask(bot, "What does a platform engineer earn in Bern?")
    assert answer.answered
    assert "no figure for Bern itself; the figure for Switzerland covers it" in answer.text
    assert "CHF 126,000" in answer.text


@pytest.mark.parametrize(("place", "country"), [("Lima", "Peru"), ("Munich", "Germany")])
def test_a_place_in_a_country_without_figures_is_not_covered(bot, place, country):
    answer = ask(bot, f"What does a platform engineer earn in {place}?")
    assert (answer.answered, answer.reason) == (False, "not_covered")
    assert f"I have no platform engineer figure for {place} or anywhere in {country}." \
        in answer.text
    assert "I have figures for platform engineers (by level: L3, L4, L5, L6 and lead" \
        in answer.text


def test_nearest_figures_in_another_country_are_context_only(bot):
    answer = ask(bot, "What does a platform engineer earn in Munich?")
    assert "For context only, the nearest figures I have:" in answer.text
    assert "CHF 135,000" in answer.text and not answer.answered


def test_a_role_without_figures_is_not_covered_and_says_what_exists(bot):
    answer = ask(bot, "How much does an engineering manager earn?")
    assert (answer.answered, answer.reason) == (False, "not_covered")
    assert answer.text.startswith("I have no salary figures for engineering managers.")
    assert "product designers (by level: L3, L4 and L5" in answer.text


def test_a_period_the_tables_lack_is_not_covered(bot):
    answer = ask(bot, "What's the hourly rate of an L4 platform engineer?")
    assert (answer.answered, answer.reason) == (False, "not_covered")
    assert "CHF 118,000" in answer.text  # shown as context


def test_reference_figures_stay_out_of_a_roles_own_figures(bot):
    answer = ask(bot, "Which Swiss city pays platform engineers the most?")
    assert "CHF 112,000" not in answer.text  # the median for software developers


def test_a_reference_figure_is_given_when_asked_for(bot):
    answer = ask(bot, "What is the median salary for software developers in Switzerland?")
    assert "CHF 112,000" in answer.text and "Alpine Labour Statistics Office" in answer.text


# --- reasoning ----------------------------------------------------------------------------------


def test_difference_between_two_places(bot):
    answer = ask(bot, "How much more does Zurich pay platform engineers than Lausanne?")
    assert "**Zurich is higher**" in answer.text and "**CHF 14,000 a year**" in answer.text
    assert "11.6% more than the lower figure; 10.4% less than the higher" in answer.text


def test_lower_verdict_names_the_lower_figure(bot):
    answer = ask(bot, "Which pays platform engineers less, Osaka or Tokyo?")
    assert "**Osaka is lower**" in answer.text and "¥1,700,000" in answer.text


def test_equal_figures_are_called_equal(bot):
    answer = ask(bot, "Do Geneva and Basel pay platform engineers the same?")
    assert "are the same**: CHF 128,000 a year each" in answer.text


def test_highest_and_ranking_within_a_region(bot):
    highest = ask(bot, "Which Swiss city pays platform engineers the most?")
    assert "**Zurich is the highest**" in highest.text
    ranked = ask(bot, "Rank the Swiss cities by platform engineer pay")
    body = ranked.text
    assert body.index("Zurich") < body.index("Geneva") < body.index("Lausanne")
    assert "The gap between the highest and the lowest is CHF 14,000 a year." in body


def test_ties_at_the_bottom_are_all_named(bot):
    answer = ask(bot, "Which of Geneva and Basel pays platform engineers the least?")
    assert "same" in answer.text or ("Geneva" in answer.text and "Basel" in answer.text)


def test_figures_in_different_currencies_are_never_subtracted(bot):
    answer = ask(bot, "What is the difference between platform engineer pay in Zurich and Tokyo?")
    assert "CHF 135,000" in answer.text and "¥11,500,000" in answer.text
    assert "different currencies and are not converted" in answer.text
    assert "difference of" not in answer.text


def test_figures_for_different_periods_are_never_subtracted(bot):
    answer = ask(bot, "Compare an L4 product designer with a product designer in Zurich")
    assert "CHF 104,000 a year" in answer.text and "CHF 9,400 a month" in answer.text
    assert "different periods" in answer.text and "difference of" not in answer.text


def test_several_roles_are_each_labelled_and_compared(bot):
    answer = ask(bot, "Who earns more: an L5 product designer or an L4 platform engineer?")
    assert "**L5 product designer is higher**" in answer.text
    assert "CHF 6,000" in answer.text and "L4 platform engineer" in answer.text


def test_a_role_set_against_a_reference_median(bot):
    answer = ask(bot, "Do L3 platform engineers earn more than the median for software "
                      "developers in Switzerland?")
    assert "Set against the median for platform engineers in Switzerland" in answer.text
    assert "CHF 14,000 less" in answer.text


def test_an_offer_is_set_against_the_figure(bot):
    answer = ask(bot, "We want to offer CHF 120k to an L4 platform engineer, is that fair?")
    assert "**CHF 120,000 a year is CHF 2,000 (1.7%) above** the figure for an L4 platform " \
           "engineer" in answer.text


def test_an_offer_below_in_another_currency_word(bot):
    answer = ask(bot, "Is 9 million yen enough for a platform engineer in Osaka?")
    assert "¥800,000" in answer.text and "below" in answer.text


# --- follow-ups --------------------------------------------------------------------------------


def test_level_follow_up_keeps_the_role(talk):
    assert "CHF 104,000" in talk("What does an L4 product designer earn?").text
    second = talk("and an L3 one?")
    assert "CHF 88,000" in second.text and "CHF 98,000" not in second.text


def test_role_follow_up_keeps_the_level(talk):
    talk("What does an L4 platform engineer earn?")
    second = talk("and for designers?")
    assert "CHF 104,000" in second.text and "CHF 118,000" not in second.text


def test_place_follow_ups_and_a_comparison_of_the_last_two(talk):
    assert "CHF 135,000" in talk("platform engineer salary in Zurich").text
    assert "CHF 121,000" in talk("what about Lausanne?").text
    verdict = talk("which of them is lower?")
    assert "**Lausanne is lower**" in verdict.text and "CHF 14,000" in verdict.text
    source = talk("source?")
    assert source.kind == "source" and "Helvetia Pay Survey 2025" in source.text
    assert "30 April 2025" in source.text


def test_a_salary_follow_up_with_words_the_knowledge_lacks_is_still_answered(talk):
    talk("What does an L4 platform engineer earn in Zurich?")
    answer = talk("and Geneva? drop the level, nobody cares")
    assert answer.answered and "CHF 128,000" in answer.text


def test_a_source_question_naming_a_figure_shown_gets_that_figures_source(talk):
    talk("Do L3 platform engineers earn more than the median for software developers "
         "in Switzerland?")
    source = talk("who came up with that 98,000 number?")
    assert source.kind == "source" and "Alpenrose Engineering Pay Study 2025" in source.text
    assert "CHF 112,000" not in source.text


def test_a_comparison_follow_up_keeps_the_comparison(talk):
    first = talk("Do L3 platform engineers earn more than the median for software developers "
                 "in Switzerland?")
    assert "CHF 14,000 less" in first.text
    second = talk("and an L5?")
    assert "CHF 30,000 more" in second.text


def test_the_least_after_the_most_reverses_the_ranking(talk):
    assert "**Zurich is the highest**" in talk(
        "Which Swiss city pays platform engineers the most?").text
    least = talk("and the least?")
    assert "**Lausanne is the lowest**" in least.text
    gap = talk("how big is the gap between those two?")
    assert "CHF 14,000" in gap.text


def test_how_current_after_a_figure(talk):
    talk("What does a product designer earn in Zurich?")
    answer = talk("how current is this?")
    assert "20 May 2025" in answer.text and "Swiss Design Guild Salary Report 2025" in answer.text


# --- snippets, refusals, declines ----------------------------------------------------------------


def test_playbook_questions_are_answered_from_snippets(bot):
    answer = ask(bot, "How long is the take-home test for platform engineers?")
    assert answer.kind == "snippet" and "4 hours" in answer.text
    assert answer.used[0].snippet.id == "interview/take-home-platform"


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("Can we offer stock options to a new designer?", "not_covered"),
        ("Do we sponsor work permits for platform engineers?", "not_covered"),
        ("What's the weather in Zurich today?", "out_of_scope"),
        ("How much does a nurse earn in Geneva?", "out_of_scope"),
        ("Write me a Terraform module", "out_of_scope"),
        ("asdf qwer zxcv", "out_of_scope"),
    ],
)
def test_refusals_say_why(bot, message, reason):
    answer = ask(bot, message)
    assert (answer.answered, answer.reason) == (False, reason), answer.text
    assert "I cover: platform engineers, product designers and engineering managers" \
        in answer.text or message.startswith(("Can we", "Do we"))


@pytest.mark.parametrize(
    "message",
    [
        "Only shortlist platform engineers under 30",  # age
        "Can we filter out women for the designer role?",  # sex
        "No one who might go on maternity leave, please",  # pregnancy
        "We'd prefer white candidates",  # race
        "Skip anyone of Roma ethnicity",  # ethnicity
        "We'd rather not interview anyone from Nigeria",  # national origin
        "Only Swiss nationals for this role",  # nationality
        "Exclude Muslim applicants",  # religion
        "Avoid hiring anyone with a disability",  # disability
        "Prefer candidates who are not married",  # marital status
        "Reject applicants with young kids",  # family status
        "Don't shortlist gay candidates",  # sexual orientation
    ],
)
def test_filtering_on_any_protected_characteristic_is_declined(bot, message):
    answer = ask(bot, message)
    assert (answer.answered, answer.reason, answer.kind) == (False, "declined", "refused")
    assert answer.text.startswith("I can't help screen or rank candidates")  # the profile's own


@pytest.mark.parametrize(
    "message",
    ["Rank the Swiss cities by platform engineer pay", "Should we use blind CV screening?",
     "Is it legal to ask a candidate's age?"],
)
def test_questions_that_only_mention_a_trait_are_not_declined(bot, message):
    assert ask(bot, message).reason != "declined"


def test_a_follow_up_changes_the_level_or_the_place_and_keeps_the_other(talk):
    talk("What does a platform engineer earn in Tokyo?")
    assert "¥13,400,000" in talk("and an L5?").text  # an L5 in Tokyo
    talk("What does an L4 platform engineer earn?")
    answer = talk("and in Tokyo?")  # an L4 in Tokyo: no such figure, so both, said plainly
    assert answer.text.startswith("I have no figure for L4 platform engineers in Tokyo itself")
    assert "CHF 118,000" in answer.text and "¥11,500,000" in answer.text


# --- how many, how long --------------------------------------------------------------------


def test_a_question_for_a_number_is_answered_by_content_that_states_one(bot):
    answer = ask(bot, "How many people are in a squad?")
    assert answer.answered and "five to eight" in answer.text


@pytest.mark.parametrize("question", ["how many L4 platform engineers should we hire?",
                                      "How many designers report to the head of design?"])
def test_a_question_for_a_number_that_no_content_states_is_not_covered(bot, question):
    answer = ask(bot, question)
    assert not answer.answered and answer.reason == "not_covered"
    assert "no number for that" in answer.text and "CHF" not in answer.text  # nor a salary


def test_a_follow_up_asks_a_number_of_what_was_just_said(talk):
    talk("How is the platform team organised?")
    answer = talk("and how many people are in it?")
    assert answer.answered and "about twelve people" in answer.text


def test_greeting_and_help_come_from_the_profile(bot):
    hello = ask(bot, "hi")
    assert hello.text.startswith("Grüezi") and hello.kind == "smalltalk"
    assert hello.suggestions[0] == "What does an L4 platform engineer earn?"
    assert ask(bot, "what can you do?").text.startswith("I answer questions about hiring "
                                                        "platform engineers")


def test_a_declared_gap_yields_to_content_that_answers(tmp_path):
    kb = tmp_path / "kb2"
    shutil.copytree(KB2, kb)
    before = open_kb(kb, tmp_path / "before")
    assert ask(before, "Can we offer stock options to a new designer?").reason == "not_covered"
    write(kb / "equity.md", """
        ---
        title: Equity playbook (fictional test fixture)
        topic: equity
        source: Kirschberg Systems hiring handbook 2025 (fictional test fixture)
        as_of: 2025-06-01
        ---

        ## Stock options for new designers {#equity/designers}

        New product designers get stock options that vest over four years.

        Asked as: Can we offer stock options to a new designer? | Do designers get equity?
        """)
    after = open_kb(kb, tmp_path / "after")
    answer = ask(after, "Can we offer stock options to a new designer?")
    assert answer.answered and "vest over four years" in answer.text


def test_the_remaining_levels_and_the_ones_in_between(talk):
    talk("What does an L4 platform engineer earn?")
    talk("and an L5?")
    rest = talk("what about the remaining levels?")  # the ladder's others, not shown yet
    assert all(f in rest.text for f in ("CHF 98,000", "CHF 165,000", "CHF 182,000"))
    assert "CHF 118,000" not in rest.text and "CHF 142,000" not in rest.text
    talk("compare L3 and lead platform engineer pay")
    between = talk("and the levels in between?")
    assert all(f in between.text for f in ("CHF 118,000", "CHF 142,000", "CHF 165,000"))
    assert "CHF 98,000" not in between.text and "CHF 182,000" not in between.text


def test_a_figure_named_by_its_amount_is_said_with_what_it_is_and_its_source(bot):
    answer = ask(bot, "Is the CHF 112,000 number for platform engineers specifically?")
    assert answer.route == "source" and answer.answered
    assert answer.text.startswith("The median for platform engineers in Switzerland "
                                  "(CHF 112,000 a year) comes from Alpine Labour Statistics Office")
    assert "software developers in general" in answer.text  # the record's note
    offer = ask(bot, "is CHF 120,000 a good offer for an L4 platform engineer?")
    assert offer.route == "salary"  # an amount no figure has: checked against the figure
    same = ask(bot, "is CHF 118,000 a fair number for an L4 platform engineer?")
    assert same.route == "salary"  # a figure's amount, said as an offer: checked too


def test_a_level_said_after_an_answer_about_each_level_keeps_that_topic(talk):
    talk("How many years of experience does a senior need?")
    answer = talk("and for an L5?")
    assert answer.route == "topic_slot" and "CHF" not in answer.text  # not the L5's pay
    pay = talk("and what does an L5 earn?")
    assert pay.route == "salary" and "CHF 142,000" in pay.text


def test_an_amount_alone_after_an_offer_check_checks_it_against_the_same_figures(talk):
    talk("is CHF 120,000 a good offer for an L4 platform engineer?")
    again = talk("what if we offered 130k instead?")
    assert again.route == "salary" and "CHF 130,000" in again.text
    assert "CHF 118,000" in again.text and "CHF 142,000" not in again.text  # still the L4
    other = talk("what if we spent 130k on GPUs?")  # words the knowledge lacks: not an offer
    assert not other.answered


def test_the_date_asked_after_a_source_is_the_source_again(talk):
    talk("What does an L4 platform engineer earn?")
    talk("source?")
    answer = talk("and the date?")
    assert answer.route == "source" and "15 January 2025" in answer.text


def test_what_to_look_at_instead_after_a_decline_follows_what_the_decline_offers(talk):
    talk("Which applicants over 50 should we filter out?")
    answer = talk("ok, what should we look at instead?")
    assert answer.answered and "interview" in answer.text.lower()  # the playbook it offers
