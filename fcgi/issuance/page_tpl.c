/* page_tpl.c: 证书模板 (templates as data: versions, a sample, a new version, image checks) and the print view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "certimg.h"
#include "img.h"
#include "issuance.h"

#define PRINT_MAX	100	/* certificates in one print view */

/*
 * GET /certs/templates: every template version (the default's and each
 * type's), newest first, with how many certificates were confirmed
 * with it; and the certificates whose image no longer hashed as frozen.
 */
enum rc
iss_tpl_list(struct req *r)
{
	static const char *const cols[] = { "Id", "Type", "Level", "Org",
	    "Version", "HasBg", "Note", "By", "At", "Used", "Current" };
	static const char *const bad[] = { "Id", "Number", "Dpi", "Expected",
	    "Got", "Seen", "First", "Last" };
	struct dbq	*q;
	enum rc		 rc;
	int		 n;

	if ((q = db_run(r->db, r->arena, &rc, STMT_TPL_LIST, NULL, 0)) ==
	    NULL || (n = tmpl_rows(r, q, "Tpl", cols, nitems(cols))) < 0)
		return q == NULL ? rc : RC_ERROR;
	if ((q = db_run(r->db, r->arena, &rc, STMT_IMG_BAD_LIST, NULL, 0)) ==
	    NULL || (n = tmpl_rows(r, q, "Bad", bad, nitems(bad))) < 0)
		return q == NULL ? rc : RC_ERROR;
	tmpl_seti(r, "BadCount", n);
	return tmpl_page(r, 200, "issuance/templates.cs", "证书模板");
}

/* The types a new version may be for, and the form's defaults. */
static enum rc
tpl_form_page(struct req *r, int status, const char *error)
{
	static const char *const cols[] = { "Id", "Name", "Level", "Org" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_TPL_TYPES, NULL, 0)) ==
	    NULL)
		return rc;
	if (tmpl_rows(r, q, "Types", cols, nitems(cols)) < 0)
		return RC_ERROR;
	if (error != NULL)
		tmpl_set(r, "Form.Error", error);
	return tmpl_page(r, status, "issuance/tplform.cs", "新增模板版本");
}

enum	tf { TF_TYPE, TF_LAYOUT, TF_NOTE, TF_BG, TF__MAX };
static const struct field tpl_fields[TF__MAX] = {
	[TF_TYPE] = { "type", FT_TEXT, 20 },
	[TF_LAYOUT] = { "layout", FT_MULTILINE, 16 * 1024 },
	[TF_NOTE] = { "note", FT_TEXT, 600 },
	[TF_BG] = { "background", FT_FILE, CIMG_BG_MAXBYTES },
};

/*
 * GET /certs/templates/new[?from=#]: the form, with the layout and type
 * of version "from" to start from (none: the built-in default's).
 */
enum rc
iss_tpl_form(struct req *r)
{
	static const struct field f[] = { { "from", FT_TEXT, 20 } };
	struct fval	 v[1];
	struct cimg_tpl	 t;
	int64_t		 id = 0, key;
	enum rc		 rc;

	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if (v[0].present && (id = strtoll(v[0].val, NULL, 10)) <= 0)
		return RC_NOTFOUND;
	if (id == 0) {
		tmpl_set(r, "Form.layout", certimg_format(r->arena,
		    &certimg_default));
		return tpl_form_page(r, 200, NULL);
	}
	if ((rc = iss_tpl_load(r, id, &t)) != RC_OK ||
	    (rc = db_row(r->db, r->arena, STMT_TPL_KEY, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OI(&key)))) != RC_OK)
		return rc;
	tmpl_set(r, "Form.layout", certimg_format(r->arena, &t));
	if (key > 0)
		tmpl_setn(r, arena_printf(r->arena, "%lld", (long long)key),
		    "Form.type");
	return tpl_form_page(r, 200, NULL);
}

struct	tpl_tx {
	struct req		*r;
	int64_t			 type;
	const struct cimg_tpl	*t;
	const char		*note;
	int64_t			 id, version;
};

