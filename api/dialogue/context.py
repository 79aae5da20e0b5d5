"""A retrieval read in the context of a conversation: what to search for a follow-up, how
confident it is, what a message says on its own, and the re-rankings a follow-up asks for ("the
other one", the same topic, not the last answer again).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from api.answer.compose import NOT_COVERED, OUT_OF_SCOPE, Frame, Refusal
from api.answer.salaries import OVER_GROUP, PAIRWISE
from api.knowledge.domain import Domain
from api.knowledge.model import Snippet
from api.search.lexicon import Lexicon, QueryAnalysis
from api.search.retrieval import Hit, Retrieval, Retriever
from api.text.words import GENERIC, STOPWORDS, same_root, singular, stem, tokenize
from api.understand.asks import final_question
from api.understand.intents import OFF_TOPIC, TOPIC
from api.understand.numbers import months, number, states_quantity
from api.understand.reading import (
    LEVEL_WORDS,
    OTHER,
    PLACE_WORDS,
    PLURAL_PRONOUN,
    SINGULAR_PRONOUN,
    Reading,
)

CONFIDENT = 0.45
# A message that names the thing its pronoun stands for: "the Google one", "the other one".
NAMES_ITS_OWN = re.compile(r"\bthe\s+(?!same\b)[\w-]+\s+ones?\b", re.I)
# Who a follow-up asks about, said as a person rather than a role ("that person"; not "they",
# which leaves what is asked to carry the question: "what bonus would they get?").
PERSON = re.compile(r"\b(?:that|this|the|such an?)\s+(?:person|hire|candidate|guy|role|position)\b",
                    re.I)
# A person of the role talked about, said as "one" ("a good one", "a senior one").
A_ONE = re.compile(r"\b(?:a|an)\s+[\w-]+\s+one\b(?!\s+of\b)", re.I)
PEOPLE_PRONOUN = re.compile(r"\b(?:they|them|their|he|she|him|her|his)\b", re.I)
# A follow-up with words the knowledge lacks may still be read in context when the words it
# knows carry this much of its meaning.
CONTEXT_MEANING = 0.7
TOPIC_MARGIN = 0.08
# A follow-up prefers a second hit this close to the last answer's snippet.
REPEAT_MARGIN = 0.1
MAX_SLOT_WORDS = 6  # "and for a senior one, then?"
# How sure the intent classifier is of a topic question for a level or place it names to be
# background, not figures asked ("we're in Hamburg: which skills does a junior need?").
TOPIC_SURE = 0.8
CONTEXT_MARGIN = 0.05  # how much better a follow-up read with its context must score


# Words for pay, which a gap's title may use beside what it is about ("contractor rates").
_PAY_STEMS = frozenset(stem(w) for w in "rate rates pay salary salaries wage wages".split())


# Words that make no pair of a gap's words: the generic, the stop words, the words for pay.
_NOT_PAIRED = frozenset(stem(w) for w in GENERIC | STOPWORDS) | _PAY_STEMS


def names_gap(reading: Reading, gap: Snippet) -> bool:
    """Whether a question uses a word of a declared gap's title ("equity", "freelance"), other
    than a word for pay ("the going rate for a senior"), or two words its text or its ways of
    asking say together ("stock options")."""
    # ("rates" of "contractor rates" is any pay: "rates for a junior")
    title = {stem(w) for w in tokenize(gap.title)} - _NOT_PAIRED
    # (a word of the same root: "contract" for "contractor")
    said = [stem(t) for t in reading.analysis.tokens]
    named = {stem(w) for name in (*reading.analysis.roles, *reading.analysis.titles)
             for w in tokenize(name)}  # (not "AI engineer", said of every gap)
    return any(same_root(a, b) for a in title for b in set(said)) \
        or bool(_pairs(said, named) & _gap_pairs(gap))


def of_a_role(reading: Reading, gap: Snippet) -> bool:
    """Whether a question names, in its own words, a gap a role's playbook declares ("how big
    should bug bounty payouts be?"): a matter of that role, so of hiring, not out of scope."""
    return bool(gap.roles) and names_gap(reading, gap)


@functools.lru_cache(maxsize=256)
def _gap_pairs(gap: Snippet) -> frozenset[tuple[str, str]]:
    """The pairs of words a declared gap's text and its ways of asking say (worked out once)."""
    return frozenset(_pairs([stem(t) for t in tokenize(" ".join([gap.text, *gap.questions]))]))


