/* sql_list.c: the statements of the certificate list, its counts and exports. */
#include "app.h"
#include "cert.h"
#include "issuance.h"

/*
 * The list reads one index in id order and stops after a page: each
 * statement names the index of the filter that drives it (FORCE INDEX;
 * STRAIGHT_JOIN keeps that table first), the caller's scope is bound
 * from the session in every statement (SCOPE), and the other filters
 * are residual predicates that a value of 0 or '' switches off
 * (RES_<driver>: every filter (F_*) but the driving one, in the order of
 * enum rf in page_list.c, which binds them).  Keyset pages in id order,
 * oldest first as the seed's screen lists them: after an id, or before
 * one (read descending, reversed by the caller).
 */

/*
 * One row of the seed's 证书发放管理 table (page_list.c list_row), then
 * what the list's preflight reads of a pending record (list_preflight):
 * its content hash, and whether its template requires a photo its holder
 * lacks, asked only when the statement's first parameter is 1 (the list
 * page; exports and selections bind 0).  Read with the page: a statement
 * of its own cost the page a round trip and 130 us of the database.
 * The institution, certificate type, organisation, plan and site come as
 * ids, named from the process's copy of those small tables (names.c):
 * five joins more made the optimiser, which MariaDB runs on every
 * execution of a prepared statement, most of the statement's cost.  The
 * photo check's subqueries run only for a pending row whose holder has
 * no photo (issuance.h TPL_PHOTO).
 */
#define COLS \
	"SELECT STRAIGHT_JOIN c.id, s.name, s.id_mask, s.student_type, " \
	    "c.institution_id, '', c.number, c.certificate_type_id, '', " \
	    "c.organisation_id, " \
	    "IFNULL(DATE_FORMAT(c.issued_on, '%Y-%m-%d'), ''), c.plan_id, " \
	    "IFNULL(c.site_id, ''), '', r.status, " \
	    "IFNULL(r.score, ''), c.status, c.reject_reason, " \
	    "IFNULL(c.canon_sha256, ''), IF(? AND c.status IN " \
	    "('org_pending', 'site_pending') AND s.photo IS NULL AND " \
	    TPL_PHOTO ", '1', NULL) "
#define JOINS \
	"JOIN exam_result r ON r.id = c.result_id "
/* The certificates drive through index ix, or the students do. */
#define BY_CERT(ix) \
	"FROM certificate c FORCE INDEX (" ix ") " \
	"JOIN student s ON s.id = c.student_id "
#define BY_STUDENT(ix) \
	"FROM student s FORCE INDEX (" ix ") " \
	"JOIN certificate c FORCE INDEX (certificate_student) " \
	    "ON c.student_id = s.id "

#define SCOPE \
	"AND (? = 0 OR c.institution_id = ?) " \
	"AND (? = 0 OR c.organisation_id = ?) "

#define F_IDX		"AND (? = 0 OR s.id_hmac = ?) "
#define F_NAME		"AND (? = '' OR c.student_name = ?) "
#define F_STYPE		"AND (? = '' OR c.student_type = ?) "
#define F_INST		"AND (? = 0 OR c.institution_id = ?) "
#define F_NUMBER	"AND (? = '' OR c.number = ?) "
#define F_TYPE		"AND (? = 0 OR c.certificate_type_id = ?) "
#define F_ORG		"AND (? = 0 OR c.organisation_id = ?) "
#define F_PLAN		"AND (? = 0 OR c.plan_id = ?) "
#define F_SITE		"AND (? = 0 OR c.site_id = ?) "
#define F_STATUS	"AND (? = '' OR c.status = ?) "

#define RES_ALL	F_IDX F_NAME F_STYPE F_INST F_NUMBER F_TYPE F_ORG F_PLAN \
	F_SITE
#define RES_NUMBER	F_IDX F_NAME F_STYPE F_INST F_TYPE F_ORG F_PLAN \
	F_SITE
#define RES_IDX	F_NAME F_STYPE F_INST F_NUMBER F_TYPE F_ORG F_PLAN F_SITE
#define RES_NAME	F_IDX F_STYPE F_INST F_NUMBER F_TYPE F_ORG F_PLAN \
	F_SITE
