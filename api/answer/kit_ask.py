"""A kit request: the kinds of kit, what a kit is asked for with (`KitAsk`), how the names in a
request are read into the knowledge's terms (a role, a level of its ladder, a place of the salary
tables or of the gazetteer), and the errors when a kit cannot be drafted as asked.

`api.answer.kit.Kits.ask` reads a request with these; nothing here drafts a kit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from api.answer.wording import join_words
from api.errors import HiringAdvisorError
from api.knowledge.domain import Domain
from api.knowledge.kits import KitSpec
from api.text.places import Place, gazetteer

JOB_POST, SCORECARD = "job_post", "scorecard"


class KitError(HiringAdvisorError):
    """A kit cannot be drafted as asked; the message says what the knowledge has instead."""


class UnknownKitValue(KitError):
    """A kind, role, level or place that the knowledge does not have."""


class NoKitContent(KitError):
    """A role the knowledge has, but nothing to draft this kit from."""


@dataclass(frozen=True)
class KitAsk:
    """A kit asked for, in the knowledge's terms."""

    kind: str
    role: str  # a role id of the profile
    level: str = ""  # a level id of the role's ladder
    asked_level: str = ""  # what was asked, when it is not the level itself ("staff")
    location: str = ""  # a location or region of the salary tables
    place: Place | None = None  # a place the tables lack (the nearest figures are used)
    within: str = ""  # the location of the tables the place lies in ("UK" for London)
    omit: tuple[str, ...] = ()  # ids of the kit's sections left out as asked ("drop the ...")

    @property
    def where(self) -> str:
        return self.location or (self.place.name if self.place else "")

    @property
    def shown(self) -> str:
        """Where the kit is for, as its title and data say it: "London, UK"."""
        return f"{self.where}, {self.within}" if self.within and self.place else self.where

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> KitAsk | None:
        if not data or not data.get("kind") or not data.get("role"):
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        place = known.get("place")
        return cls(**{**known, "place": Place(**place) if isinstance(place, dict) else None,
                      "omit": tuple(known.get("omit") or ())})


# --- reading what is asked ------------------------------------------------------------------


def read_role(domain: Domain, text: str, spec: KitSpec,
              roles_with: Callable[[str], list[str]]) -> str:
    """The role id a name stands for; the error lists the roles the kit has content for."""
    name = text.strip()
    if domain.profile.role(name) is not None:
        return name
    found = [t.id for t in domain.lookup(name) if t.kind == "role"]
    if found:
        return found[0]
    have = roles_with(spec.kind)
    listed = join_words([f"{domain.role_name(r)} ({r})" for r in have]) or "none"
    raise UnknownKitValue(f"no role '{name}' in the knowledge; a {spec.name.lower()} can "
                          f"be drafted for: {listed}")


def read_level(domain: Domain, role: str, text: str) -> tuple[str, str]:
    """The level id a name stands for on the role's ladder, and the word asked when it is
    not the level itself ("staff")."""
    ladder = domain.ladder(role)
    word = text.strip()
    key = word.lower()
    if ladder is not None:
        for level in ladder.levels:
            if key in (level.id, level.name.lower(), *(a.lower() for a in level.aliases)):
                return level.id, ""
        if key in ladder.nearest:
            return ladder.nearest[key], word
        found = [t.id for t in domain.lookup(word)
                 if t.kind == "level" and ladder.level(t.id) is not None]
        if found:
            return found[0], ""
    levels = join_words([lv.name for lv in ladder.levels]) if ladder else "none"
    raise UnknownKitValue(f"no level '{word}' for {domain.role_name(role, plural=True)}"
                          f"; levels: {levels}")


def read_location(domain: Domain, role: str, text: str) -> tuple[str, Place | None]:
    """A location or region of the salary tables, else a place the tables lack."""
    terms = [t for t in domain.lookup(text) if t.kind in ("location", "region")]
    if terms:
        return terms[0].id, None
    place = gazetteer().lookup(text)
    if place is not None:
        return "", place
    have = list(dict.fromkeys(r.location for r in domain.rows(role) if r.location))
    listed = join_words(have) or "none"
    raise UnknownKitValue(f"no place '{text}' known; places with figures for "
                          f"{domain.role_name(role, plural=True)}: {listed}")


def in_country(domain: Domain, role: str, place: Place) -> str:
    """The location of the tables that holds a city or state named ("UK" for London), so
    that a kit says both where the job is and whose figure it quotes; '' if none does."""
    if place.kind not in ("city", "state") or not place.country:
        return ""
    for location in dict.fromkeys(r.location for r in domain.rows(role) if r.location):
        found = gazetteer().lookup(location)
        if found is not None and found.kind == "country" and found.country == place.country:
            return location
    return ""
