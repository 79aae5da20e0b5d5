"""One turn of a conversation: small talk, declines, follow-ups read in context, answers.

`Conversation.reply(message, state)` is pure given the loaded index: the caller (the chat
service) loads the state of a session from the database and stores the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from api.answer.compose import NOT_COVERED, OUT_OF_SCOPE, Answer, Composer, Frame
from api.answer.kit import Kits
from api.answer.salaries import OVER_GROUP, PAIRWISE, SalaryQuestion
from api.answer.salaries import answer as salary_answer
from api.dialogue.kit_chat import KitChat
from api.knowledge.loader import Snippet
from api.search.lexicon import QueryAnalysis
from api.search.retrieval import Hit, Retrieval, Retriever
from api.text.words import GENERIC, singular, stem, tokenize
from api.understand.reading import OTHER, PLURAL_PRONOUN, SINGULAR_PRONOUN, Reader, Reading

MAX_ASKED = 50
CONFIDENT = 0.45
# Search with the last answer's subject added must beat the message alone by this much.
CONTEXT_MARGIN = 0.05
# A follow-up with words the knowledge lacks may still be read in context when the words it
# knows carry this much of its meaning.
CONTEXT_MEANING = 0.7
TOPIC_MARGIN = 0.08
# Words that make an unanswerable question a hiring question (not covered) rather than one
# about something else entirely (out of scope).
HIRING_RE = re.compile(
    r"\b(hir\w*|recruit\w*|candidates?|applicants?|interview\w*|onboard\w*|jobs?|roles?|"
    r"teams?|offers?|cvs?|resumes?|headcount|talent|employ\w*|contracts?|visas?|equity|"
    r"benefits?|bonus\w*|remote|retain\w*|retention|notice|probation|perks?|staff\w*|"
    r"engineers?|developers?|skills?|certifi\w*|salar\w*|pay|wages?)\b",
    re.I,
)
LEVEL_WORDS = frozenset("level levels experience grade grades band bands ladder rung".split())
PLACE_WORDS = frozenset(
    "city cities country countries location locations place places region regions market "
    "markets state states where metro metros area areas".split())


@dataclass
class DialogueState:
    """What a session remembers between turns."""

    frame: Frame | None = None
    asked: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"frame": self.frame.to_dict() if self.frame else None, "asked": self.asked}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueState:
        data = data or {}
        return cls(Frame.from_dict(data.get("frame")), list(data.get("asked", [])))


class Conversation:
    """Answers one message at a time against a retriever, reading follow-ups in context."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.composer = Composer(retriever)
        self.reader = Reader(retriever.domain)
        self.domain = retriever.domain
        self.kit_chat = KitChat(self.composer, Kits(retriever.domain, retriever.index.snippets))

    def read(self, text: str) -> Reading:
        return self.reader.read(text, self.retriever.lexicon.analyze(text))

    def reply(self, message: str, state: DialogueState) -> tuple[Answer, DialogueState]:
        """The answer to `message` and the state to keep for the next turn."""
        text = " ".join(message.split())
        reading = self.read(text)
        if reading.smalltalk is not None:
            answer = self.composer.smalltalk(reading.smalltalk)
        elif reading.declined:
            answer = self.composer.decline()
        else:
            answer = self.kit_chat.reply(reading, state.frame) or self._answer(reading, state)
            self.kit_chat.offer(answer, reading.text, state.asked)
        if not answer.suggestions and answer.kind != "smalltalk":
            answer.suggestions = self.composer.suggestions(answer, state.asked + [text])
        frame = state.frame
        if answer.frame is None and not answer.answered and reading.smalltalk is None:
            answer.frame = self._refused_frame(reading, frame)
        if answer.frame is not None:
            frame = answer.frame
            last = state.frame
            if frame.salary and last is not None and last.focus and last.focus != frame.focus:
                frame.previous = list(last.focus)
            elif frame.salary and last is not None:
                frame.previous = list(last.previous)
        asked = state.asked if reading.smalltalk else (state.asked + [text])[-MAX_ASKED:]
        return answer, DialogueState(frame, asked)

    def _refused_frame(self, reading: Reading, frame: Frame | None) -> Frame | None:
        """What a refused question still says about the conversation: the role it is about
        ("only prompt engineers born in the US" -> prompt engineers), and the level or place
        a salary would be for ("equity for a senior ML hire", then "base salary then")."""
        roles = reading.roles or reading.analysis.role_ids
        if not roles and not reading.salary_slots:
            return None
        question = self._fresh_question(replace(reading, roles=tuple(roles)), frame)
        return Frame(role=question.roles[0], salary=reading.salary_slots,
                     levels=list(question.levels), locations=list(question.locations),
                     regions=list(question.regions), ask=question.to_dict(),
                     question=reading.text)

    # --- routing ------------------------------------------------------------------------------

    def _answer(self, reading: Reading, state: DialogueState) -> Answer:
        frame = state.frame
        # A comparison that names nothing to compare is about what is on the table.
        bare_comparison = bool(reading.op) and not (reading.salary_slots or reading.roles)
        followup = frame is not None and (reading.followup or (frame.salary and bare_comparison))
        text = reading.text
        if reading.source_question and not reading.explain:
            answer = self._source(reading, frame)
            if answer is not None:
                return answer
        query = self._query(reading, frame, followup)
        context_roles = (frame.role,) if frame is not None and frame.role else ()
        retrieval = self.retriever.retrieve(query, roles=context_roles)
        snippet_context = followup and frame is not None and not frame.salary
        weak_gap = retrieval.gap is not None and _best(retrieval) < CONFIDENT
        if snippet_context and frame is not None and _clean(retrieval) and (
                weak_gap or (retrieval.gap is None and not _confident(retrieval))):
            # A short follow-up is read with what the last answer was about.
            retrieval = self._with_context(text, retrieval, frame)
        if retrieval.gap is not None and reading.pay and not _names_gap(reading, retrieval.gap):
            # "Base salary then": a pay question near a gap that only says what is covered.
            content = [h for h in retrieval.candidates if not h.snippet.gap]
            retrieval = replace(retrieval, gap=None, hits=content, relevant=bool(content))
        if retrieval.gap is not None and (_said(reading.analysis, self.domain.name_words)
                                          or not (frame is not None and frame.salary)):
            if not self._about_hiring(reading):
                # "Which stocks should I buy?" is near "equity", but not a hiring question.
                return self.composer.refuse(OUT_OF_SCOPE, retrieval.reason)
            return self.composer.refuse(NOT_COVERED, retrieval.reason, retrieval=retrieval)
        if reading.task:
            return self.composer.refuse(OUT_OF_SCOPE, retrieval.reason, retrieval=retrieval,
                                        task=reading.task)
        if reading.other_roles:
            return self.composer.refuse(OUT_OF_SCOPE, retrieval.reason, retrieval=retrieval,
                                        others=reading.other_roles)
        loose = reading.analysis.loose_titles
        if loose and not reading.roles and reading.pay and not reading.explain:
            # "What's a research scientist paid?": the knowledge speaks of them, no figures.
            return self.composer.no_figures(loose)
        if self._wants_salary(reading, retrieval, frame, followup):
            return self._salary(reading, retrieval, frame, followup)
        if followup and frame is not None and reading.other:
            retrieval = _excluding(retrieval, frame.subject)
        if retrieval.relevant and followup and frame is not None:
            retrieval = _same_topic_first(retrieval, frame.topic)
            said = _said(reading.analysis)
            if len(said) >= 2:  # it asks something of its own
                retrieval = _not_again(retrieval, frame.subject_id, said)
        if retrieval.relevant and retrieval.hits[0].snippet.salary_ids and not reading.explain:
            if retrieval.query.unknown and not reading.pay:
                # "What's the weather in Zurich?" finds Zurich's pay, but asks something else.
                return self.composer.refuse(self._refusal_reason(reading, retrieval),
                                            "asks about something else than pay",
                                            retrieval=retrieval)
            # A figure is best answered from its record: labelled, with its role and source.
            return self._salary(reading, retrieval, frame, followup)
        if retrieval.relevant:
            return self.composer.snippets(retrieval, text)
        return self.composer.refuse(self._refusal_reason(reading, retrieval), retrieval.reason,
                                    retrieval=retrieval)

    def _salary(self, reading: Reading, retrieval: Retrieval, frame: Frame | None,
                followup: bool) -> Answer:
        if not reading.roles and (frame is None or not frame.role):
            # "What do the folks who write prompts earn?": no role named, but search found
            # the content of one role.
            role = self._role_found(retrieval)
            if role:
                reading = replace(reading, roles=(role,))
        question = self._salary_question(reading, frame, followup)
        answer = self.composer.salary(question, score=_best(retrieval))
        scores = {h.snippet.id: h for h in retrieval.candidates}
        answer.used = [scores.get(h.snippet.id, h) for h in answer.used]
        return answer

    def _role_found(self, retrieval: Retrieval) -> str:
        """The one role with figures that a confident best match is about, if any."""
        if not _confident(retrieval):
            return ""
        roles = retrieval.hits[0].snippet.roles
        if len(roles) == 1 and roles[0] in self.domain.roles_with_figures \
                and roles[0] != self.domain.primary_role.id:
            return roles[0]
        return ""

    def _query(self, reading: Reading, frame: Frame | None, followup: bool) -> str:
        """What to search: the message, with the conversation's subject for a pronoun and the
        last question's topic for a role named alone ("and for a data engineer?")."""
        text = reading.text
        if not followup or frame is None or frame.salary:
            return text
        if reading.roles and frame.question and frame.role not in reading.roles \
                and not _said(reading.analysis, self.domain.name_words):
            # "And for a data engineer?": the last question, about that role.
            return self._for_role(frame.question, reading.roles[0], frame.role)
        if frame.subject and SINGULAR_PRONOUN.search(text) and len(_said(reading.analysis)) <= 2:
            # "What does it cover?" says too little on its own: "it" is the last subject.
            return SINGULAR_PRONOUN.sub(frame.subject, text, count=1)
        return text

    def _for_role(self, question: str, role: str, previous: str) -> str:
        """The last question asked again about another role."""
        name = self.domain.role_name(role)
        old = self.domain.role(previous) if previous else None
        if old is not None:
            names = sorted((old.name, old.plural, *old.aliases), key=len, reverse=True)
            pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.I)
            if pattern.search(question):
                return pattern.sub(name, question, count=1)
        return f"{question} for {name}"

    @staticmethod
    def _about_hiring(reading: Reading) -> bool:
        return bool(reading.roles or reading.pay or HIRING_RE.search(reading.text))

    def _refusal_reason(self, reading: Reading, retrieval: Retrieval) -> str:
        """Not covered when it is a hiring question the knowledge lacks; else out of scope."""
        if self._about_hiring(reading):
            return NOT_COVERED
        if retrieval.query.unknown:
            return OUT_OF_SCOPE
        return NOT_COVERED if _best(retrieval) >= CONFIDENT else OUT_OF_SCOPE

    # --- sources ------------------------------------------------------------------------------

    def _source(self, reading: Reading, frame: Frame | None) -> Answer | None:
        """'Source?', 'what is the Boston figure based on?': the record's (or the last
        answer's) source and date; None when there is nothing to point at."""
        records = self.domain.records
        if reading.salary_slots or reading.roles:
            question = self._salary_question(reading, frame, followup=False)
            bare = replace(question, op="", amounts=())
            rows = salary_answer(bare, self.domain).rows
            if rows:
                return self.composer.record_sources(rows, frame)
        if frame is not None and frame.records:
            rows = [records[i] for i in frame.records if i in records]
            if rows:
                return self.composer.record_sources(rows, frame)
        if frame is not None and frame.subject_id and reading.followup:
            snippet = self.retriever.index.snippet(frame.subject_id)
            if snippet is not None:
                return self.composer.snippet_source(snippet, frame)
        if reading.pay:
            # "Where do the salary numbers come from?": the figures search finds.
            hits = self.retriever.retrieve(reading.text).hits
            if hits and hits[0].snippet.salary_ids:
                rows = [records[i] for i in hits[0].snippet.salary_ids if i in records]
                return self.composer.record_sources(rows, frame)
        return None

    # --- salaries -----------------------------------------------------------------------------

    def _wants_salary(self, reading: Reading, retrieval: Retrieval, frame: Frame | None,
                      followup: bool) -> bool:
        """Whether to answer with salary figures rather than a snippet."""
        if reading.explain and not reading.amounts:
            return False
        context = frame is not None and frame.salary and followup
        places = len(reading.locations) + len(reading.regions) + len(reading.places)
        slots = places + len(reading.levels) + len(reading.titles)
        if reading.pay and (reading.salary_slots or reading.roles or reading.op
                            or reading.amounts or reading.period or self._role_found(retrieval)):
            return True
        if reading.amounts and (reading.salary_slots or context or reading.roles):
            return True
        if context and (reading.salary_slots or reading.op or reading.pay or reading.roles
                        or reading.convert or reading.amounts or reading.period
                        or (reading.refers_back and reading.words <= 3)):
            return True
        if reading.op and (slots >= 2 or (places and reading.op in OVER_GROUP)
                           or (slots and (reading.sources or reading.measures or reading.roles))):
            return True
        if reading.op in OVER_GROUP and reading.pay:
            return True
        top = retrieval.hits[0].snippet if retrieval.hits else None
        figure_hit = top is not None and bool(top.salary_ids)
        if followup and frame is not None and not frame.salary and reading.refers_back \
                and not reading.salary_slots and not reading.roles:
            return False  # "do they get paid for it?" is about what the last answer was about
        if reading.salary_slots and reading.words <= 4 and not reading.roles \
                and not retrieval.query.unknown:  # "Boston?", not "weather in Boston"
            return not _confident(retrieval) or figure_hit
        # "Weather in Zurich" names a place and asks no pay; "an ML person in Bellevue, what's
        # the damage?" names a role and a place: a figure, in words the knowledge lacks.
        plain = not retrieval.query.unknown or bool(reading.roles)
        return (reading.pay or (plain and (slots >= 1 or bool(reading.roles)))) and figure_hit

    def _salary_question(self, reading: Reading, frame: Frame | None,
                         followup: bool) -> SalaryQuestion:
        """The salary question a message asks, read against the last salary answer: a
        follow-up re-asks the last question with the slots it names changed."""
        question = self._fresh_question(reading, frame)
        previous = SalaryQuestion.from_dict(frame.ask) if frame is not None else None
        if frame is None or not frame.salary or not followup:
            return question
        if previous is None:
            previous = replace(question, levels=tuple(frame.levels),
                               locations=tuple(frame.locations), regions=tuple(frame.regions))
        new_levels = bool(reading.levels or reading.titles)
        new_places = bool(reading.locations or reading.regions or reading.places)
        new_roles = bool(reading.roles) and set(reading.roles) != set(previous.roles)
        compares = reading.op in PAIRWISE or reading.op in OVER_GROUP
        if not (new_levels or new_places or new_roles):
            if reading.op in OVER_GROUP and question.dimension:
                # "And the lowest-paid level?": a ranking along what it names.
                return replace(question, roles=previous.roles)
            if reading.op in OVER_GROUP and previous.op in OVER_GROUP:
                # "And the least?" after "which pays the most?": the same ranking, reversed.
                return replace(previous, op=reading.op, amounts=(), records=())
            if compares or reading.amounts:
                # "Which of them is lower?", "is 140k enough?": about the figures shown.
                shown = frame.focus or frame.records
                if compares and len(shown) < 2:
                    shown = list(dict.fromkeys(frame.previous + shown))
                if compares and len(shown) < 2:
                    shown = frame.records  # "the top and the bottom" of a ranking
                return self._about(question, shown)
            return replace(previous, convert=reading.convert, period=reading.period or "",
                           amounts=())
        # One new thing (at most one role, one level, one place): "vs a senior AI engineer?",
        # "how does that compare with AI engineers in France?".
        one_thing = (len(reading.roles) <= 1 and len(reading.levels) + len(reading.titles) <= 1
                     and len(reading.locations) + len(reading.regions) + len(reading.places) <= 1)
        single = len(frame.focus or frame.records) == 1
        if reading.op in PAIRWISE and one_thing and (reading.refers_back or single):
            # The figure on the table, and the new one.
            return replace(question, roles=tuple(dict.fromkeys((*previous.roles,
                                                                *question.roles))),
                           records=tuple(frame.focus or frame.records))
        op = reading.op or previous.op
        keep_other = bool(previous.op) and not (reading.op in OVER_GROUP and question.dimension)
        roles = question.roles if reading.roles else previous.roles
        levels, titles = question.levels, question.titles
        locations, regions, places = question.locations, question.regions, question.places
        if not new_levels and (not new_places or keep_other
                               or self._combined(roles[0], previous.levels, locations)):
            levels, titles = previous.levels, previous.titles
        if not new_places and (not new_levels or keep_other
                               or self._combined(roles[0], levels, previous.locations)):
            locations, regions, places = previous.locations, previous.regions, previous.places
        if reading.op in OVER_GROUP and question.dimension == "level":
            locations, regions, places = (), (), ()
        elif reading.op in OVER_GROUP and question.dimension == "location":
            levels, titles = (), ()
        return replace(question, roles=roles, levels=levels, titles=titles, locations=locations,
                       regions=regions, places=places, op=op,
                       measures=question.measures or previous.measures,
                       sources=question.sources or previous.sources,
                       named_roles=question.named_roles or previous.named_roles)

    def _about(self, question: SalaryQuestion, ids: list[str]) -> SalaryQuestion:
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

    def _fresh_question(self, reading: Reading, frame: Frame | None) -> SalaryQuestion:
        """The salary question a message asks on its own (its role from the conversation)."""
        roles = list(reading.roles) or ([frame.role] if frame is not None and frame.role else [])
        # A reference figure named by its source or kind ("the BLS median") brings its role.
        for record in self.domain.records.values():
            if (record.source in reading.sources or record.measure in reading.measures) \
                    and record.role not in roles:
                roles.append(record.role)
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
            convert=reading.convert,
        )

    def _combined(self, role: str, levels, locations) -> bool:  # noqa: ANN001
        """Whether the role has figures for a level and a location together."""
        return any(r.level in levels and r.location in locations
                   for r in self.domain.rows(role, baseline=None))

    # --- snippets -----------------------------------------------------------------------------

    def _with_context(self, text: str, retrieval: Retrieval, frame: Frame) -> Retrieval:
        """Retry a weak follow-up with what the last answer was about added to it.

        A retry that only finds the last answer again is refused when the message alone found
        something: a follow-up asks for something new. A message that says enough on its own
        ("what languages should they know?") lets the context only choose among its own best
        matches; one that says little ("how long have they been around?") follows the context.
        """
        names = bool(self.retriever.names_in(retrieval.query))
        near = {h.snippet.id for h in retrieval.candidates
                if retrieval.candidates and h.score >= retrieval.candidates[0].score - TOPIC_MARGIN}
        says_enough = len(_said(retrieval.query)) >= 2
        contexts = [frame.doc_title] if names else [frame.subject, frame.doc_title]
        for context in filter(None, contexts):
            retry = self.retriever.retrieve(f"{text} {context}")
            if OTHER.search(text):
                retry = _excluding(retry, frame.subject)
            if not retry.relevant or retry.gap is not None:
                continue
            repeat = retry.hits[0].snippet.title == frame.subject
            if retrieval.relevant and retrieval.gap is None and (
                    repeat or retry.hits[0].score <= retrieval.hits[0].score + CONTEXT_MARGIN
                    or (says_enough and retry.hits[0].snippet.id not in near)):
                continue
            return retry
        return retrieval


