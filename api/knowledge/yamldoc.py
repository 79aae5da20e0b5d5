"""YAML files of the knowledge base, read with the line of every value for `file:line` errors,
and the checks of their values shared by the profile and its kits (known keys, text, ids)."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from typing import Any

import yaml

from api.errors import Problem

Path_ = tuple[Hashable, ...]
# libyaml's safe loader when PyYAML was built with it (several times faster), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The ids of the profile (roles, levels, ladders, kit sections): lower-case words joined by "-".
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    twice: list[tuple[str, int, int]] = []
    if node is not None:
        _walk(node, (), lines, line_offset, twice)
    # (YAML keeps the last of two equal keys: the first would be lost without a word)
    problems.extend(Problem(shown, line, f"'{name}' is given twice (first on line {first}); "
                            "merge the two") for name, first, line in twice)
    return YamlDoc(data, lines, shown)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int,
          twice: list[tuple[str, int, int]]) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is None:
                continue
            if name in seen:
                twice.append((name, seen[name], key.start_mark.line + 1 + offset))
            seen.setdefault(name, key.start_mark.line + 1 + offset)
            child = (*path, name)
            lines[child] = key.start_mark.line + 1 + offset
            _walk(value, child, lines, offset, twice)
            lines[child] = key.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, offset, twice)


def mapping_items(doc: YamlDoc, key: str, fields: str, problems: list[Problem]
                  ) -> Iterator[tuple[tuple, dict]]:
    """The mappings listed under a top-level `key` (none when absent), each with its path;
    a problem for the list or for an item that is not a mapping. `fields` says what an item
    holds ("from, to, divide_by and basis")."""
    raw = doc.data.get(key, []) or []
    if not isinstance(raw, list):
        problems.append(doc.problem(f"'{key}' must be a list of mappings with {fields}", key))
        return
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(doc.problem(f"each of '{key}' must be a mapping with {fields}",
                                        key, i))
            continue
        yield (key, i), item


def text_list(value: Any) -> list[str] | None:
    """A list of non-empty strings (a lone string counts as a list of one), else None."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip() for v in value]


def unknown_keys(doc: YamlDoc, data: dict, known: tuple[str, ...], path: tuple,
                 problems: list[Problem]) -> None:
    """Record a problem for each key of `data` (at `path`) that is not in `known`."""
    for key in data:
        if key not in known:
            problems.append(doc.problem(
                f"unknown field '{key}' (known: {', '.join(known)})", *path, key))


def text_field(doc: YamlDoc, data: dict, key: str, path: tuple, problems: list[Problem],
               required: bool = True) -> str:
    """`data[key]` as text with its spaces collapsed; "" (and a problem) when missing or bad."""
    value = data.get(key)
    if value is None:
        if required:
            where = ".".join(str(p) for p in path) or "file"
            problems.append(doc.problem(f"missing '{key}' in {where}", *path))
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(doc.problem(f"'{key}' must be non-empty text", *path, key))
        return ""
    return " ".join(value.split())


def id_field(doc: YamlDoc, value: Any, what: str, path: tuple, problems: list[Problem]) -> str:
    """`value` when it is a valid id (`ID_RE`), else "" after recording a problem."""
    if not isinstance(value, str) or not ID_RE.match(value):
        problems.append(doc.problem(
            f"{what} id must be lower-case letters, digits and '-', got {value!r}", *path))
        return ""
    return value
