"""The store's reads for the console on a PostgreSQL server: the tests of
tests/component/store/test_console_reads.py again (collected here, where `new_database` is
PostgreSQL's: tests/system/conftest.py)."""

from __future__ import annotations

from tests.component.store.test_console_reads import (  # noqa: F401 - collected again here
    store,
    test_conversations_are_summed_up_and_reviewed,
    test_days_count_turns_and_ratings,
    test_days_keep_the_turns_a_long_conversation_trims,
    test_days_outlive_the_conversations_a_purge_deletes,
    test_marks_filters_and_statuses_of_gap_groups,
)
