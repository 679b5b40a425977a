"""Interaction analyses (互动): contact records, survey results and negative review alerts.

Every function takes the connection first and returns a :class:`~crmkit.frames.LabeledFrame`.
Interaction kinds (``interaction_kinds``) cover the traditional channels (inbound and outbound
calls, e-mail, forum) and the modern ones (online chat, WeChat, Weibo, SMS).
"""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.frames import LabeledFrame

#: survey channels of the schema, and 'all' for the overall row of :func:`surveys`
SURVEY_CHANNELS: tuple[str, ...] = ("sms", "wechat", "phone", "email", "all")
#: most rows :func:`records` lists one by one (the course shops have fewer; a 10-million-order shop has more
#: than a notebook can show, and turning them all into a DataFrame would take half a minute)
RECORDS_LIMIT = 100_000


def _kind(con: duckdb.DuckDBPyConnection, kind: object) -> str | None:
    if kind is None:
        return None
    valid = [r[0] for r in con.execute("SELECT kind FROM interaction_kinds ORDER BY kind").fetchall()]
    return params.choice(kind.strip().lower() if isinstance(kind, str) else kind, valid, "kind")


def records(con: duckdb.DuckDBPyConnection, kind: str | None = None, period: str | None = None, *,
            start: object = None, end: object = None, limit: int | None = RECORDS_LIMIT) -> LabeledFrame:
    """来电/去电/咨询/微信/短信记录 Interaction records, one by one or counted per period.

    Parameters
    ----------
    kind : an ``interaction_kinds.kind`` (``phone_in``, ``phone_out``, ``email``, ``forum``,
        ``im``, ``wechat``, ``weibo``, ``sms``), or None for all kinds.
    period : None for one row per interaction; ``day``, ``week``, ``month``, ``quarter`` or
        ``year`` to count them per period and kind.
    start, end : only interactions started on these days (inclusive; None = no limit).
    limit : without ``period``, the newest this many rows at most (default 100,000, more than the
        course shops have); None lists them all. Ignored with ``period``.

    Returns
    -------
    LabeledFrame
        Without ``period``, one row per interaction, newest first: ``interaction_id``,
        ``started_at``, ``kind`` (code) and ``interaction_kind`` (its name), ``direction``
        (``inbound``/``outbound``), ``era`` (``traditional``/``modern``), ``interaction_topic``
        (topic name), ``service_stage`` (``pre_sale``, ``in_sale``, ``after_sale``, ``care``),
        ``status`` (``answered``, ``unanswered``, ``sent``, ``bounced``), ``response_seconds``
        and ``handle_minutes`` (empty when unanswered), ``resolved``, ``customer_id``, ``name``
        (the customer's) and ``order_id`` (empty when not about an order).

        With ``period``, one row per period and kind, oldest first: ``period``, ``kind``,
        ``interaction_kind``, ``count``, ``answered_share`` (answered / (answered + unanswered);
        empty for SMS, which is sent and never answered) and ``avg_response_seconds`` (over the
        answered ones).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import interactions
    >>> con = ck.connect("mall")
    >>> df = interactions.records(con, "phone_in")
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['interaction_id', 'started_at', 'kind', 'interaction_kind', 'direction', 'era', 'interaction_topic',
     'service_stage', 'status', 'response_seconds', 'handle_minutes', 'resolved', 'customer_id', 'name',
     'order_id']
    >>> set(df.kind) == {"phone_in"}
    True
    >>> list(interactions.records(con, period="month").columns)
    ['period', 'kind', 'interaction_kind', 'count', 'answered_share', 'avg_response_seconds']
    """
    kind = _kind(con, kind)
    values = {"kind": kind, "start": params.date(start, "start"), "end": params.date(end, "end"),
              "lang": i18n.get_language()}
    if period is None:
        return queries.run(con, "interactions/records", limit=params.positive_int(limit, "limit"), **values)
    return queries.run(con, "interactions/records_by_period", period=params.period(period), **values)


def surveys(con: duckdb.DuckDBPyConnection, *, start: object = None, end: object = None) -> LabeledFrame:
    """短信问卷 Survey results per survey channel and overall: expectation, perceived value,
    satisfaction and NPS.

    Satisfaction is the course's formula: 满意度 = 感知价值 − 期望值 (perceived value −
    expectation, both on 1-10). NPS = % promoters (9-10) − % detractors (0-6), from −100 to 100.

    Parameters
    ----------
    start, end : only surveys answered on these days (inclusive; None = no limit).

    Returns
    -------
    LabeledFrame
        One row per survey channel that has answers (``sms``, ``wechat``, ...), then an overall
        row (``all``); nothing at all when no survey was answered. Columns: ``survey_channel``
        (code), ``survey_channel_name`` (label), ``survey_responses``, ``avg_expectation``,
        ``avg_perceived_value``, ``avg_satisfaction`` (rounded to 0.01) and ``nps`` (to 0.1).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import interactions
    >>> con = ck.connect("mall")
    >>> df = interactions.surveys(con)
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['survey_channel', 'survey_channel_name', 'survey_responses', 'avg_expectation', 'avg_perceived_value',
     'avg_satisfaction', 'nps']
    >>> df.survey_channel.iloc[-1]
    'all'
    """
    return queries.run(con, "interactions/surveys", start=params.date(start, "start"), end=params.date(end, "end"),
                       channel_names=queries.label_map("interactions.survey_channel", SURVEY_CHANNELS))


def negative_review_alerts(con: duckdb.DuckDBPyConnection, since: object = None) -> LabeledFrame:
    """中差评预警 Negative review alerts: reviews rated 3 stars or lower, newest first.

    Parameters
    ----------
    since : only reviews created on or after this date (None = all).

    Returns
    -------
    LabeledFrame
        One row per review: ``review_id``, ``created_at``, ``rating`` (1-3), ``comment``,
        ``order_id``, ``customer_id``, ``name`` (the customer's), ``phone`` (always masked),
        ``product_id`` and ``product`` (name in the chosen language).

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import interactions
    >>> con = ck.connect("mall")
    >>> df = interactions.negative_review_alerts(con, since="2026-01-01")
    >>> list(df.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['review_id', 'created_at', 'rating', 'comment', 'order_id', 'customer_id', 'name', 'phone',
     'product_id', 'product']
    >>> bool((df.rating <= 3).all()) and bool(df.created_at.is_monotonic_decreasing)
    True
    """
    return queries.run(con, "interactions/negative_review_alerts", since=params.date(since, "since"),
                       lang=i18n.get_language())
