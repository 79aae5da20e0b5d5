"""Salary records as snippets: one per record, and an overview per group of records (a role's
levels, a role's locations in a region), worded by `api.knowledge.naming`.
"""

from __future__ import annotations

from collections import defaultdict

from api.knowledge.model import SALARY_TOPIC, Snippet
from api.knowledge.naming import Naming, article, measure_of, place_phrase
from api.knowledge.profile import Profile
from api.knowledge.records import SalaryRecord
from api.knowledge.topics import slugify
from api.text.money import currency_name

RECORD_PREFIX = "salaries/"


def salary_snippets(records: list[SalaryRecord], profile: Profile) -> list[Snippet]:
    """One snippet per record, plus an overview per group of two or more records: a role's
    levels, and a role's locations in one region. Reference baselines stand alone."""
    naming = Naming(profile, records)
    snippets = [_record_snippet(r, naming) for r in records]
    groups: dict[tuple[str, str], list[SalaryRecord]] = defaultdict(list)
    for record in records:
        if record.baseline or measure_of(record):
            continue
        kind = f"region:{record.region}" if record.location else "level"
        groups[(record.role, kind)].append(record)
    for (role, kind), members in groups.items():
        if len(members) > 1:
            snippets.append(_overview_snippet(role, kind, members, naming))
    return snippets


def _record_snippet(record: SalaryRecord, naming: Naming) -> Snippet:
    role = naming.role_name(record.role)
    profile_role = naming.profile.role(record.role)
    level_words: tuple[str, ...] = ()
    if record.level:
        ladder = naming.profile.ladder_of(record.role)
        level = ladder.level(record.level) if ladder else None
        level_words = (level.name, *level.aliases) if level else (record.level,)
    keywords = (*level_words, *record.aliases, *(profile_role.aliases if profile_role else ()),
                record.currency, currency_name(record.currency), "salary", "pay")
    subject = naming.subject(record)
    if record.location:
        questions = (
            f"How much does {subject} earn?",
            f"{naming.title(record)}",
        )
    else:
        questions = (f"How much does {subject} make?", f"What should I pay {subject}?")
    return Snippet(
        id=f"{RECORD_PREFIX}{record.id}",
        title=naming.title(record),
        text=naming.sentence(record),
        topic=SALARY_TOPIC,
        source=record.source,
        as_of=record.as_of,
        path=record.path,
        line=record.line,
        doc_title=f"{role} salaries",
        keywords=tuple(dict.fromkeys(keywords)),
        questions=questions,
        salary_ids=(record.id,),
        roles=(record.role,),
    )


def _overview_snippet(role: str, kind: str, members: list[SalaryRecord],
                      naming: Naming) -> Snippet:
    same_period = len({m.period for m in members}) == 1
    listed = "; ".join(
        f"{_short_label(m, naming)} {naming.money(m) if same_period else naming.money_period(m)}"
        for m in members
    )
    per = f" a {members[0].period}" if same_period else ""
    citations = "; ".join(dict.fromkeys(naming.citation(m) for m in members))
    currencies = list(dict.fromkeys(m.currency for m in members))
    role_name = naming.role_name(role)
    plural = naming.role_name(role, plural=True)
    questions: tuple[str, ...]
    if kind == "level":
        title = f"{role_name} salaries by experience level"
        text = f"By experience level, {role_name} salaries are: {listed}{per}"
        questions = (f"How much does {article(role_name)} {role_name} make?",
                     f"{role_name} salary by level of experience",
                     f"Pay difference between levels of {plural}")
        suffix = "level"
    else:
        region = kind.removeprefix("region:")
        where = f" in {place_phrase(region)}" if region else ""
        title = f"{role_name} salaries by location{where}"
        text = f"By location{where}, {role_name} salaries are: {listed}{per}"
        questions = (f"{role_name} salaries across locations{where}",
                     f"Compare {role_name} pay between locations{where}")
        suffix = f"{slugify(region) or 'all'}-location"
    text += f" ({citations})."
    if len(currencies) > 1:
        text += f" Figures are in local currency ({', '.join(currencies)}), not converted."
    keywords = tuple(dict.fromkeys(
        a for m in members for a in (naming.label(m, role=False), *m.aliases)
    )) + ("salary", "pay")
    return Snippet(
        id=f"{RECORD_PREFIX}{role}-by-{suffix}",
        title=title[:1].upper() + title[1:],
        text=text,
        topic=SALARY_TOPIC,
        source="; ".join(dict.fromkeys(m.source for m in members)),
        as_of=max(m.as_of for m in members),
        path=members[0].path,
        line=members[0].line,
        doc_title=f"{role_name} salaries",
        keywords=keywords,
        questions=questions,
        salary_ids=tuple(m.id for m in members),
        roles=(role,),
    )


def _short_label(record: SalaryRecord, naming: Naming) -> str:
    """'senior' or 'Boston, MA': the label without the role, lower-case for a level."""
    label = naming.label(record, role=False)
    return label[:1].lower() + label[1:] if record.level and not record.location else label
