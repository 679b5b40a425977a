"""The grading cycle on sample submissions, for ``make demo``: ``run(out_dir)``.

A course is made in ``<out_dir>/grading/course`` from the checkout's ``nbgrader_config.py``,
``course.toml`` and the sources of ch01-study and ch01-test; six sample students (Chinese names)
hand in zip files — right, partly right, empty, and three hostile ones (a patched
``crmkit.checks``, an endless loop, ``os._exit``) — which are collected, autograded two at a
time, given feedback, exported (CSV and XLSX, Chinese and English headers, and column ids) and
ranked in the BH challenge. Every step prints what it did; the files are listed at the end.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

from crmkit import config, i18n
from crmkit.grading import autograde, challenge, collect, export, feedback, release, roster, samples

ASSIGNMENTS: tuple[str, ...] = ("ch01-study", "ch01-test")
STUDENTS: dict[str, str] = {"s01": "张伟", "s02": "李娜", "s03": "王芳", "s04": "刘洋", "s05": "陈静", "s06": "赵磊"}
CELL_TIMEOUT = 10


def _course(folder: Path) -> Path:
    root = folder / "course"
    shutil.rmtree(folder, ignore_errors=True)
    (root / "solutions").mkdir(parents=True)
    checkout = config.project_root()
    shutil.copy(checkout / "nbgrader_config.py", root)
    text = (checkout / "course.toml").read_text("utf-8")
    (root / "course.toml").write_text(text + f"\n[grading]\ncell_timeout = {CELL_TIMEOUT}\n", "utf-8")
    for assignment in ASSIGNMENTS:
        shutil.copytree(checkout / "solutions" / assignment, root / "solutions" / assignment)
    return root


def _submissions(root: Path, assignment: str) -> dict[str, nbformat.NotebookNode]:
    released = root / "assignments" / assignment / f"{assignment}.ipynb"
    source = root / "solutions" / assignment / f"{assignment}.ipynb"
    wrong = samples.wrong_answers(source.parent)
    right = samples.answered(released, source)
    first, second = sorted(wrong, key=lambda q: (len(q), q))[:2]  # q1, q2, ..., q10 in the notebook's order
    return {
        "s01": right,
        "s02": samples.answered(released, source, {first: wrong[first], second: wrong[second]}),
        "s03": nbformat.read(released, as_version=4),
        "s04": samples.with_cell(right, samples.HOSTILE["patch_checks"], after=first),
        "s05": samples.with_cell(right, samples.HOSTILE["endless_loop"], after=second),
        "s06": samples.with_cell(right, samples.HOSTILE["hard_exit"], after=f"{second}_test"),
    }


def run(out_dir: str | Path) -> int:
    """Run the cycle in ``out_dir/grading``; 0 if every step ran (hostile submissions score low, as they should)."""
    folder = Path(out_dir) / "grading"
    root = _course(folder)
    (folder / "roster.csv").write_text("学号,姓名\n" + "".join(f"{s},{n}\n" for s, n in STUDENTS.items()), "utf-8-sig")
    print(roster.setup(folder / "roster.csv", root).summary())
    ok = True
    for assignment in ASSIGNMENTS:
        print(release.release(assignment, root).summary())
        handed = folder / "handed-in" / assignment
        for student, nb in _submissions(root, assignment).items():
            samples.hand_in(handed, student, {f"{assignment}/{assignment}.ipynb": nbformat.writes(nb)})
        print(collect.collect(assignment, root, zip_dir=handed).summary())
        summary = autograde.autograde(assignment, root, jobs=2, progress=print)
        print(summary.text())
        ok &= not summary.problems
        print(feedback.feedback(assignment, root).summary())
    for fmt in export.FORMATS:
        for lang in i18n.LANGUAGES:
            path, table = export.export(root, fmt=fmt, lang=lang, path=folder / f"grades-{lang}.{fmt}")
            print(i18n.t("grading.export.done", count=len(table.grades), path=str(path)))
    path, _ = export.export(root, fmt="csv", ids=True, path=folder / "grades.csv")
    print(i18n.t("grading.export.done", count=len(STUDENTS), path=str(path)))
    groups = folder / "groups.csv"
    groups.write_text("组,学号\n" + "".join(f"{1 + i // 3},{s}\n" for i, s in enumerate(STUDENTS)), "utf-8")
    print(challenge.challenge(groups, root).text())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(run(config.project_root() / "build" / "outputs"))
