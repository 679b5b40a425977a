"""Answer checks for assignments (作业检查): friendly feedback that never gives the answer away.

Each check compares a student's answer with the expected one and either prints a short
``✓ q1：正确`` and returns True, or raises :class:`CheckFailed` — an ``AssertionError``, so
nbgrader counts the test cell as failed — with a message in the chosen language that says what
is wrong (the type, a missing column, the number of rows, a value, not one of the options, the
order, ...) but never what the right answer is. In Jupyter the failure shows as one line,
``✗ <message>``, without a traceback (which would quote the hidden test).

==================  ===========================================================================
check               for
==================  ===========================================================================
check_value         a number, a word, True/False, a list in order, a matching (dict)
check_choice        multiple choice: one option (单选) or several (多选)
check_frame         a table (DataFrame) from crmkit or pandas
check_sql           a SQL query: run it and a reference query, compare the results
check_type          only the form of an answer (visible test cells; the grade is hidden)
check_text          a written answer the teacher grades: only that something was written
==================  ===========================================================================

Answers must be plain values: Python's ``int``/``float``/``str``/``bool``, numpy's scalars,
``Decimal`` (DuckDB's sums), DataFrames. A subclass or another object is refused, and crmkit
compares the plain values itself, so an object whose ``==`` always says True cannot pass.
``...`` (the placeholder of a released answer cell) is reported as "not answered yet".

How an assignment uses them (``solutions/ch01-study/ch01-study.ipynb``)::

    # answer cell (nbgrader: autograded answer)
    q1 = ...  # 例如 "A"
    ### BEGIN SOLUTION
    q1 = "B"
    ### END SOLUTION

    # test cell (nbgrader: autograder tests, with points)
    ck.checks.check_choice(q1, None, "ABCD", name="q1")   # visible: only the form
    ### BEGIN HIDDEN TESTS
    ck.checks.check_choice(q1, "B", "ABCD", name="q1")    # hidden: decides the grade
    ### END HIDDEN TESTS

Examples
--------
>>> from crmkit import checks, i18n
>>> with i18n.language("en"):
...     checks.check_choice(["C", "a"], {"A", "C"}, "ABCD", name="q2")
✓ q2: correct
True
"""

from crmkit.checks.choices import check_choice
from crmkit.checks.failures import CheckFailed
from crmkit.checks.scalars import check_text, check_type, check_value
from crmkit.checks.tables import check_frame, check_sql

__all__ = ["CheckFailed", "check_choice", "check_frame", "check_sql", "check_text", "check_type", "check_value"]
