/*
 * page_share.c: share codes (分享码).  The holder (学生个人空间) makes a
 * code for one of its certificates, valid 7, 30 or 90 days, revokes it
 * early and sees every check of its certificates; an employer types the
 * code instead of the ID number on /verify/share (or sends it to the
 * API).  A code is shown once and stored as its SHA-256.
 */
#include <string.h>

#include "app.h"
#include "verification.h"

#define SHARE_PAGE_PER_MINUTE	20	/* share-code lookups per address */

enum { SF_CERT, SF_DAYS, SF__MAX };
static const struct field code_fields[SF__MAX] = {
	{ "cert", FT_TEXT, 20 },	/* SF_CERT: certificate id */
	{ "days", FT_TEXT, 4 },		/* SF_DAYS: 7, 30 or 90 */
};

enum { PF_CODE, PF__MAX };
static const struct field share_fields[PF__MAX] = {
	{ "code", FT_TEXT, 64 },	/* PF_CODE */
};

/* Rows of statement stmt for the caller into Prefix.*, their count too. */
static enum rc
mine_rows(struct req *r, size_t stmt, const char *prefix,
    const char *const *cols, size_t ncols)
{
	struct dbq	*q;
	int		 n;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, stmt,
	    DB_ARGS(DB_I(r->sess.account_id)))) == NULL)
		return rc;
	if ((n = tmpl_rows(r, q, prefix, cols, ncols)) == -1)
		return RC_ERROR;
	tmpl_setin(r, n, "Mine.%s", prefix);
	return RC_OK;
}

static enum rc
mine_page(struct req *r, int status, const char *err)
{
	/* LockedUntil, Fails: a number locked now (unset otherwise). */
	static const char *const ccols[] = { "Id", "Number", "CertName",
	    "Level", "Status", "LockedUntil", "Fails" };
	static const char *const kcols[] = { "Id", "Number", "CertName",
	    "Hint", "Created", "Expires", "State", "Uses" };
	static const char *const ucols[] = { "At", "Number", "CertName",
	    "Via", "Channel", "Hint", "Employer" };
	static const char *const lcols[] = { "At", "Number", "CertName",
	    "Method", "Outcome" };
	enum rc		 rc;

	if ((rc = mine_rows(r, STMT_EMP_MINE_CERTS, "Certs", ccols,
	    nitems(ccols))) != RC_OK ||
	    (rc = mine_rows(r, STMT_EMP_MINE_CODES, "Codes", kcols,
	    nitems(kcols))) != RC_OK ||
	    (rc = mine_rows(r, STMT_EMP_MINE_USES, "Uses", ucols,
	    nitems(ucols))) != RC_OK ||
	    (rc = mine_rows(r, STMT_EMP_MINE_LOOKS, "Looks", lcols,
	    nitems(lcols))) != RC_OK)
		return rc;
	if (err != NULL)
		tmpl_set(r, "Form.Error", err);
	r->personal = 1;
	return tmpl_page(r, status, "verification/mine.cs", "分享码与查验记录");
}

/* GET /verify/mine: the holder's codes and the checks of its certificates. */
enum rc
emp_mine(struct req *r)
{
	return mine_page(r, 200, NULL);
}

struct	code_tx {
	struct req	*r;
	int64_t		 cert, days, id;
	char		 code[EMP_CODE_LEN + 1];
};

