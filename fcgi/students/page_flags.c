/* page_flags.c: 完善学生信息: flags by the organisation, corrections by the institution. */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "students.h"

enum { FF_FIELD, FF_NOTE, FF_DEADLINE, FF__MAX };
static const struct field flag_fields[FF__MAX] = {
	{ "field", FT_TEXT, 32 },	/* FF_FIELD */
	{ "note", FT_MULTILINE, 1000 },	/* FF_NOTE */
	{ "deadline", FT_TEXT, 16 },	/* FF_DEADLINE */
};

static const char *const fields[][2] = {
	{ "name", "姓名" }, { "gender", "性别" }, { "id_type", "证件类型" },
	{ "id_number", "证件号码" }, { "student_type", "学生类型" },
	{ "phone", "手机号码" }, { "major", "专业" }, { "class_name", "班级" },
};

static const char *
label(const char *f)
{
	size_t	 i;

	for (i = 0; i < nitems(fields); i++)
		if (strcmp(fields[i][0], f) == 0)
			return fields[i][1];
	return NULL;
}

/* A deadline: a real date from today to a year ahead.  Returns NULL or why. */
static const char *
check_deadline(const char *s)
{
	time_t		 now = time(NULL);
	struct tm	 tm;
	char		 today[11], limit[11];
	int		 y, m, d;

	if (valid_date(s, &y, &m, &d) == -1)
		return "请填写有效的完善期限（年-月-日）";
	now += 8 * 3600;	/* deadlines are Beijing dates */
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	now += 366 * 86400;
	gmtime_r(&now, &tm);
	strftime(limit, sizeof(limit), "%Y-%m-%d", &tm);
	if (strcmp(s, today) < 0)
		return "完善期限不能早于今天";
	if (strcmp(s, limit) > 0)
		return "完善期限不能超过一年";
	return NULL;
}

struct	flag_tx {
	struct req	*r;
	int64_t		 student, inst, id;
	const char	*field, *note, *deadline, *name;
};

static enum rc
flag_act(void *arg)
{
	struct dbres	 res;
	struct flag_tx	*t = arg;
	struct req	*r = t->r;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_FLAG_INSERT,
	    DB_ARGS(DB_I(t->student), DB_I(t->inst), DB_I(r->sess.org_id),
	    DB_S(t->field), DB_S(t->note), DB_S(t->deadline),
	    DB_I(r->sess.account_id)), &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	if ((rc = stud_notify_inst(r, t->inst, arena_printf(r->arena,
	    "%s要求在%s前完善学生%s的%s", r->sess.org_name, t->deadline,
	    t->name, label(t->field)), "/students/corrections")) != RC_OK)
		return rc;
	return audit_add(r, "correction.flag", "student", t->student, t->field);
}

/*
 * POST /students/#/flag (organisation): mark a field of a student
 * registered to one of its plans as wrong, with a note and a deadline.
 */
