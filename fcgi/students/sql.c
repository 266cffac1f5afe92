/* sql.c: the students area's statements, prepared at start-up. */
#include "app.h"
#include "notify.h"
#include "students.h"

/*
 * A certificate c of student ? that holds the identity (0022): any not
 * rejected, except an unsigned replacement and a confirmed original
 * whose replacement is unsigned or rejected (替换 open to a correction).
 */
#define ID_HOLDS \
	"c.student_id = ? AND c.status NOT IN ('org_rejected', " \
	"'site_rejected') AND NOT (c.replaces_id IS NOT NULL " \
	"AND c.status = 'org_pending') AND NOT (c.status = 'confirmed' " \
	"AND EXISTS (SELECT 1 FROM certificate n WHERE n.replaces_id = c.id " \
	"AND n.status IN ('org_pending', 'org_rejected', 'site_rejected'))) "

/*
 * 学生信息: one index read in list order, (institution_id, id), from a
 * keyset (after or before a row's pair) for one page and the next row.
 * The driving index is forced (STRAIGHT_JOIN keeps its table first): a
 * name or an ID number drives when given, else the scope's own index.
 * Every statement takes the same parameters: the scope's id, the name
 * (twice), the blind index filter (flag, value), the key (three).
 */
#define STUD_SEL \
	"s.id, s.name, s.gender, s.id_type, s.id_mask, " \
	    "s.student_type, i.code, i.name, s.major, s.class_name, " \
	    "(SELECT COUNT(*) FROM correction_flag f WHERE f.student_id = s.id " \
	    "AND f.state = 'open') "
#define LIST_COLS \
	"SELECT STRAIGHT_JOIN " STUD_SEL ", s.institution_id "
#define LIST_FROM(ix) \
	"FROM student s FORCE INDEX (" ix ") " \
	"JOIN institution i ON i.id = s.institution_id "
#define LIST_FROM_ORG \
	"FROM org_student o JOIN student s ON s.id = o.student_id " \
	"JOIN institution i ON i.id = s.institution_id "
#define L_NAME		"AND (? = '' OR s.name = ?) "
#define L_BY_NAME	"AND ? <> '' AND s.name = ? "
#define L_IDX		"AND (? = 0 OR s.id_hmac = ?) "
#define L_BY_IDX	"AND ? <> 0 AND s.id_hmac = ? "
#define L_AFTER(ic, sc) \
	"AND (" ic " > ? OR (" ic " = ? AND " sc " > ?)) " \
	"ORDER BY " ic ", " sc " LIMIT 51"
#define L_BEFORE(ic, sc) \
	"AND (" ic " < ? OR (" ic " = ? AND " sc " < ?)) " \
	"ORDER BY " ic " DESC, " sc " DESC LIMIT 51"
