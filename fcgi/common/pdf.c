/* pdf.c: the print-ready PDF of a certificate (libharu) and its platform signature (PAdES, OpenSSL CMS). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "app.h"
#include "pdf.h"

#define A4_LONG		841.89	/* points */
#define A4_SHORT	595.28
#define SIG_HEXLEN	(2 * PDF_SIG_MAX)	/* reserved /Contents */

static void
hpdf_error(HPDF_STATUS e, HPDF_STATUS d, void *arg)
{
	(void)arg;
	log_warnx("libharu error %04X (%u)", (unsigned)e, (unsigned)d);
}

/* The big-endian 32-bit integer at p. */
static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * The /Filter of the XObject below: libharu drops a /Filter entry of a
 * stream it does not compress itself, but writes what this hook writes.
 */
static HPDF_STATUS
flate_entry(HPDF_Dict d, HPDF_Stream out)
{
	(void)d;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * The PNG as an image XObject whose stream is the PNG's own zlib data
 * (its IDAT chunks), /FlateDecode with the PNG predictors: a PDF reader
 * undoes the PNG row filters itself, so nothing is decoded or deflated
 * again here (libharu's PNG loader does both, most of the PDF's time).
 * Only 8-bit grey or RGB, not interlaced: the 300 dpi certificate.
 * Returns NULL for any other PNG (the caller then uses libharu's).
 */
static HPDF_Image
png_xobject(HPDF_Doc doc, const void *png, size_t len)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	const unsigned char	*p = png, *end = p + len, *ihdr = NULL;
	HPDF_Dict		 im, parms;
	uint32_t		 n, w = 0, h = 0;
	int			 colors = 0, idat = 0;

	if (len < 8 + 25 || memcmp(p, sig, 8) != 0)
		return NULL;
	/* First pass: the header, and whether the chunks are whole. */
	for (p += 8; end - p >= 12; p += 12 + n) {
		n = be32(p);
		if (n > (size_t)(end - p) - 12)
			return NULL;
		if (memcmp(p + 4, "IHDR", 4) == 0 && n == 13)
			ihdr = p + 8;
		else if (memcmp(p + 4, "IDAT", 4) == 0)
			idat = 1;
		else if (memcmp(p + 4, "PLTE", 4) == 0 ||
		    memcmp(p + 4, "tRNS", 4) == 0)
			return NULL;
		else if (memcmp(p + 4, "IEND", 4) == 0)
			break;
	}
	if (ihdr == NULL || !idat)
		return NULL;
	w = be32(ihdr);
	h = be32(ihdr + 4);
	if (ihdr[8] != 8 || ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] != 0 ||
	    w == 0 || h == 0 || w > 0x7fffffff || h > 0x7fffffff)
		return NULL;
	if (ihdr[9] == 2)
		colors = 3;
	else if (ihdr[9] == 0)
		colors = 1;
	else
		return NULL;

	/* Written as it is: no filter of libharu's, /Filter set here. */
	if ((im = HPDF_DictStream_New(doc->mmgr, doc->xref)) == NULL ||
	    (parms = HPDF_Dict_New(doc->mmgr)) == NULL)
		return NULL;
	im->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	im->filter = HPDF_STREAM_FILTER_NONE;
	im->write_fn = flate_entry;
	if (HPDF_Dict_AddName(im, "Type", "XObject") != HPDF_OK ||
	    HPDF_Dict_AddName(im, "Subtype", "Image") != HPDF_OK ||
	    HPDF_Dict_AddNumber(im, "Width", (HPDF_INT32)w) != HPDF_OK ||
	    HPDF_Dict_AddNumber(im, "Height", (HPDF_INT32)h) != HPDF_OK ||
	    HPDF_Dict_AddName(im, "ColorSpace", colors == 3 ? "DeviceRGB" :
	    "DeviceGray") != HPDF_OK ||
	    HPDF_Dict_AddNumber(im, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Predictor", 15) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Colors", colors) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8) != HPDF_OK ||
	    HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)w) != HPDF_OK ||
	    HPDF_Dict_Add(im, "DecodeParms", parms) != HPDF_OK)
		return NULL;
	/* Second pass: the IDAT data, one zlib stream, in order. */
	for (p = (const unsigned char *)png + 8; end - p >= 12; p += 12 + n) {
		n = be32(p);
		if (memcmp(p + 4, "IDAT", 4) == 0 && n > 0 &&
		    HPDF_Stream_Write(im->stream, p + 8, n) != HPDF_OK)
			return NULL;
		if (memcmp(p + 4, "IEND", 4) == 0)
			break;
	}
	return im;
}

