#!/usr/bin/python3
# mkpng.py DIR: write the seal test images for tests/http/t0006-seal.sh
# into DIR, using only the standard library (zlib, struct).  Every image
# is deterministic (fixed random seed), so a failing check can be
# reproduced with the same bytes.
import math
import os
import random
import struct
import sys
import zlib

SIG = b"\x89PNG\r\n\x1a\n"
WHITE = (255, 255, 255, 255)
RED = (200, 20, 30, 255)


def chunk(kind, data):
    """One PNG chunk with its length and CRC."""
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def ihdr(w, h, depth=8, ctype=6, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0,
                                      interlace))


def idat_rgba(pixels, w, h, ctype=6):
    """Raw scanlines (filter 0) of pixels[y][x] = (r, g, b, a) compressed."""
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        row = pixels[y]
        for x in range(w):
            r, g, b, a = row[x]
            if ctype == 6:
                raw += bytes((r, g, b, a))
            else:
                raw += bytes((r, g, b))
    return chunk(b"IDAT", zlib.compress(bytes(raw), 9))


def png(pixels, w, h, ctype=6, before=b"", after=b""):
    """A complete PNG: IHDR, optional chunks, IDAT, optional chunks, IEND."""
    return (SIG + ihdr(w, h, ctype=ctype) + before +
            idat_rgba(pixels, w, h, ctype) + after + chunk(b"IEND", b""))


def canvas(w, h, bg):
    return [[bg] * w for _ in range(h)]


def draw_seal(px, w, h, ink=RED):
    """A seal-like drawing: a ring, a star and text-like strokes."""
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    r = min(w, h) * 0.42
    t = max(2.0, min(w, h) * 0.045)
    for y in range(h):
        for x in range(w):
            d = math.hypot(x - cx, y - cy)
            if r - t <= d <= r:
                px[y][x] = ink
    # A small filled "star" (diamond) in the middle.
    s = r * 0.22
    for y in range(h):
        for x in range(w):
            if abs(x - cx) + abs(y - (cy - r * 0.25)) <= s:
                px[y][x] = ink
    # Three horizontal and two vertical strokes, like characters.
    sw = max(1, int(t * 0.6))
    for k in range(3):
        yy = int(cy + r * (0.15 + 0.18 * k))
        for y in range(yy, min(h, yy + sw)):
            for x in range(int(cx - r * 0.5), int(cx + r * 0.5)):
                px[y][x] = ink
    for xx in (int(cx - r * 0.3), int(cx + r * 0.3)):
        for y in range(int(cy + r * 0.1), int(cy + r * 0.6)):
            for x in range(xx, min(w, xx + sw)):
                px[y][x] = ink
    return px


def seal_pixels(w, h, bg=WHITE, ink=RED):
    return draw_seal(canvas(w, h, bg), w, h, ink)


def palette_png(w, h):
    """Colour type 3, 8-bit indices: 0 white, 1 red."""
    px = seal_pixels(w, h)
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw.append(0 if px[y][x] == WHITE else 1)
    plte = chunk(b"PLTE", bytes((255, 255, 255, 200, 20, 30)))
    return (SIG + ihdr(w, h, ctype=3) + plte +
            chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def text_chunk(key, size, rnd):
    """A tEXt chunk of about size bytes of incompressible Latin-1 text."""
    body = bytes(rnd.randrange(0x20, 0x7f) for _ in range(size))
    return chunk(b"tEXt", key + b"\x00" + body)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20201)
    files = {}

    good = png(seal_pixels(300, 300), 300, 300)
    files["good.png"] = good
    files["small.png"] = png(seal_pixels(95, 95), 95, 95)
    files["rgb.png"] = png(seal_pixels(300, 300), 300, 300, ctype=2)
    files["palette.png"] = palette_png(240, 240)
    files["transparent.png"] = png(seal_pixels(300, 300, bg=(255, 255, 255, 0)),
                                   300, 300)
    files["grey.png"] = png(seal_pixels(300, 300, bg=(180, 180, 180, 255),
                                        ink=(130, 10, 20, 255)), 300, 300, ctype=2)
    files["nonsquare.png"] = png(seal_pixels(300, 95), 300, 95)
    files["near.png"] = png(seal_pixels(200, 196), 200, 196)
    files["off.png"] = png(seal_pixels(200, 190), 200, 190)

    # Sniffed formats: only the first bytes matter.
    files["seal.jpg"] = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00"
                         b"\x01\x00\x01\x00\x00" + bytes(200) + b"\xff\xd9")
    files["seal.gif"] = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff"
                         b"\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00"
                         b"\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
    files["seal.svg"] = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                         b'<svg xmlns="http://www.w3.org/2000/svg" width="100" '
                         b'height="100"><circle cx="50" cy="50" r="40" '
                         b'stroke="red" fill="none"/></svg>\n')

    files["notpng.txt"] = "这不是图片，只是一段文字。\n".encode()

    # Broken PNGs.
    i = good.index(b"IDAT")			# the type; data follows
    length = struct.unpack(">I", good[i - 4:i])[0]
    files["truncated.png"] = good[:i + 4 + length // 2]
    crc_at = i + 4 + length			# first CRC byte of the IDAT
    bad = bytearray(good)
    bad[crc_at] ^= 0xff
    files["badcrc.png"] = bytes(bad)
    files["empty.png"] = b""

    # Exactly 1 MiB + 1 byte, otherwise a valid PNG: pad with a tEXt chunk.
    base = png(seal_pixels(300, 300), 300, 300)
    pad = 1024 * 1024 + 1 - len(base) - 12 - len(b"pad\x00")
    big = png(seal_pixels(300, 300), 300, 300,
              before=chunk(b"tEXt", b"pad\x00" + b"x" * pad))
    assert len(big) == 1024 * 1024 + 1, len(big)
    files["toobig.png"] = big

    # IHDR says 20000x20000; a tiny IDAT (one row).  Correct CRCs.
    files["huge.png"] = (SIG + ihdr(20000, 20000) +
                         chunk(b"IDAT", zlib.compress(bytes(20000 * 4 + 1))) +
                         chunk(b"IEND", b""))

    # Animated PNG: acTL right after IHDR (2 frames, loop forever).
    sp = seal_pixels(120, 120)
    files["apng.png"] = (SIG + ihdr(120, 120) +
                         chunk(b"acTL", struct.pack(">II", 2, 0)) +
                         idat_rgba(sp, 120, 120) + chunk(b"IEND", b""))

    # ~900 KB of tEXt chunks (under 1 MB): accepted, metadata stripped.
    texts = b"".join(text_chunk(b"Comment", 150000, rnd) for _ in range(6))
    files["bigtext.png"] = png(seal_pixels(300, 300), 300, 300, before=texts,
                               after=chunk(b"tEXt", b"Marker\x00SEALTEXT-MARKER"))
    assert 850000 < len(files["bigtext.png"]) < 1000000

    # No seal: everything white.
    files["white.png"] = png(canvas(200, 200, WHITE), 200, 200)

    # A "photo": random noise everywhere, a seal in the middle.
    w = h = 200
    px = [[(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256), 255)
           for _ in range(w)] for _ in range(h)]
    for y in range(60, 140):
        for x in range(60, 140):
            px[y][x] = WHITE
    files["photo.png"] = png(px, w, h, ctype=2)

    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
