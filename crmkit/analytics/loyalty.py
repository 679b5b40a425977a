"""Loyalty and lifetime value (客户忠诚度与顾客终身价值): who is loyal, who is leaving, what a customer is worth.

* :func:`rfm` — recency, frequency and monetary value of every buyer, scores and the eight RFM
  segments (the business view, from paid orders);
* :func:`rfm_summary`, :func:`fit_bgnbd`, :func:`fit_gamma_gamma`, :func:`clv`,
  :func:`p_alive`, :func:`expected_vs_actual` — the models of the customer-base literature:
  BG/NBD (how often a customer buys and whether they are still active; Fader, Hardie & Lee
  2005) and Gamma-Gamma (how much they spend per purchase; Fader & Hardie 2013), and the
  customer lifetime value (CLV) they give;
* :func:`cohort_retention` — the share of each month's (week's, ...) new buyers who buy again later;
* :func:`quadrants` — the four loyalty types from attitude (survey) and behaviour (repeat purchase).

The data extraction is SQL in ``crmkit/sql/loyalty/`` (``ck.show_sql("loyalty/rfm")``); the
model fitting is numpy/scipy (:mod:`crmkit.analytics.bgnbd`, :mod:`crmkit.analytics.gamma_gamma`).
Paid orders are those whose status is not ``closed``; "today" is the day of the newest order.

Examples
--------
>>> import crmkit as ck
>>> from crmkit.analytics import loyalty
>>> con = ck.connect("mall")
>>> summary = loyalty.rfm_summary(con, observation_end="2026-10-31", calibration_end="2026-04-30")
>>> bgnbd = loyalty.fit_bgnbd(summary)
>>> sorted(bgnbd.params)
['a', 'alpha', 'b', 'r']
>>> values = loyalty.clv(bgnbd, loyalty.fit_gamma_gamma(summary), months=12, discount_rate=0.01)
>>> list(values.columns)
['customer_id', 'p_alive', 'expected_purchases', 'expected_spend', 'clv']
"""

from __future__ import annotations

import duckdb
import pandas as pd

from crmkit import queries
from crmkit.analytics import bgnbd, gamma_gamma, params
from crmkit.analytics.bgnbd import BgNbdModel
from crmkit.analytics.gamma_gamma import GammaGammaModel
from crmkit.analytics.predictions import UNITS, clv, expected_vs_actual  # noqa: F401 (part of loyalty)
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = [
    "SEGMENTS",
    "QUADRANTS",
    "UNITS",
    "BgNbdModel",
    "GammaGammaModel",
    "rfm",
    "rfm_summary",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "clv",
    "p_alive",
    "expected_vs_actual",
    "cohort_retention",
    "quadrants",
]

#: The eight RFM segments (codes), each from high/low recency, frequency and monetary scores.
SEGMENTS: tuple[str, ...] = ("champions", "potential", "at_risk", "cant_lose", "loyal", "promising",
                             "need_attention", "hibernating")
#: The four loyalty types of :func:`quadrants` (codes).
QUADRANTS: tuple[str, ...] = ("absolute", "latent", "inertial", "non_loyal")
MAX_BINS = 10


