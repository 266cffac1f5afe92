/* certimg.c: the certificate image (A4, libgd + FreeType + libqrencode). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>
#include <qrencode.h>

#include "app.h"
#include "certimg.h"

#define A4_W_MM		297.0
#define A4_H_MM		210.0

#define RED		0x8b1a1a
#define GOLD		0xb8860b
#define INK		0x222222
#define GREY		0x6b6b6b
#define PAPER		0xfcf9f0
#define PATTERN		0xf2ead3

struct	pen {
	gdImagePtr	 im;
	int		 dpi;
	char		 regular[512];
	char		 bold[512];
};

static int
mm(const struct pen *p, double v)
{
	return (int)lround(v * p->dpi / 25.4);
}

static int
rgb(int hex)
{
	return gdTrueColor((hex >> 16) & 255, (hex >> 8) & 255, hex & 255);
}

/*
 * Draw UTF-8 text with its baseline at (x, y) in millimetres; align is
 * 0 left, 1 centre, 2 right.  Sizes are in points at the pen's dpi.
 * Returns the text width in pixels, or -1 (logged) when FreeType fails.
 */
static int
text(struct pen *p, int bold, double pt, int color, double x, double y,
    int align, const char *s)
{
	gdFTStringExtra	 ex;
	int		 br[8], w, px;
	char		*err, *font = bold ? p->bold : p->regular;

	memset(&ex, 0, sizeof(ex));
	ex.flags = gdFTEX_RESOLUTION;
	ex.hdpi = ex.vdpi = p->dpi;
	if ((err = gdImageStringFTEx(NULL, br, 0, font, pt, 0, 0, 0,
	    (char *)(uintptr_t)s, &ex)) != NULL) {
		log_warnx("gdImageStringFTEx %s: %s", font, err);
		return -1;
	}
	w = br[2] - br[0];
	px = mm(p, x) - (align == 1 ? w / 2 : align == 2 ? w : 0);
	if (p->im != NULL && gdImageStringFTEx(p->im, br, rgb(color), font, pt,
	    0, px, mm(p, y), (char *)(uintptr_t)s, &ex) != NULL)
		return -1;
	return w;
}

static void
frame(struct pen *p)
{
	gdImagePtr	 im = p->im;
	int		 W = gdImageSX(im), H = gdImageSY(im), i, cx, cy;

	gdImageFilledRectangle(im, 0, 0, W - 1, H - 1, rgb(PAPER));
	/* A light guilloche behind the text: hard to copy, easy on the eye. */
	cx = W / 2;
	cy = H / 2 + mm(p, 8);
	gdImageSetThickness(im, mm(p, 0.25) > 0 ? mm(p, 0.25) : 1);
	for (i = 0; i < 36; i++)
		gdImageEllipse(im, cx + (int)(mm(p, 18) * cos(i * M_PI / 18)),
		    cy + (int)(mm(p, 10) * sin(i * M_PI / 18)), mm(p, 120),
		    mm(p, 70), rgb(PATTERN));
	gdImageSetThickness(im, mm(p, 1.6));
	gdImageRectangle(im, mm(p, 8), mm(p, 8), W - 1 - mm(p, 8),
	    H - 1 - mm(p, 8), rgb(RED));
	gdImageSetThickness(im, mm(p, 0.4) > 0 ? mm(p, 0.4) : 1);
	gdImageRectangle(im, mm(p, 11.5), mm(p, 11.5), W - 1 - mm(p, 11.5),
	    H - 1 - mm(p, 11.5), rgb(GOLD));
	for (i = 0; i < 4; i++) {
		int x = i % 2 ? W - 1 - mm(p, 19) : mm(p, 13);
		int y = i / 2 ? H - 1 - mm(p, 19) : mm(p, 13);

		gdImageRectangle(im, x, y, x + mm(p, 6), y + mm(p, 6), rgb(GOLD));
		gdImageFilledRectangle(im, x + mm(p, 2), y + mm(p, 2),
		    x + mm(p, 4), y + mm(p, 4), rgb(RED));
	}
	gdImageSetThickness(im, 1);
	text(p, 1, 30, RED, A4_W_MM / 2, 42, 1, "职业技能等级证书");
	text(p, 0, 11, GREY, A4_W_MM / 2, 51, 1,
	    "VOCATIONAL SKILL LEVEL CERTIFICATE");
	gdImageSetThickness(im, mm(p, 0.3) > 0 ? mm(p, 0.3) : 1);
	gdImageLine(im, mm(p, 100), mm(p, 55), mm(p, 197), mm(p, 55),
	    rgb(GOLD));
	gdImageSetThickness(im, 1);
	/* The photo box. */
	gdImageRectangle(im, mm(p, 232), mm(p, 64), mm(p, 262), mm(p, 104),
	    rgb(GREY));
	text(p, 0, 10, GREY, 247, 86, 1, "照片");
	text(p, 0, 8, GREY, A4_W_MM / 2, 196, 1,
	    "本证书可通过职业技能等级证书信息管理服务平台凭证书编号和身份证号查验");
}

