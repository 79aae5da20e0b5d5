"""Salary answers with the made-up company (deploy/demo-company) laid over a copy of the shipped
knowledge, on the real model: the band follows the market reference with where the reference
sits in it, and an offer is checked against both."""

from __future__ import annotations

import pytest

from api.config import Settings
from api.dialogue.engine import Engine, open_engine
from api.dialogue.state import DialogueState
from api.index.build import build_index
from api.index.lifecycle import load_index
from tests.support.overlays import company_knowledge


@pytest.fixture(scope="module")
def engine(tmp_path_factory, real_embedder) -> Engine:
    root = tmp_path_factory.mktemp("company")
    knowledge = company_knowledge(root)
    build_index(knowledge, root / "index", real_embedder)
    return open_engine(load_index(root / "index"), real_embedder, Settings())


def test_a_salary_answer_gives_the_band_after_the_market_reference(engine):
    answer, _ = engine.conversation.reply("What should we pay a senior AI engineer in Boston?",
                                          DialogueState())
    market, band = answer.text.index("$166,500 a year"), answer.text.index("band for a senior")
    assert market < band
    assert "is $150,000–$180,000 a year (" in answer.text
    assert "the one for an AI engineer in Boston, MA sits at 55% of it." in answer.text
    rows = answer.data["rows"]
    assert rows[-1]["kind"] == "band" and (rows[-1]["low"], rows[-1]["high"]) == (150_000,
                                                                                  180_000)


def test_a_band_under_the_market_is_flagged(engine):
    answer, _ = engine.conversation.reply("junior AI engineer salary in New York",
                                          DialogueState())
    assert "is $100,000–$120,000 a year (" in answer.text
    assert "so **the band tops out $4,000 below the market reference for a junior AI " \
        "engineer and $33,600 below the one for an AI engineer in New York**." in answer.text


def test_an_offer_is_checked_against_the_market_and_the_band(engine):
    answer, _ = engine.conversation.reply(
        "Is $160,000 a fair offer for a senior AI engineer in Boston?", DialogueState())
    assert "**$160,000 a year is $6,500 (3.9%) below** the figure for an AI engineer in " \
        "Boston, MA" in answer.text
    assert "**$160,000 a year sits at 33% of our band for a senior AI engineer in US tier 1** " \
        "($150,000–$180,000 a year; " in answer.text