def rfm(con: duckdb.DuckDBPyConnection, *, as_of: object = None, bins: int = 5) -> LabeledFrame:
    """RFM 分析 RFM analysis: recency, frequency and monetary value of every buyer, 1-``bins`` scores and segment.

    * R (recency) — whole days from the last paid order to ``as_of``; F (frequency) — paid
      orders; M (monetary) — total paid spend. Orders after ``as_of`` do not count.
    * Scores are quantile bins: buyers are ranked on each value (R: the longest time since the
      last order first) and score = 1 + floor(bins × (rank − 1) / buyers), so without ties each
      score holds the same number of buyers and 5 is the best fifth. Equal values share the
      rank of the first of them, so equal values always get the same score (with many ties,
      e.g. many buyers with one order, the bins are not equal in size and some scores stay empty).
    * Each score is *high* when it is above the average of that score over all buyers, else
      *low*; the eight combinations are the segments (the usual Chinese eight-class scheme),
      as R/F/M high (↑) or low (↓), code, 中文 and English name:

      - ↑↑↑ ``champions`` 重要价值客户 Champions — recent, frequent, big spenders: keep them;
      - ↑↓↑ ``potential`` 重要发展客户 Potential loyalists — recent, big spend, few orders: raise frequency;
      - ↓↑↑ ``at_risk`` 重要保持客户 At risk — used to buy often and much, not lately: contact them;
      - ↓↓↑ ``cant_lose`` 重要挽留客户 Can't lose them — big spend long ago, few orders: win back;
      - ↑↑↓ ``loyal`` 一般价值客户 Loyal, lower spend — recent and frequent, small baskets: up-sell;
      - ↑↓↓ ``promising`` 一般发展客户 Promising — recent, few orders, small spend: develop;
      - ↓↑↓ ``need_attention`` 一般保持客户 Need attention — frequent once, not lately, small spend;
      - ↓↓↓ ``hibernating`` 一般挽留客户 Hibernating — long ago, rarely, little.

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    as_of : the day to look back from (a date or text like ``"2026-06-30"``); default today
    bins : number of score levels, 2 to 10 (default 5)

    Returns
    -------
    LabeledFrame
        One row per buyer (customers with a paid order by ``as_of``), by customer id:
        ``customer_id, name, last_order_at, days_since_last_order`` (R), ``orders`` (F),
        ``total_spend`` (M), ``r_score, f_score, m_score``, ``segment_code`` and ``segment``
        (the name in the chosen language). Empty when nobody had bought by ``as_of``.

    SQL: ``loyalty/rfm``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = rfm(con)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['customer_id', 'name', 'last_order_at', 'days_since_last_order', 'orders', 'total_spend',
     'r_score', 'f_score', 'm_score', 'segment_code', 'segment']
    >>> sorted(int(s) for s in df.r_score.unique())
    [1, 2, 3, 4, 5]
    """
    day = params.date(as_of, "as_of")
    levels = params.positive_int(bins, "bins", allow_none=False)
    if not 2 <= levels <= MAX_BINS:
        raise CrmkitError("loyalty.error.bad_bins", value=bins, most=MAX_BINS)
    return queries.run(con, "loyalty/rfm", as_of=day, bins=levels,
                       segment_names=queries.label_map("loyalty.segment", SEGMENTS))


