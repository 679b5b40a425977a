"""Hostile and broken submissions of ch01-study, graded in one parallel run with real nbgrader.

Each student answers every question right except where the case says otherwise, so the points
lost are exactly what the hostile code broke (ch01-study: 10 points; q2 and q7 are worth 2).
The endless loop, os._exit(), a patched crmkit.checks and an invalid notebook are in
test_cycle.py.
"""

from __future__ import annotations

import copy
import os
import time

import nbformat
import pytest

from crmkit import config
from crmkit.grading import autograde, collect, course, protect, roster, samples
from tests.grading.helpers import copy_course, hand_in, notebooks, steady_checkout

CELL_TIMEOUT = 3
MAX_OUTPUT = 20_000
POINTS = {"h01": 10, "h02": 10, "h03": 10, "h04": 10, "h05": 0, "h06": 9, "h07": 8, "h08": 9, "h09": 9, "h10": 9,
          "h11": 8, "h12": 9}
DELETE = """import os, shutil, pathlib
pathlib.Path("../../../gradebook.db").unlink()
shutil.rmtree("../../../submitted", ignore_errors=True)
for f in pathlib.Path(os.environ["CRMKIT_HOME"]).iterdir():
    f.unlink()
pathlib.Path({gradebook!r}).unlink()
shutil.rmtree({other!r}, ignore_errors=True)
"""
DAEMON = """import subprocess, pathlib
p = subprocess.Popen(["sleep", "300"], start_new_session=True)
pathlib.Path({pid_file!r}).write_text(str(p.pid))
import sys
sys.exit(3)
"""
HOOK = """import crmkit.checks
def _patch(*args):
    crmkit.checks.check_value = lambda *a, **k: True
get_ipython().events.register("pre_run_cell", _patch)
"""
REBIND = """class _Yes:
    def __getattr__(self, name):
        return lambda *a, **k: True
ck = type("Fake", (), {"checks": _Yes()})()
"""


