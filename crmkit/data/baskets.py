"""What was in each order, what it cost, and what came back: items, discounts, returns, reviews."""

from __future__ import annotations

import numpy as np

from crmkit.data.calendar import Calendar
from crmkit.data.dimensions import Dimensions
from crmkit.data.people import DAY, People
from crmkit.data.purchases import Orders, pick_products

COMPLEMENT_SHARE = 0.45  # an extra item is the first item's complement this often (associations)
REVIEW_TEXT = {
    1: ["质量太差了，非常失望", "等了好久才到，东西还有问题", "客服不理人，差评", "和描述完全不一样"],
    2: ["一般般，有点失望", "物流太慢了", "包装有破损", "用了几天就出问题"],
    3: ["还行吧，中规中矩", "东西可以，物流一般", "价格有点贵，质量凑合"],
    4: ["挺好的，物流也快", "质量不错，推荐", "性价比高，满意"],
    5: ["非常满意，还会回购", "质量很好，客服态度也好", "超出预期，五星好评", "发货快，包装好，好评"],
}
LATE_TEXT = ["物流太慢了，等了好多天", "发货慢，催了好几次"]


def items(rng, dims: Dimensions, people: People, orders: Orders, first_order_id: int) -> dict:
    """order_items rows, plus per-order items_amount (in cents) under key ``items_cents``."""
    n = len(orders)
    spend = people.spend[orders.customer]
    n_items = np.minimum(1 + rng.poisson(0.45 * dims.params["shop"].get("spend_level", 1.0) * spend), 5)
    order_idx = np.repeat(np.arange(n), n_items)
    line = np.arange(len(order_idx)) - np.repeat(np.cumsum(n_items) - n_items, n_items)
    product = pick_products(rng, dims, orders.day[order_idx], people.favourite_category[orders.customer[order_idx]])
    first = orders.first_product[order_idx]
    product[line == 0] = first[line == 0]
    # complements: the next line is often something bought together with the first item
    comp_counts = np.array([len(c) for c in dims.complements])
    has = (line > 0) & (comp_counts[first] > 0) & (rng.random(len(order_idx)) < COMPLEMENT_SHARE)
    if has.any():
        flat = np.concatenate([c for c in dims.complements if len(c)])
        offsets = np.cumsum(comp_counts) - comp_counts
        pick = offsets[first[has]] + rng.integers(0, 1 << 30, has.sum()) % comp_counts[first[has]]
        product[has] = flat[pick]
    price = dims.product_price[product]
    cheap = price < 20_000
    quantity = np.where(cheap, 1 + rng.poisson(0.3 * spend[order_idx]), 1).astype(np.int32)
    amount = price * quantity
    items_cents = np.bincount(order_idx, weights=amount, minlength=n).astype(np.int64)
    return {
        "order_id": (first_order_id + order_idx).astype(np.int64),
        "line_no": (line + 1).astype(np.int16),
        "product_id": dims.product_ids[product],
        "quantity": quantity,
        "unit_price": price / 100,
        "amount": amount / 100,
        "items_cents": items_cents,
    }


def discounts(rng, dims: Dimensions, cal: Calendar, people: People, orders: Orders, items_cents):
    """(discount in cents, campaign index or -1) per order."""
    n = len(orders)
    event = cal.event_of_day[orders.day]
    in_event = (event >= 0) & (rng.random(n) < 0.8)
    rate = np.where(in_event, dims.event_discount[np.maximum(event, 0)] * rng.uniform(0.6, 1.4, n), 0.0)
    birth_month = people.columns["birthday"][orders.customer].astype("datetime64[M]").astype(int) % 12
    order_date = np.datetime64(cal.start) + orders.day.astype("timedelta64[D]")
    order_month = order_date.astype("datetime64[M]").astype(int) % 12
    birthday = ~in_event & (birth_month == order_month) & (rng.random(n) < 0.35)
    rate = np.where(birthday, 0.05, rate)
    coupon = ~in_event & ~birthday & (rng.random(n) < 0.06)
    rate = np.where(coupon, rng.uniform(0.03, 0.10, n), rate)
    campaign = np.where(in_event & (rate > 0), event, np.where(birthday, dims.birthday_campaign, -1))
    return np.round(items_cents * np.minimum(rate, 0.5)).astype(np.int64), campaign


def rating(experience: np.ndarray) -> np.ndarray:
    return np.clip(np.round(experience), 1, 5).astype(np.int8)


def returns(rng, dims: Dimensions, cal: Calendar, orders: Orders, order_ids, first_item_amount):
    """Return / exchange requests: likelier on some channels, after bad experiences and defects."""
    stars = rating(orders.experience)
    base = dims.channel_return_rate[orders.channel]
    p = np.minimum(base * (1 + 2.5 * (stars <= 2)) * (1 + 3.0 * orders.quality_issue), 0.9)
    when = np.where(orders.delivered >= 0, orders.delivered, orders.shipped + 2 * DAY)
    requested = when + (rng.exponential(3.0, len(orders)) * DAY).astype(np.int64)
    sel = (orders.shipped >= 0) & (rng.random(len(orders)) < p) & (requested < cal.days * DAY)
    idx = np.flatnonzero(sel)
    late = orders.late_days[idx] > 1
    q = orders.quality_issue[idx]
    other = np.array(["not_as_described", "wrong_item", "changed_mind", "changed_mind"])
    reason = np.where(q, np.where(rng.random(len(idx)) < 0.7, "quality", "damaged"),
                      np.where(late & (rng.random(len(idx)) < 0.6), "late_delivery",
                               other[rng.integers(0, len(other), len(idx))]))
    exchange = rng.random(len(idx)) < np.where(q, 0.5, 0.25)
    return {
        "order_id": order_ids[idx],
        "product_id": dims.product_ids[orders.first_product[idx]],
        "kind": np.where(exchange, "exchange", "return").astype(object),
        "reason_code": reason.astype(object),
        "requested_at": requested[idx],
        "refund": np.where(exchange, 0.0, first_item_amount[idx]),
    }


def reviews(rng, dims: Dimensions, cal: Calendar, people: People, orders: Orders, order_ids):
    """Reviews of delivered orders; unhappy and delighted customers review more often."""
    stars = rating(orders.experience)
    p = 0.30 + 0.25 * (stars <= 2) + 0.10 * (stars == 5)
    created = orders.delivered + (rng.exponential(2.0, len(orders)) * DAY).astype(np.int64)
    sel = (orders.delivered >= 0) & (rng.random(len(orders)) < p) & (created < cal.days * DAY)
    idx = np.flatnonzero(sel)
    s = stars[idx]
    text = np.empty(len(idx), dtype=object)
    for star, options in REVIEW_TEXT.items():
        m = s == star
        text[m] = np.array(options, dtype=object)[rng.integers(0, len(options), m.sum())]
    late = (orders.late_days[idx] > 1.5) & (s <= 3)
    text[late] = np.array(LATE_TEXT, dtype=object)[rng.integers(0, len(LATE_TEXT), late.sum())]
    return {
        "order_id": order_ids[idx],
        "customer_id": (people.first_id + orders.customer[idx]).astype(np.int32),
        "product_id": dims.product_ids[orders.first_product[idx]],
        "rating": s,
        "comment": text,
        "created_at": created[idx],
    }
