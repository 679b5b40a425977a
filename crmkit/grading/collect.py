"""``crmkit grade collect``: bring the students' submissions into ``submitted/<student>/<assignment>/``.

Two ways, both nbgrader's own:

* the exchange (``nbgrader collect --update``): the latest submission of every student who
  submitted from the Assignments tab of a JupyterHub;
* a folder for labs without an exchange (``zip_dir=``, ``--zip DIR``), given to
  ``nbgrader zip_collect``. ``DIR`` holds one ``<student id>.zip`` per student (the files the
  student handed in, e.g. ``ch01-study/ch01-study.ipynb`` or just ``ch01-study.ipynb``), or one
  folder ``<student id>/`` per student. The notebook is found at any depth by its name; files
  with other names (``.ipynb_checkpoints``, ``__MACOSX``) are skipped. The zips are unpacked
  under ``build/grading/downloaded/<assignment>/`` of the course.

Either way the result lists the students collected, ids that are not on the roster (they are not
graded), roster students without a submission (they count zero in the export) and, for a zip
folder, the zip files or folders in which no notebook of the assignment was found.
"""

from __future__ import annotations

import glob
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading.course import Course, gradebook, nbgrader, open_course

DOWNLOADED = Path("build") / "grading" / "downloaded"


@dataclass(frozen=True)
class Collected:
    """The students with a submission of ``assignment``, the unknown ids and the missing students."""

    assignment: str
    students: list[str]
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [i18n.t("grading.collect.done", assignment=self.assignment, count=len(self.students))]
        if self.skipped:
            lines.append(i18n.t("grading.collect.skipped", names=", ".join(self.skipped)))
        if self.unknown:
            lines.append(i18n.t("grading.collect.unknown", ids=", ".join(self.unknown)))
        if self.missing:
            lines.append(i18n.t("grading.collect.missing", count=len(self.missing), ids=", ".join(self.missing)))
        return "\n".join(lines)


def submitted_students(course: Course, assignment: str) -> list[str]:
    """The students with a folder ``submitted/<student>/<assignment>/``, in id order."""
    pattern = course.folder("submitted_directory", assignment, "*")
    return sorted(Path(p).parent.name for p in glob.glob(str(pattern)) if Path(p).is_dir())


def _zip_collect(course: Course, assignment: str, zip_dir: Path) -> None:
    if not zip_dir.is_dir():
        raise CrmkitError("error.missing_file", path=str(zip_dir))
    downloaded = course.root / DOWNLOADED / assignment
    archive = downloaded / "archive"
    shutil.rmtree(downloaded, ignore_errors=True)
    shutil.copytree(zip_dir, archive)
    extracted = (downloaded / "extracted").resolve()
    notebooks = [p.name for p in course.folder("release_directory", assignment).glob("*.ipynb")]
    names = "|".join(re.escape(n) for n in notebooks) or r"[^/]+\.ipynb"
    pattern = rf"{re.escape(str(extracted))}/(?P<student_id>[^/]+?)/(?:.*/)?(?P<file_id>{names})$"
    nbgrader(course, "zip_collect", assignment, "--force", "--strict",
             f"--ZipCollectApp.downloaded_directory={DOWNLOADED.as_posix()}",
             f"--FileNameCollectorPlugin.named_regexp={pattern}")


def collect(assignment: str, course: Course | str | None = None, *, zip_dir: str | Path | None = None) -> Collected:
    """Collect the submissions of ``assignment`` (see the module's docstring)."""
    course = open_course(course)
    handed: list[str] = []
    if zip_dir is not None:
        folder = Path(zip_dir).expanduser().resolve()
        _zip_collect(course, assignment, folder)
        handed = sorted(p.name for p in folder.iterdir() if p.is_dir() or p.suffix == ".zip")
    elif course.exchange_root is not None:
        nbgrader(course, "collect", assignment, "--update")
    else:
        raise CrmkitError("grading.collect.no_exchange")
    with gradebook(course) as gb:
        roster = {s.id for s in gb.students}
    students = submitted_students(course, assignment)
    skipped = [name for name in handed if Path(name).stem not in students]  # no notebook of that name inside
    return Collected(assignment, students, unknown=[s for s in students if s not in roster],
                     missing=sorted(roster - set(students)), skipped=skipped)
