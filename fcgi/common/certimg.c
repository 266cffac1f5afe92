/* certimg.c: the certificate image (A4, libgd + FreeType + libqrencode). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <qrencode.h>

#include "app.h"
#include "certimg.h"
#include "img.h"

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

/*
 * The drawn frame, when a template has no background image: paper, a
 * light guilloche, the red and gold borders and corners, the rule under
 * the title.
 */
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
	gdImageSetThickness(im, mm(p, 0.3) > 0 ? mm(p, 0.3) : 1);
	gdImageLine(im, mm(p, 100), mm(p, 55), mm(p, 197), mm(p, 55),
	    rgb(GOLD));
	gdImageSetThickness(im, 1);
}

static int
pen_init(struct pen *p, const struct config *c, int dpi)
{
	memset(p, 0, sizeof(*p));
	p->dpi = dpi;
	snprintf(p->regular, sizeof(p->regular), "%s/" FONT_REGULAR, c->fonts);
	snprintf(p->bold, sizeof(p->bold), "%s/" FONT_BOLD, c->fonts);
	return 0;
}

/*
 * A cached background in runs of equal pixels (count, pixel), row by
 * row: the drawn frame at 300 dpi is 35 MB as a gd image and 1.4 MB
 * in runs (174,000), so a responder stays small.  A background that does
 * not shrink to a quarter (a photograph) is kept as the image itself.
 */
struct bgcache {
	long long	 id;
	int		 dpi, w, h;
	gdImagePtr	 im;	/* kept as it is, or NULL */
	uint32_t	*run;	/* or in runs */
	size_t		 nrun;
};

/* Keep im in c as runs, or as itself; im is destroyed or owned. */
static void
bg_keep(struct bgcache *c, gdImagePtr im)
{
	size_t		 cap = (size_t)gdImageSX(im) * gdImageSY(im) / 4, n = 0;
	uint32_t	*r;
	int		 x, y, k, *row;

	c->w = gdImageSX(im);
	c->h = gdImageSY(im);
	c->im = im;
	if ((c->run = malloc(cap * 2 * sizeof(c->run[0]))) == NULL)
		return;
	for (y = 0; y < c->h; y++) {
		row = im->tpixels[y];
		for (x = 0; x < c->w; x = k) {
			for (k = x + 1; k < c->w && row[k] == row[x]; k++)
				;
			if (n == cap) {
				free(c->run);
				c->run = NULL;
				return;
			}
			c->run[2 * n] = (uint32_t)(k - x);
			c->run[2 * n + 1] = (uint32_t)row[x];
			n++;
		}
	}
	c->nrun = n;
	if ((r = realloc(c->run, n * 2 * sizeof(c->run[0]))) != NULL)
		c->run = r;
	gdImageDestroy(im);
	c->im = NULL;
}

/* A new image of the cached background c, or NULL. */
static gdImagePtr
bg_copy(const struct bgcache *c)
{
	gdImagePtr	 im;
	const uint32_t	*r, *end;
	int		 x = 0, y = 0, *row, v;
	uint32_t	 k;

	if (c->im != NULL)
		return gdImageClone(c->im);
	if ((im = gdImageCreateTrueColor(c->w, c->h)) == NULL)
		return NULL;
	row = im->tpixels[0];
	for (r = c->run, end = r + 2 * c->nrun; r < end; r += 2) {
		v = (int)r[1];
		for (k = r[0]; k > 0; k--)
			row[x++] = v;
		if (x == c->w && ++y < c->h) {
			x = 0;
			row = im->tpixels[y];
		}
	}
	return im;
}

/* Free what c holds. */
static void
bg_drop(struct bgcache *c)
{
	if (c->im != NULL)
		gdImageDestroy(c->im);
	free(c->run);
	memset(c, 0, sizeof(*c));
}

/*
 * The static part of template t at dpi: its background image scaled to
 * the page (or the drawn frame) and its fixed texts, as a new image the
 * caller destroys.  Drawn once per process for a saved version
 * (versions never change) and kept as a read-only cache (bg_keep): it
 * holds nobody's data.  An unsaved layout (id 0) is drawn every time.
 * NULL on failure (logged).
 */
