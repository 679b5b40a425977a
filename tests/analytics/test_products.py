"""products analyses on a hand-written shop: every expected value below is worked out by hand.

The shop (paid orders 101, 102, 103, 105, 106; 104 and 107 are closed, never paid):
  101 c1 2026-01-10  P1 x1 1000, P3 x1 200
  102 c2 2026-01-20  P3 x2 400, P4 x1 20
  103 c1 2026-02-05  P1 x1 1000, P3 x1 200, P3 x1 200 (P3 on two lines)
  104 c3 2026-02-10  P2 x5 3000             closed
  105 c4 2026-02-15  P2 x2 1200
  106 c2 2026-02-20  P3 x1 200
  107 c1 2026-03-03  P4 x1 20               closed
"""

import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.analytics import products
from crmkit.plots import products as plots
from tests.fixtures import BASE

SHOP = BASE + """
INSERT INTO suppliers VALUES (1, 'sa', '甲供应商', 'Supplier A', 'GD');
INSERT INTO categories VALUES (1, 'fridge', '冰箱', 'Fridges'), (2, 'kitchen', '厨电', 'Kitchen');
INSERT INTO products VALUES
 (1, 'F-1', '冰箱甲 四门', 'Fridge 4-door', 1, 1, 1000.00, 800.00, DATE '2025-01-01'),
 (2, 'F-2', '冰箱乙',     'Fridge Two',    1, 1,  600.00, 400.00, DATE '2025-06-01'),
 (3, 'K-1', '电饭煲',     'Rice cooker',   2, 1,  200.00, 120.00, DATE '2024-03-01'),
 (4, 'K-2', '吸油纸',     'Oil paper',     2, 1,   20.00,   5.00, DATE '2024-03-01'),
 (5, 'K-3', '新品锅',     'New pot',       2, 1,  100.00,  60.00, DATE '2026-02-01');
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '王小明', 'M', DATE '1990-05-01', '13812345678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李娜',   'F', DATE '1995-03-02', '139****1234', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-02-01 10:00', TIMESTAMP '2025-02-01 10:00'),
 (3, 'MA0120250000003', '王芳',   'F', DATE '2000-07-07', '137****5678', NULL, 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-03-01 10:00', TIMESTAMP '2025-03-01 10:00'),
 (4, 'MA0220250000004', '赵强',   'M', DATE '1980-01-01', '150****9999', NULL, 'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-04-01 10:00', TIMESTAMP '2025-04-01 10:00');
INSERT INTO orders VALUES
 (101, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-10 10:00', TIMESTAMP '2026-01-10 10:05', TIMESTAMP '2026-01-11 09:00', TIMESTAMP '2026-01-13 15:00', 1200.00, 0.00, 1200.00),
 (102, 2, 2, NULL, 'completed', TIMESTAMP '2026-01-20 12:00', TIMESTAMP '2026-01-20 12:01', TIMESTAMP '2026-01-21 08:00', TIMESTAMP '2026-01-23 10:00', 420.00, 20.00, 400.00),
 (103, 1, 1, NULL, 'completed', TIMESTAMP '2026-02-05 09:00', TIMESTAMP '2026-02-05 09:02', TIMESTAMP '2026-02-06 10:00', TIMESTAMP '2026-02-08 11:00', 1400.00, 100.00, 1300.00),
 (104, 3, 2, NULL, 'closed',    TIMESTAMP '2026-02-10 20:00', NULL, NULL, NULL, 3000.00, 0.00, 3000.00),
 (105, 4, 1, NULL, 'paid',      TIMESTAMP '2026-02-15 11:00', TIMESTAMP '2026-02-15 11:30', NULL, NULL, 1200.00, 0.00, 1200.00),
 (106, 2, 2, NULL, 'shipped',   TIMESTAMP '2026-02-20 14:00', TIMESTAMP '2026-02-20 14:10', TIMESTAMP '2026-02-21 09:30', NULL, 200.00, 0.00, 200.00),
 (107, 1, 2, NULL, 'closed',    TIMESTAMP '2026-03-03 08:00', NULL, NULL, NULL, 20.00, 0.00, 20.00);
INSERT INTO order_items VALUES
 (101, 1, 1, 1, 1000.00, 1000.00), (101, 2, 3, 1, 200.00, 200.00),
 (102, 1, 3, 2, 200.00, 400.00),   (102, 2, 4, 1, 20.00, 20.00),
 (103, 1, 1, 1, 1000.00, 1000.00), (103, 2, 3, 1, 200.00, 200.00), (103, 3, 3, 1, 200.00, 200.00),
 (104, 1, 2, 5, 600.00, 3000.00),
 (105, 1, 2, 2, 600.00, 1200.00),
 (106, 1, 3, 1, 200.00, 200.00),
 (107, 1, 4, 1, 20.00, 20.00);
INSERT INTO return_reasons VALUES ('quality', '质量问题', 'Quality problem'), ('damaged', '运输破损', 'Damaged in transit');
INSERT INTO returns VALUES
 (1, 101, 3, 'return',   'quality', TIMESTAMP '2026-01-15 10:00', 200.00),
 (2, 102, 4, 'exchange', 'damaged', TIMESTAMP '2026-01-25 10:00', 0.00),
 (3, 103, 1, 'return',   'damaged', TIMESTAMP '2026-02-10 10:00', 1000.00);
INSERT INTO tags VALUES (1, 'product', 'hot', '爆款', 'Best seller'), (2, 'product', 'new', '新品', 'New arrival');
INSERT INTO product_tags VALUES (1, 1), (5, 2);
"""

