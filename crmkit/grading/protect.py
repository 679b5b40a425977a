"""Watching what a submission must not touch while the autograder runs it.

Grading runs the students' code as the teacher's own user, so nothing but a container stops a
notebook from writing wherever that user may (see the README on grading). Within that limit,
:class:`Watch` makes sure damage cannot go unnoticed or spread:

* **the gradebook** is copied after every write crmkit makes to it; if anything else changed or
  deleted it while submissions were running, the copy is put back (so the grades already merged
  stay, and a notebook cannot raise its own) and the run reports it. Do not grade by hand in
  formgrader while an autograde runs: such a change would be undone too;
* **the course**: nbgrader's installed files, the parts of crmkit grading relies on
  (:data:`CRMKIT_PARTS`: the checks, the connection to the data, the grading code),
  ``nbgrader_config.py``, ``course.toml``, the assignment's source and the course data
  (``CRMKIT_HOME``). If one of them changes, later
  submissions would be graded by tampered code or data, so the run stops and says which file
  changed and which submissions were running then.

A file's fingerprint is its size and modification time (nanoseconds); the course data files are
large, so their contents are not hashed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from crmkit import config
from crmkit.grading.course import Course

Stamp = tuple[int, int] | None


def stamp(path: Path) -> Stamp:
    """``(size, mtime_ns)`` of ``path``, None if it is missing."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


#: The parts of crmkit that grading relies on: the checks, hints, messages, the connection to the data,
#: the grading itself (relative to the package folder; folders include everything below them).
CRMKIT_PARTS: tuple[str, ...] = ("__init__.py", "checks", "grading", "hints.py", "i18n.py", "errors.py", "config.py",
                                 "db.py", "locales/zh/checks.toml", "locales/en/checks.toml")


def package_files(package: str, parts: tuple[str, ...] = ("",)) -> list[Path]:
    """The source files (``.py``, ``.toml``, ``.sql``) of an installed package, or of ``parts`` of it."""
    import importlib

    root = Path(importlib.import_module(package).__file__).parent
    found = []
    for part in parts:
        path = root / part
        files = [path] if path.is_file() else path.rglob("*")
        found += [p for p in files if p.suffix in (".py", ".toml", ".sql") and "__pycache__" not in p.parts]
    return sorted(found)


class Watch:
    """Fingerprints of the course's files and a safe copy of its gradebook (see the module's docstring)."""

    def __init__(self, course: Course, assignment: str, backup: Path) -> None:
        self.course = course
        self.backup = backup
        source = course.folder("source_directory", assignment)
        files = [*package_files("crmkit", CRMKIT_PARTS), *package_files("nbgrader"), *course.config_files,
                 course.root / "course.toml", *sorted(p for p in source.rglob("*") if p.is_file())]
        home = config.data_home()
        files += sorted(home.glob("*.duckdb")) if home.is_dir() else []
        self.stamps = {path: stamp(path) for path in files}
        self.saved()

    def saved(self) -> None:
        """Record the gradebook as crmkit left it (call after every write to it)."""
        shutil.copy(self.course.db_path, self.backup)
        self.db_stamp = stamp(self.course.db_path)

    def gradebook_intact(self) -> bool:
        """True if the gradebook is as crmkit left it; otherwise put crmkit's copy back and return False."""
        if stamp(self.course.db_path) == self.db_stamp:
            return True
        self.restore()
        return False

    def restore(self) -> None:
        """Put crmkit's copy of the gradebook back."""
        for suffix in ("-journal", "-wal", "-shm"):
            Path(f"{self.course.db_path}{suffix}").unlink(missing_ok=True)
        shutil.copy(self.backup, self.course.db_path)
        self.db_stamp = stamp(self.course.db_path)

    def healthy(self) -> bool:
        """Whether the gradebook file is there and SQLite finds it sound."""
        try:
            db = sqlite3.connect(f"file:{self.course.db_path}?mode=ro", uri=True)
            try:
                return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                db.close()
        except sqlite3.Error:
            return False

    def changed(self) -> list[Path]:
        """The watched course files that changed or disappeared since the watch began."""
        return [path for path, before in self.stamps.items() if stamp(path) != before]
