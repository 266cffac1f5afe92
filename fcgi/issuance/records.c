/* records.c: what the issuance pages share: id sets, canonical content rows, the preflight, notifications. */
#include <string.h>

#include "app.h"
#include "canon.h"
#include "glyph.h"
#include "notify.h"
#include "issuance.h"

/*
 * Parse the comma-joined ids of an FT_IDS field (at most BATCH_MAX, no
 * repeats) into s, with the JSON array the statements read them from.
 * Returns RC_OK, or RC_BADREQ for none, too many or a repeat.
 */
enum rc
idset_parse(struct req *r, const char *csv, struct idset *s)
{
	const char	*p;
	struct buf	 b;
	size_t		 i, k, n = 1;
	int64_t		 v;

	memset(s, 0, sizeof(*s));
	if (csv == NULL || *csv == '\0')
		return RC_BADREQ;
	for (p = csv; *p; p++)
		if (*p == ',')
			n++;
	if (n > BATCH_MAX)
		return RC_BADREQ;
	s->id = arena_calloc(r->arena, n, sizeof(*s->id));
	buf_init(&b, r->arena);
	buf_puts(&b, "[");
	for (p = csv, i = 0; i < n; i++) {
		for (v = 0, k = 0; p[k] >= '0' && p[k] <= '9' && k < 19; k++)
			v = v * 10 + (p[k] - '0');
		if (k == 0 || k > 18 || v <= 0 || (p[k] != ',' && p[k] != '\0'))
			return RC_BADREQ;
		s->id[i] = v;
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)v);
		p += k + (p[k] == ',');
	}
	buf_puts(&b, "]");
	s->n = n;
	/* A repeat would sign one record twice in one manifest. */
	{
		struct hset	 h;
		unsigned char	 key[32];

		hset_init(r->arena, &h, n);
		for (i = 0; i < n; i++) {
			memset(key, 0, sizeof(key));
			memcpy(key, &s->id[i], sizeof(s->id[i]));
			if (hset_get(&h, key) != 0)
				return RC_BADREQ;
			hset_add(&h, key, 1);
		}
	}
	s->json = buf_cstr(&b);
	return RC_OK;
}

/*
 * Read the next row of a query whose columns are a head (kind 0: the
 * result id, student id, institution id, site id and the student's
 * type of a candidate; kind 1: the certificate's id and number) and
 * then the canonical content's parts (CANON_COLS in sql_sign.c), and
 * for kind 1 the status last.
 * Returns 1, 0 at the end, -1 on error.
 */
int
iss_canon_next(struct req *r, struct dbq *q, int kind, struct canon *c,
    struct canon_row *w)
{
	int64_t		 h0 = 0, h1 = 0, h2 = 0, h3 = 0;
	const char	*number = NULL, *status = NULL;
	int		 row;

	(void)r;
	memset(c, 0, sizeof(*c));
	memset(w, 0, sizeof(*w));
	if (kind == 0)
		row = db_next(q, DB_OUT(DB_OI(&h0), DB_OI(&h1), DB_OI(&h2),
		    DB_OI(&h3), DB_OS(&w->student_type), DB_OS(&c->name),
		    DB_OS(&c->gender), DB_OS(&c->id_type), DB_OS(&c->id_hmac),
		    DB_OS(&c->id_mask), DB_OS(&c->cert_name), DB_OS(&c->level),
		    DB_OI(&c->org_id), DB_OS(&c->org_name), DB_OI(&c->inst_id),
		    DB_OS(&c->inst_code), DB_OS(&c->inst_name),
		    DB_OI(&c->site_id), DB_OS(&c->site_code),
		    DB_OS(&c->site_name), DB_OI(&c->plan_id),
		    DB_OS(&c->plan_name), DB_OS(&c->result), DB_OS(&c->score)));
	else
		row = db_next(q, DB_OUT(DB_OI(&h0), DB_OS(&number),
		    DB_OS(&c->name), DB_OS(&c->gender),
		    DB_OS(&c->id_type), DB_OS(&c->id_hmac), DB_OS(&c->id_mask),
		    DB_OS(&c->cert_name), DB_OS(&c->level), DB_OI(&c->org_id),
		    DB_OS(&c->org_name), DB_OI(&c->inst_id),
		    DB_OS(&c->inst_code), DB_OS(&c->inst_name),
		    DB_OI(&c->site_id), DB_OS(&c->site_code),
		    DB_OS(&c->site_name), DB_OI(&c->plan_id),
		    DB_OS(&c->plan_name), DB_OS(&c->result), DB_OS(&c->score),
		    DB_OS(&status)));
	if (row != 1)
		return row;
	if (kind == 0) {
		w->result_id = h0;
		w->student_id = h1;
		w->inst_id = h2;
		w->site_id = h3;
	} else {
		w->id = h0;
		w->number = number;
		w->status = status;
		c->number = number;
	}
	return 1;
}

