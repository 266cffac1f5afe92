/* page_dl.c: a certificate drawn from its record and template; its frozen hash; downloads as PNG and signed PDF; the cached web view. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "app.h"
#include "certimg.h"
#include "idno.h"
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
 * Template version id as drawn data: its background and layout rows,
 * the arena's.  Returns RC_OK, RC_NOTFOUND, or an error (logged).
 */
enum rc
iss_tpl_load(struct req *r, int64_t id, struct cimg_tpl *t)
{
	struct cimg_item	*items, *it;
	struct dbq		*q;
	const char		*f, *x, *y, *w, *h, *size, *colour, *align,
				*label;
	const void		*bg;
	size_t			 bglen, n = 0;
	int64_t			 bold, req;
	enum rc			 rc;
	int			 row, k;

	memset(t, 0, sizeof(*t));
	if ((rc = db_row(r->db, r->arena, STMT_TPL_BG, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OB(&bg, &bglen)))) != RC_OK)
		return rc;
	t->id = id;
	t->bg = bg;
	t->bglen = bglen;
	items = arena_calloc(r->arena, CIMG_MAXITEMS, sizeof(*items));
	if ((q = db_run(r->db, r->arena, &rc, STMT_TPL_FIELDS,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OS(&f), DB_OS(&x), DB_OS(&y),
	    DB_OS(&w), DB_OS(&h), DB_OS(&size), DB_OI(&bold), DB_OS(&colour),
	    DB_OS(&align), DB_OI(&req), DB_OS(&label)))) == 1) {
		if (n == CIMG_MAXITEMS || (k = certimg_field_parse(f)) < 0) {
			log_warnx("template %lld: bad layout row",
			    (long long)id);
			return RC_ERROR;
		}
		it = &items[n++];
		it->field = k;
		it->x = atof(x);
		it->y = atof(y);
		it->w = atof(w);
		it->h = atof(h);
		it->size = atof(size);
		it->bold = bold != 0;
		it->colour = (int)strtol(colour, NULL, 16);
		it->align = align[0] == 'c' ? CIA_CENTRE : align[0] == 'r' ?
		    CIA_RIGHT : CIA_LEFT;
		it->required = req != 0;
		it->label = label;
	}
	if (row == -1)
		return RC_ERROR;
	t->item = items;
	t->n = n;
	return RC_OK;
}

/* The holder's photo, decoded; NULL when there is none. */
static gdImagePtr
photo_image(struct req *r, const void *png, size_t len)
{
	unsigned int	 w, h;

	/* Checked at upload; checked again before gd allocates for it. */
	if (png == NULL || img_png_check_any(png, len, SEAL_MAXBYTES, &w,
	    &h) != IMG_OK)
		return NULL;
	return img_defer(r->arena, img_decode(png, len));
}

/*
 * Draw a certificate at dpi from the row stmt answers for a (DOC_COLS in
 * sql_list.c, the date, the organisation's and the site's seal ids; a
 * missing seal is left out; then DRAW_COLS: the template, the photo),
 * with the QR code of its own verification URL (iss_qr_text).  At 300
 * dpi (the print copy) the ID number is drawn in full where the row
 * holds its ciphertext; every other render shows it masked.  The image
 * and what it was drawn from go into *o; all are the arena's.
 */
enum rc
iss_render(struct req *r, size_t stmt, const struct dbarg *a, size_t na,
    int dpi, struct iss_drawn *o)
{
	struct cert_doc	 d;
	struct cimg_tpl	 t;
	const void	*ph, *cipher;
	const char	*qr;
	size_t		 phlen, clen;
	char		*full;
	enum rc		 rc;

	memset(&d, 0, sizeof(d));
	memset(o, 0, sizeof(*o));
	if ((rc = db_row(r->db, r->arena, stmt, a, na,
	    DB_OUT(DB_OS(&d.name), DB_OS(&d.gender), DB_OS(&d.idno),
	    DB_OS(&d.cert_name), DB_OS(&d.level), DB_OS(&d.number),
	    DB_OS(&d.org), DB_OS(&d.site), DB_OS(&d.date), DB_OI(&o->org_seal),
	    DB_OI(&o->site_seal), DB_OI(&o->id), DB_OI(&o->tpl),
	    DB_OS(&o->canon_sha), DB_OB(&ph, &phlen),
	    DB_OB(&cipher, &clen), DB_OS(&qr)))) != RC_OK)
		return rc;
	if (dpi >= 300 && cipher != NULL) {
		if ((full = idno_open(r->arena, r->cfg, cipher, clen)) == NULL)
			return RC_ERROR;
		d.idno = full;
	}
	if ((rc = iss_tpl_load(r, o->tpl, &t)) != RC_OK)
		return rc == RC_NOTFOUND ? RC_ERROR : rc;
	d.verify_url = iss_qr_text(r, qr);
	o->number = d.number;
	if ((o->im = img_defer(r->arena, certimg_render(r->cfg, &t, &d,
	    seal_image(r, o->org_seal), seal_image(r, o->site_seal),
	    photo_image(r, ph, phlen), dpi))) == NULL)
		return RC_ERROR;
	return RC_OK;
}

