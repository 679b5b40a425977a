"""Customer service around the orders: surveys and interactions (calls, chats, SMS, ...).

Traditional channels (phone, e-mail, forum) lose share to modern ones (IM, WeChat, Weibo) over
the two years; promotion peaks overload the service desk; SMS to stale phone numbers bounce.
"""

from __future__ import annotations

import numpy as np

from crmkit.data.calendar import Calendar
from crmkit.data.dimensions import Dimensions
from crmkit.data.people import DAY, People
from crmkit.data.purchases import Orders

SURVEY_SHARE = 0.10
TRADITIONAL = np.array(["phone_in", "email", "forum"])
MODERN = np.array(["im", "wechat", "weibo"])


def surveys(rng, cal: Calendar, people: People, orders: Orders, order_ids) -> dict:
    """SMS / WeChat satisfaction surveys after delivered orders (expectation, perceived value, NPS, attitude)."""
    answered = orders.delivered + (rng.exponential(1.5, len(orders)) * DAY).astype(np.int64)
    sel = (orders.delivered >= 0) & (rng.random(len(orders)) < SURVEY_SHARE) & (answered < cal.days * DAY)
    idx = np.flatnonzero(sel)
    n = len(idx)
    c = orders.customer[idx]
    exp_ = people.expectation[c]
    att = people.attitude[c]
    xp = orders.experience[idx]

    def scale(x, lo, hi):
        return np.clip(np.round(x), lo, hi).astype(np.int8)

    expectation = scale(exp_ + rng.normal(0, 0.7, n), 1, 10)
    perceived = scale(exp_ + 1.3 * (xp - 4.0) + 0.4 * att + rng.normal(0, 0.8, n), 1, 10)
    gap = perceived.astype(float) - expectation
    wechat_share = 0.3 + 0.4 * orders.day[idx] / cal.days
    return {
        "customer_id": (people.first_id + c).astype(np.int32),
        "order_id": order_ids[idx],
        "channel": np.where(rng.random(n) < wechat_share, "wechat", "sms").astype(object),
        "answered_at": answered[idx],
        "expectation": expectation,
        "perceived_value": perceived,
        "nps": scale(7.2 + 1.1 * gap + 0.9 * att + rng.normal(0, 1.0, n), 0, 10),
        "att_trust": scale(3.4 + 0.8 * att + 0.25 * (xp - 4) + rng.normal(0, 0.5, n), 1, 5),
        "att_preference": scale(3.2 + 0.9 * att + rng.normal(0, 0.5, n), 1, 5),
        "att_recommend": scale(3.3 + 0.8 * att + 0.3 * gap / 2 + rng.normal(0, 0.5, n), 1, 5),
    }


def _kinds(rng, day: np.ndarray, cal: Calendar) -> np.ndarray:
    modern_share = 0.40 + 0.40 * day / cal.days
    modern = rng.random(len(day)) < modern_share
    return np.where(modern, MODERN[rng.integers(0, 3, len(day))], TRADITIONAL[rng.integers(0, 3, len(day))])


def _block(rng, people, cust, order_id, kind, topic, stage, start, busy, answered=None) -> dict:
    n = len(cust)
    if answered is None:
        answered = rng.random(n) >= np.where(busy, 0.12, 0.03)
    phone = np.char.startswith(kind.astype(str), "phone")
    response = np.where(phone, rng.gamma(2.0, 45.0, n), rng.gamma(1.5, 25.0, n)) * np.where(busy, 4.0, 1.0)
    handle = rng.gamma(2.0, 3.0, n)
    return {
        "customer_id": (people.first_id + cust).astype(np.int32),
        "order_id": order_id,
        "kind": kind.astype(object),
        "topic": np.full(n, topic, dtype=object),
        "stage": np.full(n, stage, dtype=object),
        "status": np.where(answered, "answered", "unanswered").astype(object),
        "started_at": start,
        "response_seconds": np.where(answered, np.round(response), np.nan),
        "handle_minutes": np.where(answered, np.round(handle, 1), np.nan),
        "resolved": answered & (rng.random(n) < 0.9),
    }


