"""``crmkit data build``: generate a shop's course database from its parameters.

The generator is deterministic (the same seed gives identical tables) and vectorised: customers
are generated in fixed-size chunks, each chunk drawing from its own ``numpy.random`` stream
derived from (seed, shop, chunk), so memory stays bounded at any scale.

Examples
--------
>>> from crmkit.data.build import build
>>> [path.name for path in build("tea", quiet=True)]  # builds only if missing
['tea.duckdb']
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import numpy as np

from crmkit import config, i18n
from crmkit.data import baskets, reference, service
from crmkit.data.calendar import build_calendar
from crmkit.data.dimensions import Dimensions
from crmkit.data.people import People, assign_ids, make_people
from crmkit.data.purchases import Orders, candidate_orders, keep_until_dropout
from crmkit.data.staging import staging
from crmkit.data.store import atomic_build, build_lock
from crmkit.data.summaries import derive_summaries
from crmkit.data.tags import derive_tags
from crmkit.errors import CrmkitError

DEFAULT_SEED = 20241101
CHUNK = 200_000  # customers per chunk (fixed: part of what makes a seed reproducible)
GENERATOR_VERSION = "9"  # bump when the schema or the generated data change; older files are rebuilt
HISTORY_DAYS = 365  # simulated before the window so the customer base is in a steady state


def _rng(seed: int, shop: str, chunk: int) -> np.random.Generator:
    return np.random.default_rng([seed, config.SHOPS.index(shop), chunk])


def _whole(value, minimum: int) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= minimum


def _check_args(shop: str, customers, seed) -> list[str]:
    shops = list(config.SHOPS) if shop == "all" else [config.check_shop(shop)]
    if not config.is_generated(shops[0]):
        raise CrmkitError("shops.not_generated", shop=shop, generated=", ".join(config.SHOPS))
    if customers is not None and not _whole(customers, minimum=1):
        raise CrmkitError("error.bad_customers", value=customers)
    if seed is not None and not _whole(seed, minimum=0):
        raise CrmkitError("error.bad_seed", value=seed)
    return shops


def build(shop: str = "mall", *, customers: int | None = None, seed: int | None = None,
          force: bool = False, quiet: bool = False) -> list[Path]:
    """Build the course database of ``shop`` (or ``"all"``) if missing, or always with ``force``.

    Parameters
    ----------
    shop : "mall", "tea", "ceramics", "electronics" or "all"
    customers : number of customers (default: the shop's parameter file, 5,000)
    seed : random seed (default 20241101); the same seed gives identical tables
    force : rebuild even if the database exists
    quiet : print nothing

    Returns
    -------
    The paths of the course databases that exist afterwards.
    """
    shops = _check_args(shop, customers, seed)
    out = []
    for s in shops:
        path = config.course_db_path(s)
        with build_lock(s):
            previous = built_with(path)
            outdated = previous is not None and previous.get("generator_version") != GENERATOR_VERSION
            if outdated and not quiet:
                print(i18n.t("build.outdated", shop=s, path=str(path)), flush=True)
            if force or outdated or not path.exists():
                if outdated:  # rebuild as it was built: same size and seed unless asked otherwise
                    customers = customers or int(previous["customers"])
                    seed = int(previous["seed"]) if seed is None else seed
                started = time.perf_counter()
                rows = build_shop(s, customers=customers, seed=DEFAULT_SEED if seed is None else int(seed))
                if not quiet:
                    print(i18n.t("build.done", shop=s, rows=f"{rows:,}", seconds=f"{time.perf_counter() - started:.1f}",
                                 path=str(path)), flush=True)
        out.append(path)
    return out


def built_with(path: Path) -> dict | None:
    """The ``shop_info`` of a generated course file (None when there is no file or it was not generated)."""
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None  # damaged: connect() reports it with the rebuild command
    try:
        info = dict(con.execute("SELECT key, value FROM shop_info").fetchall())
    except duckdb.Error:
        return None
    finally:
        con.close()
    return info if "generator_version" in info else None


def population(rng, dims: Dimensions, cal, n: int, scale: float, ratio: float) -> tuple[People, Orders]:
    """``n`` customers of the data window and their window orders.

    Candidates are simulated over history and window; a candidate belongs to the window's data
    if they ordered in it, or registered in it without buying (potential customers)."""
    people_parts, order_parts, offsets, have = [], [], [], 0
    while have < n:
        m = int((n - have) / ratio * 1.1) + 50
        people = make_people(rng, dims, cal, m, scale)
        orders = keep_until_dropout(rng, people, candidate_orders(rng, people, dims, cal))
        orders = orders.take(orders.day >= cal.window_day)
        active = np.bincount(orders.customer, minlength=m) > 0
        prospect = ~people.buyer & (people.columns["_reg_day"] >= cal.window_day)
        idx = np.flatnonzero(active | prospect)[: n - have]
        new_index = np.full(m, -1)
        new_index[idx] = np.arange(len(idx))
        orders = orders.take(new_index[orders.customer] >= 0)
        orders.customer = new_index[orders.customer]
        people_parts.append(people.take(idx))
        order_parts.append(orders)
        offsets.append(have)
        have += len(idx)
    return People.concat(people_parts), Orders.concat(order_parts, offsets)


def _calibrate(dims: Dimensions, cal, seed: int, shop: str, target: float) -> tuple[float, float]:
    """(rate scale, kept share of candidates) giving about ``target`` window orders per customer."""
    scale, ratio, sample = target / 2.0, 0.7, 3000
    for step in range(3):
        rng = np.random.default_rng([seed, config.SHOPS.index(shop), 10_000 + step])
        people = make_people(rng, dims, cal, sample, scale)
        orders = keep_until_dropout(rng, people, candidate_orders(rng, people, dims, cal))
        window = orders.take(orders.day >= cal.window_day)
        active = np.bincount(window.customer, minlength=sample) > 0
        prospect = ~people.buyer & (people.columns["_reg_day"] >= cal.window_day)
        kept = max(int((active | prospect).sum()), 1)
        ratio = kept / sample
        scale *= (target * kept / max(len(window), 1)) ** 1.3
    return scale, ratio


def build_shop(shop: str, *, customers: int | None, seed: int) -> int:
    """Generate and write one shop; returns the number of rows written."""
    params = reference.shop(shop)
    start, end = reference.window(params)
    cal = build_calendar(start, end, reference.calendar(), HISTORY_DAYS)
    dims = Dimensions(shop, params, reference.china(), cal)
    total = int(customers or params["shop"]["customers"])
    scale, ratio = _calibrate(dims, cal, seed, shop, params["shop"]["orders_per_customer"])
    counters = {"customer": 1, "order": 1, "return": 1, "review": 1, "survey": 1, "interaction": 1, "raw": 1}
    written = 0
    with atomic_build(shop) as w:
        _write_dimensions(w, dims, shop, seed, total)
        for chunk, first in enumerate(range(0, total, CHUNK)):
            rng = _rng(seed, shop, chunk)
            n = min(CHUNK, total - first)
            written += _write_chunk(w, rng, dims, cal, counters, n, scale, ratio)
        derive_tags(w.con, dims)
        derive_summaries(w.con)
    return written


def _write_dimensions(w, dims: Dimensions, shop: str, seed: int, customers: int) -> None:
    p = dims.params["shop"]
    info = {"shop": shop, "name_zh": p["name_zh"], "name_en": p["name_en"], "platform": p["platform"],
            "seed": str(seed), "customers": str(customers), "start": str(p["start"]), "end": str(p["end"]),
            "generator_version": GENERATOR_VERSION}
    w.insert("shop_info", {"key": list(info), "value": list(info.values())})
    w.insert("provinces", dims.province_rows)
    w.insert("cities", dims.city_rows)
    w.insert("channels", dims.channel_rows)
    w.insert("suppliers", dims.supplier_rows)
    w.insert("categories", dims.category_rows)
    w.insert("products", dims.product_rows)
    w.insert("sources", dims.source_rows)
    w.insert("campaigns", dims.campaign_rows)
    lk = dims.lookups
    w.insert("return_reasons", {"reason_code": [r["code"] for r in lk["return_reasons"]],
                                "name_zh": [r["name_zh"] for r in lk["return_reasons"]],
                                "name_en": [r["name_en"] for r in lk["return_reasons"]]})
    w.insert("interaction_kinds", {k: [r[c] for r in lk["interaction_kinds"]] for k, c in
                                   (("kind", "code"), ("name_zh", "name_zh"), ("name_en", "name_en"),
                                    ("direction", "direction"), ("era", "era"))})
    w.insert("interaction_topics", {k: [r[c] for r in lk["interaction_topics"]] for k, c in
                                    (("topic", "code"), ("name_zh", "name_zh"), ("name_en", "name_en"))})
    w.insert("tags", dims.tag_rows)
    w.insert("product_tags", dims.product_tag_rows)
    w.insert("campaign_tags", dims.campaign_tag_rows)


def _ids(counters: dict, key: str, n: int) -> np.ndarray:
    ids = np.arange(counters[key], counters[key] + n, dtype=np.int64)
    counters[key] += n
    return ids


def _write_chunk(w, rng, dims: Dimensions, cal, counters: dict, n: int, scale: float, ratio: float) -> int:
    people, orders = population(rng, dims, cal, n, scale, ratio)
    assign_ids(dims, cal, people, counters["customer"])
    counters["customer"] += n
    order_ids = _ids(counters, "order", len(orders))
    items = baskets.items(rng, dims, people, orders, int(order_ids[0]) if len(orders) else 0)
    items_cents = items.pop("items_cents")
    discount, campaign = baskets.discounts(rng, dims, cal, people, orders, items_cents)
    status = np.where(orders.closed, "closed", np.where(orders.shipped < 0, "paid",
                      np.where(orders.delivered < 0, "shipped", "completed")))
    ts = dims.timestamps
    cust_ids = (people.first_id + orders.customer).astype(np.int32)

    w.insert("customers", {**people.columns, "address_head": people.address_head},
             select="* EXCLUDE (phone, email, address, address_head), mask_phone(phone) AS phone, "
                    "mask_email(email) AS email, mask_address(address_head, address) AS address")
    w.insert("private.customer_contacts", {k: people.columns[k] for k in ("customer_id", "phone", "email", "address")})
    w.insert("customer_keys", {k: people.columns[k] for k in ("customer_id", "phone")},
             select="customer_id, phone_key(phone) AS phone_key")
    w.insert("orders", {
        "order_id": order_ids, "customer_id": cust_ids, "channel_id": dims.channel_ids[orders.channel],
        "campaign_id": np.where(campaign >= 0, dims.event_campaign_id[np.maximum(campaign, 0)], -1),
        "status": status.astype(object),
        "ordered_at": ts(orders.seconds),
        "paid_at": np.where(orders.closed, np.datetime64("NaT"), ts(orders.paid)),
        "shipped_at": np.where(orders.shipped >= 0, ts(orders.shipped), np.datetime64("NaT")),
        "delivered_at": np.where(orders.delivered >= 0, ts(orders.delivered), np.datetime64("NaT")),
        "items_amount": items_cents / 100, "discount": discount / 100, "total": (items_cents - discount) / 100,
    })
    w.insert("order_items", items)
    first_line = items["line_no"] == 1
    first_amount = items["amount"][first_line]
    ret = baskets.returns(rng, dims, cal, orders, order_ids, first_amount)
    ret_pos = np.searchsorted(order_ids, ret["order_id"])
    ret_time = ret["requested_at"]
    ret["requested_at"] = ts(ret_time)
    w.insert("returns", {"return_id": _ids(counters, "return", len(ret_pos)), **ret})
    rev = baskets.reviews(rng, dims, cal, people, orders, order_ids)
    rev["created_at"] = ts(rev["created_at"])
    w.insert("reviews", {"review_id": _ids(counters, "review", len(rev["order_id"])), **rev})
    sur = service.surveys(rng, cal, people, orders, order_ids)
    sur["answered_at"] = ts(sur["answered_at"])
    w.insert("surveys", {"survey_id": _ids(counters, "survey", len(sur["order_id"])), **sur})
    blocks = service.interactions(rng, dims, cal, people, orders, order_ids, (ret_pos, ret_time))
    inter = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    order = np.lexsort((inter["started_at"], inter["customer_id"]))
    inter = {k: v[order] for k, v in inter.items()}
    inter["started_at"] = ts(inter["started_at"])
    w.insert("interactions", {"interaction_id": _ids(counters, "interaction", len(order)), **inter})
    raw, truth = staging(rng, dims, cal, people, counters["raw"])
    counters["raw"] += len(truth["raw_id"])
    w.insert("staging_customers", raw,
             select="* EXCLUDE (phone, address, address_head), mask_phone(phone) AS phone, "
                    "mask_address(address_head, address) AS address")
    w.insert("private.staging_contacts", {k: raw[k] for k in ("raw_id", "phone", "address")})
    w.insert("staging_keys", {k: raw[k] for k in ("raw_id", "phone")}, select="raw_id, phone_key(phone) AS phone_key")
    w.insert("private.staging_truth", truth)
    return (n + len(orders) + len(items["order_id"]) + len(ret_pos) + len(rev["order_id"])
            + len(sur["order_id"]) + len(order) + 2 * len(truth["raw_id"]))

