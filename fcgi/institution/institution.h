/* institution.h: the institution area (机构管理): login, accounts, organisations, institutions. */
#ifndef INSTITUTION_H
#define INSTITUTION_H

enum	stmt {
	STMT_LOGIN = CSTMT__MAX,
	STMT_PW_GET,
	STMT_PW_SET,
	STMT_ORG_LIST,
	STMT_ORG_INSERT,
	STMT_ORG_GET,
	STMT_ORG_UPDATE,
	STMT_TYPE_LIST,
	STMT_TYPE_INSERT,
	STMT_ORGSTAFF_LIST,
	STMT_ACCT_INSERT,
	STMT_INST_LIST,
	STMT_INST_INSERT,
	STMT_INST_GET,
	STMT_INST_UPDATE,
	STMT_PRINCIPAL_RESET,
	STMT_BIZ_LIST,
	STMT_BIZ_SET_DISABLED,
	STMT_BIZ_RESET,
	STMT_COUNT_ADMIN,
	STMT_COUNT_ORG,
	STMT_COUNT_INST,
	STMT_COUNT_STUDENT,
	STMT_ADMIN_TOTALS,
	STMT_SEAL_LIST,
	STMT_SEAL_PNG,
	STMT_SEAL_NEXT,
	STMT_SEAL_INSERT,
	STMT_SEAL_DELETE,
	STMT_UPLOAD_INSERT,
	STMT_UPLOAD_GET,
	STMT_UPLOAD_PURGE,
	STMT_UPLOAD_DELETE,
	STMT_LETTER_CURRENT,
	STMT_PRINCIPAL_SET,
	STMT_PRINCIPAL_GET,
	STMT_NOTES,
	STMT_NOTES_READ,
	STMT_PRINCIPAL_SESS_DEL,
	STMT_AUDIT_BATCH,
	STMT_OLDEST_ORG,
	STMT_OLDEST_INST,
	STMT_OLDEST_ALL,
	STMT_REQ_SUBMITTED,
	STMT_CHART_ADMIN,
	STMT_CHART_ORG,
	STMT_CHART_INST,
	STMT__MAX
};
extern const char *const inst_stmts[STMT__MAX];

/* page_login.c */
enum rc	 inst_login_form(struct req *);
enum rc	 inst_login(struct req *);
enum rc	 inst_logout(struct req *);
enum rc	 inst_password_form(struct req *);
enum rc	 inst_password(struct req *);

/* page_home.c */
enum rc	 inst_home(struct req *);
enum rc	 inst_profile(struct req *);
enum rc	 inst_notes(struct req *);
enum rc	 inst_notes_read(struct req *);

/* page_audit.c */
enum rc	 inst_audit(struct req *);

/* page_admin.c */
enum rc	 inst_orgs(struct req *);
enum rc	 inst_org_create(struct req *);
enum rc	 inst_org_show(struct req *);
enum rc	 inst_org_update(struct req *);
enum rc	 inst_type_create(struct req *);
enum rc	 inst_orgstaff_create(struct req *);
enum rc	 inst_insts(struct req *);
enum rc	 inst_inst_create(struct req *);
enum rc	 inst_inst_show(struct req *);
enum rc	 inst_inst_update(struct req *);
enum rc	 inst_inst_reset(struct req *);
enum rc	 inst_catalogue(struct req *);

enum rc	 inst_onetime(struct req *, const char *, const char *,
	    const char *);

/* page_seal.c: the principal's and the organisation's seals. */
enum rc	 seal_page(struct req *);
enum rc	 seal_upload(struct req *);
enum rc	 seal_upload_page(struct req *);
enum rc	 seal_upload_original(struct req *);
enum rc	 seal_upload_cleaned(struct req *);
enum rc	 seal_upload_preview_original(struct req *);
enum rc	 seal_upload_preview_cleaned(struct req *);
enum rc	 seal_save(struct req *);
enum rc	 seal_version_png(struct req *);
enum rc	 seal_version_preview(struct req *);
enum rc	 seal_version_view(struct req *);
enum rc	 seal_delete(struct req *);
enum rc	 inst_principal_set(struct req *);

/* page_staff.c */
enum rc	 inst_staff(struct req *);
enum rc	 inst_staff_create(struct req *);
enum rc	 inst_staff_disable(struct req *);
enum rc	 inst_staff_enable(struct req *);
enum rc	 inst_staff_reset(struct req *);

/* account.c: accounts with one-time passwords (shared by pages). */
const char *inst_staff_check(struct req *, const struct fval *,
	    const struct fval *, const char **, const char **);
enum rc	 inst_account_new(struct req *, const char *, const char *,
	    const char *, int64_t, int64_t, const char **);

#endif /* INSTITUTION_H */
