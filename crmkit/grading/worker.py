"""An autograde worker: a process that runs nbgrader's autograder on one submission after another.

:mod:`crmkit.grading.autograde` starts ``--jobs`` of these (``python -m crmkit.grading.worker``).
Each imports nbgrader once — that import takes seconds, as long as grading a short notebook, so a
process per submission would lose what running in parallel gains — and then, for every job it
reads, runs nbgrader's own ``Autograde`` converter (what ``nbgrader autograde`` runs) in that
job's isolated course folder, with that job's environment, and answers with nbgrader's log.

The protocol, on the standard streams: the first line read is a key; then each line read is a job
(JSON: ``root``, ``assignment``, ``student``, ``config_files``, ``cell_timeout``,
``max_output_bytes``, ``env``) and each answer is one line ``CRMKIT-RESULT <key> <json>`` with
``success``, ``log`` and ``error``. Everything else the process prints goes to its error stream.
The configuration is the course's, with these changes: the course folder and gradebook are the
job's, ``Execute.timeout`` is the cell time limit, ``OverwriteCells.add_missing_cells`` puts back
deleted test cells, and :class:`crmkit.grading.sandbox.GuardedExecute` replaces ``Execute`` (and
``DeduplicateCells`` replaces ``DeduplicateIds``).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import sys
import traceback
from pathlib import Path

RESULT = "CRMKIT-RESULT"
_configs: dict[tuple[str, ...], object] = {}


def job_config(job: dict):
    """The course configuration (read once per set of files) with the job's changes."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import DeduplicateIds, Execute

    from crmkit.grading.course import configured, load_config
    from crmkit.grading.sandbox import DeduplicateCells, GuardedExecute

    files = tuple(job["config_files"])
    if files not in _configs:
        _configs[files] = load_config([Path(f) for f in files])
    cfg = copy.deepcopy(_configs[files])
    root = job["root"]
    cfg.CourseDirectory.root = root
    cfg.CourseDirectory.db_url = f"sqlite:///{Path(root) / 'gradebook.db'}"
    cfg.Execute.timeout = job["cell_timeout"]
    cfg.GuardedExecute.max_output_bytes = job["max_output_bytes"]
    cfg.OverwriteCells.add_missing_cells = True
    sanitize = configured(cfg, Autograde, "sanitize_preprocessors")
    cfg.Autograde.sanitize_preprocessors = [DeduplicateCells if p is DeduplicateIds else p for p in sanitize]
    grade = configured(cfg, Autograde, "autograde_preprocessors")
    cfg.Autograde.autograde_preprocessors = [GuardedExecute if p is Execute else p for p in grade]
    return cfg


def run_job(job: dict) -> dict:
    """Autograde one submission as the job says; nbgrader's ``{"success", "log", "error"}``."""
    os.environ.clear()
    os.environ.update(job["env"])
    os.chdir(job["root"])
    try:
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.utils import capture_log

        cfg = job_config(job)
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = job["assignment"]
        coursedir.student_id = job["student"]
        converter = Autograde(coursedir=coursedir, config=cfg)
        converter.force = True
        converter.create_student = True
        converter.log.setLevel(logging.INFO)
        return capture_log(converter)
    except Exception:
        return {"success": False, "error": traceback.format_exc()}
    finally:
        os.chdir(Path(job["root"]).parent)


def main() -> int:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not look like answers
    key = sys.stdin.readline().strip()
    for line in sys.stdin:
        if not line.strip():
            continue
        result = run_job(json.loads(line))
        answers.write(f"{RESULT} {key} {json.dumps(result, ensure_ascii=True)}\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
