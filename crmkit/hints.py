"""Progressive hints for assignments (分步提示): ``ck.hint("ch02-practice", 3)``.

The first call for a question shows its first hint, the next call the second, and so on; after
the last one it says there are no more. The counter lives in the running kernel, so restarting
the kernel starts again from hint 1.

Hints are stored with the assignment's source, ``solutions/<assignment>/hints.toml``, one table
per question, a list of hints per language (both lists equally long)::

    [q3]
    zh = ["先想想……", "可以用 ck.interactions.records(con, period=\\"month\\")"]
    en = ["First think about ...", "Try ck.interactions.records(con, period=\\"month\\")"]

``nbgrader generate_assignment`` copies the file into the release next to the notebook, so the
student has it too. :func:`hint` looks for the file in this order: ``hints.toml`` in the
current folder when the folder is named after the assignment (a notebook's kernel runs in the
notebook's folder, and nbgrader names the folder after the assignment), then
``<assignment>/hints.toml`` below the current folder, then the checkout's ``solutions/`` and
``assignments/``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from crmkit import i18n
from crmkit.errors import CrmkitError

FILE_NAME = "hints.toml"
#: the checkout holding solutions/ and assignments/ (next to the crmkit package)
CHECKOUT = Path(__file__).resolve().parent.parent

#: hints shown so far in this kernel: (assignment, question) -> how many
_shown: dict[tuple[str, str], int] = {}


def _candidates(assignment: str) -> list[Path]:
    here = Path.cwd()
    found = [here / FILE_NAME] if here.name == assignment else []
    found.append(here / assignment / FILE_NAME)
    found += [CHECKOUT / folder / assignment / FILE_NAME for folder in ("solutions", "assignments")]
    return found


def find(assignment: str) -> Path:
    """The hints file of ``assignment`` (see the module's docstring for where it is looked for).

    Raises :class:`~crmkit.errors.CrmkitError` listing the assignments that have hints when
    there is none.
    """
    for path in _candidates(assignment):
        if path.is_file():
            return path
    raise CrmkitError("hint.unknown_assignment", assignment=assignment, valid=", ".join(known()) or "-")


def known() -> list[str]:
    """The assignments whose hints file this kernel can find (the current folder and the checkout)."""
    here = Path.cwd()
    names = {here.name} if (here / FILE_NAME).is_file() else set()
    for folder in (here, CHECKOUT / "solutions", CHECKOUT / "assignments"):
        if folder.is_dir():
            names |= {p.parent.name for p in folder.glob(f"*/{FILE_NAME}")}
    return sorted(names)


def load(path: Path) -> dict[str, dict[str, list[str]]]:
    """The hints in ``path``: ``{question: {"zh": [...], "en": [...]}}``, checked to have a list of
    texts per language, equally long, for every question."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CrmkitError("hint.bad_file", path=path, reason=error) from None
    for question, table in data.items():
        lists = [table.get(lang) for lang in i18n.LANGUAGES] if isinstance(table, dict) else [None]
        if not all(isinstance(texts, list) and texts and all(isinstance(h, str) for h in texts) for texts in lists) \
                or len({len(texts) for texts in lists}) != 1:
            raise CrmkitError("hint.bad_file", path=path,
                              reason=f"[{question}] needs lists zh = [...] and en = [...] of the same length")
    return data


def question_key(question: int | str) -> str:
    """``3``, ``"3"``, ``"q3"`` and ``"Q3"`` all name question ``q3``.

    >>> question_key(3), question_key("Q3"), question_key(" q3 ")
    ('q3', 'q3', 'q3')
    """
    text = str(question).strip().lower()
    return f"q{text}" if text.isdigit() else text


def next_hint(assignment: str, question: int | str) -> str:
    """The text of the next hint of ``question`` in the chosen language (and count it as shown),
    or the "no more hints" message after the last one."""
    hints = load(find(assignment))
    key = question_key(question)
    if key not in hints:
        raise CrmkitError("hint.unknown_question", assignment=assignment, question=question,
                          valid=", ".join(hints) or "-")
    texts = hints[key][i18n.get_language()]
    n = _shown.get((assignment, key), 0) + 1
    if n > len(texts):
        return i18n.t("hint.no_more", assignment=assignment, question=key, total=len(texts))
    _shown[(assignment, key)] = n
    return i18n.t("hint.shown", n=n, total=len(texts), assignment=assignment, question=key, text=texts[n - 1])


def reset(assignment: str | None = None) -> None:
    """Start again from hint 1 (for one assignment, or all)."""
    for shown in [k for k in _shown if assignment is None or k[0] == assignment]:
        del _shown[shown]


def hint(assignment: str, question: int | str) -> None:
    """提示 Show the next hint for a question of an assignment, in the chosen language.

    Parameters
    ----------
    assignment : the assignment's id, e.g. ``"ch02-practice"`` (the notebook's folder name).
    question : the question's number or id: ``3`` or ``"q3"``.

    Each call shows the next hint (as Markdown in Jupyter, printed elsewhere); after the last one
    it says there are no more. An unknown assignment or question raises
    :class:`~crmkit.errors.CrmkitError` listing the valid ones.

    Examples
    --------
    >>> import crmkit as ck
    >>> ck.hint("ch01-study", 1)            # doctest: +SKIP
    **提示 1/2**（ch01-study · q1）：……
    """
    text = next_hint(assignment, question)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # IPython is a dependency of the course, but crmkit also runs without it
        get_ipython = None
    if get_ipython is not None and getattr(get_ipython(), "kernel", None) is not None:
        display(Markdown(text))
    else:
        print(text)
