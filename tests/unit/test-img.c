/* test-img.c: img_png_check (bytes before decoding), img_decode, img_clean, img_png. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <zlib.h>

#include "app.h"
#include "img.h"
#include "tap.h"

static struct arena	*a;

/* A PNG being built by hand, chunk by chunk. */
struct	png {
	unsigned char	*p;
	size_t		 n, cap;
};

static void
put(struct png *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
put32(struct png *b, uint32_t v)
{
	unsigned char	 q[4] = { v >> 24, v >> 16 & 0xff, v >> 8 & 0xff,
	    v & 0xff };

	put(b, q, 4);
}

static void
sig(struct png *b)
{
	static const unsigned char s[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };

	memset(b, 0, sizeof(*b));
	put(b, s, 8);
}

/* One chunk with a correct CRC. */
static void
chunk(struct png *b, const char *type, const void *data, size_t n)
{
	uLong	 crc;

	put32(b, (uint32_t)n);
	put(b, type, 4);
	if (n)
		put(b, data, n);
	crc = crc32(0L, (const Bytef *)type, 4);
	if (n)
		crc = crc32(crc, data, (uInt)n);
	put32(b, (uint32_t)crc);
}

static void
ihdr(struct png *b, uint32_t w, uint32_t h)
{
	unsigned char	 d[13] = { w >> 24, w >> 16 & 0xff, w >> 8 & 0xff,
	    w & 0xff, h >> 24, h >> 16 & 0xff, h >> 8 & 0xff, h & 0xff,
	    8, 6, 0, 0, 0 };

	chunk(b, "IHDR", d, sizeof(d));
}

/* An IDAT of w x h RGBA pixels, all c (0xRRGGBBAA), filter 0. */
static void
idat(struct png *b, uint32_t w, uint32_t h, uint32_t c)
{
	size_t		 rl = 1 + (size_t)w * 4, i, x;
	unsigned char	*raw, *z;
	uLongf		 zl;

	if ((raw = calloc(rl, h)) == NULL)
		abort();
	for (i = 0; i < h; i++)
		for (x = 0; x < w; x++) {
			raw[i * rl + 1 + x * 4] = c >> 24;
			raw[i * rl + 2 + x * 4] = c >> 16 & 0xff;
			raw[i * rl + 3 + x * 4] = c >> 8 & 0xff;
			raw[i * rl + 4 + x * 4] = c & 0xff;
		}
	zl = compressBound(rl * h);
	if ((z = malloc(zl)) == NULL ||
	    compress(z, &zl, raw, rl * h) != Z_OK)
		abort();
	chunk(b, "IDAT", z, zl);
	free(raw);
	free(z);
}

static void
iend(struct png *b)
{
	chunk(b, "IEND", NULL, 0);
}

/* A complete, valid w x h RGBA PNG of one colour. */
static void
plain(struct png *b, uint32_t w, uint32_t h, uint32_t c)
{
	sig(b);
	ihdr(b, w, h);
	idat(b, w, h, c);
	iend(b);
}

static enum img_err
check(const struct png *b, unsigned int *w, unsigned int *h)
{
	return img_png_check(b->p, b->n, SEAL_MAXBYTES, w, h);
}

static enum img_err
check_bytes(const char *s, size_t n)
{
	unsigned int	 w = 0, h = 0;

	return img_png_check((const unsigned char *)s, n, SEAL_MAXBYTES, &w,
	    &h);
}

/*
 * A seal drawn with libgd: a ring of radius r and thickness t around
 * (cx, cy), a filled disc in the middle and two strokes, in ink on bg
 * (gd colours with alpha), on a w x h truecolor image.
 */
static gdImagePtr
seal_at(int w, int h, int cx, int cy, int r, int bg, int ink)
{
	gdImagePtr	 im;
	int		 t = r / 8 > 2 ? r / 8 : 2;

	if ((im = gdImageCreateTrueColor(w, h)) == NULL)
		abort();
	gdImageAlphaBlending(im, 0);
	gdImageSaveAlpha(im, 1);
	gdImageFilledRectangle(im, 0, 0, w - 1, h - 1, bg);
	gdImageFilledEllipse(im, cx, cy, 2 * r, 2 * r, ink);
	gdImageFilledEllipse(im, cx, cy, 2 * (r - t), 2 * (r - t), bg);
	gdImageFilledEllipse(im, cx, cy, r / 2, r / 2, ink);
	gdImageFilledRectangle(im, cx - r / 2, cy + r / 2, cx + r / 2,
	    cy + r / 2 + t / 2, ink);
	gdImageFilledRectangle(im, cx - t / 4, cy + r / 3, cx + t / 4,
	    cy + r * 2 / 3, ink);
	return im;
}

static gdImagePtr
seal(int size, int bg, int ink)
{
	return seal_at(size, size, size / 2, size / 2, size * 42 / 100, bg,
	    ink);
}

static const int	 WHITE = 0x00ffffff;		/* gd: alpha 0 */
static const int	 RED = 0x00c8141e;

/* Encode with libgd into a malloc'd buffer (gdFree). */
static unsigned char *
topng(gdImagePtr im, int *n)
{
	unsigned char	*p;

	if ((p = gdImagePngPtr(im, n)) == NULL || *n <= 0)
		abort();
	return p;
}

/* Bounding box of the pixels with gd alpha <= maxa; 0 when none. */
static int
bbox(gdImagePtr im, int maxa, int *x0, int *y0, int *x1, int *y1)
{
	int	 x, y;

	*x0 = gdImageSX(im);
	*y0 = gdImageSY(im);
	*x1 = *y1 = -1;
	for (y = 0; y < gdImageSY(im); y++)
		for (x = 0; x < gdImageSX(im); x++)
			if (gdTrueColorGetAlpha(gdImageGetTrueColorPixel(im,
			    x, y)) <= maxa) {
				if (x < *x0) *x0 = x;
				if (y < *y0) *y0 = y;
				if (x > *x1) *x1 = x;
				if (y > *y1) *y1 = y;
			}
	return *x1 >= 0;
}

static int
alpha(gdImagePtr im, int x, int y)
{
	return gdTrueColorGetAlpha(gdImageGetTrueColorPixel(im, x, y));
}

static int
corners_transparent(gdImagePtr im)
{
	int	 w = gdImageSX(im) - 1, h = gdImageSY(im) - 1;

	return alpha(im, 0, 0) == gdAlphaTransparent &&
	    alpha(im, w, 0) == gdAlphaTransparent &&
	    alpha(im, 0, h) == gdAlphaTransparent &&
	    alpha(im, w, h) == gdAlphaTransparent;
}

static int
iabs(int v)
{
	return v < 0 ? -v : v;
}

/* The opaque box of im is centred within tol px and spans ~92%. */
static void
check_placed(gdImagePtr out, double wfrac, double hfrac, const char *what)
{
	char	 d[160];
	int	 x0, y0, x1, y1, s = SEAL_SIZE;

	snprintf(d, sizeof(d), "%s: has opaque content", what);
	if (!CHECK(bbox(out, 63, &x0, &y0, &x1, &y1), d))
		return;
	snprintf(d, sizeof(d), "%s: centred horizontally within 3 px "
	    "(margins %d/%d)", what, x0, s - 1 - x1);
	CHECK(iabs(x0 - (s - 1 - x1)) <= 3, d);
	snprintf(d, sizeof(d), "%s: centred vertically within 3 px "
	    "(margins %d/%d)", what, y0, s - 1 - y1);
	CHECK(iabs(y0 - (s - 1 - y1)) <= 3, d);
	snprintf(d, sizeof(d), "%s: width %d is ~%.0f%% of %d", what,
	    x1 - x0 + 1, wfrac * 100, s);
	CHECK(iabs(x1 - x0 + 1 - (int)(s * wfrac + 0.5)) <= 4, d);
	snprintf(d, sizeof(d), "%s: height %d is ~%.0f%% of %d", what,
	    y1 - y0 + 1, hfrac * 100, s);
	CHECK(iabs(y1 - y0 + 1 - (int)(s * hfrac + 0.5)) <= 4, d);
}

static enum img_err
check_str(const char *s)
{
	return check_bytes(s, strlen(s));
}

static void
test_messages(void)
{
	int	 e, ok = 1;

	for (e = IMG_EMPTY; e < IMG__MAX; e++)
		if (img_message(e) == NULL || img_message(e)[0] == '\0')
			ok = 0;
	CHECK(ok, "img_message: every error has a message");
	CHECK_STR(img_message(IMG_OK), "", "img_message: IMG_OK is empty");
	CHECK_STR(img_message(IMG_NOTSQUARE),
	    "签章图片必须是正方形（宽高相同）。", "img_message: not square");
	CHECK_STR(img_message(IMG_NOSEAL), "图片中没有检测到签章内容。",
	    "img_message: no seal");
	CHECK_STR(img_message(IMG_TOOBIG), "文件大小不能超过1MB。",
	    "img_message: too big");
	CHECK_STR(img_message(IMG__MAX), img_message(IMG_DECODE),
	    "img_message: out of range falls back to the decode message");
	CHECK_STR(img_message((enum img_err)1000), img_message(IMG_DECODE),
	    "img_message: far out of range too");
}

static void
test_check(void)
{
	static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01";
	struct png	 b, c;
	unsigned int	 w = 0, h = 0;
	unsigned char	 tiny[12];
	uint32_t	 len;
	size_t		 at;

	/* Size. */
	CHECK_INT(img_png_check((const unsigned char *)"", 0, SEAL_MAXBYTES,
	    &w, &h), IMG_EMPTY, "check: empty");
	plain(&b, 20, 20, 0xff0000ff);
	CHECK_INT(img_png_check(b.p, b.n, b.n, &w, &h), IMG_OK,
	    "check: exactly maxbytes is fine");
	CHECK_INT(img_png_check(b.p, b.n, b.n - 1, &w, &h), IMG_TOOBIG,
	    "check: one byte over maxbytes is too big");
	CHECK_INT(check(&b, &w, &h), IMG_OK, "check: a valid 20x20 PNG");
	CHECK(w == 20 && h == 20, "check: reports the size");

	/* Sniffing what it is instead. */
	CHECK_INT(check_bytes(jpeg, sizeof(jpeg) - 1), IMG_JPEG,
	    "check: JPEG (FF D8 FF)");
	CHECK_INT(check_bytes("\xff\xd8\xff", 3), IMG_JPEG,
	    "check: 3-byte JPEG start");
	CHECK_INT(check_bytes("\xff\xd8", 2), IMG_NOTPNG,
	    "check: 2 bytes of JPEG are just not PNG");
	CHECK_INT(check_bytes("GIF89a\x01\x00\x01\x00", 10), IMG_GIF,
	    "check: GIF89a");
	CHECK_INT(check_bytes("GIF87a\x01\x00\x01\x00", 10), IMG_GIF,
	    "check: GIF87a");
	CHECK_INT(check_str("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
	    IMG_SVG, "check: SVG");
	CHECK_INT(check_str("<?xml version=\"1.0\"?><svg/>"), IMG_SVG,
	    "check: SVG with an XML declaration");
	CHECK_INT(check_str("\xef\xbb\xbf  \n<!-- x -->\n<svg>"), IMG_SVG,
	    "check: SVG after a BOM and a comment");
	CHECK_INT(check_str("<html><body>"), IMG_NOTPNG,
	    "check: HTML is just not PNG");
	CHECK_INT(check_str("hello"), IMG_NOTPNG, "check: text");
	CHECK_INT(check_bytes("\x89PNG\r\n\x1a", 7), IMG_NOTPNG,
	    "check: 7 bytes of the signature");
	CHECK_INT(check_bytes("\x89PNG\r\n\x1a\r", 8), IMG_NOTPNG,
	    "check: a damaged signature");

	/* Truncation anywhere. */
	CHECK_INT(img_png_check(b.p, 8, SEAL_MAXBYTES, &w, &h), IMG_TRUNCATED,
	    "check: signature only");
	CHECK_INT(img_png_check(b.p, 8 + 20, SEAL_MAXBYTES, &w, &h),
	    IMG_TRUNCATED, "check: cut inside IHDR");
	at = 8 + 25;			/* the IDAT chunk */
	len = (uint32_t)b.p[at] << 24 | b.p[at + 1] << 16 | b.p[at + 2] << 8 |
	    b.p[at + 3];
	CHECK_INT(img_png_check(b.p, at + 8 + len / 2, SEAL_MAXBYTES, &w, &h),
	    IMG_TRUNCATED, "check: cut in the middle of IDAT");
	CHECK_INT(img_png_check(b.p, b.n - 12, SEAL_MAXBYTES, &w, &h),
	    IMG_TRUNCATED, "check: IEND missing");
	CHECK_INT(img_png_check(b.p, b.n - 1, SEAL_MAXBYTES, &w, &h),
	    IMG_TRUNCATED, "check: last byte missing");

	/* CRC. */
	b.p[at + 8 + len] ^= 0x01;
	CHECK_INT(check(&b, &w, &h), IMG_CRC, "check: one IDAT CRC bit flipped");
	b.p[at + 8 + len] ^= 0x01;
	b.p[at + 8] ^= 0x80;
	CHECK_INT(check(&b, &w, &h), IMG_CRC, "check: one IDAT data bit flipped");
	b.p[at + 8] ^= 0x80;
	b.p[8 + 4 + 4 + 3] ^= 0x02;	/* width in IHDR */
	CHECK_INT(check(&b, &w, &h), IMG_CRC, "check: IHDR changed, CRC not");
	free(b.p);

	/* Dimensions, from a hand-made IHDR (the IDAT is never decoded). */
	sig(&b); ihdr(&b, 2001, 2001); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DIMENSIONS, "check: 2001x2001");
	free(b.p);
	sig(&b); ihdr(&b, 20000, 20000); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DIMENSIONS, "check: 20000x20000");
	CHECK(b.n < 200, "check: ... in under 200 bytes");
	free(b.p);
	sig(&b); ihdr(&b, 0xffffffffu, 0xffffffffu); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DIMENSIONS, "check: 2^32-1 square");
	free(b.p);
	sig(&b); ihdr(&b, 2001, 10); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DIMENSIONS,
	    "check: too wide wins over not square");
	free(b.p);
	sig(&b); ihdr(&b, 2000, 2000); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_OK, "check: 2000x2000 is allowed");
	free(b.p);
	sig(&b); ihdr(&b, 0, 10); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DECODE, "check: zero width");
	free(b.p);

	/* Square within 2%. */
	sig(&b); ihdr(&b, 300, 95); idat(&b, 1, 1, 0); iend(&b);
	w = h = 0;
	CHECK_INT(check(&b, &w, &h), IMG_NOTSQUARE, "check: 300x95");
	CHECK(w == 300 && h == 95, "check: NOTSQUARE still reports 300x95");
	free(b.p);
	sig(&b); ihdr(&b, 200, 196); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_OK, "check: 200x196 (2% off) is fine");
	free(b.p);
	sig(&b); ihdr(&b, 196, 200); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_OK, "check: 196x200 too");
	free(b.p);
	sig(&b); ihdr(&b, 200, 195); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_NOTSQUARE, "check: 200x195 is not");
	free(b.p);
	sig(&b); ihdr(&b, 200, 190); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_NOTSQUARE, "check: 200x190 is not");
	free(b.p);

	/* Animation: acTL anywhere after IHDR. */
	memset(tiny, 0, sizeof(tiny));
	tiny[3] = 2;
	sig(&b); ihdr(&b, 20, 20); chunk(&b, "acTL", tiny, 8);
	idat(&b, 20, 20, 0xff0000ff); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_ANIMATED, "check: acTL after IHDR");
	free(b.p);
	sig(&b); ihdr(&b, 20, 20); idat(&b, 20, 20, 0xff0000ff);
	chunk(&b, "acTL", tiny, 8); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_ANIMATED, "check: acTL after IDAT");
	free(b.p);

	/* IHDR must come first, with 13 bytes. */
	sig(&b); chunk(&b, "tEXt", "a\0b", 3); ihdr(&b, 20, 20);
	idat(&b, 20, 20, 0xff0000ff); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DECODE, "check: IHDR not first");
	free(b.p);
	sig(&b); idat(&b, 20, 20, 0xff0000ff); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DECODE, "check: no IHDR at all");
	free(b.p);
	sig(&b); chunk(&b, "IHDR", tiny, 12); idat(&b, 1, 1, 0); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_DECODE, "check: 12-byte IHDR");
	free(b.p);

	/* Hostile chunk lengths. */
	sig(&b); ihdr(&b, 20, 20); put32(&b, 0x80000000u); put(&b, "IDAT", 4);
	put(&b, tiny, 12);
	CHECK_INT(check(&b, &w, &h), IMG_TRUNCATED, "check: length 2^31");
	free(b.p);
	sig(&b); ihdr(&b, 20, 20); put32(&b, 0xfffffff4u); put(&b, "IDAT", 4);
	put(&b, tiny, 12);
	CHECK_INT(check(&b, &w, &h), IMG_TRUNCATED,
	    "check: length 0xfffffff4");
	free(b.p);

	/* Ancillary chunks and trailing bytes are fine. */
	sig(&b); ihdr(&b, 20, 20); chunk(&b, "tEXt", "Comment\0hi", 10);
	idat(&b, 20, 20, 0xff0000ff); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_OK, "check: tEXt is fine");
	c = b;
	put(&c, "junk", 4);
	CHECK_INT(check(&c, &w, &h), IMG_OK, "check: bytes after IEND ignored");
	free(c.p);
}

