"""The raw staging layer: customer records as each channel reported them, before screening.

Every customer has a record from the channel they registered on. Some also turn up in another
channel's export with the same person but conflicting fields (another phone, an old address, the
province typed differently) — the duplicates the customer-information chapter teaches to find
and merge. Customers whose phone went stale have a newer record elsewhere with the new number.
The answer key (which master customer a raw record belongs to) goes to the teacher-only file.
"""

from __future__ import annotations

import numpy as np

from crmkit.data.calendar import Calendar
from crmkit.data.dimensions import Dimensions
from crmkit.data.people import DAY, People

DUPLICATE_SHARE = 0.06


def staging(rng, dims: Dimensions, cal: Calendar, people: People, first_raw_id: int) -> tuple[dict, dict]:
    """(staging_customers columns with unmasked phone/address, staging_truth columns)."""
    col = people.columns
    n = people.n
    dup = rng.random(n) < DUPLICATE_SHARE
    stale = people.phone_changed_day < cal.days
    extra = np.flatnonzero(dup | stale)
    idx = np.concatenate([np.arange(n), extra])
    is_extra = np.arange(len(idx)) >= n
    m = len(idx)
    order = np.argsort(idx, kind="stable")  # keep a person's records together
    idx, is_extra = idx[order], is_extra[order]

    channel = np.where(is_extra, dims.pick_channel(rng, np.full(m, cal.days - 1), cal), people.home_channel[idx])
    phone = col["phone"][idx].astype(str)
    new_phone = np.char.add(phone.astype("<U3").astype(object).astype(str), np.char.zfill(rng.integers(0, 10**8, m).astype(str), 8))
    phone_conflict = is_extra & (stale[idx] | (rng.random(m) < 0.5))
    phone = np.where(phone_conflict, new_phone, phone)
    head = people.address_head[idx]
    street_alt = np.char.add(np.char.add(dims.roads[rng.integers(0, len(dims.roads), m)], "路"),
                             np.char.add(rng.integers(1, 300, m).astype(str), "号"))
    address = np.where(is_extra & ~phone_conflict | (is_extra & (rng.random(m) < 0.3)),
                       np.char.add(head, street_alt), col["address"][idx].astype(str))
    prov_name = dims.province_names[people.province[idx]]
    short = np.char.replace(np.char.replace(prov_name, "省", ""), "市", "")
    province = np.where(is_extra & (rng.random(m) < 0.5), short, prov_name)
    name = col["name"][idx].astype(str)
    name = np.where(is_extra & (rng.random(m) < 0.2), np.char.add(name, " "), name)
    reg = col["registered_at"][idx]
    recorded = np.where(
        is_extra,
        dims.timestamps(np.minimum(np.maximum(people.phone_changed_day[idx], 0) + 5, cal.days - 1).astype(np.int64) * DAY)
        if stale.any() else reg,
        reg,
    )
    recorded = np.where(is_extra & ~stale[idx], dims.timestamps(rng.integers(0, cal.days, m) * DAY), recorded)
    raw_id = np.arange(first_raw_id, first_raw_id + m, dtype=np.int64)
    ref = np.char.add(np.char.add(np.array(dims.channel_rows["code"])[channel], "-"), rng.integers(10**6, 10**7, m).astype(str))
    blank_birthday = is_extra & (rng.random(m) < 0.3)
    rows = {
        "raw_id": raw_id,
        "channel_id": dims.channel_ids[channel],
        "channel_ref": ref.astype(object),
        "name": name.astype(object),
        "gender": np.where(is_extra & (rng.random(m) < 0.1), None, col["gender"][idx]).astype(object),
        "birthday": np.where(blank_birthday, np.datetime64("NaT"), col["birthday"][idx]),
        "phone": phone.astype(object),
        "province": province.astype(object),
        "city": dims.city_names[np.searchsorted(dims.city_ids, col["city_id"][idx])].astype(object),
        "address": address.astype(object),
        "address_head": head.astype(object),
        "recorded_at": recorded,
    }
    problem = np.where(~is_extra, "none", np.where(stale[idx], "stale_phone", "duplicate"))
    truth = {"raw_id": raw_id, "customer_id": col["customer_id"][idx], "problem": problem.astype(object)}
    return rows, truth