def _pairs(stems: list[str], named: Collection[str] = ()) -> set[tuple[str, str]]:
    """Two words said one after the other, or either side of "or", neither generic nor of a
    name ("stock options", "notice period", "gross or net")."""
    stems = [s for s in stems if s != "or"]
    kept = {s for s in stems if s not in _NOT_PAIRED and s not in named}
    return {(a, b) for a, b in zip(stems, stems[1:], strict=False) if a in kept and b in kept}


def said(analysis: QueryAnalysis, names: frozenset[str] = frozenset()) -> list[str]:
    """The known content words of a message besides names: what it asks on its own."""
    return [t for t in analysis.content if t not in analysis.unknown and t not in GENERIC
            and t not in names and singular(t) not in names
            and not SINGULAR_PRONOUN.fullmatch(t) and not PLURAL_PRONOUN.fullmatch(t)]


def excluding(retrieval: Retrieval, subject: str) -> Retrieval:
    """The same retrieval without the snippet the last answer was about ("the other one")."""
    hits = [h for h in retrieval.hits if h.snippet.title != subject]
    return replace(retrieval, hits=hits, relevant=bool(hits) and retrieval.relevant)


def stating(retrieval: Retrieval, reading: Reading) -> Retrieval:
    """For a question asking how many or how long: the near-best hits that state that kind of
    number; when none does, no answer, with what the knowledge declares missing nearby, if the
    question names it ("how many engineers does the core team need?" finds the team model,
    which gives no number, near the declared gap on team size)."""
    # (A salary figure states no number of this kind: a passage on a topic the question names
    # is near the best passage, "how much experience should a junior have?".)
    top = retrieval.hits[0].score
    passages = [h for h in retrieval.hits if not h.snippet.salary_ids]
    first = passages[0].score if passages else top
    hits = [h for h in passages if states_quantity(h.snippet.text, reading.quantity) and (
        h.score >= top - TOPIC_MARGIN or h.score >= first - TOPIC_MARGIN and any(
            t.lower() in h.snippet.text.lower() for t in reading.topics))]
    if hits:
        return replace(retrieval, hits=hits)
    gap = retrieval.near_gap
    return replace(retrieval, hits=[], relevant=False,
                   gap=gap if gap is not None and names_gap(reading, gap) else None,
                   reason=f"no snippet near the best states the {reading.quantity} asked for")


def confident(retrieval: Retrieval) -> bool:
    """Whether search found something and its best hit scores high."""
    return retrieval.relevant and retrieval.hits[0].score >= CONFIDENT


def same_topic_first(retrieval: Retrieval, topic: str, asked: Sequence[str] = ()) -> Retrieval:
    """For a follow-up, prefer a near-best hit on the topic of the conversation; not when the
    best is titled by a term the follow-up asks (`asked`: synonyms.yml's terms) that the near
    one's title lacks ("and certificate, which ones?" after the skills)."""
    top = retrieval.hits[0].score
    near = [h for h in retrieval.hits if h.snippet.topic == topic and h.score >= top - TOPIC_MARGIN]
    if not near or near[0] is retrieval.hits[0]:
        return retrieval
    titled = {stem(w) for w in tokenize(retrieval.hits[0].snippet.title)} - {
        stem(w) for w in tokenize(near[0].snippet.title)}
    if any(all(stem(w) in titled for w in tokenize(term)) for term in asked):
        return retrieval
    hits: list[Hit] = near[:1] + [h for h in retrieval.hits if h is not near[0]]
    return replace(retrieval, hits=hits)


def not_again(retrieval: Retrieval, last: str, asked: list[str]) -> Retrieval:
    """A follow-up asks for something new: prefer a close second to the last answer's snippet,
    unless that snippet holds most of what the follow-up asks ("does it cover X?") and the
    second is not titled by it."""
    hits = retrieval.hits
    if len(hits) < 2 or hits[0].snippet.id != last or hits[1].snippet.gap \
            or hits[1].score < hits[0].score - REPEAT_MARGIN:
        return retrieval
    words = {stem(w) for w in tokenize(hits[0].snippet.search_text)}
    titled = {stem(w) for w in tokenize(hits[1].snippet.title)} - {
        stem(w) for w in tokenize(hits[0].snippet.title)}
    # (unless the second is titled by what it asks: "and the maths side?" after the skills in
    # brief, which name maths among them)
    if sum(stem(w) in words for w in asked) * 2 >= len(asked) and not any(
            stem(w) in titled for w in asked):
        return retrieval
    return replace(retrieval, hits=[hits[1], hits[0], *hits[2:]])


