"""``crmkit reports ...``: the argument parsers of the report commands and what each one runs.

    crmkit reports run TEMPLATE --by shop|channel|month|student [--shop S ...] [--period P]
                       [--grades FILE] [--jobs N] [--out DIR] [--lang zh|en] [--only-failed]

One report per shop, channel, month or student (:mod:`crmkit.reports.batch`), run ``--jobs`` at a
time (:mod:`crmkit.reports.runner`), each as an executed notebook and an offline HTML page in
``DIR/TEMPLATE/``; ``DIR/index.html`` lists every report and ``DIR/status.json`` remembers the
last run, so that ``--only-failed`` reruns just the failures. The exit code is 0 when every
report succeeded and 1 when some failed (the failures are listed).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from crmkit import config, i18n
from crmkit.errors import CrmkitError

__all__ = ["MAX_JOBS", "default_out", "register", "run_reports"]

#: The most reports one batch runs at the same time.
MAX_JOBS = 64


def default_out() -> Path:
    """Where reports go unless ``--out`` says otherwise: ``build/reports`` of the checkout."""
    return config.project_root() / "build" / "reports"


def _jobs_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(i18n.t("reports.run.bad_jobs", value=text, most=MAX_JOBS))
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``reports`` group to the ``crmkit`` parser; each command sets ``run(args) -> int``."""
    t = i18n.t
    group = sub.add_parser("reports", help=t("reports.cli.group"))
    commands = group.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help=t("reports.cli.run"))
    run.add_argument("template", help=t("reports.cli.template"))
    run.add_argument("--by", choices=("shop", "channel", "month", "student"), help=t("reports.cli.by"))
    run.add_argument("--shop", action="append", help=t("reports.cli.shop"))
    run.add_argument("--period", help=t("reports.cli.period"))
    run.add_argument("--grades", help=t("reports.cli.grades"))
    run.add_argument("--jobs", type=_jobs_count, default=2, help=t("reports.cli.jobs"))
    run.add_argument("--out", help=t("reports.cli.out"))
    run.add_argument("--lang", dest="report_lang", choices=i18n.LANGUAGES, help=t("reports.cli.lang"))
    run.add_argument("--only-failed", action="store_true", help=t("reports.cli.only_failed"))
    run.set_defaults(run=_run)


def run_reports(template: str | Path, by: str | None = None, *, shops: list[str] | None = None,
                period: str | None = None, grades: str | Path | None = None, lang: str | None = None,
                jobs: int = 2, out: str | Path | None = None, only_failed: bool = False,
                progress: bool = True) -> tuple[list, Path]:
    """Run a batch of ``template`` and record it in ``out``; returns (results, path of index.html).

    The arguments are those of ``crmkit reports run`` (see the module docstring).
    """
    from crmkit.analytics import params
    from crmkit.reports import batch, index, runner

    path = batch.template_path(template)
    out = Path(out) if out else default_out()
    lang = params.choice(lang, i18n.LANGUAGES, "--lang") if lang else i18n.get_language()
    if only_failed:
        if not (out / index.STATUS_FILE).is_file():
            raise CrmkitError("reports.run.no_last_run", out=out, file=index.STATUS_FILE)
        records = index.failed(out, path.stem)
        if not records:
            raise CrmkitError("reports.run.nothing_failed", template=path.stem, out=out)
        sets = [r["parameters"] for r in records]
    else:
        if by is None:
            raise CrmkitError("error.bad_choice", name="--by", value="", valid=", ".join(batch.BY))
        sets = batch.parameter_sets(path, by, shops=shops, period=period, grades=grades, lang=lang)
    folder = out / path.stem
    work = [runner.Job(template=path, parameters=p, name=batch.report_name(path, p), out_dir=folder,
                       lang=str(p.get("lang", lang))) for p in sets]
    print(i18n.t("reports.run.starting", count=len(work), template=path.stem, jobs=min(jobs, len(work)), out=out))
    results = runner.run_batch(work, workers=jobs, progress=progress)
    index_path = index.write(out, index.save(out, results))
    return results, index_path


def _rerun_command(args: argparse.Namespace, out: Path) -> str:
    words = ["crmkit", "reports", "run", args.template, "--only-failed", "--out", str(out), "--jobs", str(args.jobs)]
    if args.report_lang:
        words += ["--lang", args.report_lang]
    return shlex.join(words)


def report_outcome(results: list, index_path: Path, seconds: float) -> None:
    """Print how the batch went: counts, the index, and every failure with its error and partial notebook."""
    t = i18n.t
    failures = [r for r in results if not r.ok]
    print(t("reports.run.done", ok=len(results) - len(failures), count=len(results), seconds=f"{seconds:.1f}"))
    print(t("reports.run.index", path=index_path))
    if failures:
        print(t("reports.run.failed", count=len(failures)), file=sys.stderr)
        for r in failures:
            params = ", ".join(f"{k}={v}" for k, v in r.parameters.items())
            error = r.error.replace("\n", "\n      ")
            print(t("reports.run.failed_item", name=r.name, params=params, seconds=f"{r.seconds:.1f}", error=error,
                    notebook=r.notebook), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = Path(args.out) if args.out else default_out()
    try:
        results, index_path = run_reports(args.template, args.by, shops=args.shop, period=args.period,
                                          grades=args.grades, lang=args.report_lang, jobs=args.jobs, out=out,
                                          only_failed=args.only_failed)
    except CrmkitError as exc:
        print(f"crmkit: {exc}", file=sys.stderr)
        return 2
    report_outcome(results, index_path, time.perf_counter() - started)
    if any(not r.ok for r in results):
        print(i18n.t("reports.run.rerun", command=_rerun_command(args, out)), file=sys.stderr)
        return 1
    return 0
