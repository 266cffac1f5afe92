/* page_plans.c: exam plans (考试计划): sites, and registration by import. */
#include <inttypes.h>
#include <sys/types.h>

#include <string.h>

#include "app.h"
#include "idno.h"
#include "students.h"

enum { PF_NAME, PF_TYPE, PF_DATE, PF_SITES, PF__MAX };
static const struct field plan_fields[PF__MAX] = {
	{ "name", FT_TEXT, 400 },		/* PF_NAME */
	{ "certificate_type", FT_TEXT, 20 },	/* PF_TYPE */
	{ "exam_date", FT_TEXT, 16 },		/* PF_DATE */
	{ "sites", FT_MULTILINE, 20000 },	/* PF_SITES */
};

enum { UF_FILE, UF__MAX };
static const struct field upload_fields[UF__MAX] = {
	{ "file", FT_FILE, 16 * 1024 * 1024 },	/* UF_FILE */
};

static enum rc
types_to_hdf(struct req *r)
{
	struct dbq	*q;
	const char	*name, *level;
	int64_t		 id;
	int		 i = 0, row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_TYPES_ORG,
	    DB_ARGS(DB_I(r->sess.org_id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&name),
	    DB_OS(&level)))) == 1) {
		tmpl_setin(r, id, "Types.%d.Id", i);
		tmpl_setn(r, arena_printf(r->arena, "%s（%s）", name, level),
		    "Types.%d.Label", i);
		i++;
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

static enum rc
plans_page(struct req *r, int status, const char *err)
{
	static const char *const cols[] = { "Id", "Name", "Cert", "Level",
	    "Date", "Org", "Sites", "Registered", "Results" };
	static const size_t lists[SCOPE__MAX] = {
		[SCOPE_PLATFORM] = STMT_PLAN_LIST_ADMIN,
		[SCOPE_ORG] = STMT_PLAN_LIST_ORG,
		[SCOPE_INST] = STMT_PLAN_LIST_INST,
	};
	struct scope	 sc;
	struct dbq	*q;
	enum rc		 rc;

	if ((rc = scope_get(r, lists, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Plans", cols, nitems(cols)) == -1)
		return RC_ERROR;
	if (sc.kind == SCOPE_ORG && (rc = types_to_hdf(r)) != RC_OK)
		return rc;
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "students/plans.cs", "考试计划");
}

/* GET /students/plans */
enum rc
stud_plans(struct req *r)
{
	return plans_page(r, 200, NULL);
}

struct	plan_tx {
	struct req	*r;
	const char	*name, *date;
	int64_t		 type, id;
	int64_t		 sites[200];
	size_t		 nsites;
};

static enum rc
plan_act(void *arg)
{
	struct dbres	 res;
	struct plan_tx	*t = arg;
	struct req	*r = t->r;
	size_t		 i;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_PLAN_INSERT,
	    DB_ARGS(DB_I(r->sess.org_id), DB_I(t->type), DB_S(t->name),
	    DB_S(t->date)), &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	for (i = 0; i < t->nsites; i++)
		if ((rc = db_exec(r->db, r->arena, STMT_SITE_INSERT,
		    DB_ARGS(DB_I(t->id), DB_I(t->sites[i])), NULL)) != RC_OK)
			return rc;
	return audit_add(r, "exam_plan.create", "exam_plan", t->id, "");
}

/* Resolve site codes (one per line or separated by spaces/commas). */
static const char *
sites_from(struct req *r, const char *s, struct plan_tx *t)
{
	char		*copy, *tok, *save;
	int64_t		 id;
	enum rc		 rc;
	size_t		 i;

	copy = arena_strdup(r->arena, s != NULL ? s : "");
	for (tok = strtok_r(copy, " ,，;\r\n\t", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,，;\r\n\t", &save)) {
		if (!valid_inst_code(tok))
			return arena_printf(r->arena, "考核站点代码“%s”应为20位数字", tok);
		if ((rc = db_row(r->db, r->arena, STMT_INST_BY_CODE,
		    DB_ARGS(DB_S(tok)), DB_OUT(DB_OI(&id)))) != RC_OK)
			return arena_printf(r->arena, "考核站点“%s”不存在", tok);
		for (i = 0; i < t->nsites; i++)
			if (t->sites[i] == id)
				break;
		if (i < t->nsites)
			continue;
		if (t->nsites == nitems(t->sites))
			return "考核站点过多";
		t->sites[t->nsites++] = id;
	}
	return t->nsites == 0 ? "请至少填写一个考核站点（试点院校代码）" : NULL;
}

/* POST /students/plans (organisation): a plan of one of its certificates. */
enum rc
stud_plan_create(struct req *r)
{
	struct fval	 v[PF__MAX];
	struct plan_tx	 t;
	const char	*why;
	int64_t		 tid;
	int		 y, m, d;
	enum rc		 rc;

	if ((rc = req_form(r, plan_fields, PF__MAX, v)) != RC_OK)
		return rc;
	tmpl_form(r, plan_fields, PF__MAX, v);
	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((t.name = valid_text(r->arena, &v[PF_NAME], 4, 100)) == NULL)
		return plans_page(r, 400, "考试计划名称应为4至100个字符");
	if (!v[PF_TYPE].present ||
	    valid_int(v[PF_TYPE].val, 1, INT64_MAX, &t.type) == -1 ||
	    db_row(r->db, r->arena, STMT_TYPE_OWN,
	    DB_ARGS(DB_I(t.type), DB_I(r->sess.org_id)),
	    DB_OUT(DB_OI(&tid))) != RC_OK)
		return plans_page(r, 400, "请从本机构的证书目录中选择证书");
	t.date = valid_trim(r->arena, v[PF_DATE].val ? v[PF_DATE].val : "");
	if (valid_date(t.date, &y, &m, &d) == -1)
		return plans_page(r, 400, "请填写有效的考试日期（年-月-日）");
	if ((why = sites_from(r, v[PF_SITES].val, &t)) != NULL)
		return plans_page(r, 400, why);
	if ((rc = db_tx(r->db, plan_act, &t)) == RC_CONFLICT)
		return plans_page(r, 409, "已有同名的考试计划");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_CREATED, "/students/plans/%" PRId64,
	    t.id);
}

/* Load plan r->arg[0] within the caller's scope. */
enum rc
stud_plan_load(struct req *r, struct plan *p)
{
	/* One statement: the organisation's, a site's, or any (admin). */
	static const size_t get[SCOPE__MAX] = {
		[SCOPE_PLATFORM] = STMT_PLAN_GET,
		[SCOPE_ORG] = STMT_PLAN_GET,
		[SCOPE_INST] = STMT_PLAN_GET,
	};
	struct scope	 sc;
	enum rc		 rc;

	if ((rc = scope_get(r, get, &sc)) != RC_OK)
		return rc;
	return db_row(r->db, r->arena, sc.stmt, DB_ARGS(DB_I(r->arg[0]),
	    DB_I(sc.kind == SCOPE_ORG ? sc.id : 0),
	    DB_I(sc.kind == SCOPE_INST ? sc.id : 0),
	    DB_I((int64_t)(sc.kind == SCOPE_PLATFORM))),
	    DB_OUT(DB_OI(&p->id), DB_OI(&p->org), DB_OS(&p->name),
	    DB_OS(&p->cert), DB_OS(&p->level), DB_OS(&p->date),
	    DB_OS(&p->orgname)));
}

static enum rc
plan_page(struct req *r, int status)
{
	struct plan	 p;
	struct dbq	*q;
	const char	*code, *name, *st;
	int64_t		 id, nreg, npass, n;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = stud_plan_load(r, &p)) != RC_OK)
		return rc;
	tmpl_seti(r, "Plan.Id", p.id);
	tmpl_set(r, "Plan.Name", p.name);
	tmpl_set(r, "Plan.Cert", p.cert);
	tmpl_set(r, "Plan.Level", p.level);
	tmpl_set(r, "Plan.Date", p.date);
	tmpl_set(r, "Plan.Org", p.orgname);
	if ((q = db_run(r->db, r->arena, &rc, STMT_PLAN_SITES,
	    DB_ARGS(DB_I(p.id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&code), DB_OS(&name),
	    DB_OI(&nreg), DB_OI(&npass)))) == 1) {
		tmpl_setn(r, code, "Sites.%d.Code", i);
		tmpl_setn(r, name, "Sites.%d.Name", i);
		tmpl_setin(r, nreg, "Sites.%d.Registered", i);
		tmpl_setin(r, npass, "Sites.%d.Passed", i);
		if (id == r->sess.inst_id)
			tmpl_set(r, "Plan.MySite", "1");
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	if ((q = db_run(r->db, r->arena, &rc, STMT_PLAN_COUNTS,
	    DB_ARGS(DB_I(p.id)))) == NULL)
		return rc;
	tmpl_set(r, "Results.passed", "0");
	tmpl_set(r, "Results.failed", "0");
	tmpl_set(r, "Results.absent", "0");
	while ((row = db_next(q, DB_OUT(DB_OS(&st), DB_OI(&n)))) == 1)
		tmpl_setin(r, n, "Results.%s", strcmp(st, "已通过") == 0 ?
		    "passed" : strcmp(st, "未通过") == 0 ? "failed" : "absent");
	if (row == -1)
		return RC_ERROR;
	return tmpl_page(r, status, "students/plan.cs", "考试计划");
}

/* GET /students/plans/# */
enum rc
stud_plan_show(struct req *r)
{
	return plan_page(r, 200);
}

/* Report one problem of a registration or results file. */
void
stud_csv_problem(struct req *r, size_t *n, size_t row, const char *why)
{
	if (*n < 500) {
		tmpl_setin(r, (int64_t)row, "Import.Errors.%zu.Row", *n);
		tmpl_setn(r, why, "Import.Errors.%zu.Reason", *n);
	}
	(*n)++;
}

/* Find the named column in the header, or -1. */
ssize_t
stud_csv_column(struct req *r, const struct csvdoc *d, const char *a,
    const char *b)
{
	size_t	 i;
	char	*h;

	for (i = 0; i < d->ncols[0]; i++) {
		h = valid_trim(r->arena, d->cells[0][i]);
		if (strcmp(h, a) == 0 || (b != NULL && strcmp(h, b) == 0))
			return (ssize_t)i;
	}
	return -1;
}

const char *
stud_csv_cell(struct req *r, const struct csvdoc *d, size_t row, ssize_t c)
{
	return c >= 0 && (size_t)c < d->ncols[row] ?
	    valid_trim(r->arena, d->cells[row][c]) : "";
}

/* Parse an uploaded CSV, reporting file-level problems.  Returns 0 or -1. */
int
stud_csv_load(struct req *r, struct fval *v, struct csvdoc *d, size_t *nerr)
{
	const char	*enc;
	enum csv_err	 e;

	if (!v->present || v->len == 0) {
		stud_csv_problem(r, nerr, 0, "请选择要导入的CSV文件");
		return -1;
	}
	if ((e = csvdoc_parse(r->arena, v->val, v->len, d, &enc)) != CSV_OK) {
		stud_csv_problem(r, nerr, 0, csvdoc_message(e));
		return -1;
	}
	tmpl_set(r, "Import.Encoding", enc);
	tmpl_setin(r, (int64_t)d->nrows - 1, "Import.Rows");
	return 0;
}

/* The blind index of row i's ID number (any type).  Returns 0 or -1. */
int
stud_csv_index(struct req *r, const struct csvdoc *d, size_t i, ssize_t c,
    unsigned char idx[32])
{
	char	 id[24];
	int	 k;

	for (k = 0; k < IDT__MAX; k++)
		if (idno_valid((enum idtype)k, stud_csv_cell(r, d, i, c),
		    id) == NULL) {
			idno_index(r->cfg, id, idx);
			return 0;
		}
	return -1;
}

/* The caller's institution's students by blind index, in one query. */
static enum rc
own_students(struct req *r, struct hset *s)
{
	struct dbq	*q;
	const void	*k;
	size_t		 klen;
	int64_t		 id;
	int		 row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_HMACS_INST,
	    DB_ARGS(DB_I(r->sess.inst_id)))) == NULL)
		return rc;
	hset_init(r->arena, s, (size_t)db_rows(q));
	while ((row = db_next(q, DB_OUT(DB_OB(&k, &klen), DB_OI(&id)))) == 1)
		if (klen == 32)
			hset_add(s, k, id);
	return row == -1 ? RC_ERROR : RC_OK;
}

