"""The words of a query the sentence model reads, with the one role it names said by the
role's own name (`role_named`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from api.knowledge.domain import Domain
from api.text.words import singular

# A query that asks whether two names are one thing: each name said matters to the model.
SAME = re.compile(r"\b(?:same|differ\w*|distinct|interchangeabl\w*)\b", re.I)


def role_named(domain: Domain, query: str, dense: list[str],
               terms_at: Sequence[tuple[int, int, str]], others: Collection[str]) -> list[str]:
    """`dense` (the query's words for the model; `terms_at`: where each term of the knowledge
    stands in it) with the one role a query names by another of its names ("ML engineer")
    said by the role's own name, as the content says it: the model would read "ML" as the
    topic ("which certifications for an ML engineer?" is not a question about
    machine-learning certificates). Not with two names of roles, or of one ("is an ML
    engineer an AI engineer?"), nor with a role the knowledge lacks (`others`)."""
    said = [(a, b, t.id) for a, b, term in terms_at
            for t in domain.lookup(term) if t.kind == "role"]
    cues = domain.cues
    if len(said) != 1 or others or SAME.search(query) or any(
            cues.search(cue, query) for cue in ("compare", "compare_difference")):
        return dense  # ("is that the same as an ML engineer?": the name matters)
    start, end, role = said[0]
    name = domain.role_name(role).split()
    words = [w.lower() for w in dense[start:end]]
    # Only another name of the same kind of person ("ML engineers", not "ML people" or "the
    # AI team"), said in its own number.
    if len(words) < 2 or singular(words[-1]) != name[-1].lower() or words[:-1] == [
            w.lower() for w in name[:-1]]:
        return dense
    return [*dense[:start], *name[:-1], dense[end - 1], *dense[end:]]
