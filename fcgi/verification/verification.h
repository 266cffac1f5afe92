/* verification.h: the public verification area (证书查询). */
#ifndef VERIFICATION_H
#define VERIFICATION_H

enum	stmt {
	STMT_LOOKUP = CSTMT__MAX,
	STMT_CHECK,
	STMT_IP_FAILS,
	STMT_FAIL_BOTH,
	STMT_FAIL_IP,
	STMT_THR_PURGE,
	STMT_CAP_NEW,
	STMT_CAP_TAKE,
	STMT_CAP_PURGE,
	STMT_QR_CERT,
	STMT_VLOG,
	STMT__MAX
};
extern const char *const ver_stmts[STMT__MAX];

/* Failures from one address in 15 minutes: a CAPTCHA, then a refusal. */
#define VERIFY_CAPTCHA_AFTER	3
#define VERIFY_MISSES		20
/* Failures against one number in an hour that lock it for an hour. */
#define VERIFY_NUMBER_LOCK	20

/* page_verify.c */
enum rc	 ver_form(struct req *);
enum rc	 ver_lookup(struct req *);
enum rc	 ver_captcha(struct req *);
enum rc	 ver_qr(struct req *);
enum rc	 ver_keys(struct req *);

#endif /* VERIFICATION_H */
