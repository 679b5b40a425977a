"""A shop of its own from a transactions file: one row per purchase (customer, date, amount[, quantity]).

A transactions file (the CDNOW sample, a shop's till export read by the CSV importer, ...) knows
only who bought when and for how much. :func:`build_transaction_shop` turns it into a course
database with the same star schema as the generated shops, so every analysis (``ck.customers``,
``ck.orders``, ``ck.products``, RFM, BG/NBD, ...) runs on it with ``ck.connect("<name>")``.

What the shop holds
-------------------
* ``customers``: one per distinct customer id, numbered 1, 2, ... in the order of their first
  purchase (customers who first bought at the same moment: by their id as written).
  ``customer_code`` is the id as written in the file, ``name`` is ``"顾客 <id>"``; gender,
  birthday, phone, email and address are unknown (NULL); ``registered_at`` is the first purchase.
* ``orders``: one per transaction row, numbered 1, 2, ... by date (then customer, then row);
  status ``completed``, paid, shipped and delivered at the purchase time, no discount
  (``items_amount = total = amount``).
* ``order_items``: one line per order with the one product, the quantity (1 when not given),
  ``unit_price = amount / quantity`` rounded half up to the cent, and ``amount``.
* One of each dimension the schema needs: province and city "未知 / Unknown", channel and
  source ``import``, one category, one supplier and one product whose price (and cost, so
  margins are 0) is the median unit price.
* ``shop_info``: ``shop, name_zh, name_en, kind = imported, source, currency, rows`` (transactions),
  ``customers, orders, start, end`` (first and last purchase day).
* No campaigns, returns, reviews, surveys, interactions, tags or staging rows; the teacher's
  private file exists but is empty (there is no contact data to protect).

The build is atomic (:func:`crmkit.data.store.atomic_build`): a failure leaves the previous
files of the shop as they were; replacing an imported shop of the same name is allowed, a
generated shop's name (``mall``, ...) is refused.

Examples
--------
>>> import datetime, decimal
>>> import pyarrow as pa
>>> table = pa.table({"customer": ["A7"], "date": [datetime.datetime(2025, 1, 2)],
...                   "amount": pa.array([decimal.Decimal("9.90")], pa.decimal128(12, 2))})
>>> build_transaction_shop("mine", table, name_zh="我的店", name_en="My shop")  # doctest: +SKIP
{'customers': 1, 'orders': 1, 'rows': 3}
"""

from __future__ import annotations

import datetime

import duckdb
import pyarrow as pa

from crmkit import config, i18n
from crmkit.data.store import atomic_build, build_lock
from crmkit.data.summaries import derive_summaries
from crmkit.errors import CrmkitError

#: How an imported customer is named (the id as written fills in).
CUSTOMER_NAME = "顾客 "
#: The code of the one channel, source, category, supplier and product of an imported shop.
CODE = "import"
UNKNOWN_PROVINCE = "00"
MAX_AMOUNT = "9999999999.99"  # DECIMAL(12, 2)

_EXPECTED = {  # column -> (accepts the Arrow type?, the expected type as shown in the error)
    "customer": (lambda t: pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t),
                 "string"),
    "date": (lambda t: (pa.types.is_timestamp(t) and t.tz is None) or pa.types.is_date(t),
             "timestamp (without time zone) or date"),
    "amount": (lambda t: pa.types.is_decimal(t) or pa.types.is_integer(t) or pa.types.is_floating(t),
               "decimal"),
    "quantity": (lambda t: pa.types.is_integer(t) or pa.types.is_null(t), "integer"),
    "_row": (pa.types.is_integer, "integer"),
}
_REQUIRED = ("customer", "date", "amount")

_FIRST_BAD_ROW = f"""
SELECT _row, problem, CASE problem WHEN 'quantity' THEN quantity::VARCHAR ELSE amount::VARCHAR END AS value
FROM (
    SELECT _row, quantity, amount,
           CASE WHEN customer IS NULL OR trim(customer) = '' THEN 'customer'
                WHEN date IS NULL THEN 'date'
                WHEN amount IS NULL THEN 'amount'
                WHEN amount < 0 THEN 'negative'
                WHEN amount > {MAX_AMOUNT} THEN 'large'
                WHEN quantity <= 0 OR quantity > 2147483647 THEN 'quantity' END AS problem
    FROM tx_input
)
WHERE problem IS NOT NULL
ORDER BY _row
LIMIT 1
"""

