/* page_photo.c: a student's optional photo, checked like seals (PNG, size, bytes). */
#include <string.h>

#include <gd.h>

#include "app.h"
#include "img.h"
#include "students.h"

enum { PF_PHOTO, PF__MAX };
static const struct field photo_fields[PF__MAX] = {
	{ "photo", FT_FILE, 4 * 1024 * 1024 },	/* PF_PHOTO */
};

/* The seal rules' messages, worded for a photo. */
static const char *
photo_message(struct req *r, enum img_err e)
{
	const char	*m = img_message(e);
	size_t		 n = strlen("签章图片");

	if (strncmp(m, "签章图片", n) == 0)
		return arena_printf(r->arena, "照片%s", m + n);
	return arena_printf(r->arena, "照片：%s", m);
}

struct	photo_tx {
	struct req	*r;
	const void	*png;
	size_t		 len;
};

static enum rc
photo_act(void *arg)
{
	struct dbres	 res;
	struct photo_tx	*t = arg;
	struct req	*r = t->r;
	enum rc		 rc;

	/* A locked record, or one on a certificate, keeps its photo. */
	if ((rc = stud_locked(r, r->arg[0])) != RC_OK ||
	    (rc = stud_frozen(r, r->arg[0])) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_PHOTO_SET,
	    DB_ARGS(DB_B(t->png, t->len), DB_I(r->arg[0]),
	    DB_I(r->sess.inst_id)), &res)) != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_NOTFOUND;
	if ((rc = db_exec(r->db, r->arena, STMT_CHANGE_INSERT,
	    DB_ARGS(DB_I(r->arg[0]), DB_N(r->sess.account_id), DB_S("photo"),
	    DB_S(""), DB_S("已更新")), NULL)) != RC_OK)
		return rc;
	return audit_add(r, "student.photo", "student", r->arg[0], "");
}

/*
 * POST /students/#/photo: PNG only, at most 1 MB and 2000x2000, checked
 * before decoding and re-encoded (metadata dropped) before it is stored.
 */
enum rc
stud_photo_upload(struct req *r)
{
	struct fval	 v[PF__MAX];
	struct student	 s;
	struct photo_tx	 t;
	gdImagePtr	 im;
	unsigned int	 w, h;
	enum img_err	 e;
	enum rc		 rc;

	if ((rc = req_form(r, photo_fields, PF__MAX, v)) != RC_OK ||
	    (rc = stud_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	if (!v[PF_PHOTO].present)
		return stud_show_page(r, 400, NULL, "请选择照片（PNG格式）");
	if (v[PF_PHOTO].invalid)
		e = IMG_TOOBIG;
	else
		e = img_png_check_any((const unsigned char *)v[PF_PHOTO].val,
		    v[PF_PHOTO].len, SEAL_MAXBYTES, &w, &h);
	if (e == IMG_OK && (im = img_defer(r->arena, img_decode(
	    (const unsigned char *)v[PF_PHOTO].val, v[PF_PHOTO].len))) == NULL)
		e = IMG_DECODE;
	if (e != IMG_OK)
		return stud_show_page(r, 400, NULL, photo_message(r, e));
	t.r = r;
	if ((t.png = img_png(r->arena, im, 6, &t.len)) == NULL)
		return RC_ERROR;
	if ((rc = db_tx(r->db, photo_act, &t)) == RC_DENIED)
		return stud_show_page(r, 403, NULL, "该学生已生成证书或已超过完善期限，照片不能再修改");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_PHOTO, "/students/%lld",
	    (long long)s.id);
}

/* GET /students/#/photo.png: only to those who may see the student. */
enum rc
stud_photo(struct req *r)
{
	struct student	 s;
	const void	*p;
	size_t		 n;
	enum rc		 rc;

	if ((rc = stud_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	if ((rc = db_row(r->db, r->arena, STMT_PHOTO_GET, DB_ARGS(DB_I(s.id)),
	    DB_OUT(DB_OB(&p, &n)))) != RC_OK)
		return rc;
	return resp_send(r, 200, "image/png", p, n);
}
