"""Run a batch of reports: papermill in a bounded process pool, HTML export, retries, progress bar.

Each report is one :class:`Job` (a template and its parameters). A worker process runs it with
papermill's Python API — the parameters go in as they are, so ``"00123"`` stays a string — and
exports the executed notebook to HTML (:mod:`crmkit.reports.html`). A kernel that fails to start
(it died, or did not answer in time: a busy machine starting many kernels at once) is started
again, up to :data:`ATTEMPTS` times. A report that fails keeps its partial notebook (the cells up
to the error, with the traceback) and the batch goes on; every report gives a :class:`Result`.

Examples
--------
>>> is_kernel_start_error(RuntimeError("Kernel didn't respond in 60 seconds"))
True
>>> is_kernel_start_error(ValueError("bad value"))
False
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from crmkit import i18n

__all__ = ["ATTEMPTS", "Job", "Result", "first_lines", "is_kernel_start_error", "run_batch", "run_one"]

#: How many times a report's kernel is started before the report counts as failed.
ATTEMPTS = 3
#: Seconds papermill waits for a kernel to start (a loaded machine starting several is slow).
START_TIMEOUT = 120
#: Seconds a single cell may run.
CELL_TIMEOUT = 600
#: The kernels of a batch keep their log (start-up warnings, the interrupt that stops them) off
#: the terminal: what a report prints, and its errors, go into its notebook.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
#: Signs of a kernel that did not start, in the messages of jupyter_client, nbclient and zmq.
_KERNEL_START = ("kernel didn't respond", "kernel died before replying", "address already in use",
                 "kernel_info", "kernel failed to start", "timed out waiting for kernel")
ERROR_LINES = 3


@dataclasses.dataclass(frozen=True)
class Job:
    """One report: the ``template`` notebook, its ``parameters``, and where it goes
    (``<out_dir>/<name>.ipynb`` and ``.html``)."""

    template: Path
    parameters: dict
    name: str
    out_dir: Path
    lang: str = "zh"
    kernel: str = "python3"

    @property
    def notebook(self) -> Path:
        return self.out_dir / f"{self.name}.ipynb"

    @property
    def html(self) -> Path:
        return self.out_dir / f"{self.name}.html"


@dataclasses.dataclass
class Result:
    """What became of a :class:`Job`. ``status`` is ``ok`` or ``failed``; ``seconds`` the whole
    report (kernel start, cells, HTML export); ``kernel_seconds`` papermill's time outside the
    cells (mostly starting and stopping the kernel); ``cell_seconds`` the time in the cells (the
    analytics and charts); ``error`` the first lines of the error; ``retries`` one note per
    restarted kernel."""

    template: str
    name: str
    parameters: dict
    status: str
    seconds: float
    notebook: str
    html: str | None = None
    error: str | None = None
    kernel_seconds: float | None = None
    cell_seconds: float | None = None
    export_seconds: float | None = None
    attempts: int = 1
    retries: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def is_kernel_start_error(exc: BaseException) -> bool:
    """True when ``exc`` says the kernel did not start (worth another try), not that a cell failed."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return False
    text = f"{type(exc).__name__}: {exc}".lower()
    return isinstance(exc, TimeoutError) or any(sign in text for sign in _KERNEL_START)


def first_lines(exc: BaseException, lines: int = ERROR_LINES) -> str:
    """The error in a few lines: for a failed cell its exception and message, else the exception."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        text = f"{exc.ename}: {exc.evalue}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    kept = [line for line in text.strip().splitlines() if line.strip()][:lines]
    return "\n".join(kept) or i18n.t("reports.run.no_error_text")


def _timings(nb) -> tuple[float | None, float | None]:
    """(outside the cells, in the cells) from papermill's metadata of an executed notebook."""
    total = nb.metadata.get("papermill", {}).get("duration")
    cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells)
    return (None if total is None else max(total - cells, 0.0)), cells


