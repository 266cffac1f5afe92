/* sql.c: the verification area's statements: the published view, its own counters and log. */
#include "app.h"
#include "verification.h"

/* The published columns a result page shows (v_cert_public). */
#define PUB_COLS "v.number, v.status, " \
	"IFNULL(DATE_FORMAT(v.issued_on, '%Y-%m-%d'), ''), v.student_name, " \
	"v.id_mask, v.cert_name, v.cert_level, v.org_name, v.inst_name, " \
	"v.plan_name "

const char *const ver_stmts[STMT__MAX] = {
	/* Both the number and the ID number's blind index must match. */
	[STMT_LOOKUP] = "SELECT number, status, "
	    "IFNULL(DATE_FORMAT(issued_on, '%Y-%m-%d'), ''), student_name, "
	    "id_mask, cert_name, cert_level, org_name, inst_name, plan_name "
	    "FROM v_cert_public WHERE number = ? AND id_hmac = ?",
	/*
	 * One round trip for the public lookup: the address's failures (15
	 * minutes), whether the number is locked, and the match if any
	 * (one row either way).
	 */
	[STMT_CHECK] = "SELECT IFNULL((SELECT fails FROM verify_throttle "
	    "WHERE key_hash = ? AND first_fail >= NOW() - INTERVAL 15 MINUTE), "
	    "0), IFNULL((SELECT locked_until > NOW() FROM verify_throttle "
	    "WHERE key_hash = ?), 0), IFNULL(v.cert_id, 0), "
	    "IFNULL(v.holder_account_id, 0), " PUB_COLS
	    "FROM (SELECT 1) one LEFT JOIN v_cert_public v "
	    "ON v.number = ? AND v.id_hmac = ?",
	[STMT_IP_FAILS] = "SELECT fails FROM verify_throttle WHERE key_hash = ? "
	    "AND first_fail >= NOW() - INTERVAL 15 MINUTE",
	/*
	 * One failure for the address (15-minute window) and the number
	 * (an hour; the 20th locks it for an hour).  The assignments run
	 * left to right, each seeing the ones before.
	 */
	[STMT_FAIL_BOTH] = "INSERT INTO verify_throttle (key_hash, kind, fails, "
	    "first_fail) VALUES (?, 'ip', 1, NOW()), (?, 'number', 1, NOW()) "
	    "ON DUPLICATE KEY UPDATE fails = IF(first_fail < NOW() - "
	    "INTERVAL IF(kind = 'ip', 15, 60) MINUTE, 1, fails + 1), "
	    "first_fail = IF(fails = 1, NOW(), first_fail), "
	    "locked_until = IF(kind = 'number' AND fails >= 20, "
	    "NOW() + INTERVAL 1 HOUR, locked_until)",
	[STMT_FAIL_IP] = "INSERT INTO verify_throttle (key_hash, kind, fails, "
	    "first_fail) VALUES (?, 'ip', 1, NOW()) ON DUPLICATE KEY UPDATE "
	    "fails = IF(first_fail < NOW() - INTERVAL 15 MINUTE, 1, fails + 1), "
	    "first_fail = IF(fails = 1, NOW(), first_fail)",
	[STMT_THR_PURGE] = "DELETE FROM verify_throttle WHERE first_fail < "
	    "NOW() - INTERVAL 1 HOUR AND (locked_until IS NULL OR "
	    "locked_until < NOW()) LIMIT 100",
	[STMT_CAP_NEW] = "INSERT INTO verify_captcha (token_hash, answer) "
	    "VALUES (?, ?)",
	/* A CAPTCHA is answered once: taking it deletes it. */
	[STMT_CAP_TAKE] = "DELETE FROM verify_captcha WHERE token_hash = ? "
	    "AND created_at >= NOW() - INTERVAL 10 MINUTE RETURNING answer",
	[STMT_CAP_PURGE] = "DELETE FROM verify_captcha WHERE created_at < "
	    "NOW() - INTERVAL 10 MINUTE LIMIT 100",
	/* A signed QR payload's certificate, as it stands now. */
	[STMT_QR_CERT] = "SELECT v.cert_id, IFNULL(v.canon_sha256, ''), "
	    PUB_COLS "FROM v_cert_public v WHERE v.number = ?",
	[STMT_VLOG] = "INSERT INTO verification_log (number, certificate_id, "
	    "method, outcome) VALUES (?, ?, ?, ?)",
};
