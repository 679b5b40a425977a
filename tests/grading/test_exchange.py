"""With nbgrader's exchange configured, release goes to it and collect takes the students' submissions from it."""

import shutil
import subprocess
import sys

from crmkit.grading import collect, course, release, roster
from tests.grading.helpers import copy_course


def student_nbgrader(folder, exchange, *args):
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--course", "crm-course",
                           f"--Exchange.root={exchange}", f"--Exchange.cache={folder / 'cache'}"],
                          cwd=folder, env=course.environment(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def test_release_and_collect_through_the_exchange(released_course, tmp_path):
    root = copy_course(released_course, tmp_path)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.Exchange.root = {str(exchange)!r}\nc.Exchange.cache = {str(tmp_path / 'cache')!r}\n")
    (tmp_path / "roster.csv").write_text("学号,姓名\ns01,张伟\ns02,李娜\n", "utf-8")
    roster.setup(tmp_path / "roster.csv", root)

    released = release.release("ch01-study", root)
    assert released.exchange == exchange / "crm-course" / "outbound" / "ch01-study"
    assert (released.exchange / "ch01-study.ipynb").is_file() and released.folder is None

    desk = tmp_path / "student"  # what fetch_assignment gives the student: the outbound copy
    shutil.copytree(released.exchange, desk / "ch01-study")
    student_nbgrader(desk, exchange, "submit", "ch01-study", "--student", "s01")

    collected = collect.collect("ch01-study", root)
    assert collected.students == ["s01"] and collected.missing == ["s02"] and collected.unknown == []
    assert (root / "submitted" / "s01" / "ch01-study" / "ch01-study.ipynb").is_file()
    assert (root / "submitted" / "s01" / "ch01-study" / "timestamp.txt").is_file()
