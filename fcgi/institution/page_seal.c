/* page_seal.c: upload, clean up, preview and save the principal's (or the organisation's) seal. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "certimg.h"
#include "img.h"
#include "institution.h"

/*
 * Whose seal: the institution's (its principal only) or the
 * organisation's (its staff), always from the session, never the form.
 */
struct	owner {
	const char	*type;		/* seal.owner_type */
	int64_t		 id;
	const char	*base;		/* URL prefix of the pages */
	const char	*name;		/* shown on the preview certificate */
};

static void
owner(struct req *r, struct owner *o)
{
	if (r->sess.role == ROLE_ORG) {
		o->type = "organisation";
		o->id = r->sess.org_id;
		o->base = "/org/seal";
		o->name = r->sess.org_name;
	} else {
		o->type = "institution";
		o->id = r->sess.inst_id;
		o->base = "/inst/seal";
		o->name = r->sess.inst_name;
	}
}

enum { UF_FILE, UF__MAX };
static const struct field upload_fields[UF__MAX] = {
	{ "seal", FT_FILE, 4 * 1024 * 1024 },	/* UF_FILE */
};

enum { SF_VARIANT, SF_CONSENT, SF_LETTER, SF__MAX };
static const struct field save_fields[SF__MAX] = {
	{ "variant", FT_TEXT, 16 },	/* SF_VARIANT */
	{ "consent", FT_TEXT, 4 },	/* SF_CONSENT */
	{ "letter", FT_TEXT, 10 },	/* SF_LETTER */
};

enum { PF_NAME, PF_TITLE, PF__MAX };
static const struct field principal_fields[PF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* PF_NAME */
	{ "title", FT_TEXT, 40 },	/* PF_TITLE */
};

static enum rc	 seal_again(struct req *, int, const char *);

/* 副校长 or above, as the seed requires. */
static const char *const titles[] = { "校长", "党委书记", "常务副校长",
    "副校长", "党委副书记" };

static enum rc
letter_to_hdf(struct req *r)
{
	const char	*title, *body;
	int64_t		 v;
	enum rc		 rc;

	rc = db_row(r->db, r->arena, STMT_LETTER_CURRENT, DB_NOARGS,
	    DB_OUT(DB_OI(&v), DB_OS(&title), DB_OS(&body)));
	if ((rc = db_must(rc, "the current authorisation letter")) != RC_OK)
		return rc;
	tmpl_seti(r, "Letter.Version", v);
	tmpl_set(r, "Letter.Title", title);
	tmpl_set(r, "Letter.Body", body);
	return RC_OK;
}

/*
 * *missing = 1 when the seal is the institution's and its 考核站点负责人
 * (name and title) is not filled in yet: the seal is theirs to sign with.
 */
static enum rc
principal_missing(struct req *r, const struct owner *o, int *missing)
{
	const char	*name = NULL, *title = NULL;
	enum rc		 rc;

	*missing = 0;
	if (strcmp(o->type, "institution") != 0)
		return RC_OK;
	if ((rc = db_row(r->db, r->arena, STMT_PRINCIPAL_GET,
	    DB_ARGS(DB_I(o->id)), DB_OUT(DB_OS(&name),
	    DB_OS(&title)))) != RC_OK)
		return rc;
	*missing = name == NULL || *name == '\0' || title == NULL ||
	    *title == '\0';
	return RC_OK;
}

static enum rc
principal_to_hdf(struct req *r)
{
	const char	*name, *title;
	size_t		 i;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_PRINCIPAL_GET,
	    DB_ARGS(DB_I(r->sess.inst_id)), DB_OUT(DB_OS(&name),
	    DB_OS(&title)))) != RC_OK)
		return rc;
	tmpl_set(r, "Principal.Name", name);
	tmpl_set(r, "Principal.Title", title);
	for (i = 0; i < nitems(titles); i++)
		tmpl_setn(r, titles[i], "Titles.%zu", i);
	return RC_OK;
}