LIST_COLUMNS = ["product_id", "sku", "product", "category", "supplier", "price", "launched_at", "quantity", "revenue"]


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def col(df, name):
    return [float(v) if isinstance(v, float) else v for v in df[name]]


# --- lookup -------------------------------------------------------------------------------------

def test_lookup_by_id_sku_and_name(con):
    assert list(products.lookup(con, "k-2")["product_id"]) == [4]
    assert list(products.lookup(con, "冰箱")["product_id"]) == [1, 2]
    assert list(products.lookup(con, "FRIDGE")["product_id"]) == [1, 2]
    # "4" is product 4's id and part of "Fridge 4-door" (product 1): the exact id comes first
    assert list(products.lookup(con, 4)["product_id"]) == [4, 1]
    assert products.lookup(con, "x").empty and list(products.lookup(con, "x").columns) == LIST_COLUMNS


def test_lookup_figures_count_paid_orders_only(con):
    with i18n.language("en"):
        row = products.lookup(con, "F-2").iloc[0]
    # F-2: order 105 (2 pieces, 1200.00); order 104 (5 pieces) was closed
    assert (row.quantity, float(row.revenue)) == (2, 1200.0)
    assert (row["category"], row["supplier"], row["product"]) == ("Fridges", "Supplier A", "Fridge Two")
    assert str(row.launched_at)[:10] == "2025-06-01" and float(row.price) == 600.0


def test_lookup_empty_query(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="product id"):
        products.lookup(con, "  ")


# --- table --------------------------------------------------------------------------------------

def test_table_lists_every_product_with_sales(con):
    df = products.table(con)
    assert list(df.columns) == LIST_COLUMNS
    assert list(df["product_id"]) == [1, 2, 3, 4, 5]  # category 1 first, then by id
    assert list(df["quantity"]) == [2, 2, 6, 1, 0]  # P3: 1 (101) + 2 (102) + 1 + 1 (103) + 1 (106) = 6
    assert col(df, "revenue") == [2000.0, 1200.0, 1200.0, 20.0, 0.0]  # P4: 20 in 102; 107 closed


def test_table_by_category(con):
    with i18n.language("zh"):
        df = products.table(con, category="厨电")
    assert list(df["product_id"]) == [3, 4, 5] and set(df["category"]) == {"厨电"}
    assert list(products.table(con, category=1)["product_id"]) == [1, 2]


def test_table_bad_category_lists_valid_ones(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=r"category.*fridge \(冰箱\), kitchen \(厨电\)"):
        products.table(con, category="toys")


# --- category_sales -----------------------------------------------------------------------------

