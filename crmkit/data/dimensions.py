"""A shop's fixed tables (channels, products, provinces, campaigns, ...) and lookup arrays.

:class:`Dimensions` turns the TOML parameters into numpy arrays that the vectorised generator
indexes into, and into the rows of the small tables of the course database.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from crmkit.data import reference
from crmkit.data.calendar import Calendar

SYLLABLES = np.array(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo xiao "
    "ming hua jun wei fang na min jing qiang lei yan jie tao hui xin yu ting hao".split()
)
STREET_SUFFIX = np.array(["路", "街", "大道"])
EPOCH = dt.date(1970, 1, 1)


class Dimensions:
    """Everything about a shop that does not depend on the random draws."""

    def __init__(self, shop_id: str, params: dict, china: dict, cal: Calendar) -> None:
        self.shop_id = shop_id
        self.params = params
        self.cal = cal
        self.epoch_ordinal = EPOCH.toordinal()
        self.start_seconds = (cal.start - EPOCH).days * 86_400
        self.prefix = shop_id[:2].upper()

        provinces = china["provinces"]
        self.province_codes = np.array([p["code"] for p in provinces], dtype=object)
        self.province_weights = np.array([p["weight"] for p in provinces], float)
        self.province_distance = np.array([p["distance"] for p in provinces], float)
        self.province_names = np.array([p["name_zh"] for p in provinces])
        cities = [(i, c) for i, p in enumerate(provinces) for c in p["cities"]]
        self.city_ids = np.arange(1, len(cities) + 1, dtype=np.int32)
        self.city_province = np.array([i for i, _ in cities])
        self.city_names = np.array([c["name_zh"] for _, c in cities])
        self.city_weights = np.array([c["weight"] for _, c in cities], float)
        self.city_rows = {
            "city_id": self.city_ids,
            "province_code": [provinces[i]["code"] for i, _ in cities],
            "name_zh": [c["name_zh"] for _, c in cities],
            "name_en": [c["name_en"] for _, c in cities],
        }
        self.province_rows = {
            "province_code": [p["code"] for p in provinces],
            "name_zh": [p["name_zh"] for p in provinces],
            "name_en": [p["name_en"] for p in provinces],
        }
        self.surnames = np.array([s["char"] for s in china["surnames"]])
        self.surname_weights = np.array([s["weight"] for s in china["surnames"]], float)
        self.given_female = np.array(list(china["given_chars_female"]))
        self.given_male = np.array(list(china["given_chars_male"]))
        self.given_neutral = np.array(list(china["given_chars_neutral"]))
        self.mobile_prefixes = np.array(china["mobile_prefixes"])
        self.email_domains = np.array(china["email_domains"])
        self.email_domain_weights = np.array(china["email_domain_weights"], float)
        self.roads = np.array(china["roads_zh"])

        channels = params["channels"]
        self.channel_ids = np.arange(1, len(channels) + 1, dtype=np.int32)
        self.channel_weights = np.array([c["weight"] for c in channels], float)
        self.channel_return_rate = np.array([c["return_rate"] for c in channels], float)
        self.channel_delivery = np.array([c["delivery_days"] for c in channels], float)
        self.channel_open = np.array([(c["opened"] - cal.start).days for c in channels])
        self.channel_close = np.array(
            [(c["closed"] - cal.start).days if c.get("closed") else 10**6 for c in channels]
        )
        self.channel_rows = {
            "channel_id": self.channel_ids,
            "code": [c["id"] for c in channels],
            "name_zh": [c["name_zh"] for c in channels],
            "name_en": [c["name_en"] for c in channels],
            "kind": [c["kind"] for c in channels],
            "opened_at": [c["opened"] for c in channels],
            "closed_at": [c.get("closed") for c in channels],
        }

        suppliers = params["suppliers"]
        supplier_index = {s["id"]: i for i, s in enumerate(suppliers)}
        self.supplier_rows = {
            "supplier_id": np.arange(1, len(suppliers) + 1, dtype=np.int32),
            "code": [s["id"] for s in suppliers],
            "name_zh": [s["name_zh"] for s in suppliers],
            "name_en": [s["name_en"] for s in suppliers],
            "province_code": [s["province"] for s in suppliers],
        }
        categories = params["categories"]
        category_index = {c["id"]: i for i, c in enumerate(categories)}
        self.category_weights = np.array([c["weight"] for c in categories], float)
        self.category_quality = np.array([c["quality_issue_rate"] for c in categories], float)
        self.category_rows = {
            "category_id": np.arange(1, len(categories) + 1, dtype=np.int32),
            "code": [c["id"] for c in categories],
            "name_zh": [c["name_zh"] for c in categories],
            "name_en": [c["name_en"] for c in categories],
        }

        products = params["products"]
        sku_index = {p["sku"]: i for i, p in enumerate(products)}
        self.product_ids = np.arange(1, len(products) + 1, dtype=np.int32)
        self.product_category = np.array([category_index[p["category"]] for p in products])
        self.product_price = np.array([round(p["price"] * 100) for p in products], np.int64)
        self.product_popularity = np.array([p["popularity"] for p in products], float)
        self.product_launch = np.array([(p["launched"] - cal.start).days for p in products])
        self.complements = [np.array([sku_index[s] for s in p.get("complements", [])], int) for p in products]
        self.product_rows = {
            "product_id": self.product_ids,
            "sku": [p["sku"] for p in products],
            "name_zh": [p["name_zh"] for p in products],
            "name_en": [p["name_en"] for p in products],
            "category_id": self.product_category.astype(np.int32) + 1,
            "supplier_id": np.array([supplier_index[p["supplier"]] + 1 for p in products], np.int32),
            "price": self.product_price / 100,
            "cost": np.array([p["cost"] for p in products], float),
            "launched_at": [p["launched"] for p in products],
        }
        sources = params["sources"]
        self.source_ids = np.arange(1, len(sources) + 1, dtype=np.int32)
        self.source_weights = np.array([s["weight"] for s in sources], float)
        self.source_rows = {
            "source_id": self.source_ids,
            "code": [s["id"] for s in sources],
            "name_zh": [s["name_zh"] for s in sources],
            "name_en": [s["name_en"] for s in sources],
        }
        lookups = reference.lookups()
        self.lookups = lookups
        self._campaigns(cal)
        self._tags(params, lookups)

    # -- campaigns and tags -------------------------------------------------------------
    def _campaigns(self, cal: Calendar) -> None:
        window_start = cal.start + dt.timedelta(days=cal.window_day)
        end = cal.start + dt.timedelta(days=cal.days - 1)
        shown = [i for i, e in enumerate(cal.events) if e["end"] >= window_start]
        events = [cal.events[i] for i in shown]
        codes = [e["id"] for e in events] + ["birthday_care"]
        self.campaign_rows = {
            "campaign_id": np.arange(1, len(codes) + 1, dtype=np.int32),
            "code": codes,
            "kind": [e["kind"] for e in events] + ["birthday"],
            "name_zh": [e["name_zh"] for e in events] + ["生日关怀"],
            "name_en": [e["name_en"] for e in events] + ["Birthday care"],
            "starts_on": [e["start"] for e in events] + [window_start],
            "ends_on": [e["end"] for e in events] + [end],
            "discount_rate": [float(e["discount"]) for e in events] + [0.05],
        }
        # calendar event index -> campaign id (-1 for events before the window); birthday last
        self.event_campaign_id = np.full(len(cal.events) + 1, -1, dtype=np.int32)
        self.event_campaign_id[shown] = np.arange(1, len(shown) + 1)
        self.event_campaign_id[-1] = len(codes)
        self.event_discount = np.array([e["discount"] for e in cal.events] + [0.0], float)
        self.birthday_campaign = len(cal.events)  # index of the birthday campaign in event_campaign_id
        self.promotion_events = np.array(
            [i for i in shown if cal.events[i]["kind"] == "promotion"], int)

    def _tags(self, params: dict, lookups: dict) -> None:
        rows = []
        for target, items in (
            ("customer", lookups["customer_tags"]),
            ("product", [{"code": t["id"], **t} for t in params.get("product_tags", [])]),
            ("campaign", lookups["campaign_tags"]),
        ):
            rows += [(target, t["code"], t["name_zh"], t["name_en"]) for t in items]
        self.tag_rows = {
            "tag_id": np.arange(1, len(rows) + 1, dtype=np.int32),
            "target": [r[0] for r in rows],
            "code": [r[1] for r in rows],
            "name_zh": [r[2] for r in rows],
            "name_en": [r[3] for r in rows],
        }
        tag_id = {(r[0], r[1]): i + 1 for i, r in enumerate(rows)}
        self.tag_id = tag_id
        pairs = [(i + 1, tag_id[("product", tg)]) for i, p in enumerate(params["products"]) for tg in p.get("tags", [])]
        self.product_tag_rows = {"product_id": [p for p, _ in pairs], "tag_id": [t for _, t in pairs]}
        camp = []
        for cid, kind in zip(self.campaign_rows["campaign_id"], self.campaign_rows["kind"], strict=True):
            code = {"promotion": "big_promotion", "birthday": "care", "holiday": "holiday"}[kind]
            camp.append((int(cid), tag_id[("campaign", code)]))
        self.campaign_tag_rows = {"campaign_id": [c for c, _ in camp], "tag_id": [t for _, t in camp]}

    # -- vectorised helpers -------------------------------------------------------------
    def pick_city(self, rng: np.random.Generator, province: np.ndarray) -> np.ndarray:
        """One city index per customer, weighted, inside the customer's province."""
        order = np.argsort(self.city_province, kind="stable")
        prov = self.city_province[order]
        w = self.city_weights[order]
        total = np.bincount(prov, weights=w, minlength=len(self.province_codes))
        before = np.repeat(np.cumsum(total) - total, np.bincount(prov, minlength=len(total)))
        key = prov + (np.cumsum(w) - before) / total[prov]  # block p spans (p, p + 1]
        u = 1.0 - rng.random(len(province))  # (0, 1]
        return order[np.searchsorted(key, province + u, side="left")]

    def pick_channel(self, rng: np.random.Generator, day: np.ndarray, cal: Calendar) -> np.ndarray:
        """A channel open on ``day`` for each element, by channel weight."""
        cum = np.cumsum(self.channel_weights / self.channel_weights.sum())
        pick = np.minimum(np.searchsorted(cum, rng.random(len(day)), side="right"), len(cum) - 1)
        shut = (day > self.channel_close[pick]) | (day < self.channel_open[pick])
        always = np.flatnonzero((self.channel_close >= 10**6) & (self.channel_open <= 0))
        w = self.channel_weights[always]
        cum2 = np.cumsum(w / w.sum())
        alt = always[np.minimum(np.searchsorted(cum2, rng.random(len(day)), side="right"), len(always) - 1)]
        return np.where(shut, alt, pick)

    def channel_open_on(self, channel: np.ndarray, day: np.ndarray) -> np.ndarray:
        return (day >= self.channel_open[channel]) & (day <= self.channel_close[channel])

    def pinyin_stub(self, rng: np.random.Generator, n: int) -> np.ndarray:
        a = SYLLABLES[rng.integers(0, len(SYLLABLES), n)]
        b = SYLLABLES[rng.integers(0, len(SYLLABLES), n)]
        return np.char.add(a, b)

    def addresses(self, rng, province: np.ndarray, city: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(province + city, street part) per customer, e.g. ('广东省深圳市', '人民路88号3栋502室')."""
        n = len(province)
        head = np.char.add(self.province_names[province], self.city_names[city])
        road = np.char.add(self.roads[rng.integers(0, len(self.roads), n)], STREET_SUFFIX[rng.integers(0, 3, n)])
        number = np.char.add(rng.integers(1, 400, n).astype(str), "号")
        building = np.char.add(rng.integers(1, 30, n).astype(str), "栋")
        room = np.char.add(building, rng.integers(101, 2600, n).astype(str))
        street = np.char.add(np.char.add(road, number), np.char.add(room, "室"))
        return head, street

    def customer_codes(self, ids: np.ndarray, channel: np.ndarray, registered_at: np.ndarray) -> np.ndarray:
        """编码: shop letters + channel number (2 digits) + registration year + 7-digit sequence."""
        year = np.asarray(registered_at).astype("datetime64[Y]").astype(int) + 1970
        ch = np.char.zfill((channel + 1).astype(str), 2)
        seq = np.char.zfill(ids.astype(str), 7)
        return np.char.add(np.char.add(np.char.add(self.prefix, ch), year.astype(str)), seq).astype(object)

    def timestamps(self, seconds_from_start: np.ndarray) -> np.ndarray:
        """Seconds since the first day of the window -> datetime64[s]."""
        return (np.asarray(seconds_from_start, np.int64) + self.start_seconds).astype("datetime64[s]")