static enum rc
seal_list(struct req *r, int status, const char *err)
{
	struct owner	 o;
	struct dbq	*q;
	const char	*variant, *sha, *at, *who;
	int64_t		 id, ver, letter, used;
	int		 i = 0, row;
	enum rc		 rc;

	owner(r, &o);
	if ((q = db_run(r->db, r->arena, &rc, STMT_SEAL_LIST,
	    DB_ARGS(DB_S(o.type), DB_I(o.id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OI(&ver),
	    DB_OS(&variant), DB_OS(&sha), DB_OS(&at), DB_OI(&letter),
	    DB_OS(&who), DB_OI(&used)))) == 1) {
		tmpl_setin(r, id, "Seals.%d.Id", i);
		tmpl_setin(r, ver, "Seals.%d.Version", i);
		tmpl_setn(r, strcmp(variant, "cleaned") == 0 ? "自动处理后" :
		    "原图", "Seals.%d.Variant", i);
		tmpl_setn(r, arena_strndup(r->arena, sha, 16), "Seals.%d.Sha", i);
		tmpl_setn(r, at, "Seals.%d.At", i);
		tmpl_setin(r, letter, "Seals.%d.Letter", i);
		tmpl_setn(r, who, "Seals.%d.Who", i);
		tmpl_setin(r, used, "Seals.%d.Used", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	if (o.type[0] == 'i' && (rc = principal_to_hdf(r)) != RC_OK)
		return rc;
	tmpl_set(r, "Seal.Base", o.base);
	tmpl_set(r, "Seal.Owner", o.type);
	tmpl_set(r, "Seal.OwnerName", o.name);
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/seal.cs", "电子签章");
}

/* GET /inst/seal, /org/seal: the current seal, its versions, upload. */
enum rc
seal_page(struct req *r)
{
	return seal_list(r, 200, NULL);
}

struct	upload_tx {
	struct req	*r;
	struct owner	 o;
	const void	*orig, *clean;
	size_t		 origlen, cleanlen;
	unsigned int	 w, h;
	const char	*filename;
	int64_t		 id;
};

static enum rc
upload_act(void *arg)
{
	struct dbres	 res;
	struct upload_tx *t = arg;
	struct req	*r = t->r;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_UPLOAD_PURGE, DB_NOARGS,
	    NULL)) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_UPLOAD_INSERT,
	    DB_ARGS(DB_S(t->o.type), DB_I(t->o.id), DB_I(r->sess.account_id),
	    DB_B(t->orig, t->origlen), DB_B(t->clean, t->cleanlen),
	    DB_I((int64_t)t->w), DB_I((int64_t)t->h), DB_S(t->filename)),
	    &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	return audit_add(r, "seal.upload", "seal_upload", t->id, t->o.type);
}

/*
 * POST …/seal/upload: check the bytes (PNG signature, chunks, size,
 * square) before decoding, clean the seal up, and keep both versions
 * for the preview.  A refused file stores nothing.
 */
enum rc
seal_upload(struct req *r)
{
	struct fval	 v[UF__MAX];
	struct upload_tx t;
	gdImagePtr	 im, clean;
	enum img_err	 e;
	enum rc		 rc;

	if ((rc = req_form(r, upload_fields, UF__MAX, v)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	owner(r, &t.o);
	if (!v[UF_FILE].present)
		return seal_list(r, 400, img_message(IMG_EMPTY));
	if (v[UF_FILE].invalid)
		return seal_list(r, 400, img_message(IMG_TOOBIG));
	e = img_png_check((const unsigned char *)v[UF_FILE].val,
	    v[UF_FILE].len, SEAL_MAXBYTES, &t.w, &t.h);
	if (e == IMG_NOTSQUARE)
		return seal_list(r, 400, arena_printf(r->arena,
		    "%s当前图片为%u×%u像素。", img_message(e), t.w, t.h));
	if (e != IMG_OK)
		return seal_list(r, 400, img_message(e));
	if ((im = img_defer(r->arena, img_decode((const unsigned char *)
	    v[UF_FILE].val, v[UF_FILE].len))) == NULL)
		return seal_list(r, 400, img_message(IMG_DECODE));
	if ((clean = img_defer(r->arena, img_clean(im, SEAL_SIZE, &e))) == NULL)
		return seal_list(r, 400, img_message(e));
	/* The original is re-encoded too: metadata and text chunks go. */
	if ((t.orig = img_png(r->arena, im, 6, &t.origlen)) == NULL ||
	    (t.clean = img_png(r->arena, clean, 6, &t.cleanlen)) == NULL)
		return RC_ERROR;
	t.filename = v[UF_FILE].filename;
	if ((rc = db_tx(r->db, upload_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_UPLOADED, "%s/upload/%" PRId64,
	    t.o.base, t.id);
}

/* Load the caller's own pending upload r->arg[0]. */
static enum rc
upload_load(struct req *r, const void **orig, size_t *olen,
    const void **clean, size_t *clen)
{
	struct owner	 o;
	const char	*fn;
	int64_t		 w, h;
	enum rc		 rc;

	owner(r, &o);
	if ((rc = db_row(r->db, r->arena, STMT_UPLOAD_GET,
	    DB_ARGS(DB_I(r->arg[0]), DB_S(o.type), DB_I(o.id),
	    DB_I(r->sess.account_id)), DB_OUT(DB_OB(orig, olen),
	    DB_OB(clean, clen), DB_OI(&w), DB_OI(&h), DB_OS(&fn)))) != RC_OK)
		return rc;
	tmpl_set(r, "Upload.Filename", fn);
	tmpl_setn(r, arena_printf(r->arena, "%" PRId64 "×%" PRId64, w, h),
	    "Upload.Size");
	return RC_OK;
}

/* GET …/seal/upload/#: original and cleaned side by side, previews, letter. */
enum rc
seal_upload_page(struct req *r)
{
	return seal_again(r, 200, NULL);
}

static enum rc
send_png(struct req *r, const void *p, size_t n)
{
	return resp_send(r, 200, "image/png", p, n);
}

/*
 * Render the sample certificate with this seal in its place and a
 * sample of the other party's seal, at 150 dpi, and send it as PNG.
 */
static enum rc
preview(struct req *r, const void *png, size_t len)
{
	struct owner	 o;
	struct cert_doc	 d;
	gdImagePtr	 seal, other, im;
	void		*out;
	size_t		 n;
	int		 inst;

	owner(r, &o);
	inst = o.type[0] == 'i';
	if ((seal = img_defer(r->arena, img_decode(png, len))) == NULL ||
	    (other = img_defer(r->arena, certimg_sample_seal(r->cfg,
	    inst ? "培训评价组织" : "考核站点", SEAL_SIZE))) == NULL)
		return RC_ERROR;
	certimg_sample_doc(&d);
	d.org = inst ? "培训评价组织（样例）" : o.name;
	d.site = inst ? o.name : "考核站点（样例）";
	d.verify_url = arena_printf(r->arena, "%s/verify", r->cfg->base_url);
	if ((im = img_defer(r->arena, certimg_draw(r->cfg, &d,
	    inst ? other : seal, inst ? seal : other, 150))) == NULL ||
	    (out = img_png(r->arena, im, 1, &n)) == NULL)
		return RC_ERROR;
	return send_png(r, out, n);
}

/*
 * The images of a pending upload: the original or the cleaned seal,
 * alone or on the sample certificate.
 */
static enum rc
upload_image(struct req *r, int cleaned, int on_certificate)
{
	const void	*a, *b;
	size_t		 al, bl;
	enum rc		 rc;

	if ((rc = upload_load(r, &a, &al, &b, &bl)) != RC_OK)
		return rc;
	if (on_certificate)
		return cleaned ? preview(r, b, bl) : preview(r, a, al);
	return cleaned ? send_png(r, b, bl) : send_png(r, a, al);
}

/* GET …/seal/upload/#/original.png */
enum rc
seal_upload_original(struct req *r)
{
	return upload_image(r, 0, 0);
}

/* GET …/seal/upload/#/cleaned.png */
enum rc
seal_upload_cleaned(struct req *r)
{
	return upload_image(r, 1, 0);
}

/* GET …/seal/upload/#/preview-original.png */
enum rc
seal_upload_preview_original(struct req *r)
{
	return upload_image(r, 0, 1);
}

/* GET …/seal/upload/#/preview-cleaned.png */
enum rc
seal_upload_preview_cleaned(struct req *r)
{
	return upload_image(r, 1, 1);
}

struct	save_tx {
	struct req	*r;
	struct owner	 o;
	int		 cleaned;
	int64_t		 letter, version, id;
	char		 sha[65];
};

static enum rc
save_act(void *arg)
{
	struct dbres	 res;
	struct save_tx	*t = arg;
	struct req	*r = t->r;
	const void	*a, *b, *png;
	size_t		 al, bl, len;
	unsigned char	 h[32];
	unsigned int	 w = 0, ht = 0;
	enum rc		 rc;

	if ((rc = upload_load(r, &a, &al, &b, &bl)) != RC_OK)
		return rc;
	png = t->cleaned ? b : a;
	len = t->cleaned ? bl : al;
	if (img_png_check(png, len, 64 * 1024 * 1024, &w, &ht) != IMG_OK)
		return RC_ERROR;
	sec_sha256(png, len, h);
	sec_hex(h, sizeof(h), t->sha);
	if ((rc = db_row(r->db, r->arena, STMT_SEAL_NEXT,
	    DB_ARGS(DB_S(t->o.type), DB_I(t->o.id)),
	    DB_OUT(DB_OI(&t->version)))) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_SEAL_INSERT,
	    DB_ARGS(DB_S(t->o.type), DB_I(t->o.id), DB_I(t->version),
	    DB_B(png, len), DB_S(t->sha), DB_I((int64_t)w), DB_I((int64_t)ht),
	    DB_S(t->cleaned ? "cleaned" : "original"), DB_I(t->letter),
	    DB_I(r->sess.account_id), DB_S(r->ip)), &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	if ((rc = db_exec(r->db, r->arena, STMT_UPLOAD_DELETE,
	    DB_ARGS(DB_I(r->arg[0]), DB_S(t->o.type), DB_I(t->o.id)),
	    NULL)) != RC_OK)
		return rc;
	/* The consent: who (session), when, from where, letter, seal hash. */
	return audit_add(r, "seal.save", "seal", t->id,
	    arena_printf(r->arena, "%s v%" PRId64 " letter=%" PRId64
	    " sha256=%s", t->o.type, t->version, t->letter, t->sha));
}

/*
 * POST …/seal/upload/#/save: only with the letter's current version
 * ticked; the chosen variant becomes the next version of the seal.
 */
enum rc
seal_save(struct req *r)
{
	struct fval	 v[SF__MAX];
	struct save_tx	 t;
	const char	*title, *body;
	int64_t		 cur;
	int		 missing;
	enum rc		 rc;

	if ((rc = req_form(r, save_fields, SF__MAX, v)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	owner(r, &t.o);
	rc = db_row(r->db, r->arena, STMT_LETTER_CURRENT, DB_NOARGS,
	    DB_OUT(DB_OI(&cur), DB_OS(&title), DB_OS(&body)));
	if ((rc = db_must(rc, "the current authorisation letter")) != RC_OK)
		return rc;
	if ((rc = principal_missing(r, &t.o, &missing)) != RC_OK)
		return rc;
	if (missing)
		return seal_again(r, 409,
		    "请先填写考核站点负责人的姓名和职务，再保存签章");
	if (!v[SF_VARIANT].present || (strcmp(v[SF_VARIANT].val, "cleaned") &&
	    strcmp(v[SF_VARIANT].val, "original")))
		return seal_again(r, 400, "请选择要使用的签章图片（原图或自动处理后）");
	t.cleaned = strcmp(v[SF_VARIANT].val, "cleaned") == 0;
	if (!v[SF_CONSENT].present || strcmp(v[SF_CONSENT].val, "1") != 0)
		return seal_again(r, 400,
		    "请阅读并勾选《电子签名章使用授权委托书》后再保存");
	if (!v[SF_LETTER].present ||
	    valid_int(v[SF_LETTER].val, 1, INT32_MAX, &t.letter) == -1 ||
	    t.letter != cur)
		return seal_again(r, 409, "授权委托书已更新，请重新阅读后再勾选");
	if ((rc = db_tx(r->db, save_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SEAL, "%s", t.o.base);
}

/* The preview page of upload r->arg[0], with a message when err is set. */
static enum rc
seal_again(struct req *r, int status, const char *err)
{
	struct owner	 o;
	const void	*a, *b;
	size_t		 al, bl;
	int		 missing;
	enum rc		 rc;

	owner(r, &o);
	if ((rc = upload_load(r, &a, &al, &b, &bl)) != RC_OK ||
	    (rc = letter_to_hdf(r)) != RC_OK ||
	    (rc = principal_missing(r, &o, &missing)) != RC_OK)
		return rc;
	if (missing)
		tmpl_set(r, "Seal.NeedPrincipal", "1");
	tmpl_set(r, "Seal.Base", o.base);
	tmpl_set(r, "Seal.Owner", o.type);
	tmpl_seti(r, "Upload.Id", r->arg[0]);
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/seal_preview.cs", "预览效果");
}

static enum rc
version_load(struct req *r, const void **png, size_t *len)
{
	struct owner	 o;
	enum rc		 rc;

	owner(r, &o);
	if ((rc = db_row(r->db, r->arena, STMT_SEAL_PNG,
	    DB_ARGS(DB_I(r->arg[0]), DB_S(o.type), DB_I(o.id)),
	    DB_OUT(DB_OB(png, len)))) != RC_OK)
		return rc;
	return RC_OK;
}

/* GET …/seal/v/#.png: a saved version, to its owner only. */
enum rc
seal_version_png(struct req *r)
{
	const void	*p;
	size_t		 n;
	enum rc		 rc;

	if ((rc = version_load(r, &p, &n)) != RC_OK)
		return rc;
	return send_png(r, p, n);
}

/* GET …/seal/v/#/preview.png */
enum rc
seal_version_preview(struct req *r)
{
	const void	*p;
	size_t		 n;
	enum rc		 rc;

	if ((rc = version_load(r, &p, &n)) != RC_OK)
		return rc;
	return preview(r, p, n);
}

/*
 * GET …/seal/v/#/preview: the certificate with this version's seal as a
 * page of its own (a bare PNG opened in a tab gets the browser's viewer,
 * whose inline styles the CSP refuses).
 */
enum rc
seal_version_view(struct req *r)
{
	struct owner	 o;
	const void	*p;
	size_t		 n;
	enum rc		 rc;

	if ((rc = version_load(r, &p, &n)) != RC_OK)
		return rc;
	owner(r, &o);
	tmpl_set(r, "Seal.Base", o.base);
	tmpl_seti(r, "Seal.Id", r->arg[0]);
	return tmpl_page(r, 200, "institution/seal_view.cs", "签章加盖效果");
}

struct	del_tx {
	struct req	*r;
	struct owner	 o;
};

static enum rc
delete_act(void *arg)
{
	struct dbres	 res;
	struct del_tx	*t = arg;
	struct req	*r = t->r;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_SEAL_DELETE,
	    DB_ARGS(DB_I(r->arg[0]), DB_S(t->o.type), DB_I(t->o.id),
	    DB_I(r->arg[0]), DB_I(r->arg[0])), &res)) != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_CONFLICT;
	return audit_add(r, "seal.delete", "seal", r->arg[0], t->o.type);
}

/* POST …/seal/v/#/delete: only a version no certificate used. */
enum rc
seal_delete(struct req *r)
{
	struct del_tx	 t;
	const void	*p;
	size_t		 n;
	enum rc		 rc;

	t.r = r;
	owner(r, &t.o);
	if ((rc = version_load(r, &p, &n)) != RC_OK)
		return rc;
	if ((rc = db_tx(r->db, delete_act, &t)) == RC_CONFLICT)
		return seal_list(r, 409, "该版本签章已用于证书，不能删除");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_DELETED, "%s", t.o.base);
}

struct	principal_tx {
	struct req	*r;
	const char	*name, *title;
};

static enum rc
principal_act(void *arg)
{
	struct principal_tx *t = arg;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_PRINCIPAL_SET,
	    DB_ARGS(DB_S(t->name), DB_S(t->title), DB_I(t->r->sess.inst_id)),
	    NULL)) != RC_OK)
		return rc;
	return audit_add(t->r, "institution.site_principal", "institution",
	    t->r->sess.inst_id, t->title);
}

/* POST /inst/principal: the one assessment-site principal, 副校长 or above. */
enum rc
inst_principal_set(struct req *r)
{
	struct fval		 v[PF__MAX];
	struct principal_tx	 t;
	size_t			 i;
	enum rc			 rc;

	if ((rc = req_form(r, principal_fields, PF__MAX, v)) != RC_OK)
		return rc;
	t.r = r;
	if ((t.name = valid_text(r->arena, &v[PF_NAME], 2, 30)) == NULL)
		return seal_list(r, 400, "考核站点负责人姓名应为2至30个字符");
	t.title = NULL;
	for (i = 0; i < nitems(titles) && v[PF_TITLE].present; i++)
		if (strcmp(v[PF_TITLE].val, titles[i]) == 0)
			t.title = titles[i];
	if (t.title == NULL)
		return seal_list(r, 400,
		    "考核站点负责人须由副校长及以上职位担任，请从列表中选择职务");
	if ((rc = db_tx(r->db, principal_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/inst/seal");
}
