"""``crmkit grade release``: generate an assignment and give it to the students.

``nbgrader generate_assignment ASSIGNMENT --force`` makes the student version from the source
(``solutions/<id>`` → ``assignments/<id>``, byte for byte what the assessment tests check) and
records the assignment — its cells, points and checksums — in the gradebook, which autograding
needs. Then the release goes:

* to nbgrader's exchange with ``nbgrader release_assignment`` when the lab has one (the folder
  ``Exchange.root`` of nbgrader's configuration exists, e.g. ``/srv/nbgrader/exchange`` on a
  JupyterHub); students fetch it from the Assignments tab;
* otherwise (or with ``to=``) to a folder: ``<to>/<id>/`` and ``<to>/<id>.zip`` (default
  ``build/grading/release/`` of the course) to copy to the lab's machines or a shared drive.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from crmkit import i18n
from crmkit.grading.course import Course, nbgrader, open_course

DEFAULT_FOLDER = Path("build") / "grading" / "release"


@dataclass(frozen=True)
class Released:
    """Where a release went: the exchange, or a folder and its zip file."""

    assignment: str
    release_dir: Path
    exchange: Path | None = None
    folder: Path | None = None
    zip_file: Path | None = None

    def summary(self) -> str:
        if self.exchange is not None:
            return i18n.t("grading.release.exchange", assignment=self.assignment, path=str(self.exchange))
        return i18n.t("grading.release.folder", assignment=self.assignment, folder=str(self.folder),
                      zip=str(self.zip_file))


def zip_folder(folder: Path, target: Path) -> Path:
    """Write ``target`` (a .zip) holding ``folder`` under its own name, files in name order."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, Path(folder.name) / path.relative_to(folder))
    return target


def release(assignment: str, course: Course | str | None = None, *, to: str | Path | None = None) -> Released:
    """Generate ``assignment`` and release it (see the module's docstring); returns where it went."""
    course = open_course(course)
    nbgrader(course, "generate_assignment", assignment, "--force")
    made = course.folder("release_directory", assignment)
    if to is None and course.exchange_root is not None:
        nbgrader(course, "release_assignment", assignment, "--force")
        return Released(assignment, made, exchange=course.exchange_root / course.course_id / "outbound" / assignment)
    base = Path(to).expanduser().resolve() if to is not None else course.root / DEFAULT_FOLDER
    folder = base / assignment
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(made, folder)
    return Released(assignment, made, folder=folder, zip_file=zip_folder(folder, base / f"{assignment}.zip"))
