"""Thin ipywidgets factories over crmkit analyses; the logic lives in ``crmkit.analytics``.

Conventions every widget follows:

- a factory function returning an ``ipywidgets`` container, named for what it shows;
- labels, buttons and table headers through :mod:`crmkit.i18n`;
- an optional initial value (``query=...``) so the widget shows a result as soon as it is
  displayed, which is what a headless run (papermill, nbgrader) records; nothing is graded
  through a widget.
"""

from crmkit.widgets.customer_info import card_viewer, duplicate_finder, import_checker, task_board
from crmkit.widgets.info_analyses import info_analysis_explorer
from crmkit.widgets.lookup import customer_card_html, lookup_html, quick_lookup
from crmkit.widgets.service import (
    channel_trend_explorer,
    customer_structure_explorer,
    expectation_explorer,
    role_play,
    stage_explorer,
)

__all__ = [
    "card_viewer",
    "duplicate_finder",
    "import_checker",
    "info_analysis_explorer",
    "task_board",
    "channel_trend_explorer",
    "customer_card_html",
    "customer_structure_explorer",
    "expectation_explorer",
    "lookup_html",
    "quick_lookup",
    "role_play",
    "stage_explorer",
]