/*
 * One A4 landscape page with the PNG (the 300 dpi certificate) filling
 * it exactly.  Returns the arena-owned PDF and its length, or NULL.
 */
void *
pdf_page_png(struct arena *a, const void *png, size_t len, const char *title,
    size_t *outlen)
{
	HPDF_Doc	 doc;
	HPDF_Page	 page;
	HPDF_Image	 im;
	HPDF_UINT32	 n;
	unsigned char	*out = NULL;

	*outlen = 0;
	if ((doc = HPDF_New(hpdf_error, NULL)) == NULL)
		return NULL;
	/* The image carries its own compression: the rest is small. */
	if (HPDF_SetCompressionMode(doc, HPDF_COMP_TEXT |
	    HPDF_COMP_METADATA) != HPDF_OK ||
	    (page = HPDF_AddPage(doc)) == NULL ||
	    HPDF_Page_SetWidth(page, A4_LONG) != HPDF_OK ||
	    HPDF_Page_SetHeight(page, A4_SHORT) != HPDF_OK)
		goto out;
	if ((im = png_xobject(doc, png, len)) == NULL &&
	    (HPDF_SetCompressionMode(doc, HPDF_COMP_ALL) != HPDF_OK ||
	    (im = HPDF_LoadPngImageFromMem(doc, png, (HPDF_UINT)len)) == NULL))
		goto out;
	if (HPDF_Page_DrawImage(page, im, 0, 0, A4_LONG, A4_SHORT) != HPDF_OK)
		goto out;
	if (title != NULL)
		(void)HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, title);
	(void)HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR,
	    "xcert 1+X certificate platform");
	if (HPDF_SaveToStream(doc) != HPDF_OK ||
	    (n = HPDF_GetStreamSize(doc)) == 0)
		goto out;
	out = arena_alloc(a, n);
	if (HPDF_ReadFromStream(doc, out, &n) != HPDF_OK &&
	    HPDF_GetError(doc) != HPDF_STREAM_EOF) {
		out = NULL;
		goto out;
	}
	*outlen = n;
out:
	HPDF_Free(doc);
	return out;
}

