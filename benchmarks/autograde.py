"""Parallel autograding against nbgrader's own serial autograde (issue 8 speed goal).

    python benchmarks/autograde.py                          # 40 submissions of ch01-practice (else ch01-study)
    python benchmarks/autograde.py --assignment ch01-study --submissions 40 --jobs 2
    python benchmarks/autograde.py --markdown table.md

Goal: ``crmkit grade autograde --jobs 2`` at least 1.6 times as fast as ``nbgrader autograde`` on
this (two-core) machine, with identical scores. A temporary course gets the assignment from
``solutions/``, a roster of N students and N submissions made from the release: every student
answers right except a few questions that vary from student to student (the typical wrong
answers of ``wrong_answers.toml``). The course is copied twice; one copy is graded by
``nbgrader autograde ASSIGNMENT`` (one process, one submission after the other), the other by
``crmkit grade autograde ASSIGNMENT --jobs N``, both as commands, timed from start to finish
(so both pay for importing nbgrader). Then the score of every graded cell is compared.

The machine's load average is printed before and after: other work on the machine slows both,
and takes the cores that running in parallel needs. The CPU seconds (of the command and all its
processes: nbgrader, workers, kernels) show what each way costs whatever the load.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_course(folder: Path, assignment: str, count: int) -> Path:
    import nbformat

    from crmkit.grading import course, roster, samples

    root = folder / "course"
    (root / "solutions").mkdir(parents=True)
    for name in ("nbgrader_config.py", "course.toml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "solutions" / assignment, root / "solutions" / assignment)
    students = [f"b{i:02d}" for i in range(1, count + 1)]
    (folder / "roster.csv").write_text("学号,姓名\n" + "".join(f"{s},学生{s}\n" for s in students), "utf-8")
    roster.setup(folder / "roster.csv", root)
    course.nbgrader(course.open_course(root), "generate_assignment", assignment, "--force")
    release = root / "assignments" / assignment / f"{assignment}.ipynb"
    source = root / "solutions" / assignment / f"{assignment}.ipynb"
    wrong = samples.wrong_answers(root / "solutions" / assignment)
    questions = sorted(wrong)
    for i, student in enumerate(students):
        mistakes = {q: wrong[q] for j, q in enumerate(questions) if (i + j) % 4 == 0}
        target = root / "submitted" / student / assignment
        shutil.copytree(release.parent, target)
        nbformat.write(samples.answered(release, source, mistakes), target / f"{assignment}.ipynb")
    return root


def scores(root: Path, assignment: str) -> dict[tuple[str, str], float | None]:
    from crmkit.grading import course

    found = {}
    with course.gradebook(course.open_course(root)) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                for grade in nb.grades:
                    found[(sub.student.id, grade.name)] = grade.auto_score
    return found


def busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot (Linux ``/proc/stat``), 0 elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, idle, iowait, irq, softirq = (int(x) for x in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall-clock seconds of ``command``, the CPU seconds it and its processes used, and those of the others."""
    from crmkit.grading.course import environment

    before, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=environment(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after, busy = resource.getrusage(resource.RUSAGE_CHILDREN), busy_seconds() - busy
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, max(0.0, busy - cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = "ch01-practice" if (ROOT / "solutions" / "ch01-practice").is_dir() else "ch01-study"
    parser.add_argument("--assignment", default=default)
    parser.add_argument("--submissions", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()

    from crmkit.data import build

    build("all")  # the data the notebooks read, before the clock starts
    folder = Path(tempfile.mkdtemp(prefix="crmkit-bench-autograde-"))
    try:
        load_before = os.getloadavg()
        print(f"building a course with {args.submissions} submissions of {args.assignment} in {folder}",
              file=sys.stderr)
        template = build_course(folder / "template", args.assignment, args.submissions)
        serial, parallel = folder / "serial", folder / "parallel"
        shutil.copytree(template, serial)
        shutil.copytree(template, parallel)
        print("nbgrader autograde (serial) ...", file=sys.stderr, flush=True)
        t_serial, cpu_serial, others_serial = timed([sys.executable, "-m", "nbgrader", "autograde", args.assignment],
                                                    serial)
        print(f"  {t_serial:.1f} s\ncrmkit grade autograde --jobs {args.jobs} ...", file=sys.stderr, flush=True)
        t_parallel, cpu_parallel, others_parallel = timed(
            [sys.executable, "-m", "crmkit.cli", "grade", "autograde", args.assignment, "--jobs", str(args.jobs),
             "--course", str(parallel)], parallel)
        print(f"  {t_parallel:.1f} s", file=sys.stderr)
        load_after = os.getloadavg()
        a, b = scores(serial, args.assignment), scores(parallel, args.assignment)
        same = a == b and len(a) > 0
        n = args.submissions
        rows = [
            ("nbgrader autograde (serial)", t_serial, t_serial / n, cpu_serial, others_serial / t_serial, 1.0),
            (f"crmkit grade autograde --jobs {args.jobs}", t_parallel, t_parallel / n, cpu_parallel,
             others_parallel / t_parallel, t_serial / t_parallel),
        ]
        lines = [f"Autograding {n} submissions of {args.assignment} ({os.cpu_count()} cores; load average "
                 f"{load_before[0]:.1f} before, {load_after[0]:.1f} after)", "",
                 "| run | seconds | per submission | CPU seconds | cores used by other work | speed-up |",
                 "|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {name} | {s:.1f} | {p:.2f} | {c:.1f} | {o:.2f} | {x:.2f}x |" for name, s, p, c, o, x in rows]
        lines += ["", f"Identical scores: {'yes' if same else 'NO'} ({len(a)} graded cells; "
                      f"{sum(1 for v in a.values() if v)} with points)",
                  f"Goal: >= 1.6x with --jobs 2 -> {'met' if t_serial / t_parallel >= 1.6 else 'not met'}"]
        table = "\n".join(lines)
        print(table)
        if args.markdown:
            Path(args.markdown).write_text(table + "\n", "utf-8")
        return 0 if same else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
