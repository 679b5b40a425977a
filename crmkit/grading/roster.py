"""The class roster (学生名单): students from an Excel or CSV file into nbgrader's gradebook.

A roster has a header row and one student per row. The columns are found by their header, in
Chinese or English (case and spaces ignored):

========  ==========================================
column    headers
========  ==========================================
id        学号, 学生编号, 编号, 用户名, student_id, id, username
name      姓名, 学生姓名, 名字, name
email     邮箱, 电子邮箱, email, e-mail (optional)
========  ==========================================

Files are read by :func:`crmkit.data.imports.read.read_file`: ``.xlsx``, or ``.csv`` in UTF-8 (with or
without BOM) or GBK as Excel on Chinese Windows writes it. Names may be Chinese; ids must be ASCII
``[a-z0-9_-]`` (they name folders and JupyterHub users). Every row is checked before anything is
written: a bad, missing or repeated id is reported with its row number and nothing is added. A
Chinese name is written surname first and is not split: nbgrader stores it whole in ``last_name``.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "名单.csv"
>>> _ = path.write_text("学号,姓名\\ns01,张伟\\ns02,李娜\\n", encoding="utf-8-sig")
>>> [(s.id, s.name, s.row) for s in read_roster(path)]
[('s01', '张伟', 2), ('s02', '李娜', 3)]
>>> _ = path.write_text("学号,姓名\\ns01,张伟\\nS 02,李娜\\n", encoding="utf-8")
>>> from crmkit import i18n
>>> with i18n.language("en"):
...     read_roster(path)
Traceback (most recent call last):
...
crmkit.errors.CrmkitError: The roster ... has 1 problem; nothing was added:
  row 3: student id 'S 02' is not valid: use only a-z, 0-9, _ and - (lower case ASCII).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from crmkit import i18n
from crmkit.errors import CrmkitError

#: What a student id looks like: lower-case ASCII letters, digits, ``_`` and ``-``.
STUDENT_ID = re.compile(r"[a-z0-9_-]{1,64}")
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("学号", "学生编号", "编号", "用户名", "student_id", "studentid", "id", "username"),
    "name": ("姓名", "学生姓名", "名字", "name"),
    "email": ("邮箱", "电子邮箱", "email", "e-mail"),
}


@dataclass(frozen=True)
class Student:
    """One student of the roster; ``row`` is the row of the file (the header is row 1)."""

    id: str
    name: str
    email: str | None = None
    row: int = 0


def find_columns(names: list[str], headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """``{field: column}`` for each field of ``headers`` whose aliases name a column (spaces and case ignored).

    >>> find_columns(["学 号", "Name", "x"], HEADERS)
    {'id': '学 号', 'name': 'Name'}
    """
    key = lambda text: "".join(str(text).split()).casefold()  # noqa: E731
    found = {}
    for field, aliases in headers.items():
        wanted = {key(a) for a in aliases}
        match = next((name for name in names if key(name) in wanted), None)
        if match is not None:
            found[field] = match
    return found


def _columns(names: list[str], path: Path) -> dict[str, str]:
    found = find_columns(names, HEADERS)
    if "id" not in found:
        raise CrmkitError("grading.roster.no_id_column", path=str(path), valid=", ".join(HEADERS["id"]))
    return found


def read_roster(path: str | Path) -> list[Student]:
    """The students of the roster file at ``path``, checked (see the module's docstring)."""
    from crmkit.data.imports.read import read_file

    path = Path(path)
    raw = read_file(path)
    columns = _columns([n for n in raw.table.column_names if n != "_row"], path)
    rows = raw.table.to_pylist()
    problems = [i18n.t("grading.roster.bad_row", row=row, found=details.get("found"), expected=details.get("expected"))
                for row, _, details in raw.bad_rows]
    students, seen = [], {}
    for record in rows:
        row = record["_row"]
        sid = record.get(columns["id"])
        name = record.get(columns.get("name", ""), None) or ""
        email = record.get(columns["email"]) if "email" in columns else None
        if sid is None:
            problems.append(i18n.t("grading.roster.missing_id", row=row))
        elif not STUDENT_ID.fullmatch(sid):
            problems.append(i18n.t("grading.roster.bad_id", row=row, value=sid))
        elif sid in seen:
            problems.append(i18n.t("grading.roster.repeated_id", row=row, value=sid, first=seen[sid]))
        else:
            seen[sid] = row
            students.append(Student(sid, name, email, row))
    if problems:
        raise CrmkitError("grading.roster.invalid", path=str(path), count=len(problems),
                          problems="\n".join("  " + p for p in problems))
    if not students:
        raise CrmkitError("grading.roster.empty", path=str(path))
    return students


@dataclass(frozen=True)
class SetupResult:
    """What :func:`setup` did: the students added, those updated, and the gradebook file."""

    added: list[str]
    updated: list[str]
    gradebook: Path

    def summary(self) -> str:
        return i18n.t("grading.roster.done", added=len(self.added), updated=len(self.updated),
                      path=str(self.gradebook))


def setup(roster: str | Path, course=None) -> SetupResult:
    """``crmkit grade setup``: create the course's gradebook if needed and add the roster's students.

    The whole roster is checked first (:func:`read_roster`); a student already in the gradebook
    gets the roster's name and e-mail. Students not on the roster are left as they are.
    """
    from nbgrader.api import MissingEntry

    from crmkit.grading.course import gradebook, open_course

    course = open_course(course)
    students = read_roster(roster)
    added, updated = [], []
    with gradebook(course, create=True) as gb:
        for student in students:
            try:
                gb.find_student(student.id)
            except MissingEntry:
                added.append(student.id)
            else:
                updated.append(student.id)
            gb.update_or_create_student(student.id, last_name=student.name, first_name="", email=student.email)
    return SetupResult(added, updated, course.db_path)


def names(gb) -> dict[str, str]:
    """``{student id: name}`` of every student in the gradebook ``gb``, in id order."""
    people = sorted(gb.students, key=lambda s: s.id)
    return {s.id: " ".join(p for p in (s.last_name, s.first_name) if p) for s in people}
