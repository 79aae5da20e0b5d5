"""The production image, proved without Docker (its files are linted and checked in
tests/unit/test_docker_files.py).

The Dockerfile is read as Docker reads it (stages, ENV, WORKDIR, COPY, RUN,
USER, HEALTHCHECK, CMD) and its steps are run into a temporary root directory that stands for
the image's file system, with `/app` and `/opt/venv` under it. COPY copies exactly what it names,
through .dockerignore, so a missing COPY or an ignored input fails here as it would in
`docker build`. Each stage gets its own root at the same path, so the runtime stage holds only
what it copies from the build stage. RUN commands run as written, except those that download or
need a system user, which have stand-ins (`STAND_INS`; a RUN command the test does not know
fails it):

- `python -m venv` makes the virtualenv without pip, plus one `.pth` line naming this project's
  site-packages: the packages the image would download are the ones installed here (the same
  pins), and this project's own checkout is not on that path (no editable-install hook runs).
  Where the image's user could not reach them (a checkout in a `mktemp -d` directory), the line
  names hard links to them beside the image's root instead.
- `pip install ... torch==X` checks that the torch installed here is that version's CPU build.
- `pip install .` installs the copied source into the new virtualenv, offline (`--no-deps
  --no-build-isolation --no-index`): the server imports `api` from the copy, not from here.
- `pip uninstall torch` puts a `torch` in the new virtualenv that fails to import, hiding the
  one installed here: whatever imports torch after that fails as it would in the image.
- `groupadd`/`useradd`/`install --owner`: the image's UID owns what it would own, and commands
  after `USER` run as that UID (`setpriv`) when the tests run as root; otherwise as the current
  user, and the ownership part is not proved.

The ONNX export is made fresh (HIRING_ADVISOR_CACHE_DIR points into the temporary root, as in
the image; about 12 s). Then the CMD serves on a free port (the only change to it), the
HEALTHCHECK command probes it until healthy, it answers a chat question, and a reindex through
its admin API publishes an edited figure that a second replica on the same index directory
serves too, as the compose file's replicas share the index volume.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from api.knowledge.loader import load_knowledge
from tests.support.dockerfile import (
    ROOT,
    TOKEN,
    Stage,
    final_value,
    healthcheck_command,
    ignore_rules,
    image_env,
    in_context,
    lineage,
    read_dockerfile,
)
from tests.support.live import free_port

# --- running the steps into a directory ---------------------------------------------------------


def _everything(path: Path) -> bool:
    return True


def _sent(path: Path, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    return in_context(path.relative_to(ROOT).as_posix(), rules)


def _copy(source: Path, target: Path, keep: Callable[[Path], bool] = _everything) -> None:
    """cp -a of what `keep` lets through (Docker keeps modification times, and so do we: the
    model export records the times of the files it came from)."""
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copystat(source, target)
        for child in sorted(source.iterdir()):
            if keep(child):
                _copy(child, target / child.name, keep)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _others_may_enter(path: Path) -> bool:
    """Whether every directory from the root down to `path` lets other users through."""
    return all(d.stat().st_mode & stat.S_IXOTH for d in [*reversed(path.parents), path])


def _link_or_copy(source: str, target: str) -> None:
    """A hard link to `source` (its own permissions, whatever the directories above it), or a
    copy where a link cannot be made."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _chown_tree(path: Path, owner: str) -> None:
    """COPY --chown / install --owner with a numeric UID:GID (root only)."""
    uid, _, gid = owner.partition(":")
    if os.geteuid() != 0:
        return
    for item in [path, *path.rglob("*")]:
        os.chown(item, int(uid), int(gid or uid), follow_symlinks=False)


