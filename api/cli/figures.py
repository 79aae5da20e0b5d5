"""The figures behind a salary answer as a text chart, for `ask` and `chat`: what the widget
draws as bars, drawn in characters. A figure is a bar; a figure's range (its 25th-75th
percentile or low-high) and the company's band are range bars (`├──●──┤`, `├─────┤`). Bars scale
within one currency and period only: nothing is converted.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from api.text.money import DEFAULT_LOCALE, format_money

WIDTH = 24  # characters of the longest bar


def figure_chart(data: dict[str, Any] | None, locale: str = DEFAULT_LOCALE) -> Table | None:
    """The chart of an answer's `data.rows`: when figures of one currency and period can be
    set side by side, or there is a range or a band to show; else None."""
    rows = (data or {}).get("rows") or []
    if (data or {}).get("kind") != "salaries" or not rows:
        return None
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["currency"], row["period"]), []).append(row)
    if all(len(g) < 2 for g in groups.values()) \
            and not any(r.get("low") is not None for r in rows):
        return None
    table = Table(box=None, padding=(0, 1), show_header=False)
    table.add_column("what", style="bold")
    table.add_column("figure", justify="right", no_wrap=True)
    table.add_column("bar", no_wrap=True, min_width=WIDTH + 1)
    for (currency, period), members in groups.items():
        if len(groups) > 1:
            table.add_row(Text(f"{currency} a {period}", style="dim"), "", "")
        top = max(max(r.get("amount") or 0, r.get("high") or 0) for r in members)
        for row in members:
            table.add_row(row["label"], _figure(row, currency, locale), _bar(row, top))
    return table


def _figure(row: dict[str, Any], currency: str, locale: str) -> str:
    money = [format_money(v, currency, locale) for v in (row.get("low"), row.get("high"))
             if v is not None]
    if row.get("amount") is None:
        return "–".join(money)
    shown = format_money(row["amount"], currency, locale)
    return f"{shown} ({'–'.join(money)})" if money else shown


def _bar(row: dict[str, Any], top: float) -> Text:
    """A bar from zero to the amount, or a range bar from low to high with the amount marked."""
    def at(value: float) -> int:
        return round(value / top * WIDTH) if top else 0

    low, high, amount = row.get("low"), row.get("high"), row.get("amount")
    style = "magenta" if row.get("kind") == "band" else "cyan"
    if low is None or high is None:
        return Text("█" * max(at(amount or 0), 1), style=style)
    start, end = at(low), max(at(high), at(low) + 2)
    cells = ["─"] * (end - start + 1)
    cells[0], cells[-1] = "├", "┤"
    if amount is not None:
        cells[min(max(at(amount) - start, 0), len(cells) - 1)] = "●"
    return Text(" " * start + "".join(cells), style=style)

