"""What to search for a follow-up (made-up testers' domain): a pronoun that says too little is
the last subject, unless the message names the one it means."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from api.answer.compose import Answer, AnswerKind, Frame
from api.dialogue.context import elsewhere, names_gap, search_query
from api.dialogue.positions import list_kept, list_shown, with_ordinals, with_the_pair
from api.knowledge.model import Snippet

FRAME = Frame(topic="certs", subject="The Edelweiss testing certificate")


@pytest.fixture
def query(domain, reader, lexicon):
    def query(text: str) -> str:
        return search_query(domain, reader.read(text, lexicon.analyze(text)), FRAME, True)
    return query


def test_a_pronoun_that_says_too_little_is_the_last_subject(query):
    assert query("what does it cover?") == "what does The Edelweiss testing certificate cover?"


@pytest.mark.parametrize("text", ["and the Alpine one, what does it cover?",
                                  "what about the other one, what does it cover?"])
def test_a_message_that_names_its_own_one_is_searched_as_it_is(query, text):
    assert query(text) == text


@pytest.mark.parametrize(("text", "intent", "away"), [
    # A question of its own, read as off-topic, naming a place and no pay: not a follow-up.
    ("and what's the best way for her to get from the airport into Zurich?", "off-topic", True),
    ("and Zurich?", "off-topic", False),  # short: a follow-up whatever the classifier says
    ("and what would a G2 tester get in Zurich over there?", "off-topic", False),  # a level
    ("and what's the best way for her to get from the airport into Zurich?", "pay", False),
])
def test_a_question_of_its_own_about_a_place_is_elsewhere(reader, lexicon, text, intent, away):
    assert elsewhere(reader.read(text, lexicon.analyze(text)), intent) is away


def test_a_question_after_background_is_searched_alone_with_the_roles_named(query, domain):
    text = "We're a small team in Zurich hiring our first tester. Which skills matter most?"
    assert query(text) == f"Which skills matter most? {domain.role_name('tester')}"
    kept = "One applicant lists the Edelweiss certificate. What does it cover?"
    assert query(kept).startswith("One applicant")  # "it" is in the background


@pytest.mark.parametrize(("text", "read_as"), [
    ("and the last one?", "and Basel?"),
    ("first minus last?", "Zurich minus Basel?"),
    ("what about the second one", "what about Geneva"),
    ("the last one vs the first one?", "Basel vs Zurich?"),
    ("what does our first hire cost", "what does our first hire cost"),  # not a position
    ("what is the first-year figure", "what is the first-year figure"),
    ("and the fourth one?", "and the fourth one?"),  # the list has three
])
def test_a_position_names_the_item_of_the_last_list(text, read_as):
    assert with_ordinals(text, ["Zurich", "Geneva", "Basel"]) == read_as


def test_a_long_message_or_a_list_of_one_keeps_its_positions():
    long = "and what would the last one be if we hired two of them next spring?"
    assert with_ordinals(long, ["Zurich", "Basel"]) == long
    assert with_ordinals("and the last one?", ["Zurich"]) == "and the last one?"


def test_the_two_cities_are_the_last_two_places_asked_about():
    assert with_the_pair("gap between the 2 cities", ["Zurich", "Geneva", "Basel"]) == (
        "gap between Geneva and Basel")
    assert with_the_pair("both places per month?", ["Zurich", "Basel"]) == (
        "Zurich and Basel per month?")
    assert with_the_pair("gap between the 2 cities", ["Zurich"]) == "gap between the 2 cities"


def test_a_position_in_a_longer_question_still_names_the_item():
    text = "ok - so what does the third one on that list test, exactly?"  # 11 words
    assert with_ordinals(text, ["A", "B", "C"]) == "ok - so what does C on that list test, exactly?"


def _snippet(id: str, text: str, kind: str = "content") -> Snippet:
    return Snippet(id=id, title=id, text=text, topic="certs", source="made up",
                   as_of=date(2024, 1, 1), path="certs.md", line=1, kind=kind)


LIST = _snippet("certs/list", "The certificates:\n\n- Edelweiss\n- Matterhorn\n- Eiger")
ONE = _snippet("certs/matterhorn", "The Matterhorn certificate checks load testing.")


def test_a_position_keeps_pointing_into_the_list_it_named():
    snippets = {s.id: s for s in (LIST, ONE)}
    after_list = Frame(topic="certs", subject_id=LIST.id)
    assert list_shown(after_list, snippets.get) is LIST
    answer = Answer("The Matterhorn ...", True, AnswerKind.SNIPPET,
                    frame=Frame(topic="certs", subject_id=ONE.id))
    kept = list_kept(answer, LIST, named=True)
    assert kept.frame.listed_id == LIST.id and list_shown(kept.frame, snippets.get) is LIST
    # An answer about one of its items by name keeps it too ("which of those is hardest?"),
    # one about something else does not.
    assert list_kept(answer, LIST, named=False).frame.listed_id == LIST.id
    other = replace(answer, text="Load testing is a skill of its own.")
    assert list_kept(other, LIST, named=False).frame.listed_id == ""
    assert list_shown(Frame(salary=True, subject_id=LIST.id), snippets.get) is None


def test_a_gap_is_named_by_a_word_of_its_title_or_of_the_same_root(reader, lexicon):
    gap = _snippet("gaps/contractors", "Nothing on them.", kind="gaps")
    gap = Snippet(**{**gap.__dict__, "title": "Contractor day rates"})

    def names(text: str) -> bool:
        return names_gap(reader.read(text, lexicon.analyze(text)), gap)

    assert names("what does a contract tester charge?")  # "contract", of "contractor"
    assert names("contractors for the lab?")
    assert not names("what does a G2 tester earn a day?")  # "day": any pay


def test_a_list_shown_before_is_kept_for_its_top_bottom_and_other_one(domain):
    from api.dialogue.positions import positions_named

    cities = ["tester-zurich", "tester-geneva", "tester-basel"]
    after_one = Frame(salary=True, role="tester", records=["tester-basel"], listed=cities)

    def named(text: str, frame: Frame = after_one) -> str:
        return positions_named(text, frame, domain, None, lambda: [])

    assert named("and the top one?") == "and Zurich?"  # the highest of the list
    assert named("and the bottom city?") == "and Basel?"
    assert named("and the first one?") == "and Zurich?"  # in the order shown
    two = replace(after_one, listed=["tester-zurich", "tester-basel"])
    assert named("and the other one?", two) == "and Zurich?"
    assert named("the top and the bottom one?") == "the top and the bottom one?"  # (both ends)


def test_the_list_is_carried_while_answers_show_one_of_it(reader, lexicon):
    from api.dialogue.context import carried

    reading = reader.read("and the last one?", lexicon.analyze("and the last one?"))
    listing = carried(Frame(salary=True, records=["tester-zurich", "tester-basel"]), None,
                      reading)
    assert listing.listed == ["tester-zurich", "tester-basel"]
    one = carried(Frame(salary=True, records=["tester-basel"]), listing, reading)
    assert one.listed == listing.listed
    other = carried(Frame(salary=True, records=["tester-g1"]), one, reading)
    assert other.listed == []  # (a figure of no list shown)