/* The six pages of a scope: unfiltered, by name, by ID; next, previous. */
#define LISTS(S, from, scope, ic, sc, scope_f) \
	[STMT_LIST_##S] = LIST_COLS from "WHERE " scope L_NAME L_IDX \
	    L_AFTER(ic, sc), \
	[STMT_LIST_##S##_P] = LIST_COLS from "WHERE " scope L_NAME L_IDX \
	    L_BEFORE(ic, sc), \
	[STMT_LIST_##S##_NAME] = LIST_COLS LIST_FROM("student_name") \
	    "WHERE " scope_f L_BY_NAME L_IDX \
	    L_AFTER("s.institution_id", "s.id"), \
	[STMT_LIST_##S##_NAME_P] = LIST_COLS LIST_FROM("student_name") \
	    "WHERE " scope_f L_BY_NAME L_IDX \
	    L_BEFORE("s.institution_id", "s.id"), \
	[STMT_LIST_##S##_IDX] = LIST_COLS LIST_FROM("student_hmac") \
	    "WHERE " scope_f L_NAME L_BY_IDX \
	    L_AFTER("s.institution_id", "s.id"), \
	[STMT_LIST_##S##_IDX_P] = LIST_COLS LIST_FROM("student_hmac") \
	    "WHERE " scope_f L_NAME L_BY_IDX \
	    L_BEFORE("s.institution_id", "s.id")
/* The export: every row of the scope (a filter applies). */
#define STUD_COLS \
	"SELECT " STUD_SEL "FROM student s JOIN institution i ON i.id = s.institution_id "
#define STUD_FILTER \
	"(? = '' OR s.name = ?) AND (? = 0 OR s.id_hmac = ?) "
/* Registered to one of the organisation's plans (org_student, 0019). */
#define ORG_LISTED \
	"EXISTS (SELECT 1 FROM org_student o WHERE o.organisation_id = ? " \
	    "AND o.institution_id = s.institution_id AND o.student_id = s.id) "
/* Registered to one of the organisation's exam plans. */
#define ORG_SCOPE(col) \
	"EXISTS (SELECT 1 FROM registration r JOIN exam_plan p " \
	    "ON p.id = r.plan_id WHERE r.student_id = " col " " \
	    "AND p.organisation_id = ?) "
#define GET_COLS \
	"SELECT s.id, s.institution_id, s.version, s.name, s.gender, " \
	    "s.id_type, s.id_cipher, s.id_mask, s.student_type, s.phone, " \
	    "s.major, s.class_name, i.code, i.name, IFNULL(s.account_id, 0) " \
	    "FROM student s " \
	    "JOIN institution i ON i.id = s.institution_id "
#define ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define ROW10 "," ROW "," ROW "," ROW "," ROW "," ROW "," ROW "," ROW "," \
	ROW "," ROW "," ROW
#define Q10 ",?,?,?,?,?,?,?,?,?,?"
#define INSERT_HEAD \
	"INSERT INTO student (institution_id, name, gender, id_type, " \
	    "id_cipher, id_hmac, id_mask, student_type, phone, major, " \
	    "class_name) VALUES "
#define PLAN_COLS \
	"SELECT p.id, p.name, t.name, t.level, " \
	    "DATE_FORMAT(p.exam_date, '%Y-%m-%d'), o.name, " \
	    "(SELECT COUNT(*) FROM exam_site x WHERE x.plan_id = p.id), " \
	    "(SELECT COUNT(*) FROM registration g WHERE g.plan_id = p.id), " \
	    "(SELECT COUNT(*) FROM exam_result e WHERE e.plan_id = p.id) " \
	    "FROM exam_plan p " \
	    "JOIN certificate_type t ON t.id = p.certificate_type_id " \
	    "JOIN organisation o ON o.id = p.organisation_id "
#define FLAG_COLS \
	"SELECT f.id, f.student_id, s.name, s.id_mask, f.field, f.note, " \
	    "DATE_FORMAT(f.deadline, '%Y-%m-%d'), f.state, " \
	    "(f.deadline < CURDATE()), o.name, i.code, i.name, f.rounds, " \
	    "IFNULL((SELECT MIN(c.id) FROM certificate c " \
	    "WHERE c.student_id = f.student_id " \
	    "AND c.status IN ('org_pending', 'site_pending')), 0) " \
	    "FROM correction_flag f JOIN student s ON s.id = f.student_id " \
	    "JOIN organisation o ON o.id = f.organisation_id " \
	    "JOIN institution i ON i.id = f.institution_id "

const char *const stud_stmts[STMT__MAX] = {
	LISTS(INST, LIST_FROM("student_inst"), "s.institution_id = ? ",
	    "s.institution_id", "s.id", "s.institution_id = ? "),
	LISTS(ORG, LIST_FROM_ORG, "o.organisation_id = ? ", "o.institution_id",
	    "o.student_id", ORG_LISTED),
	LISTS(ADMIN, LIST_FROM("student_inst"), "? = 0 ", "s.institution_id",
	    "s.id", "? = 0 "),
	[STMT_GET_INST] = GET_COLS "WHERE s.id = ? AND s.institution_id = ?",
	[STMT_GET_ORG] = GET_COLS "WHERE s.id = ? AND " ORG_SCOPE("s.id"),
	[STMT_GET_ADMIN] = GET_COLS "WHERE s.id = ? AND ? = 0",
	[STMT_INSERT] = INSERT_HEAD ROW,
	[STMT_INSERT_BATCH] = INSERT_HEAD ROW ROW10 ROW10 ROW10 ROW10 ROW10
	    ROW10 ROW10 ROW10 ROW10 "," ROW "," ROW "," ROW "," ROW "," ROW
	    "," ROW "," ROW "," ROW "," ROW,
	[STMT_UPDATE] = "UPDATE student SET name = ?, gender = ?, id_type = ?, "
	    "id_cipher = ?, id_hmac = ?, id_mask = ?, student_type = ?, "
	    "phone = ?, major = ?, class_name = ?, version = version + 1 "
	    "WHERE id = ? AND institution_id = ? AND version = ?",
	[STMT_CHANGE_INSERT] = "INSERT INTO student_change (student_id, "
	    "account_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)",
	[STMT_CHANGES] = "SELECT c.field, c.old_value, c.new_value, "
	    "DATE_FORMAT(c.created_at, '%Y-%m-%d %H:%i'), "
	    "IFNULL(a.display_name, '') FROM student_change c "
	    "LEFT JOIN account a ON a.id = c.account_id "
	    "WHERE c.student_id = ? ORDER BY c.id DESC LIMIT 100",
	[STMT_FLAGS_STUDENT] = FLAG_COLS
	    "WHERE f.student_id = ? AND f.state <> 'accepted' ORDER BY f.id",
	[STMT_LOCKED] = "SELECT COUNT(*) FROM correction_flag "
	    "WHERE student_id = ? AND state = 'open' AND deadline < CURDATE()",
	[STMT_FLAG_INSERT] = "INSERT INTO correction_flag (student_id, "
	    "institution_id, organisation_id, field, note, deadline, "
	    "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_FLAG_LIST_INST] = FLAG_COLS "WHERE f.institution_id = ? "
	    "AND f.state IN ('open', 'fixed') "
	    "ORDER BY f.state = 'fixed', f.deadline, f.id LIMIT 1000",
	/* Accepted flags stay listed for 30 days. */
	[STMT_FLAG_LIST_ORG] = FLAG_COLS "WHERE f.organisation_id = ? "
	    "AND (f.state <> 'accepted' OR "
	    "f.resolved_at > NOW() - INTERVAL 30 DAY) ORDER BY f.state = 'accepted', f.state = 'open', f.deadline, f.id "
	    "LIMIT 1000",
	/* Confirming is possible until the end of the deadline day. */
	[STMT_FLAG_CONFIRM] = "UPDATE correction_flag SET state = 'fixed', "
	    "fixed_by = ?, fixed_at = NOW() WHERE id = ? AND institution_id = ? "
	    "AND state = 'open' AND deadline >= CURDATE()",
	[STMT_FLAG_ACCEPT] = "UPDATE correction_flag SET state = 'accepted', "
	    "resolved_by = ?, resolved_at = NOW() WHERE id = ? "
	    "AND organisation_id = ? AND state = 'fixed'",
	[STMT_FLAG_REFLAG] = "UPDATE correction_flag SET state = 'open', "
	    "note = ?, deadline = ?, rounds = rounds + 1, fixed_by = NULL, "
	    "fixed_at = NULL, reminded = 0 WHERE id = ? AND organisation_id = ? "
	    "AND state = 'fixed'",
	[STMT_FLAG_GET_ORG] = "SELECT f.student_id, f.institution_id, s.name, "
	    "f.field FROM correction_flag f JOIN student s ON s.id = f.student_id "
	    "WHERE f.id = ? AND f.organisation_id = ?",
	[STMT_FLAG_GET_INST] = "SELECT f.student_id, f.organisation_id, "
	    "s.name, f.field FROM correction_flag f "
	    "JOIN student s ON s.id = f.student_id "
	    "WHERE f.id = ? AND f.institution_id = ?",
	/*
	 * What the institution changed on a flagged field since the flag was
	 * raised: the value then (first change) and now (last change).
	 */
	[STMT_FLAG_CHANGES_ORG] = "SELECT f.id, "
	    "(SELECT c.old_value FROM student_change c WHERE "
	    "c.student_id = f.student_id AND c.field = f.field AND "
	    "c.created_at >= f.created_at ORDER BY c.id LIMIT 1), "
	    "(SELECT c.new_value FROM student_change c WHERE "
	    "c.student_id = f.student_id AND c.field = f.field AND "
	    "c.created_at >= f.created_at ORDER BY c.id DESC LIMIT 1) "
	    "FROM correction_flag f WHERE f.organisation_id = ? "
	    "AND f.state = 'fixed' LIMIT 1000",
	[STMT_NOTIFY_INST] = SQL_NOTIFY_INST,
	[STMT_NOTIFY_ORG] = SQL_NOTIFY_ORG,
	[STMT_PLAN_LIST_ORG] = PLAN_COLS "WHERE p.organisation_id = ? "
	    "ORDER BY p.exam_date DESC, p.id DESC",
	[STMT_PLAN_LIST_INST] = PLAN_COLS "WHERE p.id IN (SELECT x.plan_id "
	    "FROM exam_site x WHERE x.institution_id = ?) "
	    "ORDER BY p.exam_date DESC, p.id DESC",
	[STMT_PLAN_LIST_ADMIN] = PLAN_COLS "WHERE ? = 0 "
	    "ORDER BY p.exam_date DESC, p.id DESC",
	[STMT_PLAN_INSERT] = "INSERT INTO exam_plan (organisation_id, "
	    "certificate_type_id, name, exam_date) VALUES (?, ?, ?, ?)",
	/* Scope: the plan's organisation, one of its sites, or the admin. */
	[STMT_PLAN_GET] = "SELECT p.id, p.organisation_id, p.name, t.name, "
	    "t.level, DATE_FORMAT(p.exam_date, '%Y-%m-%d'), o.name "
	    "FROM exam_plan p "
	    "JOIN certificate_type t ON t.id = p.certificate_type_id "
	    "JOIN organisation o ON o.id = p.organisation_id WHERE p.id = ? "
	    "AND (p.organisation_id = ? OR EXISTS (SELECT 1 FROM exam_site x "
	    "WHERE x.plan_id = p.id AND x.institution_id = ?) OR ? = 1)",
	[STMT_PLAN_SITES] = "SELECT i.id, i.code, i.name, "
	    "(SELECT COUNT(*) FROM registration g WHERE g.plan_id = x.plan_id "
	    "AND g.institution_id = i.id), "
	    "(SELECT COUNT(*) FROM exam_result e WHERE e.plan_id = x.plan_id "
	    "AND e.site_id = i.id AND e.status = '已通过') "
	    "FROM exam_site x JOIN institution i ON i.id = x.institution_id "
	    "WHERE x.plan_id = ? ORDER BY i.code",
	[STMT_SITE_INSERT] = "INSERT INTO exam_site (plan_id, institution_id) "
	    "VALUES (?, ?)",
	[STMT_INST_BY_CODE] = "SELECT id FROM institution WHERE code = ?",
	[STMT_TYPE_OWN] = "SELECT id FROM certificate_type WHERE id = ? "
	    "AND organisation_id = ?",
	[STMT_TYPES_ORG] = "SELECT id, name, level FROM certificate_type "
	    "WHERE organisation_id = ? ORDER BY name, level",
	[STMT_REG_INSERT] = "INSERT IGNORE INTO registration (plan_id, "
	    "student_id, institution_id) VALUES (?, ?, ?)",
	/* A plan's registrations, each with "a certificate came of it". */
	[STMT_PLAN_REGS] = "SELECT s.id_hmac, r.student_id, r.institution_id, "
	    "EXISTS (SELECT 1 FROM exam_result e JOIN certificate c "
	    "ON c.result_id = e.id WHERE e.plan_id = r.plan_id "
	    "AND e.student_id = r.student_id) "
	    "FROM registration r JOIN student s ON s.id = r.student_id "
	    "WHERE r.plan_id = ?",
	[STMT_RESULT_UPSERT] = "INSERT INTO exam_result (plan_id, student_id, "
	    "site_id, status, score) VALUES (?, ?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE status = VALUES(status), "
	    "score = VALUES(score)",
	[STMT_PLAN_COUNTS] = "SELECT status, COUNT(*) FROM exam_result "
	    "WHERE plan_id = ? GROUP BY status",
	/* One person (one blind index) at more than one institution. */
	/* The ID numbers held at more than one institution (0019). */
	[STMT_DUPS_ORG] = "SELECT STRAIGHT_JOIN s.id_mask, "
	    "GROUP_CONCAT(DISTINCT i.code ORDER BY i.code SEPARATOR ' '), "
	    "COUNT(DISTINCT s.institution_id) "
	    "FROM student_hmac_count d FORCE INDEX (student_hmac_count_n) "
	    "JOIN student s ON s.id_hmac = d.id_hmac "
	    "JOIN institution i ON i.id = s.institution_id "
	    "WHERE d.n > 1 AND EXISTS (SELECT 1 FROM student s2 "
	    "JOIN org_student o ON o.institution_id = s2.institution_id "
	    "AND o.student_id = s2.id WHERE s2.id_hmac = d.id_hmac "
	    "AND o.organisation_id = ?) "
	    "GROUP BY s.id_hmac, s.id_mask "
	    "HAVING COUNT(DISTINCT s.institution_id) > 1 LIMIT 200",
	[STMT_HMACS_INST] = "SELECT id_hmac, id FROM student "
	    "WHERE institution_id = ?",
	[STMT_ELSEWHERE_BATCH] = "SELECT DISTINCT id_hmac FROM student "
	    "WHERE institution_id <> ? AND id_hmac IN (?" Q10 Q10 Q10 Q10 Q10
	    Q10 Q10 Q10 Q10 ",?,?,?,?,?,?,?,?,?)",
	[STMT_EXPORT_INST] = STUD_COLS "WHERE s.institution_id = ? AND "
	    STUD_FILTER "ORDER BY s.id LIMIT 200000",
	[STMT_EXPORT_ORG] = STUD_COLS "WHERE " ORG_SCOPE("s.id") "AND "
	    STUD_FILTER "ORDER BY s.id LIMIT 200000",
	[STMT_EXPORT_ADMIN] = STUD_COLS "WHERE ? = 0 AND " STUD_FILTER
	    "ORDER BY s.id LIMIT 200000",
	[STMT_PHOTO_SET] = "UPDATE student SET photo = ?, version = version + 1 "
	    "WHERE id = ? AND institution_id = ?",
	/* Only after stud_load() found the student in the caller's scope. */
	[STMT_PHOTO_GET] = "SELECT photo FROM student WHERE id = ? "
	    "AND photo IS NOT NULL",
	/*
	 * As the trigger student_identity_frozen (0022) for the photo: it
	 * is frozen while any certificate is not a rejected one.
	 */
	[STMT_HAS_CERT] = "SELECT COUNT(*) FROM certificate WHERE student_id = ? "
	    "AND status NOT IN ('org_rejected', 'site_rejected')",
	[STMT_CERT_HOLDS] = "SELECT c.id, c.status FROM certificate c "
	    "WHERE " ID_HOLDS "ORDER BY c.id LIMIT 10",
	/*
	 * As the trigger student_identity_frozen (0022): name, gender and
	 * ID are frozen while a certificate holds them (ID_HOLDS).
	 */
	[STMT_ID_FROZEN] = "SELECT COUNT(*) FROM certificate c WHERE " ID_HOLDS,
	/* The student's replacements still open to a correction. */
	[STMT_REPL_OPEN] = "SELECT n.id, n.number, o.number FROM certificate n "
	    "JOIN certificate o ON o.id = n.replaces_id "
	    "WHERE n.student_id = ? AND n.status = 'org_pending' "
	    "ORDER BY n.id LIMIT 10",
	[STMT_FLAG_OWNER_INST] = "SELECT COUNT(*) FROM correction_flag "
	    "WHERE id = ? AND institution_id = ?",
	[STMT_FLAG_OWNER_ORG] = "SELECT COUNT(*) FROM correction_flag "
	    "WHERE id = ? AND organisation_id = ?",
	/* Students log in with their ID number: the login is its blind index. */
	[STMT_ACCT_FIND] = "SELECT id FROM account WHERE login = ? "
	    "AND role = 'student'",
	[STMT_ACCT_CREATE] = "INSERT INTO account (login, display_name, role, "
	    "pw_hash, must_change_pw, created_by) "
	    "VALUES (?, ?, 'student', ?, 1, ?)",
	[STMT_ACCT_RESET] = "UPDATE account SET pw_hash = ?, must_change_pw = 1 "
	    "WHERE id = ? AND role = 'student'",
	/*
	 * The same person's records share the account; an institution links
	 * only its own (institution 0: the platform admin, every record).
	 */
	[STMT_ACCT_LINK] = "UPDATE student SET account_id = ? WHERE id_hmac = ? "
	    "AND (? = 0 OR institution_id = ?)",
	/* Records at other institutions that an account reaches or would. */
	[STMT_ACCT_OTHERS] = "SELECT COUNT(*) FROM student "
	    "WHERE (id_hmac = ? OR account_id = ?) AND institution_id <> ?",
	/* Student #'s ID number registered at other institutions too. */
	[STMT_DUP_OTHERS] = "SELECT COUNT(*) FROM student n "
	    "JOIN student s ON s.id_hmac = n.id_hmac "
	    "AND s.institution_id <> n.institution_id WHERE n.id = ?",
	/* Tell the organisations whose plans hold the other records. */
	[STMT_DUP_NOTE] = "INSERT INTO notification (account_id, title, link) "
	    "SELECT DISTINCT a.id, CONCAT('重复登记：证件号码 ', n.id_mask, "
	    "' 已在其他院校登记，', i.name, ' 又新增了该学生'), "
	    "'/students/corrections' FROM student n "
	    "JOIN institution i ON i.id = n.institution_id "
	    "JOIN student s ON s.id_hmac = n.id_hmac "
	    "AND s.institution_id <> n.institution_id "
	    "JOIN registration g ON g.student_id = s.id "
	    "JOIN exam_plan p ON p.id = g.plan_id "
	    "JOIN account a ON a.organisation_id = p.organisation_id "
	    "AND a.role = 'org' AND a.disabled = 0 WHERE n.id = ?",
};
