"""The console's accounts in the store, on SQLite: added, found in any case, listed, given
another role or password, removed; a password checked (and its hash made again when the
parameters change); errors a person can act on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher, profiles

from api.store import passwords
from api.store.accounts import AccountExists, UnknownAccount
from api.store.passwords import InvalidAccount, hash_password, verify_password
from api.store.records import StoreUnavailable
from api.store.repository import Store
from api.store.roles import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture
def store(database_url) -> Store:
    s = Store(database_url, session_ttl=timedelta(hours=1), max_turns=50)
    yield s
    s.close()


def test_an_account_is_added_found_in_any_case_and_listed(store):
    added = store.add_account("  Ann   Lee ", Role.EDITOR, hash_password(PASSWORD))
    store.add_account("bob", Role.ADMIN, hash_password(PASSWORD))
    store.add_account("Cy", Role.VIEWER, hash_password(PASSWORD))
    assert (added.name, added.role) == ("Ann Lee", Role.EDITOR)
    assert added.created_at == added.updated_at and added.created_at.tzinfo is not None
    assert store.account("ann lee") == added == store.account(" ANN  LEE ")
    assert store.account("Ann") is None
    assert [(a.name, a.role) for a in store.accounts()] == [
        ("Ann Lee", Role.EDITOR), ("bob", Role.ADMIN), ("Cy", Role.VIEWER)]
    assert PASSWORD not in repr(added) and "argon2" not in repr(added)  # logs show no hash


def test_two_accounts_never_differ_in_case_alone(store):
    store.add_account("Ann", Role.EDITOR, hash_password(PASSWORD))
    for name in ("Ann", "ann", " ANN "):
        with pytest.raises(AccountExists, match="exists already"):
            store.add_account(name, Role.VIEWER, hash_password(PASSWORD))
    assert [a.role for a in store.accounts()] == [Role.EDITOR]


def test_a_name_that_breaks_the_rules_is_not_stored(store):
    with pytest.raises(InvalidAccount, match="letters, digits"):
        store.add_account("ann/lee", Role.EDITOR, hash_password(PASSWORD))
    with pytest.raises(InvalidAccount, match="admin token's name"):
        store.add_account("automation", Role.ADMIN, hash_password(PASSWORD))
    assert store.accounts() == []


def test_a_role_and_a_password_are_changed_and_an_account_removed(store):
    added = store.add_account("Ann", Role.EDITOR, hash_password(PASSWORD))
    promoted = store.set_role("ann", Role.PUBLISHER)
    assert promoted.role == Role.PUBLISHER and promoted.updated_at >= added.updated_at
    assert store.account("Ann").role == Role.PUBLISHER
    store.set_password_hash("ANN", hash_password("another good password"))
    assert store.authenticate("Ann", PASSWORD) is None
    assert store.authenticate("Ann", "another good password").name == "Ann"
    removed = store.remove_account("ann")
    assert removed.name == "Ann" and store.account("Ann") is None and store.accounts() == []
    for change in (lambda: store.set_role("Ann", Role.ADMIN),
                   lambda: store.set_password_hash("Ann", "x"),
                   lambda: store.remove_account("Ann")):
        with pytest.raises(UnknownAccount, match="no account named 'Ann'"):
            change()


def test_authenticate_takes_the_right_password_only(store):
    store.add_account("Ann", Role.EDITOR, hash_password(PASSWORD))
    assert store.authenticate("ann", PASSWORD).role == Role.EDITOR
    assert store.authenticate("Ann", PASSWORD.upper()) is None
    assert store.authenticate("Ann", "") is None
    assert store.authenticate("Nobody", PASSWORD) is None


def test_a_hash_made_with_older_parameters_is_made_again_on_sign_in(store, monkeypatch):
    store.add_account("Ann", Role.EDITOR, hash_password(PASSWORD))  # the tests' cheap one
    old = store.account("Ann").password_hash
    cheap = profiles.CHEAPEST
    stronger = PasswordHasher(time_cost=cheap.time_cost + 1, memory_cost=cheap.memory_cost,
                              parallelism=cheap.parallelism, hash_len=cheap.hash_len,
                              salt_len=cheap.salt_len)
    monkeypatch.setattr(passwords, "HASHER", stronger)
    assert store.authenticate("Ann", PASSWORD) is not None
    renewed = store.account("Ann").password_hash
    assert renewed != old and f"t={stronger.time_cost}" in renewed
    assert verify_password(renewed, PASSWORD)
    assert store.authenticate("Ann", PASSWORD) is not None
    assert store.account("Ann").password_hash == renewed  # once only


def test_a_store_that_cannot_be_reached_says_so(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database's directory should be")
    store = Store(f"sqlite:///{blocker}/chat.db", session_ttl=timedelta(hours=1), max_turns=5)
    try:
        for action in (store.accounts, lambda: store.account("Ann"),
                       lambda: store.add_account("Ann", Role.EDITOR, "x"),
                       lambda: store.authenticate("Ann", PASSWORD)):
            with pytest.raises(StoreUnavailable):
                action()
    finally:
        store.close()
