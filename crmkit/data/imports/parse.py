r"""Reading the text of a cell as a phone number, an e-mail, a date, an amount, ... — in SQL.

Each function takes the SQL of a text column (already stripped, empty cells null) and returns
the SQL of the typed value: NULL where the text is not a valid value. DuckDB runs them over a
whole column at once, which is what makes checking a million rows take seconds.
:mod:`crmkit.data.imports.check` puts them together and says *why* a value is rejected.

What is accepted (the rules students read about in chapter 2):

- phone: a mainland mobile number, 11 digits starting with 13–19, after removing spaces, dashes,
  dots, brackets and a leading +86 / 0086 / 86 → the 11 digits;
- e-mail: ``something@domain.tld`` without spaces → lower case;
- date: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, each optionally with a time
  14:30 or 14:30:05; or an Excel serial number of 5 digits (45356 = 2024-03-05, 45356.5 = noon);
- amount: 1,234.50 / ¥99 / ￥99 / 99元 / 99.0 → DECIMAL(12,2); quantity: a whole number;
- gender: 男/女/M/F/male/female (any case) → 'M'/'F'; 未知/保密/unknown → unknown (NULL);
- order status: completed/paid/shipped/closed or 已完成/已付款/已发货/已关闭/已取消 ...

Examples
--------
>>> import duckdb
>>> duckdb.sql("SELECT " + phone("'+86 138-0013-8000'")).fetchall()
[('13800138000',)]
>>> duckdb.sql("SELECT " + timestamp("'2024年3月5日 14:30'")).fetchall()
[(datetime.datetime(2024, 3, 5, 14, 30),)]
"""

from __future__ import annotations

import duckdb

GENDERS: dict[str, str] = {
    "男": "M", "男性": "M", "m": "M", "male": "M",
    "女": "F", "女性": "F", "f": "F", "female": "F",
    "未知": "", "保密": "", "unknown": "",      # allowed, stored as unknown (NULL)
}
STATUSES: dict[str, str] = {
    "completed": "completed", "已完成": "completed", "完成": "completed", "交易成功": "completed",
    "paid": "paid", "已付款": "paid", "已支付": "paid",
    "shipped": "shipped", "已发货": "shipped",
    "closed": "closed", "已关闭": "closed", "交易关闭": "closed", "已取消": "closed", "cancelled": "closed",
    "canceled": "closed",
}
DEFAULT_STATUS = "completed"
SERIAL_DIGITS = 5  # an Excel serial date has 5 digits: 10000 is 1927-05-18, 99999 is 2173-10-14

_DATE_FORMATS = "['%Y-%m-%d', '%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f']"
_PROVINCE_SUFFIX = r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|province)$"


def text_map(values: dict[str, str]) -> duckdb.Value:
    """``values`` as a DuckDB MAP(VARCHAR, VARCHAR), to bind as a parameter and look up in SQL."""
    varchar = duckdb.sqltype("VARCHAR")
    return duckdb.Value(values, duckdb.map_type(varchar, varchar))


def collapse_spaces(s: str) -> str:
    """Inner runs of spaces as one space (names)."""
    return rf"regexp_replace({s}, '\s+', ' ', 'g')"


def phone(s: str) -> str:
    """The 11 digits of a mainland mobile number, else NULL."""
    digits = rf"regexp_replace({s}, '[\s.()（）\-－—]', '', 'g')"
    return rf"CASE WHEN regexp_full_match({digits}, '(\+?86|0086)?1[3-9][0-9]{{9}}') THEN right({digits}, 11) END"


def email(s: str) -> str:
    """The address in lower case, else NULL."""
    return rf"CASE WHEN regexp_full_match({s}, '[^@\s]+@[^@\s]+\.[^@\s]+') THEN lower({s}) END"


