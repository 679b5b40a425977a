"""Import speed and memory: a 1,000,000-row customer CSV through `crmkit data import` (issue 4 goal:
at most 30 s and 2 GB).

Writes a CSV with Chinese headers (like an Excel export: 姓名, 性别, 手机号, 邮箱, 出生日期, 省份,
城市, 地址, 注册时间, 渠道), one row in 200 with a mistake (a short phone or a bad date), into a
temporary folder with the default course data; then runs the command twice in fresh processes
(first import, then the same file again, which changes nothing) and prints wall time and peak
memory of each.

    python benchmarks/import.py                 # 1,000,000 rows
    python benchmarks/import.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    surnames = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"))
    given = np.array(["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"])
    places = [("广东省", "深圳市"), ("浙江省", "杭州市"), ("江苏", "南京市"), ("北京", "北京市"), ("四川省", "成都市")]
    channels = ["官方商城App", "天猫旗舰店", "微信小程序", "京东自营旗舰店"]
    idx = np.arange(rows)
    phone = np.char.add("1380", np.char.zfill(idx.astype(str), 7))
    bad = rng.random(rows) < 0.005
    phone = np.where(bad & (idx % 2 == 0), np.char.add("138", idx.astype(str).astype("<U4")), phone)
    birthday = np.where(bad & (idx % 2 == 1), "1990年13月5日", np.datetime_as_string(
        np.datetime64("1960-01-01") + rng.integers(0, 15000, rows).astype("timedelta64[D]")))
    place = rng.integers(0, len(places), rows)
    with open(path, "w", encoding="utf-8") as out:
        out.write("姓名,性别,手机号,邮箱,出生日期,省份,城市,地址,注册时间,渠道\n")
        for i in range(0, rows, 100_000):
            block = slice(i, min(i + 100_000, rows))
            n = block.stop - block.start
            names = np.char.add(surnames[rng.integers(0, len(surnames), n)], given[rng.integers(0, len(given), n)])
            genders = np.where(rng.random(n) < 0.5, "男", "女")
            lines = [
                f"{names[k]},{genders[k]},{phone[j]},u{j}@example.com,{birthday[j]},{places[place[j]][0]},"
                f"{places[place[j]][1]},{places[place[j]][1]}人民路{j % 300 + 1}号,2025-0{j % 9 + 1}-15 10:00,"
                f"{channels[j % len(channels)]}\n"
                for k, j in enumerate(range(block.start, block.stop))
            ]
            out.writelines(lines)


CHILD = """
import resource, sys
from crmkit import cli
code = cli.main(["data", "import", sys.argv[1]])
print("peak_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
sys.exit(code)
"""


def run_import(env: dict, path: Path) -> tuple[float, float, str]:
    """Import ``path`` in a fresh process: wall time, that process's peak memory (MB), its summary line."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode:
        sys.exit(proc.stderr[-3000:])
    lines = proc.stdout.splitlines()
    peak = float(next(line for line in lines if line.startswith("peak_mb")).split()[1])
    return seconds, peak, next(line for line in lines if "rows read" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="crmkit-import-bench-"))
    env = {**os.environ, "CRMKIT_HOME": str(home / "data"), "CRMKIT_SCRATCH": str(home / "scratch"),
           "CRMKIT_LANG": "en", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "crmkit.cli", "data", "build", "--shop", "mall"], env=env, check=True,
                   capture_output=True)
    path = home / "customers.csv"
    write_csv(path, args.rows)
    print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
    for label in ("first import", "same file again"):
        seconds, peak, summary = run_import(env, path)
        print(f"{label}: {seconds:.1f} s, peak memory {peak:,.0f} MB\n  {summary}")


if __name__ == "__main__":
    main()
