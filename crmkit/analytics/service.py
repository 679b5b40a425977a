"""Customer service basics (客户服务基本认知, chapter 1): who the shop serves, what customers expect and
perceive, through which channels they reach the service desk, at which stage, and the complaints
the service desk handles.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame`
whose headers show in the chosen language. The SQL behind each one is stored in
``crmkit/sql/service/`` and can be read with ``ck.show_sql("service/<name>")``.

Common definitions
------------------
* *Paid orders* are orders whose status is not ``closed``; *sales* through a channel or an end
  customer are the totals of paid orders; a supplier's sales are the item amounts of its products
  in paid orders (before order discounts).
* *Satisfaction* follows the course's formula 满意度 = 感知价值 − 期望值: perceived value minus
  expectation, both answered on a scale of 1 to 10 in the shop's surveys (from −9 to 9; above 0
  the customer got more than they expected).
* *Service stages*: ``pre_sale`` (售前: product questions before buying), ``in_sale`` (售中:
  "where is my parcel"), ``after_sale`` (售后: complaints and return requests) and ``care``
  (客户关怀: care calls, birthday greetings and campaign notices).
* *Eras* of service channels: ``traditional`` (phone, e-mail, forum) and ``modern`` (online chat,
  WeChat, Weibo, SMS).
"""

from __future__ import annotations

import random

import duckdb
import numpy as np
import pandas as pd

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.analytics.interactions import SURVEY_CHANNELS
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = [
    "CUSTOMER_TYPES",
    "EXPECTATIONS_BY",
    "FACTORS",
    "STAGES",
    "customer_structure",
    "suppliers",
    "survey_experience",
    "experience_effects",
    "expectations",
    "channel_trend",
    "stage_breakdown",
    "complaint_scenarios",
    "scenario",
]

#: The levels of the customer structure (客户结构), upstream to downstream.
CUSTOMER_TYPES: tuple[str, ...] = ("supplier", "channel", "end_customer")
#: What :func:`expectations` can group surveys by.
EXPECTATIONS_BY: tuple[str, ...] = ("all", "channel", "province", "survey_channel", "delivery_speed", "customer")
#: The service factors whose effect on perceived value :func:`experience_effects` estimates.
FACTORS: tuple[str, ...] = ("delivery_days", "reply_minutes", "unanswered_consultation")
#: Service stages, in the order of a purchase.
STAGES: tuple[str, ...] = ("pre_sale", "in_sale", "after_sale", "care")
ERAS: tuple[str, ...] = ("traditional", "modern")
DIRECTIONS: tuple[str, ...] = ("inbound", "outbound", "all")
TREND_BY: tuple[str, ...] = ("kind", "era")
PROBLEMS: tuple[str, ...] = ("late_delivery", "unanswered_consultation", "defect", "return", "bad_review")
#: A delivery that takes more days than this (ordering to delivery) is late: the promise of most online shops.
LATE_AFTER_DAYS = 3
#: Faster delivery in :func:`expectations` never brings a delivery below this many days (next-day delivery).
FASTEST_DELIVERY_DAYS = 1.0
#: An estimated effect is used in :func:`expectations` only if it is at least this many standard errors away
#: from 0 (about 95% confidence that the effect is real and not chance).
MIN_T_VALUE = 2.0
#: Upper edges (days) of the delivery-speed bands of ``expectations(by="delivery_speed")``; the last band is open.
DELIVERY_BANDS: tuple[float, ...] = (2.0, 4.0, 7.0)
DELIVERY_BAND_KEYS: tuple[str, ...] = ("up_to_2", "2_to_4", "4_to_7", "over_7")


def _labels(section: str, codes: tuple[str, ...]) -> duckdb.Value:
    return queries.label_map(f"service.{section}", codes)


def _survey_channel_names() -> duckdb.Value:
    return queries.label_map("interactions.survey_channel", SURVEY_CHANNELS)