def timestamp(s: str) -> str:
    """A TIMESTAMP from the date formats above or an Excel serial number, else NULL.

    ISO dates and 2024/3/5 are cast directly (fast); only other forms go through the slower
    regular expressions that rewrite them as ISO dates."""
    fast = f"TRY_CAST(replace({s}, '/', '-') AS TIMESTAMP)"
    serial = (rf"CASE WHEN regexp_full_match({s}, '[0-9]{{{SERIAL_DIGITS}}}(\.[0-9]+)?') THEN "
              rf"TIMESTAMP '1899-12-30' + to_seconds(CAST(round(CAST({s} AS DOUBLE) * 86400) AS BIGINT)) END")
    parts = r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})(?:\s*日)?\s*"
    iso = rf"regexp_replace({s}, '{parts}', '\1-\2-\3 ')"
    iso = rf"regexp_replace({iso}, '^([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})(\s|T|$)', '\1-\2-\3 ')"
    slow = f"TRY_CAST(trim({iso}) AS TIMESTAMP)"
    return f"CASE WHEN left({s}, 1) BETWEEN '0' AND '9' THEN coalesce({fast}, {serial}, {slow}) END"


def _number_text(s: str) -> str:
    """The text of a number without thousands separators, currency signs and spaces, if it is one."""
    bare = rf"regexp_replace({s}, '[\s,，¥￥元]|rmb|cny', '', 'gi')"
    return rf"CASE WHEN regexp_full_match({bare}, '[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)') THEN {bare} END"


def amount(s: str) -> str:
    """A DECIMAL(12,2) amount (rounded to cents; negative amounts too, the check rejects them)."""
    return f"TRY_CAST({_number_text(s)} AS DECIMAL(12, 2))"


def number(s: str) -> str:
    """A DOUBLE (for quantities, which the check wants whole and above 0)."""
    return f"TRY_CAST({_number_text(s)} AS DOUBLE)"


def mapped(s: str, param: str) -> str:
    """The value the MAP parameter ``$param`` gives the lower-cased text, else NULL."""
    return f"${param}[lower({s})]"


# --- matching names with the shop's reference tables ----------------------------------------------
#
# Each reference table becomes a MAP parameter from every way of writing a name (Chinese or English
# name, code, with or without suffix and spaces, lower case) to its id. A cell is looked up as
# written (lower case) and, only if that fails, normalised the same way as the names.

REFERENCES = {  # field -> (table, id column, columns whose values name a row)
    "province": ("provinces", "province_code", ("name_zh", "name_en", "province_code")),
    "city": ("cities", "city_id", ("name_zh", "name_en")),
    "channel": ("channels", "channel_id", ("code", "name_zh", "name_en")),
    "source": ("sources", "source_id", ("code", "name_zh", "name_en")),
}


def lookup_key(s: str) -> str:
    """How names are compared with the reference tables: lower case, no spaces."""
    return rf"regexp_replace(lower({s}), '\s+', '', 'g')"


def province_key(s: str) -> str:
    """A province name without its suffix (广东省 → 广东, 广西壮族自治区 → 广西), lower case, no spaces."""
    return f"regexp_replace({lookup_key(s)}, '{_PROVINCE_SUFFIX}', '')"


def city_key(s: str) -> str:
    """A city or district name without 市 or 区 (深圳市 → 深圳, 朝阳区 → 朝阳), lower case, no spaces."""
    return f"regexp_replace({lookup_key(s)}, '[市区]$', '')"


_KEYS = {"province": province_key, "city": city_key, "channel": lookup_key, "source": lookup_key}


def reference_map(con: duckdb.DuckDBPyConnection, field: str) -> duckdb.Value:
    """The MAP parameter of ``field`` ("province", "city", "channel" or "source"): name → id.

    City names are prefixed by their province code (``"GD|深圳"``), as a city is looked up within
    its province."""
    table, id_column, names = REFERENCES[field]
    keys = ", ".join(f"{f(c)}" for c in names for f in (lambda c: f"lower({c})", _KEYS[field]))
    prefix = "province_code || '|' || " if field == "city" else ""
    rows = con.execute(f"SELECT {prefix}key, min({id_column}) FROM (SELECT *, unnest([{keys}]) AS key FROM {table}) "
                       "GROUP BY ALL").fetchall()
    value_type = duckdb.sqltype("VARCHAR" if field == "province" else "INTEGER")
    return duckdb.Value(dict(rows), duckdb.map_type(duckdb.sqltype("VARCHAR"), value_type))


def matched(s: str, field: str, within: str | None = None) -> str:
    """The id of the reference row named by ``s`` (``within`` a province, for cities), else NULL."""
    prefix = f"{within} || '|' || " if within else ""
    return f"coalesce(${field}[{prefix}lower({s})], ${field}[{prefix}{_KEYS[field](s)}])"
