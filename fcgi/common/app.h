/* app.h: the one common header of the responders (types and prototypes). */
#ifndef APP_H
#define APP_H

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

struct st_mysql;
struct st_mysql_stmt;
struct _hdf;
struct FCGX_Request;
struct qrkeys;

/*
 * Return codes used everywhere: 0 is success.  resp_error() maps each to
 * an HTTP status and an error page.
 */
enum	rc {
	RC_OK = 0,
	RC_BADREQ,	/* 400: malformed or invalid input */
	RC_DENIED,	/* 403: CSRF or origin failure */
	RC_NOTFOUND,	/* 404: also "exists, but not yours" */
	RC_METHOD,	/* 405 */
	RC_CONFLICT,	/* 409: unique key, stale state */
	RC_TOOLARGE,	/* 413 */
	RC_THROTTLED,	/* 429 */
	RC_ERROR,	/* 500: logged where it happened */
	RC_UNAVAIL,	/* 503: database unreachable */
	RC_RETRY,	/* internal: deadlock, retry the transaction */
	RC__MAX
};

enum	role {
	ROLE_ANON = 0,
	ROLE_ADMIN,	/* 平台管理员 */
	ROLE_ORG,	/* 培训评价组织 */
	ROLE_PRINCIPAL,	/* 试点院校负责人 */
	ROLE_BIZ,	/* 试点院校业务管理员 */
	ROLE_STUDENT,	/* 学生 */
	ROLE__MAX
};

#define R_ANON		(1u << ROLE_ANON)
#define R_ADMIN		(1u << ROLE_ADMIN)
#define R_ORG		(1u << ROLE_ORG)
#define R_PRINCIPAL	(1u << ROLE_PRINCIPAL)
#define R_BIZ		(1u << ROLE_BIZ)
#define R_STUDENT	(1u << ROLE_STUDENT)
#define R_INST		(R_PRINCIPAL | R_BIZ)
#define R_STAFF		(R_ADMIN | R_ORG | R_PRINCIPAL | R_BIZ)
#define R_USER		(R_STAFF | R_STUDENT)
#define R_ALL		(R_USER | R_ANON)

enum	method {
	METHOD_GET = 0,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_OTHER,
	METHOD__MAX
};

/* Limits enforced by req.c and form.c (nginx is the first fence). */
#define LIMIT_BODY	(2 * 1024 * 1024)
#define LIMIT_FIELDS	256
#define LIMIT_PARTS	32
#define LIMIT_FIELDLEN	(64 * 1024)
/*
 * Free heap, above the least seen since the last return, at which a
 * responder returns it after a request (req.c).
 */
#define APP_TRIM_FREE	(4 * 1024 * 1024)
/*
 * Pages a responder faults in (minor and major faults) after its last
 * look at its resident size, at which it looks again (req.c); at
 * XC_RSS_MAX_MB (APP_RSS_MAX_MB) resident it ends after the request and
 * its supervisor starts a fresh one.  1,024 pages: 4 MB.
 */
#define APP_FAULT_CHECK	1024
#define APP_HELD_CHECK	(4 * 1024 * 1024)	/* or malloc holding 4 MB more */
/* malloc's thresholds for a responder (req.c, app_init). */
#define APP_MMAP_MAX	(1024 * 1024)
#define APP_TOP_KEEP	(2 * 1024 * 1024)
#define APP_RSS_MAX_MB	16

