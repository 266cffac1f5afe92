/* page_gen.c: 生成待签发名单, the organisation's list of students awaiting certificates. */
#include <string.h>

#include "app.h"
#include "canon.h"
#include "certno.h"
#include "issuance.h"

#define GEN_ROWS	100	/* rows per multi-row insert (STMT_GEN_INSERT100) */
#define GEN_COLS	12	/* values per row */

/* GET /certs/generate: the organisation's exam plans and what awaits. */
enum rc
iss_gen_form(struct req *r)
{
	static const char *const cols[] = { "Id", "Name", "Date", "Cert",
	    "Level", "Passed", "Certs" };
	struct dbq	*q;
	enum rc		 rc;

	if (r->sess.org_id <= 0)
		return RC_NOTFOUND;
	if ((q = db_run(r->db, r->arena, &rc, STMT_GEN_PLANS,
	    DB_ARGS(DB_I(r->sess.org_id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Plans", cols, nitems(cols)) == -1)
		return RC_ERROR;
	return tmpl_page(r, 200, "issuance/generate.cs", "生成待签发名单");
}

struct	gen_tx {
	struct req	*r;
	int64_t		 plan;
	/* the plan, as locked */
	const char	*plan_name, *type_name, *level, *org_code;
	int64_t		 year, type_id, type_code, org_id;
	/* what happened */
	int64_t		 made, held, first_serial;
	const char	*why;		/* a refusal to show, or NULL */
};

static int
level_digit(const char *level)
{
	if (strcmp(level, "初级") == 0)
		return 1;
	if (strcmp(level, "中级") == 0)
		return 2;
	if (strcmp(level, "高级") == 0)
		return 3;
	return 0;
}

/* Lock the plan and give its organisation and type their codes. */
static enum rc
gen_plan(struct gen_tx *t)
{
	struct req	*r = t->r;
	struct dbq	*q;
	enum rc		 rc;

	rc = db_row(r->db, r->arena, STMT_GEN_PLAN, DB_ARGS(DB_I(t->plan),
	    DB_I(r->sess.org_id)), DB_OUT(DB_OI(&t->plan), DB_OS(&t->plan_name),
	    DB_OI(&t->year), DB_OI(&t->type_id), DB_OI(&t->type_code),
	    DB_OS(&t->level), DB_OS(&t->type_name), DB_OI(&t->org_id),
	    DB_OS(&t->org_code)));
	if (rc != RC_OK)
		return rc;
	if (*t->org_code == '\0') {
		if (t->org_id + 100000 > 999999)
			return RC_ERROR;
		if ((rc = db_exec(r->db, r->arena, STMT_GEN_ORGCODE_SET,
		    DB_ARGS(DB_I(t->org_id)), NULL)) != RC_OK)
			return rc;
		t->org_code = arena_printf(r->arena, "%06lld",
		    (long long)(100000 + t->org_id));
	}
	if (t->type_code == 0) {
		/* The same certificate name keeps one code across levels. */
		rc = db_row(r->db, r->arena, STMT_GEN_TYPECODE_SAME,
		    DB_ARGS(DB_I(t->org_id), DB_S(t->type_name)),
		    DB_OUT(DB_OI(&t->type_code)));
		if (rc == RC_NOTFOUND) {
			if ((q = db_run(r->db, r->arena, &rc,
			    STMT_GEN_TYPECODE_NEXT,
			    DB_ARGS(DB_I(t->org_id)))) == NULL)
				return rc;
			if (db_next(q, DB_OUT(DB_OI(&t->type_code))) != 1)
				return RC_ERROR;
		} else if (rc != RC_OK)
			return rc;
		if (t->type_code > 999) {
			t->why = "本机构的证书类型已超过 999 种，无法编号";
			return RC_CONFLICT;
		}
		if ((rc = db_exec(r->db, r->arena, STMT_GEN_TYPECODE_SET,
		    DB_ARGS(DB_I(t->type_code), DB_I(t->type_id)), NULL)) !=
		    RC_OK)
			return rc;
	}
	if (level_digit(t->level) == 0)
		return RC_ERROR;
	return RC_OK;
}

/*
 * Insert the n rows of args (GEN_COLS values each), 100 or 1 at a time.
 * The first id the generation made goes into *first (when still 0).
 */
static enum rc
gen_flush(struct req *r, struct dbarg *args, size_t n, int64_t *first)
{
	struct dbres	 res;
	size_t		 i, step = n == GEN_ROWS ? GEN_ROWS : 1;
	enum rc		 rc;

	for (i = 0; i < n; i += step) {
		if ((rc = db_exec(r->db, r->arena, step == GEN_ROWS ?
		    STMT_GEN_INSERT100 : STMT_GEN_INSERT1, args + i * GEN_COLS,
		    step * GEN_COLS, &res)) != RC_OK)
			return rc;
		/* A multi-row insert's first id; later ones are larger. */
		if (*first == 0)
			*first = res.insert_id;
	}
	return RC_OK;
}

static enum rc
gen_act(void *arg)
{
	struct gen_tx		*t = arg;
	struct req		*r = t->r;
	struct arena		*ba;
	struct dbq		*q;
	struct canon		 c;
	struct canon_row	 w;
	struct dbarg		 args[GEN_ROWS * GEN_COLS], *a;
	struct buf		 json;
	char			 num[CERTNO_LEN + 1], hash[65];
	const char		*title;
	int64_t			 serial, first = 0, after, inst, n;
	size_t			 k = 0;
	int			 row;
	enum rc			 rc;

	t->made = 0;
	if ((rc = gen_plan(t)) != RC_OK)
		return rc;
	if ((rc = db_count(r->db, r->arena, STMT_GEN_HELD, t->plan, 0,
	    &t->held)) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_GEN_SERIAL_INIT,
	    DB_ARGS(DB_I(t->org_id), DB_I(t->type_id), DB_I(t->year)),
	    NULL)) != RC_OK ||
	    (rc = db_row(r->db, r->arena, STMT_GEN_SERIAL_GET,
	    DB_ARGS(DB_I(t->org_id), DB_I(t->type_id), DB_I(t->year)),
	    DB_OUT(DB_OI(&serial)))) != RC_OK)
		return db_must(rc, "certificate_serial");
	if ((q = db_run(r->db, r->arena, &rc, STMT_GEN_CANDIDATES,
	    DB_ARGS(DB_I(t->plan)))) == NULL)
		return rc;
	t->first_serial = serial;
	/*
	 * The rows come with their holder's type and name, and are
	 * counted in one statement at the end, not one by one (0025).
	 */
	if ((rc = db_exec(r->db, r->arena, STMT_COUNT_DEFER, DB_NOARGS,
	    NULL)) != RC_OK)
		return rc;
	/* Each batch's canonical documents live in their own arena. */
	ba = arena_new();
	while ((row = iss_canon_next(r, q, 0, &c, &w)) == 1) {
		if (certno_make(num, t->org_code, (int)t->type_code,
		    level_digit(t->level), (int)t->year, serial) == -1) {
			t->why = "本类证书本年度的编号已用完";
			rc = RC_CONFLICT;
			break;
		}
		serial++;
		c.number = arena_strdup(ba, num);
		buf_init(&json, ba);
		canon_json(&json, &c);
		canon_hash(json.p, json.len, hash);
		a = args + k * GEN_COLS;
		a[0] = DB_S(c.number);
		a[1] = DB_I(w.result_id);
		a[2] = DB_I(w.student_id);
		a[3] = DB_I(w.inst_id);
		a[4] = DB_I(w.site_id);
		a[5] = DB_I(t->org_id);
		a[6] = DB_I(t->type_id);
		a[7] = DB_I(t->plan);
		a[8] = DB_B(json.p, json.len);
		a[9] = DB_S(arena_strdup(ba, hash));
		a[10] = DB_S(arena_strdup(ba, w.student_type));
		a[11] = DB_S(arena_strdup(ba, c.name));
		if (++k == GEN_ROWS) {
			if ((rc = gen_flush(r, args, k, &first)) != RC_OK)
				break;
			t->made += (int64_t)k;
			k = 0;
			arena_reset(ba);
		}
	}
	if (row == -1)
		rc = RC_ERROR;
	if (rc == RC_OK && k > 0 &&
	    (rc = gen_flush(r, args, k, &first)) == RC_OK)
		t->made += (int64_t)k;
	arena_free(ba);
	/*
	 * The plan's records from the first id on are exactly the ones
	 * made here: the plan is locked, and so is its numbering, which a
	 * replacement of one of its records takes too.
	 */
	after = first - 1;
	if (rc == RC_OK && t->made > 0)
		rc = db_exec(r->db, r->arena, STMT_COUNT_GENERATED,
		    DB_ARGS(DB_I(t->plan), DB_I(after)), NULL);
	if ((rc = iss_undefer(r, STMT_COUNT_UNDEFER, rc)) != RC_OK)
		return rc;
	if (t->made == 0)
		return RC_OK;
	if ((rc = db_exec(r->db, r->arena, STMT_GEN_SERIAL_SET,
	    DB_ARGS(DB_I(serial), DB_I(t->org_id), DB_I(t->type_id),
	    DB_I(t->year)), NULL)) != RC_OK ||
	    (rc = db_exec(r->db, r->arena, STMT_GEN_EVENTS,
	    DB_ARGS(DB_I(r->sess.account_id), DB_I(t->plan), DB_I(after)),
	    NULL)) != RC_OK)
		return rc;
	/* Each institution hears how many of its students await. */
	if ((q = db_run(r->db, r->arena, &rc, STMT_GEN_INSTS,
	    DB_ARGS(DB_I(t->plan), DB_I(after)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&inst), DB_OI(&n)))) == 1) {
		title = arena_printf(r->arena, "培训评价组织已生成待签发名单："
		    "%s，本校 %lld 名学生", t->plan_name, (long long)n);
		if ((rc = iss_notify_inst(r, inst, title, "/certs")) != RC_OK)
			return rc;
	}
	if (row == -1)
		return RC_ERROR;
	return audit_add(r, "cert.generate", "exam_plan", t->plan,
	    arena_printf(r->arena, "made=%lld held=%lld serials=%lld-%lld",
	    (long long)t->made, (long long)t->held,
	    (long long)t->first_serial, (long long)(serial - 1)));
}

/*
 * POST /certs/generate (organisation staff): every passed result of the
 * plan without a certificate and without an open 待完善 flag gets a
 * record awaiting the organisation's signature, numbered in sequence,
 * with its canonical content; the institutions are notified.  Running
 * it again creates nothing twice.
 */
enum rc
iss_gen(struct req *r)
{
	static const struct field f[] = { { "plan", FT_TEXT, 20 } };
	struct fval	 v[1];
	struct gen_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if (!v[0].present || valid_int(v[0].val, 1, INT64_MAX, &t.plan) == -1)
		return RC_BADREQ;
	if (r->sess.org_id <= 0)
		return RC_NOTFOUND;
	rc = db_tx(r->db, gen_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL) {
		tmpl_set(r, "Form.Error", t.why);
		return iss_gen_form(r);
	}
	if (rc != RC_OK)
		return rc;
	if (t.made == 0)
		return resp_redirect_ok(r, t.held > 0 ? FLASH_GEN_HELD :
		    FLASH_GEN_NONE, "/certs/generate");
	return resp_redirect_ok(r, FLASH_GENERATED,
	    "/certs?plan=%lld&status=org_pending", (long long)t.plan);
}