/*
 * The preflight of one record before it is signed or shown as signable:
 * f holds the drawn fields of its canonical content (PF_COLS).  Every
 * character must exist in the certificate font, or the certificate
 * would print an empty box.  Returns NULL when the record may be
 * signed, else the reason (the field and the character, in Chinese;
 * or the photo the template requires and the holder lacks),
 * with a short form for the list's row in *brief when not NULL.
 */
const char *
iss_preflight(struct req *r, const char *const f[PF__MAX], const char **brief)
{
	static const char *const label[PF__MAX] = { "姓名", "证件类型",
	    "证书名称", "证书等级", "证书编号", "培训评价组织名称", "院校名称",
	    "考核站点名称", "照片" };
	uint32_t	 c = 0;
	char		 u[5];
	size_t		 i;
	int		 n;

	if (f[PF_PHOTO] != NULL) {
		if (brief != NULL)
			*brief = "不能签发：证书模板要求照片，学生未上传照片";
		return "证书模板要求照片，该学生还没有照片：请在学生管理中上传照片后再签发";
	}
	for (i = 0; i < PF_PHOTO; i++) {
		if ((n = glyph_missing(r->cfg, f[i] != NULL ? f[i] : "",
		    &c)) == 0)
			continue;
		if (n == -1) {
			if (brief != NULL)
				*brief = "不能签发：证书字体无法加载";
			return "证书字体无法加载，暂不能签发：请联系平台管理员";
		}
		glyph_utf8(c, u);
		if (brief != NULL)
			*brief = arena_printf(r->arena, "不能签发：%s含字体缺失的字"
			    "“%s”", label[i], u);
		return arena_printf(r->arena, "%s中的“%s”（U+%04X）证书字体中没有，"
		    "打印会显示为空白方框：请核对%s或联系平台管理员", label[i], u,
		    (unsigned int)c, label[i]);
	}
	return NULL;
}

/*
 * Text s cut to at most n characters (UTF-8), with "…" when cut: what a
 * notification title (200 characters) quotes of a free-text reason.
 */
const char *
iss_clip(struct req *r, const char *s, size_t n)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && n-- == 0)
			return arena_printf(r->arena, "%.*s…", (int)(p - s), s);
	return s;
}

/*
 * Is s blank: nothing but spaces, tabs, line breaks and the ideographic
 * space (U+3000) a Chinese keyboard types?
 */
int
iss_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 2;
		else if (strchr(" \t\r\n", *s) == NULL)
			return 0;
	}
	return 1;
}

/*
 * Clear a deferral of certificate's triggers (0023's published records,
 * 0025's counts) set for a batch, whatever the batch's outcome rc: the
 * connection serves other transactions next.  Returns rc, or RC_ERROR
 * when rc was RC_OK and the clearing failed.
 */
enum rc
iss_undefer(struct req *r, enum stmt off, enum rc rc)
{
	if (db_exec(r->db, r->arena, off, DB_NOARGS, NULL) != RC_OK &&
	    rc == RC_OK)
		return RC_ERROR;
	return rc;
}

/* Notify an institution's staff (principal and business admins). */
enum rc
iss_notify_inst(struct req *r, int64_t inst, const char *title,
    const char *link)
{
	return notify_send(r->db, r->arena, STMT_NOTIFY_INST, inst, title, link);
}

/* Notify an organisation's staff. */
enum rc
iss_notify_org(struct req *r, int64_t org, const char *title,
    const char *link)
{
	return notify_send(r->db, r->arena, STMT_NOTIFY_ORG, org, title, link);
}
