"""``crmkit reports ...``: the argument parsers of the report commands and what each one runs."""

from __future__ import annotations

import argparse

from crmkit import i18n


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``reports`` group to the ``crmkit`` parser; each command sets ``run(args) -> int``."""
    group = sub.add_parser("reports", help=i18n.t("reports.cli.group"))
    group.add_subparsers(dest="command", required=True)
