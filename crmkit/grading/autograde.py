"""``crmkit grade autograde``: nbgrader's autograder on every submission, ``--jobs`` at a time, safely.

nbgrader's gradebook is one SQLite file, and ``nbgrader autograde`` writes to it from every
submission it grades; several of them at once end in "database is locked". So the work is split:

1. **grading, in parallel and isolated**: every submission is graded by nbgrader's own autograder
   (in a :mod:`~crmkit.grading.worker` process, ``jobs`` of them) in a course folder of its own
   with a gradebook of its own (:mod:`~crmkit.grading.jobs`): the course's gradebook copied
   without any student. Nothing there is shared, so nothing is locked, and whatever a notebook
   does to its folder only touches its own grading;
2. **merging, one at a time**: this process alone copies each result into the course's gradebook
   — the auto scores of the grade cells, whether a cell needs manual grading, the automatic
   comments, the late penalty and the submission time, exactly the fields nbgrader's
   ``SaveAutoGrades`` and ``AssignLatePenalties`` write (manual scores are kept, as nbgrader keeps
   them) — and copies the graded notebooks to ``autograded/``. The scores are checked against
   the graded notebook with nbgrader's own ``determine_grade`` before they are merged.

So the scores are the ones serial ``nbgrader autograde`` gives (``benchmarks/autograde.py`` and
the tests compare them). A submission that cannot be graded — not a notebook (invalid JSON),
not on the roster, nbgrader failing, its time limit reached, its worker killed — scores zero on
every cell, with a reason; it never stops the others. The summary at the end lists every
student's score and reasons and is also written to ``build/grading/autograde-<assignment>.csv``
(nbgrader's logs of each submission: ``build/grading/logs/<assignment>/``).
"""

from __future__ import annotations

import concurrent.futures
import re
import shutil
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from crmkit import config, i18n
from crmkit.errors import CrmkitError
from crmkit.grading import jobs as job_files
from crmkit.grading import reasons
from crmkit.grading.collect import submitted_students
from crmkit.grading.course import Course, gradebook, open_course, open_gradebook, require_assignment
from crmkit.grading.export import net_score
from crmkit.grading.protect import Watch
from crmkit.grading.reasons import Reason
from crmkit.grading.roster import names

OUTPUT = Path("build") / "grading"
MAX_JOBS = 64


@dataclass
class Result:
    """One student's autograde: the score, its maximum, and the reasons worth the teacher's attention."""

    student: str
    name: str = ""
    graded: bool = False
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    reasons: list[Reason] = field(default_factory=list)
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)  # notebook -> grade cell -> auto score


@dataclass
class Summary:
    """What one autograde run did: a :class:`Result` per student, and problems of the run itself."""

    assignment: str
    results: list[Result]
    seconds: float
    problems: list[Reason] = field(default_factory=list)
    csv: Path | None = None

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.graded]

    def frame(self) -> pd.DataFrame:
        """One row per student: ``student_id``, ``name``, ``graded``, ``score``, ``max_score``, ``reasons``."""
        return pd.DataFrame({
            "student_id": [r.student for r in self.results], "name": [r.name for r in self.results],
            "graded": [r.graded for r in self.results], "score": [r.score for r in self.results],
            "max_score": [r.max_score for r in self.results],
            "reasons": ["; ".join(x.text() for x in r.reasons) for r in self.results]})

    def text(self) -> str:
        lines = [i18n.t("grading.autograde.done", assignment=self.assignment, count=len(self.results),
                        graded=len(self.results) - len(self.failed), seconds=f"{self.seconds:.1f}")]
        for r in self.results:
            mark = "✓" if r.graded and not r.reasons else ("!" if r.graded else "✗")
            lines.append(f"  {mark} {r.student} {r.name}  {r.score:g}/{r.max_score:g}")
            lines += [f"      - {x.text()}" for x in r.reasons]
        lines += [f"  ✗ {p.text()}" for p in self.problems]
        if self.csv is not None:
            lines.append(i18n.t("grading.autograde.written", path=str(self.csv)))
        return "\n".join(lines)


