"""The index's history: what was published, checked, refused or rolled back, when and by whom.

One JSON line per event in `index/history.jsonl`, appended in one short write; the file is
trimmed to the latest events now and then. The CLI, the admin API and the console all write it
through `record`, and the console reads it with `build_history`.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from api.errors import HiringAdvisorError
from api.index.lifecycle import build_lock

log = logging.getLogger("hiring_advisor")
HISTORY = "history.jsonl"
HISTORY_KEPT = 200  # events; older ones go when the file holds twice as many


@dataclass(frozen=True)
class BuildEvent:
    """One line of the index's history: a build published, checked, refused or rolled back
    to, or knowledge that failed to build."""

    at: str  # ISO 8601, UTC
    action: str  # a PublishResult status
    build: str
    by: str
    summary: str = ""
    message: str = ""


def build_history(index_dir: Path, limit: int = 50) -> list[BuildEvent]:
    """The latest events of the index's history, newest first (lines it cannot read are
    skipped)."""
    try:
        lines = (Path(index_dir) / HISTORY).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    events = []
    for line in reversed(lines):
        try:
            events.append(BuildEvent(**json.loads(line)))
        except (ValueError, TypeError):
            continue
        if len(events) >= limit:
            break
    return events


def record(index_dir: Path, action: str, message: str, build: str, actor: str,
           summary: str) -> None:
    """Append an event to the history; a history that cannot be written is logged, never
    an error of the publish it tells of."""
    event = BuildEvent(now(), str(action), build, actor, summary, message)
    path = Path(index_dir) / HISTORY
    try:
        with open(path, "a", encoding="utf-8") as handle:  # one short append: whole lines
            handle.write(json.dumps(asdict(event), ensure_ascii=False) + "\n")
        if path.stat().st_size > HISTORY_KEPT * 2 * 400:  # roughly twice the lines kept
            _trim_history(Path(index_dir))
    except (OSError, HiringAdvisorError) as exc:
        log.warning("index history not written: %s", exc)


def _trim_history(index_dir: Path) -> None:
    """Keep the last HISTORY_KEPT events (under the build lock: one writer at a time)."""
    with build_lock(index_dir):
        path = index_dir / HISTORY
        lines = path.read_text(encoding="utf-8").splitlines()[-HISTORY_KEPT:]
        tmp = index_dir / f".{HISTORY}.tmp"
        tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(tmp, path)


def now() -> str:
    """The time now, as the history writes it (ISO 8601, UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
