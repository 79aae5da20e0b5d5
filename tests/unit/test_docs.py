"""Documentation that stays true: every setting is in the README's table, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from api.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_settings_table_lists_every_setting_and_no_other():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Settings"):text.index("\n## ", text.index("## Settings") + 1)]
    documented = {name for line in table.splitlines() if line.startswith("| `")
                  for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1])}
    fields = {name.upper() for name in Settings.model_fields}
    assert fields - documented == set(), "settings missing from README.md's table"
    assert documented - fields == set(), "README.md's table names settings that do not exist"
