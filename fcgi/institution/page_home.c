/* page_home.c: each role's landing page, and the institution profile. */
#include "app.h"
#include "cert.h"
#include "institution.h"

static const size_t counts[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_COUNT_ADMIN,
	[SCOPE_ORG] = STMT_COUNT_ORG,
	[SCOPE_INST] = STMT_COUNT_INST,
	[SCOPE_OWN] = STMT_COUNT_STUDENT,
};

static enum rc
admin_totals(struct req *r)
{
	int64_t		 o, i, s, a;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_ADMIN_TOTALS, DB_NOARGS,
	    DB_OUT(DB_OI(&o), DB_OI(&i), DB_OI(&s), DB_OI(&a)))) != RC_OK)
		return rc;
	tmpl_seti(r, "Totals.Orgs", o);
	tmpl_seti(r, "Totals.Insts", i);
	tmpl_seti(r, "Totals.Students", s);
	tmpl_seti(r, "Totals.Accounts", a);
	return RC_OK;
}

/*
 * What waits for a role: a status (or a signing request state), who
 * sees it, the list it links to and the statement that finds the
 * oldest one per scope kind (0: not in that scope).
 */
struct	wait {
	const char	*key;		/* Counts.<key> */
	const char	*label;
	const char	*link;
	unsigned int	 roles;
};
static const struct wait waits[] = {
	{ "org_pending", "培训评价组织待签发", "/certs?status=org_pending",
	    R_ORG | R_ADMIN },
	{ "org_rejected", "培训评价组织拒绝签发，待重新签发",
	    "/certs?status=org_rejected", R_ORG },
	{ "site_rejected", "考核站点拒绝签发，待重新签发",
	    "/certs?status=site_rejected", R_ORG },
	{ "site_pending", "考核站点待签发", "/certs?status=site_pending",
	    R_PRINCIPAL | R_BIZ | R_ADMIN },
};
static const size_t oldest[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_OLDEST_ALL,
	[SCOPE_ORG] = STMT_OLDEST_ORG,
	[SCOPE_INST] = STMT_OLDEST_INST,
};

/* A waiting time, coarse: 3 天 4 小时, 5 小时 12 分钟, 8 分钟. */
static const char *
age_text(struct req *r, int64_t s)
{
	if (s < 0)
		s = 0;
	if (s >= 86400)
		return arena_printf(r->arena, "%lld 天 %lld 小时",
		    (long long)(s / 86400), (long long)(s % 86400 / 3600));
	if (s >= 3600)
		return arena_printf(r->arena, "%lld 小时 %lld 分钟",
		    (long long)(s / 3600), (long long)(s % 3600 / 60));
	return arena_printf(r->arena, "%lld 分钟", (long long)(s / 60));
}

/* Wait.<i>.*: the caller's waiting work, with the oldest record's age. */
static enum rc
home_waits(struct req *r)
{
	struct scope	 sc;
	int64_t		 id, secs, n;
	size_t		 i, k = 0;
	enum rc		 rc;

	if ((rc = scope_get(r, oldest, &sc)) != RC_OK)
		return rc;
	for (i = 0; i < nitems(waits); i++) {
		if (!(waits[i].roles & (1u << r->sess.role)))
			continue;
		tmpl_setn(r, waits[i].key, "Wait.%zu.Key", k);
		tmpl_setn(r, waits[i].label, "Wait.%zu.Label", k);
		tmpl_setn(r, waits[i].link, "Wait.%zu.Link", k);
		rc = db_row(r->db, r->arena, sc.stmt, DB_ARGS(DB_I(sc.id),
		    DB_S(waits[i].key)), DB_OUT(DB_OI(&id), DB_OI(&secs)));
		if (rc == RC_OK) {
			tmpl_setin(r, id, "Wait.%zu.Oldest", k);
			tmpl_setn(r, age_text(r, secs), "Wait.%zu.Age", k);
		} else if (rc != RC_NOTFOUND)
			return rc;
		k++;
	}
	if (r->sess.role != ROLE_BIZ && r->sess.role != ROLE_PRINCIPAL)
		return RC_OK;
	if ((rc = db_row(r->db, r->arena, STMT_REQ_SUBMITTED,
	    DB_ARGS(DB_I(sc.id)), DB_OUT(DB_OI(&n), DB_OI(&secs)))) != RC_OK)
		return rc;
	tmpl_seti(r, "Submitted.N", n);
	if (n > 0)
		tmpl_set(r, "Submitted.Age", age_text(r, secs));
	return RC_OK;
}

/* The chart's segments, left to right, with their colours. */
static const struct {
	const char	*label;
	const char	*fill;
} segs[] = {
	{ "确认签发", "#2e7d32" },
	{ "考核站点待签发", "#f59e0b" },
	{ "培训评价组织待签发", "#60a5fa" },
	{ "拒绝签发", "#dc2626" },
};
static const size_t charts[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_CHART_ADMIN,
	[SCOPE_ORG] = STMT_CHART_ORG,
	[SCOPE_INST] = STMT_CHART_INST,
};

/* At most max characters of UTF-8 text s, with … when cut. */
static const char *
shorten(struct req *r, const char *s, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			return arena_printf(r->arena, "%.*s…", (int)i, s);
	return s;
}

