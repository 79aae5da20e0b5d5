"""One turn of a conversation: small talk, declines, follow-ups read in context, answers.
`Conversation.reply(message, state)` is pure given the loaded engine: the caller (the chat
service) loads the state of a session from the database and stores the new one."""

from __future__ import annotations

from dataclasses import replace

from api.answer.compose import NOT_COVERED, OUT_OF_SCOPE, Answer, AnswerKind, Composer, Frame
from api.answer.freshness import Clock
from api.answer.kit import Kits
from api.dialogue.calc_turns import CalcTurns, last_calc
from api.dialogue.context import (
    PEOPLE_PRONOUN,
    about_hiring,
    asks_of_others,
    best,
    carried,
    continues,
    elsewhere,
    excluding,
    may_ask_a_gap,
    names_gap,
    not_again,
    of_a_role,
    off_topic,
    refusal_reason,
    said,
    same_topic_first,
    stating,
)
from api.dialogue.kit_chat import KitChat
from api.dialogue.kit_edits import edit_clauses
from api.dialogue.long_messages import read_ask
from api.dialogue.passages import on_a_passage, same_passage
from api.dialogue.positions import list_kept, list_shown, positions_named
from api.dialogue.results_named import says_a_figure, with_result
from api.dialogue.salary_turns import SalaryTurns, continues_figures, kit_figures
from api.dialogue.searching import searched
from api.dialogue.source_turns import SourceTurns
from api.dialogue.state import DialogueState
from api.dialogue.team_changes import not_arithmetic
from api.dialogue.team_parts import asks_another_number
from api.dialogue.turn import Route, Turn, first_answer
from api.index.format import SearchIndex
from api.knowledge.domain import Domain
from api.search.lexicon import Lexicon
from api.search.retrieval import Hit, Retrieval, Retriever
from api.understand.asks import (
    Ask,
    final_question,
    one_calculation,
    specific,
    split_asks,
    without_small_talk,
)
from api.understand.calc import CalcReader
from api.understand.intents import OFF_TOPIC, PAY, IntentReader
from api.understand.language import LanguageReader
from api.understand.numbers import states_quantity
from api.understand.passing import as_meant
from api.understand.plan import CalcOp
from api.understand.reading import PLURAL_PRONOUN, Reader, Reading, currency_words, pay_words
from api.understand.smalltalk import closing

MAX_ASKED = 50
MAX_LIST_LOOKBACK = 4  # questions back that a position ("the last one") may refer to
# The route of messages in another language, which hands a clear one to the routes after it.
LANGUAGE_ROUTE = "language"
# The route of messages that ask several things, which hands each to the routes after it.
ASKS_ROUTE = "asks"


