"""customers.lookup on a hand-written shop: every expected value below is worked out by hand."""

from html import unescape

import pytest

import crmkit as ck
from crmkit import i18n
from tests.fixtures import TINY


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(TINY)


def ids(df):
    return list(df["customer_id"])


def test_by_id_code_name_and_phone_digits(con):
    assert ids(ck.customers.lookup(con, 2)) == [2]
    assert ids(ck.customers.lookup(con, " ma0120250000003 ")) == [3]
    assert ids(ck.customers.lookup(con, "王")) == [1, 3]
    assert ids(ck.customers.lookup(con, "5678")) == [1, 3]  # last four digits of two phones
    # "1234" is both customer 1234's id and customer 2's last four digits: the exact id first
    assert ids(ck.customers.lookup(con, "1234")) == [1234, 2]
    assert ck.customers.lookup(con, "孙").empty


def test_card_figures_count_paid_orders_only(con):
    with i18n.language("zh"):
        row = ck.customers.lookup(con, 1).iloc[0]
    assert row.orders == 2 and float(row.total_spend) == 140.50  # 90.00 + 50.50; order 12 was closed
    assert str(row.last_order_at) == "2026-03-05 10:00:00"
    assert row.province == "广东省" and row.city == "深圳市" and row.channel == "官方App"
    assert row.age == 36  # born 1990-05-01, newest order 2026-06-30
    no_paid = ck.customers.lookup(con, 2).iloc[0]
    assert no_paid.orders == 0 and float(no_paid.total_spend) == 0


def test_names_follow_the_language(con):
    with i18n.language("en"):
        row = ck.customers.lookup(con, 2).iloc[0]
    assert (row.province, row.city, row.channel) == ("Zhejiang", "Hangzhou", "Tmall store")


def test_empty_query_is_a_clear_error(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="customer id"):
        ck.customers.lookup(con, "  ")


def test_widget_shows_the_card_and_more_matches(con):
    with i18n.language("en"):
        box = ck.widgets.quick_lookup(con, query="王")
    result = box.children[2]
    html = result.value
    assert "Customer data card" in html and "王小明" in html and "138****5678" in html
    assert "1 more customers match" in html
    with i18n.language("en"):
        capped = ck.widgets.lookup_html(con, "王", limit=2)  # the limit cut the list: no false count
    assert "more customers match" not in capped and "1 of them are listed" in unescape(capped)
    field = box.children[1].children[0]
    field.value = "李"  # a student types a new query and presses Enter
    html = result.value
    assert "李娜" in html and "王小明" not in html
    field.value = "孙"  # the callback runs after the `with` block: back in Chinese
    assert "没有找到与 '孙' 匹配的顾客" in unescape(result.value)


def test_show_sql_prints_the_query_and_unknown_names_are_listed(capsys):
    ck.show_sql("customers/lookup")
    assert "FROM customers" in capsys.readouterr().out
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=r"Valid queries: .*customers/lookup") as err:
        ck.show_sql("customers/nope")
    assert "tasks/" not in str(err.value)  # only the queries of the module that was named
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=r"Valid queries: .*customers/…"):
        ck.show_sql("clients/lookup")


def test_headers_show_in_the_chosen_language_but_columns_stay_stable(con):
    df = ck.customers.lookup(con, "王")
    assert "total_spend" in df.columns and isinstance(df.head(1), type(df))
    with i18n.language("zh"):
        html = df.head(1)._repr_html_()
        assert "消费总额" in html and "顾客编号" in html and "total_spend" not in html
        assert "消费总额" in repr(df)
    with i18n.language("en"):
        assert "Total spend" in df._repr_html_()


def test_an_unfinished_result_on_the_connection_does_not_block_analyses(con):
    con.execute("SELECT * FROM orders")  # a student runs a query and never fetches it
    assert ids(ck.customers.lookup(con, "王")) == [1, 3]
