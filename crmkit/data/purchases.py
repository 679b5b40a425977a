"""When customers buy, through which channel, how delivery goes, and who stops buying.

Per customer, purchase opportunities arrive as a Poisson process whose rate follows the
shopping calendar; each purchase is an experience (delivery delay, product defects, an
unanswered consultation) that sets a latent rating, and after each purchase the customer drops
out with a probability that grows when the experience was bad (BG/NBD with feedback). Only the
purchases before the dropout are kept, so satisfaction really moves repurchase and churn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmkit.data.calendar import Calendar, sample_days
from crmkit.data.dimensions import Dimensions
from crmkit.data.people import DAY, People

MAX_CANDIDATES = 400  # per customer, bounds memory for extreme rates
CLOSED_SHARE = 0.04  # orders never paid (closed)
PROMISED_DAYS = 3.0
HOUR_WEIGHTS = np.array(
    [1.2, 0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.0,
     1.8, 1.7, 1.8, 1.9, 1.9, 1.8, 1.8, 2.2, 2.8, 3.2, 3.0, 2.0]
)


@dataclass
class Orders:
    """Column arrays of the kept orders of one chunk, sorted by customer then time."""

    customer: np.ndarray  # index into the chunk's People
    seconds: np.ndarray  # ordered_at, seconds since window start
    day: np.ndarray
    channel: np.ndarray  # index into dims.channels
    closed: np.ndarray  # bool
    paid: np.ndarray  # seconds (valid where not closed)
    shipped: np.ndarray  # seconds or -1
    delivered: np.ndarray  # seconds or -1
    late_days: np.ndarray  # days beyond the promise (0 when on time or undelivered)
    first_product: np.ndarray  # index into dims.products
    quality_issue: np.ndarray  # bool
    consulted: np.ndarray  # bool: a pre-sale consultation happened
    unanswered: np.ndarray  # bool: ... and nobody answered it
    experience: np.ndarray  # latent rating (float, ~1..5)

    def __len__(self) -> int:
        return len(self.customer)

    def take(self, keep: np.ndarray) -> Orders:
        return Orders(**{k: v[keep] for k, v in self.__dict__.items()})

    @staticmethod
    def concat(parts: list[Orders], offsets: list[int]) -> Orders:
        """Orders of several batches of people; ``offsets`` shift each batch's customer index."""
        if len(parts) == 1:
            return parts[0]
        out = {k: np.concatenate([getattr(p, k) for p in parts]) for k in parts[0].__dict__}
        out["customer"] = np.concatenate([p.customer + off for p, off in zip(parts, offsets, strict=True)])
        return Orders(**out)


