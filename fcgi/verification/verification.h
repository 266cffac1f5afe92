/* verification.h: the public verification area (证书查询). */
#ifndef VERIFICATION_H
#define VERIFICATION_H

enum	stmt {
	STMT_LOOKUP = CSTMT__MAX,
	STMT__MAX
};
extern const char *const ver_stmts[STMT__MAX];

/* page_verify.c */
enum rc	 ver_form(struct req *);
enum rc	 ver_lookup(struct req *);

#endif /* VERIFICATION_H */
