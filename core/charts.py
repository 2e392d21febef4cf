"""Server-rendered SVG charts: one drawing serves the page and the PDF (DESIGN.md, "Look and feel").

Everything is drawn with presentation attributes, not CSS classes, so a PDF renderer
that ignores the page's stylesheet draws the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

DEFAULT_COLOUR = "#0b5cad"
TEXT_COLOUR = "#1f2328"
LABEL_WIDTH = 170
VALUE_WIDTH = 48
BAR_HEIGHT = 18
GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str = DEFAULT_COLOUR


ROW = (
    '<text x="0" y="{0}" font-family="sans-serif" font-size="12" fill="{1}">{2}</text>'
    '<rect x="{3}" y="{4}" width="{5}" height="{6}" rx="2" fill="{7}"></rect>'
    '<text x="{8}" y="{0}" font-family="sans-serif" font-size="12" fill="{1}">{9}</text>'
)


def _row(index: int, bar: Bar, bar_width: int) -> tuple:
    top = GAP + index * (BAR_HEIGHT + GAP)
    baseline = top + BAR_HEIGHT - 5
    value_x = LABEL_WIDTH + bar_width + 6
    return (baseline, TEXT_COLOUR, bar.label, LABEL_WIDTH, top, bar_width, BAR_HEIGHT, bar.colour, value_x, bar.value)


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 420) -> SafeString:
    """A horizontal bar chart scaled to its largest value; the title (with the figures) is what screen readers read."""
    scale = width - LABEL_WIDTH - VALUE_WIDTH
    largest = max((bar.value for bar in bars), default=0)
    rows = format_html_join(
        "",
        ROW,
        (_row(i, bar, round(scale * bar.value / largest) if largest else 0) for i, bar in enumerate(bars)),
    )
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    summary = f"{title}: " + ", ".join(f"{bar.label} {bar.value}" for bar in bars)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{0}" height="{1}" '
        'viewBox="0 0 {0} {1}"><title>{2}</title>{3}</svg>',
        width,
        height,
        summary,
        rows,
    )
