/* verification.h: the public verification area (证书查询). */
#ifndef VERIFICATION_H
#define VERIFICATION_H

enum	stmt {
	/* employers' checks, keys and share codes (emp_sql.c) */
	STMT_EMP_BY_PAIR = CSTMT__MAX,
	STMT_EMP_BY_CODE,
	STMT_EMP_USE_ADD,
	STMT_EMP_API_USE,
	STMT_EMP_RATE_HIT,
	STMT_EMP_RATE_PURGE,
	STMT_EMP_KEY_AUTH,
	STMT_EMP_KEY_LIVE,
	STMT_EMP_KEY_LIST,
	STMT_EMP_KEY_ADD,
	STMT_EMP_KEY_REVOKE,
	STMT_EMP_MINE_CERTS,
	STMT_EMP_MINE_CERT,
	STMT_EMP_MINE_CODES,
	STMT_EMP_MINE_USES,
	STMT_EMP_MINE_LOOKS,
	STMT_EMP_CODE_ADD,
	STMT_EMP_CODE_REVOKE,
	STMT_EMP_CODE_OWNED,
	STMT_CHECK,
	STMT_IP_FAILS,
	STMT_FAIL_BOTH,
	STMT_FAIL_IP,
	STMT_THR_PURGE,
	STMT_THR_STATE,
	STMT_FAIL_NUMBER,
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

/* vlog.c: the verification log, written after the answers. */
void	 vlog_add(struct req *, const char *, int64_t, const char *,
	    const char *);
int	 vlog_after(struct app *, int);
void	 vlog_purge(struct req *, size_t);

/* page_verify.c */
enum rc	 ver_form(struct req *);
enum rc	 ver_lookup(struct req *);
enum rc	 ver_captcha(struct req *);
enum rc	 ver_qr(struct req *);
enum rc	 ver_keys(struct req *);
void	 ver_thr_key(struct req *, const char *, const char *,
	    unsigned char [32]);

/* emp_check.c: one check by number + ID number or by share code. */
enum	emp_verdict {
	EV_VALID = 0,
	EV_REVOKED,
	EV_REPLACED,
	EV_NOTFOUND,
	EV_MALFORMED,		/* 格式错误 (batch rows) */
	EV_LOCKED,		/* the number's lock (verify_throttle) */
	EV__MAX
};
enum	emp_channel {
	EC_API = 0,
	EC_BATCH,
	EC_PAGE
};
struct	emp_result {
	enum emp_verdict verdict;
	const char	*reason;	/* EV_MALFORMED: why, in Chinese */
	int		 by_code;	/* checked by share code */
	int64_t		 cert_id;	/* 0: nothing found */
	int64_t		 share_id;
	const char	*number, *status, *issued_on, *name, *id_mask,
			*cert_name, *level, *org, *inst, *plan;
};
#define EMP_CODE_LEN	12	/* characters of a share code */
const char	*emp_verdict_key(enum emp_verdict);
const char	*emp_verdict_label(enum emp_verdict);
char		*emp_mask_name(struct arena *, const char *);
int		 emp_code_norm(const char *, char [EMP_CODE_LEN + 1]);
int		 emp_code_new(char [EMP_CODE_LEN + 1]);
enum rc		 emp_check(struct req *, int64_t, const char *, const char *,
		    const char *, struct emp_result *);
enum rc		 emp_logged(struct req *, const struct emp_result *,
		    enum emp_channel, int64_t);
enum rc		 emp_rate(struct req *, const char *, int64_t);
void		 emp_result_hdf(struct req *, const struct emp_result *);

/* emp_json.c: a JSON object's string values as a form's (pure). */
enum form_err	 emp_json_form(struct arena *, const char *, size_t,
		    const struct field *, size_t, struct fval *);

/* page_api.c: the employers' JSON API and the batch page. */
enum rc	 emp_api_check(struct req *);
enum rc	 emp_api_batch(struct req *);
enum rc	 emp_batch_form(struct req *);
enum rc	 emp_batch_page(struct req *);

/* page_keys.c: the platform admin's API keys. */
enum rc	 emp_keys(struct req *);
enum rc	 emp_key_create(struct req *);
enum rc	 emp_key_revoke(struct req *);

/* page_share.c: share codes (the holder's and the public form). */
enum rc	 emp_mine(struct req *);
enum rc	 emp_code_create(struct req *);
enum rc	 emp_code_revoke(struct req *);
enum rc	 emp_share_form(struct req *);
enum rc	 emp_share_lookup(struct req *);

#endif /* VERIFICATION_H */
