/* sql.c: the verification area's statements: the published view, its own
 * counters and logs, the employers' keys and the holders' share codes. */
#include "app.h"
#include "verification.h"

/* A published certificate as a check answers it (emp_check.c). */
#define EMP_COLS \
	"h.id, h.number, h.status, " \
	"IFNULL(DATE_FORMAT(h.issued_on, '%Y-%m-%d'), ''), h.student_name, " \
	"h.id_mask, h.cert_name, h.cert_level, h.org_name, h.inst_name, " \
	"h.plan_name "

/* The published columns a result page shows (v_cert_public). */
#define PUB_COLS "v.number, v.status, " \
	"IFNULL(DATE_FORMAT(v.issued_on, '%Y-%m-%d'), ''), v.student_name, " \
	"v.id_mask, v.cert_name, v.cert_level, v.org_name, v.inst_name, " \
	"v.plan_name, v.revoke_reason, v.revoked_on, v.replaced_by, " \
	"v.replaces, v.replaced_by_qr, v.replaces_qr "

/*
 * The guessing counters as STMT_CHECK and STMT_THR_STATE read them: the
 * address's failures in its 15 minutes (ti, its key the first parameter)
 * and whether the number is locked (tn, the second), 0 when no row.
 */
#define THR_COLS "IFNULL(IF(ti.first_fail >= NOW() - INTERVAL 15 MINUTE, " \
	"ti.fails, 0), 0), IFNULL(tn.locked_until > NOW(), 0)"
#define THR_FROM "one_row one " \
	"LEFT JOIN verify_throttle ti ON ti.key_hash = ? " \
	"LEFT JOIN verify_throttle tn ON tn.key_hash = ? "

