"""Hiring kits asked for in the conversation, on the made-up second knowledge base and on the
shipped one, with the fake model: drafted, changed by follow-ups, offered under a salary answer,
declined when asked to filter people, and told apart from ordinary questions."""

from __future__ import annotations

import pytest

from api.answer.kit_ask import JOB_POST, SCORECARD
from api.cli.evaluation import load_conversations
from api.dialogue.conversation import Conversation
from tests.conftest import KNOWLEDGE, ROOT
from tests.support.conversation import Talk, open_kb
from tests.support.kits import blind_problems


@pytest.fixture(scope="module")
def article_bot(tmp_path_factory) -> Conversation:
    return open_kb(KNOWLEDGE, tmp_path_factory.mktemp("article") / "index")


def test_a_kit_asked_for_in_the_chat_is_drafted_and_changed_by_follow_ups(bot):
    talk = Talk(bot)
    first = talk("Please draft a job ad for a senior platform engineer in Geneva")
    assert first.kind == "kit" and first.answered
    assert first.data["kind"] == JOB_POST and first.data["level"] == "l5"
    assert first.data["location"] == "Geneva" and first.text == first.data["markdown"]
    assert {h.snippet.id for h in first.used} >= {"roles/platform-engineer",
                                                  "salaries/platform-engineer-geneva"}
    assert first.suggestions == ("Make it L4", "For Tokyo instead", "Draft a scorecard")
    second = talk(first.suggestions[0])
    assert (second.data["level"], second.data["location"]) == ("l4", "Geneva")
    third = talk("for Tokyo instead")
    assert (third.data["level"], third.data["location"]) == ("l4", "Tokyo")
    card = talk("now the scorecard")
    assert card.data["kind"] == SCORECARD and card.data["level"] == "l4"
    assert talk("and for a product designer?").data["role"] == "product-designer"


def test_asking_to_add_a_protected_characteristic_is_declined(bot):
    talk = Talk(bot)
    assert talk("Give me a scorecard to screen SRE CVs").kind == "kit"
    for message in ("add age to the scorecard", "also score them on nationality",
                    "and gender?"):
        answer = talk(message)
        assert (answer.answered, answer.reason) == (False, "declined"), message
    # The conversation is still about the scorecard.
    assert talk("make it L6").data["level"] == "l6"
    assert talk("Write a job ad for a designer, no women").reason == "declined"


def test_a_salary_answer_offers_the_job_post_for_the_same_figures(bot):
    talk = Talk(bot)
    single = talk("What does an L5 platform engineer earn in Tokyo?")
    assert single.kind == "salary"
    draft = single.data["draft"]
    assert draft == {"label": "Draft a job ad",
                     "message": "Draft a job ad for an L5 platform engineer in Tokyo"}
    assert len(single.data["rows"]) == 1
    post = talk(draft["message"])
    assert post.kind == "kit"
    assert [b["source"] for s in post.data["sections"] if s["id"] == "pay"
            for b in s["bullets"]] == ["platform-engineer-l5-tokyo"]
    several = Talk(bot)("How much do product designers earn by level?")
    assert several.data["draft"]["message"] == "Draft a job ad for a product designer"
    assert several.data["rows"] and len(several.data["rows"]) > 1


def test_no_content_and_unknown_roles_are_said_plainly(bot):
    manager = Talk(bot)("Draft a scorecard for an engineering manager")
    assert (manager.answered, manager.reason) == (False, "not_covered")
    assert manager.text == ("I have no content for a scorecard for engineering managers. I can "
                            "draft one for platform engineers and product designers.")
    nurse = Talk(bot)("Write a job ad for a nurse")
    assert (nurse.answered, nurse.reason) == (False, "out_of_scope")
    assert "for nurses" in nurse.text and "platform engineers" in nurse.text
    wrong = Talk(bot)("Draft a job ad for an M2 platform engineer")
    assert not wrong.answered and "levels are L3, L4, L5, L6 and lead" in wrong.text


@pytest.mark.parametrize(
    "message",
    [
        "What does a platform engineer do?",
        "Platform engineer job description",
        "Requirements for the platform engineer job ad",
        "How do I write a job ad?",
        "Is the CKA noted on the scorecard?",
        "How do we score candidates?",
        "What should I look for in a platform engineer's CV?",
        "Write me a Terraform module",
        "Can you give me 5 good interview questions to ask them?",
        "We're hiring platform engineers, what should the ad say about pay?",
        "Should we advertise the role, and where do people post listings?",
        "Make adjustments for a junior platform engineer?",
        "Job posting for a platform engineer: what should it include?",
        "Should we write a checklist for the platform team?",
    ],
)
def test_ordinary_questions_are_not_taken_for_kit_requests(bot, message):
    assert Talk(bot)(message).kind != "kit"


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Draft a job post for a senior AI engineer in Boston", JOB_POST),
        ("write a JD for a junior ML engineer", JOB_POST),
        ("could you help me write a job description for an ML engineer?", JOB_POST),
        ("I need a job ad for an AI developer", JOB_POST),
        ("job posting for a sr AI developer based in the UK please", JOB_POST),
        ("Give me a scorecard to screen AI engineer CVs", SCORECARD),
        ("put together a screening checklist for AI engineer applicants", SCORECARD),
        ("which criteria matter for ML engineer CVs? a rubric would help", SCORECARD),
        ("I'm hiring an AI engineer in Italy, could you draft the listing?", JOB_POST),
        ("We need a machine learning engineer. Please write the ad for us", JOB_POST),
        ("hiring a senior AI dev in Germany - can you put together our job advert?", JOB_POST),
        # Bare: the kit and what it is for; asked around the job to be advertised; ESL.
        ("job posting, mid level, NYC", JOB_POST),
        ("JD for a staff ML engineer", JOB_POST),
        ("we need to advertise a lead AI engineer position in Germany, draft it", JOB_POST),
        ("My boss wants an opening posted on our careers site by Friday for a junior ML "
         "engineer. Could you draft the text for me?", JOB_POST),
        ("please you can write announcement of job for AI engineer senior in Bellevue?",
         JOB_POST),
        ("give me a checklist I can use to screen CVs for a senior AI engineer", SCORECARD),
    ],
)
def test_requests_for_kits_in_many_words(article_bot, message, kind):
    answer = Talk(article_bot)(message)
    assert answer.kind == "kit" and answer.data["kind"] == kind, answer.text


def test_a_kit_follow_up_does_not_swallow_a_pay_question(article_bot):
    talk = Talk(article_bot)
    talk("Draft a job post for a senior AI engineer in Boston")
    pay = talk("what does a senior AI engineer earn in Germany?")
    assert pay.kind == "salary" and "€71,400" in pay.text
    assert talk("Job description for an AI developer").kind != "kit"


def test_the_blind_kit_set_reads_requests_and_follow_ups_without_the_model(article_bot):
    """The blind set of kit conversations (written apart from the code) on the article, with
    the fake model (kits are read without search); the real model plays it below too."""
    for convo in load_conversations(ROOT / "tests/eval/blind/kit.jsonl"):
        talk = Talk(article_bot)
        for turn in convo["turns"]:
            answer = talk(turn["message"])
            problems = blind_problems(answer, turn)
            assert not problems, (convo["id"], turn["message"], problems)


def test_a_question_about_a_document_offers_to_draft_one(article_bot):
    talk = Talk(article_bot)
    answer = talk("What should I put in a job description for an AI engineer?")
    assert answer.kind != "kit" and answer.answered
    offer = answer.suggestions[0]
    assert offer == "Draft a job post for an AI engineer" and len(answer.suggestions) <= 3
    drafted = talk(offer)
    assert drafted.kind == "kit" and drafted.data["kind"] == JOB_POST
    plain = Talk(article_bot)("What skills should an AI engineer have?")
    assert not any(s.startswith("Draft") for s in plain.suggestions)


