"""Grading weights and settings from ``course.toml``: 学/练/训/测 in a chapter, chapters, regular + final.

``course.toml`` holds three groups of weights, each in percent and each adding up to exactly 100::

    [weights.stages]     # inside each chapter: study 学, practice 练, training 训, test 测
    [weights.chapters]   # chapters (ch01 ... ch05) inside the regular (平时) grade
    [weights.total]      # the course total: regular and final (the final skill exam)

A group that does not add up to 100 is an error naming the group and its sum (the course documents
themselves once gave 20 + 20 + 16 + 8 = 64 for a 60 % part); nothing is ever rescaled silently.
The optional ``[grading]`` table sets the final exam's assignment id and the autograder's limits
(:data:`SETTINGS` lists them with their defaults).

Examples
--------
>>> w = parse({"weights": {"stages": {"study": 20, "practice": 25, "training": 30, "test": 25},
...                        "chapters": {"ch01": 50, "ch02": 50}, "total": {"regular": 60, "final": 40}}})
>>> w.assignments()[:3]
['ch01-study', 'ch01-practice', 'ch01-training']
>>> w.final
'final-exam'
>>> from crmkit import i18n
>>> with i18n.language("en"):
...     parse({"weights": {"stages": {"study": 20, "practice": 20, "training": 16, "test": 8},
...                        "chapters": {"ch01": 100}, "total": {"regular": 60, "final": 40}}})
Traceback (most recent call last):
...
crmkit.errors.CrmkitError: course.toml [weights.stages]: the weights add up to 64, not 100. ...
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.errors import CrmkitError

#: The four stages of a chapter, in the course's order: 学 study, 练 practice, 训 training, 测 test.
STAGES: tuple[str, ...] = ("study", "practice", "training", "test")
#: The two parts of the course total.
PARTS: tuple[str, ...] = ("regular", "final")
#: ``[grading]`` settings and their defaults: the final exam's assignment id; the seconds a cell may
#: run (nbgrader's ``Execute.timeout``); the seconds a whole submission may take; the bytes of
#: output a cell may print before the rest is cut.
SETTINGS: dict[str, object] = {"final": "final-exam", "cell_timeout": 30, "submission_timeout": 600,
                               "max_output_bytes": 1_000_000}
CHAPTER = re.compile(r"ch\d\d")


@dataclass(frozen=True)
class Weights:
    """The weights of ``course.toml``, each group in percent (adding up to 100), in the file's order."""

    stages: dict[str, float]
    chapters: dict[str, float]
    total: dict[str, float]
    settings: dict[str, object] = field(default_factory=lambda: dict(SETTINGS))

    @property
    def final(self) -> str:
        """The assignment id of the final exam (``[grading] final``, default ``final-exam``)."""
        return str(self.settings["final"])

    def assignments(self) -> list[str]:
        """Every chapter's stage assignments, ``chNN-<stage>``, chapter by chapter."""
        return [f"{chapter}-{stage}" for chapter in self.chapters for stage in self.stages]


def _number(section: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise CrmkitError("grading.weights.bad_value", section=section, name=key, value=value)
    return float(value)


def _group(data: dict, name: str, allowed: tuple[str, ...] | None) -> dict[str, float]:
    section = f"weights.{name}"
    table = data.get("weights", {}).get(name)
    if not isinstance(table, dict) or not table:
        raise CrmkitError("grading.weights.missing", section=section)
    for key in table:
        if (allowed is not None and key not in allowed) or (allowed is None and not CHAPTER.fullmatch(key)):
            valid = ", ".join(allowed) if allowed else "ch01, ch02, ..."
            raise CrmkitError("grading.weights.unknown_key", section=section, name=key, valid=valid)
    weights = {key: _number(section, key, value) for key, value in table.items()}
    total = sum(weights.values())
    if not math.isclose(total, 100.0, abs_tol=1e-9):
        raise CrmkitError("grading.weights.bad_sum", section=section, total=f"{total:g}")
    return weights


def parse(data: dict) -> Weights:
    """The :class:`Weights` of a parsed ``course.toml``; an error names the first group that is wrong."""
    total = _group(data, "total", PARTS)
    if set(total) != set(PARTS):
        absent = next(p for p in PARTS if p not in total)
        raise CrmkitError("grading.weights.missing", section=f"weights.total.{absent}")
    settings = dict(SETTINGS)
    extra = data.get("grading", {})
    for key, value in extra.items():
        if key not in SETTINGS or type(value) is not type(SETTINGS[key]) or (isinstance(value, int) and value <= 0):
            raise CrmkitError("grading.weights.bad_setting", name=key, value=value, valid=", ".join(SETTINGS))
        settings[key] = value
    return Weights(_group(data, "stages", STAGES), _group(data, "chapters", None), total, settings)


def load(path: str | Path) -> Weights:
    """Read and check the weights of the ``course.toml`` at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise CrmkitError("error.missing_file", path=str(path))
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CrmkitError("error.bad_parameters", path=str(path), reason=str(exc)) from None
    return parse(data)
