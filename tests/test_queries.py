"""crmkit.queries' way of running SQL: through con.sql, into Arrow, into a LabeledFrame."""

import datetime as dt

import duckdb
import pandas as pd

import crmkit as ck
from crmkit.frames import LabeledFrame
from crmkit.queries import arrow_frame, arrow_table
from tests.fixtures import TINY


def test_an_analysis_runs_while_a_student_holds_an_unfinished_result(tiny_shop):
    con = tiny_shop(TINY)
    pending = con.execute("SELECT * FROM range(100000)")
    assert pending.fetchone() == (0,)  # the rest is left unread, which blocks con.sql
    df = ck.customers.aov(con)
    # TINY's paid orders: 10 (90.00), 11 (50.50), 14 (300.00); 12 and 13 are closed
    assert (int(df.order_count[0]), float(df.revenue[0]), float(df.aov[0])) == (3, 440.5, 146.83)
    assert con.sql("SELECT 42").fetchall() == [(42,)]  # and the student's own con.sql works afterwards


def test_result_columns_have_the_types_of_duckdbs_df():
    con = duckdb.connect()
    df = arrow_frame(con, """
        SELECT * FROM (VALUES (1, 7, 2.50::DECIMAL(12, 2), DATE '2025-03-05', 'a'),
                              (2, NULL, NULL, NULL, NULL)) t(n, maybe, money, day, word)
        ORDER BY n""")
    assert isinstance(df, LabeledFrame) and list(df.columns) == ["n", "maybe", "money", "day", "word"]
    assert df["n"].dtype == "int32" and df["maybe"].dtype == pd.Int64Dtype()
    assert df["money"].dtype == "float64" and str(df["day"].dtype) == "datetime64[us]"
    assert df["maybe"].tolist() == [7, pd.NA] and df["money"].iloc[0] == 2.5 and pd.isna(df["money"].iloc[1])
    assert df["day"].iloc[0] == pd.Timestamp(dt.date(2025, 3, 5)) and df["word"].tolist()[0] == "a"


def test_bound_parameters_and_statements_without_rows():
    con = duckdb.connect()
    assert arrow_table(con, "CREATE TABLE t (a INTEGER)").num_rows == 0
    con.execute("INSERT INTO t VALUES (1), (2), (3)")
    assert arrow_frame(con, "SELECT a FROM t WHERE a >= $low ORDER BY a", {"low": 2})["a"].tolist() == [2, 3]
    assert arrow_frame(con, "SELECT a FROM t WHERE a = ?", [3])["a"].tolist() == [3]
