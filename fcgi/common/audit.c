/* audit.c: the append-only, hash-chained audit log (inside the caller's transaction). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"

/*
 * Compute the chain hash of one audit row: SHA-256 over the previous
 * hash and every field, each followed by a newline.  Writes 64 hex
 * digits and a NUL into out.  Used by audit_add() and audit_verify().
 */
static void
line(struct buf *b, const char *s)
{
	buf_puts(b, s != NULL ? s : "");
	buf_add(b, "\n", 1);
}

static void
linei(struct buf *b, int64_t v)
{
	char	 n[24];

	snprintf(n, sizeof(n), "%" PRId64, v);
	line(b, n);
}

void
audit_hash(struct arena *a, const struct audit_row *ar, char out[65])
{
	unsigned char	 h[32];
	struct buf	 b;

	/* Without printf's %s: the verifier hashes a million rows. */
	buf_init(&b, a);
	line(&b, ar->prev);
	linei(&b, ar->seq);
	line(&b, ar->at);
	linei(&b, ar->account_id);
	line(&b, ar->action);
	line(&b, ar->otype);
	linei(&b, ar->oid);
	line(&b, ar->ip);
	line(&b, ar->detail);
	sec_sha256(b.p, b.len, h);
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

static const char *const faults[AUDIT__MAX][2] = {
	[AUDIT_INTACT] = { "intact", "完整" },
	[AUDIT_GAP] = { "gap in seq", "序号不连续（缺少此序号）" },
	[AUDIT_PREV] = { "prev_hash mismatch",
	    "prev_hash 与上一条的 hash 不符" },
	[AUDIT_HASH] = { "hash mismatch", "hash 与本条内容不符（内容被改动）" },
	[AUDIT_HEAD] = { "head mismatch",
	    "链头 audit_head 与日志最后一条不符" },
};

/* What a fault means, in English (lang 0, for logs) or Chinese (1). */
const char *
audit_fault_text(enum audit_fault f, int lang)
{
	return faults[f < AUDIT__MAX ? f : AUDIT_HEAD][lang != 0];
}

/*
 * Check one row against the chain so far (the expected seq and the
 * previous hash in prev); on success prev becomes its hash.
 */
static enum audit_fault
check_row(struct arena *a, const struct audit_row *ar, const char *hash,
    int64_t expect, char prev[65])
{
	char	 want[65];

	if (ar->seq != expect)
		return AUDIT_GAP;
	if (strcmp(ar->prev, prev) != 0)
		return AUDIT_PREV;
	audit_hash(a, ar, want);
	if (strcmp(hash, want) != 0)
		return AUDIT_HASH;
	memcpy(prev, want, 65);
	return AUDIT_INTACT;
}

/*
 * Verify the rows after the key *key, at most AUDIT_BATCH of them, with
 * statement stmt (SQL_AUDIT_BATCH); *last is the last seq verified and
 * prev its hash.  The rows live in the scratch arena a, which the caller
 * resets.  Returns the rows read, or -1 on error; stops at the first
 * fault, recorded in *ck.
 */
static int64_t
verify_batch(struct db *db, struct arena *a, size_t stmt, int64_t *key,
    int64_t *last, char prev[65], struct audit_check *ck)
{
	struct audit_row ar;
	struct dbq	*q;
	const char	*hash;
	int64_t		 n = 0;
	enum rc		 rc;
	int		 row;

	if ((q = db_run(db, a, &rc, stmt, DB_ARGS(DB_I(*key)))) == NULL)
		return -1;
	while ((row = db_next(q, DB_OUT(DB_OI(key), DB_OI(&ar.seq),
	    DB_OS(&ar.prev), DB_OS(&hash), DB_OS(&ar.at),
	    DB_OI(&ar.account_id), DB_OS(&ar.action), DB_OS(&ar.otype),
	    DB_OI(&ar.oid), DB_OS(&ar.ip), DB_OS(&ar.detail)))) == 1) {
		n++;
		ck->fault = check_row(a, &ar, hash, *last + 1, prev);
		if (ck->fault != AUDIT_INTACT) {
			ck->seq = ck->fault == AUDIT_GAP ? *last + 1 : ar.seq;
			ck->found = ar.seq;
			return n;
		}
		*last = ar.seq;
		ck->rows++;
	}
	return row == -1 ? -1 : n;
}

/*
 * Verify the whole audit chain, streaming it in batches through
 * statement stmt (SQL_AUDIT_BATCH in the caller's table), in the order
 * the rows were written: every seq from 1 without a gap, each prev_hash the previous row's hash, each
 * hash recomputed from the row, and the head (audit_head) pointing at
 * the last row with its hash.  Rows appended while it runs are
 * verified too.  Fills *ck: the rows verified and the first broken
 * link (fault and seq; AUDIT_INTACT when none).  Returns RC_OK when the
 * check ran, whatever it found, or the database failure.
 */
enum rc
audit_verify(struct db *db, size_t stmt, struct audit_check *ck)
{
	struct arena	*a;
	const char	*hhash;
	char		 prev[65] = "";
	int64_t		 key = 0, last = 0, hseq, n, at_head = -1;
	enum rc		 rc = RC_ERROR;
	int		 same;

	memset(ck, 0, sizeof(*ck));
	a = arena_new();
	/* AUDIT_BATCH rows at a time, in a scratch arena: bounded memory. */
	for (;;) {
		n = verify_batch(db, a, stmt, &key, &last, prev, ck);
		arena_reset(a);
		if (n == -1)
			goto out;
		if (ck->fault != AUDIT_INTACT)
			break;
		if (n == AUDIT_BATCH)
			continue;
		/*
		 * The end of the rows: the head must point at the last one.
		 * A head beyond it may be a writer that committed since;
		 * read on once before calling the rows missing.
		 */
		if ((rc = db_row(db, a, CSTMT_AUDIT_HEAD, DB_NOARGS,
		    DB_OUT(DB_OI(&hseq), DB_OS(&hhash)))) != RC_OK)
			goto out;
		ck->head = hseq;
		same = hseq == last && strcmp(hhash ? hhash : "", prev) == 0;
		arena_reset(a);
		if (hseq > last && at_head != last) {
			at_head = last;
			continue;
		}
		if (!same) {
			ck->fault = AUDIT_HEAD;
			ck->seq = hseq < last ? hseq + 1 : hseq;
			ck->found = last;
		}
		break;
	}
	rc = RC_OK;
out:
	arena_free(a);
	return rc;
}
