"""Checking what users pass to analyses, with errors that list the valid values.

Every analysis validates its arguments here, so that a typo gives the same clear message in the
user's language everywhere: which argument, what was given, and what would be valid.

Examples
--------
>>> period("month")
'month'
>>> from crmkit import i18n
>>> with i18n.language("en"):
...     try:
...         period("fortnight")
...     except Exception as exc:
...         print(exc)
Unknown value 'fortnight' for period. Valid values: day, week, month, quarter, year.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import numbers
from collections.abc import Iterable

import duckdb
import pandas as pd

from crmkit.errors import CrmkitError

PERIODS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
MAX_LISTED = 30  # at most this many valid values are listed in a message


def listing(valid: Iterable[object]) -> str:
    """Valid values for a message: comma-separated, at most MAX_LISTED of them."""
    items = [str(v) for v in valid]
    more = len(items) - MAX_LISTED
    return ", ".join(items[:MAX_LISTED]) + (f", … (+{more})" if more > 0 else "")


def choice(value: object, valid: Iterable[object], name: str) -> object:
    """``value`` if it is one of ``valid``, else an error naming ``name`` and the valid values."""
    valid = list(valid)
    if value not in valid:
        raise CrmkitError("error.bad_choice", name=name, value=value, valid=listing(valid))
    return value


def period(value: str, name: str = "period") -> str:
    """One of ``day, week, month, quarter, year``."""
    return choice(value.strip().lower() if isinstance(value, str) else value, PERIODS, name)


def date(value: object, name: str) -> dt.date | None:
    """A date from a ``date``, ``datetime``, ``pandas.Timestamp`` or text like ``"2026-03-05"``;
    ``None`` stays ``None``. Anything else is an error naming the argument."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        parsed = pd.Timestamp(str(value).strip().replace("/", "-"))
    except (ValueError, TypeError):
        parsed = None
    if parsed is None or pd.isna(parsed):
        raise CrmkitError("error.bad_date", name=name, value=value)
    return parsed.date()


def positive_int(value: object, name: str, allow_none: bool = True) -> int | None:
    """A whole number > 0 (or ``None`` when allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise CrmkitError("error.bad_positive", name=name, value=value)
    return int(value)


def real(value: object) -> float | None:
    """``value`` as a float if it is a finite real number (not a bool), else ``None`` — callers
    check their own range and raise their own message."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _resolve(con: duckdb.DuckDBPyConnection, value: object, name: str, sql: str, listing_sql: str) -> int:
    text = str(value).strip() if value is not None else ""
    row = con.execute(sql, {"v": text}).fetchone() if text else None
    if row is None:
        valid = [r[0] for r in con.execute(listing_sql).fetchall()]
        raise CrmkitError("error.bad_choice", name=name, value=value, valid=listing(valid))
    return int(row[0])


def channel_id(con: duckdb.DuckDBPyConnection, value: object, name: str = "channel") -> int:
    """A channel given by id, code or name (Chinese or English) -> its ``channel_id``."""
    return _resolve(con, value, name,
                    "SELECT channel_id FROM channels WHERE channel_id::VARCHAR = $v OR lower(code) = lower($v) "
                    "OR name_zh = $v OR lower(name_en) = lower($v)",
                    "SELECT code || ' (' || name_zh || ')' FROM channels ORDER BY channel_id")


def category_id(con: duckdb.DuckDBPyConnection, value: object, name: str = "category") -> int:
    """A product category given by id, code or name -> its ``category_id``."""
    return _resolve(con, value, name,
                    "SELECT category_id FROM categories WHERE category_id::VARCHAR = $v OR lower(code) = lower($v) "
                    "OR name_zh = $v OR lower(name_en) = lower($v)",
                    "SELECT code || ' (' || name_zh || ')' FROM categories ORDER BY category_id")


def province_code(con: duckdb.DuckDBPyConnection, value: object, name: str = "province") -> str:
    """A province given by code (GD), Chinese (广东省 or 广东) or English name -> its code."""
    text = str(value).strip() if value is not None else ""
    suffixes = "(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$"
    row = con.execute("SELECT province_code FROM provinces WHERE upper(province_code) = upper($v) OR name_zh = $v "
                      "OR regexp_replace(name_zh, $suffixes, '') = $v OR lower(name_en) = lower($v)",
                      {"v": text, "suffixes": suffixes}).fetchone() if text else None
    if row is None:
        valid = [r[0] for r in con.execute("SELECT province_code || ' (' || name_zh || ')' FROM provinces "
                                           "ORDER BY province_code").fetchall()]
        raise CrmkitError("error.bad_choice", name=name, value=value, valid=listing(valid))
    return row[0]


def _id_text(value: object) -> str:
    """``value`` as stripped text ("" for None and for booleans, which are not ids)."""
    return str(value).strip() if value is not None and not isinstance(value, bool) else ""


def _by_id(con: duckdb.DuckDBPyConnection, text: str, sql: str, limit: int) -> list:
    """The rows of ``sql`` (one ``?``, compared with an integer id column, answered from its min/max
    and primary key) for ``text`` when it is a whole number below ``limit`` (the column type's); else []."""
    return con.execute(sql, [int(text)]).fetchall() if text.isdecimal() and int(text) < limit else []


def customer_id(con: duckdb.DuckDBPyConnection, value: object, name: str = "customer_id") -> int:
    """An existing customer's id (an id or customer code), else an error with the valid range."""
    text = _id_text(value)
    rows = _by_id(con, text, "SELECT customer_id FROM customers WHERE customer_id = ?", 2**31)
    if text and not rows:
        rows = con.execute("SELECT customer_id FROM customers WHERE customer_code = upper(?)", [text]).fetchall()
    if not rows:
        low, high = con.execute("SELECT min(customer_id), max(customer_id) FROM customers").fetchall()[0]
        raise CrmkitError("error.unknown_customer", name=name, value=value, low=low, high=high)
    return int(rows[0][0])


def product_id(con: duckdb.DuckDBPyConnection, value: object, name: str = "product_id") -> int:
    """An existing product given by id or SKU -> its ``product_id``."""
    return _resolve(con, value, name,
                    "SELECT product_id FROM products WHERE product_id::VARCHAR = $v OR upper(sku) = upper($v)",
                    "SELECT sku FROM products ORDER BY product_id")


def order_id(con: duckdb.DuckDBPyConnection, value: object, name: str = "order_id") -> int:
    """An existing order's id, else an error naming the argument and the range of order ids."""
    rows = _by_id(con, _id_text(value), "SELECT order_id FROM orders WHERE order_id = ?", 2**63)
    if not rows:
        low, high = con.execute("SELECT min(order_id), max(order_id) FROM orders").fetchall()[0]
        raise CrmkitError("error.unknown_order", name=name, value=value, low=low, high=high)
    return int(rows[0][0])
