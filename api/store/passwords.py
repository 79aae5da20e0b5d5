"""Passwords and account names of the console's accounts: the rules a name and a password must
meet, and passwords kept as argon2id hashes (argon2-cffi: salted, compared in constant time,
hashed again when the parameters change).

Here, beside the accounts, so that the console (api.console) and the admin API (api.serve)
share one home for them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.errors import HiringAdvisorError
from api.store.roles import AUTOMATION

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing is slow on purpose: no megabyte of password to hash
MAX_NAME = 60  # the `accounts.name` column, and the author columns that record it
_NAME = re.compile(r"[^\W_]|[ ._@-]")  # letters and digits of any script, and these
# argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile: 64 MiB, 3 passes);
# tests swap in a cheaper hasher.
HASHER = PasswordHasher()


class InvalidAccount(HiringAdvisorError, ValueError):
    """An account name or a password that breaks the rules; the message says which and how.
    A ValueError too, so that a request model's validator turns it into a 422."""


def account_name(text: str) -> str:
    """`text` as an account name: trimmed, runs of spaces made one, in Unicode's composed form;
    1 to 60 letters, digits, spaces and `. _ @ -`; not the admin token's own name.

    Raises:
        InvalidAccount: the name breaks one of those rules.
    """
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name:
        raise InvalidAccount("give the account a name")
    if len(name) > MAX_NAME:
        raise InvalidAccount(f"an account name has at most {MAX_NAME} characters "
                             f"(this one has {len(name)})")
    wrong = sorted({c for c in name if not _NAME.fullmatch(c)})
    if wrong:
        shown = " ".join(repr(c) for c in wrong)
        raise InvalidAccount(f"an account name may hold letters, digits, spaces and . _ @ - "
                             f"only, not {shown}")
    if name.casefold() == AUTOMATION:
        raise InvalidAccount(f"{AUTOMATION!r} is the admin token's name; choose another")
    return name


def check_password(password: str) -> str:
    """`password` when it is long enough to keep (12 to 1024 characters).

    Raises:
        InvalidAccount: it is too short or too long.
    """
    if len(password) < MIN_PASSWORD:
        raise InvalidAccount(f"a password needs at least {MIN_PASSWORD} characters "
                             f"(this one has {len(password)}); a few words make a good one")
    if len(password) > MAX_PASSWORD:
        raise InvalidAccount(f"a password has at most {MAX_PASSWORD} characters")
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of a password that meets the rules (a new salt every time).

    Raises:
        InvalidAccount: the password is too short or too long.
    """
    return HASHER.hash(check_password(password))


def renew_hash(password: str) -> str:
    """A hash of `password` with the parameters in use now, for one that verified against an
    older hash (whatever rules it was set under)."""
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` is the one `password_hash` was made from (in constant time)."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the ones in use now."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def waste_time(password: str) -> None:
    """Verify `password` against a hash of nothing: what signing in to an unknown name costs,
    so that the time of a refusal does not tell a wrong name from a wrong password."""
    verify_password(_decoy(HASHER.time_cost, HASHER.memory_cost), password)


@cache
def _decoy(time_cost: int, memory_cost: int) -> str:
    return HASHER.hash("not a password of anyone's")