def interactions(rng, dims: Dimensions, cal: Calendar, people: People, orders: Orders, order_ids,
                 returned: tuple[np.ndarray, np.ndarray]) -> list[dict]:
    """Blocks of interaction rows (pre-, in- and after-sale, care calls, SMS campaigns).

    ``returned`` is (positions of returned orders, request times)."""
    end = cal.days * DAY
    busy = np.isin(orders.day, cal.peak_days)
    blocks = []

    def add(i, start, topic, stage, kinds=None, answered=None):
        ok = start < end
        i, start = i[ok], start[ok]
        kinds = _kinds(rng, orders.day[i], cal) if kinds is None else np.full(len(i), kinds)
        blocks.append(_block(rng, people, orders.customer[i], order_ids[i], kinds, topic, stage, start, busy[i],
                             None if answered is None else answered[ok]))

    # pre-sale consultations (some unanswered, more on peak days)
    i = np.flatnonzero(orders.consulted)
    start = np.maximum(orders.seconds[i] - (rng.exponential(40 * 60, len(i)) + 60).astype(np.int64), 0)
    add(i, start, "product_question", "pre_sale", answered=~orders.unanswered[i])
    # in-sale: where is my parcel?
    i = np.flatnonzero((orders.late_days > 0.5) & (rng.random(len(orders)) < 0.35 + 0.15 * orders.late_days))
    wait = orders.delivered[i] - orders.shipped[i]
    add(i, orders.shipped[i] + (rng.uniform(0.5, 1.0, len(i)) * wait).astype(np.int64), "delivery_inquiry", "in_sale")
    # after-sale: complaints after bad experiences, and every return request
    stars = np.clip(np.round(orders.experience), 1, 5)
    i = np.flatnonzero((orders.delivered >= 0) & (stars <= 2) & (rng.random(len(orders)) < 0.6))
    add(i, orders.delivered[i] + (rng.exponential(1.0, len(i)) * DAY).astype(np.int64), "complaint", "after_sale")
    add(returned[0], returned[1], "return_request", "after_sale")
    # care calls a week after some deliveries
    i = np.flatnonzero((orders.delivered >= 0) & (rng.random(len(orders)) < 0.08))
    start = orders.delivered[i] + 7 * DAY + rng.integers(9 * 3600, 18 * 3600, len(i))
    add(i, start, "care_call", "care", kinds="phone_out", answered=rng.random(len(i)) < 0.75)
    blocks.append(_sms(rng, dims, cal, people))
    return blocks


def _sms(rng, dims: Dimensions, cal: Calendar, people: People) -> dict:
    """Campaign notices and birthday greetings by SMS; numbers that went stale bounce."""
    buyers = np.flatnonzero(people.buyer)
    cust, day, topic = [], [], []
    for e in dims.promotion_events:
        event_day = max((cal.events[e]["start"] - cal.start).days, cal.window_day)
        pool = buyers[(people.first_day[buyers] < event_day) & (rng.random(len(buyers)) < 0.2)]
        cust.append(pool)
        day.append(np.full(len(pool), event_day))
        topic.append(np.full(len(pool), "marketing", dtype=object))
    bday = people.columns["birthday"][buyers]
    for year in range(cal.start.year, cal.start.year + cal.days // 365 + 2):
        md = bday.astype("datetime64[D]") - bday.astype("datetime64[Y]")
        when = (np.datetime64(f"{year}-01-01") + md - np.datetime64(cal.start)).astype(int)
        ok = (when >= cal.window_day) & (when < cal.days) & (people.first_day[buyers] < when)
        cust.append(buyers[ok])
        day.append(when[ok])
        topic.append(np.full(ok.sum(), "birthday_care", dtype=object))
    cust = np.concatenate(cust)
    day = np.concatenate(day).astype(np.int64)
    bounced = day >= people.phone_changed_day[cust]
    n = len(cust)
    return {
        "customer_id": (people.first_id + cust).astype(np.int32),
        "order_id": np.full(n, -1, dtype=np.int64),
        "kind": np.full(n, "sms", dtype=object),
        "topic": np.concatenate(topic) if topic else np.array([], dtype=object),
        "stage": np.full(n, "care", dtype=object),
        "status": np.where(bounced, "bounced", "sent").astype(object),
        "started_at": day * DAY + 10 * 3600 + rng.integers(0, 3600, n),
        "response_seconds": np.full(n, np.nan),
        "handle_minutes": np.full(n, np.nan),
        "resolved": ~bounced,
    }
