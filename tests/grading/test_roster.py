"""The class roster: Excel or CSV with Chinese names into the gradebook; bad ids reported by row, nothing half-added."""

import shutil

import pytest
from openpyxl import Workbook

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading import course, roster
from tests.grading.helpers import CHECKOUT


@pytest.fixture(scope="module")
def empty_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("roster") / "course"
    root.mkdir()
    for name in ("nbgrader_config.py", "course.toml"):
        shutil.copy(CHECKOUT / name, root / name)
    return course.open_course(root)


def students(c):
    with course.gradebook(c) as gb:
        return {s.id: (s.last_name, s.email) for s in gb.students}


def test_xlsx_roster_with_chinese_names_and_numeric_ids(empty_course, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "邮箱"])
    sheet.append([2024001, "欧阳娜娜", "nana@example.com"])  # an id typed as a number in Excel
    sheet.append(["s-02_b", "王小明", None])
    book.save(tmp_path / "名单.xlsx")
    result = roster.setup(tmp_path / "名单.xlsx", empty_course)
    assert result.added == ["2024001", "s-02_b"] and result.updated == []
    assert students(empty_course) == {"2024001": ("欧阳娜娜", "nana@example.com"), "s-02_b": ("王小明", None)}


def test_gbk_csv_updates_names_and_adds_new_students(empty_course, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("Student_ID,Name\n2024001,欧阳娜娜（班长）\nx9,李雷\n", encoding="gbk")
    result = roster.setup(path, empty_course)
    assert result.added == ["x9"] and result.updated == ["2024001"]
    assert students(empty_course)["2024001"][0] == "欧阳娜娜（班长）"


def test_bad_ids_are_reported_by_row_and_nothing_is_added(empty_course, tmp_path):
    before = students(empty_course)
    path = tmp_path / "bad.csv"
    path.write_text("学号,姓名\nok1,张伟\nS01,李娜\n张三,张三\n,无名\nok1,重复\nok2,王芳\n", encoding="utf-8")
    with i18n.language("en"), pytest.raises(CrmkitError) as caught:
        roster.setup(path, empty_course)
    text = str(caught.value)
    assert "has 4 problem" in text and "nothing was added" in text
    assert "row 3: student id 'S01' is not valid" in text
    assert "row 4: student id '张三' is not valid" in text
    assert "row 5: the student id is empty" in text
    assert "row 6: student id 'ok1' was already given in row 2" in text
    assert students(empty_course) == before


def test_a_roster_without_an_id_column(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,班级\n张伟,1班\n", encoding="utf-8")
    with i18n.language("en"), pytest.raises(CrmkitError, match="no student id column"):
        roster.read_roster(path)
