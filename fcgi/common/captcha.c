/* captcha.c: the public lookup's CAPTCHA (answers, checking, drawing). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "captcha.h"
#include "img.h"

/* A uniformly random number below n (n <= 256), from the OpenSSL RNG. */
static unsigned int
rnd(unsigned int n)
{
	unsigned char	 b;

	do {
		if (sec_random(&b, 1) != 0)
			return 0;
	} while (b >= 256 - 256 % n);
	return b % n;
}

/* A fresh answer: CAPTCHA_LEN random digits.  Returns 0 or -1. */
int
captcha_answer(char out[CAPTCHA_LEN + 1])
{
	unsigned char	 b[CAPTCHA_LEN];
	size_t		 i;

	if (sec_random(b, sizeof(b)) != 0)
		return -1;
	/* 250 = 25 * 10: no bias; redraw the rare byte above it. */
	for (i = 0; i < CAPTCHA_LEN; i++) {
		while (b[i] >= 250)
			if (sec_random(&b[i], 1) != 0)
				return -1;
		out[i] = (char)('0' + b[i] % 10);
	}
	out[CAPTCHA_LEN] = '\0';
	return 0;
}

/*
 * Does what was typed match the answer?  Spaces are ignored and
 * full-width digits (an IME's ０-９) count as digits; anything else, or
 * a different length, does not match.  Compared in constant time.
 */
int
captcha_match(const char *answer, const char *typed)
{
	char		 got[CAPTCHA_LEN];
	const unsigned char *p;
	size_t		 n = 0;

	if (answer == NULL || typed == NULL || strlen(answer) != CAPTCHA_LEN)
		return 0;
	for (p = (const unsigned char *)typed; *p != '\0'; ) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (n == CAPTCHA_LEN)
			return 0;
		if (*p >= '0' && *p <= '9') {
			got[n++] = (char)*p++;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
		    p[2] <= 0x99) {		/* U+FF10-U+FF19 */
			got[n++] = (char)('0' + p[2] - 0x90);
			p += 3;
		} else
			return 0;
	}
	return n == CAPTCHA_LEN && sec_eq(got, answer, CAPTCHA_LEN);
}

/*
 * Draw answer as a PNG (CAPTCHA_WIDTH x CAPTCHA_HEIGHT): each digit in the font
 * file font at its own size, angle and shade, crossing lines and dots,
 * then the whole bent by a random sine wave.  Returns the arena-owned
 * PNG (length in *len) or NULL (logged).
 */
void *
captcha_png(struct arena *a, const char *answer, const char *font,
    size_t *len)
{
	gdImagePtr	 im, out;
	char		 d[2] = { 0, 0 }, *err;
	int		 i, x, y, c, br[8];
	double		 amp, per, ph, size, ang;

	*len = 0;
	if ((im = img_defer(a, gdImageCreateTrueColor(CAPTCHA_WIDTH,
	    CAPTCHA_HEIGHT))) == NULL || (out = img_defer(a,
	    gdImageCreateTrueColor(CAPTCHA_WIDTH, CAPTCHA_HEIGHT))) == NULL)
		return NULL;
	gdImageFilledRectangle(im, 0, 0, CAPTCHA_WIDTH - 1, CAPTCHA_HEIGHT - 1,
	    gdTrueColor(240 + (int)rnd(16), 240 + (int)rnd(16), 230));
	for (i = 0; i < 180; i++)
		gdImageSetPixel(im, (int)rnd(CAPTCHA_WIDTH), (int)rnd(CAPTCHA_HEIGHT),
		    gdTrueColor((int)rnd(200), (int)rnd(200), (int)rnd(200)));
	for (i = 0; answer[i] != '\0' && i < CAPTCHA_LEN; i++) {
		d[0] = answer[i];
		size = 22 + rnd(8);
		ang = ((double)rnd(51) - 25) * M_PI / 180;
		c = gdTrueColor((int)rnd(110), (int)rnd(90), 60 + (int)rnd(120));
		x = 10 + i * 32 + (int)rnd(8);
		y = 42 + (int)rnd(14);
		if ((err = gdImageStringFT(im, br, c, (char *)(uintptr_t)font,
		    size, ang, x, y, d)) != NULL) {
			log_warnx("captcha: %s: %s", font, err);
			return NULL;
		}
	}
	gdImageSetThickness(im, 2);
	for (i = 0; i < 4; i++)
		gdImageLine(im, (int)rnd(40), (int)rnd(CAPTCHA_HEIGHT),
		    CAPTCHA_WIDTH - 1 - (int)rnd(40), (int)rnd(CAPTCHA_HEIGHT),
		    gdTrueColor(60 + (int)rnd(120), 60 + (int)rnd(120),
		    60 + (int)rnd(120)));
	/* The wave: every column moved up or down, every row sideways. */
	amp = 3 + rnd(3);
	per = 40 + rnd(40);
	ph = rnd(100) / 16.0;
	gdImageFilledRectangle(out, 0, 0, CAPTCHA_WIDTH - 1, CAPTCHA_HEIGHT - 1,
	    gdImageGetTrueColorPixel(im, 0, 0));
	for (x = 0; x < CAPTCHA_WIDTH; x++)
		for (y = 0; y < CAPTCHA_HEIGHT; y++) {
			int sx = x + (int)lround(2 * sin(y / 9.0 + ph));
			int sy = y + (int)lround(amp * sin(x / per * 2 * M_PI +
			    ph));

			if (sx >= 0 && sx < CAPTCHA_WIDTH && sy >= 0 &&
			    sy < CAPTCHA_HEIGHT)
				gdImageSetPixel(out, x, y,
				    gdImageGetTrueColorPixel(im, sx, sy));
		}
	return img_png(a, out, 6, len);
}
