"""``crmkit grade export``: the course grades of every student, from nbgrader's gradebook.

:func:`grades` is the contract other parts of the course read (the student report of
:mod:`crmkit.reports`): a DataFrame with one row per student of the gradebook, ordered by id, and
these columns, every grade a percentage from 0 to 100:

``student_id``, ``name``
    the id (text, ``00101`` stays ``00101``) and the name of the roster;
``chNN-study``, ``chNN-practice``, ``chNN-training``, ``chNN-test``
    for each chapter of ``course.toml`` in its order, the score of each stage's assignment as a
    percentage of that assignment's maximum (nbgrader's score, manual grades included, less any
    late penalty, as nbgrader's own export computes it);
``chNN``
    the chapter grade: the stages weighted by ``[weights.stages]``;
``regular``, ``final``, ``total``
    the regular grade (平时成绩: chapters weighted by ``[weights.chapters]``), the final exam
    (the assignment ``[grading] final``, default ``final-exam``) and the course total (总评:
    ``[weights.total]``).

A student without a submission of an assignment (or an assignment not released yet) gets 0 for
it, and :func:`problems` lists it — together with submissions that still wait for manual grading.

Files (:func:`export`): CSV as UTF-8 with a BOM (Excel on Chinese Windows opens it; nbgrader's
own ``export`` writes the locale's encoding instead) or XLSX (a second sheet lists the problems).
Headers are in the chosen language (``lang``, default the language in use: 学号, 姓名,
第1章·学 ...); with ``ids=True`` (``--ids``) they are exactly the column ids above, which is what a
program reading the file should ask for. Grades in files are rounded to 2 decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from crmkit import i18n
from crmkit.errors import CrmkitError
from crmkit.grading.course import Course, gradebook, open_course
from crmkit.grading.roster import names
from crmkit.grading.weights import Weights

FORMATS: tuple[str, ...] = ("csv", "xlsx")
OUTPUT = Path("build") / "grading"


@dataclass(frozen=True)
class Table:
    """The grades (:func:`grades`' columns) and the problems (``student_id``, ``name``, ``assignment``, ``problem``)."""

    grades: pd.DataFrame
    problems: pd.DataFrame


def net_score(submission) -> float:
    """A submission's score less its late penalty, never below 0 (as nbgrader's own export computes it)."""
    return max(0.0, submission.score - (submission.late_submission_penalty or 0.0))


def percentages(gb, assignment: str) -> tuple[dict[str, float], set[str]]:
    """``{student: percent of the maximum}`` of the submissions of ``assignment``, and those needing manual grading."""
    from nbgrader.api import MissingEntry

    try:
        top = gb.find_assignment(assignment).max_score
    except MissingEntry:
        return {}, set()
    found, manual = {}, set()
    for sub in gb.assignment_submissions(assignment):
        found[sub.student.id] = 100.0 * net_score(sub) / top if top else 0.0
        if sub.needs_manual_grade:
            manual.add(sub.student.id)
    return found, manual


def table(course: Course | str | None = None, weights: Weights | None = None) -> Table:
    """The :class:`Table` of the course's gradebook, weighted by ``weights`` (default: the course's)."""
    course = open_course(course)
    weights = weights or course.weights
    with gradebook(course) as gb:
        people = names(gb)
        wanted = [*weights.assignments(), weights.final]
        scores = {a: percentages(gb, a) for a in wanted}
    ids = list(people)
    columns: dict[str, list] = {"student_id": ids, "name": [people[s] for s in ids]}
    rows = []
    for assignment in wanted:
        found, manual = scores[assignment]
        columns[assignment] = [found.get(s, 0.0) for s in ids]
        rows += [(s, people[s], assignment, "missing") for s in ids if s not in found]
        rows += [(s, people[s], assignment, "needs_manual_grade") for s in ids if s in manual]
    frame = pd.DataFrame(columns)
    for chapter in weights.chapters:
        frame[chapter] = sum(frame[f"{chapter}-{stage}"] * w for stage, w in weights.stages.items()) / 100.0
    frame["regular"] = sum(frame[chapter] * w for chapter, w in weights.chapters.items()) / 100.0
    frame["final"] = frame[weights.final]
    frame["total"] = (frame["regular"] * weights.total["regular"] + frame["final"] * weights.total["final"]) / 100.0
    order = ["student_id", "name"]
    for chapter in weights.chapters:
        order += [f"{chapter}-{stage}" for stage in weights.stages] + [chapter]
    frame = frame[[*order, "regular", "final", "total"]]
    frame["student_id"] = frame["student_id"].astype("string")
    frame["name"] = frame["name"].astype("string")
    problems = pd.DataFrame(rows, columns=["student_id", "name", "assignment", "problem"])
    return Table(frame, problems)


def grades(course: Course | str | None = None, weights: Weights | None = None) -> pd.DataFrame:
    """Every student's grades (see the module's docstring for the columns)."""
    return table(course, weights).grades


def problems(course: Course | str | None = None, weights: Weights | None = None) -> pd.DataFrame:
    """Missing submissions (counted as 0) and submissions waiting for manual grading, one row each."""
    return table(course, weights).problems


def header(column: str, lang: str | None = None) -> str:
    """The header of a column of :func:`grades` in ``lang``.

    >>> [header(c, "zh") for c in ("student_id", "ch01-study", "ch02", "total")]
    ['学号', '第1章·学', '第2章', '总评']
    >>> [header(c, "en") for c in ("ch01-training", "final")]
    ['Ch 1 training', 'Final exam']
    """
    stage = re.fullmatch(r"ch(\d\d)-(\w+)", column)
    if stage:
        name = i18n.t(f"grading.stage.{stage[2]}", lang)
        return i18n.t("grading.export.stage_column", lang, number=int(stage[1]), stage=name)
    chapter = re.fullmatch(r"ch(\d\d)", column)
    if chapter:
        return i18n.t("grading.export.chapter_column", lang, number=int(chapter[1]))
    return i18n.t(f"grading.export.column.{column}", lang)


def export(course: Course | str | None = None, *, fmt: str = "csv", lang: str | None = None, ids: bool = False,
           path: str | Path | None = None) -> tuple[Path, Table]:
    """Write the grades as ``fmt`` (``csv`` or ``xlsx``) to ``path`` (default ``build/grading/grades.<fmt>``)."""
    if fmt not in FORMATS:
        raise CrmkitError("grading.export.bad_format", value=fmt, valid=", ".join(FORMATS))
    course = open_course(course)
    result = table(course)
    target = Path(path).expanduser() if path else course.root / OUTPUT / f"grades.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    out = result.grades.round(2)
    problems_out = result.problems.copy()
    lang = lang or i18n.get_language()
    if not ids:
        out.columns = [header(c, lang) for c in out.columns]
        problems_out["problem"] = [i18n.t(f"grading.export.problem.{p}", lang) for p in problems_out["problem"]]
        problems_out.columns = [header(c, lang) if c != "problem" else i18n.t("grading.export.column.problem", lang)
                                for c in problems_out.columns]
    if fmt == "csv":
        out.to_csv(target, index=False, encoding="utf-8-sig")
    else:
        with pd.ExcelWriter(target, engine="openpyxl") as book:
            out.to_excel(book, sheet_name=i18n.t("grading.export.sheet", lang), index=False)
            problems_out.to_excel(book, sheet_name=i18n.t("grading.export.problems_sheet", lang), index=False)
    return target, result