static void
test_decode(void)
{
	gdImagePtr	 im, dec, pal;
	unsigned char	*p;
	struct png	 b;
	unsigned int	 w, h;
	int		 n, c;

	im = seal(120, WHITE, RED);
	p = topng(im, &n);
	CHECK_INT(img_png_check(p, (size_t)n, SEAL_MAXBYTES, &w, &h), IMG_OK,
	    "decode: a libgd seal passes the byte checks");
	dec = img_decode(p, (size_t)n);
	CHECK(dec != NULL, "decode: decodes");
	if (dec != NULL) {
		CHECK(gdImageSX(dec) == 120 && gdImageSY(dec) == 120,
		    "decode: keeps the size");
		CHECK(gdImageTrueColor(dec), "decode: truecolor");
		CHECK_INT(gdImageGetTrueColorPixel(dec, 60, 60),
		    gdImageGetTrueColorPixel(im, 60, 60),
		    "decode: same pixel as drawn");
		gdImageDestroy(dec);
	}
	gdFree(p);
	gdImageDestroy(im);

	/* A palette image comes back as truecolor with alpha. */
	pal = gdImageCreate(50, 50);
	gdImageColorAllocate(pal, 255, 255, 255);
	c = gdImageColorAllocate(pal, 200, 20, 30);
	gdImageFilledRectangle(pal, 10, 10, 39, 39, c);
	p = topng(pal, &n);
	dec = img_decode(p, (size_t)n);
	CHECK(dec != NULL && gdImageTrueColor(dec),
	    "decode: palette PNG becomes truecolor");
	if (dec != NULL) {
		c = gdImageGetTrueColorPixel(dec, 20, 20);
		CHECK(gdTrueColorGetRed(c) == 200 && gdTrueColorGetGreen(c) == 20 &&
		    gdTrueColorGetBlue(c) == 30 && gdTrueColorGetAlpha(c) == 0,
		    "decode: palette colour kept");
		gdImageDestroy(dec);
	}
	gdFree(p);
	gdImageDestroy(pal);

	/* Valid chunks, garbage image data: NULL, no crash. */
	sig(&b); ihdr(&b, 20, 20);
	chunk(&b, "IDAT", "not zlib at all, just text", 26); iend(&b);
	CHECK_INT(check(&b, &w, &h), IMG_OK,
	    "decode: garbage IDAT passes the byte checks");
	CHECK(img_decode(b.p, b.n) == NULL, "decode: but does not decode");
	free(b.p);
	/* A colour type / depth pair that does not exist. */
	sig(&b);
	{
		unsigned char	 d[13] = { 0, 0, 0, 20, 0, 0, 0, 20, 7, 6,
		    0, 0, 0 };

		chunk(&b, "IHDR", d, 13);
	}
	idat(&b, 20, 20, 0); iend(&b);
	CHECK(img_decode(b.p, b.n) == NULL, "decode: bit depth 7 refused");
	free(b.p);
}

