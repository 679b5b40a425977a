"""Write the sample import files of chapter 2 (customer information) into this folder.

    python datasets/samples/make_samples.py

All people are made up: names are common surnames with common given names, phone numbers are
in the fictional 1380013xxxx / 1390013xxxx ranges, e-mail addresses use example.com. Provinces,
cities, channels and sources are those of Company A's mall (``crmkit.connect("mall")``).
README.md in this folder describes each file; tests/imports/test_check.py checks that each one
gives the accepted and rejected counts stated there. The files are course inputs and are
committed; run this script again only to change them (and update README.md and the test).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = ["雨桐", "子涵", "浩然", "欣怡", "梓萱", "宇轩", "思远", "佳怡", "俊杰", "诗涵", "明轩", "若曦", "晨阳",
         "可馨", "博文", "雅琪", "天佑", "静怡", "志强", "慧敏", "建华", "丽娟", "文博", "嘉怡", "一鸣", "晓燕",
         "家豪", "梦琪", "国强", "秀英"]
PLACES = [("广东省", "广州市"), ("广东省", "深圳市"), ("浙江省", "杭州市"), ("江苏省", "苏州市"),
          ("上海市", "浦东新区"), ("北京市", "朝阳区"), ("山东省", "青岛市"), ("福建省", "厦门市"),
          ("四川省", "成都市"), ("湖北省", "武汉市"), ("湖南省", "长沙市"), ("河南省", "郑州市")]
CHANNELS = ["官方商城App", "官网PC商城", "天猫旗舰店", "京东自营旗舰店", "微信小程序", "抖音直播间", "线下体验店"]
SOURCES = ["搜索", "广告投放", "好友推荐", "直播", "社交媒体/小红书", "线下活动", "会员拉新"]
ROADS = ["幸福路", "建设路", "人民路", "解放路", "中山路", "和平路"]


def customer(i: int, phone_prefix: str) -> dict:
    """The ``i``-th made-up customer (deterministic: the same ``i`` gives the same person)."""
    province, city = PLACES[i % len(PLACES)]
    return {
        "ref": f"VIP{1000 + i}",
        "name": SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)],
        "gender": "男" if i % 2 == 0 else "女",
        "phone": f"{phone_prefix}{i:04d}",
        "email": f"member{i:03d}@example.com",
        "birthday": dt.date(1965 + (i * 3) % 40, 1 + i % 12, 1 + (i * 5) % 28),
        "province": province,
        "city": city,
        "address": f"{city}{ROADS[i % len(ROADS)]}{10 + i}号",
        "registered_at": dt.datetime(2019 + i % 6, 1 + (i * 5) % 12, 1 + (i * 3) % 28, 9 + i % 10, (i * 13) % 60),
        "source": SOURCES[i % len(SOURCES)],
        "channel": CHANNELS[i % len(CHANNELS)],
    }


def clean_xlsx(path: Path) -> None:
    """30 valid customers, Chinese headers; dates are real date cells, some phones typed as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户名单"
    sheet.append(["会员编号", "姓名", "性别", "手机号", "邮箱", "出生日期", "省份", "城市", "详细地址", "注册时间",
                  "客户来源", "注册渠道"])
    for i in range(1, 31):
        c = customer(i, "1380013")
        phone = int(c["phone"]) if i % 3 == 0 else c["phone"]  # a phone typed as a number, as people do
        sheet.append([c["ref"], c["name"], c["gender"], phone, c["email"], c["birthday"], c["province"], c["city"],
                      c["address"], c["registered_at"], c["source"], c["channel"]])
    for row in sheet.iter_rows(min_row=2):
        row[5].number_format = "yyyy-mm-dd"
        row[9].number_format = "yyyy-mm-dd hh:mm"
    workbook.save(path)


# Row (as Excel shows it, the header is row 1) -> what is changed in the otherwise valid customer.
# README.md lists the same rows; keep them in step.
MISTAKES: dict[int, dict] = {
    3: {"phone": "1380013100"},                       # 10 digits -> bad_phone
    5: {"phone": "020-87654321"},                     # a landline -> bad_phone
    7: {"name": ""},                                  # no name -> required
    9: {"birthday": "2024年13月5日"},                  # month 13 -> bad_date
    11: {"registered_at": "45356"},                   # an Excel serial date: accepted as 2024-03-05
    13: {"gender": "男 "},                             # a trailing space: accepted as 男 (M)
    15: {"province": "广州省"},                        # a city written as a province -> unknown_province
    17: {"phone": "13800131004"},                     # the phone of row 6 again -> duplicate_in_file
    19: {"email": "member018#example.com"},           # '#' instead of '@' -> bad_email
    21: {"phone": "+86 138 0013 1019"},               # +86 and spaces: accepted as 13800131019
    23: {"phone": "138001310", "birthday": "1990-02-30"},  # two problems in one row -> 2 rejects
    25: {"birthday": "2035-06-01"},                   # a birthday in the future -> date_out_of_range
    27: {"channel": "淘宝店"},                         # not one of the mall's channels -> unknown_channel
    29: {"birthday": "1988.7.15", "province": "浙江"},  # other ways of writing: accepted
}


def mistakes_csv(path: Path) -> None:
    """30 customers (rows 2-31), UTF-8, with the typical mistakes of :data:`MISTAKES`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["客户编号", "姓名", "性别", "手机", "电子邮箱", "生日", "省份", "城市", "注册日期", "来源",
                     "渠道"])
    for row in range(2, 32):
        c = customer(row + 100, "1380013")
        c["phone"] = f"1380013{1000 + row - 2:04d}"
        c["birthday"] = c["birthday"].isoformat()
        c["registered_at"] = c["registered_at"].strftime("%Y/%m/%d %H:%M")
        c.update(MISTAKES.get(row, {}))
        writer.writerow([c["ref"], c["name"], c["gender"], c["phone"], c["email"], c["birthday"], c["province"],
                         c["city"], c["registered_at"], c["source"], c["channel"]])
    path.write_text(out.getvalue(), encoding="utf-8")


def gbk_csv(path: Path) -> None:
    """20 valid customers in a GBK-encoded CSV, as Excel on Chinese Windows saves one."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["姓名", "性别", "手机号", "出生日期", "省份", "城市", "注册时间", "来源", "渠道"])
    for i in range(201, 221):
        c = customer(i, "1390013")
        writer.writerow([c["name"], c["gender"], c["phone"], f"{c['birthday']:%Y/%m/%d}".replace("/0", "/"),
                         c["province"], c["city"], f"{c['registered_at']:%Y/%m/%d %H:%M}", c["source"],
                         c["channel"]])
    path.write_bytes(out.getvalue().encode("gbk"))


def main() -> None:
    clean_xlsx(HERE / "customers_clean.xlsx")
    mistakes_csv(HERE / "customers_mistakes.csv")
    gbk_csv(HERE / "customers_gbk.csv")


if __name__ == "__main__":
    main()
