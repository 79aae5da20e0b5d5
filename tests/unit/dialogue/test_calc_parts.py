"""Which people of a team a follow-up names (api.dialogue.calc_turns); made-up parts."""

from __future__ import annotations

from dataclasses import replace

from api.dialogue.team_changes import all_as, raised, same_figure, same_sides, says_arithmetic
from api.understand.plan import Calc, CalcOp, Part


def test_a_part_whose_role_went_unsaid_is_the_same_figure_as_the_named_role():
    # "1 sr, 2 mid, 2 jr" names no role; "swap one of the jrs" is read with the frame's role.
    team = Part(count=2.0, role="", level="junior")
    assert same_figure(team, Part(count=1.0, role="widget-maker", level="junior"))
    assert same_figure(Part(role="widget-maker", level="junior"), Part(level="junior"))
    assert not same_figure(team, Part(role="widget-maker", level="senior"))
    assert not same_figure(Part(role="a", level="junior"), Part(role="b", level="junior"))


def test_a_comparison_of_a_figure_with_itself_is_no_calculation():
    g2, g3 = Part(role="tester", level="G2"), Part(role="tester", level="G3")
    assert same_sides(Calc(CalcOp.PERCENT, (g2, g2), more=True))
    assert same_sides(Calc(CalcOp.DIFFERENCE, (g2,), versus=(g2,)))
    assert not same_sides(Calc(CalcOp.PERCENT, (g2, g3), more=True))
    # Two of them against one of them: the same figure, other people.
    assert not same_sides(Calc(CalcOp.DIFFERENCE, (replace(g2, count=2.0),), versus=(g2,)))
    assert not same_sides(Calc(CalcOp.TOTAL, (g2, g2)))  # a sum of two is a sum


def test_a_follow_up_continues_a_calculation_only_when_it_says_something_of_one(reader,
                                                                              lexicon, domain):
    def says(text: str, *parts: Part) -> bool:
        return says_arithmetic(reader.read(text, lexicon.analyze(text)), parts, domain.cues)

    assert says("and over three years?")
    assert says("per month?")
    assert says("add a G3", Part(level="G3"))
    assert says("what about Basel?", Part(location="Basel"))
    assert not says("weather basel tmrw lol", Part(location="Basel"))
    assert not says("lol ok")


def test_a_percentage_added_to_a_team_is_its_bill_with_it_and_to_one_figure_that_figure(
        reader, lexicon, domain):
    def read(text: str):
        return reader.read(text, lexicon.analyze(text))

    team = Calc(CalcOp.AVERAGE, (Part(count=2.0, role="tester", level="G2"),
                                 Part(count=1.0, role="tester", level="G3")))
    found = raised(read("what if everyone got a 4% raise?"), team, [], domain.cues)
    assert found is not None and found.op is CalcOp.TOTAL and found.pct == 4.0
    assert found.parts == team.parts
    one = Calc(CalcOp.CONVERT, (Part(role="tester", level="G2"),), months=60.0)
    found = raised(read("and with 3% on top, per month?"), one, [], domain.cues)
    assert found is not None and found.op is CalcOp.SCALE and found.pct == 3.0
    assert found.per == ("month",)
    # New people, an amount or no percentage added: not the last plan raised.
    assert raised(read("what is 4% of it?"), team, [], domain.cues) is None
    assert raised(read("4% more for a G3?"), team, [Part(level="G3")], domain.cues) is None
    assert raised(read("CHF 90,000 plus 4%?"), team, [], domain.cues) is None


def test_all_of_a_team_at_one_figure_keeps_the_plan(reader, lexicon, domain):
    def read(text: str):
        return reader.read(text, lexicon.analyze(text))

    from api.understand.numbers import Amount

    team = Calc(CalcOp.AFFORD, (Part(count=1.0, role="tester", level="g3"),
                                Part(count=2.0, role="tester", level="g2")),
                months=24.0, budget=Amount(400_000.0, "CHF"))
    found = all_as(read("and with all three at G1?"), team, [Part(level="g1")])
    assert found is not None and found.op is CalcOp.AFFORD and found.months == 24.0
    assert found.parts == (Part(count=3.0, role="tester", level="g1"),)
    assert found.budget == team.budget
    # Another count, or no "all": not the whole team.
    assert all_as(read("and with all four at G1?"), team, [Part(count=4.0, level="g1")]) is None
    assert all_as(read("what about a G1?"), team, [Part(level="g1")]) is None
