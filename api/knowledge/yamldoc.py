"""YAML files of the knowledge base, read with the line of every value for `file:line` errors."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

from api.errors import Problem

Path_ = tuple[Hashable, ...]
# libyaml's safe loader when PyYAML was built with it (several times faster), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlDoc:
    """A parsed YAML document and where each of its values starts."""

    def __init__(self, data: Any, lines: dict[Path_, int], shown: str) -> None:
        self.data = data
        self.shown = shown
        self._lines = lines

    def line(self, *path: Hashable) -> int:
        """The line of the value at `path` (or of its nearest parent); 1-based."""
        for end in range(len(path), -1, -1):
            found = self._lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return 1

    def problem(self, message: str, *path: Hashable) -> Problem:
        return Problem(self.shown, self.line(*path), message)


def read_yaml(text: str, shown: str, problems: list[Problem], *, line_offset: int = 0
              ) -> YamlDoc | None:
    """Parse YAML text; on a syntax error record a problem and return None."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark is not None else 1) + line_offset
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(shown, line, f"invalid YAML: {reason}"))
        return None
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines, line_offset)
    return YamlDoc(data, lines, shown)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is None:
                continue
            child = (*path, name)
            lines[child] = key.start_mark.line + 1 + offset
            _walk(value, child, lines, offset)
            lines[child] = key.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, offset)


def text_list(value: Any) -> list[str] | None:
    """A list of non-empty strings (a lone string counts as a list of one), else None."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip() for v in value]