#define RES_SITE	F_IDX F_NAME F_STYPE F_INST F_NUMBER F_TYPE F_ORG \
	F_PLAN
#define RES_PLAN	F_IDX F_NAME F_STYPE F_INST F_NUMBER F_TYPE F_ORG \
	F_SITE
#define RES_TYPE	F_IDX F_NAME F_STYPE F_INST F_NUMBER F_ORG F_PLAN \
	F_SITE
#define RES_INST	F_IDX F_NAME F_STYPE F_NUMBER F_TYPE F_ORG F_PLAN \
	F_SITE
#define RES_IPLAN	F_IDX F_NAME F_STYPE F_NUMBER F_TYPE F_ORG F_SITE
#define RES_ORG	F_IDX F_NAME F_STYPE F_INST F_NUMBER F_TYPE F_PLAN F_SITE

#define NEXT	"AND c.id > ? ORDER BY c.id LIMIT ?"
#define PREV	"AND c.id < ? ORDER BY c.id DESC LIMIT ?"

/* A page: from, the driving predicate, the residuals, the direction. */
#define PAGE(from, where, res, dir) \
	COLS from JOINS "WHERE " where SCOPE res dir
/* The four pages of an indexed driver: all tabs (ixall), one (ixst). */
#define PAGES(D, ixall, ixst, where, res) \
	[STMT_L_##D##_N] = PAGE(BY_CERT(ixall), where, res F_STATUS, NEXT), \
	[STMT_L_##D##_P] = PAGE(BY_CERT(ixall), where, res F_STATUS, PREV), \
	[STMT_L_##D##_NS] = PAGE(BY_CERT(ixst), where "AND c.status = ? ", \
	    res, NEXT), \
	[STMT_L_##D##_PS] = PAGE(BY_CERT(ixst), where "AND c.status = ? ", \
	    res, PREV)
/*
 * The version of the filters' choices (0024) for the scope's
 * organisation and institution ids (0 for none); every statement of the
 * tabs' counts ends with it as a row of its own ('v'), so a page reads
 * both in one round trip.
 */
#define VERSION \
	"(SELECT v FROM choice_version WHERE scope = 'all' AND scope_id = 0) " \
	"* 4294967296 + IFNULL((SELECT v FROM choice_version " \
	"WHERE scope = 'org' AND scope_id = ?), 0) + " \
	"IFNULL((SELECT v FROM choice_version WHERE scope = 'inst' " \
	"AND scope_id = ?), 0)"
#define AND_VERSION	" UNION ALL SELECT 'v', " VERSION

/* The tabs' counts under a filter, per status. */
#define COUNT(from, where, res) \
	"SELECT STRAIGHT_JOIN c.status, COUNT(*) " from "WHERE " where SCOPE res \
	"GROUP BY c.status" AND_VERSION

/* The counters (certificate_count), driven by one of their indexes. */
#define K_SCOPE \
	"AND (? = 0 OR institution_id = ?) AND (? = 0 OR organisation_id = ?) "
#define K_INST		"AND (? = 0 OR institution_id = ?) "
#define K_TYPE		"AND (? = 0 OR certificate_type_id = ?) "
#define K_ORG		"AND (? = 0 OR organisation_id = ?) "
#define K_PLAN		"AND (? = 0 OR plan_id = ?) "
#define K_STYPE		"AND (? = '' OR student_type = ?) "
#define COUNTER(ix, where, res) \
	"SELECT status, SUM(n) FROM certificate_count FORCE INDEX (" ix ") " \
	"WHERE " where K_SCOPE res K_STYPE "GROUP BY status" AND_VERSION

/* The institutions that are sites of an organisation's plans. */
#define ORG_SITES \
	"SELECT es.institution_id FROM exam_site es " \
	"JOIN exam_plan ep ON ep.id = es.plan_id WHERE ep.organisation_id = ?"
#define INST_LABEL	"CONCAT(i.code, ' ', i.name)"

/*
 * The ids of a page (at most 100; unused ones bound as 0, no record's):
 * a list of constants the primary key reads directly (a JSON_TABLE of
 * them was a 1.5 MB temporary table per statement).
 */
#define IDS_10	"?,?,?,?,?,?,?,?,?,?"
#define IDS_MAX	IDS_10 "," IDS_10 "," IDS_10 "," IDS_10 "," IDS_10 "," \
	IDS_10 "," IDS_10 "," IDS_10 "," IDS_10 "," IDS_10

const char *const iss_list_sql[STMT__MAX] = {
	[STMT_L_NUMBER_N] = PAGE(BY_CERT("certificate_number"),
	    "c.number = ? ", RES_NUMBER F_STATUS, NEXT),
	[STMT_L_NUMBER_P] = PAGE(BY_CERT("certificate_number"),
	    "c.number = ? ", RES_NUMBER F_STATUS, PREV),
	[STMT_L_IDX_N] = PAGE(BY_STUDENT("student_hmac"), "s.id_hmac = ? ",
	    RES_IDX F_STATUS, NEXT),
	[STMT_L_IDX_P] = PAGE(BY_STUDENT("student_hmac"), "s.id_hmac = ? ",
	    RES_IDX F_STATUS, PREV),
	PAGES(NAME, "certificate_name", "certificate_name_status",
	    "c.student_name = ? ", RES_NAME),
	/*
	 * A name in a scope or under another filter: only the matching
	 * records are fetched (index condition on 0026's columns), then
	 * sorted; the platform's bare name reads the name in id order.
	 */
	PAGES(NAMES, "certificate_name_scope", "certificate_name_scope",
	    "c.student_name = ? ", RES_NAME),
	PAGES(SITE, "certificate_site_all", "certificate_site_status",
	    "c.site_id = ? ", RES_SITE),
	PAGES(IPLAN, "certificate_inst_plan_all", "certificate_inst_plan",
	    "c.institution_id = ? AND c.plan_id = ? ", RES_IPLAN),
	PAGES(PLAN, "certificate_plan_all", "certificate_plan_status",
	    "c.plan_id = ? ", RES_PLAN),
	PAGES(TYPE, "certificate_type_all", "certificate_type_status",
	    "c.certificate_type_id = ? ", RES_TYPE),
	PAGES(INST, "certificate_inst_all", "certificate_inst",
	    "c.institution_id = ? ", RES_INST),
	PAGES(ORG, "certificate_org_all", "certificate_org",
	    "c.organisation_id = ? ", RES_ORG),
	PAGES(ALL, "PRIMARY", "certificate_status", "TRUE ", RES_ALL),

	[STMT_C_NUMBER] = COUNT(BY_CERT("certificate_number"),
	    "c.number = ? ", RES_NUMBER),
	[STMT_C_IDX] = COUNT(BY_STUDENT("student_hmac"), "s.id_hmac = ? ",
	    RES_IDX),
	/*
	 * A name's counts from 0026's index alone: a name drives only
	 * without a number or an ID number, so its other filters are all
	 * columns of that index (page_list.c name_args binds them).
	 */
	[STMT_C_NAME] = "SELECT status, COUNT(*) FROM certificate "
	    "FORCE INDEX (certificate_name_scope) WHERE student_name = ? "
	    K_SCOPE K_INST K_TYPE K_ORG K_PLAN K_STYPE
	    "AND (? = 0 OR site_id = ?) GROUP BY status" AND_VERSION,
	/* A name alone on the platform: in status order, no sort. */
	[STMT_C_NAME_ALL] = "SELECT status, COUNT(*) FROM certificate "
	    "FORCE INDEX (certificate_name_status) WHERE student_name = ? "
	    "GROUP BY status" AND_VERSION,
	[STMT_C_SITE] = COUNT(BY_CERT("certificate_site_status"),
	    "c.site_id = ? ", RES_SITE),
	[STMT_C_IPLAN] = COUNT(BY_CERT("certificate_inst_plan"),
	    "c.institution_id = ? AND c.plan_id = ? ", RES_IPLAN),
	[STMT_C_PLAN] = COUNT(BY_CERT("certificate_plan_status"),
	    "c.plan_id = ? ", RES_PLAN),
	[STMT_C_TYPE] = COUNT(BY_CERT("certificate_type_status"),
	    "c.certificate_type_id = ? ", RES_TYPE),
	[STMT_C_INST] = COUNT(BY_CERT("certificate_inst"),
	    "c.institution_id = ? ", RES_INST),
	[STMT_C_ORG] = COUNT(BY_CERT("certificate_org"),
	    "c.organisation_id = ? ", RES_ORG),
	[STMT_C_ALL] = COUNT(BY_CERT("certificate_status"), "TRUE ", RES_ALL),

	[STMT_CC_PLAN] = COUNTER("certificate_count_plan", "plan_id = ? ",
	    K_INST K_TYPE K_ORG),
	[STMT_CC_TYPE] = COUNTER("certificate_count_type",
	    "certificate_type_id = ? ", K_INST K_ORG K_PLAN),
	[STMT_CC_INST] = COUNTER("certificate_count_inst",
	    "institution_id = ? ", K_TYPE K_ORG K_PLAN),
	[STMT_CC_ORG] = COUNTER("PRIMARY", "organisation_id = ? ",
	    K_INST K_TYPE K_PLAN),
	[STMT_CC_ALL] = COUNTER("PRIMARY", "TRUE ",
	    K_INST K_TYPE K_ORG K_PLAN),
	/* without institution, plan and type: the organisations' totals */
	[STMT_CC_ORGS] = "SELECT status, SUM(n) FROM certificate_count_org "
	    "WHERE TRUE " K_ORG K_ORG K_STYPE "GROUP BY status" AND_VERSION,

	/* The names a row shows (names.c), and their version (0024). */
	[STMT_N_VERSION] = "SELECT v FROM choice_version "
	    "WHERE scope = 'all' AND scope_id = 0",
	[STMT_N_INST] = "SELECT id, code, name FROM institution ORDER BY id",
	[STMT_N_TYPE] = "SELECT id, name, level FROM certificate_type "
	    "ORDER BY id",
	[STMT_N_ORG] = "SELECT id, name, '' FROM organisation ORDER BY id",
	[STMT_N_PLAN] = "SELECT id, name, '' FROM exam_plan ORDER BY id",

	/* The choices: each takes the scope's id twice (0 for the admin). */
	[STMT_O_VERSION] = "SELECT " VERSION,
	[STMT_O_INST_ADMIN] = "SELECT i.id, " INST_LABEL " FROM institution i "
	    "WHERE ? = 0 AND ? = 0 ORDER BY i.code",
	[STMT_O_INST_ORG] = "SELECT i.id, " INST_LABEL " FROM institution i "
	    "WHERE i.id IN (SELECT institution_id FROM certificate_count "
	    "WHERE organisation_id = ?) OR i.id IN (" ORG_SITES ") "
	    "ORDER BY i.code",
	[STMT_O_TYPE_ADMIN] = "SELECT t.id, CONCAT(t.name, '（', t.level, "
	    "'）') FROM certificate_type t WHERE ? = 0 AND ? = 0 "
	    "ORDER BY t.name, t.level",
	[STMT_O_TYPE_ORG] = "SELECT t.id, CONCAT(t.name, '（', t.level, '）') "
	    "FROM certificate_type t WHERE t.organisation_id = ? "
	    "AND t.organisation_id = ? ORDER BY t.name, t.level",
	[STMT_O_TYPE_INST] = "SELECT t.id, CONCAT(t.name, '（', t.level, '）') "
	    "FROM certificate_type t WHERE t.id IN (SELECT certificate_type_id "
	    "FROM certificate_count WHERE institution_id = ?) OR t.id IN "
	    "(SELECT ep.certificate_type_id FROM exam_plan ep JOIN exam_site es "
	    "ON es.plan_id = ep.id WHERE es.institution_id = ?) "
	    "ORDER BY t.name, t.level",
	[STMT_O_ORG_ADMIN] = "SELECT id, name FROM organisation "
	    "WHERE ? = 0 AND ? = 0 ORDER BY name",
	[STMT_O_ORG_INST] = "SELECT o.id, o.name FROM organisation o "
	    "WHERE o.id IN (SELECT organisation_id FROM certificate_count "
	    "WHERE institution_id = ?) OR o.id IN (SELECT ep.organisation_id "
	    "FROM exam_plan ep JOIN exam_site es ON es.plan_id = ep.id "
	    "WHERE es.institution_id = ?) ORDER BY o.name",
	[STMT_O_PLAN_ADMIN] = "SELECT id, name FROM exam_plan "
	    "WHERE ? = 0 AND ? = 0 ORDER BY exam_date DESC, name",
	[STMT_O_PLAN_ORG] = "SELECT id, name FROM exam_plan "
	    "WHERE organisation_id = ? AND organisation_id = ? "
	    "ORDER BY exam_date DESC, name",
	[STMT_O_PLAN_INST] = "SELECT id, name FROM exam_plan "
	    "WHERE id IN (SELECT plan_id FROM certificate_count "
	    "WHERE institution_id = ?) OR id IN (SELECT plan_id FROM exam_site "
	    "WHERE institution_id = ?) ORDER BY exam_date DESC, name",
	[STMT_O_SITE_ORG] = "SELECT i.id, " INST_LABEL " FROM institution i "
	    "WHERE ? > 0 AND i.id IN (" ORG_SITES ") ORDER BY i.code",
	[STMT_O_SITE_INST] = "SELECT i.id, " INST_LABEL " FROM institution i "
	    "WHERE i.id = ? OR i.id IN (SELECT es.institution_id "
	    "FROM exam_site es WHERE es.plan_id IN (SELECT plan_id "
	    "FROM certificate_count WHERE institution_id = ?)) ORDER BY i.code",

	/*
	 * 批量预览: the selection in its order, within the scope, with the
	 * drawn fields for the preflight.
	 */
	[STMT_PV_PICK] = "SELECT c.id, c.number, s.name, " PF_COLS "FROM "
	    "JSON_TABLE(?, '$[*]' COLUMNS (seq FOR ORDINALITY, "
	    "id BIGINT UNSIGNED PATH '$')) j "
	    "JOIN certificate c ON c.id = j.id "
	    "JOIN student s ON s.id = c.student_id WHERE TRUE " SCOPE
	    "ORDER BY j.seq",
	/*
	 * A record as it will be issued: today's date, the current seals and
	 * template, the ID number masked.
	 */
	[STMT_PV_ONE] = "SELECT " DOC_COLS
	    "DATE_FORMAT(IFNULL(c.issued_on, CURDATE()), '%Y年%m月%d日'), "
	    "(SELECT id FROM seal WHERE owner_type = 'organisation' AND "
	    "owner_id = c.organisation_id ORDER BY version DESC LIMIT 1), "
	    "(SELECT id FROM seal WHERE owner_type = 'institution' AND "
	    "owner_id = c.institution_id ORDER BY version DESC LIMIT 1)"
	    DRAW_COLS(CUR_TPL, "NULL")
	    "FROM certificate c WHERE c.id = ? " SCOPE,
	/*
	 * A confirmed certificate as issued: its 发证时间 and the seal
	 * versions it was confirmed with, for its organisation, institution
	 * or holder (the third pair: the student's account).
	 */
	/*
	 * The full ID only while it is the one the content froze (a
	 * replacement may have corrected the student's since, 0022).
	 */
	[STMT_DL_ONE] = "SELECT " ISSUED_COLS DRAW_COLS(CERT_TPL,
	    "IF(LOWER(HEX(s.id_hmac)) = JSON_VALUE(c.canon, "
	    "'$.holder.id_hmac'), s.id_cipher, NULL)")
	    "FROM certificate c JOIN student s ON s.id = c.student_id "
	    "WHERE c.id = ? "
	    "AND c.status IN ('confirmed', 'revoked', 'replaced') " SCOPE
	    "AND (? = 0 OR s.account_id = ?)",
	[STMT_SEAL_PNG] = "SELECT png FROM seal WHERE id = ?",

	/* A student's own certificates, whichever institution. */
	[STMT_MINE] = COLS "FROM certificate c "
	    "JOIN student s ON s.id = c.student_id " JOINS
	    "WHERE s.account_id = ? ORDER BY c.id",
	/*
	 * The drawn fields of the pending records among the ids of a page
	 * the caller was just shown (in scope), for the preflight.
	 */
	[STMT_LIST_PF] = "SELECT c.id, " PF_COLS "FROM certificate c "
	    "WHERE c.id IN (" IDS_MAX ") "
	    "AND c.status IN ('org_pending', 'site_pending')",
};
