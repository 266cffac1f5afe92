/* sql.c: the verification area's statements: the published view only. */
#include "app.h"
#include "verification.h"

const char *const ver_stmts[STMT__MAX] = {
	/* Both the number and the ID number's blind index must match. */
	[STMT_LOOKUP] = "SELECT number, status, "
	    "IFNULL(DATE_FORMAT(issued_on, '%Y-%m-%d'), ''), student_name, "
	    "id_mask, cert_name, cert_level, org_name, inst_name, plan_name, "
	    "revoke_reason, revoked_on, replaced_by, replaces "
	    "FROM v_cert_public WHERE number = ? AND id_hmac = ?",
};
