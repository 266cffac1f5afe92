/* img.c: PNG checks before decoding, seal clean-up (transparent background, trim, centre). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <png.h>
#include <zlib.h>

#include "app.h"
#include "img.h"

/* Chinese messages, each naming the rule that was broken. */
static const char *const img_msgs[IMG__MAX] = {
	"",								/* IMG_OK */
	"文件为空，请选择签章图片（PNG格式）。",				/* IMG_EMPTY */
	"文件大小不能超过1MB。",					/* IMG_TOOBIG */
	"签章图片必须是PNG格式。",					/* IMG_NOTPNG */
	"签章图片必须是PNG格式，上传的文件是JPEG图片。",		/* IMG_JPEG */
	"签章图片必须是PNG格式，上传的文件是GIF图片。",			/* IMG_GIF */
	"签章图片必须是PNG格式，不支持SVG矢量图。",			/* IMG_SVG */
	"PNG文件不完整（可能在传输中被截断），请重新导出后上传。",	/* IMG_TRUNCATED */
	"PNG文件已损坏（数据校验失败），请重新导出后上传。",		/* IMG_CRC */
	"图片尺寸不能超过2000×2000像素。",				/* IMG_DIMENSIONS */
	"签章图片必须是正方形（宽高相同）。",				/* IMG_NOTSQUARE */
	"不支持动态PNG（APNG），请上传静态图片。",			/* IMG_ANIMATED */
	"无法解析该PNG图片，请重新导出后上传。",			/* IMG_DECODE */
	"签章图片应为白色（纯色）背景，请去除背景中的杂物后上传。",	/* IMG_BACKGROUND */
	"图片中没有检测到签章内容。",					/* IMG_NOSEAL */
};

