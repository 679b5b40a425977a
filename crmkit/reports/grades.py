"""A student's grades from the gradebook export (``crmkit grade export``), for the student report.

The export is a CSV file (UTF-8, with or without BOM) or an Excel file with one row per student
and the columns ``student_id``, ``name``, then for every chapter ``chNN-study``,
``chNN-practice``, ``chNN-training``, ``chNN-test`` (学/练/训/测) and ``chNN`` (the chapter grade),
then ``regular`` (平时成绩), ``final`` (期末) and ``total`` (总评), all grades from 0 to 100. Student ids are kept as
text, so ``00123`` stays ``00123``. The headers can be those ids (``crmkit grade export --ids``) or
the export's headers in words, in Chinese or English. ``datasets/samples/grades_sample.csv`` is a
made-up class.

Examples
--------
>>> from crmkit.reports import grades
>>> df = grades.read()                       # the made-up sample class
>>> grades.chapters(df)[:2]
['ch01', 'ch02']
>>> grades.student(df, "00101")["name"]
'王雨桐'
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from crmkit import config, i18n
from crmkit.errors import CrmkitError
from crmkit.reports.tables import ReportFrame

__all__ = ["BANDS", "STAGES", "band", "chapters", "read", "sample_path", "stage_table", "standing", "student"]

#: The four stages of every chapter, in order: 学 study, 练 practice, 训 training, 测 test.
STAGES: tuple[str, ...] = ("study", "practice", "training", "test")
#: Grade bands (五级制): the lowest grade of each, best first; below 60 is ``fail``.
BANDS: tuple[tuple[str, float], ...] = (("excellent", 90), ("good", 80), ("fair", 70), ("pass", 60), ("fail", 0))
COURSE: tuple[str, ...] = ("regular", "final", "total")
MAX_CHAPTERS = 20


def sample_path() -> Path:
    """The made-up grade export shipped with the course (``datasets/samples/grades_sample.csv``)."""
    return config.datasets_dir() / "samples" / "grades_sample.csv"


def _column_ids() -> dict[str, str]:
    """Headers of an export written in words (学号, 第1章·学, Course total, ...) -> the column ids."""
    from crmkit.grading.export import header

    ids = ["student_id", "name", *COURSE]
    ids += [f"ch{n:02d}{stage}" for n in range(1, MAX_CHAPTERS + 1) for stage in ("", *(f"-{s}" for s in STAGES))]
    return {header(column, lang): column for lang in i18n.LANGUAGES for column in ids}


def read(path: str | Path | None = None) -> pd.DataFrame:
    """The grade export at ``path`` (None or ``""``: the sample class), ids and names as text.

    The headers may be the column ids (``--ids``) or the words of either language (学号, 姓名, …;
    Student id, Name, …); a ``.xlsx`` export is read from its first sheet. A missing file or
    missing columns is an error naming what is missing; an empty grade counts as no grade.
    """
    path = Path(path) if path else sample_path()
    if not path.is_file():
        raise CrmkitError("reports.error.no_grades", path=path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine")
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame.rename(columns=lambda c: str(c).strip()).rename(columns=_column_ids())
    missing = [c for c in ("student_id", "name", *COURSE) if c not in frame.columns]
    found = chapters(frame)
    missing += [f"{ch}-{s}" for ch in found for s in STAGES if f"{ch}-{s}" not in frame.columns]
    if missing or not found:
        raise CrmkitError("reports.error.bad_grades", path=path, missing=", ".join(missing) or "ch01")
    frame["student_id"] = frame["student_id"].str.strip()
    numbers = [c for c in frame.columns if c not in ("student_id", "name")]
    frame[numbers] = frame[numbers].apply(pd.to_numeric, errors="coerce")
    return frame


def chapters(frame: pd.DataFrame) -> list[str]:
    """The chapters of the export (``ch01``, ...), in order: those with a chapter grade column."""
    return sorted(c for c in frame.columns if re.fullmatch(r"ch\d\d", str(c)))


def student(frame: pd.DataFrame, student_id: object) -> pd.Series:
    """The row of ``student_id`` (compared as text); an unknown id is an error listing some valid ones."""
    key = str(student_id).strip()
    rows = frame[frame["student_id"] == key]
    if rows.empty:
        valid = ", ".join(frame["student_id"].head(10))
        raise CrmkitError("reports.error.unknown_student", value=student_id, valid=valid)
    return rows.iloc[0]


def band(grade: float) -> str:
    """The band code of a grade: ``excellent`` (90+), ``good`` (80+), ``fair`` (70+), ``pass`` (60+), ``fail``.

    >>> band(89.9), band(90), band(59.5)
    ('good', 'excellent', 'fail')
    """
    return next(code for code, low in BANDS if grade >= low)


def stage_table(frame: pd.DataFrame, student_id: object) -> ReportFrame:
    """One row per chapter: the student's stage and chapter grades next to the class average.

    Returns
    -------
    ReportFrame
        ``chapter`` (ch01, ...), ``study``, ``practice``, ``training``, ``test``, ``chapter_grade``
        and ``class_average`` (the mean chapter grade of every student in the export).
    """
    row = student(frame, student_id)
    records = [{"chapter": ch, **{s: float(row[f"{ch}-{s}"]) for s in STAGES}, "chapter_grade": float(row[ch]),
                "class_average": round(float(frame[ch].mean()), 1)} for ch in chapters(frame)]
    return ReportFrame.from_records(records)


def standing(frame: pd.DataFrame, student_id: object) -> dict[str, object]:
    """The student's course grades and place in the class.

    Returns
    -------
    dict
        ``student_id``, ``name``, ``regular``, ``final``, ``total``, ``band`` (code) and
        ``band_name`` (in the chosen language), ``rank`` (1 = the best total; equal totals share
        the better rank), ``class_size`` and ``class_average`` (mean total, to 0.1).
    """
    row = student(frame, student_id)
    total = float(row["total"])
    code = band(total)
    return {
        "student_id": str(row["student_id"]), "name": str(row["name"]),
        "regular": float(row["regular"]), "final": float(row["final"]), "total": total,
        "band": code, "band_name": i18n.t(f"reports.band.{code}"),
        "rank": int((frame["total"] > total).sum()) + 1, "class_size": len(frame),
        "class_average": round(float(frame["total"].mean()), 1),
    }
