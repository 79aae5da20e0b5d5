"""Wording of ranges: an offer against a figure's range, and the company's pay bands beside the
market's figures (a lookup) or an offer (an offer check).

Part of the wording of replies (`api.answer.wording` calls it), kept apart for its size. Names,
figures and dates come from the records, the bands and the company's content; an amount is set
against a range only in the same currency and period.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.answer.bands import BandMatch, band_position, position
from api.answer.salaries import Offer, SalaryResult
from api.knowledge.company import Company, PayBand
from api.knowledge.naming import Naming, article, join_words, place_phrase, ucfirst
from api.knowledge.records import SalaryRecord
from api.text.money import format_percent_whole, per_period


def offer_in_spread(n: Naming, offer: Offer) -> str:
    """Where an offer sits in its figure's range: ' It is inside the 25th–75th percentile
    range ($130,000–$170,000), nearer its top.'; '' when the figure gives no range."""
    spread = offer.record.spread
    if spread is None:
        return ""
    low, high, _ = spread
    currency = offer.record.currency
    name = n.spread_name(offer.record)
    what = f"the {name}{'' if name == 'range' else ' range'} ({n.span(low, high, currency)})"
    value = offer.amount.value
    if value < low:
        return f" It is below {what}, {n.amount(low - value, currency)} under its bottom."
    if value > high:
        return f" It is above {what}, {n.amount(value - high, currency)} over its top."
    at = position(value, low, high)
    end = "at its midpoint" if at == 0.5 else "nearer its top" if at > 0.5 else \
        "nearer its bottom"
    return f" It is inside {what}, {end}."


def pair_overlap(n: Naming, high: SalaryRecord, low: SalaryRecord) -> str:
    """When two figures compared both give a range and the ranges overlap, say so: the gap
    between the figures is then within the spread of each (' Their 25th–75th percentile
    ranges overlap ($118,000–$133,000), so the gap is smaller than the spread within
    each.'); '' otherwise."""
    one, other = high.spread, low.spread
    if one is None or other is None or one[2] != other[2] \
            or (high.currency, high.period) != (low.currency, low.period):
        return ""
    bottom, top = max(one[0], other[0]), min(one[1], other[1])
    if bottom > top:
        return ""
    name = n.spread_name(high)
    ranges = f"{name} ranges" if name != "range" else "ranges"
    return (f" Their {ranges} overlap ({n.span(bottom, top, high.currency)}), so the gap is "
            "smaller than the spread within each.")


def bands_said(n: Naming, company: Company | None, result: SalaryResult) -> list[str]:
    """The company's bands after the market's figures: an offer placed in its band, else the
    band with where the market reference sits in it, or the bands briefly when there are
    several."""
    if not result.bands:
        return []
    if result.offers:
        lines = [_offer_in_band(n, company, offer.amount.value, match)
                 for offer, match in _offer_bands(result)]
        if lines:
            return lines
    if len(result.bands) > 1:
        return [_several(n, company, result.bands)]
    return [_one(n, company, result.bands[0], result.rows)]


def band_label(n: Naming, company: Company | None, match: BandMatch) -> str:
    """A band as a chart names it: 'Our band (senior, US tier 1)'."""
    band = match.band
    level = n.level_name(band.role, band.level) if band.level else ""
    what = ", ".join(p for p in (level, match.where) if p)
    return ucfirst(f"{_possessive(company)} band") + (f" ({what})" if what else "")


def band_source(company: Company | None, band: PayBand) -> str:
    """Whose band it is: its source, else the company's name."""
    return band.source or (company.name if company is not None else "")


def _possessive(company: Company | None) -> str:
    return company.possessive if company is not None else "the company's"


def _offer_bands(result: SalaryResult) -> list[tuple[Offer, BandMatch]]:
    """Each amount offered with the one band it can be set against (same currency and
    period as the figures it was checked against)."""
    pairs: list[tuple[Offer, BandMatch]] = []
    seen: set[tuple[float, str]] = set()
    for offer in result.offers:
        key = (offer.amount.value, offer.amount.currency)
        fit = [m for m in result.bands if (m.band.currency, m.band.period)
               == (offer.amount.currency, offer.record.period)]
        if key not in seen and len(fit) == 1:
            seen.add(key)
            pairs.append((offer, fit[0]))
    return pairs


def _name(n: Naming, company: Company | None, match: BandMatch) -> str:
    """'our band for a senior AI engineer in US tier 1'."""
    band = match.band
    level = n.level_name(band.role, band.level) if band.level else ""
    who = " ".join(p for p in (level, n.role_name(band.role)) if p)
    where = f" in {place_phrase(match.where)}" if match.where else ""
    return f"{_possessive(company)} band for {article(who)} {who}{where}"


