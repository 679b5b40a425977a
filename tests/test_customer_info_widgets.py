"""Chapter 2 widgets on hand-written shops: what they show at creation (what a headless run records) and after a
student changes a control or presses a button. Every expected value is worked out by hand in the docstrings of
the shops' modules (tests/analytics/test_info_analyses.py, tests/analytics/test_customer_info.py)."""

import datetime as dt
import re

import pytest

import crmkit as ck
from crmkit import i18n
from crmkit.widgets import customer_info as widgets
from crmkit.widgets import info_analyses as explorer
from tests.analytics.test_customer_info import CUSTOMERS_DUP, STAGING
from tests.analytics.test_info_analyses import SHOP
from tests.fixtures import BASE

PLOTLY = "application/vnd.plotly.v1+json"
UNMASKED_PHONE = re.compile(r"(?<![\d*])1[3-9]\d{9}(?!\d)")


def chart_title(output) -> str:
    (shown,) = output.outputs
    return shown["data"][PLOTLY]["layout"]["title"]["text"]


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


# ---------------------------------------------------------------- import

# Channels of the tiny shops: 1 app 官方App, 2 tmall 天猫旗舰店. Rows 4 (a phone of 7 digits) and 5 (no name) are
# rejected; 陈一 and 林二 are accepted (林二's phone written with dashes).
CUSTOMERS = """姓名,性别,手机号,出生日期,省份,城市,注册时间,渠道
陈一,男,13800001111,1990-01-02,广东,深圳,2025-05-01,app
林二,女,139-0000-2222,1992/2/3,浙江省,杭州,,tmall
黄三,男,1380000,1985-06-07,广东,深圳,2025-06-01,app
,女,13700003333,1999-09-09,浙江,杭州,2025-07-01,app
"""