@dataclass
class Image:
    """The image's file system under `root`, built by running the Dockerfile's steps."""

    root: Path
    stages: list[Stage]
    uid: str = ""  # the USER of the image, numeric
    log: list[str] = field(default_factory=list)  # what ran, with timings, for the report
    users: dict[str, str] = field(default_factory=dict)  # made by useradd: name -> UID
    groups: dict[str, str] = field(default_factory=dict)
    _snapshots: dict[str, Path] = field(default_factory=dict)

    def path(self, absolute: str) -> Path:
        return self.root / absolute.lstrip("/")

    def rebase(self, value: str) -> str:
        """/app and /opt paths in a value (ENV, a database URL) moved under the root."""
        return re.sub(r"(?<![\w.])/(app|opt)(?=/|:|$)", lambda m: f"{self.root}{m[0]}", value)

    def env(self, stage: Stage, user: bool) -> dict[str, str]:
        host_path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep)
                                    if not p.startswith(str(ROOT)))
        # What the python image sets, and HOME as Docker derives it for the user.
        base = {"PATH": host_path, "LANG": "C.UTF-8", "HOME": "/nonexistent" if user else "/root"}
        return {k: self.rebase(v) for k, v in image_env(self.stages, stage, base).items()}

    def as_user(self) -> list[str]:
        """The command prefix that runs as the image's USER (root drops to it with setpriv)."""
        if not self.uid or os.geteuid() != 0 or not shutil.which("setpriv"):
            return []
        uid, _, gid = self.uid.partition(":")
        return ["setpriv", f"--reuid={uid}", f"--regid={gid or uid}", "--clear-groups"]

    def build(self) -> None:
        rules = ignore_rules()
        for number, stage in enumerate(self.stages):
            if number:  # the stage before keeps its files, at another path, for COPY --from
                self._snapshots[self.stages[number - 1].name] = self.root.with_name(
                    f"{self.root.name}-stage-{number - 1}")
                self.root.rename(self._snapshots[self.stages[number - 1].name])
            ancestors = lineage(self.stages, stage)
            for parent in ancestors[:-1]:
                # A stage built FROM one that only sets ENV/WORKDIR/LABEL starts with nothing
                # from it but its WORKDIR, so a fresh root is that stage.
                assert {k for k, _ in parent.steps} <= {"ENV", "WORKDIR", "LABEL", "ARG"}, (
                    f"stage {parent.name} changes files; teach this test to carry them over")
            self.root.mkdir(parents=True)
            self.root.chmod(0o755)
            self.uid, workdir = "", "/"
            for keyword, arguments in [s for a in ancestors[:-1] for s in a.steps]:
                if keyword == "WORKDIR":
                    workdir = arguments
                    self.path(workdir).mkdir(parents=True, exist_ok=True)
            for keyword, arguments in stage.steps:
                if keyword == "COPY":
                    self._copy_step(arguments, workdir, rules)
                elif keyword == "RUN":
                    self._run_step(arguments, stage, workdir)
                elif keyword == "USER":
                    self.uid = arguments
                elif keyword == "WORKDIR":
                    workdir = arguments
                    self.path(workdir).mkdir(parents=True, exist_ok=True)
        for snapshot in self._snapshots.values():
            shutil.rmtree(snapshot)

    def _copy_step(self, arguments: str, workdir: str, rules: list) -> None:
        words = arguments.split()
        flags = dict(w[2:].split("=", 1) for w in words if w.startswith("--"))
        *sources, dest = [w for w in words if not w.startswith("--")]
        target = self.path(dest if dest.startswith("/") else f"{workdir}/{dest}")
        for source in sources:
            if "from" in flags:
                origin, keep = self._snapshots[flags["from"]] / source.lstrip("/"), _everything
            else:
                origin, keep = ROOT / source, partial(_sent, rules=rules)
                assert in_context(source, rules), f"COPY {source}: .dockerignore leaves it out"
            assert origin.exists(), f"COPY {source}: not found"
            into = target / origin.name if dest.endswith("/") and origin.is_file() else target
            _copy(origin, into, keep)
            if "chown" in flags:
                _chown_tree(into, flags["chown"])

    def _run_step(self, arguments: str, stage: Stage, workdir: str) -> None:
        for command in arguments.split(" && "):
            started = time.monotonic()
            for pattern, stand_in in STAND_INS:
                match = re.fullmatch(pattern, command)
                if match:
                    stand_in(self, match, stage, workdir)
                    break
            else:
                raise AssertionError(f"RUN {command!r}: this test does not know what it does; "
                                     "add a stand-in to STAND_INS or a verbatim pattern")
            self.log.append(f"{time.monotonic() - started:5.1f}s  {command}")

    # --- stand-ins, and the commands run as written ---------------------------------------------

    def make_venv(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        venv = self.path(match[1])
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        packages = self._downloaded_packages()
        (venv_site(venv) / "downloaded-packages.pth").write_text(f"{packages}\n")

    def _downloaded_packages(self) -> Path:
        """This project's site-packages, where the image's user can read them: in place, or,
        when a directory above them shuts other users out (a checkout in a `mktemp -d`
        directory, or under /root), as hard links beside the image's root (a copy across
        file systems)."""
        packages = Path(sysconfig.get_paths()["purelib"])  # this project's virtualenv
        if _others_may_enter(packages):
            return packages
        shared = self.root.parent / "downloaded-packages"
        if not shared.exists():
            shutil.copytree(packages, shared, symlinks=True, copy_function=_link_or_copy)
        return shared

    def check_torch(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        here = metadata.version("torch")
        assert here == f"{match[1]}+cpu", (
            f"the image installs torch {match[1]} (CPU build); this machine has {here}")

    def install_package(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        python = self.env(stage, False)["VIRTUAL_ENV"] + "/bin/python"
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--no-build-isolation", "--no-index", "--no-cache-dir", "."],
                       cwd=self.path(workdir), env=self.env(stage, False), check=True)

    def remove_torch(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        hidden = venv_site(Path(self.env(stage, False)["VIRTUAL_ENV"])) / "torch"
        hidden.mkdir()
        (hidden / "__init__.py").write_text(
            'raise ModuleNotFoundError("torch was uninstalled from the image", name="torch")\n')

    def make_user(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        """The user and group exist here only as their ids, for the steps that name them."""
        kind, ids = ("--uid", self.users) if match[1] == "useradd" else ("--gid", self.groups)
        number = re.search(rf"{kind} (\d+)", match[0])
        assert number, f"{match[0]}: give the {match[1]} a fixed id ({kind})"
        ids[match[0].split()[-1]] = number[1]

    def make_owned_dir(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        directory = self.path(match[3])
        directory.mkdir(parents=True, exist_ok=True)
        _chown_tree(directory, f"{self.users[match[1]]}:{self.groups[match[2]]}")

    def run_as_written(self, match: re.Match[str], stage: Stage, workdir: str) -> None:
        done = subprocess.run([*self.as_user(), "sh", "-c", match[0]], cwd=self.path(workdir),
                              env=self.env(stage, bool(self.uid)), capture_output=True,
                              text=True, timeout=300, check=False)
        assert done.returncode == 0, f"RUN {match[0]} failed:\n{done.stdout}\n{done.stderr}"


def venv_site(venv: Path) -> Path:
    return venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / (
        "site-packages")


STAND_INS: list[tuple[str, Callable[..., None]]] = [
    (r"python -m venv (/\S+)", Image.make_venv),
    (r"pip install --no-cache-dir --extra-index-url https://download\.pytorch\.org/whl/cpu "
     r"torch==([\d.]+)", Image.check_torch),
    (r"pip install --no-cache-dir \.", Image.install_package),
    (r"pip uninstall --no-cache-dir --yes torch", Image.remove_torch),
    (r"(groupadd|useradd) .*", Image.make_user),
    (r"install --directory --owner=(\w+) --group=(\w+) (/\S+)", Image.make_owned_dir),
    (r"hiring-advisor .*", Image.run_as_written),
]


# --- the image's steps, run ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def image() -> Iterator[Image]:
    """The Dockerfile's steps run into a temporary root (see the module docstring)."""
    parent = Path(tempfile.mkdtemp(prefix="hiring-advisor-image-"))
    parent.chmod(0o755)  # the image's user must reach its files
    built = Image(parent / "root", read_dockerfile())
    try:
        built.build()
        yield built
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _probe(image: Image, port: int) -> bool:
    stages = image.stages
    command = [a.replace(":8000/", f":{port}/") for a in healthcheck_command(stages)]
    done = subprocess.run([*image.as_user(), *command], env=image.env(stages[-1], True),
                          cwd=image.path(final_value(stages, "WORKDIR")),
                          capture_output=True, timeout=10, check=False)
    return done.returncode == 0


@pytest.fixture(scope="module")
def replicas(image: Image) -> Iterator[list[str]]:
    """Two servers started with the image's CMD on free ports, as two containers on the same
    index volume; yields their base URLs once the HEALTHCHECK passes on both."""
    stages = image.stages
    expose = final_value(stages, "EXPOSE")
    # The compose file sets the admin token; one encoding thread each leaves cores to the rest.
    env = {**image.env(stages[-1], True), "HIRING_ADVISOR_ADMIN_TOKEN": TOKEN,
           "HIRING_ADVISOR_EMBED_THREADS": "1"}
    servers, urls = [], []
    for n in range(2):
        port = free_port()
        command = [str(port) if a == expose else a for a in json.loads(final_value(stages, "CMD"))]
        log = (image.root.parent / f"replica-{n}.log").open("w")
        servers.append((subprocess.Popen(
            [*image.as_user(), *command], cwd=image.path(final_value(stages, "WORKDIR")),
            env=env, stdout=log, stderr=subprocess.STDOUT), log, port))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 90
        for server, _, port in servers:
            while not _probe(image, port):
                assert server.poll() is None, _log_of(image)
                assert time.monotonic() < deadline, "not healthy in 90 s\n" + _log_of(image)
                time.sleep(0.5)
        yield urls
    finally:
        for server, log, _ in servers:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def _log_of(image: Image) -> str:
    return "\n".join(p.read_text() for p in sorted(image.root.parent.glob("replica-*.log")))


@pytest.mark.integration
def test_the_runtime_stage_has_the_copied_package_and_no_torch(image: Image):
    env = image.env(image.stages[-1], True)
    script = ("import api; print(api.__file__)\n"
              "try:\n    import torch\nexcept ImportError as e:\n    print('no torch:', e)\n")
    done = subprocess.run([*image.as_user(), "python", "-c", script], env=env, cwd="/",
                          capture_output=True, text=True, timeout=60, check=True)
    location, torch_line = done.stdout.splitlines()
    assert location.startswith(str(image.path("/opt/venv")))  # not this checkout
    assert torch_line.startswith("no torch")
    # What the image holds: the export, the index, the knowledge; no source tree, no tests.
    app = image.path(final_value(image.stages, "WORKDIR"))
    assert sorted(p.name for p in app.iterdir()) == ["cache", "data", "index", "knowledge"]
    assert (app / "index" / "CURRENT").exists()
    assert list((app / "cache" / "onnx").glob("*/model.onnx"))
    if image.as_user():  # owned as the image would own them: data/, index/ and knowledge/
        uid = int(final_value(image.stages, "USER").split(":")[0])  # (a working copy of the
        assert {p.name for p in app.iterdir() if p.stat().st_uid == uid} == {  # store's)
            "data", "index", "knowledge"}


@pytest.mark.integration
def test_the_image_serves_answers_and_publishes_a_reindex_to_every_replica(image, replicas):
    first, second = replicas
    asked = httpx.post(f"{first}/api/chat", timeout=30,
                       json={"message": "What does a senior AI engineer earn?"})
    assert asked.status_code == 200, asked.text
    assert asked.json()["answered"] and asked.json()["saved"]  # the data volume is writable

    question = {"message": "What does a junior AI engineer earn?"}
    assert "124,000" in httpx.post(f"{second}/api/chat", json=question, timeout=30).json()[
        "answer"]
    # New figures in the knowledge (as a mounted or rebuilt knowledge directory would bring),
    # published through one replica's admin API: the gate runs the checks on both indexes.
    salaries = image.path("/app/knowledge/salaries.csv")
    salaries.write_text(salaries.read_text().replace(",junior,,,,,124000,", ",junior,,,,,131000,"))
    started = time.monotonic()
    reindex = httpx.post(f"{first}/api/admin/reindex", timeout=300,
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert reindex.status_code == 200, reindex.text
    body = reindex.json()
    assert body["status"] == "published", body
    checks = len(load_knowledge(image.path("/app/knowledge")).checks)
    gate = body["gate"]
    assert checks and gate["counts_before"]["pass"] == gate["counts_after"]["pass"] == checks
    seconds = time.monotonic() - started

    # The other replica loads the new build from the shared index directory by itself.
    deadline = time.monotonic() + 15
    while "131,000" not in (answer := httpx.post(f"{second}/api/chat", json=question,
                                                 timeout=30).json()["answer"]):
        assert time.monotonic() < deadline, answer
        time.sleep(0.5)
    assert "131,000" in httpx.post(f"{first}/api/chat", json=question, timeout=30).json()[
        "answer"]
    assert "Traceback" not in _log_of(image)
    print("\n".join([*image.log, f"{seconds:5.1f}s  POST /api/admin/reindex"]))
