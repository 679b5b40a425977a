"""The look every crmkit chart shares: titles and axes in the reader's language, fonts that
render Chinese, and a renderer that works offline in JupyterLab and in exported HTML.

Chart builders live in one module per analysis domain (``crmkit.plots.customers``, ...); each
takes the DataFrame an analysis returned and gives a plotly Figure, finished by :func:`finish`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import NotebookRenderer

from crmkit import i18n
from crmkit.frames import header

#: Chinese-capable fonts first (Linux, Windows, macOS), then Latin fallbacks.
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, Arial, sans-serif"
#: JupyterLab's own plotly renderer plus an HTML copy with plotly.js embedded in the notebook, so
#: exported HTML needs no network (nbconvert drops the plotly mimetype; 'notebook_connected' loads
#: plotly.js from a CDN; plotly 7's 'notebook' renderer adds a MathJax <script> from a CDN).
RENDERER = "plotly_mimetype+crmkit_notebook"


class OfflineNotebookRenderer(NotebookRenderer):
    """plotly's notebook renderer (plotly.js embedded once, when activated) without MathJax from a
    CDN: crmkit's charts use no LaTeX."""

    def to_mimebundle(self, fig_dict):
        html = pio.to_html(fig_dict, config=self.config, include_plotlyjs=False, include_mathjax=False,
                           full_html=False, default_width="100%", default_height=525, validate=False)
        return {"text/html": html}


DAY_MS = 86_400_000
#: Date ticks as numbers (2026-03, 2026-03-05): readable in Chinese and English alike, and needing
#: no plotly.js locale bundle (which would have to come from a CDN). Day precision when zoomed in.
DATE_TICKS = [{"dtickrange": [None, 27 * DAY_MS], "value": "%Y-%m-%d"},
              {"dtickrange": [27 * DAY_MS, None], "value": "%Y-%m"}]


def _dates(values) -> bool:
    if values is None or len(values) == 0:
        return False
    array = np.asarray(values)
    return array.dtype.kind == "M" or isinstance(array.flat[0], pd.Timestamp)


def use_offline_renderer() -> None:
    """Make notebooks show figures with :data:`RENDERER` (done when the first figure is finished)."""
    if "crmkit_notebook" not in pio.renderers:
        pio.renderers["crmkit_notebook"] = OfflineNotebookRenderer(connected=False)
    if pio.renderers.default != RENDERER:
        pio.renderers.default = RENDERER


def labels(columns) -> dict:
    """Axis and legend labels for plotly express: every column's header in the chosen language."""
    return {c: header(c) for c in columns}


def finish(fig: go.Figure, title_key: str, **title_values: object) -> go.Figure:
    """Apply the shared look; the title is the catalog text of ``title_key``."""
    use_offline_renderer()
    fig.update_layout(title=i18n.t(title_key, **title_values), template="plotly_white", font_family=FONT,
                      margin={"t": 60, "l": 40, "r": 20, "b": 40}, legend_title_text="")
    if any(_dates(getattr(trace, "x", None)) for trace in fig.data):
        fig.update_xaxes(tickformatstops=DATE_TICKS)
    return fig
