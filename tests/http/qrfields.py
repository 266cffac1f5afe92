#!/usr/bin/python3
# qrfields.py TSV [DAY]: check the fields of signed QR payloads (not their
# signatures: bin/xverify does that) against their records.  TSV: one
# record per line, number, 发证时间 (YYYY-MM-DD), content SHA-256 (hex),
# payload (RFC 4648 base32, no padding).  A payload is of its record when
# it is 110 bytes and carries the record's number, date and hash (and the
# date is DAY, when given).  Prints "records faulty".
import base64
import datetime
import sys

day = sys.argv[2] if len(sys.argv) > 2 else None
bad, n = 0, 0
for line in open(sys.argv[1]):
    number, issued, sha, q = line.rstrip("\n").split("\t")
    p = base64.b32decode(q + "=" * (-len(q) % 8))
    hi, lo = int.from_bytes(p[2:7], "big"), int.from_bytes(p[7:12], "big")
    d = datetime.date(2000, 1, 1) + \
        datetime.timedelta(int.from_bytes(p[12:14], "big"))
    n += 1
    if (len(p) != 110 or "%011d%012d" % (hi, lo) != number
            or (day is not None and issued != day)
            or d.isoformat() != issued or p[14:46].hex() != sha):
        bad += 1
print(n, bad)
