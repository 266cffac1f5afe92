/* students.h: the students area (学生管理). */
#ifndef STUDENTS_H
#define STUDENTS_H

enum	stmt {
	STMT_LIST_INST = CSTMT__MAX,
	STMT_LIST_ORG,
	STMT_LIST_ADMIN,
	STMT__MAX
};
extern const char *const stud_stmts[STMT__MAX];

/* page_list.c */
enum rc	 stud_list(struct req *);

#endif /* STUDENTS_H */
