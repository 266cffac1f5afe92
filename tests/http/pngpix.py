#!/usr/bin/python3
# pngpix.py PNG X0 Y0 X1 Y1: the width, height and the number of strongly
# red pixels in [X0,X1) x [Y0,Y1) of an 8-bit RGB(A) PNG, decoded with
# zlib (no imaging library on the machine).  Used by t0173.
import struct, sys, zlib

def decode(path):
    d = open(path, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    p, idat = 8, b""
    while p < len(d):
        n, kind = struct.unpack(">I4s", d[p:p + 8])
        body = d[p + 8:p + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        p += 12 + n
    assert depth == 8 and ctype in (2, 6), "only 8-bit RGB(A)"
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = decode(sys.argv[1])
x0, y0, x1, y1 = (int(v) for v in sys.argv[2:6])
red = 0
for y in range(y0, y1):
    for x in range(x0, x1):
        r, g, b = rows[y][x * bpp:x * bpp + 3]
        red += r > 180 and g < 140 and b < 140
print(w, h, red)
