/* sql_ship.c: the statements of shipments, receipt, hand-over and revocation. */
#include "app.h"
#include "issuance.h"

/* A set of ids (a JSON array bound as text) as rows (seq, id). */
#define IDS \
	"JSON_TABLE(?, '$[*]' COLUMNS (seq FOR ORDINALITY, " \
	    "id BIGINT UNSIGNED PATH '$')) j "

/*
 * The progress columns over confirmed certificates c with their paper
 * state p and its parcel sh: confirmed, printed, shipped, received by
 * the institution, handed over, missing or damaged.
 */
#define PROGRESS \
	"COUNT(*), " \
	"IFNULL(SUM(sh.state IN ('printed', 'shipped', 'received')), 0), " \
	"IFNULL(SUM(sh.state IN ('shipped', 'received')), 0), " \
	"IFNULL(SUM(p.state IN ('received', 'handed')), 0), " \
	"IFNULL(SUM(p.state = 'handed'), 0), " \
	"IFNULL(SUM(p.state IN ('missing', 'damaged')), 0) " \
	"FROM certificate c " \
	"LEFT JOIN certificate_paper p ON p.certificate_id = c.id " \
	"LEFT JOIN shipment sh ON sh.id = p.shipment_id "

/* A shipment's columns (see ship_load in page_ship.c). */
#define SHIP_COLS \
	"s.id, s.organisation_id, s.institution_id, s.state, s.n, " \
	"s.courier, s.tracking, " \
	"IFNULL(DATE_FORMAT(s.printed_on, '%Y-%m-%d'), ''), " \
	"IFNULL(DATE_FORMAT(s.shipped_on, '%Y-%m-%d'), ''), " \
	"IFNULL(DATE_FORMAT(s.received_at, '%Y-%m-%d %H:%i'), ''), " \
	"s.receipt_note, DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i'), " \
	"i.code, i.name, o.name, " \
	"s.state = 'shipped' AND s.shipped_on < CURDATE() - INTERVAL 7 DAY "
#define SHIP_FROM \
	"FROM shipment s JOIN institution i ON i.id = s.institution_id " \
	"JOIN organisation o ON o.id = s.organisation_id "
/* The caller's scope: organisation (?, ?) and institution (?, ?). */
#define SHIP_SCOPE \
	"AND (? = 0 OR s.organisation_id = ?) " \
	"AND (? = 0 OR s.institution_id = ?) "

