"""Report tables: DataFrames whose headers show in the report's language.

:class:`ReportFrame` is a :class:`~crmkit.frames.LabeledFrame` that also knows the headers of the
report analyses (``reports.column.<name>`` in the catalogs); other columns show with the headers
every crmkit table uses.

Examples
--------
>>> from crmkit import i18n
>>> df = ReportFrame({"complaints": [3], "revenue": [9.5]})
>>> with i18n.language("en"):
...     list(df.display_frame().columns)
['Complaints', 'Revenue']
"""

from __future__ import annotations

import pandas as pd

from crmkit import i18n
from crmkit.frames import LabeledFrame, header


def report_header(column: object) -> object:
    """The display header of ``column``: the report catalog's, else crmkit's usual one."""
    key = f"reports.column.{column}"
    return i18n.t(key) if isinstance(column, str) and key in i18n.catalog("en") else header(column)


class ReportFrame(LabeledFrame):
    """A table of a report analysis; it displays its headers in the chosen language."""

    @property
    def _constructor(self):
        return ReportFrame

    def display_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self).rename(columns=report_header)