_PREPARE = """
CREATE TEMP TABLE tx AS                 -- the purchases: trimmed ids, timestamps, money to the cent
SELECT trim(customer)                   AS customer,
       date::TIMESTAMP                  AS ordered_at,
       amount::DECIMAL(12, 2)           AS amount,
       coalesce(quantity, 1)::INTEGER   AS quantity,
       _row
FROM tx_input;

CREATE TEMP TABLE cust AS               -- customer ids 1..n in the order of the first purchase
SELECT row_number() OVER (ORDER BY first_at, customer)::INTEGER AS customer_id, customer, first_at
FROM (SELECT customer, min(ordered_at) AS first_at FROM tx GROUP BY customer);

CREATE TEMP TABLE ord AS                -- order ids 1..m by time, then customer, then row
SELECT row_number() OVER (ORDER BY t.ordered_at, c.customer_id, t._row)::BIGINT AS order_id,
       c.customer_id, t.ordered_at, t.amount, t.quantity,
       -- amount / quantity rounded half up to the cent, in exact integer cents
       ((2 * (t.amount * 100)::BIGINT + t.quantity) // (2 * t.quantity))::DECIMAL(12, 0)
           * 0.01::DECIMAL(3, 2) AS unit_price
FROM tx t
JOIN cust c USING (customer);
"""

_CUSTOMERS = f"""
INSERT INTO customers BY NAME
SELECT customer_id, customer AS customer_code, $name_prefix || customer AS name,
       '{UNKNOWN_PROVINCE}' AS province_code, 1 AS city_id, 1 AS source_id, 1 AS channel_id,
       first_at AS registered_at, first_at AS contact_updated_at
FROM cust
ORDER BY customer_id
"""

_ORDERS = """
INSERT INTO orders BY NAME
SELECT order_id, customer_id, 1 AS channel_id, 'completed' AS status,
       ordered_at, ordered_at AS paid_at, ordered_at AS shipped_at, ordered_at AS delivered_at,
       amount AS items_amount, 0 AS discount, amount AS total
FROM ord
ORDER BY order_id
"""

_ORDER_ITEMS = """
INSERT INTO order_items BY NAME
SELECT order_id, 1 AS line_no, 1 AS product_id, quantity, unit_price, amount
FROM ord
ORDER BY order_id
"""


def _names(key: str) -> dict[str, str]:
    """``{"name_zh": ..., "name_en": ...}`` of a fixed dimension row, from the catalogs."""
    return {f"name_{lang}": i18n.t(f"shops.names.{key}", lang=lang) for lang in i18n.LANGUAGES}


def _checked(transactions: pa.Table) -> pa.Table:
    """The columns the build reads, with their types checked; ``quantity`` and ``_row`` added when absent."""
    names = transactions.column_names
    for column in _REQUIRED:
        if column not in names:
            raise CrmkitError("shops.missing_column", column=column)
    columns = {}
    for column, (accepts, expected) in _EXPECTED.items():
        if column in names:
            found = transactions.schema.field(column).type
            if not accepts(found):
                raise CrmkitError("shops.bad_column_type", column=column, found=str(found), expected=expected)
            columns[column] = transactions.column(column)
    n = transactions.num_rows
    if "quantity" not in columns or pa.types.is_null(columns["quantity"].type):
        columns["quantity"] = pa.nulls(n, pa.int32())
    if "_row" not in columns:
        columns["_row"] = pa.array(range(1, n + 1), pa.int64())
    return pa.table(columns)


def _check_rows(table: pa.Table) -> None:
    """Refuse the first row (by ``_row``) with a missing value, a negative or too large amount, or a bad quantity."""
    con = duckdb.connect()
    try:
        con.register("tx_input", table)
        bad = con.execute(_FIRST_BAD_ROW).fetchone()
    finally:
        con.close()
    if bad is None:
        return
    row, problem, value = bad
    if problem in _REQUIRED:
        raise CrmkitError("shops.row_missing", row=row, column=problem)
    key = {"negative": "shops.row_negative_amount", "large": "shops.row_amount_too_large",
           "quantity": "shops.row_bad_quantity"}[problem]
    raise CrmkitError(key, row=row, value=value)