def best(retrieval: Retrieval) -> float:
    """The best candidate's score, even when the retrieval was not relevant."""
    return retrieval.candidates[0].score if retrieval.candidates else 0.0


def clean(retrieval: Retrieval) -> bool:
    """Whether a query may borrow context: it is no task, names no other role, and words the
    knowledge does not know carry little of its meaning."""
    q = retrieval.query
    return not (q.task or (q.other_roles and not q.roles)) and (
        not q.unknown or retrieval.known_meaning >= CONTEXT_MEANING)


# "The market figure", "that number": the figure on the table, named by what it is.
_THE_FIGURE = re.compile(r"\b(?:the|that|this)\s+(?:\w+\s+)?(?:figure|number)\b", re.I)


def continues(reading: Reading, frame: Frame | None) -> bool:
    """Whether a message continues the conversation: it reads as a follow-up, is a
    comparison that names nothing to compare (about what is on the table), or names the
    figure shown by what it is ("what would the market figure come to per month?")."""
    if frame is None:
        return False
    named = bool(reading.salary_slots or reading.roles)
    bare_comparison = bool(reading.op) and not named
    shown = frame.salary and len(frame.records) == 1 and not named \
        and bool(_THE_FIGURE.search(reading.text))
    # "How much more is a senior?" after one figure: the one it names against that one.
    against_shown = frame.salary and len(frame.focus or frame.records) == 1 \
        and reading.op in PAIRWISE and not (reading.amounts or reading.roles) and len(
            (*reading.levels, *reading.titles, *reading.locations, *reading.regions)) == 1
    # "How much more does the AI engineer get?" after two roles' figures: of those two.
    asked = (frame.ask or {}).get("roles", ())
    of_the_two = frame.salary and reading.op in PAIRWISE and len(asked) > 1 and bool(
        reading.roles) and set(reading.roles) <= set(asked) and not (
        reading.amounts or reading.salary_slots)
    return reading.followup or (frame.salary and bare_comparison) or shown or against_shown \
        or of_the_two


# "This" or "that" before a noun ("this guy", "that role") points at nothing said before.
_DETERMINER = re.compile(r"(?:this|that)\s+(?!(?:is|was|does|do|did|has|have|had|will|would|"
                         r"can|could|should|means?|covers?|one|about|for|to|in|on|of|with|and|"
                         r"or|but|so|if|then)\b)[a-z]", re.I)


_CLAUSE = re.compile(r"[,;:?!]|\b(?:and|but|so)\b", re.I)


def search_query(domain: Domain, reading: Reading, frame: Frame | None, followup: bool) -> str:
    """What to search: the message, with the conversation's subject for a pronoun and the
    last question's topic for a role named alone ("and for a data engineer?"). A question
    asked after background told in statements is searched alone, with the roles the message
    names ("We're a small company in Poland hiring our first AI engineer. Which skills matter
    most?": skills, not hiring abroad)."""
    text = reading.text
    asked = final_question(text)
    names = [domain.role_name(r) for r in reading.roles]
    if asked and (not (SINGULAR_PRONOUN.search(asked) or PLURAL_PRONOUN.search(asked))
                  or any(n.lower() in asked.lower() for n in names)
                  or (names and (PERSON.search(asked) or PEOPLE_PRONOUN.search(asked)))):
        # (not "Could you explain what that covers?": "that" is in the background; but "a
        # junior AI engineer, which skills must they have?" says who "they" are, as does the
        # role told of before "what does this person do?")
        text = " ".join([asked, *(n for n in names if n.lower() not in asked.lower())])
    if frame is not None and frame.role and not frame.salary and not reading.roles \
            and A_ONE.search(text):
        # "How do I tell a good one from a bluffer?" after the role: that role, said.
        return f"{text} ({domain.role_name(frame.role)})"
    if not followup or frame is None:
        return text
    if reading.roles and frame.role and frame.role not in reading.roles \
            and (reading.op or reading.says("compare")) and not reading.pay:
        # "How is that role different from a data scientist?": the two roles.
        return _as_role(text, domain.role_name(frame.role)) or \
            f"{text} ({domain.role_name(frame.role)})"
    if frame.salary:
        # "What skills should that person have?" after a figure: that figure's role.
        return text if reading.roles or not frame.role else \
            _as_role(text, domain.role_name(frame.role)) or text
    if reading.roles and frame.question and frame.role not in reading.roles \
            and not said(reading.analysis, domain.name_words):
        # "And for a data engineer?": the last question, about that role.
        return for_role(domain, frame.question, reading.roles[0], frame.role)
    if not reading.roles and frame.role and frame.role != domain.primary_role.id \
            and PEOPLE_PRONOUN.search(text):
        # "Do they need to know Python?" about a role other than the first: that role.
        return f"{text} ({domain.role_name(frame.role)})"
    pronoun = next((m for m in SINGULAR_PRONOUN.finditer(text)
                    if not _DETERMINER.match(text, m.start())), None)  # not "this guy"
    if frame.subject and pronoun is not None and len(said(reading.analysis)) <= 2 \
            and not NAMES_ITS_OWN.search(text) and not _topic_before(reading, pronoun.start()):
        # "What does it cover?" says too little on its own: "it" is the last subject (not in
        # "and the Google one, what does it check?", where it is the one named, nor in "what's
        # outstaffing and why would we do it?", where it is the topic named before it).
        return f"{text[:pronoun.start()]}{frame.subject}{text[pronoun.end():]}"
    return text


