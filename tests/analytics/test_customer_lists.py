"""customers.table / tags / add_tag / remove_tag and the follow-up tasks, on the tiny hand-written shop."""

import pytest

import crmkit as ck
from crmkit import i18n
from tests.fixtures import TINY_TAGS


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(TINY_TAGS)


def ids(df):
    return list(df["customer_id"])


def test_table_filters(con):
    assert ids(ck.customers.table(con)) == [1, 2, 3, 1234]
    # registration channel: customers 1 and 3 on channel 1 (app), 2 and 1234 on channel 2 (tmall)
    assert ids(ck.customers.table(con, channel="app")) == [1, 3]
    assert ids(ck.customers.table(con, channel="天猫旗舰店")) == [2, 1234]
    assert ids(ck.customers.table(con, province="广东")) == [1, 3]
    assert ids(ck.customers.table(con, province="Zhejiang")) == [2, 1234]
    assert ids(ck.customers.table(con, tag="vip")) == [1, 3]
    assert ids(ck.customers.table(con, tag="新客户")) == [1234]
    assert ids(ck.customers.table(con, channel="app", limit=1)) == [1]


def test_table_figures(con):
    row = ck.customers.table(con).set_index("customer_id").loc[1]
    assert row.orders == 2 and float(row.total_spend) == 140.50  # 90.00 + 50.50; order 12 closed
    row = ck.customers.table(con).set_index("customer_id").loc[1234]
    assert row.orders == 0 and float(row.total_spend) == 0


def test_manual_tags_add_list_filter_remove_and_survive_reconnect(con, tmp_path):
    ck.customers.add_tag(con, 2, "重点跟进")
    ck.customers.add_tag(con, 2, "重点跟进")  # twice: still one
    ck.customers.add_tag(con, "MA0120250000003", "重点跟进")  # by customer code
    with i18n.language("en"):
        tags = ck.customers.tags(con)
    manual = tags[tags.source == "manual"]
    assert list(zip(manual.customer_id, manual.tag, strict=True)) == [(2, "重点跟进"), (3, "重点跟进")]
    course = tags[tags.source == "course"]
    assert list(zip(course.customer_id, course.tag, strict=True)) == [(1, "High value"), (3, "High value"),
                                                                       (1234, "New customer")]
    assert ids(ck.customers.table(con, tag="重点跟进")) == [2, 3]
    again = ck.connect("tea")
    assert ids(ck.customers.table(again, tag="重点跟进")) == [2, 3]
    assert ck.customers.remove_tag(again, 2, "重点跟进") == 1
    assert ck.customers.remove_tag(again, 2, "重点跟进") == 0
    assert ids(ck.customers.table(again, tag="重点跟进")) == [3]
    again.close()


def test_bad_input_lists_valid_values(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match=r"Unknown value 'jd' for channel\. Valid values: app .*tmall"):
            ck.customers.table(con, channel="jd")
        with pytest.raises(ck.CrmkitError, match=r"province.*GD .*ZJ"):
            ck.customers.table(con, province="火星")
        with pytest.raises(ck.CrmkitError, match=r"tag.*High value, New customer"):
            ck.customers.table(con, tag="gold")
        with pytest.raises(ck.CrmkitError, match=r"no customer '99'.*from 1 to 1234"):
            ck.customers.add_tag(con, 99, "x")
        with pytest.raises(ck.CrmkitError, match="course's own tags"):
            ck.customers.remove_tag(con, 1, "vip")
        with pytest.raises(ck.CrmkitError, match="cannot be empty"):
            ck.customers.add_tag(con, 1, "  ")
        with pytest.raises(ck.CrmkitError, match="limit must be a whole number"):
            ck.customers.table(con, limit=0)
    with i18n.language("zh"), pytest.raises(ck.CrmkitError, match="参数 channel 的值 'jd' 无效"):
        ck.customers.table(con, channel="jd")


def test_course_database_is_not_changed_by_tags(con):
    ck.customers.add_tag(con, 1, "mine")
    assert con.execute("SELECT count(*) FROM customer_tags").fetchone()[0] == 3


def test_tasks_create_todo_complete(con):
    t1 = ck.tasks.create(con, 2, "电话回访", "2026-11-06 09:30", "询问退货进度")
    t2 = ck.tasks.create(con, 1, "wechat", "2026-11-05", "发送安装视频")
    with i18n.language("en"):
        todo = ck.tasks.todo(con)
    assert list(todo.task_id) == [t2, t1]  # earliest due first: 11-05 before 11-06 09:30
    assert list(todo.kind) == ["wechat", "call"] and list(todo.kind_name) == ["WeChat", "Phone call"]
    assert list(todo.name) == ["王小明", "李娜"] and list(todo.phone) == ["138****5678", "139****1234"]
    ck.tasks.complete(con, t2)
    again = ck.connect("tea")  # another notebook of the same student sees the same list
    assert list(ck.tasks.todo(again).task_id) == [t1]
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=rf"task_id.*Valid values: {t1}"):
        ck.tasks.complete(again, t2)  # already done
    again.close()


def test_task_bad_input(con):
    with i18n.language("en"):
        with pytest.raises(ck.CrmkitError, match=r"kind.*call \(Phone call\).*other"):
            ck.tasks.create(con, 1, "fax", "2026-11-05", "x")
        with pytest.raises(ck.CrmkitError, match=r"due: 'next tuesday' is not a date"):
            ck.tasks.create(con, 1, "call", "next tuesday", "x")
        with pytest.raises(ck.CrmkitError, match="content"):
            ck.tasks.create(con, 1, "call", "2026-11-05", " ")
        with pytest.raises(ck.CrmkitError, match="no customer '77'"):
            ck.tasks.create(con, 77, "call", "2026-11-05", "x")