/* The last occurrence of needle in the n bytes at p, or NULL. */
static const char *
rfind(const char *p, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	if (n < k)
		return NULL;
	for (i = n - k + 1; i-- > 0; )
		if (memcmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

static const char *
find(const char *p, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

/* The integer after key in the n bytes at p (e.g. "/Size 12"), or -1. */
static long
int_after(const char *p, size_t n, const char *key)
{
	const char	*q = find(p, n, key);
	long		 v = 0;

	if (q == NULL)
		return -1;
	q += strlen(key);
	while (q < p + n && (*q == ' ' || *q == '\n' || *q == '\r'))
		q++;
	if (q >= p + n || *q < '0' || *q > '9')
		return -1;
	while (q < p + n && *q >= '0' && *q <= '9')
		v = v * 10 + (*q++ - '0');
	return v;
}

/*
 * The dictionary of object num (the text between its outermost << >>),
 * in the n bytes at p; its length in *dlen.
 */
static const char *
obj_dict(struct arena *a, const char *p, size_t n, long num, size_t *dlen)
{
	const char	*o, *q;
	char		*head;
	int		 depth = 0;

	head = arena_printf(a, "\n%ld 0 obj", num);
	if ((o = rfind(p, n, head)) == NULL ||
	    (q = find(o, (size_t)(p + n - o), "<<")) == NULL)
		return NULL;
	for (o = q; q + 1 < p + n; q++) {
		if (q[0] == '<' && q[1] == '<') {
			depth++;
			q++;
		} else if (q[0] == '>' && q[1] == '>') {
			if (--depth == 0) {
				*dlen = (size_t)(q - o) - 2;
				return o + 2;
			}
			q++;
		}
	}
	return NULL;
}

/* A PDF text string of UTF-8 s: UTF-16BE with a BOM, hex. */
static void
pdf_text(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;

	buf_puts(b, "<FEFF");
	while (*p) {
		if (*p < 0x80)
			c = *p++;
		else if ((*p & 0xe0) == 0xc0 && p[1]) {
			c = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else if ((*p & 0xf0) == 0xe0 && p[1] && p[2]) {
			c = ((uint32_t)(p[0] & 0x0f) << 12) |
			    ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
			p += 3;
		} else if ((*p & 0xf8) == 0xf0 && p[1] && p[2] && p[3]) {
			c = ((uint32_t)(p[0] & 0x07) << 18) |
			    ((uint32_t)(p[1] & 0x3f) << 12) |
			    ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
			p += 4;
		} else {
			c = 0xfffd;
			p++;
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xd800 + (unsigned)(c >> 10),
			    0xdc00 + (unsigned)(c & 0x3ff));
		} else
			buf_printf(b, "%04X", (unsigned)c);
	}
	buf_puts(b, ">");
}

/*
 * Sign the PDF as the platform: an incremental update that adds a
 * signature field and a CMS detached signature (ETSI.CAdES.detached)
 * over the whole file but the signature itself (/ByteRange), so that
 * any PDF reader can tell that the file is unchanged since issue.
 * chain (may be NULL): intermediate certificates to include.  The
 * original bytes stay as they are.  Returns the signed PDF, or NULL
 * (logged).
 */
void *
pdf_sign(struct arena *a, const void *pdf, size_t len, EVP_PKEY *key,
    X509 *cert, STACK_OF(X509) *chain, const char *reason, size_t *outlen)
{
	const char	*p = pdf, *dict, *sx;
	struct buf	 b;
	long		 root, size, prev;
	size_t		 dlen, off_sig, off_field, off_root, off_xref, c0, c1, i;
	char		 date[32], br[64], *out;
	struct tm	 tm;
	time_t		 now = time(NULL);
	BIO		*in = NULL, *der = NULL;
	CMS_ContentInfo	*cms = NULL;
	BUF_MEM		*bm;
	void		*res = NULL;

	*outlen = 0;
	if ((sx = rfind(p, len, "startxref")) == NULL ||
	    (prev = int_after(sx, (size_t)(p + len - sx), "startxref")) < 0) {
		log_warnx("pdf_sign: no startxref");
		return NULL;
	}
	/* The trailer before startxref names the catalog and the size. */
	{
		const char *t = rfind(p, (size_t)(sx - p), "trailer");

		if (t == NULL ||
		    (root = int_after(t, (size_t)(sx - t), "/Root")) < 1 ||
		    (size = int_after(t, (size_t)(sx - t), "/Size")) < 2) {
			log_warnx("pdf_sign: no trailer with /Root and /Size");
			return NULL;
		}
	}
	if ((dict = obj_dict(a, p, len, root, &dlen)) == NULL ||
	    find(dict, dlen, "/AcroForm") != NULL) {
		log_warnx("pdf_sign: catalog not found or already has a form");
		return NULL;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "D:%Y%m%d%H%M%SZ", &tm);

	buf_init(&b, a);
	buf_add(&b, pdf, len);
	if (len > 0 && p[len - 1] != '\n')
		buf_puts(&b, "\n");
	/* The signature dictionary, its /ByteRange and /Contents reserved. */
	off_sig = b.len;
	buf_printf(&b, "%ld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite "
	    "/SubFilter /ETSI.CAdES.detached /M (%s) /Reason ", size, date);
	pdf_text(&b, reason != NULL ? reason : "");
	buf_puts(&b, " /ByteRange ");
	c0 = b.len;
	buf_printf(&b, "%-44s", "[0 0 0 0]");
	buf_puts(&b, " /Contents <");
	c1 = b.len - 1;
	for (i = 0; i < SIG_HEXLEN; i++)
		buf_add(&b, "0", 1);
	buf_puts(&b, "> >>\nendobj\n");
	/* The (invisible) signature field, and the catalog that holds it. */
	off_field = b.len;
	buf_printf(&b, "%ld 0 obj\n<< /FT /Sig /Type /Annot /Subtype /Widget "
	    "/Rect [0 0 0 0] /F 132 /T (xcert platform signature) "
	    "/V %ld 0 R >>\nendobj\n", size + 1, size);
	off_root = b.len;
	buf_printf(&b, "%ld 0 obj\n<<", root);
	buf_add(&b, dict, dlen);
	buf_printf(&b, " /AcroForm << /Fields [%ld 0 R] /SigFlags 3 >> >>\n"
	    "endobj\n", size + 1);
	off_xref = b.len;
	buf_printf(&b, "xref\n0 1\n0000000000 65535 f \n%ld 1\n%010zu 00000 n "
	    "\n%ld 2\n%010zu 00000 n \n%010zu 00000 n \n", root, off_root, size,
	    off_sig, off_field);
	buf_printf(&b, "trailer\n<< /Size %ld /Root %ld 0 R /Prev %ld >>\n"
	    "startxref\n%zu\n%%%%EOF\n", size + 2, root, prev, off_xref);

	/* The byte range: everything but the <hex> of /Contents. */
	snprintf(br, sizeof(br), "[0 %zu %zu %zu]", c1, c1 + SIG_HEXLEN + 2,
	    b.len - (c1 + SIG_HEXLEN + 2));
	if (strlen(br) > 44)
		return NULL;
	memcpy(b.p + c0, br, strlen(br));
	out = b.p;

	if ((in = BIO_new(BIO_s_mem())) == NULL ||
	    BIO_write(in, out, (int)c1) != (int)c1 ||
	    BIO_write(in, out + c1 + SIG_HEXLEN + 2,
	    (int)(b.len - c1 - SIG_HEXLEN - 2)) !=
	    (int)(b.len - c1 - SIG_HEXLEN - 2))
		goto out;
	if ((cms = CMS_sign(cert, key, chain, in, CMS_DETACHED | CMS_BINARY |
	    CMS_CADES)) == NULL ||
	    (der = BIO_new(BIO_s_mem())) == NULL ||
	    i2d_CMS_bio(der, cms) != 1) {
		log_warnx("pdf_sign: CMS_sign: %s",
		    ERR_error_string(ERR_get_error(), NULL));
		goto out;
	}
	BIO_get_mem_ptr(der, &bm);
	if (bm->length * 2 > SIG_HEXLEN) {
		log_warnx("pdf_sign: signature of %zu bytes does not fit",
		    (size_t)bm->length);
		goto out;
	}
	/* Upper-case hex: readers compare the gap with their own encoding. */
	for (i = 0; i < (size_t)bm->length; i++) {
		static const char hx[] = "0123456789ABCDEF";

		out[c1 + 1 + 2 * i] = hx[(unsigned char)bm->data[i] >> 4];
		out[c1 + 2 + 2 * i] = hx[(unsigned char)bm->data[i] & 15];
	}
	*outlen = b.len;
	res = out;
out:
	BIO_free(in);
	BIO_free(der);
	CMS_ContentInfo_free(cms);
	return res;
}
