"""The console's palette (api/console/static/admin.css): every pair of colours it draws text,
chart marks and focus rings with passes WCAG AA."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.support.contrast import contrast as css_contrast

STATIC = ROOT / "api" / "console" / "static"


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (the widget tests' formula)."""
    def rgb(colour: str) -> str:
        return f"rgb({', '.join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))})"

    return css_contrast(rgb(a), rgb(b))


def palette() -> dict[str, str]:
    css = (STATIC / "admin.css").read_text()
    root = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", root))


TEXT_PAIRS = [("text", "bg"), ("text", "surface"), ("muted", "bg"), ("muted", "surface"),
              ("muted", "code-bg"), ("text", "code-bg"), ("accent", "surface"),
              ("accent", "bg"), ("accent-strong", "info-bg"), ("on-accent", "accent"),
              ("on-accent", "accent-strong"), ("on-accent", "bad"), ("ok", "ok-bg"),
              ("warn", "warn-bg"), ("bad", "bad-bg"), ("bad", "surface"), ("surface", "text"),
              ("text", "info-bg")]
GRAPHIC_PAIRS = [("chart-answered", "surface"), ("chart-unanswered", "surface"),
                 ("chart-up", "surface"), ("chart-down", "surface"), ("chart-gap", "surface"),
                 ("focus", "surface"), ("focus", "bg"), ("muted", "surface")]


@pytest.mark.parametrize("fg, bg", TEXT_PAIRS)
def test_text_colours_pass_wcag_aa(fg, bg):
    colours = palette()
    assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)


@pytest.mark.parametrize("fg, bg", GRAPHIC_PAIRS)
def test_chart_marks_and_focus_rings_pass_wcag_aa(fg, bg):
    colours = palette()
    assert contrast(colours[fg], colours[bg]) >= 3.0, (fg, bg)


def test_the_contrast_formula_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails AA
