"""Tiny hand-written shops for checking analyses against answers worked out by hand."""

from pathlib import Path

import duckdb

from crmkit.data.store import schema_sections
from crmkit.data.summaries import derive_summaries


def money(values) -> list[float]:
    """Decimal or float amounts as plain floats, for comparing with hand-computed figures."""
    return [float(v) for v in values]


def write_shop(home: Path, shop: str, inserts: str) -> None:
    """Create ``home/<shop>.duckdb`` (and an empty private file) with the schema and ``inserts`` SQL."""
    home.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(home / f"{shop}.duckdb"))
    con.execute(schema_sections()["course"])
    con.execute(inserts)
    derive_summaries(con)
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

# Four customers (ids 1, 2, 3, 1234) and five orders, two of them closed; see tests/test_lookup.py.
TINY = BASE + """
INSERT INTO customers VALUES
 (1, 'MA0120250000001', '王小明', 'M', DATE '1990-05-01', '138****5678', 'w***@qq.com', 'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-01-01 10:00', TIMESTAMP '2025-01-01 10:00'),
 (2, 'MA0220250000002', '李娜',   'F', DATE '1995-03-02', '139****1234', NULL,          'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2025-02-01 10:00', TIMESTAMP '2025-02-01 10:00'),
 (3, 'MA0120250000003', '王芳',   'F', DATE '2000-07-07', '137****5678', NULL,          'GD', 1, '广东省深圳市****', 1, 1, TIMESTAMP '2025-03-01 10:00', TIMESTAMP '2025-03-01 10:00'),
 (1234, 'MA0220260001234', '赵强', 'M', DATE '1980-01-01', '150****9999', NULL,          'ZJ', 2, '浙江省杭州市****', 1, 2, TIMESTAMP '2026-01-01 10:00', TIMESTAMP '2026-01-01 10:00');
INSERT INTO orders VALUES
 (10, 1, 1, NULL, 'completed', TIMESTAMP '2026-01-05 10:00', TIMESTAMP '2026-01-05 10:01', TIMESTAMP '2026-01-06 10:00', TIMESTAMP '2026-01-08 10:00', 100.00, 10.00, 90.00),
 (11, 1, 2, NULL, 'completed', TIMESTAMP '2026-03-05 10:00', TIMESTAMP '2026-03-05 10:01', TIMESTAMP '2026-03-06 10:00', TIMESTAMP '2026-03-08 10:00', 50.50, 0.00, 50.50),
 (12, 1, 1, NULL, 'closed',    TIMESTAMP '2026-04-05 10:00', NULL, NULL, NULL, 999.00, 0.00, 999.00),
 (13, 2, 2, NULL, 'closed',    TIMESTAMP '2026-05-05 10:00', NULL, NULL, NULL, 20.00, 0.00, 20.00),
 (14, 3, 1, NULL, 'completed', TIMESTAMP '2026-06-30 10:00', TIMESTAMP '2026-06-30 10:01', TIMESTAMP '2026-07-01 10:00', TIMESTAMP '2026-07-02 10:00', 300.00, 0.00, 300.00);
"""

TINY_TAGS = TINY + """
INSERT INTO tags VALUES (1, 'customer', 'vip', '高价值客户', 'High value'), (2, 'customer', 'new', '新客户', 'New customer');
INSERT INTO customer_tags VALUES (1, 1), (3, 1), (1234, 2);
"""
