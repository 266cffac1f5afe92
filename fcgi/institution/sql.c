/* sql.c: the institution area's statements, prepared at start-up. */
#include "app.h"
#include "cert.h"
#include "institution.h"

const char *const inst_stmts[STMT__MAX] = {
	[STMT_LOGIN] =
	    "SELECT id, pw_hash, disabled FROM account WHERE login = ? "
	    "AND (role = 'student') = ?",
	[STMT_PW_GET] =
	    "SELECT pw_hash FROM account WHERE id = ?",
	[STMT_PW_SET] =
	    "UPDATE account SET pw_hash = ?, must_change_pw = 0, "
	    "pw_changed_at = NOW() WHERE id = ?",
	[STMT_ORG_LIST] =
	    "SELECT o.id, o.code, o.name, "
	    "(SELECT COUNT(*) FROM certificate_type t "
	    "WHERE t.organisation_id = o.id), "
	    "(SELECT COUNT(*) FROM account a WHERE a.organisation_id = o.id) "
	    "FROM organisation o ORDER BY o.id",
	[STMT_ORG_INSERT] =
	    "INSERT INTO organisation (code, name) VALUES (?, ?)",
	[STMT_ORG_GET] =
	    "SELECT id, code, name FROM organisation WHERE id = ?",
	[STMT_ORG_UPDATE] =
	    "UPDATE organisation SET code = ?, name = ? WHERE id = ?",
	[STMT_TYPE_LIST] =
	    "SELECT id, name, level FROM certificate_type "
	    "WHERE organisation_id = ? ORDER BY name, level",
	[STMT_TYPE_INSERT] =
	    "INSERT INTO certificate_type (organisation_id, name, level) "
	    "VALUES (?, ?, ?)",
	[STMT_ORGSTAFF_LIST] =
	    "SELECT id, login, display_name, disabled FROM account "
	    "WHERE organisation_id = ? AND role = 'org' ORDER BY id",
	[STMT_ACCT_INSERT] =
	    "INSERT INTO account (login, display_name, role, organisation_id, "
	    "institution_id, pw_hash, must_change_pw, created_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
	[STMT_INST_LIST] =
	    "SELECT i.id, i.code, i.name, i.region, a.login FROM institution i "
	    "LEFT JOIN account a ON a.principal_of = i.id ORDER BY i.code",
	[STMT_INST_INSERT] =
	    "INSERT INTO institution (code, name, region) VALUES (?, ?, ?)",
	[STMT_INST_GET] =
	    "SELECT i.id, i.code, i.name, i.region, a.id, a.login, "
	    "a.display_name FROM institution i "
	    "LEFT JOIN account a ON a.principal_of = i.id WHERE i.id = ?",
	[STMT_INST_UPDATE] =
	    "UPDATE institution SET name = ?, region = ? WHERE id = ?",
	[STMT_PRINCIPAL_RESET] =
	    "UPDATE account SET pw_hash = ?, must_change_pw = 1 "
	    "WHERE principal_of = ?",
	[STMT_BIZ_LIST] =
	    "SELECT id, login, display_name, disabled, "
	    "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') FROM account "
	    "WHERE institution_id = ? AND role = 'biz' ORDER BY id",
	[STMT_BIZ_SET_DISABLED] =
	    "UPDATE account SET disabled = ? WHERE id = ? AND institution_id = ? "
	    "AND role = 'biz'",
	[STMT_BIZ_RESET] =
	    "UPDATE account SET pw_hash = ?, must_change_pw = 1 WHERE id = ? "
	    "AND institution_id = ? AND role = 'biz'",
	[STMT_COUNT_ADMIN] = SQL_CERT_COUNT_ADMIN,
	[STMT_COUNT_ORG] = SQL_CERT_COUNT_ORG,
	[STMT_COUNT_INST] = SQL_CERT_COUNT_INST,
	[STMT_COUNT_STUDENT] = SQL_CERT_COUNT_STUDENT,
	[STMT_ADMIN_TOTALS] =
	    "SELECT (SELECT COUNT(*) FROM organisation), "
	    "(SELECT COUNT(*) FROM institution), "
	    "(SELECT COUNT(*) FROM student), (SELECT COUNT(*) FROM account)",
	[STMT_SEAL_LIST] =
	    "SELECT s.id, s.version, s.variant, s.sha256, "
	    "DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i'), s.letter_version, "
	    "a.display_name, (SELECT COUNT(*) FROM certificate c "
	    "WHERE c.site_seal_id = s.id OR c.org_seal_id = s.id) "
	    "FROM seal s JOIN account a ON a.id = s.consent_account_id "
	    "WHERE s.owner_type = ? AND s.owner_id = ? ORDER BY s.version DESC",
	[STMT_SEAL_PNG] =
	    "SELECT png FROM seal WHERE id = ? AND owner_type = ? "
	    "AND owner_id = ?",
	[STMT_SEAL_NEXT] =
	    "SELECT IFNULL(MAX(version), 0) + 1 FROM seal "
	    "WHERE owner_type = ? AND owner_id = ? FOR UPDATE",
	[STMT_SEAL_INSERT] =
	    "INSERT INTO seal (owner_type, owner_id, version, png, sha256, "
	    "width, height, variant, letter_version, consent_account_id, "
	    "consent_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* A version some certificate used is kept (the FKs agree). */
	[STMT_SEAL_DELETE] =
	    "DELETE FROM seal WHERE id = ? AND owner_type = ? AND owner_id = ? "
	    "AND NOT EXISTS (SELECT 1 FROM certificate c "
	    "WHERE c.site_seal_id = ? OR c.org_seal_id = ?)",
	[STMT_UPLOAD_INSERT] =
	    "INSERT INTO seal_upload (owner_type, owner_id, account_id, "
	    "original, cleaned, width, height, filename) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_UPLOAD_GET] =
	    "SELECT original, cleaned, width, height, filename FROM seal_upload "
	    "WHERE id = ? AND owner_type = ? AND owner_id = ? AND account_id = ? "
	    "AND created_at > NOW() - INTERVAL 1 DAY",
	[STMT_UPLOAD_PURGE] =
	    "DELETE FROM seal_upload WHERE created_at < NOW() - INTERVAL 1 DAY "
	    "LIMIT 100",
	[STMT_UPLOAD_DELETE] =
	    "DELETE FROM seal_upload WHERE id = ? AND owner_type = ? "
	    "AND owner_id = ?",
	[STMT_LETTER_CURRENT] =
	    "SELECT version, title, body FROM auth_letter "
	    "ORDER BY version DESC LIMIT 1",
	[STMT_PRINCIPAL_SET] =
	    "UPDATE institution SET site_principal_name = ?, "
	    "site_principal_title = ? WHERE id = ?",
	[STMT_PRINCIPAL_GET] =
	    "SELECT IFNULL(site_principal_name, ''), "
	    "IFNULL(site_principal_title, '') FROM institution WHERE id = ?",
	[STMT_NOTES] =
	    "SELECT title, link, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), "
	    "read_at IS NULL FROM notification WHERE account_id = ? "
	    "ORDER BY id DESC LIMIT 100",
	[STMT_NOTES_READ] =
	    "UPDATE notification SET read_at = NOW() WHERE account_id = ? "
	    "AND read_at IS NULL",
	[STMT_PRINCIPAL_SESS_DEL] =
	    "DELETE FROM session WHERE account_id = "
	    "(SELECT id FROM account WHERE principal_of = ?)",
	[STMT_AUDIT_BATCH] = SQL_AUDIT_BATCH,
	/*
	 * The home page's oldest waiting record of a status in the caller's
	 * scope: the lowest id through the (scope, status, id) index, one
	 * row read; its age is the time since it entered that status.
	 */
	[STMT_OLDEST_ORG] =
	    "SELECT id, TIMESTAMPDIFF(SECOND, updated_at, NOW()) "
	    "FROM certificate WHERE organisation_id = ? AND status = ? "
	    "ORDER BY id LIMIT 1",
	[STMT_OLDEST_INST] =
	    "SELECT id, TIMESTAMPDIFF(SECOND, updated_at, NOW()) "
	    "FROM certificate WHERE institution_id = ? AND status = ? "
	    "ORDER BY id LIMIT 1",
	[STMT_OLDEST_ALL] =
	    "SELECT id, TIMESTAMPDIFF(SECOND, updated_at, NOW()) "
	    "FROM certificate WHERE ? = 0 AND status = ? "
	    "ORDER BY id LIMIT 1",
	/* A business admin's batches waiting for the principal. */
	[STMT_REQ_SUBMITTED] =
	    "SELECT COUNT(*), IFNULL(TIMESTAMPDIFF(SECOND, MIN(created_at), "
	    "NOW()), 0) FROM signing_request "
	    "WHERE institution_id = ? AND state = 'submitted'",
	/*
	 * Issuance progress, the ten largest by total, from the counters
	 * (a few rows per institution, plan and type, not certificates).
	 */
#define CHART_SUMS \
	"SUM(IF(cc.status = 'confirmed', cc.n, 0)) AS done, " \
	"SUM(IF(cc.status = 'site_pending', cc.n, 0)), " \
	"SUM(IF(cc.status = 'org_pending', cc.n, 0)), " \
	"SUM(IF(cc.status IN ('org_rejected', 'site_rejected'), cc.n, 0)), " \
	"SUM(IF(cc.status IN ('revoked', 'replaced'), 0, cc.n)) AS total "
	[STMT_CHART_ADMIN] =
	    "SELECT i.name, " CHART_SUMS "FROM certificate_count cc "
	    "JOIN institution i ON i.id = cc.institution_id WHERE ? = 0 "
	    "GROUP BY cc.institution_id, i.name HAVING total > 0 "
	    "ORDER BY total DESC, cc.institution_id LIMIT 10",
	[STMT_CHART_ORG] =
	    "SELECT i.name, " CHART_SUMS "FROM certificate_count cc "
	    "JOIN institution i ON i.id = cc.institution_id "
	    "WHERE cc.organisation_id = ? "
	    "GROUP BY cc.institution_id, i.name HAVING total > 0 "
	    "ORDER BY total DESC, cc.institution_id LIMIT 10",
	[STMT_CHART_INST] =
	    "SELECT p.name, " CHART_SUMS "FROM certificate_count cc "
	    "JOIN exam_plan p ON p.id = cc.plan_id "
	    "WHERE cc.institution_id = ? "
	    "GROUP BY cc.plan_id, p.name HAVING total > 0 "
	    "ORDER BY total DESC, cc.plan_id LIMIT 10",
#undef CHART_SUMS
};
