"""Prometheus's text format, parsed."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def scraped(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """A /metrics body parsed: sample name -> [(labels, value)]."""
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples
