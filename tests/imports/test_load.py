"""Imports into the user's scratch database: counts, masking, codes, upserts, rejects, and the views.

The shop is tests/fixtures.py TINY: customers 1, 2, 3, 1234; channels 1 app / 2 tmall;
provinces 广东省 (深圳市) and 浙江省 (杭州市). Every expected figure below is worked out by hand.
"""

import datetime as dt
import re

import duckdb
import pytest

import crmkit as ck
from crmkit import cli, i18n
from tests.fixtures import TINY, money

CUSTOMERS = """姓名,性别,手机号,出生日期,省份,城市,注册时间,渠道
陈一,男,13800001111,1990-01-02,广东,深圳,2025-05-01,app
林二,女,139-0000-2222,1992/2/3,浙江省,杭州,,tmall
黄三,男,1380000,1985-06-07,广东,深圳,2025-06-01,app
,女,13700003333,1999-09-09,浙江,杭州,2025-07-01,app
"""

ORDERS = """订单号,客户,下单时间,金额
O1,13800001111,2026-02-01,100
O2,1,2026-02-02 10:00,9.5
O3,IM0120250000001,2026-02-03,50
O4,99999,2026-02-03,1
"""


@pytest.fixture
def shop(tiny_shop, tmp_path):
    con = tiny_shop(TINY)
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "orders.csv").write_text(ORDERS, encoding="utf-8")
    return con


def test_customers_are_counted_masked_and_coded(shop, tmp_path):
    result = ck.data.import_file(shop, tmp_path / "customers.csv")
    assert (result.rows_read, result.accepted, result.rejected, result.added, result.updated) == (4, 2, 2, 2, 0)
    rows = shop.execute("SELECT customer_id, customer_code, name, gender, phone, province_code, channel_id "
                        "FROM customers WHERE customer_id > 900000000 ORDER BY customer_id").fetchall()
    year = dt.date.today().year  # 林二 has no registration time: registered when imported
    assert rows == [(900000001, "IM0120250000001", "陈一", "M", "138****1111", "GD", 1),
                    (900000002, f"IM02{year}0000002", "林二", "F", "139****2222", "ZJ", 2)]
    assert sorted(result.rejects["row"]) == [4, 5]
    with i18n.language("en"):
        assert "4 rows read, 2 accepted, 2 rejected" in result.summary()


def test_importing_the_same_file_again_changes_nothing(shop, tmp_path):
    ck.data.import_file(shop, tmp_path / "customers.csv")
    before = shop.execute("SELECT * FROM customers ORDER BY customer_id").fetchall()
    again = ck.data.import_file(shop, tmp_path / "customers.csv")
    assert (again.accepted, again.rejected, again.added, again.updated) == (2, 2, 0, 0)
    assert shop.execute("SELECT * FROM customers ORDER BY customer_id").fetchall() == before
    with ck.scratch(shop):
        runs = shop.execute("SELECT rows_read, accepted, rejected, added FROM scratch.imports ORDER BY import_id").fetchall()
        rejects = shop.execute("SELECT row_number, column_name, reason FROM scratch.import_rejects "
                               "WHERE import_id = 1 ORDER BY row_number").fetchall()
    assert runs == [(4, 2, 2, 2), (4, 2, 2, 0)]
    assert rejects == [(4, "手机号", "bad_phone"), (5, "姓名", "required")]
    assert ck.data.imports(shop)["added"].tolist() == [0, 2]  # newest first
    with i18n.language("en"):
        listed = ck.data.rejects(shop, 1)
    assert listed["row"].tolist() == [4, 5] and listed["reason"].iloc[1].startswith("Row 5, column '姓名'")


def test_a_changed_row_updates_the_customer_it_matches_by_phone(shop, tmp_path):
    ck.data.import_file(shop, tmp_path / "customers.csv")
    changed = CUSTOMERS.replace("陈一,男,13800001111,1990-01-02,广东,深圳", "陈一,男,13800001111,1990-01-02,浙江,杭州")
    (tmp_path / "changed.csv").write_text(changed, encoding="utf-8")
    result = ck.data.import_file(shop, tmp_path / "changed.csv")
    assert (result.added, result.updated) == (0, 1)
    assert shop.execute("SELECT province_code FROM customers WHERE customer_id = 900000001").fetchone() == ("ZJ",)


def test_the_corrected_rejects_file_adds_the_fixed_rows(shop, tmp_path):
    first = ck.data.import_file(shop, tmp_path / "customers.csv")
    text = first.rejects_file.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(",\"问题\"") and "1380000" in text
    fixed = text.replace('"1380000"', '"13800004444"')       # row 4: the phone had 7 digits
    fixed = re.sub(r'^,"女"', '"周四","女"', fixed, flags=re.M)  # row 5: the name was missing
    first.rejects_file.write_text(fixed, encoding="utf-8")
    second = ck.data.import_file(shop, first.rejects_file)
    assert (second.rows_read, second.accepted, second.rejected, second.added) == (2, 2, 0, 2)
    names = [r[0] for r in shop.execute("SELECT name FROM customers WHERE customer_id > 900000000 ORDER BY 1").fetchall()]
    assert sorted(names) == sorted(["陈一", "林二", "黄三", "周四"])


def test_rejects_go_to_the_scratch_folder_when_they_cannot_be_written_next_to_the_file(shop, tmp_path):
    (tmp_path / "customers.rejects.csv").mkdir()  # where they would go cannot be written (as in a read-only folder)
    result = ck.data.import_file(shop, tmp_path / "customers.csv")
    assert result.rejects_file == ck.config.scratch_home() / "customers.rejects.csv"
    assert "1380000" in result.rejects_file.read_text(encoding="utf-8-sig")
    with pytest.raises(OSError):  # a rejects file the user named is not moved elsewhere
        ck.data.import_file(shop, tmp_path / "customers.csv", rejects_file=tmp_path / "customers.rejects.csv")


def test_every_analysis_sees_the_imported_customers_masked(shop, tmp_path):
    ck.data.import_file(shop, tmp_path / "customers.csv")
    assert ck.customers.lookup(shop, "陈一")["customer_code"].tolist() == ["IM0120250000001"]
    table = ck.customers.table(shop)
    assert len(table) == 6 and table["customer_id"].max() == 900000002
    counts = ck.customers.classify(shop, "frequency")
    assert int(counts["customer_count"].sum()) == 6 and int(counts["customer_count"].iloc[0]) == 4  # 0 orders: 2, 1234, 陈一, 林二
    phones = [r[0] for r in shop.execute("SELECT phone FROM customers").fetchall()]
    assert all(re.fullmatch(r"1\d\d\*{4}\d{4}", p) for p in phones)


def test_orders_find_their_customer_by_phone_id_or_code(shop, tmp_path):
    ck.data.import_file(shop, tmp_path / "customers.csv")
    result = ck.data.import_file(shop, tmp_path / "orders.csv", kind="orders")
    assert (result.rows_read, result.accepted, result.rejected) == (4, 3, 1)
    assert result.rejects["row"].tolist() == [5] and "店铺中没有编号、客户编码或手机号为 '99999'" in result.rejects["reason"].iloc[0]
    stats = shop.execute("SELECT customer_id, paid_orders, paid_spend, first_paid_at, last_paid_at FROM customer_stats "
                         "WHERE customer_id IN (1, 900000001) ORDER BY customer_id").fetchall()
    # customer 1: course orders 10 (90.00) and 11 (50.50) plus O2 (9.50); 陈一: O1 (100) and O3 (50)
    assert [(r[0], r[1]) for r in stats] == [(1, 3), (900000001, 2)]
    assert money([r[2] for r in stats]) == [150.00, 150.00]
    assert stats[1][3:] == (dt.datetime(2026, 2, 1), dt.datetime(2026, 2, 3))
    assert stats[0][4] == dt.datetime(2026, 3, 5, 10)
    months = shop.execute("SELECT paid_orders, revenue FROM customer_months WHERE customer_id = 900000001").fetchall()
    assert [(r[0], float(r[1])) for r in months] == [(2, 150.0)]  # O1 and O3, both in February 2026
    (tmp_path / "orders2.csv").write_text(ORDERS.replace("O1,13800001111,2026-02-01,100", "O1,13800001111,2026-02-01,120"),
                                          encoding="utf-8")
    again = ck.data.import_file(shop, tmp_path / "orders2.csv", kind="orders")
    assert (again.added, again.updated) == (0, 1)
    assert money(shop.execute("SELECT paid_spend FROM customer_stats WHERE customer_id = 900000001").fetchone()) == [170.0]


def test_the_pareto_ranking_counts_imported_orders_and_merges(shop, tmp_path):
    def pareto():
        df = ck.customers.revenue_share(shop)
        return [(r.rank, r.customer_id, float(r.revenue), round(r.share, 4), round(r.cumulative_share, 4),
                 round(r.cumulative_customer_share, 4)) for r in df.itertuples()]

    # course buyers: 3 (300.00) and 1 (90.00 + 50.50 = 140.50; order 12 is closed); total 440.50
    assert [r[:3] for r in pareto()] == [(1, 3, 300.0), (2, 1, 140.5)]
    ck.data.import_file(shop, tmp_path / "customers.csv")
    ck.data.import_file(shop, tmp_path / "orders.csv", kind="orders")
    # O2 adds 9.50 to customer 1 (150.00); 陈一 (900000001) buys O1 100 + O3 50 = 150.00, tied with 1,
    # who ranks first for the lower id; total 600
    assert pareto() == [(1, 3, 300.0, 0.5, 0.5, 0.3333), (2, 1, 150.0, 0.25, 0.75, 0.6667),
                        (3, 900000001, 150.0, 0.25, 1.0, 1.0)]
    ck.customers.merge(shop, 1, 900000001)  # 1 now has 300.00 too, and ranks before 3
    assert pareto() == [(1, 1, 300.0, 0.5, 0.5, 0.5), (2, 3, 300.0, 0.5, 1.0, 1.0)]


def test_a_new_connection_sees_earlier_imports(shop, tmp_path):
    ck.data.import_file(shop, tmp_path / "customers.csv")
    other = ck.connect("tea")
    assert other.execute("SELECT count(*) FROM customers").fetchone()[0] == 6
    other.close()


def test_the_command_prints_the_three_counts(shop, tmp_path, capsys):
    assert cli.main(["--lang", "en", "data", "import", str(tmp_path / "customers.csv"), "--shop", "tea"]) == 0
    out = capsys.readouterr().out
    assert "4 rows read, 2 accepted, 2 rejected" in out and "Row 4" in out


def test_transactions_become_a_shop_of_their_own(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    path = tmp_path / "sales.csv"
    path.write_text("顾客,日期,金额,数量\na,2024-01-01,10,1\nb,2024-01-05,20,\na,2024-02-01,-5,1\n", encoding="utf-8")
    result = ck.data.import_transactions(path, "mini")
    assert (result.rows_read, result.accepted, result.rejected) == (3, 2, 1)
    con = ck.connect("mini")
    assert con.execute("SELECT count(*), sum(total) FROM orders").fetchone() == (2, 30)
    con.close()


def test_unknown_kind_and_missing_shop_are_explained(shop, tmp_path):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="Valid kinds: customers, orders"):
        ck.data.import_file(shop, tmp_path / "customers.csv", kind="people")
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="--shop"):
        ck.data.import_transactions(tmp_path / "customers.csv", None)


def test_the_export_command_writes_the_roster(shop, tmp_path, capsys):
    ck.data.import_file(shop, tmp_path / "customers.csv")
    target = tmp_path / "out" / "名册.csv"
    assert cli.main(["--lang", "en", "data", "export", "--kind", "roster", str(target), "--shop", "tea"]) == 0
    assert "6 customers written" in capsys.readouterr().out
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 7 and "IM0120250000001" in lines[-2] + lines[-1]


def test_an_imported_customer_with_a_course_customers_phone_is_found_as_a_duplicate(tmp_path, monkeypatch):
    """The lesson's flow on the generated mall: import, screen, merge (the scratch folder is this test's own)."""
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    private = duckdb.connect(str(ck.config.private_db_path("mall")), read_only=True)
    course_id, phone = private.execute("SELECT customer_id, phone FROM customer_contacts ORDER BY customer_id "
                                       "LIMIT 1 OFFSET 10").fetchone()
    private.close()
    path = tmp_path / "dup.csv"
    path.write_text(f"姓名,手机号\n测试重复,{phone}\n", encoding="utf-8")
    con = ck.connect("mall")
    assert ck.data.import_file(con, path).added == 1
    dups = ck.customers.duplicates(con)
    group = dups.loc[dups["customer_id"] == 900000001, "group_id"]
    assert len(group) == 1
    members = set(dups.loc[dups["group_id"] == group.iloc[0], "customer_id"])
    assert members == {course_id, 900000001}
    card = ck.customers.card(con, 900000001)
    assert card["card_kind"].iloc[0] == "potential" and card["phone"].iloc[0].endswith(phone[-4:])
    ck.customers.merge(con, course_id, [900000001])
    assert not (ck.customers.duplicates(con)["customer_id"] == 900000001).any()
    con.close()
