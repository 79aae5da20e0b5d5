"""The chat widget's own words in the profile (`widget: labels:`): read, and checked with the
line of each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.knowledge.loader import load_knowledge
from api.knowledge.profile import WIDGET_LABELS, Profile
from tests.conftest import SMALL_PROFILE
from tests.support.knowledge import problems_of, small_kb


def knowledge_with(tmp_path: Path, widget: str) -> Path:
    return small_kb(tmp_path, SMALL_PROFILE + widget)



def widget_line(root: Path) -> int:
    """The line of `widget:` in the written profile."""
    text = (root / "profile.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(text, 1) if line.startswith("widget:"))


def test_labels_are_read_and_a_profile_without_them_has_none(tmp_path):
    root = knowledge_with(tmp_path, 'widget:\n  labels:\n    sources: "Quellen:"\n'
                                    '    retry: Nochmal\n    counter: "{count} von {max}"\n')
    profile = load_knowledge(root).profile
    assert profile.widget_labels == {"sources": "Quellen:", "retry": "Nochmal",
                                     "counter": "{count} von {max}"}
    assert Profile.from_dict(profile.to_dict()).widget_labels == profile.widget_labels
    assert load_knowledge(knowledge_with(tmp_path / "plain", "")).profile.widget_labels == {}


def test_an_index_built_before_widget_labels_keeps_the_widgets_english(tmp_path):
    data = load_knowledge(knowledge_with(tmp_path, "")).profile.to_dict()
    del data["widget_labels"]
    assert Profile.from_dict(data).widget_labels == {}


@pytest.mark.parametrize(("widget", "offset", "message"), [
    ("widget:\n  labels:\n    sorces: Quellen\n", 2, "unknown field 'sorces' (known: open, "),
    ("widget:\n  colours: dark\n", 1, "unknown field 'colours' (known: labels)"),
    ("widget: [sources]\n", 0, "'widget' must be a mapping with labels"),
    ("widget:\n  labels: Quellen\n", 1, "'labels' must map label names to text"),
    ("widget:\n  labels:\n    retry: ''\n", 2, "'retry' must be non-empty text"),
    ("widget:\n  labels:\n    counter: '{count} of {total}'\n", 2,
     "label 'counter' may hold only {count}, {max} in braces"),
    ("widget:\n  labels:\n    sources: 'Sources {n}:'\n", 2,
     "label 'sources' may not hold braces"),
    ("widget:\n  labels:\n    too_long: '{over too many'\n", 2,
     "label 'too_long' may hold only {count}, {max}, {over} in braces"),
])
def test_a_wrong_widget_block_is_reported_at_its_line(tmp_path, widget, offset, message):
    root = knowledge_with(tmp_path, widget)
    line = widget_line(root) + offset
    rendered = problems_of(root)
    assert any(r.startswith(f"kb/profile.yml:{line}: ") and message in r for r in rendered), \
        rendered


def test_every_label_name_may_be_given(tmp_path):
    lines = "".join(f"    {key}: '{' '.join('{' + n + '}' for n in allowed) or key}'\n"
                    for key, allowed in WIDGET_LABELS.items())
    profile = load_knowledge(knowledge_with(tmp_path, "widget:\n  labels:\n" + lines)).profile
    assert set(profile.widget_labels) == set(WIDGET_LABELS)