def band_span(n: Naming, band: PayBand, *, period: bool = True) -> str:
    """'$150,000–$180,000 a year' ('$150,000 a year' for a band of one amount)."""
    text = n.amount(band.low, band.currency) if band.low == band.high \
        else n.span(band.low, band.high, band.currency)
    return f"{text} {per_period(band.period)}" if period else text


def _cite(n: Naming, company: Company | None, band: PayBand) -> str:
    """'Northwind Labs pay bands, effective 1 January 2026'."""
    source = band_source(company, band)
    return ", ".join(p for p in (source, f"effective {n.day(band.effective)}") if p)


def _offer_in_band(n: Naming, company: Company | None, value: float, match: BandMatch) -> str:
    band = match.band
    given = f"{n.amount(value, band.currency)} {per_period(band.period)}"
    name = _name(n, company, match)
    about = f"({band_span(n, band)}; {_cite(n, company, band)})"
    at = band_position(value, band)
    if at > 1:
        return (f"**{given} is {n.amount(value - band.high, band.currency)} above the top of "
                f"{name}** {about}.")
    if at < 0:
        return (f"**{given} is {n.amount(band.low - value, band.currency)} below the bottom "
                f"of {name}** {about}.")
    return f"**{given} sits at {format_percent_whole(at, n.locale)} of {name}** {about}."


def _one(n: Naming, company: Company | None, match: BandMatch,
         rows: Sequence[SalaryRecord]) -> str:
    """The band, and where the market reference sits in it."""
    band = match.band
    text = (f"{ucfirst(_name(n, company, match))} is {band_span(n, band)} "
            f"({_cite(n, company, band)})")
    refs = [r for r in rows if r.role == band.role and not r.baseline]
    same = [r for r in refs if (r.currency, r.period) == (band.currency, band.period)]
    if not same:
        if refs:
            return (f"{text}; it is in another currency or period than the market reference, "
                    "so I don't set one against the other.")
        return f"{text}."
    if len(same) == 1:
        return f"{text}, so {_reference_in(n, band, same[0])}."
    if all(r.amount > band.high for r in same):
        gaps = [f"{n.amount(r.amount - band.high, band.currency)} below the "
                f"{'one' if i else 'market reference'} for {n.subject(r)}"
                for i, r in enumerate(same)]
        return f"{text}, so **the band tops out {join_words(gaps)}**."
    clauses = [_named_reference_in(n, band, r, first=i == 0) for i, r in enumerate(same)]
    return f"{text}, so {join_words(clauses)}."


def _reference_in(n: Naming, band: PayBand, record: SalaryRecord,
                  who: str = "the market reference") -> str:
    """Where a market reference (`who`) sits in a band: 'the market reference sits at 55% of
    it', or outside it, flagged ('**the band tops out $6,500 below the one for an AI engineer
    in Boston, MA**')."""
    at = band_position(record.amount, band)
    if at > 1:
        gap = n.amount(record.amount - band.high, band.currency)
        return f"**the band tops out {gap} below {who}**"
    if at < 0:
        gap = n.amount(band.low - record.amount, band.currency)
        return f"**{who} is {gap} below the band's minimum**"
    return f"{who} sits at {format_percent_whole(at, n.locale)} of it"


def _named_reference_in(n: Naming, band: PayBand, record: SalaryRecord, *, first: bool) -> str:
    """One of several market references in a band, named: 'the market reference for a senior
    AI engineer sits at 3% of it', or 'the one for ...' after the first."""
    who = f"the {'market reference' if first else 'one'} for {n.subject(record)}"
    return _reference_in(n, band, record, who)


def _several(n: Naming, company: Company | None, bands: Sequence[BandMatch]) -> str:
    """'Our bands for a senior AI engineer: US tier 1 $150,000–$180,000, UK £65,000–£80,000
    and EU €72,000–€90,000 a year (Northwind Labs pay bands, effective 1 January 2026).'"""
    first = bands[0].band
    levels = {m.band.level for m in bands}
    wheres = {m.where for m in bands}
    one_period = len({m.band.period for m in bands}) == 1
    level = n.level_name(first.role, first.level) if len(levels) == 1 and first.level else ""
    who = " ".join(p for p in (level, n.role_name(first.role)) if p)
    where = f" in {place_phrase(bands[0].where)}" if len(wheres) == 1 and bands[0].where else ""
    items = []
    for match in bands:
        band = match.band
        parts = [n.level_name(band.role, band.level) if len(levels) > 1 and band.level else "",
                 match.where if len(wheres) > 1 else "", band_span(n, band, period=not one_period)]
        items.append(" ".join(p for p in parts if p))
    per = f" {per_period(first.period)}" if one_period else ""
    cites = "; ".join(dict.fromkeys(_cite(n, company, m.band) for m in bands))
    return (f"{ucfirst(_possessive(company))} bands for {article(who)} {who}{where}: "
            f"{join_words(items)}{per} ({cites}).")

