"""What the company's content names, checked against the rest of the knowledge: the roles and
levels of bands and level expectations against the profile, zones and places against the
zones and the places the tables or the world know. Every problem has its `file:line`."""

from __future__ import annotations

from collections.abc import Iterable

from api.errors import Problem
from api.knowledge.company import CompanyContent, PayBand
from api.knowledge.domain import Domain
from api.knowledge.profile import Profile
from api.knowledge.records import SalaryRecord


def check_company(content: CompanyContent, profile: Profile,
                  records: Iterable[SalaryRecord]) -> list[Problem]:
    """Every name in the company's content that the knowledge does not know."""
    domain = Domain(profile, {r.id: r for r in records}, content)
    problems: list[Problem] = []
    company = content.company
    if company is not None:
        ladders = {lad.id: lad for lad in profile.ladders}
        for item in company.levels:
            ladder = ladders.get(item.ladder) if item.ladder else profile.ladders[0] \
                if profile.ladders else None
            if ladder is None:
                problems.append(Problem(company.path, item.line,
                                        f"unknown ladder '{item.ladder}' (ladders: "
                                        f"{', '.join(ladders)})"))
            elif ladder.level(item.level) is None:
                problems.append(Problem(company.path, item.line,
                                        f"level '{item.level}' is not on ladder '{ladder.id}' "
                                        f"(levels: {', '.join(lv.id for lv in ladder.levels)})"))
        for zone in company.zones:
            problems += [Problem(company.path, zone.line,
                                 f"zone '{zone.id}': unknown place '{name}' (neither a location "
                                 "of the salary tables nor a country, US state or large city)")
                         for name in zone.places if domain.resolve_place(name) is None]
    zones = [z.id for z in company.zones] if company is not None else []
    seen: dict[tuple, PayBand] = {}
    for band in content.bands:
        problems += _band_problems(band, domain, zones)
        key = (band.role, band.level, band.zone, band.location, band.period)
        first = seen.setdefault(key, band)
        if first is not band:
            problems.append(Problem(band.path, band.line, "pay band: a second band for the same "
                                    f"role, level and place (first at {first.path}:{first.line})"))
    for rule in content.rules:
        if domain.resolve_place(rule.place) is None:
            problems.append(Problem(rule.path, rule.line,
                                    f"unknown place '{rule.place}' (neither a location of the "
                                    "salary tables nor a country, US state or large city)"))
    return problems


def _band_problems(band: PayBand, domain: Domain, zones: list[str]) -> list[Problem]:
    errors = []
    if domain.role(band.role) is None:
        roles = ", ".join(r.id for r in domain.profile.roles)
        errors.append(f"unknown role '{band.role}' (roles: {roles})")
    elif band.level and not domain.on_ladder(band.role, band.level):
        errors.append(f"level '{band.level}' is not on the ladder of role '{band.role}' "
                      f"(levels: {', '.join(domain.levels_of(band.role))})")
    if band.zone and band.zone not in zones:
        errors.append(f"unknown zone '{band.zone}' (zones in company.yml: "
                      f"{', '.join(zones) or 'none'})")
    if band.location and domain.resolve_place(band.location) is None:
        errors.append(f"unknown place '{band.location}'")
    return [Problem(band.path, band.line, f"pay band: {e}") for e in errors]
