/* audit.c: the append-only, hash-chained audit log (inside the caller's transaction). */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "app.h"

/*
 * Compute the chain hash of one audit row: SHA-256 over the previous
 * hash and every field, each followed by a newline.  Writes 64 hex
 * digits and a NUL into out.  Used here and by `xadmin audit-verify`.
 */
void
audit_hash(struct arena *a, const struct audit_row *ar, char out[65])
{
	unsigned char	 h[32];
	char		*s;

	s = arena_printf(a, "%s\n%" PRId64 "\n%s\n%" PRId64 "\n%s\n%s\n%"
	    PRId64 "\n%s\n%s\n", ar->prev, ar->seq, ar->at, ar->account_id,
	    ar->action, ar->otype, ar->oid, ar->ip, ar->detail);
	sec_sha256(s, strlen(s), h);
	sec_hex(h, sizeof(h), out);
}

/*
 * Append an audit row for the current request: who (the session's
 * account), what (action on otype #oid), from where, with a short
 * detail that must never hold an ID number or secret.  Must run inside
 * the transaction of the act it records.
 */
enum rc
audit_add(struct req *r, const char *action, const char *otype, int64_t oid,
    const char *detail)
{
	struct audit_row ar;
	enum rc		 rc;
	const char	*prev = NULL;
	char		 at[32], hash[65];
	time_t		 t;
	struct tm	 tm;

	rc = db_row(r->db, r->arena, CSTMT_AUDIT_HEAD, DB_NOARGS,
	    DB_OUT(DB_OI(&ar.seq), DB_OS(&prev)));
	if ((rc = db_must(rc, "the audit chain head")) != RC_OK)
		return rc;
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ar.prev = prev ? prev : "";
	ar.seq++;
	ar.at = at;
	ar.account_id = r->has_session ? r->sess.account_id : 0;
	ar.action = action;
	ar.otype = otype ? otype : "";
	ar.oid = oid;
	ar.ip = r->ip ? r->ip : "";
	ar.detail = detail ? detail : "";
	audit_hash(r->arena, &ar, hash);
	if ((rc = db_exec(r->db, r->arena, CSTMT_AUDIT_INSERT,
	    DB_ARGS(DB_I(ar.seq), DB_S(ar.prev), DB_S(hash), DB_S(at),
	    DB_N(ar.account_id), DB_S(action), DB_S(ar.otype), DB_I(oid),
	    DB_S(ar.ip), DB_S(ar.detail)), NULL)) != RC_OK)
		return rc;
	return db_exec(r->db, r->arena, CSTMT_AUDIT_HEAD_SET,
	    DB_ARGS(DB_I(ar.seq), DB_S(hash)), NULL);
}