def test_category_sales_whole_time(con):
    with i18n.language("en"):
        df = products.category_sales(con)
    assert list(df.columns) == ["category_id", "category", "order_count", "quantity", "revenue", "share"]
    assert list(df["category"]) == ["Fridges", "Kitchen"]
    assert list(df["order_count"]) == [3, 4]  # fridges: 101, 103, 105; kitchen: 101, 102, 103, 106
    assert list(df["quantity"]) == [4, 7]  # 1 + 1 + 2; 6 + 1
    assert col(df, "revenue") == [3200.0, 1220.0]  # 2000 + 1200; 1200 + 20
    assert col(df, "share") == [0.724, 0.276]  # 3200 / 4420 = 0.72398; 1220 / 4420 = 0.27602


def test_category_sales_per_month_share_within_month(con):
    df = products.category_sales(con, "month")
    assert list(df.columns)[:2] == ["period", "category_id"]
    assert [str(p)[:10] for p in df["period"]] == ["2026-01-01", "2026-01-01", "2026-02-01", "2026-02-01"]
    assert list(df["category_id"]) == [1, 2, 1, 2]
    assert list(df["order_count"]) == [1, 2, 2, 2]  # Jan: 101 | 101, 102; Feb: 103, 105 | 103, 106
    assert col(df, "revenue") == [1000.0, 620.0, 2200.0, 600.0]  # Jan kitchen 200 + 400 + 20
    assert col(df, "share") == [0.6173, 0.3827, 0.7857, 0.2143]  # 1000/1620, 620/1620, 2200/2800, 600/2800


def test_category_sales_range_and_empty_period(con):
    df = products.category_sales(con, start="2026-02-01", end="2026-02-15")  # 103 and 105
    assert list(df["order_count"]) == [2, 1] and col(df, "revenue") == [2200.0, 400.0]
    empty = products.category_sales(con, "week", start="2027-01-01")
    assert empty.empty and list(empty.columns) == ["period", "category_id", "category", "order_count", "quantity",
                                                   "revenue", "share"]


def test_category_sales_bad_period_and_date(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="period.*day, week, month, quarter, year"):
        products.category_sales(con, "fortnight")
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="start.*2026-03-05"):
        products.category_sales(con, start="soon")


# --- sales --------------------------------------------------------------------------------------

def test_sales_ranks_with_ties(con):
    df = products.sales(con)
    assert list(df.columns) == ["rank", "product_id", "sku", "product", "category", "revenue", "quantity",
                                "order_count", "share"]
    # revenue: P1 2000, P2 1200, P3 1200, P4 20 -> ranks 1, 2, 2, 4 (P5 never sold)
    assert list(df["rank"]) == [1, 2, 2, 4] and list(df["product_id"]) == [1, 2, 3, 4]
    assert list(df["order_count"]) == [2, 1, 4, 1]  # P3 twice in 103 counts one order
    assert col(df, "share")[0] == 0.4525  # 2000 / 4420 = 0.45249


def test_sales_keeps_ties_at_the_cut_off(con):
    assert list(products.sales(con, top=2)["product_id"]) == [1, 2, 3]  # 2 and 3 tie at rank 2
    assert list(products.sales(con, top=1)["product_id"]) == [1]


def test_sales_in_a_range_and_empty(con):
    df = products.sales(con, start="2026-01-01", end="2026-01-31")  # 101, 102
    assert list(df["product_id"]) == [1, 3, 4] and col(df, "revenue") == [1000.0, 600.0, 20.0]
    assert products.sales(con, start="2027-01-01").empty


@pytest.mark.parametrize("bad", [0, -3, 2.5, "5", True])
def test_sales_bad_top(con, bad):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="top must be a whole number above 0"):
        products.sales(con, top=bad)


def test_errors_in_chinese_too(con):
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="参数 top 必须是大于 0 的整数"):
        products.sales(con, top=0)


# --- tags ---------------------------------------------------------------------------------------

def test_tags_course_and_manual(con):
    with i18n.language("zh"):
        df = products.tags(con)
        assert list(df.columns) == ["product_id", "sku", "product", "tag", "source"]
        assert df.values.tolist() == [[1, "F-1", "冰箱甲 四门", "爆款", "course"], [5, "K-3", "新品锅", "新品", "course"]]
        products.add_tag(con, "k-1", "主推")
        products.add_tag(con, 3, "主推")  # twice changes nothing
        df = products.tags(con)
    assert df.values.tolist()[1] == [3, "K-1", "电饭煲", "主推", "manual"] and len(df) == 3
    assert products.remove_tag(con, "K-1", "主推") == 1
    assert products.remove_tag(con, 3, "主推") == 0
    assert len(products.tags(con)) == 2


