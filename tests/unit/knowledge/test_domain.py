"""The domain (`api.knowledge.domain.Domain`) built from a made-up profile and records: what each
name stands for, which levels and places have figures, and which are nearest."""

from __future__ import annotations

import pytest

from api.knowledge.domain import Domain, Term
from api.knowledge.profile import Role
from api.text.places import Place
from tests.unit.support import make_domain, record


@pytest.mark.parametrize(
    ("name", "terms"),
    [
        ("QA engineers", [Term("role", "tester")]),  # an alias, in the plural
        ("Release Captain", [Term("role", "release-manager")]),
        ("master", [Term("level", "g4")]),
        ("G2", [Term("level", "g2")]),
        ("ZRH", [Term("location", "Zurich")]),  # a location's alias from its row
        # A region of the testers' cities, and the location of the analysts' median.
        ("Switzerland", [Term("region", "Switzerland"), Term("location", "Switzerland")]),
        ("nurse", []),
    ],
)
def test_a_name_stands_for_a_role_level_or_place(domain: Domain, name, terms):
    assert domain.lookup(name) == terms


@pytest.mark.parametrize(
    ("role", "asked", "nearest"),
    [("tester", "g3", "g4"),  # g2 and g4 are as near: the higher one
     ("tester", "g1", "g1"), ("release-manager", "g4", "g3"), ("test-coach", "g1", None)],
)
def test_the_nearest_level_with_a_figure(domain: Domain, role, asked, nearest):
    assert domain.nearest_level(role, asked) == nearest


def test_levels_with_figures_come_in_ladder_order():
    domain = make_domain([record("b", "tester", 2, level="g4"), record("a", "tester", 1,
                                                                        level="g2")])
    assert domain.levels_of("tester") == ["g2", "g4"]
    assert domain.levels_of("release-manager") == []


def test_a_ladder_maps_the_titles_it_lacks(domain: Domain):
    assert domain.level_for_title("tester", "principal") == "g4"
    assert domain.level_for_title("tester", "staff") is None
    assert domain.title_words == {"principal", "intern"}
    assert {"g1", "beginner", "master", "principal"} <= domain.seniority_words


def test_roles_with_figures_of_their_own_leave_out_reference_only_roles(domain: Domain):
    assert domain.roles_with_figures == ["tester", "release-manager"]
    assert domain.primary_role.id == "tester"
    assert [r.id for r in domain.rows("quality-analyst")] == []
    assert [r.id for r in domain.rows("quality-analyst", baseline=True)] == [
        "quality-analyst-median"]


def test_names_of_roles_levels_and_places_become_search_synonyms(domain: Domain):
    synonyms = domain.synonyms()
    assert synonyms["tester"] == ("testers", "QA engineer", "quality engineer")
    assert synonyms["G3"] == ("g3", "expert")
    assert synonyms["Zurich"] == ("ZRH",)


@pytest.mark.parametrize(
    ("words", "sources"),
    [("what does the statistics office say", ["Fictional Statistics Office"]),
     ("the edelweiss pay survey", ["Edelweiss Pay Survey"]),
     ("the office", [])],  # one common word names no source
)
def test_a_source_is_named_by_the_words_that_tell_it_apart(domain: Domain, words, sources):
    assert domain.sources_in(words.split()) == sources


@pytest.mark.parametrize(
    ("place", "near", "how"),
    [
        (Place("Kyoto", "city", "JP", "", "AS"), ["Tokyo", "Osaka"], "in country"),
        (Place("Paris", "city", "FR", "", "EU"), ["Zurich", "Geneva", "Basel"], "continent"),
        (Place("Lima", "city", "PE", "", "SA"), [], ""),
    ],
)
def test_the_role_s_locations_nearest_a_place(domain: Domain, place, near, how):
    assert domain.near(place, "tester") == (near, how)


def test_a_role_name_said_without_its_last_word_names_it_when_no_word_else_does():
    """"MLOps" for an MLOps engineer (made-up role added to the made-up profile); not "quality"
    (an English word, and the quality analyst's too) nor "QA" (too short to tell)."""
    from dataclasses import replace

    from tests.unit.support import PROFILE, RECORDS

    roles = (*PROFILE.roles, Role("mlops-engineer", "MLOps engineer", "MLOps engineers",
                                  ("MLOps specialist",), "grades"))
    domain = Domain(replace(PROFILE, roles=roles), {r.id: r for r in RECORDS})
    assert domain.lookup("MLOps") == [Term("role", "mlops-engineer")]
    assert "mlops" in domain.synonyms()["MLOps engineer"]
    assert domain.lookup("quality") == [] and domain.lookup("QA") == []
