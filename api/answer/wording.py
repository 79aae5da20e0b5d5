"""Wording the replies: salary results, sources, refusals and the assistant's own lines.

The one home of reply sentences. Every name, figure and citation comes from the records, the
snippets or the profile; the sentences around them are about kinds of things (a figure, a level,
a place), never about what the content holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.answer.freshness import Age
from api.answer.range_wording import bands_said, offer_in_spread, pair_overlap
from api.answer.salaries import Note, Pair, SalaryQuestion, SalaryResult
from api.knowledge.domain import Domain
from api.knowledge.model import Snippet
from api.knowledge.naming import Naming, article, join_words, measure_of, place_phrase, ucfirst
from api.knowledge.records import SalaryRecord
from api.text.money import format_month, format_number, format_share, per_period
from api.text.places import gazetteer
from api.text.words import tokenize


class _Labels:
    """How the figures of one answer are named: with their role when the answer mixes roles,
    else without it, the role being named once for all (`role`)."""

    def __init__(self, naming: Naming, rows: Sequence[SalaryRecord]) -> None:
        self.naming = naming
        roles = {r.role for r in rows}
        self.mixed = len(roles) > 1
        single = next(iter(roles)) if len(roles) == 1 and naming.with_role else ""
        self.role = naming.role_name(single) if single else ""
        self.role_plural = naming.role_name(single, plural=True) if single else ""

    def __call__(self, record: SalaryRecord, *, capital: bool = True) -> str:
        return self.naming.label(record, role=self.mixed, capital=capital)


def age_caution(age: Age, locale: str) -> str:
    """The one caution an answer with old figures carries: their date and how long ago it was.

    'These figures are from January 2024, 2 years 10 months ago (nearly 3 years); check them
    against a current survey before you make an offer.'"""
    if age.figures == 1:
        subject, them = "This figure is", "it"
    elif age.one_date:
        subject, them = "These figures are", "them"
    else:
        subject, them = "The oldest of these figures is", "them"
    return (f"{subject} from {format_month(age.as_of, locale)}, {_duration(age.months)} "
            f"ago{_nearly(age.months)}; check {them} against a current survey before you make "
            "an offer.")


NEARLY = 9  # months into a year from which an age is also said as nearly the next year


def _duration(months: int) -> str:
    """'1 month', '1 year', '2 years 10 months' (whole months)."""
    years, rest = divmod(max(months, 1), 12)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((years, "year"), (rest, "month")) if n]
    return " ".join(parts)


def _nearly(months: int) -> str:
    """' (nearly 3 years)' for 2 years 10 months; '' when the age is not near a whole year."""
    years, rest = divmod(months, 12)
    return f" (nearly {years + 1} years)" if years and rest >= NEARLY else ""


