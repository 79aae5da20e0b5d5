"""Commands on the accounts of the content console and the admin API: add, list, remove, change
a role, set a password. A password is asked for twice without showing it, or read from stdin
(`--password-stdin`, for scripts); it is kept only as its argon2 hash."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import Command, fail, new_app, with_store
from api.store.accounts import AccountExists, UnknownAccount
from api.store.passwords import InvalidAccount, account_name, check_password, hash_password
from api.store.roles import AUTOMATION, Role

ROLES = ", ".join(r.label for r in Role)

users_app = new_app(
    "The accounts of the content console (/admin) and the admin API, each with a role.\n\n"
    f"The roles: {ROLES}; each may do what the ones before it may. The admin token is the "
    f"account {AUTOMATION!r}, an admin.\n\nExample: `hiring-advisor users add Ann --role "
    "editor`")


def _name(value: str) -> str:
    try:
        return account_name(value)
    except InvalidAccount as exc:
        raise typer.BadParameter(str(exc)) from None


def _role(value: str) -> str:
    try:
        return Role.parse(value).label
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


NameArg = Annotated[str, typer.Argument(help="The account's name (letters, digits, spaces and "
                                        ". _ @ -; at most 60).", callback=_name)]
RoleArg = Annotated[str, typer.Argument(help=f"One of {ROLES}.", callback=_role)]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of stdin instead of "
    "asking for it.")]


def _password(from_stdin: bool) -> str:
    """The new password: stdin's first line, or typed twice without showing it; checked
    (exit 2 when it is too short)."""
    if from_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    else:
        password = typer.prompt("Password (12 characters at least)", hide_input=True,
                                confirmation_prompt="Repeat it")
    try:
        return check_password(password)
    except InvalidAccount as exc:
        raise fail(exc, 2) from None


def _known(name: str) -> str:
    """The stored name of the account `name` (any case); exit 1 when there is none."""
    found = with_store(lambda store: store.account(name))
    if found is None:
        raise fail(UnknownAccount(f"no account named {name!r}; `hiring-advisor users list` "
                                  "shows them"))
    return found.name


@users_app.command("add", cls=Command)
def users_add_command(
    name: NameArg,
    role: Annotated[str, typer.Option(help=f"One of {ROLES}.", callback=_role)],
    password_stdin: PasswordStdin = False,
) -> None:
    """Add an account with a role; its password is asked for twice (or read from stdin).

    Example: `hiring-advisor users add "Ann Lee" --role publisher`
    """
    if with_store(lambda store: store.account(name)) is not None:
        raise fail(AccountExists(f"an account named {name!r} exists already"))
    digest = hash_password(_password(password_stdin))
    added = with_store(lambda store: store.add_account(name, Role.parse(role), digest))
    typer.echo(f"added {added.name!r} ({added.role.label})")


@users_app.command("list", cls=Command)
def users_list_command() -> None:
    """List the accounts: name, role, and when each was added.

    Example: `hiring-advisor users list`
    """
    accounts = with_store(lambda store: store.accounts())
    if not accounts:
        typer.echo("No accounts yet: `hiring-advisor users add NAME --role editor` adds one "
                   f"(the admin token signs in as {AUTOMATION!r}).")
        return
    table = Table("name", "role", "created", box=None, padding=(0, 2, 0, 0))
    for account in accounts:
        table.add_row(account.name, account.role.label,
                      f"{account.created_at:%Y-%m-%d %H:%M} UTC")
    Console(highlight=False).print(table)


@users_app.command("remove", cls=Command)
def users_remove_command(name: NameArg) -> None:
    """Remove an account: its sessions are refused from their next request on.

    Example: `hiring-advisor users remove "Ann Lee"`
    """
    removed = with_store(lambda store: store.remove_account(name))
    typer.echo(f"removed {removed.name!r} ({removed.role.label})")


@users_app.command("set-role", cls=Command)
def users_set_role_command(name: NameArg, role: RoleArg) -> None:
    """Give an account another role; it applies to its sessions at once.

    Example: `hiring-advisor users set-role "Ann Lee" viewer`
    """
    changed = with_store(lambda store: store.set_role(name, Role.parse(role)))
    typer.echo(f"{changed.name!r} is now {changed.role.label}")


@users_app.command("set-password", cls=Command)
def users_set_password_command(name: NameArg, password_stdin: PasswordStdin = False) -> None:
    """Set an account's password, asked for twice (or read from stdin).

    Example: `hiring-advisor users set-password "Ann Lee"`
    """
    known = _known(name)
    digest = hash_password(_password(password_stdin))
    with_store(lambda store: store.set_password_hash(known, digest))
    typer.echo(f"the password of {known!r} is set")
