"""Multiple-choice answers: one letter (单选) or a set of letters (多选)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crmkit import i18n
from crmkit.checks.failures import describe, fail, passed, show
from crmkit.checks.scalars import scalar


def _options(options: str | Iterable[str]) -> list[str]:
    """``"ABCD"`` → ``["A", "B", "C", "D"]``; a list of labels stays as it is."""
    return list(options) if isinstance(options, str) else [str(o) for o in options]


def _pick(text: str, options: list[str]) -> str | None:
    """The option ``text`` names (ignoring case and spaces), or None."""
    key = text.strip().casefold()
    return next((o for o in options if o.casefold() == key), None)


def _letters(answer: object, options: list[str], *, name: str) -> list[str]:
    """The options a multiple-choice answer names: a list/tuple/set of options, or one text of
    single-letter options such as ``"AC"``, ``"A,C"`` or ``"A C"``."""
    if type(answer) in (list, tuple, set, frozenset):
        items = list(answer)
    elif scalar(answer)[0] == "text" and all(len(o) == 1 for o in options):
        items = [c for c in re.sub(r"[\s,，、;；]", "", str(answer))]
    elif scalar(answer)[0] == "fake":
        raise fail("fake_type", name=name, type=type(answer).__name__)
    else:
        raise fail("many_options", name=name)
    chosen = []
    for item in items:
        kind, text = scalar(item)
        if kind == "fake":
            raise fail("fake_type", name=name, type=type(item).__name__)
        option = _pick(text, options) if kind == "text" else None
        if option is None:
            raise fail("not_an_option", name=name, answer=show(item), options=", ".join(options))
        chosen.append(option)
    if not chosen:
        raise fail("no_option", name=name)
    return chosen


def _letter(answer: object, options: list[str], *, name: str) -> str:
    """The option a single-choice answer names."""
    kind, text = scalar(answer)
    if kind == "fake":
        raise fail("fake_type", name=name, type=type(answer).__name__)
    if type(answer) in (list, tuple, set, frozenset):
        raise fail("one_option", name=name)
    if kind != "text":
        raise fail("wrong_type", name=name, wanted=i18n.t("check.kind.option"), got=describe(answer))
    option = _pick(text, options)
    if option is None:
        if all(len(o) == 1 for o in options) and len(text.strip()) > 1 and all(
                _pick(c, options) for c in re.sub(r"[\s,，、;；]", "", text)):
            raise fail("one_option", name=name)
        raise fail("not_an_option", name=name, answer=show(answer), options=", ".join(options))
    return option


def check_choice(answer: object, expected: object, options: str | Iterable[str], *, name: str,
                 multiple: bool | None = None) -> bool:
    """Check a multiple-choice answer.

    Parameters
    ----------
    answer : one option for a single choice (``"B"``; case and spaces do not matter), or for a
        multiple choice a list of options (``["A", "C"]``) or one text of letters (``"AC"``).
    expected : the right option (a ``str``: single choice) or options (a list, tuple or set:
        multiple choice, order does not matter). ``None`` checks only the form: that the answer
        names options, as many as the question allows (for a visible test cell).
    options : the options the question offers: ``"ABCD"`` or a list such as ``["对", "错"]``.
    name : how the question is called in messages.
    multiple : with ``expected=None``, whether several options may be chosen (default False);
        otherwise taken from ``expected``.

    Returns
    -------
    True, after printing a short success line; otherwise raises :class:`CheckFailed` saying
    whether the answer is no option, one option too few or many for the question, or wrong —
    never which option is right.

    Examples
    --------
    >>> from crmkit import i18n
    >>> with i18n.language("en"):
    ...     check_choice("b ", "B", "ABCD", name="q1")
    ✓ q1: correct
    True
    >>> with i18n.language("en"):
    ...     check_choice("E", "B", "ABCD", name="q1")
    Traceback (most recent call last):
    crmkit.checks.failures.CheckFailed: q1: 'E' is not one of the options (A, B, C, D).
    """
    options = _options(options)
    if expected is not None:
        multiple = not isinstance(expected, str)
        wanted = [expected] if not multiple else list(expected)
        if not wanted or any(_pick(str(w), options) is None for w in wanted):
            raise ValueError("crmkit.checks.check_choice: the expected answer is not among the options")
    if answer is Ellipsis:
        raise fail("not_answered", name=name)
    if multiple:
        chosen = set(_letters(answer, options, name=name))
        if expected is not None and chosen != {_pick(str(w), options) for w in wanted}:
            raise fail("wrong_choices", name=name)
    else:
        chosen = _letter(answer, options, name=name)
        if expected is not None and chosen != _pick(expected, options):
            raise fail("wrong_choice", name=name, answer=show(chosen))
    return passed(name=name) if expected is not None else passed("well_formed", name=name)
