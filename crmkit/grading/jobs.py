"""One submission's autograde job: its isolated course folder, its worker process, its result.

Every submission is graded in a course folder of its own under the system's temporary folder —
outside the real course, so no relative path (``../../../gradebook.db``) leads back to it — that
holds only what nbgrader needs: a copy of the gradebook with the assignment and no students
(:func:`template_gradebook`), the assignment's non-notebook source files, the one submission,
and empty folders for the kernel's home, scratch database and temporary files. ``CRMKIT_HOME``
there is a folder of links to the course data (read-only in crmkit, and deleting a link deletes
nothing else); the private teacher files are not linked; ``CRMKIT_ROLE`` is ``student``. The
environment keeps only what Python needs (no tokens of the teacher's session).

A :class:`Worker` is one ``python -m crmkit.grading.worker`` process; a job that does not answer
within the submission time limit, or kills its worker, gets no result, and the worker is replaced.
After every job, every process still carrying the job's mark in its environment (a kernel that
would not stop, something the notebook started in the background) is killed (on Linux).
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from crmkit import config
from crmkit.grading.course import Course, open_gradebook, with_bin
from crmkit.grading.worker import RESULT

MARK = "CRMKIT_GRADING_JOB"
KEEP_ENV = ("PATH", "LANG", "LANGUAGE", "TZ", "PYTHONPATH", "VIRTUAL_ENV", "CONDA_PREFIX", "SYSTEMROOT", "USER",
            "LOGNAME")


def base_environment() -> dict[str, str]:
    """The environment variables a job keeps: Python's and the locale's, the venv's ``bin/`` first on PATH."""
    env = {k: v for k, v in os.environ.items() if k in KEEP_ENV or k.startswith("LC_")}
    env["PATH"] = with_bin(env.get("PATH", os.defpath))
    return env


def template_gradebook(course: Course, target: Path) -> Path:
    """A copy of the course's gradebook without any student (nor their submissions), for the jobs."""
    shutil.copy(course.db_path, target)
    with open_gradebook(f"sqlite:///{target}", course.course_id) as gb:
        for student in list(gb.students):
            gb.remove_student(student.id)
    db = sqlite3.connect(target, isolation_level=None)
    try:
        db.execute("VACUUM")  # the removed rows leave no trace in the file
    finally:
        db.close()
    return target


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        target.symlink_to(source)


@dataclass(frozen=True)
class Job:
    """One submission to grade: where, what, and the limits."""

    student: str
    assignment: str
    root: Path
    mark: str

    def spec(self, course: Course, cell_timeout: int, max_output_bytes: int, lang: str) -> dict:
        root = self.root
        env = base_environment()
        env.update({
            "HOME": str(root / "home"), "CRMKIT_HOME": str(root / "data"), "CRMKIT_SCRATCH": str(root / "scratch"),
            "CRMKIT_ROLE": "student", "CRMKIT_LANG": lang, "IPYTHONDIR": str(root / "home" / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(root / "runtime"), "XDG_CACHE_HOME": str(root / "home" / ".cache"),
            "XDG_CONFIG_HOME": str(root / "home" / ".config"), "XDG_DATA_HOME": str(root / "home" / ".local"),
            "MPLCONFIGDIR": str(root / "home" / ".mpl"), "TMPDIR": str(root / "tmp"), "PYTHONNOUSERSITE": "1",
            MARK: self.mark,
        })
        return {"root": str(root), "assignment": self.assignment, "student": self.student,
                "config_files": [str(p) for p in course.config_files], "cell_timeout": cell_timeout,
                "max_output_bytes": max_output_bytes, "env": env}


def prepare(course: Course, assignment: str, student: str, submission: Path, template: Path, work: Path,
            extension_minutes: float | None = None) -> Job:
    """The isolated course folder of the submission in the folder ``submission`` (see the module's docstring)."""
    from nbgrader.utils import find_all_files

    root = work / student
    shutil.rmtree(root, ignore_errors=True)
    for name in ("home", "scratch", "runtime", "tmp", "data"):
        (root / name).mkdir(parents=True)
    shutil.copy(template, root / "gradebook.db")
    if extension_minutes:
        with open_gradebook(f"sqlite:///{root / 'gradebook.db'}", course.course_id) as gb:
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment, student)
            gb.grant_extension(assignment, student, minutes=extension_minutes)
    cd = course.coursedir
    source = course.folder("source_directory", assignment)
    for path in find_all_files(str(source), list(cd.ignore) + ["*.ipynb"]):
        target = root / cd.source_directory / assignment / Path(path).relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    shutil.copytree(submission, root / cd.submitted_directory / student / assignment, symlinks=True)
    home = config.data_home()
    for path in sorted(home.glob("*.duckdb")) if home.is_dir() else []:
        if not path.name.endswith(".private.duckdb"):
            _link(path, root / "data" / path.name)
    return Job(student, assignment, root, secrets.token_hex(12))


def reap(mark: str) -> int:
    """Kill every process whose environment carries ``MARK=mark`` (Linux ``/proc``); how many."""
    needle = f"{MARK}={mark}".encode()
    killed = 0
    for entry in Path("/proc").glob("[0-9]*") if Path("/proc").is_dir() else []:
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0") and int(entry.name) != os.getpid():
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
        except (OSError, ValueError):
            continue
    return killed


class Worker:
    """A ``python -m crmkit.grading.worker`` process (started when first needed, replaced when it fails)."""

    def __init__(self, log_file: Path, command: list[str] | None = None) -> None:
        self.log_file = log_file
        self.command = command or [sys.executable, "-m", "crmkit.grading.worker"]
        self.proc: subprocess.Popen | None = None
        self.key = ""
        self.buffer = b""

    def _start(self) -> None:
        self.key = secrets.token_hex(16)
        self.buffer = b""
        with open(self.log_file, "ab") as log:
            self.proc = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, env=base_environment(),
                                         cwd=self.log_file.parent, start_new_session=True)
        self.proc.stdin.write(f"{self.key}\n".encode())
        self.proc.stdin.flush()

    def run(self, spec: dict, timeout: float) -> dict | None:
        """Send one job and wait for its answer; None if the worker died or took longer than ``timeout``."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        try:
            self.proc.stdin.write((json.dumps(spec) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            self.kill()
            return None
        deadline = time.monotonic() + timeout
        prefix = f"{RESULT} {self.key} ".encode()
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if line.startswith(prefix):
                    return json.loads(line[len(prefix):])
            remaining = deadline - time.monotonic()
            ready = select.select([self.proc.stdout], [], [], max(remaining, 0))[0] if remaining > 0 else []
            chunk = os.read(self.proc.stdout.fileno(), 65536) if ready else b""
            if not chunk:  # timed out, or the worker is gone
                self.kill()
                return None
            self.buffer += chunk

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                self.proc.kill()
        if self.proc is not None:
            self.proc.wait()
        self.proc = None

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
