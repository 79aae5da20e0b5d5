"""An amount the conversation worked out, referred to in a message that states none ("that
gap", "that same yearly budget", "is that above the mid-level figure?", "how much over the
$500k budget is that?"): read as the message's own amount."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from api.answer.compose import Frame
from api.answer.results import results_of
from api.dialogue.calc_turns import last_calc
from api.dialogue.team_parts import BUDGET_WORD
from api.knowledge.domain import Domain
from api.knowledge.phrasings import Cues
from api.knowledge.records import SalaryRecord
from api.understand.numbers import Amount, percents
from api.understand.plan import CalcOp
from api.understand.reading import FIGURE_WORDS, Reading

# A total asked of at the end: "how much over the $500k budget is that?".
ASKED_OF_IT = re.compile(r"\b(?:is|was|would be)\s+(?:that|it|this)\s*\??\s*$", re.I)
RESULT_NOUN = re.compile(
    r"(?:^\s*(?:(?:so|and|ok|okay|is|would|will|could|can|does|do)[\s,]+)*(?:the\s+)?"
    r"(?=left\s*over|leftover|"
    r"remainder|rest\b(?!\s+of))|\b(?:that|this|the same|same|those)\s+)(?:(?:same|yearly|"
    r"annual|monthly|total|team|"
    r"whole|overall)\s+){0,2}(gap|difference|total|budget|amount|sum|average|result|spend|offer|"
    r"payroll|leftover|left over|remainder|rest|change)\b", re.I)
_COMPARING = (r"(?:above|below|more|less|higher|lower|over|under|enough|within|compare\w*|"
              r"stack\w* up|measure\w* up|against|versus|vs)")
# "How does that country compare ...?": a place or a person, not an amount worked out.
_NOT_AN_AMOUNT = (r"(?:country|city|place|location|state|region|role|level|job|position|team|"
                  r"person|candidate|one)")
RESULT_COMPARED = re.compile(
    rf"^\s*(?:(?:so|and|ok|okay|hmm|but)[\s,]+)?(?:(?:how|where)\s+)?"
    rf"(?:is|was|would|does|will|do)\s+(?:that|this|it)\b(?!\s+{_NOT_AN_AMOUNT}\b)"
    rf"(?=.{{0,40}}\b{_COMPARING}\b)|"
    rf"^\s*(?:(?:so|and|ok|okay|hmm|but)[\s,]+)?(?:that|this|it)(?:'s|\s+is|\s+was|\s+would be)"
    rf"\s+(?:\w+\s+){{0,2}}{_COMPARING}\b", re.I)
# The amount the last answer set against figures, named again ("that same monthly offer").
OFFER_NAMED = re.compile(r"\b((?:the|that|this|our|same)(?:\s+same)?)\s+((?:yearly|annual|"
                         r"monthly|weekly|hourly)\s+)?(offer|amount|package)\b",
                         re.I)
# The budget of the last calculation, named again ("the million", "same money", "our budget").
BUDGET_REF = re.compile(r"\b(?:the|that|our|same|this)\s+(?:whole\s+|same\s+)?"
                        r"(million|budget|money|pot)\b", re.I)
# A budget or a total is a sum: the last total kept, rather than the last amount.
SUMS = frozenset({"budget", "total", "spend", "payroll"})
LEFT_OVER = frozenset({"leftover", "left over", "remainder", "rest", "change"})


def with_result(reading: Reading, frame: Frame | None, cues: Cues) -> Reading:
    """The message with the amount it refers to as its own, when it refers to one the
    conversation worked out, or the one the last answer checked, and states none."""
    if frame is None:
        return reading
    last = last_calc(frame)
    checked = [Amount(**a) for a in (frame.ask or {}).get("amounts") or []] if last is None \
        else [last.amount] if last.amount is not None and last.op is CalcOp.PERCENT else []
    if len(checked) == 1 and frame.salary and not reading.amounts and (
            (last is None and cues.search("percent", reading.text))
            or OFFER_NAMED.search(reading.text)) \
            and not percents(reading.text):  # (not "what's 2% under the New York number?")
        # "By what percent, with the junior figure as the base?", "that same monthly offer to
        # a mid-level?" after "is $10,800 a month enough for a junior?": that amount (its
        # period is its own, not one the figures are asked in).
        return replace(reading, amounts=tuple(checked), text=OFFER_NAMED.sub(
            lambda m: f"{m.group(1)} {m.group(3)}", reading.text))
    total = next((r for r in results_of(frame.calc) if r.what == CalcOp.TOTAL), None)
    stated = (frame.calc or {}).get("budget")
    if len(reading.amounts) == 1 and total is not None and ASKED_OF_IT.search(reading.text) \
            and (BUDGET_WORD.search(reading.text)
                 or (stated and reading.amounts[0].value == stated["value"])):
        # "How much over the $500k budget is that?", "what share of the $500k would that
        # use?" (the budget given): the total worked out, against it.
        return replace(reading, amounts=(Amount(total.value, total.currency), *reading.amounts))
    if reading.amounts:
        return reading
    if stated and BUDGET_REF.search(reading.text):
        # "Same million", "what share of the budget would a senior take?": the budget the
        # asker gave, as an amount.
        return replace(reading, amounts=(Amount(**stated),))
    results = results_of(frame.calc)
    if not results:
        return reading
    noun = RESULT_NOUN.search(reading.text)
    if noun is None and not (RESULT_COMPARED.search(reading.text) and last_calc(frame)):
        return reading  # after figures, "is that more than ...?" is about the figure shown
    # In the period the message asks, else a year's: "per month?" then "is that offer above
    # the senior figure?" is the offer a year, not a month of it.
    period = reading.period or "year"
    chosen = next((r for r in results if r.period == period), results[0])
    if noun is not None and noun.group(1).lower() in SUMS:
        chosen = next((r for r in results if r.what == CalcOp.TOTAL), chosen)
    elif noun is not None and noun.group(1).lower() in LEFT_OVER:  # "could that leftover ...?"
        chosen = next((r for r in results if r.what == "left"), chosen)
    return replace(reading, amounts=(Amount(chosen.value, chosen.currency),))


# A figure named by its amount ("the $151,000 for a senior", "that 151k figure", "the
# $136,600 number"): the definite article, then the amount as written.
_THE_AMOUNT = re.compile(r"(?i:\b(?:the|that|this|your))\s+((?:[^\w\s]{1,3}|[A-Z]{3})?\s?\d[\d,.]*"
                         r"\s?(?i:k\b)?)")


def amounts_unsaid(records: Iterable[SalaryRecord], reading: Reading, query: str) -> str:
    """The search query without the amounts it names figures by ("is the $151,000 for a
    senior gross or net?" searched as "is the for a senior gross or net?"): their digits
    match no passage and draw the search to the figure's own, away from what is asked."""
    if not reading.amounts or not any(a.value == r.amount for r in records
                                      for a in reading.amounts):
        return query
    return _THE_AMOUNT.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)], query)


