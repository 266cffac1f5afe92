/* page_results.c: exam results (成绩) of a plan, by import. */
#include <string.h>

#include "app.h"
#include "students.h"

enum { UF_FILE, UF__MAX };
static const struct field upload_fields[UF__MAX] = {
	{ "file", FT_FILE, 16 * 1024 * 1024 },	/* UF_FILE */
};

struct	reg {
	int64_t		 student, inst, has_cert;
};

/*
 * A plan's registrations in one query: *s maps a blind index to 1 + the
 * registration's position in *regs (arena-owned).
 */
static enum rc
plan_regs(struct req *r, int64_t plan, struct hset *s, struct reg **regs)
{
	struct dbq	*q;
	const void	*k;
	size_t		 klen, n = 0;
	struct reg	*g;
	int		 row;
	enum rc		 rc;

	*regs = NULL;
	if ((q = db_run(r->db, r->arena, &rc, STMT_PLAN_REGS,
	    DB_ARGS(DB_I(plan)))) == NULL)
		return rc;
	hset_init(r->arena, s, (size_t)db_rows(q));
	*regs = g = arena_calloc(r->arena, (size_t)db_rows(q) + 1, sizeof(*g));
	while ((row = db_next(q, DB_OUT(DB_OB(&k, &klen), DB_OI(&g[n].student),
	    DB_OI(&g[n].inst), DB_OI(&g[n].has_cert)))) == 1)
		if (klen == 32 && hset_add(s, k, (int64_t)n + 1) == 0)
			n++;
	return row == -1 ? RC_ERROR : RC_OK;
}

/*
 * POST /students/plans/#/results (organisation): 证件号码, 成绩, 考核状态
 * (已通过 / 未通过 / 缺考) for students registered to the plan.  A result
 * from which a certificate was generated cannot change.
 */
enum rc
stud_plan_results(struct req *r)
{
	struct fval	 v[UF__MAX];
	struct csvdoc	 d;
	struct plan	 p;
	struct reg_tx	 t;
	struct reg_row	*x;
	struct hset	 regs;
	struct reg	*reg;
	unsigned char	 idx[32];
	ssize_t		 ci, cs, cst;
	size_t		 i, k, nerr = 0;
	int64_t		 score;
	enum rc		 rc;

	if ((rc = req_form(r, upload_fields, UF__MAX, v)) != RC_OK ||
	    (rc = stud_plan_load(r, &p)) != RC_OK)
		return rc;
	if (p.org != r->sess.org_id)
		return RC_NOTFOUND;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.plan = p.id;
	t.results = 1;
	if (stud_csv_load(r, &v[UF_FILE], &d, &nerr) == -1)
		return stud_plan_done(r, nerr, 0, 1);
	ci = stud_csv_column(r, &d, "证件号码", "身份证号");
	cs = stud_csv_column(r, &d, "成绩", "分数");
	cst = stud_csv_column(r, &d, "考核状态", NULL);
	if (ci < 0 || cst < 0) {
		stud_csv_problem(r, &nerr, 1, "缺少必需的列（证件号码、考核状态；成绩可选）");
		return stud_plan_done(r, nerr, 0, 1);
	}
	t.rows = arena_calloc(r->arena, d.nrows, sizeof(*t.rows));
	if ((rc = plan_regs(r, p.id, &regs, &reg)) != RC_OK)
		return rc;
	for (i = 1; i < d.nrows; i++) {
		x = &t.rows[t.n];
		if (stud_csv_index(r, &d, i, ci, idx) == -1) {
			stud_csv_problem(r, &nerr, d.lines[i], "证件号码格式不正确");
			continue;
		}
		x->status = stud_csv_cell(r, &d, i, cst);
		if (strcmp(x->status, "已通过") && strcmp(x->status, "未通过") &&
		    strcmp(x->status, "缺考")) {
			stud_csv_problem(r, &nerr, d.lines[i], "考核状态应为 已通过、未通过 或 缺考");
			continue;
		}
		x->score = stud_csv_cell(r, &d, i, cs);
		if (x->score[0] != '\0' &&
		    valid_int(x->score, 0, 100, &score) == -1) {
			stud_csv_problem(r, &nerr, d.lines[i], "成绩应为0至100的整数");
			continue;
		}
		if ((k = (size_t)hset_get(&regs, idx)) == 0) {
			stud_csv_problem(r, &nerr, d.lines[i], "该学生未报名本考试计划");
			continue;
		}
		if (reg[k - 1].has_cert) {
			stud_csv_problem(r, &nerr, d.lines[i], "已根据该成绩生成证书，成绩不能再修改");
			continue;
		}
		x->student = reg[k - 1].student;
		x->inst = reg[k - 1].inst;
		t.n++;
	}
	if (nerr > 0)
		return stud_plan_done(r, nerr, 0, 1);
	if ((rc = db_tx(r->db, stud_plan_act, &t)) != RC_OK)
		return rc;
	return stud_plan_done(r, 0, t.n, 1);
}
