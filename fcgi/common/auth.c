/* auth.c: sessions from cookies, roles, CSRF and origin checks, login throttling. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app.h"

/* Failures allowed in 15 minutes before the key is refused. */
#define THR_ACCOUNT	5
#define THR_IP		30

static const char *const role_keys[ROLE__MAX] = {
	"anon",		/* ROLE_ANON */
	"admin",	/* ROLE_ADMIN */
	"org",		/* ROLE_ORG */
	"principal",	/* ROLE_PRINCIPAL */
	"biz",		/* ROLE_BIZ */
	"student",	/* ROLE_STUDENT */
};

static const char *const role_names[ROLE__MAX] = {
	"访客",			/* ROLE_ANON */
	"平台管理员",		/* ROLE_ADMIN */
	"培训评价组织",		/* ROLE_ORG */
	"试点院校负责人",	/* ROLE_PRINCIPAL */
	"试点院校业务管理员",	/* ROLE_BIZ */
	"学生",			/* ROLE_STUDENT */
};

/* The role's key as stored in account.role. */
const char *
role_key(enum role r)
{
	return r < ROLE__MAX ? role_keys[r] : "anon";
}

/* The role's Chinese name for pages. */
const char *
role_name(enum role r)
{
	return r < ROLE__MAX ? role_names[r] : role_names[ROLE_ANON];
}

static enum role
role_parse(const char *s)
{
	size_t	 i;

	for (i = 1; s != NULL && i < ROLE__MAX; i++)
		if (strcmp(s, role_keys[i]) == 0)
			return (enum role)i;
	return ROLE_ANON;
}

static const char *
sess_cookie_name(const struct req *r)
{
	return r->cfg->secure ? "__Host-xc_sid" : "xc_sid";
}

static const char *
pre_cookie_name(const struct req *r)
{
	return r->cfg->secure ? "__Host-xc_pre" : "xc_pre";
}

static const char *
cookie_attrs(const struct req *r)
{
	return r->cfg->secure ? "; Path=/; Secure; HttpOnly; SameSite=Lax" :
	    "; Path=/; HttpOnly; SameSite=Lax";
}

