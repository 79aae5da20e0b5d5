"""Reading calculations on the made-up domain (testers and release managers, grades g1-g4, CHF
and JPY): who is counted, and which operation a message asks."""

from __future__ import annotations

import pytest

from api.understand.calc import CalcReader
from api.understand.numbers import Amount
from api.understand.plan import Calc, CalcOp, Part
from api.understand.reading import Reader, currency_words
from tests.unit.support import RECORDS, make_domain, make_lexicon, record


@pytest.fixture(scope="module")
def calc_reader(domain) -> CalcReader:
    return CalcReader(domain, currency_words(domain))


@pytest.fixture
def read(calc_reader, reader, lexicon):
    def read(text: str, **options) -> Calc | None:
        return calc_reader.read(reader.read(text, lexicon.analyze(text)), **options)
    return read


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("what do 2 G2 testers and a G1 tester cost in total?",
         [(2, "tester", "g2", ""), (0, "tester", "g1", "")]),
        ("yearly pay for three g4 testers and 2 g1 testers",
         [(3, "tester", "g4", ""), (2, "tester", "g1", "")]),
        ("cost of 4 testers in Zurich per year", [(4, "tester", "", "Zurich")]),
        # A place said once holds for every part.
        ("what would 2 G2 testers and 1 G1 tester earn together in Geneva",
         [(2, "tester", "g2", "Geneva"), (1, "tester", "g1", "Geneva")]),
        # Two places: two parts, each with its own.
        ("total pay of one tester in Zurich plus one in Basel",
         [(1, "tester", "", "Zurich"), (1, "tester", "", "Basel")]),
        ("salary for 2 release managers at g2 and five testers",
         [(2, "release-manager", "g2", ""), (5, "tester", "", "")]),
        # the figure they are counted at, named again, is not one more person
        ("we hire 3 testers in Zurich, total per year at the Zurich figure?",
         [(3, "tester", "", "Zurich")]),
    ],
)
def test_who_is_counted(read, message, parts):
    calc = read(message)
    assert calc is not None and calc.op is CalcOp.TOTAL
    assert [(p.count, p.role, p.level, p.location) for p in calc.parts] == parts


@pytest.mark.parametrize(
    ("message", "op"),
    [
        ("what do 2 G2 testers and a G1 tester cost?", CalcOp.TOTAL),
        ("pay of a g1 tester plus a g2 tester", CalcOp.TOTAL),
        ("average tester salary across Zurich, Geneva and Basel", CalcOp.AVERAGE),
        ("what is the average tester pay in Switzerland", CalcOp.AVERAGE),
        ("g1 tester pay is what percentage of g2 tester pay?", CalcOp.PERCENT),
        ("how many percent more does a g2 tester earn than a g1", CalcOp.PERCENT),
        ("ratio of g4 to g1 tester salary", CalcOp.RATIO),
        ("we have CHF 300,000 a year: how many g2 testers can we afford?", CalcOp.AFFORD),
        ("what does a g2 tester cost over 3 years?", CalcOp.CONVERT),
        ("g2 tester salary per month", CalcOp.CONVERT),
        ("pay difference per month between a g2 and a g1 tester", CalcOp.DIFFERENCE),
        # two counted teams side by side, each costed
        ("3 g1 testers vs 2 g2 testers, total for each", CalcOp.DIFFERENCE),
        ("3 g1 testers and 2 g2 testers, total for the lot", CalcOp.TOTAL),
    ],
)
def test_the_operation_asked(read, message, op):
    calc = read(message)
    assert calc is not None and calc.op is op


@pytest.mark.parametrize(
    "message",
    [
        "what does a g2 tester earn?",  # one figure: a lookup, not a calculation
        "which Swiss city pays testers the most overall?",  # a ranking, not a sum
        "difference between a g2 and a g1 tester",  # a plain difference: the salary answer
        "how do testers plan a release with 2 teams?",  # not about pay
        "what does a plumber earn per month?",  # another profession
    ],
)
def test_what_is_no_calculation(read, message):
    assert read(message) is None


