"""Checks of the profile's kits against the knowledge: kit sections that name a snippet or topic
the knowledge lacks. Run by `hiring-advisor validate`; they warn, the kit still drafts.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.errors import Problem
from api.knowledge.model import Snippet
from api.knowledge.profile import Profile


def kit_warnings(profile: Profile, snippets: Sequence[Snippet]) -> list[Problem]:
    """Kit sections that name a snippet or topic the knowledge lacks, or take nothing at all
    (the kit still drafts; the section is left out)."""
    ids = {s.id for s in snippets}
    topics = {s.topic for s in snippets}
    problems = []
    for spec in profile.kits:
        for section in spec.sections:
            line = profile.lines.get(f"kit:{spec.kind}:{section.id}", 1)
            where = f"kit '{spec.kind}', section '{section.id}'"
            for ref in (*section.lead, *section.snippets):
                if "*" not in ref and ref not in ids:
                    problems.append(Problem(profile.path, line,
                                            f"{where}: no snippet '{ref}' in the knowledge"))
            for topic in section.topics:
                if topic not in topics:
                    problems.append(Problem(profile.path, line,
                                            f"{where}: no Markdown file has topic '{topic}'"))
    return problems