def customer_structure(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """客户结构 Customer structure: suppliers (供应商), channel partners (渠道客户) and end customers
    (终端客户) of the shop, how many there are and the sales that went through them.

    Suppliers deliver the goods the shop sells, channels (its own app and website, Tmall, JD, the
    WeChat mini program, ...) carry them to the buyers, and end customers buy and use them. The
    shop's own staff — its *internal customers* — are not in the data.

    Returns
    -------
    LabeledFrame
        Three rows, upstream first (``supplier``, ``channel``, ``end_customer``):

        * ``customer_type`` (code) and ``customer_type_name`` (its label);
        * ``member_count`` — suppliers, channels or customers in the data;
        * ``active_count`` — of them, those with paid sales (for end customers: buyers);
        * ``revenue`` — sales through them: for suppliers the item amounts of their products in
          paid orders (before order discounts), otherwise the totals of paid orders;
        * ``revenue_per_active`` — ``revenue / active_count`` to 0.01 (empty without active ones).

    Drill down with :func:`suppliers`, ``ck.channels.table(con)`` and ``ck.customers.levels(con)``.

    SQL: ``service/structure``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.customer_structure(con)
    >>> list(df.customer_type)
    ['supplier', 'channel', 'end_customer']
    >>> list(df.columns)
    ['customer_type', 'customer_type_name', 'member_count', 'active_count', 'revenue', 'revenue_per_active']
    """
    return queries.run(con, "service/structure", type_names=_labels("customer_type", CUSTOMER_TYPES))


def suppliers(con: duckdb.DuckDBPyConnection) -> LabeledFrame:
    """供应商 Suppliers: where each one is, how many of its products the shop lists and sold, and their sales.

    Returns
    -------
    LabeledFrame
        One row per supplier, highest sales first (equal sales: by ``supplier_id``):
        ``supplier_id``, ``supplier`` and ``province`` (names in the chosen language),
        ``product_count`` (products listed), ``products_sold`` (of them, sold at least once in a
        paid order), ``quantity`` (pieces sold), ``revenue`` (item amounts in paid orders, before
        order discounts) and ``share`` (of all suppliers' sales, 0–1).

    SQL: ``service/suppliers``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.suppliers(con)
    >>> list(df.columns)
    ['supplier_id', 'supplier', 'province', 'product_count', 'products_sold', 'quantity', 'revenue', 'share']
    >>> bool(abs(df.share.sum() - 1) < 1e-9)
    True
    """
    return queries.run(con, "service/suppliers", lang=i18n.get_language())


def survey_experience(con: duckdb.DuckDBPyConnection, *, start: object = None, end: object = None) -> LabeledFrame:
    """问卷与服务体验 Each survey next to what the customer experienced on the order it asked about.

    Only surveys about a delivered order are listed.

    Parameters
    ----------
    start, end : only surveys answered on these days (inclusive; None = no limit).

    Returns
    -------
    LabeledFrame
        One row per survey, by ``survey_id``: ``survey_id``, ``answered_at``, ``survey_channel``
        (code) and ``survey_channel_name``, ``customer_id``, ``name`` (surname only, the rest
        masked), ``province``, ``order_id``, ``channel_id`` and ``channel`` (where the order was
        placed), ``expectation`` and ``perceived_value`` (1–10), ``satisfaction`` (perceived value
        − expectation), ``delivery_days`` (ordering to delivery, with fractions of a day),
        ``reply_minutes`` (average minutes until the customer's answered pre-sale and in-sale
        consultations about the order were answered; 0 when there were none) and
        ``unanswered_consultation`` (one of them was never answered).

    SQL: ``service/survey_experience``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.survey_experience(con)
    >>> bool((df.satisfaction == df.perceived_value - df.expectation).all())
    True
    """
    return queries.run(con, "service/survey_experience", start=params.date(start, "start"),
                       end=params.date(end, "end"), lang=i18n.get_language(),
                       survey_channel_names=_survey_channel_names())


def _fit(rows: pd.DataFrame) -> pd.DataFrame:
    """Least squares of perceived value on the :data:`FACTORS`: effect, standard error and whether it is used.

    A factor that does not vary in ``rows`` (e.g. no consultation was ever left unanswered) cannot be
    estimated: its effect and standard error are empty and it is not used."""
    y = rows["perceived_value"].to_numpy(dtype=float)
    x = {f: rows[f].to_numpy(dtype=float) for f in FACTORS}
    varying = [f for f in FACTORS if len(y) and np.ptp(x[f]) > 0]
    design = np.column_stack([np.ones(len(y))] + [x[f] for f in varying])
    effect = {f: np.nan for f in FACTORS}
    error = dict(effect)
    if len(y) > design.shape[1]:
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        residual = y - design @ coef
        variance = residual @ residual / (len(y) - design.shape[1])
        cov = variance * np.linalg.pinv(design.T @ design)
        for i, f in enumerate(varying, start=1):
            effect[f], error[f] = float(coef[i]), float(np.sqrt(max(cov[i, i], 0.0)))
    used = {f: bool(np.isfinite(effect[f]) and abs(effect[f]) >= MIN_T_VALUE * error[f]) for f in FACTORS}
    return pd.DataFrame({
        "factor": list(FACTORS),
        "factor_name": [i18n.t(f"service.factor.{f}") for f in FACTORS],
        "factor_mean": [float(x[f].mean()) if len(y) else np.nan for f in FACTORS],
        "effect": [effect[f] for f in FACTORS],
        "std_error": [error[f] for f in FACTORS],
        "used_in_what_if": [used[f] for f in FACTORS],
        "survey_responses": len(y),
    })


def experience_effects(con: duckdb.DuckDBPyConnection, *, start: object = None, end: object = None) -> LabeledFrame:
    """服务对感知价值的影响 How much delivery time and reply time move perceived value, estimated from the surveys.

    A multiple linear regression (ordinary least squares) over the rows of :func:`survey_experience`:

        perceived value = a + b₁ × delivery days + b₂ × reply minutes + b₃ × (consultation unanswered)

    ``b₁`` is how many points of perceived value one more day of delivery changes, with reply time
    and unanswered consultations held equal; ``b₂`` the same for one more minute until a reply;
    ``b₃`` what an unanswered consultation changes. These are associations in the shop's data,
    not proof of cause, and a straight line is a simplification (in the mall, the first three
    days hardly matter and each later day matters more).

    An effect counts as *used* (``used_in_what_if``) when it is at least two standard errors
    away from 0 (:data:`MIN_T_VALUE`, about 95% confidence); :func:`expectations` moves perceived
    value only by used effects.

    Parameters
    ----------
    start, end : only surveys answered on these days (inclusive; None = no limit).

    Returns
    -------
    LabeledFrame
        One row per factor (``delivery_days``, ``reply_minutes``, ``unanswered_consultation``):
        ``factor`` (code), ``factor_name`` (label with its unit), ``factor_mean`` (average over the
        surveys; for unanswered consultations the share of surveys), ``effect`` (points of
        perceived value per unit), ``std_error``, ``used_in_what_if`` and ``survey_responses``
        (surveys in the fit). A factor that never varies has an empty effect and is not used.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.experience_effects(con)
    >>> list(df.factor)
    ['delivery_days', 'reply_minutes', 'unanswered_consultation']
    >>> bool(df.set_index("factor").effect["delivery_days"] < 0)  # slower delivery, lower perceived value
    True
    """
    return LabeledFrame(_fit(survey_experience(con, start=start, end=end)))


def _non_negative(value: object, name: str) -> float:
    number = params.real(value)
    if number is None or number < 0:
        raise CrmkitError("service.error.bad_faster", name=name, value=value)
    return number


def _groups(rows: pd.DataFrame, by: str) -> tuple[pd.Series, pd.Series]:
    """Per survey: the group label, and a key that sorts the groups."""
    if by == "all":
        label = pd.Series(i18n.t("service.all_surveys"), index=rows.index)
        return label, pd.Series(0, index=rows.index)
    if by == "channel":
        return rows["channel"], rows["channel_id"]
    if by == "province":
        return rows["province"].fillna("—"), rows["province"].fillna("—")
    if by == "survey_channel":
        return rows["survey_channel_name"], rows["survey_channel"]
    if by == "delivery_speed":
        band = np.searchsorted(np.array(DELIVERY_BANDS), rows["delivery_days"].to_numpy(dtype=float), side="left")
        names = np.array([i18n.t(f"service.delivery_band.{k}") for k in DELIVERY_BAND_KEYS], dtype=object)
        return pd.Series(names[band], index=rows.index), pd.Series(band, index=rows.index)
    label = rows["name"] + " (#" + rows["customer_id"].astype(str) + ")"
    return label, rows["customer_id"]


def expectations(con: duckdb.DuckDBPyConnection, *, by: str = "all", delivery_days_faster: float = 0,
                 reply_minutes_faster: float = 0, answer_all_consultations: bool = False,
                 customers: object = None, start: object = None, end: object = None) -> LabeledFrame:
    """期望值与感知价值 Expectation, perceived value and satisfaction per group of surveys, and what
    better service would change.

    Satisfaction is perceived value − expectation (满意度 = 感知价值 − 期望值). The *what if*
    columns show the satisfaction the same customers would have reported with faster delivery
    and quicker replies, using the effects :func:`experience_effects` estimated from all surveys
    of the period (only the *used* ones, those clearly different from 0). For every survey:

    * its delivery takes ``delivery_days_faster`` days less, but not less than one day
      (:data:`FASTEST_DELIVERY_DAYS`; a delivery already faster stays as it was);
    * its reply time drops by ``reply_minutes_faster`` minutes, but not below 0;
    * with ``answer_all_consultations``, an unanswered consultation is answered;
    * perceived value moves by effect × change, and stays within 1–10;
    * expectation stays the same — in reality it rises as customers get used to better service.

    Parameters
    ----------
    by : how to group the surveys: ``"all"`` (one row), ``"channel"`` (where the order was placed),
        ``"province"`` (where the customer lives), ``"survey_channel"`` (SMS, WeChat, ...),
        ``"delivery_speed"`` (up to 2 days, 2–4, 4–7, more than 7) or ``"customer"``.
    delivery_days_faster, reply_minutes_faster : how much faster (0 or more; may have decimals).
    answer_all_consultations : whether every consultation gets answered.
    customers : only these customers' surveys (an id or customer code, or a list of them); the
        effects are still estimated from all surveys.
    start, end : only surveys answered on these days (inclusive; None = no limit).

    Returns
    -------
    LabeledFrame
        One row per group with surveys (channels by id, provinces by name, delivery bands from fast
        to slow, customers by id): ``segment`` (the group), ``survey_responses``,
        ``avg_expectation``, ``avg_perceived_value``, ``avg_satisfaction``, ``avg_delivery_days``,
        ``avg_reply_minutes``, ``unanswered_share`` (share of surveys whose order had an unanswered
        consultation), ``what_if_perceived_value``, ``what_if_satisfaction`` and
        ``satisfaction_change`` (what if − now); averages to 0.01.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.expectations(con, by="delivery_speed", delivery_days_faster=1)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['segment', 'survey_responses', 'avg_expectation', 'avg_perceived_value', 'avg_satisfaction',
     'avg_delivery_days', 'avg_reply_minutes', 'unanswered_share', 'what_if_perceived_value',
     'what_if_satisfaction', 'satisfaction_change']
    >>> bool((df.satisfaction_change >= 0).all())
    True
    """
    by = params.choice(by.strip().lower() if isinstance(by, str) else by, EXPECTATIONS_BY, "by")
    days = _non_negative(delivery_days_faster, "delivery_days_faster")
    minutes = _non_negative(reply_minutes_faster, "reply_minutes_faster")
    if not isinstance(answer_all_consultations, bool | np.bool_):
        raise CrmkitError("service.error.bad_flag", name="answer_all_consultations", value=answer_all_consultations)
    if customers is None:
        wanted = None
    else:
        items = customers if isinstance(customers, list | tuple | set | pd.Series) else [customers]
        wanted = {params.customer_id(con, c, "customers") for c in items}
    rows = survey_experience(con, start=start, end=end)
    effects = _fit(rows).set_index("factor")
    used = effects["effect"].where(effects["used_in_what_if"], 0.0).fillna(0.0)
    if wanted is not None:
        rows = rows[rows["customer_id"].isin(wanted)]

    delivery = rows["delivery_days"].to_numpy(dtype=float)
    reply = rows["reply_minutes"].to_numpy(dtype=float)
    unanswered = rows["unanswered_consultation"].to_numpy(dtype=float)
    new_delivery = np.maximum(delivery - days, np.minimum(delivery, FASTEST_DELIVERY_DAYS))
    new_reply = np.maximum(reply - minutes, 0.0)
    new_unanswered = np.zeros_like(unanswered) if answer_all_consultations else unanswered
    perceived = rows["perceived_value"].to_numpy(dtype=float)
    what_if = np.clip(perceived + used["delivery_days"] * (new_delivery - delivery)
                      + used["reply_minutes"] * (new_reply - reply)
                      + used["unanswered_consultation"] * (new_unanswered - unanswered), 1, 10)

    label, key = _groups(rows, by)
    frame = pd.DataFrame({
        "key": key.to_numpy(), "segment": label.to_numpy(),
        "expectation": rows["expectation"].to_numpy(dtype=float), "perceived": perceived,
        "satisfaction": rows["satisfaction"].to_numpy(dtype=float), "delivery": delivery, "reply": reply,
        "unanswered": unanswered, "what_if": what_if,
    })
    frame["what_if_satisfaction"] = frame["what_if"] - frame["expectation"]
    grouped = frame.groupby(["key", "segment"], sort=True).agg(
        survey_responses=("perceived", "size"), avg_expectation=("expectation", "mean"),
        avg_perceived_value=("perceived", "mean"), avg_satisfaction=("satisfaction", "mean"),
        avg_delivery_days=("delivery", "mean"), avg_reply_minutes=("reply", "mean"),
        unanswered_share=("unanswered", "mean"), what_if_perceived_value=("what_if", "mean"),
        what_if_satisfaction=("what_if_satisfaction", "mean"),
    ).reset_index().drop(columns="key")
    grouped["satisfaction_change"] = grouped["what_if_satisfaction"] - grouped["avg_satisfaction"]
    averages = [c for c in grouped.columns if c not in ("segment", "survey_responses", "unanswered_share")]
    grouped[averages] = grouped[averages].round(2)
    grouped["survey_responses"] = grouped["survey_responses"].astype("int64")
    return LabeledFrame(grouped)


def channel_trend(con: duckdb.DuckDBPyConnection, period: str = "month", *, by: str = "kind",
                  direction: str = "inbound") -> LabeledFrame:
    """服务渠道趋势 Service channels over time: how many interactions each channel carried per period,
    traditional (phone, e-mail, forum) against modern (online chat, WeChat, Weibo, SMS).

    Parameters
    ----------
    period : ``day``, ``week``, ``month`` (default), ``quarter`` or ``year``.
    by : ``"kind"`` (default): one row per channel (interaction kind); ``"era"``: the channels of
        each era added up.
    direction : ``"inbound"`` (default: customers contacting the shop), ``"outbound"`` (the shop
        calling or texting customers) or ``"all"``.

    Returns
    -------
    LabeledFrame
        One row per period and channel (or era) with interactions, oldest first, traditional before
        modern: ``period`` (first day), ``era`` (code) and ``era_name``, with ``by="kind"`` also
        ``kind`` and ``interaction_kind`` (name), then ``count`` and ``share`` (of the period's
        interactions in the table; the shares of a period add up to 1).

    SQL: ``service/channel_trend``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.channel_trend(con, "quarter", by="era")
    >>> list(df.columns)
    ['period', 'era', 'era_name', 'count', 'share']
    >>> bool((df.groupby("period").share.sum() - 1).abs().max() < 1e-9)
    True
    """
    period = params.period(period)
    by = params.choice(by.strip().lower() if isinstance(by, str) else by, TREND_BY, "by")
    direction = params.choice(direction.strip().lower() if isinstance(direction, str) else direction, DIRECTIONS,
                              "direction")
    df = queries.run(con, "service/channel_trend", period=period, direction=None if direction == "all" else direction,
                     lang=i18n.get_language(), era_names=_labels("era", ERAS))
    if by == "kind":
        return df
    eras = df.groupby(["period", "era", "era_name"], sort=False, as_index=False)["count"].sum()
    eras["share"] = eras["count"] / eras.groupby("period")["count"].transform("sum")
    return LabeledFrame(eras)


def stage_breakdown(con: duckdb.DuckDBPyConnection, *, start: object = None, end: object = None) -> LabeledFrame:
    """售前、售中、售后 Interactions per service stage, with response and resolution.

    Parameters
    ----------
    start, end : only interactions started on these days (inclusive; None = no limit).

    Returns
    -------
    LabeledFrame
        Four rows, ``pre_sale``, ``in_sale``, ``after_sale``, ``care`` (also when a stage has no
        interactions): ``service_stage`` (code) and ``service_stage_name``; ``count``
        (interactions); ``conversations`` (those somebody could answer: answered or unanswered —
        SMS that were only sent are not); ``answered_share`` (answered / conversations);
        ``avg_response_seconds`` and ``median_response_seconds`` (until answered, over answered
        ones); ``avg_handle_minutes`` (time spent handling an answered one); ``resolved_share``
        (resolved / conversations). Shares and times are empty when there is nothing to count.

    SQL: ``service/stages``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.stage_breakdown(con)
    >>> list(df.service_stage)
    ['pre_sale', 'in_sale', 'after_sale', 'care']
    """
    return queries.run(con, "service/stages", start=params.date(start, "start"), end=params.date(end, "end"),
                       stage_names=_labels("stage", STAGES))


def _complaints(con: duckdb.DuckDBPyConnection, ids: list[int] | None, n: int | None, seed: int) -> LabeledFrame:
    return queries.run(con, "service/complaints", ids=ids, n=n, seed=seed, late_days=LATE_AFTER_DAYS,
                       lang=i18n.get_language(), problem_names=_labels("problem", PROBLEMS),
                       return_kind_names=queries.label_map("return_kind", ("return", "exchange")))


def complaint_scenarios(con: duckdb.DuckDBPyConnection, n: int = 5, *, seed: int | None = None) -> LabeledFrame:
    """投诉情景 Real complaints drawn at random, each with what went wrong, for role-play.

    What went wrong is read from the data (``problem_codes``, ``problems``):

    * ``late_delivery`` — delivery took more than 3 days (:data:`LATE_AFTER_DAYS`) from ordering;
    * ``unanswered_consultation`` — a pre-sale or in-sale consultation about the order was never answered;
    * ``defect`` — a return or exchange because of quality, transport damage, a wrong item or
      goods not as described;
    * ``return`` — a return or exchange was requested (for any reason);
    * ``bad_review`` — the customer rated the order 2 stars or lower.

    A complaint can have several of these, or none that the data shows (then the service
    representative has to find out by asking).

    Parameters
    ----------
    n : how many complaints (a whole number above 0; fewer when the shop has fewer).
    seed : which sample (a whole number, 0 or more): the same seed gives the same complaints, so
        a class can share them; None draws a new sample each time.

    Returns
    -------
    LabeledFrame
        One row per complaint, in the sample's order: the complaint (``interaction_id``,
        ``started_at``, ``interaction_kind``, ``status``, ``response_seconds``,
        ``handle_minutes``, ``resolved``), the customer (``customer_id``, ``name`` — surname only,
        ``gender`` code, ``age``, ``province``, ``orders`` — their paid orders), the order
        (``order_id``, ``channel``, ``products``, ``total``, ``ordered_at``, ``delivered_at``,
        ``delivery_days``), what happened (``unanswered_consultation``, ``return_kind``,
        ``return_reason``, ``rating`` and ``comment`` of the order's lowest review) and
        ``problem_codes`` / ``problems`` (codes and their labels).

    SQL: ``service/complaints``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> df = service.complaint_scenarios(con, 3, seed=7)
    >>> len(df), list(df.interaction_id) == list(service.complaint_scenarios(con, 3, seed=7).interaction_id)
    (3, True)
    """
    n = params.positive_int(n, "n", allow_none=False)
    if seed is None:
        seed = random.randrange(2**31)
    elif isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise CrmkitError("error.bad_seed", value=seed)
    return _complaints(con, None, n, seed)


def scenario(con: duckdb.DuckDBPyConnection, interaction_id: int) -> LabeledFrame:
    """投诉情景 One complaint, given by its ``interaction_id``, with the same columns as
    :func:`complaint_scenarios` (one row).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import service
    >>> con = ck.connect("mall")
    >>> first = service.complaint_scenarios(con, 1, seed=1).interaction_id.iloc[0]
    >>> int(service.scenario(con, first).interaction_id.iloc[0]) == int(first)
    True
    """
    text = str(interaction_id).strip()
    found = con.execute("SELECT interaction_id FROM interactions WHERE interaction_id = TRY_CAST($v AS BIGINT) "
                        "AND topic = 'complaint'", {"v": text}).fetchone()
    if found is None:
        examples = [r[0] for r in con.execute("SELECT interaction_id FROM interactions WHERE topic = 'complaint' "
                                              "ORDER BY interaction_id LIMIT 5").fetchall()]
        raise CrmkitError("service.error.not_a_complaint", value=interaction_id, examples=params.listing(examples))
    return _complaints(con, [int(found[0])], None, 0)
