"""How the parts of a salary record read in English: labels, subjects, money, citations.

One home for these phrases, shared by the snippets made from records (search), the answers
(wording) and the publish checks (which look for a record's figure in an answer). Everything it
says comes from the record and the profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from api.knowledge.profile import Profile
from api.knowledge.records import RANGE_MEASURE, SalaryRecord
from api.text.money import format_day, format_money, format_number, per_period

# Place names read with "the": abbreviations ("the US") and names such as "the Bay Area".
_NEEDS_THE = re.compile(
    r"^[A-Z]{2,3}$|\b(?:Area|Kingdom|States|Netherlands|Emirates|Republic|Islands|Philippines|"
    r"Region|Valley|Coast)$"
)


def article(phrase: str) -> str:
    """'a' or 'an' for a phrase, by how its first letter sounds ('an AI engineer', 'an L5')."""
    first = phrase[:1]
    if first.isupper() and (len(phrase) == 1 or not phrase[1:2].islower()):
        return "an" if first in "AEFHILMNORSX" else "a"  # spelled-out letters: "an L5", "an SRE"
    return "an" if first.lower() in "aeio" else "a"


def place_phrase(name: str) -> str:
    """A place as it reads mid-sentence: 'the US', 'the San Francisco Bay Area', 'Boston, MA'."""
    if name[:4].lower() == "the ":
        return "the " + name[4:]
    return f"the {name}" if _NEEDS_THE.search(name) else name


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def measure_of(record: SalaryRecord) -> str:
    """What kind of figure a record is ("median"), when it is not a typical salary; "" for a
    figure that only stands for its range's middle (the range says so beside it)."""
    return "" if record.measure == RANGE_MEASURE else record.measure


class Naming:
    """Names and phrases for the records of one knowledge base."""

    def __init__(self, profile: Profile, records: Iterable[SalaryRecord]) -> None:
        self.profile = profile
        self.locale = profile.assistant.locale
        # Figures carry their role whenever the tables hold more than one.
        self.with_role = len({r.role for r in records}) > 1

    # --- parts --------------------------------------------------------------------------------

    def role_name(self, role_id: str, *, plural: bool = False) -> str:
        role = self.profile.role(role_id)
        if role is None:
            return role_id.replace("-", " ")
        return role.plural if plural else role.name

    def level_name(self, role_id: str, level_id: str) -> str:
        ladder = self.profile.ladder_of(role_id)
        level = ladder.level(level_id) if ladder else None
        return level.name if level else level_id

    def money(self, record: SalaryRecord) -> str:
        return format_money(record.amount, record.currency, self.locale)

    def amount(self, value: float, currency: str) -> str:
        return format_money(value, currency, self.locale)

    def money_period(self, record: SalaryRecord) -> str:
        """'$151,000 a year'."""
        return f"{self.money(record)} {per_period(record.period)}"

    def day(self, value: date) -> str:
        return format_day(value, self.locale)

    def span(self, low: float, high: float, currency: str) -> str:
        """'$130,000–$170,000'."""
        return f"{self.amount(low, currency)}–{self.amount(high, currency)}"

    def spread_name(self, record: SalaryRecord) -> str:
        """What the range beside a figure is: '25th–75th percentile' or 'range' ('' without
        one)."""
        spread = record.spread
        if spread is None:
            return ""
        return "25th–75th percentile" if spread[2] == "p25-p75" else "range"

    def spread(self, record: SalaryRecord) -> str:
        """The range beside a figure, in brackets: ' (median; 25th–75th percentile
        $130,000–$170,000 from 1,234 salaries)'; '' when the record gives no range."""
        spread = record.spread
        if spread is None:
            return ""
        parts = []
        if record.measure == RANGE_MEASURE:
            # The amount is no figure of the source's own: its range's midpoint.
            assert record.low is not None and record.high is not None
            parts.append(f"the midpoint of the range "
                         f"{self.span(record.low, record.high, record.currency)}")
        elif not record.measure and dict(record.percentiles).get(50) == record.amount:
            parts.append("median")
        if record.measure != RANGE_MEASURE or spread[2] != RANGE_MEASURE:
            parts.append(f"{self.spread_name(record)} "
                         f"{self.span(spread[0], spread[1], record.currency)}")
        if record.sample:
            parts[-1] += f" from {format_number(record.sample, self.locale)} salaries"
        return f" ({'; '.join(parts)})"

    def citation(self, record: SalaryRecord) -> str:
        """'Glassdoor, as cited in Xenoss blog, 22 January 2024'."""
        via = f", as cited in {record.cited_in}" if record.cited_in else ""
        return f"{record.source}{via}, {self.day(record.as_of)}"

    # --- what a figure is for -------------------------------------------------------------------

    def _who(self, record: SalaryRecord, *, role: bool, plural: bool = False) -> str:
        """'senior AI engineer', 'senior', 'AI engineer', '' (the role and level part)."""
        level = self.level_name(record.role, record.level) if record.level else ""
        name = self.role_name(record.role, plural=plural) if role else ""
        return " ".join(p for p in (level, name) if p)

    def label(self, record: SalaryRecord, *, role: bool | None = None,
              capital: bool = True) -> str:
        """A figure's name in a list: 'Senior AI engineer', 'Boston, MA', 'L5 in Zurich',
        'Median for software engineers in the US'; `capital=False` for mid-sentence."""
        text = self._label(record, self.with_role if role is None else role)
        if capital and text == place_phrase(record.location):
            return record.location  # a place alone heads a line without its "the"
        return ucfirst(text) if capital else text

    def _label(self, record: SalaryRecord, role: bool) -> str:
        where = place_phrase(record.location) if record.location else ""
        if measure_of(record) or record.baseline:
            measure = measure_of(record) or "reference figure"
            who = self._who(record, role=True, plural=True)
            return f"{measure} for {who}" + (f" in {where}" if where else "")
        who = self._who(record, role=role)
        if who and where:
            return f"{who} in {where}"
        return who or where

    def subject(self, record: SalaryRecord) -> str:
        """The figure's subject mid-sentence: 'a senior AI engineer', 'an AI engineer in Boston,
        MA', 'the median for software engineers in the US'."""
        if measure_of(record) or record.baseline:
            return "the " + self.label(record, capital=False)
        who = self._who(record, role=True)
        where = f" in {place_phrase(record.location)}" if record.location else ""
        return f"{article(who)} {who}{where}"

    def title(self, record: SalaryRecord) -> str:
        """'Senior AI engineer salary', 'AI engineer salary in Boston, MA'."""
        if measure_of(record) or record.baseline:
            return self.label(record)
        who = self._who(record, role=True)
        where = f" in {place_phrase(record.location)}" if record.location else ""
        return ucfirst(f"{who} salary{where}")

    def sentence(self, record: SalaryRecord) -> str:
        """The record as one self-contained sentence, with its citation and note."""
        subject = self.subject(record)
        if measure_of(record) or record.baseline:
            text = f"{ucfirst(subject)} is {self.money_period(record)}"
        else:
            text = f"{ucfirst(subject)} earns {self.money_period(record)}"
        text += f"{self.spread(record)} ({self.citation(record)})."
        return f"{text} {record.note}" if record.note else text
