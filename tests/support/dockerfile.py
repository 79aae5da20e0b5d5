"""The Dockerfile and the build context read as Docker reads them: stages, ENV, the last value
of an instruction, the HEALTHCHECK command, and what .dockerignore sends."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
TOKEN = "docker-test-admin-token-0123456789"


# --- the Dockerfile, read as Docker reads it ----------------------------------------------------


@dataclass
class Stage:
    name: str
    source: str  # the FROM image, or an earlier stage's name
    steps: list[tuple[str, str]] = field(default_factory=list)  # (INSTRUCTION, arguments)


def read_dockerfile(path: Path = DOCKERFILE) -> list[Stage]:
    """The stages of a Dockerfile, each with its instructions (continuations joined, comment
    lines dropped, as Docker does)."""
    stages: list[Stage] = []
    logical = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or (not line.strip() and not logical):
            continue
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        keyword, _, arguments = logical.strip().partition(" ")
        logical = ""
        if keyword.upper() == "FROM":
            words = arguments.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name, words[0]))
        else:
            stages[-1].steps.append((keyword.upper(), " ".join(arguments.split())))
    return stages


def lineage(stages: list[Stage], stage: Stage) -> list[Stage]:
    """The stage and the stages it is built FROM, oldest first."""
    by_name = {s.name: s for s in stages}
    chain = [stage]
    while chain[0].source in by_name:
        chain.insert(0, by_name[chain[0].source])
    return chain


def image_env(stages: list[Stage], stage: Stage, base: dict[str, str]) -> dict[str, str]:
    """ENV as the stage sees it: the base image's, then each ENV in order ($VAR expanded)."""
    env = dict(base)
    for ancestor in lineage(stages, stage):
        for keyword, arguments in ancestor.steps:
            if keyword == "ENV":
                for item in shlex.split(arguments):
                    name, _, value = item.partition("=")
                    env[name] = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m[1], ""), value)
    return env


def final_value(stages: list[Stage], keyword: str) -> str:
    """The last `keyword` instruction of the image (the final stage and its ancestors)."""
    values = [a for s in lineage(stages, stages[-1]) for k, a in s.steps if k == keyword]
    assert values, f"the image has no {keyword}"
    return values[-1]


def healthcheck_command(stages: list[Stage]) -> list[str]:
    _options, _, command = final_value(stages, "HEALTHCHECK").partition(" CMD ")
    assert command, "HEALTHCHECK needs the exec form: HEALTHCHECK [OPTIONS] CMD [...]"
    return json.loads(command)


# --- the build context, through .dockerignore ---------------------------------------------------


def _pattern(text: str) -> re.Pattern[str]:
    """A .dockerignore pattern (Go's filepath.Match plus `**`) as a regular expression."""
    out, i = "", 0
    while i < len(text):
        if text.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif text.startswith("**", i):
            out, i = out + ".*", i + 2
        elif text[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif text[i] == "?":
            out, i = out + "[^/]", i + 1
        elif text[i] == "[":
            end = text.index("]", i)
            out, i = out + text[i:end + 1], end + 1
        else:
            out, i = out + re.escape(text[i]), i + 1
    return re.compile(out)


def ignore_rules(path: Path = ROOT / ".dockerignore") -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keep = line.startswith("!")
        rules.append((keep, _pattern(line.lstrip("!").strip("/"))))
    return rules


def in_context(relative: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether docker build sends this path: the last rule matching it or a parent decides."""
    parts = relative.strip("/").split("/")
    sent = True
    for keep, pattern in rules:
        if any(pattern.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            sent = keep
    return sent
