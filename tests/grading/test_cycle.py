"""The whole grading cycle with real nbgrader on the course's real chapter 1 notebooks.

A roster of six (Chinese names), ch01-study and ch01-test released to a folder, six students'
zip files (right, partly right, empty, and three hostile ones), zip collection, parallel
autograding, feedback, the export as CSV and XLSX in both languages, and the BH challenge. Every
number of the export is compared with the values worked out by hand below (course.toml of the
test course: chapter 1 only, study 40 %, practice 10 %, training 10 %, test 40 %; regular 60 %,
final exam 40 %).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil

import nbformat
import pytest
from openpyxl import load_workbook

from crmkit import cli
from crmkit.grading import autograde, collect, course, export, feedback, roster, samples
from tests.grading.helpers import copy_course, hand_in, notebooks, steady_checkout

CELL_TIMEOUT = 15  # s05's endless loop costs this; ch01-test's data cells stay well below it on a busy machine
ROSTER = "学号,姓名\ns01,张伟\ns02,李娜\ns03,王芳\ns04,刘洋\ns05,陈静\ns06,赵磊\n"
NAMES = {"s01": "张伟", "s02": "李娜", "s03": "王芳", "s04": "刘洋", "s05": "陈静", "s06": "赵磊"}

# ch01-study: 8 questions, 10 points (q2 and q7 two each). ch01-test: 10 questions, 15 points
# (q7, q8, q9 two each, q10 three).
STUDY_POINTS = {"s01": 10, "s02": 7, "s03": 0, "s04": 9, "s05": 9, "s06": 6}
#   s02: q1 (1) and q7 (2) wrong; s03: the untouched release; s04: patches crmkit.checks after
#   q1, so q1's test scores zero; s05: an endless loop before its q3 answer; s06: os._exit() after
#   q5's test, so q6, q7, q8 (4 points) are lost.
TEST_POINTS = {"s01": 15, "s02": 12, "s04": 15, "s06": 0}
#   s02: q1 (1) and q9 (2) wrong; s06: not a valid notebook; s03 and s05 hand in nothing.

# Hand-worked grades: ch01 = 0.4 study% + 0.4 test% (practice and training missing: 0);
# regular = ch01; final exam missing: 0; total = 0.6 regular.
EXPECTED = {  # study%, practice%, training%, test%, ch01, regular, final, total
    "s01": (100, 0, 0, 100, 80, 80, 0, 48),
    "s02": (70, 0, 0, 80, 60, 60, 0, 36),
    "s03": (0, 0, 0, 0, 0, 0, 0, 0),
    "s04": (90, 0, 0, 100, 76, 76, 0, 45.6),
    "s05": (90, 0, 0, 0, 36, 36, 0, 21.6),
    "s06": (60, 0, 0, 0, 24, 24, 0, 14.4),
}
IDS = ["student_id", "name", "ch01-study", "ch01-practice", "ch01-training", "ch01-test", "ch01", "regular", "final",
       "total"]
ZH = ["学号", "姓名", "第1章·学", "第1章·练", "第1章·训", "第1章·测", "第1章", "平时成绩", "期末考试", "总评"]
EN = ["Student id", "Name", "Ch 1 study", "Ch 1 practice", "Ch 1 training", "Ch 1 test", "Chapter 1", "Regular grade",
      "Final exam", "Course total"]


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(list(args))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def cycle(released_course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cycle")
    root = copy_course(released_course, folder, cell_timeout=CELL_TIMEOUT)
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8-sig")
    done = {"setup": roster.setup(folder / "roster.csv", root)}

    release, source, wrong = notebooks(root, "ch01-study")
    right = samples.answered(release, source)
    loop = samples.answered(release, source, {"q3": samples.HOSTILE["endless_loop"] + "\n" + samples.solutions(
        nbformat.read(source, as_version=4))["q3"]})
    hand_in(folder / "study", "ch01-study", {
        "s01": right,
        "s02": samples.answered(release, source, {"q1": wrong["q1"], "q7": wrong["q7"]}),
        "s03": nbformat.read(release, as_version=4),
        "s04": samples.with_cell(right, samples.HOSTILE["patch_checks"], after="q1"),
        "s05": loop,
        "s06": samples.with_cell(right, samples.HOSTILE["hard_exit"], after="q5_test"),
    })
    release_t, source_t, wrong_t = notebooks(root, "ch01-test")
    hand_in(folder / "test", "ch01-test", {
        "s01": samples.answered(release_t, source_t),
        "s02": samples.answered(release_t, source_t, {"q1": wrong_t["q1"], "q9": wrong_t["q9"]}),
        "s04": samples.answered(release_t, source_t),
        "s06": b'{"cells": [ this is not JSON',
    })
    samples.hand_in(folder / "test", "s07", {"ch01-test/作业.ipynb": b"{}"})  # the wrong file name
    done["collect_study"] = collect.collect("ch01-study", root, zip_dir=folder / "study")
    done["collect_test"] = collect.collect("ch01-test", root, zip_dir=folder / "test")
    serial = folder / "serial" / "course"
    shutil.copytree(root, serial)  # the same submissions, for nbgrader's own serial autograde

    with steady_checkout():
        done["study"] = autograde.autograde("ch01-study", root, jobs=2)
        done["test_cli"] = run_cli("--lang", "en", "grade", "autograde", "ch01-test", "--jobs", "2", "--course", str(root))
    done["feedback"] = feedback.feedback("ch01-study", root)
    plain = folder / "plain" / "course"  # the same grades, feedback made by nbgrader's own command
    shutil.copytree(root, plain)
    course.nbgrader(course.open_course(plain), "generate_feedback", "ch01-study", "--force")
    course.nbgrader(course.open_course(serial), "autograde", "ch01-study", "--student=s0[123]",
                    f"--Execute.timeout={CELL_TIMEOUT}")
    done.update(root=root, folder=folder, serial=serial, plain=plain)
    return done


def auto_scores(root, assignment: str, student: str) -> dict[str, float]:
    with course.gradebook(course.open_course(root)) as gb:
        sub = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: g.auto_score for g in sub.grades}


def test_setup_adds_the_roster_with_chinese_names(cycle):
    assert sorted(cycle["setup"].added) == sorted(NAMES) and cycle["setup"].updated == []
    with course.gradebook(course.open_course(cycle["root"])) as gb:
        assert roster.names(gb) == NAMES


def test_collect_lists_who_handed_in_and_who_did_not(cycle):
    assert cycle["collect_study"].students == sorted(NAMES) and cycle["collect_study"].missing == []
    assert cycle["collect_test"].students == ["s01", "s02", "s04", "s06"]
    assert cycle["collect_test"].missing == ["s03", "s05"] and cycle["collect_test"].unknown == []
    assert cycle["collect_test"].skipped == ["s07.zip"]
    assert (cycle["root"] / "submitted" / "s02" / "ch01-study" / "ch01-study.ipynb").is_file()


def test_parallel_autograde_scores(cycle):
    summary = cycle["study"]
    assert {r.student: r.score for r in summary.results} == STUDY_POINTS
    assert {r.max_score for r in summary.results} == {10}
    assert summary.problems == [] and summary.failed == []
    with course.gradebook(course.open_course(cycle["root"])) as gb:
        graded = {s.student.id: s.score for s in gb.assignment_submissions("ch01-test")}
    assert graded == TEST_POINTS


def test_hostile_submissions_get_a_reason_the_teacher_can_read(cycle):
    by_id = {r.student: r for r in cycle["study"].results}
    keys = {sid: [x.key for x in r.reasons] for sid, r in by_id.items()}
    assert keys["s01"] == keys["s02"] == keys["s03"] == []
    assert keys["s04"] == ["guard"] and "check_choice" in by_id["s04"].reasons[0].values["detail"]
    assert keys["s05"] == ["timeout"] and by_id["s05"].reasons[0].values == {"cell": "q3", "seconds": CELL_TIMEOUT}
    assert keys["s06"] == ["stopped"] and by_id["s06"].reasons[0].values["cell"] == "#18"
    assert auto_scores(cycle["root"], "ch01-study", "s06") == {
        "q1_test": 1, "q2_test": 2, "q3_test": 1, "q4_test": 1, "q5_test": 1, "q6_test": 0, "q7_test": 0, "q8_test": 0}
    code, out = cycle["test_cli"]
    assert code == 1  # a submission could not be graded; the others were
    assert "s06: 0/15" in out and "is not a valid notebook" in out and "3 of 4 submissions graded" in out
    assert (cycle["root"] / "build" / "grading" / "autograde-ch01-test.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_parallel_scores_equal_nbgrader_serial_autograde(cycle):
    for student in ("s01", "s02", "s03"):
        assert auto_scores(cycle["root"], "ch01-study", student) == auto_scores(cycle["serial"], "ch01-study", student)


def test_feedback_never_shows_a_hidden_test(cycle):
    pages = {p.parent.parent.name: p for p in cycle["feedback"].pages}
    assert sorted(pages) == sorted(NAMES) and not cycle["feedback"].released
    assert_no_hidden_test(pages)


def test_nbgraders_own_feedback_command_hides_them_too(cycle):
    # what formgrader's "generate feedback" button runs: nbgrader_config.py lists HideTestCode
    pages = {p.parent.parent.name: p for p in (cycle["plain"] / "feedback").glob("*/ch01-study/*.html")}
    assert sorted(pages) == sorted(NAMES)
    assert_no_hidden_test(pages)


def assert_no_hidden_test(pages: dict):
    wrong = pages["s02"].read_text("utf-8")  # q1 and q7 wrong: crmkit.checks messages
    assert "q1" in wrong and "q7" in wrong
    assert "网购空调的家庭&quot;: &quot;C&quot;}, name=&quot;q7" not in wrong
    # s05's q3 never got an answer: a NameError, whose traceback would quote the hidden test around it
    unanswered = pages["s05"].read_text("utf-8")
    assert "NameError" in unanswered
    for text in (wrong, unanswered):
        assert "HIDDEN TESTS" not in text
        assert 'check_choice(q1, "B"' not in text and "check_choice(q1, &quot;B&quot;" not in text
        assert "check_choice(q3, [&quot;A&quot;, &quot;B&quot;, &quot;C&quot;]" not in text
        assert 'check_choice(q3, ["A", "B", "C"]' not in text


def test_grades_frame_is_the_export_contract(cycle):
    frame = export.grades(cycle["root"])
    assert list(frame.columns) == IDS
    assert frame["student_id"].tolist() == sorted(NAMES) and frame["name"].tolist() == [NAMES[s] for s in sorted(NAMES)]
    for _, row in frame.iterrows():
        assert tuple(row[IDS[2:]]) == pytest.approx(EXPECTED[row.student_id]), row.student_id


def test_missing_submissions_count_zero_and_are_listed(cycle):
    problems = export.problems(cycle["root"])
    missing = {(r.student_id, r.assignment) for r in problems.itertuples() if r.problem == "missing"}
    expected = {(s, a) for s in NAMES for a in ("ch01-practice", "ch01-training", "final-exam")}
    assert missing == expected | {("s03", "ch01-test"), ("s05", "ch01-test")}


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel on Chinese Windows
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


@pytest.mark.parametrize(("lang", "header"), [("zh", ZH), ("en", EN), ("ids", IDS)])
def test_csv_export(cycle, lang, header):
    target = cycle["folder"] / f"grades-{lang}.csv"
    flags = ["--ids"] if lang == "ids" else ["--lang", lang]
    code, out = run_cli("grade", "export", "--course", str(cycle["root"]), "--format", "csv", *flags,
                        "--output", str(target))
    assert code == 0 and str(target) in out
    rows = read_csv(target)
    assert rows[0] == header
    for row in rows[1:]:
        assert row[1] == NAMES[row[0]]
        assert [float(x) for x in row[2:]] == pytest.approx(EXPECTED[row[0]])
    assert [r[0] for r in rows[1:]] == sorted(NAMES)


@pytest.mark.parametrize(("lang", "header", "sheets"), [("zh", ZH, ["成绩", "缺交"]), ("en", EN, ["Grades", "Missing"])])
def test_xlsx_export(cycle, lang, header, sheets):
    target, _ = export.export(cycle["root"], fmt="xlsx", lang=lang, path=cycle["folder"] / f"grades-{lang}.xlsx")
    book = load_workbook(target)
    assert book.sheetnames == sheets
    rows = list(book[sheets[0]].iter_rows(values_only=True))
    assert list(rows[0]) == header
    for row in rows[1:]:
        assert row[1] == NAMES[row[0]]
        assert list(row[2:]) == pytest.approx(EXPECTED[row[0]])
    missing = list(book[sheets[1]].iter_rows(values_only=True))
    assert len(missing) == 1 + 6 * 3 + 2


def test_challenge_ranking_on_the_real_gradebook(cycle):
    groups = cycle["folder"] / "groups.csv"
    groups.write_text("组,学号\n一,s01\n一,s02\n一,s03\n一,s04\n一,s05\n一,s06\n", encoding="utf-8")
    target = cycle["folder"] / "challenge.csv"
    code, out = run_cli("--lang", "en", "grade", "challenge", "--groups", str(groups), "--course", str(cycle["root"]),
                        "--output", str(target))
    assert code == 0
    # no training is graded yet: everyone has 0, so the tie-break (total so far, then id) decides
    rows = read_csv(target)
    eliminated = [(r[1], r[3]) for r in rows[1:] if r[7] == "True"]
    assert eliminated == [("1", "s06"), ("2", "s05"), ("3", "s04"), ("4", "s02"), ("4", "s03")]
    assert "Winner (BH project manager): s01 张伟" in out and "tie-break" in out
    assert re.search(r"Level 1 \(ch02-training\): s01\(0\.0\) > s02", out)
