"""What a build is doing while it runs: one line a step, each with its progress bar, on a
terminal (elsewhere nothing: a script or a log gets the summary the command prints at the end).

The steps are read off what the build asks of the things the command hands it: the embedder
(loading the model, each batch it embeds) and the function that opens a build to check it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import numpy as np
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from api.embedding.base import BaseEmbedder
from api.embedding.onnx_backend import OnnxEmbedder
from api.embedding.onnx_export import ExportInfo
from api.knowledge.intents import INTENTS_FILE, parse_intents


class _Mark(SpinnerColumn):
    """A spinner while a step runs, a tick once it is done, a cross where the build stopped."""

    def render(self, task: Task) -> RenderableType:
        if task.fields.get("failed"):
            return Text("✗", style="red")
        return Text("✓", style="green") if task.finished else super().render(task)


class _Count(ProgressColumn):
    """How many of a step's units are done ("12/32"); nothing for a step of unknown size."""

    def render(self, task: Task) -> Text:
        if task.fields.get("unsized"):
            return Text("")
        return Text(f"{task.completed:.0f}/{task.total:.0f}", style="progress.download")


class BuildSteps:
    """The steps of one build on `console`, each ended by the next one."""

    def __init__(self, console: Console, *, intents: frozenset[str] = frozenset()) -> None:
        """`intents`: the example utterances of the knowledge's intents (what embedding them
        is for is then said: training the intent classifier)."""
        self._progress = Progress(
            _Mark(), TextColumn("{task.description}"),
            BarColumn(), _Count(), TimeElapsedColumn(), console=console,
            disable=not console.is_terminal)
        self._intents = intents
        self._task: TaskID | None = None
        self._total: int | None = None
        self._description = ""
        self.checking = False  # the checks have begun: what they embed is part of them

    def __enter__(self) -> BuildSteps:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.end(failed=error is not None)
        self._progress.stop()

    def step(self, description: str, total: int | None = None) -> None:
        """Start a step of `total` units (None: a bar that only shows it is working)."""
        self.end()
        self._task = self._progress.add_task(escape(description), total=total,
                                             unsized=total is None)
        self._total, self._description = total, description

    def advance(self, units: int = 1) -> None:
        if self._task is not None and self._total is not None:
            self._progress.advance(self._task, units)

    def end(self, *, failed: bool = False) -> None:
        """End the step under way: done, or where the build stopped."""
        if self._task is None:
            return
        if failed:
            self._progress.stop_task(self._task)
            self._progress.update(self._task, failed=True,
                                  description=f"{escape(self._description)}: [red]stopped[/]")
        else:
            total = self._total or 1
            self._progress.update(self._task, total=total, completed=total)
        self._task = self._total = None

    def embedding(self, texts: list[str], batches: int) -> None:
        """A batch of texts is about to be embedded, in `batches` model calls."""
        if self.checking:
            return
        if texts and set(texts) <= self._intents:
            self.step(f"training the intent classifier on {len(texts)} examples", batches)
        else:
            self.step(f"embedding the new and changed snippets ({len(texts)} texts)", batches)

    def checks(self, count: int, serving: bool) -> None:
        """The checks begin (once): `count` questions on the new build, and on the one in
        service when there is one."""
        if self.checking:
            return
        self.checking = True
        self.step(f"running {count} checks (on the new build"
                  + (", and the one in service)" if serving else ")"))


def intent_examples(knowledge_dir: Path) -> frozenset[str]:
    """The example utterances of the knowledge's intents (none when it has no usable
    intents.yml: the build says what is wrong with it)."""
    path = Path(knowledge_dir) / INTENTS_FILE
    try:
        found = parse_intents(path.read_text(encoding="utf-8"), INTENTS_FILE, [])
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(e for i in found.intents for e in i.examples) if found else frozenset()


class WatchedEmbedder(BaseEmbedder):
    """An embedder that shows on `steps` what a build has it do: load the model (export it
    first, once), and embed each batch of texts; the work itself is `inner`'s."""

    def __init__(self, inner: BaseEmbedder, steps: BuildSteps) -> None:
        super().__init__(batch_size=inner.batch_size)
        self.inner, self._steps, self._loaded = inner, steps, False
        self.model_id, self.backend = inner.model_id, inner.backend

    def load(self) -> WatchedEmbedder:
        if not self._loaded:
            self._steps.step(_loading(self.inner))
            self.inner.load()
            self._loaded = True
        return self

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self.inner._encode_batch(texts)

    def _encode_queries(self, texts: list[str], started: Callable[[], object]) -> np.ndarray:
        return self.inner._encode_queries(texts, started)

    def _encode_many(self, batches: list[list[str]], done: Callable[[int], object]
                     ) -> list[np.ndarray]:
        self._steps.embedding([t for batch in batches for t in batch], len(batches))

        def counted(units: int) -> None:
            done(units)
            self._steps.advance(units)

        return self.inner._encode_many(batches, counted)


def _loading(embedder: BaseEmbedder) -> str:
    """What loading `embedder` will do: export the model to ONNX first on a first run."""
    if isinstance(embedder, OnnxEmbedder) and ExportInfo.read(embedder.directory) is None:
        return "exporting the embedding model to ONNX (the first run only)"
    return "loading the embedding model"
