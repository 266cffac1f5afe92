/* sql_sign.c: the statements of generation, signing, rejection, re-issue and history. */
#include "app.h"
#include "notify.h"
#include "issuance.h"

/* A set of ids (a JSON array bound as text) as rows (seq, id). */
#define IDS_TABLE \
	"JSON_TABLE(?, '$[*]' COLUMNS (seq FOR ORDINALITY, " \
	    "id BIGINT UNSIGNED PATH '$')) j "

/*
 * What a record's canonical content is made of (see canon.h), in the
 * order iss_canon_row() reads it: the certificate's id (0 before it
 * exists), number, holder, type, organisation, institution, site,
 * plan, result.
 */
#define CANON_COLS \
	"s.name, s.gender, s.id_type, LOWER(HEX(s.id_hmac)), s.id_mask, " \
	"t.name, t.level, o.id, o.name, i.id, i.code, i.name, " \
	"x.id, x.code, x.name, p.id, p.name, e.status, " \
	"IFNULL(CAST(e.score AS CHAR), '') "
#define CANON_JOINS \
	"JOIN student s ON s.id = e.student_id " \
	"JOIN institution i ON i.id = s.institution_id " \
	"JOIN institution x ON x.id = e.site_id " \
	"JOIN exam_plan p ON p.id = e.plan_id " \
	"JOIN certificate_type t ON t.id = p.certificate_type_id " \
	"JOIN organisation o ON o.id = p.organisation_id "

/*
 * One certificate with what its page shows: a signed one's holder as
 * its frozen content has it (a replacement may have corrected the
 * student's name since, 0022), a pending one's as the student's now.
 */
#define CERT_HOLDER(k) \
	"IF(c.status IN ('confirmed', 'revoked', 'replaced'), " \
	"IFNULL(JSON_VALUE(c.canon, '$.holder." k "'), s." k "), s." k "), "
#define CERT_ONE \
	"SELECT c.id, c.number, c.status, " CERT_HOLDER("name") \
	    CERT_HOLDER("id_mask") "s.student_type, " \
	    "i.code, i.name, t.name, t.level, o.name, p.name, x.code, " \
	    "r.status, IFNULL(CAST(r.score AS CHAR), ''), " \
	    "IFNULL(DATE_FORMAT(c.issued_on, '%Y-%m-%d'), ''), " \
	    "c.reject_reason, IFNULL(c.canon_sha256, ''), c.organisation_id, " \
	    "c.institution_id, c.student_id, " PF_COLS \
	"FROM certificate c JOIN student s ON s.id = c.student_id " \
	"JOIN institution i ON i.id = c.institution_id " \
	"JOIN institution x ON x.id = IFNULL(c.site_id, c.institution_id) " \
	"JOIN certificate_type t ON t.id = c.certificate_type_id " \
	"JOIN organisation o ON o.id = c.organisation_id " \
	"JOIN exam_plan p ON p.id = c.plan_id " \
	"JOIN exam_result r ON r.id = c.result_id "

/* A signing request with what its page shows (scoped by the caller). */
#define REQ_COLS \
	"SELECT r.id, r.party, IFNULL(r.organisation_id, 0), " \
	    "IFNULL(r.institution_id, 0), r.created_by, IFNULL(r.signer_id, 0), " \
	    "r.n, r.manifest_hash, r.summary, r.state, " \
	    "IFNULL(r.nonce, ''), r.expires_at IS NOT NULL " \
	    "AND r.expires_at > NOW(), " \
	    "IFNULL(TIMESTAMPDIFF(SECOND, NOW(), r.expires_at), 0), " \
	    "r.outcome, DATE_FORMAT(r.created_at, '%Y-%m-%d %H:%i'), " \
	    "IFNULL(DATE_FORMAT(r.done_at, '%Y-%m-%d %H:%i'), ''), " \
	    "a.display_name " \
	"FROM signing_request r JOIN account a ON a.id = r.created_by "

/*
 * 100 rows of a certificate insert (12 values each).  The holder's type
 * and name come with the row: generation inserts with 0025's deferral
 * set, so the copy trigger does not read each student again.
 */
#define V1	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define V5	V1 ", " V1 ", " V1 ", " V1 ", " V1
#define V25	V5 ", " V5 ", " V5 ", " V5 ", " V5
#define V100	V25 ", " V25 ", " V25 ", " V25
#define CERT_INSERT \
	"INSERT INTO certificate (number, result_id, student_id, " \
	    "institution_id, site_id, organisation_id, certificate_type_id, " \
	    "plan_id, canon, canon_sha256, student_type, student_name) VALUES "

