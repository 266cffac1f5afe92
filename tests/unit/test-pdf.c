/* test-pdf.c: the certificate PDF and its platform signature, checked by qpdf and poppler's pdfsig. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gd.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "app.h"
#include "pdf.h"
#include "tap.h"

static struct arena	*a;

/* A self-signed P-256 certificate, as the stack generates on first run. */
static X509 *
selfsigned(EVP_PKEY **key)
{
	X509		*x;
	X509_NAME	*n;

	*key = EVP_EC_gen("P-256");
	x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
	X509_set_pubkey(x, *key);
	n = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"职业技能等级证书信息管理服务平台 (test)", -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_sign(x, *key, EVP_sha256());
	return x;
}

static char	*saved[8];
static size_t	 nsaved;

/* Save n bytes at p to a temporary file (removed at the end). */
static char *
save(const void *p, size_t n)
{
	char	*path = arena_strdup(a, "/tmp/test-pdf.XXXXXX");
	int	 fd = mkstemp(path);

	if (fd == -1 || write(fd, p, n) != (ssize_t)n)
		return NULL;
	close(fd);
	if (nsaved < nitems(saved))
		saved[nsaved++] = path;
	return path;
}

/* Whether the PNG file at path has exactly the pixels of im. */
static int
same_pixels(const char *path, gdImagePtr im)
{
	FILE		*fp;
	gdImagePtr	 b;
	int		 x, y, same;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	b = gdImageCreateFromPng(fp);
	fclose(fp);
	if (b == NULL)
		return 0;
	same = gdImageSX(b) == gdImageSX(im) && gdImageSY(b) == gdImageSY(im);
	for (y = 0; same && y < gdImageSY(im); y++)
		for (x = 0; same && x < gdImageSX(im); x++)
			same = (gdImageGetTrueColorPixel(b, x, y) & 0xffffff) ==
			    (gdImageGetTrueColorPixel(im, x, y) & 0xffffff);
	gdImageDestroy(b);
	return same;
}