def _write_dimensions(w, info: dict, price, first_day: datetime.date, product: dict, channel: dict) -> None:
    w.insert("shop_info", {"key": list(info), "value": [str(v) for v in info.values()]})
    province = _names("province")
    w.insert("provinces", {"province_code": [UNKNOWN_PROVINCE], "name_zh": [province["name_zh"]],
                           "name_en": [province["name_en"]]})
    city = _names("city")
    w.insert("cities", {"city_id": [1], "province_code": [UNKNOWN_PROVINCE], "name_zh": [city["name_zh"]],
                        "name_en": [city["name_en"]]})
    w.insert("channels", {"channel_id": [1], "code": [CODE], "name_zh": [channel["name_zh"]],
                          "name_en": [channel["name_en"]], "kind": ["own"], "opened_at": [first_day]})
    w.insert("sources", {"source_id": [1], "code": [CODE], "name_zh": [channel["name_zh"]],
                         "name_en": [channel["name_en"]]})
    category = _names("category")
    w.insert("categories", {"category_id": [1], "code": [CODE], "name_zh": [category["name_zh"]],
                            "name_en": [category["name_en"]]})
    supplier = _names("supplier")
    w.insert("suppliers", {"supplier_id": [1], "code": [CODE], "name_zh": [supplier["name_zh"]],
                           "name_en": [supplier["name_en"]], "province_code": [UNKNOWN_PROVINCE]})
    w.insert("products", {"product_id": [1], "sku": [CODE], "name_zh": [product["name_zh"]],
                          "name_en": [product["name_en"]], "category_id": [1], "supplier_id": [1],
                          "price": pa.array([price], pa.decimal128(12, 2)),
                          "cost": pa.array([price], pa.decimal128(12, 2)), "launched_at": [first_day]})


def build_transaction_shop(shop: str, transactions: pa.Table, *, name_zh: str, name_en: str, currency: str = "CNY",
                           product_zh: str = "商品", product_en: str = "Item", channel_zh: str = "导入",
                           channel_en: str = "Imported", source_note: str = "") -> dict:
    """Write the course database ``<shop>.duckdb`` (and an empty private file) from transactions.

    Parameters
    ----------
    shop : the new shop's name (see ``crmkit.config.IMPORTED_SHOP_NAME``; not a generated shop's name)
    transactions : an Arrow table with one row per purchase:

        * ``customer`` (string) — the customer id as written in the file;
        * ``date`` (timestamp without time zone, or date: midnight);
        * ``amount`` (decimal, 0 or more; rounded to the cent);
        * ``quantity`` (integer above 0; optional, empty means 1);
        * ``_row`` (integer; optional) — the row's number in the source file, used in errors
          (default: 1, 2, ... in table order).

        Rows with a missing value, a negative amount or a quantity below 1 are refused (an error
        naming the first such row); the importers' validation filters them out beforehand.
    name_zh, name_en : the shop's display names
    currency : the currency of the amounts, stored in ``shop_info`` (e.g. ``"USD"``)
    product_zh, product_en : the name of the one product
    channel_zh, channel_en : the name of the one channel (and source)
    source_note : where the data came from (e.g. the file name), stored in ``shop_info``

    Returns
    -------
    dict
        ``{"customers": n, "orders": m, "rows": n + 2m}`` (rows written to customers, orders and
        order_items).
    """
    config.check_imported_name(shop)
    table = _checked(transactions)
    if table.num_rows == 0:
        raise CrmkitError("shops.no_rows", shop=shop)
    _check_rows(table)
    with build_lock(shop), atomic_build(shop) as w:
        w.con.register("tx_input", table)
        try:
            w.con.execute(_PREPARE)
            customers, orders, first_at, last_at, price = w.con.execute(
                "SELECT (SELECT count(*) FROM cust), count(*), min(ordered_at), max(ordered_at), "
                "greatest(coalesce(median(unit_price) FILTER (WHERE unit_price > 0), 0), 0.01)::DECIMAL(12, 2) "
                "FROM ord").fetchall()[0]
            info = {"shop": shop, "name_zh": name_zh, "name_en": name_en, "kind": "imported",
                    "source": source_note, "currency": currency, "rows": orders, "customers": customers,
                    "orders": orders, "start": first_at.date(), "end": last_at.date()}
            _write_dimensions(w, info, price, first_at.date(), {"name_zh": product_zh, "name_en": product_en},
                              {"name_zh": channel_zh, "name_en": channel_en})
            w.con.execute(_CUSTOMERS, {"name_prefix": CUSTOMER_NAME})
            w.con.execute(_ORDERS)
            w.con.execute(_ORDER_ITEMS)
            derive_summaries(w.con)
            w.con.execute("DROP TABLE tx; DROP TABLE cust; DROP TABLE ord")
        finally:
            w.con.unregister("tx_input")
    return {"customers": customers, "orders": orders, "rows": customers + 2 * orders}