def _topic_before(reading: Reading, at: int) -> bool:
    """Whether a topic of the knowledge is named in a clause before the one of character `at`
    ("what's outstaffing, and why would we do it?"; not "what skills does it test?")."""
    ends = [m.start() for m in _CLAUSE.finditer(reading.text[:at])]
    before = len(tokenize(reading.text[:ends[-1]])) if ends else 0
    return any(i < before for i, term in reading.analysis.spans if term in reading.topics)


def _as_role(text: str, name: str) -> str:
    """The text with the person it asks about ("that person", "this role") said as the role
    `name`; '' when it says no such person."""
    person = PERSON.search(text)
    return f"{text[:person.start()]}{name}{text[person.end():]}" if person is not None else ""


def for_role(domain: Domain, question: str, role: str, previous: str) -> str:
    """The last question asked again about another role."""
    name = domain.role_name(role)
    old = domain.role(previous) if previous else None
    if old is not None:
        names = sorted((old.name, old.plural, *old.aliases), key=len, reverse=True)
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.I)
        if pattern.search(question):
            return pattern.sub(name, question, count=1)
    return f"{question} for {name}"


def about_hiring(reading: Reading) -> bool:
    """Whether a message is a hiring question (a role, pay, or a word of the cue `hiring` of
    knowledge/phrasings.yml): one the knowledge cannot answer is then not covered, rather
    than about something else entirely (out of scope)."""
    return bool(reading.roles or reading.pay or reading.says("hiring"))


def off_topic(reading: Reading, followup: bool) -> bool:
    """Whether a message the intent classifier is sure is off-topic is: it names nothing the
    knowledge holds but a place, and then says what the knowledge has no word for ("will it
    rain in London this weekend?", unlike "what about London?"); more of that in what reads as
    a follow-up (`followup`: "whatever. weather in SF today?")."""
    if reading.pay or reading.roles or reading.levels or reading.titles or reading.sources \
            or reading.measures or reading.source_question or reading.op or reading.amounts:
        return False  # names or compares what the knowledge holds ("how far apart are ...")
    unknown = sum(len(word) > 1 for word in reading.analysis.unknown)  # not a letter
    return bool(unknown) or not (followup or reading.locations or reading.regions
                                 or reading.places)


# A message of more words than this is long: read whole, not as a short follow-up.
LONG_MESSAGE = 25


def elsewhere(reading: Reading, intent: str, sure: float = 0.0) -> bool:
    """A question of its own that names a place and asks nothing of pay, which the intent
    classifier reads as off-topic ("and what's the best way to get from the airport into San
    Francisco?"), is not a pay follow-up, whatever came before; "and Boston?" is. Nor is a
    long message the classifier reads as a topic question that names no figure ("... how much
    weight to give domain background versus raw ML skill? What does the guide say domain
    expertise covers?"), whatever its "versus" compares, nor one it is sure of that names a
    level or place only as background ("we're a team in Hamburg. the junior, which skills
    does he need?") or that names a topic of the knowledge ("does a junior need a cert, or is
    that more for the seniors?")."""
    asks_pay = (reading.pay or reading.op or reading.amounts or reading.roles or reading.levels
                or reading.period or reading.convert)
    says_pay = reading.pay or reading.amounts or reading.period or reading.convert
    return (intent == OFF_TOPIC and not asks_pay and reading.words > 6) or (
        intent == TOPIC and not (says_pay or reading.salary_slots)
        and reading.words > LONG_MESSAGE) or (
        intent == TOPIC and (sure >= TOPIC_SURE or bool(reading.topics) and not (
            reading.roles and reading.op or reading.locations or reading.regions
            or reading.places or reading.measures or reading.sources)) and not says_pay
        and reading.words > MAX_SLOT_WORDS)


