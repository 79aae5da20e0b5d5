"""The engine: everything that answers from one build, opened together in one place.

A build on disk becomes an `Engine` here and nowhere else: its index, the `Domain` of its
knowledge, the lexicon search reads queries with, the retriever and the conversation. The chat
service, the command line, the content console and the publish checks all get theirs from
`open_engine`, and a publish swaps one whole engine for another (requests in flight keep the
one they started with).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from api.answer.compose import Answer, Frame
from api.answer.freshness import Clock
from api.answer.kit_document import KitDocument
from api.config import Settings
from api.dialogue.conversation import Conversation
from api.dialogue.state import DialogueState
from api.embedding.base import BaseEmbedder
from api.index.format import SearchIndex, load_build
from api.index.lifecycle import load_index
from api.knowledge.domain import Domain
from api.knowledge.profile import Assistant
from api.knowledge.synonyms import merge_synonyms
from api.search.lexicon import Lexicon
from api.search.retrieval import Hit, Retriever


@dataclass(frozen=True)
class Engine:
    """One build, ready to answer: made by `open_engine`, never changed afterwards."""

    index: SearchIndex
    domain: Domain
    lexicon: Lexicon
    retriever: Retriever
    conversation: Conversation

    @property
    def build(self) -> str:
        """The build's name (its directory under the index directory)."""
        return self.index.path.name

    @property
    def embedder(self) -> BaseEmbedder:
        return self.retriever.embedder

    @property
    def assistant(self) -> Assistant:
        """The assistant's own lines (name, greeting, scope, starter questions)."""
        return self.domain.profile.assistant

    def reply(self, message: str, state: DialogueState) -> tuple[Answer, DialogueState]:
        """The answer to `message` in a conversation at `state`, and its next state."""
        return self.conversation.reply(message, state)

    def search(self, query: str, top_k: int | None = None) -> list[Hit]:
        """The best snippets for `query`, best first; empty when nothing relevant is known."""
        return self.retriever.search(query, top_k)

    def draft_kit(self, kind: str, role: str, level: str | None, location: str | None,
                  frame: Frame | None = None, omit: Sequence[str] = ()) -> KitDocument:
        """A hiring kit drafted from this build's knowledge (see `KitChat.draft`).

        Raises:
            KitError: an unknown kind, role, level, place or section, or no content for the
                role.
        """
        return self.conversation.kit_chat.draft(kind, role, level, location, frame, omit)

    def no_kit_content(self, kind: str, role: str) -> str:
        """What a request for the kit `kind` says of a role it has no content for (the API
        document's example of that answer)."""
        kits = self.conversation.kit_chat.kits
        spec = kits.profile.kit(kind)
        return kits.no_content(spec, role) if spec is not None else ""


def open_engine(index: SearchIndex, embedder: BaseEmbedder, settings: Settings, *,
                today: Clock = date.today) -> Engine:
    """The engine on a loaded index, searching as `settings` say (`top_k`, `min_relevance`);
    loads the model when it is not loaded yet. `today` is the clock its answers are dated by
    (how old the figures they show are): the system's date unless a test fixes it.

    Raises:
        IndexMismatchError: the model is not the one the index was built with.
    """
    domain, lexicon = domain_and_lexicon(index)
    retriever = Retriever(index, embedder, domain=domain, lexicon=lexicon,
                          top_k=settings.top_k, min_relevance=settings.min_relevance).warm_up()
    conversation = Conversation(index, domain, lexicon, retriever, today=today)
    return Engine(index, domain, lexicon, retriever, conversation)


def domain_and_lexicon(index: SearchIndex) -> tuple[Domain, Lexicon]:
    """What a build's knowledge names (its `Domain`) and the lexicon queries are read with:
    the snippets' words, the synonyms and the domain's own names."""
    domain = Domain(index.profile, index.salaries, index.company, index.phrasings)
    synonyms = merge_synonyms(index.synonyms, domain.synonyms())
    return domain, Lexicon((s.search_text for s in index.snippets), synonyms, domain)


def serving_engine(index_dir: Path, embedder: BaseEmbedder, settings: Settings) -> Engine:
    """The engine on the build in service in `index_dir`.

    Raises:
        IndexLoadError: no usable index (the message says what to run).
    """
    return open_engine(load_index(index_dir, space=embedder.vector_space), embedder, settings)


def build_engine(build: Path, embedder: BaseEmbedder, settings: Settings) -> Engine:
    """The engine on one build directory, in service or not (a candidate, the previous one).

    Raises:
        IndexLoadError: the build cannot be read or does not fit the model.
    """
    return open_engine(load_build(build, space=embedder.vector_space), embedder, settings)