def says_a_figure(domain: Domain, reading: Reading) -> bool:
    """Whether a message names a figure by its amount, after "the" ("is the £60,646 before
    tax?"), whatever it asks of it."""
    return bool(_THE_AMOUNT.search(reading.text)) and any(
        a.value == r.amount and a.currency in ("", r.currency)
        for r in domain.records.values() for a in reading.amounts)


def named_by_amount(domain: Domain, reading: Reading) -> SalaryRecord | None:
    """The one figure a message names by its amount and calls a figure ("is the $136,600
    number for AI engineers?"), or a reference figure's amount said as a role's pay ("is
    $136,600 what AI engineers make?"): what it is and where it comes from is the answer."""
    if not reading.amounts or reading.op or reading.period:
        return None
    found = [r for r in domain.records.values() if any(
        a.value == r.amount and a.currency in ("", r.currency) for a in reading.amounts)]
    if len(found) != 1:
        return None
    if (FIGURE_WORDS & set(reading.analysis.tokens) or reading.source_question) \
            and _THE_AMOUNT.search(reading.text):
        return found[0]  # (not "is 124k a fair number for a junior?": an offer checked)
    return found[0] if found[0].baseline and reading.roles and reading.says("pay_as_figure") \
        and found[0].role not in reading.roles else None
