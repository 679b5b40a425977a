"""The customer roster export (客户名册): a hand-written shop for exact contents, the generated mall
for masking (student) and full contact data (teacher)."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

import crmkit as ck
from crmkit import i18n
from crmkit.data import roster
from crmkit.data.roster import export_roster
from tests.fixtures import BASE

# Two customers; 1 has two paid orders (90 + 50.50) and a closed one; 2 has no gender, birthday, phone or address.
SHOP = BASE + """
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '王小明', 'M', DATE '1990-05-01', '138****5678', 'w***@qq.com', 'GD', 1, '广东省深圳市****', 1, 1,
  TIMESTAMP '2025-01-01 10:00:05', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李娜', NULL, NULL, NULL, NULL, 'ZJ', 2, NULL, 1, 2,
  TIMESTAMP '2025-02-01 10:00', TIMESTAMP '2025-02-01 10:00');
INSERT INTO orders VALUES
 (10, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-05 10:00', TIMESTAMP '2026-01-05 10:01', NULL, NULL, 100.00, 10.00, 90.00),
 (11, 1, 2, NULL, 'completed', TIMESTAMP '2026-03-05 10:00', TIMESTAMP '2026-03-05 10:01', NULL, NULL, 50.50, 0.00, 50.50),
 (12, 1, 1, NULL, 'closed',    TIMESTAMP '2026-04-05 10:00', NULL, NULL, NULL, 999.00, 0.00, 999.00);
"""

ZH_HEADER = ["客户编码", "姓名", "性别", "生日", "手机", "电子邮箱", "省份", "城市", "地址", "渠道", "注册时间", "订单数",
             "消费总额"]
EN_HEADER = ["Customer code", "Name", "Gender", "Birthday", "Mobile", "E-mail", "Province", "City", "Address",
             "Channel", "Registered", "Orders", "Total spend"]


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel on Chinese Windows needs
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


@pytest.fixture
def con(tiny_shop):
    return tiny_shop(SHOP)


def test_csv_in_chinese(con, tmp_path):
    path = tmp_path / "名册.csv"
    with i18n.language("zh"):
        assert export_roster(con, path) == 2
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: readable by its owner only
    assert read_csv(path) == [
        ZH_HEADER,
        ["MA0120250000001", "王小明", "男", "1990-05-01", "138****5678", "w***@qq.com", "广东省", "深圳市",
         "广东省深圳市****", "官方App", "2025-01-01 10:00:05", "2", "140.50"],
        ["MA0220250000002", "李娜", "", "", "", "", "浙江省", "杭州市", "", "天猫旗舰店", "2025-02-01 10:00:00", "0",
         "0.00"],
    ]


def test_csv_in_english_whatever_the_language_in_use(con, tmp_path):
    path = tmp_path / "roster.CSV"
    with i18n.language("zh"):
        export_roster(con, path, lang="en")
        assert i18n.get_language() == "zh"
    rows = read_csv(path)
    assert rows[0] == EN_HEADER
    assert rows[1][2] == "Male" and rows[1][6:8] == ["Guangdong", "Shenzhen"] and rows[1][9] == "Official app"


def test_xlsx(con, tmp_path):
    path = tmp_path / "out" / "roster.xlsx"  # a missing folder is created
    assert export_roster(con, path, lang="zh") == 2
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "客户名册"
    assert rows[0] == ZH_HEADER
    first = rows[1]
    assert first[:3] == ["MA0120250000001", "王小明", "男"]
    assert str(first[3])[:10] == "1990-05-01" and str(first[10]) == "2025-01-01 10:00:05"
    assert first[4] == "138****5678" and first[11] == 2 and float(first[12]) == 140.50
    assert rows[2][2:6] == [None, None, None, None] and rows[2][11] == 0
    assert len(rows) == 3


def test_replaces_an_existing_file(con, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "roster.csv"
    path.write_text("old")
    export_roster(con, path)
    assert len(read_csv(path)) == 3
    assert [p.name for p in folder.iterdir()] == ["roster.csv"]  # no temporary file left


def test_bad_file_type(con, tmp_path):
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=r"must end in \.xlsx, \.csv"):
        export_roster(con, tmp_path / "roster.txt")
    assert not (tmp_path / "roster.txt").exists()


def test_too_many_rows_for_excel(con, tmp_path, monkeypatch):
    monkeypatch.setattr(roster, "XLSX_MAX_ROWS", 1)  # the shop has 2 customers, the sheet now holds 1
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "roster.xlsx"
    path.write_bytes(b"keep me")
    with i18n.language("en"), pytest.raises(ck.CrmkitError, match=r"2 customers.*\(1 rows\).*\.csv"):
        export_roster(con, path)
    assert path.read_bytes() == b"keep me"  # a failed export leaves the old file alone
    assert [p.name for p in folder.iterdir()] == ["roster.xlsx"]
    assert export_roster(con, tmp_path / "roster.csv") == 2  # CSV has no such limit


MASKED_PHONE = re.compile(r"^\d{3}\*{4}\d{4}$")


def test_a_students_mall_roster_is_masked(tmp_path):
    con = ck.connect("mall")
    customers = con.execute("SELECT count(*) FROM customers").fetchone()[0]
    path = tmp_path / "roster.csv"
    assert export_roster(con, path, lang="en") == customers
    rows = read_csv(path)
    phone = rows[0].index("Mobile")
    assert len(rows) == customers + 1
    assert all(MASKED_PHONE.match(r[phone]) or r[phone] == "" for r in rows[1:])
    assert all("****" in r[rows[0].index("Address")] for r in rows[1:] if r[rows[0].index("Address")])
    con.close()


def test_a_teachers_mall_roster_is_not_masked(tmp_path):
    con = ck.connect("mall", role="teacher")
    path = tmp_path / "roster.xlsx"
    export_roster(con, path, lang="en")
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    phones = [r[rows[0].index("Mobile")] for r in rows[1:]]
    assert sum(bool(re.fullmatch(r"1\d{10}", p or "")) for p in phones) == len(phones)
    con.close()
