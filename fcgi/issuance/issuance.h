/* issuance.h: the issuance area (证书管理 > 证书发放管理). */
#ifndef ISSUANCE_H
#define ISSUANCE_H

enum	stmt {
	STMT_LIST_INST = CSTMT__MAX,
	STMT_LIST_ORG,
	STMT_LIST_ADMIN,
	STMT_COUNT_ADMIN,
	STMT_COUNT_ORG,
	STMT_COUNT_INST,
	STMT_MINE,
	STMT_FCOUNT_INST,
	STMT_FCOUNT_ORG,
	STMT_FCOUNT_ADMIN,
	STMT__MAX
};
extern const char *const iss_stmts[STMT__MAX];

/* page_list.c */
enum rc	 iss_list(struct req *);
enum rc	 iss_find(struct req *);
enum rc	 iss_mine(struct req *);

#endif /* ISSUANCE_H */
