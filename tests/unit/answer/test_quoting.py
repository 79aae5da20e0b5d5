"""What an answer repeats of the message, masked (api.answer.quoting); made-up words."""

from __future__ import annotations

from api.answer.quoting import MASK, masked, without_quotes


def test_fragments_are_masked_as_whole_words_in_any_case_with_a_plural():
    text = "I have nothing on Zorbl engineers and zorbl. A zorblat is not one."
    assert masked(text, ["zorbl engineer", "zorbl"]) == (
        f"I have nothing on {MASK} and {MASK}. A zorblat is not one.")
    assert masked("nothing on zorbl  engineer", ["zorbl engineer"]) == f"nothing on {MASK}"
    assert masked("a (x+y) role", ["(x+y)"]) == f"a {MASK} role"  # taken literally
    assert masked("unchanged", []) == "unchanged"


def test_unknown_words_are_masked_in_the_detail_and_in_the_text_only_when_not_english():
    text, detail = without_quotes(
        "I can draft one for you; I have nothing on the Qwrtzq team.",
        "unknown words carry the question (draft, qwrtzq): 0.50",
        quoted=(), unknown=("draft", "qwrtzq"))
    assert text == f"I can draft one for you; I have nothing on the {MASK} team."
    assert detail == f"unknown words carry the question ({MASK}, {MASK}): 0.50"
