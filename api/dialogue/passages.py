"""A short follow-up asked of the passage just shown ("and for a senior?" after the years of
experience to look for): the same passage, when it speaks of what the follow-up names or
does not set it apart."""

from __future__ import annotations

from api.dialogue.context import MAX_SLOT_WORDS, said
from api.dialogue.turn import Turn
from api.knowledge.domain import Domain
from api.knowledge.model import Snippet
from api.understand.reading import Reading


def speaks_of_slots(snippet: Snippet, reading: Reading, domain: Domain, role: str) -> bool:
    """Whether a follow-up names only levels or places ("and for a senior?") that a snippet
    (not a figure's) speaks of: after an answer on experience by level, the same answer.
    (Whether its own words ask pay is the caller's to check: the classifier may read a bare
    level as pay.)"""
    if snippet.salary_ids or reading.op or reading.amounts or reading.roles \
            or reading.words > MAX_SLOT_WORDS or not (reading.levels or reading.locations):
        return False
    text = snippet.text.lower()
    names = [domain.naming.level_name(role, lv) for lv in reading.levels] + list(
        reading.locations)
    return all(name.lower() in text for name in names)


def same_passage(snippet: Snippet, reading: Reading, domain: Domain, role: str
                 ) -> tuple[str, ...] | None:
    """What a short follow-up asks of the passage just shown: () when it names only levels or
    places the passage speaks of ("and for a senior?" after experience by level), the levels
    when it names only levels the passage does not set apart ("and for a junior?" after the
    years to look for: said so), else None."""
    if speaks_of_slots(snippet, reading, domain, role or domain.primary_role.id):
        return ()
    return reading.levels if asks_a_level_only(snippet, reading, domain.name_words) else None


def asks_a_level_only(snippet: Snippet, reading: Reading, names: frozenset[str]) -> bool:
    """Whether a short follow-up names only levels ("and for a junior?", "what about the
    senior level?") after a passage that is not a figure's and does not speak of levels:
    the same question, asked of that level. (Whether its own words ask pay is the caller's
    to check.)"""
    return not snippet.salary_ids and bool(reading.levels) and not (
        reading.locations or reading.regions or reading.op or reading.amounts or reading.roles
        or said(reading.analysis, names)) \
        and reading.words <= MAX_SLOT_WORDS


def on_a_passage(turn: Turn, sure_pay: bool, names: frozenset[str]) -> bool:
    """A follow-up of a talk about a passage, not pay, that asks something of a level in words
    of its own, none of pay ("what about a junior, could an analyst do it?" after the years
    of experience to look for; not "what about a senior one, then?"); `sure_pay`: the
    classifier is sure it asks pay; `names`: the words of the domain's names."""
    frame, reading = turn.state.frame, turn.reading
    return turn.followup and frame is not None and not frame.salary \
        and bool(frame.subject_id) and not turn.said_pay and not sure_pay \
        and bool(reading.levels) and not (reading.locations or reading.regions or reading.places) \
        and bool(said(reading.analysis, names) or reading.analysis.unknown)
