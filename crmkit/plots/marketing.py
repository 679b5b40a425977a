"""Charts of the marketing analyses (:mod:`crmkit.analytics.marketing`).

``campaigns`` and ``campaign_effect`` have a chart. ``birthday_care`` and ``holiday_care`` have
none on purpose: they are contact lists to work through (who to greet, with which phone), not
figures to compare.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from crmkit.plots import style

__all__ = ["campaign_effect", "campaigns"]


def campaigns(df: pd.DataFrame) -> go.Figure:
    """Revenue of each campaign (bars by campaign code, coloured by kind), from ``marketing.campaigns``."""
    fig = px.bar(df, x="campaign_code", y="revenue", color="campaign_kind",
                 hover_data=["campaign", "starts_on", "ends_on", "order_count", "customer_count"],
                 labels=style.labels(df.columns))
    return style.finish(fig, "plot.marketing.campaigns")


def campaign_effect(df: pd.DataFrame) -> go.Figure:
    """Uplift of each metric during the campaign over the days before it, from ``marketing.campaign_effect``."""
    fig = px.bar(df, x="campaign_metric", y="campaign_uplift",
                 hover_data=["before_campaign", "during_campaign"], labels=style.labels(df.columns))
    fig.update_yaxes(tickformat=".0%")
    return style.finish(fig, "plot.marketing.campaign_effect")
