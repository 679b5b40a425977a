"""Building small nbgrader courses for the grading tests: real configuration, real assignments."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import nbformat
import pytest

from crmkit.grading import protect, samples

CHECKOUT = Path(__file__).resolve().parents[2]

# Weights small enough to work out by hand: chapter 1 only; study and test 40 % each.
COURSE_TOML = """
[course]
id = "crm-course"

[weights.stages]
study = 40
practice = 10
training = 10
test = 40

[weights.chapters]
ch01 = 100

[weights.total]
regular = 60
final = 40

[grading]
cell_timeout = {cell_timeout}
submission_timeout = {submission_timeout}
max_output_bytes = {max_output_bytes}
"""


def new_course(folder: Path, assignments: tuple[str, ...]) -> Path:
    """A course in ``folder/course``: the checkout's nbgrader_config.py and course.toml, the sources."""
    root = folder / "course"
    (root / "solutions").mkdir(parents=True)
    for name in ("nbgrader_config.py", "course.toml"):
        shutil.copy(CHECKOUT / name, root / name)
    for assignment in assignments:
        shutil.copytree(CHECKOUT / "solutions" / assignment, root / "solutions" / assignment)
    return root


def copy_course(template: Path, folder: Path, *, cell_timeout: int = 30, submission_timeout: int = 300,
                max_output_bytes: int = 1_000_000) -> Path:
    """A copy of a prepared course with the test weights and limits in its course.toml."""
    root = folder / "course"
    shutil.copytree(template, root)
    (root / "course.toml").write_text(COURSE_TOML.format(cell_timeout=cell_timeout,
                                                         submission_timeout=submission_timeout,
                                                         max_output_bytes=max_output_bytes), "utf-8")
    return root


@contextlib.contextmanager
def steady_checkout():
    """Watch only crmkit's checks and grading during a test's autograde run.

    A lab's run stops when any part of crmkit that grading relies on changes; in a checkout that
    developers are editing, other parts (``crmkit/__init__.py``, ...) change for good reasons.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(protect, "CRMKIT_PARTS", ("checks", "grading"))
        yield


def notebooks(root: Path, assignment: str) -> tuple[Path, Path, dict[str, str]]:
    """The released notebook, the source notebook and the typical wrong answers of ``assignment``."""
    source = root / "solutions" / assignment
    return (root / "assignments" / assignment / f"{assignment}.ipynb", source / f"{assignment}.ipynb",
            samples.wrong_answers(source))


def hand_in(folder: Path, assignment: str, handed: dict[str, nbformat.NotebookNode | bytes]) -> Path:
    """One ``<student>.zip`` per student in ``folder`` holding ``<assignment>/<assignment>.ipynb``."""
    for student, nb in handed.items():
        content = nb if isinstance(nb, bytes) else nbformat.writes(nb)
        samples.hand_in(folder, student, {f"{assignment}/{assignment}.ipynb": content})
    return folder
