"""Result tables whose headers show in the reader's language.

Analyses return :class:`LabeledFrame`, an ordinary pandas DataFrame whose columns keep their
stable English names in code (``df["total_spend"]``), but whose displayed headers — in a
notebook or when printed — come from the language catalog (``column.total_spend`` → 消费总额).
Columns without a catalog entry show as they are. Slicing, sorting and filtering keep the type.

Examples
--------
>>> from crmkit import i18n
>>> df = LabeledFrame({"customer_id": [7], "total_spend": [99.5]})
>>> with i18n.language("en"):
...     list(df.display_frame().columns)
['Customer id', 'Total spend']
>>> list(df.columns)
['customer_id', 'total_spend']
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crmkit import i18n


def header(column: object) -> object:
    """The display header of ``column`` in the current language (unchanged if not in the catalog)."""
    key = f"column.{column}"
    return i18n.t(key) if isinstance(column, str) and key in i18n.catalog("en") else column


class LabeledFrame(pd.DataFrame):
    """A DataFrame that displays its headers in the chosen language."""

    @property
    def _constructor(self):
        return LabeledFrame

    def display_frame(self) -> pd.DataFrame:
        """A plain copy with translated headers, for showing (not for computing)."""
        return pd.DataFrame(self).rename(columns=header)

    def _repr_html_(self) -> str | None:
        return self.display_frame()._repr_html_()

    def __repr__(self) -> str:
        return repr(self.display_frame())


def from_arrow(table: pa.Table) -> LabeledFrame:
    """A query result (Arrow) as a :class:`LabeledFrame`, with the same column types DuckDB's
    ``.df()`` gives (decimals as floats, dates as datetimes, integers with NULLs as ``Int64``)
    but about twice as fast on large results (one ``to_pandas`` of the whole table)."""
    columns, nullable_ints = [], []
    for i, col in enumerate(table.columns):
        if pa.types.is_decimal(col.type):
            col = pc.cast(col, pa.float64())
        elif pa.types.is_date(col.type):
            col = pc.cast(col, pa.timestamp("us"))
        elif pa.types.is_integer(col.type) and col.null_count:
            nullable_ints.append(i)
        columns.append(col)
    frame = LabeledFrame(pa.Table.from_arrays(columns, names=table.column_names).to_pandas())
    for i in nullable_ints:  # to_pandas would make them floats
        frame.isetitem(i, columns[i].to_pandas(types_mapper=lambda _type: pd.Int64Dtype()))
    return frame