const char *
img_message(enum img_err e)
{
	return e < IMG__MAX ? img_msgs[e] : img_msgs[IMG_DECODE];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static enum img_err
sniff(const unsigned char *p, size_t n)
{
	size_t	 i;

	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return IMG_JPEG;
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return IMG_GIF;
	for (i = 0; i < n && i < 512; i++)
		if (p[i] == '<' && i + 4 <= n && (memcmp(p + i, "<svg", 4) == 0 ||
		    (i + 5 <= n && memcmp(p + i, "<?xml", 5) == 0)))
			return IMG_SVG;
	return IMG_NOTPNG;
}

/*
 * Check the bytes of an uploaded PNG without decoding it: signature,
 * IHDR first, every chunk inside the file with a valid CRC, no
 * animation (acTL), IEND last, at most 2000x2000 and square within 2%.
 * The dimensions go into *w and *h.  Returns IMG_OK or the rule broken.
 */
enum img_err
img_png_check(const unsigned char *p, size_t n, size_t maxbytes,
    unsigned int *w, unsigned int *h)
{
	enum img_err	 e;
	unsigned int	 big, small;

	if ((e = img_png_check_any(p, n, maxbytes, w, h)) != IMG_OK)
		return e;
	big = *w > *h ? *w : *h;
	small = *w > *h ? *h : *w;
	if ((big - small) * 100 > big * 2)
		return IMG_NOTSQUARE;
	return IMG_OK;
}

/* The same checks without the square rule (student photos). */
enum img_err
img_png_check_any(const unsigned char *p, size_t n, size_t maxbytes,
    unsigned int *w, unsigned int *h)
{
	return img_png_check_side(p, n, maxbytes, 2000, w, h);
}

/* The same, at most maxside pixels a side (xverify: a 300 dpi page). */
enum img_err
img_png_check_side(const unsigned char *p, size_t n, size_t maxbytes,
    unsigned int maxside, unsigned int *w, unsigned int *h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	size_t		 off;
	uint32_t	 len, crc;
	int		 first = 1, iend = 0;

	if (n == 0)
		return IMG_EMPTY;
	if (n > maxbytes)
		return IMG_TOOBIG;
	if (n < 8 || memcmp(p, sig, 8) != 0)
		return sniff(p, n);
	for (off = 8; off < n && !iend; off += 12 + (size_t)len) {
		if (n - off < 12)
			return IMG_TRUNCATED;
		len = be32(p + off);
		if (len > 0x7fffffff || n - off - 12 < len)
			return IMG_TRUNCATED;
		crc = (uint32_t)crc32(0L, p + off + 4, (uInt)len + 4);
		if (crc != be32(p + off + 8 + len))
			return IMG_CRC;
		if (first) {
			/* 1. IHDR comes first and gives the size. */
			if (memcmp(p + off + 4, "IHDR", 4) != 0 || len != 13)
				return IMG_DECODE;
			*w = be32(p + off + 8);
			*h = be32(p + off + 12);
			if (*w == 0 || *h == 0)
				return IMG_DECODE;
			if (*w > maxside || *h > maxside)
				return IMG_DIMENSIONS;
			first = 0;
		} else if (memcmp(p + off + 4, "acTL", 4) == 0)
			return IMG_ANIMATED;
		else if (memcmp(p + off + 4, "IEND", 4) == 0)
			iend = 1;
	}
	if (first || !iend)
		return IMG_TRUNCATED;
	return IMG_OK;
}

/*
 * Decode a PNG that img_png_check() accepted into a truecolor image
 * with alpha.  The caller owns the image (gdImageDestroy).
 */
gdImagePtr
img_decode(const unsigned char *p, size_t n)
{
	gdImagePtr	 im;

	if ((im = gdImageCreateFromPngPtr((int)n, (void *)(uintptr_t)p)) == NULL)
		return NULL;
	if (!gdImageTrueColor(im) && !gdImagePaletteToTrueColor(im)) {
		gdImageDestroy(im);
		return NULL;
	}
	gdImageAlphaBlending(im, 0);
	gdImageSaveAlpha(im, 1);
	return im;
}

struct	bg {
	int	 transparent;	/* the border is already transparent */
	int	 r, g, b;
};

/* The border pixels of im into px (2w + 2h - 4 of them); returns the count. */
static size_t
border(gdImagePtr im, int *px)
{
	int	 x, y, w = gdImageSX(im), h = gdImageSY(im);
	size_t	 n = 0;

	for (x = 0; x < w; x++) {
		px[n++] = gdImageGetTrueColorPixel(im, x, 0);
		if (h > 1)
			px[n++] = gdImageGetTrueColorPixel(im, x, h - 1);
	}
	for (y = 1; y < h - 1; y++) {
		px[n++] = gdImageGetTrueColorPixel(im, 0, y);
		if (w > 1)
			px[n++] = gdImageGetTrueColorPixel(im, w - 1, y);
	}
	return n;
}

/*
 * Estimate the background from the border pixels: transparent when
 * most are, otherwise their mean colour, which must be uniform (a
 * photo or a cluttered scan is refused).
 */
static enum img_err
background(gdImagePtr im, struct bg *bg)
{
	int	*px;
	size_t	 n, i, no = 0;
	long	 sr = 0, sg = 0, sb = 0, dev = 0;

	if ((px = calloc(2 * ((size_t)gdImageSX(im) + (size_t)gdImageSY(im)),
	    sizeof(*px))) == NULL)
		abort();
	n = border(im, px);
	for (i = 0; i < n; i++)
		if (gdTrueColorGetAlpha(px[i]) < 100) {
			no++;
			sr += gdTrueColorGetRed(px[i]);
			sg += gdTrueColorGetGreen(px[i]);
			sb += gdTrueColorGetBlue(px[i]);
		}
	if ((bg->transparent = no * 2 < n)) {
		free(px);
		return IMG_OK;
	}
	bg->r = (int)(sr / (long)no);
	bg->g = (int)(sg / (long)no);
	bg->b = (int)(sb / (long)no);
	for (i = 0; i < n; i++)
		if (gdTrueColorGetAlpha(px[i]) < 100)
			dev += abs(gdTrueColorGetRed(px[i]) - bg->r) +
			    abs(gdTrueColorGetGreen(px[i]) - bg->g) +
			    abs(gdTrueColorGetBlue(px[i]) - bg->b);
	free(px);
	return dev / (long)no > 60 ? IMG_BACKGROUND : IMG_OK;
}

/* How far a colour is from the background (0..255). */
static int
distance(int c, const struct bg *bg)
{
	int	 dr = abs(gdTrueColorGetRed(c) - bg->r);
	int	 dg = abs(gdTrueColorGetGreen(c) - bg->g);
	int	 db = abs(gdTrueColorGetBlue(c) - bg->b);

	return dr > dg ? (dr > db ? dr : db) : (dg > db ? dg : db);
}

#define KEY_NEAR	36	/* this close to the background: transparent */
#define KEY_FAR		110	/* this far: fully opaque; between: soft edge */

/*
 * The pixel of key at (x, y) as opacity (0..127) and colour; outside the
 * image it is transparent.
 */
static int
texel(gdImagePtr key, int x, int y, double rgb[3])
{
	int	 c, o;

	if (x < 0 || y < 0 || x >= gdImageSX(key) || y >= gdImageSY(key))
		return 0;
	c = gdImageGetTrueColorPixel(key, x, y);
	o = gdAlphaTransparent - gdTrueColorGetAlpha(c);
	rgb[0] += o * gdTrueColorGetRed(c);
	rgb[1] += o * gdTrueColorGetGreen(c);
	rgb[2] += o * gdTrueColorGetBlue(c);
	return o;
}

/*
 * Draw the box (x0, y0) of key enlarged to tw x th at (dx, dy) of out,
 * interpolated bilinearly.  gdImageCopyResampled averages areas, which
 * for an enlargement repeats each source pixel: a small seal would look
 * blocky.  The edges fade out over a margin of one source pixel around
 * the box; colours are weighted by their opacity so that the transparent
 * background's colour does not tint them.
 */
static void
enlarge(gdImagePtr out, int dx, int dy, gdImagePtr key, int x0, int y0,
    int tw, int th, double s)
{
	double	 fx, fy, wx, wy, o, rgb[3], c[4][3];
	int	 x, y, k, sx, sy, op[4], m = (int)ceil(s);

	for (y = -m; y < th + m; y++)
		for (x = -m; x < tw + m; x++) {
			if (!gdImageBoundsSafe(out, dx + x, dy + y))
				continue;
			fx = x0 + (x + 0.5) / s - 0.5;
			fy = y0 + (y + 0.5) / s - 0.5;
			sx = (int)floor(fx);
			sy = (int)floor(fy);
			wx = fx - sx;
			wy = fy - sy;
			memset(c, 0, sizeof(c));
			for (k = 0; k < 4; k++)
				op[k] = texel(key, sx + (k & 1), sy + (k >> 1),
				    c[k]);
			o = 0;
			memset(rgb, 0, sizeof(rgb));
			for (k = 0; k < 4; k++) {
				double	 w = ((k & 1) ? wx : 1 - wx) *
				    ((k >> 1) ? wy : 1 - wy);

				o += w * op[k];
				rgb[0] += w * c[k][0];
				rgb[1] += w * c[k][1];
				rgb[2] += w * c[k][2];
			}
			if (o < 0.5)
				continue;	/* the canvas is transparent */
			gdImageSetPixel(out, dx + x, dy + y, gdTrueColorAlpha(
			    (int)(rgb[0] / o + 0.5), (int)(rgb[1] / o + 0.5),
			    (int)(rgb[2] / o + 0.5),
			    gdAlphaTransparent - (int)(o + 0.5)));
		}
}

/*
 * Clean up a seal: the background (white, near-white or any uniform
 * colour) becomes transparent with soft edges, the margins are trimmed
 * and the seal is centred and scaled onto a size x size transparent
 * canvas.  Returns a new image (caller destroys it) or NULL with *e set.
 */
gdImagePtr
img_clean(gdImagePtr src, int size, enum img_err *e)
{
	gdImagePtr	 key, out;
	struct bg	 bg;
	int		 x, y, w = gdImageSX(src), h = gdImageSY(src), c, a, d;
	int		 x0 = w, y0 = h, x1 = -1, y1 = -1, bw, bh, tw, th;
	double		 s;

	memset(&bg, 0, sizeof(bg));
	if ((*e = background(src, &bg)) != IMG_OK)
		return NULL;
	if ((key = gdImageCreateTrueColor(w, h)) == NULL) {
		*e = IMG_DECODE;
		return NULL;
	}
	gdImageAlphaBlending(key, 0);
	gdImageSaveAlpha(key, 1);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			c = gdImageGetTrueColorPixel(src, x, y);
			a = gdTrueColorGetAlpha(c);
			if (!bg.transparent) {
				d = distance(c, &bg);
				if (d <= KEY_NEAR)
					a = gdAlphaTransparent;
				else if (d < KEY_FAR)
					a = a + (gdAlphaTransparent - a) *
					    (KEY_FAR - d) / (KEY_FAR - KEY_NEAR);
			}
			gdImageSetPixel(key, x, y, gdTrueColorAlpha(
			    gdTrueColorGetRed(c), gdTrueColorGetGreen(c),
			    gdTrueColorGetBlue(c), a));
			if (a < 110) {
				if (x < x0) x0 = x;
				if (y < y0) y0 = y;
				if (x > x1) x1 = x;
				if (y > y1) y1 = y;
			}
		}
	if (x1 < 0) {
		gdImageDestroy(key);
		*e = IMG_NOSEAL;
		return NULL;
	}
	bw = x1 - x0 + 1;
	bh = y1 - y0 + 1;
	/* Fit the trimmed seal into 92% of the canvas, keeping its shape. */
	s = (size * 0.92) / (bw > bh ? bw : bh);
	tw = (int)(bw * s + 0.5);
	th = (int)(bh * s + 0.5);
	if (tw < 1)
		tw = 1;
	if (th < 1)
		th = 1;
	if ((out = gdImageCreateTrueColor(size, size)) == NULL) {
		gdImageDestroy(key);
		*e = IMG_DECODE;
		return NULL;
	}
	gdImageAlphaBlending(out, 0);
	gdImageSaveAlpha(out, 1);
	gdImageFilledRectangle(out, 0, 0, size - 1, size - 1,
	    gdTrueColorAlpha(255, 255, 255, gdAlphaTransparent));
	if (s > 1.0)
		enlarge(out, (size - tw) / 2, (size - th) / 2, key, x0, y0,
		    tw, th, s);
	else
		gdImageCopyResampled(out, key, (size - tw) / 2,
		    (size - th) / 2, x0, y0, tw, th, bw, bh);
	gdImageDestroy(key);
	*e = IMG_OK;
	return out;
}

