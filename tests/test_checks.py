"""crmkit.checks: right answers pass, each kind of wrong answer fails with its own message in
Chinese and English, lying objects never pass, and no message reveals the expected answer."""

import decimal
import re

import duckdb
import numpy as np
import pandas as pd
import pytest

from crmkit import checks, i18n
from crmkit.checks import CheckFailed, check_choice, check_frame, check_sql, check_text, check_type, check_value
from crmkit.frames import LabeledFrame


class AlwaysEqual:
    """The classic trick: an object equal to everything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


class LyingStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class LyingFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class LyingFrame(pd.DataFrame):
    def equals(self, other):
        return True

    def __eq__(self, other):
        return True


def leaks(message, secret):
    """Whether ``message`` shows ``secret`` as a token of its own (so "B" is not found in "By")."""
    return re.search(rf"(?<![\w.]){re.escape(str(secret))}(?![\w.])", message) is not None


def failure(call, *args, **kwargs):
    """The key and the zh and en messages of a check that must fail."""
    messages = {}
    for lang in ("zh", "en"):
        with i18n.language(lang), pytest.raises(CheckFailed) as info:
            call(*args, **kwargs)
        assert isinstance(info.value, AssertionError)
        messages[lang] = str(info.value)
    return info.value.key, messages["zh"], messages["en"]


# (call, args, kwargs, key, a piece of the zh message, a piece of the en message, secrets that must not show)
WRONG = [
    # check_value
    (check_value, ("42", 42), {}, "wrong_type", "答案应该是一个数字，现在是一段文字", "should be a number, but it is a text", [42]),
    (check_value, (True, 1), {}, "wrong_type", "应该是一个数字，现在是布尔值 True 或 False", "should be a number, but it is True or False", []),
    (check_value, (1, True), {}, "wrong_type", "应该是布尔值 True 或 False", "should be True or False", []),
    (check_value, (41.5, 42), {}, "not_whole", "41.5 不是整数", "41.5 is not", [42]),
    (check_value, (41, 42), {}, "wrong_value", "41 不对", "41 is not right", [42]),
    (check_value, (np.float64(2.5), 2.75), {}, "wrong_value", "2.5 不对", "2.5 is not right", [2.75]),
    (check_value, (3.14, 3.14159), {}, "wrong_value", "3.14 不对", "3.14 is not right", [3.14159]),
    (check_value, (float("nan"), 7.5), {}, "nan", "NaN（不是一个数）", "NaN (not a number)", [7.5]),
    (check_value, (pd.DataFrame({"n": [42]}), 42), {}, "table_not_value", "现在是一个表格", "but it is a table", []),
    (check_value, (pd.Series([42]), 42), {}, "column_not_value", "现在是一列", "but it is a column", []),
    (check_value, (..., 42), {}, "not_answered", "还没有作答", "not answered yet", [42]),
    (check_value, ("职能质量", "形象质量"), {}, "wrong_value", "'职能质量' 不对", "'职能质量' is not right", ["形象质量"]),
    (check_value, (AlwaysEqual(), 42), {}, "wrong_type", "类型为 AlwaysEqual 的对象", "an object of type AlwaysEqual", [42]),
    (check_value, (AlwaysEqual(), "形象质量"), {}, "wrong_type", "AlwaysEqual", "AlwaysEqual", ["形象质量"]),
    (check_value, (LyingStr("x"), "形象质量"), {}, "fake_type", "LyingStr 不是普通的", "LyingStr is not a plain", ["形象质量"]),
    (check_value, (LyingStr("形象质量"), "形象质量"), {}, "fake_type", "LyingStr", "LyingStr", []),
    (check_value, (LyingFloat(1.0), 2.5), {}, "fake_type", "LyingFloat", "LyingFloat", [2.5]),
    (check_value, (["A", "B", "C"], ["A", "C", "B"]), {}, "wrong_items", "有的项不对", "some items are not right", []),
    (check_value, (["A", "C"], ["A", "C", "B"]), {}, "wrong_length", "答案有 2 项", "has 2 items", [3]),
    (check_value, ("ACB", ["A", "C", "B"]), {}, "wrong_type", "应该是一个列表", "should be a list", ["ACB"]),
    (check_value, ({"供应商": "渠道客户", "员工": "终端客户"}, {"供应商": "渠道客户", "员工": "内部客户"}), {},
     "wrong_items", "有的项不对", "some items are not right", ["内部客户"]),
    (check_value, ({"供应商": "渠道客户"}, {"供应商": "渠道客户", "员工": "内部客户"}), {},
     "wrong_keys", "字典的键", "the dict's keys", ["内部客户", "员工"]),
    (check_value, ({"供应商": AlwaysEqual()}, {"供应商": "渠道客户"}), {}, "wrong_type", "AlwaysEqual", "AlwaysEqual", ["渠道客户"]),
    # check_choice
    (check_choice, ("A", "B", "ABCD"), {}, "wrong_choice", "'A' 不是正确答案", "'A' is not the right answer", ["B"]),
    (check_choice, ("E", "B", "ABCD"), {}, "not_an_option", "'E' 不是选项之一（可选：A, B, C, D）",
     "'E' is not one of the options (A, B, C, D)", []),
    (check_choice, ("AB", "B", "ABCD"), {}, "one_option", "这是单选题", "this is a single choice", []),
    (check_choice, (["B"], "B", "ABCD"), {}, "one_option", "只写一个选项", "write one option only", []),
    (check_choice, (2, "B", "ABCD"), {}, "wrong_type", "应该是一个选项", "should be one option", []),
    (check_choice, (AlwaysEqual(), "B", "ABCD"), {}, "wrong_type", "AlwaysEqual", "AlwaysEqual", []),
    (check_choice, (LyingStr("B"), "B", "ABCD"), {}, "fake_type", "LyingStr", "LyingStr", []),
    (check_choice, (..., "B", "ABCD"), {}, "not_answered", "把 ... 换成你的答案", "replace ... with your answer", ["B"]),
    (check_choice, (["A"], ["A", "C"], "ABCD"), {}, "wrong_choices", "有漏选或多选", "one missing or one too many", ["C"]),
    (check_choice, (["A", "C", "D"], ["A", "C"], "ABCD"), {}, "wrong_choices", "组合不完全对", "not quite right", []),
    (check_choice, ([], ["A", "C"], "ABCD"), {}, "no_option", "至少选一个", "at least one", ["A", "C"]),
    (check_choice, (["A", "X"], ["A", "C"], "ABCD"), {}, "not_an_option", "'X' 不是选项之一", "'X' is not one of", []),
    (check_choice, ([AlwaysEqual()], ["A", "C"], "ABCD"), {}, "not_an_option", "不是选项之一", "is not one of", []),
    (check_choice, (5, ["A", "C"], "ABCD"), {}, "many_options", "这是多选题", "this is a multiple choice", ["A", "C"]),
    (check_choice, ("错", "对", ["对", "错"]), {}, "wrong_choice", "'错' 不是正确答案", "'错' is not the right answer", ["对"]),
    # check_type and check_text (forms only)
    (check_type, (2.5, int), {}, "not_whole", "2.5 不是整数", "2.5 is not", []),
    (check_type, ("3", float), {}, "wrong_type", "应该是一个数字", "should be a number", []),
    (check_type, ([1], pd.DataFrame), {}, "not_table", "应该是一个表格（DataFrame），现在是一个列表", "should be a table (DataFrame), but it is a list", []),
    (check_text, ("太短了",), {"min_chars": 10}, "too_short", "至少写 10 个字（现在 3 个）", "at least 10 characters (now 3)", []),
    (check_text, (...,), {}, "not_answered", "还没有作答", "not answered yet", []),
    (check_text, (LyingStr("一个足够长的回答，超过十个字"),), {}, "fake_type", "LyingStr", "LyingStr", []),
]


@pytest.mark.parametrize("call, args, kwargs, key, zh, en, secrets", WRONG,
                         ids=[f"{c[0].__name__}-{c[3]}-{i}" for i, c in enumerate(WRONG)])
def test_a_wrong_answer_fails_with_its_message_in_both_languages(call, args, kwargs, key, zh, en, secrets):
    got_key, zh_message, en_message = failure(call, *args, name="q1", **kwargs)
    assert got_key == key
    assert zh_message.startswith("q1：") and zh in zh_message
    assert en_message.startswith("q1: ") and en in en_message
    for secret in secrets:
        assert not leaks(zh_message, secret) and not leaks(en_message, secret), secret


RIGHT = [
    (check_value, (np.int64(42), 42), {}),
    (check_value, (42.0, 42), {}),
    (check_value, (decimal.Decimal("42"), 42), {}),
    (check_value, (0.1 + 0.2, 0.3), {}),
    (check_value, (3.14, 3.14159), {"tol": 0.01}),
    (check_value, (np.float32(2.75), 2.75), {}),
    (check_value, (float("nan"), float("nan")), {}),
    (check_value, (np.bool_(True), True), {}),
    (check_value, (" Moments  of Truth ", "moments of truth"), {}),
    (check_value, (np.str_("形象质量"), "形象质量"), {}),
    (check_value, (("A", "C", "B"), ["A", "C", "B"]), {}),
    (check_value, ({"员工 ": "内部客户", "供应商": "渠道客户"}, {"供应商": "渠道客户", "员工": "内部客户"}), {}),
    (check_choice, ("b ", "B", "ABCD"), {}),
    (check_choice, (["C", "a"], ["A", "C"], "ABCD"), {}),
    (check_choice, ("A, C", {"A", "C"}, "ABCD"), {}),
    (check_choice, ("对", "对", ["对", "错"]), {}),
    (check_type, (np.int64(3), int), {}),
    (check_type, (2.5, float), {}),
    (check_type, ([1, 2], list), {}),
    (check_type, (LabeledFrame({"a": [1]}), pd.DataFrame), {}),
    (check_text, ("服务意识就是站在客户的立场真诚地替客户着想。",), {}),
]


@pytest.mark.parametrize("call, args, kwargs", RIGHT, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(RIGHT)])
def test_a_right_answer_passes_with_a_short_line(call, args, kwargs, capsys):
    with i18n.language("zh"):
        assert call(*args, name="q1", **kwargs) is True
    assert capsys.readouterr().out.startswith("✓ q1：")


def test_success_lines_in_english(capsys):
    with i18n.language("en"):
        check_value(42, 42, name="q1")
        check_choice("B", None, "ABCD", name="q2")
        check_text("a long enough answer", name="q3")
    assert capsys.readouterr().out.splitlines() == [
        "✓ q1: correct", "✓ q2: well-formed; it is graded after you submit.", "✓ q3: written; your teacher grades it."]


def test_form_only_choice_accepts_any_option_but_not_others():
    for letter in "ABCD":
        assert check_choice(letter, None, "ABCD", name="q1")
    assert check_choice(["A", "D"], None, "ABCD", name="q1", multiple=True)
    assert failure(check_choice, "E", None, "ABCD", name="q1")[0] == "not_an_option"
    assert failure(check_choice, ["A", "D"], None, "ABCD", name="q1")[0] == "one_option"


def test_teacher_mistakes_are_not_student_messages():
    with pytest.raises(ValueError):
        check_choice("A", "E", "ABCD", name="q1")
    with pytest.raises(TypeError):
        check_value(1, object(), name="q1")
    with pytest.raises(TypeError):
        check_frame(pd.DataFrame(), None, name="q1")


def test_a_failure_shows_as_one_line_without_the_test_code():
    with i18n.language("en"):
        error = CheckFailed("wrong_value", name="q1", answer="41")
    assert error._render_traceback_() == ["✗ q1: 41 is not right; check it again."]
    assert checks.CheckFailed is CheckFailed and issubclass(CheckFailed, AssertionError)


# --- tables -------------------------------------------------------------------------------------

STAGES = pd.DataFrame({"stage": ["after_sale", "care", "in_sale", "pre_sale"], "count": [523, 17, 88, 240]})


def test_frame_right_in_any_row_order_with_extra_columns_and_labeled_frames():
    shuffled = LabeledFrame({"count": [240, 17, 523, 88], "stage": ["pre_sale", "care", "after_sale", "in_sale"],
                             "share": [0.3, 0.0, 0.6, 0.1]}, index=[9, 8, 7, 6])
    assert check_frame(shuffled, STAGES, name="q4")
    assert check_frame(STAGES.astype({"count": "Int64"}), STAGES, name="q4")
    assert check_frame(STAGES.assign(count=STAGES["count"] + 1e-9), STAGES, name="q4")


TABLE_WRONG = [
    ([1, 2], {}, "not_table", "现在是一个列表", "but it is a list"),
    (..., {}, "not_answered", "还没有作答", "not answered yet"),
    (STAGES[["stage"]], {}, "missing_columns", "表格缺少列 count", "has no column count"),
    (STAGES.iloc[:3], {}, "wrong_rows", "表格有 3 行，行数不对", "has 3 rows, which is not"),
    (STAGES.assign(count=[523, 17, 88, 241]), {}, "wrong_column", "列 count 中有值不对", "values in column count are not right"),
    (STAGES.assign(count=[17, 523, 88, 240]), {}, "rows_mixed", "同一行的值没有对应好", "do not go together row by row"),
    (STAGES.assign(count=STAGES["count"].astype(str)), {}, "wrong_column_type", "列 count 应该是一个数字", "column count should hold a number"),
    (STAGES.assign(stage=[AlwaysEqual()] * 4), {}, "fake_column", "列 stage 里有不是普通", "column stage holds values that are not plain"),
    (LyingFrame(STAGES), {}, "fake_type", "LyingFrame", "LyingFrame"),
    (STAGES.iloc[::-1], {"sort_by": "stage"}, "not_sorted", "没有按 stage 排好序", "not sorted by stage"),
]


@pytest.mark.parametrize("df, kwargs, key, zh, en", TABLE_WRONG, ids=[c[2] for c in TABLE_WRONG])
def test_frame_wrong_answers(df, kwargs, key, zh, en):
    got_key, zh_message, en_message = failure(check_frame, df, STAGES, name="q4", **kwargs)
    assert (got_key, zh in zh_message, en in en_message) == (key, True, True), (zh_message, en_message)
    for secret in [523, 17, 88, 240, 4, "after_sale", "pre_sale"]:
        assert not leaks(zh_message, secret) and not leaks(en_message, secret), secret


def test_frame_sorted_as_asked_and_missing_values():
    by_count = STAGES.sort_values("count", ascending=False)
    assert check_frame(by_count, by_count, name="q4", sort_by="count")
    with_nan = pd.DataFrame({"k": ["a", "b"], "v": [1.5, np.nan]})
    assert check_frame(with_nan.iloc[::-1], with_nan, name="q4")
    assert failure(check_frame, with_nan.fillna(0.0), with_nan, name="q4")[0] == "wrong_column"
    assert check_frame(STAGES, None, name="q4", columns=["stage", "count"])
    assert failure(check_frame, STAGES, None, name="q4", columns=["stage", "share"])[0] == "missing_columns"


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('pre_sale', 2), ('after_sale', 5), ('after_sale', 1)) v(stage, n)")
    yield con
    con.close()


REFERENCE = "SELECT stage, sum(n) AS total FROM t GROUP BY stage ORDER BY total DESC"


def test_sql_right_with_other_names_and_order(con):
    assert check_sql(con, "select stage as s, sum(n) from t group by 1", REFERENCE, name="q5")
    assert check_sql(con, "SELECT stage, sum(n) FROM t GROUP BY stage ORDER BY 2 DESC", REFERENCE, name="q5", ordered=True)
    assert check_sql(con, "SELECT sum(n) FROM t WHERE stage = $stage", "SELECT 6 WHERE $stage = 'after_sale'", name="q5",
                     params={"stage": "after_sale"})
    assert check_sql(con, "SELECT 6", "SELECT sum(n) FROM t WHERE stage = $stage", name="q5",
                     params={"stage": "after_sale"})


SQL_WRONG = [
    ("SELEC stage FROM t", {}, "sql_failed", "你的 SQL 运行出错：Parser Error", "your SQL did not run: Parser Error"),
    ("SELECT * FROM nope", {}, "sql_failed", "nope", "nope"),
    (42, {}, "sql_not_text", "现在是一个数字", "but it is a number"),
    ("  ", {}, "not_answered", "还没有作答", "not answered yet"),
    ("...", {}, "not_answered", "还没有作答", "not answered yet"),
    ("SELECT stage FROM t GROUP BY stage", {}, "sql_columns", "查询结果有 1 列", "gives 1 columns"),
    ("SELECT stage, n FROM t", {}, "wrong_rows", "表格有 3 行", "has 3 rows"),
    ("SELECT stage, max(n) FROM t GROUP BY stage", {}, "wrong_column", "第 2 列 中有值不对", "values in column 2 are not right"),
    ("SELECT stage, sum(n) FROM t GROUP BY stage ORDER BY 2", {"ordered": True}, "wrong_order", "ORDER BY", "ORDER BY"),
]


@pytest.mark.parametrize("sql, kwargs, key, zh, en", SQL_WRONG, ids=[f"{c[2]}-{i}" for i, c in enumerate(SQL_WRONG)])
def test_sql_wrong_answers(con, sql, kwargs, key, zh, en):
    got_key, zh_message, en_message = failure(check_sql, con, sql, REFERENCE, name="q5", **kwargs)
    assert (got_key, zh in zh_message, en in en_message) == (key, True, True), (zh_message, en_message)
    for secret in [6, "GROUP BY stage ORDER BY total"]:
        assert not leaks(zh_message, secret) and not leaks(en_message, secret), secret


def test_sql_the_reference_runs_before_the_students_statements(con):
    with pytest.raises(CheckFailed) as info:
        check_sql(con, "CREATE OR REPLACE TABLE t AS SELECT 'x' AS stage, 1 AS n; SELECT stage, n FROM t", REFERENCE,
                  name="q5")
    assert info.value.key == "wrong_rows"


def test_sql_form_only_for_a_visible_test(con):
    """reference_sql=None: the query must run (and give ``columns`` columns); the values are not judged."""
    assert check_sql(con, "SELECT stage, max(n) FROM t GROUP BY stage", None, name="q5", columns=2)
    assert check_sql(con, "SELECT 1", None, name="q5")
    assert failure(check_sql, con, "SELECT stage FROM t", None, name="q5", columns=2)[0] == "sql_columns"
    assert failure(check_sql, con, "SELEC 1", None, name="q5")[0] == "sql_failed"
    assert failure(check_sql, con, "...", None, name="q5")[0] == "not_answered"