class Wording:
    """Replies for one knowledge base."""

    def __init__(self, domain: Domain, *, roles: Sequence[str] = ()) -> None:
        """`roles`: ids of the roles the knowledge says something about, for "I cover ..."
        lines."""
        self.domain = domain
        self.naming = domain.naming
        self.assistant = domain.profile.assistant
        self._roles = [r for r in domain.profile.roles if r.id in roles] or list(
            domain.profile.roles)

    # --- the assistant's own lines ------------------------------------------------------------

    @property
    def scope(self) -> str:
        return self.assistant.scope

    def coverage(self) -> str:
        """What the assistant covers, in one short line: 'I cover: X, Y and Z.' (a refusal's
        suggestions say what may be asked of them)."""
        return f"I cover: {join_words([r.plural for r in self._roles])}."

    def figures_available(self) -> str:
        """'I have figures for AI engineers (by level: ...; by location: ...) and ...'."""
        parts = []
        for role in self.domain.profile.roles:
            rows = self.domain.rows(role.id, baseline=None)
            if not rows:
                continue
            dims = []
            levels = self.domain.levels_of(role.id)
            if levels:
                names = [self.naming.level_name(role.id, lv) for lv in levels]
                dims.append(f"by level: {join_words(names)}")
            places = list(dict.fromkeys(r.location for r in rows if r.location and not r.baseline))
            if places:
                dims.append(f"by location: {join_words([place_phrase(p) for p in places])}")
            for r in rows:
                if r.baseline or measure_of(r):
                    dims.append(self.naming.label(r, capital=False))
            parts.append(f"{role.plural} ({'; '.join(dims)})")
        if not parts:
            return "I have no salary figures."
        return f"I have figures for {join_words(parts)}."

    def no_figures_for(self, titles: Sequence[str]) -> str:
        names = join_words([f"{t}s" if not t.endswith("s") else t for t in titles])
        return f"I have no salary figures for {names}. {self.figures_available()}"

    def not_by_level(self, role: str, levels: Sequence[str]) -> str:
        """Said before a passage asked again of a level it does not set apart ("and for a
        junior?" after the experience to look for)."""
        n = self.naming
        role = role or self.domain.primary_role.id
        who = join_words([f"{n.level_name(role, lv)} {n.role_name(role)}" for lv in levels])
        return (f"The guidance says nothing separate for {article(who)} {who} on this; what it "
                f"says of {n.role_name(role, plural=True)} in general:")

    def caution(self, age: Age | None) -> str:
        """The caution on old figures ('' when they are not old)."""
        return age_caution(age, self.naming.locale) if age is not None else ""

    # --- salaries -----------------------------------------------------------------------------

    def salary(self, result: SalaryResult, question: SalaryQuestion,
               age: Age | None = None) -> str:
        """The reply to a salary question: notes on substitutes, the figures, the reasoning;
        the caution on their age when `age` says they are old."""
        n = self.naming
        rows = result.rows
        parts: list[str] = [self._apart(note, rows) if note.kind == "separate"
                            else self._note(note) for note in result.notes
                            if note.kind not in ("currencies", "periods", "convert",
                                                 "converted")]
        if not rows:
            if result.context:
                labels = _Labels(n, result.context)
                other_role = any(note.kind == "role_missing" for note in result.notes)
                heading = (f"the figures I have for {labels.role_plural}"
                           if other_role and labels.role_plural else "the nearest figures I have")
                parts.append(f"For context only, {heading}:\n"
                             + self._lines(result.context, labels, cite=True))
                parts.append(self.caution(age))
            parts.append(self.figures_available())
            return "\n\n".join(p for p in parts if p)
        labels = _Labels(n, rows)
        parts += self._figures(result, question, labels)
        parts += bands_said(n, self.domain.company.company, result)
        parts += [self._converted(rows, x.asked, labels) for x in result.notes
                  if x.kind == "converted"]
        mixed = [x for x in result.notes if x.kind in ("currencies", "periods")]
        if not mixed and len({r.currency for r in rows}) > 1:
            mixed = [Note("currencies")]
        parts += [self._note(x) for x in mixed]
        citations = list(dict.fromkeys(n.citation(r) for r in rows))
        if len(rows) > 1 and len(citations) == 1 and result.reference is None:
            parts.append(f"Source: {citations[0]}.")
        notes = list(dict.fromkeys(r.note for r in rows if r.note))
        if len(rows) <= 2 or (len(notes) == 1 and all(r.note for r in rows)):
            parts += notes  # a note that holds for every figure, or for one of two
        if any(x.kind == "convert" for x in result.notes):
            parts.append(self._note(Note("convert")))
        parts.append(self.caution(age))
        if self._overview(question, result):
            places = list(dict.fromkeys(r.location for r in self.domain.rows(rows[0].role)
                                        if r.location and not r.baseline))
            parts.append(f"I also have figures by location: "
                         f"{join_words([place_phrase(p) for p in places])}. Ask about any of them.")
        return "\n\n".join(p for p in parts if p)

    def _overview(self, question: SalaryQuestion, result: SalaryResult) -> bool:
        """A general pay question answered by level: worth saying which places exist too."""
        rows = result.rows
        return (not question.specific and not question.records and not question.op
                and not question.amounts and len({r.role for r in rows}) == 1
                and all(r.level and not r.location for r in rows)
                and any(r.location and not r.baseline for r in self.domain.rows(rows[0].role)))

    def _lines(self, rows: Sequence[SalaryRecord], labels: _Labels, *, cite: bool | None = None,
               head: bool = False) -> str:
        n = self.naming
        if cite is None:
            cite = len({n.citation(r) for r in rows}) > 1
        lines = "\n".join(
            f"- {labels(r)}: **{n.money_period(r)}**{n.spread(r)}"
            + (f" ({n.citation(r)})" if cite else "")
            for r in rows
        )
        return f"{ucfirst(labels.role)} pay:\n{lines}" if head and labels.role else lines

    def _pair(self, pair: Pair, op: str, labels: _Labels) -> str:
        n = self.naming
        high, low = pair.high, pair.low
        lead = f"For {labels.role_plural}, " if labels.role else ""

        def name(r: SalaryRecord) -> str:
            return labels(r, capital=not lead)

        if pair.equal:
            return (f"{lead}**{name(high)} and {labels(low, capital=False)} are the same**: "
                    f"{n.money_period(high)} each.")
        winner = f"**{name(low)} is lower**" if op == "lower" else f"**{name(high)} is higher**"
        return (f"{lead}{winner}: {n.money_period(high)} for {labels(high, capital=False)} "
                f"against {n.money(low)} for {labels(low, capital=False)}, a difference of "
                f"**{n.amount(pair.difference, high.currency)} {per_period(high.period)}** "
                f"({format_share(pair.share, n.locale)} more than the lower figure; "
                f"{format_share(pair.difference / high.amount, n.locale)} less than the "
                f"higher).{pair_overlap(n, high, low)}")

    def _against(self, reference: SalaryRecord, pairs: Sequence[Pair],
                 rows: Sequence[SalaryRecord]) -> str:
        n = self.naming
        labels = _Labels(n, rows)
        lines = []
        for pair in pairs:
            other = pair.low if pair.high is reference else pair.high
            if pair.equal:
                how = "the same"
            else:
                more = "more" if other is pair.high else "less"
                how = (f"{n.amount(pair.difference, other.currency)} {more} "
                       f"({format_share(pair.difference / reference.amount, n.locale)})")
            lines.append(f"- {labels(other)}: **{n.money(other)}**, {how}")
        head = (f"Set against {n.subject(reference)} "
                f"({n.money_period(reference)}, {n.citation(reference)}):")
        unpaired = [r for r in rows if r is not reference
                    and not any(r in (p.high, p.low) for p in pairs)]
        text = head + "\n" + "\n".join(lines)
        if unpaired:
            text += "\n\nIn another currency or period, so not set against it:\n"
            text += self._lines(unpaired, labels)
        cited = {n.citation(r) for r in rows if r is not reference}
        if len(cited) == 1:
            text += f"\n\nSource of the other figures: {cited.pop()}."
        return text

    def _ranked(self, group: Sequence[SalaryRecord], result: SalaryResult,
                labels: _Labels) -> str:
        n = self.naming
        if len(group) == 1:
            return ""
        winners = [r for r in result.verdict if r in group]
        lines = "\n".join(f"{i}. {labels(r)}: **{n.money_period(r)}**"
                          for i, r in enumerate(group, start=1))
        spread = group[0].amount - group[-1].amount
        text = ""
        if winners:
            which = "highest" if result.op == "highest" else "lowest"
            names = ucfirst(join_words([labels(w, capital=False) for w in winners]))
            verb = "are" if len(winners) > 1 else "is"
            of = f"of these {labels.role} figures" if labels.role else "of these figures"
            each = " each" if len(winners) > 1 else ""
            text = (f"**{names} {verb} the {which}** {of}, at "
                    f"{n.money_period(winners[0])}{each}.\n\n")
        head = f"{ucfirst(labels.role)} pay" if labels.role else "The figures"
        text += f"{head}, from highest to lowest:\n{lines}"
        if spread:
            text += (f"\n\nThe gap between the highest and the lowest is "
                     f"{n.amount(spread, group[0].currency)} {per_period(group[0].period)}.")
        return text

    def _offer(self, offer, *, figure_first: bool = False) -> str:  # noqa: ANN001 - Offer
        """An amount against a figure; said of the figure when the question asks it of the
        figure ("is the NYC number over or under his 160k ask?")."""
        n = self.naming
        record = offer.record
        asked = offer.amount
        given = f"{n.amount(asked.value, asked.currency)} {per_period(record.period)}"
        if asked.per and asked.said:  # a rate, put in the figure's period: its working
            given += (f" ({n.amount(asked.said, asked.currency)} {per_period(asked.per)} × "
                      f"{asked.value / asked.said:,.0f})")
        if figure_first and offer.difference:
            side = "below" if offer.difference > 0 else "above"
            share = abs(offer.difference) / offer.amount.value
            return (f"**The figure for {n.subject(record)}, {n.money_period(record)}, is "
                    f"{n.amount(abs(offer.difference), record.currency)} "
                    f"({format_share(share, n.locale)}) {side}** {given} "
                    f"({n.citation(record)}).")
        if offer.difference == 0:
            how = "matches"
        else:
            side = "above" if offer.difference > 0 else "below"
            how = (f"is {n.amount(abs(offer.difference), record.currency)} "
                   f"({format_share(abs(offer.share), n.locale)}) {side}")
        return (f"**{given} {how}** the figure for {n.subject(record)}: "
                f"{n.money_period(record)}{n.spread(record)} ({n.citation(record)})."
                f"{offer_in_spread(n, offer)}")

    def _figures(self, result: SalaryResult, question: SalaryQuestion,
                 labels: _Labels) -> list[str]:
        """The figures of a salary answer, as what it asks for: offers checked against them,
        a reference, a pair compared, a ranking, one figure or a list."""
        n, rows = self.naming, result.rows
        if result.offers or result.unmatched:
            return [self._offer(o, figure_first=question.figure_first)
                    for o in result.offers] + [
                f"I have no figure in {a.currency or 'that currency'} to set "
                f"{n.amount(a.value, a.currency) if a.currency else f'{a.value:,.0f}'} "
                "against." for a in result.unmatched]
        if result.reference is not None:
            return [self._against(result.reference, result.pairs, rows)]
        if result.pairs:
            return [self._pair(result.pairs[0], result.op, labels), self._lines(rows, labels)]
        if result.ranking:
            parts = [self._ranked(group, result, labels) for group in result.ranking]
            singles = [r for r in rows if not any(r in g for g in result.ranking if len(g) > 1)]
            if singles and len(result.ranking) > 1:
                parts.append("On its own in its currency or period:\n"
                             + self._lines(singles, labels))
            return parts
        if len(rows) == 1:
            row = rows[0]
            return [f"**{n.money_period(row)}** for {n.subject(row)}{n.spread(row)} "
                    f"({n.citation(row)})."]
        return [self._lines(rows, labels, head=True)]

    def _converted(self, rows: Sequence[SalaryRecord], period: str, labels: _Labels) -> str:
        """Each figure worked out in the period asked, with the content's method."""
        n = self.naming
        lines, bases = [], []
        for row in rows:
            conversion = self.domain.profile.conversion(row.period, period)
            if conversion is None:
                continue
            divisor, basis = conversion
            bases.append(basis)
            lines.append(f"- {labels(row)}: **{n.amount(row.amount / divisor, row.currency)} "
                         f"{per_period(period)}** ({n.money(row)} ÷ {format_number(divisor)})")
        how = f" ({join_words(list(dict.fromkeys(bases)))})" if bases else ""
        return f"Per {period}{how}:\n" + "\n".join(lines)

    def _note(self, note: Note) -> str:
        n = self.naming
        role_plural = n.role_name(note.role, plural=True) if note.role else ""
        if note.kind in ("nearest_level", "level_missing"):
            asked = n.level_name(note.role, note.asked)  # (a level by its name: "mid-level")
            if note.kind == "level_missing":
                return f"I have no figure for {asked} {role_plural}."
            used = n.level_name(note.role, note.used[0])
            return (f"I have no figure for {asked} {role_plural}; the nearest level with one is "
                    f"{used}.")
        if note.kind == "nearest_place":
            used = join_words([place_phrase(u) for u in note.used])
            if note.how == "state":
                return (f"I have no figure for {note.asked}; the nearest is {used}, in the same "
                        "state.")
            return f"I have no figure for {note.asked} itself; the figure for {used} covers it."
        if note.kind == "place_missing":
            role = n.role_name(note.role)
            country = self._country_of(note.asked)
            if note.how == "in country" and country:
                return (f"I have no {role} figure for {note.asked}; my figures for {country} "
                        "are for other places.")
            where = f" or anywhere in {country}" if country and country != note.asked else ""
            return f"I have no {role} figure for {note.asked}{where}."
        if note.kind == "role_missing":
            return f"I have no salary figures for {role_plural}."
        if note.kind == "currencies":
            return ("These figures are in different currencies and are not converted, so I "
                    "don't subtract or rank them against each other.")
        if note.kind == "periods":
            return ("These figures are for different periods and are not converted, so I "
                    "don't subtract or rank them against each other.")
        if note.kind == "convert":
            return ("Figures are in local currency, as their source gives them: I don't convert "
                    "currencies.")
        return ""

    def _apart(self, note: Note, rows: Sequence[SalaryRecord]) -> str:
        """The lead when no figure holds the level and the place asked together: that said
        plainly, then the level's figures (any location) and the place's (any level).

        'I have no figure for senior AI engineers in Boston, MA itself: senior AI engineers
        earn $151,000 a year (any location) and AI engineers in Boston, MA $166,500 (any
        level).'"""
        n = self.naming
        own = [r for r in rows if r.role == note.role and not r.baseline]
        if not own:
            return ""
        by_level = [r for r in own if r.level and not r.location]
        by_place = [r for r in own if r.location]
        first, plural = own[0], n.role_name(note.role, plural=True)

        def level(r: SalaryRecord) -> str:
            return n.level_name(r.role, r.level)

        def said(i: int, r: SalaryRecord) -> str:
            """One figure: who (the role named once, 'ones' after it), where, how much (with
            its period when it is the first or another period than the first's)."""
            who = f"{level(r)} {'ones' if i else plural}" if r.level else ("" if i else plural)
            where = f"in {place_phrase(r.location)}" if r.location else ""
            money = n.money(r) if r is not first and r.period == first.period \
                else n.money_period(r)
            return " ".join(filter(None, (who, where, "earn" if r is first else "", money)))

        parts = []
        if by_level:
            parts.append(", ".join(said(i, r) for i, r in enumerate(by_level))
                         + " (any location)")
        if by_place:
            any_level = "" if any(r.level for r in by_place) else " (any level)"
            parts.append(join_words([said(i, r) for i, r in enumerate(by_place)]) + any_level)
        places = list(dict.fromkeys(place_phrase(p) for p in note.used)) or list(
            dict.fromkeys(place_phrase(r.location) for r in by_place))
        itself = " itself" if len(places) == 1 and len(by_place) == 1 else ""
        levels = join_words(list(dict.fromkeys(level(r) for r in by_level)), "or")
        asked = " ".join(filter(None, (levels, plural, f"in {join_words(places, 'or')}")))
        joint = ", and " if len(by_level) > 1 else " and "
        return f"I have no figure for {asked}{itself}: {joint.join(parts)}."

    def _country_of(self, name: str) -> str:
        found = gazetteer().find(tokenize(name))
        if found and found[0][2].country:
            return place_phrase(gazetteer().country_name(found[0][2].country))
        return ""

    # --- sources ------------------------------------------------------------------------------

    def record_sources(self, rows: Sequence[SalaryRecord], age: Age | None = None) -> str:
        """Where each figure comes from and how current it is; the caution on their age when
        `age` says they are old."""
        n = self.naming
        groups: dict[str, list[SalaryRecord]] = {}
        for row in rows:
            groups.setdefault(n.citation(row), []).append(row)
        parts = []
        for members in groups.values():
            first = members[0]
            names = join_words([f"{n.label(r, capital=False)} ({n.money_period(r)})"
                                for r in members])
            plural = len(members) > 1
            # "The median for software engineers in the US", "the figure for a senior".
            subject = f"The {names}" if all(measure_of(r) for r in members) \
                else f"The figure{'s' if plural else ''} for {names}"
            if first.cited_in:
                parts.append(f"{subject} come{'' if plural else 's'} from {first.source}, as "
                             f"cited in {first.cited_in}, dated {n.day(first.as_of)}.")
            else:
                parts.append(f"{subject} {'are' if plural else 'is'} from {first.source}, "
                             f"dated {n.day(first.as_of)}.")
            parts += list(dict.fromkeys(r.note for r in members if r.note))
        return "\n\n".join(p for p in (" ".join(parts), self.caution(age)) if p)

    def snippet_source(self, snippet: Snippet) -> str:
        return (f"That comes from {snippet.source}, dated {self.naming.day(snippet.as_of)}: "
                f"{snippet.text}")

    # --- refusals -----------------------------------------------------------------------------

    def out_of_scope(self, *, others: Sequence[str] = (), task: str = "") -> str:
        if task:
            return f"I can't do tasks; I answer questions. {self.coverage()}"
        if others:
            return f"I have nothing on {join_words(list(others))}. {self.coverage()}"
        return f"That's outside what I can help with. {self.coverage()}"

    def not_covered(self, *, number: bool = False) -> str:
        if number:
            return (f"What I know about this gives no number for that, so I won't guess. "
                    f"{self.coverage()}")
        return f"I couldn't find that in what I know, so I won't guess. {self.coverage()}"

    def gap(self, snippet: Snippet) -> str:
        return f"{snippet.text} {self.coverage()}"
