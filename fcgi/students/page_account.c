/* page_account.c: a student's login (by ID number) with a one-time password from the institution. */
#include <string.h>

#include "app.h"
#include "idno.h"
#include "students.h"

/*
 * Why an institution may not open or reset a login: the account would
 * reach records of another institution, so it is the platform admin's.
 */
#define OTHERS_MSG	"该证件号码在其他院校也有学生记录，为保护学生在其他院校的信息，" \
	"本院校不能开通或重置该学生的登录密码。学生记得密码时可登录后自行修改；" \
	"忘记密码或尚未开通登录的，请联系平台管理员重置。"

struct	acct_tx {
	struct req	*r;
	struct student	 s;
	char		 login[65];	/* the ID number's blind index */
	unsigned char	 idx[32];
	const char	*pw;
	int64_t		 acct;
	int64_t		 inst;		/* the caller's institution; 0: admin */
	int		 refused;	/* another institution's records */
};

/*
 * RC_CONFLICT when records of an institution other than the caller's
 * carry the blind index or are linked to the account: a password the
 * caller sets would open them.  The platform admin is never refused.
 */
static enum rc
others(struct acct_tx *t)
{
	int64_t		 n;
	enum rc		 rc;

	if (t->inst == 0)
		return RC_OK;
	if ((rc = db_row(t->r->db, t->r->arena, STMT_ACCT_OTHERS,
	    DB_ARGS(DB_B(t->idx, sizeof(t->idx)), DB_I(t->acct),
	    DB_I(t->inst)), DB_OUT(DB_OI(&n)))) != RC_OK)
		return rc;
	t->refused = n > 0;
	return n == 0 ? RC_OK : RC_CONFLICT;
}

static enum rc
account_act(void *arg)
{
	struct dbres	 res;
	struct acct_tx	*t = arg;
	struct req	*r = t->r;
	struct dbq	*q;
	char		 hash[160];
	int		 row;
	enum rc		 rc;

	t->acct = 0;
	t->refused = 0;
	if ((q = db_run(r->db, r->arena, &rc, STMT_ACCT_FIND,
	    DB_ARGS(DB_S(t->login)))) ==
	    NULL)
		return rc;
	if ((row = db_next(q, DB_OUT(DB_OI(&t->acct)))) == -1)
		return RC_ERROR;
	/* Checked before anything is written: a refusal changes nothing. */
	if ((rc = others(t)) != RC_OK)
		return rc;
	if ((t->pw = sec_password(r->arena)) == NULL ||
	    sec_pw_hash(t->pw, hash, sizeof(hash)) == -1)
		return RC_ERROR;
	if (row == 0) {
		if ((rc = db_exec(r->db, r->arena, STMT_ACCT_CREATE,
		    DB_ARGS(DB_S(t->login), DB_S(t->s.name), DB_S(hash),
		    DB_I(r->sess.account_id)), &res)) != RC_OK)
			return rc;
		t->acct = res.insert_id;
	} else {
		if ((rc = db_exec(r->db, r->arena, STMT_ACCT_RESET,
		    DB_ARGS(DB_S(hash), DB_I(t->acct)), NULL)) != RC_OK)
			return rc;
		/* A reset password ends the sessions the old one opened. */
		if ((rc = db_exec(r->db, r->arena, CSTMT_SESS_DEL_ACCOUNT,
		    DB_ARGS(DB_I(t->acct)), NULL)) != RC_OK)
			return rc;
	}
	if ((rc = db_exec(r->db, r->arena, STMT_ACCT_LINK,
	    DB_ARGS(DB_I(t->acct), DB_B(t->idx, sizeof(t->idx)), DB_I(t->inst),
	    DB_I(t->inst)), NULL)) != RC_OK)
		return rc;
	return audit_add(r, row == 0 ? "student.account_create" :
	    "student.account_reset", "student", t->s.id, t->inst == 0 ?
	    "platform admin: records at every institution linked" : "");
}

/*
 * POST /students/#/account (institution, platform admin): give the
 * student a login — the ID number with a one-time password, shown once
 * and changed at first login — or a new one-time password when the
 * student forgot it.  An institution may do so only while every record
 * with that ID number is its own (409 otherwise, nothing changed); the
 * platform admin may always, and links the person's records at every
 * institution to the one login.
 */
enum rc
stud_account(struct req *r)
{
	struct acct_tx	 t;
	const char	*id;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.inst = r->sess.role == ROLE_ADMIN ? 0 : r->sess.inst_id;
	if (t.inst == 0 && r->sess.role != ROLE_ADMIN)
		return RC_NOTFOUND;
	if ((rc = stud_load(r, r->arg[0], &t.s)) != RC_OK)
		return rc;
	if ((id = idno_open(r->arena, r->cfg, t.s.cipher, t.s.clen)) == NULL)
		return RC_ERROR;
	idno_index(r->cfg, id, t.idx);
	sec_hex(t.idx, sizeof(t.idx), t.login);
	if ((rc = db_tx(r->db, account_act, &t)) == RC_CONFLICT && t.refused)
		return stud_show_page(r, 409, NULL, OTHERS_MSG);
	if (rc != RC_OK)
		return rc;
	tmpl_set(r, "Onetime.Login", arena_printf(r->arena, "学生 %s（证件号码 %s）",
	    t.s.name, t.s.id_mask));
	tmpl_set(r, "Onetime.Password", t.pw);
	tmpl_set(r, "Onetime.Back", arena_printf(r->arena, "/students/%lld",
	    (long long)t.s.id));
	tmpl_set(r, "Onetime.Student", "1");
	r->personal = 1;
	return tmpl_page(r, 200, "institution/onetime.cs", "学生初始密码");
}
