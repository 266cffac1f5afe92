/* page_login.c: log in (staff by login, students by ID number), log out, change password. */
#include <string.h>

#include "app.h"
#include "idno.h"
#include "institution.h"

enum { LF_LOGIN, LF_PASSWORD, LF_NEXT, LF__MAX };
static const struct field login_fields[LF__MAX] = {
	{ "login", FT_TEXT, 80 },	/* LF_LOGIN */
	{ "password", FT_TEXT, 200 },	/* LF_PASSWORD */
	{ "next", FT_TEXT, 200 },	/* LF_NEXT */
};

enum { PF_OLD, PF_NEW, PF_NEW2, PF__MAX };
static const struct field pw_fields[PF__MAX] = {
	{ "old_password", FT_TEXT, 200 },	/* PF_OLD */
	{ "new_password", FT_TEXT, 200 },	/* PF_NEW */
	{ "new_password2", FT_TEXT, 200 },	/* PF_NEW2 */
};

/* A local path to return to after login, or "/". */
static const char *
safe_next(const char *n)
{
	if (n == NULL || n[0] != '/' || n[1] == '/' || n[1] == '\\' ||
	    strncmp(n, "/login", 6) == 0 || strncmp(n, "/logout", 7) == 0)
		return "/";
	return n;
}

static enum rc
login_page(struct req *r, int status, const char *err, const char *login,
    const char *next)
{
	tmpl_set(r, "Form.Error", err);
	tmpl_set(r, "Form.login", login);
	tmpl_set(r, "Form.next", safe_next(next));
	return tmpl_page(r, status, "institution/login.cs", "登录");
}

/* GET /login */
enum rc
inst_login_form(struct req *r)
{
	struct fval	 v[LF__MAX];
	enum rc		 rc;

	if (r->has_session)
		return resp_redirect(r, "/");
	if ((rc = req_form(r, login_fields, LF__MAX, v)) != RC_OK)
		return rc;
	return login_page(r, 200, NULL, NULL, v[LF_NEXT].val);
}

/*
 * The account key for what was typed, in its one spelling: a valid ID
 * number (a lower-case x accepted as X) becomes the student's blind
 * index (hex); anything else must be an ASCII staff login and is folded
 * to lower case.  Sets *student.  Returns an arena-owned string, or NULL
 * when the text can name no account (e.g. full-width or accented
 * letters, which would otherwise collate equal to another spelling).
 */
static const char *
login_key(struct req *r, const char *typed, int *student)
{
	char		 id[19];
	unsigned char	 h[32];
	char		*hex;

	*student = 0;
	if (idno_card(typed, id) != NULL)
		return valid_login_canon(r->arena, typed);
	idno_index(r->cfg, id, h);
	hex = arena_alloc(r->arena, 65);
	sec_hex(h, sizeof(h), hex);
	*student = 1;
	return hex;
}

/* A valid hash to verify against for unknown logins, so timing is alike. */
static const char *
dummy_hash(void)
{
	static char	 h[160];

	if (h[0] == '\0' && sec_pw_hash("no such account", h, sizeof(h)) == -1)
		h[0] = '\0';
	return h;
}

struct	login_tx {
	struct req	*r;
	int64_t		 acct;
};

static enum rc
login_act(void *arg)
{
	struct login_tx	*t = arg;
	enum rc		 rc;

	if ((rc = auth_login(t->r, t->acct, t->r->ip)) != RC_OK)
		return rc;
	return audit_add(t->r, "account.login", "account", t->acct, "");
}

/*
 * POST /login: the same answer for an unknown login, a login that can
 * name no account and a wrong password; failures are counted per typed
 * key, per account and per address in the database, so the limit holds
 * across processes and hosts.
 */
