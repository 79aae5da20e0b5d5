"""The chat service: one loaded model and index, conversations in the store, safe reindexing.

The HTTP layer and the CLI call this; it knows nothing about HTTP.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from api.answer.compose import NOT_COVERED, Answer, AnswerKind
from api.config import Settings
from api.dialogue.engine import Engine, open_engine
from api.dialogue.state import DialogueState
from api.embedding.base import BaseEmbedder
from api.embedding.factory import make_embedder
from api.errors import HiringAdvisorError, NotLoadedError
from api.index.format import SearchIndex, load_build
from api.index.lifecycle import (
    CURRENT,
    load_index,
    previous_build,
    read_candidate,
)
from api.publish.gate import gate_payload
from api.publish.publishing import (
    PublishResult,
    PublishStatus,
    publish,
    publish_candidate,
    roll_back_to_previous,
)
from api.search.retrieval import Hit
from api.serve import metrics
from api.serve.content import note_build_revision
from api.serve.content_service import ContentActions
from api.store.records import GapGroup, PurgeReport, StoreUnavailable, Turn, new_id
from api.store.repository import Store

log = logging.getLogger("hiring_advisor")
# The answer to a message whose reading failed (a fault, logged with its trace).
TURN_FAILED = ("Something went wrong while I worked that out, and I won't guess. Please ask it "
               "another way; the conversation so far is kept.")
T = TypeVar("T")


@dataclass(frozen=True)
class ChatResult:
    """One reply, as the chat endpoints return it: the stored turn and where it is stored."""

    session_id: str
    message_id: str
    turn: Turn
    saved: bool = True  # False when the store could not keep it (the answer stands)


def source_of(hit: Hit) -> dict[str, Any]:
    """A snippet as the API shows it."""
    snippet = hit.snippet
    return {
        "id": snippet.id,
        "title": snippet.title,
        "snippet": snippet.text,
        "score": round(float(hit.score), 4),
        "path": snippet.path,
        "line": snippet.line,
    }


class ChatService(ContentActions):
    """Holds the model, the index in service and the store. Thread-safe."""

    def __init__(self, settings: Settings, *, embedder: BaseEmbedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        metrics.observe_embedder(self.embedder)
        self.store = Store.from_settings(settings)
        # Why the store last failed to read or write, until it works again.
        self.store_problem: str | None = None
        self._stop = threading.Event()
        self._purger: threading.Thread | None = None
        self._engine: Engine | None = None
        self._pointer = ""
        self._checked = 0.0
        self._swap_lock = threading.Lock()
        self._reindex_lock = threading.Lock()
        self._content_lock = threading.Lock()  # one sync of the knowledge directory at a time
        # The build the console's "Try it" compares with the one in service, opened once.
        self._other: tuple[Path, Engine] | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def warm_up(self) -> ChatService:
        """Load the model and the index in service, and answer one question to warm up.

        Raises:
            IndexLoadError: no usable index (the message says what to run).
        """
        self.embedder.load()
        index = load_index(self.settings.index_dir, space=self.embedder.vector_space)
        self._swap(self._open(index))
        engine = self.engine
        for question in engine.assistant.starters[:1]:
            engine.reply(question, DialogueState())  # the first real question is not slow
        try:
            self.store.prepare()
        except StoreUnavailable as exc:  # answers go on; turns are kept again once it works
            self._store_failed(exc)
        else:
            self.sync_content()  # the first start seeds the store's revisions
        self.start_purging()
        return self

    @property
    def ready(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        """The engine on the index in service (picks up a newer build)."""
        self._check_for_new_index()
        if self._engine is None:
            raise NotLoadedError("the chat service is not warmed up; call warm_up() first")
        return self._engine

    def close(self) -> None:
        self._stop.set()
        if self._purger is not None:
            self._purger.join(timeout=5)
        self.store.close()

    # --- the store ------------------------------------------------------------------------------

    def _store_failed(self, error: StoreUnavailable) -> None:
        if self.store_problem != str(error):
            log.warning("store degraded", extra={"fields": {"reason": str(error)}})
        self.store_problem = str(error)

    def _store_worked(self) -> None:
        if self.store_problem is not None:
            log.info("store recovered", extra={"fields": {"was": self.store_problem}})
        self.store_problem = None

    def start_purging(self) -> None:
        """Purge expired conversations and old gaps now and then every purge interval."""
        if self._purger is not None:
            return

        def run() -> None:
            while not self._stop.is_set():
                self.purge()
                self._stop.wait(self.settings.purge_interval_minutes * 60)

        self._purger = threading.Thread(target=run, name="purge", daemon=True)
        self._purger.start()

    def purge(self) -> PurgeReport | None:
        """Delete what is kept no longer (see `Store.purge`); None when the store failed."""
        try:
            report = self.store.purge()
        except StoreUnavailable as exc:
            self._store_failed(exc)
            return None
        if report.sessions or report.gaps:
            log.info("purged", extra={"fields": asdict(report)})
        return report

    def _open(self, index: SearchIndex) -> Engine:
        return open_engine(index, self.embedder, self.settings)

    def _swap(self, engine: Engine) -> None:
        with self._swap_lock:
            self._engine = engine  # requests in flight keep the old one
            self._pointer = _read_pointer(self.settings.index_dir)
            _record_index(engine.index)

    def _check_for_new_index(self) -> None:
        """Load a build that another process (the CLI, another worker) put in service."""
        now = time.monotonic()
        if self._engine is None or now - self._checked < self.settings.index_check_seconds:
            return
        self._checked = now
        pointer = _read_pointer(self.settings.index_dir)
        if not pointer or pointer == self._pointer or not self._swap_lock.acquire(blocking=False):
            return
        try:
            if pointer == self._pointer:
                return
            index = load_index(self.settings.index_dir, space=self.embedder.vector_space)
            self._engine = self._open(index)
            self._pointer = pointer
            _record_index(index)
            log.info("loaded new index %s", pointer)
        except HiringAdvisorError as exc:
            self._pointer = pointer  # do not retry a broken build on every request
            log.error("new index %s not loaded: %s", pointer, exc)
        finally:
            self._swap_lock.release()

    # --- chat ---------------------------------------------------------------------------------

    def chat(self, message: str, session_id: str | None) -> ChatResult:
        """Answer a message in its conversation (a new one for an unknown or expired id).

        When the store cannot be read or written the answer is still given: the conversation
        goes on without its earlier context, and the result says the turn was not saved.
        """
        engine = self.engine
        asked_for = session_id
        try:
            session_id, raw_state = self.store.load_session(session_id)
        except StoreUnavailable as exc:
            self._store_failed(exc)
            session_id, raw_state = session_id or new_id("s"), {}
        try:
            answer, state = engine.reply(message, DialogueState.from_dict(raw_state))
        except Exception as exc:  # noqa: BLE001 - one message's fault must not end the chat
            # A fault in reading one message: logged with its trace, answered plainly, and the
            # conversation kept as it was (its state is not changed by the failed turn).
            self._turn_failed(exc, session_id)
            answer = Answer(TURN_FAILED, False, AnswerKind.REFUSED, NOT_COVERED,
                            f"turn failed: {type(exc).__name__}")
            state = DialogueState.from_dict(raw_state)
        turn = self.turn_of(message, answer)
        # What people typed is kept as their question only: not quoted in the stored answer
        # unless the settings say message text may be kept (api.answer.quoting).
        private = answer if self.settings.log_messages else answer.without_quotes()
        stored = turn if private is answer else replace(turn, answer=private.text,
                                                        detail=private.detail)
        metrics.record_answer(turn.answered, turn.reason)
        try:
            message_id = self.store.save_turn(
                session_id, state.to_dict(), stored, low_score=self.settings.low_score,
                new_session=session_id != asked_for)
        except StoreUnavailable as exc:
            self._store_failed(exc)
            metrics.TURNS_NOT_SAVED.inc()
            log.warning("turn not saved", extra={"fields": {"reason": str(exc)}})
            return ChatResult(session_id, new_id("m"), turn, saved=False)
        self._store_worked()
        return ChatResult(session_id, message_id, turn)

    @staticmethod
    def turn_of(message: str, answer: Answer) -> Turn:
        """The turn a message and its answer make, as the store keeps it."""
        return Turn(
            question=message,
            answer=answer.text,
            answered=answer.answered,
            kind=str(answer.kind),
            score=answer.score,
            sources=[source_of(h) for h in answer.used],
            suggestions=list(answer.suggestions),
            data=answer.data,
            reason=str(answer.reason or ""),
            detail=answer.detail,
            route=answer.route,
        )

    def _turn_failed(self, error: Exception, session_id: str) -> None:
        """Log a turn's fault with its trace; the error's own message (which may repeat what
        was typed) only where message text may be logged."""
        if self.settings.log_messages:
            log.exception("turn failed", extra={"fields": {"session": session_id}})
            return
        log.error("turn failed", extra={"fields": {
            "session": session_id, "error": type(error).__name__,
            "trace": "".join(traceback.format_tb(error.__traceback__))}})

    def kit(self, kind: str, role: str, level: str | None = None, location: str | None = None,
            session_id: str | None = None, omit: Sequence[str] = (), *,
            sources: bool = True) -> dict[str, Any]:
        """A hiring kit drafted from the knowledge in service, without the sections `omit`
        names, as the API returns it (`sources` False: its Markdown is the ad alone); a level
        or place left out comes from the conversation `session_id` when it is about the role.

        Raises:
            KitError: an unknown kind, role, level, place or section, or no content for the
                role (the message lists what the knowledge has).
        """
        engine = self.engine
        frame = None
        if session_id and not (level and location):
            try:
                _, raw_state = self.store.load_session(session_id)
            except StoreUnavailable as exc:  # the kit is drafted from the request alone
                self._store_failed(exc)
                raw_state = {}
            frame = DialogueState.from_dict(raw_state).frame
        return engine.draft_kit(kind, role, level, location, frame, omit).to_dict(
            sources=sources)

    def search(self, query: str, top_k: int) -> list[dict[str, Any]]:
        """Ranked snippets for a query (empty when nothing relevant)."""
        return [source_of(h) for h in self.engine.search(query, top_k)]

    def history(self, session_id: str) -> list[dict[str, Any]] | None:
        """A live session's turns, for a client restoring the conversation.

        Raises:
            StoreUnavailable: the store cannot be read.
        """
        rows: list[Any] | None = self._stored(self.store.history, session_id)
        if rows is None:
            return None
        return [
            {
                "message_id": r.id,
                "question": r.question,
                "answer": r.answer,
                "answered": r.answered,
                "sources": r.sources,
                "suggestions": r.suggestions,
                "data": r.data,
                "rating": r.rating,
                "created_at": r.created_at.isoformat(),
            }
            for r in rows
        ]

    def feedback(self, message_id: str, rating: str, comment: str | None) -> None:
        """Record a rating.

        Raises:
            UnknownMessageError: no such message.
            StoreUnavailable: the store cannot be written.
        """
        self._stored(self.store.add_feedback, message_id, rating, comment)

    def gaps(self, limit: int = 50) -> list[GapGroup]:
        return self._stored(self.store.gaps, limit)

    def use_store(self, action: Callable[[Store], T]) -> T:
        """Run `action` on the store, keeping `store_problem` up to date (the console's reads).

        Raises:
            StoreUnavailable: the store cannot be read or written.
        """
        return self._stored(action, self.store)

    def _stored(self, action: Callable[..., T], *args: Any) -> T:
        """Run a store action, keeping `store_problem` up to date."""
        try:
            result = action(*args)
        except StoreUnavailable as exc:
            self._store_failed(exc)
            raise
        self._store_worked()
        return result

    # --- the profile ------------------------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        """The assistant's own lines and starter questions (the widget shows them)."""
        assistant = self.engine.assistant
        return {
            "name": assistant.name,
            "greeting": assistant.greeting,
            "placeholder": assistant.placeholder,
            "scope": assistant.scope,
            "starters": list(assistant.starters),
            "company": company.name if (company := self.engine.domain.company.company) else None,
        }

    # --- reindex ------------------------------------------------------------------------------

    def reindex(self, *, force: bool = False, check_only: bool = False, keep: bool = False,
                actor: str = "admin API") -> PublishResult:
        """Rebuild from the knowledge (incrementally), run the content's checks on the index in
        service and on the new build, and swap the new one in if the gate passes (or `force`).

        `check_only` and `keep` are `publish`'s: the content console checks a build without
        publishing it, and keeps a build that is not published as the candidate.

        Every publish is counted by outcome (`hiring_advisor_reindex_total`), the admin route's
        included."""
        with self._reindex_lock:
            synced = self.sync_content()
            try:
                result = publish(
                    self.settings.knowledge_dir, self.settings.index_dir, self.embedder,
                    self._open, force=force, if_stale=not force, serving=self.engine,
                    check_only=check_only, keep=keep, actor=actor,
                )
                if synced is not None and result.build is not None:
                    note_build_revision(result.build.path, synced.revision)
                self._swap_in(result)
            except Exception:
                metrics.record_reindex(None)
                raise
            self._note_published(result, actor)
            if not check_only:
                metrics.record_reindex(result.status)
            return result

    def publish_candidate(self, *, force: bool = False, actor: str = "admin API"
                          ) -> PublishResult:
        """Put the build the console checked and kept in service (see `publish_candidate`)."""
        with self._reindex_lock:
            result = publish_candidate(self.settings.index_dir, self.embedder, self._open,
                                       force=force, actor=actor)
            self._swap_in(result)
            self._note_published(result, actor)
            if result.status == PublishStatus.PUBLISHED:
                metrics.record_reindex(result.status)
            return result

    def roll_back(self, *, actor: str = "admin API") -> PublishResult:
        """Serve the build that was in service before the current one again, here at once and
        in every other process within `index_check_seconds`."""
        with self._reindex_lock:
            result = roll_back_to_previous(self.settings.index_dir, self.embedder, self._open,
                                           actor=actor)
            self._swap_in(result)
            self._note_published(result, actor)
            return result

    def _swap_in(self, result: PublishResult) -> None:
        if result.status in (PublishStatus.PUBLISHED, PublishStatus.ROLLED_BACK) \
                and result.engine is not None:
            self._swap(result.engine)

    def other_build(self) -> tuple[str, Engine] | None:
        """The build to compare the one in service with: the candidate when there is one,
        else the build in service before (None when neither is on disk), as ("candidate" or
        "previous", its engine)."""
        index_dir = self.settings.index_dir
        found = read_candidate(index_dir)
        kind, build = ("candidate", found[0]) if found else ("previous", previous_build(index_dir))
        if build is None:
            self._other = None  # let a build that is gone go from memory too
            return None
        cached = self._other
        if cached is None or cached[0] != build:
            index = load_build(build, space=self.embedder.vector_space)
            cached = self._other = (build, self._open(index))
        return kind, cached[1]


def reindex_payload(result: PublishResult) -> dict[str, Any]:
    """A publish result as the reindex endpoint returns it."""
    payload: dict[str, Any] = {
        "status": result.status,
        "message": result.message,
        "summary": result.build.summary() if result.build else "",
        "build": result.build.path.name if result.build else "",
        "problems": [{"path": p.path, "line": p.line, "message": p.message}
                     for p in result.problems],
        "gate": None,
    }
    if result.gate is not None:
        payload["gate"] = gate_payload(result.gate)
    return payload


def _record_index(index: SearchIndex) -> None:
    """Publish which index is served (build id, model, size, build time) as metrics."""
    manifest = index.manifest
    built = datetime.fromisoformat(manifest.built_at).timestamp()
    metrics.record_index(index.path.name, manifest.vector_space, len(index.snippets), built)


def _read_pointer(index_dir: Path) -> str:
    try:
        return (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return ""
