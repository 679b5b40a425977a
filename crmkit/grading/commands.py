"""``crmkit grade ...``: the argument parsers of the grading commands and what each one runs.

    crmkit grade setup --roster 名单.xlsx
    crmkit grade release ch01-study [--to DIR]
    crmkit grade collect ch01-study [--zip DIR]
    crmkit grade autograde ch01-study [--jobs 2] [--student ID ...]
    crmkit grade feedback ch01-study
    crmkit grade export [--format csv|xlsx] [--lang zh|en] [--ids] [--output FILE]
    crmkit grade challenge [ch05-training] --groups groups.csv [--output FILE]

Every command takes ``--course DIR`` (default: the checkout crmkit is installed from) and is a
function of :mod:`crmkit.grading` too. Exit codes: 0 when everything went well, 1 when a
submission could not be graded (the others were), 2 for an error that stopped the command.
"""

from __future__ import annotations

import argparse

from crmkit import i18n


def _setup(args: argparse.Namespace) -> int:
    from crmkit.grading.roster import setup

    print(setup(args.roster, args.course).summary())
    return 0


def _release(args: argparse.Namespace) -> int:
    from crmkit.grading.release import release

    print(release(args.assignment, args.course, to=args.to).summary())
    return 0


def _collect(args: argparse.Namespace) -> int:
    from crmkit.grading.collect import collect

    print(collect(args.assignment, args.course, zip_dir=args.zip).summary())
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from crmkit.grading.autograde import autograde

    summary = autograde(args.assignment, args.course, jobs=args.jobs, students=args.student or None,
                        progress=lambda line: print(line, flush=True))
    print(summary.text())
    return 1 if summary.failed or summary.problems else 0


def _feedback(args: argparse.Namespace) -> int:
    from crmkit.grading.feedback import feedback

    print(feedback(args.assignment, args.course).summary())
    return 0


def _export(args: argparse.Namespace) -> int:
    from crmkit.grading.export import export

    path, table = export(args.course, fmt=args.format, lang=args.headers, ids=args.ids, path=args.output)
    print(i18n.t("grading.export.done", count=len(table.grades), path=str(path)))
    missing = table.problems[table.problems.problem == "missing"]
    if len(missing):
        print(i18n.t("grading.export.missing", count=len(missing)))
        for assignment, rows in missing.groupby("assignment", sort=False):
            print(f"  {assignment}: {', '.join(rows.student_id)}")
    manual = table.problems[table.problems.problem == "needs_manual_grade"]
    if len(manual):
        print(i18n.t("grading.export.manual", count=len(manual)))
    return 0


def _challenge(args: argparse.Namespace) -> int:
    from crmkit.grading.challenge import challenge

    result = challenge(args.groups, args.course, upto=args.assignment)
    print(result.text())
    if args.output:
        result.levels.to_csv(args.output, index=False, encoding="utf-8-sig")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(i18n.t("grading.cli.bad_jobs", value=text))
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``grade`` group to the ``crmkit`` parser; each command sets ``run(args) -> int``."""
    t = i18n.t
    group = sub.add_parser("grade", help=t("grading.cli.group"))
    commands = group.add_subparsers(dest="command", required=True)

    def command(name: str, run, assignment: bool = True) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=t(f"grading.cli.{name}"))
        if assignment:
            parser.add_argument("assignment", help=t("grading.cli.assignment"))
        parser.add_argument("--course", help=t("grading.cli.course"))
        parser.set_defaults(run=run)
        return parser

    command("setup", _setup, assignment=False).add_argument("--roster", required=True, help=t("grading.cli.roster"))
    command("release", _release).add_argument("--to", help=t("grading.cli.to"))
    command("collect", _collect).add_argument("--zip", help=t("grading.cli.zip"))
    auto = command("autograde", _autograde)
    auto.add_argument("--jobs", type=_positive, default=1, help=t("grading.cli.jobs"))
    auto.add_argument("--student", action="append", help=t("grading.cli.student"))
    command("feedback", _feedback)
    export = command("export", _export, assignment=False)
    export.add_argument("--format", default="csv", choices=("csv", "xlsx"), help=t("grading.cli.format"))
    export.add_argument("--lang", dest="headers", choices=i18n.LANGUAGES, help=t("grading.cli.headers"))
    export.add_argument("--ids", action="store_true", help=t("grading.cli.ids"))
    export.add_argument("--output", help=t("grading.cli.output"))
    chal = commands.add_parser("challenge", help=t("grading.cli.challenge"))
    chal.add_argument("assignment", nargs="?", help=t("grading.cli.level"))
    chal.add_argument("--groups", required=True, help=t("grading.cli.groups"))
    chal.add_argument("--output", help=t("grading.cli.output"))
    chal.add_argument("--course", help=t("grading.cli.course"))
    chal.set_defaults(run=_challenge)
