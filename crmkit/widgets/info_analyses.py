"""客户信息的分析 widget: the course's four kinds of analysis of customer information in one explorer.

* basic 基本信息分析 — the main sales region of a product or category (``info_analyses.region_sales``)
  and what each age group buys most (``info_analyses.age_preferences``);
* statistical 统计分析 — each customer's share of the revenue (``ck.customers.revenue_share``);
* trend 趋势分析 — forecasting the second half-year (``info_analyses.half_year_forecast``);
* association 关联分析 — this month against last month (``info_analyses.month_over_month``).

:func:`analysis_html` renders what the explorer shows (the tests call it); the widget only wires
controls to it. Nothing here computes an analysis.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from crmkit import i18n
from crmkit.analytics import customer_analysis, info_analyses, params, products
from crmkit.errors import CrmkitError
from crmkit.plots import customers as customer_plots
from crmkit.plots import info_analyses as plots
from crmkit.widgets.display import error_html, show_figure, table_html

__all__ = ["BASIC_VIEWS", "analysis_html", "analysis_view", "info_analysis_explorer"]

#: The two examples of the basic analysis.
BASIC_VIEWS: tuple[str, ...] = ("region", "age")
#: The share of buyers the statistical analysis speaks of ("the top 20 % of buyers bring ..."): the first
#: rank at or above it.
TOP_BUYER_SHARE = 0.2
_STYLE = {"description_width": "initial"}


def _t(key: str, **values: object) -> str:
    return html.escape(i18n.t(f"info_widget.{key}", **values))


def _percent(values: pd.Series, sign: str = "") -> pd.Series:
    """Fractions as per cent text (``sign="+"`` shows the sign of a change); empty stays a dash."""
    return values.map(lambda v: "—" if pd.isna(v) else f"{v:{sign}.1%}")


def _item(item: str | None) -> dict[str, object]:
    """``"category:空调"`` or ``"product:12"`` as the arguments of ``region_sales``; ``None``: every product."""
    if not item:
        return {}
    kind, _, value = str(item).partition(":")
    return {"category": value} if kind == "category" else {"product": value}


def _basic(con, view: str, item: str | None, by: str, top: int):
    if params.choice(view, BASIC_VIEWS, "view") == "region":
        df = info_analyses.region_sales(con, **_item(item))
        if df.empty:
            return None, f"<p>{_t('no_sales')}</p>"
        first = df.iloc[0]
        text = _t("main_region", province=first["province"], share=first["share"], quantity=int(first["quantity"]))
        return plots.region_sales(df), f"<p><b>{text}</b></p>" + table_html(df, limit=10)
    df = info_analyses.age_preferences(con, by, top=top)
    favourites = df[df["rank"] == 1]
    lines = "".join(f"<li>{html.escape(r['age_group'])}: {html.escape(str(r[by]))} "
                    f"({r['share']:.0%}, {_t('lift')} {r['lift']:.2f})</li>" for _, r in favourites.iterrows())
    return plots.age_preferences(df), f"<p>{_t('favourites')}</p><ul>{lines}</ul>" + table_html(df)


def _statistical(con, top: int):
    df = customer_analysis.revenue_share(con)
    if df.empty:
        return None, f"<p>{_t('no_sales')}</p>"
    top_buyers = df[df["cumulative_customer_share"] >= TOP_BUYER_SHARE].iloc[0]
    text = _t("pareto", buyers=top_buyers["cumulative_customer_share"], n=int(top_buyers["rank"]),
              share=top_buyers["cumulative_share"])
    return customer_plots.revenue_share(df), f"<p><b>{text}</b></p>" + table_html(df, limit=top)


def _trend(con, year: int | None, metric: str):
    df = info_analyses.half_year_forecast(con, year, metric)
    accuracy = info_analyses.forecast_accuracy(df)
    shown = df.assign(half=df["half"].map(lambda h: i18n.t(f"info_analyses.half.{h}")),
                      complete=df["complete"].map(lambda c: "✓" if c else ""))
    columns = ["period", "half", "actual", "complete", "trend_line", "seasonal_forecast"]
    scores = table_html(accuracy.assign(mape=_percent(accuracy["mape"])),
                    ["method_name", "months", "actual_total", "forecast_total", "mape"])
    return plots.half_year_forecast(df), (table_html(shown, columns, limit=12) + f"<h4>{_t('accuracy')}</h4>" + scores)


def _association(con, month: object):
    df = info_analyses.month_over_month(con, month)
    verdict = info_analyses.overall_verdict(df)
    shown = df.assign(better_when=df["better_when"].map(lambda d: i18n.t(f"info_analyses.direction.{d}")),
                      change_rate=_percent(df["change_rate"], "+"))
    columns = ["metric_name", "previous_value", "value", "change", "change_rate", "better_when", "verdict_name"]
    return plots.month_over_month(df), (f"<p><b>{html.escape(i18n.t(f'info_analyses.overall.{verdict}'))}</b></p>"
                                        + table_html(shown, columns))


def analysis_view(con, kind: str = "basic", *, view: str = "region", item: str | None = None, by: str = "category",
                  top: int = 3, year: int | None = None, metric: str = "revenue", month: object = None):
    """The chart (a plotly Figure, or ``None``) and the HTML the explorer shows for one kind of analysis: a
    sentence on the course's idea behind it, the finding, and the table.

    ``view`` (``"region"`` or ``"age"``), ``item`` (``"category:<name>"`` or ``"product:<id>"``), ``by``
    and ``top`` belong to the basic analysis (``top`` also to the statistical one: the rows listed),
    ``year`` and ``metric`` to the trend, ``month`` to the association analysis."""
    kind = params.choice(kind, info_analyses.ANALYSIS_KINDS, "kind")
    try:
        if kind == "basic":
            fig, body = _basic(con, view, item, by, top)
        elif kind == "statistical":
            fig, body = _statistical(con, top)
        elif kind == "trend":
            fig, body = _trend(con, year, metric)
        else:
            fig, body = _association(con, month)
    except CrmkitError as exc:
        fig, body = None, error_html(exc)
    return fig, f"<p><i>{_t('about_' + kind)}</i></p>" + body


def analysis_html(con, kind: str = "basic", **options: object) -> str:
    """The HTML of :func:`analysis_view`."""
    return analysis_view(con, kind, **options)[1]


def _items(con) -> list[tuple[str, str | None]]:
    listed = products.table(con)
    categories = [(i18n.t("info_widget.category_item", name=c), f"category:{c}") for c in listed["category"].unique()]
    goods = [(i18n.t("info_widget.product_item", name=r.product), f"product:{r.product_id}")
             for r in listed.itertuples()]
    return [(i18n.t("info_widget.all_products"), None), *categories, *goods]


def info_analysis_explorer(con, kind: str = "basic") -> w.VBox:
    """客户信息分析 widget: the four kinds of analysis, each with the course's example and its controls."""
    kinds = w.ToggleButtons(options=[(i18n.t(f"info_analyses.kind.{k}"), k) for k in info_analyses.ANALYSIS_KINDS],
                            value=params.choice(kind, info_analyses.ANALYSIS_KINDS, "kind"))
    view = w.ToggleButtons(options=[(i18n.t(f"info_widget.view_{v}"), v) for v in BASIC_VIEWS], value="region")
    item = w.Dropdown(options=_items(con), value=None, description=i18n.t("info_widget.item"), style=_STYLE)
    by = w.Dropdown(options=[(i18n.t(f"column.{b}"), b) for b in info_analyses.PREFERENCE_BY], value="category",
                    description=i18n.t("info_widget.by"), style=_STYLE)
    top = w.IntSlider(value=3, min=1, max=20, description=i18n.t("info_widget.top"), style=_STYLE,
                      continuous_update=False)
    years = info_analyses.forecast_years(con)
    year = w.Dropdown(options=[(str(y), y) for y in years], value=years[-1] if years else None,
                      description=i18n.t("info_widget.year"), style=_STYLE)
    metric = w.Dropdown(options=[(i18n.t(f"info_analyses.metric.{m}"), m) for m in info_analyses.FORECAST_METRICS],
                        value="revenue", description=i18n.t("info_widget.metric"), style=_STYLE)
    months = info_analyses.comparable_months(con)
    month = w.Dropdown(options=[(m.strftime("%Y-%m"), m.date()) for m in months],
                       value=months[-1].date() if months else None, description=i18n.t("info_widget.month"),
                       style=_STYLE)
    controls = {"basic": [view, item, by, top], "statistical": [top], "trend": [year, metric], "association": [month]}
    row, chart, result = w.HBox(layout=w.Layout(flex_flow="row wrap")), w.Output(), w.HTML()

    def show(_=None) -> None:
        shown = controls[kinds.value]
        if kinds.value == "basic":
            shown = [view, item] if view.value == "region" else [view, by, top]
        row.children = shown
        options = {"view": view.value, "item": item.value, "by": by.value, "top": top.value, "year": year.value,
                   "metric": metric.value, "month": month.value}
        fig, result.value = analysis_view(con, kinds.value, **options)
        if fig is None:
            chart.outputs = ()
        else:
            show_figure(chart, fig)

    for control in (kinds, view, item, by, top, year, metric, month):
        control.observe(show, names="value")
    show()
    return w.VBox([w.HTML(f"<h3>{_t('analysis_title')}</h3>"), kinds, row, chart, result])
