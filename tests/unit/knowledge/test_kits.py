"""The kits of the profile (profile.yml `kits:`): read into the profile, kept in the index, and
mistakes reported with their line."""

from __future__ import annotations

import pytest

from api.answer.kit_ask import JOB_POST, SCORECARD
from api.errors import KnowledgeError
from api.knowledge.kits import DEFAULT_KIT_LABELS
from api.knowledge.loader import load_knowledge
from api.knowledge.profile import Profile
from tests.conftest import KB2


def test_the_profile_maps_topics_and_snippets_to_kit_sections():
    profile = load_knowledge(KB2).profile
    kinds = [k.kind for k in profile.kits]
    assert kinds == [JOB_POST, SCORECARD]
    job = profile.kit(JOB_POST)
    assert job is not None and job.name == "Job ad" and job.ask == "Draft a job ad"
    assert [s.id for s in job.sections][:3] == ["about", "duties", "requirements"]
    assert next(s for s in job.sections if s.id == "pay").figures
    assert profile.kit_labels["draft"].startswith("Drafted from the Kirschberg handbook")
    assert profile.kit_labels["evidence"] == DEFAULT_KIT_LABELS["evidence"]
    # Kept in the index with the rest of the profile; an index made before kits has none.
    assert Profile.from_dict(profile.to_dict()) == profile
    old = profile.to_dict()
    del old["kits"], old["kit_labels"]
    assert Profile.from_dict(old).kits == ()


@pytest.mark.parametrize(
    ("kits", "message"),
    [
        ("kits: [1]", "'kits' must map kit kinds"),
        ("kits:\n  brochure: {}", "unknown field 'brochure'"),
        ("kits:\n  job_post:\n    name: Post\n    sections: []", "'sections' must list"),
        ("kits:\n  job_post:\n    name: Post\n    sections:\n      - id: a\n        heading: A",
         "section 'a' takes nothing"),
        ("kits:\n  job_post:\n    name: Post\n    sections:\n      - id: A b\n        heading: A"
         "\n        topics: [x]", "section id must be lower-case"),
        ("kits:\n  job_post:\n    name: Post\n    sections:\n      - id: a\n        heading: A"
         "\n        topics: [x]\n        figures: sometimes", "'figures' must be true or false"),
        ("kits:\n  job_post:\n    name: Post\n    sections:\n      - id: a\n        heading: A"
         "\n        topics: [x]\n        colour: red", "unknown field 'colour'"),
        ("kits:\n  labels:\n    missing: 'Gone: {what}'", "may hold only {asked}"),
        ("kits:\n  labels:\n    years: '{asked} years'", "may hold only {years}"),
        ("kits:\n  job_post:\n    name: Post\n    sections:\n      - id: a\n        heading: A"
         "\n        company: perks", "'company' must be one of about, benefits, how_we_work, "
         "levels, got 'perks'"),
    ],
)
def test_kit_mistakes_in_the_profile_are_reported_with_their_line(kb2_copy, kits, message):
    profile = kb2_copy / "profile.yml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[: text.index("\nkits:")] + "\n" + kits + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(kb2_copy)
    problems = [p for p in error.value.problems if message in p.message]
    assert problems, [str(p) for p in error.value.problems]
    assert problems[0].path.endswith("profile.yml") and problems[0].line > 60


def test_a_section_may_take_only_the_company_s_lines(kb2_copy):
    profile = kb2_copy / "profile.yml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("      - id: about\n", "      - id: perks\n        heading: "
                                    "Perks\n        company: benefits\n      - id: about\n", 1),
                       encoding="utf-8")
    job = load_knowledge(kb2_copy).profile.kit(JOB_POST)
    assert job is not None
    perks = job.sections[0]
    assert (perks.id, perks.company, perks.company_only) == ("perks", "benefits", True)
    assert not job.sections[1].company_only