static gdImagePtr
background(const struct config *c, const struct cimg_tpl *t, int dpi)
{
	static struct bgcache	 cache[4];
	static int		 next;
	struct pen		 p;
	gdImagePtr		 src;
	size_t			 i;
	unsigned int		 w, h;

	for (i = 0; t->id != 0 && i < nitems(cache); i++)
		if ((cache[i].im != NULL || cache[i].run != NULL) &&
		    cache[i].id == t->id && cache[i].dpi == dpi)
			return bg_copy(&cache[i]);
	pen_init(&p, c, dpi);
	if ((p.im = gdImageCreateTrueColor(mm(&p, A4_W_MM), mm(&p, A4_H_MM))) ==
	    NULL)
		return NULL;
	if (t->bg != NULL) {
		/* Checked when saved; checked again before gd allocates. */
		if (img_png_check_any(t->bg, t->bglen, CIMG_BG_MAXBYTES, &w,
		    &h) != IMG_OK || (src = img_decode(t->bg, t->bglen)) ==
		    NULL) {
			log_warnx("template %lld: background cannot be decoded",
			    t->id);
			gdImageDestroy(p.im);
			return NULL;
		}
		gdImageFilledRectangle(p.im, 0, 0, gdImageSX(p.im) - 1,
		    gdImageSY(p.im) - 1, rgb(0xffffff));
		gdImageAlphaBlending(p.im, 1);
		gdImageCopyResampled(p.im, src, 0, 0, 0, 0, gdImageSX(p.im),
		    gdImageSY(p.im), gdImageSX(src), gdImageSY(src));
		gdImageDestroy(src);
	} else
		frame(&p);
	for (i = 0; i < t->n; i++)
		if (t->item[i].field == CIF_TEXT && text(&p, t->item[i].bold,
		    t->item[i].size, t->item[i].colour, t->item[i].x,
		    t->item[i].y, t->item[i].align, t->item[i].label) < 0) {
			gdImageDestroy(p.im);
			return NULL;
		}
	if (t->id == 0)
		return p.im;
	bg_drop(&cache[next]);
	cache[next].id = t->id;
	cache[next].dpi = dpi;
	bg_keep(&cache[next], p.im);
	next = (next + 1) % (int)nitems(cache);
	return bg_copy(&cache[(next + nitems(cache) - 1) % nitems(cache)]);
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

/* Draw the photo into its box, centred and whole; none: the empty box. */
static void
photo(struct pen *p, const struct cimg_item *it, gdImagePtr ph)
{
	int	 bx = mm(p, it->x), by = mm(p, it->y), bw = mm(p, it->w),
		 bh = mm(p, it->h), w, h;

	if (ph == NULL) {
		gdImageRectangle(p->im, bx, by, bx + bw, by + bh,
		    rgb(it->colour));
		if (it->label[0] != '\0')
			text(p, it->bold, it->size, it->colour, it->x +
			    it->w / 2, it->y + it->h / 2 + it->size * 0.2,
			    CIA_CENTRE, it->label);
		return;
	}
	/* Scale to fit the box, keeping the photo's proportions. */
	if ((long)gdImageSX(ph) * bh > (long)gdImageSY(ph) * bw) {
		w = bw;
		h = (int)((long)gdImageSY(ph) * bw / gdImageSX(ph));
	} else {
		h = bh;
		w = (int)((long)gdImageSX(ph) * bh / gdImageSY(ph));
	}
	gdImageAlphaBlending(p->im, 1);
	gdImageCopyResampled(p->im, ph, bx + (bw - w) / 2, by + (bh - h) / 2,
	    0, 0, w, h, gdImageSX(ph), gdImageSY(ph));
}

static double
box_side(const struct cimg_item *it)
{
	return it->w < it->h ? it->w : it->h;
}

/*
 * Render a certificate at dpi (150 for the screen, 300 for print) from
 * template t: its fields, the holder's photo (NULL: the empty box),
 * both seals composited with alpha (either may be NULL) and the QR code
 * of the verification URL.  The same input gives the same pixels.
 * Returns a new image the caller destroys, or NULL (logged).
 */
gdImagePtr
certimg_render(const struct config *c, const struct cimg_tpl *t,
    const struct cert_doc *d, gdImagePtr org_seal, gdImagePtr site_seal,
    gdImagePtr ph, int dpi)
{
	const struct cimg_item	*it;
	struct pen		 p;
	const char		*v;
	char			 line[768];
	size_t			 i;

	pen_init(&p, c, dpi);
	app_trim_soon();	/* (its buffers go back after the request) */
	if ((p.im = background(c, t, dpi)) == NULL)
		return NULL;
	for (i = 0; i < t->n; i++) {
		it = &t->item[i];
		v = NULL;
		switch (it->field) {
		case CIF_TEXT:
			continue;	/* in the background */
		case CIF_NAME:		v = d->name;		break;
		case CIF_GENDER:	v = d->gender;		break;
		case CIF_IDNO:		v = d->idno;		break;
		case CIF_CERT_NAME:	v = d->cert_name;	break;
		case CIF_LEVEL:		v = d->level;		break;
		case CIF_NUMBER:	v = d->number;		break;
		case CIF_DATE:		v = d->date;		break;
		case CIF_ORG:		v = d->org;		break;
		case CIF_SITE:		v = d->site;		break;
		case CIF_PHOTO:
			photo(&p, it, ph);
			continue;
		case CIF_ORG_SEAL:
		case CIF_SITE_SEAL:
			stamp(&p, it->field == CIF_ORG_SEAL ? org_seal :
			    site_seal, it->x + it->w / 2, it->y + it->h / 2,
			    box_side(it));
			continue;
		case CIF_QR:
			if (d->verify_url != NULL && qr(&p, d->verify_url,
			    it->x, it->y, box_side(it)) == 0 &&
			    it->label[0] != '\0')
				text(&p, it->bold, it->size, it->colour,
				    it->x + box_side(it) / 2,
				    it->y + box_side(it) + 4, CIA_CENTRE,
				    it->label);
			continue;
		default:
			continue;
		}
		snprintf(line, sizeof(line), "%s%s", it->label, or_blank(v));
		if (text(&p, it->bold, it->size, it->colour, it->x, it->y,
		    it->align, line) < 0) {
			gdImageDestroy(p.im);
			return NULL;
		}
	}
	return p.im;
}

/*
 * Render a certificate at dpi with the built-in default layout (the
 * seal pages' sample, the benchmark).  See certimg_render().
 */
gdImagePtr
certimg_draw(const struct config *c, const struct cert_doc *d,
    gdImagePtr org_seal, gdImagePtr site_seal, int dpi)
{
	return certimg_render(c, &certimg_default, d, org_seal, site_seal,
	    NULL, dpi);
}

/*
 * The sample holder that previews show (the seal pages, 证书模板): every
 * field but the organisation, the site and the verification URL, which
 * the caller sets.
 */
void
certimg_sample_doc(struct cert_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->cert_name = "特殊焊接技术职业技能等级证书";
	d->level = "初级";
	d->name = "张三（样例）";
	d->gender = "男";
	d->idno = "110105********002X";
	d->number = "00000000000000000000000";
	d->date = "2020年09月15日";
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

/* The names of the fields in layouts and in the database, and in Chinese. */
const char *const certimg_field_name[CIF__MAX] = { "text", "name", "gender",
	"idno", "cert_name", "level", "number", "date", "org", "site", "photo",
	"org_seal", "site_seal", "qr" };
const char *const certimg_field_label[CIF__MAX] = { "固定文字", "姓名",
	"性别", "证件号码", "证书名称", "证书等级", "证书编号", "发证日期",
	"培训评价组织", "考核站点", "照片框", "培训评价组织印章框",
	"考核站点印章框", "二维码框" };

#define T(x, y, pt, b, col, al, s) \
	{ CIF_TEXT, x, y, 0, 0, pt, b, col, al, 0, s }
#define F(f, x, y, pt, al, s) { f, x, y, 0, 0, pt, 0, INK, al, 0, s }
#define B(f, x, y, w, h, pt, col, s) \
	{ f, x, y, w, h, pt, 0, col, CIA_CENTRE, 0, s }
/*
 * The built-in layout: the platform default's version 1 as seeded by
 * sql/schema/0013-templates.sql (the renderer's layout before templates
 * were data).  Used where no saved version exists (the seal pages'
 * sample, the benchmark).
 */
static const struct cimg_item default_items[] = {
	T(148.5, 42, 30, 1, RED, CIA_CENTRE, "职业技能等级证书"),
	T(148.5, 51, 11, 0, GREY, CIA_CENTRE,
	    "VOCATIONAL SKILL LEVEL CERTIFICATE"),
	T(148.5, 196, 8, 0, GREY, CIA_CENTRE,
	    "本证书可通过职业技能等级证书信息管理服务平台凭证书编号和身份证号查验"),
	F(CIF_NAME, 40, 76, 15, CIA_LEFT, "姓　　名："),
	F(CIF_GENDER, 150, 76, 15, CIA_LEFT, "性别："),
	F(CIF_IDNO, 40, 88.5, 15, CIA_LEFT, "身份证号："),
	F(CIF_CERT_NAME, 40, 101, 15, CIA_LEFT, "证书名称："),
	F(CIF_LEVEL, 40, 113.5, 15, CIA_LEFT, "证书等级："),
	F(CIF_NUMBER, 40, 126, 15, CIA_LEFT, "证书编号："),
	F(CIF_DATE, 40, 138.5, 15, CIA_LEFT, "发证日期："),
	T(85, 168, 12, 0, INK, CIA_CENTRE, "培训评价组织（颁证机构）"),
	F(CIF_ORG, 85, 176, 12, CIA_CENTRE, ""),
	T(185, 168, 12, 0, INK, CIA_CENTRE, "考核站点负责人签章"),
	F(CIF_SITE, 185, 176, 12, CIA_CENTRE, ""),
	B(CIF_PHOTO, 232, 64, 30, 40, 10, GREY, "照片"),
	B(CIF_ORG_SEAL, 65, 144, 40, 40, 0, INK, ""),
	B(CIF_SITE_SEAL, 170, 145, 30, 30, 0, INK, ""),
	B(CIF_QR, 244, 150, 28, 28, 8, GREY, "扫码查验"),
};
#undef T
#undef F
#undef B
const struct cimg_tpl certimg_default = { -1, NULL, 0, default_items,
	nitems(default_items) };

/* A field by its name; -1 when there is none. */
int
certimg_field_parse(const char *s)
{
	int	 i;

	for (i = 0; i < CIF__MAX; i++)
		if (strcmp(s, certimg_field_name[i]) == 0)
			return i;
	return -1;
}

/*
 * Does template t have a photo box?  Returns 1 (its required flag in
 * *required when not NULL) or 0.
 */
int
certimg_has_photo(const struct cimg_tpl *t, int *required)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (t->item[i].field == CIF_PHOTO) {
			if (required != NULL)
				*required = t->item[i].required;
			return 1;
		}
	return 0;
}

/* Characters (code points) of UTF-8 s. */
static size_t
u8len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * Check a layout as an admin gave it: every item on the page, text
 * sizes 4-72 pt, boxes at least 5 mm, fixed texts not empty, labels at
 * most 100 characters, and every field a certificate needs exactly once
 * (gender and photo at most once).  Returns NULL, or what is wrong in
 * Chinese (the item's number and field).
 */
const char *
certimg_check(struct arena *a, const struct cimg_tpl *t)
{
	const struct cimg_item	*it;
	int			 seen[CIF__MAX];
	size_t			 i;

	if (t->n == 0)
		return "版式为空：请至少填写证书需要的各个字段";
	if (t->n > CIMG_MAXITEMS)
		return arena_printf(a, "版式最多 %d 项", CIMG_MAXITEMS);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < t->n; i++) {
		it = &t->item[i];
#define BAD(...) arena_printf(a, "第 %zu 项（%s）：" __VA_ARGS__)
		if ((int)it->field < 0 || it->field >= CIF__MAX)
			return arena_printf(a, "第 %zu 项：未知字段", i + 1);
		if (!(it->x >= 0 && it->y >= 0 && it->w >= 0 && it->h >= 0 &&
		    it->x + it->w <= A4_W_MM && it->y + it->h <= A4_H_MM))
			return BAD("位置超出 A4 横向页面（297×210 毫米）",
			    i + 1, certimg_field_label[it->field]);
		if (CIF_BOX(it->field) && (it->w < 5 || it->h < 5))
			return BAD("框的宽和高至少 5 毫米", i + 1,
			    certimg_field_label[it->field]);
		if ((!CIF_BOX(it->field) || it->label[0] != '\0') &&
		    !(it->size >= 4 && it->size <= 72))
			return BAD("字号应在 4 到 72 磅之间", i + 1,
			    certimg_field_label[it->field]);
		if (it->field == CIF_TEXT && it->label[0] == '\0')
			return BAD("固定文字不能为空", i + 1,
			    certimg_field_label[it->field]);
		if (u8len(it->label) > 100)
			return BAD("文字最多 100 个字", i + 1,
			    certimg_field_label[it->field]);
		if (it->colour < 0 || it->colour > 0xffffff)
			return BAD("颜色应为六位十六进制，如 222222", i + 1,
			    certimg_field_label[it->field]);
		if (it->field != CIF_TEXT && seen[it->field]++)
			return BAD("字段重复", i + 1,
			    certimg_field_label[it->field]);
#undef BAD
	}
	for (i = 1; i < CIF__MAX; i++)
		if (!seen[i] && i != CIF_GENDER && i != CIF_PHOTO)
			return arena_printf(a, "版式缺少“%s”（%s）",
			    certimg_field_label[i], certimg_field_name[i]);
	return NULL;
}

/*
 * A number written as digits with at most one decimal (12, 12.5) below
 * 1000; -1 for anything else (signs, exponents, 12.25, "").
 */
static double
decimal(const char *s)
{
	size_t	 n = strspn(s, "0123456789");

	if (n == 0 || n > 3 || (s[n] != '\0' && (s[n] != '.' ||
	    strspn(s + n + 1, "0123456789") != 1 || s[n + 2] != '\0')))
		return -1;
	return atof(s);
}

/*
 * Parse a layout in its text form, one item a line: the field's name,
 * then key=value settings (x, y, w, h in mm; size in pt; bold and
 * required 0 or 1; colour rrggbb; align left, centre or right) and
 * last label= with the rest of the line.  Empty lines and lines
 * starting with # are skipped.  The items are the arena's; t's
 * background is left alone.  Returns NULL, or what is wrong in Chinese
 * with its line number.  certimg_check() is run too.
 */
const char *
certimg_parse(struct arena *a, const char *text, struct cimg_tpl *t)
{
	struct cimg_item	*items, *it;
	char			*copy, *line, *next, *tok, *eq;
	size_t			 n = 0, ln = 0;
	int			 f;
	double			 v;

	items = arena_calloc(a, CIMG_MAXITEMS, sizeof(*items));
	copy = arena_strdup(a, text);
	for (line = copy; line != NULL; line = next) {
		ln++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		line += strspn(line, " \t");
		if (*line == '\0' || *line == '#')
			continue;
		if (n == CIMG_MAXITEMS)
			return arena_printf(a, "版式最多 %d 项", CIMG_MAXITEMS);
		it = &items[n];
		tok = line;
		line += strcspn(line, " \t");
		if (*line != '\0')
			*line++ = '\0';
		if ((f = certimg_field_parse(tok)) < 0)
			return arena_printf(a, "第 %zu 行：未知字段“%s”（可用：text、"
			    "name、gender、idno、cert_name、level、number、date、"
			    "org、site、photo、org_seal、site_seal、qr）", ln, tok);
		it->field = f;
		it->colour = INK;
		it->align = CIA_LEFT;
		it->label = "";
		for (;;) {
			line += strspn(line, " \t");
			if (*line == '\0')
				break;
			if (strncmp(line, "label=", 6) == 0) {
				it->label = line + 6;
				break;
			}
			tok = line;
			line += strcspn(line, " \t");
			if (*line != '\0')
				*line++ = '\0';
			if ((eq = strchr(tok, '=')) == NULL)
				return arena_printf(a, "第 %zu 行：“%s”应写成 名称=值",
				    ln, tok);
			*eq++ = '\0';
			if (strcmp(tok, "align") == 0) {
				if (strcmp(eq, "left") == 0)
					it->align = CIA_LEFT;
				else if (strcmp(eq, "centre") == 0)
					it->align = CIA_CENTRE;
				else if (strcmp(eq, "right") == 0)
					it->align = CIA_RIGHT;
				else
					return arena_printf(a, "第 %zu 行：align 只能是 "
					    "left、centre 或 right", ln);
				continue;
			}
			if (strcmp(tok, "colour") == 0) {
				if (strlen(eq) != 6 || strspn(eq,
				    "0123456789abcdefABCDEF") != 6)
					return arena_printf(a, "第 %zu 行：颜色应为六位"
					    "十六进制，如 colour=222222", ln);
				it->colour = (int)strtol(eq, NULL, 16);
				continue;
			}
			if ((strcmp(tok, "bold") == 0 ||
			    strcmp(tok, "required") == 0)) {
				if (strcmp(eq, "0") != 0 && strcmp(eq, "1") != 0)
					return arena_printf(a, "第 %zu 行：%s 只能是 0 "
					    "或 1", ln, tok);
				*(tok[0] == 'b' ? &it->bold : &it->required) =
				    eq[0] == '1';
				continue;
			}
			if (strcmp(tok, "x") != 0 && strcmp(tok, "y") != 0 &&
			    strcmp(tok, "w") != 0 && strcmp(tok, "h") != 0 &&
			    strcmp(tok, "size") != 0)
				return arena_printf(a, "第 %zu 行：未知设置“%s”（可用："
				    "x、y、w、h、size、bold、colour、align、required、"
				    "label）", ln, tok);
			if ((v = decimal(eq)) < 0)
				return arena_printf(a, "第 %zu 行：%s 的值“%s”不是"
				    "不小于 0 的数（毫米或磅，最多一位小数）", ln,
				    tok, eq);
			if (strcmp(tok, "x") == 0)
				it->x = v;
			else if (strcmp(tok, "y") == 0)
				it->y = v;
			else if (strcmp(tok, "w") == 0)
				it->w = v;
			else if (strcmp(tok, "h") == 0)
				it->h = v;
			else
				it->size = v;
		}
		n++;
	}
	t->item = items;
	t->n = n;
	return certimg_check(a, t);
}

/* Layout t in the text form certimg_parse() reads. */
const char *
certimg_format(struct arena *a, const struct cimg_tpl *t)
{
	static const char *const al[] = { "left", "centre", "right" };
	const struct cimg_item	*it;
	struct buf		 b;
	size_t			 i;

	buf_init(&b, a);
	for (i = 0; i < t->n; i++) {
		it = &t->item[i];
		buf_printf(&b, "%s x=%g y=%g", certimg_field_name[it->field],
		    it->x, it->y);
		if (CIF_BOX(it->field))
			buf_printf(&b, " w=%g h=%g", it->w, it->h);
		buf_printf(&b, " size=%g", it->size);
		if (it->bold)
			buf_puts(&b, " bold=1");
		if (it->required)
			buf_puts(&b, " required=1");
		buf_printf(&b, " colour=%06x align=%s", (unsigned int)it->colour,
		    al[it->align]);
		if (it->label[0] != '\0')
			buf_printf(&b, " label=%s", it->label);
		buf_puts(&b, "\n");
	}
	return buf_cstr(&b);
}