enum rc
stud_flag(struct req *r)
{
	struct fval	 v[FF__MAX];
	struct flag_tx	 t;
	struct student	 s;
	const char	*why;
	enum rc		 rc;

	if ((rc = req_form(r, flag_fields, FF__MAX, v)) != RC_OK)
		return rc;
	if ((rc = stud_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.student = s.id;
	t.inst = s.inst_id;
	t.name = s.name;
	t.field = v[FF_FIELD].present ? v[FF_FIELD].val : "";
	if (label(t.field) == NULL)
		why = "请选择需要完善的信息项";
	else if ((t.note = valid_text(r->arena, &v[FF_NOTE], 2, 300)) == NULL)
		why = "请填写问题说明（2至300个字符）";
	else
		why = check_deadline(t.deadline = valid_trim(r->arena,
		    v[FF_DEADLINE].val ? v[FF_DEADLINE].val : ""));
	if (why != NULL)
		return stud_show_page(r, 400, NULL, why);
	if ((rc = db_tx(r->db, flag_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_FLAGGED, "/students/%" PRId64, s.id);
}

/* The flags per scope (scope_get): the organisation's, the institution's. */
static const size_t lists[SCOPE__MAX] = {
	[SCOPE_ORG] = STMT_FLAG_LIST_ORG,
	[SCOPE_INST] = STMT_FLAG_LIST_INST,
};

/* Is field part of the identity a certificate freezes? */
static int
identity(const char *field)
{
	return strcmp(field, "name") == 0 || strcmp(field, "gender") == 0 ||
	    strcmp(field, "id_type") == 0 || strcmp(field, "id_number") == 0 ||
	    strcmp(field, "photo") == 0;
}

static enum rc
list(struct req *r)
{
	struct dbq	*q;
	const char	*c[10];
	int64_t		 id, sid, overdue, rounds, pcert, pending = 0;
	int		 i = 0, row;
	struct scope	 sc;
	enum rc		 rc;

	if ((rc = scope_get(r, lists, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OI(&sid), DB_OS(&c[0]),
	    DB_OS(&c[1]), DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]),
	    DB_OS(&c[5]), DB_OI(&overdue), DB_OS(&c[6]), DB_OS(&c[7]),
	    DB_OS(&c[8]), DB_OI(&rounds), DB_OI(&pcert)))) == 1) {
		tmpl_setin(r, id, "Flags.%d.Id", i);
		tmpl_setin(r, sid, "Flags.%d.StudentId", i);
		tmpl_setn(r, c[0], "Flags.%d.Name", i);
		tmpl_setn(r, c[1], "Flags.%d.IdMask", i);
		tmpl_setn(r, label(c[2]), "Flags.%d.Field", i);
		tmpl_setn(r, c[3], "Flags.%d.Note", i);
		tmpl_setn(r, c[4], "Flags.%d.Deadline", i);
		tmpl_setn(r, c[5], "Flags.%d.State", i);
		tmpl_setn(r, overdue ? "1" : "0", "Flags.%d.Overdue", i);
		tmpl_setn(r, c[6], "Flags.%d.Org", i);
		tmpl_setn(r, c[7], "Flags.%d.InstCode", i);
		tmpl_setn(r, c[8], "Flags.%d.InstName", i);
		tmpl_setin(r, rounds, "Flags.%d.Rounds", i);
		/*
		 * A wrong identity on a certificate awaiting signature: the
		 * way out is rejection, correction, re-issue (issue 9).
		 */
		if (pcert > 0 && strcmp(c[5], "accepted") != 0 && identity(c[2]))
			tmpl_setin(r, pcert, "Flags.%d.PendingCert", i);
		if (strcmp(c[5], "open") == 0)
			pending++;
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	tmpl_seti(r, "FlagsPending", pending);
	return RC_OK;
}

/*
 * For the organisation's review: Changes.<flag id>.Old/New, the value
 * of each confirmed flag's field before and after the institution's
 * corrections (none when the institution changed nothing).
 */
static enum rc
changes(struct req *r)
{
	static const size_t chg[SCOPE__MAX] = {
		[SCOPE_ORG] = STMT_FLAG_CHANGES_ORG,
	};
	struct scope	 sc;
	struct dbq	*q;
	const char	*o, *n;
	int64_t		 id;
	int		 row;
	enum rc		 rc;

	if ((rc = scope_get(r, chg, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&o),
	    DB_OS(&n)))) == 1) {
		if (o == NULL || n == NULL)
			continue;
		tmpl_setn(r, o, "Changes.%lld.Old", (long long)id);
		tmpl_setn(r, n, "Changes.%lld.New", (long long)id);
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

static enum rc
dups(struct req *r)
{
	static const char *const cols[] = { "IdMask", "Codes", "Count" };
	static const size_t dup[SCOPE__MAX] = {
		[SCOPE_ORG] = STMT_DUPS_ORG,
	};
	struct scope	 sc;
	struct dbq	*q;
	enum rc		 rc;

	if ((rc = scope_get(r, dup, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;
	return tmpl_rows(r, q, "Dups", cols, nitems(cols)) == -1 ? RC_ERROR :
	    RC_OK;
}

static enum rc
page(struct req *r, int status, const char *err)
{
	enum rc	 rc;

	if ((rc = list(r)) != RC_OK)
		return rc;
	if (r->sess.role == ROLE_ORG && ((rc = dups(r)) != RC_OK ||
	    (rc = changes(r)) != RC_OK))
		return rc;
	tmpl_set(r, "Form.Error", err);
	r->personal = 1;
	return tmpl_page(r, status, "students/corrections.cs", "待完善学生信息");
}

/*
 * GET /students/corrections: for an institution its 待完善 list, for an
 * organisation the flags it raised (done, pending, overdue) and the
 * people registered at more than one institution.
 */
enum rc
stud_corrections(struct req *r)
{
	return page(r, 200, NULL);
}

struct	state_tx {
	struct req	*r;
	int64_t		 id;
	const char	*note, *deadline;
};

/* RC_NOTFOUND unless flag id belongs to the caller's side (stmt). */
static enum rc
flag_mine(struct req *r, size_t stmt, int64_t id, int64_t owner)
{
	int64_t	 n;
	enum rc	 rc;

	if ((rc = db_count(r->db, r->arena, stmt, id, owner, &n)) != RC_OK)
		return rc;
	return n == 1 ? RC_OK : RC_NOTFOUND;
}

static enum rc
confirm_act(void *arg)
{
	struct dbres	 res;
	struct state_tx	*t = arg;
	struct req	*r = t->r;
	const char	*name, *field;
	int64_t		 sid, org;
	enum rc		 rc;

	if ((rc = flag_mine(r, STMT_FLAG_OWNER_INST, t->id, r->sess.inst_id)) !=
	    RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_FLAG_CONFIRM,
	    DB_ARGS(DB_I(r->sess.account_id), DB_I(t->id),
	    DB_I(r->sess.inst_id)), &res)) != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_CONFLICT;
	if ((rc = db_row(r->db, r->arena, STMT_FLAG_GET_INST,
	    DB_ARGS(DB_I(t->id), DB_I(r->sess.inst_id)), DB_OUT(DB_OI(&sid),
	    DB_OI(&org), DB_OS(&name), DB_OS(&field)))) != RC_OK)
		return rc;
	if ((rc = stud_notify_org(r, org, arena_printf(r->arena,
	    "%s已确认完善学生%s的%s", r->sess.inst_name, name, label(field)),
	    "/students/corrections")) != RC_OK)
		return rc;
	return audit_add(r, "correction.confirm", "correction_flag", t->id, "");
}

/*
 * POST /students/corrections/#/confirm (institution): 确认完善, until
 * the end of the deadline day; after it the flag stays open and the
 * record is locked.
 */
enum rc
stud_flag_confirm(struct req *r)
{
	struct state_tx	 t = { r, r->arg[0], NULL, NULL };
	enum rc		 rc;

	if ((rc = db_tx(r->db, confirm_act, &t)) == RC_CONFLICT)
		return page(r, 409, "无法确认：该项已确认，或已超过完善期限");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_CONFIRMED, "/students/corrections");
}

static enum rc
resolve_act(void *arg)
{
	struct dbres	 res;
	struct state_tx	*t = arg;
	struct req	*r = t->r;
	const char	*name, *field;
	int64_t		 sid, inst;
	enum rc		 rc;

	if ((rc = flag_mine(r, STMT_FLAG_OWNER_ORG, t->id, r->sess.org_id)) !=
	    RC_OK)
		return rc;
	if (t->note == NULL)
		rc = db_exec(r->db, r->arena, STMT_FLAG_ACCEPT,
		    DB_ARGS(DB_I(r->sess.account_id), DB_I(t->id),
		    DB_I(r->sess.org_id)), &res);
	else
		rc = db_exec(r->db, r->arena, STMT_FLAG_REFLAG,
		    DB_ARGS(DB_S(t->note), DB_S(t->deadline), DB_I(t->id),
		    DB_I(r->sess.org_id)), &res);
	if (rc != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_CONFLICT;
	if ((rc = db_row(r->db, r->arena, STMT_FLAG_GET_ORG,
	    DB_ARGS(DB_I(t->id), DB_I(r->sess.org_id)), DB_OUT(DB_OI(&sid),
	    DB_OI(&inst), DB_OS(&name), DB_OS(&field)))) != RC_OK)
		return rc;
	if (t->note != NULL && (rc = stud_notify_inst(r, inst, arena_printf(
	    r->arena, "%s退回了学生%s的%s，请在%s前重新完善", r->sess.org_name,
	    name, label(field), t->deadline), "/students/corrections")) !=
	    RC_OK)
		return rc;
	return audit_add(r, t->note ? "correction.reflag" : "correction.accept",
	    "correction_flag", t->id, "");
}

/* POST /students/corrections/#/accept (organisation) */
enum rc
stud_flag_accept(struct req *r)
{
	struct state_tx	 t = { r, r->arg[0], NULL, NULL };
	enum rc		 rc;

	if ((rc = db_tx(r->db, resolve_act, &t)) == RC_CONFLICT)
		return page(r, 409, "只能验收院校已确认完善的项");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_ACCEPTED, "/students/corrections");
}

/* POST /students/corrections/#/reflag (organisation): back to the institution. */
enum rc
stud_flag_reflag(struct req *r)
{
	struct fval	 v[FF__MAX];
	struct state_tx	 t = { r, r->arg[0], NULL, NULL };
	const char	*why;
	enum rc		 rc;

	if ((rc = req_form(r, flag_fields, FF__MAX, v)) != RC_OK)
		return rc;
	if ((t.note = valid_text(r->arena, &v[FF_NOTE], 2, 300)) == NULL)
		return page(r, 400, "请填写退回说明（2至300个字符）");
	t.deadline = valid_trim(r->arena, v[FF_DEADLINE].val ?
	    v[FF_DEADLINE].val : "");
	if ((why = check_deadline(t.deadline)) != NULL)
		return page(r, 400, why);
	if ((rc = db_tx(r->db, resolve_act, &t)) == RC_CONFLICT)
		return page(r, 409, "只能退回院校已确认完善的项");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_REFLAGGED, "/students/corrections");
}
