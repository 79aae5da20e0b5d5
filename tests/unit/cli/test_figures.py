"""The CLI's text chart of an answer's figures (made-up figures in CHF and EUR)."""

from __future__ import annotations

from rich.console import Console

from api.cli.figures import figure_chart


def row(label: str, amount: float | None, currency: str = "CHF", **more) -> dict:
    return {"label": label, "amount": amount, "currency": currency, "period": "year", **more}


def drawn(data: dict) -> list[str]:
    console = Console(width=100, record=True, color_system=None)
    console.print(figure_chart(data))
    return [line.rstrip() for line in console.export_text().splitlines() if line.strip()]


def test_figures_of_one_currency_are_bars_on_one_scale():
    lines = drawn({"kind": "salaries", "rows": [row("G1", 50000), row("G2", 100000)]})
    assert lines[0].count("█") == 12 and lines[1].count("█") == 24
    assert "CHF 50,000" in lines[0] and "CHF 100,000" in lines[1]


def test_a_range_and_a_band_are_range_bars_with_the_figure_marked():
    lines = drawn({"kind": "salaries", "rows": [
        row("G2", 80000, low=70000, high=90000, spread="p25-p75"),
        row("Our band (g2)", None, kind="band", low=60000, high=100000)]})
    assert "CHF 80,000 (CHF 70,000–CHF 90,000)" in lines[0]
    assert "├" in lines[0] and "●" in lines[0] and "┤" in lines[0]
    assert "CHF 60,000–CHF 100,000" in lines[1] and "●" not in lines[1]
    # On one scale: the band starts left of the figure's range and ends right of it.
    assert lines[1].index("├") < lines[0].index("├") and lines[1].index("┤") > lines[0].index("┤")


def test_no_chart_for_lone_figures_in_different_currencies_or_other_answers():
    assert figure_chart({"kind": "salaries", "rows": [row("A", 1), row("B", 2, "EUR")]}) is None
    assert figure_chart({"kind": "kit"}) is None and figure_chart(None) is None