def test_sections_are_left_out_put_back_and_checked_in_the_chat(bot):
    talk = Talk(bot)
    talk("Please draft a job ad for a senior platform engineer in Geneva")
    dropped = talk("we never publish pay in ads, take that section out")
    assert dropped.kind == "kit" and dropped.text.startswith("Without **Pay**, as asked.")
    assert dropped.data["omitted"] == ["Pay"] and "Pay" not in dropped.data["missing"]
    assert "*Left out, as asked: Pay.*" in dropped.text
    assert not [s for s in dropped.data["sources"] if s["kind"] == "record"]
    # Left out it stays out when the kit changes.
    senior = talk("make it L4")
    assert senior.data["level"] == "l4" and senior.data["omitted"] == ["Pay"]
    both = talk("drop the certifications part too")
    assert both.data["omitted"] == ["A plus", "Pay"]
    back = talk("put the pay back in")
    assert back.text.startswith("**Pay** is back in.") and back.data["omitted"] == ["A plus"]
    assert [s for s in back.data["sources"] if s["kind"] == "record"]
    unclear = talk("remove the skills section")
    assert unclear.text.startswith("Which section? The job ad has: The role, What you will do")
    assert unclear.data["omitted"] == ["A plus"]  # nothing changed


def test_asking_whether_a_kit_has_something_quotes_where_it_is(bot):
    talk = Talk(bot)
    talk("Please draft a job ad for a senior platform engineer")
    there = talk("make sure on-call is in there somewhere")
    assert there.kind == "kit"
    assert there.text.startswith("That is in it already, under **What you will do**")
    absent = talk("make sure kubernetes certification is in there")
    assert absent.text.startswith("Nothing the job ad quotes says")


def test_the_last_kit_is_still_edited_after_a_question_in_between(bot):
    talk = Talk(bot)
    talk("Please draft a job ad for a senior platform engineer in Geneva")
    assert talk("take the pay section out").data["omitted"] == ["Pay"]
    aside = talk("How long is the take-home exercise?")
    assert aside.kind != "kit"
    back = talk("on second thought, put the pay bit back")
    assert back.kind == "kit" and back.data["omitted"] == [] and back.data["level"] == "l5"
    talk("How long is the take-home exercise?")
    card = talk("Now can I get the matching scorecard?")
    assert card.data["kind"] == SCORECARD and card.data["level"] == "l5"


@pytest.mark.parametrize(
    ("message", "kind"),
    [("need a scorecard to screen L4 platform engineers", SCORECARD),
     ("want a job ad for a senior platform engineer", JOB_POST)],
)
def test_a_kit_asked_for_without_a_subject(bot, message, kind):
    answer = Talk(bot)(message)
    assert answer.kind == "kit" and answer.data["kind"] == kind


def test_a_section_wanted_again_and_a_line_that_must_be_in(bot):
    talk = Talk(bot)
    talk("Please draft a job ad for a senior platform engineer")
    talk("drop the certifications part")
    again = talk("actually I want the certification stuff in there again")
    assert again.text.startswith("**A plus** is back in.")
    check = talk("On-call needs to be in the duties. Is it?")
    assert check.text.startswith("That is in it already, under **What you will do**")


def test_a_scorecard_keeps_its_place_and_hands_it_to_the_next_kit(bot):
    talk = Talk(bot)
    card = talk("can u make a hiring scorecard for an L5 platform engineer in zurich")
    assert card.data["kind"] == SCORECARD and card.data["location"] == "Zurich"
    assert card.text.startswith("# Scorecard: L5 platform engineer (Zurich)")
    post = talk("now a job post for the same role")
    assert (post.data["kind"], post.data["level"], post.data["location"]) == (
        JOB_POST, "l5", "Zurich")
