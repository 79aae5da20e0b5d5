"""A question of a long message read with as much of the background told before it as it
needs: who or where when it leaves them out, the money it counts, the roles it tells of; not
the people and places told in passing ("we moved from Portland to Bellevue; our senior data
engineer stays. What does an AI engineer make here?")."""

from __future__ import annotations

from collections.abc import Callable

from api.dialogue.state import DialogueState
from api.dialogue.turn import Turn
from api.knowledge.naming import join_words
from api.understand.asks import Ask
from api.understand.numbers import Amount
from api.understand.plan import Calc
from api.understand.reading import Reading


def read_ask(ask: Ask, state: DialogueState, turn_of: Callable[[str, DialogueState], Turn],
             amounts: Callable[[str], tuple[Amount, ...]],
             plan: Callable[[Reading], Calc | None],
             role_name: Callable[[str], str]) -> tuple[Turn, Turn | None]:
    """A question of a long message (`turn_of` reads a text in the conversation), read with
    the background before it when it asks pay and leaves out who or where ("what should we
    pay?", "we have $1M. How many juniors?"); else with the roles it tells of, the background
    whole to fall back on. `plan`: the calculation a reading asks, if any."""
    part = turn_of(ask.text, state)
    reading = part.reading  # (not "... in NYC. the figure there?" with a role: it says where)
    there = reading.says("that_place") and not (reading.locations or reading.regions)
    if not ask.context or ((reading.roles or reading.salary_slots) and not there and not (
            amounts(ask.context) and not reading.amounts)):
        return part, None
    told = turn_of(ask.read_as, state)
    # (nor a sum of the people it tells of: "... eight people, remote across Europe.
    # Smaller firms pay more, I hear: is that what the guide says?")
    counted = not told.reading.amounts and plan(told.reading) is not None \
        and plan(part.reading) is None
    figures = part.asks_figures or ask.vague  # ("... What can you tell us?": what it tells of)
    if (figures or told.reading.amounts) and not counted:
        return told, None
    # (not its places: "... in Manchester. What technical skills matter?")
    roles = [role_name(r) for r in told.reading.roles if r not in part.reading.roles]
    if roles and not counted:
        part = turn_of(f"{ask.text} ({join_words(roles)})", state)
    return part, None if counted else told
