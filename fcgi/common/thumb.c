/*
 * thumb.c: the watermarked thumbnail of a certificate that a successful
 * verification shows.  The verification area, which holds no AES key
 * and renders nothing, makes its capability URL
 * /certs/thumb/<id>/<day>/<HMAC>.png for the certificate it just found;
 * the issuance area checks the HMAC and draws it (page_thumb.c).  The
 * HMAC covers the id, number, status and day (YYYYMMDD, local time), so
 * a URL works for the day it was made and the next only, and a
 * certificate revoked since gets another URL (and watermark): nginx may
 * cache each URL's image for as long as it is valid.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "app.h"
#include "thumb.h"

/* Today (back 0) or back days before, as YYYYMMDD in local time. */
int
thumb_day(int back)
{
	time_t		 t = time(NULL) - (time_t)back * 86400;
	struct tm	 tm;

	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
}

/* Is day today or yesterday (a result page loaded just before midnight)? */
int
thumb_day_ok(int day)
{
	return day == thumb_day(0) || day == thumb_day(1);
}

/*
 * The capability URL of the thumbnail of certificate id (number, its
 * status now) for day, under a key derived from the CSRF key with a
 * purpose of its own (not the web view's, iss_img_cap).  The arena's.
 */
const char *
thumb_url(struct req *r, int64_t id, const char *number, const char *status,
    int day)
{
	static const char purpose[] = "xcert verification thumbnail v1";
	/* The derived key, once per process (and CSRF key). */
	static unsigned char	 k[32], kfor[32];
	static int		 have;
	unsigned char		 h[32];
	char			*msg, hex[65];

	if (!have || memcmp(kfor, r->cfg->csrf_key, 32) != 0) {
		sec_hmac(r->cfg->csrf_key, 32, purpose, sizeof(purpose) - 1,
		    k);
		memcpy(kfor, r->cfg->csrf_key, 32);
		have = 1;
	}
	msg = arena_printf(r->arena, "%lld|%s|%s|%d", (long long)id, number,
	    status, day);
	sec_hmac(k, 32, msg, strlen(msg), h);
	sec_hex(h, 32, hex);
	return arena_printf(r->arena, "/certs/thumb/%lld/%d/%s.png",
	    (long long)id, day, hex);
}

/* The word a withdrawn certificate's thumbnail carries, or NULL. */
const char *
thumb_word(const char *status)
{
	if (strcmp(status, "revoked") == 0)
		return "已撤销";
	if (strcmp(status, "replaced") == 0)
		return "已被替换";
	return NULL;
}

/* Draw s at pt and angle with its bounding box centred on (cx, cy). */
static int
centred(gdImagePtr im, const char *font, double pt, double angle, int cx,
    int cy, int color, const char *s)
{
	int	 br[8];
	char	*err;

	if ((err = gdImageStringFT(NULL, br, color, (char *)(uintptr_t)font,
	    pt, angle, 0, 0, (char *)(uintptr_t)s)) == NULL)
		err = gdImageStringFT(im, br, color, (char *)(uintptr_t)font,
		    pt, angle, cx - (br[0] + br[2] + br[4] + br[6]) / 4,
		    cy - (br[1] + br[3] + br[5] + br[7]) / 4,
		    (char *)(uintptr_t)s);
	if (err != NULL) {
		log_warnx("thumbnail watermark %s: %s", font, err);
		return -1;
	}
	return 0;
}

/*
 * A new THUMB_WIDTH-wide copy of the web view src with its watermark:
 * "仅供查验 <day>" tiled diagonally across the whole image (so that no
 * crop removes it), and for a withdrawn certificate word (thumb_word())
 * large in red across the middle.  Returns the image (the caller frees
 * it) or NULL (logged).
 */
gdImagePtr
thumb_draw(gdImagePtr src, const char *font, int day, const char *word)
{
	gdImagePtr	 im;
	char		 text[64];
	int		 w = THUMB_WIDTH, h, x, y, grey, row = 0;

	h = gdImageSY(src) * w / gdImageSX(src);
	if ((im = gdImageCreateTrueColor(w, h)) == NULL) {
		log_warnx("thumbnail: out of memory");
		return NULL;
	}
	gdImageCopyResampled(im, src, 0, 0, 0, 0, w, h, gdImageSX(src),
	    gdImageSY(src));
	gdImageAlphaBlending(im, 1);
	snprintf(text, sizeof(text), "仅供查验 %04d-%02d-%02d", day / 10000,
	    day / 100 % 100, day % 100);
	grey = gdTrueColorAlpha(90, 90, 110, 80);
	for (y = h / 8; y < h + h / 8; y += h / 4, row++)
		for (x = row % 2 ? w / 8 : w / 3; x < w + w / 4; x += w / 2)
			if (centred(im, font, 13, M_PI / 6, x, y, grey,
			    text) == -1)
				goto fail;
	if (word != NULL && centred(im, font, 54, M_PI / 8, w / 2, h / 2,
	    gdTrueColorAlpha(200, 20, 20, 40), word) == -1)
		goto fail;
	return im;
fail:
	gdImageDestroy(im);
	return NULL;
}