def cell_index(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


@pytest.fixture(scope="module")
def hostile(released_course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    root = copy_course(released_course, folder, cell_timeout=CELL_TIMEOUT, max_output_bytes=MAX_OUTPUT)
    (folder / "roster.csv").write_text("学号,姓名\n" + "".join(f"{s},学生{s[1:]}\n" for s in POINTS), "utf-8")
    roster.setup(folder / "roster.csv", root)
    release, source, wrong = notebooks(root, "ch01-study")
    right = samples.answered(release, source)

    edited = samples.answered(release, source, {"q1": wrong["q1"]})
    edited.cells[cell_index(edited, "q1_test")].source = "pass"
    deleted = samples.answered(release, source, {"q2": wrong["q2"]})
    del deleted.cells[cell_index(deleted, "q2_test")]
    duplicated = samples.answered(release, source, {"q3": wrong["q3"]})
    pasted = copy.deepcopy(duplicated.cells[cell_index(duplicated, "q3_test")])
    pasted.id = "pasted-copy"  # JupyterLab gives a pasted cell a new id; its metadata is copied
    duplicated.cells.insert(cell_index(duplicated, "q3"), pasted)
    retyped = samples.answered(release, source, {"q4": wrong["q4"]})
    test_cell = retyped.cells[cell_index(retyped, "q4_test")]
    retyped.cells[cell_index(retyped, "q4_test")] = nbformat.v4.new_markdown_cell(test_cell.source, metadata=test_cell.metadata)
    always = samples.with_cell(samples.answered(release, source, {"q5": "q5 = _Always()"}),
                               samples.HOSTILE["always_equal"], after="q4_test")

    pid_file = folder / "daemon.pid"
    gradebook = root / "gradebook.db"
    hand_in(folder / "in", "ch01-study", {
        "h01": right,
        "h02": samples.with_cell(right, samples.HOSTILE["endless_print"], after="q1"),
        "h03": samples.with_cell(right, DAEMON.format(pid_file=str(pid_file)), after="q2"),
        "h04": samples.with_cell(right, samples.HOSTILE["exception"]),
        "h05": samples.with_cell(right, DELETE.format(gradebook=str(gradebook),
                                                      other=str(root / "submitted" / "h12")), after="q4"),
        "h06": edited, "h07": deleted, "h08": duplicated, "h09": retyped, "h10": always,
        "h11": samples.with_cell(right, HOOK, after="q1_test"),
        "h12": samples.with_cell(right, REBIND, after="q5"),
    })
    collect.collect("ch01-study", root, zip_dir=folder / "in")
    data = {p: protect.stamp(p) for p in sorted(config.data_home().glob("*.duckdb"))}
    with steady_checkout():
        summary = autograde.autograde("ch01-study", root, jobs=2)
    return {"root": root, "summary": summary, "by_id": {r.student: r for r in summary.results}, "data": data,
            "pid_file": pid_file}


def reasons(hostile, student):
    return [(r.key, r.values.get("cell")) for r in hostile["by_id"][student].reasons]


def test_scores_lose_only_what_each_notebook_broke(hostile):
    assert {s: r.score for s, r in hostile["by_id"].items()} == POINTS


def test_the_gradebook_holds_everyones_grades(hostile):
    with course.gradebook(course.open_course(hostile["root"])) as gb:
        assert {s.student.id: s.score for s in gb.assignment_submissions("ch01-study")} == POINTS


def test_an_ordinary_submission_has_no_reasons(hostile):
    assert reasons(hostile, "h01") == [] and hostile["by_id"]["h01"].graded


def test_endless_printing_is_stopped_and_cut(hostile):
    assert sorted(reasons(hostile, "h02")) == [("output_cut", "#5"), ("timeout", "#5")]
    graded = nbformat.read(hostile["root"] / "autograded" / "h02" / "ch01-study" / "ch01-study.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in graded.cells[4].outputs if o.output_type == "stream")
    assert "spam" in printed and "[crmkit]" in printed and len(printed) < MAX_OUTPUT + 500


def test_sys_exit_is_harmless_and_background_processes_are_killed(hostile):
    assert reasons(hostile, "h03") == []
    pid = int(hostile["pid_file"].read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}") and "Z" not in _state(pid):
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{pid}") or "Z" in _state(pid)  # gone (or a zombie awaiting its parent)


def _state(pid: int) -> str:
    try:
        return open(f"/proc/{pid}/stat").read().split()[2]
    except OSError:
        return "Z"


def test_an_exception_at_the_top_costs_nothing(hostile):
    assert reasons(hostile, "h04") == [] and hostile["by_id"]["h04"].score == 10


def test_deleting_files_only_harms_the_deleter(hostile):
    assert reasons(hostile, "h05") == [("results_lost", None)] and not hostile["by_id"]["h05"].graded
    problems = [p.key for p in hostile["summary"].problems]
    assert problems and set(problems) == {"gradebook_restored"}  # the real gradebook was deleted and put back
    assert {p: protect.stamp(p) for p in hostile["data"]} == hostile["data"]  # the course data is untouched
    assert hostile["by_id"]["h12"].graded  # its submission folder was deleted, but graded from the snapshot


@pytest.mark.parametrize(("student", "expected"), [
    ("h06", [("edited", "q1_test")]),
    ("h07", [("deleted", "q2_test")]),
    ("h08", [("duplicated", "q3_test")]),
    ("h09", [("retyped", "q4_test")]),
])
def test_changed_test_cells_are_put_back_and_reported(hostile, student, expected):
    assert reasons(hostile, student) == expected


def test_an_answer_equal_to_everything_is_refused(hostile):
    assert reasons(hostile, "h10") == []
    graded = nbformat.read(hostile["root"] / "autograded" / "h10" / "ch01-study" / "ch01-study.ipynb", as_version=4)
    (error,) = [o for o in graded.cells[cell_index(graded, "q5_test")].outputs if o.output_type == "error"]
    assert error.ename == "CheckFailed"


@pytest.mark.parametrize(("student", "cell", "names"), [("h11", "q2_test", "check_value"), ("h12", "q5_test", "ck")])
def test_hooks_and_rebinding_are_caught(hostile, student, cell, names):
    (reason,) = hostile["by_id"][student].reasons
    assert (reason.key, reason.values["cell"]) == ("guard", cell) and names in reason.values["detail"]