def test_tags_errors(con):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="product.*F-1, F-2, K-1, K-2, K-3"):
        products.add_tag(con, "ZZZ", "x")
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="course's own tags"):
        products.remove_tag(con, 1, "Best seller")


# --- associations -------------------------------------------------------------------------------

def test_associations_by_hand(con):
    # paid baskets: 101 {1,3}, 102 {3,4}, 103 {1,3}, 105 {2}, 106 {3}: 5 orders
    # orders with P1: 2, P2: 1, P3: 4 (103 lists P3 twice), P4: 1; with P1 and P3: 2; with P3 and P4: 1
    df = products.associations(con, min_support=0.3, min_confidence=0.2)  # P1 and P3 are frequent (>= 1.5 orders)
    assert list(df.columns) == ["antecedent_id", "antecedent", "consequent_id", "consequent", "pair_orders",
                                "support", "confidence", "lift"]
    assert list(zip(df["antecedent_id"], df["consequent_id"], strict=True)) == [(1, 3), (3, 1)]
    assert list(df["pair_orders"]) == [2, 2]
    assert col(df, "support") == [0.4, 0.4]  # 2 / 5
    assert col(df, "confidence") == [1.0, 0.5]  # 2 / 2; 2 / 4
    assert col(df, "lift") == [1.25, 1.25]  # 1.0 / (4/5); 0.5 / (2/5)


def test_associations_lower_thresholds(con):
    df = products.associations(con, min_support=0.2, min_confidence=0.3)
    # 3 -> 4: confidence 1/4 = 0.25 < 0.3 is left out; all lifts 1.25, then by confidence, then ids
    assert list(zip(df["antecedent_id"], df["consequent_id"], strict=True)) == [(1, 3), (4, 3), (3, 1)]
    assert col(df, "confidence") == [1.0, 1.0, 0.5]
    assert products.associations(con, min_support=1).empty  # no pair is in every order


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, "0.1", None, float("nan"), True])
def test_associations_bad_thresholds(con, bad):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="min_support must be a number above 0 and at most 1"):
        products.associations(con, min_support=bad)
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="min_confidence"):
        products.associations(con, min_confidence=bad)


# --- charts -------------------------------------------------------------------------------------

def test_charts_have_titles_in_the_chosen_language(con):
    with i18n.language("en"):
        assert plots.sales(products.sales(con)).layout.title.text == "Product sales ranking"
        assert plots.category_sales(products.category_sales(con, "month")).layout.title.text == "Category sales"
    with i18n.language("zh"):
        assert plots.sales(products.sales(con)).layout.title.text == "商品销售排行"
        assert plots.table(products.table(con)).layout.title.text == "各商品销售额"
        assert plots.category_sales(products.category_sales(con)).layout.title.text == "品类销售额"
        assert plots.tags(products.tags(con)).layout.title.text == "各标签的商品数"
        fig = plots.associations(products.associations(con, min_support=0.2, min_confidence=0.2))
        assert fig.layout.title.text == "商品关联规则"


# --- the default course data --------------------------------------------------------------------

def test_every_function_on_the_mall():
    con = ck.connect("mall")
    frames = {
        "lookup": (products.lookup(con, "A"), LIST_COLUMNS),
        "table": (products.table(con), LIST_COLUMNS),
        "category_sales": (products.category_sales(con, "month"),
                           ["period", "category_id", "category", "order_count", "quantity", "revenue", "share"]),
        "sales": (products.sales(con), ["rank", "product_id", "sku", "product", "category", "revenue", "quantity",
                                        "order_count", "share"]),
        "tags": (products.tags(con), ["product_id", "sku", "product", "tag", "source"]),
        "associations": (products.associations(con, 0.002, 0.1),
                         ["antecedent_id", "antecedent", "consequent_id", "consequent", "pair_orders", "support",
                          "confidence", "lift"]),
    }
    for name, (df, columns) in frames.items():
        assert len(df) > 0 and list(df.columns) == columns, name
    con.close()
