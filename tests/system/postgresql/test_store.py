"""The store on a PostgreSQL server: the tests of tests/component/store/test_store.py again
(collected here, where `new_database` is PostgreSQL's: tests/system/conftest.py). What only a
server has is in test_server.py."""

from __future__ import annotations

from tests.component.store.test_store import (  # noqa: F401 - collected again here
    store,
    test_a_full_disk_fails_clearly_and_writes_resume,
    test_a_new_session_is_written_without_an_update_and_numbers_from_one,
    test_a_read_only_database_fails_clearly_and_loses_nothing,
    test_a_turn_comes_back_as_it_was_stored,
    test_concurrent_turns_in_one_session_each_keep_their_number,
    test_console_sign_outs_are_kept_until_the_cookie_would_expire,
    test_feedback_needs_a_known_message_and_records_gaps,
    test_gaps_group_wordings_and_count_reasons,
    test_purge_deletes_expired_conversations_and_old_gaps_only,
    test_sessions_expire_after_the_idle_time,
    test_several_processes_setting_up_a_new_database_never_fail,
    test_state_and_turns_are_kept_and_trimmed,
)
