/* page_dl.c: a certificate drawn from its record; one confirmed certificate downloaded as PNG and as a signed PDF. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "app.h"
#include "certimg.h"
#include "img.h"
#include "issuance.h"
#include "pdf.h"

/* The platform's PDF signing key: loaded once per process. */
static EVP_PKEY		*pdf_key;
static X509		*pdf_cert;
static STACK_OF(X509)	*pdf_chain;

/* Read a PEM file with rd; NULL (logged) when it cannot. */
static void *
pem_file(const char *path, void *(*rd)(FILE *))
{
	FILE	*f;
	void	*p;

	if ((f = fopen(path, "r")) == NULL) {
		log_warn("%s", path);
		return NULL;
	}
	if ((p = rd(f)) == NULL)
		log_warnx("%s: %s", path, ERR_error_string(ERR_get_error(),
		    NULL));
	fclose(f);
	return p;
}

static void *
rd_key(FILE *f)
{
	return PEM_read_PrivateKey(f, NULL, NULL, NULL);
}

static void *
rd_cert(FILE *f)
{
	return PEM_read_X509(f, NULL, NULL, NULL);
}

/* Every certificate of a chain file, in order (none: NULL). */
static void *
rd_chain(FILE *f)
{
	STACK_OF(X509)	*sk;
	X509		*x;

	if ((sk = sk_X509_new_null()) == NULL)
		return NULL;
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL)
		sk_X509_push(sk, x);
	ERR_clear_error();	/* the end of the file */
	if (sk_X509_num(sk) == 0) {
		sk_X509_free(sk);
		return NULL;
	}
	return sk;
}

/*
 * Load the platform's PDF signing key, its certificate and (optional)
 * chain named by the configuration, at start.  Returns 0, or -1 (logged)
 * when the key and certificate cannot be read or do not belong together.
 */
int
iss_pdf_load(const struct config *cfg)
{
	if ((pdf_key = pem_file(cfg->pdf_key, rd_key)) == NULL ||
	    (pdf_cert = pem_file(cfg->pdf_cert, rd_cert)) == NULL)
		return -1;
	if (X509_check_private_key(pdf_cert, pdf_key) != 1) {
		log_warnx("%s is not the certificate of %s: not starting",
		    cfg->pdf_cert, cfg->pdf_key);
		return -1;
	}
	if (cfg->pdf_chain != NULL &&
	    (pdf_chain = pem_file(cfg->pdf_chain, rd_chain)) == NULL)
		return -1;
	return 0;
}

/* A seal version by id, decoded; NULL when there is none. */
static gdImagePtr
seal_image(struct req *r, int64_t id)
{
	const void	*png;
	size_t		 len;
	unsigned int	 w, h;

	if (id <= 0 || db_row(r->db, r->arena, STMT_SEAL_PNG,
	    DB_ARGS(DB_I(id)), DB_OUT(DB_OB(&png, &len))) != RC_OK)
		return NULL;
	/* Checked at upload; checked again before gd allocates for it. */
	if (img_png_check(png, len, SEAL_MAXBYTES, &w, &h) != IMG_OK)
		return NULL;
	return img_defer(r->arena, img_decode(png, len));
}

/*
 * Draw a certificate at dpi from the row stmt answers for a (DOC_COLS in
 * sql_list.c, the date, the organisation's and the site's seal ids; a
 * missing seal is left out), with the QR code of its own verification
 * URL.  Its number goes into *number.  The image is the arena's.
 */
enum rc
iss_draw(struct req *r, size_t stmt, const struct dbarg *a, size_t na,
    int dpi, const char **number, gdImagePtr *im)
{
	struct cert_doc	 d;
	const char	*qr;
	int64_t		 org, site;
	enum rc		 rc;

	memset(&d, 0, sizeof(d));
	if ((rc = db_row(r->db, r->arena, stmt, a, na,
	    DB_OUT(DB_OS(&d.name), DB_OS(&d.gender), DB_OS(&d.idno),
	    DB_OS(&d.cert_name), DB_OS(&d.level), DB_OS(&d.number),
	    DB_OS(&d.org), DB_OS(&d.site), DB_OS(&d.date), DB_OI(&org),
	    DB_OI(&site), DB_OS(&qr)))) != RC_OK)
		return rc;
	d.verify_url = iss_qr_text(r, qr);
	*number = d.number;
	if ((*im = img_defer(r->arena, certimg_draw(r->cfg, &d,
	    seal_image(r, org), seal_image(r, site), dpi))) == NULL)
		return RC_ERROR;
	return RC_OK;
}

/*
 * The confirmed certificate r->arg[0] of the caller's scope at dpi:
 * its organisation's staff, its institution's, or its holder.  Anyone
 * else, and a certificate not confirmed, is 404.
 */
static enum rc
issued(struct req *r, int dpi, const char **number, gdImagePtr *im)
{
	struct scope	 sc;
	struct dbarg	 a[7];
	enum rc		 rc;

	if ((rc = scope_get(r, NULL, &sc)) != RC_OK)
		return rc;
	if (sc.kind == SCOPE_PLATFORM)
		return RC_NOTFOUND;
	a[0] = DB_I(r->arg[0]);
	a[1] = a[2] = DB_I(sc.kind == SCOPE_INST ? sc.id : 0);
	a[3] = a[4] = DB_I(sc.kind == SCOPE_ORG ? sc.id : 0);
	a[5] = a[6] = DB_I(sc.kind == SCOPE_OWN ? sc.id : 0);
	r->personal = 1;
	return iss_draw(r, STMT_DL_ONE, a, 7, dpi, number, im);
}

/* Send a download named <number>.<ext>, cached by the browser only. */
static enum rc
attachment(struct req *r, const char *number, const char *ext,
    const char *ctype, const void *p, size_t n)
{
	resp_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s.%s\"", number, ext));
	r->cache = "private, max-age=3600";
	return resp_send(r, 200, ctype, p, n);
}

/* GET /certs/#/certificate.png: the issued certificate at 150 dpi. */
enum rc
iss_cert_png(struct req *r)
{
	const char	*number;
	gdImagePtr	 im;
	void		*out;
	size_t		 n;
	int		 sent;
	enum rc		 rc;

	if ((rc = issued(r, 150, &number, &im)) != RC_OK ||
	    (rc = iss_withdrawn(r, r->arg[0], im, &sent)) != RC_OK)
		return rc;
	if ((out = img_png(r->arena, im, 1, &n)) == NULL)
		return RC_ERROR;
	return attachment(r, number, "png", "image/png", out, n);
}

/*
 * GET /certs/#/certificate.pdf: the print copy, the certificate at
 * 300 dpi on exactly one A4 page, signed by the platform.
 */
enum rc
iss_cert_pdf(struct req *r)
{
	const char	*number;
	gdImagePtr	 im;
	void		*png, *pdf, *sig;
	size_t		 n, dn, sn;
	int		 sent;
	enum rc		 rc;

	if ((rc = issued(r, 300, &number, &im)) != RC_OK ||
	    (rc = iss_withdrawn(r, r->arg[0], NULL, &sent)) != RC_OK || sent)
		return rc;
	if ((png = img_png(r->arena, im, 1, &n)) == NULL ||
	    (pdf = pdf_page_png(r->arena, png, n, arena_printf(r->arena,
	    "职业技能等级证书 %s", number), &dn)) == NULL ||
	    (sig = pdf_sign(r->arena, pdf, dn, pdf_key, pdf_cert, pdf_chain,
	    "颁发职业技能等级证书", &sn)) == NULL)
		return RC_ERROR;
	return attachment(r, number, "pdf", "application/pdf", sig, sn);
}