static int
is_hex64(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
clear_cookie(struct req *r)
{
	resp_cookie(r, arena_printf(r->arena, "%s=%s; Max-Age=0",
	    sess_cookie_name(r), cookie_attrs(r)));
}

/*
 * Load the session named by the request's cookie, if any, into r->sess.
 * An expired session (30 min idle, 12 h absolute) is deleted and the
 * request continues anonymous; one last seen over 30 s ago is touched
 * (a second statement only then).  Returns RC_OK or a database failure.
 */
enum rc
auth_session(struct req *r)
{
	struct dbq	*q;
	unsigned char	 h[32];
	const char	*tok, *role = NULL, *csrf = NULL;
	int64_t		 expired = 0, mc = 0, stale = 0;
	enum rc		 rc;

	r->has_session = 0;
	memset(&r->sess, 0, sizeof(r->sess));
	r->sess.role = ROLE_ANON;
	tok = form_cookie(r->arena, r->cookie, sess_cookie_name(r));
	if (tok == NULL)
		return RC_OK;
	if (!is_hex64(tok)) {
		clear_cookie(r);
		return RC_OK;
	}
	sec_sha256(tok, 64, h);
	if ((q = db_run(r->db, r->arena, &rc, CSTMT_SESS_GET,
	    DB_ARGS(DB_B(h, sizeof(h))))) == NULL)
		return rc;
	switch (db_next(q, DB_OUT(DB_OI(&r->sess.id),
	    DB_OI(&r->sess.account_id), DB_OS(&role), DB_OI(&r->sess.org_id),
	    DB_OI(&r->sess.inst_id), DB_OS(&r->sess.login),
	    DB_OS(&r->sess.name), DB_OS(&csrf), DB_OI(&mc),
	    DB_OS(&r->sess.org_name), DB_OS(&r->sess.inst_name),
	    DB_OI(&expired), DB_OI(&stale)))) {
	case 1:
		break;
	case 0:
		clear_cookie(r);
		return RC_OK;
	default:
		return RC_ERROR;
	}
	if (expired) {
		(void)db_exec(r->db, r->arena, CSTMT_SESS_DEL,
		    DB_ARGS(DB_I(r->sess.id)), NULL);
		clear_cookie(r);
		memset(&r->sess, 0, sizeof(r->sess));
		r->sess.role = ROLE_ANON;
		return RC_OK;
	}
	r->sess.role = role_parse(role);
	r->sess.must_change = mc != 0;
	if (csrf != NULL)
		snprintf(r->sess.csrf, sizeof(r->sess.csrf), "%s", csrf);
	r->has_session = r->sess.role != ROLE_ANON;
	if (r->has_session && stale)
		(void)db_exec(r->db, r->arena, CSTMT_SESS_TOUCH,
		    DB_ARGS(DB_I(r->sess.id)), NULL);
	return RC_OK;
}

/*
 * May the caller use a route open to the roles in mask?  Anonymous
 * callers of a private page are sent to the login page; a known user
 * without the role gets 404, as if the page did not exist.
 */
enum rc
auth_allow(struct req *r, unsigned int mask)
{
	if (mask & (1u << r->sess.role))
		return RC_OK;
	if (r->sess.role == ROLE_ANON) {
		if (r->method == METHOD_GET || r->method == METHOD_HEAD)
			return resp_redirect(r, "/login?next=%s",
			    resp_urlenc(r->arena, r->path));
		return RC_DENIED;
	}
	log_info("denied: %s to %s", role_key(r->sess.role), req_logpath(r));
	return RC_NOTFOUND;
}

/*
 * The origin of a URL as browsers send it: scheme and host in lower
 * case, the port only when it is not the scheme's default, no path.
 * Returns an arena-owned string, or NULL when u is not http(s).
 */
static char *
origin_of(struct arena *a, const char *u)
{
	const char	*p, *e, *port;
	char		*o;
	size_t		 i, skip;

	if (strncasecmp(u, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		skip = 7;
	else
		return NULL;
	p = u + skip;
	e = p + strcspn(p, "/?#");
	port = memchr(p, ':', (size_t)(e - p));
	if (port != NULL && ((skip == 8 && e - port == 4 &&
	    memcmp(port, ":443", 4) == 0) || (skip == 7 && e - port == 3 &&
	    memcmp(port, ":80", 3) == 0)))
		e = port;
	o = arena_strndup(a, u, (size_t)(e - u));
	for (i = 0; o[i] != '\0'; i++)
		o[i] = (char)tolower((unsigned char)o[i]);
	return o;
}

/*
 * The request's Origin, when present, must be this site's configured
 * base URL (scheme, host and port), never one built from the client's
 * Host header; a cross-site Sec-Fetch-Site is refused.
 */
static int
origin_ok(struct req *r)
{
	const char	*o = r->origin, *sfs, *self;

	sfs = req_param(r, "HTTP_SEC_FETCH_SITE");
	if (sfs != NULL && strcmp(sfs, "cross-site") == 0)
		return 0;
	if (o == NULL || strcmp(o, "null") == 0)
		return o == NULL;
	self = origin_of(r->arena, r->cfg->base_url);
	return self != NULL && strcmp(o, self) == 0;
}

/*
 * The anonymous double-submit token: a random cookie and, in the form,
 * its HMAC under the CSRF key.  Returns the form token (arena-owned),
 * setting the cookie when the browser has none; "" in an area without
 * anonymous forms (no CSRF key).
 */
const char *
auth_anon_csrf(struct req *r)
{
	unsigned char	 raw[32], mac[32];
	char		*pre, *tok;

	if (!(r->cfg->keys & CFG_CSRF))
		return "";
	if (r->anon_csrf != NULL)	/* checked by auth_csrf() just now */
		return r->anon_csrf;
	pre = form_cookie(r->arena, r->cookie, pre_cookie_name(r));
	if (!is_hex64(pre)) {
		if (sec_random(raw, sizeof(raw)) == -1)
			return "";
		pre = arena_alloc(r->arena, 65);
		sec_hex(raw, sizeof(raw), pre);
		resp_cookie(r, arena_printf(r->arena, "%s=%s%s",
		    pre_cookie_name(r), pre, cookie_attrs(r)));
	}
	sec_hmac(r->cfg->csrf_key, 32, pre, 64, mac);
	tok = arena_alloc(r->arena, 65);
	sec_hex(mac, sizeof(mac), tok);
	return tok;
}

/*
 * Check the CSRF token of a state-changing request: the session's token
 * when logged in, the double-submit pair otherwise, plus the origin.
 */
enum rc
auth_csrf(struct req *r)
{
	static const struct field f[] = { { "_csrf", FT_TEXT, 64 } };
	struct fval	 v[1];
	unsigned char	 mac[32];
	char		 want[65];
	const char	*pre;
	enum rc		 rc;

	if (r->method != METHOD_POST)
		return RC_OK;
	if (!origin_ok(r)) {
		log_warnx("csrf: origin %s refused", r->origin ? r->origin : "-");
		return RC_DENIED;
	}
	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if (!v[0].present || v[0].len != 64)
		goto bad;
	if (r->has_session) {
		if (strlen(r->sess.csrf) == 64 &&
		    sec_eq(v[0].val, r->sess.csrf, 64))
			return RC_OK;
		goto bad;
	}
	pre = form_cookie(r->arena, r->cookie, pre_cookie_name(r));
	if (!(r->cfg->keys & CFG_CSRF) || !is_hex64(pre))
		goto bad;
	sec_hmac(r->cfg->csrf_key, 32, pre, 64, mac);
	sec_hex(mac, sizeof(mac), want);
	if (sec_eq(v[0].val, want, 64)) {
		r->anon_csrf = arena_strdup(r->arena, want);
		return RC_OK;
	}
bad:
	log_warnx("csrf: token missing or wrong for %s", req_logpath(r));
	return RC_DENIED;
}

/*
 * Start a session for account acct: a fresh random token whose SHA-256
 * is stored, a fresh CSRF token, the cookie set.  Any session the
 * browser had is ended first (no fixation).  Runs in the caller's
 * transaction.
 */
enum rc
auth_login(struct req *r, int64_t acct, const char *ip)
{
	unsigned char	 h[32], ch[32];
	char		*tok, csrf[65];
	enum rc		 rc;

	if (r->has_session &&
	    (rc = db_exec(r->db, r->arena, CSTMT_SESS_DEL,
	    DB_ARGS(DB_I(r->sess.id)), NULL)) !=
	    RC_OK)
		return rc;
	if ((tok = sec_token(r->arena, h)) == NULL ||
	    sec_random(ch, sizeof(ch)) == -1)
		return RC_ERROR;
	sec_hex(ch, sizeof(ch), csrf);
	/* Logins are frequent enough to sweep expired sessions as we go. */
	if ((rc = db_exec(r->db, r->arena, CSTMT_SESS_PURGE, DB_NOARGS,
	    NULL)) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, CSTMT_SESS_INSERT,
	    DB_ARGS(DB_B(h, sizeof(h)), DB_I(acct), DB_S(csrf),
	    DB_S(ip ? ip : "")), NULL)) != RC_OK)
		return rc;
	resp_cookie(r, arena_printf(r->arena, "%s=%s%s", sess_cookie_name(r),
	    tok, cookie_attrs(r)));
	return RC_OK;
}

/* End the current session server-side and clear the cookie. */
enum rc
auth_logout(struct req *r)
{
	enum rc	 rc = RC_OK;

	if (r->has_session)
		rc = db_exec(r->db, r->arena, CSTMT_SESS_DEL,
		    DB_ARGS(DB_I(r->sess.id)), NULL);
	clear_cookie(r);
	return rc;
}

/*
 * The address a throttle counts: an IPv6 client controls a whole /64,
 * so it is counted by its /64 prefix.  Returns an arena-owned string.
 */
static const char *
ip_scope(struct req *r)
{
	unsigned char	 a6[16];
	char		 hex[17];

	if (r->ip != NULL && strchr(r->ip, ':') != NULL &&
	    inet_pton(AF_INET6, r->ip, a6) == 1) {
		sec_hex(a6, 8, hex);
		return arena_printf(r->arena, "%s/64", hex);
	}
	return r->ip ? r->ip : "-";
}

static void
thr_key(const char *kind, const char *key, unsigned char h[32])
{
	char	 buf[512];
	size_t	 i;

	/* Keys are canonical already; folding keeps old counters valid. */
	snprintf(buf, sizeof(buf), "%s:%s", kind, key);
	for (i = 0; buf[i] != '\0'; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	sec_sha256(buf, strlen(buf), h);
}

/* The counter's key of account id, whatever spelling reached it. */
static const char *
thr_acct(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "%lld", (long long)id);
}

static enum rc
thr_over(struct req *r, const char *kind, const char *key, int64_t limit)
{
	struct dbq	*q;
	unsigned char	 h[32];
	int64_t		 fails = 0;
	enum rc		 rc;

	thr_key(kind, key, h);
	if ((q = db_run(r->db, r->arena, &rc, CSTMT_THR_GET,
	    DB_ARGS(DB_B(h, sizeof(h))))) == NULL)
		return rc;
	if (db_next(q, DB_OUT(DB_OI(&fails))) == -1)
		return RC_ERROR;
	return fails >= limit ? RC_THROTTLED : RC_OK;
}

/*
 * Count one failure under kind:key.  Failures are when counters are
 * born, so expired ones (15 minutes, any kind) are swept here, a few at
 * a time; a failed sweep is only logged.
 */
static enum rc
thr_fail(struct req *r, const char *kind, const char *key)
{
	unsigned char	 h[32];

	(void)db_exec(r->db, r->arena, CSTMT_THR_PURGE, DB_NOARGS, NULL);
	thr_key(kind, key, h);
	return db_exec(r->db, r->arena, CSTMT_THR_FAIL,
	    DB_ARGS(DB_B(h, sizeof(h)), DB_S(strcmp(kind,
	    "ip") == 0 ? "ip" : "account")), NULL);
}

/*
 * Is this login (canonical; NULL when what was typed names no account),
 * or this address, refused for too many recent failures?  Returns RC_OK,
 * RC_THROTTLED or a database failure.
 */
enum rc
auth_throttle_check(struct req *r, const char *login)
{
	enum rc	 rc;

	if (login != NULL &&
	    (rc = thr_over(r, "account", login, THR_ACCOUNT)) != RC_OK)
		return rc;
	return thr_over(r, "ip", ip_scope(r), THR_IP);
}

/* Is account id refused for too many recent failures, under any login? */
enum rc
auth_throttle_account(struct req *r, int64_t id)
{
	return thr_over(r, "acct", thr_acct(r, id), THR_ACCOUNT);
}

/*
 * Count a failed login against the typed login (if it can name an
 * account), the account it reached (id, if any) and the address.
 */
enum rc
auth_throttle_fail(struct req *r, const char *login, int64_t id)
{
	enum rc	 rc;

	if (login != NULL && (rc = thr_fail(r, "account", login)) != RC_OK)
		return rc;
	if (id != 0 && (rc = thr_fail(r, "acct", thr_acct(r, id))) != RC_OK)
		return rc;
	return thr_fail(r, "ip", ip_scope(r));
}

/* Forget the login's and the account's failures after a success. */
enum rc
auth_throttle_clear(struct req *r, const char *login, int64_t id)
{
	unsigned char	 h[32];
	enum rc		 rc;

	thr_key("account", login, h);
	if ((rc = db_exec(r->db, r->arena, CSTMT_THR_CLEAR,
	    DB_ARGS(DB_B(h, sizeof(h))), NULL)) != RC_OK)
		return rc;
	thr_key("acct", thr_acct(r, id), h);
	return db_exec(r->db, r->arena, CSTMT_THR_CLEAR,
	    DB_ARGS(DB_B(h, sizeof(h))), NULL);
}

/*
 * Address-only throttling for public forms (e.g. verification): is the
 * caller's address over limit failures in 15 minutes under scope?
 */
enum rc
auth_ip_over(struct req *r, const char *scope, int64_t limit)
{
	return thr_over(r, "ip", arena_printf(r->arena, "%s:%s", scope,
	    ip_scope(r)), limit);
}

/*
 * The caller's address as counters key it (an IPv6 address by its /64),
 * for counters kept outside login_throttle (the public lookup's).
 */
const char *
auth_ip_key(struct req *r)
{
	return ip_scope(r);
}

/* Count one failure of the caller's address under scope. */
enum rc
auth_ip_fail(struct req *r, const char *scope)
{
	return thr_fail(r, "ip", arena_printf(r->arena, "%s:%s", scope,
	    ip_scope(r)));
}
