"""The safety nets around autograding, without kernels: the watch, the worker's time limit, the reasons."""

import io
import shutil
import sys
import time
from contextlib import redirect_stderr

import nbformat
import pytest

from crmkit import cli, i18n
from crmkit.grading import course, protect, reasons
from crmkit.grading.jobs import Worker
from tests.grading.helpers import CHECKOUT


@pytest.fixture
def small_course(tmp_path):
    root = tmp_path / "course"
    (root / "solutions" / "a1").mkdir(parents=True)
    for name in ("nbgrader_config.py", "course.toml"):
        shutil.copy(CHECKOUT / name, root / name)
    (root / "solutions" / "a1" / "hints.toml").write_text("", "utf-8")
    c = course.open_course(root)
    with course.gradebook(c, create=True) as gb:
        gb.add_student("s1", last_name="张伟")
    return c


def test_the_watch_sees_changed_course_files(small_course, tmp_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(protect, "CRMKIT_PARTS", ("checks",))
        watch = protect.Watch(small_course, "a1", tmp_path / "backup.db")
    assert watch.changed() == []
    time.sleep(0.01)
    (small_course.root / "course.toml").write_text("# tampered\n", "utf-8")
    (small_course.root / "solutions" / "a1" / "hints.toml").unlink()
    assert watch.changed() == [small_course.root / "course.toml", small_course.root / "solutions" / "a1" / "hints.toml"]


def test_a_deleted_or_changed_gradebook_is_put_back(small_course, tmp_path):
    watch = protect.Watch(small_course, "a1", tmp_path / "backup.db")
    assert watch.gradebook_intact() and watch.healthy()
    small_course.db_path.unlink()
    assert not watch.healthy()
    assert not watch.gradebook_intact()  # put back
    assert watch.healthy() and watch.gradebook_intact()
    small_course.db_path.write_bytes(b"not a database")
    assert not watch.healthy() and not watch.gradebook_intact()
    with course.gradebook(small_course) as gb:
        assert [s.id for s in gb.students] == ["s1"]


def test_a_worker_that_does_not_answer_is_killed_and_replaced(tmp_path):
    worker = Worker(tmp_path / "w.log", command=[sys.executable, "-c", "import time; time.sleep(60)"])
    started = time.monotonic()
    assert worker.run({"job": 1}, timeout=1.5) is None
    assert time.monotonic() - started < 10 and worker.proc is None
    worker.command = [sys.executable, "-c", "import sys; key = sys.stdin.readline().strip(); sys.stdin.readline(); "
                      "print('noise'); print('CRMKIT-RESULT ' + key + ' {\"success\": true}', flush=True)"]
    assert worker.run({"job": 2}, timeout=30) == {"success": True}
    worker.close()


def test_edited_test_cells_are_found_by_comparing_with_the_release():
    release = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("check(q1)", metadata={"nbgrader": {"grade_id": "t1", "locked": True}}),
        nbformat.v4.new_code_cell("q1 = ...", metadata={"nbgrader": {"grade_id": "q1", "locked": False}})])
    submitted = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {"grade_id": "t1", "locked": True}}),
        nbformat.v4.new_code_cell("q1 = 3", metadata={"nbgrader": {"grade_id": "q1", "locked": False}})])
    assert reasons.from_release(submitted, release) == [reasons.Reason("edited", {"cell": "t1"})]
    assert reasons.from_release(release, release) == []


def test_nbgrader_log_lines_become_reasons():
    log = ("[WARNING] Cell with id 'q3_test' exists multiple times!\n"
           "[WARNING] Missing grade cell q2_test encountered, adding to notebook\n"
           "[WARNING] No submitted file: /x/submitted/s1/a1/part2.ipynb\n"
           "[WARNING] Attribute 'checksum' for cell q1_test has changed! (should be: a, got: b)\n")
    with i18n.language("en"):
        assert [r.text() for r in reasons.from_log(log)] == [
            "cell q3_test appeared more than once; only the last copy counts",
            "test cell q2_test had been deleted; it was put back and run",
            "the notebook part2.ipynb is missing from the submission (zero points)"]


@pytest.mark.parametrize(("args", "message"), [
    (["grade", "autograde", "a1", "--jobs", "0"], "--jobs must be a whole number of 1 or more"),
    (["grade", "export", "--course", "/nonexistent-course"], "No nbgrader course here"),
])
def test_command_line_errors(args, message):
    err = io.StringIO()
    with redirect_stderr(err):
        try:
            code = cli.main(["--lang", "en", *args])
        except SystemExit as exit_:  # argparse
            code = exit_.code
    assert code == 2 and message in err.getvalue()
