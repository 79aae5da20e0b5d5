"""Salary questions in a conversation: whether a message asks for figures, and which salary
question it asks when read against the last answer ("and a junior one?" re-asks it with the
level changed; "which of them is lower?" asks about the figures shown).

The reasoning over the records is `api.answer.salaries`; this module only decides what to ask it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from api.answer.compose import Frame
from api.answer.salaries import OVER_GROUP, PAIRWISE, SalaryQuestion
from api.dialogue.context import TOPIC_SURE, confident
from api.knowledge.domain import Domain
from api.search.retrieval import Retrieval
from api.text.words import english_frequency
from api.understand import numbers
from api.understand.reading import (
    FIGURE_WORDS,
    LEVEL_WORDS,
    PAY_WORDS,
    PLACE_WORDS,
    Reading,
    denied_terms,
)

# A follow-up of this many words or fewer that names a new slot re-asks the last question's
# offer there ("and in the Bay Area?").
SHORT_FOLLOW_UP = 8
# Words less common than this in English name things ("coffee", "vacuum"; not "asked").
THING_WORD = 200_000


class SalaryTurns:
    """Reads salary questions against the conversation, for one knowledge base's domain."""

    def __init__(self, domain: Domain) -> None:
        self.domain = domain

    def names_shown(self, reading: Reading, frame: Frame | None) -> bool:
        """A comparison naming one of the two figures on the table ("so NYC is how much
        higher?" after New York and the Bay Area): of those two, as a follow-up."""
        if frame is None or not frame.salary or len(frame.records) != 2 \
                or reading.op not in PAIRWISE or reading.roles or reading.levels:
            return False
        records = [self.domain.records[i] for i in frame.records if i in self.domain.records]
        return len(reading.locations) == 1 and any(
            reading.locations[0] == r.location for r in records)

    def wanted(self, reading: Reading, retrieval: Retrieval, frame: Frame | None,
               followup: bool) -> bool:
        """Whether to answer with salary figures rather than a snippet."""
        if (reading.explain and not reading.amounts) or reading.quantity \
                or _of_the_publisher(reading) or _price_of_something_else(reading, retrieval):
            return False  # "why...", "how many engineers?", "who wrote it?", "a vacuum for $300"
        if reading.sources and FIGURE_WORDS & set(reading.analysis.tokens):
            return True  # "what are the Glassdoor figures?"
        if reading.sources and not (reading.pay or reading.levels or reading.titles
                                    or reading.locations or reading.regions or reading.places
                                    or reading.roles or reading.amounts or reading.op
                                    or reading.period or reading.measures):
            return False  # "who's Xenoss anyway?": the source itself, not its figures
        context = frame is not None and frame.salary and followup
        if reading.op and reading.roles and not (reading.pay or reading.amounts or reading.period
                                                 or reading.salary_slots) \
                and not set(reading.roles) & set(self.domain.roles_with_figures):
            return False  # "how is that role different from a data scientist?": the roles
        if reading.op and not (context or reading.salary_slots or reading.roles or reading.amounts
                               or reading.sources or reading.measures
                               or (LEVEL_WORDS | PLACE_WORDS) & set(reading.analysis.tokens)) \
                and retrieval.relevant and not retrieval.hits[0].snippet.salary_ids:
            return False  # "do startups pay more than Big Tech?": what the content says of it
        places = len(reading.locations) + len(reading.regions) + len(reading.places)
        slots = places + len(reading.levels) + len(reading.titles)
        if reading.pay and (reading.salary_slots or reading.roles or reading.op
                            or reading.amounts or reading.period or self.role_found(retrieval)):
            return True
        if reading.amounts and (reading.salary_slots or context or reading.roles):
            return True
        if continues_figures(reading, frame):
            return True
        if context and reading.other and (LEVEL_WORDS | PLACE_WORDS) & set(reading.analysis.tokens):
            return True  # "what about the remaining level?"
        if context and (reading.salary_slots or reading.op or reading.pay or reading.roles
                        or reading.convert or reading.amounts or reading.period
                        or (reading.refers_back and reading.words <= 3)):
            return True
        # "Gap between Boston and New York" compares their pay; "the time difference between
        # London and New York", with words the knowledge lacks and no talk of pay, does not.
        shown = frame is not None and frame.salary and bool(frame.records)  # figures on the table
        compares_pay = shown or reading.pay or bool(reading.roles) or not retrieval.query.unknown
        if reading.op and compares_pay and (
                slots >= 2 or (places and reading.op in OVER_GROUP)
                or (slots and (reading.sources or reading.measures or reading.roles))):
            return True
        if reading.op in OVER_GROUP and reading.pay:
            return True
        top = retrieval.hits[0].snippet if retrieval.hits else None
        figure_hit = top is not None and bool(top.salary_ids)
        if followup and frame is not None and not frame.salary and reading.refers_back \
                and not reading.salary_slots and not reading.roles:  # ("paid for it?": no)
            return reading.pay and reading.says("that_kind")  # "pay someone like that?"
        if reading.salary_slots and reading.words <= 4 and not reading.roles \
                and not retrieval.query.unknown:  # "Boston?", not "weather in Boston"
            return not confident(retrieval) or figure_hit
        # "Weather in Zurich" names a place and asks no pay; "an ML person in Bellevue, what's
        # the damage?" names a role and a place: a figure, in words the knowledge lacks.
        plain = not retrieval.query.unknown or bool(reading.roles)
        return (reading.pay or (plain and (slots >= 1 or bool(reading.roles)))) and figure_hit

    def role_found(self, retrieval: Retrieval) -> str:
        """The one role with figures that a confident best match is about, if any."""
        if not confident(retrieval):
            return ""
        roles = retrieval.hits[0].snippet.roles
        if len(roles) == 1 and roles[0] in self.domain.roles_with_figures \
                and roles[0] != self.domain.primary_role.id:
            return roles[0]
        return ""

    def question(self, reading: Reading, frame: Frame | None,
                 followup: bool) -> SalaryQuestion:
        """The salary question a message asks, read against the last salary answer: a
        follow-up re-asks the last question with the slots it names changed."""
        reading = self._placed(reading, frame)
        question = self.fresh(reading, frame)
        previous = SalaryQuestion.from_dict(frame.ask) if frame is not None else None
        if frame is None or not frame.salary or not followup:
            return question
        if previous is None:
            previous = replace(question, levels=tuple(frame.levels),
                               locations=tuple(frame.locations), regions=tuple(frame.regions))
        named = len(reading.levels) + len(reading.titles) + len(reading.locations) \
            + len(reading.regions) + len(reading.places)
        if previous.amounts and not reading.amounts and reading.op and named == 1 and (
                reading.refers_back or reading.words <= SHORT_FOLLOW_UP):
            # "How far above Bellevue is that?", "vs the junior figure?" after an ask checked:
            # the ask against the figure named.
            return replace(question, amounts=previous.amounts)
        if previous.roles and all(self._source_alone(reading, role) for role in previous.roles):
            return question  # "what's the BLS figure again?" after an AI engineer's figure
        if self.names_shown(reading, frame):
            return self.about_shown(question, list(frame.records))  # "so NYC is how much higher?"
        new_levels = bool(reading.levels or reading.titles)
        new_places = bool(reading.locations or reading.regions or reading.places)
        # Roles already asked about are not new ("by how much, as a share of the AI
        # engineer's salary?" after a computer vision engineer against an AI engineer).
        new_roles = bool(reading.roles) and not set(reading.roles) <= set(previous.roles)
        if not (new_levels or new_places or new_roles):
            return self._nothing_new(reading, frame, question, previous)
        # One new thing (at most one role, one level, one place): "vs a senior AI engineer?",
        # "how does that compare with AI engineers in France?".
        one_thing = (len(reading.roles) <= 1 and len(reading.levels) + len(reading.titles) <= 1
                     and len(reading.locations) + len(reading.regions) + len(reading.places) <= 1)
        single = len(frame.focus or frame.records) == 1
        if reading.amounts and one_thing:
            # "Is that above the mid-level figure?": the amount against the figure it names.
            return question
        kin = self._kin_shown(frame, new_levels, new_places) if one_thing else []
        if reading.op in PAIRWISE and one_thing and (reading.refers_back or single or kin):
            # The figure on the table (of a level or a place shown, the one of the kind
            # named: "delta vs jr" after a senior's and a city's figure), and the new one.
            return replace(question, roles=tuple(dict.fromkeys((*previous.roles,
                                                                *question.roles))),
                           records=tuple(kin or frame.focus or frame.records))
        return self._changed(reading, question, previous, new_levels, new_places)

    def _kin_shown(self, frame: Frame, level: bool, place: bool) -> list[str]:
        """The one figure shown kept by level (or by place) when a follow-up names only a
        level (or only a place), among figures of both kinds."""
        rows = [self.domain.records[i] for i in frame.focus or frame.records
                if i in self.domain.records]
        kin = [r.id for r in rows if (bool(r.level) and not r.location) == level]
        return kin if level != place and len(kin) == 1 and len(rows) > 1 else []

    def _nothing_new(self, reading: Reading, frame: Frame, question: SalaryQuestion,
                     previous: SalaryQuestion) -> SalaryQuestion:
        """A follow-up that names no new role, level or place: a ranking, the figures shown,
        or the last question again (in another period or currency)."""
        compares = reading.op in PAIRWISE or reading.op in OVER_GROUP
        if reading.op in OVER_GROUP and question.dimension:
            # "And the lowest-paid level?": a ranking along what it names.
            return replace(question, roles=previous.roles)
        if reading.op in OVER_GROUP and previous.op in OVER_GROUP:
            # "And the least?" after "which pays the most?": the same ranking, reversed.
            return replace(previous, op=reading.op, amounts=(), records=())
        remaining = self._remaining(reading, frame, question, previous) \
            if reading.other and not compares else None
        if remaining is not None:
            return remaining
        if compares or reading.amounts:
            # "Which of them is lower?", "is 140k enough?": about the figures shown.
            shown = frame.focus or frame.records
            count = numbers.counted_figures(reading.text)  # ("which of those three ...?")
            if compares and max(len(shown), 2) < count <= len(frame.recent):
                shown = frame.recent[-count:]
            if compares and len(shown) < 2:
                shown = list(dict.fromkeys(frame.previous + shown))
            if compares and len(shown) < 2:
                shown = frame.records  # "the top and the bottom" of a ranking
            return self.about_shown(question, shown)
        # "Per hour?" after figures: those figures, worked out in that period.
        return replace(previous, convert=reading.convert, period=reading.period or "",
                       amounts=(), work_out=previous.work_out or question.work_out
                       or bool(reading.period))

    def _changed(self, reading: Reading, question: SalaryQuestion, previous: SalaryQuestion,
                 new_levels: bool, new_places: bool) -> SalaryQuestion:
        """The last question with what the follow-up names changed, and the rest kept."""
        op = reading.op or previous.op
        roles = question.roles if reading.roles else previous.roles
        levels, titles = question.levels, question.titles
        locations, regions, places = question.locations, question.regions, question.places
        denied = denied_terms(reading)
        if denied and new_places:
            # "And if it's Boston instead of NY?" after the Bay Area against New York: New York
            # replaced, the rest of the comparison kept. "I meant Toronto, not New York" (no
            # figure for Toronto): asked of Toronto alone.
            said = [p for p in locations if p not in denied]
            locations = tuple(dict.fromkeys(said[0] if p in denied else p
                                            for p in previous.locations)) \
                if said and denied & set(previous.locations) else tuple(said)
            if not said and reading.places:  # (nor set against what was compared)
                return replace(question, locations=(), op="", amounts=())
        if denied & set(previous.levels) and new_levels:
            said = [lv for lv in levels if lv not in denied]
            levels = tuple(dict.fromkeys(said[0] if lv in denied and said else lv
                                         for lv in previous.levels))
        # A level or a place said alone changes that one and keeps the other: "and in NYC?"
        # after a senior in Boston is a senior in New York; "and for senior level?" after
        # Germany is a senior in Germany, said plainly when the figures give them apart. A
        # comparison ("compare the UK and Germany") keeps the other only where the figures
        # combine them, or it would set a level's figure against a place's.
        # Two places (or levels) set against each other are compared as such ("diff boston
        # vs nyc" after a mid-level in New York), unless the figures combine them.
        together = bool(previous.levels or previous.titles) and bool(
            previous.locations or previous.regions or previous.places)
        places_paired = bool(op) and len(locations) + len(regions) + len(places) > 1
        levels_paired = bool(op) and len(levels) + len(titles) > 1
        if not new_levels and (not op or together and not places_paired
                               or self.combined(roles[0], previous.levels, locations)):
            levels, titles = previous.levels, previous.titles
        if not new_places and (not op or together and not levels_paired
                               or self.combined(roles[0], levels, previous.locations)):
            locations, regions, places = previous.locations, previous.regions, previous.places
        if reading.op in OVER_GROUP and question.dimension == "level":
            locations, regions, places = (), (), ()
        elif reading.op in OVER_GROUP and question.dimension == "location":
            levels, titles = (), ()
        # "What if we treated her as a senior instead?", "and in the Bay Area?" after an offer
        # checked: the same offer against the figure now asked.
        again = reading.words <= SHORT_FOLLOW_UP or bool(self.domain.cues.search("change",
                                                                                 reading.text))
        return replace(question, roles=roles, levels=levels, titles=titles, locations=locations,
                       regions=regions, places=places, op=op,
                       amounts=question.amounts or (previous.amounts if again else ()),
                       measures=question.measures or previous.measures,
                       sources=question.sources or previous.sources,
                       named_roles=question.named_roles or previous.named_roles)

    def _remaining(self, reading: Reading, frame: Frame, question: SalaryQuestion,
                   previous: SalaryQuestion) -> SalaryQuestion | None:
        """"What about the remaining level?", "and the other city?": the levels (or places)
        of the role with figures that the last two answers did not show; None if none is
        left, or the message names no level or place word."""
        tokens = set(reading.analysis.tokens)
        role = (previous.roles or question.roles or ("",))[0]
        records = self.domain.records
        seen = [records[i] for i in (*frame.previous, *frame.records) if i in records]
        if tokens & LEVEL_WORDS:
            ladder = self.domain.levels_of(role)
            if "between" in tokens:  # "the one in between": inside the two just shown
                seen = [records[i] for i in frame.records if i in records]
                shown = [ladder.index(r.level) for r in seen if r.level in ladder]
                ladder = ladder[min(shown) + 1:max(shown)] if shown else []
            left = [lv for lv in ladder if lv not in {r.level for r in seen}]
            return replace(previous, levels=tuple(left), titles=(), op="", amounts=(),
                           records=()) if left else None
        if tokens & PLACE_WORDS:
            places = dict.fromkeys(r.location for r in self.domain.rows(role) if r.location)
            left = [p for p in places if p not in {r.location for r in seen}]
            return replace(previous, locations=tuple(left), regions=(), places=(), op="",
                           amounts=(), records=()) if len(left) == 1 else None
        return None

    def about_shown(self, question: SalaryQuestion, ids: list[str]) -> SalaryQuestion:
        """The question asked of figures already shown, with their roles, levels and places
        as its slots (so that the next follow-up can change one of them)."""
        rows = [self.domain.records[i] for i in ids if i in self.domain.records]
        return replace(
            question,
            roles=tuple(dict.fromkeys(r.role for r in rows)) or question.roles,
            named_roles=True,
            levels=tuple(dict.fromkeys(r.level for r in rows if r.level)),
            locations=tuple(dict.fromkeys(r.location for r in rows if r.location)),
            bound=tuple(dict.fromkeys((r.role, r.level) for r in rows if r.level))
            if len({r.role for r in rows}) > 1 else (),
            records=tuple(ids),
        )

    def _source_alone(self, reading: Reading, role: str) -> bool:
        """Whether the message asks the figures of a source that has none for `role`, and
        nothing else ("what's the BLS figure again?" after an AI engineer's)."""
        return bool(reading.sources) and not (
            reading.op or reading.levels or reading.titles or reading.locations
            or reading.regions or reading.places) and not any(
            r.source in reading.sources for r in self.domain.rows(role))

    def _placed(self, reading: Reading, frame: Frame | None) -> Reading:
        """"What does a senior earn over there?" (the cue `that_place`, no place named): at
        the place the last answer was about, its figures' or its kit's."""
        if frame is None or reading.locations or reading.regions or reading.places \
                or not reading.says("that_place"):
            return reading
        place = (frame.locations or [""])[-1] or (frame.regions or [""])[-1] \
            or str((frame.kit or {}).get("location") or "")
        if place in self.domain.regions:
            return replace(reading, regions=(place,))
        return replace(reading, locations=(place,)) if place else reading

    def fresh(self, reading: Reading, frame: Frame | None) -> SalaryQuestion:
        """The salary question a message asks on its own (its role from the conversation)."""
        roles = list(reading.roles) or ([frame.role] if frame is not None and frame.role
                                        and not self._source_alone(reading, frame.role) else [])
        # A reference figure named by its source or kind ("the BLS median") brings its role.
        for record in self.domain.records.values():
            if (record.source in reading.sources or record.measure in reading.measures) \
                    and record.role not in roles:
                roles.append(record.role)
        if frame is not None and frame.role and len(reading.roles) == 1 \
                and frame.role not in roles and self.domain.rows(frame.role) \
                and (reading.op in PAIRWISE or reading.says("compare")):
            # "... and how does it compare with the AI engineers?" while talking about
            # another role: that role against the one named.
            roles.insert(0, frame.role)
        if reading.op and roles and all(not self.domain.rows(r) for r in roles):
            # "Is a senior paid more than the median?": the median against the usual role.
            roles.insert(0, frame.role if frame is not None and frame.role
                         and frame.role not in roles else self.domain.primary_role.id)
        roles = roles or [self.domain.primary_role.id]
        tokens = set(reading.analysis.tokens)
        dimension = "level" if tokens & LEVEL_WORDS else "location" if tokens & PLACE_WORDS else ""
        return SalaryQuestion(
            roles=tuple(dict.fromkeys(roles)),
            named_roles=bool(reading.roles or reading.sources or reading.measures),
            levels=reading.levels,
            titles=reading.titles,
            locations=reading.locations,
            regions=reading.regions,
            places=reading.places,
            sources=reading.sources,
            measures=reading.measures,
            op=reading.op,
            bound=reading.bound,
            amounts=reading.amounts,
            dimension=dimension,
            period=reading.period,
            currency=reading.currency,
            # "the market figure per month", "a senior per day?" is the salary figure, worked
            # out in that period; not a rate someone bills ("a senior's day rate?")
            work_out=bool((PAY_WORDS | FIGURE_WORDS | COST_WORDS) & tokens)
            or not RATE_WORDS & tokens,
            convert=reading.convert,
            figure_first=reading.figure_first,
        )

    def combined(self, role: str, levels: Sequence[str], locations: Sequence[str]) -> bool:
        """Whether the role has figures for a level and a location together."""
        return any(r.level in levels and r.location in locations
                   for r in self.domain.rows(role, baseline=None))

    def refused_frame(self, reading: Reading, frame: Frame | None) -> Frame | None:
        """What a refused question still says about the conversation: the role it is about
        ("only prompt engineers born in the US" -> prompt engineers), and the level or place
        a salary would be for ("equity for a senior ML hire", then "base salary then")."""
        roles = reading.roles or reading.analysis.role_ids
        if not roles and not reading.salary_slots:
            return None
        question = self.fresh(replace(reading, roles=tuple(roles)), frame)
        return Frame(role=question.roles[0], salary=reading.salary_slots,
                     levels=list(question.levels), locations=list(question.locations),
                     regions=list(question.regions), ask=question.to_dict(),
                     question=reading.text)


