"""crmkit's analyses against hand-written DuckDB SQL and pandas on the 10-million-order mall.

    python benchmarks/analytics.py                   # build 1,000,000 customers (~10M orders), run all cases
    python benchmarks/analytics.py --home DIR        # reuse (or build once into) DIR
    python benchmarks/analytics.py --only customers.churn,products.sales --customers 200000
    python benchmarks/analytics.py --markdown table.md

Each case (``benchmarks/cases/*.py``) asks one question three ways. crmkit and SQL run in one
process (each warmed up once, then the best of ``--repeat`` runs, more for quick cases until a
second is spent; both include the same conversion to a DataFrame, ``crmkit.queries.arrow_frame``);
pandas runs in another process, on the needed tables loaded into memory first (loading is not
timed), also the best of ``--repeat`` runs (so no case pays pandas' first-use warm-up). Every way
asks for the same answer, down to the masked phones of the lists crmkit masks for every role; the
report says whether the three returned the same number of rows. Peak memory is reported per
process. Goals (issue 3): crmkit within 1.3x of SQL, at least 3x faster than pandas on grouped
analyses, no function above 2 s, crmkit process under 6 GB.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_cases(only: set[str] | None = None) -> list:
    import benchmarks.cases as pkg

    cases = []
    for mod in sorted(m.name for m in pkgutil.iter_modules(pkg.__path__)):
        cases += importlib.import_module(f"benchmarks.cases.{mod}").CASES
    return [c for c in cases if not only or c.name in only]


def peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best(fn, repeat: int, budget: float = 1.0, most: int = 50) -> float:
    """The fastest of at least ``repeat`` runs; quick cases run on (up to ``most`` times) until
    ``budget`` seconds are spent, so a few milliseconds of noise do not decide their ratios."""
    times: list[float] = []
    while len(times) < repeat or (sum(times) < budget and len(times) < most):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def run_crmkit_and_sql(only, repeat: int) -> dict:
    import crmkit as ck
    from crmkit.queries import arrow_frame

    con = ck.connect("mall")
    out = {}
    for case in load_cases(only):
        ours = case.crmkit(con)  # warm-up
        def hand(c=case):  # the same DataFrame conversion crmkit uses, so the ratio compares the queries
            return arrow_frame(con, c.sql, c.params or None)

        theirs = hand()
        out[case.name] = {"crmkit": best(lambda c=case: c.crmkit(con), repeat), "sql": best(hand, repeat),
                          "rows": {"crmkit": len(ours), "sql": len(theirs)}}
    return {"cases": out, "peak_mb": peak_mb()}


def run_pandas(only, repeat: int) -> dict:
    import duckdb

    from crmkit import config

    con = duckdb.connect(str(config.course_db_path("mall")), read_only=True)
    tables: dict = {}
    out = {}
    for case in load_cases(only):
        if case.pandas is None:
            continue
        for name in case.tables:
            if name not in tables:
                tables[name] = con.execute(f"SELECT * FROM {name}").df()
        result = case.pandas(tables)
        out[case.name] = {"pandas": best(lambda c=case: c.pandas(tables), repeat), "rows": len(result)}
    return {"cases": out, "peak_mb": peak_mb()}


def child(phase: str, env: dict, only: str, repeat: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--phase", phase, "--only", only, "--repeat", str(repeat)],
                          env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{phase} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="folder for the benchmark mall (kept; reused when already built)")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--markdown", help="also write the table as Markdown to this file")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = {s for s in args.only.split(",") if s} or None
    if args.phase:
        result = run_crmkit_and_sql(only, args.repeat) if args.phase == "crmkit" else run_pandas(only, args.repeat)
        print(json.dumps(result))
        return

    home = Path(args.home or tempfile.mkdtemp(prefix="crmkit-bench-"))
    env = {**os.environ, "CRMKIT_HOME": str(home), "CRMKIT_SCRATCH": str(home / "scratch"), "CRMKIT_LANG": "zh"}
    if not (home / "mall.duckdb").exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crmkit.cli", "data", "build", "--shop", "mall", "--force",
                        "--customers", str(args.customers), "--seed", "1"], env=env, check=True)
        print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    import duckdb

    con = duckdb.connect(str(home / "mall.duckdb"), read_only=True)
    orders, items, customers = con.execute("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items), "
                                           "(SELECT count(*) FROM customers)").fetchone()
    con.close()
    a = child("crmkit", env, args.only, args.repeat)
    b = child("pandas", env, args.only, args.repeat)
    rows, differ = [], []
    for name, t in a["cases"].items():
        case = next(c for c in load_cases({name}))
        pd_time = b["cases"][name]["pandas"] if name in b["cases"] else None
        counts = {**t["rows"], **({"pandas": b["cases"][name]["rows"]} if name in b["cases"] else {})}
        if len(set(counts.values())) > 1:
            differ.append(f"{name} " + ", ".join(f"{way} {n:,}" for way, n in counts.items()))
        ratio = t["crmkit"] / t["sql"] if t["sql"] else float("nan")
        speedup = pd_time / t["crmkit"] if pd_time else None
        ok = t["crmkit"] <= 2 and ratio <= 1.3 and (not case.grouped or speedup is None or speedup >= 3)
        rows.append((name, t["crmkit"], t["sql"], pd_time, ratio, speedup, "yes" if ok else "NO"))
    header = (f"mall: {customers:,} customers, {orders:,} orders, {items:,} order items; "
              f"peak memory crmkit+SQL process {a['peak_mb']:,.0f} MB, pandas process {b['peak_mb']:,.0f} MB")
    lines = [header, "",
             "| analysis | crmkit s | SQL s | pandas s | crmkit/SQL | pandas/crmkit | goals met |",
             "|---|---:|---:|---:|---:|---:|:---:|"]
    for name, c, s, p, r, sp, ok in rows:
        lines.append(f"| {name} | {c:.3f} | {s:.3f} | {'' if p is None else f'{p:.3f}'} | {r:.2f} | "
                     f"{'' if sp is None else f'{sp:.1f}x'} | {ok} |")
    lines += ["", "Rows: every way returned the same number of rows." if not differ else
              "Rows differ: " + "; ".join(differ)]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
