"""The blind set of kit conversations (tests/eval/blind/kit.jsonl), judged turn by turn."""

from __future__ import annotations


def blind_problems(answer, turn: dict) -> list[str]:
    """What is wrong with an answer per a turn of the blind kit set: `expect` (kit, answered,
    refused, or a list of those), and for a kit its `kind`, `level` and `location`."""
    expected = turn["expect"] if isinstance(turn["expect"], list) else [turn["expect"]]
    got = "kit" if answer.kind == "kit" else "answered" if answer.answered else "refused"
    if got not in expected:
        return [f"expected {expected}, got {got}: {answer.text[:120]!r}"]
    if got != "kit":
        return []
    data = answer.data
    problems = [f"{key}: expected {turn[key]!r}, got {data[key]!r}"
                for key in ("kind", "level") if turn.get(key) and data[key] != turn[key]]
    if turn.get("location") and turn["location"].lower() not in data["location"].lower():
        problems.append(f"location: expected {turn['location']!r}, got {data['location']!r}")
    return problems
