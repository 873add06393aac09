"""Table records: datasets with typed columns, rows of cells and an optional chart.

``Table.post_validation`` checks rows against columns, numeric cells and the chart's y axis,
and fills ``rows`` with every row in column order. Field order is the order of the
JSON Schema and of the data-format reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import problemcodes as codes
from .fields import NUMBER_RE, Ctx, Flag, Loc, Positions, Str
from .ids import ColumnRef, Id, Ref
from .records import Cells, ListOf, MapOf, Record, spec
from .sourcemodel import Citation
from .vocab import CHART_TYPES


@dataclass(frozen=True, kw_only=True)
class Column:
    key: str = spec(Id("Column key"), required=True)
    label: str = spec(Str("Heading", 120), required=True)
    unit: str | None = spec(Str("Unit", 60))
    numeric: bool = spec(Flag("true for numeric columns"), default=False)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Chart:
    type: str = spec(Str("Chart type", enum=CHART_TYPES), required=True)
    x: str = spec(ColumnRef("Column for categories"), required=True)
    y: str = spec(ColumnRef("Numeric column for values"), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Table:
    id: str = spec(Id("Stable table id"), required=True)
    title: str = spec(Str("Title", 200), required=True)
    description: str = spec(Str("What the table shows", 1000), required=True)
    about: list[str] = spec(ListOf(Ref("entity"), unique=True), factory=list)
    topics: list[str] = spec(ListOf(Ref("topic"), unique=True), factory=list)
    columns: list[Column] = spec(ListOf(Record(Column, "A column"), min_items=1), required=True)
    cells: list[Cells] = spec(
        ListOf(MapOf(Str("Cell", 500), "A row: column key to cell text"), min_items=1), required=True, key="rows"
    )
    chart: Chart | None = spec(Record(Chart, "How to chart the table"))
    notes: str | None = spec(Str("Notes", 2000))
    citations: list[Citation] = spec(
        ListOf(Record(Citation, "A source and the exact words that support the record"), min_items=1), required=True
    )
    loc: Loc
    at: Positions = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)  # every row with every column, in column order

    @property
    def chart_type(self) -> str | None:
        return self.chart.type if self.chart else None

    @property
    def chart_x(self) -> str | None:
        return self.chart.x if self.chart else None

    @property
    def chart_y(self) -> str | None:
        return self.chart.y if self.chart else None

    def post_validation(self, ctx: Ctx) -> None:
        """Rows against columns, numeric cells, and the chart's y axis."""
        keys = [c.key for c in self.columns]
        for r in self.cells:
            missing = [k for k in keys if k not in r.values]
            extra = [k for k in r.values if k not in keys]
            if missing or extra:
                bits = []
                if missing:
                    bits.append("missing " + ", ".join(missing))
                if extra:
                    bits.append("unknown column " + ", ".join(extra))
                ctx.plain(r.loc, codes.TABLE_CELL, f"table '{self.id}' row: {'; '.join(bits)}")
            for c in self.columns:
                cell = r.values.get(c.key)
                if c.numeric and cell is not None and not NUMBER_RE.match(cell):
                    ctx.plain(
                        r.at[c.key],
                        codes.TABLE_CELL,
                        f"table '{self.id}' column '{c.key}': {cell!r} is not a plain number",
                    )
            self.rows.append({k: r.values.get(k, "") for k in keys})
        if self.chart is not None:
            y = self.chart.y  # an axis naming no column is a reference problem (``ids.ColumnRef``)
            if y in keys and not next(c for c in self.columns if c.key == y).numeric:
                ctx.plain(
                    self.chart.at["y"],
                    codes.CHART_COLUMN_NOT_NUMERIC,
                    f"table '{self.id}' chart: column '{y}' is not numeric",
                )
