"""build_transaction_shop: a shop from an Arrow table of purchases, its guards and its atomic replace."""

import datetime as dt
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest

import crmkit as ck
from crmkit import config, i18n
from crmkit.data.imports.transaction_shop import build_transaction_shop
from tests.conftest import scalar

NAMES = {"name_zh": "测试店", "name_en": "Test shop"}


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    return tmp_path / "data"


def purchases(customers, days, amounts, quantities=None, rows=None) -> pa.Table:
    columns = {"customer": pa.array(customers, pa.string()),
               "date": pa.array(days, pa.date32()),
               "amount": pa.array([None if a is None else Decimal(a) for a in amounts], pa.decimal128(12, 2))}
    if quantities is not None:
        columns["quantity"] = pa.array(quantities, pa.int64())
    if rows is not None:
        columns["_row"] = pa.array(rows, pa.int64())
    return pa.table(columns)


D1, D2, D3 = dt.date(2025, 3, 1), dt.date(2025, 3, 2), dt.date(2025, 4, 15)


def test_dates_quantities_and_dimensions(home):
    # B buys first (D1); A and C first buy on D2 -> ids B=1, A=2, C=3
    table = purchases(["A", "B", "C", "A"], [D2, D1, D2, D3], ["9.99", "100.00", "7.00", "20.00"],
                      quantities=[None, 3, 2, None])
    assert build_transaction_shop("shop_1", table, **NAMES, source_note="till.csv") == {
        "customers": 3, "orders": 4, "rows": 3 + 4 + 4}
    con = ck.connect("shop_1")
    assert con.execute("SELECT customer_id, customer_code FROM customers ORDER BY 1").fetchall() == [
        (1, "B"), (2, "A"), (3, "C")]
    # orders: (D1, B), (D2, A), (D2, C), (D3, A); dates become midnight; no quantity -> 1
    assert con.execute("SELECT order_id, customer_id, ordered_at, quantity, unit_price FROM orders "
                       "JOIN order_items USING (order_id) ORDER BY order_id").fetchall() == [
        (1, 1, dt.datetime(2025, 3, 1), 3, Decimal("33.33")),
        (2, 2, dt.datetime(2025, 3, 2), 1, Decimal("9.99")),
        (3, 3, dt.datetime(2025, 3, 2), 2, Decimal("3.50")),
        (4, 2, dt.datetime(2025, 4, 15), 1, Decimal("20.00"))]
    # unit prices 3.50, 9.99, 20.00, 33.33 -> median (9.99 + 20.00) / 2 = 14.995, shown to the cent
    price = scalar(con, "SELECT price FROM products")
    assert Decimal("14.99") <= price <= Decimal("15.00")
    for table_name, count in (("provinces", 1), ("cities", 1), ("channels", 1), ("sources", 1), ("categories", 1),
                              ("suppliers", 1), ("products", 1), ("campaigns", 0), ("returns", 0), ("reviews", 0),
                              ("surveys", 0), ("interactions", 0), ("customer_tags", 0), ("staging_customers", 0)):
        assert scalar(con, f"SELECT count(*) FROM {table_name}") == count, table_name
    assert con.execute("SELECT code, name_zh, name_en FROM channels").fetchall() == [("import", "导入", "Imported")]
    assert con.execute("SELECT province_code, name_zh, name_en FROM provinces").fetchall() == [("00", "未知", "Unknown")]
    assert con.execute("SELECT name_zh, name_en FROM products").fetchall() == [("商品", "Item")]
    info = dict(con.execute("SELECT key, value FROM shop_info").fetchall())
    assert {k: info[k] for k in ("shop", "name_zh", "name_en", "kind", "source", "currency", "rows", "start", "end")} == {
        "shop": "shop_1", "name_zh": "测试店", "name_en": "Test shop", "kind": "imported", "source": "till.csv",
        "currency": "CNY", "rows": "4", "start": "2025-03-01", "end": "2025-04-15"}
    con.close()
    teacher = ck.connect("shop_1", role="teacher")   # the private file exists, empty
    assert scalar(teacher, "SELECT count(*) FROM customers WHERE phone IS NULL") == 3
    teacher.close()


