"""The company's pay bands and the places' pay-transparency rules, found for what was asked.

The company's content is optional (`api.knowledge.company`): without it every function here
finds nothing and answers stay market references only. Places are matched through the domain
(`Domain.in_place`): a band for a zone holds every place of the zone, a rule for a state holds
its cities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from api.knowledge.company import PayBand, PayRule
from api.knowledge.domain import Domain
from api.text.places import Place


@dataclass(frozen=True)
class BandMatch:
    """A band that applies to what was asked, and where it applies as its content names it."""

    band: PayBand
    where: str  # the zone's name, the band's own place, or "" for a band without a place


def bands_for(domain: Domain, role: str, level: str = "", location: str = "",
              place: Place | None = None) -> list[BandMatch]:
    """The company's bands for a role, at a level when one is given, in a place when one is
    given (a table's `location` or a `place` in the world).

    In a place: the band named for the place itself, else its zone's, else one without a place;
    one band per level. Without a place: every band of the role (and level), in content order.
    """
    company = domain.company.company
    asked = bool(location or place)
    ranked: list[tuple[int, BandMatch]] = []
    for band in domain.company.bands:
        if band.role != role or (level and band.level and band.level != level):
            continue
        zone = company.zone(band.zone) if company is not None and band.zone else None
        match = BandMatch(band, band.location or (zone.name if zone is not None else ""))
        if not asked:
            ranked.append((0, match))
        elif band.location:
            if domain.in_place(band.location, location, place):
                ranked.append((0, match))
        elif zone is not None:
            if any(domain.in_place(p, location, place) for p in zone.places):
                ranked.append((1, match))
        else:
            ranked.append((2, match))
    if not asked:
        return [m for _, m in ranked]
    best: dict[str, tuple[int, BandMatch]] = {}
    for rank, match in ranked:
        key = match.band.level
        if key not in best or rank < best[key][0]:
            best[key] = (rank, match)
    return [m for _, m in best.values()]


def rules_for(domain: Domain, location: str = "", place: Place | None = None) -> list[PayRule]:
    """The pay-transparency rules that hold in a place (none without a place)."""
    if not (location or place):
        return []
    return [r for r in domain.company.rules if domain.in_place(r.place, location, place)]


def band_position(amount: float, band: PayBand) -> float:
    """Where an amount sits in a band: 0 at its minimum, 1 at its maximum (outside: below 0
    or above 1); 0.5 for a band of one amount."""
    return position(amount, band.low, band.high)


def position(amount: float, low: float, high: float) -> float:
    """Where an amount sits in a range: 0 at `low`, 1 at `high` (outside: below 0 or above
    1); 0.5 for a range of one amount."""
    if high == low:
        return 0.5 if amount == low else (0.0 if amount < low else 1.0)
    return (amount - low) / (high - low)


def bands_asked(domain: Domain, role: str, levels: Sequence[str], places: Sequence[str],
                found: Sequence[Place]) -> list[BandMatch]:
    """The bands to show beside a role's market figures, for the level and the place asked
    (names of the tables in `places`, places of the world in `found`): none when the company
    has none, when several levels or places are asked (a comparison), or when neither is (a
    general question: too many bands to be of use)."""
    if not domain.company.bands or len(levels) > 1 or len(places) + len(found) > 1 \
            or not (levels or places or found):
        return []
    return bands_for(domain, role, levels[0] if levels else "", places[0] if places else "",
                     found[0] if found else None)
