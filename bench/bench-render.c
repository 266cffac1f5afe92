/* bench-render.c: time the certificate preview renderer (compose + PNG encode). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "app.h"
#include "certimg.h"
#include "img.h"

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct config	 c;
	struct cert_doc	 d;
	struct arena	*a;
	gdImagePtr	 org, site, im;
	double		 t[64], t0, sum = 0;
	int		 i, n = 25, dpi = 150;
	size_t		 len;
	void		*png;
	FILE		*f;

	if (argc > 1)
		dpi = atoi(argv[1]);	/* trusted: the benchmark's own args */
	memset(&c, 0, sizeof(c));
	c.fonts = getenv("XC_FONTS") ? getenv("XC_FONTS") : "bin/fonts";
	a = arena_new();
	gdFontCacheSetup();
	org = certimg_sample_seal(&c, "培训评价组织", SEAL_SIZE);
	site = certimg_sample_seal(&c, "考核站点", SEAL_SIZE);
	memset(&d, 0, sizeof(d));
	d.cert_name = "特殊焊接技术职业技能等级证书";
	d.level = "初级";
	d.name = "朱鹏飞";
	d.gender = "男";
	d.idno = "610114200103061011";
	d.number = "15600031012020000000456";
	d.org = "中船教育科技(北京)有限公司";
	d.site = "滨海船舶职业技术学院";
	d.date = "2020年09月15日";
	d.verify_url = "http://127.0.0.1:8080/verify?n=15600031012020000000456";
	for (i = 0; i < n + 1; i++) {
		t0 = now_ms();
		im = certimg_draw(&c, &d, org, site, dpi);
		png = im ? img_png(a, im, 1, &len) : NULL;
		if (png == NULL)
			return 1;
		if (i > 0)	/* the first run also draws the cached background */
			t[i - 1] = now_ms() - t0;
		if (i == n && (f = fopen("var/bench-cert.png", "w")) != NULL) {
			fwrite(png, 1, len, f);
			fclose(f);
		}
		gdImageDestroy(im);
		arena_reset(a);
	}
	qsort(t, (size_t)n, sizeof(t[0]), cmp);
	for (i = 0; i < n; i++)
		sum += t[i];
	printf("certimg_draw %d dpi, compose + PNG: median %.1f ms, min %.1f, "
	    "max %.1f, mean %.1f (n=%d)\n", dpi, t[n / 2], t[0], t[n - 1],
	    sum / n, n);
	return 0;
}
