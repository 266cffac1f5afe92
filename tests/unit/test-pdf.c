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
	gdImagePtr	 im;
	EVP_PKEY	*key;
	X509		*cert;
	void		*png, *pdf, *sig;
	size_t		 plen, dlen, slen;
	char		*f, *g, out[8192], *mod;
	int		 sz, st;

	a = arena_new();
	/* A small stand-in for the 300 dpi certificate image. */
	im = gdImageCreateTrueColor(351, 248);
	gdImageFilledRectangle(im, 0, 0, 350, 247, 0xfbf7ee);
	gdImageFilledRectangle(im, 20, 20, 330, 227, 0x8b1a1a);
	png = gdImagePngPtr(im, &sz);
	plen = (size_t)sz;
	gdImageDestroy(im);

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
