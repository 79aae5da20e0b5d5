"""One turn of a conversation: small talk, declining unfair requests, follow-ups, answers.

`Conversation.reply(message, state)` is pure given the loaded index: the caller (the chat
service) loads the state of a session from the database and stores the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from api.answering import (
    CAPABILITIES,
    EXPLAIN_RE,
    PAY_RE,
    Answer,
    Composer,
    Frame,
    SalaryAsk,
)
from api.retrieval import Hit, Retrieval, Retriever

MAX_ASKED = 50

_GREETING = (
    r"hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|"
    r"(?:hi|hello|hey) there"
)
_THANKS = (
    r"thanks?(?: you)?(?: so much| a lot| very much)?|thx|ty|cheers|much appreciated|"
    r"appreciate (?:it|that)|great|perfect|awesome|cool|nice|ok(?:ay)?|got it|that helps|"
    r"(?:very )?helpful|brilliant|excellent|fine|sounds good|understood"
)
_BYE = r"bye|goodbye|good bye|see you|see ya|cya|later|that'?s all|that is all|i'?m done|done"
_HELP = (
    r"help|help me|what can you do|what do you do|who are you|what are you|"
    r"how does this work|what can i ask(?: you)?|what do you know(?: about)?|"
    r"what can you help (?:me )?with|what are you for|what is this bot for|what's this bot for|"
    r"what is this for|what's this for|what topics|menu|options|commands|start"
)
_FILLER = r"(?:please|pls|bot|assistant|there|again|so|then|and|ok|okay|well|btw|mate|a lot|lol)"
SMALLTALK = [
    (kind, re.compile(rf"^(?:{_FILLER}\s+)*(?:{pattern})(?:\s+{_FILLER})*$"))
    for kind, pattern in (("greeting", _GREETING), ("thanks", _THANKS), ("bye", _BYE),
                          ("help", _HELP))
]
_COMBINED = re.compile(
    rf"^(?:(?:{_GREETING}|{_THANKS}|{_BYE})\s*)+(?:{_FILLER}\s*)*$"
)

# Requests to choose people by who they are rather than what they can do.
PROTECTED_TRAIT = re.compile(
    r"\b(age|aged|ages|older|younger|young|old|elderly|under\s*\d{2}|over\s*\d{2}|"
    r"\d{2}\s*(?:years? old|yo|y/o|year olds?)|gen[- ]?z|millennials?|boomers?|gender|sex|"
    r"males?|females?|man|men|women|woman|girls?|boys?|ladies|race|racial|ethnic\w*|white|black|"
    r"asians?|hispanics?|latin[oa]s?|arabs?|religio\w*|christians?|muslims?|jewish|jews|"
    r"hindus?|sikhs?|catholics?|atheists?|buddhists?|nationality|nationalities|nationals?|"
    r"national origin|citizens?hip|foreign\w*|immigrants?|native(?: english)? speakers?|"
    r"accents?|disab\w*|handicap\w*|wheelchairs?|blind|deaf|pregnan\w*|maternity|mothers?|"
    r"moms?|married|marital|single parents?|kids|children|sexual orientation|gay|lesbian|"
    r"lgbt\w*|queer|trans(?:gender)?|veterans?|americans|germans|indians|chinese|russians|"
    r"brits|italians|europeans|africans|mexicans)\b",
    re.I,
)
SELECTION = re.compile(
    r"\b(filter\w*|only|prefer\w*|exclud\w*|avoid\w*|reject\w*|screen\w*|weed\w*|rule out|"
    r"not hire|don'?t hire|never hire|shortlist\w*|pick\w*|choos\w*|select\w*|favou?r\w*|"
    r"discriminat\w*|rank\w*|sort\w*|restrict\w*|without|too old|too young|no more than|"
    r"just hire|hire just|target\w*)\b",
    re.I,
)
DECLINE = (
    "I can't help choose or filter candidates by age, gender, ethnicity, religion, nationality, "
    "disability or other protected traits: that is discrimination, and unlawful in most places. "
    "I'm glad to help you judge candidates on skills, experience and certifications instead."
)

FOLLOWUP_START = re.compile(
    r"^\s*(?:and|also|plus|so|ok(?:ay)?,?\s+and|what about|how about|what of|how 'bout|"
    r"same for|compare(?:d)?(?: that| it| this| those| them)?(?: with| to)?|vs\.?|versus|then|"
    r"but)\b",
    re.I,
)
SINGULAR_PRONOUN = re.compile(r"\b(it|its|it's|this one|that one|this|that)\b", re.I)
PLURAL_PRONOUN = re.compile(r"\b(they|them|their|those|these|ones?)\b", re.I)
OTHER = re.compile(r"\b(other|another|else|rest)\b", re.I)


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


_LEADING_GREETING = re.compile(rf"^(?:(?:{_GREETING})\s+)+")


def smalltalk_kind(text: str) -> str | None:
    """'greeting', 'thanks', 'bye' or 'help' when the message is only that, else None."""
    cleaned = re.sub(r"[^\w\s']", " ", text.lower())
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        return None
    rest = _LEADING_GREETING.sub("", cleaned)  # "hey, what's this bot for" is a help request
    for kind, pattern in SMALLTALK:
        if pattern.match(cleaned) or (rest != cleaned and pattern.match(rest)):
            return kind
    if _COMBINED.match(cleaned):  # "thanks, bye" / "hi there, thanks"
        return "bye" if re.search(rf"\b(?:{_BYE})\b", cleaned) else "thanks"
    return None


def asks_to_filter_people(text: str) -> bool:
    """Whether a message asks to select candidates by a protected trait."""
    return bool(PROTECTED_TRAIT.search(text) and SELECTION.search(text))


class Conversation:
    """Answers one message at a time against a retriever, reading follow-ups in context."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.composer = Composer(retriever.index)

    def reply(self, message: str, state: DialogueState) -> tuple[Answer, DialogueState]:
        """The answer to `message` and the state to keep for the next turn."""
        text = " ".join(message.split())
        kind = smalltalk_kind(text)
        if kind is not None:
            answer = self._smalltalk(kind)
        elif asks_to_filter_people(text):
            answer = Answer(DECLINE, True, "declined", reason="protected traits")
        else:
            answer = self._answer(text, state)
        if not answer.suggestions and answer.kind != "smalltalk":
            answer.suggestions = self.composer.suggestions(answer, [], state.asked + [text])
        frame = answer.frame if answer.frame is not None else state.frame
        asked = (state.asked + [text])[-MAX_ASKED:] if kind is None else state.asked
        return answer, DialogueState(frame, asked)

    def _smalltalk(self, kind: str) -> Answer:
        starters = self.composer.starters()
        if kind == "greeting":
            text = f"Hello! {CAPABILITIES} What would you like to know?"
        elif kind == "help":
            text = f"{CAPABILITIES} Ask in your own words, for example one of the questions below."
        elif kind == "thanks":
            text = "You're welcome. Anything else about hiring AI engineers?"
        else:
            text = "Goodbye, and good luck with your hiring."
        suggestions = starters if kind in ("greeting", "help") else []
        return Answer(text, True, "smalltalk", suggestions=suggestions[:4])

    # --- questions ---------------------------------------------------------------------------

    def _answer(self, text: str, state: DialogueState) -> Answer:
        frame = state.frame
        followup = frame is not None and self._is_followup(text)
        query = text
        if followup and frame is not None and frame.subject and SINGULAR_PRONOUN.search(text):
            query = SINGULAR_PRONOUN.sub(frame.subject, text, count=1)
        retrieval = self.retriever.retrieve(query)
        analysis = retrieval.query
        # Slots come from the words the user wrote, not from the context put in for a pronoun.
        own = analysis if query == text else self.retriever.lexicon.analyze(text)
        ask = self.composer.salary_ask(own, text)
        salary_context = followup and frame is not None and frame.salary
        if self._wants_salary(text, retrieval, ask, salary_context):
            if salary_context and frame is not None:
                ask = self._merge(ask, frame, text)
            answer = self.composer.answer_salary(ask, score=_best(retrieval))
            scores = {h.snippet.id: h for h in retrieval.candidates}
            answer.used = [scores.get(h.snippet.id, Hit(h.snippet, answer.score, 0.0, 0.0))
                           for h in answer.used]
            return answer
        if followup and frame is not None and OTHER.search(text):
            retrieval = self._excluding(retrieval, frame.subject)
        if not self._confident(retrieval) and followup and frame is not None and _clean(retrieval):
            retrieval = self._with_context(text, retrieval, frame)
        if retrieval.relevant and followup and frame is not None:
            retrieval = _same_topic_first(retrieval, frame.topic)
        if retrieval.relevant:
            return self.composer.answer_snippets(retrieval)
        answer = self.composer.unanswered(retrieval.reason, analysis=analysis, gap=retrieval.gap)
        answer.score = _best(retrieval)
        return answer

    def _with_context(self, text: str, retrieval: Retrieval, frame: Frame) -> Retrieval:
        """Retry a weak follow-up with what the last answer was about added to it.

        A retry that only finds the last answer again is refused when the message alone found
        something: a follow-up asks for something new.
        """
        names = bool(self.retriever.names_in(retrieval.query))
        contexts = [frame.doc_title] if names else [frame.subject, frame.doc_title]
        for context in filter(None, contexts):
            retry = self.retriever.retrieve(f"{text} {context}")
            if OTHER.search(text):
                retry = self._excluding(retry, frame.subject)
            if not retry.relevant:
                continue
            repeat = retry.hits[0].snippet.title == frame.subject
            if retrieval.relevant and (repeat or retry.hits[0].score <= retrieval.hits[0].score):
                continue
            return retry
        return retrieval

    @staticmethod
    def _is_followup(text: str) -> bool:
        words = text.split()
        return bool(
            FOLLOWUP_START.match(text)
            or (len(words) <= 12 and (SINGULAR_PRONOUN.search(text) or PLURAL_PRONOUN.search(text)))
            or len(words) <= 3
        )

    def _wants_salary(
        self, text: str, retrieval: Retrieval, ask: SalaryAsk, salary_context: bool
    ) -> bool:
        """Whether to answer with salary figures rather than a snippet."""
        analysis = retrieval.query
        if retrieval.gap is not None:  # a declared gap ("equity") wins over pay words
            return False
        if analysis.task or (analysis.other_roles and not analysis.roles):
            return False
        if EXPLAIN_RE.search(text) and not ask.convert:
            return False
        pay = "salary" in analysis.terms or bool(PAY_RE.search(text))
        if pay and (ask.specific or ask.software or ask.other_role):
            return True
        if salary_context and (ask.specific or ask.convert or pay or ask.compare):
            return True
        # Otherwise only when search agrees that a figure is what is asked for.
        top = retrieval.hits[0].snippet if retrieval.hits else None
        figure_hit = top is not None and bool(top.salary_ids)
        return (pay or ask.specific) and figure_hit

    def _merge(self, ask: SalaryAsk, frame: Frame, text: str) -> SalaryAsk:
        """Read a salary follow-up against the last salary answer."""
        records = self.composer.records
        previous_locations = [records[i] for i in frame.locations if i in records]
        new_slots = len(ask.levels) + len(ask.missing_levels) + len(ask.locations) + len(
            ask.places) + len(ask.regions) + int(ask.software)
        refers_back = bool(SINGULAR_PRONOUN.search(text) or PLURAL_PRONOUN.search(text))
        if ask.compare and (refers_back or new_slots <= 1):
            ask.levels = list(dict.fromkeys(frame.levels + ask.levels))
            ask.locations = list(dict.fromkeys(previous_locations + ask.locations))
            return ask
        if not ask.specific and not ask.software:
            # "and in dollars?", "are those converted?": same figures as before.
            ask.levels = list(frame.levels)
            ask.locations = previous_locations
        return ask

    def _excluding(self, retrieval: Retrieval, subject: str) -> Retrieval:
        """The same retrieval without the snippet the last answer was about ("the other one")."""
        hits = [h for h in retrieval.hits if h.snippet.title != subject]
        return Retrieval(retrieval.query, hits, bool(hits) and retrieval.relevant,
                         retrieval.known_meaning, retrieval.candidates, retrieval.reason)

    @staticmethod
    def _confident(retrieval: Retrieval) -> bool:
        return retrieval.relevant and retrieval.hits[0].score >= CONFIDENT


CONFIDENT = 0.45


TOPIC_MARGIN = 0.08


def _same_topic_first(retrieval: Retrieval, topic: str) -> Retrieval:
    """For a follow-up, prefer a near-best hit on the topic of the conversation."""
    top = retrieval.hits[0].score
    near = [h for h in retrieval.hits if h.snippet.topic == topic and h.score >= top - TOPIC_MARGIN]
    if not near or near[0] is retrieval.hits[0]:
        return retrieval
    hits = near[:1] + [h for h in retrieval.hits if h is not near[0]]
    return Retrieval(retrieval.query, hits, True, retrieval.known_meaning,
                     retrieval.candidates, retrieval.reason)


def _best(retrieval: Retrieval) -> float:
    return retrieval.candidates[0].score if retrieval.candidates else 0.0


def _clean(retrieval: Retrieval) -> bool:
    """Whether a query may borrow context: nothing in it is unknown, foreign or a task."""
    q = retrieval.query
    return not (q.unknown or q.task or (q.other_roles and not q.roles))