/*
 * Chart.<i>.*: issuance progress of the ten largest institutions (or the
 * institution's exam plans), stacked bars in percent of the largest.
 */
static enum rc
home_chart(struct req *r)
{
	struct dbq	*q;
	struct scope	 sc;
	const char	*name;
	int64_t		 v[nitems(segs)], total, max = 0;
	double		 x, w;
	size_t		 i, k;
	enum rc		 rc;
	int		 row;

	if ((rc = scope_get(r, charts, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;
	for (i = 0; i < nitems(segs); i++) {
		tmpl_setn(r, segs[i].label, "Legend.%zu.Label", i);
		tmpl_setn(r, segs[i].fill, "Legend.%zu.Fill", i);
	}
	tmpl_set(r, "Chart.By", sc.kind == SCOPE_INST ? "考试计划" : "试点院校");
	for (k = 0; (row = db_next(q, DB_OUT(DB_OS(&name), DB_OI(&v[0]),
	    DB_OI(&v[1]), DB_OI(&v[2]), DB_OI(&v[3]), DB_OI(&total)))) == 1;
	    k++) {
		if (max == 0)
			max = total;	/* the first row is the largest */
		tmpl_setn(r, name, "Chart.Rows.%zu.Title", k);
		tmpl_setn(r, shorten(r, name, 15), "Chart.Rows.%zu.Name", k);
		tmpl_setin(r, total, "Chart.Rows.%zu.Total", k);
		tmpl_setin(r, (int64_t)k * 62, "Chart.Rows.%zu.Y", k);
		for (i = 0, x = 0; i < nitems(segs); i++, x += w) {
			w = max > 0 ? 100.0 * (double)v[i] / (double)max : 0;
			tmpl_setin(r, v[i], "Chart.Rows.%zu.Seg.%zu.N", k, i);
			tmpl_setn(r, segs[i].fill, "Chart.Rows.%zu.Seg.%zu.Fill",
			    k, i);
			tmpl_setn(r, arena_printf(r->arena, "%.2f%%", x),
			    "Chart.Rows.%zu.Seg.%zu.X", k, i);
			tmpl_setn(r, arena_printf(r->arena, "%.2f%%", w),
			    "Chart.Rows.%zu.Seg.%zu.W", k, i);
			tmpl_setn(r, arena_printf(r->arena, "%zu%%", i * 25),
			    "Chart.Rows.%zu.Seg.%zu.Key", k, i);
		}
	}
	tmpl_setin(r, (int64_t)k * 62, "Chart.Height");
	return row == -1 ? RC_ERROR : RC_OK;
}

/* GET /: the caller's work at a glance. */
enum rc
inst_home(struct req *r)
{
	enum rc		 rc;

	if ((rc = cert_counts(r, counts)) != RC_OK)
		return rc;
	if (r->sess.role == ROLE_ADMIN && (rc = admin_totals(r)) != RC_OK)
		return rc;
	if (r->sess.role != ROLE_STUDENT && ((rc = home_waits(r)) != RC_OK ||
	    (rc = home_chart(r)) != RC_OK))
		return rc;
	return tmpl_page(r, 200, "institution/home.cs", "工作台");
}

/* GET /inst/profile: 试点院校管理 for the caller's own institution. */
enum rc
inst_profile(struct req *r)
{
	const char	*code, *name, *region, *plogin, *pname;
	int64_t		 id, pid;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_INST_GET,
	    DB_ARGS(DB_I(r->sess.inst_id)), DB_OUT(DB_OI(&id), DB_OS(&code),
	    DB_OS(&name), DB_OS(&region), DB_OI(&pid), DB_OS(&plogin),
	    DB_OS(&pname)))) != RC_OK)
		return rc;
	tmpl_set(r, "Inst.Code", code);
	tmpl_set(r, "Inst.Name", name);
	tmpl_set(r, "Inst.Region", region);
	tmpl_set(r, "Inst.PrincipalLogin", plogin);
	tmpl_set(r, "Inst.PrincipalName", pname);
	if (r->sess.role == ROLE_PRINCIPAL)
		tmpl_set(r, "Inst.IsPrincipal", "1");
	return tmpl_page(r, 200, "institution/profile.cs", "试点院校管理");
}

/* GET /notifications: the caller's latest 100. */
enum rc
inst_notes(struct req *r)
{
	static const char *const cols[] = { "Title", "Link", "At", "Unread" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_NOTES,
	    DB_ARGS(DB_I(r->sess.account_id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Notes", cols, nitems(cols)) == -1)
		return RC_ERROR;
	return tmpl_page(r, 200, "institution/notes.cs", "通知");
}

static enum rc
read_act(void *arg)
{
	struct req	*r = arg;

	return db_exec(r->db, r->arena, STMT_NOTES_READ,
	    DB_ARGS(DB_I(r->sess.account_id)), NULL);
}

/* POST /notifications/read: mark all as read. */
enum rc
inst_notes_read(struct req *r)
{
	enum rc	 rc;

	if ((rc = db_tx(r->db, read_act, r)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_READ, "/notifications");
}
