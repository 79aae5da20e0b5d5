"""The company's own content in a hiring kit: its lines (about us, benefits, how the team works,
what it expects at a level), its pay band as the post's range, and the places' pay-transparency
rules as notes and warnings for the recruiter.

Every line here is either the company's own text, quoted, or a stated fact of its content put in
one of the kit's labels (the level's years, the band's range, a rule's law and date); each
carries the id of what it comes from (`company:about`, `band:us1-senior`, `rule:<file>:<line>`),
which `company_source` turns into the `SourceRef` the kit lists. Without company content
nothing here adds anything. `api.answer.kit.Kits` uses it; it knows nothing of how kits are
drafted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from api.answer.bands import bands_for, rules_for
from api.answer.kit_ask import KitAsk
from api.answer.kit_document import Bullet, SourceRef
from api.answer.kit_lines import midsentence
from api.answer.range_wording import band_span
from api.knowledge.company import CompanyContent, LevelExpectation, PayBand, PayRule
from api.knowledge.domain import Domain
from api.knowledge.records import SalaryRecord

COMPANY, BAND, RULE = "company", "band", "rule"
LEVELS = "levels"
# A line that states a number of years (of experience): "at least 2 years (2+)", "5+ yrs",
# "five years or more". With the company's own years for the level, such lines are left out.
_YEARS = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)\s*"
    r"(?:\+|[-–]\s*\d+)?\s*(?:\(\s*\d+\s*\+?\s*\)\s*)?(?:years?|yrs?)\b", re.I)


def states_years(text: str) -> bool:
    """Whether a line states a number of years ("at least 2 years (2+) of experience")."""
    return bool(_YEARS.search(text))


# --- the company's lines ----------------------------------------------------------------------


def company_lines(content: CompanyContent, part: str, ask: KitAsk, ladder: str,
                  labels: dict[str, str]) -> list[Bullet]:
    """The company's lines for one part of its content (`about`, `benefits`, `how_we_work`),
    or what it expects at the level asked (`levels`: its years, scope and autonomy)."""
    company = content.company
    if company is None:
        return []
    if part != LEVELS:
        return [Bullet(line.text, f"{COMPANY}:{part}") for line in getattr(company, part)]
    found = company.expectation(ladder, ask.level) if ask.level else None
    if found is None:
        return []
    texts = [labels["years"].format(years=found.years)] if found.years else []
    texts += [t for t in (found.scope, found.autonomy) if t]
    return [Bullet(t, _level_id(found)) for t in texts]


def states_level_years(content: CompanyContent, ask: KitAsk, ladder: str) -> bool:
    """Whether the company states the years of experience for the level asked."""
    company = content.company
    found = company.expectation(ladder, ask.level) if company and ask.level else None
    return bool(found and found.years)


def _level_id(found: LevelExpectation) -> str:
    return f"{COMPANY}:{LEVELS}:{found.ladder}:{found.level}"


def _band_id(band: PayBand) -> str:
    return f"{BAND}:{band.id or f'{band.path}:{band.line}'}"


def _rule_id(rule: PayRule) -> str:
    return f"{RULE}:{rule.path}:{rule.line}"


# --- pay: the band, the market references, the rules ------------------------------------------


@dataclass
class Pay:
    """What a post says of pay (`ad`, `note`) and what only its recruiter reads."""

    ad: list[Bullet]
    note: str  # the section's note: the profile's own, kept only without a band
    recruiter: list[Bullet] = field(default_factory=list)
    warnings: list[Bullet] = field(default_factory=list)


def post_pay(domain: Domain, ask: KitAsk, market: Sequence[Bullet], note: tuple[str, str],
             labels: dict[str, str], day: Callable[[date], str], *, shown: bool) -> Pay:
    """The post's pay: with the company's band for the role, level and place, its range in the
    ad and the market references (`market`) for the recruiter, each with where the band's
    midpoint sits against it, and the caution on their age; without a band, the market
    references for the recruiter too when the knowledge has a company (its post advertises
    no market figure), else in the ad as they are, under the section's note. `note`: the
    profile's note of the section and the caution on the figures' age ('' when they are not
    old). `shown`: the post has a pay section at all (not left out as asked).

    Each pay-transparency rule of the place adds a note for the recruiter, or a warning when it
    asks for a range in every ad and the post has none."""
    found = bands_for(domain, ask.role, ask.level, ask.location, ask.place) if ask.level else []
    band = found[0].band if len(found) == 1 and shown else None
    caution = note[1]
    if band is None and domain.company.company is None:
        pay = Pay(list(market), " ".join(filter(None, note)))
    else:
        # A company's post advertises its band's range, or none: a market figure is never
        # the company's pay, so it is the recruiter's to read, with the rules below.
        pay = Pay([Bullet(band_range(band, domain), _band_id(band))] if band else [], "")
        for bullet in market:
            label = labels["market"] + (f", {midsentence(bullet.label)}" if bullet.label else "")
            pay.recruiter.append(Bullet(bullet.text, bullet.source, label))
            record = domain.records.get(bullet.source)
            if record is not None and band is not None:
                pay.recruiter += _midpoint(band, record, domain, labels)
        dated = [domain.records[b.source] for b in market if b.source in domain.records]
        if caution and dated:
            # The caution speaks of the oldest figure: its line is that record's.
            oldest = min(dated, key=lambda r: r.as_of)
            pay.recruiter.append(Bullet(caution, oldest.id))
    for rule in rules_for(domain, ask.location, ask.place):
        key = f"rule_{rule.rule}" + ("_missing" if rule.rule == "ads" and band is None else "")
        line = Bullet(labels[key].format(law=rule.law or rule.source, place=rule.place,
                                         requires=rule.requires, source=rule.source,
                                         date=day(rule.as_of)), _rule_id(rule))
        (pay.warnings if key == "rule_ads_missing" else pay.recruiter).append(line)
    return pay


def band_range(band: PayBand, domain: Domain) -> str:
    """'$150,000–$180,000 a year', as answers say it."""
    return band_span(domain.naming, band)


def _midpoint(band: PayBand, record: SalaryRecord, domain: Domain, labels: dict[str, str]
              ) -> list[Bullet]:
    """Where the band's midpoint sits against a market figure in the same currency and
    period (nothing when they differ)."""
    if record.currency != band.currency or record.period != band.period or not record.amount:
        return []
    midpoint = (band.low + band.high) / 2
    shown = domain.naming.amount(midpoint, band.currency)
    share = abs(midpoint - record.amount) / record.amount * 100
    percent = f"{share:.1f}%" if share < 1 else f"{share:.0f}%"
    if percent in ("0.0%", "0%"):
        text = labels["midpoint_equal"].format(midpoint=shown)
    else:
        key = "midpoint_below" if midpoint < record.amount else "midpoint_above"
        text = labels[key].format(midpoint=shown, percent=percent)
    return [Bullet(text, _band_id(band))]


# --- where each line comes from ---------------------------------------------------------------


def company_source(domain: Domain, source_id: str, band_title: Callable[[PayBand], str]
                   ) -> SourceRef | None:
    """The source of a line taken from the company's content (None for any other id).
    `band_title`: what a band is named in the sources list."""
    kind, _, key = source_id.partition(":")
    content = domain.company
    company = content.company
    name = company.name if company is not None else ""
    if kind == COMPANY and company is not None:
        part, _, level = key.partition(":")
        if part == LEVELS:
            ladder, _, level_id = level.partition(":")
            found = company.expectation(ladder, level_id)
            if found is None:
                return None
            texts = [found.years, found.scope, found.autonomy]
            return SourceRef(source_id, COMPANY, f"{name}: {LEVELS} ({level_id})",
                             "\n".join(t for t in texts if t), name, None, company.path,
                             found.line)
        lines = getattr(company, part, ())
        if not lines:
            return None
        return SourceRef(source_id, COMPANY, f"{name}: {part.replace('_', ' ')}",
                         "\n".join(line.text for line in lines), name, None, company.path,
                         lines[0].line)
    if kind == BAND:
        band = next((b for b in content.bands if _band_id(b) == source_id), None)
        if band is None:
            return None
        return SourceRef(source_id, BAND, band_title(band), band_range(band, domain),
                         band.source or name, band.effective, band.path, band.line)
    if kind == RULE:
        rule = next((r for r in content.rules if _rule_id(r) == source_id), None)
        if rule is None:
            return None
        law = rule.law or rule.source
        title = law if rule.place in law else f"{law} ({rule.place})"
        return SourceRef(source_id, RULE, title,
                         rule.note or rule.requires, rule.source, rule.as_of, rule.path,
                         rule.line)
    return None
