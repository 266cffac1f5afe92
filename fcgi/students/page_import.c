/* page_import.c: bulk import of students from CSV, all-or-nothing or valid rows only. */
#include <sys/types.h>

#include <string.h>

#include "app.h"
#include "idno.h"
#include "students.h"

enum { IF_FILE, IF_MODE, IF__MAX };
static const struct field import_fields[IF__MAX] = {
	{ "file", FT_FILE, 16 * 1024 * 1024 },	/* IF_FILE */
	{ "mode", FT_TEXT, 16 },		/* IF_MODE */
};

#define IMPORT_MAXBYTES	(10 * 1024 * 1024)
#define MAX_REPORTED	500

/* The columns, by the header names Excel users write. */
enum	col { C_NAME, C_GENDER, C_IDTYPE, C_IDNO, C_STYPE, C_PHONE, C_MAJOR,
	C_CLASS, C__MAX };
static const struct {
	const char	*names[3];
	int		 required;
} cols[C__MAX] = {
	{ { "姓名", "学生姓名", NULL }, 1 },		/* C_NAME */
	{ { "性别", NULL, NULL }, 1 },			/* C_GENDER */
	{ { "证件类型", NULL, NULL }, 0 },		/* C_IDTYPE */
	{ { "证件号码", "身份证号", "身份证号码" }, 1 },	/* C_IDNO */
	{ { "学生类型", NULL, NULL }, 0 },		/* C_STYPE */
	{ { "手机号码", "手机号", "联系电话" }, 0 },	/* C_PHONE */
	{ { "专业", NULL, NULL }, 0 },			/* C_MAJOR */
	{ { "班级", NULL, NULL }, 0 },			/* C_CLASS */
};

struct	report {
	struct req	*r;
	size_t		 nerr, nwarn;
};

static void
problem(struct report *rp, const char *kind, size_t row, const char *field,
    const char *why)
{
	size_t	*n = kind[0] == 'E' ? &rp->nerr : &rp->nwarn;

	if (*n < MAX_REPORTED) {
		tmpl_setin(rp->r, (int64_t)row, "Import.%s.%zu.Row", kind, *n);
		tmpl_setn(rp->r, field, "Import.%s.%zu.Field", kind, *n);
		tmpl_setn(rp->r, why, "Import.%s.%zu.Reason", kind, *n);
	}
	(*n)++;
}

/* Map header cells to columns.  Returns 0, or -1 after reporting. */
static int
header(struct report *rp, char **cells, size_t n, ssize_t map[C__MAX])
{
	size_t	 i, c, k;
	int	 bad = 0, found;

	for (c = 0; c < C__MAX; c++)
		map[c] = -1;
	for (i = 0; i < n; i++) {
		found = 0;
		for (c = 0; c < C__MAX && !found; c++)
			for (k = 0; k < 3 && cols[c].names[k] && !found; k++)
				if (strcmp(valid_trim(rp->r->arena, cells[i]),
				    cols[c].names[k]) == 0) {
					if (map[c] >= 0) {
						problem(rp, "Errors", 1, cells[i],
						    "列名重复");
						bad = 1;
					}
					map[c] = (ssize_t)i;
					found = 1;
				}
		if (!found && cells[i][0] != '\0') {
			problem(rp, "Errors", 1, cells[i], arena_printf(
			    rp->r->arena, "未知的列“%s”。可用的列：姓名、性别、"
			    "证件类型、证件号码、学生类型、手机号码、专业、班级",
			    cells[i]));
			bad = 1;
		}
	}
	for (c = 0; c < C__MAX; c++)
		if (cols[c].required && map[c] < 0) {
			problem(rp, "Errors", 1, cols[c].names[0], arena_printf(
			    rp->r->arena, "缺少必需的列“%s”", cols[c].names[0]));
			bad = 1;
		}
	return bad ? -1 : 0;
}

struct	good {
	struct student_in	 in;
	size_t			 row;
	unsigned char		 idx[32];
	unsigned char		 cipher[64];
	size_t			 clen;
	const char		*mask;
};

static const char *
cell(struct req *r, char **cells, size_t n, ssize_t c)
{
	return c >= 0 && (size_t)c < n ? valid_trim(r->arena, cells[c]) : "";
}

static const char *
col_label(const char *field)
{
	static const char *const map[][2] = { { "name", "姓名" },
	    { "gender", "性别" }, { "id_type", "证件类型" },
	    { "id_number", "证件号码" }, { "student_type", "学生类型" },
	    { "phone", "手机号码" }, { "major", "专业" },
	    { "class_name", "班级" } };
	size_t	 i;

	for (i = 0; i < nitems(map); i++)
		if (field != NULL && strcmp(map[i][0], field) == 0)
			return map[i][1];
	return "";
}

/* Validate every data row; the valid ones go into g[], *ng of them. */
static void
rows(struct req *r, struct report *rp, struct csvdoc *d, ssize_t map[C__MAX],
    struct hset *seen, struct hset *here, struct good *g, size_t *ng)
{
	struct good	*x;
	const char	*why, *field, *idtype, *idno;
	size_t		 i, k, first;

