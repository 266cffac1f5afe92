/* bench-render.c: time the certificate renderer: 150 dpi view, 300 dpi print PNG, signed PDF (compose + encode [+ PDF + sign]). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gd.h>

#include "app.h"
#include "certimg.h"
#include "img.h"
#include "pdf.h"

#include <openssl/pem.h>

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* This process's resident memory in MB (/proc/self/statm). */
static double
rss_mb(void)
{
	FILE	*f;
	long	 size, res = 0;

	if ((f = fopen("/proc/self/statm", "r")) != NULL) {
		if (fscanf(f, "%ld %ld", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * 4096.0 / (1024 * 1024);
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A PEM file read with rd, or exit: the benchmark's own key. */
static void *
pem(const char *path, int key)
{
	FILE	*f;
	void	*p;

	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "bench-render pdf: set BENCH_PDF_KEY and "
		    "BENCH_PDF_CERT\n");
		exit(1);
	}
	p = key ? (void *)PEM_read_PrivateKey(f, NULL, NULL, NULL) :
	    (void *)PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (p == NULL)
		exit(1);
	return p;
}

int
main(int argc, char *argv[])
{
	struct config	 c;
	struct app	 app;	/* (only what app_release_memory() reads) */
	struct cert_doc	 d;
	struct arena	*a;
	gdImagePtr	 org, site, im, photo;
	EVP_PKEY	*key = NULL;
	X509		*cert = NULL;
	double		 t[64], t0, sum = 0;
	int		 i, n = 25, dpi = 150, sign = 0;
	size_t		 len, dn;
	void		*png, *pdf;
	FILE		*f;

	/* trusted: the benchmark's own args */
	if (argc > 1 && strcmp(argv[1], "pdf") == 0) {
		sign = 1;
		dpi = 300;
		key = pem(getenv("BENCH_PDF_KEY"), 1);
		cert = pem(getenv("BENCH_PDF_CERT"), 0);
	} else if (argc > 1)
		dpi = atoi(argv[1]);
	memset(&c, 0, sizeof(c));
	memset(&app, 0, sizeof(app));
	app.rss_max = 4096L << 20;
	c.fonts = getenv("XC_FONTS") ? getenv("XC_FONTS") : "bin/fonts";
	a = arena_new();
	gdFontCacheSetup();
	org = certimg_sample_seal(&c, "培训评价组织", SEAL_SIZE);
	site = certimg_sample_seal(&c, "考核站点", SEAL_SIZE);
	/* A holder's photo in the photo box: the most a template draws. */
	photo = gdImageCreateTrueColor(600, 800);
	gdImageFilledRectangle(photo, 0, 0, 599, 799, 0x6a8caf);
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
		im = certimg_render(&c, &certimg_default, &d, org, site, photo,
		    dpi);
		png = im ? img_png_opaque(a, im, 1, &len) : NULL;
		if (png == NULL)
			return 1;
		if (sign && ((pdf = pdf_page_png(a, png, len, "职业技能等级证书",
		    &dn)) == NULL || pdf_sign(a, pdf, dn, key, cert, NULL,
		    "颁发职业技能等级证书", &dn) == NULL))
			return 1;
		if (i > 0)	/* the first run also draws the cached background */
			t[i - 1] = now_ms() - t0;
		if (i == n && (f = fopen("var/bench-cert.png", "w")) != NULL) {
			fwrite(png, 1, len, f);
			fclose(f);
		}
		gdImageDestroy(im);
		arena_reset(a);
		/* as a responder after each request (no limit here) */
		(void)app_release_memory(&app);
	}
	qsort(t, (size_t)n, sizeof(t[0]), cmp);
	for (i = 0; i < n; i++)
		sum += t[i];
	printf("%s: median %.1f ms, min %.1f, max %.1f, mean %.1f (n=%d)\n",
	    sign ? "signed PDF (300 dpi compose + PNG + PDF + CMS signature)" :
	    dpi >= 300 ? "300 dpi print PNG (compose + PNG encode)" :
	    "150 dpi web view (compose + PNG encode)", t[n / 2], t[0],
	    t[n - 1], sum / n, n);
	/* What a responder keeps between requests. */
	printf("  resident after the renders: %.1f MB\n", rss_mb());
	return 0;
}
