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

/* GET /: the caller's work at a glance. */
enum rc
inst_home(struct req *r)
{
	enum rc		 rc;

	if ((rc = cert_counts(r, counts)) != RC_OK)
		return rc;
	if (r->sess.role == ROLE_ADMIN && (rc = admin_totals(r)) != RC_OK)
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
