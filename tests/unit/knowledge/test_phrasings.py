"""`phrasings.yml` (`api.knowledge.phrasings`): cues by name, each with phrases; every problem
with its line, the shipped file clean, and a knowledge base whose file is broken not built."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.errors import KnowledgeError
from api.knowledge.loader import load_knowledge
from api.knowledge.phrasings import CUES, Cues, Phrasings, parse_phrasings

ROOT = Path(__file__).resolve().parents[3]


def parse(text: str) -> tuple[Phrasings | None, list]:
    problems: list = []
    return parse_phrasings(text, "phrasings.yml", problems), problems


def test_the_shipped_phrasings_are_clean_and_name_known_cues():
    found, problems = parse((ROOT / "knowledge/phrasings.yml").read_text(encoding="utf-8"))
    assert not problems and found is not None
    assert set(found.cues) <= set(CUES)
    assert found.of("source_question") and found.of("thanks")


def test_cues_keep_their_phrases_and_survive_the_index():
    found, _ = parse("greeting:\n  - hi/hello\n  - good day\nbye: [ciao]\n")
    assert found.of("greeting") == ("hi/hello", "good day") and found.of("help") == ()
    assert Phrasings.from_dict(found.to_dict()) == found


@pytest.mark.parametrize(("text", "line", "says"), [
    ("greeting: [hi]\nsalute: [hey]\n", 2, "unknown cue 'salute'"),
    ("greeting: [hi]\nbye: goodbye\n", 2, "'bye' must list phrases"),
    ("greeting:\n  - hi\n  - (hello there\n", 3, "without ')'"),
    ("bye:\n  - ... later\n", 2, "must stand between words"),
    ("- hi\n", 1, "must be a mapping"),
    ("spellings:\n  what: [wat]\n  which: [wat]\n", 3, "'wat' stands for both"),
    ("spellings:\n  what: [w-a-t]\n", 2, "not one word of letters"),
    ("spellings: [wat]\n", 1, "must map each word"),
])
def test_a_problem_is_reported_with_its_line(text, line, says):
    found, problems = parse(text)
    assert found is None
    assert any(p.line == line and says in p.message for p in problems), problems


def test_a_broken_phrasings_file_fails_the_build_with_file_and_line(knowledge_copy):
    with (knowledge_copy / "phrasings.yml").open("a", encoding="utf-8") as out:
        out.write("thanks:\n  - cheers [mate\n")
    with pytest.raises(KnowledgeError) as failed:
        load_knowledge(knowledge_copy)
    assert any(p.path.endswith("phrasings.yml") and "without ']'" in p.message
               for p in failed.value.problems)


def test_an_exception_keeps_a_cue_unsaid_where_it_matches():
    found, problems = parse('compare_difference:\n  - difference/gap\n  - "!time difference"\n')
    assert not problems
    cues = Cues(found)
    assert not cues.search("compare_difference", "the time difference to Tokyo")
    assert cues.search("compare_difference", "the time difference and the pay gap")
    assert cues.search("compare_difference", "the difference between Zug and Bern")


def test_chat_spellings_are_read_as_the_words_meant_and_survive_the_index():
    found, problems = parse("thanks: [thanks]\nspellings:\n  what: [wat, wot]\n"
                            "  thanks: [thx]\n  people: [ppl]\n")
    assert not problems and found is not None
    assert Phrasings.from_dict(found.to_dict()) == found
    cues = Cues(found)
    assert cues.respell("WAT do ppl earn? k thx") == "what do people earn? k thanks"
    assert cues.respell("what's a wattage, 2 ppls?") == "what's a wattage, 2 ppls?"  # words only
    assert Cues(None).respell("wat") == "wat"



def test_a_message_is_read_without_the_places_a_cue_is_said():
    found, problems = parse("talk_language:\n  - back to/into english\n  - in english\n")
    assert not problems
    cues = Cues(found)
    assert cues.without("talk_language", "sorry, back to English: what do testers earn?") \
        == "sorry, what do testers earn?"
    assert cues.without("talk_language", "in English") == "in English"  # (nothing else said)
    assert cues.without("talk_language", "what do G2 testers earn?") == "what do G2 testers earn?"


def test_the_shipped_spellings_leave_signs_and_abbreviations_alone():
    found, _ = parse((ROOT / "knowledge/phrasings.yml").read_text(encoding="utf-8"))
    cues = Cues(found)
    assert cues.respell("is $150 k fair in the U.S.?") == "is $150 k fair in the U.S.?"
    assert cues.respell("hw much mor is boston") == "how much more is boston"