/* Moves of a request's records, each guarded by the state it leaves. */
#define MOVE_REQ \
	"UPDATE certificate c JOIN signing_item i ON i.certificate_id = c.id "

const char *const iss_sign_sql[STMT__MAX] = {
	/*
	 * 生成待签发名单: the organisation's plans, with what awaits: the
	 * passed results (exam_result_plan_status, 0025) and the records
	 * (their counters).
	 */
	[STMT_GEN_PLANS] = "SELECT p.id, p.name, "
	    "DATE_FORMAT(p.exam_date, '%Y-%m-%d'), t.name, t.level, "
	    "(SELECT COUNT(*) FROM exam_result e WHERE e.plan_id = p.id "
	    "AND e.status = '已通过'), "
	    "(SELECT IFNULL(SUM(k.n), 0) FROM certificate_count k "
	    "WHERE k.plan_id = p.id) "
	    "FROM exam_plan p JOIN certificate_type t "
	    "ON t.id = p.certificate_type_id WHERE p.organisation_id = ? "
	    "ORDER BY p.exam_date DESC, p.id DESC LIMIT 200",
	/* The plan, locked: generations of one plan run one at a time. */
	[STMT_GEN_PLAN] = "SELECT p.id, p.name, YEAR(p.exam_date), t.id, "
	    "IFNULL(t.code, 0), t.level, t.name, o.id, "
	    "IFNULL(o.number_code, '') "
	    "FROM exam_plan p JOIN certificate_type t "
	    "ON t.id = p.certificate_type_id "
	    "JOIN organisation o ON o.id = p.organisation_id "
	    "WHERE p.id = ? AND p.organisation_id = ? FOR UPDATE",
	[STMT_GEN_ORGCODE_SET] = "UPDATE organisation "
	    "SET number_code = LPAD(100000 + id, 6, '0') "
	    "WHERE id = ? AND number_code IS NULL",
	[STMT_GEN_TYPECODE_SAME] = "SELECT code FROM certificate_type "
	    "WHERE organisation_id = ? AND name = ? AND code IS NOT NULL "
	    "LIMIT 1",
	[STMT_GEN_TYPECODE_NEXT] = "SELECT IFNULL(MAX(code), 0) + 1 "
	    "FROM certificate_type WHERE organisation_id = ?",
	[STMT_GEN_TYPECODE_SET] = "UPDATE certificate_type SET code = ? "
	    "WHERE id = ? AND code IS NULL",
	/*
	 * Passed results without a certificate whose student has no open
	 * 待完善 flag (the insert trigger refuses those too), by
	 * institution: their canonical content's parts.  STRAIGHT_JOIN:
	 * read from the plan's results; left alone the optimiser starts
	 * from the institutions and walks every student of each (5-6 s
	 * with 1,000,000 students, 0.4 s this way for 50,000 results).
	 */
	[STMT_GEN_CANDIDATES] = "SELECT STRAIGHT_JOIN e.id, e.student_id, "
	    "s.institution_id, e.site_id, s.student_type, " CANON_COLS
	    "FROM exam_result e " CANON_JOINS
	    "WHERE e.plan_id = ? AND e.status = '已通过' "
	    "AND NOT EXISTS (SELECT 1 FROM certificate c "
	    "WHERE c.result_id = e.id) "
	    "AND NOT EXISTS (SELECT 1 FROM correction_flag f "
	    "WHERE f.student_id = e.student_id AND f.state <> 'accepted') "
	    "ORDER BY s.institution_id, e.id",
	/* Passed results held back by an open flag. */
	[STMT_GEN_HELD] = "SELECT COUNT(*) FROM exam_result e "
	    "WHERE e.plan_id = ? AND e.status = '已通过' "
	    "AND NOT EXISTS (SELECT 1 FROM certificate c "
	    "WHERE c.result_id = e.id) "
	    "AND EXISTS (SELECT 1 FROM correction_flag f "
	    "WHERE f.student_id = e.student_id AND f.state <> 'accepted')",
	[STMT_GEN_SERIAL_INIT] = "INSERT IGNORE INTO certificate_serial "
	    "(organisation_id, certificate_type_id, year, next_serial) "
	    "VALUES (?, ?, ?, 1)",
	[STMT_GEN_SERIAL_GET] = "SELECT next_serial FROM certificate_serial "
	    "WHERE organisation_id = ? AND certificate_type_id = ? "
	    "AND year = ? FOR UPDATE",
	[STMT_GEN_SERIAL_SET] = "UPDATE certificate_serial SET next_serial = ? "
	    "WHERE organisation_id = ? AND certificate_type_id = ? "
	    "AND year = ?",
	[STMT_GEN_INSERT1] = CERT_INSERT V1,
	[STMT_GEN_INSERT100] = CERT_INSERT V100,
	[STMT_GEN_EVENTS] = "INSERT INTO certificate_event (certificate_id, "
	    "event, from_status, to_status, account_id, content_sha256) "
	    "SELECT id, 'generate', '', status, ?, canon_sha256 "
	    "FROM certificate WHERE plan_id = ? AND id > ?",
	/*
	 * 0025: the per-record count (and copy) triggers off for one
	 * statement's batch, its counts then applied in one go.
	 */
	[STMT_COUNT_DEFER] = "SET @xc_count_defer = 1",
	[STMT_COUNT_UNDEFER] = "SET @xc_count_defer = NULL",
	[STMT_COUNT_GENERATED] = "CALL certificate_count_generated(?, ?)",
	[STMT_COUNT_REQUEST] = "CALL certificate_count_request(?, ?, ?)",
	[STMT_GEN_INSTS] = "SELECT institution_id, COUNT(*) FROM certificate "
	    "WHERE plan_id = ? AND id > ? GROUP BY institution_id",

	[STMT_NOTIFY_INST] = SQL_NOTIFY_INST,
	[STMT_NOTIFY_ORG] = SQL_NOTIFY_ORG,
	[STMT_NOTIFY_ACCOUNT] = "INSERT INTO notification (account_id, title, "
	    "link) VALUES (?, ?, ?)",

	/* The owner's current (newest) seal. */
	[STMT_SEAL_CURRENT] = "SELECT id FROM seal WHERE owner_type = ? "
	    "AND owner_id = ? ORDER BY version DESC LIMIT 1",
	[STMT_PRINCIPAL] = "SELECT id FROM account WHERE principal_of = ? "
	    "AND disabled = 0",

	/*
	 * The records of a selection, in its order, locked: the request's
	 * items (or the rejection) then see exactly what was checked; the
	 * drawn fields for the preflight last.
	 */
	[STMT_PICK] = "SELECT c.id, c.number, c.status, c.organisation_id, "
	    "c.institution_id, IFNULL(c.canon_sha256, ''), c.plan_id, "
	    PF_COLS "FROM " IDS_TABLE "JOIN certificate c ON c.id = j.id "
	    "ORDER BY j.seq FOR UPDATE",
	[STMT_PICK_INSTS] = "SELECT c.institution_id, COUNT(*) FROM " IDS_TABLE
	    "JOIN certificate c ON c.id = j.id GROUP BY c.institution_id",
	[STMT_PICK_ORGS] = "SELECT c.organisation_id, COUNT(*) FROM " IDS_TABLE
	    "JOIN certificate c ON c.id = j.id GROUP BY c.organisation_id",
	[STMT_REQ_INSERT] = "INSERT INTO signing_request (party, "
	    "organisation_id, institution_id, created_by, signer_id, n, "
	    "manifest_hash, summary, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_REQ_ITEMS] = "INSERT INTO signing_item (request_id, seq, "
	    "certificate_id, content_sha256) SELECT ?, j.seq, c.id, "
	    "c.canon_sha256 FROM " IDS_TABLE
	    "JOIN certificate c ON c.id = j.id",
	/* A request of the caller's organisation or institution. */
	[STMT_REQ_GET] = REQ_COLS "WHERE r.id = ? AND ((r.party = 'org' "
	    "AND r.organisation_id = ?) OR (r.party = 'site' "
	    "AND r.institution_id = ?))",
	[STMT_REQ_GET_LOCK] = REQ_COLS "WHERE r.id = ? AND ((r.party = 'org' "
	    "AND r.organisation_id = ?) OR (r.party = 'site' "
	    "AND r.institution_id = ?)) FOR UPDATE",
	/* Whom a signature concerns: per institution, per organisation. */
	[STMT_REQ_INSTS] = "SELECT c.institution_id, COUNT(*) "
	    "FROM signing_item i JOIN certificate c ON c.id = i.certificate_id "
	    "WHERE i.request_id = ? GROUP BY c.institution_id",
	[STMT_REQ_ORGS] = "SELECT c.organisation_id, COUNT(*) "
	    "FROM signing_item i JOIN certificate c ON c.id = i.certificate_id "
	    "WHERE i.request_id = ? GROUP BY c.organisation_id",
	[STMT_REQ_BY_TOKEN] = REQ_COLS "WHERE r.token_hash = ? FOR UPDATE",
	/* A fresh token (and ten minutes) for the signer. */
	[STMT_REQ_OPEN] = "UPDATE signing_request SET state = 'open', "
	    "token_hash = ?, nonce = ?, "
	    "expires_at = NOW() + INTERVAL 10 MINUTE, signer_id = ? "
	    "WHERE id = ? AND state IN ('submitted', 'open', 'expired')",
	[STMT_REQ_DONE] = "UPDATE signing_request SET state = ?, outcome = ?, "
	    "done_at = NOW() WHERE id = ? AND state IN ('submitted', 'open', "
	    "'expired')",
	/*
	 * The request's records as they are now, locked, in order, with
	 * the drawn fields for the preflight.
	 */
	[STMT_REQ_ITEMS_CHECK] = "SELECT i.seq, c.id, c.number, c.status, "
	    "IFNULL(c.canon_sha256, ''), i.content_sha256, c.organisation_id, "
	    "c.institution_id, " PF_COLS "FROM signing_item i "
	    "JOIN certificate c ON c.id = i.certificate_id "
	    "WHERE i.request_id = ? ORDER BY i.seq FOR UPDATE",
	[STMT_REQ_LIST_ORG] = REQ_COLS "WHERE r.party = 'org' "
	    "AND r.organisation_id = ? ORDER BY r.id DESC LIMIT 50",
	[STMT_REQ_LIST_INST] = REQ_COLS "WHERE r.party = 'site' "
	    "AND r.institution_id = ? ORDER BY r.state = 'submitted' DESC, "
	    "r.id DESC LIMIT 50",
	/* What a request holds: certificate names and plans, with counts. */
	[STMT_REQ_SUMMARY] = "SELECT t.name, t.level, p.name, i.name, "
	    "COUNT(*) FROM signing_item si "
	    "JOIN certificate c ON c.id = si.certificate_id "
	    "JOIN certificate_type t ON t.id = c.certificate_type_id "
	    "JOIN exam_plan p ON p.id = c.plan_id "
	    "JOIN institution i ON i.id = c.institution_id "
	    "WHERE si.request_id = ? GROUP BY t.id, p.id, i.id "
	    "ORDER BY COUNT(*) DESC LIMIT 20",

	[STMT_SIG_INSERT] = "INSERT INTO signature (request_id, party, "
	    "signer_id, manifest_hash, png, png_sha256, seal_id, ip) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_SIG_SHA] = "SELECT png_sha256 FROM signature WHERE request_id = ?",
	[STMT_SIG_PNG] = "SELECT g.png FROM signature g "
	    "JOIN signing_request r ON r.id = g.request_id "
	    "WHERE g.request_id = ? AND ((r.party = 'org' "
	    "AND r.organisation_id = ?) OR (r.party = 'site' "
	    "AND r.institution_id = ?) OR ? = 1)",
	[STMT_MOVE_ORG_SIGN] = MOVE_REQ "SET c.status = 'site_pending', "
	    "c.org_signed_at = NOW(), c.org_signature_id = ?, "
	    "c.org_seal_id = ? WHERE i.request_id = ? "
	    "AND c.status = 'org_pending'",
	/*
	 * The template each record of a request is confirmed with: the
	 * current one of each certificate type in the request, looked up
	 * once per type (a correlated subquery per record read every
	 * site_pending record of the platform: seconds at national scale).
	 * The first type's is set by STMT_MOVE_SITE_SIGN itself, any other
	 * type's by STMT_SET_TPL just before it.  No correlated subquery in
	 * these multi-table UPDATEs: MariaDB 10.11 would then check SELECT
	 * on every table with a foreign key to certificate (share_code,
	 * which this area may not read).
	 */
	[STMT_SIGN_TYPES] = "SELECT DISTINCT c.certificate_type_id "
	    "FROM signing_item i JOIN certificate c ON c.id = i.certificate_id "
	    "WHERE i.request_id = ? ORDER BY 1",
	[STMT_SIGN_TPL] = "SELECT t.id FROM cert_template t "
	    "WHERE t.type_key IN (0, ?) ORDER BY t.type_key DESC, "
	    "t.version DESC LIMIT 1",
	[STMT_SET_TPL] = MOVE_REQ "SET c.template_id = ? "
	    "WHERE i.request_id = ? AND c.status = 'site_pending' "
	    "AND c.certificate_type_id = ?",
	/*
	 * The published records of a site-signed request, for the whole
	 * request at once (0023's triggers skip them while this session
	 * variable is set; it is cleared whatever the outcome).
	 */
	[STMT_PUB_DEFER] = "SET @xc_cert_public_defer = 1",
	[STMT_PUB_SYNC] = "CALL cert_public_sync_request(?)",
	[STMT_PUB_UNDEFER] = "SET @xc_cert_public_defer = NULL",
	/* 发证时间: the platform's today (the session is at +08:00). */
	[STMT_TODAY] = "SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')",
	/*
	 * The site's move: the request's records (as checked under their
	 * locks), each with its signed QR payload ([[id, "payload"], ...])
	 * and 发证时间 (the day the payloads sign).
	 */
	[STMT_MOVE_SITE_SIGN] = "UPDATE certificate c JOIN JSON_TABLE(?, "
	    "'$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$[0]', "
	    "p VARCHAR(400) PATH '$[1]')) j ON j.id = c.id "
	    "SET c.status = 'confirmed', c.issued_on = ?, "
	    "c.site_signed_at = NOW(), c.site_signature_id = ?, "
	    "c.site_seal_id = ?, "
	    "c.template_id = IF(c.certificate_type_id = ?, ?, c.template_id), "
	    "c.qr_payload = j.p "
	    "WHERE c.status = 'site_pending' AND c.qr_payload IS NULL",
	[STMT_EVENTS_REQ] = "INSERT INTO certificate_event (certificate_id, "
	    "event, from_status, to_status, account_id, content_sha256, "
	    "manifest_hash, request_id) SELECT certificate_id, ?, ?, ?, ?, "
	    "content_sha256, ?, request_id FROM signing_item "
	    "WHERE request_id = ?",

	/* One certificate, in the caller's scope. */
	[STMT_CERT_GET_ADMIN] = CERT_ONE "WHERE c.id = ? AND ? = 0",
	[STMT_CERT_GET_ORG] = CERT_ONE "WHERE c.id = ? AND c.organisation_id = ?",
	[STMT_CERT_GET_INST] = CERT_ONE "WHERE c.id = ? AND c.institution_id = ?",
	[STMT_CERT_EVENTS] = "SELECT e.event, e.from_status, e.to_status, "
	    "a.display_name, a.role, e.reason, e.content_sha256, "
	    "e.manifest_hash, IFNULL(e.request_id, 0), "
	    "DATE_FORMAT(e.at, '%Y-%m-%d %H:%i:%s') "
	    "FROM certificate_event e JOIN account a ON a.id = e.account_id "
	    "WHERE e.certificate_id = ? ORDER BY e.id",
	/* A record's canonical content as its student's data reads now. */
	[STMT_CANON_CERT] = "SELECT c.id, c.number, " CANON_COLS
	    ", c.status FROM certificate c JOIN exam_result e "
	    "ON e.id = c.result_id " CANON_JOINS
	    "WHERE c.id = ? AND c.organisation_id = ? FOR UPDATE",
	/* Rejections, guarded by scope and state; a reason for each. */
	[STMT_REJECT_ORG] = "UPDATE certificate c JOIN " IDS_TABLE
	    "ON c.id = j.id SET c.status = 'org_rejected', c.reject_reason = ? "
	    "WHERE c.status = 'org_pending' AND c.organisation_id = ?",
	[STMT_REJECT_SITE] = "UPDATE certificate c JOIN " IDS_TABLE
	    "ON c.id = j.id SET c.status = 'site_rejected', "
	    "c.reject_reason = ? "
	    "WHERE c.status = 'site_pending' AND c.institution_id = ?",
	[STMT_EVENTS_IDS] = "INSERT INTO certificate_event (certificate_id, "
	    "event, from_status, to_status, account_id, reason, content_sha256) "
	    "SELECT c.id, ?, ?, c.status, ?, ?, IFNULL(c.canon_sha256, '') "
	    "FROM " IDS_TABLE "JOIN certificate c ON c.id = j.id",
	/* 重新签发: back to the pending state of the side that rejected. */
	[STMT_REISSUE] = "UPDATE certificate SET status = IF(status = "
	    "'org_rejected', 'org_pending', 'site_pending'), canon = ?, "
	    "canon_sha256 = ?, reject_reason = '' WHERE id = ? "
	    "AND organisation_id = ? AND status IN ('org_rejected', "
	    "'site_rejected')",
	/* Open 待完善 flags on the student of a certificate. */
	[STMT_OPEN_FLAGS] = "SELECT COUNT(*) FROM correction_flag f "
	    "JOIN certificate c ON c.student_id = f.student_id "
	    "WHERE c.id = ? AND f.state <> 'accepted'",
};
