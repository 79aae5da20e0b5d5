"""A throwaway PostgreSQL server for tests, made from Debian's binaries (initdb, pg_ctl).

    with postgres_server() as server:
        url = server.new_database("replicas")  # postgresql+psycopg://advisor:…@127.0.0.1:PORT/…

The cluster lives in a temporary directory, listens on a free port of 127.0.0.1 only (no Unix
socket), checks passwords with SCRAM, and is stopped and deleted on exit. initdb refuses to run
as root, so as root the server runs as the `postgres` system user.

tests/system/conftest.py makes one server for the whole test run (the fixture `postgres`) and
new, empty databases on it (`new_database`, behind `database_url`); without the binaries those
tests skip, and fail when CI=true. The same store and migration tests run on SQLite in
tests/component/store, where `new_database` makes SQLite files.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from tests.support.live import free_port

BINARIES = Path("/usr/lib/postgresql")
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "password_encryption": "'scram-sha-256'",
}
# A throwaway cluster: durability is not what its tests are about, speed is (the bench asks
# for a durable one, as production runs).
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/VERSION/bin that holds initdb and pg_ctl."""
    found = [path for path in BINARIES.glob("*/bin")
             if (path / "initdb").exists() and (path / "pg_ctl").exists()]
    return max(found, key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)] or [0],
               default=None)


def postgres_problem() -> str | None:
    """Why a PostgreSQL server cannot be started here; None when it can."""
    if find_bindir() is None:
        return (f"PostgreSQL's server binaries are not in {BINARIES}/*/bin "
                "(apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "initdb refuses to run as root, and there is no `postgres` system user"
        if shutil.which("runuser") is None:
            return "runuser (util-linux) is needed to run PostgreSQL as `postgres` from root"
    return None


def require_postgres() -> None:
    """Skip the calling test without a PostgreSQL server to start; fail it when CI=true."""
    problem = postgres_problem()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL tests need PostgreSQL in CI: {problem}")
        pytest.skip(problem)


@dataclass
class PostgresServer:
    """A running cluster: `user` (not a superuser) logs in with `password` over TCP."""

    port: int
    password: str
    admin_password: str
    user: str = "advisor"
    host: str = "127.0.0.1"
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def url(self, database: str, *, admin: bool = False) -> str:
        """A SQLAlchemy URL (psycopg 3) for `database`, as the application user or the
        superuser `postgres`."""
        return URL.create(
            "postgresql+psycopg", username="postgres" if admin else self.user,
            password=self.admin_password if admin else self.password, host=self.host,
            port=self.port, database=database,
        ).render_as_string(hide_password=False)

    def new_database(self, name: str = "test") -> str:
        """Create an empty database owned by the application user; its URL. `name` is made
        into a valid, unique database name (a test's name will do)."""
        from psycopg import sql

        stem = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:48] or "test"
        database = f"{stem}_{next(self._numbers)}"
        self.execute_as_admin(sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(database), sql.Identifier(self.user)))
        return self.url(database)

    def execute_as_admin(self, statement: object, database: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE, ALTER
        ROLE, pg_terminate_backend …)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user="postgres",
                             password=self.admin_password, dbname=database,
                             autocommit=True) as connection:
            connection.execute(statement)  # type: ignore[arg-type]


@contextmanager
def postgres_server(*, durable: bool = False) -> Iterator[PostgresServer]:
    """Start a new cluster in a temporary directory; stop and delete it on exit. `durable`:
    PostgreSQL's own defaults (every commit synced), else no syncing at all.

    Raises:
        RuntimeError: PostgreSQL cannot be started here (`postgres_problem()` says why) or did
            not start (with its log).
    """
    problem = postgres_problem()
    if problem:
        raise RuntimeError(problem)
    bindir = find_bindir()
    assert bindir is not None
    owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="hiring-advisor-pg-"))
    data = root / "data"
    started = False
    try:
        admin_password = secrets.token_urlsafe(18)
        pwfile = root / "pwfile"
        pwfile.write_text(admin_password + "\n")
        pwfile.chmod(0o600)
        if owner is not None:
            for path in (root, pwfile):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        _run(owner, root, bindir / "initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile,
             "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync",
             "--no-instructions")
        pwfile.unlink()
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            settings = SETTINGS if durable else {**SETTINGS, **FAST}
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        for attempt in range(3):  # a free port can be taken before the server binds it
            port = free_port()
            try:
                _run(owner, root, bindir / "pg_ctl", "start", "-D", data, "-l", root / "log",
                     "-w", "-t", "60", "-o", f"-p {port}")
            except RuntimeError:
                if attempt == 2:
                    raise
                continue
            started = True
            break
        # '@', '%' and '/' in the password check that URLs are escaped wherever they are used.
        server = PostgresServer(port=port, admin_password=admin_password,
                                password=f"p@ss%w/rd-{secrets.token_urlsafe(12)}")
        from psycopg import sql

        server.execute_as_admin(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(server.user), sql.Literal(server.password)))
        yield server
    finally:
        if started:
            subprocess.run(_as(owner, bindir / "pg_ctl", "stop", "-D", data, "-m", "immediate",
                               "-w", "-t", "30"), cwd=root, capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


def backend_of(url: str) -> str:
    """'sqlite' or 'postgresql'."""
    return url.split(":", 1)[0].split("+", 1)[0]


def _as(owner: pwd.struct_passwd | None, *command: object) -> list[str]:
    prefix = ["runuser", "-u", owner.pw_name, "--"] if owner is not None else []
    return prefix + [str(part) for part in command]


def _run(owner: pwd.struct_passwd | None, cwd: Path, *command: object) -> None:
    result = subprocess.run(_as(owner, *command), cwd=cwd, capture_output=True, text=True,
                            check=False, timeout=120)
    if result.returncode != 0:
        log = cwd / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{Path(str(command[0])).name} failed ({result.returncode}):\n"
                           f"{result.stdout}{result.stderr}{tail}")
