"""Hostile and broken submissions of ch01-study, graded in one parallel run with real nbgrader.

Each student answers every question right except where the case says otherwise, so the points
lost are exactly what the hostile code broke (ch01-study: 10 points; q2 and q7 are worth 2).
The endless loop, os._exit(), a patched crmkit.checks and an invalid notebook are in
test_cycle.py.
"""

from __future__ import annotations

import copy
import json
import os
import time

import nbformat
import pytest

from crmkit import config
from crmkit.grading import autograde, collect, course, protect, roster, samples
from tests.grading.helpers import copy_course, hand_in, notebooks, steady_checkout

CELL_TIMEOUT = 3
MAX_OUTPUT = 20_000
# h01 right; h02 prints endlessly; h03 raises at the top, calls sys.exit() after q2 (leaving a
# process behind) and answers q5 with an object equal to everything (-1); h05 deletes files;
# h06 edits q1's test, deletes q2's, duplicates q3's and retypes q4's, with those four answers
# wrong (-1 -2 -1 -1); h11 hooks into IPython to patch the checks before q2's test (-2);
# h12 rebinds ck before q5's test (-1).
POINTS = {"h01": 10, "h02": 10, "h03": 9, "h05": 0, "h06": 5, "h11": 8, "h12": 9}
DELETE = """import os, shutil, pathlib, json
home = pathlib.Path(os.environ["CRMKIT_HOME"])
pathlib.Path({seen!r}).write_text(json.dumps({{"home": str(home), "files": sorted(os.listdir(home)),
    "role": os.environ.get("CRMKIT_ROLE"), "cwd": os.getcwd(), "tokens": sorted(k for k in os.environ if "TOKEN" in k)}}))
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

    cells = samples.answered(release, source, {q: wrong[q] for q in ("q1", "q2", "q3", "q4")})
    cells.cells[cell_index(cells, "q1_test")].source = "pass"                       # edited
    del cells.cells[cell_index(cells, "q2_test")]                                   # deleted
    pasted = copy.deepcopy(cells.cells[cell_index(cells, "q3_test")])
    pasted.id = "pasted-copy"  # JupyterLab gives a pasted cell a new id; its metadata is copied
    cells.cells.insert(cell_index(cells, "q3"), pasted)                             # duplicated
    test_cell = cells.cells[cell_index(cells, "q4_test")]
    cells.cells[cell_index(cells, "q4_test")] = nbformat.v4.new_markdown_cell(test_cell.source,
                                                                              metadata=test_cell.metadata)  # retyped
    careless = samples.with_cell(samples.answered(release, source, {"q5": "q5 = _Always()"}),
                                 samples.HOSTILE["always_equal"], after="q4_test")
    careless = samples.with_cell(careless, DAEMON.format(pid_file=str(folder / "daemon.pid")), after="q2")
    careless = samples.with_cell(careless, samples.HOSTILE["exception"])

    gradebook = root / "gradebook.db"
    hand_in(folder / "in", "ch01-study", {
        "h01": right,
        "h02": samples.with_cell(right, samples.HOSTILE["endless_print"], after="q1"),
        "h03": careless,
        "h05": samples.with_cell(right, DELETE.format(gradebook=str(gradebook), seen=str(folder / "seen.json"),
                                                      other=str(root / "submitted" / "h12")), after="q4"),
        "h06": cells,
        "h11": samples.with_cell(right, HOOK, after="q1_test"),
        "h12": samples.with_cell(right, REBIND, after="q5"),
    })
    collect.collect("ch01-study", root, zip_dir=folder / "in")
    data = {p: protect.stamp(p) for p in sorted(config.data_home().glob("*.duckdb"))}
    with steady_checkout(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTERHUB_API_TOKEN", "the-teachers-secret")  # must not reach student code
        summary = autograde.autograde("ch01-study", root, jobs=2)
    return {"root": root, "summary": summary, "by_id": {r.student: r for r in summary.results}, "data": data,
            "pid_file": folder / "daemon.pid", "seen": json.loads((folder / "seen.json").read_text())}


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


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="processes are found through Linux's /proc")
def test_sys_exit_is_harmless_and_background_processes_are_killed(hostile):
    assert reasons(hostile, "h03") == []  # its one lost point is q5's answer (below)
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
    graded = nbformat.read(hostile["root"] / "autograded" / "h03" / "ch01-study" / "ch01-study.ipynb", as_version=4)
    assert graded.cells[0].source == samples.HOSTILE["exception"]
    (error,) = [o for o in graded.cells[0].outputs if o.output_type == "error"]
    assert error.ename == "RuntimeError"
    scores = auto_scores(hostile, "h03")
    assert scores.pop("q5_test") == 0 and set(scores.values()) == {1, 2}  # every other test passed


def auto_scores(hostile, student):
    with course.gradebook(course.open_course(hostile["root"])) as gb:
        return {g.name: g.auto_score for g in gb.find_submission_notebook("ch01-study", "ch01-study", student).grades}


def test_deleting_files_only_harms_the_deleter(hostile):
    assert reasons(hostile, "h05") == [("results_lost", None)] and not hostile["by_id"]["h05"].graded
    problems = [p.key for p in hostile["summary"].problems]
    assert problems and set(problems) == {"gradebook_restored"}  # the real gradebook was deleted and put back
    assert {p: protect.stamp(p) for p in hostile["data"]} == hostile["data"]  # the course data is untouched
    assert hostile["by_id"]["h12"].graded  # its submission folder was deleted, but graded from the snapshot


def test_student_code_runs_in_its_own_folder_with_the_course_data_only(hostile):
    seen = hostile["seen"]
    assert seen["role"] == "student" and seen["tokens"] == []
    assert seen["files"] == ["ceramics.duckdb", "electronics.duckdb", "mall.duckdb", "tea.duckdb"]  # no private file
    assert not seen["home"].startswith(str(config.data_home())) and not seen["cwd"].startswith(str(hostile["root"]))


@pytest.mark.parametrize(("reason", "cell"), [
    ("edited", "q1_test"), ("deleted", "q2_test"), ("duplicated", "q3_test"), ("retyped", "q4_test")])
def test_changed_test_cells_are_put_back_run_and_reported(hostile, reason, cell):
    assert (reason, cell) in reasons(hostile, "h06")
    assert auto_scores(hostile, "h06")[cell] == 0  # the wrong answer above it is found out all the same


def test_an_answer_equal_to_everything_is_refused(hostile):
    graded = nbformat.read(hostile["root"] / "autograded" / "h03" / "ch01-study" / "ch01-study.ipynb", as_version=4)
    (error,) = [o for o in graded.cells[cell_index(graded, "q5_test")].outputs if o.output_type == "error"]
    assert error.ename == "CheckFailed"


@pytest.mark.parametrize(("student", "cell", "names"), [("h11", "q2_test", "check_value"), ("h12", "q5_test", "ck")])
def test_hooks_and_rebinding_are_caught(hostile, student, cell, names):
    (reason,) = hostile["by_id"][student].reasons
    assert (reason.key, reason.values["cell"]) == ("guard", cell) and names in reason.values["detail"]
