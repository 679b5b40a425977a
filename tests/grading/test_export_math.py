"""The export's arithmetic on a gradebook written by hand with nbgrader's API (no notebooks run).

Two chapters (30 % and 70 % of the regular grade), stages 20/25/30/25, regular 60 % + final 40 %.
Every assignment has one graded cell worth 10 points, the final exam one worth 20.
"""

from __future__ import annotations

import shutil

import pytest

from crmkit.grading import course, export
from tests.grading.helpers import CHECKOUT

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's add_submission

COURSE_TOML = """
[course]
id = "crm-course"
[weights.stages]
study = 20
practice = 25
training = 30
test = 25
[weights.chapters]
ch01 = 30
ch02 = 70
[weights.total]
regular = 60
final = 40
"""
ASSIGNMENTS = [f"{ch}-{st}" for ch in ("ch01", "ch02") for st in ("study", "practice", "training", "test")]
# (student, assignment): (auto score, manual score, late penalty)
SUBMISSIONS = {
    ("a", "ch01-study"): (8, None, 0), ("a", "ch01-practice"): (10, None, 0), ("a", "ch01-training"): (5, None, 0),
    ("a", "ch01-test"): (7, None, 0), ("a", "ch02-study"): (10, None, 0), ("a", "ch02-training"): (9, None, 0),
    ("a", "ch02-test"): (6, None, 0), ("a", "final-exam"): (15, None, 0),
    ("b", "ch01-study"): (10, None, 2),      # two points late penalty: 8 of 10
    ("b", "ch01-test"): (3, 9, 0),           # the teacher's manual score replaces the auto score
    ("c", "ch02-training"): (None, None, 0),  # waits for manual grading: counts 0 meanwhile
}
# Worked by hand:
# a: ch01 = .2*80 + .25*100 + .3*50 + .25*70 = 73.5; ch02 = .2*100 + .25*0 + .3*90 + .25*60 = 62
#    regular = .3*73.5 + .7*62 = 65.45; total = .6*65.45 + .4*75 = 69.27
# b: ch01 = .2*80 + .25*90 = 38.5; ch02 = 0; regular = .3*38.5 = 11.55; final 0; total = .6*11.55 = 6.93
EXPECTED = {
    "a": {"ch01-study": 80, "ch01-practice": 100, "ch01-training": 50, "ch01-test": 70, "ch01": 73.5,
          "ch02-study": 100, "ch02-practice": 0, "ch02-training": 90, "ch02-test": 60, "ch02": 62,
          "regular": 65.45, "final": 75, "total": 69.27},
    "b": {"ch01-study": 80, "ch01-test": 90, "ch01": 38.5, "regular": 11.55, "total": 6.93},
    "c": {},
}


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    root = tmp_path_factory.mktemp("export") / "course"
    root.mkdir()
    shutil.copy(CHECKOUT / "nbgrader_config.py", root)
    (root / "course.toml").write_text(COURSE_TOML, "utf-8")
    c = course.open_course(root)
    with course.gradebook(c, create=True) as gb:
        for sid, name in (("a", "张三"), ("b", "李四"), ("c", "王五")):
            gb.add_student(sid, last_name=name, first_name="")
        for name in [*ASSIGNMENTS, "final-exam"]:
            gb.add_assignment(name)
            gb.add_notebook(name, name)
            gb.add_grade_cell("t1", name, name, max_score=20 if name == "final-exam" else 10, cell_type="code")
        for (sid, name), (auto, manual, penalty) in SUBMISSIONS.items():
            sub = gb.add_submission(name, sid)
            notebook = sub.notebooks[0]
            notebook.late_submission_penalty = penalty
            grade = notebook.grades[0]
            grade.auto_score, grade.manual_score = auto, manual
            grade.needs_manual_grade = auto is None
        gb.db.commit()
    return c


def test_every_number_against_the_hand_worked_values(handmade):
    frame = export.grades(handmade).set_index("student_id")
    assert list(frame.columns) == ["name", *ASSIGNMENTS[:4], "ch01", *ASSIGNMENTS[4:], "ch02", "regular", "final",
                                   "total"]
    assert frame["name"].tolist() == ["张三", "李四", "王五"]
    for sid, values in EXPECTED.items():
        for column in frame.columns[1:]:
            assert frame.at[sid, column] == pytest.approx(values.get(column, 0.0)), (sid, column)


def test_missing_and_unfinished_are_listed(handmade):
    problems = export.problems(handmade)
    rows = {(r.student_id, r.assignment, r.problem) for r in problems.itertuples()}
    submitted = {(s, a) for s, a in SUBMISSIONS}
    missing = {(s, a, "missing") for s in "abc" for a in [*ASSIGNMENTS, "final-exam"] if (s, a) not in submitted}
    assert rows == missing | {("c", "ch02-training", "needs_manual_grade")}


def test_weights_that_do_not_add_up_stop_the_export(handmade, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(handmade.root, root)
    (root / "course.toml").write_text(COURSE_TOML.replace("ch02 = 70", "ch02 = 34"), "utf-8")
    with pytest.raises(Exception, match=r"weights\.chapters.*64"):
        export.grades(root)
