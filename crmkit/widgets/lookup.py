"""顾客速查: the customer quick lookup widget and the customer card it shows."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from crmkit import i18n
from crmkit.analytics import customers
from crmkit.errors import CrmkitError

CARD_FIELDS = ("customer_code", "gender", "age", "phone", "email", "province", "city", "address",
               "channel", "registered_at", "orders", "total_spend", "last_order_at")


def _value(field: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if field == "gender":
        return i18n.t(f"gender.{value}")
    if field == "total_spend":
        return f"¥{float(value):,.2f}"
    if field in ("registered_at", "last_order_at"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return str(value)


def customer_card_html(row: pd.Series) -> str:
    """A customer data card (客户资料卡) as HTML, labels in the chosen language."""
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(i18n.t('column.' + f))}</th>"
        f"<td>{html.escape(_value(f, row[f]))}</td></tr>"
        for f in CARD_FIELDS
    )
    title = html.escape(i18n.t("lookup.card_title", name=row["name"], id=int(row["customer_id"])))
    style = "border:1px solid #ccc;border-radius:6px;padding:8px;max-width:460px"
    heading = f"<h4 style='margin:0 0 6px 0'>{title}</h4>"
    return f"<div class='crmkit-card' style='{style}'>{heading}<table>{rows}</table></div>"


def lookup_html(con, query: str | int, limit: int = customers.LOOKUP_LIMIT) -> str:
    """What the quick lookup shows for ``query``: a card for the first match, a table of the others."""
    try:
        found = customers.lookup(con, query, limit=limit)
    except CrmkitError as exc:
        return f"<b>{html.escape(str(exc))}</b>"
    if found.empty:
        return html.escape(i18n.t("lookup.none", query=str(query)))
    parts = [customer_card_html(found.iloc[0])]
    if len(found) > 1:
        more = found[["customer_id", "name", "phone", "province", "orders"]].iloc[1:11]
        capped = len(found) >= limit
        note = i18n.t("lookup.more_capped", n=len(more)) if capped else i18n.t("lookup.more", n=len(found) - 1)
        parts.append(f"<p>{html.escape(note)}</p>")
        parts.append(more.display_frame().to_html(index=False, border=0, classes="crmkit-table"))
    return "".join(parts)


def quick_lookup(con, query: str | int | None = None) -> w.VBox:
    """顾客速查 widget: type an id, a name fragment or the last 4 phone digits, press Enter or Search.

    The first match is shown as a customer card, further matches as a table. Pass ``query``
    to show a result straight away (what a headless run records).
    """
    box = w.Text(value="" if query is None else str(query), placeholder=i18n.t("lookup.placeholder"),
                 description=i18n.t("lookup.label"), style={"description_width": "initial"},
                 continuous_update=False)  # ipywidgets 8: the value commits on Enter or leaving the box
    button = w.Button(description=i18n.t("lookup.search"), icon="search", button_style="primary")
    result = w.HTML()

    def show(_=None) -> None:
        result.value = lookup_html(con, box.value)

    button.on_click(show)
    box.observe(show, names="value")
    if query is not None:
        show()
    return w.VBox([w.HTML(f"<h3>{html.escape(i18n.t('lookup.title'))}</h3>"), w.HBox([box, button]), result])
