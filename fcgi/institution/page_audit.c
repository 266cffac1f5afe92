/* page_audit.c: the platform admin's check of the hash-chained audit log. */
#include <time.h>

#include "app.h"
#include "institution.h"

/*
 * GET /admin/audit: verify the whole chain now (audit_verify(), the
 * same check as `xadmin audit-verify`) and name the first broken link.
 */
enum rc
inst_audit(struct req *r)
{
	struct audit_check ck;
	struct timespec	 t0, t1;
	int64_t		 ms;
	enum rc		 rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = audit_verify(r->db, STMT_AUDIT_BATCH, &ck)) != RC_OK)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	tmpl_seti(r, "Audit.Rows", ck.rows);
	tmpl_seti(r, "Audit.Head", ck.head);
	tmpl_seti(r, "Audit.Ms", ms);
	if (ck.fault != AUDIT_INTACT) {
		log_warnx("audit chain broken at seq %lld: %s",
		    (long long)ck.seq, audit_fault_text(ck.fault, 0));
		tmpl_seti(r, "Audit.Broken.Seq", ck.seq);
		tmpl_seti(r, "Audit.Broken.Found", ck.found);
		tmpl_set(r, "Audit.Broken.Kind", audit_fault_text(ck.fault, 0));
		tmpl_set(r, "Audit.Broken.Text", audit_fault_text(ck.fault, 1));
	}
	return tmpl_page(r, 200, "institution/audit.cs", "审计日志校验");
}