	for (i = 1; i < d->nrows; i++) {
		x = &g[*ng];
		memset(x, 0, sizeof(*x));
		x->row = d->lines[i];	/* as Excel numbers it */
		for (k = 0; k < d->ncols[i]; k++)
			if (csvdoc_formula(d->cells[i][k]))
				break;
		if (k < d->ncols[i]) {
			problem(rp, "Errors", x->row, d->cells[0][k] ?
			    d->cells[0][k] : "", "内容以 = + - @ 开头（疑似公式），已拒绝");
			continue;
		}
		x->in.name = cell(r, d->cells[i], d->ncols[i], map[C_NAME]);
		x->in.gender = cell(r, d->cells[i], d->ncols[i], map[C_GENDER]);
		idtype = map[C_IDTYPE] < 0 ? "居民身份证" :
		    cell(r, d->cells[i], d->ncols[i], map[C_IDTYPE]);
		idno = cell(r, d->cells[i], d->ncols[i], map[C_IDNO]);
		x->in.student_type = map[C_STYPE] < 0 ? "院校学生" :
		    cell(r, d->cells[i], d->ncols[i], map[C_STYPE]);
		x->in.phone = cell(r, d->cells[i], d->ncols[i], map[C_PHONE]);
		x->in.major = cell(r, d->cells[i], d->ncols[i], map[C_MAJOR]);
		x->in.class_name = cell(r, d->cells[i], d->ncols[i],
		    map[C_CLASS]);
		if ((why = stud_check(r->arena, &x->in, idtype, idno,
		    &field)) != NULL) {
			problem(rp, "Errors", x->row, col_label(field), why);
			continue;
		}
		idno_index(r->cfg, x->in.idno, x->idx);
		if ((first = (size_t)hset_add(seen, x->idx,
		    (int64_t)x->row)) != 0) {
			problem(rp, "Errors", x->row, "证件号码", arena_printf(
			    r->arena, "与第%zu行的证件号码重复", first));
			continue;
		}
		if (hset_add(here, x->idx, (int64_t)x->row) != 0) {
			problem(rp, "Errors", x->row, "证件号码",
			    "本院校已登记该证件号码的学生");
			continue;
		}
		(*ng)++;
	}
}

/* The caller's institution's students by blind index (to their ids). */
static enum rc
existing(struct req *r, struct hset *here, size_t extra)
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
	hset_init(r->arena, here, (size_t)db_rows(q) + extra);
	while ((row = db_next(q, DB_OUT(DB_OB(&k, &klen), DB_OI(&id)))) == 1)
		if (klen == 32)
			hset_add(here, k, id);
	return row == -1 ? RC_ERROR : RC_OK;
}

/* Warn about numbers already registered at another institution. */
static enum rc
elsewhere(struct req *r, struct report *rp, struct good *g, size_t ng)
{
	struct dbarg	 args[1 + IMPORT_BATCH];
	static const unsigned char zero[32];
	struct dbq	*q;
	size_t		 i, k, n, klen;
	const void	*key;
	int		 row;
	enum rc		 rc;

	for (i = 0; i < ng; i += IMPORT_BATCH) {
		n = ng - i < IMPORT_BATCH ? ng - i : IMPORT_BATCH;
		args[0] = db_i(r->sess.inst_id);
		for (k = 0; k < IMPORT_BATCH; k++)
			args[1 + k] = db_b(k < n ? g[i + k].idx : zero, 32);
		if ((q = db_run(r->db, r->arena, &rc, STMT_ELSEWHERE_BATCH,
		    args, 1 + IMPORT_BATCH)) == NULL)
			return rc;
		while ((row = db_next(q, DB_OUT(DB_OB(&key, &klen)))) == 1)
			for (k = 0; k < n; k++)
				if (klen == 32 && memcmp(key, g[i + k].idx,
				    32) == 0)
					problem(rp, "Warnings", g[i + k].row,
					    "证件号码", "该证件号码已在其他院校登记，"
					    "培训评价组织将看到此重复登记提示");
		if (row == -1)
			return RC_ERROR;
	}
	return RC_OK;
}

struct	import_tx {
	struct req	*r;
	struct good	*g;
	size_t		 ng;
};

static void
row_args(struct req *r, struct good *x, struct dbarg *a)
{
	const char *const s[] = { x->in.name, x->in.gender,
	    idno_type_name(x->in.idtype) };
	size_t	 k;

	a[0] = db_i(r->sess.inst_id);
	for (k = 0; k < 3; k++)
		a[1 + k] = db_s(s[k]);
	a[4] = db_b(x->cipher, x->clen);
	a[5] = db_b(x->idx, 32);
	a[6] = db_s(x->mask);
	a[7] = db_s(x->in.student_type);
	a[8] = db_s(x->in.phone);
	a[9] = db_s(x->in.major);
	a[10] = db_s(x->in.class_name);
}

