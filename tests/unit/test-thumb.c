/* test-thumb.c: the verification thumbnail's capability URL and watermark (thumb.c). */
#include <stdlib.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "thumb.h"
#include "tap.h"

/* Pixels of im in [x0, x1) x [y0, y1) that pass pick. */
static int
count(gdImagePtr im, int x0, int y0, int x1, int y1, int (*pick)(int))
{
	int	 x, y, n = 0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			n += pick(gdImageGetTrueColorPixel(im, x, y));
	return n;
}

static int
marked(int c)
{
	return gdTrueColorGetRed(c) < 235 || gdTrueColorGetBlue(c) < 235;
}

static int
red(int c)
{
	return gdTrueColorGetRed(c) > 180 && gdTrueColorGetGreen(c) < 140 &&
	    gdTrueColorGetBlue(c) < 140;
}

int
main(void)
{
	struct config	 cfg;
	struct req	 r;
	gdImagePtr	 src, im;
	const char	*font, *u, *v;
	int		 w, h, today = thumb_day(0), q[4], k;

	memset(&cfg, 0, sizeof(cfg));
	memset(&r, 0, sizeof(r));
	memset(cfg.csrf_key, 7, sizeof(cfg.csrf_key));
	r.cfg = &cfg;
	r.arena = arena_new();

	/* The URL: one per certificate, status and day, under its own key. */
	u = thumb_url(&r, 4, "15600031012020000000016", "confirmed", today);
	CHECK(strncmp(u, "/certs/thumb/4/", 15) == 0, "the URL names the id");
	CHECK_INT(strlen(u), strlen("/certs/thumb/4/20261201/.png") + 64,
	    "then the day and 64 hex digits");
	CHECK_STR(thumb_url(&r, 4, "15600031012020000000016", "confirmed",
	    today), u, "the same inputs make the same URL (cacheable)");
	v = thumb_url(&r, 4, "15600031012020000000016", "revoked", today);
	CHECK(strcmp(strrchr(u, '/'), strrchr(v, '/')) != 0,
	    "a revoked certificate gets another HMAC (its old URL stops)");
	v = thumb_url(&r, 5, "15600031012020000000016", "confirmed", today);
	CHECK(strcmp(strrchr(u, '/'), strrchr(v, '/')) != 0,
	    "another id, another HMAC");
	v = thumb_url(&r, 4, "15600031012020000000016", "confirmed",
	    thumb_day(1));
	CHECK(strcmp(strrchr(u, '/'), strrchr(v, '/')) != 0,
	    "another day, another HMAC");
	cfg.csrf_key[0] ^= 1;
	v = thumb_url(&r, 4, "15600031012020000000016", "confirmed", today);
	CHECK(strcmp(u, v) != 0, "another key, another HMAC");
	CHECK(thumb_day_ok(today) && thumb_day_ok(thumb_day(1)),
	    "today's and yesterday's URLs are valid");
	CHECK(!thumb_day_ok(thumb_day(2)) && !thumb_day_ok(thumb_day(-1)) &&
	    !thumb_day_ok(0), "older, future and absurd days are not");
	CHECK_STR(thumb_word("revoked"), "已撤销", "revoked: 已撤销");
	CHECK_STR(thumb_word("replaced"), "已被替换", "replaced: 已被替换");
	CHECK(thumb_word("confirmed") == NULL, "confirmed: no word");

	/* The watermark, on a blank web view of the 150 dpi size. */
	font = arena_printf(r.arena, "%s/" FONT_BOLD,
	    getenv("XC_FONTS") != NULL ? getenv("XC_FONTS") : "bin/fonts");
	src = gdImageCreateTrueColor(1754, 1240);
	gdImageFilledRectangle(src, 0, 0, 1753, 1239, 0xffffff);
	im = thumb_draw(src, font, today, NULL);
	CHECK(im != NULL, "a thumbnail is drawn");
	if (im == NULL)
		return tap_done();
	w = gdImageSX(im);
	h = gdImageSY(im);
	CHECK_INT(w, THUMB_WIDTH, "THUMB_WIDTH pixels wide");
	CHECK_INT(h, 1240 * THUMB_WIDTH / 1754, "the web view's proportions");
	q[0] = count(im, 0, 0, w / 2, h / 2, marked);
	q[1] = count(im, w / 2, 0, w, h / 2, marked);
	q[2] = count(im, 0, h / 2, w / 2, h, marked);
	q[3] = count(im, w / 2, h / 2, w, h, marked);
	for (k = 0; k < 4 && q[k] > 800; k++)
		;
	CHECK_INT(k, 4, "the watermark covers every quarter (no crop removes it)");
	CHECK(count(im, 0, 0, w, h, marked) < w * h / 5,
	    "yet leaves the certificate readable (under a fifth of the pixels)");
	CHECK_INT(count(im, 0, 0, w, h, red), 0, "a valid one has no red word");
	gdImageDestroy(im);
	im = thumb_draw(src, font, today, "已撤销");
	CHECK(im != NULL && count(im, w / 4, h / 3, w * 3 / 4, h * 2 / 3,
	    red) > 2000, "a revoked one: 已撤销 in red across the middle");
	if (im != NULL)
		gdImageDestroy(im);
	CHECK(thumb_draw(src, "/nonexistent.otf", today, NULL) == NULL,
	    "a missing font: no image (logged)");
	gdImageDestroy(src);
	arena_free(r.arena);
	return tap_done();
}