/* iss_render for callers that need only the number and the image. */
enum rc
iss_draw(struct req *r, size_t stmt, const struct dbarg *a, size_t na,
    int dpi, const char **number, gdImagePtr *im)
{
	struct iss_drawn	 o;
	enum rc			 rc;

	if ((rc = iss_render(r, stmt, a, na, dpi, &o)) != RC_OK)
		return rc;
	*number = o.number;
	*im = o.im;
	return RC_OK;
}

/*
 * The PNG of a confirmed certificate's image o at dpi, checked against
 * its frozen hash: the first render after confirmation stores the
 * SHA-256 of the PNG (not the signing transaction: 10,000 renders would
 * not fit in it), every later one compares.  A mismatch is logged,
 * recorded for the admin page (证书模板 > 图像校验) and the image is not
 * served: RC_CONFLICT with the reason in *why.
 */
enum rc
iss_frozen_png(struct req *r, const struct iss_drawn *o, int dpi,
    void **png, size_t *n, const char **why)
{
	unsigned char	 h[32];
	char		 hex[65];
	const char	*want;
	enum rc		 rc;

	*why = NULL;
	if ((*png = img_png_opaque(r->arena, o->im, 1, n)) == NULL)
		return RC_ERROR;
	sec_sha256(*png, *n, h);
	sec_hex(h, 32, hex);
	rc = db_row(r->db, r->arena, STMT_IMG_SHA, DB_ARGS(DB_I(o->id),
	    DB_I(dpi)), DB_OUT(DB_OS(&want)));
	if (rc == RC_NOTFOUND) {
		if ((rc = db_exec(r->db, r->arena, STMT_IMG_PUT,
		    DB_ARGS(DB_I(o->id), DB_I(dpi), DB_S(hex)), NULL)) !=
		    RC_OK)
			return rc;
		/* Read back: a concurrent first render may have won. */
		rc = db_row(r->db, r->arena, STMT_IMG_SHA, DB_ARGS(DB_I(o->id),
		    DB_I(dpi)), DB_OUT(DB_OS(&want)));
	}
	if (rc != RC_OK)
		return rc;
	if (strcmp(want, hex) == 0)
		return RC_OK;
	log_warnx("certificate %lld: the %d dpi image hashes %s, frozen %s: "
	    "not served", (long long)o->id, dpi, hex, want);
	if ((rc = db_exec(r->db, r->arena, STMT_IMG_BAD, DB_ARGS(DB_I(o->id),
	    DB_I(dpi), DB_S(want), DB_S(hex)), NULL)) != RC_OK)
		return rc;
	*why = "该证书的图像与签发时冻结的图像不一致，已暂停提供下载并报告平台管理员。"
	    "证书本身仍然有效，可通过证书查询核验。";
	return RC_CONFLICT;
}

/* Send a refusal page for a certificate image that failed its check. */
static enum rc
refuse(struct req *r, const char *why)
{
	tmpl_set(r, "Page.Message", why);
	return tmpl_page(r, 409, "issuance/message.cs", "证书下载");
}

/*
 * The capability of the 150 dpi web view of certificate o: an HMAC over
 * its id, number, content hash, template and seal versions (what the
 * image is drawn from), under a key derived from the CSRF key.  Only
 * pages the caller may see embed it; nginx caches the image under it.
 */
const char *
iss_img_cap(struct req *r, const struct iss_drawn *o)
{
	unsigned char	 k[32], h[32];
	char		*msg, hex[65];

	sec_hmac(r->cfg->csrf_key, 32, "xcert certificate image v1", 26, k);
	msg = arena_printf(r->arena, "%lld|%s|%s|%lld|%lld|%lld",
	    (long long)o->id, o->number, o->canon_sha, (long long)o->tpl,
	    (long long)o->org_seal, (long long)o->site_seal);
	sec_hmac(k, 32, msg, strlen(msg), h);
	sec_hex(h, 32, hex);
	return arena_printf(r->arena, "/certs/img/%lld/%s.png",
	    (long long)o->id, hex);
}

/*
 * The capability URL of confirmed certificate id's web view, for a page
 * the caller was allowed to see it on; NULL when it is not confirmed.
 */
