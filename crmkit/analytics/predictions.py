"""What the fitted customer-base models predict for customers: lifetime value and the holdout check.

Both take a fitted :class:`~crmkit.analytics.bgnbd.BgNbdModel` and a summary from
:func:`crmkit.analytics.loyalty.rfm_summary` (by default the one the model was fitted on) and
are part of :mod:`crmkit.analytics.loyalty` (``ck.loyalty.clv``, ``ck.loyalty.expected_vs_actual``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.analytics import bgnbd, params
from crmkit.analytics.bgnbd import BgNbdModel
from crmkit.analytics.gamma_gamma import GammaGammaModel
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = ["MONTH_DAYS", "UNITS", "clv", "expected_vs_actual"]

#: Time units of a summary: days per unit.
UNITS: dict[str, int] = {"W": 7, "D": 1}
#: Days in a month of :func:`clv` (a year divided by 12).
MONTH_DAYS = 365.25 / 12


def clv(bgnbd_model: BgNbdModel, gg_model: GammaGammaModel, months: int = 12, discount_rate: float = 0.01, *,
        summary: pd.DataFrame | None = None) -> LabeledFrame:
    """顾客终身价值 Customer lifetime value (CLV) over the next ``months``, discounted.

    For each month i = 1 … ``months``: the purchases the BG/NBD model expects in that month
    times the spend per purchase the Gamma-Gamma model expects, divided by
    (1 + ``discount_rate``)^i; CLV is the sum. A month is 365.25/12 days. The value is revenue
    (multiply by a margin for profit), in the currency of the orders.

    Parameters
    ----------
    bgnbd_model, gg_model : fitted models (``loyalty.fit_bgnbd``, ``loyalty.fit_gamma_gamma``)
    months : the horizon, a whole number of months above 0
    discount_rate : per month, 0 or more and below 1 (0.01 = 1 % a month)
    summary : the customers to value (``loyalty.rfm_summary`` columns); default the summary the
        BG/NBD model was fitted on. Predictions start at the end of its calibration period.

    Returns
    -------
    LabeledFrame
        One row per customer, highest CLV first (equal: lower id first): ``customer_id``,
        ``p_alive``, ``expected_purchases`` (over the horizon, undiscounted), ``expected_spend``
        (per purchase), ``clv``.
    """
    horizon = params.positive_int(months, "months", allow_none=False)
    rate = params.real(discount_rate)
    if rate is None or not 0 <= rate < 1:
        raise CrmkitError("loyalty.error.bad_discount_rate", value=discount_rate)
    data = _summary(bgnbd_model, summary, ("customer_id", "monetary_value"))
    x, t_x, t = bgnbd.checked(data)
    step = MONTH_DAYS / UNITS[bgnbd_model.unit]
    cumulative = [np.zeros(len(data))] + [bgnbd_model.expected_purchases(i * step, x, t_x, t)
                                          for i in range(1, horizon + 1)]
    discounted = sum((cumulative[i] - cumulative[i - 1]) / (1 + rate) ** i for i in range(1, horizon + 1))
    spend = gg_model.expected_spend(x, data["monetary_value"].to_numpy(dtype=float))
    frame = LabeledFrame({"customer_id": data["customer_id"].to_numpy(), "p_alive": bgnbd_model.p_alive(x, t_x, t),
                          "expected_purchases": cumulative[-1], "expected_spend": spend, "clv": discounted * spend})
    return frame.sort_values(["clv", "customer_id"], ascending=[False, True], ignore_index=True)


def expected_vs_actual(model: BgNbdModel, summary: pd.DataFrame | None = None, *,
                       max_frequency: int = 7) -> LabeledFrame:
    """预测与实际 Holdout check: purchases the BG/NBD model expected vs those that happened.

    Customers are grouped by their repeat purchases in the calibration period (0, 1, …,
    ``max_frequency`` or more); per group, the average number of purchases in the holdout
    period, as observed and as the model expects from the calibration data (Fader, Hardie &
    Lee 2005, figure 4). Needs a summary made with ``calibration_end``.

    Returns
    -------
    LabeledFrame
        One row per group with customers: ``repeat_purchases`` (text: "0", "1", …, "7+"),
        ``customer_count``, ``actual_purchases``, ``expected_purchases`` (both per customer).
    """
    top = params.positive_int(max_frequency, "max_frequency", allow_none=False)
    data = _summary(model, summary, ())
    if "frequency_holdout" not in data.columns or "duration_holdout" not in data.columns:
        raise CrmkitError("loyalty.error.no_holdout")
    x, t_x, t = bgnbd.checked(data)
    holdout = data["duration_holdout"].to_numpy(dtype=float)
    groups = np.minimum(x, top).astype(int)
    frame = pd.DataFrame({"group": groups, "actual": data["frequency_holdout"].to_numpy(dtype=float),
                          "expected": model.expected_purchases(holdout, x, t_x, t)})
    table = frame.groupby("group").agg(customer_count=("actual", "size"), actual_purchases=("actual", "mean"),
                                       expected_purchases=("expected", "mean")).reset_index()
    labels = [f"{g}+" if g == top else str(g) for g in table["group"]]
    return LabeledFrame({"repeat_purchases": labels, **{c: table[c].to_numpy() for c in
                                                       ("customer_count", "actual_purchases", "expected_purchases")}})


def _summary(model: BgNbdModel, summary: pd.DataFrame | None, needed: tuple[str, ...]) -> pd.DataFrame:
    """``summary``, or the one the model was fitted on, after checking it has the ``needed`` columns."""
    data = model.summary if summary is None else summary
    missing = [c for c in ("frequency", "recency", "T", *needed) if c not in getattr(data, "columns", ())]
    if missing:
        raise CrmkitError("loyalty.error.not_a_summary", missing=", ".join(missing))
    return data
