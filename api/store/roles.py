"""Who may do what in the content console and the admin API (kept with the accounts, in the
store, so that both the admin API and the console read it): four roles, each allowed what the
ones below it are.

- viewer: reads the console (conversations, gaps, knowledge, builds, revisions)
- editor: also saves drafts of knowledge files, imports documents, runs checks
- publisher: also publishes, reverts revisions and rolls back builds
- admin: also manages accounts

The admin token is the account "automation", with the admin role.
"""

from __future__ import annotations

from enum import IntEnum

AUTOMATION = "automation"  # the account the admin token stands for


class Role(IntEnum):
    """A role; a higher one may do all that a lower one may."""

    VIEWER = 1
    EDITOR = 2
    PUBLISHER = 3
    ADMIN = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named `text` (any case); ValueError naming the four otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.label for r in cls)
            raise ValueError(f"unknown role {text!r}: one of {names}") from None