static int
pen_init(struct pen *p, const struct config *c, int dpi)
{
	memset(p, 0, sizeof(*p));
	p->dpi = dpi;
	snprintf(p->regular, sizeof(p->regular), "%s/NotoSerifSC-Regular.otf",
	    c->fonts);
	snprintf(p->bold, sizeof(p->bold), "%s/NotoSerifSC-Bold.otf", c->fonts);
	return 0;
}

/*
 * The static background at dpi, drawn once per process and kept as a
 * read-only cache (it holds nobody's data).  Returns NULL on failure.
 */
static gdImagePtr
background(const struct config *c, int dpi)
{
	static struct { int dpi; gdImagePtr im; } cache[2];
	static int	 next;
	struct pen	 p;
	size_t		 i;

	for (i = 0; i < nitems(cache); i++)
		if (cache[i].im != NULL && cache[i].dpi == dpi)
			return cache[i].im;
	pen_init(&p, c, dpi);
	if ((p.im = gdImageCreateTrueColor(mm(&p, A4_W_MM), mm(&p, A4_H_MM))) ==
	    NULL)
		return NULL;
	frame(&p);
	if (cache[next].im != NULL)
		gdImageDestroy(cache[next].im);
	cache[next].dpi = dpi;
	cache[next].im = p.im;
	next = (next + 1) % (int)nitems(cache);
	return p.im;
}

