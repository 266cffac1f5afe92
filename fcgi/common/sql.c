/* sql.c: the statements of the common core, prepared by every responder. */
#include "app.h"

#define NAV_UNREAD \
	"(SELECT COUNT(*) FROM notification WHERE account_id = ? " \
	    "AND read_at IS NULL)"

const char *const common_stmts[CSTMT__MAX] = {
	/* CSTMT_SESS_GET */
	"SELECT s.id, a.id, a.role, a.organisation_id, a.institution_id, "
	    "a.login, a.display_name, s.csrf, a.must_change_pw, "
	    "o.name, i.name, "
	    "(s.last_seen < NOW() - INTERVAL 30 MINUTE OR "
	    "s.created_at < NOW() - INTERVAL 12 HOUR), "
	    "s.last_seen < NOW() - INTERVAL 30 SECOND "
	    "FROM session s JOIN account a ON a.id = s.account_id "
	    "LEFT JOIN organisation o ON o.id = a.organisation_id "
	    "LEFT JOIN institution i ON i.id = a.institution_id "
	    "WHERE s.token_hash = ? AND a.disabled = 0",
	/* CSTMT_SESS_TOUCH */
	"UPDATE session SET last_seen = NOW() WHERE id = ? "
	    "AND last_seen < NOW() - INTERVAL 30 SECOND",
	/* CSTMT_SESS_DEL */
	"DELETE FROM session WHERE id = ?",
	/* CSTMT_SESS_DEL_ACCOUNT */
	"DELETE FROM session WHERE account_id = ?",
	/* CSTMT_SESS_INSERT */
	"INSERT INTO session (token_hash, account_id, csrf, ip, created_at, "
	    "last_seen) VALUES (?, ?, ?, ?, NOW(), NOW())",
	/* CSTMT_SESS_PURGE */
	"DELETE FROM session WHERE last_seen < NOW() - INTERVAL 30 MINUTE "
	    "OR created_at < NOW() - INTERVAL 12 HOUR LIMIT 500",
	/* CSTMT_THR_GET */
	"SELECT fails FROM login_throttle WHERE key_hash = ? "
	    "AND first_fail >= NOW() - INTERVAL 15 MINUTE",
	/* CSTMT_THR_FAIL */
	"INSERT INTO login_throttle (key_hash, kind, fails, first_fail, "
	    "last_fail) VALUES (?, ?, 1, NOW(), NOW()) "
	    "ON DUPLICATE KEY UPDATE "
	    "fails = IF(first_fail < NOW() - INTERVAL 15 MINUTE, 1, fails + 1), "
	    "first_fail = IF(first_fail < NOW() - INTERVAL 15 MINUTE, NOW(), "
	    "first_fail), last_fail = NOW()",
	/* CSTMT_THR_CLEAR */
	"DELETE FROM login_throttle WHERE key_hash = ?",
	/* CSTMT_THR_PURGE */
	"DELETE FROM login_throttle WHERE first_fail < NOW() - "
	    "INTERVAL 15 MINUTE LIMIT 100",
	/* CSTMT_AUDIT_HEAD */
	"SELECT seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE",
	/* CSTMT_AUDIT_INSERT */
	"INSERT INTO audit_log (seq, prev_hash, hash, at_utc, account_id, "
	    "action, object_type, object_id, ip, detail) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* CSTMT_AUDIT_HEAD_SET */
	"UPDATE audit_head SET seq = ?, last_hash = ? WHERE id = 1",
	/*
	 * The navigation's badges in one statement (tmpl.c nav_counts):
	 * the scope's to-do items (scope id) and the account's unread
	 * notifications (account id).  CSTMT_NOTE_UNREAD: no to-do items.
	 */
	/* CSTMT_NOTE_UNREAD */
	"SELECT 0 * ?, " NAV_UNREAD,
	/* CSTMT_FLAGS_OPEN_INST */
	"SELECT (SELECT COUNT(*) FROM correction_flag WHERE institution_id = ? "
	    "AND state = 'open'), " NAV_UNREAD,
	/* CSTMT_FLAGS_FIXED_ORG */
	"SELECT (SELECT COUNT(*) FROM correction_flag WHERE organisation_id = ? "
	    "AND state = 'fixed'), " NAV_UNREAD,
};