def refusal_reason(reading: Reading, retrieval: Retrieval, intent: str = "") -> Refusal:
    """Not covered when it is a hiring question the knowledge lacks (one it declares missing,
    too); else out of scope. A request the intent classifier reads as off-topic, carried by
    words the knowledge does not have and asking nothing of pay, is out of scope even when a
    hiring word says why it is asked ("any good spots for a team dinner in Boston? celebrating
    our new hire")."""
    if retrieval.gap is not None:
        return NOT_COVERED
    if intent == OFF_TOPIC and retrieval.query.unknown and not (
            reading.pay or reading.levels or reading.op or reading.amounts or reading.period):
        return OUT_OF_SCOPE
    if about_hiring(reading):
        return NOT_COVERED
    if retrieval.query.unknown:
        return OUT_OF_SCOPE
    return NOT_COVERED if best(retrieval) >= CONFIDENT else OUT_OF_SCOPE


def with_context(retriever: Retriever, text: str, retrieval: Retrieval, frame: Frame
                 ) -> Retrieval:
    """Retry a weak follow-up with what the last answer was about added to it.

    A retry that only finds the last answer again is refused when the message alone found
    something: a follow-up asks for something new. A message that says enough on its own
    ("what languages should they know?") lets the context only choose among its own best
    matches; one that says little ("how long have they been around?") follows the context.
    """
    names = bool(retriever.names_in(retrieval.query))
    near = {h.snippet.id for h in retrieval.candidates
            if retrieval.candidates and h.score >= retrieval.candidates[0].score - TOPIC_MARGIN}
    says_enough = len(said(retrieval.query)) >= 2
    contexts = [frame.doc_title] if names else [frame.subject, frame.doc_title]
    for context in filter(None, contexts):
        retry = retriever.retrieve(f"{text} {context}")
        if OTHER.search(text):
            retry = excluding(retry, frame.subject)
        if not retry.relevant or retry.gap is not None:
            continue
        repeat = retry.hits[0].snippet.title == frame.subject
        if retrieval.relevant and retrieval.gap is None and (
                repeat or retry.hits[0].score <= retrieval.hits[0].score + CONTEXT_MARGIN
                or (says_enough and retry.hits[0].snippet.id not in near)):
            continue
        return retry
    return retrieval


# How many figures shown over the last turns a conversation keeps, for "all three of those".
RECENT_FIGURES = 6


def carried(frame: Frame, last: Frame | None, reading: Reading) -> Frame:
    """A new frame with what the next turn may point back at: for a passage, the levels and
    places its question named ("what would three of them cost?" after a senior's skills); for
    figures, the focus of the answer before ("the figure before") and the figures shown over
    the last turns."""
    if not frame.salary and not (frame.levels or frame.locations or frame.kit):
        return replace(frame, levels=list(reading.levels), locations=list(reading.locations))
    if not frame.salary:
        return frame
    listed = frame.records if len(frame.records) > 1 else last.listed if last is not None \
        and last.salary and set(frame.records) <= set(last.listed) else []
    if last is None:
        return replace(frame, listed=list(listed))
    previous = last.focus if last.focus and last.focus != frame.focus else last.previous
    earlier = last.recent if last.salary else []
    recent = [i for i in (*earlier, *last.records) if i not in frame.records] + frame.records \
        if last.salary else list(frame.records)
    return replace(frame, previous=list(previous),
                   recent=list(dict.fromkeys(recent))[-RECENT_FIGURES:], listed=list(listed))


# A share the message quotes ("the guide says demand grows 23%. Says who?"); words that doubt a
# claim rather than ask its source are the cue `doubt` of knowledge/phrasings.yml.
QUOTED_SHARE = re.compile(r"\d+(?:\.\d+)?\s?%")


