"""The hiring kits' specification in the profile (`kits:` in `knowledge/profile.yml`): which kits
exist, the sections of each and where each section takes its lines from, and the kits' own
labels. Parsed and validated with `file:line` like the rest of the profile; `api.answer.kit`
drafts the kits from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.errors import Problem
from api.knowledge.yamldoc import YamlDoc, id_field, text_field, text_list, unknown_keys

# The hiring kits the API drafts (`api.answer.kit`); which sections each has comes from the
# profile.
KIT_KINDS = ("job_post", "scorecard")
KIT_FIELDS = ("name", "ask", "sections", "leave_out")
SECTION_FIELDS = ("id", "heading", "topics", "snippets", "lead", "figures", "optional",
                  "evidence", "note", "company")
SECTION_SOURCES = ("topics", "snippets", "lead")
# What a section may take from the company's own content (`company.yml`, api.knowledge.company):
# its about-us lines, benefits, how the team works, or what it expects at the level asked.
COMPANY_PARTS = ("about", "benefits", "how_we_work", "levels")
# The kits' own words around the content, each overridable under `kits: labels:`. `{asked}`
# stands for the level or place asked for, where a label has it; the labels of LABEL_FIELDS
# hold the names listed there instead.
DEFAULT_KIT_LABELS = {
    "sources": "Sources (from the knowledge base; remove this part before publishing)",
    "evidence": "Look for",
    "source": "Source",
    "publications": "Published in",
    "score": "Score",
    "criterion": "Criterion",
    "missing": "Left out, as the knowledge has nothing for them",
    "omitted": "Left out, as asked",
    "nearest_level": "Nearest level with a figure ({asked} asked)",
    "nearest_place": "Nearest place with a figure ({asked} asked)",
    "any_place": "For the level (the source gives no location)",
    "any_level": "For the location (the source gives no level)",
    "context": "For context only, no figure for {asked}",
    "draft": "Drafted only from the knowledge base: every line comes from a source listed below.",
    "years": "{years} years of experience",
    "at_company": "{title} at {company}",
    "recruiter": "For the recruiter, not for the ad",
    "warning": "Before publishing",
    "market": "Market reference",
    "midpoint_below": "The band's midpoint, {midpoint}, is {percent} below this figure.",
    "midpoint_above": "The band's midpoint, {midpoint}, is {percent} above this figure.",
    "midpoint_equal": "The band's midpoint, {midpoint}, is this figure.",
    "rule_ads": "For jobs in {place}, {law} asks for {requires} ({source}, {date}): the range "
                "in this post meets it.",
    "rule_ads_missing": "For jobs in {place}, {law} asks for {requires} ({source}, {date}): "
                        "give this post a pay range before it is published there.",
    "rule_interview": "For jobs in {place}, {law} asks for {requires} ({source}, {date}): share "
                      "the pay range with candidates before then.",
    "rule_request": "For jobs in {place}, {law} asks for {requires} ({source}, {date}): share "
                    "the pay range with a candidate who asks for it.",
}
_RULE_FIELDS = ("law", "place", "requires", "source", "date")
# The names a label may hold in braces, where they are not `{asked}`.
LABEL_FIELDS = {
    "years": ("years",),
    "at_company": ("title", "company"),
    "midpoint_below": ("midpoint", "percent"),
    "midpoint_above": ("midpoint", "percent"),
    "midpoint_equal": ("midpoint",),
    **{key: _RULE_FIELDS for key in ("rule_ads", "rule_ads_missing", "rule_interview",
                                     "rule_request")},
}


@dataclass(frozen=True)
class KitSectionSpec:
    """Where one section of a hiring kit takes its lines from.

    `topics`: every snippet of these topics; `snippets`: these snippet ids (`*` matches any
    run of characters: `*/skills`); `lead`: the same, taking only each snippet's first sentence
    (snippets lead with their point). A snippet named by id goes to that section before one
    that only matches a pattern, and that before one that takes its topic. `figures`: the salary
    records for the role, level and place; `optional`: the section that receives lines which
    read as optional ("a plus", "welcome") from the kit's other sections. `company`: lines of
    the company's own content (one of COMPANY_PARTS), when the knowledge has a `company.yml`;
    a section that takes only these is left out silently without it. A section's own lines
    written for kits (`kind: kit` snippets of the role) replace its other snippets.
    """

    id: str
    heading: str
    topics: tuple[str, ...] = ()
    snippets: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    figures: bool = False
    optional: bool = False
    evidence: str = ""  # what to look for in a candidate's CV or answers (scorecards)
    note: str = ""  # one line under the section (figures: what kind of figure it is)
    company: str = ""  # one of COMPANY_PARTS, or ""

    @property
    def company_only(self) -> bool:
        """Whether the section takes only the company's own lines (none: left out silently)."""
        return bool(self.company) and not (self.topics or self.snippets or self.lead
                                           or self.figures)


@dataclass(frozen=True)
class KitSpec:
    """A hiring kit: its name, the words that ask for it, its sections in order."""

    kind: str  # one of KIT_KINDS
    name: str
    ask: str  # how a person asks for it ("Draft a job post"): the button under an answer
    sections: tuple[KitSectionSpec, ...]
    leave_out: tuple[str, ...] = ()  # snippet ids or patterns never used in this kit


