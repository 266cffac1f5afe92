/* sql.c: the students area's statements, prepared at start-up. */
#include "app.h"
#include "students.h"

#define STUD_COLS \
	"SELECT s.id, s.name, s.gender, s.id_type, s.id_mask, " \
	    "s.student_type, i.code, i.name, s.major, s.class_name " \
	    "FROM student s JOIN institution i ON i.id = s.institution_id "
#define STUD_FILTER \
	"(? = '' OR s.name = ?) "
#define STUD_PAGE \
	"ORDER BY s.institution_id, s.id LIMIT 51 OFFSET ?"

const char *const stud_stmts[STMT__MAX] = {
	/* STMT_LIST_INST: the caller's institution only. */
	[STMT_LIST_INST] = STUD_COLS
	    "WHERE s.institution_id = ? AND " STUD_FILTER STUD_PAGE,
	/* STMT_LIST_ORG: students registered to the organisation's plans. */
	[STMT_LIST_ORG] = STUD_COLS
	    "WHERE s.id IN (SELECT r.student_id FROM exam_result r "
	    "JOIN exam_plan p ON p.id = r.plan_id WHERE p.organisation_id = ?) "
	    "AND " STUD_FILTER STUD_PAGE,
	/* STMT_LIST_ADMIN */
	[STMT_LIST_ADMIN] = STUD_COLS
	    "WHERE ? = 0 AND " STUD_FILTER STUD_PAGE,
};