static enum rc
tpl_act(void *arg)
{
	static const char *const al[] = { "left", "centre", "right" };
	struct tpl_tx		*x = arg;
	struct req		*r = x->r;
	const struct cimg_item	*it;
	struct dbres		 res;
	size_t			 i;
	enum rc			 rc;

	if ((rc = db_row(r->db, r->arena, STMT_TPL_NEXT, DB_ARGS(DB_I(x->type)),
	    DB_OUT(DB_OI(&x->version)))) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_TPL_INSERT, DB_ARGS(
	    DB_I(x->type), DB_I(x->version), DB_B(x->t->bg, x->t->bglen),
	    DB_S(x->note), DB_I(r->sess.account_id)), &res)) != RC_OK)
		return rc;
	x->id = res.insert_id;
	for (i = 0; i < x->t->n; i++) {
		it = &x->t->item[i];
		if ((rc = db_exec(r->db, r->arena, STMT_TPL_FIELD_INSERT, DB_ARGS(
		    DB_I(x->id), DB_I((int64_t)i + 1),
		    DB_S(certimg_field_name[it->field]),
		    DB_S(arena_printf(r->arena, "%.1f", it->x)),
		    DB_S(arena_printf(r->arena, "%.1f", it->y)),
		    DB_S(arena_printf(r->arena, "%.1f", it->w)),
		    DB_S(arena_printf(r->arena, "%.1f", it->h)),
		    DB_S(arena_printf(r->arena, "%.1f", it->size)),
		    DB_I(it->bold), DB_S(arena_printf(r->arena, "%06x",
		    (unsigned int)it->colour)), DB_S(al[it->align]),
		    DB_I(it->required), DB_S(it->label)), NULL)) != RC_OK)
			return rc;
	}
	return audit_add(r, "template.version", "cert_template", x->id,
	    arena_printf(r->arena, "type %lld version %lld",
	    (long long)x->type, (long long)x->version));
}

/*
 * POST /certs/templates/new: a new version for a type (or the
 * default): the layout in its text form, checked item by item, and an
 * optional background PNG (A4 landscape proportions, at most 2000 px
 * and 1.5 MB).  Existing versions and the certificates confirmed with
 * them never change.
 */