def _names_gap(reading: Reading, gap: Snippet) -> bool:
    """Whether a question uses a word of a declared gap's title ("equity", "freelance rates")."""
    title = {stem(w) for w in tokenize(gap.title)} - {stem(w) for w in GENERIC}
    return bool(title & {stem(t) for t in reading.analysis.tokens})


def _said(analysis: QueryAnalysis, names: frozenset[str] = frozenset()) -> list[str]:
    """The known content words of a message besides names: what it asks on its own."""
    return [t for t in analysis.content if t not in analysis.unknown and t not in GENERIC
            and t not in names and singular(t) not in names
            and not SINGULAR_PRONOUN.fullmatch(t) and not PLURAL_PRONOUN.fullmatch(t)]


def _excluding(retrieval: Retrieval, subject: str) -> Retrieval:
    """The same retrieval without the snippet the last answer was about ("the other one")."""
    hits = [h for h in retrieval.hits if h.snippet.title != subject]
    return replace(retrieval, hits=hits, relevant=bool(hits) and retrieval.relevant)


def _confident(retrieval: Retrieval) -> bool:
    return retrieval.relevant and retrieval.hits[0].score >= CONFIDENT


def _same_topic_first(retrieval: Retrieval, topic: str) -> Retrieval:
    """For a follow-up, prefer a near-best hit on the topic of the conversation."""
    top = retrieval.hits[0].score
    near = [h for h in retrieval.hits if h.snippet.topic == topic and h.score >= top - TOPIC_MARGIN]
    if not near or near[0] is retrieval.hits[0]:
        return retrieval
    hits: list[Hit] = near[:1] + [h for h in retrieval.hits if h is not near[0]]
    return replace(retrieval, hits=hits)


REPEAT_MARGIN = 0.1


def _not_again(retrieval: Retrieval, last: str, said: list[str]) -> Retrieval:
    """A follow-up asks for something new: prefer a close second to the last answer's snippet,
    unless that snippet holds most of what the follow-up asks ("does it cover X?")."""
    hits = retrieval.hits
    if len(hits) < 2 or hits[0].snippet.id != last or hits[1].snippet.gap \
            or hits[1].score < hits[0].score - REPEAT_MARGIN:
        return retrieval
    words = {stem(w) for w in tokenize(hits[0].snippet.search_text)}
    if sum(stem(w) in words for w in said) * 2 >= len(said):
        return retrieval
    return replace(retrieval, hits=[hits[1], hits[0], *hits[2:]])


def _best(retrieval: Retrieval) -> float:
    return retrieval.candidates[0].score if retrieval.candidates else 0.0


def _clean(retrieval: Retrieval) -> bool:
    """Whether a query may borrow context: it is no task, names no other role, and words the
    knowledge does not know carry little of its meaning."""
    q = retrieval.query
    return not (q.task or (q.other_roles and not q.roles)) and (
        not q.unknown or retrieval.known_meaning >= CONTEXT_MEANING)
