"""``crmkit grade feedback``: nbgrader's feedback pages, checked to show no hidden test, then returned.

nbgrader's ``GenerateFeedback`` (what ``nbgrader generate_feedback`` runs) writes one HTML page per
graded student to ``feedback/<student>/<assignment>/``, with the course's configuration. The
course's ``nbgrader_config.py`` runs ``ClearHiddenTests`` after the grades are read, so a page shows
each test cell's code as the student saw it. That is not enough: when a test cell fails with an
ordinary error — ``NameError`` because the answer cell never ran, say — Python's traceback quotes
the lines around the failing one, hidden tests and expected answers included. So
:class:`HideTestCode` runs before ``ClearHiddenTests``: in a cell with hidden tests, every error's
traceback becomes the one line ``<error>: <message>`` (crmkit.checks' own failures are one safe
line already and stay as they are). The course's ``nbgrader_config.py`` lists it, so nbgrader's
own command and formgrader's button use it too; crmkit adds it to a course whose config lacks it.

Every page is then checked for the hidden-test markers; a page that has one means the
configuration lost a step, and nothing is returned. With an exchange, ``nbgrader
release_feedback`` returns the pages to the students' Assignments tab; without one, they are in
the folder above, one folder per student.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading.course import Course, configured, nbgrader, open_course
from crmkit.grading.sandbox import ENAMES

MARKERS: tuple[str, ...] = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
SAFE_ERRORS: tuple[str, ...] = ("CheckFailed", *ENAMES)


class HideTestCode(NbGraderPreprocessor):
    """Tracebacks of cells with hidden tests cut to ``<error>: <message>`` (they quote the test's code)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and MARKERS[0] in cell.source:
            for output in cell.get("outputs", []):
                if output.output_type == "error" and output.ename not in SAFE_ERRORS:
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


@dataclass(frozen=True)
class Feedback:
    """The feedback pages written, and whether they went to the exchange."""

    assignment: str
    pages: list[Path]
    released: bool

    def summary(self) -> str:
        key = "grading.feedback.released" if self.released else "grading.feedback.written"
        folder = self.pages[0].parent.parent.parent if self.pages else "-"
        return i18n.t(key, assignment=self.assignment, count=len(self.pages), path=str(folder))


def _generate(course: Course, assignment: str) -> None:
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import ClearHiddenTests
    from nbgrader.utils import capture_log

    cfg = copy.deepcopy(course.config)
    steps = configured(cfg, GenerateFeedback, "preprocessors")
    if ClearHiddenTests not in steps:
        steps.insert(1, ClearHiddenTests)
    if HideTestCode not in steps:  # nbgrader_config.py may list it already
        steps.insert(steps.index(ClearHiddenTests), HideTestCode)
    cfg.GenerateFeedback.preprocessors = steps
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    converter = GenerateFeedback(coursedir=coursedir, config=cfg)
    converter.force = True
    result = capture_log(converter)
    if not result["success"]:
        output = (result.get("log", "") + result.get("error", "")).strip()[-3000:]
        raise CrmkitError("grading.course.nbgrader_failed", command=f"generate_feedback {assignment}", output=output)


def feedback(assignment: str, course: Course | str | None = None) -> Feedback:
    """Generate, check and (with an exchange) release the feedback of ``assignment``."""
    course = open_course(course)
    graded = course.folder("autograded_directory", assignment, "*").relative_to(course.root)
    if not any(course.root.glob(str(graded))):
        raise CrmkitError("grading.feedback.nothing_graded", assignment=assignment)
    _generate(course, assignment)
    written = course.folder("feedback_directory", assignment, "*").relative_to(course.root)
    pages = sorted(course.root.glob(f"{written}/*.html"))
    leaking = [p for p in pages if any(m in p.read_text("utf-8", errors="replace") for m in MARKERS)]
    if leaking:
        raise CrmkitError("grading.feedback.hidden_tests", pages=", ".join(str(p) for p in leaking[:5]))
    released = course.exchange_root is not None
    if released:
        nbgrader(course, "release_feedback", assignment)
    return Feedback(assignment, pages, released)