def rfm_summary(con: duckdb.DuckDBPyConnection, *, observation_end: object = None, calibration_end: object = None,
                unit: str = "W") -> LabeledFrame:
    """顾客购买汇总 The customer-base summary the BG/NBD and Gamma-Gamma models learn from.

    The convention of the literature (Fader, Hardie & Lee 2005): purchases are counted per day
    (several paid orders on one day are one purchase, their totals added up); times are whole
    days, divided by 7 for weeks. Customers whose first paid order falls after the calibration
    end are left out (the models describe customers from their first purchase on).

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    observation_end : the last day of data to use (date or text), at most today; default today.
        Later orders are ignored.
    calibration_end : with a day before ``observation_end``, the models learn from the days up
        to it (the calibration period) and the days after it are a holdout period to check the
        predictions against; default: no holdout (calibration = observation).
    unit : ``"W"`` weeks (default) or ``"D"`` days

    Returns
    -------
    LabeledFrame
        One row per customer, by customer id:

        * ``customer_id``;
        * ``frequency`` — x, repeat purchase days in the calibration period (purchase days after the first);
        * ``recency`` — t_x, time from the first to the last purchase day (0 without repeats);
        * ``T`` — time from the first purchase day to the calibration end;
        * ``monetary_value`` — average spend of the repeat purchase days (0 without repeats);
        * with ``calibration_end`` also ``frequency_holdout`` (purchase days after the
          calibration end, up to the observation end) and ``duration_holdout`` (the holdout length).

        ``df.attrs["unit"]`` keeps the unit for the models.

    SQL: ``loyalty/rfm_summary``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = rfm_summary(con, observation_end="2026-10-31", calibration_end="2026-04-30")
    >>> list(df.columns)
    ['customer_id', 'frequency', 'recency', 'T', 'monetary_value', 'frequency_holdout', 'duration_holdout']
    >>> float(df.duration_holdout.iloc[0])  # 184 days / 7
    26.285714285714285
    """
    unit = params.choice(unit.strip().upper() if isinstance(unit, str) else unit, tuple(UNITS), "unit")
    end = params.date(observation_end, "observation_end")
    calibration = params.date(calibration_end, "calibration_end")
    [(first, today)] = con.execute("SELECT min(first_paid_at)::DATE, (SELECT max(ordered_at)::DATE FROM orders) "
                                   "FROM customer_stats").fetchall()  # fetchall leaves no unfinished result
    if first is None:
        raise CrmkitError("loyalty.error.no_paid_orders")
    end = end or today
    if end > today:
        raise CrmkitError("loyalty.error.after_last_order", value=end, today=today)
    if calibration is not None and calibration >= end:
        raise CrmkitError("loyalty.error.calibration_not_before_end", calibration_end=calibration,
                          observation_end=end)
    for name, day in (("observation_end", end), ("calibration_end", calibration)):
        if day is not None and day < first:
            raise CrmkitError("loyalty.error.before_first_order", name=name, value=day, first=first)
    frame = queries.run(con, "loyalty/rfm_summary", calibration_end=calibration or end, observation_end=end,
                        days_per_unit=UNITS[unit])
    if calibration is None:
        frame = frame.drop(columns=["frequency_holdout", "duration_holdout"])
    frame.attrs["unit"] = unit
    return frame


def fit_bgnbd(summary: pd.DataFrame) -> BgNbdModel:
    """Fit the BG/NBD model (maximum likelihood) to a summary from :func:`rfm_summary`.

    Returns a :class:`~crmkit.analytics.bgnbd.BgNbdModel` with ``params`` (r, alpha, a, b),
    ``log_likelihood``, ``p_alive(frequency, recency, T)`` and ``expected_purchases(t, ...)``
    (per customer, or for a new customer without the history arguments). A summary without
    customers or without any repeat purchase, or one the model cannot be fitted to, raises a
    clear error. See :mod:`crmkit.analytics.bgnbd` for the model.
    """
    return bgnbd.fit(summary, unit=getattr(summary, "attrs", {}).get("unit", "W"))


def fit_gamma_gamma(summary: pd.DataFrame) -> GammaGammaModel:
    """Fit the Gamma-Gamma spend model on the customers of ``summary`` with repeat purchases.

    Returns a :class:`~crmkit.analytics.gamma_gamma.GammaGammaModel` with ``params`` (p, q,
    gamma), ``log_likelihood``, ``mean_spend`` and ``expected_spend(frequency, monetary_value)``.
    See :mod:`crmkit.analytics.gamma_gamma` for the model and its assumption.
    """
    return gamma_gamma.fit(summary)


def p_alive(con: duckdb.DuckDBPyConnection, model: BgNbdModel | str = "bgnbd") -> LabeledFrame:
    """P(alive) today: the probability that each buyer is still an active customer.

    ``model`` is a fitted :class:`BgNbdModel` or ``"bgnbd"`` to fit one on the whole history
    up to today (:func:`rfm_summary` in weeks). Each buyer's frequency, recency and T are taken
    up to today, in the model's unit.

    Returns
    -------
    LabeledFrame
        ``customer_id, frequency, recency, T, p_alive``, one row per buyer, by customer id.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = p_alive(con)
    >>> bool(df.p_alive.between(0, 1).all())
    True
    """
    if not isinstance(model, BgNbdModel):
        params.choice(model.strip().lower() if isinstance(model, str) else model, ("bgnbd",), "model")
    summary = rfm_summary(con, unit=model.unit if isinstance(model, BgNbdModel) else "W")
    if not isinstance(model, BgNbdModel):
        model = fit_bgnbd(summary)
    frame = summary[["customer_id", "frequency", "recency", "T"]].copy()
    frame["p_alive"] = model.p_alive(frame["frequency"], frame["recency"], frame["T"])
    return frame


