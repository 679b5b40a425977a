"""The CDNOW reader and the cdnow shop, checked against figures worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest

import crmkit as ck
from crmkit import config, i18n
from crmkit.data.imports import cdnow
from tests.conftest import scalar
from tests.fixtures import money

# Six purchases of three customers, out of date order, CRLF line ends and a blank last line.
#   line  customer  date        CDs  dollars
#   1     00012     1997-01-05  1    10.00
#   2     00007     1997-01-02  2    25.01
#   3     00009     1997-01-02  1     5.50
#   4     00007     1997-02-10  3    30.00
#   5     00012     1997-01-05  2    12.34
#   6     00009     1998-06-30  4     0.00
SIX = (" 00012 0003 19970105  1   10.00\r\n"
       " 00007 0002 19970102  2   25.01\r\n"
       " 00009 0001 19970102  1    5.50\r\n"
       " 00007 0002 19970210  3   30.00\r\n"
       " 00012 0003 19970105  2   12.34\r\n"
       " 00009 0001 19980630  4    0.00\r\n"
       "\r\n")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty data home and scratch folder, so the session's shops are untouched."""
    monkeypatch.setenv("CRMKIT_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    return tmp_path


@pytest.fixture
def six(tmp_path):
    path = tmp_path / "six.txt"
    path.write_bytes(SIX.encode("ascii"))
    return path


def test_read_cdnow_keeps_ids_as_written_and_numbers_the_lines(six):
    table = cdnow.read_cdnow(six)
    assert table.column_names == ["customer", "date", "quantity", "amount", "_row"]
    assert [str(t) for t in table.schema.types] == ["string", "timestamp[us]", "int32", "decimal128(12, 2)", "int64"]
    assert table.column("customer").to_pylist() == ["00012", "00007", "00009", "00007", "00012", "00009"]
    assert table.column("date").to_pylist()[:2] == [dt.datetime(1997, 1, 5), dt.datetime(1997, 1, 2)]
    assert table.column("quantity").to_pylist() == [1, 2, 1, 3, 2, 4]
    assert table.column("amount").to_pylist() == [Decimal(v) for v in ("10.00", "25.01", "5.50", "30.00", "12.34",
                                                                       "0.00")]
    assert table.column("_row").to_pylist() == [1, 2, 3, 4, 5, 6]


def test_six_purchases_become_three_customers_and_six_orders(home, six):
    assert cdnow.import_cdnow(six, shop="six") == {"customers": 3, "orders": 6, "rows": 3 + 6 + 6}
    con = ck.connect("six")
    # ids in first-purchase order; 00007 and 00009 both first bought on 1997-01-02: by id as written
    assert con.execute("SELECT customer_id, customer_code, name, registered_at, gender, phone FROM customers "
                       "ORDER BY customer_id").fetchall() == [
        (1, "00007", "顾客 00007", dt.datetime(1997, 1, 2), None, None),
        (2, "00009", "顾客 00009", dt.datetime(1997, 1, 2), None, None),
        (3, "00012", "顾客 00012", dt.datetime(1997, 1, 5), None, None)]
    # orders by date, then customer, then line
    rows = con.execute("SELECT o.order_id, o.customer_id, o.ordered_at, o.paid_at, o.delivered_at, o.status, "
                       "o.total, o.discount, i.quantity, i.unit_price, i.amount "
                       "FROM orders o JOIN order_items i USING (order_id) ORDER BY order_id").fetchall()
    day = dt.datetime
    assert [(r[0], r[1], r[2], r[5], float(r[6]), float(r[7]), r[8], float(r[9])) for r in rows] == [
        (1, 1, day(1997, 1, 2), "completed", 25.01, 0.0, 2, 12.51),   # 25.01 / 2 = 12.505, half up
        (2, 2, day(1997, 1, 2), "completed", 5.50, 0.0, 1, 5.50),
        (3, 3, day(1997, 1, 5), "completed", 10.00, 0.0, 1, 10.00),
        (4, 3, day(1997, 1, 5), "completed", 12.34, 0.0, 2, 6.17),
        (5, 1, day(1997, 2, 10), "completed", 30.00, 0.0, 3, 10.00),
        (6, 2, day(1998, 6, 30), "completed", 0.00, 0.0, 4, 0.00)]
    assert all(r[2] == r[3] == r[4] for r in rows) and all(r[6] == r[10] for r in rows)
    assert con.execute("SELECT customer_id, paid_orders, paid_spend, first_paid_at, last_paid_at, first_paid_order_id "
                       "FROM customer_stats ORDER BY customer_id").fetchall() == [
        (1, 2, Decimal("55.01"), day(1997, 1, 2), day(1997, 2, 10), 1),
        (2, 2, Decimal("5.50"), day(1997, 1, 2), day(1998, 6, 30), 2),
        (3, 2, Decimal("22.34"), day(1997, 1, 5), day(1997, 1, 5), 3)]
    info = dict(con.execute("SELECT key, value FROM shop_info").fetchall())
    assert (info["kind"], info["currency"], info["rows"], info["start"], info["end"]) == (
        "imported", "USD", "6", "1997-01-02", "1998-06-30")
    assert (info["name_zh"], info["name_en"]) == ("CDNOW 样本", "CDNOW sample")
    # unit prices above 0: 5.50, 6.17, 10.00, 10.00, 12.51 -> median 10.00
    assert con.execute("SELECT price, cost FROM products").fetchall() == [(Decimal("10.00"), Decimal("10.00"))]
    con.close()


def test_analyses_run_on_the_six_purchase_shop(home, six):
    cdnow.import_cdnow(six, shop="six")
    con = ck.connect("six")
    counts = ck.customers.purchase_counts(con)
    assert list(counts.purchases) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10+"]
    assert list(counts.customer_count) == [0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
    levels = ck.customers.levels(con)
    assert list(levels.customer_count) == [3, 0, 0, 0]
    assert money(levels.revenue)[0] == pytest.approx(82.85)   # 55.01 + 5.50 + 22.34
    trend = ck.orders.trend(con, "month", "revenue")
    actual = trend[trend.kind == "actual"]
    assert len(actual) == 18   # 1997-01 to 1998-06
    assert money(actual.value)[:3] == pytest.approx([52.85, 30.00, 0.0])   # Jan: 25.01 + 5.50 + 10.00 + 12.34
    assert sum(money(actual.value)) == pytest.approx(82.85)
    con.close()


def _sample_by_hand() -> tuple[int, set[str], Decimal, str, str]:
    """Lines, customers, total dollars, first and last day of the shipped sample, with plain Python."""
    lines = [line.split() for line in config.datasets_dir().joinpath("cdnow", "CDNOW_sample.txt").read_text().splitlines()
             if line.strip()]
    return (len(lines), {f[0] for f in lines}, sum(Decimal(f[4]) for f in lines), min(f[2] for f in lines),
            max(f[2] for f in lines))


def test_the_shipped_sample_becomes_the_cdnow_shop(home):
    lines, customers, total, first, last = _sample_by_hand()
    assert (lines, len(customers), first, last) == (6919, 2357, "19970101", "19980630")
    assert cdnow.looks_like_cdnow(cdnow.sample_path())
    result = cdnow.import_cdnow(cdnow.sample_path())
    assert (result["customers"], result["orders"]) == (2357, 6919)
    assert "cdnow" in config.available_shops()
    con = ck.connect("cdnow")
    assert scalar(con, "SELECT count(*) FROM customers") == 2357
    assert scalar(con, "SELECT count(*) FROM orders") == 6919
    assert scalar(con, "SELECT sum(total) FROM orders") == total
    assert scalar(con, "SELECT sum(paid_spend) FROM customer_stats") == total
    assert scalar(con, "SELECT min(ordered_at)::DATE::VARCHAR || ' ' || max(ordered_at)::DATE::VARCHAR FROM orders") == \
        "1997-01-01 1998-06-30"
    assert {r[0] for r in con.execute("SELECT customer_code FROM customers").fetchall()} == customers
    assert sum(ck.customers.purchase_counts(con).customer_count) == 2357
    con.close()


@pytest.mark.parametrize("bad, key, en_part", [
    (" 00001 0004 19970103  1\r\n", "shops.cdnow.bad_fields", "this one has 4"),
    (" 0000A 0004 19970103  1   9.99\r\n", "shops.cdnow.bad_id", "'0000A'"),
    (" 00001 0004 19970230  1   9.99\r\n", "shops.cdnow.bad_date", "'19970230'"),
    (" 00001 0004 1997-1-3  1   9.99\r\n", "shops.cdnow.bad_date", "'1997-1-3'"),
    (" 00001 0004 19970103  0   9.99\r\n", "shops.cdnow.bad_quantity", "'0'"),
    (" 00001 0004 19970103  1   -9.99\r\n", "shops.cdnow.bad_amount", "'-9.99'"),
    (" 00001 0004 19970103  1   9.999\r\n", "shops.cdnow.bad_amount", "'9.999'"),
])
def test_a_bad_line_is_refused_naming_file_and_line(tmp_path, bad, key, en_part):
    path = tmp_path / "bad.txt"
    path.write_text(SIX.splitlines(keepends=True)[0] + "\r\n" + bad, newline="")   # the bad line is line 3
    with i18n.language("en"), pytest.raises(ck.CrmkitError) as err:
        cdnow.read_cdnow(path)
    assert err.value.key == key
    assert f"{path}, line 3:" in str(err.value) and en_part in str(err.value)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError) as err:
        cdnow.read_cdnow(path)
    assert f"{path} 第 3 行" in str(err.value)


def test_missing_and_empty_files(tmp_path):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="File not found"):
        cdnow.read_cdnow(tmp_path / "none.txt")
    (tmp_path / "blank.txt").write_text("\n  \n")
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="holds no purchases"):
        cdnow.read_cdnow(tmp_path / "blank.txt")


def test_looks_like_cdnow(tmp_path, six):
    assert cdnow.looks_like_cdnow(six)
    samples = {
        "csv.csv": "customer,date,amount\n00004,1997-01-01,29.33\n",
        "four.txt": " 00004 0001 19970101  2\n",
        "later_bad.txt": SIX.replace(" 00007 0002 19970210", " 00007 0002 1997-02-10"),
        "blank.txt": "\n\n",
    }
    for name, text in samples.items():
        (tmp_path / name).write_text(text)
        assert not cdnow.looks_like_cdnow(tmp_path / name), name
    (tmp_path / "binary.xlsx").write_bytes(b"PK\x03\x04\x00\xff\xfe")
    assert not cdnow.looks_like_cdnow(tmp_path / "binary.xlsx")
    assert not cdnow.looks_like_cdnow(tmp_path / "missing.txt")
