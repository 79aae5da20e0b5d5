"""Salary lookup and reasoning over the records: which figures answer a question, and what follows
from them (a difference, which is higher, the highest in a region, a ranking, an offer against
the figure).

Works on any roles, ladders, places and currencies the knowledge holds. Figures in different
currencies or periods are never subtracted or ranked together. Nothing here words a reply:
`api.answer.wording` does, from the `SalaryResult`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from api.answer.bands import BandMatch, bands_asked
from api.knowledge.domain import Domain
from api.knowledge.records import SalaryRecord
from api.text.places import Place, contains
from api.understand.numbers import Amount

# Comparisons between two figures, and those over a group of figures.
PAIRWISE = ("difference", "higher", "lower", "equal", "compare")
OVER_GROUP = ("highest", "lowest", "rank")
# How a place the tables lack relates to the locations used for it (api.text.places.nearest):
# answered when the role has figures in its country (labelled as for another place there),
# only offered as context when the nearest figures are in another country.
COVERING = ("country", "state")


@dataclass(frozen=True)
class SalaryQuestion:
    """A salary question in terms of the records: roles resolved, slots from the conversation."""

    roles: tuple[str, ...]
    named_roles: bool = False  # the asker named the roles (their reference figures count too)
    levels: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    sources: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    op: str = ""
    amounts: tuple[Amount, ...] = ()
    records: tuple[str, ...] = ()  # figures of earlier turns the question refers to
    bound: tuple[tuple[str, str], ...] = ()  # levels said of one role: (role, level)
    dimension: str = ""  # "level" or "location" when a ranking names only that
    period: str = ""  # the period asked for ("hour"), when said
    currency: str = ""  # the figures in one currency only ("the euro countries"), when said
    # The asker's salaries worked out in the period asked, when the content says how ("a
    # senior's annual salary per hour"); not a rate charged ("what do they charge per hour").
    work_out: bool = False
    convert: bool = False
    figure_first: bool = False  # an amount checked against a figure asked of the figure

    @property
    def specific(self) -> bool:
        return bool(self.levels or self.titles or self.locations or self.regions or self.places
                    or self.sources or self.measures)

    def to_dict(self) -> dict[str, Any]:
        """What a conversation keeps of the question, to re-ask it with a slot changed."""
        data = asdict(self)  # (with the amounts checked: "and in Boston?" checks them there)
        data["records"] = []
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SalaryQuestion | None:
        if not data:
            return None
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        tuples = {k: tuple(v) for k, v in known.items() if isinstance(v, list)}
        tuples["places"] = tuple(Place(**p) for p in known.get("places", ()))
        tuples["bound"] = tuple(tuple(b) for b in known.get("bound", ()))
        amounts = tuple(Amount(**a) for a in known.get("amounts", ()))
        return cls(**{**known, **tuples, "amounts": amounts})


@dataclass(frozen=True)
class Note:
    """Why the figures are the ones shown.

    kinds: nearest_level (asked -> used), level_missing, nearest_place (asked -> used, how),
    place_missing, role_missing, period_missing (no figure for the period asked), converted
    (each figure worked out in the period asked, by the content's method), separate
    (no figure holds the level and the place asked together: the level's figures and the
    place's are given apart; used: the places asked), currencies, periods (not subtracted or ranked
    together), convert (asked to convert; not done).
    """

    kind: str
    role: str = ""
    asked: str = ""
    used: tuple[str, ...] = ()
    how: str = ""


@dataclass(frozen=True)
class Pair:
    """Two comparable figures, the higher first."""

    high: SalaryRecord
    low: SalaryRecord

    @property
    def difference(self) -> float:
        return self.high.amount - self.low.amount

    @property
    def share(self) -> float:
        """The difference as a share of the lower figure."""
        return self.difference / self.low.amount

    @property
    def equal(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class Offer:
    """A figure the asker gives, set against one of the records."""

    amount: Amount
    record: SalaryRecord

    @property
    def difference(self) -> float:
        return self.amount.value - self.record.amount

    @property
    def share(self) -> float:
        return self.difference / self.record.amount


@dataclass
class SalaryResult:
    """The figures for a question and what follows from them."""

    rows: list[SalaryRecord]
    notes: list[Note] = field(default_factory=list)
    op: str = ""
    pairs: list[Pair] = field(default_factory=list)
    reference: SalaryRecord | None = None  # the figure the others are set against
    ranking: list[list[SalaryRecord]] = field(default_factory=list)  # per currency, high first
    verdict: list[SalaryRecord] = field(default_factory=list)  # the answer to "which"
    offers: list[Offer] = field(default_factory=list)
    unmatched: list[Amount] = field(default_factory=list)  # offers with no comparable figure
    context: list[SalaryRecord] = field(default_factory=list)  # nearest figures, not an answer
    bands: list[BandMatch] = field(default_factory=list)  # the company's, beside the figures

    @property
    def answered(self) -> bool:
        return bool(self.rows)

    @property
    def missing(self) -> str:
        """What the figures lack, for the content-gap report."""
        parts = [f"{n.kind.replace('_', ' ')}: {n.asked or n.role}" for n in self.notes
                 if n.kind in ("place_missing", "role_missing", "level_missing",
                               "period_missing")]
        return "; ".join(parts)


def answer(question: SalaryQuestion, domain: Domain) -> SalaryResult:
    """The records a salary question asks for, and the reasoning it asks for over them."""
    result = SalaryResult(rows=[], op=question.op)
    by_id = domain.records
    referred = [by_id[i] for i in question.records if i in by_id]
    referred_roles = {r.role for r in referred}
    for role in question.roles:
        fresh = not referred or question.specific or role not in referred_roles
        _select(question, role, domain, result, fresh=fresh)
    result.rows = list(dict.fromkeys(referred + result.rows))
    if question.currency and any(r.currency == question.currency for r in result.rows):
        result.rows = [r for r in result.rows if r.currency == question.currency]
    if question.period and result.rows:
        _in_period(question, result, domain)
    first = question.roles[0] if question.roles else ""
    if result.rows and not referred and any(
            n.kind == "role_missing" and (n.role == first or question.op) for n in result.notes):
        # "The data scientist's pay, next to the AI engineer figures", "AI engineer vs data
        # scientist": what was asked first, or one side of a comparison, has no figures; the
        # others are context, not its answer.
        result.context, result.rows = result.rows, []
    if result.rows:
        result.context = []
    if question.convert:
        result.notes.append(Note("convert"))
    _reason(question, result)
    roles = {r.role for r in result.rows if not r.baseline}
    if len(roles) == 1 and (not question.op or question.amounts):
        # A lookup or an offer check of one role: the company's band beside the market's.
        levels = list(dict.fromkeys(r.level for r in result.rows if r.level and not r.baseline))
        result.bands = bands_asked(domain, roles.pop(), levels,
                                   [*question.locations, *question.regions], question.places)
    return result


# --- which figures ------------------------------------------------------------------------------


def _in_period(q: SalaryQuestion, result: SalaryResult, domain: Domain) -> None:
    """Keep the figures for the period asked; none means the knowledge lacks that period,
    unless the content gives the method to work each of them out in it ("a senior's and a
    junior's salary per hour": the yearly figures, each worked out per hour)."""
    kept = [r for r in result.rows if r.period == q.period]
    if not kept and q.work_out \
            and all(domain.profile.conversion(r.period, q.period) for r in result.rows):
        result.notes.append(Note("converted", asked=q.period))
        return
    if not kept:
        result.notes.append(Note("period_missing", asked=q.period,
                                 used=tuple(dict.fromkeys(r.period for r in result.rows))))
        result.context = result.rows
    result.rows = kept


def _select(q: SalaryQuestion, role: str, domain: Domain, result: SalaryResult, *,
            fresh: bool) -> None:
    """Add the figures of one role that answer the question to the result (or its context)."""
    own = domain.rows(role, baseline=False)
    # Reference figures (a wider occupation's median) count when asked for by their kind or
    # source ("the BLS median"), or when they are all the role has.
    refs = [r for r in domain.rows(role, baseline=True)
            if r.measure in q.measures or r.source in q.sources or not own]
    if not own and not refs:
        result.notes.append(Note("role_missing", role))
        return
    if not fresh:
        return  # the question is about figures already on the table
    if refs:
        rest = _references(q, role, domain, result, refs, own)
        if rest is None:
            return
        q = rest
    _own(q, role, domain, result, own)


def _references(q: SalaryQuestion, role: str, domain: Domain, result: SalaryResult,
                refs: list[SalaryRecord], own: list[SalaryRecord]) -> SalaryQuestion | None:
    """Add the reference figures; what is left to ask of the role's own, or None if nothing."""
    # A reference stands whatever the level; only a place it is not for rules it out.
    kept = [r for r in refs if _covers(r, q, domain)]
    if not kept and not own:
        result.notes.append(Note("place_missing", role, _asked_places(q)[0]))
    result.rows += kept
    if kept:
        # The place asked was the reference's ("the median in Switzerland"): the role's
        # own figures are those of the levels asked.
        q = replace(q, locations=(), regions=(), places=(), measures=(), sources=())
    if not own or not (q.levels or q.titles or q.locations or q.regions or q.places):
        return None
    return q


def _own(q: SalaryQuestion, role: str, domain: Domain, result: SalaryResult,
         own: list[SalaryRecord]) -> None:
    """Add the role's own figures for the levels and places asked, else its general ones."""
    levels = _levels(q, role, domain, result)
    locations, regions = _places(q, role, domain, result)
    place_asked = bool(q.locations or q.regions or q.places)
    if q.sources:
        own = [r for r in own if r.source in q.sources] or own

    def at_place(r: SalaryRecord) -> bool:
        return bool(r.location) and (r.location in locations or (
            r.region in regions and r.location not in regions))

    if levels and place_asked:
        both = [r for r in own if r.level in levels and at_place(r)]
        if both:
            result.rows += both
            return
        if not (locations or regions):
            # Asked for a place the role has no figure for: the level figures are context.
            result.context += [r for r in own if r.level in levels and not r.location]
            return
        result.rows += _prefer(own, lambda r: r.level in levels, lambda r: not r.location)
        result.rows += _prefer(own, at_place, lambda r: not r.level)
        if result.rows:
            result.notes.append(Note("separate", role, used=tuple(_asked_places(q))))
        return
    if levels:
        result.rows += _prefer(own, lambda r: r.level in levels, lambda r: not r.location)
        return
    if place_asked:
        result.rows += _prefer(own, at_place, lambda r: not r.level)
        return
    if q.titles:
        return  # a title no ladder maps: nothing stands in for it
    if q.sources:
        result.rows += own
        return
    # Nothing specific: the role's figures along what the question ranks by, else by level.
    by_level = [r for r in own if r.level and not r.location]
    by_place = [r for r in own if r.location and not r.level and not r.baseline]
    if q.dimension == "location" or (q.op in OVER_GROUP and q.dimension != "level"):
        result.rows += by_place or by_level or own
    else:
        result.rows += by_level or by_place or own


def _asked_places(q: SalaryQuestion) -> list[str]:
    return [*q.locations, *q.regions, *(p.name for p in q.places)]


def _covers(record: SalaryRecord, q: SalaryQuestion, domain: Domain) -> bool:
    """Whether a record's location holds every place asked (none asked: it does)."""
    asked = [*(domain.place_of(n) or n for n in (*q.locations, *q.regions)), *q.places]
    if not asked or not record.location:
        return True
    mine = domain.place_of(record.location)
    for place in asked:
        if isinstance(place, str):
            if place not in (record.location, record.region):
                return False
        elif mine is None or not (mine == place or (mine.kind == "country"
                                                    and mine.country == place.country)):
            return False
    return True


def _prefer(rows: Iterable[SalaryRecord], keep, better) -> list[SalaryRecord]:  # noqa: ANN001
    """The rows `keep` accepts; only the `better` ones among them when there are any."""
    kept = [r for r in rows if keep(r)]
    best = [r for r in kept if better(r)]
    return best or kept


def _levels(q: SalaryQuestion, role: str, domain: Domain, result: SalaryResult) -> list[str]:
    """The role's levels with figures for the levels and titles asked, noting substitutes."""
    bound = [level for r, level in q.bound if r == role]
    asked: list[tuple[str, str]] = [(lv, lv) for lv in (bound or q.levels)]
    for title in q.titles:
        level = domain.level_for_title(role, title)
        if level is None:
            result.notes.append(Note("level_missing", role, title))
        elif level not in q.levels:
            asked.append((title, level))
    have = domain.levels_of(role)
    levels: list[str] = []
    for word, level in asked:
        if not domain.on_ladder(role, level):
            if not any(domain.on_ladder(r, level) for r in q.roles if r != role):
                result.notes.append(Note("level_missing", role, word))
            continue
        used = level if level in have else domain.nearest_level(role, level)
        if used is None:
            result.notes.append(Note("level_missing", role, word))
            continue
        if used != word:
            result.notes.append(Note("nearest_level", role, word, (used,)))
        levels.append(used)
    return list(dict.fromkeys(levels))


def _places(q: SalaryQuestion, role: str, domain: Domain, result: SalaryResult
            ) -> tuple[list[str], list[str]]:
    """The role's locations and regions for the places asked, noting substitutes and gaps."""
    own = domain.rows(role, baseline=None)
    locations: list[str] = []
    regions: list[str] = []
    others: list[Place] = list(q.places)
    ranks = q.op in OVER_GROUP or q.dimension == "location"
    for name in (*q.locations, *q.regions):
        is_location = any(r.location == name for r in own)
        is_region = any(r.region == name and r.location and r.location != name for r in own)
        # A name that is both ("Switzerland": a national figure, and the region of its
        # cities) is the region when the question ranks places or asks for cities.
        if is_region and (ranks or not is_location):
            regions.append(name)
        elif is_location:
            locations.append(name)
        else:
            place = domain.place_of(name)
            if place is not None:
                others.append(place)
            else:
                result.notes.append(Note("place_missing", role, name))
    # "Austin, Texas": the city is what is asked; its state only says which Austin.
    others = [p for p in others if not any(o != p and contains(p, o) for o in others)]
    for place in others:
        near, how = domain.near(place, role)
        if how in COVERING:
            locations += near
            result.notes.append(Note("nearest_place", role, place.name, tuple(near), how))
        else:
            rows = [r for r in own if r.location in near and not r.baseline]
            result.context += [r for r in rows if r not in result.context]
            result.notes.append(Note("place_missing", role, place.name, tuple(near), how))
    return list(dict.fromkeys(locations)), list(dict.fromkeys(regions))


# --- what follows from them ---------------------------------------------------------------


def comparable_groups(rows: Sequence[SalaryRecord]) -> list[list[SalaryRecord]]:
    """Rows grouped by currency and period (only figures within a group can be compared)."""
    groups: dict[tuple[str, str], list[SalaryRecord]] = {}
    for row in rows:
        groups.setdefault((row.currency, row.period), []).append(row)
    return list(groups.values())


def _reason(q: SalaryQuestion, result: SalaryResult) -> None:
    rows = result.rows
    groups = comparable_groups(rows)
    if q.amounts:
        _offers(q.amounts, rows, result)
        return
    op = q.op
    if op in PAIRWISE and len(rows) == 2 and sum(r.baseline for r in rows) != 1:
        if len(groups) == 1:
            a, b = rows
            result.pairs.append(Pair(a, b) if a.amount >= b.amount else Pair(b, a))
            if op in ("higher", "lower") and a.amount != b.amount:
                pair = result.pairs[0]
                result.verdict.append(pair.high if op == "higher" else pair.low)
        else:
            _mixed(groups, result)
        return
    if op in PAIRWISE and len(rows) >= 2:
        reference = _reference(rows)
        if reference is not None:
            result.reference = reference
            result.pairs += [
                Pair(r, reference) if r.amount >= reference.amount else Pair(reference, r)
                for r in rows
                if r is not reference and (r.currency, r.period) ==
                (reference.currency, reference.period)
            ]
            if any((r.currency, r.period) != (reference.currency, reference.period)
                   for r in rows):
                _mixed(groups, result)
            return
        op = {"higher": "highest", "lower": "lowest"}.get(op, "rank")
        result.op = op
    if op in OVER_GROUP and len(rows) > 1:
        result.ranking = [sorted(g, key=lambda r: -r.amount) for g in groups]
        if op in ("highest", "lowest"):
            for ranked in result.ranking:
                if len(ranked) > 1:
                    edge = ranked[0] if op == "highest" else ranked[-1]
                    result.verdict += [r for r in ranked if r.amount == edge.amount]
        if len(groups) > 1:
            _mixed(groups, result)


def _reference(rows: Sequence[SalaryRecord]) -> SalaryRecord | None:
    """The one figure the others are set against: the only row of its role, or the only
    reference baseline ('AI engineers vs the software engineer median')."""
    baselines = [r for r in rows if r.baseline]
    if len(baselines) == 1:
        return baselines[0]
    roles: dict[str, list[SalaryRecord]] = {}
    for row in rows:
        roles.setdefault(row.role, []).append(row)
    if len(roles) == 2:
        singles = [members[0] for members in roles.values() if len(members) == 1]
        if len(singles) == 1:
            return singles[0]
    return None


def _mixed(groups: list[list[SalaryRecord]], result: SalaryResult) -> None:
    currencies = {g[0].currency for g in groups}
    kind = "currencies" if len(currencies) > 1 else "periods"
    if not any(n.kind == kind for n in result.notes):
        result.notes.append(Note(kind))


def _offers(amounts: Sequence[Amount], rows: Sequence[SalaryRecord],
            result: SalaryResult) -> None:
    currencies = {r.currency for r in rows}
    for amount in amounts:
        currency = amount.currency or (next(iter(currencies)) if len(currencies) == 1 else "")
        matched = [r for r in rows if r.currency == currency]
        if not matched:
            result.unmatched.append(amount)
            continue
        result.offers += [Offer(replace(amount, currency=currency), r) for r in matched]
