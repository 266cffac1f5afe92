/* test-captcha.c: the public lookup's CAPTCHA: answers, checking, drawing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "captcha.h"
#include "tap.h"

int
main(void)
{
	struct arena	*a = arena_new();
	char		 x[CAPTCHA_LEN + 1], y[CAPTCHA_LEN + 1];
	const char	*font;
	void		*p, *q;
	size_t		 n, m, i, digits = 1, same = 0;
	gdImagePtr	 im;

	CHECK(captcha_answer(x) == 0 && strlen(x) == CAPTCHA_LEN,
	    "an answer has 5 characters");
	for (i = 0; i < CAPTCHA_LEN; i++)
		digits &= x[i] >= '0' && x[i] <= '9';
	CHECK(digits, "all digits");
	for (i = 0; i < 50; i++) {
		captcha_answer(y);
		same += strcmp(x, y) == 0;
	}
	CHECK(same < 2, "answers differ from one CAPTCHA to the next");

	CHECK(captcha_match("04719", "04719"), "the right answer matches");
	CHECK(captcha_match("04719", " 047 19 "), "spaces are ignored");
	CHECK(captcha_match("04719", "\xef\xbc\x90\xef\xbc\x94" "719"),
	    "full-width digits (an IME's) count");
	CHECK(!captcha_match("04719", "04718"), "one digit wrong: no match");
	CHECK(!captcha_match("04719", "0471"), "too short: no match");
	CHECK(!captcha_match("04719", "047190"), "too long: no match");
	CHECK(!captcha_match("04719", "O4719"), "a letter O: no match");
	CHECK(!captcha_match("04719", ""), "empty: no match");
	CHECK(!captcha_match("04719", NULL), "nothing typed: no match");
	CHECK(!captcha_match(NULL, "04719"), "no CAPTCHA: no match");
	CHECK(!captcha_match("", ""), "an empty answer never matches");

	font = getenv("XC_FONTS") != NULL ? getenv("XC_FONTS") : "bin/fonts";
	font = arena_printf(a, "%s/" FONT_BOLD, font);
	p = captcha_png(a, "04719", font, &n);
	CHECK(p != NULL && n > 1000, "drawn as a PNG");
	im = p != NULL ? gdImageCreateFromPngPtr((int)n, p) : NULL;
	CHECK(im != NULL && gdImageSX(im) == CAPTCHA_WIDTH &&
	    gdImageSY(im) == CAPTCHA_HEIGHT, "180 x 64 pixels");
	if (im != NULL)
		gdImageDestroy(im);
	q = captcha_png(a, "04719", font, &m);
	CHECK(q != NULL && (n != m || memcmp(p, q, n) != 0),
	    "the same digits drawn twice differ (random distortion)");
	CHECK(captcha_png(a, "04719", "/nonexistent.otf", &m) == NULL,
	    "a missing font: no image (logged)");
	arena_free(a);
	return tap_done();
}