/* Write an import's rows (registrations or results) and its audit row. */
enum rc
stud_plan_act(void *arg)
{
	struct reg_tx	*t = arg;
	struct req	*r = t->r;
	size_t		 i;
	enum rc		 rc;

	for (i = 0; i < t->n; i++) {
		if (t->results)
			rc = db_exec(r->db, r->arena, STMT_RESULT_UPSERT,
			    DB_ARGS(DB_I(t->plan), DB_I(t->rows[i].student),
			    DB_I(t->rows[i].inst), DB_S(t->rows[i].status),
			    DB_S(t->rows[i].score[0] ? t->rows[i].score : NULL)),
			    NULL);
		else
			rc = db_exec(r->db, r->arena, STMT_REG_INSERT,
			    DB_ARGS(DB_I(t->plan), DB_I(t->rows[i].student),
			    DB_I(r->sess.inst_id)), NULL);
		if (rc != RC_OK)
			return rc;
	}
	return audit_add(r, t->results ? "exam_result.import" :
	    "registration.import", "exam_plan", t->plan,
	    arena_printf(r->arena, "%zu rows", t->n));
}

/* Answer an import with the plan page and what was done or wrong. */
enum rc
stud_plan_done(struct req *r, size_t nerr, size_t done, int results)
{
	enum rc	 rc;

	tmpl_setin(r, (int64_t)nerr, "Import.NErrors");
	tmpl_setin(r, (int64_t)done, "Import.Done");
	tmpl_set(r, "Import.Kind", results ? "成绩" : "报名");
	if ((rc = plan_page(r, nerr ? 400 : 200)) != RC_OK)
		return rc;
	return RC_OK;
}

