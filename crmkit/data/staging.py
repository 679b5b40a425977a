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
    stale = people.phone_changed_day < cal.days
    extra = np.flatnonzero((rng.random(people.n) < DUPLICATE_SHARE) | stale)
    idx = np.concatenate([np.arange(people.n), extra])
    is_extra = np.arange(len(idx)) >= people.n
    order = np.argsort(idx, kind="stable")  # keep a person's records together
    idx, is_extra = idx[order], is_extra[order]
    m = len(idx)
    stale_extra = is_extra & stale[idx]

    channel = np.where(is_extra, dims.pick_channel(rng, np.full(m, cal.days - 1), cal), people.home_channel[idx])
    phone = col["phone"][idx].astype(str)
    other_phone = np.char.add(phone.astype("<U3"), np.char.zfill(rng.integers(0, 10**8, m).astype(str), 8))
    phone_conflict = stale_extra | (is_extra & (rng.random(m) < 0.5))
    phone = np.where(phone_conflict, other_phone, phone)

    head = people.address_head[idx]
    road = np.char.add(dims.roads[rng.integers(0, len(dims.roads), m)], "路")
    old_street = np.char.add(road, np.char.add(rng.integers(1, 300, m).astype(str), "号"))
    # an extra record without a phone conflict always has another address, so it conflicts
    address_conflict = is_extra & (~phone_conflict | (rng.random(m) < 0.3))
    address = np.where(address_conflict, np.char.add(head, old_street), col["address"][idx].astype(str))

    province_full = dims.province_names[people.province[idx]]
    province_short = np.char.replace(np.char.replace(province_full, "省", ""), "市", "")
    province = np.where(is_extra & (rng.random(m) < 0.5), province_short, province_full)
    name = col["name"][idx].astype(str)
    name = np.where(is_extra & (rng.random(m) < 0.2), np.char.add(name, " "), name)  # a stray space

    # the newer record of a stale phone comes after the change; other extras any time
    changed = np.clip(people.phone_changed_day[idx], 0, cal.days - 6).astype(np.int64) + 5
    extra_day = np.where(stale_extra, changed, rng.integers(0, cal.days, m))
    recorded = np.where(is_extra, dims.timestamps(extra_day * DAY), col["registered_at"][idx])
    raw_id = np.arange(first_raw_id, first_raw_id + m, dtype=np.int64)
    channel_code = np.array(dims.channel_rows["code"])[channel]
    ref = np.char.add(np.char.add(channel_code, "-"), rng.integers(10**6, 10**7, m).astype(str))
    rows = {
        "raw_id": raw_id,
        "channel_id": dims.channel_ids[channel],
        "channel_ref": ref.astype(object),
        "name": name.astype(object),
        "gender": np.where(is_extra & (rng.random(m) < 0.1), None, col["gender"][idx]).astype(object),
        "birthday": np.where(is_extra & (rng.random(m) < 0.3), np.datetime64("NaT"), col["birthday"][idx]),
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
