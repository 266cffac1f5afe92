/* account.c: creating staff accounts with a one-time initial password. */
#include "app.h"
#include "institution.h"

/*
 * Insert an account (inside the caller's transaction) with a one-time
 * password that must be changed at first login; the password is
 * returned in *pw (arena-owned) to be shown once and never stored.
 * Returns RC_CONFLICT when the login exists.
 */
enum rc
inst_account_new(struct req *r, const char *login, const char *name,
    const char *role, int64_t org, int64_t inst, const char **pw)
{
	struct dbres	 res;
	char	 hash[160];
	char	*p;
	enum rc	 rc;

	if ((p = sec_password(r->arena)) == NULL ||
	    sec_pw_hash(p, hash, sizeof(hash)) == -1)
		return RC_ERROR;
	if ((rc = db_exec(r->db, r->arena, STMT_ACCT_INSERT,
	    DB_ARGS(DB_S(login), DB_S(name), DB_S(role), DB_N(org), DB_N(inst),
	    DB_S(hash), DB_N(r->sess.account_id)), &res)) != RC_OK)
		return rc;
	*pw = p;
	return audit_add(r, "account.create", "account", res.insert_id,
	    role);
}

/* Show a one-time password once, with where to go next. */
enum rc
inst_onetime(struct req *r, const char *login, const char *pw,
    const char *back)
{
	tmpl_set(r, "Onetime.Login", login);
	tmpl_set(r, "Onetime.Password", pw);
	tmpl_set(r, "Onetime.Back", back);
	return tmpl_page(r, 200, "institution/onetime.cs", "初始密码");
}

/*
 * Check a new staff account's login and display name (trimmed into
 * *login, in its one lower-case spelling, and *name, arena-owned).
 * Returns NULL or the Chinese reason.
 */
const char *
inst_staff_check(struct req *r, const struct fval *login,
    const struct fval *name, const char **outlogin, const char **outname)
{
	*outlogin = valid_login_canon(r->arena, valid_trim(r->arena,
	    login->val));
	if (*outlogin == NULL)
		return "登录账号应为3至32位英文字母、数字、点、下划线或连字符";
	if ((*outname = valid_text(r->arena, name, 2, 30)) == NULL)
		return "姓名应为2至30个字符";
	return NULL;
}
