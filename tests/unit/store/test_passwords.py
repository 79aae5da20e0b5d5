"""The rules of account names and passwords, and passwords kept as argon2 hashes (no database:
the store's accounts are in tests/component/store/test_accounts.py)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles

from api.store import passwords
from api.store.passwords import (
    InvalidAccount,
    account_name,
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)

GOOD = "correct horse battery staple"


def test_a_password_is_kept_as_a_salted_argon2id_hash_that_verifies():
    first, second = hash_password(GOOD), hash_password(GOOD)
    assert first.startswith("$argon2id$") and GOOD not in first
    assert first != second  # a new salt each time
    assert verify_password(first, GOOD) and verify_password(second, GOOD)
    assert not verify_password(first, GOOD + " ")
    assert not verify_password(first, "")
    assert not verify_password("not a hash at all", GOOD)


@pytest.mark.parametrize("password, message", [
    ("", "at least 12 characters (this one has 0)"),
    ("eleven char", "at least 12 characters (this one has 11)"),
    ("x" * 1025, "at most 1024 characters"),
])
def test_a_password_too_short_or_too_long_is_refused_saying_why(password, message):
    with pytest.raises(InvalidAccount, match=message.replace("(", r"\(").replace(")", r"\)")):
        hash_password(password)
    with pytest.raises(ValueError):  # a request model's validator makes it a 422
        check_password(password)


def test_twelve_characters_are_enough():
    assert check_password("twelve chars") == "twelve chars"


def test_a_hash_made_with_other_parameters_is_to_be_made_again(monkeypatch):
    old = hash_password(GOOD)
    assert not needs_rehash(old)
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher.from_parameters(
        profiles.RFC_9106_LOW_MEMORY))
    assert needs_rehash(old)
    assert verify_password(old, GOOD)  # the old hash still verifies, with its own parameters
    assert needs_rehash("garbage")


@pytest.mark.parametrize("given, kept", [
    ("  Ann   Lee ", "Ann Lee"),
    ("ann.lee@example.org", "ann.lee@example.org"),
    ("Zoë Ångström-Ōta_2", "Zoë Ångström-Ōta_2"),
    ("Zoe\u0308", "Zoë"),  # the composed form: one account, however it was typed
    ("x" * 60, "x" * 60),
])
def test_account_names_are_trimmed_and_kept(given, kept):
    assert account_name(given) == kept


@pytest.mark.parametrize("given, message", [
    ("", "give the account a name"),
    ("   ", "give the account a name"),
    ("x" * 61, "at most 60 characters"),
    ("ann/lee", "not '/'"),
    ("<b>ann</b>", "not '/' '<' '>'"),
    ("ann\tlee\x00", "not '\\x00'"),
    ("Automation", "the admin token's name"),
])
def test_account_names_that_break_the_rules_are_refused_saying_why(given, message):
    with pytest.raises(InvalidAccount) as caught:
        account_name(given)
    assert message in str(caught.value)