/* Run cmd; its output (first 8 KB) into out; returns the exit status. */
static int
run(const char *cmd, char *out, size_t outlen)
{
	FILE	*f;
	size_t	 n;
	int	 st;

	if ((f = popen(cmd, "r")) == NULL)
		return -1;
	n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
main(void)
{
	gdImagePtr	 im, pal;
	EVP_PKEY	*key;
	X509		*cert;
	void		*png, *pdf, *sig;
	size_t		 plen, dlen, slen;
	char		*f, *g, out[8192], *mod, *dir;
	int		 sz, st, x, y;

	a = arena_new();
	/* A small stand-in for the 300 dpi certificate image. */
	im = gdImageCreateTrueColor(351, 248);
	gdImageFilledRectangle(im, 0, 0, 350, 247, 0xfbf7ee);
	gdImageFilledRectangle(im, 20, 20, 330, 227, 0x8b1a1a);
	/* Every row filter of the PNG encoder: a gradient and noise. */
	for (y = 40; y < 120; y++)
		for (x = 40; x < 311; x++)
			gdImageSetPixel(im, x, y, gdTrueColor(x & 255,
			    (y * 3) & 255, (x * 7 ^ y * 13) & 255));
	png = gdImagePngPtrEx(im, &sz, 1);
	plen = (size_t)sz;

	pdf = pdf_page_png(a, png, plen, "职业技能等级证书 15600031012020000000016",
	    &dlen);
	CHECK(pdf != NULL && dlen > 100 && memcmp(pdf, "%PDF-", 5) == 0,
	    "pdf: a PDF");
	f = save(pdf, dlen);
	st = run(arena_printf(a, "qpdf --check %s 2>&1", f), out, sizeof(out));
	CHECK(st == 0, "pdf: qpdf --check passes");
	st = run(arena_printf(a, "pdfinfo %s 2>&1", f), out, sizeof(out));
	CHECK(st == 0 && strstr(out, "841.89 x 595.28 pts") != NULL,
	    "pdf: one page, exactly A4 landscape (pdfinfo)");

	/*
	 * The PNG's own zlib data with the PNG predictors (not decoded and
	 * deflated again), and a reader gets back exactly its pixels.
	 */
	CHECK(memmem(pdf, dlen, "/Predictor 15", 13) != NULL &&
	    memmem(pdf, dlen, "/Columns 351", 12) != NULL,
	    "pdf: the image is the PNG's own data (/Predictor 15)");
	dir = arena_strdup(a, "/tmp/test-pdf-img.XXXXXX");
	st = mkdtemp(dir) == NULL ? -1 : run(arena_printf(a, "pdfimages -list "
	    "%s 2>&1 && pdfimages -png %s %s/i 2>&1", f, f, dir), out,
	    sizeof(out));
	CHECK(st == 0 && strstr(out, "   351   248  rgb     3   8") != NULL,
	    "pdf: pdfimages -list: one 351x248 RGB image");
	CHECK(same_pixels(arena_printf(a, "%s/i-000.png", dir), im),
	    "pdf: pdfimages gets back exactly the PNG's pixels");
	(void)run(arena_printf(a, "rm -rf %s", dir), out, sizeof(out));
	gdImageDestroy(im);

	/* Another kind of PNG (a palette) still makes a valid page. */
	pal = gdImageCreate(40, 30);
	gdImageColorAllocate(pal, 0xfb, 0xf7, 0xee);
	mod = gdImagePngPtr(pal, &sz);
	gdImageDestroy(pal);
	sig = pdf_page_png(a, mod, (size_t)sz, NULL, &slen);
	gdFree(mod);
	g = sig == NULL ? NULL : save(sig, slen);
	st = g == NULL ? -1 : run(arena_printf(a, "qpdf --check %s 2>&1 && "
	    "pdfimages -list %s", g, g), out, sizeof(out));
	CHECK(st == 0 && strstr(out, "    40    30 ") != NULL,
	    "pdf: a palette PNG: a valid page with its 40x30 image");

	cert = selfsigned(&key);
	sig = pdf_sign(a, pdf, dlen, key, cert, NULL, "颁发证书", &slen);
	CHECK(sig != NULL && slen > dlen && memcmp(sig, pdf, dlen) == 0,
	    "sign: an incremental update; the original bytes unchanged");
	g = save(sig, slen);
	st = run(arena_printf(a, "qpdf --check %s 2>&1", g), out, sizeof(out));
	CHECK(st == 0, "sign: qpdf --check passes on the signed file");
	if (st != 0)
		fprintf(stderr, "%s\n", out);
	st = run(arena_printf(a, "pdfsig %s 2>&1", g), out, sizeof(out));
	CHECK(strstr(out, "Signature Validation: Signature is Valid.") != NULL,
	    "sign: pdfsig: Signature is Valid");
	CHECK(strstr(out, "Total document signed") != NULL,
	    "sign: pdfsig: the total document is signed");
	CHECK(strstr(out, "ETSI.CAdES.detached") != NULL,
	    "sign: pdfsig: a PAdES (ETSI.CAdES.detached) signature");
	if (strstr(out, "Signature is Valid") == NULL)
		fprintf(stderr, "%s\n", out);

	/* One byte of the page changed after signing: no longer valid. */
	mod = arena_alloc(a, slen);
	memcpy(mod, sig, slen);
	mod[dlen / 2] ^= 0x01;
	g = save(mod, slen);
	(void)run(arena_printf(a, "pdfsig %s 2>&1", g), out, sizeof(out));
	CHECK(strstr(out, "Signature is Valid") == NULL &&
	    (strstr(out, "Invalid") != NULL || strstr(out, "Mismatch") != NULL),
	    "sign: one changed byte and pdfsig reports the signature invalid");

	/* A file that is not a PDF is refused, not signed. */
	CHECK(pdf_sign(a, "hello", 5, key, cert, NULL, "x", &slen) == NULL,
	    "sign: not a PDF: refused");
	while (nsaved > 0)
		unlink(saved[--nsaved]);
	gdFree(png);
	X509_free(cert);
	EVP_PKEY_free(key);
	arena_free(a);
	return tap_done();
}