enum rc
iss_tpl_new(struct req *r)
{
	struct fval	 v[TF__MAX];
	struct cimg_tpl	 t;
	struct tpl_tx	 x;
	const char	*err;
	unsigned int	 w, h;
	enum img_err	 e;
	enum rc		 rc;

	if ((rc = req_form(r, tpl_fields, TF__MAX, v)) != RC_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	memset(&t, 0, sizeof(t));
	tmpl_set(r, "Form.layout", v[TF_LAYOUT].present ? v[TF_LAYOUT].val :
	    "");
	tmpl_set(r, "Form.note", v[TF_NOTE].present ? v[TF_NOTE].val : "");
	tmpl_set(r, "Form.type", v[TF_TYPE].present ? v[TF_TYPE].val : "");
	if (v[TF_TYPE].present && v[TF_TYPE].val[0] != '\0' &&
	    (x.type = strtoll(v[TF_TYPE].val, NULL, 10)) <= 0)
		return tpl_form_page(r, 400, "请选择证书类型");
	if (!v[TF_LAYOUT].present || v[TF_LAYOUT].invalid)
		return tpl_form_page(r, 400, "请填写版式（最多 16 KB）");
	if ((err = certimg_parse(r->arena, v[TF_LAYOUT].val, &t)) != NULL)
		return tpl_form_page(r, 400, err);
	if (v[TF_BG].invalid)
		return tpl_form_page(r, 400, "背景图片不能超过 1.5 MB");
	if (v[TF_BG].present && v[TF_BG].len > 0) {
		e = img_png_check_any((const unsigned char *)v[TF_BG].val,
		    v[TF_BG].len, CIMG_BG_MAXBYTES, &w, &h);
		if (e != IMG_OK)
			return tpl_form_page(r, 400, arena_printf(r->arena,
			    "背景图片：%s", img_message(e)));
		/* A4 landscape is 297:210; allow 3%. */
		if (w * 210 > h * 297 * 103 / 100 || w * 210 * 103 / 100 <
		    h * 297 || w < 800)
			return tpl_form_page(r, 400, "背景图片应为 A4 横向比例"
			    "（297:210，例如 2000×1414 像素），宽至少 800 像素");
		t.bg = (const unsigned char *)v[TF_BG].val;
		t.bglen = v[TF_BG].len;
		if (img_defer(r->arena, img_decode(t.bg, t.bglen)) == NULL)
			return tpl_form_page(r, 400, "背景图片无法解码，请重新导出为 PNG");
	}
	x.r = r;
	x.t = &t;
	x.note = v[TF_NOTE].present ? v[TF_NOTE].val : "";
	rc = db_tx(r->db, tpl_act, &x);
	if (rc == RC_NOTFOUND)	/* the type's foreign key */
		return tpl_form_page(r, 400, "该证书类型不存在，请重新选择");
	if (rc == RC_CONFLICT)
		return tpl_form_page(r, 409, "刚有人保存了该证书类型的新版本，请核对后重试");
	if (rc != RC_OK)
		return rc;
	return resp_redirect(r, "/certs/templates#t%lld", (long long)x.id);
}

/* GET /certs/templates/#/sample.png: a version on a sample holder. */
enum rc
iss_tpl_sample(struct req *r)
{
	struct cimg_tpl	 t;
	struct cert_doc	 d;
	gdImagePtr	 org, site, im;
	void		*out;
	size_t		 n;
	enum rc		 rc;

	if ((rc = iss_tpl_load(r, r->arg[0], &t)) != RC_OK)
		return rc;
	certimg_sample_doc(&d);
	d.org = "培训评价组织（样例）";
	d.site = "考核站点（样例）";
	d.verify_url = iss_qr_text(r, NULL);
	if ((org = img_defer(r->arena, certimg_sample_seal(r->cfg,
	    "培训评价组织", SEAL_SIZE))) == NULL ||
	    (site = img_defer(r->arena, certimg_sample_seal(r->cfg, "考核站点",
	    SEAL_SIZE))) == NULL ||
	    (im = img_defer(r->arena, certimg_render(r->cfg, &t, &d, org, site,
	    NULL, 150))) == NULL ||
	    (out = img_png_opaque(r->arena, im, 1, &n)) == NULL)
		return RC_ERROR;
	return resp_send(r, 200, "image/png", out, n);
}

/*
 * GET /certs/print?ids=1,2,3: the print view, one confirmed certificate
 * per A4 landscape page (the 300 dpi print copy scaled to the page),
 * straight from the browser, at most PRINT_MAX at a time.  Only the
 * caller's own: the others and the certificates not confirmed are left
 * out (none at all: 404).
 */
enum rc
iss_print(struct req *r)
{
	static const struct field f[] = { { "ids", FT_IDS, 200000 } };
	struct fval	 v[1];
	struct idset	 ids;
	struct scope	 sc;
	struct dbq	*q;
	struct dbarg	 a[7];
	const char	*number;
	int64_t		 id;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if (!v[0].present || idset_parse(r, v[0].val, &ids) != RC_OK)
		return RC_NOTFOUND;
	/* Each page is a 300 dpi image: a browser prints a hundred well. */
	if (ids.n > PRINT_MAX) {
		tmpl_set(r, "Page.Message", arena_printf(r->arena, "一次最多打印 "
		    "%d 份证书，请分批打印（或使用批量下载）", PRINT_MAX));
		return tmpl_page(r, 400, "issuance/message.cs", "打印证书");
	}
	if ((rc = scope_get(r, NULL, &sc)) != RC_OK)
		return rc;
	if (sc.kind == SCOPE_PLATFORM)
		return RC_NOTFOUND;
	a[0] = DB_S(ids.json);
	a[1] = a[2] = DB_I(sc.kind == SCOPE_INST ? sc.id : 0);
	a[3] = a[4] = DB_I(sc.kind == SCOPE_ORG ? sc.id : 0);
	a[5] = a[6] = DB_I(sc.kind == SCOPE_OWN ? sc.id : 0);
	if ((q = db_run(r->db, r->arena, &rc, STMT_PRINT_PICK, a, 7)) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number)))) == 1) {
		tmpl_setin(r, id, "Print.%d.Id", i);
		tmpl_setn(r, number, "Print.%d.Number", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	if (i == 0)
		return RC_NOTFOUND;
	tmpl_seti(r, "PrintCount", i);
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/print.cs", "打印证书");
}
