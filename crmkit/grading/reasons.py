"""Why a submission lost points in a way the teacher should know about, in the teacher's language.

A wrong answer is not a reason here (the feedback page explains it to the student); these are:
what nbgrader had to repair in the notebook (read from its log: edited, retyped, deleted or
duplicated cells, missing notebooks, lateness), what happened while it ran (read from the
graded notebook: cells stopped after the time limit, a patched ``crmkit.checks``, a stopped kernel,
output cut), and why a submission could not be graded at all (set by
:mod:`crmkit.grading.autograde`).

Examples
--------
>>> from crmkit import i18n
>>> found = from_log("[WARNING] Attribute 'cell_type' for cell q1_test has changed! (should be: code, got: markdown)")
>>> with i18n.language("en"):
...     [r.text() for r in found]
['cell q1_test had its type changed; the original was put back']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crmkit import i18n
from crmkit.grading.sandbox import CUT_MARK, GUARD_ERROR, STOPPED_ERROR

#: nbgrader 0.9's log lines that say it repaired or skipped something, and the reason each gives.
LOG_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"Attribute 'cell_type' for cell (?P<cell>\S+) has changed"), "retyped"),
    (re.compile(r"Attribute '(?:locked|points)' for cell (?P<cell>\S+) has changed"), "settings"),
    (re.compile(r"Cell with id '(?P<cell>[^']+)' exists multiple times"), "duplicated"),
    (re.compile(r"Missing grade cell (?P<cell>\S+) encountered"), "deleted"),
    (re.compile(r"Cell '(?P<cell>[^']+)' does not exist in the database"), "unknown_cell"),
    (re.compile(r"No submitted file: (?P<path>.+)$", re.M), "missing_notebook"),
    (re.compile(r"Skipping unknown notebook: (?P<path>.+)$", re.M), "extra_notebook"),
    (re.compile(r" is (?P<seconds>[\d.]+) seconds late"), "late"),
    (re.compile(r"The grading guard could not be installed"), "no_guard"),
)


@dataclass(frozen=True)
class Reason:
    """One reason: its catalog key ``grading.reason.<key>`` and the values of its message."""

    key: str
    values: dict = field(default_factory=dict)

    def text(self) -> str:
        return i18n.t(f"grading.reason.{self.key}", **self.values)


def from_log(log: str) -> list[Reason]:
    """The reasons in nbgrader's log of one submission, each once, in the order of :data:`LOG_PATTERNS`."""
    found: list[Reason] = []
    for pattern, key in LOG_PATTERNS:
        for match in pattern.finditer(log):
            values = match.groupdict()
            if "path" in values:
                values["path"] = values["path"].strip().rsplit("/", 1)[-1]
            if "seconds" in values:
                values["seconds"] = f"{float(values['seconds']):,.0f}"
            reason = Reason(key, values)
            if reason not in found:
                found.append(reason)
    return found


def from_release(submitted, released) -> list[Reason]:
    """Locked cells (tests, set-up) of the submission whose code differs from the release: edited.

    nbgrader puts every locked cell back from the gradebook anyway (its log reports each test cell
    with hidden tests as changed, since the release hides them); comparing with the release tells
    which ones the student really edited.
    """
    shown = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source.strip() for c in released.cells
             if c.metadata.get("nbgrader", {}).get("locked")}
    found = []
    for cell in submitted.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if name in shown and cell.source.strip() != shown[name] and Reason("edited", {"cell": name}) not in found:
            found.append(Reason("edited", {"cell": name}))
    return found


def _cell_name(cell, index: int) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id") or f"#{index + 1}"


def from_notebook(nb, cell_timeout: int) -> list[Reason]:
    """The reasons in a graded notebook: time limits, the guard, a stopped kernel, output cut."""
    found: list[Reason] = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            name = _cell_name(cell, index)
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                found.append(Reason("timeout", {"cell": name, "seconds": cell_timeout}))
            elif output.get("output_type") == "error" and output.get("ename") == GUARD_ERROR:
                found.append(Reason("guard", {"cell": name, "detail": output.get("evalue", "")}))
            elif output.get("output_type") == "error" and output.get("ename") == STOPPED_ERROR:
                found.append(Reason("stopped", {"cell": name, "detail": output.get("evalue", "")}))
            elif output.get("output_type") == "stream" and CUT_MARK in output.get("text", ""):
                found.append(Reason("output_cut", {"cell": name}))
    stopped = [r for r in found if r.key == "stopped"]
    return [r for r in found if r.key != "stopped"] + stopped[:1]  # later cells only repeat "not run"
