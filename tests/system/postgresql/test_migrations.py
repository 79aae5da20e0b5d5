"""Schema migrations on a PostgreSQL server: the tests of
tests/component/store/test_migrations.py again (collected here, where `new_database` is
PostgreSQL's: tests/system/conftest.py)."""

from __future__ import annotations

from tests.component.store.test_migrations import (  # noqa: F401 - collected again here
    test_a_database_made_before_migrations_is_upgraded_without_losing_a_turn,
    test_a_database_migrated_by_a_newer_version_is_unavailable_not_damaged,
    test_a_database_that_the_first_0003_migrated_gets_its_sign_out_table,
    test_a_failed_migration_changes_nothing,
    test_db_upgrade_and_current_commands,
    test_migration_0003_counts_the_days_already_kept,
    test_migration_0005_keeps_the_route_of_each_turn,
    test_migrations_make_the_schema_of_the_models_and_go_back,
    test_revision_0001_is_the_schema_that_create_all_made,
)
