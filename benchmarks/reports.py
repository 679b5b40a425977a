"""Batch reports: a serial papermill loop against the process pool of ``crmkit reports run --jobs 2``.

    python benchmarks/reports.py                 # 24 reports of the mall: 8 channel + 16 monthly reports
    python benchmarks/reports.py --rounds 2         # serial then parallel, parallel then serial; best of each
    python benchmarks/reports.py --jobs 4 --reports 12 --out DIR

Goal (issue 9): 24 channel/month reports at least 1.6x faster with ``--jobs 2`` than one after the
other. Both runs do the same work per report — papermill executes the template with a fresh
kernel, then the HTML export — the serial one in this process, the parallel one in a pool of
worker processes (:func:`crmkit.reports.runner.run_batch`). The serial run goes first (with
``--rounds 2`` the order alternates and the best time of each counts); both share the operating
system's file cache, warm after the first report.

Per report the script also prints where the time goes, from papermill's own timings in the
executed notebooks: outside the cells (starting and stopping the kernel), the ``import crmkit``
cell, the other cells (analytics and charts: plotly's first figure in a kernel is the slow one)
and the HTML export. The machine's load average is printed too: on a shared machine other jobs
steal time from both runs and make the ratio noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def jobs_for(out: Path, count: int, lang: str):
    """``count`` reports of the mall: every channel report, then monthly reports of the latest months."""
    from crmkit.reports import batch, runner

    channel = batch.template_path("channel_report")
    monthly = batch.template_path("monthly_report")
    sets = [(channel, p) for p in batch.parameter_sets(channel, "channel", shops=["mall"], lang=lang)]
    months = batch.parameter_sets(monthly, "month", shops=["mall"], lang=lang)
    sets += [(monthly, p) for p in months[len(months) - max(count - len(sets), 0):]]
    return [runner.Job(template=t, parameters=p, name=batch.report_name(t, p), out_dir=out / t.stem, lang=lang)
            for t, p in sets[:count]]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (workers, and the kernels they ran)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def split(result) -> dict[str, float]:
    """Seconds of one report: kernel (outside the cells), import, analytics (other cells), export."""
    import nbformat

    nb = nbformat.read(result.notebook, as_version=4)
    cells = [(c.source, c.metadata.get("papermill", {}).get("duration") or 0)
             for c in nb.cells if c.cell_type == "code"]
    imports = sum(d for source, d in cells if "import crmkit" in source)
    return {"kernel": result.kernel_seconds or 0, "import": imports,
            "analytics": (result.cell_seconds or 0) - imports, "export": result.export_seconds or 0,
            "total": result.seconds}


def run(jobs: int, count: int, out: Path, lang: str, rounds: int) -> int:
    from crmkit.db import connect
    from crmkit.reports import runner

    connect("mall").close()  # build the mall first if it is missing, outside the timings
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start")
    best: dict[str, tuple[float, list, float]] = {}
    for round_ in range(rounds):  # serial first in odd rounds, parallel first in even ones
        order = [("serial", 1), ("parallel", jobs)][:: 1 if round_ % 2 == 0 else -1]
        for mode, workers in order:
            cpu, started = cpu_seconds(), time.perf_counter()
            results = runner.run_batch(jobs_for(out / f"{mode}-{round_ + 1}", count, lang), workers=workers,
                                       progress=True)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            print(f"round {round_ + 1}, {mode}: {seconds:.1f} s, {cpu:.1f} CPU s ({cpu / seconds:.2f} cores busy), "
                  f"load average {os.getloadavg()[0]:.2f} after it")
            if mode not in best or seconds < best[mode][0]:
                best[mode] = (seconds, results, cpu)
    (serial_seconds, serial, serial_cpu), (parallel_seconds, parallel, parallel_cpu) = best["serial"], best["parallel"]
    failed = [r.name for r in serial + parallel if not r.ok]
    speedup = serial_seconds / parallel_seconds
    print()
    print(f"{count} reports (channel and monthly reports of the mall), best of {rounds} round(s), output in {out}")
    for label, seconds in (("serial papermill loop", serial_seconds), (f"--jobs {jobs}", parallel_seconds)):
        print(f"  {label:22} {seconds:7.1f} s  ({seconds / count:.1f} s per report)")
    print(f"  speed-up: {speedup:.2f}x (goal >= 1.6x: {'met' if speedup >= 1.6 else 'NOT met'})")
    print(f"  CPU per report (this process, workers, kernels): {serial_cpu / count:.2f} s serial, "
          f"{parallel_cpu / count:.2f} s with --jobs {jobs}; the serial loop kept {serial_cpu / serial_seconds:.2f} "
          f"of {os.cpu_count()} cores busy")
    print()
    print("per report, mean seconds (min-max) in the serial run / the parallel run:")
    for part, label in (("kernel", "kernel start and stop (outside the cells)"), ("import", "import crmkit"),
                        ("analytics", "analytics and charts (other cells)"), ("export", "HTML export"),
                        ("total", "whole report")):
        cells = []
        for results in (serial, parallel):
            values = [split(r)[part] for r in results if r.ok]
            cells.append(f"{statistics.mean(values):5.2f} ({min(values):.2f}-{max(values):.2f})")
        print(f"  {label:42} {cells[0]:>20} / {cells[1]:>20}")
    if failed:
        print(f"failed reports: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reports", type=int, default=24)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat both runs, alternating which goes first, and keep the best time of each")
    parser.add_argument("--out", type=Path, help="keep the reports here (default: a temporary folder)")
    args = parser.parse_args()
    if args.out:
        return run(args.jobs, args.reports, args.out, args.lang, args.rounds)
    with tempfile.TemporaryDirectory(prefix="crmkit-reports-") as folder:
        return run(args.jobs, args.reports, Path(folder), args.lang, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