/* arena.c */
struct	arena;
struct arena	*arena_new(void);
void		*arena_alloc(struct arena *, size_t);	/* never NULL */
void		*arena_calloc(struct arena *, size_t, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
void		 arena_defer(struct arena *, void (*)(void *), void *);
void		 arena_reset(struct arena *);
void		 arena_free(struct arena *);
size_t		 arena_used(const struct arena *);

/* buf.c: growable arena-backed byte buffer. */
struct	buf {
	struct arena	*a;
	char		*p;
	size_t		 len;
	size_t		 cap;
};
void		 buf_init(struct buf *, struct arena *);
void		 buf_reserve(struct buf *, size_t);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_puts(struct buf *, const char *);
void		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
const char	*buf_cstr(struct buf *);

/* form.c: request parsing (pure; fuzzed). */
enum	ftype {
	FT_TEXT = 0,	/* single-line UTF-8 text without control chars */
	FT_MULTILINE,	/* text that may hold \n and \r */
	FT_FILE,	/* a multipart upload */
	FT_IDS,		/* decimal ids; repeats joined by commas */
	FT__MAX
};

struct	field {
	const char	*name;
	enum ftype	 type;
	size_t		 maxlen;	/* bytes */
};

struct	fval {
	int		 present;
	const char	*val;		/* NUL-terminated, arena-owned */
	size_t		 len;
	const char	*filename;	/* FT_FILE only, sanitised */
	const char	*ctype;		/* FT_FILE only */
	int		 invalid;	/* present but failed the type check */
};

enum	form_err {
	FORM_OK = 0,
	FORM_MALFORMED,
	FORM_TOOMANY,
	FORM_TOOLONG,
	FORM_UNSUPPORTED
};

enum form_err	 form_urlencoded(struct arena *, const char *, size_t,
		    const struct field *, size_t, struct fval *);
enum form_err	 form_multipart(struct arena *, const char *, size_t,
		    const char *, const struct field *, size_t, struct fval *);
char		*form_cookie(struct arena *, const char *, const char *);
int		 form_utf8_ok(const char *, size_t, int);

/* csvdoc.c: CSV files (UTF-8, UTF-8 with BOM, GBK) into rows (pure). */
struct	csvdoc {
	size_t		 nrows;		/* row 0 is the header */
	size_t		*ncols;
	size_t		*lines;		/* each row's record number in the file */
	char		***cells;
};
enum	csv_err {
	CSV_OK = 0,
	CSV_EMPTY,
	CSV_ENCODING,
	CSV_PARSE,
	CSV_TOOMANY,
	CSV_TOOWIDE,
	CSV_CELLTOOLONG,
	CSV__MAX
};
enum csv_err	 csvdoc_parse(struct arena *, const char *, size_t,
		    struct csvdoc *, const char **);
const char	*csvdoc_message(enum csv_err);
int		 csvdoc_formula(const char *);

/* hset.c: 32-byte keys (blind indexes) to non-zero numbers. */
struct	hset {
	unsigned char	*keys;
	int64_t		*vals;
	size_t		 cap;
	size_t		 n;
};
void		 hset_init(struct arena *, struct hset *, size_t);
int64_t		 hset_add(struct hset *, const unsigned char *, int64_t);
int64_t		 hset_get(const struct hset *, const unsigned char *);

/* valid.c: validators (pure). */
int		 valid_int(const char *, int64_t, int64_t, int64_t *);
int		 valid_date(const char *, int *, int *, int *);
int		 valid_inst_code(const char *);
int		 valid_login(const char *);
char		*valid_login_canon(struct arena *, const char *);
int		 valid_password(const char *, const char *, const char **);
char		*valid_trim(struct arena *, const char *);
size_t		 valid_chars(const char *);
char		*valid_text(struct arena *, const struct fval *, size_t, size_t);
int		 valid_code(const char *);
int		 valid_days_in(int, int);
const char	*valid_person_name(const char *);
const char	*valid_mask_name(struct arena *, const char *);
int		 valid_phone(const char *);

/* sec.c: OpenSSL helpers. */
int		 sec_random(void *, size_t);
void		 sec_hex(const unsigned char *, size_t, char *);
int		 sec_unhex(const char *, unsigned char *, size_t);
void		 sec_sha256(const void *, size_t, unsigned char [32]);
void		 sec_hmac(const unsigned char *, size_t, const void *, size_t,
		    unsigned char [32]);
int		 sec_eq(const void *, const void *, size_t);
int		 sec_encrypt(const unsigned char [32], const void *, size_t,
		    unsigned char *, size_t *);
int		 sec_decrypt(const unsigned char [32], const unsigned char *,
		    size_t, unsigned char *, size_t *);
#define SEC_GCM_OVERHEAD	(1 + 12 + 16)
int		 sec_pw_hash(const char *, char *, size_t);
int		 sec_pw_verify(const char *, const char *);
char		*sec_token(struct arena *, unsigned char [32]);
char		*sec_password(struct arena *);
unsigned char	*sec_unbase64(struct arena *, const char *, size_t, size_t,
		    size_t *);

/* log.c */
void		 log_setup(const char *);
void		 log_setreq(const char *);
void		 log_warn(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_escape(char *, size_t, const char *);

/* config and keys, loaded once per process. */
/* The certificate faces in config's fonts (the Makefile extracts them). */
#define FONT_REGULAR	"NotoSerifSC-Regular.otf"
#define FONT_BOLD	"NotoSerifSC-Bold.otf"

struct	config {
	const char	*area;
	const char	*db_socket;
	const char	*db_host;
	unsigned int	 db_port;
	const char	*db_user;
	const char	*db_pass;
	const char	*db_name;
	const char	*base_url;
	const char	*templates;
	const char	*fonts;		/* the extracted Noto Serif SC faces */
	const char	*secrets;
	int		 secure;	/* served over HTTPS: Secure cookies */
	unsigned char	 id_key[32];	/* AES-256-GCM key for ID numbers */
	unsigned char	 id_hmac[32];	/* blind-index key */
	unsigned char	 csrf_key[32];	/* anonymous double-submit tokens */
	const char	*pdf_key;	/* the PDF signing key (PEM file) */
	const char	*pdf_cert;	/* and its certificate */
	const char	*pdf_chain;	/* intermediate certificates, or NULL */
	const char	*qr_key;	/* the QR payload signing key (PEM file) */
	unsigned int	 qr_kid;	/* and its key id (1-255) */
	const char	*qr_pubdir;	/* the QR keys' public halves: <kid>.pem */
	const char	*jobs;		/* the ZIP jobs' files (XC_VAR/jobs) */
	unsigned int	 keys;		/* CFG_*: what was loaded */
	char		*owned[14];	/* what config_load allocated */
	size_t		 nowned;
};
#define CFG_AES		0x01	/* id_key: this area may decrypt ID numbers */
#define CFG_HMAC	0x02	/* id_hmac */
#define CFG_CSRF	0x04	/* csrf_key: anonymous forms */
#define CFG_DBPW	0x08	/* a DB password */
#define CFG_PDF		0x10	/* pdf_key and pdf_cert: signs PDFs */
#define CFG_QRSIGN	0x20	/* qr_key and qr_kid: signs QR payloads */
#define CFG_QRPUB	0x40	/* qr_pubdir: verifies QR payloads */
int		 config_load(struct config *, const char *);
void		 config_free(struct config *);

/* sql.c: statements every responder prepares (sessions, throttle, audit). */
enum	cstmt {
	CSTMT_SESS_GET = 0,
	CSTMT_SESS_TOUCH,
	CSTMT_SESS_DEL,
	CSTMT_SESS_DEL_ACCOUNT,
	CSTMT_SESS_INSERT,
	CSTMT_SESS_PURGE,
	CSTMT_THR_GET,
	CSTMT_THR_FAIL,
	CSTMT_THR_CLEAR,
	CSTMT_THR_PURGE,
	CSTMT_AUDIT_HEAD,
	CSTMT_AUDIT_INSERT,
	CSTMT_AUDIT_HEAD_SET,
	CSTMT_NOTE_UNREAD,
	CSTMT_FLAGS_OPEN_INST,
	CSTMT_FLAGS_FIXED_ORG,
	CSTMT__MAX
};
extern const char *const common_stmts[CSTMT__MAX];

/*
 * db.c: prepared statements.  Parameters and result columns are typed
 * values (DB_I, DB_S, ... and DB_OI, DB_OS, ...) passed as an array with
 * its count (DB_ARGS, DB_OUT), so the compiler checks each one's type.
 */
#pragma GCC diagnostic error "-Wint-conversion"
#pragma GCC diagnostic error "-Wincompatible-pointer-types"
struct	db;
struct	dbq;
enum	dbtype {
	DBT_INT = 1,	/* int64_t */
	DBT_NINT,	/* int64_t; 0 binds SQL NULL */
	DBT_STR,	/* text (NUL-terminated for DB_S); NULL binds NULL */
	DBT_BLOB	/* bytes; NULL binds NULL */
};
struct	dbarg {
	enum dbtype	 type;
	int64_t		 i;
	const void	*p;
	size_t		 len;
};
static inline struct dbarg
db_i(int64_t v)
{
	return (struct dbarg){ DBT_INT, v, NULL, 0 };
}
static inline struct dbarg
db_n(int64_t v)
{
	return (struct dbarg){ DBT_NINT, v, NULL, 0 };
}
static inline struct dbarg
db_s(const char *s)
{
	return (struct dbarg){ DBT_STR, 0, s, s == NULL ? 0 : strlen(s) };
}
static inline struct dbarg
db_b(const void *p, size_t n)
{
	return (struct dbarg){ DBT_BLOB, 0, p, n };
}
#define DB_I(x)		db_i(x)
#define DB_N(x)		db_n(x)
#define DB_S(x)		db_s(x)
#define DB_B(p, n)	db_b((p), (n))
#define DB_ARGS(...)	((const struct dbarg[]){ __VA_ARGS__ }), \
	(sizeof((const struct dbarg[]){ __VA_ARGS__ }) / sizeof(struct dbarg))
#define DB_NOARGS	NULL, 0

/* Result columns: SQL NULL reads as 0 (DB_OI) or NULL (DB_OS, DB_OB). */
struct	dbout {
	enum dbtype	 type;		/* DBT_INT, DBT_STR or DBT_BLOB */
	int64_t		*i;
	const char	**s;
	const void	**p;
	size_t		*len;
};
static inline struct dbout
db_oi(int64_t *i)
{
	return (struct dbout){ DBT_INT, i, NULL, NULL, NULL };
}
static inline struct dbout
db_os(const char **s)
{
	return (struct dbout){ DBT_STR, NULL, s, NULL, NULL };
}
static inline struct dbout
db_ob(const void **p, size_t *n)
{
	return (struct dbout){ DBT_BLOB, NULL, NULL, p, n };
}
#define DB_OI(p)	db_oi(p)
#define DB_OS(p)	db_os(p)
#define DB_OB(p, n)	db_ob((p), (n))
#define DB_OUT(...)	((const struct dbout[]){ __VA_ARGS__ }), \
	(sizeof((const struct dbout[]){ __VA_ARGS__ }) / sizeof(struct dbout))

/* What a statement did, returned by db_exec(). */
struct	dbres {
	uint64_t	 affected;
	int64_t		 insert_id;
};

struct db	*db_new(const struct config *, const char *const *, size_t);
void		 db_free(struct db *);
enum rc		 db_connect(struct db *);
struct dbq	*db_run(struct db *, struct arena *, enum rc *, size_t,
		    const struct dbarg *, size_t);
enum rc		 db_exec(struct db *, struct arena *, size_t,
		    const struct dbarg *, size_t, struct dbres *);
enum rc		 db_row(struct db *, struct arena *, size_t,
		    const struct dbarg *, size_t, const struct dbout *, size_t);
enum rc		 db_must(enum rc, const char *);
int		 db_next(struct dbq *, const struct dbout *, size_t);
int		 db_next_strs(struct dbq *, const char **, size_t);
uint64_t	 db_rows(struct dbq *);
enum rc		 db_count(struct db *, struct arena *, size_t, int64_t, int64_t,
		    int64_t *);
enum rc		 db_begin(struct db *);
enum rc		 db_end(struct db *, enum rc);
enum rc		 db_tx(struct db *, enum rc (*)(void *), void *);

/* audit.c */
struct	req;
struct	audit_row {
	const char	*prev;
	int64_t		 seq;
	const char	*at;
	int64_t		 account_id;
	const char	*action;
	const char	*otype;
	int64_t		 oid;
	const char	*ip;
	const char	*detail;
};
void		 audit_hash(struct arena *, const struct audit_row *, char [65]);
/* The first broken link of the chain, if any (audit_verify()). */
enum	audit_fault {
	AUDIT_INTACT = 0,
	AUDIT_GAP,		/* a seq is missing */
	AUDIT_PREV,		/* prev_hash is not the previous row's hash */
	AUDIT_HASH,		/* the row's hash does not match its fields */
	AUDIT_HEAD,		/* audit_head does not point at the last row */
	AUDIT__MAX
};
struct	audit_check {
	int64_t		 rows;	/* rows verified before the fault */
	int64_t		 head;	/* audit_head's seq */
	enum audit_fault fault;
	int64_t		 seq;	/* the broken link (0 when intact) */
	int64_t		 found;	/* the seq read there (gap), the last row (head) */
};
/*
 * Each caller prepares it in its own table (SELECT on audit_log).  The
 * rows are read in primary key order, which is the chain's order (a
 * row's seq and id are both taken under the head's lock) and a clustered
 * scan: one and a half times faster than the seq index.
 */
#define AUDIT_BATCH	5000	/* the LIMIT below */
#define SQL_AUDIT_BATCH \
	"SELECT id, seq, prev_hash, hash, at_utc, account_id, action, " \
	    "object_type, object_id, ip, detail FROM audit_log " \
	    "WHERE id > ? ORDER BY id LIMIT 5000"
enum rc		 audit_verify(struct db *, size_t, struct audit_check *);
const char	*audit_fault_text(enum audit_fault, int);
enum rc		 audit_add(struct req *, const char *, const char *, int64_t,
		    const char *);

/* The session, loaded from its cookie on every request. */
struct	session {
	int64_t		 id;
	int64_t		 account_id;
	enum role	 role;
	int64_t		 org_id;	/* 0 when not organisation staff */
	int64_t		 inst_id;	/* 0 when not institution staff */
	int64_t		 student_acct;	/* for students */
	const char	*login;
	const char	*name;
	const char	*org_name;
	const char	*inst_name;
	char		 csrf[65];
	int		 must_change;
};

struct	route {
	enum method	 method;
	const char	*path;		/* '#' a decimal segment, '$' a token */
	enum rc		(*fn)(struct req *);
	unsigned int	 roles;
	size_t		 maxbody;	/* 0: LIMIT_BODY */
};
/*
 * In a route's roles: the caller proves itself by an Authorization header
 * that the handler checks (the employers' API), so no cookie session is
 * read and no CSRF token asked for.
 */
#define R_BEARER	(1u << 16)

/* How long deferred work (struct app's after) waits for a quiet moment. */
#define APP_DEFER_MS	200

struct	app {
	struct config	 cfg;
	struct db	*db;
	struct arena	*arena;
	const struct route *routes;
	size_t		 nroutes;
	int		 sock;
	unsigned long	 served;
	struct qrkeys	*qr;		/* QR payload keys (CFG_QR*), or NULL */
	long		 faults_seen;	/* page faults at the last RSS reading */
	size_t		 held_seen;	/* malloc's memory then */
	size_t		 trim_free;	/* free heap after the last trim, or less */
	unsigned long	 trims;		/* trims so far */
	long		 rss_max;	/* resident bytes at which it ends */
	/*
	 * Work deferred until an answer is sent (or NULL), run after every
	 * request with busy set when another request is already waiting
	 * (so it may wait longer); it returns 1 while it keeps work, and is
	 * then run with busy 0 when no request came for APP_DEFER_MS, and
	 * before the process exits.  It keeps no request's memory (the
	 * arena is reset).
	 */
	int		(*after)(struct app *, int busy);
};

/* One request.  Everything here is gone after app_dispatch() returns. */
struct	req {
	struct app	*app;
	struct arena	*arena;
	struct db	*db;
	const struct config *cfg;
	struct FCGX_Request *fr;
	enum method	 method;
	const char	*path;
	const char	*query;
	const char	*id;		/* request id */
	const char	*ip;
	const char	*ctype;
	const char	*origin;
	const char	*host;
	const char	*cookie;
	size_t		 clen;
	const char	*body;
	size_t		 bodylen;
	int		 body_read;
	int64_t		 arg[4];	/* numbers matched by '#' in the route */
	size_t		 nargs;
	const struct route *route;
	struct session	 sess;
	int		 has_session;
	struct _hdf	*hdf;
	struct buf	 hdrs;
	int		 status;
	int		 responded;
	int		 personal;	/* page shows personal data */
	const char	*cache;		/* Cache-Control; NULL: no-store */
	const char	*set_cookie[4];
	size_t		 ncookies;
	int64_t		 nav_todo;	/* 待完善 (institution) or to accept (org) */
	int64_t		 nav_unread;	/* unread notifications */
	const char	*anon_csrf;	/* the anonymous form token, checked */
	const char	*frag[8];	/* kept fragments shown (tmpl_frag) */
	size_t		 nfrag;
};

/* scope.c: which rows the caller sees (see scope_get). */
enum	scope_kind {
	SCOPE_PLATFORM = 0,	/* the platform admin: everything */
	SCOPE_ORG,		/* organisation staff: its organisation */
	SCOPE_INST,		/* principal, business admin: its institution */
	SCOPE_OWN,		/* a student: its own records */
	SCOPE__MAX
};
struct	scope {
	enum scope_kind	 kind;
	int64_t		 id;	/* organisation, institution, account; 0 */
	size_t		 stmt;	/* the area's statement for this scope */
};
enum rc		 scope_get(struct req *, const size_t [SCOPE__MAX],
		    struct scope *);

/* req.c */
int		 app_init(struct app *, const char *, const char *const *,
		    size_t, const struct route *, size_t);
void		 app_free(struct app *);
int		 app_main(struct app *, int, char *[]);
void		 app_serve(struct app *);
int		 app_release_memory(struct app *);
long		 app_rss(void);
void		 app_trim_soon(void);
const char	*req_param(struct req *, const char *);
const char	*req_logpath(const struct req *);
enum rc		 req_body(struct req *);
enum rc		 req_form(struct req *, const struct field *, size_t,
		    struct fval *);
enum method	 req_method(const char *);
int		 req_match(const char *, const char *, int64_t *, size_t *);

/* auth.c */
enum rc		 auth_session(struct req *);
enum rc		 auth_allow(struct req *, unsigned int);
enum rc		 auth_csrf(struct req *);
enum rc		 auth_login(struct req *, int64_t, const char *);
enum rc		 auth_logout(struct req *);
enum rc		 auth_throttle_check(struct req *, const char *);
enum rc		 auth_throttle_account(struct req *, int64_t);
enum rc		 auth_throttle_fail(struct req *, const char *, int64_t);
enum rc		 auth_throttle_clear(struct req *, const char *, int64_t);
enum rc		 auth_ip_over(struct req *, const char *, int64_t);
enum rc		 auth_ip_fail(struct req *, const char *);
const char	*auth_ip_key(struct req *);
const char	*auth_anon_csrf(struct req *);
const char	*role_name(enum role);
const char	*role_key(enum role);

/* tmpl.c */
void		 tmpl_set(struct req *, const char *, const char *);
void		 tmpl_setn(struct req *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 tmpl_seti(struct req *, const char *, int64_t);
void		 tmpl_setin(struct req *, int64_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
struct _hdf	*tmpl_hdf(struct req *);
void		 tmpl_form(struct req *, const struct field *, size_t,
		    const struct fval *);
void		 tmpl_remove(struct req *, const char *);
int		 tmpl_rows(struct req *, struct dbq *, const char *,
		    const char *const *, size_t);
int		 tmpl_shared(struct req *, size_t, int64_t, int64_t,
		    const char *);
int		 tmpl_rows_shared(struct req *, struct dbq *, size_t, int64_t,
		    int64_t, const char *, const char *const *, size_t);
void		 tmpl_splice(struct req *, struct buf *);
int		 tmpl_frag(struct req *, size_t, int64_t, int64_t,
		    const char *, const char *, const char *);
struct _hdf	*tmpl_node(struct req *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
struct _hdf	*tmpl_child(struct _hdf *, int64_t);
void		 tmpl_nset(struct _hdf *, const char *, const char *);
void		 tmpl_nseti(struct _hdf *, const char *, int64_t);
enum rc		 tmpl_page(struct req *, int, const char *, const char *);
enum rc		 tmpl_render(struct req *, const char *, struct buf *);

/* resp.c */
/*
 * The confirmation a page shows after a successful POST: the 303 carries
 * ?ok=<key> (never user text), resp.c maps the key to a fixed message and
 * the layout shows it.
 */
enum	flash {
	FLASH_SAVED,		/* 已保存 */
	FLASH_CREATED,		/* 已新建 */
	FLASH_FLAGGED,		/* 已通知学校 */
	FLASH_CONFIRMED,	/* 已确认完善 */
	FLASH_ACCEPTED,		/* 已验收通过 */
	FLASH_REFLAGGED,	/* 已退回学校 */
	FLASH_PHOTO,		/* 照片已上传 */
	FLASH_UPLOADED,		/* 已上传 */
	FLASH_SEAL,		/* 签章已保存 */
	FLASH_DELETED,		/* 已删除 */
	FLASH_PASSWORD,		/* 密码已修改 */
	FLASH_DISABLED,		/* 账号已停用 */
	FLASH_ENABLED,		/* 账号已启用 */
	FLASH_READ,		/* 已全部标为已读 */
	FLASH_LOGOUT,		/* 已退出登录 */
	FLASH_GENERATED,	/* 已生成待签发名单 */
	FLASH_GEN_NONE,		/* 没有新的待签发证书 */
	FLASH_GEN_HELD,		/* 均因待完善暂缓 */
	FLASH_SUBMITTED,	/* 已提交负责人签字 */
	FLASH_REJECTED,		/* 已拒绝签发 */
	FLASH_REISSUED,		/* 已重新签发 */
	FLASH__MAX
};
void		 resp_header(struct req *, const char *, const char *);
void		 resp_cookie(struct req *, const char *);
enum rc		 resp_send(struct req *, int, const char *, const void *,
		    size_t);
enum rc		 resp_redirect(struct req *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
enum rc		 resp_redirect_ok(struct req *, enum flash, const char *,
		    ...) __attribute__((format(printf, 3, 4)));
const char	*resp_flash(struct req *);
void		 resp_error(struct req *, enum rc);
char		*resp_urlenc(struct arena *, const char *);
int		 resp_status(enum rc);

/* xlsx.c: spreadsheet answers (libxlsxwriter). */
struct	lxw_workbook;
struct lxw_workbook *xlsx_new(struct arena *, const char **);
struct lxw_workbook *xlsx_new_opt(struct arena *, const char **, int);
const char	*xlsx_text(struct arena *, const char *);
enum rc		 xlsx_send(struct req *, struct lxw_workbook *, const char *,
		    const char *);

/* master.c */
int		 master_run(struct app *, const char *, int, const char *,
		    gid_t);
int		 master_pidfile(const char *);

/* layout.c: navigation and common page data. */
void		 layout_nav(struct req *, const char *);

#endif /* APP_H */
