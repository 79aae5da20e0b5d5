"""The typed plan of a calculation over the figures (`Calc`): its operation (`CalcOp`), the
people or figures it is over (`Part`) and what it needs besides (a budget, a duration, a
percentage, an amount the asker gives). `api.understand.calc` reads one from a message; the
answer's arithmetic (`api.answer.arithmetic`) runs it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from api.understand.numbers import Amount


class CalcOp(StrEnum):
    """What a calculation works out."""

    TOTAL = "total"  # the sum of count x figure over the parts (a team's cost)
    AVERAGE = "average"  # the mean of the parts' figures
    AFFORD = "afford"  # how many people of one figure a budget pays for, and what is left
    PERCENT = "percent"  # one figure as a share of another, or how much more in per cent
    RATIO = "ratio"  # one figure over another
    CONVERT = "convert"  # one figure over a duration, or in a smaller period
    DIFFERENCE = "difference"  # one side's cost less the other's ("versus")
    SCALE = "scale"  # a figure with a percentage added or taken off ("10% above the L4")


@dataclass(frozen=True)
class Part:
    """So many people at one figure, asked by role, level and place, or a figure already shown
    (`record`; `shown`: the figures on the table, "two of them")."""

    count: float = 0.0  # 0: not said (one, or as many as a budget affords)
    role: str = ""
    level: str = ""
    location: str = ""  # a location or a region of the tables
    record: str = ""
    shown: bool = False

    @property
    def people(self) -> float:
        return self.count or 1.0

    def named(self) -> bool:
        return bool(self.level or self.location or self.record or self.shown)


@dataclass(frozen=True)
class Calc:
    """An arithmetic question over figures: the plan `api.answer.arithmetic` runs."""

    op: CalcOp
    parts: tuple[Part, ...] = ()
    months: float = 12.0  # how long the cost runs (a year unless said)
    per: tuple[str, ...] = ()  # the periods the result is asked in ("month", "hour")
    budget: Amount | None = None  # AFFORD: the money to spend
    more: bool = False  # PERCENT: how much more or less, rather than what share
    versus: tuple[Part, ...] = ()  # DIFFERENCE: the other side, set against `parts`
    amount: Amount | None = None  # PERCENT: an amount set against the one figure of `parts`
    of_amount: bool = False  # PERCENT: the figure as a share of the amount, not the other way
    pct: float = 0.0  # SCALE: the percentage added to the figure (negative: taken off)
    portion: bool = False  # SCALE: that percentage of the figure, not added to it ("15% of")
    currency: str = ""  # only the figures in this currency, when the message names one
    # PERCENT: a second amount the first is set against, with no figure ("her $136,400 counter
    # against our $118,000 offer").
    versus_amount: Amount | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Calc | None:
        if not data:
            return None
        budget, amount, versus = data.get("budget"), data.get("amount"), data.get("versus_amount")
        return cls(op=CalcOp(data["op"]), parts=tuple(Part(**p) for p in data.get("parts", ())),
                   months=float(data.get("months", 12.0)), per=tuple(data.get("per", ())),
                   budget=Amount(**budget) if budget else None, more=bool(data.get("more")),
                   versus=tuple(Part(**p) for p in data.get("versus", ())),
                   amount=Amount(**amount) if amount else None,
                   of_amount=bool(data.get("of_amount")), pct=float(data.get("pct", 0.0)),
                   portion=bool(data.get("portion")),
                   currency=str(data.get("currency", "")),
                   versus_amount=Amount(**versus) if versus else None)
