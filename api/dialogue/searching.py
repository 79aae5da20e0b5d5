"""What search finds for a message read in its conversation: the question it ends on, the
last subject for a pronoun that says too little alone, a short follow-up read with the last
answer's subject, a declared gap weighed against what is asked, and the conversation's topic
first (`Conversation._retrieval` keeps it for the turn)."""

from __future__ import annotations

from api.dialogue.context import (
    CONFIDENT,
    best,
    clean,
    confident,
    names_gap,
    search_query,
    weighed_gap,
    with_context,
)
from api.dialogue.results_named import amounts_unsaid
from api.dialogue.salary_turns import topic_first
from api.dialogue.turn import Turn
from api.knowledge.domain import Domain
from api.search.retrieval import Retrieval, Retriever
from api.understand.intents import TOPIC

SHORT = 6  # words of a follow-up read with what the last answer was about ("over what period?")


def searched(retriever: Retriever, domain: Domain, turn: Turn) -> Retrieval:
    """What search finds for the turn's message, read in its conversation."""
    reading, frame = turn.reading, turn.state.frame
    query = amounts_unsaid(domain.records.values(), reading,
                           search_query(domain, reading, frame, turn.followup))
    context_roles = (frame.role,) if frame is not None and frame.role else ()
    retrieval = retriever.retrieve(query, roles=context_roles)
    if query != reading.text and not turn.followup and not confident(retrieval):
        # The question it ends on says too little alone ("what's the minimum?"): all of it
        whole = retriever.retrieve(reading.text, roles=context_roles)
        retrieval = whole if best(whole) > best(retrieval) else retrieval
    snippet_context = turn.followup and frame is not None and not frame.salary
    weak_gap = retrieval.gap is not None and best(retrieval) < CONFIDENT and not (
        names_gap(reading, retrieval.gap) and reading.words > SHORT)  # "... fully remote?"
    if snippet_context and frame is not None and clean(retrieval) and (
            weak_gap or (retrieval.gap is None and not confident(retrieval))):
        # A short follow-up is read with what the last answer was about.
        retrieval = with_context(retriever, reading.text, retrieval, frame)
    return topic_first(weighed_gap(reading, retrieval), reading,
                       turn.sure * (turn.intent == TOPIC), domain)