def quoting(retriever: Retriever, reading: Reading) -> Retrieval | None:
    """What search finds for a message that quotes a percentage and asks where it comes from
    or whether it holds, narrowed to the passage that states it; None when it quotes none, or
    no passage found states it."""
    text = reading.text
    quoted = [q.replace(" ", "") for q in QUOTED_SHARE.findall(text)]
    if not quoted or not (reading.source_question or reading.says("doubt")):
        return None
    retrieval = retriever.retrieve(text)
    hits = [h for h in retrieval.candidates if any(q in h.snippet.text for q in quoted)]
    return replace(retrieval, hits=hits[:1]) if hits else None



def asks_of_others(reading: Reading, lexicon: Lexicon, domain: Domain) -> bool:
    """Whether a message asks about another profession: one it names that is not only
    background told before its question. Background is what the question neither names nor
    refers back to, when it asks of what the knowledge holds or of no one said before ("I've
    hired plenty of backend devs, never one of these. What do they cost in Boston?", "...
    Which skills matter?"); not "We're hiring a product manager too. What salary suits that
    position?"."""
    question = final_question(reading.text)
    if not reading.other_roles or not question:
        return bool(reading.other_roles)
    asked = lexicon.analyze(question)
    named = asked.role_ids or asked.places or any(domain.lookup(t) for t in asked.terms)
    return bool(asked.other_roles) or not (
        named or not (SINGULAR_PRONOUN.search(question) or PLURAL_PRONOUN.search(question)))


# The cues of knowledge/phrasings.yml that name an operation on figures ("the ratio between
# the two" is not the gap on team ratios; "add" of `how_many` is no operation in "what will
# payroll taxes add on top?").
ARITHMETIC = ("percent", "ratio", "average", "difference", "afford", "left", "per_head")


def may_ask_a_gap(reading: Reading, snippets: Sequence[Snippet],
                  converts_alone: bool) -> bool:
    """Whether a message read as a calculation may ask a declared gap instead, so that search
    decides (`converts_alone`: it asks one figure in another period with no calculation
    before): "the hourly rate of a freelance one"; with no amount, duration, operation or
    number of its own, a word of a gap's title ("the sr ones' equity grant?", "fully loaded
    once employer taxes are added") or how pay moves over time (the cue `trend`: "what'll they
    be earning in 2027?")."""
    if converts_alone:
        return True
    tokens = reading.analysis.tokens
    if reading.amounts or months(tokens) or any(number(t) for t in tokens if t != "one") \
            or any(reading.says(cue) for cue in ARITHMETIC):
        return False  # "over three years, assuming nobody gets a raise": the sum it states
    return reading.says("trend") or any(s.gap and names_gap(reading, s) for s in snippets)


def weighed_gap(reading: Reading, retrieval: Retrieval) -> Retrieval:
    """The declared gap a search found, weighed against what the message asks: a question on
    how pay moves over time (the cue `trend`: "what will they earn in 2028?") is that of the
    gap near it, even when figures score higher; a pay question near a gap whose own words it
    does not use ("base salary then") is not the gap's."""
    top = retrieval.candidates[0].snippet if retrieval.candidates else None
    if reading.says("trend") and not (  # (not "the BLS growth projection for AI developers?",
            not reading.pay and top is not None and not top.gap  # which content answers)
            and not top.salary_ids and confident(retrieval)):
        gap = retrieval.gap or next((h.snippet for h in retrieval.candidates[:3]
                                     if h.snippet.gap), retrieval.near_gap)
        return retrieval if gap is None else replace(
            retrieval, gap=gap, reason=f"not covered: {gap.title}", hits=[], relevant=False)
    ranks = reading.op in OVER_GROUP and bool((LEVEL_WORDS | PLACE_WORDS)
                                              & set(reading.analysis.tokens))  # "which city"
    if retrieval.gap is not None and (reading.pay or ranks) \
            and not names_gap(reading, retrieval.gap):
        content = [h for h in retrieval.candidates if not h.snippet.gap]
        return replace(retrieval, gap=None, hits=content, relevant=bool(content))
    named = next((h.snippet for h in retrieval.candidates[:3]
                  if h.snippet.gap and names_gap(reading, h.snippet)), None)
    if retrieval.gap is None and named is not None and reading.amounts \
            and reading.says("yes_no"):
        # "Is the $151,000 for a senior gross or net?": asked of the figure, the gap it names
        return replace(retrieval, gap=named, reason=f"not covered: {named.title}", hits=[],
                       relevant=False)
    return retrieval
