"""The nbgrader course a teacher grades: its folders, its configuration, its gradebook, its CLI.

A course is a folder with ``nbgrader_config.py`` and ``course.toml`` (by default the checkout
crmkit is installed from: sources in ``solutions/``, releases in ``assignments/``). Everything
here reads nbgrader's own configuration the way nbgrader does — the ``nbgrader_config.py`` files
of Jupyter's configuration folders (``/etc/jupyter``, ``~/.jupyter``, ...) first, then the
course's — so crmkit and nbgrader agree on every folder, the course id and the exchange.

:func:`nbgrader` runs nbgrader's real command line in the course folder. nbgrader runs
``alembic`` from ``PATH`` when it creates a gradebook, so the ``bin/`` folder of the Python that
runs crmkit (the virtual environment) is put first on ``PATH`` — without it a fresh gradebook
fails with "No such file or directory: 'alembic'".

Examples
--------
>>> course = open_course()
>>> course.coursedir.source_directory, course.coursedir.release_directory
('solutions', 'assignments')
>>> course.course_id
'crm-course'
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from crmkit import config
from crmkit.errors import CrmkitError
from crmkit.grading import weights as weights_module

CONFIG_FILE = "nbgrader_config.py"
COURSE_FILE = "course.toml"
#: How nbgrader marks an error in its log (it does not always exit non-zero).
ERROR_MARK = re.compile(r"\[\w+App \| ERROR\]")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TAIL_CHARS = 3000


def config_files(root: Path) -> list[Path]:
    """The ``nbgrader_config.py`` files nbgrader reads for a course at ``root``, lowest priority first."""
    from jupyter_core.paths import jupyter_config_path

    found = [Path(folder) / CONFIG_FILE for folder in reversed(jupyter_config_path())]
    found.append(root / CONFIG_FILE)
    return [path for path in found if path.is_file()]


def load_config(files: list[Path]):
    """The merged traitlets configuration of ``files`` (as nbgrader loads them)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    merged = Config()
    for path in files:
        merged.merge(PyFileConfigLoader(path.name, path=str(path.parent)).load_config())
    return merged


def configured(cfg, cls, trait: str) -> list:
    """The list ``trait`` of class ``cls`` (e.g. a converter's preprocessors) in ``cfg``, else its default."""
    return list(cfg[cls.__name__].get(trait) or cls.class_traits()[trait].default())


@dataclass(frozen=True)
class Course:
    """An nbgrader course folder (see the module's docstring)."""

    root: Path

    @cached_property
    def config_files(self) -> list[Path]:
        return config_files(self.root)

    @cached_property
    def config(self):
        """nbgrader's configuration of this course (a traitlets ``Config``)."""
        cfg = load_config(self.config_files)
        cfg.CourseDirectory.root = str(self.root)  # the folder we were given, wherever the file says
        return cfg

    @cached_property
    def coursedir(self):
        """nbgrader's ``CourseDirectory`` of the course: folder names, course id, gradebook URL."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)

    @cached_property
    def weights(self) -> weights_module.Weights:
        """The weights and grading settings of the course's ``course.toml``."""
        return weights_module.load(self.root / COURSE_FILE)

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @property
    def db_path(self) -> Path:
        """The SQLite file of the gradebook (``sqlite:///...``)."""
        if not self.db_url.startswith("sqlite:///"):
            raise CrmkitError("grading.course.not_sqlite", url=self.db_url)
        return Path(self.db_url.removeprefix("sqlite:///"))

    def folder(self, step: str, assignment: str, student: str = ".") -> Path:
        """The folder of ``assignment`` in the nbgrader step ``step`` (``source_directory``, ...)."""
        return Path(self.coursedir.format_path(getattr(self.coursedir, step), student, assignment))

    @cached_property
    def exchange_root(self) -> Path | None:
        """nbgrader's exchange folder (``Exchange.root``) if it exists, else None (a lab without one)."""
        from nbgrader.exchange.default.exchange import Exchange

        root = Path(Exchange(config=self.config).root)
        return root if root.is_dir() else None


def open_course(root: str | os.PathLike | Course | None = None) -> Course:
    """The course at ``root`` (default: the checkout crmkit is installed from); it needs ``nbgrader_config.py``."""
    if isinstance(root, Course):
        return root
    folder = Path(root).expanduser().resolve() if root else config.project_root()
    if not (folder / CONFIG_FILE).is_file():
        raise CrmkitError("grading.course.no_config", path=str(folder / CONFIG_FILE))
    return Course(folder)


def with_bin(path: str) -> str:
    """``path`` (a ``PATH`` value) with the running Python's ``bin/`` first (nbgrader runs ``alembic``)."""
    folder = str(Path(sys.executable).parent)
    return path if path.split(os.pathsep)[0] == folder else f"{folder}{os.pathsep}{path}"


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """``os.environ`` with the running Python's ``bin/`` first on ``PATH``."""
    env = dict(os.environ)
    env["PATH"] = with_bin(env.get("PATH", os.defpath))
    env.update(extra or {})
    return env


def nbgrader(course: Course, *args: str, timeout: float | None = 3600) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course folder; nbgrader's failure becomes an error quoting its log."""
    command = [sys.executable, "-m", "nbgrader", *args]
    try:
        done = subprocess.run(command, cwd=course.root, env=environment(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CrmkitError("grading.course.nbgrader_timeout", command=" ".join(args), seconds=timeout) from None
    if done.returncode != 0 or ERROR_MARK.search(done.stderr):
        output = ANSI.sub("", (done.stdout + done.stderr).strip())[-TAIL_CHARS:]
        raise CrmkitError("grading.course.nbgrader_failed", command=" ".join(args), output=output)
    return done


@contextlib.contextmanager
def open_gradebook(db_url: str, course_id: str) -> Iterator:
    """nbgrader's ``Gradebook`` at ``db_url`` (created if missing), closed after the block."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = with_bin(os.environ.get("PATH", os.defpath))  # a new gradebook runs `alembic heads`
    gb = Gradebook(db_url, course_id=course_id)
    try:
        yield gb
    finally:
        gb.close()
        gb.engine.dispose()  # no connection keeps the file open


@contextlib.contextmanager
def gradebook(course: Course, *, create: bool = False) -> Iterator:
    """The course's gradebook (nbgrader's ``Gradebook``), closed after the block.

    Without ``create`` a missing gradebook is an error that says to run ``crmkit grade setup``.
    """
    if not create and not course.db_path.is_file():
        raise CrmkitError("grading.course.no_gradebook", path=str(course.db_path))
    with open_gradebook(course.db_url, course.course_id) as gb:
        yield gb


def require_assignment(gb, assignment: str) -> None:
    """Fail unless ``assignment`` is in the gradebook (``crmkit grade release`` puts it there)."""
    from nbgrader.api import MissingEntry

    try:
        gb.find_assignment(assignment)
    except MissingEntry:
        valid = ", ".join(a.name for a in gb.assignments) or "-"
        raise CrmkitError("grading.course.unknown_assignment", assignment=assignment, valid=valid) from None