def test_a_budget_a_duration_and_periods_are_read(read):
    calc = read("budget CHF 500k: how many G2 testers for 2 years, and what is left?")
    assert calc is not None and calc.op is CalcOp.AFFORD
    assert calc.budget == Amount(500_000, "CHF") and calc.months == 24
    calc = read("what does a g4 tester cost per month and per hour?")
    assert calc is not None and calc.per == ("month", "hour")


def test_a_count_of_them_is_of_the_figures_shown(read):
    calc = read("and two of them?", context=True)
    assert calc is not None and calc.op is CalcOp.TOTAL
    assert [(p.count, p.shown) for p in calc.parts] == [(2, True)]
    assert read("and two of them?") is None  # not about pay, and no figures on the table


def test_a_plan_survives_the_conversation_state(read):
    calc = read("budget CHF 500k: how many G2 testers for 2 years?")
    assert calc is not None and Calc.from_dict(calc.to_dict()) == calc
    assert Calc.from_dict(None) is None
    assert Part(count=0).people == 1 and Part(count=3).people == 3


@pytest.mark.parametrize(
    "message",
    [
        # A role said first, the place after it: one part. "Switzerland" is a location and a
        # region of the tables: one place. "Three" counts cities, not people.
        "What's the average tester salary across the three Switzerland cities?",
        "average tester pay over the 3 Switzerland locations you have",
    ],
)
def test_a_place_is_one_part_and_a_count_of_places_counts_no_one(read, message):
    calc = read(message)
    assert calc is not None and calc.op is CalcOp.AVERAGE
    assert [(p.count, p.role, p.level, p.location) for p in calc.parts] == [
        (0, "tester", "", "Switzerland")]


def test_an_amount_as_a_percentage_of_one_figure(read):
    calc = read("what percentage of a g2 tester's salary is CHF 20,000?")
    assert calc is not None and calc.op is CalcOp.PERCENT
    assert calc.amount == Amount(20_000, "CHF") and [p.level for p in calc.parts] == ["g2"]
    assert Calc.from_dict(calc.to_dict()) == calc


@pytest.mark.parametrize(
    ("message", "pct"),
    [("if I pay 10 percent more than the g2 tester figure, what is it?", 10.0),
     ("what do we land on at 15% under the Zurich tester number?", -15.0)],
)
def test_a_figure_with_a_percentage_added_or_taken_off(read, message, pct):
    calc = read(message)
    assert calc is not None and calc.op is CalcOp.SCALE and calc.pct == pct
    assert len(calc.parts) == 1


@pytest.mark.parametrize(
    ("message", "counted"),
    [("what's 15% of the g2 tester salary?", True),
     ("what is 10 percent of our CHF 90,000 offer?", False)],
)
def test_a_percentage_of_a_figure_or_an_amount_is_that_part_of_it(read, message, counted):
    calc = read(message)
    assert calc is not None and calc.op is CalcOp.SCALE and calc.portion
    assert len(calc.parts) == int(counted) and all(p.count == 0 for p in calc.parts)
    assert Calc.from_dict(calc.to_dict()) == calc


def test_a_figure_as_a_share_of_an_amount(read):
    calc = read("what share of our CHF 500,000 budget would one g2 tester take, in percent?")
    assert calc is not None and calc.op is CalcOp.PERCENT and calc.of_amount
    assert calc.amount == Amount(500_000, "CHF")


def test_two_figures_said_again_are_two(read):
    calc = read("testers at g2 make 80k and at g1 60k, so a g2 tester earns 30% more than a g1 "
                "tester?")
    assert calc is not None and calc.op is CalcOp.PERCENT
    assert [p.level for p in calc.parts] == ["g2", "g1"]


