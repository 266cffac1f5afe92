/* qrtext.c: a confirmed certificate's signed QR payload: frozen, then drawn. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "qrpay.h"
#include "issuance.h"

/*
 * Sign and store the QR payload of every record of signing request id
 * that its site signature just confirmed (number, 发证时间 and content
 * hash as they now stand), in the caller's transaction, so a certificate
 * is never confirmed without one and never gets a second.  One UPDATE
 * for the whole batch.  Returns RC_OK or an error (logged).
 */
enum rc
iss_qr_freeze(struct req *r, int64_t request_id)
{
	struct dbq	*q;
	struct buf	 json;
	struct dbres	 res;
	const char	*number, *issued, *sha;
	char		 p[QRPAY_CHARS + 1];
	int64_t		 id;
	size_t		 n = 0;
	int		 row;
	enum rc		 rc;

	if (r->app->qr == NULL || r->app->qr->priv == NULL) {
		log_warnx("no QR signing key: cannot confirm certificates");
		return RC_ERROR;
	}
	if ((q = db_run(r->db, r->arena, &rc, STMT_QR_ITEMS,
	    DB_ARGS(DB_I(request_id)))) == NULL)
		return rc;
	buf_init(&json, r->arena);
	buf_puts(&json, "[");
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OS(&issued), DB_OS(&sha)))) == 1) {
		if (qrpay_sign(r->app->qr, number, issued, sha, p) == -1)
			return RC_ERROR;
		/* Digits and base32 only: no JSON escaping needed. */
		buf_printf(&json, "%s[%lld,\"%s\"]", n++ > 0 ? "," : "",
		    (long long)id, p);
	}
	if (row == -1)
		return RC_ERROR;
	buf_puts(&json, "]");
	if (n == 0)
		return RC_OK;
	if ((rc = db_exec(r->db, r->arena, STMT_QR_SET,
	    DB_ARGS(DB_S(buf_cstr(&json))), &res)) != RC_OK)
		return rc;
	if (res.affected != n) {
		log_warnx("signing request %lld: %llu of %zu QR payloads stored",
		    (long long)request_id, (unsigned long long)res.affected, n);
		return RC_ERROR;
	}
	return RC_OK;
}

/*
 * The text of a certificate's QR code, for the renderer: the public
 * verification URL of its frozen payload (<base>/verify/q/<payload>),
 * or, for a record not confirmed yet (a preview), the public page.
 */
const char *
iss_qr_text(struct req *r, const char *payload)
{
	if (payload == NULL || *payload == '\0')
		return arena_printf(r->arena, "%s/verify", r->cfg->base_url);
	return arena_printf(r->arena, "%s/verify/q/%s", r->cfg->base_url,
	    payload);
}