@pytest.fixture
def customer_file(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    return path


def test_import_html_shows_accepted_rows_masked_and_rejected_rows_with_reasons(con, customer_file):
    with i18n.language("zh"):
        text = widgets.import_html(con, customer_file)
    assert "customers.csv：读取 4 行，将接受 2 行，拒绝 2 行。" in text
    accepted = text[text.index("被接受的行"):text.index("被拒绝的行")]
    for cell in ("<td>陈一</td>", "<td>男</td>", "<td>138****1111</td>", "<td>广东省</td>", "<td>深圳市</td>",
                 "<td>官方App</td>", "<td>139****2222</td>", "<td>天猫旗舰店</td>"):
        assert cell in accepted
    assert "黄三" not in accepted and not UNMASKED_PHONE.search(accepted)
    rejected = text[text.index("被拒绝的行"):]
    assert "<td>4</td>" in rejected and "<td>手机号</td>" in rejected and "'1380000' 不是有效的手机号" in rejected
    assert "<td>5</td>" in rejected and "不能为空" in rejected
    assert ck.customers.table(con).customer_id.tolist() == [1, 2, 3, 4, 5, 6, 7]  # nothing was imported


def test_import_html_explains_a_file_it_cannot_read(con, tmp_path):
    (tmp_path / "customers.pdf").write_bytes(b"%PDF-1.4")
    with i18n.language("en"):
        assert "only these file types can be imported" in widgets.import_html(con, tmp_path / "customers.pdf")
        assert "File not found" in widgets.import_html(con, tmp_path / "none.csv")


def test_import_checker_imports_on_the_button(con, customer_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with i18n.language("en"):
        box = widgets.import_checker(con, customer_file)
        title, controls, done, result = box.children
        picker, upload, button = controls.children
        assert picker.value == str(customer_file) and "customers.csv" in dict(picker.options)
        assert "4 rows read, 2 would be accepted, 2 rejected" in result.value and done.value == ""
        button.click()
    assert "4 rows read, 2 accepted, 2 rejected (2 new, 0 updated)" in done.value
    assert (tmp_path / "customers.rejects.csv").exists()
    found = ck.customers.lookup(con, "陈一")
    assert found.phone.tolist() == ["138****1111"]


def test_import_checker_reads_an_uploaded_file(con, tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    with i18n.language("en"):
        box = widgets.import_checker(con, tmp_path / "none.csv")
        picker, upload, button = box.children[1].children
        assert "File not found" in box.children[3].value
        data = "姓名,手机\n王五,13900009999\n".encode("gb18030")
        upload.value = ({"name": "我的顾客.csv", "type": "text/csv", "size": len(data), "content": memoryview(data),
                         "last_modified": dt.datetime(2026, 8, 1)},)
    assert picker.value == str(tmp_path / "scratch" / "uploads" / "我的顾客.csv")
    assert "1 rows read, 1 would be accepted, 0 rejected" in box.children[3].value
    assert "139****9999" in box.children[3].value


def test_the_import_checker_opens_the_sample_with_mistakes_on_the_mall(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMKIT_SCRATCH", str(tmp_path / "scratch"))
    con = ck.connect("mall")
    try:
        names = [p.name for p in widgets.sample_files()]
        assert names == ["customers_clean.xlsx", "customers_gbk.csv", "customers_mistakes.csv"]
        with i18n.language("zh"):
            result = widgets.import_checker(con).children[3].value
        # datasets/samples/README.md: 30 rows, 20 accepted, 10 rejected (11 problems; row 23 has two)
        assert "customers_mistakes.csv：读取 30 行，将接受 20 行，拒绝 10 行。" in result
        accepted = result[:result.index("被拒绝的行")]
        assert not UNMASKED_PHONE.search(accepted) and "138****1019" in accepted  # row 21: +86 138 0013 1019
        assert result.count("<td>23</td>") == 2 and "'广州省'" in result
    finally:
        con.close()


# ---------------------------------------------------------------- screening duplicates

@pytest.fixture
def dup_con(tiny_shop):
    return tiny_shop(STAGING + CUSTOMERS_DUP[len(BASE):])


def test_duplicate_group_side_by_side_marks_the_conflicts(dup_con):
    with i18n.language("zh"):
        df = ck.customers.duplicates(dup_con, within="staging")
        text = widgets.duplicate_group_html(df[df.group_id == 1])
    assert text.index("原始记录编号 1") < text.index("原始记录编号 2") < text.index("原始记录编号 3")
    rows = {re.sub(r"<.*?>", "", m.split("</th>")[0]): m for m in text.split("<tr>")[2:]}
    # group 1 differs in name, birthday, phone and province (广东 / 广东省), not in city
    assert set(k for k in rows if "不一致" in k) == {"姓名 ⚠ 不一致", "生日 ⚠ 不一致", "手机 ⚠ 不一致", "省份 ⚠ 不一致"}
    assert "background" in rows["省份 ⚠ 不一致"] and "background" not in rows["城市"]
    assert ">广东</td>" in rows["省份 ⚠ 不一致"] and ">王小明 </td>" in rows["姓名 ⚠ 不一致"]


def test_duplicate_finder_screens_raw_records_without_merging(dup_con):
    with i18n.language("zh"):
        box = widgets.duplicate_finder(dup_con)
        title, where, summary, chart, picker, side, merging, message = box.children
    assert where.value == "staging" and "找到 3 组可能重复的记录（共 7 条）" in summary.value
    assert [label for label, _ in picker.options][0] == "第 1 组：王小明（3 条记录）· 不一致：姓名、生日、手机、省份"
    assert chart_title(chart).startswith("疑似重复记录组")
    keep, merge = merging.children
    assert merge.disabled and keep.options == ()  # raw records are screened, not merged
    picker.value = 3
    assert "原始记录编号 7" in side.value and "原始记录编号 8" in side.value


def test_duplicate_finder_merges_customers(dup_con):
    with i18n.language("en"):
        box = widgets.duplicate_finder(dup_con, within="customers")
        title, where, summary, chart, picker, side, merging, message = box.children
        keep, merge = merging.children
        assert "1 groups of possible duplicates (3 records)" in summary.value
        assert [v for _, v in keep.options] == [1, 2, 3] and not merge.disabled
        keep.value = 2
        merge.click()
    assert "Merged customer(s) 1, 3 into customer 2." in message.value
    assert "0 groups" in summary.value and picker.options == () and side.value == ""
    assert sorted(ck.customers.merges(dup_con).drop_id) == [1, 3]
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match="within.*customers, staging"):
        widgets.duplicate_finder(dup_con, within="orders")


# ---------------------------------------------------------------- customer data cards

def test_card_html_shows_what_each_kind_of_card_holds(con):
    with i18n.language("zh"):
        potential = widgets.card_html(ck.customers.card(con, 6).iloc[0])
        lost = widgets.card_html(ck.customers.card(con, 7).iloc[0])
        current = widgets.card_html(ck.customers.card(con, 1).iloc[0])
    assert "潜在客户" in potential and "基本信息" in potential and "交易信息" not in potential
    assert "138****0006" in potential and "26岁" in potential  # born 1999-09-09, today 2026-07-31
    assert "流失客户" in lost and "交易信息" in lost and "<td>562</td>" in lost and "¥100.00" in lost
    assert "现有客户" in current and "¥160.00" in current and "<td>2026-07-15</td>" in current
    assert "企业与顾客的联系" in current and "<td>1</td>" in current  # one complaint


def test_card_viewer_counts_lists_and_shows_cards(con):
    with i18n.language("zh"):
        box = widgets.card_viewer(con)
        title, days, chart, kinds, pick, card = box.children
        picker, typed = pick.children
        assert [label for label, _ in kinds.options] == ["潜在客户 (1)", "现有客户 (5)", "流失客户 (1)"]
        assert kinds.value == "current" and [v for _, v in picker.options] == [1, 2, 3, 4, 5]
        assert "顾客1" in card.value and "现有客户" in card.value
        assert chart_title(chart).startswith("客户资料卡")
        days.value = 30  # customer 5 last paid 41 days ago
        assert [label for label, _ in kinds.options] == ["潜在客户 (1)", "现有客户 (4)", "流失客户 (2)"]
        kinds.value = "lost"
        assert [v for _, v in picker.options] == [5, 7] and "流失客户" in card.value
        typed.value = "T0006"
        assert "潜在客户资料卡" in card.value
        typed.value = "99"
        assert "99" in card.value and "<b>" in card.value
    with i18n.language("en"):
        shown = widgets.card_viewer(con, customer=7).children[-1].value
    assert "Lost customer card" in shown


# ---------------------------------------------------------------- follow-up tasks

def test_task_board_creates_lists_and_completes_tasks(con):
    with i18n.language("zh"):
        box = widgets.task_board(con)
        title, form, second, message, actions, board = box.children
        who, kind, due = form.children
        content, create = second.children
        refresh, open_tasks, finish = actions.children
        assert "没有待办任务" in board.value and finish.disabled
        who.value, kind.value, due.value, content.value = "1", "call", "2026-08-01 10:00", "回访：水壶好用吗"
        create.click()
        assert "已创建任务" in message.value and "回访：水壶好用吗" in board.value and "电话回访" in board.value
        assert "138****0001" in board.value and content.value == ""
        # a task created in a notebook cell appears on refresh
        task = ck.tasks.create(con, 7, "sms", "2026-08-02", "流失顾客关怀")
        assert "流失顾客关怀" not in board.value
        refresh.click()
        assert "2 个待办任务" in board.value and board.value.index("水壶") < board.value.index("流失顾客关怀")
        open_tasks.value = task
        finish.click()
        assert f"任务 {task} 已完成" in message.value and "流失顾客关怀" not in board.value
        due.value, content.value = "someday", "x"
        create.click()
    assert "不是有效的日期" in message.value and "1 个待办任务" in board.value


# ---------------------------------------------------------------- the four analyses

def test_basic_analysis_views(con):
    with i18n.language("zh"):
        region = explorer.analysis_html(con, "basic")
        kettle = explorer.analysis_html(con, "basic", item="product:1")
        ages = explorer.analysis_html(con, "basic", view="age", top=1)
    assert "基本信息分析" in region and "主要销售地区：广东省（7 件，占全部的 53.8%）" in region
    assert "主要销售地区：浙江省（3 件，占全部的 75.0%）" in kettle
    assert "<li>25岁以下: 耗材配件 (75%, 提升度 1.38)</li>" in ages  # 0.75 / (6 / 11)
    assert "<li>35–44岁: 厨房小电 (100%, 提升度 2.20)</li>" in ages


def test_statistical_trend_and_association(con):
    with i18n.language("en"):
        stats = explorer.analysis_html(con, "statistical", top=2)
        trend = explorer.analysis_html(con, "trend", year=2026)
        month = explorer.analysis_html(con, "association")
        bad = explorer.analysis_html(con, "association", month="2030-01")
    # buyers' revenue: 320 (4), 300 (5), 200 (3), 160 (1), 100 (7), 60 (2) = 1140; the first 2 of 6 reach 20 %
    assert "The top 33% of buyers (2 customers) bring 54.4% of the revenue" in stats
    assert "The first 2 of 6 rows are shown" in stats
    assert "Trend analysis" in trend and "First half" in trend and "How close each forecast came" in trend
    # July against June: more items, fewer complaints per 100 orders, more returns per 100 orders
    assert "The signs are mixed" in month and "<td>+100.0%</td>" in month and "<td>Lower is better</td>" in month
    assert "from 2025-02 to 2026-07" in bad


def test_info_analysis_explorer_switches_kinds(con):
    with i18n.language("zh"):
        box = explorer.info_analysis_explorer(con)
        title, kinds, row, chart, result = box.children
        view, item = row.children
        assert chart_title(chart).startswith("各省份") and "广东省" in result.value
        item.value = "category:耗材配件"
        assert "主要销售地区：广东省（6 件，占全部的 85.7%）" in result.value  # filters: GD 2+1+3, ZJ 1
        view.value = "age"
        assert len(row.children) == 3 and chart_title(chart).startswith("各年龄段")
        kinds.value = "association"
        (month,) = row.children
        assert month.value.isoformat() == "2026-07-01" and chart_title(chart).startswith("2026-07 与 2026-06")
        month.value = month.options[-2][1]
        assert chart_title(chart).startswith("2026-06 与 2026-05")
        kinds.value = "trend"
        year, metric = row.children
        metric.value = "orders"
        assert chart_title(chart) == "实付订单数：用 2026 年上半年预测下半年"
        kinds.value = "statistical"
        assert "帕累托" in chart_title(chart)


def test_the_widgets_are_part_of_ck_widgets():
    for name in ("import_checker", "duplicate_finder", "card_viewer", "task_board", "info_analysis_explorer"):
        assert callable(getattr(ck.widgets, name)) and name in ck.widgets.__all__
    assert ck.info_analyses.month_over_month is not None and ck.plots.info_analyses is not None