def _seconds_in_day(rng: np.random.Generator, n: int) -> np.ndarray:
    cum = np.cumsum(HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    hour = np.minimum(np.searchsorted(cum, rng.random(n), side="right"), 23)
    return hour * 3600 + rng.integers(0, 3600, n)


def pick_products(rng, dims: Dimensions, day: np.ndarray, favourite: np.ndarray) -> np.ndarray:
    """A product per element: the favourite category 40% of the time, popularity inside it,
    among the products launched by that day."""
    n = len(day)
    n_cat = len(dims.category_weights)
    cat_cum = np.cumsum(dims.category_weights / dims.category_weights.sum())
    category = np.minimum(np.searchsorted(cat_cum, rng.random(n), side="right"), n_cat - 1)
    category = np.where(rng.random(n) < 0.4, favourite, category)
    order = np.argsort(dims.product_category, kind="stable")
    cat_sorted = dims.product_category[order]
    launched = dims.product_launch[order]
    launch_days = np.unique(launched)
    phase = np.searchsorted(launch_days, day, side="right")  # launch dates on or before the day
    u = 1.0 - rng.random(n)
    out = np.empty(n, dtype=np.int64)
    for ph in np.unique(phase):
        cutoff = launch_days[ph - 1] if ph > 0 else -(10**6)
        w = np.where(launched <= cutoff, dims.product_popularity[order], 1e-9)
        total = np.bincount(cat_sorted, weights=w, minlength=n_cat)
        before = np.repeat(np.cumsum(total) - total, np.bincount(cat_sorted, minlength=n_cat))
        key = cat_sorted + (np.cumsum(w) - before) / total[cat_sorted]  # block c spans (c, c + 1]
        sel = phase == ph
        out[sel] = order[np.searchsorted(key, category[sel] + u[sel], side="left")]
    return out


def candidate_orders(rng: np.random.Generator, people: People, dims: Dimensions, cal: Calendar) -> Orders:
    """Every purchase a customer would make if they never dropped out."""
    buyers = np.flatnonzero(people.buyer)
    first = people.first_day[buyers]
    remaining = cal.cumulative[-1] - cal.cumulative[first + 1]
    n_repeat = np.minimum(rng.poisson(people.rate[buyers] * remaining / 365.0), MAX_CANDIDATES)
    counts = n_repeat + 1
    cust = np.repeat(buyers, counts)
    low = np.repeat(cal.cumulative[first + 1], counts)
    day = sample_days(cal, low, np.full(len(cust), cal.cumulative[-1]), rng)
    starts = np.cumsum(counts) - counts
    day[starts] = first  # the first purchase
    seconds = day.astype(np.int64) * DAY + _seconds_in_day(rng, len(cust))
    order = np.argsort(cust.astype(np.int64) * (cal.days + 1) * DAY + seconds, kind="stable")
    cust, seconds = cust[order], seconds[order]
    day = (seconds // DAY).astype(np.int32)
    return _experience(rng, people, dims, cal, cust, seconds, day)


def _experience(rng, people: People, dims: Dimensions, cal: Calendar, cust, seconds, day) -> Orders:
    n = len(cust)
    home = people.home_channel[cust]
    use_home = (rng.random(n) < 0.7) & dims.channel_open_on(home, day)
    channel = np.where(use_home, home, dims.pick_channel(rng, day, cal))
    closed = rng.random(n) < CLOSED_SHARE
    congestion = np.isin(day, cal.peak_days) | np.isin(day - 1, cal.peak_days) | np.isin(day - 2, cal.peak_days)
    paid = seconds + rng.exponential(300, n).astype(np.int64) + 30
    ship_days = rng.gamma(2.0, 0.35, n) + congestion * rng.gamma(2.0, 0.8, n)
    shipped = paid + (ship_days * DAY).astype(np.int64)
    distance = dims.province_distance[people.province[cust]]
    transit = dims.channel_delivery[channel] + 0.45 * (distance - 1) + congestion * 1.2
    transit_days = rng.gamma(4.0, transit / 4.0)
    delivered = shipped + (transit_days * DAY).astype(np.int64)
    end = cal.days * DAY
    late = np.maximum(0.0, (delivered - seconds) / DAY - PROMISED_DAYS - 0.5 * (distance > 3))
    shipped = np.where(closed | (shipped >= end), -1, shipped)
    delivered = np.where((shipped < 0) | (delivered >= end), -1, delivered)
    late = np.where(delivered >= 0, late, 0.0)

    product = pick_products(rng, dims, day, people.favourite_category[cust])
    quality = rng.random(n) < dims.category_quality[dims.product_category[product]]
    busy = np.isin(day, cal.peak_days)
    consulted = rng.random(n) < 0.25
    unanswered = consulted & (rng.random(n) < np.where(busy, 0.18, 0.04))
    experience = (
        4.65 - 0.55 * late - 2.3 * quality - 0.6 * unanswered + people.bias[cust] + rng.normal(0, 0.5, n)
    )
    return Orders(cust, seconds, day, channel, closed, paid, shipped, delivered, late,
                  product, quality, consulted, unanswered, experience)


def keep_until_dropout(rng: np.random.Generator, people: People, orders: Orders) -> Orders:
    """Keep each customer's orders up to and including the one after which they drop out."""
    bad = np.maximum(0.0, 4.0 - orders.experience)
    p = np.minimum(people.dropout[orders.customer] * (1.0 + 1.6 * bad), 0.95)
    drop = (rng.random(len(orders)) < p) & ~orders.closed
    new_customer = np.ones(len(orders), bool)
    new_customer[1:] = orders.customer[1:] != orders.customer[:-1]
    drops_before = np.cumsum(drop) - drop  # dropouts strictly before each order (global)
    base = np.maximum.accumulate(np.where(new_customer, drops_before, 0))
    return orders.take(drops_before == base)