# "What do a junior and a senior cost us per hour?": what the employer pays, worked out.
COST_WORDS = frozenset("cost costs costing".split())
# "What does an agency charge per hour?": a rate someone bills, which no salary works out to.
RATE_WORDS = frozenset("charge charges charged charging bill bills billed billing rate rates "
                       "fee fees invoice invoices invoiced".split())


def kit_figures(reading: Reading, frame: Frame | None) -> Frame | None:
    """The kit just drafted as figures on the table, when a message asks pay of nothing else
    ("How much pay should the ad mention?"); else None."""
    if frame is None or not (frame.kit and frame.records) or frame.salary or not reading.pay \
            or reading.salary_slots or reading.roles:
        return None
    return replace(frame, salary=True)


def continues_figures(reading: Reading, frame: Frame | None) -> bool:
    """An amount alone, after figures ("what if we offered 185k instead?"): those figures
    again, for that amount, as a follow-up; not when other words the knowledge lacks say it is
    about something else ("185k on GPUs")."""
    return bool(reading.amounts) and frame is not None and frame.salary \
        and bool(frame.records) and not reading.roles and not reading.salary_slots \
        and all(any(c.isdigit() for c in w) for w in reading.analysis.unknown)


# How close under a figure found first content about what a question asks must score to be
# the answer instead.
TOPIC_MARGIN = 0.05


