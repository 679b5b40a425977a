"""Load the committed generator inputs: shop parameters and reference data.

Shop parameters live in ``datasets/shops/<shop>.toml`` (channels, suppliers, categories,
products, tags, acquisition sources); China reference data (provinces and cities with weights,
surnames, mobile prefixes) and the shopping calendar (Double 11, 618, Spring Festival, ...) in
``datasets/reference/``. They are data, not code: a teacher can add a product or a channel by
editing a TOML file.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from crmkit import config
from crmkit.errors import CrmkitError


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise CrmkitError("error.missing_file", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CrmkitError("error.bad_parameters", path=str(path), reason=str(exc)) from None


@cache
def china() -> dict:
    """Provinces (with cities), surnames, given-name characters, phone prefixes, e-mail domains."""
    return _load(config.datasets_dir() / "reference" / "china.toml")


@cache
def calendar() -> dict:
    """Shopping events (promotions and holidays) and weekday multipliers."""
    return _load(config.datasets_dir() / "reference" / "calendar.toml")


@cache
def lookups() -> dict:
    """Code lists shared by every shop (return reasons, interaction kinds and topics, tags)."""
    return _load(config.datasets_dir() / "reference" / "lookups.toml")


@cache
def shop(shop_id: str) -> dict:
    """The parameters of one shop, checked for the references the generator relies on."""
    params = _load(config.datasets_dir() / "shops" / f"{shop_id}.toml")
    path = f"datasets/shops/{shop_id}.toml"
    categories = {c["id"] for c in params["categories"]}
    suppliers = {s["id"] for s in params["suppliers"]}
    skus = {p["sku"] for p in params["products"]}
    tags = {t["id"] for t in params.get("product_tags", [])}
    for p in params["products"]:
        for field, value, valid in (
            ("category", p["category"], categories),
            ("supplier", p["supplier"], suppliers),
            *(("complements", c, skus) for c in p.get("complements", [])),
            *(("tags", tg, tags) for tg in p.get("tags", [])),
        ):
            if value not in valid:
                raise CrmkitError(
                    "error.bad_reference", path=path, item=p["sku"], field=field, value=value
                )
    if not any(ch.get("closed") for ch in params["channels"]):
        raise CrmkitError("error.bad_reference", path=path, item="channels", field="closed", value="-")
    return params


def window(params: dict) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of a shop's data."""
    return params["shop"]["start"], params["shop"]["end"]
