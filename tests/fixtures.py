"""Tiny hand-written shops for checking analyses against answers worked out by hand."""

from pathlib import Path

import duckdb

from crmkit.data.store import schema_sections


def write_shop(home: Path, shop: str, inserts: str) -> None:
    """Create ``home/<shop>.duckdb`` (and an empty private file) with the schema and ``inserts`` SQL."""
    home.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(home / f"{shop}.duckdb"))
    con.execute(schema_sections()["course"])
    con.execute(inserts)
    con.execute("CHECKPOINT")
    con.close()
    private = duckdb.connect(str(home / f"{shop}.private.duckdb"))
    private.execute(schema_sections()["private"])
    private.close()


BASE = """
INSERT INTO shop_info VALUES ('shop', 'tiny');
INSERT INTO provinces VALUES ('GD', '广东省', 'Guangdong'), ('ZJ', '浙江省', 'Zhejiang');
INSERT INTO cities VALUES (1, 'GD', '深圳市', 'Shenzhen'), (2, 'ZJ', '杭州市', 'Hangzhou');
INSERT INTO channels VALUES (1, 'app', '官方App', 'Official app', 'own', DATE '2020-01-01', NULL),
                            (2, 'tmall', '天猫旗舰店', 'Tmall store', 'platform', DATE '2020-01-01', NULL);
INSERT INTO sources VALUES (1, 'search', '搜索', 'Search');
"""
