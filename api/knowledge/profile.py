"""The assistant profile (`knowledge/profile.yml`): the assistant's own sentences, the roles, the
level ladders and the topics, with the hiring kits' sections read by `api.knowledge.kits`. Parsed
and validated like every knowledge file (`file:line`).

It also holds the freshness rule (`freshness:`): how old salary figures may be before an answer
that shows them says so. Optional; with none, figures are never called old. And the chat widget's
own words (`widget: labels:`, optional): "Sources:", "Retry", the length counter... so a profile can
put the widget in its own language; a label not given keeps the widget's English.

The profile says which *kinds* of things exist in this knowledge (which roles, which levels and in
which order); the code reads it and never names any of them itself.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from babel import Locale, UnknownLocaleError

from api.errors import Problem
from api.knowledge.conversions import Conversion, parse_conversions
from api.knowledge.kits import (
    DEFAULT_KIT_LABELS,
    SECTION_SOURCES,
    KitSectionSpec,
    KitSpec,
    parse_kits,
)
from api.knowledge.languages import Language, parse_languages
from api.knowledge.yamldoc import YamlDoc, id_field, read_yaml, text_field, text_list, unknown_keys
from api.text.money import DEFAULT_LOCALE, MoneyError, add_months, check_locale

PROFILE_FILE = "profile.yml"
MAX_STARTERS = 8
ASSISTANT_REQUIRED = ("name", "scope", "greeting", "placeholder", "starters")
ASSISTANT_FIELDS = (*ASSISTANT_REQUIRED, "locale", "decline", "decline_person",
                    "ask_in_english")
ROLE_FIELDS = ("id", "name", "plural", "aliases", "ladder")
LEVEL_FIELDS = ("id", "name", "aliases")
FRESHNESS_FIELDS = ("warn_after_months",)
WIDGET_FIELDS = ("labels",)
# The chat widget's own words (`widget: labels:`) and the placeholders, in braces, each may hold.
# The English for each is the widget's own (api/serve/static/widget.js, LABELS): the same names.
WIDGET_LABELS: dict[str, tuple[str, ...]] = {
    "open": (), "close": (), "new": (), "new_conversation": (), "input": (), "send": (),
    "typing": (), "suggestions": (), "sources": (), "copy": (), "copy_answer": (),
    "copied": (), "copy_failed": (), "copy_markdown": (), "download": (), "downloaded": (),
    "show_sources": (),
    "feedback": (), "helpful": (), "not_helpful": (), "thanks": (), "feedback_failed": (),
    "reason": (), "reason_send": (), "reason_thanks": (), "retry": (), "unreachable": (),
    "counter": ("count", "max"), "counter_spoken": ("count", "max"),
    "too_long": ("count", "max", "over"),
}
_BRACED = re.compile(r"\{(\w*)\}")
DEFAULT_DECLINE = (
    "I can't help choose or filter candidates by age, sex or gender, pregnancy, race, ethnicity, "
    "nationality or national origin, religion, disability, marital or family status, sexual "
    "orientation or any other protected characteristic: that is discrimination, and unlawful in "
    "most places. I'm glad to help you judge candidates on what they can do instead."
)
DEFAULT_ASK_IN_ENGLISH = "I answer in English only: please ask your question again in English."
DEFAULT_DECLINE_PERSON = (
    "I can't say what a particular person earns: that is their private information, and "
    "my figures are market references, not anyone's pay. I can give you the market figure "
    "for their role, level or location instead."
)


@dataclass(frozen=True)
class Assistant:
    name: str
    scope: str
    greeting: str
    placeholder: str
    starters: tuple[str, ...]
    locale: str = DEFAULT_LOCALE
    decline: str = DEFAULT_DECLINE
    # The reply to a question about what a named person earns.
    decline_person: str = DEFAULT_DECLINE_PERSON
    # Said after the asker's own language's line when a question in another language cannot
    # be read (`languages:`).
    ask_in_english: str = DEFAULT_ASK_IN_ENGLISH


@dataclass(frozen=True)
class Topic:
    id: str
    name: str


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    plural: str
    aliases: tuple[str, ...] = ()
    ladder: str = ""


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ladder:
    """Levels from lowest to highest, and the titles it lacks mapped to the level to use."""

    id: str
    levels: tuple[Level, ...]
    nearest: dict[str, str] = field(default_factory=dict)

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def rank(self, level_id: str) -> int:
        return next((i for i, lv in enumerate(self.levels) if lv.id == level_id), -1)


@dataclass(frozen=True)
class Freshness:
    """How old salary figures may be: an answer that shows a figure older than
    `warn_after_months` says how old it is."""

    warn_after_months: int

    def stale(self, as_of: date, today: date) -> bool:
        """Whether a figure dated `as_of` is older than the rule allows on `today` (one exactly
        `warn_after_months` old is still within it)."""
        return today > add_months(as_of, self.warn_after_months)


@dataclass(frozen=True)
class Profile:
    assistant: Assistant
    roles: tuple[Role, ...]
    ladders: tuple[Ladder, ...]
    topics: tuple[Topic, ...] = ()
    path: str = PROFILE_FILE
    # Where each role, level and topic is declared, for problems found later (unused ids...).
    lines: dict[str, int] = field(default_factory=dict)
    kits: tuple[KitSpec, ...] = ()
    kit_labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KIT_LABELS))
    conversions: tuple[Conversion, ...] = ()
    freshness: Freshness | None = None  # none: figures are never called old
    languages: tuple[Language, ...] = ()  # other languages a question may come in
    # The widget's own words the profile sets (`WIDGET_LABELS` names); the rest stay English.
    widget_labels: dict[str, str] = field(default_factory=dict)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def kit(self, kind: str) -> KitSpec | None:
        return next((k for k in self.kits if k.kind == kind), None)

    def conversion(self, source: str, target: str) -> tuple[float, str] | None:
        """(divisor, basis) that puts a figure for `source` periods in `target` ones, when the
        content gives the method."""
        found = next((c for c in self.conversions if (c.source, c.target) == (source, target)),
                     None)
        return (found.divide_by, found.basis) if found is not None else None

    def ladder_of(self, role_id: str) -> Ladder | None:
        role = self.role(role_id)
        if role is None:
            return None
        return next((lad for lad in self.ladders if lad.id == role.ladder), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        assistant = data["assistant"]
        return cls(
            assistant=Assistant(**{**assistant, "starters": tuple(assistant["starters"])}),
            roles=tuple(Role(**{**r, "aliases": tuple(r["aliases"])}) for r in data["roles"]),
            ladders=tuple(
                Ladder(
                    id=lad["id"],
                    levels=tuple(
                        Level(**{**lv, "aliases": tuple(lv["aliases"])}) for lv in lad["levels"]
                    ),
                    nearest=dict(lad["nearest"]),
                )
                for lad in data["ladders"]
            ),
            topics=tuple(Topic(**t) for t in data.get("topics", ())),
            path=data.get("path", PROFILE_FILE),
            lines=dict(data.get("lines", {})),
            # Indexes built before kits existed have none: drafting then says to rebuild.
            kits=tuple(
                KitSpec(**{**kit, "leave_out": tuple(kit.get("leave_out", ())),
                           "sections": tuple(
                               KitSectionSpec(**{**sec, **{k: tuple(sec.get(k, ()))
                                                           for k in SECTION_SOURCES}})
                               for sec in kit["sections"])})
                for kit in data.get("kits", ())
            ),
            kit_labels={**DEFAULT_KIT_LABELS, **data.get("kit_labels", {})},
            conversions=tuple(Conversion(**c) for c in data.get("conversions", ())),
            # Indexes built before the rule existed have none: figures are not called old.
            freshness=Freshness(**data["freshness"]) if data.get("freshness") else None,
            # Indexes built before languages existed have none: every message reads as English.
            languages=tuple(Language(**{**lang, "words": tuple(lang["words"]),
                                        "thanks": tuple(lang.get("thanks", ()))})
                            for lang in data.get("languages", ())),
            # Indexes built before widget labels existed have none: the widget's English stays.
            widget_labels=dict(data.get("widget_labels", {})),
        )


def parse_profile(text: str, shown: str, problems: list[Problem]) -> Profile | None:
    """Read `profile.yml`; every problem is recorded with its line, None when unusable."""
    doc = read_yaml(text, shown, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem("must be a mapping with assistant, roles and ladders"))
        return None
    count = len(problems)
    unknown_keys(doc, doc.data, ("assistant", "roles", "ladders", "topics", "kits",
                                 "conversions", "freshness", "languages", "widget"), (),
                 problems)
    assistant = _assistant(doc, problems)
    ladders = _ladders(doc, problems)
    roles = _roles(doc, ladders, problems)
    topics = _topics(doc, problems)
    kits, labels = parse_kits(doc, problems)
    conversions = parse_conversions(doc, problems)
    freshness = _freshness(doc, problems)
    own = _language_of(assistant.locale) if assistant is not None else ""
    languages = parse_languages(doc, own, problems)
    widget_labels = _widget_labels(doc, problems)
    _alias_clashes(doc, roles, ladders, problems)
    if len(problems) > count or assistant is None:
        return None
    lines = {f"role:{r.id}": doc.line("roles", i) for i, r in enumerate(roles)}
    lines.update({f"topic:{t.id}": doc.line("topics", i) for i, t in enumerate(topics)})
    for kit in kits:
        lines.update({f"kit:{kit.kind}:{sec.id}": doc.line("kits", kit.kind, "sections", i)
                      for i, sec in enumerate(kit.sections)})
    return Profile(assistant, tuple(roles), tuple(ladders), tuple(topics), shown, lines,
                   tuple(kits), labels, tuple(conversions), freshness, tuple(languages),
                   widget_labels)


def _assistant(doc: YamlDoc, problems: list[Problem]) -> Assistant | None:
    data = doc.data.get("assistant")
    if not isinstance(data, dict):
        problems.append(doc.problem(
            "missing 'assistant' mapping (name, scope, greeting, placeholder, starters)",
            "assistant"))
        return None
    path = ("assistant",)
    unknown_keys(doc, data, ASSISTANT_FIELDS, path, problems)
    values = {k: text_field(doc, data, k, path, problems)
              for k in ASSISTANT_REQUIRED if k != "starters"}
    starters = text_list(data.get("starters"))
    if not starters or len(starters) > MAX_STARTERS:
        problems.append(doc.problem(
            f"'starters' must list 1 to {MAX_STARTERS} questions", *path, "starters"))
        starters = []
    locale = data.get("locale", DEFAULT_LOCALE)
    try:
        check_locale(str(locale))
    except MoneyError as exc:
        problems.append(doc.problem(str(exc), *path, "locale"))
    decline = text_field(doc, data, "decline", path, problems, required=False) or DEFAULT_DECLINE
    person = text_field(doc, data, "decline_person", path, problems, required=False) \
        or DEFAULT_DECLINE_PERSON
    ask_in_english = text_field(doc, data, "ask_in_english", path, problems, required=False) \
        or DEFAULT_ASK_IN_ENGLISH
    return Assistant(starters=tuple(starters), locale=str(locale), decline=decline,
                     decline_person=person, ask_in_english=ask_in_english, **values)


def _language_of(locale: str) -> str:
    """The language code of a locale ("en" of "en_US"); "" when Babel does not know it."""
    try:
        return Locale.parse(locale).language
    except (UnknownLocaleError, ValueError, TypeError):
        return ""


def _freshness(doc: YamlDoc, problems: list[Problem]) -> Freshness | None:
    """The freshness rule (`freshness: {warn_after_months: 12}`), or None when there is none."""
    if "freshness" not in doc.data:
        return None
    data = doc.data["freshness"]
    path = ("freshness",)
    if not isinstance(data, dict) or "warn_after_months" not in data:
        problems.append(doc.problem(
            "'freshness' must be a mapping with warn_after_months (say {warn_after_months: 12})",
            *path))
        return None
    unknown_keys(doc, data, FRESHNESS_FIELDS, path, problems)
    months = data["warn_after_months"]
    # bool is an int in Python, but "yes" is not a number of months.
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        problems.append(doc.problem(
            f"'warn_after_months' must be a whole number of months, at least 1, got {months!r}",
            *path, "warn_after_months"))
        return None
    return Freshness(months)


def _widget_labels(doc: YamlDoc, problems: list[Problem]) -> dict[str, str]:
    """The widget's own words (`widget: {labels: {sources: "Sources:", ...}}`); empty when the
    profile sets none."""
    if "widget" not in doc.data:
        return {}
    data = doc.data["widget"]
    path: tuple = ("widget",)
    if not isinstance(data, dict):
        problems.append(doc.problem("'widget' must be a mapping with labels", *path))
        return {}
    unknown_keys(doc, data, WIDGET_FIELDS, path, problems)
    if data.get("labels") is None:
        return {}
    raw = data["labels"]
    path = (*path, "labels")
    if not isinstance(raw, dict):
        problems.append(doc.problem("'labels' must map label names to text", *path))
        return {}
    unknown_keys(doc, raw, tuple(WIDGET_LABELS), path, problems)
    labels = {}
    for key, allowed in WIDGET_LABELS.items():
        if key not in raw:
            continue
        text = text_field(doc, raw, key, path, problems)
        rest = _BRACED.sub("", text)
        if "{" in rest or "}" in rest or not set(_BRACED.findall(text)) <= set(allowed):
            problems.append(doc.problem(
                f"label '{key}' may hold only {', '.join(f'{{{n}}}' for n in allowed)} in braces"
                if allowed else f"label '{key}' may not hold braces", *path, key))
        elif text:
            labels[key] = text
    return labels


def _aliases(doc: YamlDoc, data: dict, path: tuple, problems: list[Problem]) -> tuple[str, ...]:
    if "aliases" not in data:
        return ()
    aliases = text_list(data["aliases"])
    if aliases is None:
        problems.append(doc.problem("'aliases' must be a list of text", *path, "aliases"))
        return ()
    return tuple(aliases)


def _ladders(doc: YamlDoc, problems: list[Problem]) -> list[Ladder]:
    raw = doc.data.get("ladders", [])
    if not isinstance(raw, list):
        problems.append(doc.problem("'ladders' must be a list", "ladders"))
        return []
    ladders: list[Ladder] = []
    for i, item in enumerate(raw):
        path = ("ladders", i)
        if not isinstance(item, dict):
            problems.append(doc.problem("a ladder must be a mapping with id and levels", *path))
            continue
        unknown_keys(doc, item, ("id", "levels", "nearest"), path, problems)
        ladder_id = id_field(doc, item.get("id"), "ladder", (*path, "id"), problems)
        levels: list[Level] = []
        raw_levels = item.get("levels")
        if not isinstance(raw_levels, list) or not raw_levels:
            problems.append(doc.problem("'levels' must list the levels, lowest first",
                                        *path, "levels"))
            raw_levels = []
        for j, lv in enumerate(raw_levels):
            lpath = (*path, "levels", j)
            if isinstance(lv, str):
                lv = {"id": lv}
            if not isinstance(lv, dict):
                problems.append(doc.problem("a level must be an id or a mapping", *lpath))
                continue
            unknown_keys(doc, lv, LEVEL_FIELDS, lpath, problems)
            level_id = id_field(doc, lv.get("id"), "level", (*lpath, "id"), problems)
            name = text_field(doc, lv, "name", lpath, problems, required=False) or level_id
            if level_id:
                if any(existing.id == level_id for existing in levels):
                    problems.append(doc.problem(f"duplicate level '{level_id}'", *lpath))
                levels.append(Level(level_id, name, _aliases(doc, lv, lpath, problems)))
        nearest: dict[str, str] = {}
        raw_nearest = item.get("nearest", {}) or {}
        if not isinstance(raw_nearest, dict):
            problems.append(doc.problem("'nearest' must map titles to level ids",
                                        *path, "nearest"))
            raw_nearest = {}
        known = {lv.id for lv in levels}
        for title, target in raw_nearest.items():
            if not isinstance(title, str) or target not in known:
                problems.append(doc.problem(
                    f"nearest: '{title}' must map to one of this ladder's levels "
                    f"({', '.join(sorted(known))}), got {target!r}", *path, "nearest", title))
                continue
            nearest[title.lower().strip()] = target
        if ladder_id:
            if any(existing.id == ladder_id for existing in ladders):
                problems.append(doc.problem(f"duplicate ladder '{ladder_id}'", *path))
            ladders.append(Ladder(ladder_id, tuple(levels), nearest))
    return ladders


def _roles(doc: YamlDoc, ladders: list[Ladder], problems: list[Problem]) -> list[Role]:
    raw = doc.data.get("roles")
    if not isinstance(raw, list) or not raw:
        problems.append(doc.problem("'roles' must list at least one role (id, name, aliases)",
                                    "roles"))
        return []
    roles: list[Role] = []
    ladder_ids = [lad.id for lad in ladders]
    for i, item in enumerate(raw):
        path = ("roles", i)
        if not isinstance(item, dict):
            problems.append(doc.problem("a role must be a mapping with id and name", *path))
            continue
        unknown_keys(doc, item, ROLE_FIELDS, path, problems)
        role_id = id_field(doc, item.get("id"), "role", (*path, "id"), problems)
        name = text_field(doc, item, "name", path, problems)
        plural = text_field(doc, item, "plural", path, problems, required=False) or f"{name}s"
        ladder = item.get("ladder", ladder_ids[0] if ladder_ids else "")
        if ladder and ladder not in ladder_ids:
            problems.append(doc.problem(
                f"unknown ladder '{ladder}' (ladders: {', '.join(ladder_ids) or 'none'})",
                *path, "ladder"))
        if role_id and name:
            if any(r.id == role_id for r in roles):
                problems.append(doc.problem(f"duplicate role '{role_id}'", *path))
            roles.append(Role(role_id, name, plural, _aliases(doc, item, path, problems),
                              str(ladder or "")))
    return roles


def _topics(doc: YamlDoc, problems: list[Problem]) -> list[Topic]:
    raw = doc.data.get("topics", []) or []
    if not isinstance(raw, list):
        problems.append(doc.problem("'topics' must be a list of {id, name}", "topics"))
        return []
    topics = []
    for i, item in enumerate(raw):
        path = ("topics", i)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(doc.problem("a topic must be a mapping with id and name", *path))
            continue
        unknown_keys(doc, item, ("id", "name"), path, problems)
        name = text_field(doc, item, "name", path, problems)
        if name:
            topics.append(Topic(item["id"], name))
    return topics


def _alias_clashes(doc: YamlDoc, roles: list[Role], ladders: list[Ladder],
                   problems: list[Problem]) -> None:
    """A name may stand for one role or one level of a ladder, not for two things."""
    owner: dict[str, str] = {}
    for i, role in enumerate(roles):
        for name in (role.id, role.name, role.plural, *role.aliases):
            key = name.lower()
            other = owner.setdefault(key, f"role '{role.id}'")
            if other != f"role '{role.id}'":
                problems.append(doc.problem(f"'{name}' names both {other} and role '{role.id}'",
                                            "roles", i))
    for i, ladder in enumerate(ladders):
        seen: dict[str, str] = {}
        for level in ladder.levels:
            for name in (level.id, level.name, *level.aliases):
                key = name.lower()
                if key in owner:
                    problems.append(doc.problem(
                        f"'{name}' names both {owner[key]} and level '{level.id}'",
                        "ladders", i))
                other = seen.setdefault(key, level.id)
                if other != level.id:
                    problems.append(doc.problem(
                        f"'{name}' names both level '{other}' and level '{level.id}'",
                        "ladders", i))
