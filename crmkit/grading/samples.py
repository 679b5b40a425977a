"""Sample submissions made from an assignment's release, for the demo, the benchmark and the tests.

:func:`answered` fills the released notebook's answer cells with the solution's code (the lines
between ``BEGIN SOLUTION`` and ``END SOLUTION`` of the source), optionally with some answers
replaced by the typical wrong answers of ``wrong_answers.toml``. :data:`HOSTILE` holds code cells
that misbehave in the ways a grader must survive; :func:`with_cell` puts one in a notebook.
:func:`hand_in` writes notebooks as the ``<student id>.zip`` files of a lab without an exchange.
"""

from __future__ import annotations

import copy
import re
import tomllib
import zipfile
from pathlib import Path

import nbformat

SOLUTION = re.compile(r"^[ \t]*#+ BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*#+ END SOLUTION", re.S | re.M)

#: Code cells a hostile or careless student might submit, by the name the tests and the demo use.
HOSTILE: dict[str, str] = {
    "endless_loop": "while True:\n    pass",
    "endless_print": "while True:\n    print('spam ' * 20)",
    "exit": "import sys\nsys.exit(3)",
    "hard_exit": "import os\nos._exit(1)",
    "exception": "raise RuntimeError('broken on purpose')",
    "patch_checks": "import crmkit.checks\nfor _name in crmkit.checks.__all__:\n"
                    "    setattr(crmkit.checks, _name, lambda *a, **k: True)",
    "always_equal": "class _Always:\n    def __eq__(self, other):\n        return True\n",
}


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def is_answer(cell) -> bool:
    """An autograded answer cell (the student writes there; no points of its own)."""
    return cell.cell_type == "code" and _meta(cell).get("solution", False) and not _meta(cell).get("grade", False)


def solutions(source: nbformat.NotebookNode) -> dict[str, str]:
    """``{answer cell id: solution code}`` of a source notebook."""
    found = {}
    for cell in source.cells:
        match = SOLUTION.search(cell.source + "\n")
        if is_answer(cell) and match:
            found[_meta(cell)["grade_id"]] = match[1].rstrip("\n")
    return found


def answered(release: Path, source: Path, wrong: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The released notebook ``release`` with every answer cell holding the solution of ``source``,
    or the code of ``wrong`` for the answer cells it names."""
    nb = nbformat.read(release, as_version=4)
    answers = {**solutions(nbformat.read(source, as_version=4)), **(wrong or {})}
    for cell in nb.cells:
        if is_answer(cell) and _meta(cell).get("grade_id") in answers:
            cell.source = answers[_meta(cell)["grade_id"]]
    return nb


def wrong_answers(source_folder: Path) -> dict[str, str]:
    """The typical wrong answers of an assignment (``wrong_answers.toml``; empty if there is none)."""
    path = source_folder / "wrong_answers.toml"
    return tomllib.loads(path.read_text("utf-8")) if path.is_file() else {}


def with_cell(nb: nbformat.NotebookNode, code: str, after: str | None = None) -> nbformat.NotebookNode:
    """A copy of ``nb`` with a new code cell ``code`` after the cell ``after`` (a grade id), or first."""
    nb = copy.deepcopy(nb)
    index = 0 if after is None else next(i + 1 for i, c in enumerate(nb.cells) if _meta(c).get("grade_id") == after)
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    return nb


def hand_in(folder: Path, student: str, files: dict[str, bytes | str]) -> Path:
    """Write ``<folder>/<student>.zip`` holding ``files`` (name inside the zip → content)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{student}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return target
