"""The knowledge's revisions on a PostgreSQL server: the tests of
tests/component/store/test_content_store.py again (collected here, where `new_database` is
PostgreSQL's: tests/system/conftest.py), the 50 concurrent saves above all."""

from __future__ import annotations

from tests.component.store.test_content_store import (  # noqa: F401 - collected again here
    store,
    test_a_save_on_an_old_revision_is_a_conflict_naming_the_latest,
    test_deleting_reverting_and_making_a_file_again,
    test_documents_imported_and_publishes_are_kept,
    test_fifty_concurrent_saves_lose_no_revision,
    test_the_knowledge_at_a_revision_and_the_log,
    test_the_shipped_knowledge_seeds_an_empty_store_once,
)
