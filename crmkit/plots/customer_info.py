"""Charts of the customer information analyses (:mod:`crmkit.analytics.customer_info`):
``ck.plots.customer_info.cards(ck.customers.cards(con))`` and likewise ``duplicates`` and ``stale``.

Examples
--------
>>> import crmkit as ck
>>> from crmkit.plots import customer_info as plots
>>> con = ck.connect("mall")
>>> type(plots.cards(ck.customers.cards(con))).__name__
'Figure'
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit import i18n
from crmkit.analytics.customer_info import MATCH_RULES, STALE_REASONS
from crmkit.plots import style

__all__ = ["cards", "duplicates", "stale"]


def cards(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_info.cards`: customers per card kind
    (potential, current, lost; hover shows the share)."""
    fig = px.bar(df, x="card_kind_name", y="customer_count", text="customer_count", color="card_kind_name",
                 hover_data=["share"], labels=style.labels(df.columns))
    fig.update_layout(showlegend=False)
    return style.finish(fig, "plot.customer_info.cards")


def _group_rule(rules: pd.Series) -> str:
    """How a whole group matched, from its records' ``matched_on``: phone and a name rule make
    ``both``; otherwise the one rule, ``name_birthday_city`` before the weaker ``name_city``."""
    found = set(rules)
    by_phone = bool(found & {"phone", "both"})
    by_name = bool(found - {"phone"})
    if by_phone and by_name:
        return "both"
    if by_phone:
        return "phone"
    return "name_birthday_city" if "name_birthday_city" in found else "name_city"


def duplicates(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_info.duplicates`: candidate groups by how
    they matched (every rule is shown, also with no groups)."""
    rules = df.groupby("group_id")["matched_on"].agg(_group_rule)
    counts = rules.value_counts().reindex(list(MATCH_RULES), fill_value=0)
    table = pd.DataFrame({"matched_on_name": [i18n.t(f"customer_info.matched_on.{r}") for r in counts.index],
                          "group_count": counts.to_numpy()})
    fig = px.bar(table, x="matched_on_name", y="group_count", text="group_count", labels=style.labels(table.columns))
    return style.finish(fig, "plot.customer_info.duplicates")


def stale(df: pd.DataFrame) -> go.Figure:
    """Bar chart of :func:`~crmkit.analytics.customer_info.stale`: customers per reason their
    contact data needs updating (every reason is shown, also with no customers)."""
    counts = df["reason"].value_counts().reindex(list(STALE_REASONS), fill_value=0)
    table = pd.DataFrame({"reason_name": [i18n.t(f"customer_info.stale_reason.{r}") for r in counts.index],
                          "customer_count": counts.to_numpy()})
    fig = px.bar(table, x="reason_name", y="customer_count", text="customer_count", labels=style.labels(table.columns))
    return style.finish(fig, "plot.customer_info.stale")