static void
test_clean(void)
{
	gdImagePtr	 im, out;
	enum img_err	 e;
	int		 x, y, c, x0, y0, x1, y1;

	/* White background: transparent, trimmed, centred, 92%. */
	im = seal(300, WHITE, RED);
	e = IMG_DECODE;
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: white background seal");
	if (out != NULL) {
		CHECK(gdImageSX(out) == SEAL_SIZE && gdImageSY(out) == SEAL_SIZE,
		    "clean: SEAL_SIZE x SEAL_SIZE");
		CHECK(corners_transparent(out), "clean: corners transparent");
		CHECK_INT(alpha(out, SEAL_SIZE / 2 - 100, SEAL_SIZE / 2),
		    gdAlphaTransparent,
		    "clean: the white inside the ring is transparent too");
		c = gdImageGetTrueColorPixel(out, SEAL_SIZE / 2, SEAL_SIZE / 2);
		CHECK(gdTrueColorGetAlpha(c) == 0 && gdTrueColorGetRed(c) > 180 &&
		    gdTrueColorGetGreen(c) < 60 && gdTrueColorGetBlue(c) < 60,
		    "clean: the ink stays opaque red");
		check_placed(out, 0.92, 0.92, "clean white");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* Off-centre with a wide margin: trimmed and moved to the centre. */
	im = seal_at(400, 400, 100, 120, 60, WHITE, RED);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: off-centre seal");
	if (out != NULL) {
		check_placed(out, 0.92, 0.92, "clean off-centre");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* A wide (oval) seal keeps its shape: 92% wide, half as high. */
	im = gdImageCreateTrueColor(300, 300);
	gdImageFilledRectangle(im, 0, 0, 299, 299, WHITE);
	gdImageFilledEllipse(im, 150, 150, 200, 100, RED);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: oval seal");
	if (out != NULL) {
		check_placed(out, 0.92, 0.46, "clean oval");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* A small seal is scaled up. */
	im = seal(95, WHITE, RED);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: 95x95 seal");
	if (out != NULL) {
		CHECK(corners_transparent(out), "clean 95: corners transparent");
		check_placed(out, 0.92, 0.92, "clean 95");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/*
	 * Enlarged smoothly: a hard vertical edge of a 95x95 image (a red
	 * square on white) scaled about 4.9 times fades over several pixels
	 * of the 400x400 canvas, not in one step (box resampling).
	 */
	im = gdImageCreateTrueColor(95, 95);
	gdImageFilledRectangle(im, 0, 0, 94, 94, WHITE);
	gdImageFilledRectangle(im, 10, 10, 84, 84, RED);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean smooth: 95x95 square");
	if (out != NULL) {
		for (x = 0, c = 0; x < SEAL_SIZE / 2; x++)
			if (alpha(out, x, SEAL_SIZE / 2) > 8 &&
			    alpha(out, x, SEAL_SIZE / 2) < gdAlphaTransparent - 8)
				c++;
		CHECK(c >= 3, "clean smooth: the upscaled edge has intermediate "
		    "alphas over 3+ pixels");
		CHECK_INT(alpha(out, SEAL_SIZE / 2, SEAL_SIZE / 2), 0,
		    "clean smooth: the inside stays opaque");
		check_placed(out, 0.92, 0.92, "clean smooth");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* A uniform grey background is keyed out like white. */
	im = seal(300, 0x00b4b4b4, 0x00820a14);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: grey background");
	if (out != NULL) {
		CHECK(corners_transparent(out), "clean grey: corners transparent");
		CHECK_INT(alpha(out, SEAL_SIZE / 2 - 100, SEAL_SIZE / 2),
		    gdAlphaTransparent, "clean grey: grey inside the ring keyed out");
		CHECK_INT(alpha(out, SEAL_SIZE / 2, SEAL_SIZE / 2), 0,
		    "clean grey: ink opaque");
		check_placed(out, 0.92, 0.92, "clean grey");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* A slightly noisy near-white scan background is fine. */
	im = seal(200, WHITE, RED);
	srand(7);
	for (y = 0; y < 200; y++)
		for (x = 0; x < 200; x++)
			if (gdImageGetTrueColorPixel(im, x, y) == WHITE) {
				c = 255 - rand() % 12;
				gdImageSetPixel(im, x, y, gdTrueColorAlpha(c, c,
				    255 - rand() % 12, 0));
			}
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: near-white scan noise is accepted");
	if (out != NULL) {
		CHECK(corners_transparent(out), "clean scan: corners transparent");
		CHECK_INT(alpha(out, SEAL_SIZE / 2 - 100, SEAL_SIZE / 2),
		    gdAlphaTransparent, "clean scan: noise keyed out");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* A photo: random border. */
	im = seal(200, WHITE, RED);
	srand(11);
	for (y = 0; y < 200; y++)
		for (x = 0; x < 200; x++)
			if (x < 30 || y < 30 || x >= 170 || y >= 170)
				gdImageSetPixel(im, x, y, gdTrueColorAlpha(
				    rand() % 256, rand() % 256, rand() % 256, 0));
	e = IMG_OK;
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK(out == NULL, "clean: noisy border returns NULL");
	CHECK_INT(e, IMG_BACKGROUND, "clean: noisy border is IMG_BACKGROUND");
	if (out != NULL)
		gdImageDestroy(out);
	gdImageDestroy(im);

	/* Half the border black, half white: not uniform either. */
	im = seal(200, WHITE, RED);
	gdImageFilledRectangle(im, 0, 0, 99, 199, 0x00000000);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_BACKGROUND, "clean: two-tone background refused");
	if (out != NULL)
		gdImageDestroy(out);
	gdImageDestroy(im);

	/* Nothing on it. */
	im = gdImageCreateTrueColor(200, 200);
	gdImageFilledRectangle(im, 0, 0, 199, 199, WHITE);
	e = IMG_OK;
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK(out == NULL, "clean: all white returns NULL");
	CHECK_INT(e, IMG_NOSEAL, "clean: all white is IMG_NOSEAL");
	gdImageDestroy(im);
	im = gdImageCreateTrueColor(200, 200);
	gdImageFilledRectangle(im, 0, 0, 199, 199, 0x00b4b4b4);
	gdImageSetPixel(im, 100, 100, 0x00b8b8b8);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_NOSEAL, "clean: all grey (one near-grey dot) is IMG_NOSEAL");
	gdImageDestroy(im);
	im = gdImageCreateTrueColor(100, 100);
	gdImageAlphaBlending(im, 0);
	gdImageFilledRectangle(im, 0, 0, 99, 99,
	    gdTrueColorAlpha(0, 0, 0, gdAlphaTransparent));
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_NOSEAL, "clean: all transparent is IMG_NOSEAL");
	gdImageDestroy(im);
	im = gdImageCreateTrueColor(1, 1);
	gdImageSetPixel(im, 0, 0, RED);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_NOSEAL, "clean: a 1x1 image is its own background");
	if (out != NULL)
		gdImageDestroy(out);
	gdImageDestroy(im);

	/* Already transparent: the content is kept as it is. */
	im = seal(300, gdTrueColorAlpha(255, 255, 255, gdAlphaTransparent), RED);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: transparent input");
	if (out != NULL) {
		CHECK(corners_transparent(out), "clean transparent: corners");
		c = gdImageGetTrueColorPixel(out, SEAL_SIZE / 2, SEAL_SIZE / 2);
		CHECK(gdTrueColorGetAlpha(c) == 0 && gdTrueColorGetRed(c) == 200 &&
		    gdTrueColorGetGreen(c) == 20 && gdTrueColorGetBlue(c) == 30,
		    "clean transparent: ink colour kept exactly");
		check_placed(out, 0.92, 0.92, "clean transparent");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);
	/* Transparent, with white ink: not keyed against white. */
	im = seal(300, gdTrueColorAlpha(0, 0, 0, gdAlphaTransparent), WHITE);
	out = img_clean(im, SEAL_SIZE, &e);
	CHECK_INT(e, IMG_OK, "clean: white ink on transparent");
	if (out != NULL) {
		CHECK(bbox(out, 0, &x0, &y0, &x1, &y1),
		    "clean: white ink on transparent stays opaque");
		gdImageDestroy(out);
	}
	gdImageDestroy(im);

	/* Another canvas size is honoured. */
	im = seal(300, WHITE, RED);
	out = img_clean(im, 100, &e);
	CHECK(out != NULL && gdImageSX(out) == 100 && gdImageSY(out) == 100,
	    "clean: size 100 gives 100x100");
	if (out != NULL)
		gdImageDestroy(out);
	gdImageDestroy(im);
}

static void
test_png(void)
{
	gdImagePtr	 im, dec, out;
	unsigned char	*p, *q, *src;
	struct png	 b;
	enum img_err	 e;
	unsigned int	 w, h;
	size_t		 len;
	int		 n;

	/* Round trip of a cleaned seal keeps the size and the alpha. */
	im = seal(300, WHITE, RED);
	out = img_clean(im, SEAL_SIZE, &e);
	p = out != NULL ? img_png(a, out, 6, &len) : NULL;
	CHECK(p != NULL, "png: encodes");
	if (p != NULL) {
		CHECK_INT(img_png_check(p, len, SEAL_MAXBYTES, &w, &h), IMG_OK,
		    "png: output passes the byte checks");
		CHECK(w == SEAL_SIZE && h == SEAL_SIZE, "png: 400x400");
		CHECK(len > 33 && p[8 + 4 + 4 + 8] == 8 && p[8 + 4 + 4 + 9] == 6,
		    "png: 8-bit RGBA");
		dec = img_decode(p, len);
		CHECK(dec != NULL && corners_transparent(dec),
		    "png: transparency survives the round trip");
		if (dec != NULL && out != NULL)
			CHECK_INT(gdImageGetTrueColorPixel(dec, 200, 200),
			    gdImageGetTrueColorPixel(out, 200, 200),
			    "png: pixels survive the round trip");
		if (dec != NULL)
			gdImageDestroy(dec);
		q = img_png(a, out, 0, &len);
		CHECK(q != NULL && len > 400 * 400 * 4,
		    "png: level 0 is stored uncompressed");
	}
	if (out != NULL)
		gdImageDestroy(out);

	/* Text chunks of the upload do not survive a re-encode. */
	src = topng(im, &n);
	sig(&b);
	put(&b, src + 8, 25);		/* IHDR as libgd wrote it */
	chunk(&b, "tEXt", "Author\0SECRET-MARKER-42", 23);
	chunk(&b, "zTXt", "Comment\0\0x", 10);
	put(&b, src + 33, (size_t)n - 33);
	gdFree(src);
	CHECK_INT(check(&b, &w, &h), IMG_OK, "png: upload with tEXt passes");
	dec = img_decode(b.p, b.n);
	p = dec != NULL ? img_png(a, dec, 6, &len) : NULL;
	CHECK(p != NULL && memmem(p, len, "SECRET-MARKER", 13) == NULL &&
	    memmem(p, len, "tEXt", 4) == NULL,
	    "png: the re-encoded original has no text chunks");
	if (dec != NULL)
		gdImageDestroy(dec);
	free(b.p);
	gdImageDestroy(im);

	/* img_defer: the arena destroys the image (checked under valgrind). */
	im = img_defer(a, gdImageCreateTrueColor(10, 10));
	CHECK(im != NULL, "defer: returns the image");
	CHECK(img_defer(a, NULL) == NULL, "defer: NULL stays NULL");
}

/*
 * The rows of a PNG of w x h RGB pixels as zlib inflates its IDAT data,
 * into out (h rows of 1 + 3w bytes); 0 when they are all there.
 */
static int
png_rows(const unsigned char *p, size_t n, unsigned char *out, size_t outlen)
{
	z_stream	 z;
	size_t		 at = 8, len;
	int		 rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_out = out;
	z.avail_out = (uInt)outlen;
	while (at + 12 <= n && rc == Z_OK) {
		len = (size_t)p[at] << 24 | (size_t)p[at + 1] << 16 |
		    (size_t)p[at + 2] << 8 | p[at + 3];
		if (at + 12 + len > n)
			break;
		if (memcmp(p + at + 4, "IDAT", 4) == 0) {
			z.next_in = (unsigned char *)(uintptr_t)(p + at + 8);
			z.avail_in = (uInt)len;
			rc = inflate(&z, Z_NO_FLUSH);
		}
		at += 12 + len;
	}
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.avail_out == 0 ? 0 : -1;
}

static void
test_png_opaque(void)
{
	gdImagePtr	 im, dec;
	unsigned char	*p, *rows;
	size_t		 len, y, zero;
	int		 x, yy, same, c;

	/* A page-like picture: flat colour, a gradient, an alpha pixel. */
	im = gdImageCreateTrueColor(301, 97);
	gdImageFilledRectangle(im, 0, 0, 300, 96, 0xfdf8ee);
	for (x = 0; x < 301; x++)
		gdImageLine(im, x, 40, x, 60, gdTrueColor(x % 256, 255 - x % 256,
		    (x * 7) % 256));
	gdImageSetPixel(im, 5, 5, gdTrueColorAlpha(10, 20, 30, 100));
	p = img_png_opaque(a, im, 1, &len);
	CHECK(p != NULL, "png opaque: encodes");
	if (p != NULL) {
		CHECK(len > 33 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 &&
		    memcmp(p + 12, "IHDR", 4) == 0 && p[24] == 8 && p[25] == 2,
		    "png opaque: 8-bit RGB, no alpha channel");
		rows = malloc(97 * (1 + 301 * 3));
		CHECK(rows != NULL && png_rows(p, len, rows,
		    97 * (1 + 301 * 3)) == 0, "png opaque: zlib inflates "
		    "every row of it");
		for (zero = 0, y = 0; rows != NULL && y < 97; y++)
			zero += rows[y * (1 + 301 * 3)] == 0;
		CHECK_INT(zero, 97, "png opaque: every row unfiltered "
		    "(filter byte 0)");
		free(rows);
		dec = img_decode(p, len);
		CHECK(dec != NULL, "png opaque: libgd reads it back");
		for (same = 1, yy = 0; dec != NULL && yy < 97; yy++)
			for (x = 0; x < 301; x++) {
				c = gdImageGetTrueColorPixel(im, x, yy) & 0xffffff;
				if ((gdImageGetTrueColorPixel(dec, x, yy) &
				    0xffffff) != c)
					same = 0;
			}
		CHECK(dec != NULL && same, "png opaque: every pixel's colour "
		    "read back as drawn (alpha dropped)");
		if (dec != NULL)
			gdImageDestroy(dec);
	}
	gdImageDestroy(im);

	/* A palette image goes to libgd's writer. */
	im = gdImageCreate(20, 10);
	gdImageColorAllocate(im, 200, 0, 0);
	p = img_png_opaque(a, im, 1, &len);
	dec = p != NULL ? img_decode(p, len) : NULL;
	CHECK(dec != NULL && gdImageSX(dec) == 20 &&
	    (gdImageGetTrueColorPixel(dec, 3, 3) & 0xffffff) == 0xc80000,
	    "png opaque: a palette image is encoded too");
	if (dec != NULL)
		gdImageDestroy(dec);
	gdImageDestroy(im);

	/*
	 * libpng refusing (a width past its limit of 1,000,000): NULL, and
	 * the next image is encoded as usual.
	 */
	im = gdImageCreateTrueColor(1000001, 1);
	CHECK(im != NULL && img_png_opaque(a, im, 1, &len) == NULL,
	    "png opaque: libpng's refusal is NULL, not a crash");
	if (im != NULL)
		gdImageDestroy(im);
	im = gdImageCreateTrueColor(8, 8);
	CHECK(img_png_opaque(a, im, 1, &len) != NULL,
	    "png opaque: and the next image encodes");
	gdImageDestroy(im);
}

int
main(void)
{
	a = arena_new();
	test_messages();
	test_check();
	test_decode();
	test_clean();
	test_png();
	test_png_opaque();
	arena_free(a);
	return tap_done();
}
