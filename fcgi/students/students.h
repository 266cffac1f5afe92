/* students.h: the students area (学生管理): records, import, export, corrections, exam plans. */
#ifndef STUDENTS_H
#define STUDENTS_H

#include <sys/types.h>	/* ssize_t */

#include "idno.h"	/* enum idtype */

enum	stmt {
	/* 学生信息: per scope six in this order (page_list.c list_query). */
	STMT_LIST_INST = CSTMT__MAX,
	STMT_LIST_INST_P,
	STMT_LIST_INST_NAME,
	STMT_LIST_INST_NAME_P,
	STMT_LIST_INST_IDX,
	STMT_LIST_INST_IDX_P,
	STMT_LIST_ORG,
	STMT_LIST_ORG_P,
	STMT_LIST_ORG_NAME,
	STMT_LIST_ORG_NAME_P,
	STMT_LIST_ORG_IDX,
	STMT_LIST_ORG_IDX_P,
	STMT_LIST_ADMIN,
	STMT_LIST_ADMIN_P,
	STMT_LIST_ADMIN_NAME,
	STMT_LIST_ADMIN_NAME_P,
	STMT_LIST_ADMIN_IDX,
	STMT_LIST_ADMIN_IDX_P,
	STMT_GET_INST,
	STMT_GET_ORG,
	STMT_GET_ADMIN,
	STMT_INSERT,
	STMT_INSERT_BATCH,
	STMT_UPDATE,
	STMT_CHANGE_INSERT,
	STMT_CHANGES,
	STMT_FLAGS_STUDENT,
	STMT_LOCKED,
	STMT_FLAG_INSERT,
	STMT_FLAG_LIST_INST,
	STMT_FLAG_LIST_ORG,
	STMT_FLAG_CONFIRM,
	STMT_FLAG_ACCEPT,
	STMT_FLAG_REFLAG,
	STMT_FLAG_GET_ORG,
	STMT_FLAG_GET_INST,
	STMT_FLAG_CHANGES_ORG,
	STMT_NOTIFY_INST,
	STMT_NOTIFY_ORG,
	STMT_PLAN_LIST_ORG,
	STMT_PLAN_LIST_INST,
	STMT_PLAN_LIST_ADMIN,
	STMT_PLAN_INSERT,
	STMT_PLAN_GET,
	STMT_PLAN_SITES,
	STMT_SITE_INSERT,
	STMT_INST_BY_CODE,
	STMT_TYPE_OWN,
	STMT_TYPES_ORG,
	STMT_REG_INSERT,
	STMT_PLAN_REGS,
	STMT_RESULT_UPSERT,
	STMT_PLAN_COUNTS,
	STMT_DUPS_ORG,
	STMT_HMACS_INST,
	STMT_ELSEWHERE_BATCH,
	STMT_EXPORT_INST,
	STMT_EXPORT_ORG,
	STMT_EXPORT_ADMIN,
	STMT_PHOTO_SET,
	STMT_PHOTO_GET,
	STMT_HAS_CERT,
	STMT_CERT_HOLDS,
	STMT_ID_FROZEN,
	STMT_REPL_OPEN,
	STMT_FLAG_OWNER_INST,
	STMT_FLAG_OWNER_ORG,
	STMT_ACCT_FIND,
	STMT_ACCT_CREATE,
	STMT_ACCT_RESET,
	STMT_ACCT_LINK,
	STMT_ACCT_OTHERS,
	STMT_DUP_OTHERS,
	STMT_DUP_NOTE,
	STMT__MAX
};
extern const char *const stud_stmts[STMT__MAX];

/* Rows per multi-row INSERT in an import (a fixed statement). */
#define IMPORT_BATCH	100

struct	student {
	int64_t		 id;
	int64_t		 inst_id;
	int64_t		 version;
	const char	*name;
	const char	*gender;
	const char	*id_type;
	const void	*cipher;
	size_t		 clen;
	const char	*id_mask;
	const char	*student_type;
	const char	*phone;
	const char	*major;
	const char	*class_name;
	const char	*inst_code;
	const char	*inst_name;
	int64_t		 account_id;	/* 0: the student cannot log in yet */
};

/* The validated content of a student form or CSV row. */
struct	student_in {
	const char	*name;
	const char	*gender;
	enum idtype	 idtype;
	char		 idno[24];
	const char	*student_type;
	const char	*phone;
	const char	*major;
	const char	*class_name;
};

/* page_list.c */
enum rc	 stud_list(struct req *);
enum rc	 stud_find(struct req *);

/* student.c: loading, validating and writing records. */
enum rc	 stud_load(struct req *, int64_t, struct student *);
enum rc	 stud_insert(struct req *, const struct student_in *, int64_t *);
const char *stud_check(struct arena *, struct student_in *, const char *,
	    const char *, const char **);
void	 stud_to_hdf(struct req *, const struct student *, const char *);
enum rc	 stud_notify_inst(struct req *, int64_t, const char *, const char *);
enum rc	 stud_notify_org(struct req *, int64_t, const char *, const char *);

/* page_edit.c */
enum rc	 stud_new_form(struct req *);
enum rc	 stud_create(struct req *);
enum rc	 stud_show(struct req *);
enum rc	 stud_edit_form(struct req *);
enum rc	 stud_update(struct req *);
enum rc	 stud_reveal(struct req *);
enum rc	 stud_show_page(struct req *, int, const char *, const char *);
enum rc	 stud_photo_upload(struct req *);
enum rc	 stud_photo(struct req *);
enum rc	 stud_frozen(struct req *, int64_t);
enum rc	 stud_id_frozen(struct req *, int64_t);
enum rc	 stud_account(struct req *);
enum rc	 stud_locked(struct req *, int64_t);

/* page_import.c */
enum rc	 stud_import_form(struct req *);
enum rc	 stud_import(struct req *);

/* page_export.c */
enum rc	 stud_export(struct req *);

/* page_flags.c */
enum rc	 stud_flag(struct req *);
enum rc	 stud_corrections(struct req *);
enum rc	 stud_flag_confirm(struct req *);
enum rc	 stud_flag_accept(struct req *);
enum rc	 stud_flag_reflag(struct req *);

/* page_plans.c */
enum rc	 stud_plans(struct req *);
enum rc	 stud_plan_create(struct req *);
enum rc	 stud_plan_show(struct req *);
enum rc	 stud_plan_register(struct req *);
enum rc	 stud_plan_results(struct req *);

/* page_plans.c: exam plans and the imports of page_results.c. */
struct	plan {
	int64_t		 id, org;
	const char	*name, *cert, *level, *date, *orgname;
};

struct	reg_row {
	int64_t		 student, inst;
	const char	*status, *score;
};

struct	reg_tx {
	struct req	*r;
	int64_t		 plan;
	struct reg_row	*rows;
	size_t		 n;
	int		 results;
};

enum rc	 stud_plan_load(struct req *, struct plan *);
enum rc	 stud_plan_act(void *);
enum rc	 stud_plan_done(struct req *, size_t, size_t, int);
void	 stud_csv_problem(struct req *, size_t *, size_t, const char *);
ssize_t	 stud_csv_column(struct req *, const struct csvdoc *, const char *,
	    const char *);
const char *stud_csv_cell(struct req *, const struct csvdoc *, size_t,
	    ssize_t);
int	 stud_csv_load(struct req *, struct fval *, struct csvdoc *, size_t *);
int	 stud_csv_index(struct req *, const struct csvdoc *, size_t, ssize_t,
	    unsigned char [32]);

#endif /* STUDENTS_H */