/* Draw a QR code for url with its top-left corner at (x, y) mm, side mm. */
static int
qr(struct pen *p, const char *url, double x, double y, double side)
{
	QRcode	*q;
	int	 n, mod, ox, oy, i, j;

	if ((q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL) {
		log_warn("QRcode_encodeString");
		return -1;
	}
	n = q->width + 8;	/* a 4-module quiet zone each side */
	mod = mm(p, side) / n;
	if (mod < 1)
		mod = 1;
	ox = mm(p, x);
	oy = mm(p, y);
	gdImageFilledRectangle(p->im, ox, oy, ox + n * mod - 1,
	    oy + n * mod - 1, rgb(0xffffff));
	for (i = 0; i < q->width; i++)
		for (j = 0; j < q->width; j++)
			if (q->data[i * q->width + j] & 1)
				gdImageFilledRectangle(p->im,
				    ox + (j + 4) * mod, oy + (i + 4) * mod,
				    ox + (j + 5) * mod - 1,
				    oy + (i + 5) * mod - 1, rgb(0));
	QRcode_free(q);
	return 0;
}

/* Composite a seal (with alpha) centred at (cx, cy) mm, side mm wide. */
static void
stamp(struct pen *p, gdImagePtr seal, double cx, double cy, double side)
{
	int	 s = mm(p, side);

	if (seal == NULL)
		return;
	gdImageAlphaBlending(p->im, 1);
	gdImageCopyResampled(p->im, seal, mm(p, cx) - s / 2, mm(p, cy) - s / 2,
	    0, 0, s, s, gdImageSX(seal), gdImageSY(seal));
}

static const char *
or_blank(const char *s)
{
	return s != NULL ? s : "";
}

/*
 * Render a certificate at dpi (150 for previews, 300 for print): the
 * fields, both seals composited with alpha (either may be NULL) and a
 * QR code of the verification URL.  Returns a new image the caller
 * destroys, or NULL (logged).
 */
gdImagePtr
certimg_draw(const struct config *c, const struct cert_doc *d,
    gdImagePtr org_seal, gdImagePtr site_seal, int dpi)
{
	struct pen	 p;
	gdImagePtr	 bg;
	char		 line[512];
	double		 y = 76, step = 12.5;

	if ((bg = background(c, dpi)) == NULL)
		return NULL;
	pen_init(&p, c, dpi);
	if ((p.im = gdImageClone(bg)) == NULL)
		return NULL;
#define FIELD(label, value) do {					\
		snprintf(line, sizeof(line), "%s：%s", label, or_blank(value)); \
		if (text(&p, 0, 15, INK, 40, y, 0, line) < 0)		\
			goto fail;					\
		y += step;						\
	} while (0)
	FIELD("姓　　名", d->name);
	snprintf(line, sizeof(line), "性别：%s", or_blank(d->gender));
	text(&p, 0, 15, INK, 150, 76, 0, line);
	FIELD("身份证号", d->idno);
	FIELD("证书名称", d->cert_name);
	FIELD("证书等级", d->level);
	FIELD("证书编号", d->number);
	FIELD("发证日期", d->date);
#undef FIELD
	text(&p, 0, 12, INK, 85, 168, 1, "培训评价组织（颁证机构）");
	text(&p, 0, 12, INK, 85, 176, 1, or_blank(d->org));
	text(&p, 0, 12, INK, 185, 168, 1, "考核站点负责人签章");
	text(&p, 0, 12, INK, 185, 176, 1, or_blank(d->site));
	stamp(&p, org_seal, 85, 164, 40);
	stamp(&p, site_seal, 185, 160, 30);
	if (d->verify_url != NULL && qr(&p, d->verify_url, 244, 150, 28) == 0)
		text(&p, 0, 8, GREY, 258, 182, 1, "扫码查验");
	return p.im;
fail:
	gdImageDestroy(p.im);
	return NULL;
}

/*
 * A sample round seal in red for previews ("样章"), size pixels square
 * with a transparent background.  Returns a new image or NULL.
 */
gdImagePtr
certimg_sample_seal(const struct config *c, const char *label, int size)
{
	struct pen	 p;
	gdPoint		 star[10];
	int		 i, r = size / 2 - size / 30, cx = size / 2;
	double		 a, rr;

	pen_init(&p, c, 72);
	if ((p.im = gdImageCreateTrueColor(size, size)) == NULL)
		return NULL;
	gdImageAlphaBlending(p.im, 0);
	gdImageSaveAlpha(p.im, 1);
	gdImageFilledRectangle(p.im, 0, 0, size - 1, size - 1,
	    gdTrueColorAlpha(255, 255, 255, gdAlphaTransparent));
	gdImageAlphaBlending(p.im, 1);
	/* gdImageEllipse ignores the thickness: draw the ring as circles. */
	for (i = 0; i < size / 24 + 1; i++)
		gdImageEllipse(p.im, cx, cx, 2 * (r - i), 2 * (r - i),
		    gdTrueColorAlpha(200, 30, 30, 20));
	for (i = 0; i < 10; i++) {
		a = -M_PI / 2 + i * M_PI / 5;
		rr = i % 2 ? r * 0.16 : r * 0.4;
		star[i].x = cx + (int)(rr * cos(a));
		star[i].y = (int)(cx - r * 0.1) + (int)(rr * sin(a));
	}
	gdImageFilledPolygon(p.im, star, 10, gdTrueColorAlpha(200, 30, 30, 20));
	/* Point sizes at 72 dpi equal pixels. */
	text(&p, 1, size / 15.0, 0xc81e1e, (cx * 25.4) / 72,
	    ((cx + r * 0.55) * 25.4) / 72, 1, label);
	text(&p, 1, size / 9.0, 0xc81e1e, (cx * 25.4) / 72,
	    ((cx + r * 0.82) * 25.4) / 72, 1, "样章");
	return p.im;
}