const char *
iss_img_url(struct req *r, int64_t id)
{
	struct iss_drawn	 o;

	memset(&o, 0, sizeof(o));
	o.id = id;
	if (db_row(r->db, r->arena, STMT_CAP_ARGS, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OS(&o.number), DB_OS(&o.canon_sha), DB_OI(&o.tpl),
	    DB_OI(&o.org_seal), DB_OI(&o.site_seal))) != RC_OK)
		return NULL;
	return iss_img_cap(r, &o);
}

/*
 * GET /certs/img/#/$.png: the 150 dpi web view of a confirmed
 * certificate (ID number masked) by its capability URL.  A wrong HMAC
 * is 404, checked before anything is drawn.  Public for an hour: nginx
 * caches it (fastcgi_cache), so a popular certificate is drawn once.
 */
enum rc
iss_cert_img(struct req *r)
{
	struct iss_drawn	 o;
	const char		*why, *want, *tok;
	void			*png;
	size_t			 n;
	enum rc			 rc;

	/* The capability first (one indexed read): nothing drawn for a guess. */
	if ((want = iss_img_url(r, r->arg[0])) == NULL ||
	    (tok = strrchr(r->path, '/')) == NULL ||
	    strlen(tok) != strlen(strrchr(want, '/')) ||
	    !sec_eq(tok, strrchr(want, '/'), strlen(tok)))
		return RC_NOTFOUND;
	if ((rc = iss_render(r, STMT_CAP_ONE, DB_ARGS(DB_I(r->arg[0])), 150,
	    &o)) != RC_OK)
		return rc;
	if ((rc = iss_frozen_png(r, &o, 150, &png, &n, &why)) == RC_CONFLICT)
		return refuse(r, why);
	if (rc != RC_OK)
		return rc;
	r->cache = "public, max-age=3600";
	return resp_send(r, 200, "image/png", png, n);
}

/*
 * The confirmed certificate r->arg[0] of the caller's scope at dpi:
 * its organisation's staff, its institution's, or its holder.  Anyone
 * else, and a certificate not confirmed, is 404.
 */
static enum rc
issued(struct req *r, int dpi, struct iss_drawn *o)
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
	return iss_render(r, STMT_DL_ONE, a, 7, dpi, o);
}

/*
 * The print copy of the confirmed certificate r->arg[0] of the caller's
 * scope (issued()): its 300 dpi PNG, checked against its frozen hash
 * (iss_frozen_png(): RC_CONFLICT with the reason in *why).
 */
static enum rc
print_copy(struct req *r, struct iss_drawn *o, void **png, size_t *n,
    const char **why)
{
	enum rc	 rc;

	if ((rc = issued(r, 300, o)) != RC_OK)
		return rc;
	return iss_frozen_png(r, o, 300, png, n, why);
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

/*
 * GET /certs/#/certificate.png: the issued certificate as the print
 * copy (300 dpi, the ID number in full): the holder's own copy, and the
 * file its organisation and institution print.
 */
enum rc
iss_cert_png(struct req *r)
{
	struct iss_drawn	 o;
	const char		*why = NULL;
	void			*out;
	size_t			 n;
	int			 marked;
	enum rc			 rc;

	if ((rc = print_copy(r, &o, &out, &n, &why)) != RC_OK)
		return why != NULL ? refuse(r, why) : rc;
	/* Withdrawn: checked as frozen above, then marked over. */
	if ((rc = iss_withdrawn(r, o.id, o.im, &marked)) != RC_OK)
		return rc;
	if (marked && (out = img_png_opaque(r->arena, o.im, 1, &n)) == NULL)
		return RC_ERROR;
	return attachment(r, o.number, "png", "image/png", out, n);
}

/*
 * GET /certs/#/certificate.pdf: the print copy, the certificate at
 * 300 dpi (checked against its frozen hash) on exactly one A4 page,
 * signed by the platform.
 */
enum rc
iss_cert_pdf(struct req *r)
{
	struct iss_drawn	 o;
	const char		*why = NULL;
	void			*png, *pdf, *sig;
	size_t			 n, dn, sn;
	int			 sent;
	enum rc			 rc;

	if ((rc = print_copy(r, &o, &png, &n, &why)) != RC_OK)
		return why != NULL ? refuse(r, why) : rc;
	/* Withdrawn: a notice in the PDF's place. */
	if ((rc = iss_withdrawn(r, o.id, NULL, &sent)) != RC_OK || sent)
		return rc;
	if ((pdf = pdf_page_png(r->arena, png, n, arena_printf(r->arena,
	    "职业技能等级证书 %s", o.number), &dn)) == NULL ||
	    (sig = pdf_sign(r->arena, pdf, dn, pdf_key, pdf_cert, pdf_chain,
	    "颁发职业技能等级证书", &sn)) == NULL)
		return RC_ERROR;
	return attachment(r, o.number, "pdf", "application/pdf", sig, sn);
}
