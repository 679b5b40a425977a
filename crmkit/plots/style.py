"""The look every crmkit chart shares: titles and axes in the reader's language, fonts that
render Chinese, and a renderer that works offline in JupyterLab and in exported HTML.

Chart builders live in one module per analysis domain (``crmkit.plots.customers``, ...); each
takes the DataFrame an analysis returned and gives a plotly Figure, finished by :func:`finish`.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from crmkit import i18n
from crmkit.frames import header

#: Chinese-capable fonts first (Linux, Windows, macOS), then Latin fallbacks.
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, Arial, sans-serif"
#: JupyterLab's own plotly renderer plus plotly.js embedded in the output, so exported HTML needs
#: no network (the default 'plotly_mimetype' is dropped by nbconvert; 'notebook_connected' uses a CDN).
RENDERER = "plotly_mimetype+notebook"


def use_offline_renderer() -> None:
    """Make notebooks show figures with :data:`RENDERER` (done when the first figure is finished)."""
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
    return fig