enum rc
inst_login(struct req *r)
{
	struct fval	 v[LF__MAX];
	struct login_tx	 t;
	struct dbq	*q;
	const char	*typed, *key, *hash = NULL;
	int64_t		 id = 0, disabled = 0;
	int		 student, row;
	enum rc		 rc;

	if ((rc = req_form(r, login_fields, LF__MAX, v)) != RC_OK)
		return rc;
	typed = valid_trim(r->arena, v[LF_LOGIN].val);
	if (typed == NULL || *typed == '\0' || !v[LF_PASSWORD].present ||
	    v[LF_PASSWORD].len == 0) {
		(void)login_key(r, typed ? typed : "", &student);
		/* An ID number is never echoed back into a page. */
		return login_page(r, 400, "请输入账号和密码",
		    student ? NULL : typed, v[LF_NEXT].val);
	}
	key = login_key(r, typed, &student);
	if ((rc = auth_throttle_check(r, key)) != RC_OK)
		goto refused;
	if (key != NULL) {
		if ((q = db_run(r->db, r->arena, &rc, STMT_LOGIN,
		    DB_ARGS(DB_S(key), DB_I((int64_t)student)))) == NULL)
			return rc;
		if ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&hash),
		    DB_OI(&disabled)))) == -1)
			return RC_ERROR;
		if (row == 0 || disabled)
			id = 0;
	}
	/* Every spelling that reaches the account shares its counter. */
	if (id != 0 && (rc = auth_throttle_account(r, id)) != RC_OK)
		goto refused;
	if (id == 0)
		(void)sec_pw_verify(dummy_hash(), v[LF_PASSWORD].val);
	if (id == 0 || !sec_pw_verify(hash, v[LF_PASSWORD].val)) {
		log_warnx("login failed");
		if ((rc = auth_throttle_fail(r, key, id)) != RC_OK)
			return rc;
		return login_page(r, 401, "账号或密码错误",
		    student ? NULL : typed, v[LF_NEXT].val);
	}
	if ((rc = auth_throttle_clear(r, key, id)) != RC_OK)
		return rc;
	t.r = r;
	t.acct = id;
	if ((rc = db_tx(r->db, login_act, &t)) != RC_OK)
		return rc;
	return resp_redirect(r, "%s", safe_next(v[LF_NEXT].val));
refused:
	if (rc != RC_THROTTLED)
		return rc;
	log_warnx("login throttled");
	return login_page(r, 429, "登录失败次数过多，请15分钟后再试",
	    student ? NULL : typed, v[LF_NEXT].val);
}

static enum rc
logout_act(void *arg)
{
	struct req	*r = arg;
	enum rc		 rc;

	if ((rc = audit_add(r, "account.logout", "account",
	    r->sess.account_id, "")) != RC_OK)
		return rc;
	return auth_logout(r);
}

/* POST /logout: the session row is deleted, not just the cookie. */
enum rc
inst_logout(struct req *r)
{
	enum rc	 rc;

	if ((rc = db_tx(r->db, logout_act, r)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_LOGOUT, "/login");
}

static enum rc
pw_page(struct req *r, int status, const char *err)
{
	tmpl_set(r, "Form.Error", err);
	if (r->sess.must_change)
		tmpl_set(r, "Form.MustChange", "1");
	return tmpl_page(r, status, "institution/password.cs", "修改密码");
}

/* GET /password */
enum rc
inst_password_form(struct req *r)
{
	return pw_page(r, 200, NULL);
}

struct	pw_tx {
	struct req	*r;
	const char	*hash;
};

static enum rc
pw_act(void *arg)
{
	struct pw_tx	*t = arg;
	struct req	*r = t->r;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_PW_SET, DB_ARGS(DB_S(t->hash),
	    DB_I(r->sess.account_id)), NULL)) != RC_OK)
		return rc;
	/* Every session of the account ends; this browser gets a new one. */
	if ((rc = db_exec(r->db, r->arena, CSTMT_SESS_DEL_ACCOUNT,
	    DB_ARGS(DB_I(r->sess.account_id)), NULL)) != RC_OK)
		return rc;
	r->has_session = 0;
	if ((rc = auth_login(r, r->sess.account_id, r->ip)) != RC_OK)
		return rc;
	r->has_session = 1;
	return audit_add(r, "account.password", "account",
	    r->sess.account_id, "");
}

/* POST /password: check the old password, the new one's quality, store. */
enum rc
inst_password(struct req *r)
{
	struct fval	 v[PF__MAX];
	struct pw_tx	 t;
	const char	*old = NULL, *why;
	char		 hash[160];
	enum rc		 rc;

	if ((rc = req_form(r, pw_fields, PF__MAX, v)) != RC_OK)
		return rc;
	if ((rc = db_row(r->db, r->arena, STMT_PW_GET,
	    DB_ARGS(DB_I(r->sess.account_id)), DB_OUT(DB_OS(&old)))) != RC_OK)
		return rc;
	if (!v[PF_OLD].present || !sec_pw_verify(old, v[PF_OLD].val))
		return pw_page(r, 400, "原密码不正确");
	if (!v[PF_NEW].present || !v[PF_NEW2].present ||
	    strcmp(v[PF_NEW].val, v[PF_NEW2].val) != 0)
		return pw_page(r, 400, "两次输入的新密码不一致");
	if (valid_password(v[PF_NEW].val, r->sess.login, &why) == -1)
		return pw_page(r, 400, why);
	if (strcmp(v[PF_NEW].val, v[PF_OLD].val) == 0)
		return pw_page(r, 400, "新密码不能与原密码相同");
	if (sec_pw_hash(v[PF_NEW].val, hash, sizeof(hash)) == -1)
		return RC_ERROR;
	t.r = r;
	t.hash = hash;
	if ((rc = db_tx(r->db, pw_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_PASSWORD, "/");
}