class Conversation:
    """Answers one message at a time from one build, reading follow-ups in context."""

    def __init__(self, index: SearchIndex, domain: Domain, lexicon: Lexicon,
                 retriever: Retriever, *, today: Clock) -> None:
        """`today`: the clock that dates answers (how old the figures they show are)."""
        self.index = index
        self.domain = domain
        self.lexicon = lexicon
        self.retriever = retriever
        self.composer = Composer(domain, index.snippets, today=today)
        self.reader = Reader(domain, pay=pay_words(lexicon))
        self.languages = LanguageReader(domain.profile.languages, domain, lexicon)
        self.salaries = SalaryTurns(domain)
        self.sources = SourceTurns(domain, self.composer, retriever, index, self.salaries)
        self.calcs = CalcTurns(CalcReader(domain, currency_words(domain)))
        self.intents = IntentReader(index.intents, retriever.embedder)
        kits = Kits(domain, [*index.snippets, *index.kit_snippets], today=today)
        self.kit_chat = KitChat(self.composer, kits)
        self.routes = self._routes()

    def read(self, text: str) -> Reading:
        """What a message asks, by its words and by the intent classifier."""
        return self.intents.read(self.reader.read(text, self.lexicon.analyze(text)))[0]

    def reply(self, message: str, state: DialogueState) -> tuple[Answer, DialogueState]:
        """The answer to `message` and the state for the next turn (naming its route)."""
        cues = self.domain.cues  # (chat spellings read as the words meant: "wat" is "what")
        said = as_meant(" ".join(cues.respell(message).split()), self.domain)  # (in passing)
        text = cues.without("talk_language", without_small_talk(said, self.says, cues))
        listing = list_shown(state.frame, self.index.snippet)
        named = positions_named(text, state.frame, self.domain, listing,
                                lambda: [self.reader.read(t, self.lexicon.analyze(t))
                                         for t in state.asked[-MAX_LIST_LOOKBACK:]])
        # "Unrelated, but ...": read as if first; the talk goes on after it ("back to ...").
        turn = self._turn(named, replace(state, frame=None) if self.reader.new_topic(named)
                          else state)
        answer = list_kept(self._answer(turn, self.routes), listing, named != text)
        analysis = turn.reading.analysis  # what it may repeat of the message: see Answer.quoted
        answer = replace(answer, quoted=(*answer.quoted, *analysis.other_roles,
                                         *analysis.loose_titles), unknown=analysis.unknown)
        return self._after(answer, turn.reading, state)

    def says(self, sentence: str, *, names: bool = False) -> bool:
        """Whether a sentence names something the knowledge knows, a place or a number; with
        `names`, a role, a level, a term, a place or a number ("... earn? We're in Boston.")."""
        seen = self.lexicon.analyze(sentence)
        if seen.places or seen.roles or seen.terms or any(c.isdigit() for c in sentence):
            return True
        return bool(self.reader.read(sentence, seen).levels) if names else bool(
            seen.other_roles or any(specific(w) for w in set(seen.content) - set(seen.unknown)))

    @staticmethod
    def _after(answer: Answer, reading: Reading, state: DialogueState
               ) -> tuple[Answer, DialogueState]:
        """An answer, and the state after it: its frame (with what "the figure before" points
        at), the message added to what was asked."""
        frame, last = state.frame, state.frame
        if answer.frame is not None:
            frame = carried(answer.frame, last, reading)  # "the figure before", "those three"
            answer = replace(answer, frame=frame)
        asked = state.asked if reading.smalltalk else (state.asked + [reading.text])[-MAX_ASKED:]
        kit = answer.frame.kit if answer.frame is not None and answer.frame.kit else state.kit
        kits = {**state.kits, kit["kind"]: kit} if kit and "kind" in kit else state.kits
        return answer, DialogueState(frame, asked, kit, kits)

    def _turn(self, text: str, state: DialogueState) -> Turn:
        """A message read in its conversation: by its words, and by the intent classifier
        where they are silent."""
        worded, asked = self.reader.read(text, self.lexicon.analyze(text)), final_question(text)
        question = self.reader.read(asked, self.lexicon.analyze(asked)) if asked else None
        # While a drafted kit is being changed ("make it mid-level"), pay is what its words say.
        kit = state.frame is not None and bool(state.frame.kit)
        reading, intent, sure = self.intents.read(worded, pay=not kit, question=question)
        # "is that above ...", "by what percent?": the amount worked out, or the one checked
        reading = with_result(reading, state.frame, self.domain.cues)
        if state.frame is not None and state.frame.salary and not reading.amounts:
            # "what if we went to 150?" after "is $140k fair?" (a turn or two back)
            earlier = next((t for t in reversed(state.asked[-3:]) if self.reader.amounts(t)), "")
            reading = self.reader.shorthand(reading, earlier)
        return Turn(reading, state, followup=continues(reading, state.frame),
                    intent=intent, sure=sure, said_pay=worded.pay)

    def _answer(self, turn: Turn, routes: tuple[Route, ...]) -> Answer:
        """The answer of the first of `routes` that answers the turn, with what it offers and
        suggests next, and what a refusal still says about the conversation."""
        route, answer = first_answer(turn, routes)
        reading, state = turn.reading, turn.state
        if route.offers:
            answer = self.kit_chat.offer(answer, reading.text, state.asked)
        if not answer.suggestions and answer.kind != AnswerKind.SMALLTALK:
            answer = replace(answer, suggestions=tuple(
                self.composer.suggestions(answer, state.asked + [reading.text])))
        if answer.frame is None and not answer.answered and reading.smalltalk is None:
            answer = replace(answer, frame=self.salaries.refused_frame(reading, state.frame))
        return answer

    # --- routes, in the order they are tried --------------------------------------------------

    def _routes(self) -> tuple[Route, ...]:
        """The routes a message is answered by, in order: the first that answers wins."""
        return (
            Route("smalltalk", self._smalltalk, offers=False),
            Route("decline", self._decline, offers=False),
            Route(LANGUAGE_ROUTE, self._language, offers=False),
            Route(ASKS_ROUTE, self._asks, offers=False),
            Route("kit", self._kit),
            Route("closing", self._closing, offers=False),
            Route("source", self._record_source),
            Route("calculation", self._calculation),
            Route("declared_gap", self._declared_gap),
            Route("task", self._task),
            Route("other_role", self._other_role),
            Route("off_topic", self._off_topic),
            Route("no_figures", self._no_figures),
            Route("topic_slot", self._topic_slot),
            Route("salary", self._salary_asked),
            Route("figure_off_topic", self._figure_off_topic),
            Route("figure", self._figure),
            Route("snippet", self._snippet),
            Route("refuse", self._refuse),
        )

    def _smalltalk(self, turn: Turn) -> Answer | None:
        return None if turn.reading.smalltalk is None else self.composer.smalltalk(
            turn.reading.smalltalk)

    def _closing(self, turn: Turn) -> Answer | None:
        """Thanks or goodbye said first or last, the rest a remark that asks nothing and names
        nothing the knowledge knows ("thanks, that's all I needed", "good stuff, thanks"); after
        the kit route, which reads "great, drop the salary section"."""
        kind = closing(turn.reading.text, self.domain.cues, self.says)
        return None if kind is None else self.composer.smalltalk(kind)

    def _decline(self, turn: Turn) -> Answer | None:
        reading = turn.reading
        return self.composer.decline(turn.state.frame, private=reading.private) \
            if reading.declined else None

    def _language(self, turn: Turn) -> Answer | None:
        """A message in another language: when what it asks is clear from what the knowledge
        reads, answered as that would be by the routes after this one, after a line in its
        language that says the answer is in English; else asked again in English."""
        foreign = self.languages.read(turn.reading.text)
        if foreign is None or not foreign.clear:
            return None if foreign is None else self.composer.other_language(foreign.language)
        after = [r.name for r in self.routes].index(LANGUAGE_ROUTE) + 1
        answer = self._answer(self._turn(foreign.text, turn.state), self.routes[after:])
        return self.composer.in_english(answer, foreign.language)

    def _asks(self, turn: Turn) -> Answer | None:
        """A message that asks several things ("what should we pay a mid-level one, and which
        certs matter?"): each question answered by the routes after this one, in turn, under a
        heading; questions all answered one way are left to it."""
        asks = split_asks(turn.reading.text, lambda said: bool(  # ("... Thanks in advance.")
            self.domain.cues.search("thanks", said) or self.domain.cues.search("bye", said)),
            lambda said: self.says(said, names=True))
        whole = self.calcs.plan(turn.reading, turn.state.frame) if len(asks) > 1 else None
        if len(asks) < 2 or (whole is not None and all(  # (not of "two data scientists")
                p.role in self.domain.roles_with_figures for p in whole.parts if p.role)
                and one_calculation(whole, asks, lambda text: self.calcs.plan(self._turn(
                    text, turn.state).reading, turn.state.frame), lambda text: self._turn(
                    text, turn.state).asks_figures, self.domain.cues)):
            return None  # one question, or a calculation ("how many does it buy and what's left?")
        after = [r.name for r in self.routes].index(ASKS_ROUTE) + 1
        state, answers = turn.state, []
        for ask in asks:
            part, answer = self._answer_ask(ask, state, after)
            answer, state = self._after(answer, part.reading, state)
            answers.append(answer)
        if len({a.route for a in answers}) == 1 and (
                answers[0].route not in ("snippet", "calculation")
                or len({a.text for a in answers}) == 1):
            # Questions of one kind ("a junior's pay, and a senior's?", "how many can we hire,
            # and how much is left?") read as one; not two passages nor two calculations. After
            # background, with only as much of it as they need (the people and places told in
            # passing are not asked), else whole ("I need ..." told first).
            one = self._answer_ask(Ask(" ".join(a.text for a in asks), asks[0].context),
                                   turn.state, after)[1] if asks[0].context else None
            return one if one is not None and one.answered else None
        # A follow-up continues a kit drafted ("make it senior"), else figures ("and a junior?")
        frame = next((a.frame for a in reversed(answers) if a.frame and a.frame.kit), None) \
            or next((a.frame for a in reversed(answers) if a.frame and a.frame.salary),
                    state.frame)
        return self.composer.asks([a.text for a in asks], answers, frame)

    def _answer_ask(self, ask: Ask, state: DialogueState, after: int) -> tuple[Turn, Answer]:
        """A question of a long message (`read_ask`), answered by the routes from `after`."""
        part, fallback = read_ask(ask, state, self._turn, self.reader.amounts, lambda reading:
                                  self.calcs.plan(reading, state.frame), self.domain.role_name)
        answer = self._answer(part, self.routes[after:])
        if not answer.answered and fallback is not None:
            part, answer = fallback, self._answer(fallback, self.routes[after:])
        return part, answer

    def _kit(self, turn: Turn) -> Answer | None:
        state, reply = turn.state, self.kit_chat.reply
        answer = reply(turn.reading, state.frame, state.kit, state.kits)
        if answer is not None and answer.answered or not (
                state.kit or (state.frame and state.frame.kit)):
            return answer
        # A change said with why ("make it mid-level, we can't pay more"): read to its clause.
        for part in edit_clauses(turn.reading.text, self.domain.cues):
            edited = reply(self._turn(part, state).reading, state.frame, state.kit, state.kits)
            if edited is not None and edited.answered:
                return edited
        return answer

    def _record_source(self, turn: Turn) -> Answer | None:
        return self.sources.reply(turn, self._retrieval)

    def _off_topic(self, turn: Turn) -> Answer | None:
        """A message the intent classifier is sure is not about hiring (`off_topic`)."""
        if not self.intents.sure(OFF_TOPIC, turn.intent, turn.sure) or not off_topic(
                turn.reading, turn.followup and turn.state.frame is not None):
            return None
        return self.composer.refuse(OUT_OF_SCOPE, "the intent classifier reads it as off-topic")

    def _declared_gap(self, turn: Turn) -> Answer | None:
        """A question the knowledge declares it does not cover (knowledge/not-covered.md)."""
        reading, retrieval, frame = turn.reading, self._retrieval(turn), turn.state.frame
        if retrieval.gap is None or not (said(reading.analysis, self.domain.name_words)
                                         or not (frame is not None and frame.salary)):
            return None
        if reading.amounts and (reading.op or (frame is not None and frame.salary)) \
                and not names_gap(reading, retrieval.gap):
            return None  # "is that offer more than a senior gets?", "what if we offered 185k?"
        # ("how many conferences to send them to?", "he wants stock options too: how many?")
        they = PLURAL_PRONOUN.search(reading.text) or PEOPLE_PRONOUN.search(reading.text)
        named = names_gap(reading, retrieval.gap) and says_a_figure(self.domain, reading)
        if not (about_hiring(reading) or reading.roles or of_a_role(reading, retrieval.gap)
                or named or (  # ("is the £60,646 before tax?": of a figure)
                (reading.refers_back or turn.followup or they) and frame is not None
                and (frame.salary or frame.role)  # ("YoY movement on those numbers?")
                and (names_gap(reading, retrieval.gap) or reading.says("trend") or they))):
            # ("which AI stocks should I buy to cash in on that?" is near "equity": no hiring)
            return self.composer.refuse(OUT_OF_SCOPE, retrieval.reason)
        return self.composer.refuse(NOT_COVERED, retrieval.reason, retrieval=retrieval)

    def _task(self, turn: Turn) -> Answer | None:
        if not turn.reading.task:
            return None
        retrieval = self._retrieval(turn)
        return self.composer.refuse(OUT_OF_SCOPE, retrieval.reason, retrieval=retrieval,
                                    task=turn.reading.task)

    def _other_role(self, turn: Turn) -> Answer | None:
        if not asks_of_others(turn.reading, self.lexicon, self.domain):
            return None
        retrieval = self._retrieval(turn)
        return self.composer.refuse(OUT_OF_SCOPE, retrieval.reason, retrieval=retrieval,
                                    others=turn.reading.other_roles)

    def _no_figures(self, turn: Turn) -> Answer | None:
        """'What's a research scientist paid?': the knowledge speaks of them, no figures."""
        reading, loose = turn.reading, turn.reading.analysis.loose_titles
        asked = loose and not reading.roles and reading.pay and not reading.explain
        return self.composer.no_figures(loose) if asked else None

    def _calculation(self, turn: Turn) -> Answer | None:
        """Arithmetic over the figures (a team's total, a budget, a percentage...) or the last."""
        frame = turn.state.frame
        calc = self.calcs.plan(turn.reading, frame)
        if calc is not None and asks_another_number(turn.reading, calc):
            return None  # ("how many years should that senior have?" after a budget)
        gap = self._retrieval(turn).gap if calc is not None and calc.op is not CalcOp.SCALE \
            and may_ask_a_gap(turn.reading, self.index.snippets,  # ("a 3% raise: what then?")
                              calc.op is CalcOp.CONVERT and last_calc(frame) is None) else None
        off = self.intents.sure(OFF_TOPIC, turn.intent, turn.sure) and off_topic(
            turn.reading, turn.followup)  # ("how do I renew my UK passport?" after a UK figure)
        if calc is None or off or (gap is not None and (names_gap(turn.reading, gap)
                                                        or turn.reading.says("trend"))):
            return None
        shown = (frame.focus or frame.records) if frame is not None else []
        kept = (frame.calc or {}) if frame is not None else {}
        return self.composer.calculation(calc, shown, prior=last_calc(frame),
                                         earlier=kept.get("results", ()),
                                         budget=kept.get("budget"))

    def _topic_slot(self, turn: Turn) -> Answer | None:
        """"And for a senior?" after an answer that speaks of each level: that answer; after
        one that does not set levels apart, the same, saying so."""
        frame = turn.state.frame
        last = self.index.snippet(frame.subject_id) if turn.followup and frame is not None \
            and not frame.salary and frame.subject_id and not turn.said_pay else None
        levels = same_passage(last, turn.reading, self.domain, frame.role) \
            if last is not None and frame is not None else None
        if last is None or levels is None:
            return None
        same = replace(self._retrieval(turn), hits=[Hit(last, 1, 1, 1)], relevant=True, gap=None)
        return self.composer.snippets(same, turn.reading.text, levels=levels)

    def _salary_asked(self, turn: Turn) -> Answer | None:
        retrieval, frame, reading = self._retrieval(turn), turn.state.frame, turn.reading
        of_kit = kit_figures(reading, frame)  # ("How much pay should the ad mention?")
        frame = of_kit or frame
        followup = bool(of_kit) or turn.followup or continues_figures(reading, frame) \
            or self.salaries.names_shown(reading, frame)
        if elsewhere(turn.reading, turn.intent, turn.sure) or self._on_a_passage(turn) \
                or not self.salaries.wanted(turn.reading, retrieval, frame, followup):
            return None
        return self._salary(turn.reading, retrieval, frame, followup)

    def _figure_off_topic(self, turn: Turn) -> Answer | None:
        """"What's the weather in Zurich?" finds Zurich's pay, but asks something else (not when
        it continues a talk about pay, or reads as another intent: "drop the level, Germany";
        nor when what the knowledge does not know is arithmetic: "France minus Italy")."""
        reading, retrieval, frame = turn.reading, self._topical(turn), turn.state.frame
        if not self._figure_found(turn) or reading.pay or not not_arithmetic(
                reading, retrieval.query.unknown, self.domain.cues):
            return None
        if (turn.followup and frame is not None and frame.salary
                and not elsewhere(reading, turn.intent, turn.sure)) or turn.intent == PAY:
            return None
        if turn.intent not in ("", OFF_TOPIC):
            # Read as another question of the knowledge's ("we're a startup in Austin: keep
            # everyone in house?"): the best answer that is not a figure, if one is found.
            content = [h for h in retrieval.candidates if not h.snippet.salary_ids
                       and h.score >= self.retriever.min_relevance]
            return self.composer.snippets(replace(retrieval, hits=content), reading.text) \
                if content else None
        return self.composer.refuse(refusal_reason(reading, retrieval, turn.intent),
                                    "asks about something else than pay", retrieval=retrieval)

    def _figure(self, turn: Turn) -> Answer | None:
        """A figure is best answered from its record: labelled, with its role and source."""
        if not self._figure_found(turn) or elsewhere(turn.reading, turn.intent, turn.sure) \
                or self._on_a_passage(turn):
            return None
        return self._salary(turn.reading, self._topical(turn), turn.state.frame, turn.followup)

    def _on_a_passage(self, turn: Turn) -> bool:
        return on_a_passage(turn, self.intents.sure(PAY, turn.intent, turn.sure),
                            self.domain.name_words)

    def _snippet(self, turn: Turn) -> Answer | None:
        retrieval, reading = self._topical(turn), turn.reading
        if reading.topics and elsewhere(reading, turn.intent, turn.sure) \
                or self._on_a_passage(turn):  # ("experience")
            retrieval = replace(retrieval, hits=[h for h in retrieval.hits
                                                 if not h.snippet.salary_ids])
        return self.composer.snippets(retrieval, turn.reading.text) if retrieval.relevant \
            else None

    def _refuse(self, turn: Turn) -> Answer:
        retrieval = self._topical(turn)
        if turn.reading.quantity and self._retrieval(turn).relevant:
            # Found what it is about, but no number of what it asks: a gap in the knowledge.
            return self.composer.refuse(NOT_COVERED, retrieval.reason, retrieval=retrieval,
                                        number=True)
        return self.composer.refuse(refusal_reason(turn.reading, retrieval, turn.intent),
                                    retrieval.reason, retrieval=retrieval)

    # --- what search finds for a turn ---------------------------------------------------------

    def _retrieval(self, turn: Turn) -> Retrieval:
        """What search finds for the message, read in the conversation (found once a turn)."""
        if turn.retrieval is None:
            turn.retrieval = searched(self.retriever, self.domain, turn)
        return turn.retrieval

    def _topical(self, turn: Turn) -> Retrieval:
        """The retrieval as a follow-up reads it: not the last answer's snippet when it asks for
        another one, the conversation's topic first, something new rather than the same."""
        if turn.topical is not None:
            return turn.topical
        reading, frame = turn.reading, turn.state.frame
        retrieval = self._retrieval(turn)
        last = self.index.snippet(frame.subject_id) if frame is not None and frame.subject_id \
            and turn.followup and reading.refers_back and reading.quantity \
            and len(said(reading.analysis)) < 2 else None
        if last is not None and states_quantity(last.text, reading.quantity):
            # "How long have they been around?" (saying little) after an answer that says it.
            retrieval = replace(retrieval, hits=[Hit(last, 1.0, 1.0, 1.0)], relevant=True,
                                gap=None, reason="")
        if turn.followup and frame is not None and reading.other:
            retrieval = excluding(retrieval, frame.subject)
        if retrieval.relevant and turn.followup and frame is not None:
            retrieval = same_topic_first(retrieval, frame.topic, reading.analysis.terms)
            own = said(reading.analysis)
            if len(own) >= 2:  # it asks something of its own
                retrieval = not_again(retrieval, frame.subject_id, own)
        if retrieval.relevant and reading.quantity:
            retrieval = stating(retrieval, reading)
        turn.topical = retrieval
        return retrieval

    def _figure_found(self, turn: Turn) -> bool:
        retrieval = self._topical(turn)
        return retrieval.relevant and bool(retrieval.hits[0].snippet.salary_ids) \
            and not turn.reading.explain

    def _salary(self, reading: Reading, retrieval: Retrieval, frame: Frame | None,
                followup: bool) -> Answer:
        if not reading.roles and (frame is None or not frame.role):
            # "What do the folks who write prompts earn?": no role named, but search found
            # the content of one role.
            role = self.salaries.role_found(retrieval)
            if role:
                reading = replace(reading, roles=(role,))
        question = self.salaries.question(reading, frame, followup)
        answer = self.composer.salary(question, score=best(retrieval))
        scores = {h.snippet.id: h for h in retrieval.candidates}
        return replace(answer, used=tuple(scores.get(h.snippet.id, h) for h in answer.used))

    # --- snippets -----------------------------------------------------------------------------
