/* page_home.c: each role's landing page, and the institution profile. */
#include "app.h"
#include "institution.h"

static const size_t counts[SCOPE__MAX] = {
	STMT_COUNT_ADMIN,	/* SCOPE_ADMIN */
	STMT_COUNT_ORG,		/* SCOPE_ORG */
	STMT_COUNT_INST,	/* SCOPE_INST */
	STMT_COUNT_STUDENT,	/* SCOPE_STUDENT */
};

static enum rc
admin_totals(struct req *r)
{
	struct dbq	*q;
	int64_t		 o, i, s, a;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_ADMIN_TOTALS, "")) == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	if (db_next(q, "iiii", &o, &i, &s, &a) != 1)
		return RC_ERROR;
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
	struct dbq	*q;
	const char	*code, *name, *region, *plogin, *pname;
	int64_t		 id, pid;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_INST_GET, "i",
	    r->sess.inst_id)) == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	if (db_next(q, "isssiss", &id, &code, &name, &region, &pid, &plogin,
	    &pname) != 1)
		return RC_NOTFOUND;
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

	if ((q = db_run(r->db, r->arena, &rc, STMT_NOTES, "i",
	    r->sess.account_id)) == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	if (tmpl_rows(r, q, "Notes", cols, nitems(cols)) == -1)
		return RC_ERROR;
	return tmpl_page(r, 200, "institution/notes.cs", "通知");
}

static enum rc
read_act(void *arg)
{
	struct req	*r = arg;

	return db_exec(r->db, r->arena, STMT_NOTES_READ, "i",
	    r->sess.account_id);
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