def cohort_retention(con: duckdb.DuckDBPyConnection, period: str = "month") -> LabeledFrame:
    """同期群留存 Cohort retention: the share of each cohort of new buyers who buy in later periods.

    A cohort is all customers whose first paid order falls in the same period; at age k, a
    cohort's *active* customers are those with a paid order k periods after their cohort
    period. The result is the cohort × age matrix in long form; for a table with one column
    per age write ``df.pivot(index="cohort", columns="cohort_age", values="retention_rate")``
    (``ck.plots.loyalty.cohort_heatmap`` draws it).

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    period : ``"day"``, ``"week"``, ``"month"`` (default), ``"quarter"`` or ``"year"``

    Returns
    -------
    LabeledFrame
        One row per cohort and age, from age 0 up to today's period (ages without active
        customers too), oldest cohort first: ``cohort`` (first day of the period),
        ``cohort_age`` (periods after the cohort period), ``customer_count`` (customers in the
        cohort), ``active_customers``, ``retention_rate`` (active / cohort, 0-1; 1 at age 0).

    SQL: ``loyalty/cohort_retention``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = cohort_retention(con, "quarter")
    >>> list(df.columns)
    ['cohort', 'cohort_age', 'customer_count', 'active_customers', 'retention_rate']
    >>> sorted(set(df[df.cohort_age == 0].retention_rate))
    [1.0]
    """
    return queries.run(con, "loyalty/cohort_retention", period=params.period(period))


def quadrants(con: duckdb.DuckDBPyConnection, *, min_attitude: float = 4.0, min_orders: int = 2) -> LabeledFrame:
    """忠诚度四象限 The four loyalty types: attitudinal × behavioural loyalty (Dick & Basu 1994).

    * Attitudinal loyalty — the customer's average of the three survey attitude items
      (trust, preference, would recommend; 1-5) over all their survey answers; *high* from
      ``min_attitude`` on.
    * Behavioural loyalty — repeat purchase: the customer's paid orders; *high* from
      ``min_orders`` on (default 2: bought again at least once).

    ==============  ===============  ==============  ==============
    attitude        behaviour        code            type
    ==============  ===============  ==============  ==============
    high            high             absolute        绝对忠诚 absolute loyalty
    high            low              latent          潜在忠诚 latent loyalty
    low             high             inertial        惯性忠诚 inertial loyalty
    low             low              non_loyal       非忠诚 no loyalty
    ==============  ===============  ==============  ==============

    Parameters
    ----------
    con : a connection from ``ck.connect()``
    min_attitude : average attitude from which attitude counts as high, 1 to 5 (default 4: "agree")
    min_orders : paid orders from which behaviour counts as high, a whole number above 0

    Returns
    -------
    LabeledFrame
        One row per customer who answered a survey, by customer id: ``customer_id, name,
        survey_responses, attitude, orders, quadrant_code, quadrant`` (name in the chosen language).

    SQL: ``loyalty/quadrants``.

    Examples
    --------
    >>> import crmkit as ck
    >>> con = ck.connect("mall")
    >>> df = quadrants(con, min_attitude=3.5, min_orders=3)
    >>> sorted(df.quadrant_code.unique())
    ['absolute', 'inertial', 'latent', 'non_loyal']
    """
    attitude = params.real(min_attitude)
    if attitude is None or not 1 <= attitude <= 5:
        raise CrmkitError("loyalty.error.bad_min_attitude", value=min_attitude)
    orders = params.positive_int(min_orders, "min_orders", allow_none=False)
    frame = queries.run(con, "loyalty/quadrants", min_attitude=attitude, min_orders=orders,
                        quadrant_names=queries.label_map("loyalty.quadrant", QUADRANTS))
    frame.attrs.update(min_attitude=attitude, min_orders=orders)  # for the chart's threshold lines
    return frame