def _scores(root: Path, assignment: str, student: str, course_id: str) -> dict:
    """The worker's gradebook entries of the submission (what nbgrader saved)."""
    with open_gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id) as gb:
        sub = gb.find_submission(assignment, student)
        return {"timestamp": sub.timestamp, "notebooks": {nb.name: {
            "penalty": nb.late_submission_penalty,
            "grades": {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
            "comments": {c.name: c.auto_comment for c in nb.comments}} for nb in sub.notebooks}}


def _error_line(log: str) -> str:
    """The last ``SomeError: message`` line of a log (the end of a traceback), else its last line."""
    lines = [line.strip() for line in log.strip().splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception)\b.*:", line)]
    return (errors or lines or ["?"])[-1][:300]


def _agrees(graded_dir: Path, saved: dict) -> bool:
    """Whether the graded notebooks give the saved scores by nbgrader's ``determine_grade``."""
    from nbgrader.utils import determine_grade, is_grade

    for name, entry in saved["notebooks"].items():
        path = graded_dir / f"{name}.ipynb"
        if not path.is_file():
            if any(score for score, _ in entry["grades"].values()):
                return False
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if is_grade(cell):
                score = determine_grade(cell)[0]
                saved_score = entry["grades"].get(cell.metadata.nbgrader["grade_id"], (None,))[0]
                if (score is None) != (saved_score is None) or (score is not None and abs(score - saved_score) > 1e-9):
                    return False
    return True


class Run:
    """One autograde run of an assignment (see the module's docstring)."""

    def __init__(self, course: Course, assignment: str, students: list[str], settings: dict) -> None:
        self.course, self.assignment = course, assignment
        self.settings = settings
        self.tmp = Path(tempfile.mkdtemp(prefix=f"crmkit-autograde-{assignment}-"))
        self.submissions = self.tmp / "submitted"  # a snapshot: no notebook can delete another's
        for student in students:
            shutil.copytree(course.folder("submitted_directory", assignment, student), self.submissions / student,
                            symlinks=True)
        self.logs = course.root / OUTPUT / "logs" / assignment
        self.logs.mkdir(parents=True, exist_ok=True)
        self.template = job_files.template_gradebook(course, self.tmp / "template.db")
        self.watch = Watch(course, assignment, self.tmp / "gradebook-backup.db")
        self.lang = i18n.get_language()
        self.local = threading.local()
        self.workers: list[job_files.Worker] = []
        self.lock = threading.Lock()
        self.active: set[str] = set()  # the students being graded right now
        self.stop: Reason | None = None

    def worker(self) -> job_files.Worker:
        if not hasattr(self.local, "worker"):
            with self.lock:
                self.local.worker = job_files.Worker(self.tmp / f"worker-{len(self.workers) + 1}.log")
                self.workers.append(self.local.worker)
        return self.local.worker

    def grade(self, student: str, extension: float | None) -> tuple[Result, dict | None]:
        """Grade one submission in its own folder (runs in a pool thread); the result and what to merge."""
        result = Result(student)
        if self.stop is not None:
            result.reasons.append(Reason("not_graded_stopped"))
            return result, None
        with self.lock:
            self.active.add(student)
        try:
            return self._grade(result, extension)
        except Exception as exc:  # one submission never stops the others
            result.reasons.append(Reason("nbgrader_failed", {"error": f"{type(exc).__name__}: {exc}"[:300]}))
            return result, None
        finally:
            with self.lock:
                self.active.discard(student)

    def running(self, student: str) -> str:
        """The students being graded now and ``student`` (who just finished), for a reason's text."""
        with self.lock:
            return ", ".join(sorted(self.active | {student}))

    def _grade(self, result: Result, extension: float | None) -> tuple[Result, dict | None]:
        started = time.perf_counter()
        student = result.student
        submitted = self.submissions / student
        released = self.course.folder("release_directory", self.assignment)
        invalid = []
        for path in sorted(submitted.glob("*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception as exc:  # not JSON, not a notebook
                invalid.append(Reason("invalid_notebook", {"file": path.name, "error": str(exc)[:200]}))
                continue
            if (released / path.name).is_file():
                result.reasons += reasons.from_release(nb, nbformat.read(released / path.name, as_version=4))
        if invalid:
            result.reasons = invalid
            return result, None
        job = job_files.prepare(self.course, self.assignment, student, submitted, self.template, self.tmp / "work",
                                extension)
        spec = job.spec(self.course, self.settings["cell_timeout"], self.settings["max_output_bytes"], self.lang)
        answer = self.worker().run(spec, self.settings["submission_timeout"])
        job_files.reap(job.mark)
        result.seconds = time.perf_counter() - started
        log = (answer or {}).get("log", "") + (answer or {}).get("error", "")
        (self.logs / f"{student}.log").write_text(log, "utf-8")
        if answer is None:
            key = "too_long" if result.seconds >= self.settings["submission_timeout"] else "worker_died"
            result.reasons.append(Reason(key, {"seconds": self.settings["submission_timeout"]}))
            return result, None
        result.reasons += reasons.from_log(log)
        if not answer.get("success"):
            try:
                _scores(job.root, self.assignment, student, self.course.course_id)
            except Exception:  # the notebook's code destroyed its gradebook
                result.reasons.append(Reason("results_lost"))
            else:
                result.reasons.append(Reason("nbgrader_failed", {"error": _error_line(log)}))
            return result, None
        graded_dir = self.course.folder("autograded_directory", self.assignment, student)
        work_graded = job.root / self.course.coursedir.autograded_directory / student / self.assignment
        try:
            saved = _scores(job.root, self.assignment, student, self.course.course_id)
        except Exception:
            result.reasons.append(Reason("results_lost"))
            return result, None
        if not _agrees(work_graded, saved):
            result.reasons.append(Reason("results_changed"))
            return result, None
        for path in sorted(work_graded.glob("*.ipynb")):
            result.reasons += reasons.from_notebook(nbformat.read(path, as_version=4), self.settings["cell_timeout"])
        saved["graded_dir"], saved["work_graded"] = graded_dir, work_graded
        return result, saved

    def merge(self, gb, result: Result, saved: dict | None) -> None:
        """Write one result into the course's gradebook (this thread only) and copy the graded notebooks."""
        from nbgrader.utils import rmtree

        with warnings.catch_warnings():  # nbgrader's creation of a submission makes SQLAlchemy warn
            warnings.simplefilter("ignore")
            sub = gb.update_or_create_submission(self.assignment, result.student)
        if saved is not None and saved["timestamp"] is not None:
            sub.timestamp = saved["timestamp"]
        for nb in sub.notebooks:
            entry = (saved or {"notebooks": {}})["notebooks"].get(nb.name)
            nb.late_submission_penalty = entry["penalty"] if entry else None
            for grade in nb.grades:
                auto, needs = entry["grades"].get(grade.name, (0.0, False)) if entry else (0.0, False)
                grade.auto_score = auto
                grade.needs_manual_grade = grade.manual_score is not None or needs
                result.scores.setdefault(nb.name, {})[grade.name] = auto
            for comment in nb.comments:
                comment.auto_comment = entry["comments"].get(comment.name) if entry else None
        gb.db.commit()
        result.graded = saved is not None
        result.score = net_score(sub)
        result.max_score = sub.max_score
        target = saved["graded_dir"] if saved else self.course.folder("autograded_directory", self.assignment,
                                                                      result.student)
        if target.exists():
            rmtree(str(target))
        if saved is not None:
            shutil.copytree(saved["work_graded"], target, symlinks=True)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _merge_safely(run: Run, result: Result, saved: dict | None, problems: list[Reason]) -> None:
    """Merge, and merge again if the gradebook was changed behind crmkit's back meanwhile."""
    for _ in range(3):
        if not run.watch.gradebook_intact():
            problems.append(Reason("gradebook_restored", {"ids": result.student}))
        try:
            with gradebook(run.course) as gb:
                run.merge(gb, result, saved)
        except Exception:  # the file vanished or broke under the merge: put it back, merge again
            pass
        if run.watch.healthy():
            run.watch.saved()
            return
        run.watch.restore()
    raise CrmkitError("grading.autograde.gradebook_broken", path=str(run.course.db_path))


def _extensions(gb, assignment: str) -> dict[str, float]:
    found = {}
    for sub in gb.assignment_submissions(assignment):
        if sub.extension is not None:
            found[sub.student.id] = sub.extension.total_seconds() / 60
    return found


def _ensure_data() -> None:
    """Build any generated shop that is missing, before the kernels look for it (read-only)."""
    from crmkit.data import build

    for shop in config.SHOPS:
        if not config.course_db_path(shop).exists():
            build(shop)


def autograde(assignment: str, course: Course | str | None = None, *, jobs: int = 1,
              students: list[str] | None = None, progress=None) -> Summary:
    """Autograde every collected submission of ``assignment`` (or only ``students``), ``jobs`` at a time.

    ``progress`` (e.g. ``print``) is called with a line as each submission is done. The limits come
    from ``course.toml`` ``[grading]`` (:data:`crmkit.grading.weights.SETTINGS`).
    """
    if not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        raise CrmkitError("grading.autograde.bad_jobs", value=jobs, most=MAX_JOBS)
    course = open_course(course)
    started = time.perf_counter()
    with gradebook(course) as gb:
        require_assignment(gb, assignment)
        roster = names(gb)
        extensions = _extensions(gb, assignment)
    found = submitted_students(course, assignment)
    if students:
        unknown = [s for s in students if s not in found]
        if unknown:
            raise CrmkitError("grading.autograde.no_submission", ids=", ".join(unknown), assignment=assignment)
        found = [s for s in found if s in students]
    _ensure_data()
    run = Run(course, assignment, [s for s in found if s in roster], course.weights.settings)
    results: list[Result] = []
    problems: list[Reason] = []
    try:
        outsiders = [s for s in found if s not in roster]
        results += [Result(s, reasons=[Reason("not_on_roster")]) for s in outsiders]
        todo = [s for s in found if s in roster]
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(run.grade, student, extensions.get(student)) for student in todo]
            for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
                result, saved = future.result()
                if not run.watch.gradebook_intact():
                    problems.append(Reason("gradebook_restored", {"ids": run.running(result.student)}))
                changed = run.watch.changed()
                if changed and run.stop is None:
                    run.stop = Reason("course_changed", {"files": ", ".join(str(p) for p in changed[:5]),
                                                         "ids": run.running(result.student)})
                    problems.append(run.stop)
                if run.stop is not None and saved is not None:
                    saved = None
                    result.reasons.append(Reason("not_graded_stopped"))
                result.name = roster.get(result.student, "")
                if result.student in roster and Reason("not_graded_stopped") not in result.reasons:
                    _merge_safely(run, result, saved, problems)
                results.append(result)
                if progress is not None:
                    progress(i18n.t("grading.autograde.progress", done=done, count=len(todo), student=result.student,
                                    score=f"{result.score:g}", max=f"{result.max_score:g}",
                                    seconds=f"{result.seconds:.1f}", status="✓" if result.graded else "✗"))
    finally:
        run.close()
    results.sort(key=lambda r: r.student)
    summary = Summary(assignment, results, time.perf_counter() - started, problems)
    summary.csv = course.root / OUTPUT / f"autograde-{assignment}.csv"
    frame = summary.frame()
    frame.columns = [i18n.t(f"grading.autograde.column.{c}") for c in frame.columns]
    frame.to_csv(summary.csv, index=False, encoding="utf-8-sig")
    return summary
