"""Rules of the conversation found by the eighth blind round, each played with the real model
on the shipped knowledge: one conversation a rule, its expected answer in the test."""

from __future__ import annotations

import pytest

from api.dialogue.state import DialogueState


@pytest.fixture
def talk(real_service):
    conversation = real_service.engine.conversation

    def talk(*messages: str):
        state, answer = DialogueState(), None
        for message in messages:
            answer, state = conversation.reply(message, state)
        return answer
    return talk


def test_a_percentage_is_taken_of_the_figure_named_as_its_base(talk):
    answer = talk("bellevue vs bay area AI engineer pay, % gap with the bay area as the base",
                  "and with bellevue as base")
    assert "20.3% less" in answer.text


def test_a_gap_asked_as_a_share_of_one_figure_is_taken_of_that_figure(talk):
    answer = talk("junior vs senior AI engineer pay",
                  "what's that as a percent of the junior number")
    assert "21.8% more" in answer.text


def test_several_figures_are_each_worked_out_per_hour(talk):
    answer = talk("Per hour, what do a junior and a senior AI engineer cost us")
    assert answer.answered and "$59.62 an hour" in answer.text and "$72.60 an hour" in answer.text


def test_an_agency_s_hourly_charge_is_still_no_salary(talk):
    answer = talk("how much does Xenoss charge per hour for an outstaffed engineer?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_message_that_changes_the_subject_is_not_a_follow_up(talk):
    answer = talk("compare senior AI engineer pay with the BLS median for software engineers",
                  "unrelated: what's the euro to dollar exchange rate today")
    assert not answer.answered and answer.reason == "out_of_scope"


@pytest.mark.parametrize("message", [
    "any decent hotels near downtown Bellevue? flying a candidate in next week",
    "tell me a joke about recruiters",
])
def test_an_off_topic_request_that_mentions_a_hire_is_out_of_scope(talk, message):
    answer = talk(message)
    assert not answer.answered and answer.reason == "out_of_scope"


def test_the_going_rate_is_a_salary_not_a_contractor_s_rate(talk):
    answer = talk("whats the going rate for a mid ML eng in NYC atm?")
    assert answer.answered and "$138,000" in answer.text


def test_an_engineer_named_by_where_they_are_is_an_engineer(talk):
    answer = talk("What would a UK engineer cost per month?")
    assert answer.answered and "£5,053.83" in answer.text


def test_a_percentage_the_content_quotes_is_traced_to_its_passage(talk):
    answer = talk("the guide says demand for AI devs grows 23%. says who")
    assert "Bureau of Labor Statistics" in answer.text


def test_a_pay_comparison_of_what_the_tables_lack_is_answered_from_the_content(talk):
    answer = talk("do startups pay more than big tech?")
    assert answer.answered and "Big Tech" in answer.text


@pytest.mark.parametrize(("edit", "title"), [
    ("now same post but new york", "# Mid-level AI engineer (New York)"),
    ("please change to senior, sorry i mean senior not mid", "# Senior AI engineer (Boston"),
])
def test_a_drafted_post_is_changed_as_asked(talk, edit, title):
    answer = talk("job post for a mid-level AI engineer in Boston", edit)
    assert answer.kind == "kit" and title in answer.text


def test_a_team_named_again_is_the_team_counted_before(talk):
    answer = talk("2 senior AI engineers and 3 juniors: total annual base?",
                  "Do those figures include bonuses?",
                  "going back to the team of five - what's the average salary per head")
    assert "$134,800" in answer.text
