"""Where an answer comes from and how current it is: the sources and dates of the figures a
question names or the last answer showed, of a quoted claim, or of the passage last quoted
("source?", "who says?", "is the $136,600 number for AI engineers?", "how old is that?")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from api.answer.compose import Answer, AnswerKind, Composer, Frame
from api.answer.salaries import SalaryQuestion
from api.answer.salaries import answer as salary_answer
from api.dialogue.context import names_gap, quoting
from api.dialogue.results_named import named_by_amount
from api.dialogue.salary_turns import SalaryTurns
from api.dialogue.turn import Turn
from api.index.format import SearchIndex
from api.knowledge.domain import Domain
from api.knowledge.model import GAPS
from api.search.retrieval import Retrieval, Retriever
from api.understand.reading import FIGURE_WORDS, Reading

# How many of the passages search finds a source question pointing at nothing is asked of.
NEAREST = 3
# Nouns for the figures kept by level and by place ("the figures by level", "the city numbers").
_BY_LEVEL = frozenset(("level", "levels"))
_BY_PLACE = frozenset("city cities location locations place places country countries".split())


class SourceTurns:
    """Answers questions about sources, for one build."""

    def __init__(self, domain: Domain, composer: Composer, retriever: Retriever,
                 index: SearchIndex, salaries: SalaryTurns) -> None:
        self.domain = domain
        self.composer = composer
        self.retriever = retriever
        self.index = index
        self.salaries = salaries

    def reply(self, turn: Turn, retrieval: Callable[[Turn], Retrieval]) -> Answer | None:
        """'Source?', 'how current is that?', 'is the $136,600 number for AI engineers?' (not
        'why does it vary?'; nor a figure asked per hour, which its answer dates)."""
        covered = self.coverage(turn.reading, turn.state.frame)
        if covered is not None:
            return covered
        reading, named = turn.reading, named_by_amount(self.domain, turn.reading)
        gap = retrieval(turn).gap if named is not None else None
        if named is not None and not (gap is not None and names_gap(reading, gap)):
            # ("is the $136,600 number for AI engineers?", not "does the $166,500 Boston
            # number include bonuses?": a gap it names)
            return self.composer.record_sources([named], turn.state.frame)
        quoted = quoting(self.retriever, reading)  # "the 23% growth: says who? is it legit?"
        if quoted is not None:
            return self.composer.snippets(quoted, reading.text)
        if reading.says("publication") and not reading.says("asks_date") and not (
                reading.pay or reading.amounts or reading.salary_slots
                or FIGURE_WORDS & set(reading.analysis.tokens)):
            # "who actually published this guidance?": the publisher, in the text (not "what
            return None  # date was the article published?": its date)
        if not reading.source_question or reading.explain or reading.period \
                or reading.says("trend") \
                or (reading.op and reading.amounts):  # "...the UK figure, and how far above
            return None  # it is £75,000?": arithmetic; "how have those figures moved?": a trend
        gap = retrieval(turn).gap  # "your numbers leave out bonuses: what bonus ...?"
        return None if gap is not None and names_gap(reading, gap) \
            else self.of_figures(reading, turn.state.frame)

    def _role_figures(self, reading: Reading) -> bool:
        """Whether a role is named right before a word for figures ("and the AI engineer
        numbers, who's behind those?": that role's; not "is that figure for AI engineers?")."""
        tokens = reading.analysis.tokens
        return any(w in FIGURE_WORDS and any(t.kind == "role" for n in (1, 2, 3) if i >= n
                                             for t in self.domain.lookup(" ".join(tokens[i - n:i])))
                   for i, w in enumerate(tokens))

    def coverage(self, reading: Reading, frame: Frame | None) -> Answer | None:
        """"Which places do you have figures for?", "what levels do you cover?" (the cue
        `asks_coverage`): the figures of the role asked (or talked about) of the kind named,
        places or levels, else all of them; None when it has none."""
        if not reading.says("asks_coverage"):
            return None
        tokens = set(reading.analysis.tokens)
        role = reading.roles[0] if reading.roles else frame.role if frame is not None else ""
        if not role and not (_BY_LEVEL | _BY_PLACE) & tokens:  # "what do you have figures for?"
            return Answer(self.composer.wording.figures_available(), True, AnswerKind.SALARY,
                          score=1.0)
        rows = self.domain.rows(role or self.domain.primary_role.id)
        kept = [r for r in rows if (_BY_PLACE & tokens and r.location)
                or (_BY_LEVEL & tokens and r.level)] or rows
        if not kept:
            return None
        question = SalaryQuestion(roles=(kept[0].role,), named_roles=bool(reading.roles),
                                  records=tuple(r.id for r in kept))
        return self.composer.salary(question, score=1.0)

    def of_figures(self, reading: Reading, frame: Frame | None) -> Answer | None:
        """'Source?', 'what is the Boston figure based on?': the record's (or the last
        answer's) source and date; None when there is nothing to point at."""
        records = self.domain.records
        # ("is that for AI engineers?", "is that Xenoss's own survey?": of the figure shown)
        slots = replace(reading, sources=()).salary_slots
        tokens, role = set(reading.analysis.tokens), frame.role if frame is not None else ""
        if (reading.salary_slots or reading.roles) and not (
                reading.refers_back and not slots and frame and frame.records
                and not self._role_figures(reading)) and not (
                (_BY_LEVEL | _BY_PLACE) & tokens and not (slots or reading.roles)):
            # (not "are the city salaries from Glassdoor too?": the figures kept by place)
            question = self.salaries.question(reading, frame, followup=False)
            bare = replace(question, op="", amounts=())
            rows = salary_answer(bare, self.domain).rows
            if rows:
                return self.composer.record_sources(rows, frame)
        # "And the figures by level, who collected those?": the role's figures kept so.
        kept = [] if slots else [
            r for r in self.domain.rows(role or self.domain.primary_role.id)
            if (_BY_LEVEL & tokens and r.level) or (_BY_PLACE & tokens and r.location)]
        shown = {i for i in (frame.records if frame is not None else []) if i in records}
        if kept and not (_BY_LEVEL & tokens and _BY_PLACE & tokens) \
                and not (shown and shown <= {r.id for r in kept}):  # (those shown, if of them)
            return self.composer.record_sources(kept, frame)
        if frame is not None and frame.records:
            rows = [records[i] for i in frame.records if i in records]
            # "Who came up with that 136,600 number?": the figure named, when one is shown.
            named = [r for r in rows if any(a.value == r.amount for a in reading.amounts)]
            if rows:
                return self.composer.record_sources(named or rows, frame)
        if reading.pay:
            # "Where do the salary numbers come from?" (after any answer): the role's figures
            # ("has the salary data been updated since?"), else those search finds.
            rows = self.domain.rows(role or self.domain.primary_role.id)
            hit = None if rows else next((h for h in self.retriever.retrieve(
                reading.text).candidates[:5] if h.snippet.salary_ids), None)
            rows = rows or ([records[i] for i in hit.snippet.salary_ids if i in records]
                            if hit is not None else [])
            if rows:
                return self.composer.record_sources(rows, frame)
        snippet = self.index.snippet(frame.subject_id) \
            if frame is not None and frame.subject_id and reading.followup else None
        if snippet is None:
            # "What are your answers drawn from?", pointing at nothing shown: the passage
            # search finds nearest, with its source and date (not a figure's, nor a gap's).
            snippet = next((h.snippet for h in self.retriever.retrieve(reading.text).candidates[
                :NEAREST] if not h.snippet.salary_ids and h.snippet.kind != GAPS), None)
        return self.composer.snippet_source(snippet, frame) if snippet is not None else None
