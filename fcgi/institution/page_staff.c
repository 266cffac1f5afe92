/* page_staff.c: the principal's business admin accounts (业务管理员), scoped to its institution. */
#include "app.h"
#include "institution.h"

enum { SF_LOGIN, SF_NAME, SF__MAX };
static const struct field staff_fields[SF__MAX] = {
	{ "login", FT_TEXT, 64 },	/* SF_LOGIN */
	{ "display_name", FT_TEXT, 200 },	/* SF_NAME */
};

static enum rc
staff_page(struct req *r, int status, const char *err)
{
	static const char *const cols[] = { "Id", "Login", "Name", "Disabled",
	    "Created" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_BIZ_LIST,
	    DB_ARGS(DB_I(r->sess.inst_id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Staff", cols, nitems(cols)) == -1)
		return RC_ERROR;
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/staff.cs", "业务管理员账号");
}

/* GET /inst/staff */
enum rc
inst_staff(struct req *r)
{
	return staff_page(r, 200, NULL);
}

struct	staff_tx {
	struct req	*r;
	const char	*login, *name, *pw;
	int64_t		 id, disabled;
};

static enum rc
create_act(void *arg)
{
	struct staff_tx	*t = arg;

	return inst_account_new(t->r, t->login, t->name, "biz", 0,
	    t->r->sess.inst_id, &t->pw);
}

/* POST /inst/staff: a business admin of the caller's institution. */
enum rc
inst_staff_create(struct req *r)
{
	struct fval	 v[SF__MAX];
	struct staff_tx	 t;
	const char	*err;
	enum rc		 rc;

	if ((rc = req_form(r, staff_fields, SF__MAX, v)) != RC_OK)
		return rc;
	tmpl_form(r, staff_fields, SF__MAX, v);
	t.r = r;
	if ((err = inst_staff_check(r, &v[SF_LOGIN], &v[SF_NAME], &t.login,
	    &t.name)) != NULL)
		return staff_page(r, 400, err);
	if ((rc = db_tx(r->db, create_act, &t)) == RC_CONFLICT)
		return staff_page(r, 409, "该登录账号已被使用");
	if (rc != RC_OK)
		return rc;
	return inst_onetime(r, t.login, t.pw, "/inst/staff");
}

static enum rc
disable_act(void *arg)
{
	struct dbres	 res;
	struct staff_tx	*t = arg;
	struct req	*r = t->r;
	enum rc		 rc;

	/* Scoped: another institution's account matches no row (404). */
	if ((rc = db_exec(r->db, r->arena, STMT_BIZ_SET_DISABLED,
	    DB_ARGS(DB_I(t->disabled), DB_I(t->id), DB_I(r->sess.inst_id)),
	    &res)) != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_NOTFOUND;
	if (t->disabled && (rc = db_exec(r->db, r->arena,
	    CSTMT_SESS_DEL_ACCOUNT, DB_ARGS(DB_I(t->id)), NULL)) != RC_OK)
		return rc;
	return audit_add(r, t->disabled ? "account.disable" : "account.enable",
	    "account", t->id, "");
}

static enum rc
set_disabled(struct req *r, int64_t on)
{
	struct staff_tx	 t;
	enum rc		 rc;

	t.r = r;
	t.id = r->arg[0];
	t.disabled = on;
	if ((rc = db_tx(r->db, disable_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, on ? FLASH_DISABLED : FLASH_ENABLED,
	    "/inst/staff");
}

/* POST /inst/staff/#/disable: also ends the account's sessions. */
enum rc
inst_staff_disable(struct req *r)
{
	return set_disabled(r, 1);
}

/* POST /inst/staff/#/enable */
enum rc
inst_staff_enable(struct req *r)
{
	return set_disabled(r, 0);
}

static enum rc
reset_act(void *arg)
{
	struct dbres	 res;
	struct staff_tx	*t = arg;
	struct req	*r = t->r;
	char		 hash[160];
	enum rc		 rc;

	if ((t->pw = sec_password(r->arena)) == NULL ||
	    sec_pw_hash(t->pw, hash, sizeof(hash)) == -1)
		return RC_ERROR;
	if ((rc = db_exec(r->db, r->arena, STMT_BIZ_RESET, DB_ARGS(DB_S(hash),
	    DB_I(t->id), DB_I(r->sess.inst_id)), &res)) != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_NOTFOUND;
	if ((rc = db_exec(r->db, r->arena, CSTMT_SESS_DEL_ACCOUNT,
	    DB_ARGS(DB_I(t->id)), NULL)) != RC_OK)
		return rc;
	return audit_add(r, "account.reset", "account", t->id, "biz");
}

/* POST /inst/staff/#/reset: a new one-time password, shown once. */
enum rc
inst_staff_reset(struct req *r)
{
	struct staff_tx	 t;
	enum rc		 rc;

	t.r = r;
	t.id = r->arg[0];
	if ((rc = db_tx(r->db, reset_act, &t)) != RC_OK)
		return rc;
	return inst_onetime(r, arena_printf(r->arena, "账号 #%lld",
	    (long long)t.id), t.pw, "/inst/staff");
}
