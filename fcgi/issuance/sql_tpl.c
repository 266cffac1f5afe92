/* sql_tpl.c: the statements of certificate templates, frozen image hashes and the print view. */
#include "app.h"
#include "issuance.h"

const char *const iss_tpl_sql[STMT__MAX] = {
	[STMT_TPL_BG] = "SELECT background FROM cert_template WHERE id = ?",
	[STMT_TPL_FIELDS] = "SELECT field, x, y, w, h, size, bold, colour, "
	    "align, required, label FROM cert_template_field "
	    "WHERE template_id = ? ORDER BY seq",

	[STMT_IMG_SHA] = "SELECT sha256 FROM certificate_image "
	    "WHERE certificate_id = ? AND dpi = ?",
	/* The first render stores it; a concurrent first keeps the first. */
	[STMT_IMG_PUT] = "INSERT IGNORE INTO certificate_image "
	    "(certificate_id, dpi, sha256) VALUES (?, ?, ?)",
	[STMT_IMG_BAD] = "INSERT INTO certificate_image_mismatch "
	    "(certificate_id, dpi, expected, got) VALUES (?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE got = VALUES(got), seen = seen + 1, "
	    "last_at = NOW()",
	[STMT_IMG_BAD_LIST] = "SELECT c.id, c.number, m.dpi, m.expected, "
	    "m.got, m.seen, DATE_FORMAT(m.first_at, '%Y-%m-%d %H:%i:%s'), "
	    "DATE_FORMAT(m.last_at, '%Y-%m-%d %H:%i:%s') "
	    "FROM certificate_image_mismatch m "
	    "JOIN certificate c ON c.id = m.certificate_id "
	    "ORDER BY m.last_at DESC LIMIT 200",

	/* Masked ID: the capability URL serves the 150 dpi web view only. */
	[STMT_CAP_ONE] = "SELECT " ISSUED_COLS DRAW_COLS(CERT_TPL, "NULL")
	    "FROM certificate c WHERE c.id = ? AND c.status = 'confirmed'",

	[STMT_CAP_ARGS] = "SELECT c.number, IFNULL(c.canon_sha256, ''), "
	    CERT_TPL ", c.org_seal_id, c.site_seal_id FROM certificate c "
	    "WHERE c.id = ? AND c.status = 'confirmed'",

	/* Published (confirmed or withdrawn): the verification thumbnail. */
	[STMT_THUMB_ARGS] = "SELECT c.number, c.status FROM certificate c "
	    "WHERE c.id = ? AND c.status IN ('confirmed', 'revoked', "
	    "'replaced')",
	[STMT_THUMB_ONE] = "SELECT " ISSUED_COLS DRAW_COLS(CERT_TPL, "NULL")
	    "FROM certificate c WHERE c.id = ? AND c.status IN ('confirmed', "
	    "'revoked', 'replaced')",

	[STMT_TPL_LIST] = "SELECT t.id, IFNULL(ct.name, ''), "
	    "IFNULL(ct.level, ''), IFNULL(o.name, ''), t.version, "
	    "t.background IS NOT NULL, t.note, IFNULL(a.display_name, ''), "
	    "DATE_FORMAT(t.created_at, '%Y-%m-%d %H:%i'), "
	    "(SELECT COUNT(*) FROM certificate c WHERE c.template_id = t.id), "
	    "t.version = (SELECT MAX(u.version) FROM cert_template u "
	    "WHERE u.type_key = t.type_key) "
	    "FROM cert_template t "
	    "LEFT JOIN certificate_type ct ON ct.id = t.certificate_type_id "
	    "LEFT JOIN organisation o ON o.id = ct.organisation_id "
	    "LEFT JOIN account a ON a.id = t.created_by "
	    "ORDER BY t.type_key, t.version DESC",
	[STMT_TPL_KEY] = "SELECT type_key FROM cert_template WHERE id = ?",
	[STMT_TPL_TYPES] = "SELECT ct.id, ct.name, ct.level, o.name "
	    "FROM certificate_type ct "
	    "JOIN organisation o ON o.id = ct.organisation_id "
	    "ORDER BY o.name, ct.name, ct.level",
	/* The next version of a type (0: the default), locked. */
	[STMT_TPL_NEXT] = "SELECT IFNULL(MAX(version), 0) + 1 FROM cert_template "
	    "WHERE type_key = ? FOR UPDATE",
	[STMT_TPL_INSERT] = "INSERT INTO cert_template (certificate_type_id, "
	    "version, background, note, created_by) "
	    "VALUES (NULLIF(?, 0), ?, ?, ?, ?)",
	[STMT_TPL_FIELD_INSERT] = "INSERT INTO cert_template_field "
	    "(template_id, seq, field, x, y, w, h, size, bold, colour, align, "
	    "required, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",

	[STMT_PRINT_PICK] = "SELECT c.id, c.number FROM "
	    "JSON_TABLE(?, '$[*]' COLUMNS (seq FOR ORDINALITY, "
	    "id BIGINT UNSIGNED PATH '$')) j "
	    "JOIN certificate c ON c.id = j.id "
	    "JOIN student s ON s.id = c.student_id "
	    "WHERE c.status = 'confirmed' "
	    "AND (? = 0 OR c.institution_id = ?) "
	    "AND (? = 0 OR c.organisation_id = ?) "
	    "AND (? = 0 OR s.account_id = ?) ORDER BY j.seq",
};
