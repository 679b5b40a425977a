"""服务补救 Service recovery (chapter 1's training): the complaint to recover from, and the moments of truth
of an order, so that a student can find in the data what went wrong for an unhappy customer.

A *moment of truth* (真实瞬间, 关键时刻) is a moment when the customer meets the shop's service and forms an
impression: a question before buying, paying, the parcel being shipped and delivered, a complaint, a return,
a review. :func:`moments` lists them for one order; :func:`case` picks a complaint about an order on which
several of them failed. Both return a :class:`~crmkit.frames.LabeledFrame` whose headers show in the chosen
language; their SQL is in ``crmkit/sql/recovery/`` (``ck.show_sql("recovery/moments")``).
"""

from __future__ import annotations

import duckdb

from crmkit import i18n, queries
from crmkit.analytics import params
from crmkit.analytics.interactions import SURVEY_CHANNELS
from crmkit.analytics.service import LATE_AFTER_DAYS
from crmkit.errors import CrmkitError
from crmkit.frames import LabeledFrame

__all__ = ["LOW_RATING", "MOMENTS", "case", "moments"]

#: A review with this many stars or fewer is a bad one (as in ``ck.service.complaint_scenarios``).
LOW_RATING = 2
#: The moments of :func:`moments` that are not interactions (those are named by their topic).
MOMENTS: tuple[str, ...] = ("ordered", "paid", "shipped", "delivered", "review", "return", "exchange", "survey")


def case(con: duckdb.DuckDBPyConnection, rank: int = 1) -> LabeledFrame:
    """服务补救案例 A complaint to recover from: a customer whose order went wrong at several moments of truth.

    A complaint is a case when the order it is about was delivered late (more than 3 days from
    ordering to delivery, :data:`~crmkit.analytics.service.LATE_AFTER_DAYS`), had a pre-sale
    consultation that nobody answered, and got a review of 2 stars or fewer (:data:`LOW_RATING`).
    The cases are ranked: first those where even more went wrong (the goods were returned or
    exchanged; the complaint was not resolved), then the longest delivery, then the lowest id. The
    same data always gives the same case, so a class can share it; ``rank=2`` gives another group
    the next one.

    Only what the service desk sees when the complaint comes in is returned: finding the order and
    what went wrong is the student's task (:func:`moments` helps).

    Parameters
    ----------
    rank : which case (1 = the clearest; a whole number above 0).

    Returns
    -------
    LabeledFrame
        One row: ``rank``, ``interaction_id`` (the complaint), ``started_at``, ``interaction_kind``
        (the channel the customer complained through), ``customer_id`` and ``name`` (surname only,
        the rest masked).

    SQL: ``recovery/cases``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import recovery
    >>> con = ck.connect("mall")
    >>> df = recovery.case(con)
    >>> list(df.columns)
    ['rank', 'interaction_id', 'started_at', 'interaction_kind', 'customer_id', 'name']
    >>> len(df), int(df.iloc[0]["rank"])
    (1, 1)
    """
    rank = params.positive_int(rank, "rank", allow_none=False)
    cases = queries.run(con, "recovery/cases", late_days=LATE_AFTER_DAYS, low_rating=LOW_RATING,
                        lang=i18n.get_language())
    if rank > len(cases):
        raise CrmkitError("recovery.error.no_case", rank=rank, count=len(cases))
    return LabeledFrame(cases.iloc[[rank - 1]].reset_index(drop=True))


def moments(con: duckdb.DuckDBPyConnection, order_id: object) -> LabeledFrame:
    """关键时刻 The moments of truth of one order, in time order: what the customer asked before buying,
    the order's steps, and everything that followed.

    Parameters
    ----------
    order_id : the order (its id). ``...`` — the placeholder of an assignment's answer cell that
        is not answered yet — says so instead of looking for an order.

    Returns
    -------
    LabeledFrame
        One row per moment, oldest first (moments at the same time in the order listed here):

        * ``moment`` (code) and ``moment_name``: ``ordered``, ``paid``, ``shipped``, ``delivered``;
          an interaction about the order, named by its topic (``product_question`` before buying,
          ``delivery_inquiry``, ``complaint``, ``return_request``, ``care_call``, ...); ``review``;
          ``return`` or ``exchange``; ``survey``;
        * ``happened_at`` and ``days_after_order`` (from ordering, to 0.01 day; negative before it);
        * ``reference_id``: the order's, interaction's, review's, return's or survey's id;
        * ``channel``: where the order was placed (``ordered``), the interaction's kind (phone,
          WeChat, ...) or the survey's channel;
        * ``status`` (``answered`` / ``unanswered``, ``sent`` / ``bounced``) and ``resolved``: of an
          interaction;
        * ``rating``: a review's stars (1-5); ``satisfaction``: a survey's perceived value −
          expectation; ``note``: a review's comment or the reason for a return or exchange.

    SQL: ``recovery/moments``.

    Examples
    --------
    >>> import crmkit as ck
    >>> from crmkit.analytics import recovery
    >>> con = ck.connect("mall")
    >>> df = recovery.moments(con, 1)
    >>> {"ordered", "paid"} <= set(df.moment), bool(df.happened_at.is_monotonic_increasing)
    (True, True)
    """
    if order_id is Ellipsis:
        raise CrmkitError("recovery.error.no_order_yet")
    oid = params.order_id(con, order_id, "order_id")
    return queries.run(con, "recovery/moments", order_id=oid, lang=i18n.get_language(),
                       moment_names=queries.label_map("recovery.moment", MOMENTS),
                       survey_channel_names=queries.label_map("interactions.survey_channel", SURVEY_CHANNELS))
