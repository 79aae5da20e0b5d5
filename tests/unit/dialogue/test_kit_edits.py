"""Reading changes to a kit's sections from the kit's own words, on the made-up second knowledge
base's job ad (tests/fixtures/kb2/profile.yml: The role, What you will do, What you bring, A
plus, Pay, How we work, How we hire)."""

from __future__ import annotations

import pytest

from api.answer.kit_ask import JOB_POST
from api.dialogue.kit_edits import EditAction, SectionEdit, read_edit
from api.knowledge.kits import KitSpec
from api.knowledge.loader import load_knowledge
from tests.conftest import KB2


@pytest.fixture(scope="module")
def job_ad() -> KitSpec:
    spec = load_knowledge(KB2).profile.kit(JOB_POST)
    assert spec is not None
    return spec


@pytest.mark.parametrize(
    ("message", "pay", "edit"),
    [
        ("drop the 'How we work' bit", False, SectionEdit(EditAction.OMIT, ("work",))),
        ("take the remote work stuff out", False, SectionEdit(EditAction.OMIT, ("work",))),
        ("remove the certifications part, nobody cares", False,
         SectionEdit(EditAction.OMIT, ("plus",))),
        ("we never publish pay in ads, take that section out", True,
         SectionEdit(EditAction.OMIT, ("pay",))),
        ("put the certifications back in", False, SectionEdit(EditAction.RESTORE, ("plus",))),
        ("bring back how we hire", False, SectionEdit(EditAction.RESTORE, ("process",))),
        ("remove the skills section", False, SectionEdit(EditAction.OMIT, ())),  # which one?
        ("make sure on-call is in there", False,
         SectionEdit(EditAction.CHECK, words=("call",))),
        # plain "add": a section named is put in, anything else is looked for
        ("add the certifications", False, SectionEdit(EditAction.RESTORE, ("plus",))),
        ("add kubernetes", False, SectionEdit(EditAction.CHECK, words=("kubernetes",))),
    ],
)
def test_an_edit_names_its_section_in_the_kits_words(domain, job_ad, message, pay, edit):
    assert read_edit(message, job_ad, domain.cues, pay=pay) == edit


@pytest.mark.parametrize(
    "message",
    ["make it L4", "for Tokyo instead", "what does a platform engineer earn?",
     "drop the attitude"],  # names no section
)
def test_other_messages_are_not_section_edits(domain, job_ad, message):
    assert read_edit(message, job_ad, domain.cues, pay=False) is None
