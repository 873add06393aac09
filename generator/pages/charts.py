"""Charts: static, accessible SVG drawn at build time. No script, no network."""

from __future__ import annotations

import html
from decimal import Decimal, InvalidOperation

from ..data import model

W, BAR_H, GAP, LABEL_W, PAD = 640, 22, 8, 190, 12


def _num(text: str) -> Decimal | None:
    try:
        return Decimal(text) if model.NUMBER_RE.match(text) else None
    except InvalidOperation:
        return None


def _fmt(d: Decimal) -> str:
    return f"{d:,f}".rstrip("0").rstrip(".") if "." in f"{d:f}" else f"{int(d):,}"


def svg(t: model.Table) -> str:
    """A horizontal bar chart (categories on the left), or a line chart for series."""
    if not (t.chart_x and t.chart_y):
        return ""
    points = [(row.get(t.chart_x, ""), _num(row.get(t.chart_y, ""))) for row in t.rows]
    data = [(label, v) for label, v in points if v is not None]
    if not data:
        return ""
    ycol = next((c for c in t.columns if c.key == t.chart_y), None)
    unit = f" ({ycol.unit})" if ycol and ycol.unit else ""
    ylabel = (ycol.label if ycol else t.chart_y) + unit
    top = max(v for _, v in data) or Decimal(1)
    e = html.escape
    title_id, desc_id = f"chart-{t.id}-title", f"chart-{t.id}-desc"
    summary = "; ".join(f"{label}: {_fmt(v)}" for label, v in data)
    parts: list[str] = []
    if t.chart_type == "line" and len(data) > 1:
        h = 260
        x0, x1, y0, y1 = 56, W - PAD, h - 40, PAD + 8
        step = (x1 - x0) / (len(data) - 1)
        coords = [(x0 + i * step, y0 - float(v / top) * (y0 - y1)) for i, (_, v) in enumerate(data)]
        parts.append(f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" class="fs-axis"/>')
        parts.append(
            '<polyline class="fs-line" fill="none" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>'
        )
        for (label, v), (x, y) in zip(data, coords, strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="fs-dot"/>')
            parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" class="fs-val">{e(_fmt(v))}</text>')
            parts.append(f'<text x="{x:.1f}" y="{y0 + 18}" text-anchor="middle" class="fs-lbl">{e(label[:16])}</text>')
    else:
        h = PAD * 2 + len(data) * (BAR_H + GAP)
        span = W - LABEL_W - PAD - 70
        for i, (label, v) in enumerate(data):
            y = PAD + i * (BAR_H + GAP)
            width = max(1.0, float(v / top) * span)
            short = label if len(label) <= 28 else label[:27] + "…"
            parts.append(
                f'<text x="{LABEL_W - 8}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" class="fs-lbl">{e(short)}</text>'
            )
            parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" class="fs-bar"/>')
            parts.append(
                f'<text x="{LABEL_W + width + 6:.1f}" y="{y + BAR_H * 0.7:.1f}" class="fs-val">{e(_fmt(v))}</text>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="100%" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="fs-svg">'
        f'<title id="{title_id}">{e(t.title)}</title>'
        f'<desc id="{desc_id}">{e(ylabel)} by {e(t.chart_x)}: {e(summary)}</desc>' + "".join(parts) + "</svg>"
    )


def per_year(years: list[tuple[str, list[model.Fact]]]) -> model.Table | None:
    """A chart table of dated facts per year (the timeline's chart)."""
    if not years:
        return None
    nowhere = model.Loc("", 0, 0)
    return model.Table(
        id="facts-per-year",
        title="Dated facts per year",
        description="How many dated facts fall in each year (a range counts in the year it starts).",
        columns=[
            model.Column(key="year", label="Year", loc=nowhere),
            model.Column(key="facts", label="Dated facts", numeric=True, loc=nowhere),
        ],
        cells=[],
        rows=[{"year": year, "facts": str(len(group))} for year, group in years],
        citations=[],
        loc=nowhere,
        chart=model.Chart(type="bar", x="year", y="facts", loc=nowhere),
    )


def block(t: model.Table, link: str | None = None) -> str:
    """A chart with its title and description, and its data as a table to fall back on."""
    drawn = svg(t)
    if not drawn:
        return ""
    e = html.escape
    num = ' class="fs-num"'
    head = "".join(f'<th scope="col">{e(c.label)}{f" ({e(c.unit)})" if c.unit else ""}</th>' for c in t.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{e(row.get(c.key, ""))}</th>'
            if i == 0
            else f"<td{num if c.numeric else ''}>{e(row.get(c.key, ''))}</td>"
            for i, c in enumerate(t.columns)
        )
        + "</tr>"
        for row in t.rows
    )
    more = f' <a href="{link}">Table, notes and sources</a>' if link else ""
    return (
        f'<figure class="fs-chart" id="chart-{t.id}">\n{drawn}\n'
        f"<figcaption><strong>{e(t.title)}</strong>. {e(t.description)}{more}</figcaption>\n</figure>\n"
        f'<details class="fs-chart-data" data-search-exclude><summary>The chart as a table</summary>'
        f'<div class="fs-table-wrap"><table class="fs-table"><caption>{e(t.title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>\n"
    )
