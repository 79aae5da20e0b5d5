"""What the chat service does with the knowledge's revisions (api.store.content): keep its
knowledge directory in sync with them before it builds or shows the knowledge, and note which
revision went into service with each publish (`ContentActions`, a part of `ChatService`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from api.config import Settings
from api.embedding.base import BaseEmbedder
from api.errors import HiringAdvisorError, IndexLoadError
from api.index.build import index_status
from api.index.lifecycle import current_build
from api.publish.publishing import PublishResult, PublishStatus
from api.serve.content import SyncReport, build_revision, sync
from api.store.content import SEED_AUTHOR
from api.store.records import StoreUnavailable
from api.store.repository import Store

log = logging.getLogger("hiring_advisor")


class ContentActions:
    """The knowledge directory as a working copy of the store's revisions."""

    settings: Settings
    store: Store
    embedder: BaseEmbedder
    _content_lock: threading.Lock

    # ChatService's: runs a store action, keeping the store's health up to date.
    _stored: Callable[..., Any]

    def sync_content(self) -> SyncReport | None:
        """Bring the knowledge directory and the store's revisions together (the store wins a
        conflict; see api.serve.content); None when the store cannot be used: the directory is
        then built as it is, and the failure is reported like any other of the store's."""
        with self._content_lock:
            try:
                report = self._stored(sync, self.store, self.settings.knowledge_dir)
                if report.seeded:
                    self._seeded_in_service(report.revision)
                return report
            except StoreUnavailable as exc:
                log.warning("knowledge not synced with the store: %s", exc)
            except (OSError, UnicodeDecodeError) as exc:  # a file that cannot be read: the
                log.warning("knowledge directory not synced: %s", exc)  # build will say where
            return None

    def _seeded_in_service(self, revision: int) -> None:
        """The knowledge just seeded is what the build in service was made from: note it as
        published, so that the draft's changes start from there."""
        settings = self.settings
        try:
            status = index_status(settings.knowledge_dir, settings.index_dir,
                                  self.embedder.vector_space)
        except HiringAdvisorError as exc:  # invalid knowledge, or no index: not in service
            log.warning("seeded knowledge not noted as published: %s", exc)
            return
        if status.fresh:
            self.store.record_publish(revision, current_build(settings.index_dir).name,
                                      SEED_AUTHOR)

    def _note_published(self, result: PublishResult, actor: str) -> None:
        """Record in the store which revision of the knowledge is now in service."""
        if result.status not in (PublishStatus.PUBLISHED, PublishStatus.ROLLED_BACK):
            return
        try:
            build = current_build(self.settings.index_dir)
            revision = build_revision(build)
            if revision is not None:
                self._stored(self.store.record_publish, revision, build.name, actor)
        except (StoreUnavailable, IndexLoadError, OSError) as exc:
            log.warning("publish not recorded with the knowledge's revisions: %s", exc)