def _of_the_publisher(reading: Reading) -> bool:
    """Whether a message asks about the guide or its publisher, and nothing of figures ("and
    the publisher: neutral, or selling something?")."""
    return reading.says("publication") and not (
        reading.pay or reading.amounts or reading.salary_slots or reading.roles
        or FIGURE_WORDS & set(reading.analysis.tokens))


def topic_first(retrieval: Retrieval, reading: Reading, topic: float,
                domain: Domain) -> Retrieval:
    """"What skills should a junior ML engineer have?": a question the intents read as one of
    the content's topics (`topic`: how sure they are, 0 for another intent) that finds a
    figure first by its names ("junior"), with content close behind (anywhere behind when
    they are sure: "we're in Hamburg. the junior, which skills he need?") that holds a word of
    the knowledge the message asks about and the figure lacks ("skills"): that content first,
    the figures left out. Not when the message asks anything of pay (a pay word, an amount, a
    period, a comparison)."""
    if not topic or reading.pay or reading.amounts or reading.period or reading.op \
            or not retrieval.hits:
        return retrieval
    floor = retrieval.hits[0].score - TOPIC_MARGIN if topic < TOPIC_SURE else 0.0
    content = [h for h in retrieval.candidates if not h.snippet.salary_ids]
    if not content or content[0].score < floor:
        return retrieval
    asked = [t.lower() for t in reading.analysis.terms if not domain.lookup(t)]
    figure, found = (h.snippet.search_text.lower() for h in (retrieval.hits[0], content[0]))
    return replace(retrieval, hits=content) if any(
        t in found and t not in figure for t in asked) else retrieval


def _price_of_something_else(reading: Reading, retrieval: Retrieval) -> bool:
    """Whether an amount is the price of a thing the knowledge has no word for ("a robot
    vacuum under $300"; not "if she'd asked for £66,000?"), said with no word of pay, role or
    place and nothing pointing back."""
    frequency = english_frequency()
    return bool(reading.amounts) and not (reading.pay or reading.roles or reading.salary_slots
                                          or reading.refers_back) \
        and any(w.isalpha() and frequency[w] < THING_WORD for w in retrieval.query.unknown)