static enum rc
code_create_act(void *arg)
{
	struct code_tx	*t = arg;
	struct req	*r = t->r;
	struct dbres	 res;
	unsigned char	 h[32];
	int64_t		 mine;
	enum rc		 rc;

	/* Only the holder's own confirmed certificate; another's is 404. */
	if ((rc = db_count(r->db, r->arena, STMT_EMP_MINE_CERT, t->cert,
	    r->sess.account_id, &mine)) != RC_OK)
		return rc;
	if (mine == 0)
		return RC_NOTFOUND;
	if (emp_code_new(t->code) == -1)
		return RC_ERROR;
	sec_sha256(t->code, EMP_CODE_LEN, h);
	if ((rc = db_exec(r->db, r->arena, STMT_EMP_CODE_ADD,
	    DB_ARGS(DB_I(t->cert), DB_I(r->sess.account_id),
	    DB_B(h, sizeof(h)), DB_S(t->code + EMP_CODE_LEN - 4),
	    DB_I(t->days)), &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	return audit_add(r, "share_code.create", "certificate", t->cert,
	    arena_printf(r->arena, "%lld天", (long long)t->days));
}

/* POST /verify/mine/codes: a new code for one certificate, shown once. */
enum rc
emp_code_create(struct req *r)
{
	struct fval	 v[SF__MAX];
	struct code_tx	 t;
	enum rc		 rc;

	if ((rc = req_form(r, code_fields, SF__MAX, v)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	if (!v[SF_CERT].present ||
	    valid_int(v[SF_CERT].val, 1, INT64_MAX, &t.cert) == -1)
		return mine_page(r, 400, "请选择证书");
	if (!v[SF_DAYS].present ||
	    valid_int(v[SF_DAYS].val, 1, 90, &t.days) == -1 ||
	    (t.days != 7 && t.days != 30 && t.days != 90))
		return mine_page(r, 400, "有效期只能选择7天、30天或90天");
	if ((rc = db_tx(r->db, code_create_act, &t)) != RC_OK)
		return rc;
	tmpl_set(r, "Code.Text", arena_printf(r->arena, "%.4s-%.4s-%.4s",
	    t.code, t.code + 4, t.code + 8));
	tmpl_seti(r, "Code.Days", t.days);
	r->personal = 1;
	return tmpl_page(r, 200, "verification/code_new.cs", "分享码");
}

struct	revoke_tx {
	struct req	*r;
	int64_t		 id;
};

static enum rc
code_revoke_act(void *arg)
{
	struct revoke_tx *t = arg;
	struct req	*r = t->r;
	struct dbres	 res;
	int64_t		 cert;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_EMP_CODE_REVOKE,
	    DB_ARGS(DB_I(t->id), DB_I(r->sess.account_id)), &res)) != RC_OK)
		return rc;
	/* Not the caller's: 404; the caller's, revoked already: done. */
	if ((rc = db_row(r->db, r->arena, STMT_EMP_CODE_OWNED,
	    DB_ARGS(DB_I(t->id), DB_I(r->sess.account_id)),
	    DB_OUT(DB_OI(&cert)))) != RC_OK)
		return rc;
	if (res.affected == 0)
		return RC_OK;
	return audit_add(r, "share_code.revoke", "certificate", cert,
	    arena_printf(r->arena, "分享码 %lld", (long long)t->id));
}

/* POST /verify/mine/codes/#/revoke: the code stops working now. */
enum rc
emp_code_revoke(struct req *r)
{
	struct revoke_tx t = { r, r->arg[0] };
	enum rc		 rc;

	if ((rc = db_tx(r->db, code_revoke_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/verify/mine");
}

static enum rc
share_again(struct req *r, int status, const char *err)
{
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "verification/share.cs", "分享码查询");
}

/* GET /verify/share: the public form for a share code. */
enum rc
emp_share_form(struct req *r)
{
	return tmpl_page(r, 200, "verification/share.cs", "分享码查询");
}

/*
 * POST /verify/share: the certificate a live share code stands for.
 * Unknown, expired and revoked codes get one answer.
 */
enum rc
emp_share_lookup(struct req *r)
{
	struct fval		 v[PF__MAX];
	struct emp_result	 res;
	enum rc			 rc;

	if ((rc = req_form(r, share_fields, PF__MAX, v)) != RC_OK)
		return rc;
	if ((rc = emp_rate(r, arena_printf(r->arena, "share:ip:%s", r->ip),
	    SHARE_PAGE_PER_MINUTE)) == RC_THROTTLED)
		return share_again(r, 429, "查询过于频繁，请一分钟后再试");
	if (rc != RC_OK)
		return rc;
	if ((rc = emp_check(r, 0, NULL, NULL, v[PF_CODE].present &&
	    *v[PF_CODE].val != '\0' ? v[PF_CODE].val : "-", &res)) != RC_OK)
		return rc;
	if (res.verdict == EV_MALFORMED)
		return share_again(r, 400, "分享码应为12位字母或数字（如 7K3M-Q9XD-2HFA）");
	if (res.cert_id == 0)
		return share_again(r, 404, "分享码不存在、已过期或已被持证人撤销");
	if ((rc = emp_logged(r, &res, EC_PAGE, 0)) != RC_OK)
		return rc;
	emp_result_hdf(r, &res);
	r->personal = 1;
	return tmpl_page(r, 200, "verification/result.cs", "证书查询结果");
}