def _execute(job: Job):
    import papermill

    return papermill.execute_notebook(str(job.template), str(job.notebook), parameters=job.parameters,
                               kernel_name=job.kernel, cwd=str(job.template.parent), progress_bar=False,
                               request_save_on_cell_execute=False, start_timeout=START_TIMEOUT,
                               execution_timeout=CELL_TIMEOUT, extra_arguments=KERNEL_ARGUMENTS)


def run_one(job: Job, *, execute: Callable[[Job], object] | None = None, wait: float = 1.0) -> Result:
    """Run one report and export it; never raises for a failing report (see :class:`Result`).

    ``execute`` runs the notebook into ``job.notebook`` and may return the executed notebook
    (default: papermill); ``wait`` is the pause before a kernel is started again, doubled at each
    attempt.
    """
    import nbformat

    from crmkit.reports import html

    execute = execute or _execute
    job.out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = Result(template=job.template.stem, name=job.name, parameters=dict(job.parameters), status="failed",
                    seconds=0.0, notebook=str(job.notebook))
    executed = None
    for attempt in range(1, ATTEMPTS + 1):
        result.attempts = attempt
        try:
            executed = execute(job)
        except Exception as exc:  # a report's failure is recorded, the batch goes on
            if is_kernel_start_error(exc) and attempt < ATTEMPTS:
                result.retries.append(i18n.t("reports.run.retry", name=job.name, error=first_lines(exc, 1),
                                             attempt=attempt + 1, attempts=ATTEMPTS))
                time.sleep(wait * 2 ** (attempt - 1))
                continue
            result.error = first_lines(exc)
            break
        exported = time.perf_counter()
        try:
            if not isinstance(executed, nbformat.NotebookNode):  # read it back only when not handed over
                executed = nbformat.read(job.notebook, as_version=4)
            html.export(executed, job.html, lang=job.lang, title=job.name)
        except Exception as exc:  # an export that fails is a failed report too
            result.error = first_lines(exc)
            break
        result.status, result.html = "ok", str(job.html)
        result.export_seconds = time.perf_counter() - exported
        break
    try:
        if executed is None and job.notebook.is_file():  # a failed report: its partial notebook
            executed = nbformat.read(job.notebook, as_version=4)
        if executed is not None:
            result.kernel_seconds, result.cell_seconds = _timings(executed)
    except (OSError, ValueError):  # an unreadable partial notebook has no timings
        pass
    result.seconds = time.perf_counter() - started
    return result


def _progress(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=i18n.t("reports.run.progress"), unit=i18n.t("reports.run.unit"), file=sys.stderr,
                disable=not enabled,
                dynamic_ncols=True)


def run_batch(jobs: Iterable[Job], *, workers: int = 2, progress: bool = True,
              on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Run every job, at most ``workers`` at the same time, each in its own worker process.

    Results come back in the order of ``jobs``. Retries are reported above the progress bar as
    they happen; ``on_result`` is called with each result as it arrives.
    """
    jobs = list(jobs)
    results: dict[int, Result] = {}
    with _progress(len(jobs), progress) as bar:
        if workers <= 1:
            for index, job in enumerate(jobs):
                results[index] = _arrived(run_one(job), bar, on_result)
        else:
            # spawn: a clean interpreter per worker (no threads or open files inherited from the caller)
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs) or 1), mp_context=context) as pool:
                pending = {pool.submit(run_one, job): index for index, job in enumerate(jobs)}
                for future in as_completed(pending):
                    job = jobs[pending[future]]
                    try:
                        result = future.result()
                    except Exception as exc:  # the worker process itself died: that report failed
                        result = Result(template=job.template.stem, name=job.name, parameters=dict(job.parameters),
                                        status="failed", seconds=0.0, notebook=str(job.notebook),
                                        error=first_lines(exc))
                    results[pending[future]] = _arrived(result, bar, on_result)
    return [results[i] for i in range(len(jobs))]


def _arrived(result: Result, bar, on_result: Callable[[Result], None] | None) -> Result:
    for note in result.retries:
        bar.write(note, file=sys.stderr)
    bar.update(1)
    if on_result is not None:
        on_result(result)
    return result
