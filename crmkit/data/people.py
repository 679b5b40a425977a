"""Customers of one chunk: who they are (masked later) and their hidden behaviour traits.

Traits follow the customer-base literature so that later chapters' models fit real structure:
a purchase rate λ ~ Gamma (heterogeneous buyers, hence Pareto-like revenue), a per-purchase
dropout probability ~ Beta (BG/NBD), a spend level ~ Gamma, an attitude towards the shop and an
expectation level (satisfaction = perceived value − expectation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmkit.data.calendar import Calendar, sample_days
from crmkit.data.dimensions import Dimensions

POTENTIAL_SHARE = 0.10  # registered, never bought (潜在客户)
STALE_PHONE_SHARE = 0.04  # changed their number; the CRM still has the old one
EMAIL_SHARE = 0.65
DAY = 86_400


@dataclass
class People:
    """Column arrays of one chunk of customers (index i = customer_id - first_id)."""

    first_id: int  # customer_id of index 0 (0 until assign_ids)
    n: int
    columns: dict  # name -> np.ndarray, the customers table before masking
    first_day: np.ndarray  # day of first purchase (-1 for potential customers)
    buyer: np.ndarray  # bool
    rate: np.ndarray  # purchases per year at intensity 1
    dropout: np.ndarray  # base dropout probability after a purchase
    spend: np.ndarray  # spend level, mean 1
    attitude: np.ndarray  # attitudinal loyalty, N(0, 1)
    expectation: np.ndarray  # 1..10
    bias: np.ndarray  # personal rating bias
    home_channel: np.ndarray  # index into dims.channels
    favourite_category: np.ndarray  # index into dims.categories
    phone_changed_day: np.ndarray  # day the phone went stale, or a large number
    address_head: np.ndarray  # province + city text (kept when masking)
    province: np.ndarray  # index into dims.provinces

    def take(self, idx: np.ndarray) -> People:
        """The customers at positions ``idx`` (in that order)."""
        out = {}
        for key, value in self.__dict__.items():
            if key == "columns":
                out[key] = {k: v[idx] for k, v in value.items()}
            elif isinstance(value, np.ndarray):
                out[key] = value[idx]
            else:
                out[key] = value
        out["n"] = len(idx)
        return People(**out)

    @staticmethod
    def concat(parts: list[People]) -> People:
        if len(parts) == 1:
            return parts[0]
        out = {}
        for key, value in parts[0].__dict__.items():
            if key == "columns":
                out[key] = {k: np.concatenate([p.columns[k] for p in parts]) for k in value}
            elif isinstance(value, np.ndarray):
                out[key] = np.concatenate([getattr(p, key) for p in parts])
            else:
                out[key] = value
        out["n"] = sum(p.n for p in parts)
        return People(**out)


def _pick(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    cum = np.cumsum(weights / weights.sum())
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(weights) - 1)


def _names(rng, dims: Dimensions, female: np.ndarray) -> np.ndarray:
    n = len(female)
    surname = dims.surnames[_pick(rng, dims.surname_weights, n)]
    pool_f, pool_m, pool_n = dims.given_female, dims.given_male, dims.given_neutral
    two = rng.random(n) < 0.7  # most given names have two characters

    def draw(pool_gendered_f, pool_gendered_m):
        use_neutral = rng.random(n) < 0.25
        f_idx = rng.integers(0, len(pool_gendered_f), n)
        m_idx = rng.integers(0, len(pool_gendered_m), n)
        n_idx = rng.integers(0, len(pool_n), n)
        gendered = np.where(female, pool_gendered_f[f_idx], pool_gendered_m[m_idx])
        return np.where(use_neutral, pool_n[n_idx], gendered)

    first = draw(pool_f, pool_m)
    second = np.where(two, draw(pool_f, pool_m), "")
    return np.char.add(np.char.add(surname, first), second).astype(object)


def assign_ids(dims: Dimensions, cal: Calendar, people: People, first_id: int) -> None:
    """Give the customers their ids ``first_id ..`` and what derives from them (code, phone, e-mail)."""
    n = people.n
    ids = np.arange(first_id, first_id + n, dtype=np.int32)
    people.first_id = first_id
    col = people.columns
    # a bijection of the customer id keeps phone numbers unique inside one prefix
    suffix = (ids.astype(np.int64) * 7_919_393 + 12_345_679) % 100_000_000
    phone = np.char.add(col.pop("_prefix").astype(str), np.char.zfill(suffix.astype(str), 8)).astype(object)
    local = np.char.add(col.pop("_local").astype(str), (ids % 9973).astype(str))
    email = np.char.add(np.char.add(local, "@"), col.pop("_domain").astype(str)).astype(object)
    email[~col.pop("_has_email")] = None
    col.pop("_reg_day")
    people.columns = {
        "customer_id": ids,
        "customer_code": dims.customer_codes(ids, people.home_channel, col["registered_at"]),
        **{k: v for k, v in col.items() if k not in ("phone", "email")},
        "phone": phone,
        "email": email,
    }


def make_people(rng: np.random.Generator, dims: Dimensions, cal: Calendar, n: int, rate_scale: float) -> People:
    """Draw ``n`` candidate customers over the whole simulated period (history and window).

    ``rate_scale`` calibrates the order volume. Ids come later (:func:`assign_ids`), once it is
    known which candidates belong in the data window."""
    shop = dims.params["shop"]
    female = rng.random(n) < shop["female_share"]
    age = np.clip(rng.normal(shop["age_mean"], shop["age_sd"], n), 18, 72)
    end_ordinal = cal.start.toordinal() + cal.days - 1
    birthday_ord = (end_ordinal - age * 365.25).astype(np.int64)

    buyer = rng.random(n) >= POTENTIAL_SHARE
    first_day = sample_days(cal, np.zeros(n), np.full(n, cal.cumulative[-1]), rng)
    first_day = np.where(buyer, first_day, -1)
    # registration: a little before the first purchase (maybe before the window), or any day
    lead = rng.exponential(20.0, n)
    reg_day = np.where(buyer, first_day - lead, rng.uniform(0, cal.days - 1, n))
    reg_seconds = (reg_day * DAY + rng.integers(8 * 3600, 23 * 3600, n)).astype(np.int64)

    province = _pick(rng, dims.province_weights, n)
    city = dims.pick_city(rng, province)
    home_channel = dims.pick_channel(rng, np.floor(reg_day).astype(int), cal)
    source = _pick(rng, dims.source_weights, n)

    head, street = dims.addresses(rng, province, city)

    stale = buyer & (rng.random(n) < STALE_PHONE_SHARE)
    changed = np.where(stale, rng.uniform(np.maximum(first_day, 0) + 30, cal.days + 60), 10**9)
    confirmed_day = np.minimum(np.maximum(reg_day, 0) + rng.exponential(150, n), cal.days - 1)
    confirmed_day = np.where(stale, np.minimum(confirmed_day, changed - 1), confirmed_day)

    log_rate = np.log(rng.gamma(0.9, 1.0, n) + 1e-9)
    columns = {
        "_prefix": dims.mobile_prefixes[rng.integers(0, len(dims.mobile_prefixes), n)],
        "_local": dims.pinyin_stub(rng, n),
        "_domain": dims.email_domains[_pick(rng, dims.email_domain_weights, n)],
        "_has_email": rng.random(n) < EMAIL_SHARE,
        "_reg_day": reg_day,
        "name": _names(rng, dims, female),
        "gender": np.where(female, "F", "M").astype(object),
        "birthday": (birthday_ord - dims.epoch_ordinal).astype("datetime64[D]"),
        "province_code": dims.province_codes[province],
        "city_id": dims.city_ids[city],
        "address": np.char.add(head, street).astype(object),
        "source_id": dims.source_ids[source],
        "channel_id": dims.channel_ids[home_channel],
        "registered_at": dims.timestamps(reg_seconds),
        "contact_updated_at": dims.timestamps((confirmed_day * DAY).astype(np.int64) + 10 * 3600),
    }
    rate = np.exp(log_rate) * rate_scale
    return People(
        first_id=0,
        n=n,
        columns=columns,
        first_day=first_day.astype(np.int32),
        buyer=buyer,
        rate=rate,
        dropout=rng.beta(1.3, 16.0, n),
        spend=rng.gamma(4.0, 0.25, n),
        attitude=0.45 * (log_rate - log_rate.mean()) / (log_rate.std() + 1e-9) + 0.9 * rng.normal(0, 1, n),
        expectation=np.clip(rng.normal(7.0, 1.2, n), 1, 10),
        bias=rng.normal(0, 0.35, n),
        home_channel=home_channel,
        favourite_category=_pick(rng, dims.category_weights, n),
        phone_changed_day=changed,
        address_head=head,
        province=province,
    )
