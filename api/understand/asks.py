"""A message that asks several things at once, told apart into its questions.

"Two questions: what should we pay a mid-level AI engineer, and which certifications should I
look for?" asks two things; answered as one, search or the salary rules answer one of them and
the other is lost. `split_asks` finds the questions of a message (the sentences that end in a
question mark, or follow "two things:"; within one, the clauses joined by "and" that each
begin with a question word) and keeps the rest of the message, the background the asker gives
first, with the first question. A message with one question is left whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from api.knowledge.phrasings import Cues
from api.text.words import english_frequency, sentences
from api.understand.fairness import asks_to_filter_people
from api.understand.plan import Calc, CalcOp

# Words a question starts with (after "and" or "also", which are dropped).
_QUESTION = (
    r"(?:what(?:['’]s| is| are)?|which|how|who|where|when|why|whats|do|does|did|is|are|can|could|"
    r"should|would|will|any|tell me|give me|list|draft|write)"
)
# The end of one sentence and the start of the next.
# Words that number the questions ("first, what...", "and second, which...").
_ORDINAL = r"(?:(?:first|second|third)(?:ly)?|finally|lastly|next)\b,?\s*"
# "Two questions: ...", "I want to know two things: ...", "two questions really: ..."; or a few
# words and a colon before a question ("Two quick ones: what ...", "Re the new hire: how ...").
_LEAD = re.compile(
    r"^(?P<lead>.*?\b(?:questions?|things?|asks?|know|wondering)\b(?:\s+\w+){0,2}\s*:)\s*(?=\S)|"
    rf"^(?P<short>(?:[^\s:?]+\s+){{0,5}}[^\s:?]+\s*:)\s*(?=(?:{_ORDINAL})?{_QUESTION}\b)", re.I)
# Where one question ends and the next begins within a sentence: "..., and which ...", "... and
# is it ...", "..., how ..." (after a bare comma, only a wh-word starts a question).
_WH = r"(?:what(?:['’]s| is| are)?|whats|which|how|who|where|when|why)"
# An adverb may come between ("..., and roughly what ...").
_ADVERB = r"(?:\w+ly\s+)?"
_ADVERB_FIRST = r"(?:\w+ly,?\s+)?"
_JOIN = re.compile(
    rf"\s*[,;]\s*(?:and|also|plus)\s+{_ADVERB}(?:{_ORDINAL})?(?={_QUESTION}\b)|"
    rf"\s+and\s+(?:also\s+)?{_ADVERB}(?:{_ORDINAL})?(?={_QUESTION}\b)|"
    rf"\s*[,;]\s*(?:{_ORDINAL})?(?={_WH}\b)", re.I)
# Something told, then a question about it: "He's listed Azure too; are those recognised?"
_TOLD_THEN_ASKED = re.compile(rf";\s*(?={_QUESTION}\b)", re.I)
_OPENING = re.compile(
    r"^(?:(?:and|also|plus|then|oh|ok(?:ay)?|so|(?:first|second|third)(?:ly)?|finally|lastly)"
    r"\b[\s,]*)+", re.I)
# (An adverb may come first: "roughly how long ...", "realistically, what ...".)
_STARTS_AS_QUESTION = re.compile(rf"^{_ADVERB_FIRST}{_QUESTION}\b", re.I)
# A question after a clause that sets it up: "since we're in adtech, does domain knowledge
# matter?", "if we hire two, what's left?".
_SET_UP = re.compile(rf"^(?:since|because|as|if|given|when|while|now that|assuming)\b[^,?]*,\s*"
                     rf"{_QUESTION}\b", re.I)
# A statement about the asker ("I need...", "We have a board meeting..."): why they ask.
_ABOUT_ASKER = re.compile(r"^\W*(?:i|i'm|i've|i'd|i'll|we|we're|we've|we'd|we'll|our|my)\b",
                          re.I)
_REQUEST = re.compile(r"^(?:tell me|give me|list|draft|write)\b", re.I)
# A question told as a statement: "our CFO keeps asking me what the market pays", "the CEO
# wants to know whether we should hire in-house" (not one about the assistant: "wondering if
# you can help").
_INDIRECT = re.compile(
    r"\b(?:wants? to know|(?:would|'d|’d) like to know|need(?:s)? to know|wonder(?:s|ing)?|"
    r"(?:keeps? |kept |is |are |been )?ask(?:s|ing|ed)?(?: me| us| them)?|curious)\s+"
    r"(?P<q>(?:what|whether|if|how|which|who|where|when|why)\b)", re.I)
_ABOUT_YOU = re.compile(r"\byou\b", re.I)
MIN_WORDS = 3  # a question shorter than this is part of the one before it ("and why?")
MIN_BACKGROUND = 10  # words of background that tell what a vague question is about
# A short question about the thing the one before asks for ("and how much is it?", "how does
# that work?") is part of it too; one about the people it names ("what do they use?") is not.
_BACK = re.compile(r"\b(?:it|its|that|this|she|he|her|him)\b", re.I)  # (the one candidate)
MAX_BACK_WORDS = 6
# "Any onboarding plan?", "any examples?" after a question: more of the same question.
_ANY = re.compile(r"^(?:and\s+)?any\b", re.I)
MAX_ANY_WORDS = 4


@dataclass(frozen=True)
class Ask:
    """One question of a message: its words, and what it is read with (the background the
    asker gave before the first question)."""

    text: str
    context: str = ""

    @property
    def read_as(self) -> str:
        """The text the question is answered from."""
        return f"{self.context} {self.text}".strip()

    @property
    def vague(self) -> bool:
        """Whether it asks nothing of its own ("What can you tell us?"): see `says_nothing`."""
        return says_nothing(self.text)


EVERYDAY = 40_000  # corpus count from which a word is everyday English ("write", "now", "lovely")


def specific(word: str) -> bool:
    """Whether a word says more than everyday English does ("budget", "python", "salary")."""
    return english_frequency()[word] < EVERYDAY


def without_small_talk(message: str, says_something: Callable[[str], bool], cues: Cues) -> str:
    """`message` without the sentences before its question that carry nothing to answer or
    to read it by ("That's lovely.", "Understood, thank you."): `says_something` tells a
    sentence that does (it names something the knowledge knows, a place, a number)."""
    if asks_to_filter_people(message, cues):
        return message  # what it asks of people is read whole, wherever it is said
    said = sentences(message.strip())
    while len(said) > 1 and not said[0].rstrip().endswith("?") and not says_something(said[0]):
        said.pop(0)
    return " ".join(said)


def final_question(message: str) -> str:
    """The question a message ends on after background told in statements ("We're a small
    company in Poland, hiring our first AI engineer. Which skills matter most?"), or "" when
    it is all one question or asks more than one."""
    said = sentences(" ".join(message.split()))
    if len(said) < 2 or not said[-1].endswith("?") \
            or any(s.rstrip().endswith("?") for s in said[:-1]):
        return ""
    return said[-1]


def split_asks(message: str, closing: Callable[[str], bool] = lambda sentence: False,
               matters: Callable[[str], bool] = lambda sentence: True) -> list[Ask]:
    """The questions of `message`, in order; one `Ask` holding the whole message when it asks
    one thing. `closing`: whether a sentence only closes the message ("Thanks in advance.");
    `matters`: whether a sentence told after the questions says what they are about (a
    place, a role, a number: "... earn? We're in Boston."), else it is a remark ("Any
    pointers appreciated.")."""
    text = " ".join(message.split())
    background: list[str] = []
    asks: list[str] = []
    for sentence in sentences(text):
        lead = _LEAD.match(sentence)
        body = sentence[lead.end():] if lead else sentence
        if not (sentence.endswith("?") or lead):
            told = _told_questions(sentence)
            if told:
                asks += told  # "the CEO wants to know whether ...": a question of its own
                continue
            if asks and (_ABOUT_ASKER.match(sentence) or closing(sentence)
                         or not matters(sentence)):
                continue  # "... earn? I need to set expectations with our CFO.": why it asks
            if asks:
                return [Ask(text)]  # background after a question: read the message whole
            background.append(sentence)
            continue
        if lead:
            background.append(lead.group("lead") or lead.group("short"))
        if asks and _TOLD_THEN_ASKED.search(body) and not _STARTS_AS_QUESTION.match(body):
            asks.append(body)  # "He's listed Azure too; are those recognised?": one of its own
            continue
        for i, clause in enumerate(_clauses(body)):
            if asks and (_leans_on_the_last(clause)
                         or (i == 0 and not (_STARTS_AS_QUESTION.match(clause)
                                             or _SET_UP.match(_OPENING.sub("", clause))))):
                # "How should I build my team? All in-house or some from outside?": one.
                # "..., and why?", "...? And in Zug?": part of the question before.
                asks[-1] = f"{asks[-1].rstrip('?')} and {clause}" if i else f"{asks[-1]} {clause}"
            else:
                asks.append(_OPENING.sub("", clause) or clause)
    if len(asks) < 2:
        return [Ask(text)]
    # The first question is read with the background, and so is one that says nothing of its
    # own ("... She also asked whether we need visas. What can you tell us?").
    given = " ".join(background)
    tells = len(given.split()) >= MIN_BACKGROUND  # (not a lead alone: "Honest question:")
    return [Ask(_as_asked(a), given if i == 0 or (tells and says_nothing(a)) else "")
            for i, a in enumerate(asks)]


def starts_as_question(text: str) -> bool:
    """Whether a sentence opens as a question does ("how many could we get?", "so which
    one ..."), after words that only open it ("ok", "and")."""
    return bool(_STARTS_AS_QUESTION.match(_OPENING.sub("", text.strip())))


def says_nothing(question: str) -> bool:
    """Whether a question asks nothing of its own ("What can you tell us?", "any advice?"):
    short, and in everyday words only."""
    words = re.findall(r"[a-z]+", question.lower())
    return len(words) <= MAX_BACK_WORDS and not any(specific(w) for w in words)


def _told_questions(sentence: str) -> list[str]:
    """The questions a statement tells ("Our CFO keeps asking me what the market pays in the
    UK, and our CEO wants to know whether we should hire in-house."): each from its question
    word to the next one's clause, as a question."""
    found = list(_INDIRECT.finditer(sentence))
    told = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(sentence)
        question = sentence[match.start("q"):end]
        if i + 1 < len(found) and "," in question:
            question = question.rsplit(",", 1)[0]  # (", and our CEO wants to know ...")
        question = question.strip(" ,;.")
        if len(question.split()) >= MIN_WORDS + 1 and not _ABOUT_YOU.search(question):
            told.append(f"{question}?")
    return told


def _as_asked(clause: str) -> str:
    """A clause as a question: with its question mark ("which skills matter?"), or as the
    request it is ("Draft a job post for a G2 tester")."""
    if clause.endswith("?") or _REQUEST.match(clause):
        return clause
    return f"{clause.rstrip('.!')}?"


def _leans_on_the_last(clause: str) -> bool:
    """Whether a question cannot stand alone: too short ("and why?"), or short and about the
    thing the one before asks for ("and how much is it?")."""
    words = len(clause.split())
    return words < MIN_WORDS or (words <= MAX_BACK_WORDS and bool(_BACK.search(clause))) \
        or (words <= MAX_ANY_WORDS and bool(_ANY.match(clause)))


def _clauses(sentence: str) -> list[str]:
    """A question sentence's clauses joined by "and" (or a comma, ";") that each start with a
    question word; the sentence whole when its first clause does not ("In Basel, how...")."""
    cuts = [m for m in _JOIN.finditer(sentence) if m.start() > 0]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(sentence[start:cut.start()])
        start = cut.end()
    pieces.append(sentence[start:])
    clauses = [c for c in (_OPENING.sub("", p).strip(" ,;") for p in pieces) if c]
    if len(clauses) > 1 and not _STARTS_AS_QUESTION.match(clauses[0]):
        return [sentence]  # "Boston, and what about NYC?": a list, not two questions
    return clauses


# Cues of knowledge/phrasings.yml that ask arithmetic of figures.
CALC_CUES = ("total", "afford", "how_many", "left", "average", "percent", "ratio", "difference")


def one_calculation(whole: Calc, asks: list[Ask], plan: Callable[[str], Calc | None],
                    figures: Callable[[str], bool], cues: Cues) -> bool:
    """Whether a message's questions ask one calculation, `whole`: each asks arithmetic
    (`plan`, or a cue of it) or the figures it is done on (`figures`: "Europe figures: list
    them and average them"), and none another kind where the whole reads a sum. Not "what
    would a senior cost, and which skills should the ad ask for?"."""
    # (a sum is what people come to when nothing else is asked: a question's own is more)
    if whole.op is CalcOp.TOTAL and any(
            p is not None and p.op is not CalcOp.TOTAL and not all(q.shown for q in p.parts)
            for p in (plan(a.read_as) for a in asks)):
        return False
    return all(plan(a.text) is not None or any(cues.search(cue, a.text) for cue in CALC_CUES)
               or figures(a.read_as) for a in asks)
