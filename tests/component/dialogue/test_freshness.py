"""The caution on old figures in conversation, on a copy of the made-up second knowledge base with
a freshness rule added (tests/fixtures/kb2 itself has none) and a fixed today: lookups,
follow-ups, comparisons, sources and a kit's pay section carry it once; an answer without
figures, or with figures within the rule, does not."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from api.dialogue.conversation import Conversation
from tests.conftest import KB2
from tests.support.conversation import Talk, open_kb

TODAY = date(2026, 12, 6)
# kb2's level figures are dated 15 January 2025, its Swiss city figures 30 April 2025.
LEVELS_OLD = "from January 2025, 1 year 10 months ago (nearly 2 years)"
CITIES_OLD = "from April 2025, 1 year 7 months ago"
CHECK = "against a current survey before you make an offer."


def with_rule(tmp_path: Path, months: int) -> Path:
    """A copy of kb2 whose profile says figures are old after `months` months."""
    target = tmp_path / "kb2"
    shutil.copytree(KB2, target)
    profile = target / "profile.yml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + f"\nfreshness:\n  warn_after_months: {months}\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Conversation:
    root = tmp_path_factory.mktemp("kb2-fresh")
    return open_kb(with_rule(root, 12), root / "index", today=lambda: TODAY)


def cautions(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.endswith(CHECK)]


def test_a_lookup_and_its_follow_ups_each_carry_one_caution(bot):
    talk = Talk(bot)
    first = talk("What does an L4 platform engineer earn?")
    assert "CHF 118,000" in first.text
    assert cautions(first.text) == [f"This figure is {LEVELS_OLD}; check it {CHECK}"]
    # The figure's own source line is as it was.
    assert "Alpenrose Engineering Pay Study 2025, as cited in Kirschberg Compensation Memo, " \
           "15 January 2025" in first.text
    geneva = talk("and in Geneva?")
    assert len(cautions(geneva.text)) == 1
    source = talk("source?")
    assert source.kind == "source" and len(cautions(source.text)) == 1


def test_a_ranking_names_the_oldest_of_its_figures(bot):
    answer = Talk(bot)("Which Swiss city pays platform engineers the most?")
    assert answer.kind == "salary"
    assert cautions(answer.text) == [f"These figures are {CITIES_OLD}; check them {CHECK}"]


def test_a_kit_s_pay_section_carries_the_caution_as_its_note(bot):
    post = Talk(bot)("Please draft a job ad for a senior platform engineer in Geneva")
    assert post.kind == "kit"
    pay = next(s for s in post.data["sections"] if s["id"] == "pay")
    assert pay["note"].endswith(f"1 year 10 months ago (nearly 2 years); check them {CHECK}")
    assert post.text.count(CHECK) == 1


def test_answers_without_figures_carry_no_caution(bot):
    answer = Talk(bot)("How long is the take-home test for platform engineers?")
    assert answer.kind == "snippet" and CHECK not in answer.text


def test_figures_within_the_rule_carry_no_caution(tmp_path):
    lenient = open_kb(with_rule(tmp_path, 36), tmp_path / "index", today=lambda: TODAY)
    talk = Talk(lenient)
    answer = talk("What does an L4 platform engineer earn?")
    assert "CHF 118,000" in answer.text and CHECK not in answer.text
    assert CHECK not in talk("source?").text
