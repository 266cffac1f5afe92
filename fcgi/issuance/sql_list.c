/* sql_list.c: the statements of the certificate list, its counts and exports. */
#include "app.h"
#include "cert.h"
#include "issuance.h"

/* One row of the seed's 证书发放管理 table. */
#define CERT_COLS \
	"SELECT c.id, s.name, s.id_mask, s.student_type, i.code, c.number, " \
	    "t.name, t.level, o.name, " \
	    "IFNULL(DATE_FORMAT(c.issued_on, '%Y-%m-%d'), ''), p.name, " \
	    "i.code, r.status, c.status " \
	"FROM certificate c JOIN student s ON s.id = c.student_id " \
	"JOIN institution i ON i.id = c.institution_id " \
	"JOIN certificate_type t ON t.id = c.certificate_type_id " \
	"JOIN organisation o ON o.id = c.organisation_id " \
	"JOIN exam_plan p ON p.id = c.plan_id " \
	"JOIN exam_result r ON r.id = c.result_id "
/* Filters: name, ID number (blind index), certificate number, status. */
#define CERT_FILTER \
	"AND (? = '' OR s.name = ?) AND (? = 0 OR s.id_hmac = ?) " \
	"AND (? = '' OR c.number = ?) AND (? = '' OR c.status = ?) "
/* The tabs' counts under the same filters but the status. */
#define CERT_FCOUNT \
	"SELECT c.status, COUNT(*) FROM certificate c " \
	"JOIN student s ON s.id = c.student_id "
#define CERT_FCOUNT_FILTER \
	"AND (? = '' OR s.name = ?) AND (? = 0 OR s.id_hmac = ?) " \
	"AND (? = '' OR c.number = ?) GROUP BY c.status"
#define CERT_PAGE \
	"ORDER BY c.number DESC LIMIT 51 OFFSET ?"

const char *const iss_list_sql[STMT__MAX] = {
	[STMT_LIST_INST] = CERT_COLS "WHERE c.institution_id = ? "
	    CERT_FILTER CERT_PAGE,
	[STMT_LIST_ORG] = CERT_COLS "WHERE c.organisation_id = ? "
	    CERT_FILTER CERT_PAGE,
	[STMT_LIST_ADMIN] = CERT_COLS "WHERE ? = 0 " CERT_FILTER CERT_PAGE,
	[STMT_COUNT_ADMIN] = SQL_CERT_COUNT_ADMIN,
	[STMT_COUNT_ORG] = SQL_CERT_COUNT_ORG,
	[STMT_COUNT_INST] = SQL_CERT_COUNT_INST,
	/* A student's own certificates, whichever institution. */
	[STMT_FCOUNT_INST] = CERT_FCOUNT "WHERE c.institution_id = ? "
	    CERT_FCOUNT_FILTER,
	[STMT_FCOUNT_ORG] = CERT_FCOUNT "WHERE c.organisation_id = ? "
	    CERT_FCOUNT_FILTER,
	[STMT_FCOUNT_ADMIN] = CERT_FCOUNT "WHERE ? = 0 " CERT_FCOUNT_FILTER,
	/* Every id the filter matches (批量确认签发 of the whole filter). */
	[STMT_SELECT_INST] = "SELECT c.id FROM certificate c "
	    "JOIN student s ON s.id = c.student_id WHERE c.institution_id = ? "
	    CERT_FILTER "ORDER BY c.id LIMIT ?",
	[STMT_SELECT_ORG] = "SELECT c.id FROM certificate c "
	    "JOIN student s ON s.id = c.student_id WHERE c.organisation_id = ? "
	    CERT_FILTER "ORDER BY c.id LIMIT ?",
	[STMT_SELECT_ADMIN] = "SELECT c.id FROM certificate c "
	    "JOIN student s ON s.id = c.student_id WHERE ? = 0 "
	    CERT_FILTER "ORDER BY c.id LIMIT ?",
	[STMT_MINE] = CERT_COLS "WHERE s.account_id = ? "
	    "ORDER BY c.number DESC",
};
