"""WCAG contrast, as the widget, console and palette tests measure it."""

from __future__ import annotations


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""
    def luminance(css: str) -> float:
        parts = [float(x) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
        channels = [c / 255 for c in parts]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