@pytest.mark.parametrize("shop, key", [("mall", "shops.generated_name"), ("tea", "shops.generated_name"),
                                       ("Bad-Name", "shops.bad_name"), ("x", "shops.bad_name"),
                                       ("9lives", "shops.bad_name"), ("../up", "shops.bad_name")])
def test_generated_and_malformed_names_are_refused(home, shop, key):
    table = purchases(["A"], [D1], ["1.00"])
    for lang in ("zh", "en"):
        with i18n.language(lang), pytest.raises(ck.CrmkitError) as err:
            build_transaction_shop(shop, table, **NAMES)
        assert err.value.key == key and shop in str(err.value)
    assert not home.exists() or not list(home.glob("*.duckdb"))


@pytest.mark.parametrize("table, row, key, en_part", [
    (purchases(["A", "B", "C"], [D1, D1, D1], ["1.00", "-2.50", "3.00"], rows=[10, 11, 12]),
     11, "shops.row_negative_amount", "-2.50"),
    (purchases(["A", None, "C"], [D1, D1, D1], ["1.00", "2.00", "3.00"]), 2, "shops.row_missing", "customer"),
    (purchases(["A", "  ", "C"], [D1, D1, D1], ["1.00", "2.00", "3.00"]), 2, "shops.row_missing", "customer"),
    (purchases(["A", "B", "C"], [D1, D1, None], ["1.00", "2.00", "3.00"]), 3, "shops.row_missing", "date"),
    (purchases(["A", "B", "C"], [D1, D1, D1], [None, "2.00", "3.00"]), 1, "shops.row_missing", "amount"),
    (purchases(["A", "B", "C"], [D1, D1, D1], ["1.00", "2.00", "3.00"], quantities=[1, None, 0]),
     3, "shops.row_bad_quantity", "quantity 0"),
])
def test_bad_rows_are_refused_naming_the_row(home, table, row, key, en_part):
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        build_transaction_shop("guarded", table, **NAMES)
    assert err.value.key == key
    assert f"Transaction row {row}:" in str(err.value) and en_part in str(err.value)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match=f"交易记录第 {row} 行"):
        build_transaction_shop("guarded", table, **NAMES)
    assert not config.course_db_path("guarded").exists()


def test_missing_columns_wrong_types_and_no_rows_are_refused(home):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="no column 'amount'"):
        build_transaction_shop("guarded", pa.table({"customer": ["A"], "date": [D1]}), **NAMES)
    wrong = pa.table({"customer": pa.array([4], pa.int64()), "date": [D1], "amount": [Decimal("1.00")]})
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="'customer' .* has type int64; expected string"):
        build_transaction_shop("guarded", wrong, **NAMES)
    zoned = pa.table({"customer": ["A"], "date": pa.array([dt.datetime(2025, 1, 1)], pa.timestamp("us", "UTC")),
                      "amount": [Decimal("1.00")]})
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="列 'date'"):
        build_transaction_shop("guarded", zoned, **NAMES)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="no transactions"):
        build_transaction_shop("guarded", purchases([], [], []), **NAMES)


def test_building_again_replaces_the_shop_and_a_failed_build_keeps_it(home):
    build_transaction_shop("again", purchases(["A", "B"], [D1, D2], ["1.00", "2.00"]), **NAMES)
    old = ck.connect("again")   # an open connection keeps reading the file it opened
    build_transaction_shop("again", purchases(["Z"], [D3], ["5.00"]), **NAMES)
    new = ck.connect("again")
    assert new.execute("SELECT customer_code, paid_spend FROM customers JOIN customer_stats USING (customer_id)"
                       ).fetchall() == [("Z", Decimal("5.00"))]
    assert scalar(old, "SELECT count(*) FROM customers") == 2
    with pytest.raises(ck.CrmkitError):
        build_transaction_shop("again", purchases(["Y"], [D3], ["-1.00"]), **NAMES)
    published = duckdb.connect(str(config.course_db_path("again")), read_only=True)
    assert scalar(published, "SELECT count(*) FROM customers") == 1
    published.close()
    assert sorted(p.name for p in home.iterdir()) == [".again.lock", "again.duckdb", "again.private.duckdb"]
    old.close()
    new.close()