def parse_kits(doc: YamlDoc, problems: list[Problem]) -> tuple[list[KitSpec], dict[str, str]]:
    """The hiring kits' sections and labels (`kits:`); none when the profile has no kits."""
    raw = doc.data.get("kits")
    labels = dict(DEFAULT_KIT_LABELS)
    if raw is None:
        return [], labels
    if not isinstance(raw, dict):
        problems.append(doc.problem(
            f"'kits' must map kit kinds ({', '.join(KIT_KINDS)}) to their sections", "kits"))
        return [], labels
    unknown_keys(doc, raw, (*KIT_KINDS, "labels"), ("kits",), problems)
    labels.update(_kit_labels(doc, raw.get("labels"), problems))
    kits = []
    for kind in KIT_KINDS:
        if kind in raw:
            kit = _kit(doc, kind, raw[kind], problems)
            if kit is not None:
                kits.append(kit)
    return kits, labels


def _kit_labels(doc: YamlDoc, raw: Any, problems: list[Problem]) -> dict[str, str]:
    if raw is None:
        return {}
    path = ("kits", "labels")
    if not isinstance(raw, dict):
        problems.append(doc.problem("'labels' must map label names to text", *path))
        return {}
    unknown_keys(doc, raw, tuple(DEFAULT_KIT_LABELS), path, problems)
    labels = {}
    for key in raw:
        if key not in DEFAULT_KIT_LABELS:
            continue
        text = text_field(doc, raw, key, path, problems)
        names = LABEL_FIELDS.get(key, ("asked",))
        try:
            text.format(**dict.fromkeys(names, ""))
        except (KeyError, IndexError, ValueError):
            held = ", ".join(f"{{{n}}}" for n in names)
            problems.append(doc.problem(
                f"label '{key}' may hold only {held} in braces", *path, key))
            continue
        if text:
            labels[key] = text
    return labels


def _kit(doc: YamlDoc, kind: str, raw: Any, problems: list[Problem]) -> KitSpec | None:
    path = ("kits", kind)
    if not isinstance(raw, dict):
        problems.append(doc.problem(f"kit '{kind}' must be a mapping with name and sections",
                                    *path))
        return None
    unknown_keys(doc, raw, KIT_FIELDS, path, problems)
    name = text_field(doc, raw, "name", path, problems)
    ask = text_field(doc, raw, "ask", path, problems, required=False) or f"Draft a {name.lower()}"
    leave_out = _patterns(doc, raw, "leave_out", path, problems)
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.append(doc.problem(f"kit '{kind}': 'sections' must list its sections, in order",
                                    *path, "sections"))
        return None
    sections: list[KitSectionSpec] = []
    for i, item in enumerate(raw_sections):
        section = _kit_section(doc, (*path, "sections", i), item, problems)
        if section is None:
            continue
        if any(s.id == section.id for s in sections):
            problems.append(doc.problem(f"duplicate section '{section.id}' in kit '{kind}'",
                                        *path, "sections", i))
            continue
        sections.append(section)
    if not name or not sections:
        return None
    return KitSpec(kind, name, ask, tuple(sections), leave_out)


def _kit_section(doc: YamlDoc, path: tuple, item: Any, problems: list[Problem]
                 ) -> KitSectionSpec | None:
    if not isinstance(item, dict):
        problems.append(doc.problem("a section must be a mapping with id and heading", *path))
        return None
    count = len(problems)
    unknown_keys(doc, item, SECTION_FIELDS, path, problems)
    section_id = id_field(doc, item.get("id"), "section", (*path, "id"), problems)
    heading = text_field(doc, item, "heading", path, problems)
    sources = {key: _patterns(doc, item, key, path, problems) for key in SECTION_SOURCES}
    flags = {}
    for key in ("figures", "optional"):
        value = item.get(key, False)
        if not isinstance(value, bool):
            problems.append(doc.problem(f"'{key}' must be true or false", *path, key))
        flags[key] = value is True
    company = item.get("company", "")
    if company and company not in COMPANY_PARTS:
        problems.append(doc.problem(f"'company' must be one of {', '.join(COMPANY_PARTS)}, "
                                    f"got {company!r}", *path, "company"))
    if not any(sources.values()) and not flags["figures"] and not company:
        problems.append(doc.problem(
            f"section '{section_id}' takes nothing: give topics, snippets or lead (snippet "
            "ids, '*' for any characters), figures: true, or company: "
            f"{' | '.join(COMPANY_PARTS)}", *path))
    if len(problems) > count:
        return None
    return KitSectionSpec(
        section_id, heading, sources["topics"], sources["snippets"], sources["lead"],
        flags["figures"], flags["optional"],
        evidence=text_field(doc, item, "evidence", path, problems, required=False),
        note=text_field(doc, item, "note", path, problems, required=False),
        company=str(company))


def _patterns(doc: YamlDoc, data: dict, key: str, path: tuple, problems: list[Problem]
              ) -> tuple[str, ...]:
    if key not in data:
        return ()
    values = text_list(data[key])
    if values is None:
        problems.append(doc.problem(f"'{key}' must be a list of ids", *path, key))
        return ()
    return tuple(values)
