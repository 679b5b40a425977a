"""``crmkit grade ...``: the argument parsers of the grading commands and what each one runs."""

from __future__ import annotations

import argparse

from crmkit import i18n


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``grade`` group to the ``crmkit`` parser; each command sets ``run(args) -> int``."""
    group = sub.add_parser("grade", help=i18n.t("grading.cli.group"))
    group.add_subparsers(dest="command", required=True)
