"""Reading the grade export for the student report; expected values are worked out by hand."""

import json

import pytest

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.reports import charts, grades

# Ids that only text keeps apart: 00007 and 7. Totals 76.7, 96, 76.7 (a tie for second place).
EXPORT = """student_id,name,ch01-study,ch01-practice,ch01-training,ch01-test,ch01,ch02-study,ch02-practice,ch02-training,ch02-test,ch02,regular,final,total
00123,甲,80,90,70,60,74.5,60,60,60,60,60,67.25,80,76.7
00007,乙,100,100,100,100,100,90,90,90,90,90,95,90,96
7,丙,50,50,50,50,50,100,100,100,100,100,75,80,76.7
"""


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text(EXPORT, encoding="utf-8-sig")  # as `crmkit grade export` writes it: UTF-8 with a BOM
    return grades.read(path)


def test_an_empty_grade_is_no_grade(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text(EXPORT.replace("00123,甲,80,", "00123,甲,,"), encoding="utf-8")
    assert grades.read(path).isna().sum().sum() == 1


def test_ids_stay_text(export):
    assert list(export.student_id) == ["00123", "00007", "7"]
    assert grades.student(export, "00007")["name"] == "乙"
    assert grades.student(export, 7)["name"] == "丙"
    assert grades.chapters(export) == ["ch01", "ch02"]


def test_stage_table(export):
    table = grades.stage_table(export, "00123")
    assert list(table.columns) == ["chapter", "study", "practice", "training", "test", "chapter_grade", "class_average"]
    assert table.iloc[0].tolist() == ["ch01", 80, 90, 70, 60, 74.5, 74.8]   # (74.5 + 100 + 50) / 3 = 74.83
    assert table.iloc[1].tolist() == ["ch02", 60, 60, 60, 60, 60, 83.3]     # (60 + 90 + 100) / 3 = 83.33
    with i18n.language("zh"):
        assert list(table.display_frame().columns)[:3] == ["章", "学", "练"]


def test_standing_ranks_ties_together(export):
    with i18n.language("zh"):
        first, tied, other = (grades.standing(export, s) for s in ("00007", "00123", "7"))
    assert (first["rank"], tied["rank"], other["rank"]) == (1, 2, 2)
    assert first["class_size"] == 3 and first["class_average"] == 83.1     # (76.7 + 96 + 76.7) / 3
    assert (first["band"], first["band_name"]) == ("excellent", "优秀")
    assert (tied["band"], tied["regular"], tied["final"], tied["total"]) == ("fair", 67.25, 80.0, 76.7)


@pytest.mark.parametrize("grade, band", [(100, "excellent"), (90, "excellent"), (89.99, "good"), (80, "good"),
                                         (79.9, "fair"), (70, "fair"), (60, "pass"), (59.99, "fail"), (0, "fail")])
def test_bands(grade, band):
    assert grades.band(grade) == band


def test_unknown_student_lists_ids(export):
    with pytest.raises(CrmkitError, match="00123, 00007, 7") as caught, i18n.language("en"):
        grades.student(export, "0007")
    assert caught.value.key == "reports.error.unknown_student"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exports_with_headers_in_words_and_as_excel(export, tmp_path, lang):
    from crmkit.grading.export import header

    worded = export.rename(columns=lambda c: header(c, lang))
    worded.to_csv(tmp_path / "words.csv", index=False, encoding="utf-8-sig")
    worded.to_excel(tmp_path / "words.xlsx", index=False)
    for name in ("words.csv", "words.xlsx"):
        again = grades.read(tmp_path / name)
        assert list(again.columns) == list(export.columns), name
        assert list(again.student_id) == ["00123", "00007", "7"] and list(again.total) == [76.7, 96.0, 76.7]


def test_a_file_that_is_not_a_grade_export(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("学号,姓名,总评\n00123,甲,80\n", encoding="utf-8")   # no stage grades, no regular grade
    with pytest.raises(CrmkitError, match="regular, final") as caught, i18n.language("en"):
        grades.read(path)
    assert caught.value.key == "reports.error.bad_grades"
    with pytest.raises(CrmkitError) as caught:
        grades.read(tmp_path / "missing.csv")
    assert caught.value.key == "reports.error.no_grades"


def test_the_sample_class_is_a_complete_export():
    sample = grades.read()
    assert len(sample) == 12 and sample.student_id.str.fullmatch(r"00\d{3}").all()
    assert grades.chapters(sample) == ["ch01", "ch02", "ch03", "ch04", "ch05"]
    row = grades.student(sample, "00101")
    # weights of course.toml: stages 20/25/30/25, chapters 20 each, regular 60 + final 40
    assert row["ch01"] == pytest.approx(0.2 * 64 + 0.25 * 49 + 0.3 * 72 + 0.25 * 67, abs=0.05)
    assert row["total"] == pytest.approx(0.6 * row["regular"] + 0.4 * row["final"], abs=0.05)


def test_charts_name_no_other_student(export):
    with i18n.language("en"):
        fig = charts.class_distribution(export, "00123")
    text = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)
    assert "count" not in text and "Students" in text
    assert "甲" in text and "乙" not in text and "丙" not in text
    assert fig.layout.title.text == "Course totals of the class"
    assert [round(v, 1) for v in charts.chapter_grades(grades.stage_table(export, "7")).data[1].y] == [74.8, 83.3]
