"""check_file / check_table: small files written here, every kind of broken row with its exact
reject, the typed accepted values worked out by hand; the mall's reference tables for matching."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

import crmkit
from crmkit import i18n
from crmkit.data.imports.check import check_file, check_table, reason_texts
from crmkit.data.imports.fields import KINDS, field_names, kind_spec, normalise
from crmkit.data.imports.read import read_file
from crmkit.errors import CrmkitError

SAMPLES = Path(__file__).resolve().parents[2] / "datasets" / "samples"


@pytest.fixture(scope="module")
def con():
    connection = crmkit.connect("mall")
    yield connection
    connection.close()


def write(tmp_path, text, name="f.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(checked):
    """(row, column, reason) of every reject, in order."""
    return [(r["row"], r["column"], r["reason"]) for r in checked.rejects.to_pylist()]


def assert_consistent(checked):
    """accepted + distinct rejected rows == rows read, and no accepted row has a reject."""
    rejected = set(checked.rejects.column("row").to_pylist())
    assert checked.accepted.num_rows + len(rejected) == checked.rows_read
    assert not rejected & set(checked.accepted.column("_row").to_pylist())


def test_customers_accepted_values_are_typed_and_normalised(con, tmp_path):
    path = write(tmp_path, "姓名,性别,手机号,邮箱,出生日期,省份,城市,注册时间,来源,渠道\n"
                           "王  小明,男,138 0013-8000,Wang.XM@QQ.com,1990/5/1,广东,深圳,2024年3月5日 14:30,搜索,天猫旗舰店\n"
                           "李娜,female,+86 139.0013.9000,,45356,浙江省,杭州市,20240305,referral,wechat_mini\n"
                           "赵强,M,008613700137000,,1985.12.31,Beijing,朝阳区,45356.5,Live streaming,Official app\n"
                           "钱多多,未知,8613600136000,,,新疆,喀什,2024-03-05T09:15:30,,\n")
    checked = check_file(con, path, "customers")
    assert problems(checked) == []
    assert checked.rows_read == 4 and checked.encoding == "utf-8" and checked.kind == "customers"
    assert checked.accepted.column_names == ["customer_ref", "name", "gender", "phone", "email", "birthday",
                                             "province_code", "city", "city_id", "address", "registered_at",
                                             "source_id", "channel_id", "_row"]
    types = {f.name: str(f.type) for f in checked.accepted.schema}
    assert types == {"customer_ref": "string", "name": "string", "gender": "string", "phone": "string",
                     "email": "string", "birthday": "date32[day]", "province_code": "string", "city": "string",
                     "city_id": "int32", "address": "string", "registered_at": "timestamp[us]", "source_id": "int32",
                     "channel_id": "int32", "_row": "int64"}
    got = checked.accepted.to_pylist()
    # mall: 深圳市 is city 2 of GD, 杭州市 city 6 of ZJ, 朝阳区 city 20 of BJ; 喀什 is no city of the mall
    # sources: search 1, referral 3, live 4; channels: official_app 1, tmall_flagship 3, wechat_mini 5
    assert [(r["name"], r["gender"], r["phone"], r["email"]) for r in got] == [
        ("王 小明", "M", "13800138000", "wang.xm@qq.com"), ("李娜", "F", "13900139000", None),
        ("赵强", "M", "13700137000", None), ("钱多多", None, "13600136000", None)]
    assert [r["birthday"] for r in got] == [dt.date(1990, 5, 1), dt.date(2024, 3, 5), dt.date(1985, 12, 31), None]
    assert [(r["province_code"], r["city"], r["city_id"]) for r in got] == [
        ("GD", "深圳", 2), ("ZJ", "杭州市", 6), ("BJ", "朝阳区", 20), ("XJ", "喀什", None)]
    assert [r["registered_at"] for r in got] == [dt.datetime(2024, 3, 5, 14, 30), dt.datetime(2024, 3, 5),
                                                 dt.datetime(2024, 3, 5, 12), dt.datetime(2024, 3, 5, 9, 15, 30)]
    assert [(r["source_id"], r["channel_id"]) for r in got] == [(1, 3), (3, 5), (4, 1), (None, None)]
    assert [r["_row"] for r in got] == [2, 3, 4, 5]
    assert checked.columns == {"name": "姓名", "gender": "性别", "phone": "手机号", "email": "邮箱", "birthday": "出生日期",
                               "province": "省份", "city": "城市", "registered_at": "注册时间", "source": "来源",
                               "channel": "渠道"}


def test_every_kind_of_broken_customer_row(con, tmp_path):
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    path = write(tmp_path, "姓名,性别,手机,邮箱,生日,省份,渠道,来源,注册日期\n"
                           "甲,男,1381234567,,,,,,\n"                          # 2: 10 digits
                           "乙,男,020-12345678,,,,,,\n"                        # 3: landline
                           "丙,男,12812345678,,,,,,\n"                         # 4: starts with 12
                           ",女,13800138001,,,,,,\n"                           # 5: no name
                           "丁,女,,,,,,,\n"                                    # 6: no phone
                           "戊,x,13800138002,,,,,,\n"                          # 7: gender
                           "己,女,13800138003,a@b,,,,,\n"                      # 8: e-mail without a dot
                           "庚,女,13800138004,a b@c.com,,,,,\n"                # 9: e-mail with a space
                           "辛,女,13800138005,,2024年13月5日,,,,\n"            # 10: month 13
                           "壬,女,13800138006,,1990-02-30,,,,\n"               # 11: 30 February
                           f"癸,女,13800138007,,{tomorrow},,,,\n"              # 12: born tomorrow
                           "子,女,13800138008,,1899-12-31,,,,\n"               # 13: before 1900
                           "丑,女,13800138009,,,火星,,,\n"                     # 14: province
                           "寅,女,13800138010,,,,淘宝,,\n"                     # 15: channel
                           "卯,女,13800138011,,,,,电视,\n"                     # 16: source
                           "辰,女,13800138012,,,,,,明天\n"                     # 17: registration date
                           "巳,女,13800138001,,,,,,\n"                         # 18: same phone as row 5
                           "午,男,1234,,2024-13-01,,,,\n")                     # 19: two problems
    checked = check_file(con, path, "customers")
    assert problems(checked) == [
        (2, "手机", "bad_phone"), (3, "手机", "bad_phone"), (4, "手机", "bad_phone"), (5, "姓名", "required"),
        (6, "手机", "required"), (7, "性别", "bad_gender"), (8, "邮箱", "bad_email"), (9, "邮箱", "bad_email"),
        (10, "生日", "bad_date"), (11, "生日", "bad_date"), (12, "生日", "date_out_of_range"),
        (13, "生日", "date_out_of_range"), (14, "省份", "unknown_province"), (15, "渠道", "unknown_channel"),
        (16, "来源", "unknown_source"), (17, "注册日期", "bad_date"), (18, "手机", "duplicate_in_file"),
        (19, "手机", "bad_phone"), (19, "生日", "bad_date")]
    assert checked.accepted.num_rows == 0 and checked.rows_read == 18
    assert_consistent(checked)
    by_row = {(r["row"], r["reason"]): r for r in checked.rejects.to_pylist()}
    assert by_row[(18, "duplicate_in_file")]["detail"] == "5"        # the earlier row with that phone
    assert by_row[(18, "duplicate_in_file")]["value"] == "13800138001"
    assert by_row[(12, "date_out_of_range")]["detail"] == f"1900-01-01 ~ {today}"
    assert by_row[(6, "required")]["value"] is None
    assert by_row[(2, "bad_phone")]["file"] == "f.csv"
    with i18n.language("zh"):
        zh = check_file(con, path, "customers").rejects.to_pylist()
    channels = next(r for r in zh if r["reason"] == "unknown_channel")["detail"]
    assert channels.startswith("官方商城App, 官网PC商城, 天猫旗舰店")
    with i18n.language("en"):
        en = check_file(con, path, "customers").rejects.to_pylist()
    assert next(r for r in en if r["reason"] == "unknown_source")["detail"].startswith("Search, Paid ads")
    assert "Guangdong" in next(r for r in en if r["reason"] == "unknown_province")["detail"]


def test_duplicates_compare_the_normalised_phone(con, tmp_path):
    path = write(tmp_path, "name,phone\nA,138 0013 8000\nB,13800138001\nC,+8613800138000\nD,138-0013-8000\nE,1380013800\n")
    checked = check_file(con, path, "customers")
    assert [(r["row"], r["reason"], r["detail"]) for r in checked.rejects.to_pylist()] == [
        (4, "duplicate_in_file", "2"), (5, "duplicate_in_file", "2"), (6, "bad_phone", None)]
    assert checked.accepted.column("_row").to_pylist() == [2, 3]
    assert_consistent(checked)


def test_orders(con, tmp_path):
    path = write(tmp_path, "订单号,客户,下单时间,实付金额,数量,订单状态,渠道,备注\n"
                           "A1,13800138000,2024-03-05 10:00,\"1,234.50\",2,已发货,天猫旗舰店,x\n"
                           "A2,C001,2024/3/6,¥99,1.0,,,\n"
                           "A3,C002,45357,￥99.5,,PAID,jd_flagship,\n"
                           "A4,C003,2024.3.8,99元,3,已取消,,\n"
                           "A1,C004,2024-03-09,10,1,,,\n"             # 6: order id of row 2 again
                           "A6,C005,2024-03-10,-5,1,,,\n"             # 7: negative
                           "A7,C006,2024-03-11,abc,1,,,\n"            # 8: not a number
                           "A8,C007,2024-03-12,5,2.5,,,\n"            # 9: half an item
                           "A9,C008,2024-03-13,5,0,,,\n"              # 10: no items
                           "A10,C009,2024-03-14,5,two,,,\n"           # 11: quantity not a number
                           "A11,C010,2024-03-15,5,1,lost,,\n"         # 12: status
                           "A12,,2024-03-16,5,1,,,\n"                 # 13: no customer
                           "A13,C012,,5,1,,,\n")                      # 14: no date
    checked = check_file(con, path, "orders")
    assert problems(checked) == [
        (6, "订单号", "duplicate_in_file"), (7, "实付金额", "negative"), (8, "实付金额", "bad_number"),
        (9, "数量", "bad_quantity"), (10, "数量", "bad_quantity"), (11, "数量", "bad_number"),
        (12, "订单状态", "bad_status"), (13, "客户", "required"), (14, "下单时间", "required")]
    assert checked.ignored_columns == ["备注"]
    assert_consistent(checked)
    accepted = checked.accepted
    assert accepted.column_names == ["order_ref", "customer", "ordered_at", "amount", "quantity", "status",
                                     "channel_id", "_row"]
    assert {f.name: str(f.type) for f in accepted.schema} == {
        "order_ref": "string", "customer": "string", "ordered_at": "timestamp[us]", "amount": "decimal128(12, 2)",
        "quantity": "int32", "status": "string", "channel_id": "int32", "_row": "int64"}
    assert [tuple(r.values()) for r in accepted.to_pylist()] == [
        ("A1", "13800138000", dt.datetime(2024, 3, 5, 10), Decimal("1234.50"), 2, "shipped", 3, 2),
        ("A2", "C001", dt.datetime(2024, 3, 6), Decimal("99.00"), 1, "completed", None, 3),
        ("A3", "C002", dt.datetime(2024, 3, 6), Decimal("99.50"), None, "paid", 4, 4),
        ("A4", "C003", dt.datetime(2024, 3, 8), Decimal("99.00"), 3, "closed", None, 5)]
    assert next(r for r in checked.rejects.to_pylist() if r["reason"] == "bad_status")["detail"] == \
        i18n.t("import.valid_status")


def test_transactions_have_no_duplicate_check(con, tmp_path):
    path = write(tmp_path, "customer,date,amount\n1,2024-01-01,10\n1,2024-01-01,10\n2,2024-01-02,\n")
    checked = check_file(con, path, "transactions")
    assert problems(checked) == [(4, "amount", "required")]
    assert checked.accepted.column_names == ["customer", "date", "amount", "quantity", "_row"]
    assert checked.accepted.column("quantity").to_pylist() == [None, None]
    assert_consistent(checked)


def test_rows_that_could_not_be_split_become_whole_row_rejects(con, tmp_path):
    path = write(tmp_path, "姓名,手机\n王小明,13800138000\n李娜,13900139000,多余,值\n赵强,1\n")
    checked = check_file(con, path, "customers")
    assert [(r["row"], r["column"], r["reason"], r["value"], r["detail"]) for r in checked.rejects.to_pylist()] == [
        (3, "", "wrong_field_count", "李娜,13900139000,多余,值", "4/2"), (4, "手机", "bad_phone", "1", None)]
    assert checked.rows_read == 3 and checked.accepted.num_rows == 1
    assert_consistent(checked)
    assert reason_texts(checked.rejects, "zh")[0] == \
        "第 3 行：这一行有 4 个值，但表头只有 2 列（可能多了逗号，或含逗号的内容没有加英文引号）"
    assert reason_texts(checked.rejects, "en")[0].startswith("Row 3: this row has 4 values but the header has only 2")


def test_reason_texts_in_chinese_and_english(con, tmp_path):
    path = write(tmp_path, "姓名,手机,出生日期\n王小明,1381234,1990-01-01\n,13800138000,2024年13月5日\n")
    rejects = check_file(con, path, "customers").rejects
    assert reason_texts(rejects, "zh") == [
        "第 2 行「手机」列：'1381234' 不是有效的手机号（11 位，以 13-19 开头）",
        "第 3 行「姓名」列：不能为空（必填项）",
        "第 3 行「出生日期」列：'2024年13月5日' 不是有效的日期（可写成 2024-03-05、2024/3/5、2024年3月5日 或 20240305，"
        "可加时间如 14:30）"]
    assert reason_texts(rejects, "en")[:2] == [
        "Row 2, column '手机': '1381234' is not a valid mobile number (11 digits starting with 13-19)",
        "Row 3, column '姓名': must not be empty (required)"]
    with i18n.language("en"):
        assert reason_texts(rejects) == reason_texts(rejects, "en")
    # a reason code this module does not know (added by the caller) still gives a readable line
    extra = pa.table({"row": [7], "column": ["客户"], "value": ["C9"], "reason": ["no_such_customer"],
                      "detail": [None]})
    assert reason_texts(extra, "en") == ["Row 7, column '客户': no_such_customer: C9"]


def test_missing_required_column_in_both_languages(con, tmp_path):
    path = write(tmp_path, "姓名,电子邮箱\n王小明,a@b.cn\n")
    with i18n.language("zh"), pytest.raises(CrmkitError) as err:
        check_file(con, path, "customers")
    assert err.value.key == "import.missing_column"
    assert str(err.value) == (f"文件 {path} 缺少必需的列：手机号。文件中的列：姓名, 电子邮箱。"
                              "请修改表头，或用对照表（mapping）说明哪一列是什么。")
    with i18n.language("en"), pytest.raises(CrmkitError) as err:
        check_file(con, path, "orders")
    assert str(err.value).startswith(f"The file {path} lacks required columns: Order id, Customer, Ordered at, "
                                     "Amount. Its columns: 姓名, 电子邮箱.")


def test_two_columns_for_one_field(con, tmp_path):
    path = write(tmp_path, "姓名,手机,电话\n王小明,13800138000,13900139000\n")
    with i18n.language("en"), pytest.raises(CrmkitError, match="both columns '手机' and '电话' are Phone") as err:
        check_file(con, path, "customers")
    assert err.value.key == "import.duplicate_column"
    # a mapping settles it: one of them left out
    checked = check_file(con, path, "customers", mapping={"电话": ""})
    assert checked.accepted.column("phone").to_pylist() == ["13800138000"]
    assert checked.ignored_columns == ["电话"]


def test_mapping_file_and_dict(con, tmp_path):
    path = write(tmp_path, "会员,联系手机,入会\n王小明,13800138000,2024-01-02\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"会员" = "name"\n"联系手机" = "phone"\n"入会" = "注册时间"\n', encoding="utf-8")
    checked = check_file(con, path, "customers", mapping=mapping)
    assert checked.columns == {"name": "会员", "phone": "联系手机", "registered_at": "入会"}
    assert checked.accepted.select(["name", "phone", "registered_at"]).to_pylist() == [
        {"name": "王小明", "phone": "13800138000", "registered_at": dt.datetime(2024, 1, 2)}]
    same = check_file(con, path, "customers", mapping={"会员": "name", "联系手机": "phone"})
    assert same.accepted.column("phone").to_pylist() == ["13800138000"] and same.ignored_columns == ["入会"]

    with i18n.language("en"):
        with pytest.raises(CrmkitError, match="assigns column '会员' to 'nickname'.*phone") as err:
            check_file(con, path, "customers", mapping={"会员": "nickname"})
        assert err.value.key == "import.bad_mapping"
        broken = tmp_path / "broken.toml"
        broken.write_text("[columns\n", encoding="utf-8")
        with pytest.raises(CrmkitError) as err:
            check_file(con, path, "customers", mapping=broken)
        assert err.value.key == "import.bad_mapping_file"


def test_excel_file_with_number_phone_date_cells_and_serial_dates(con, tmp_path):
    path = tmp_path / "c.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机号", "出生日期", "注册时间"])
    sheet.append(["王小明", 13800138000, dt.date(1990, 5, 1), 45356])
    sheet.append(["李娜", 1380013800, dt.datetime(1991, 6, 2), dt.datetime(2024, 3, 5, 14, 30)])
    sheet["C2"].number_format = sheet["C3"].number_format = "yyyy-mm-dd"
    sheet["D3"].number_format = "yyyy-mm-dd hh:mm"
    workbook.save(path)
    checked = check_file(con, path, "customers")
    assert checked.encoding is None
    assert checked.accepted.select(["phone", "birthday", "registered_at", "_row"]).to_pylist() == [
        {"phone": "13800138000", "birthday": dt.date(1990, 5, 1), "registered_at": dt.datetime(2024, 3, 5), "_row": 2}]
    assert problems(checked) == [(3, "手机号", "bad_phone")]
    assert checked.rejects.column("value").to_pylist() == ["1380013800"]


def test_check_table_on_a_raw_table_and_an_unfinished_result_of_the_user(con, tmp_path):
    path = write(tmp_path, "name,phone\nAnn,13800138000\n")
    con.execute("SELECT range FROM range(5)")          # the user has not fetched this yet
    checked = check_table(con, read_file(path), "customers")
    assert checked.accepted.column("phone").to_pylist() == ["13800138000"]
    assert con.fetchall() == [(0,), (1,), (2,), (3,), (4,)]   # their result is still there
    views = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name LIKE 'crmkit_import_%'").fetchone()
    assert views == (0,)


def test_unknown_kind(con, tmp_path):
    path = write(tmp_path, "name,phone\nAnn,13800138000\n")
    with i18n.language("en"), pytest.raises(CrmkitError, match="customers, orders, transactions"):
        check_file(con, path, "clients")


def test_fields_and_header_names():
    assert KINDS == ("customers", "orders", "transactions")
    assert field_names("customers", "zh")["phone"] == "手机号"
    assert field_names("orders", "en") == {"order_ref": "Order id", "customer": "Customer", "ordered_at": "Ordered at",
                                           "amount": "Amount", "quantity": "Quantity", "status": "Status",
                                           "channel": "Channel"}
    aliases = kind_spec("customers").aliases
    for header in ["手机号", "手机号码", "手机", "电话", "mobile", "phone", "Phone Number", "phone_number", "手机（必填）",
                   "*手机号", "ＰＨＯＮＥ"]:
        assert aliases[normalise(header)] == "phone", header
    assert aliases[normalise("客户编号")] == "customer_ref"
    assert kind_spec("orders").aliases[normalise("客户编号")] == "customer"
    assert kind_spec("transactions").aliases[normalise("日期")] == "date"
    for kind in KINDS:  # each kind loads (a header claimed by two fields of a kind would raise)
        spec = kind_spec(kind)
        assert set(spec.required) <= set(spec.fields)


@pytest.mark.parametrize(("name", "read", "accepted", "rejected_rows", "rejects"), [
    ("customers_clean.xlsx", 30, 30, 0, 0),
    ("customers_mistakes.csv", 30, 20, 10, 11),
    ("customers_gbk.csv", 20, 20, 0, 0),
])
def test_sample_files_give_the_counts_in_their_readme(con, name, read, accepted, rejected_rows, rejects):
    checked = check_file(con, SAMPLES / name, "customers")
    assert (checked.rows_read, checked.accepted.num_rows, len(set(checked.rejects.column("row").to_pylist())),
            checked.rejects.num_rows) == (read, accepted, rejected_rows, rejects)
    assert checked.ignored_columns == []
    readme = (SAMPLES / "README.md").read_text("utf-8")
    assert f"| `{name}` |" in readme and f"| {read} | {accepted} | {rejected_rows} | {rejects} |" in readme


def test_mistakes_sample_rejects_the_rows_its_readme_lists(con):
    checked = check_file(con, SAMPLES / "customers_mistakes.csv", "customers")
    assert problems(checked) == [
        (3, "手机", "bad_phone"), (5, "手机", "bad_phone"), (7, "姓名", "required"), (9, "生日", "bad_date"),
        (15, "省份", "unknown_province"), (17, "手机", "duplicate_in_file"), (19, "电子邮箱", "bad_email"),
        (23, "手机", "bad_phone"), (23, "生日", "bad_date"), (25, "生日", "date_out_of_range"),
        (27, "渠道", "unknown_channel")]
    accepted = {r["_row"]: r for r in checked.accepted.to_pylist()}
    assert accepted[11]["registered_at"] == dt.datetime(2024, 3, 5)
    assert accepted[13]["gender"] == "M"
    assert accepted[21]["phone"] == "13800131019"
    assert (accepted[29]["birthday"], accepted[29]["province_code"]) == (dt.date(1988, 7, 15), "ZJ")


def test_a_file_with_only_a_header(con, tmp_path):
    checked = check_file(con, write(tmp_path, "订单号,客户,日期,金额\n\n"), "orders")
    assert checked.rows_read == 0 and checked.accepted.num_rows == 0 and checked.rejects.num_rows == 0
    assert checked.accepted.column_names == ["order_ref", "customer", "ordered_at", "amount", "quantity", "status",
                                             "channel_id", "_row"]
    assert checked.rejects.column_names == ["file", "row", "column", "value", "reason", "detail"]