def test_a_currency_named_keeps_only_its_figures(read):
    calc = read("average tester pay across Switzerland and Japan, the ones in francs")
    assert calc is not None and calc.op is CalcOp.AVERAGE and calc.currency == "CHF"


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        # A count of people alone is of the part before it.
        ("for Zurich, what would the 6 people together cost a year?",
         [(6.0, "tester", "", "Zurich", False)]),
        # "A 60-person company" describes; "those five people" are the figures shown.
        ("we are a 60-person company: total for 2 g2 testers?",
         [(2.0, "tester", "g2", "", False)]),
        ("what would those five people cost in total?", [(5.0, "tester", "", "", True)]),
    ],
)
def test_counts_of_people_said_without_a_level_or_place(calc_reader, reader, lexicon, message,
                                                         parts):
    found = calc_reader.parts(reader.read(message, lexicon.analyze(message)), "tester")
    assert [(p.count, p.role, p.level, p.location, p.shown) for p in found] == parts


def test_how_far_above_a_median_a_level_is_asks_it_of_the_level(read):
    calc = read("How far above the Swiss median quality analyst salary is a G2 tester, in "
                "francs and percent?")
    assert calc is not None and calc.op is CalcOp.PERCENT and calc.more
    # The level is the tester's (said right before the role), asked of against the median,
    # whose place is not the tester's.
    assert [(p.role, p.level, p.location) for p in calc.parts] == [
        ("tester", "g2", ""), ("quality-analyst", "", "Switzerland")]


def test_an_increase_from_one_figure_to_another_takes_the_first_as_its_base(domain):
    # "The uplift from jr to sr", "jr->sr": the second set against the first.
    from api.understand.calc import FROM_TO

    for text in ("% uplift jr->sr", "what's the % increase from jr to sr"):
        assert FROM_TO.search(text) and domain.cues.search("more", text)
    assert not FROM_TO.search("jr as a % of sr")


def test_the_average_salary_of_a_role_is_its_figure_not_an_average():
    from api.understand.calc import TYPICAL_PAY

    assert TYPICAL_PAY.search("the average salary for a data scientist, next to the others")
    assert TYPICAL_PAY.search("what's the average pay of an engineer?")
    assert not TYPICAL_PAY.search("the average salary across those five people")


def test_a_percentage_gap_is_how_much_more_not_a_share(read):
    calc = read("tester pay, Zurich vs Basel: the % gap?")
    assert calc is not None and calc.op is CalcOp.PERCENT and calc.more


@pytest.mark.parametrize(("text", "months"), [("over two full years", 24.0),
                                              ("for a whole year", 12.0),
                                              ("over 3 years", 36.0), ("18 months", 18.0)])
def test_how_long_a_cost_runs(text, months):
    from api.understand.numbers import months as months_of
    assert months_of(text.split()) == months


def test_a_count_of_them_after_the_ones_named_counts_those(read):
    calc = read("the g2 testers: what would three of them cost in total?")
    assert calc is not None
    assert [(p.count, p.level) for p in calc.parts] == [(3.0, "g2")]


def test_a_place_said_last_holds_for_every_role_counted_that_has_a_figure_there():
    """"2 release managers and 2 testers in Zurich": the place is each role's, when each has
    a figure there (made up: a release manager figure for Zurich added)."""
    domain = make_domain([*RECORDS, record("release-manager-zurich", "release-manager",
                                           130_000, location="Zurich", region="Switzerland")])
    text = "what do 2 release managers and 2 testers in Zurich cost in total?"
    calc = CalcReader(domain, currency_words(domain)).read(
        Reader(domain).read(text, make_lexicon(domain).analyze(text)))
    assert calc is not None and calc.op is CalcOp.TOTAL
    assert [(p.count, p.role, p.location) for p in calc.parts] == [
        (2, "release-manager", "Zurich"), (2, "tester", "Zurich")]



@pytest.mark.parametrize(
    "message",
    ["what % of G2 tester pay is the G1 figure?",
     "g1 tester pay is what percentage of g2 tester pay?",
     "what share of the g2 tester's salary does a g1 tester get?"])
def test_the_base_of_a_share_is_the_figure_said_after_of(read, message):
    calc = read(message)
    assert calc is not None and calc.op is CalcOp.PERCENT
    assert [p.level for p in calc.parts] == ["g1", "g2"]  # the G1 figure as a share of G2's
