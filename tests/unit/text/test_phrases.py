"""The phrase language of `knowledge/phrasings.yml` (`api.text.phrases`): each of its forms,
and a clear error for a phrase that cannot be read."""

from __future__ import annotations

import re

import pytest

from api.text.phrases import PhraseError, phrase_pattern, phrases_pattern


def said(phrase: str, text: str) -> bool:
    return bool(re.search(phrase_pattern(phrase), text, re.I))


@pytest.mark.parametrize(("phrase", "text", "found"), [
    ("who says/said", "Who said that?", True),
    ("who says/said", "who tells you", False),
    ("explain*", "it explained nothing", True),
    ("explain*", "unexplained", False),  # whole words: not inside another
    ("where ... from", "where is that number from?", True),
    ("where ... from", "where from?", True),
    ("where ... from", "where a b c d e f g from", False),  # at most six words between
    ("trust the _ figures", "trust the salary figures", True),
    ("trust the _ figures", "trust the figures", False),  # exactly one word
    ("trust the [_] figures", "trust the figures", True),
    ("[still] current", "is it still current", True),
    ("is it [still] current", "is it current", True),
    ("(a different | another) topic", "on a different topic", True),
    ("(a different | another) topic", "different topic", False),
    ("over <number>", "anyone over 40", True),
    ("over <number>", "over forty", False),
    ("up-to-date", "is it up to date", True),
    ("up-to-date", "up-to-date?", True),
    ("/hr/hour", "$70/hr", True),  # a leading slash is the slash itself
    ("/hr/hour", "/ hour?", True),
    ("/hr/hour", "/month?", False),
    ("/hr/hour", "an hour", False),
    ("who's behind", "who’s behind it", True),  # a curly apostrophe is an apostrophe
    ("thank you", "THANK YOU", True),  # no regard to case
    ("good bye", "good, bye", True),  # commas and spaces alike between words
    ("vs.", "NYC vs. SF", True),
    ("a+b", "a+b", True),  # other signs are themselves, not regex
    ("a+b", "aab", False),
    ("^ is that for", "is that for seniors?", True),
    ("^ is that for", "ok. Is that for seniors?", True),  # a sentence's start
    ("^ is that for", "so - is that for seniors?", True),  # a clause's
    ("^ is that for", "how much extra is that for one engineer?", False),
    ("the best [one/ones] $", "and the best one?", True),
    ("the best [one/ones] $", "the best pizza in Boston", False),
])
def test_a_phrase_matches_what_it_says(phrase, text, found):
    assert said(phrase, text) is found


@pytest.mark.parametrize(("phrase", "problem"), [
    ("", "empty phrase"),
    ("... from", "must stand between words"),
    ("where ...", "must stand between words"),
    ("(a | ) b", "empty part"),
    ("a/ b", "empty alternative"),
    ("(a b", "without ')'"),
    ("a b]", "unbalanced"),
    ("ex*plain", "'*' may only end a word"),
    ("is ^ that", "may only start a phrase"),
    ("$ the best", "only end one"),
    ("^", "empty phrase"),
])
def test_a_phrase_that_cannot_be_read_says_why(phrase, problem):
    with pytest.raises(PhraseError, match=re.escape(problem)):
        phrase_pattern(phrase)


def test_the_longest_phrase_wins_and_none_never_matches():
    assert re.match(phrases_pattern(["thank", "thank you"]), "thank you").group(0) == "thank you"
    assert not re.search(phrases_pattern([]), "anything at all")


def test_a_name_is_two_or_three_capitalised_words_whatever_the_case_of_the_phrase():
    import re

    from api.text.phrases import phrase_pattern

    found = re.compile(phrase_pattern("<name> ... earns"), re.I)
    assert found.search("Does Jo Bloggs at Acme earns much?").group(0).startswith("Does Jo Bloggs")
    assert found.search("what jo bloggs earns") is None  # (lower case: no name)
    assert found.search("Jo earns") is None  # one word alone
    assert re.search(phrase_pattern("<name>'s salary"), "Jo Bloggs’s salary", re.I)
    assert found.search("Zoë Müller earns") and found.search("Łukasz Wójcik earns")


def test_words_of_several_phrases_still_start_and_end_at_word_edges():
    # (the test of a word's start is made once for a run of them: the same matches)
    found = re.compile(phrases_pattern(["cat/dog food", "bird", "/hr", "^ so"]), re.I)
    assert found.search("my dog food").group(0) == "dog food"
    assert found.search("hotdog food") is None and found.search("birds") is None
    assert found.search("a blackbird") is None and found.search("$70/hr").group(0) == "/hr"
    assert [m.group(0) for m in found.finditer("bird, cat food")] == ["bird", "cat food"]