const char *const iss_ship_sql[STMT__MAX] = {
	[STMT_SHIP_TODAY] = "SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')",
	/* The organisation's institutions with certificates to ship. */
	[STMT_SHIP_INSTS] = "SELECT i.id, i.code, i.name, COUNT(*) "
	    "FROM certificate c JOIN institution i ON i.id = c.institution_id "
	    "LEFT JOIN certificate_paper p ON p.certificate_id = c.id "
	    "WHERE c.organisation_id = ? AND c.status = 'confirmed' "
	    "AND (p.state IS NULL OR p.state IN ('missing', 'damaged')) "
	    "GROUP BY i.id, i.code, i.name ORDER BY i.code",
	/*
	 * One institution's confirmed certificates not in any parcel yet
	 * (or reported missing or damaged: a reprint), of one plan or all.
	 */
	[STMT_SHIP_ELIGIBLE] = "SELECT c.id, c.number, s.name, t.name, "
	    "t.level, pl.name, IFNULL(p.state, ''), IFNULL(p.reprints, 0) "
	    "FROM certificate c JOIN student s ON s.id = c.student_id "
	    "JOIN certificate_type t ON t.id = c.certificate_type_id "
	    "JOIN exam_plan pl ON pl.id = c.plan_id "
	    "LEFT JOIN certificate_paper p ON p.certificate_id = c.id "
	    "WHERE c.organisation_id = ? AND c.institution_id = ? "
	    "AND (? = 0 OR c.plan_id = ?) AND c.status = 'confirmed' "
	    "AND (p.state IS NULL OR p.state IN ('missing', 'damaged')) "
	    "ORDER BY c.number LIMIT 5001",
	/* Scanned numbers, in order, with the certificate each names. */
	[STMT_SHIP_NUMBERS] = "SELECT j.seq, j.n, IFNULL(c.id, 0), "
	    "IFNULL(c.organisation_id, 0), IFNULL(c.institution_id, 0) "
	    "FROM JSON_TABLE(?, '$[*]' COLUMNS (seq FOR ORDINALITY, "
	    "n VARCHAR(23) PATH '$')) j "
	    "LEFT JOIN certificate c ON c.number = j.n ORDER BY j.seq",
	/* The picked certificates, locked, with where their paper is. */
	[STMT_SHIP_CHECK] = "SELECT c.id, c.number, c.status, "
	    "c.organisation_id, c.institution_id, IFNULL(p.state, ''), "
	    "IFNULL(p.shipment_id, 0) FROM " IDS
	    "JOIN certificate c ON c.id = j.id "
	    "LEFT JOIN certificate_paper p ON p.certificate_id = c.id "
	    "ORDER BY j.seq FOR UPDATE",
	[STMT_SHIP_INSERT] = "INSERT INTO shipment (organisation_id, "
	    "institution_id, created_by, n) VALUES (?, ?, ?, ?)",
	[STMT_SHIP_ITEMS] = "INSERT INTO shipment_item (shipment_id, seq, "
	    "certificate_id, reprint) SELECT ?, j.seq, j.id, "
	    "IF(p.certificate_id IS NULL, 0, p.reprints + 1) FROM " IDS
	    "LEFT JOIN certificate_paper p ON p.certificate_id = j.id",
	/* Into the parcel; a reprint counts (the state is still the old). */
	[STMT_SHIP_PAPER] = "INSERT INTO certificate_paper (certificate_id, "
	    "institution_id, shipment_id) SELECT j.id, ?, ? FROM " IDS
	    "ON DUPLICATE KEY UPDATE reprints = reprints + 1, "
	    "shipment_id = VALUES(shipment_id), state = 'sent', "
	    "handed_how = '', handed_on = NULL, handed_to = '', "
	    "courier = '', tracking = ''",
	[STMT_SHIP_GET] = "SELECT " SHIP_COLS SHIP_FROM
	    "WHERE s.id = ? " SHIP_SCOPE,
	[STMT_SHIP_ITEMS_LIST] = "SELECT c.id, c.number, st.name, t.name, "
	    "t.level, pl.name, it.state, it.note, it.reprint, "
	    "IFNULL(IF(p.shipment_id = it.shipment_id, p.state, 'later'), ''), "
	    "c.status FROM shipment_item it "
	    "JOIN certificate c ON c.id = it.certificate_id "
	    "JOIN student st ON st.id = c.student_id "
	    "JOIN certificate_type t ON t.id = c.certificate_type_id "
	    "JOIN exam_plan pl ON pl.id = c.plan_id "
	    "LEFT JOIN certificate_paper p ON p.certificate_id = c.id "
	    "WHERE it.shipment_id = ? ORDER BY it.seq",
	[STMT_SHIP_LIST] = "SELECT " SHIP_COLS SHIP_FROM "WHERE TRUE "
	    SHIP_SCOPE "ORDER BY s.id DESC LIMIT 200",
	[STMT_SHIP_PRINTED] = "UPDATE shipment SET state = 'printed', "
	    "printed_on = ? WHERE id = ? AND organisation_id = ? "
	    "AND state = 'packing'",
	[STMT_SHIP_SHIPPED] = "UPDATE shipment SET state = 'shipped', "
	    "courier = ?, tracking = ?, shipped_on = ? WHERE id = ? "
	    "AND organisation_id = ? AND state = 'printed' "
	    "AND printed_on <= ?",
	[STMT_SHIP_RECEIVE] = "UPDATE shipment SET state = 'received', "
	    "received_at = NOW(), received_by = ?, receipt_note = ? "
	    "WHERE id = ? AND institution_id = ? AND state = 'shipped'",
	[STMT_SHIP_ITEM_MARK] = "UPDATE shipment_item it JOIN " IDS
	    "ON j.id = it.certificate_id SET it.state = ?, it.note = ? "
	    "WHERE it.shipment_id = ? AND it.state = 'sent'",
	[STMT_SHIP_ITEM_REST] = "UPDATE shipment_item SET state = 'received' "
	    "WHERE shipment_id = ? AND state = 'sent'",
	[STMT_SHIP_PAPER_SYNC] = "UPDATE certificate_paper p "
	    "JOIN shipment_item it ON it.certificate_id = p.certificate_id "
	    "AND it.shipment_id = p.shipment_id SET p.state = it.state "
	    "WHERE p.shipment_id = ? AND p.state = 'sent'",
	/* The organisation's progress per institution and per plan. */
	[STMT_SHIP_PROGRESS_INST] = "SELECT i.code, i.name, " PROGRESS
	    "JOIN institution i ON i.id = c.institution_id "
	    "WHERE c.organisation_id = ? AND c.status = 'confirmed' "
	    "GROUP BY i.id, i.code, i.name ORDER BY i.code",
	[STMT_SHIP_PROGRESS_PLAN] = "SELECT pl.name, "
	    "DATE_FORMAT(pl.exam_date, '%Y-%m-%d'), " PROGRESS
	    "JOIN exam_plan pl ON pl.id = c.plan_id "
	    "WHERE (? = 0 OR c.organisation_id = ?) "
	    "AND (? = 0 OR c.institution_id = ?) AND c.status = 'confirmed' "
	    "GROUP BY pl.id, pl.name, pl.exam_date ORDER BY pl.exam_date DESC",
	/*
	 * What the institution has to do: parcels to sign for (overdue
	 * after 7 days on the way), certificates to hand over (overdue 30
	 * days after receipt).
	 */
	[STMT_SHIP_DUE] = "SELECT "
	    "(SELECT COUNT(*) FROM shipment s WHERE s.institution_id = ? "
	    "AND s.state = 'shipped'), "
	    "(SELECT COUNT(*) FROM shipment s WHERE s.institution_id = ? "
	    "AND s.state = 'shipped' "
	    "AND s.shipped_on < CURDATE() - INTERVAL 7 DAY), "
	    "(SELECT COUNT(*) FROM certificate_paper p "
	    "WHERE p.institution_id = ? AND p.state = 'received'), "
	    "(SELECT COUNT(*) FROM certificate_paper p "
	    "JOIN shipment s ON s.id = p.shipment_id "
	    "WHERE p.institution_id = ? AND p.state = 'received' "
	    "AND s.received_at < NOW() - INTERVAL 30 DAY)",
	/* The picked certificates for a hand-over, locked. */
	[STMT_HAND_CHECK] = "SELECT c.id, c.number, c.institution_id, "
	    "IFNULL(p.state, ''), c.status FROM " IDS
	    "JOIN certificate c ON c.id = j.id "
	    "LEFT JOIN certificate_paper p ON p.certificate_id = c.id "
	    "ORDER BY j.seq FOR UPDATE",
	[STMT_HAND_SET] = "UPDATE certificate_paper p JOIN " IDS
	    "ON j.id = p.certificate_id SET p.state = 'handed', "
	    "p.handed_how = ?, p.handed_on = ?, p.handed_to = ?, "
	    "p.courier = ?, p.tracking = ?, p.handed_by = ? "
	    "WHERE p.institution_id = ? AND p.state = 'received'",
	[STMT_HAND_STUDENTS] = "SELECT s.account_id, c.number FROM " IDS
	    "JOIN certificate c ON c.id = j.id "
	    "JOIN student s ON s.id = c.student_id "
	    "WHERE s.account_id IS NOT NULL",
	/* The institution's certificates received and not yet handed over. */
	[STMT_HAND_LIST] = "SELECT c.id, c.number, s.name, t.name, t.level, "
	    "DATE_FORMAT(sh.received_at, '%Y-%m-%d'), "
	    "sh.received_at < NOW() - INTERVAL 30 DAY "
	    "FROM certificate_paper p JOIN certificate c "
	    "ON c.id = p.certificate_id "
	    "JOIN student s ON s.id = c.student_id "
	    "JOIN certificate_type t ON t.id = c.certificate_type_id "
	    "JOIN shipment sh ON sh.id = p.shipment_id "
	    "WHERE p.institution_id = ? AND p.state = 'received' "
	    "ORDER BY c.number LIMIT 2000",
	/* Exports: every parcel's certificates; every paper certificate. */
	[STMT_SHIP_EXPORT] = "SELECT s.id, i.code, i.name, s.state, "
	    "s.courier, s.tracking, "
	    "IFNULL(DATE_FORMAT(s.printed_on, '%Y-%m-%d'), ''), "
	    "IFNULL(DATE_FORMAT(s.shipped_on, '%Y-%m-%d'), ''), "
	    "IFNULL(DATE_FORMAT(s.received_at, '%Y-%m-%d %H:%i'), ''), "
	    "c.number, st.name, it.state, it.note, "
	    "CAST(it.reprint AS CHAR) " SHIP_FROM
	    "JOIN shipment_item it ON it.shipment_id = s.id "
	    "JOIN certificate c ON c.id = it.certificate_id "
	    "JOIN student st ON st.id = c.student_id WHERE TRUE " SHIP_SCOPE
	    "ORDER BY s.id, it.seq LIMIT 100001",
	[STMT_HAND_EXPORT] = "SELECT c.number, st.name, t.name, t.level, "
	    "i.code, i.name, p.state, p.handed_how, "
	    "IFNULL(DATE_FORMAT(p.handed_on, '%Y-%m-%d'), ''), p.handed_to, "
	    "p.courier, p.tracking, CAST(p.reprints AS CHAR) "
	    "FROM certificate_paper p JOIN certificate c "
	    "ON c.id = p.certificate_id "
	    "JOIN student st ON st.id = c.student_id "
	    "JOIN certificate_type t ON t.id = c.certificate_type_id "
	    "JOIN institution i ON i.id = c.institution_id "
	    "WHERE (? = 0 OR c.organisation_id = ?) "
	    "AND (? = 0 OR c.institution_id = ?) "
	    "ORDER BY c.number LIMIT 100001",
	/* The student's paper certificates: where each is. */
	[STMT_PAPER_MINE] = "SELECT c.id, p.state, sh.state, "
	    "IFNULL(DATE_FORMAT(sh.printed_on, '%Y-%m-%d'), ''), "
	    "IFNULL(DATE_FORMAT(sh.shipped_on, '%Y-%m-%d'), ''), "
	    "IFNULL(DATE_FORMAT(sh.received_at, '%Y-%m-%d'), ''), "
	    "IFNULL(DATE_FORMAT(p.handed_on, '%Y-%m-%d'), ''), p.handed_how, "
	    "p.courier, p.tracking "
	    "FROM certificate c JOIN student s ON s.id = c.student_id "
	    "JOIN certificate_paper p ON p.certificate_id = c.id "
	    "JOIN shipment sh ON sh.id = p.shipment_id "
	    "WHERE s.account_id = ?",
	/* Revocation: the organisation's certificate, locked. */
	[STMT_REVOKE_GET] = "SELECT c.id, c.number, c.status, "
	    "c.institution_id, IFNULL(c.canon_sha256, '') "
	    "FROM certificate c WHERE c.id = ? AND c.organisation_id = ? "
	    "FOR UPDATE",
	[STMT_REVOKE_MOVE] = "UPDATE certificate SET status = 'revoked' "
	    "WHERE id = ? AND organisation_id = ? AND status = 'confirmed'",
	[STMT_REVOKE_INSERT] = "INSERT INTO certificate_revocation "
	    "(certificate_id, kind, reason, replacement_id, account_id, "
	    "sig_png, sig_sha256, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_REVOKE_EVENT] = "INSERT INTO certificate_event "
	    "(certificate_id, event, from_status, to_status, account_id, "
	    "reason, content_sha256) VALUES (?, 'revoke', 'confirmed', "
	    "'revoked', ?, ?, ?)",
	/* A certificate's revocation or replacement, as its page shows it. */
	[STMT_REVOKE_SHOW] = "SELECT v.kind, v.reason, "
	    "DATE_FORMAT(v.at, '%Y-%m-%d %H:%i'), a.display_name, "
	    "IFNULL(n.number, ''), IFNULL(n.id, 0) FROM certificate_revocation v "
	    "JOIN account a ON a.id = v.account_id "
	    "LEFT JOIN certificate n ON n.id = v.replacement_id "
	    "WHERE v.certificate_id = ?",
	/* A replacement: the original's number parts and serial counter. */
	[STMT_REPL_SRC] = "SELECT c.number, c.certificate_type_id, "
	    "YEAR(p.exam_date) FROM certificate c "
	    "JOIN exam_plan p ON p.id = c.plan_id WHERE c.id = ?",
	[STMT_REPL_INSERT] = "INSERT INTO certificate (number, result_id, "
	    "student_id, institution_id, site_id, organisation_id, "
	    "certificate_type_id, plan_id, canon, canon_sha256, replaces_id) "
	    "SELECT ?, result_id, student_id, institution_id, site_id, "
	    "organisation_id, certificate_type_id, plan_id, ?, ?, id "
	    "FROM certificate WHERE id = ? AND organisation_id = ?",
	[STMT_REPL_GENEVENT] = "INSERT INTO certificate_event "
	    "(certificate_id, event, from_status, to_status, account_id, "
	    "reason, content_sha256) VALUES (?, 'generate', '', "
	    "'org_pending', ?, ?, ?)",
	/*
	 * When a signing request confirms replacements: their originals
	 * become 已被替换 (history first, while they are still confirmed).
	 */
	[STMT_REPL_EVENTS] = "INSERT INTO certificate_event (certificate_id, "
	    "event, from_status, to_status, account_id, reason, request_id) "
	    "SELECT o.id, 'replace', 'confirmed', 'replaced', ?, v.reason, "
	    "i.request_id FROM signing_item i "
	    "JOIN certificate n ON n.id = i.certificate_id "
	    "AND n.status = 'confirmed' "
	    "JOIN certificate o ON o.id = n.replaces_id "
	    "AND o.status = 'confirmed' "
	    "JOIN certificate_revocation v ON v.certificate_id = o.id "
	    "AND v.kind = 'replace' WHERE i.request_id = ?",
	[STMT_REPL_MOVE] = "UPDATE certificate o "
	    "JOIN certificate n ON n.replaces_id = o.id "
	    "JOIN signing_item i ON i.certificate_id = n.id "
	    "SET o.status = 'replaced' WHERE i.request_id = ? "
	    "AND n.status = 'confirmed' AND o.status = 'confirmed'",
	[STMT_REVOKE_SEEN] = "SELECT COUNT(*) FROM certificate_revocation "
	    "WHERE certificate_id = ? AND ? = 0",
	/* The certificate a replacement replaces (替换自). */
	[STMT_REPL_OF] = "SELECT o.id, o.number FROM certificate n "
	    "JOIN certificate o ON o.id = n.replaces_id WHERE n.id = ?",
	[STMT_CERT_STATUS] = "SELECT status FROM certificate WHERE id = ?",
	/*
	 * The unsigned replacements of an organisation among a set of
	 * records (ids as JSON) or a signing request's: their content is
	 * rebuilt before a signature (iss_repl_rebuild).
	 */
	[STMT_REPL_OPEN_IDS] = "SELECT c.id FROM JSON_TABLE(?, '$[*]' "
	    "COLUMNS (id BIGINT UNSIGNED PATH '$')) j "
	    "JOIN certificate c ON c.id = j.id WHERE c.organisation_id = ? "
	    "AND c.status = 'org_pending' AND c.replaces_id IS NOT NULL "
	    "ORDER BY c.id",
	[STMT_REPL_OPEN_REQ] = "SELECT c.id FROM signing_item i "
	    "JOIN certificate c ON c.id = i.certificate_id "
	    "WHERE i.request_id = ? AND c.organisation_id = ? "
	    "AND c.status = 'org_pending' AND c.replaces_id IS NOT NULL "
	    "ORDER BY c.id",
	[STMT_REPL_REBUILD] = "UPDATE certificate SET canon = ?, "
	    "canon_sha256 = ? WHERE id = ? AND organisation_id = ? "
	    "AND status = 'org_pending' AND replaces_id IS NOT NULL "
	    "AND org_signature_id IS NULL AND canon_sha256 <> ?",
	[STMT_REPL_REBUILT] = "INSERT INTO certificate_event "
	    "(certificate_id, event, from_status, to_status, account_id, "
	    "reason, content_sha256) VALUES (?, 'rebuild', 'org_pending', "
	    "'org_pending', ?, '按更正后的学生信息重建证书内容', ?)",
	[STMT_CERT_HOLDER] = "SELECT IFNULL(s.account_id, 0) "
	    "FROM certificate c JOIN student s ON s.id = c.student_id "
	    "WHERE c.id = ?",
};
