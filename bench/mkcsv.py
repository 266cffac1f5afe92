#!/usr/bin/python3
"""mkcsv.py N [gbk]: a student CSV of N rows with valid synthetic ID numbers."""
import sys, datetime
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
M = "10X98765432"
SUR = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIV = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "霞"]
REG = ["110101", "110105", "310104", "440106", "510107", "610113", "210202", "330106"]

def ident(i):
    d = datetime.date(1995, 1, 1) + datetime.timedelta(days=i % 3650)
    s = REG[i % len(REG)] + d.strftime("%Y%m%d") + "%03d" % (i // 3650 % 1000)
    return s + M[sum(int(a) * b for a, b in zip(s, W)) % 11]

n = int(sys.argv[1])
enc = sys.argv[2] if len(sys.argv) > 2 else "utf-8"
rows = ["姓名,性别,证件类型,证件号码,学生类型,手机号码,专业,班级"]
seen = set()
i = 0
while len(rows) <= n:
    idn = ident(i + int(sys.argv[3]) if len(sys.argv) > 3 else i)
    i += 1
    if idn in seen:
        continue
    seen.add(idn)
    g = "男" if int(idn[16]) % 2 else "女"
    rows.append("%s%s,%s,居民身份证,%s,院校学生,139%08d,焊接技术,2020级%d班" %
                (SUR[i % 20], GIV[i % 15], g, idn, i % 10**8, i % 9 + 1))
sys.stdout.buffer.write(("\r\n".join(rows) + "\r\n").encode(enc))
