"""Domain errors. The library raises these; the edges (CLI, HTTP routes) turn them into exit codes
and status codes."""

from __future__ import annotations

from dataclasses import dataclass


class HiringAdvisorError(Exception):
    """Base class for every error this package raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a knowledge file, located for a person to fix."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(HiringAdvisorError):
    """The knowledge directory holds one or more invalid files; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem(s) in the knowledge base:\n{lines}")


class IndexLoadError(HiringAdvisorError):
    """The built index cannot be used; the message says what to run."""


class IndexMissingError(IndexLoadError):
    """No index has been built at the expected place."""


class IndexCorruptError(IndexLoadError):
    """The index on disk cannot be read."""


class IndexMismatchError(IndexLoadError):
    """The index was built with another model, dimension or format than the one configured."""


class IndexWriteError(HiringAdvisorError):
    """The index directory cannot be written (missing, read-only, full); nothing in service
    changed."""


class NotLoadedError(HiringAdvisorError):
    """A component was used before its heavy `load()`/`warm_up()` step."""