static void
gd_free(void *p)
{
	gdFree(p);
}

static void
gd_destroy(void *p)
{
	gdImageDestroy(p);
}

/* Let the arena destroy im when the request ends.  Returns im. */
gdImagePtr
img_defer(struct arena *a, gdImagePtr im)
{
	if (im != NULL)
		arena_defer(a, gd_destroy, im);
	return im;
}

static void	*encode(struct arena *, gdImagePtr, int, size_t *);

/*
 * Encode im as PNG (compression level 0-9).  Returns the bytes, freed
 * with the arena, and their length in *len; NULL on failure.
 */
void *
img_png(struct arena *a, gdImagePtr im, int level, size_t *len)
{
	gdImageSaveAlpha(im, 1);
	return encode(a, im, level, len);
}

/* libpng's output, appended to the caller's buffer (struct buf). */
static void
png_put(png_structp png, png_bytep d, png_size_t n)
{
	buf_add(png_get_io_ptr(png), d, n);
}

static void
png_flush_none(png_structp png)
{
	(void)png;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
	log_warnx("libpng: %s", msg);
	png_longjmp(png, 1);
}

static void
png_warn_none(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/*
 * Encode an opaque truecolor image (a certificate page) as an RGB PNG
 * with libpng directly: no alpha channel (a quarter fewer bytes to
 * compress) and every row unfiltered.  libgd's writer leaves libpng's
 * adaptive filter choice on, which tries all five filters on every row:
 * 300 of the 456 ms of a 300 dpi certificate went there, and the file
 * came out larger (bench/results.md).  A palette image goes to libgd's
 * writer.  See img_png().
 */
void *
img_png_opaque(struct arena *a, gdImagePtr im, int level, size_t *len)
{
	png_structp	 png;
	png_infop	 info = NULL;
	struct buf	 out;
	unsigned char	*row, *q;
	int		 w, h, x, y, c;

	if (!gdImageTrueColor(im)) {
		gdImageSaveAlpha(im, 0);
		return encode(a, im, level, len);
	}
	w = gdImageSX(im);
	h = gdImageSY(im);
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    png_fail, png_warn_none)) == NULL ||
	    (info = png_create_info_struct(png)) == NULL) {
		log_warnx("libpng: cannot set up a writer");
		png_destroy_write_struct(&png, NULL);
		return NULL;
	}
	/* (the row and the output are the arena's: nothing to free here) */
	buf_init(&out, a);
	row = arena_alloc(a, (size_t)w * 3);
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return NULL;
	}
	png_set_write_fn(png, &out, png_put, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, level);
	png_set_compression_buffer_size(png, 64 * 1024);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		for (q = row, x = 0; x < w; x++) {
			c = gdImageTrueColorPixel(im, x, y);
			*q++ = (unsigned char)gdTrueColorGetRed(c);
			*q++ = (unsigned char)gdTrueColorGetGreen(c);
			*q++ = (unsigned char)gdTrueColorGetBlue(c);
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	*len = out.len;
	return out.p;
}

/* The PNG encoder behind both. */
static void *
encode(struct arena *a, gdImagePtr im, int level, size_t *len)
{
	void	*p;
	int	 n = 0;

	if ((p = gdImagePngPtrEx(im, &n, level)) == NULL || n <= 0) {
		log_warnx("gdImagePngPtrEx failed");
		return NULL;
	}
	arena_defer(a, gd_free, p);
	*len = (size_t)n;
	return p;
}
