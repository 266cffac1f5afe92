#!/usr/bin/python3
# mksig.py DIR: the handwritten-signature test images for
# tests/http/t0040-signing.sh, from the standard library only: a drawn
# stroke (two different ones), an all-white pad, a valid PNG over 512 KB,
# a large PNG under the form limit, a JPEG and garbage.
import os
import random
import struct
import sys
import zlib


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def png_rgb(rows, w, h, level=9):
    """rows: h byte strings of w*3 bytes (RGB)."""
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, level)) + chunk(b"IEND", b""))


def stroke(w, h, slope):
    """White pad with a thick dark line drawn across it."""
    px = [bytearray(b"\xff" * (w * 3)) for _ in range(h)]
    for x in range(20, w - 20):
        yc = int(h / 2 + slope * (x - w / 2))
        for y in range(max(0, yc - 3), min(h, yc + 4)):
            px[y][x * 3:x * 3 + 3] = b"\x10\x10\x30"
    return png_rgb([bytes(r) for r in px], w, h)


def noise(w, h, seed):
    rnd = random.Random(seed)
    return png_rgb([bytes(rnd.getrandbits(8) for _ in range(w * 3))
                    for _ in range(h)], w, h, 1)


d = sys.argv[1]
out = {
    "line.png": stroke(600, 260, 0.2),
    "line2.png": stroke(600, 260, -0.3),
    "blank.png": png_rgb([b"\xff" * 1800] * 260, 600, 260),
    "sig100k.png": noise(200, 170, 3),	# a rich 100 KB drawing: accepted
    "big.png": noise(400, 512, 1),	# about 600 KB: over the limit
    "big530.png": noise(400, 438, 2),	# 514 KB: over 512 KB, within the form
    # A JPEG's start (SOI, APP0 JFIF) and some scan bytes: not a PNG.
    "sig.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00"
               b"\x01\x00\x00" + bytes(range(256)) * 8 + b"\xff\xd9",
    "garbage.bin": b"this is no picture at all \x00\x01\x02" * 40,
}
for name, data in out.items():
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
