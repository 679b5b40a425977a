"""Generator speed and memory: the default course size (all four shops) and the 10-million-order scale.

Prints, for each run, wall time, rows written, rows per second and the peak resident memory of
the process that built (measured in a fresh subprocess, so runs do not share memory).

    python benchmarks/generate.py            # both sizes
    python benchmarks/generate.py --default  # only the default size
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = """
import json, resource, sys, time
import duckdb
from crmkit import config
from crmkit.data.build import build_shop
shops, customers = sys.argv[1].split(","), (int(sys.argv[2]) or None)
t = time.perf_counter(); rows = 0
for s in shops:
    rows += build_shop(s, customers=customers, seed=1)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
orders = 0
for s in shops:
    con = duckdb.connect(str(config.course_db_path(s)), read_only=True)
    orders += con.execute("SELECT count(*) FROM orders").fetchone()[0]
    con.close()
print(json.dumps({"seconds": seconds, "rows": rows, "orders": orders, "peak_mb": peak}))
"""


def run(label: str, shops: str, customers: int) -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CRMKIT_HOME": home}
        out = subprocess.run([sys.executable, "-c", CHILD, shops, str(customers)], env=env,
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        sizes = sum(os.path.getsize(os.path.join(home, f)) for f in os.listdir(home) if f.endswith(".duckdb"))
    result.update(label=label, size_mb=sizes / 1e6)
    print(f"{label:<38} {result['seconds']:8.1f} s  {result['orders']:>12,} orders  {result['rows']:>12,} rows  "
          f"{result['rows'] / result['seconds']:>12,.0f} rows/s  peak {result['peak_mb']:8.0f} MB  "
          f"files {result['size_mb']:8.1f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--default", action="store_true", help="only the default size")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    run("default: 4 shops x 5,000 customers", "mall,tea,ceramics,electronics", 0)
    if not args.default:
        run("scale: mall, 1,000,000 customers", "mall", 1_000_000)


if __name__ == "__main__":
    main()