const char *const ver_stmts[STMT__MAX] = {
	/* Employers' checks: by number + blind index, or by share code. */
	[STMT_EMP_BY_PAIR] = "SELECT " EMP_COLS ", 0 FROM v_cert_public h "
	    "WHERE h.number = ? AND h.id_hmac = ?",
	[STMT_EMP_BY_CODE] = "SELECT " EMP_COLS ", c.id FROM share_code c "
	    "JOIN v_cert_public h ON h.id = c.certificate_id "
	    "WHERE c.code_hash = ? AND c.revoked_at IS NULL "
	    "AND c.expires_at > NOW()",
	[STMT_EMP_USE_ADD] = "INSERT INTO verify_use (certificate_id, via, "
	    "channel, share_id, key_id) VALUES (?, ?, ?, ?, ?)",
	[STMT_EMP_API_USE] = "INSERT INTO api_use (key_id, kind, checks, "
	    "verdict) VALUES (?, ?, ?, ?)",
	/*
	 * One round trip counts a hit and reads the count: on a new row
	 * LAST_INSERT_ID stays 0 (the count is 1), else it is the new count.
	 */
	[STMT_EMP_RATE_HIT] = "INSERT INTO api_rate (bucket, minute, hits) "
	    "VALUES (?, UNIX_TIMESTAMP() DIV 60, 1) ON DUPLICATE KEY UPDATE "
	    "hits = LAST_INSERT_ID(hits + 1)",
	[STMT_EMP_RATE_PURGE] = "DELETE FROM api_rate "
	    "WHERE minute < UNIX_TIMESTAMP() DIV 60 - 1 LIMIT 100",
	[STMT_EMP_KEY_AUTH] = "SELECT id, employer, per_minute, "
	    "revoked_at IS NOT NULL FROM api_key WHERE key_hash = ?",
	[STMT_EMP_KEY_LIVE] = "SELECT COUNT(*) FROM api_key "
	    "WHERE id = ? AND revoked_at IS NULL",

	/* The platform admin's keys. */
	[STMT_EMP_KEY_LIST] = "SELECT k.id, k.employer, k.contact, k.prefix, "
	    "k.per_minute, DATE_FORMAT(k.created_at, '%Y-%m-%d %H:%i'), "
	    "IFNULL(DATE_FORMAT(k.revoked_at, '%Y-%m-%d %H:%i'), ''), "
	    "(SELECT COUNT(*) FROM api_use u WHERE u.key_id = k.id), "
	    "IFNULL((SELECT DATE_FORMAT(MAX(u.used_at), '%Y-%m-%d %H:%i') "
	    "FROM api_use u WHERE u.key_id = k.id), '') "
	    "FROM api_key k ORDER BY k.id DESC",
	[STMT_EMP_KEY_ADD] = "INSERT INTO api_key (employer, contact, prefix, "
	    "key_hash, per_minute, created_by) VALUES (?, ?, ?, ?, ?, ?)",
	[STMT_EMP_KEY_REVOKE] = "UPDATE api_key SET revoked_at = NOW() "
	    "WHERE id = ? AND revoked_at IS NULL",

	/* The holder's certificates, codes and the checks that reached them. */
	/*
	 * With each number's lock while it lasts: the counter's key is
	 * ver_thr_key()'s, SHA-256 of "number:<number>" (page_verify.c).
	 */
	[STMT_EMP_MINE_CERTS] = "SELECT h.id, h.number, h.cert_name, "
	    "h.cert_level, h.status, "
	    "DATE_FORMAT(t.locked_until, '%Y-%m-%d %H:%i'), t.fails "
	    "FROM v_cert_public h LEFT JOIN verify_throttle t "
	    "ON t.key_hash = UNHEX(SHA2(CONCAT('number:', h.number), 256)) "
	    "AND t.locked_until > NOW() "
	    "WHERE h.account_id = ? ORDER BY h.id",
	[STMT_EMP_MINE_CERT] = "SELECT COUNT(*) FROM v_cert_public "
	    "WHERE id = ? AND account_id = ? AND status = 'confirmed'",
	[STMT_EMP_MINE_CODES] = "SELECT c.id, h.number, h.cert_name, c.hint, "
	    "DATE_FORMAT(c.created_at, '%Y-%m-%d %H:%i'), "
	    "DATE_FORMAT(c.expires_at, '%Y-%m-%d %H:%i'), "
	    "CASE WHEN c.revoked_at IS NOT NULL THEN 'revoked' "
	    "WHEN c.expires_at <= NOW() THEN 'expired' ELSE 'active' END, "
	    "(SELECT COUNT(*) FROM verify_use u WHERE u.share_id = c.id) "
	    "FROM share_code c JOIN v_cert_public h ON h.id = c.certificate_id "
	    "WHERE c.account_id = ? ORDER BY c.id DESC LIMIT 200",
	[STMT_EMP_MINE_USES] = "SELECT DATE_FORMAT(u.used_at, "
	    "'%Y-%m-%d %H:%i:%s'), h.number, h.cert_name, u.via, u.channel, "
	    "IFNULL(c.hint, ''), IFNULL(k.employer, '') FROM verify_use u "
	    "JOIN v_cert_public h ON h.id = u.certificate_id "
	    "LEFT JOIN share_code c ON c.id = u.share_id "
	    "LEFT JOIN api_key k ON k.id = u.key_id "
	    "WHERE h.account_id = ? ORDER BY u.id DESC LIMIT 200",
	/*
	 * The public lookups of the holder's certificate numbers, failed
	 * ones too (a wrong ID number, refusals while locked): when, how
	 * and the outcome; never who (the log has no address).
	 */
	[STMT_EMP_MINE_LOOKS] = "SELECT DATE_FORMAT(l.at, "
	    "'%Y-%m-%d %H:%i:%s'), p.number, p.cert_name, l.method, l.outcome "
	    "FROM cert_public p JOIN verification_log l ON l.number = p.number "
	    "WHERE p.holder_account_id = ? AND l.method IN ('idno', 'qr') "
	    "ORDER BY l.id DESC LIMIT 50",
	[STMT_EMP_CODE_ADD] = "INSERT INTO share_code (certificate_id, "
	    "account_id, code_hash, hint, expires_at) "
	    "VALUES (?, ?, ?, ?, NOW() + INTERVAL ? DAY)",
	[STMT_EMP_CODE_REVOKE] = "UPDATE share_code SET revoked_at = NOW() "
	    "WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
	[STMT_EMP_CODE_OWNED] = "SELECT certificate_id FROM share_code "
	    "WHERE id = ? AND account_id = ?",
	/*
	 * One round trip for the public lookup: the address's failures (15
	 * minutes), whether the number is locked, and the match if any.
	 * One row either way: driven by one_row (0028), each read a
	 * primary-key lookup of a const table (no derived table made and
	 * no subquery set up per execution).
	 */
	[STMT_CHECK] = "SELECT " THR_COLS ", IFNULL(v.cert_id, 0), "
	    "IFNULL(v.holder_account_id, 0), " PUB_COLS "FROM " THR_FROM
	    "LEFT JOIN cert_public v ON v.number = ? AND v.id_hmac = ? "
	    "WHERE one.id = 1",
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
	/* What the employers' checks read first: as STMT_CHECK, no match. */
	[STMT_THR_STATE] = "SELECT " THR_COLS " FROM " THR_FROM
	    "WHERE one.id = 1",
	/* A keyed caller's miss: the number's hour only (STMT_FAIL_BOTH). */
	[STMT_FAIL_NUMBER] = "INSERT INTO verify_throttle (key_hash, kind, "
	    "fails, first_fail) VALUES (?, 'number', 1, NOW()) "
	    "ON DUPLICATE KEY UPDATE fails = IF(first_fail < NOW() - "
	    "INTERVAL 60 MINUTE, 1, fails + 1), "
	    "first_fail = IF(fails = 1, NOW(), first_fail), "
	    "locked_until = IF(fails >= 20, NOW() + INTERVAL 1 HOUR, "
	    "locked_until)",
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
	    PUB_COLS "FROM cert_public v WHERE v.number = ?",
	/* Kept rows, many at once (vlog.c): [time, number, cert, how, what]. */
	[STMT_VLOG] = "INSERT INTO verification_log (at, number, "
	    "certificate_id, method, outcome) SELECT FROM_UNIXTIME(j.t), j.n, "
	    "NULLIF(j.c, 0), j.m, j.o FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	    "t BIGINT PATH '$[0]', n CHAR(23) PATH '$[1]', "
	    "c BIGINT UNSIGNED PATH '$[2]', m VARCHAR(8) PATH '$[3]', "
	    "o VARCHAR(12) PATH '$[4]')) j",
};