/*
 * POST /students/plans/#/register (institution at a site of the plan):
 * a CSV whose 证件号码 column names the institution's own students.
 */
enum rc
stud_plan_register(struct req *r)
{
	struct fval	 v[UF__MAX];
	struct csvdoc	 d;
	struct plan	 p;
	struct reg_tx	 t;
	struct hset	 mine;
	unsigned char	 idx[32];
	ssize_t		 c;
	size_t		 i, nerr = 0;
	enum rc		 rc;

	if ((rc = req_form(r, upload_fields, UF__MAX, v)) != RC_OK ||
	    (rc = stud_plan_load(r, &p)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.plan = p.id;
	if (stud_csv_load(r, &v[UF_FILE], &d, &nerr) == -1)
		return stud_plan_done(r, nerr, 0, 0);
	if ((c = stud_csv_column(r, &d, "证件号码", "身份证号")) < 0) {
		stud_csv_problem(r, &nerr, 1, "缺少必需的列“证件号码”");
		return stud_plan_done(r, nerr, 0, 0);
	}
	if ((rc = own_students(r, &mine)) != RC_OK)
		return rc;
	t.rows = arena_calloc(r->arena, d.nrows, sizeof(*t.rows));
	for (i = 1; i < d.nrows; i++) {
		if (stud_csv_index(r, &d, i, c, idx) == -1) {
			stud_csv_problem(r, &nerr, d.lines[i], "证件号码格式不正确");
			continue;
		}
		if ((t.rows[t.n].student = hset_get(&mine, idx)) == 0) {
			stud_csv_problem(r, &nerr, d.lines[i], "本院校没有该证件号码的学生，请先登记学生信息");
			continue;
		}
		t.n++;
	}
	if (nerr > 0)
		return stud_plan_done(r, nerr, 0, 0);
	if ((rc = db_tx(r->db, stud_plan_act, &t)) != RC_OK)
		return rc;
	return stud_plan_done(r, 0, t.n, 0);
}
