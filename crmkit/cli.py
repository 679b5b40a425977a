"""``crmkit …`` commands. Thin: parse arguments, call the library, print, set the exit code.

    crmkit data build [--shop mall|tea|ceramics|electronics|all] [--customers N] [--seed S] [--force]
    crmkit data info
    crmkit data import FILE [--shop mall] [--kind customers|orders|transactions] [--mapping M.toml] [--sheet S]
    crmkit data export --kind roster FILE.xlsx|FILE.csv [--shop mall]
    crmkit grade ...          (crmkit.grading.commands)
    crmkit reports ...        (crmkit.reports.commands)
    crmkit --lang en ...      (or CRMKIT_LANG=en) for English messages
"""

from __future__ import annotations

import argparse
import sys

from crmkit import config, i18n
from crmkit.errors import CrmkitError
from crmkit.grading import commands as grading_commands
from crmkit.reports import commands as report_commands


def _whole_number(key: str):
    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(i18n.t(key, value=text)) from None

    return parse


def _parser() -> argparse.ArgumentParser:
    t = i18n.t
    parser = argparse.ArgumentParser(prog="crmkit", description=t("cli.description"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=t("cli.lang"))
    sub = parser.add_subparsers(dest="group", required=True)
    data = sub.add_parser("data", help=t("cli.data")).add_subparsers(dest="command", required=True)
    build = data.add_parser("build", help=t("cli.build"))
    build.add_argument("--shop", default="mall", choices=(*config.SHOPS, "all"), help=t("cli.shop"))
    build.add_argument("--customers", type=_whole_number("error.bad_customers"), help=t("cli.customers"))
    build.add_argument("--seed", type=_whole_number("error.bad_seed"), help=t("cli.seed"))
    build.add_argument("--force", action="store_true", help=t("cli.force"))
    data.add_parser("info", help=t("cli.info"))
    imp = data.add_parser("import", help=t("cli.import"))
    imp.add_argument("file", help=t("cli.import_file"))
    imp.add_argument("--shop", help=t("cli.import_shop"))
    imp.add_argument("--kind", default="customers", choices=("customers", "orders", "transactions"),
                     help=t("cli.import_kind"))
    imp.add_argument("--mapping", help=t("cli.import_mapping"))
    imp.add_argument("--sheet", help=t("cli.import_sheet"))
    imp.add_argument("--rejects", help=t("cli.import_rejects"))
    export = data.add_parser("export", help=t("cli.export"))
    export.add_argument("file", help=t("cli.export_file"))
    export.add_argument("--kind", default="roster", choices=("roster",), help=t("cli.export_kind"))
    export.add_argument("--shop", default="mall", help=t("cli.import_shop"))
    grading_commands.register(sub)
    report_commands.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv[:-1] else None
    lang = lang if lang in i18n.LANGUAGES else i18n.get_language()  # argparse reports a bad --lang
    with i18n.language(lang):  # the language of this command only (main may be called in a notebook)
        return _run(_parser().parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    try:
        if getattr(args, "run", None) is not None:  # the grade and reports commands
            return args.run(args)
        if args.group == "data" and args.command == "build":
            from crmkit.data import build

            build(args.shop, customers=args.customers, seed=args.seed, force=args.force)
        elif args.group == "data" and args.command == "info":
            from crmkit.data.info import format_info, info

            print(format_info(info()))
        elif args.group == "data" and args.command == "import":
            return _import(args)
        elif args.group == "data" and args.command == "export":
            return _export(args)
    except CrmkitError as exc:
        print(f"crmkit: {exc}", file=sys.stderr)
        return 2
    return 0


def _export(args: argparse.Namespace) -> int:
    from crmkit import connect
    from crmkit.data import export_roster

    con = connect(args.shop)
    try:
        rows = export_roster(con, args.file)
    finally:
        con.close()
    print(i18n.t("cli.exported", rows=f"{rows:,}", path=args.file))
    return 0


def _import(args: argparse.Namespace) -> int:
    from crmkit.data import import_file, import_transactions

    options = {"mapping": args.mapping, "sheet": args.sheet, "rejects_file": args.rejects}
    if args.kind == "transactions":
        result = import_transactions(args.file, args.shop, **options)
    else:
        from crmkit import connect

        con = connect(args.shop or "mall")
        try:
            result = import_file(con, args.file, args.kind, **options)
        finally:
            con.close()
    print(result.summary())
    for line in result.rejects["reason"].head(20):
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
