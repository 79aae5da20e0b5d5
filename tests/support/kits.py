"""The blind set of kit conversations (tests/eval/blind/kit.jsonl), judged turn by turn."""

from __future__ import annotations

from api.cli.evaluation import kit_problems


def blind_problems(answer, turn: dict) -> list[str]:
    """What is wrong with an answer per a turn of the blind kit set: `expect` (kit, answered,
    refused, or a list of those), and for a kit its `kind`, `level` and `location`."""
    expected = turn["expect"] if isinstance(turn["expect"], list) else [turn["expect"]]
    got = "kit" if answer.kind == "kit" else "answered" if answer.answered else "refused"
    if got not in expected:
        return [f"expected {expected}, got {got}: {answer.text[:120]!r}"]
    if got != "kit":
        return []
    return kit_problems(answer, turn)
