"""The profile's other languages (`languages:`): read, kept in a build, and every problem
reported as `file:line`."""

from __future__ import annotations

import pytest

from api.knowledge.loader import load_knowledge
from api.knowledge.profile import DEFAULT_ASK_IN_ENGLISH, Profile
from tests.conftest import KNOWLEDGE, SMALL_PROFILE
from tests.support.knowledge import problems_of, small_kb

# Two languages the shipped knowledge does not list, with made-up lines.
LANGUAGES = """languages:
  - id: nl
    name: Dutch
    words: [de, het, een, hoeveel, wat, voor, 'op']
    answering: Het antwoord volgt in het Engels.
    ask_in_english: Ik antwoord alleen in het Engels.
    thanks: [bedankt, dank je]
  - id: sv
    name: Swedish
    words: [hur, mycket, en, ett, för, ¿]
    answering: Svaret följer på engelska.
    ask_in_english: Jag svarar bara på engelska.
"""


kb = small_kb



def test_languages_are_read_with_their_words_signs_and_lines(tmp_path):
    profile = load_knowledge(kb(tmp_path, SMALL_PROFILE + LANGUAGES)).profile
    dutch, swedish = profile.languages
    assert (dutch.id, dutch.name, dutch.answering) == (
        "nl", "Dutch", "Het antwoord volgt in het Engels.")
    assert dutch.marks == {"de", "het", "een", "hoeveel", "wat", "voor", "op"}
    assert swedish.marks == {"hur", "mycket", "en", "ett", "for"}  # as messages read: no accent
    assert swedish.signs == ("¿",) and dutch.signs == ()
    assert dutch.thanks == ("bedankt", "dank je") and swedish.thanks == ()
    assert profile.assistant.ask_in_english == DEFAULT_ASK_IN_ENGLISH


def test_languages_and_the_line_in_english_survive_a_build(tmp_path):
    text = SMALL_PROFILE.replace(
        "  placeholder:", "  ask_in_english: Only English here, sorry.\n  placeholder:")
    profile = load_knowledge(kb(tmp_path, text + LANGUAGES)).profile
    again = Profile.from_dict(profile.to_dict())
    assert again.languages == profile.languages
    assert again.assistant.ask_in_english == "Only English here, sorry."


def test_a_build_made_before_languages_reads_every_message_as_english(tmp_path):
    data = load_knowledge(kb(tmp_path, SMALL_PROFILE)).profile.to_dict()
    data.pop("languages")
    data["assistant"].pop("ask_in_english")
    profile = Profile.from_dict(data)
    assert profile.languages == () and profile.assistant.ask_in_english == DEFAULT_ASK_IN_ENGLISH


@pytest.mark.parametrize(
    ("languages", "line", "message"),
    [
        ("languages: nl\n", 19, "'languages' must be a list"),
        ("languages:\n  - nl\n", 20, "a language must be a mapping"),
        (LANGUAGES.replace("id: nl", "id: xx"), 20,
         "language id must be a language code such as de or fr, got 'xx'"),
        (LANGUAGES.replace("id: nl", "id: nl_BE"), 20, "language id must be a language code"),
        (LANGUAGES.replace("id: nl", "id: en"), 20, "'en' is the assistant's own language"),
        (LANGUAGES.replace("id: sv", "id: nl"), 26, "duplicate language 'nl'"),
        (LANGUAGES.replace("    name: Dutch\n", ""), 20, "missing 'name' in languages.0"),
        (LANGUAGES.replace("'op'", "on"), 22, "quote a word YAML reads as something else"),
        (LANGUAGES.replace("words: [de, het,", "words: [de, --,"), 22,
         "'words': '--' is neither a word nor one sign"),
        (LANGUAGES.replace("words: [hur, mycket, en, ett, för, ¿]", "words: []"), 28,
         "'words' must list the words that mark the language"),
        (LANGUAGES.replace("    answering: Svaret följer på engelska.\n", ""), 26,
         "missing 'answering' in languages.1"),
        (LANGUAGES.replace("ask_in_english: Ik", "ask_in_englsh: Ik"), 24,
         "unknown field 'ask_in_englsh'"),
        (LANGUAGES.replace("thanks: [bedankt, dank je]", "thanks: [1]"), 25,
         "'thanks' must list"),
    ],
)
def test_a_broken_language_is_reported_with_its_line(tmp_path, languages, line, message):
    rendered = problems_of(kb(tmp_path, SMALL_PROFILE + languages))
    assert any(r.startswith(f"kb/profile.yml:{line}: ") and message in r for r in rendered), \
        rendered


def test_the_line_in_english_must_be_text(tmp_path):
    text = SMALL_PROFILE.replace("  placeholder:", "  ask_in_english: [1]\n  placeholder:")
    assert problems_of(kb(tmp_path, text)) == [
        "kb/profile.yml:5: 'ask_in_english' must be non-empty text"]


def test_the_shipped_languages_answer_in_english():
    profile = load_knowledge(KNOWLEDGE).profile
    assert profile.languages and all(lang.id != "en" for lang in profile.languages)
    assert all(lang.answering and lang.ask_in_english for lang in profile.languages)
