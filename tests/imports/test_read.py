"""read_file: real files written here, in every encoding, delimiter and Excel cell type a user may
produce; expected values and row numbers worked out by hand."""

import datetime as dt

import openpyxl
import pytest

from crmkit import i18n
from crmkit.data.imports.read import read_file
from crmkit.errors import CrmkitError


def rows(raw, *columns):
    """The table as tuples of the given columns (and _row last)."""
    return [tuple(r[c] for c in (*columns, "_row")) for r in raw.table.to_pylist()]


def test_utf8_csv_strips_values_and_numbers_rows_as_an_editor_shows_them(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("姓名, 手机 \n 王小明 ,13800138000\n\n李娜,\n,\n赵强,13800138001\n", encoding="utf-8")
    raw = read_file(path)
    assert raw.encoding == "utf-8" and raw.sheet is None and raw.bad_rows == []
    assert raw.table.column_names == ["姓名", "手机", "_row"]
    # line 3 is blank and line 5 holds only a comma: both skipped, their numbers still count
    assert rows(raw, "姓名", "手机") == [("王小明", "13800138000", 2), ("李娜", None, 4), ("赵强", "13800138001", 6)]
    assert str(raw.table.schema.field("_row").type) == "int64"


def test_gbk_csv_with_chinese_headers(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("姓名,性别,手机号,省份\r\n张伟,男,13800138000,广东省\r\n王芳,女,13900139000,浙江\r\n".encode("gbk"))
    raw = read_file(path)
    assert raw.encoding == "gb18030"
    assert rows(raw, "姓名", "性别", "手机号", "省份") == [("张伟", "男", "13800138000", "广东省", 2),
                                                       ("王芳", "女", "13900139000", "浙江", 3)]


def test_utf8_with_bom_and_utf16(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("姓名,手机\n王小明,13800138000\n".encode("utf-8-sig"))
    raw = read_file(bom)
    assert raw.encoding == "utf-8-sig"
    assert raw.table.column_names == ["姓名", "手机", "_row"]  # no BOM glued to the first header
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("姓名\t手机\n王小明\t13800138000\n".encode("utf-16"))
    raw = read_file(utf16)
    assert raw.encoding == "utf-16"
    assert rows(raw, "姓名", "手机") == [("王小明", "13800138000", 2)]


def test_tsv_semicolon_csv_and_txt(tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("name\tphone,x\nAnn\t1,2\n", encoding="utf-8")
    assert rows(read_file(tsv), "name", "phone,x") == [("Ann", "1,2", 2)]
    semi = tmp_path / "s.csv"
    semi.write_text("name;amount;note\nAnn;1,5;a,b\n", encoding="utf-8")
    assert rows(read_file(semi), "name", "amount", "note") == [("Ann", "1,5", "a,b", 2)]
    txt = tmp_path / "t.txt"
    txt.write_text("name,phone\nBob,2\n", encoding="utf-8")
    assert rows(read_file(txt), "name", "phone") == [("Bob", "2", 2)]


def test_quoted_commas_and_line_breaks_keep_row_numbers_right(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('name,address,phone\nAnn,"Room 1, Block 2",1\nBob,"line one\nline two",2\nCid,"say ""hi""",3\n',
                    encoding="utf-8")
    raw = read_file(path)
    # Bob's record spans lines 3-4, so Cid is on line 5
    assert rows(raw, "name", "address") == [("Ann", "Room 1, Block 2", 2), ("Bob", "line one\nline two", 3),
                                            ("Cid", 'say "hi"', 5)]


def test_rows_with_too_many_or_too_few_fields(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n13,14,15\n", encoding="utf-8")
    raw = read_file(path)
    # too few: padded with null; extra *empty* fields (as Excel writes): tolerated; extra values: set aside
    assert rows(raw, "a", "b", "c") == [("1", "2", "3", 2), ("4", "5", None, 3), ("10", "11", "12", 5),
                                        ("13", "14", "15", 6)]
    assert raw.bad_rows == [(4, "wrong_field_count", {"found": 4, "expected": 3, "text": "6,7,8,9"})]


def test_blank_lines_before_the_header(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("\n,,\nname,phone\nAnn,1\n", encoding="utf-8")
    raw = read_file(path)
    assert rows(raw, "name", "phone") == [("Ann", "1", 4)]


def test_unnamed_columns(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("name,,phone,\nAnn,,1,x\n", encoding="utf-8")
    raw = read_file(path)
    # the empty unnamed column disappears; the one holding data is named by its position
    assert raw.table.column_names == ["name", "phone", "#4", "_row"]


def test_excel_cells_become_the_text_the_user_sees(tmp_path):
    path = tmp_path / "x.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append([])                                                   # row 1 empty: the header is row 2
    sheet.append(["姓名", "手机", "生日", "注册时间", "序列日期", "金额"])
    sheet.append(["王小明", 13812345678, dt.date(1990, 5, 1), dt.datetime(2024, 3, 5, 14, 30), 45356, 99.5])
    sheet.append([])                                                   # row 4 blank
    sheet.append([" 李娜 ", "13900139000", None, None, 45356.5, 1234])
    sheet["C3"].number_format = "yyyy-mm-dd"
    sheet["D3"].number_format = "yyyy-mm-dd hh:mm:ss"
    other = workbook.create_sheet("第二页")
    other.append(["姓名"])
    other.append(["赵强"])
    workbook.save(path)

    raw = read_file(path)
    assert raw.encoding is None and raw.sheet == "名单" and raw.bad_rows == []
    assert raw.table.column_names == ["姓名", "手机", "生日", "注册时间", "序列日期", "金额", "_row"]
    assert [tuple(r.values()) for r in raw.table.to_pylist()] == [
        ("王小明", "13812345678", "1990-05-01", "2024-03-05 14:30:00", "45356", "99.5", 3),
        ("李娜", "13900139000", None, None, "45356.5", "1234", 5),
    ]
    assert read_file(path, sheet="第二页").table.to_pylist() == [{"姓名": "赵强", "_row": 2}]
    with i18n.language("en"), pytest.raises(CrmkitError, match="no sheet named 'nope'.*名单, 第二页") as err:
        read_file(path, sheet="nope")
    assert err.value.key == "import.unknown_sheet"


def test_errors_name_the_file_and_what_to_do(tmp_path):
    with i18n.language("en"):
        with pytest.raises(CrmkitError, match="File not found") as err:
            read_file(tmp_path / "nope.csv")
        assert err.value.key == "error.missing_file"

        (tmp_path / "data.xls").write_bytes(b"old")
        with pytest.raises(CrmkitError, match=r"data\.xls.*\.xlsx, \.csv, \.tsv, \.txt") as err:
            read_file(tmp_path / "data.xls")
        assert err.value.key == "import.bad_extension"

        (tmp_path / "bytes.csv").write_bytes(b"name\n\xff\xfe\xff\n")   # neither UTF-8 nor GB18030
        with pytest.raises(CrmkitError, match="CSV UTF-8") as err:
            read_file(tmp_path / "bytes.csv")
        assert err.value.key == "import.bad_encoding"

        (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
        with pytest.raises(CrmkitError) as err:
            read_file(tmp_path / "empty.csv")
        assert err.value.key == "import.empty_file"

        (tmp_path / "fake.xlsx").write_text("not a workbook", encoding="utf-8")
        with pytest.raises(CrmkitError) as err:
            read_file(tmp_path / "fake.xlsx")
        assert err.value.key == "import.bad_excel"
    with i18n.language("zh"), pytest.raises(CrmkitError, match="只支持这些文件类型"):
        read_file(tmp_path / "data.xls")


def test_row_numbers_stay_right_across_the_readers_blocks(tmp_path):
    # about 2 MB, so Arrow's reader works through it in several blocks; every 997th line is broken
    # in one of four ways, and the test knows the editor line of every record it writes
    lines, expected, bad = ["id,name,note"], [], []
    while len(lines) < 60_000:
        k = len(expected) + len(bad)
        kind = k % 997
        if kind == 1:
            lines.append("")                                              # blank line
        elif kind == 2:
            bad.append(len(lines) + 1)
            lines.append(f"{k},x,y,extra")                                # too many fields
        elif kind == 3:
            expected.append((str(k), "line one\nline two", len(lines) + 1))
            lines.append(f'{k},"line one')                                # a value over two lines
            lines.append('line two",z')
            continue
        elif kind == 4:
            expected.append((str(k), None, len(lines) + 1))
            lines.append(f"{k}")                                          # too few fields
            continue
        else:
            expected.append((str(k), f"name {k}", len(lines) + 1))
            lines.append(f"{k},name {k},a note of some length")
            continue
        expected.append(None)                                            # keeps k counting
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1_500_000
    raw = read_file(path)
    assert rows(raw, "id", "name") == [e for e in expected if e is not None]
    assert [row for row, _, _ in raw.bad_rows] == bad
