"""What every widget shows the same way: tables with translated headers, error lines and charts.

The widget modules (:mod:`crmkit.widgets.service`, :mod:`crmkit.widgets.customer_info`, ...) build
their HTML with these, so a table, an error or a chart looks alike in every chapter.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd
import plotly.io as pio

from crmkit import i18n
from crmkit.errors import CrmkitError

#: Most rows a widget lists (the analysis itself returns all of them).
MAX_ROWS = 20
#: The CSS class of every widget table.
TABLE_STYLE = "crmkit-table"


def table_html(df: pd.DataFrame, columns: Sequence[str] | None = None, limit: int = MAX_ROWS) -> str:
    """A LabeledFrame as an HTML table with headers in the chosen language (at most ``limit`` rows).

    Columns named ``share`` or ``*_share`` show as percentages; a note says how many rows were left out.

    >>> from crmkit.frames import LabeledFrame
    >>> with i18n.language("en"):
    ...     print(table_html(LabeledFrame({"share": [0.5, 0.25]}), limit=1))  # doctest: +ELLIPSIS
    <table ...50.0%...The first 1 of 2 rows are shown.</p>
    """
    shown = (df if columns is None else df[list(columns)]).head(limit).copy()
    for column in shown.columns:  # shares as percentages
        if column == "share" or column.endswith("_share"):
            shown[column] = shown[column].map(lambda v: "—" if pd.isna(v) else f"{v:.1%}")
    note = f"<p>{html.escape(i18n.t('widget.more_rows', shown=limit, total=len(df)))}</p>" if len(df) > limit else ""
    frame = shown.display_frame() if hasattr(shown, "display_frame") else shown
    return frame.to_html(index=False, border=0, classes=TABLE_STYLE, float_format=lambda v: f"{v:,.2f}",
                         na_rep="—") + note


def error_html(exc: CrmkitError) -> str:
    """A crmkit error (already in the chosen language) as a bold line."""
    return f"<b>{html.escape(str(exc))}</b>"


def show_figure(out: w.Output, fig) -> None:
    """Put a figure into an Output widget, kernel side (so a headless run records it too): the mime bundle of
    the default renderers (JupyterLab's plotly mimetype and the offline HTML copy, see :mod:`crmkit.plots.style`).

    Built renderer by renderer rather than with ``fig._repr_mimebundle_()``, which would embed plotly.js
    (4.7 MB) into the notebook again on every call; the first chart a notebook shows embeds it once."""
    figure = fig.to_dict()
    bundle: dict = {}
    for name in pio.renderers.default.split("+"):
        renderer = pio.renderers[name]
        if hasattr(renderer, "to_mimebundle"):
            bundle.update(renderer.to_mimebundle(dict(figure)))
    out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
