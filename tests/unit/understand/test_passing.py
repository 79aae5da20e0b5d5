"""A name taken back in passing, on the made-up domain of the unit tests (testers by grade and
city): the cue `said_instead` of the shipped phrasings between two names of one kind."""

from __future__ import annotations

import pytest

from api.understand.passing import as_meant


@pytest.mark.parametrize(("message", "meant"), [
    ("two G2 - er, make that G3 - testers, per year?", "two G3 - testers, per year?"),
    ("a tester in Zurich, no sorry, Geneva: pay?", "a tester in Geneva: pay?"),
    ("testers in Basel or rather Tokyo", "testers in Tokyo"),
    ("release managers, I mean testers, at G1", "testers, at G1"),  # a role for a role
])
def test_the_name_taken_back_is_dropped(domain, message, meant):
    assert as_meant(message, domain) == meant


@pytest.mark.parametrize("message", [
    "a G2 tester in Zurich, no sorry, what about Geneva?",  # not a name right after the cue
    "G2, sorry, in Zurich?",  # a grade, then a place: both meant
    "sorry, Zurich testers?",  # nothing taken back
    "testers in Zurich - make that two",  # a count, not a name
])
def test_names_of_two_kinds_or_none_after_the_cue_are_kept(domain, message):
    assert as_meant(message, domain) == message
