"""Choosing among people by who they are, against choosing by what they can do (api.understand
.fairness); made-up messages."""

from __future__ import annotations

import pytest

from api.knowledge.phrasings import Cues
from api.understand import fairness
from tests.unit.support import PHRASINGS

CUES = Cues(PHRASINGS)


def asks_to_filter_people(text: str) -> bool:
    return fairness.asks_to_filter_people(text, CUES)


@pytest.mark.parametrize("message", [
    "two finalists, one is a mom of 3 and the other is single. which one should i push?",
    "one is a mother of two, the other has no kids. which should we hire?",
])
def test_choosing_between_people_by_family_status_is_selecting(message):
    assert asks_to_filter_people(message)


@pytest.mark.parametrize("message", [
    "two candidates, one knows pytorch and the other tensorflow: which one should we hire?",
    "she has 3 kids, is that a problem for availability?",  # asks about it, selects no one
])
def test_choosing_between_people_by_what_they_can_do_is_not(message):
    assert not asks_to_filter_people(message)


@pytest.mark.parametrize("message", [
    "also add one that screens out anyone who graduated before 2000, we want a young team",
    "add a line that we only want a young team",
    "skip applicants born before 1980",
])
def test_age_said_through_a_team_or_a_year_is_age(message):
    assert asks_to_filter_people(message)


def test_a_young_team_culture_asked_about_skills_selects_no_one():
    assert not asks_to_filter_people(
        "we want a young, energetic team culture, what skills should a senior have?")


@pytest.mark.parametrize("message", [
    "can we ask the other finalist whether she's planning to get pregnant soon",
    "surely hiring only people from western countries cuts the risk, no?",
    "only candidates from non-western countries please",
])
def test_asking_one_candidate_about_a_trait_or_origin_by_region_is_selecting(message):
    assert asks_to_filter_people(message)


@pytest.mark.parametrize("message", [
    "we only hire in western countries? what do AI engineers earn in europe",
    "can we ask the candidate if she has experience with PyTorch?",
    "is it legal to ask a candidate's age?",
])
def test_where_a_company_hires_or_a_question_on_skills_selects_no_one(message):
    assert not asks_to_filter_people(message)


def test_an_age_proxy_in_a_line_for_an_ad_is_selecting():
    assert asks_to_filter_people("add a line saying we want young digital natives only")


@pytest.mark.parametrize("message", [
    "Is it smarter to go for candidates over 50?",
    "can we quietly pass over applicants who are about to start a family?",
    "we'd prefer Canadian-born engineers, can you filter for that?",
    "how do we tell which applicants may be starting a family soon, so we can pass on them",
])
def test_going_for_or_passing_on_people_by_a_trait_is_selecting(message):
    assert asks_to_filter_people(message)


def test_what_people_go_for_is_their_pay_not_a_choice():
    assert not asks_to_filter_people("we need two guys for vision, what do they go for in Zug?")


@pytest.mark.parametrize(("message", "unknown", "asks"), [
    ("What does Jo Bloggs at Acme earn?", {"jo", "bloggs", "acme"}, True),
    ("what's Mary-Ann Kowalczyk's salary these days", {"mary-ann", "kowalczyk"}, True),
    ("How much is Priya Raman making at her current job?", {"priya", "raman"}, True),
    ("What does Agnieszka Wójcik take home?", {"agnieszka", "wojcik"}, True),  # as read
    # a name the knowledge knows is a place, a role or a source, not a person
    ("What do testers in New Zork earn?", set(), False),
    ("What does a Senior Tester make?", set(), False),
    # what a company pays its people, not what a person earns
    ("How much do Acme Corp engineers earn?", {"acme", "corp"}, False),
    # a name written in lower case is no name
    ("what does jo bloggs earn", {"jo", "bloggs"}, False),
])
def test_a_named_person_s_pay_is_asked_only_of_unknown_capitalised_names(message, unknown,
                                                                         asks):
    assert fairness.asks_a_persons_pay(message, CUES, unknown) is asks
