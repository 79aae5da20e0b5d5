"""Questions in another language, on the made-up second knowledge base (its profile lists
German and French) with the fake embedder: a clear one is answered in English after the
language's own line, one the knowledge cannot read is refused with `other_language`."""

from __future__ import annotations

import pytest

from api.dialogue.conversation import Conversation
from api.dialogue.state import DialogueState
from tests.support.conversation import Talk

GERMAN_ANSWERING = "Hier die Antwort, auf Englisch:"
GERMAN_ASK = "Der Schalter liest nur Englisch."
ENGLISH_ASK = "The hiring desk reads English only; please ask again in English."


def ask(bot: Conversation, message: str):
    return bot.reply(message, DialogueState())[0]


def test_a_clear_german_question_is_answered_in_english_after_a_german_line(bot):
    answer = ask(bot, "Wie viel verdient ein L4 Platform Engineer in Zürich?")
    assert answer.answered and answer.reason is None and answer.kind == "salary"
    assert answer.text.startswith(f"{GERMAN_ANSWERING}\n\n")
    assert "CHF 118,000" in answer.text and "CHF 135,000" in answer.text
    assert answer.route == "language+salary"
    english = ask(bot, "What does an L4 platform engineer earn in Zurich?")
    assert answer.text == f"{GERMAN_ANSWERING}\n\n{english.text}"  # as English is answered


def test_a_german_question_the_knowledge_cannot_read_is_refused_with_other_language(bot):
    answer = ask(bot, "Welche Fähigkeiten braucht ein Platform Engineer für die Bereitschaft?")
    assert not answer.answered and answer.reason == "other_language"
    assert answer.text == f"{GERMAN_ASK}\n\n{ENGLISH_ASK}"
    assert answer.detail == "asked in German" and answer.route == "language"
    assert answer.suggestions  # questions it can answer, in English


def test_a_conversation_goes_on_in_another_language(bot):
    talk = Talk(bot)
    first = talk("Combien gagne un L5 platform engineer ?")
    assert first.answered and "CHF 142,000" in first.text
    assert first.text.startswith("Voici la réponse, en anglais :")
    second = talk("Et pour un L3 à Genève ?")  # a follow-up: the same role
    assert second.answered and second.route.startswith("language+")
    assert "CHF 98,000" in second.text and "CHF 128,000" in second.text
    third = talk("Et à Bâle ?")  # one word of French is not enough to tell it: read as English
    assert third.answered and third.route == "salary" and "CHF 128,000" in third.text


@pytest.mark.parametrize(
    "message",
    ["What does an L4 platform engineer earn in Zürich?",
     "Is the Schweiz figure for platform engineers a median?"],
)
def test_english_with_a_foreign_place_stays_english(bot, message):
    assert not ask(bot, message).route.startswith("language")


def test_a_word_for_pay_in_another_language_asks_about_pay_in_english_too(bot):
    answer = ask(bot, "Lohn L5 platform engineer?")  # no word says which language
    assert answer.answered and answer.route == "salary" and "CHF 142,000" in answer.text