/* All valid rows in one transaction, IMPORT_BATCH rows per statement. */
static enum rc
import_act(void *arg)
{
	struct import_tx	*t = arg;
	struct req		*r = t->r;
	struct dbarg		*a;
	size_t			 i, k, n;
	enum rc			 rc;

	a = arena_calloc(r->arena, IMPORT_BATCH * 11, sizeof(*a));
	for (i = 0; i < t->ng; i += n) {
		n = t->ng - i >= IMPORT_BATCH ? IMPORT_BATCH : 1;
		for (k = 0; k < n; k++)
			row_args(r, &t->g[i + k], a + k * 11);
		if ((rc = db_exec(r->db, r->arena,
		    n == IMPORT_BATCH ? STMT_INSERT_BATCH : STMT_INSERT, a,
		    n * 11, NULL)) != RC_OK)
			return rc;
	}
	return audit_add(r, "student.import", "institution", r->sess.inst_id,
	    arena_printf(r->arena, "%zu rows", t->ng));
}

static enum rc
report_page(struct req *r, struct report *rp, int status)
{
	tmpl_setin(r, (int64_t)rp->nerr, "Import.NErrors");
	tmpl_setin(r, (int64_t)rp->nwarn, "Import.NWarnings");
	if (rp->nerr > MAX_REPORTED)
		tmpl_setin(r, (int64_t)MAX_REPORTED, "Import.Shown");
	return tmpl_page(r, status, "students/import.cs", "批量导入学生");
}

/* GET /students/import */
enum rc
stud_import_form(struct req *r)
{
	return tmpl_page(r, 200, "students/import.cs", "批量导入学生");
}

/*
 * POST /students/import: decode (UTF-8, BOM, GBK), check every row,
 * report row, column and reason; store all or, when asked, the valid
 * rows only, in one transaction.
 */
enum rc
stud_import(struct req *r)
{
	struct fval		 v[IF__MAX];
	struct report		 rp = { r, 0, 0 };
	struct csvdoc		 d;
	struct hset		 seen, here;
	struct import_tx	 t;
	ssize_t			 map[C__MAX];
	const char		*enc;
	enum csv_err		 ce;
	size_t			 i;
	int			 valid_only;
	enum rc			 rc;

	if ((rc = req_form(r, import_fields, IF__MAX, v)) != RC_OK)
		return rc;
	valid_only = v[IF_MODE].present && strcmp(v[IF_MODE].val, "valid") == 0;
	tmpl_set(r, "Form.mode", valid_only ? "valid" : "all");
	if (!v[IF_FILE].present || v[IF_FILE].len == 0)
		return problem(&rp, "Errors", 0, "文件", "请选择要导入的CSV文件"),
		    report_page(r, &rp, 400);
	if (v[IF_FILE].invalid || v[IF_FILE].len > IMPORT_MAXBYTES)
		return problem(&rp, "Errors", 0, "文件", "文件不能超过10MB，请分批导入"),
		    report_page(r, &rp, 413);
	tmpl_set(r, "Import.Filename", v[IF_FILE].filename);
	if ((ce = csvdoc_parse(r->arena, v[IF_FILE].val, v[IF_FILE].len, &d,
	    &enc)) != CSV_OK)
		return problem(&rp, "Errors", 0, "文件", csvdoc_message(ce)),
		    report_page(r, &rp, 400);
	tmpl_set(r, "Import.Encoding", enc);
	tmpl_setin(r, (int64_t)d.nrows - 1, "Import.Rows");
	if (header(&rp, d.cells[0], d.ncols[0], map) == -1)
		return report_page(r, &rp, 400);
	hset_init(r->arena, &seen, d.nrows);
	if ((rc = existing(r, &here, d.nrows)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.g = arena_calloc(r->arena, d.nrows, sizeof(*t.g));
	rows(r, &rp, &d, map, &seen, &here, t.g, &t.ng);
	tmpl_setin(r, (int64_t)t.ng, "Import.Valid");
	if (rp.nerr > 0 && !valid_only)
		return report_page(r, &rp, 400);	/* nothing stored */
	/*
	 * Only rows that are stored are compared with other institutions,
	 * so an import cannot be used to probe numbers without a trace.
	 */
	if ((rc = elsewhere(r, &rp, t.g, t.ng)) != RC_OK)
		return rc;
	for (i = 0; i < t.ng; i++) {
		if (idno_seal(r->cfg, t.g[i].in.idno, t.g[i].cipher,
		    &t.g[i].clen, t.g[i].idx) != RC_OK)
			return RC_ERROR;
		t.g[i].mask = idno_mask(r->arena, t.g[i].in.idno);
	}
	if (t.ng > 0 && (rc = db_tx(r->db, import_act, &t)) != RC_OK)
		return rc == RC_CONFLICT ? (problem(&rp, "Errors", 0, "证件号码",
		    "导入期间有相同证件号码的学生被登记，请重新导入"),
		    report_page(r, &rp, 409)) : rc;
	tmpl_setin(r, (int64_t)t.ng, "Import.Done");
	return report_page(r, &rp, 200);
}
